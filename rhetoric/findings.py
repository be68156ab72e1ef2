"""Findings and reports: the contract every detector, scorer and renderer speaks (see docs/taxonomy.md)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from operator import attrgetter
from typing import Any, Iterable, Iterator, Sequence, overload

CATEGORIES: dict[str, tuple[str, ...]] = {
    "framing": ("loaded-language", "name-calling", "doubt", "exaggeration", "certainty", "fear-appeal"),
    "quote": ("scare", "partial", "direct", "naming"),
    "mt": ("transliteration", "calque", "false-friend", "metonymy", "typography", "repetition"),
}
CONTRACT_FIELDS = ("start", "end", "text", "category", "label", "rule", "message", "suggestion", "score")
EXTRA_FIELDS = ("speaker", "source", "features")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_sort_key = attrgetter("start", "end", "category", "label", "rule")  # Finding.key, in C: reports sort many


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One flagged span of a text; immutable so reports can be shared and hashed safely."""

    start: int
    end: int
    text: str
    category: str
    label: str
    rule: str
    message: str
    suggestion: str | None = None
    score: float | None = None
    speaker: str | None = None  # framing: "author" or "quoted"
    source: str | None = None  # mt: the Russian expression suspected behind the span
    features: tuple[str, ...] = ()  # quote: the features that decided the label

    def __init__(self, start: int, end: int, text: str, category: str, label: str, rule: str, message: str,
                 suggestion: str | None = None, score: float | None = None, speaker: str | None = None,
                 source: str | None = None, features: tuple[str, ...] = ()) -> None:
        """Checked, then set slot by slot: the frozen dataclass's own __init__ sets each field through
        object.__setattr__, which takes twice as long, and a long text makes tens of thousands of findings."""
        if category not in CATEGORIES or label not in CATEGORIES[category]:
            raise ValueError(f"unknown category/label {category}/{label}")
        if not 0 <= start <= end:
            raise ValueError(f"bad span {start}:{end}")
        put_start, put_end, put_text, put_category, put_label, put_rule, put_message, put_suggestion, put_score, \
            put_speaker, put_source, put_features = _PUT
        put_start(self, start)
        put_end(self, end)
        put_text(self, text)
        put_category(self, category)
        put_label(self, label)
        put_rule(self, rule)
        put_message(self, message)
        put_suggestion(self, suggestion)
        put_score(self, score)
        put_speaker(self, speaker)
        put_source(self, source)
        put_features(self, features)

    @property
    def key(self) -> tuple[int, int, str, str, str]:
        """Sort key: by position first, so output order is stable and reading order."""
        return _sort_key(self)

    def to_dict(self) -> dict[str, Any]:
        """The TAXONOMY.md fields always; speaker, source and features only when set."""
        out = {k: getattr(self, k) for k in CONTRACT_FIELDS}
        if self.speaker:
            out["speaker"] = self.speaker
        if self.source:
            out["source"] = self.source
        if self.features:
            out["features"] = list(self.features)
        return out

    def to_json(self) -> str:
        """One JSONL line (without the newline); ASCII-safe so any text, even a lone surrogate, round-trips."""
        return json.dumps(self.to_dict(), ensure_ascii=True)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        """Rebuild from a JSON object, ignoring fields the contract does not know (e.g. gold notes)."""
        kw = {k: d[k] for k in CONTRACT_FIELDS + EXTRA_FIELDS if k in d and d[k] is not None}
        if "features" in kw:
            kw["features"] = tuple(kw["features"])
        kw.setdefault("rule", "gold")
        kw.setdefault("message", "")
        return cls(**kw)

    def shifted(self, offset: int) -> Finding:
        """The same finding for the text embedded at `offset` in a larger one."""
        return replace(self, start=self.start + offset, end=self.end + offset)


# The setters of Finding's slots, in field order.
_PUT = tuple(getattr(Finding, name).__set__ for name in CONTRACT_FIELDS + EXTRA_FIELDS)


@dataclass(frozen=True, slots=True)
class Note:
    """A diagnostic about the text that is not a finding (e.g. an unbalanced quotation mark)."""

    start: int
    end: int
    kind: str
    message: str


