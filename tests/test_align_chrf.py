"""The aligner's chrF similarity, counting each text's n-grams once, equals sacreBLEU's sentence chrF (beta 1)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sacrebleu.metrics import CHRF

from rhetoric.align import ChrfSimilarity
from rhetoric.text import Document

DATA = Path(__file__).parents[1] / "data"
ODD = ["", " ", ".", "!?", "...", "«»", "— –", "a", "ab", "A.", "x y", "  spaced   out  ", "Ёлка, ёж!", "1 2 3"]


def _sacrebleu(a: str, b: str) -> float:
    """What the similarity promises: sentence chrF with beta 1, the smaller text (as sorted) the hypothesis."""
    hyp, ref = sorted((a, b))
    return CHRF(beta=1).sentence_score(hyp, [ref]).score / 100.0


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Sentences of the seed and one rendering, and pairs of them joined as the aligner joins a merge."""
    out = []
    for path in (DATA / "texts" / "seed.txt", DATA / "translations" / "neutral.txt"):
        text = path.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in Document(text).sentences][:40]
    return out + [f"{a} {b}" for a, b in itertools.pairwise(out)][:20]


@pytest.mark.parametrize("keep", [ChrfSimilarity.KEEP, 3])
def test_similarity_is_sacrebleus_sentence_chrf_with_beta_one(texts, keep):
    sim = ChrfSimilarity()
    sim.KEEP = keep  # a tiny store forces counts out and back in
    pairs = list(itertools.product(texts[::3], texts[1::4])) + list(itertools.product(ODD + texts[:3], repeat=2))
    got = [sim(a, b) for a, b in pairs]
    assert got == [_sacrebleu(a, b) for a, b in pairs]
    assert len(sim._ngrams) <= keep
    assert any(0 < v < 1 for v in got) and 1.0 in got and 0.0 in got

