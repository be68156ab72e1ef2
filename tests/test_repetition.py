"""The doubled-word detector: the word-level prefilter must find exactly what the regex alone finds."""

import random

import pytest

from rhetoric import analyze
from rhetoric.rules import repetition
from rhetoric.rules.repetition import _DOUBLED, _doubled
from rhetoric.text import fold

PIECES = ["a", "A", "ab", "Ab", "AB", "the", "The", "Bora", " ", " ", ", ", ",", "'", "’", "-", "1", "_", ".", "\n",
          "σ", "Σ", "ς", "ΑΣ", "ας", "İ", "i", "I", "ı", "ſ", "s", "S", "\u212a", "k", "é", "É"]


@pytest.mark.parametrize("chunk", [7, 1 << 16])
def test_prefilter_finds_what_the_regex_finds(chunk, monkeypatch):
    monkeypatch.setattr(repetition, "_CHUNK", chunk)  # small chunks: doubled phrases next to every chunk boundary
    rng = random.Random(8)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        assert [m.span() for m in _doubled(text, fold(text))] == [m.span() for m in _DOUBLED.finditer(text)], text


def test_doubled_phrases_are_found_across_a_long_text():
    filler = ["The talks went on and on."] * 3000  # longer than a chunk
    text = "\n".join(filler + ["They signed the the treaty and a truce, a truce that held."] + filler)
    assert [f.text for f in analyze(text, "mt") if f.label == "repetition"] == ["the the", "a truce, a truce"]