@dataclass(frozen=True, repr=False)
class Report(Sequence[Finding]):
    """The findings of one text, in reading order, with the text they point into."""

    text: str
    findings: tuple[Finding, ...] = ()
    notes: tuple[Note, ...] = ()
    config: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ordered: list[Finding] = []
        group, last = 0, None  # where the run of findings with the current sort key starts in `ordered`
        for f in sorted(self.findings, key=_sort_key):
            key = _sort_key(f)
            if key != last:
                group, last = len(ordered), key
            elif f in ordered[group:]:
                continue  # the same finding twice: only findings with equal keys can be equal
            if self.text[f.start : f.end] != f.text:
                raise ValueError(f"finding {f.rule} text {f.text!r} != text[{f.start}:{f.end}]")
            ordered.append(f)
        object.__setattr__(self, "findings", tuple(ordered))

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        return self.findings[i]

    def __repr__(self) -> str:
        """Short: a notebook shows the HTML, and a report of a long text would flood any console."""
        counts = Counter(f.category for f in self.findings)
        by_cat = ", ".join(f"{c} {counts[c]}" for c in CATEGORIES)
        return f"<Report: {len(self.findings)} findings in {len(self.text)} characters ({by_cat})>"

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def filter(self, category: str | Iterable[str] | None = None, label: str | None = None,
               speaker: str | None = None) -> Report:
        """A report restricted to some categories, a label or a speaker, on the same text."""
        cats = {category} if isinstance(category, str) else set(category) if category else None
        keep = tuple(f for f in self.findings
                     if (cats is None or f.category in cats)
                     and (label is None or f.label == label)
                     and (speaker is None or f.speaker == speaker))
        return Report(self.text, keep, self.notes, self.config)

    def words(self) -> int:
        """Word count used for densities (same tokenizer everywhere)."""
        return sum(1 for _ in _WORD.finditer(self.text))

    def to_jsonl(self) -> str:
        """One JSON object a line, in order of start; ASCII-safe so any text round-trips."""
        return "".join(f.to_json() + "\n" for f in self.findings)

    @classmethod
    def from_jsonl(cls, text: str, lines: str | Iterable[str]) -> Report:
        """Read findings back (from `to_jsonl` output or a gold file) for `text`."""
        rows = lines.splitlines() if isinstance(lines, str) else lines
        return cls(text, tuple(Finding.from_dict(json.loads(r)) for r in rows if r.strip()))

    def to_frame(self):  # type: ignore[no-untyped-def]
        """A pandas DataFrame, one row a finding, contract columns first."""
        import pandas as pd

        cols = list(CONTRACT_FIELDS + EXTRA_FIELDS)
        return pd.DataFrame([{**asdict(f), "features": ", ".join(f.features)} for f in self.findings],
                            columns=cols)

    def summary(self) -> dict[str, Any]:
        """Counts and density per 1,000 words by category and by label (author-only framing apart)."""
        n_words = self.words()
        per_k = (lambda n: round(1000 * n / n_words, 2)) if n_words else (lambda n: 0.0)
        cats = Counter(f.category for f in self.findings)
        labels = Counter((f.category, f.label) for f in self.findings)
        author = Counter(f.label for f in self.findings if f.category == "framing" and f.speaker != "quoted")
        return {
            "words": n_words,
            "findings": len(self.findings),
            "by_category": {c: {"count": cats[c], "per_1000_words": per_k(cats[c])} for c in CATEGORIES},
            "by_label": {f"{c}/{l}": {"count": labels[c, l], "per_1000_words": per_k(labels[c, l])}
                         for c, ls in CATEGORIES.items() for l in ls},
            "framing_author_only": {l: {"count": author[l], "per_1000_words": per_k(author[l])}
                                    for l in CATEGORIES["framing"]},
            "notes": len(self.notes),
        }

    def density(self, by: str = "sentence"):  # type: ignore[no-untyped-def]
        """Findings per sentence (index, start, end, word count, a column per category and per label),
        so a notebook can plot where the text heats up."""
        import pandas as pd

        from .text import Document

        if by != "sentence":
            raise ValueError(f"density by {by!r}: only 'sentence' is supported")
        doc = Document(self.text)
        columns = list(CATEGORIES) + [f"{c}/{l}" for c, ls in CATEGORIES.items() for l in ls]
        rows = [{"sentence": i, "start": s, "end": e, "words": sum(1 for _ in _WORD.finditer(self.text, s, e)),
                 **dict.fromkeys(columns, 0)} for i, (s, e) in enumerate(doc.sentences)]
        for f in self.findings:
            if rows:
                row = rows[doc.sentence_index(f.start)]
                row[f.category] += 1
                row[f"{f.category}/{f.label}"] += 1
        return pd.DataFrame(rows, columns=["sentence", "start", "end", "words"] + columns)

    def _repr_html_(self) -> str:
        """The text with findings highlighted, for notebooks."""
        from .render import highlight_html

        return highlight_html(self)
