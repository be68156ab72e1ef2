"""Sentence alignment of two versions of one text: monotonic dynamic programming over beads, in a band.

A bead pairs 0-2 sentences of the reference with 0-2 sentences of the hypothesis (1-1, 1-2, 2-1, 2-2,
1-0, 0-1). A bead is worth its similarity weighted by the sentences it covers, minus a penalty for its
shape and, optionally, for a length mismatch; the best monotonic chain of beads wins. The penalties of each
similarity were tuned on the constructed cases in tests/test_align.py, never on the gold alignments. When
both texts have the same number of paragraphs, the paragraphs are strong anchors: each paragraph is aligned
with its counterpart on its own.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from math import log
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence

from .corpus import sentence_paragraphs
from .text import Document

if TYPE_CHECKING:
    from .embed import Embedder

SHAPES = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 2))


@dataclass(frozen=True)
class Penalties:
    """What each bead shape costs on top of its similarity: merges must earn their place, skips are last resorts."""

    one_two: float = 0.35  # 1-2 and 2-1
    two_two: float = 0.5
    skip: float = 0.0  # 1-0 and 0-1 (the bead also earns no similarity)
    length: float = 0.0  # times |log length ratio| of a bead: a real merge balances the lengths, a junk merge does not

    def of(self, a: int, b: int) -> float:
        """The penalty of an a-b bead, so the aligner prefers 1-1 beads unless a merge or skip earns more."""
        if a == 0 or b == 0:
            return self.skip
        if a == b == 1:
            return 0.0
        return self.two_two if a == b == 2 else self.one_two


class Similarity(Protocol):
    """A similarity of two sentence texts in [0, 1] (1 for the same meaning), with a batch warm-up step."""

    name: str
    penalties: Penalties

    def prepare(self, texts: Sequence[str]) -> None:
        """Warm up on every text the aligner may ask about, so a model can work in batches."""
        ...

    def __call__(self, a: str, b: str) -> float:
        """How alike two texts are, 0 to 1: the aligner's evidence that they say the same thing."""
        ...


class ChrfSimilarity:
    """chrF (sacreBLEU sentence chrF with beta 1, so symmetric) on a 0-1 scale: needs no model.

    Each text's character n-grams are counted once and only their overlap is computed per pair: sacreBLEU's
    sentence_score would count both texts' n-grams again for every pair the aligner asks about. The match
    statistics and the F-score are sacreBLEU's own, so the value is the same.
    """

    name = "chrf"
    # Tuned on the constructed cases of tests/test_align.py (split, merge, drop, add, rewrite, regroup).
    penalties = Penalties(one_two=0.35, two_two=0.5, skip=0.0)
    # Texts whose n-gram counts are kept (about 50 kB each): the aligner's band moves forward, so the oldest
    # counted texts are the ones it no longer asks about; this bounds memory on long unanchored texts.
    KEEP = 1024

    def __init__(self) -> None:
        from sacrebleu.metrics import CHRF

        self._metric = CHRF(beta=1)
        self._cache: dict[tuple[str, str], float] = {}
        self._ngrams: dict[str, list[tuple[Counter[str], int]]] = {}

    def prepare(self, texts: Sequence[str]) -> None:
        """chrF needs no warm-up: a text's n-grams are counted when the aligner first asks about it."""

    def _counted(self, text: str) -> list[tuple[Counter[str], int]]:
        """Each order's n-gram counts and their total, as sacreBLEU extracts them for a sentence."""
        grams = self._ngrams.get(text)
        if grams is None:
            from sacrebleu.metrics.helpers import extract_all_char_ngrams

            m = self._metric
            grams = [(g, sum(g.values())) for g in
                     extract_all_char_ngrams(m._preprocess_segment(text), m.char_order, m.whitespace)]
            if len(self._ngrams) >= self.KEEP:
                del self._ngrams[next(iter(self._ngrams))]
            self._ngrams[text] = grams
        return grams

    def __call__(self, a: str, b: str) -> float:
        """chrF of the pair, cached in one order because the aligner asks about the same pairs many times."""
        key = (a, b) if a <= b else (b, a)
        if key not in self._cache:
            stats: list[int] = []
            for (h, h_total), (r, r_total) in zip(self._counted(key[0]), self._counted(key[1])):
                small, large = (h, r) if len(h) <= len(r) else (r, h)
                match = sum(min(n, large[g]) for g, n in small.items() if g in large)
                stats += (h_total if r else 0, r_total, match)
            self._cache[key] = self._metric._compute_f_score(stats) / 100.0
        return self._cache[key]


