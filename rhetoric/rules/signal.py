"""Signal rules: a word scored by a sentiment or subjectivity lexicon, flagged only in evaluative position
inside a sentence that the framing lexicons already mark, so the lexicon adds reach without adding noise."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

from ..findings import Finding
from .base import Context, Example, Rule
from .engine import Expander, kind

_TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


@dataclass
class SignalRule:
    """Flags words a lexicon scores strongly, where the position is evaluative and the sentence carries framing."""

    id: str
    category: str
    label: str
    message: str
    signal: str  # a name in rhetoric.signals.LEXICONS
    threshold: float
    polarity: str  # "negative", "positive" or "any"
    position: re.Pattern[str]
    stop: frozenset[str]
    score: float | None = None
    flag: tuple[str, ...] = ()
    noflag: tuple[str, ...] = ()
    anchors: Sequence[Rule] | None = None  # the rules whose findings mark a sentence as framing; None: the shipped ones
    _words: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_entry(cls, entry: dict[str, Any], expand: Expander) -> SignalRule:
        """Build from a lexicon entry; `stop` may name sets ("@topical")."""
        known = {"id", "kind", "category", "label", "message", "signal", "threshold", "polarity", "position", "stop",
                 "score", "flag", "noflag"}
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"{entry.get('id')}: unknown keys {sorted(unknown)}")
        if entry.get("polarity", "any") not in ("negative", "positive", "any"):
            raise ValueError(f"{entry['id']}: polarity must be negative, positive or any")
        return cls(id=entry["id"], category=entry["category"], label=entry["label"], message=entry["message"],
                   signal=entry["signal"], threshold=float(entry["threshold"]), polarity=entry.get("polarity", "any"),
                   position=re.compile(entry["position"], re.IGNORECASE),
                   stop=frozenset(w.lower() for w in expand(entry.get("stop", ()))), score=entry.get("score"),
                   flag=tuple(entry.get("flag", ())), noflag=tuple(entry.get("noflag", ())))

    def examples(self) -> Iterator[Example]:
        """The lexicon's must-flag and must-not-flag phrases."""
        yield from (Example(self.id, t, True) for t in self.flag)
        yield from (Example(self.id, t, False) for t in self.noflag)

    def _strong(self, value: float) -> bool:
        if self.polarity == "negative":
            return value <= -self.threshold
        if self.polarity == "positive":
            return value >= self.threshold
        return abs(value) >= self.threshold

    def _flaggable(self) -> frozenset[str]:
        """The lexicon words this rule may flag, chosen once per rule instead of once per word of every text."""
        if self._words is None:
            from ..signals import lexicon

            stop = self.stop
            self._words = frozenset(w for w, v in lexicon(self.signal).items() if w not in stop and self._strong(v))
        return self._words

    def _framing(self, ctx: Context) -> _Framing:
        """Where the anchor rules' framing findings sit, worked out once per document and anchor set: every signal
        rule with these anchors reads the same sentences."""
        from .existence import ExistenceIndex, ExistenceRule

        rules = self.anchors
        if rules is None:
            rules = _shipped_anchors()
        key = f"signal.anchors.{id(rules)}"
        if key not in ctx.cache:
            # The analyser has usually found these already: the shared index returns its memoised findings.
            index = ExistenceIndex.shared(r for r in rules if isinstance(r, ExistenceRule))
            found = list(index.findings(ctx))
            for r in rules:
                if not isinstance(r, ExistenceRule):
                    found.extend(r.find(ctx))
            ctx.cache[key] = _Framing.of(ctx, found)
        return ctx.cache[key]  # type: ignore[return-value]

    def find(self, ctx: Context) -> Iterable[Finding]:
        """Strong lexicon words in evaluative position, in sentences that already carry framing."""
        strong = self._flaggable()
        framing = self._framing(ctx)
        covered_starts, reach = framing.covered_starts, framing.reach
        text = ctx.text
        for i, words in zip(framing.sentences, framing.words):
            if strong.isdisjoint(words):
                continue  # most framing sentences hold no strong word: skip them without a loop in Python
            s0, s1 = ctx.doc.sentences[i]
            for m in _TOKEN.finditer(text, s0, s1):
                if m.group().lower() not in strong:
                    continue
                k = bisect_left(covered_starts, m.end())  # the anchors that start before the word ends
                if k and reach[k - 1] > m.start():
                    continue
                if not self.position.search(text[s0:m.start()]):
                    continue
                yield Finding(m.start(), m.end(), m.group(), self.category, self.label, self.id, self.message,
                              None, self.score, speaker=ctx.speaker_at(m.start(), m.end()))


@dataclass(frozen=True)
class _Framing:
    """The sentences that carry framing findings (with their lower-case words that some signal lexicon scores) and
    the spans those findings cover."""

    sentences: list[int]
    words: list[frozenset[str]]
    covered_starts: list[int]
    reach: list[int]  # the furthest end among the covered spans so far

    @classmethod
    def of(cls, ctx: Context, found: list[Finding]) -> _Framing:
        """Each framing sentence tokenised once, for all the signal rules that read it; only scored words are
        kept, which is all a rule asks about and a fraction of the memory on a long text."""
        from ..signals import LEXICONS

        scored = _scored(tuple(LEXICONS))
        sentences = sorted({ctx.doc.sentence_index(f.start) for f in found})
        text, spans = ctx.text, ctx.doc.sentences
        words = [scored.intersection(map(str.lower, _TOKEN.findall(text, *spans[i]))) for i in sentences]
        covered = sorted((f.start, f.end) for f in found)
        return cls(sentences, words, [a for a, _ in covered], list(accumulate((b for _, b in covered), max)))


@lru_cache(maxsize=None)
def _scored(names: tuple[str, ...]) -> frozenset[str]:
    """Every word some of these signal lexicons scores, gathered once per process, not once per text."""
    from ..signals import lexicon

    return frozenset().union(*(lexicon(name) for name in names))


@lru_cache(maxsize=1)
def _shipped_anchors() -> tuple[Rule, ...]:
    """The shipped framing existence rules, one tuple per process so their findings are shared."""
    from .engine import load_rules
    from .existence import ExistenceRule

    return tuple(r for _, r in load_rules() if r.category == "framing" and isinstance(r, ExistenceRule))


@kind("signal")
def _signal(data: dict[str, Any], expand: Expander) -> list[Rule]:
    defaults = {k: v for k, v in data.get("defaults", {}).items() if k != "kind"}
    return [SignalRule.from_entry({**defaults, **entry}, expand) for entry in data.get("rules", [])]
