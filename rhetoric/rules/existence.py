"""Existence rules: a pattern that flags where it occurs, if its context conditions hold."""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ..findings import Finding
from .base import Context, Example

_LITERAL = sre_parse.LITERAL
_SCAN_WORD = re.compile(r"\w+")
SCOPES = ("sentence", "paragraph", "text")


def compile_phrase(pattern: str, case_sensitive: bool, boundary: bool = True) -> re.Pattern[str]:
    """A lexicon pattern as a regex: word-bounded, a space matching any white space run."""
    body = pattern.replace(" ", r"\s+")
    if boundary:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE)


def compile_any(patterns: Iterable[str], case_sensitive: bool = False) -> re.Pattern[str] | None:
    """One word-bounded regex matching any of `patterns`, or None for none."""
    pats = [p for p in patterns if p]
    if not pats:
        return None
    return compile_phrase("|".join(f"(?:{p})" for p in pats), case_sensitive)


def literal_prefix(pattern: str) -> str:
    """The word characters every match must begin with, for indexing; '' if the pattern starts variably."""
    chars: list[str] = []
    try:
        parsed = sre_parse.parse(pattern.replace(" ", r"\s+"))
    except re.error:
        return ""
    for op, arg in parsed:
        if op is not _LITERAL or not chr(arg).isalnum() and chr(arg) != "_":
            break
        chars.append(chr(arg))
    return "".join(chars)


def _optional(entry: dict[str, Any], key: str, case_sensitive: bool = False) -> re.Pattern[str] | None:
    value = entry.get(key)
    return re.compile(value, 0 if case_sensitive else re.IGNORECASE) if value else None


@dataclass
class ExistenceRule:
    """A lexicon entry: patterns plus the conditions under which a match is a finding."""

    id: str
    category: str
    label: str
    message: str
    patterns: tuple[str, ...]
    suggestion: str | None = None
    score: float | None = None
    source: str | None = None
    gloss: str | None = None
    case_sensitive: bool = False
    boundary: bool = True
    near: re.Pattern[str] | None = None
    not_near: re.Pattern[str] | None = None
    scope: str = "sentence"
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    quote: str = "any"
    flag: tuple[str, ...] = ()
    noflag: tuple[str, ...] = ()
    compiled: tuple[re.Pattern[str], ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES or self.quote not in ("any", "inside", "outside"):
            raise ValueError(f"{self.id}: bad scope {self.scope!r} or quote {self.quote!r}")
        self.compiled = tuple(compile_phrase(p, self.case_sensitive, self.boundary) for p in self.patterns)

    @classmethod
    def from_entry(cls, entry: dict[str, Any], expand: Any) -> ExistenceRule:
        """Build from a lexicon entry; `expand` turns a list with "@set" names into regex strings."""
        cs = bool(entry.get("case_sensitive", False))
        known = {"id", "kind", "category", "label", "message", "patterns", "suggestion", "score", "russian", "gloss",
                 "case_sensitive", "boundary", "near", "not_near", "scope", "before", "not_before", "after",
                 "not_after", "quote", "flag", "noflag"}
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"{entry.get('id')}: unknown keys {sorted(unknown)}")
        return cls(
            id=entry["id"], category=entry["category"], label=entry["label"], message=entry["message"],
            patterns=tuple(entry["patterns"]), suggestion=entry.get("suggestion") or None,
            score=entry.get("score"), source=entry.get("russian"), gloss=entry.get("gloss"),
            case_sensitive=cs, boundary=bool(entry.get("boundary", True)),
            near=compile_any(expand(entry.get("near", ()))), not_near=compile_any(expand(entry.get("not_near", ()))),
            scope=entry.get("scope", "sentence"),
            before=_optional(entry, "before"), not_before=_optional(entry, "not_before"),
            after=_optional(entry, "after"), not_after=_optional(entry, "not_after"),
            quote=entry.get("quote", "any"), flag=tuple(entry.get("flag", ())), noflag=tuple(entry.get("noflag", ())),
        )

    def examples(self) -> Iterator[Example]:
        """The lexicon's must-flag and must-not-flag phrases."""
        yield from (Example(self.id, t, True) for t in self.flag)
        yield from (Example(self.id, t, False) for t in self.noflag)

    def accepts(self, ctx: Context, start: int, end: int) -> bool:
        """Whether the context conditions hold for a match at [start, end)."""
        text = ctx.text
        if self.quote != "any":
            inside = ctx.doc.quotation_at(start, end) is not None
            if inside != (self.quote == "inside"):
                return False
        s0, s1 = ctx.doc.sentence_at(start)
        s1 = max(s1, end)
        if self.before or self.not_before:
            left = text[s0:start]
            if self.before and not self.before.search(left) or self.not_before and self.not_before.search(left):
                return False
        if self.after or self.not_after:
            right = text[end:s1]
            if self.after and not self.after.search(right) or self.not_after and self.not_after.search(right):
                return False
        if self.near or self.not_near:
            if self.scope == "paragraph":
                s0, s1 = ctx.doc.paragraph_at(start)
            elif self.scope == "text":
                s0, s1 = 0, len(text)
            around = text[s0:start] + " \x00 " + text[end:max(s1, end)]
            if self.near and not self.near.search(around) or self.not_near and self.not_near.search(around):
                return False
        return True

    def finding(self, ctx: Context, start: int, end: int) -> Finding:
        """The finding for an accepted match; framing findings say who is speaking."""
        return Finding(start, end, ctx.text[start:end], self.category, self.label, self.id, self.message,
                       self.suggestion, self.score,
                       speaker=ctx.speaker_at(start, end) if self.category == "framing" else None,
                       source=self.source)

    def find(self, ctx: Context) -> Iterator[Finding]:
        """Run this rule alone (examples, tests); analysis runs many at once through an ExistenceIndex."""
        return ExistenceIndex([self]).find(ctx)