class EmbeddingSimilarity:
    """Cosine of mean-pooled sentence embeddings (rhetoric.embed), clipped to [0, 1]."""

    name = "embed"
    # Unrelated sentences of one topic still score a cosine near 0.3, so a skip must be cheaper than with chrF.
    penalties = Penalties(one_two=0.4, two_two=0.5, skip=-0.05, length=0.2)

    def __init__(self, embedder: Embedder | None = None) -> None:
        from .embed import Embedder

        self.embedder = embedder or Embedder()
        self._cache: dict[tuple[str, str], float] = {}

    def prepare(self, texts: Sequence[str]) -> None:
        """Embed every text the aligner may ask about in batches, once."""
        self.embedder.encode(list(texts))

    def __call__(self, a: str, b: str) -> float:
        """The cosine of the pair, cached because the aligner asks about the same pairs many times."""
        if (a, b) not in self._cache:
            self._cache[a, b] = max(0.0, self.embedder.similarity(a, b))
        return self._cache[a, b]


def similarity_by_name(name: str, model: str | None = None) -> Similarity:
    """'chrf' or 'embed' (with an optional model name or path for the embeddings)."""
    if name == "chrf":
        return ChrfSimilarity()
    if name == "embed":
        from .embed import Embedder

        return EmbeddingSimilarity(Embedder(model))
    raise ValueError(f"unknown similarity {name!r}; choose chrf or embed")


@dataclass(frozen=True)
class Bead:
    """Indices of the reference and hypothesis sentences that say the same thing."""

    ref: tuple[int, ...]
    hyp: tuple[int, ...]

    @property
    def shape(self) -> str:
        """'1-2' and the like: what readers of a comparison see to tell a merge or a skip from a 1-1 bead."""
        return f"{len(self.ref)}-{len(self.hyp)}"


def align_sentences(ref: Sequence[str], hyp: Sequence[str], similarity: Similarity | None = None,
                    band: int = 8, penalties: Penalties | None = None, offsets: tuple[int, int] = (0, 0)
                    ) -> list[Bead]:
    """Best monotonic bead chain between two sentence lists; cells farther than `band` from the diagonal are skipped."""
    sim = similarity or ChrfSimilarity()
    pen = penalties or sim.penalties
    n, m = len(ref), len(hyp)
    width = max(band, abs(n - m) + 2)
    texts = {" ".join(ref[i:i + k]) for i in range(n) for k in (1, 2) if i + k <= n}
    texts |= {" ".join(hyp[j:j + k]) for j in range(m) for k in (1, 2) if j + k <= m}
    sim.prepare(sorted(texts))

    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
    for i in range(n + 1):
        centre = i * m / n if n else 0
        for j in range(max(0, int(centre) - width), min(m, int(centre) + width + 1) + 1 if n else m + 1):
            if (i, j) == (0, 0):
                continue
            top: tuple[float, tuple[int, int]] | None = None
            for a, b in SHAPES:
                prev = best.get((i - a, j - b))
                if prev is None:
                    continue
                gain = -pen.of(a, b)
                if a and b:
                    r, h = " ".join(ref[i - a:i]), " ".join(hyp[j - b:j])
                    gain += sim(r, h) * (a + b) / 2 - pen.length * abs(log((len(r) + 10) / (len(h) + 10)))
                score = prev[0] + gain
                if top is None or score > top[0] + 1e-12:
                    top = (score, (a, b))
            if top is not None:
                best[i, j] = top
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        a, b = best[i, j][1]
        beads.append(Bead(tuple(range(offsets[0] + i - a, offsets[0] + i)),
                          tuple(range(offsets[1] + j - b, offsets[1] + j))))
        i, j = i - a, j - b
    return beads[::-1]


@dataclass
class Alignment:
    """Two documents and the beads that join their sentences, in text order."""

    ref: Document
    hyp: Document
    beads: list[Bead]
    anchored: bool  # aligned paragraph by paragraph

    @cached_property
    def ref_sentences(self) -> list[str]:
        """The reference's sentence texts, cut once for every segment and table built from the beads."""
        return sentence_texts(self.ref)

    @cached_property
    def hyp_sentences(self) -> list[str]:
        """The hypothesis's sentence texts, cut once for every segment and table built from the beads."""
        return sentence_texts(self.hyp)

    def segments(self) -> list[tuple[str, str]]:
        """(reference, hypothesis) text of each bead, its sentences joined with a space; '' for a missing side."""
        return [(" ".join(self.ref_sentences[i] for i in b.ref), " ".join(self.hyp_sentences[j] for j in b.hyp))
                for b in self.beads]


def sentence_texts(doc: Document) -> list[str]:
    """The text of each sentence of a document: what the aligner compares and the scorers score."""
    return [doc.text[s:e] for s, e in doc.sentences]


def align(ref: str | Document, hyp: str | Document, similarity: Similarity | None = None,
          band: int = 8, penalties: Penalties | None = None) -> Alignment:
    """Align two texts: paragraph by paragraph when their paragraph counts agree, else as a whole."""
    rdoc = ref if isinstance(ref, Document) else Document(ref)
    hdoc = hyp if isinstance(hyp, Document) else Document(hyp)
    sim = similarity or ChrfSimilarity()
    rs, hs = sentence_texts(rdoc), sentence_texts(hdoc)
    anchored = len(rdoc.paragraphs) == len(hdoc.paragraphs) and len(rdoc.paragraphs) > 1
    if not anchored:
        return Alignment(rdoc, hdoc, align_sentences(rs, hs, sim, band, penalties), False)
    # Sentences come in paragraph order, so each paragraph's sentences are one run starting where the last ended.
    r_counts, h_counts = Counter(sentence_paragraphs(rdoc)), Counter(sentence_paragraphs(hdoc))
    beads: list[Bead] = []
    i = j = 0
    for k in range(len(rdoc.paragraphs)):
        ni, nj = r_counts[k], h_counts[k]
        beads += align_sentences(rs[i:i + ni], hs[j:j + nj], sim, band, penalties, (i, j))
        i, j = i + ni, j + nj
    return Alignment(rdoc, hdoc, beads, True)


def accuracy(predicted: Sequence[Bead], gold: Sequence[Bead]) -> float:
    """Fraction of gold beads that the predicted alignment reproduces exactly."""
    found = set(predicted)
    return sum(1 for b in gold if b in found) / len(gold) if gold else 1.0


def read_gold(path: str | Path, ref: Document, hyp: Document) -> list[Bead]:
    """Gold beads (sentence texts, see data/gold/align/README.md) as sentence indices of the two documents."""
    rs, hs = sentence_texts(ref), sentence_texts(hyp)
    beads, i, j = [], 0, 0
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if rs[i:i + len(row["ref"])] != row["ref"] or hs[j:j + len(row["hyp"])] != row["hyp"]:
            raise ValueError(f"{path}: bead {len(beads) + 1} does not match the sentences of the texts")
        beads.append(Bead(tuple(range(i, i + len(row["ref"]))), tuple(range(j, j + len(row["hyp"])))))
        i, j = i + len(row["ref"]), j + len(row["hyp"])
    return beads


def gold_accuracy(similarity: Similarity | None = None) -> dict[str, float]:
    """Alignment accuracy of the seed with each bundled version, against data/gold/align."""
    from .corpus import data_dir
    from .reading import read_text

    base = data_dir()
    seed = Document(read_text(str(base / "texts" / "seed.txt")).text)
    sim = similarity or ChrfSimilarity()
    out = {}
    for path in sorted((base / "gold" / "align").glob("seed-*.jsonl")):
        vid = path.stem.removeprefix("seed-")
        hyp = Document(read_text(str(base / "translations" / f"{vid}.txt")).text)
        out[vid] = accuracy(align(seed, hyp, sim).beads, read_gold(path, seed, hyp))
    return out