class ExistenceIndex:
    """Many existence rules run in one pass: words are looked up by their first letters, and only
    the patterns whose literal prefix fits are tried there; patterns with no prefix scan the text."""

    def __init__(self, rules: Iterable[ExistenceRule]) -> None:
        self.rules = list(rules)
        self.by_key: dict[str, list[tuple[str, re.Pattern[str], ExistenceRule]]] = defaultdict(list)
        self.scanned: list[tuple[re.Pattern[str], ExistenceRule]] = []
        for rule in self.rules:
            for raw, rx in zip(rule.patterns, rule.compiled):
                prefix = literal_prefix(raw).lower() if rule.boundary else ""
                if prefix:
                    self.by_key[prefix[:3]].append((prefix, rx, rule))
                else:
                    self.scanned.append((rx, rule))
        self.key_lengths = sorted({len(k) for k in self.by_key})

    def _matches(self, text: str) -> Iterator[tuple[int, int, ExistenceRule]]:
        by_key, lengths = self.by_key, self.key_lengths
        for m in _SCAN_WORD.finditer(text):
            word = m.group().lower()
            pos = m.start()
            for key in {word[:n] for n in lengths}:
                for prefix, rx, rule in by_key.get(key, ()):
                    if word.startswith(prefix):
                        hit = rx.match(text, pos)
                        if hit and hit.end() > pos:
                            yield pos, hit.end(), rule
        for rx, rule in self.scanned:
            for hit in rx.finditer(text):
                if hit.end() > hit.start():
                    yield hit.start(), hit.end(), rule

    def find(self, ctx: Context) -> Iterator[Finding]:
        """Accepted matches, the longest per rule where one rule's matches overlap."""
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        rules: dict[str, ExistenceRule] = {}
        for start, end, rule in self._matches(ctx.text):
            if rule.accepts(ctx, start, end):
                spans[rule.id].append((start, end))
                rules[rule.id] = rule
        for rid, found in spans.items():
            found.sort(key=lambda s: (s[0], -s[1]))
            last_end = -1
            for start, end in found:
                if start >= last_end:
                    yield rules[rid].finding(ctx, start, end)
                    last_end = end
