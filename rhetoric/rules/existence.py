"""Existence rules: a pattern that flags where it occurs, if its context conditions hold."""

from __future__ import annotations

import re
import re._casefix as sre_casefix  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import string
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator

from ..findings import Finding
from .base import Context, Example

_LITERAL = sre_parse.LITERAL
_SPACE = [(sre_parse.IN, [(sre_parse.CATEGORY, sre_parse.CATEGORY_SPACE)])]
_SCAN_WORD = re.compile(r"\w+")
# Characters that ignore-case matching equates with a lower-case letter although str.lower() does not (i with
# dotless ı, s with long ſ, ...); İ is the one letter whose lower case is two characters long.
_FOLDS = {chr(k): "".join(map(chr, v)) for k, v in sre_casefix._EXTRA_CASES.items()}
_LONG_LOWER = "\u0130"
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


@lru_cache(maxsize=None)
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


def _fold(c: str) -> str:
    """The lower-case characters a pattern letter can meet in a lower-cased text under ignore-case matching."""
    low = c.lower()
    if len(low) != 1:
        return ""
    return low + "".join(x.lower() for x in _FOLDS.get(low, "") if len(x.lower()) == 1 and x.lower() != low)


def _char(c: str) -> str:
    chars = _fold(c)
    if not chars:
        return "(?s:.)"
    return re.escape(chars) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]"


def _head(items: Any) -> tuple[list[str], bool]:
    """Regex pieces every match of a parsed sequence must begin with, and whether they cover all of it."""
    out: list[str] = []
    for op, arg in items:
        if op is _LITERAL:
            out.append(_char(chr(arg)))
        elif op is sre_parse.IN and arg and all(o is _LITERAL and _fold(chr(a)) for o, a in arg):
            out.append("[" + "".join(re.escape(x) for _, a in arg for x in _fold(chr(a))) + "]")
        elif op is sre_parse.MAX_REPEAT and arg[:2] == (1, sre_parse.MAXREPEAT) and list(arg[2]) == _SPACE:
            out.append(r"\s+")
        elif op is sre_parse.SUBPATTERN and not arg[1] and not arg[2]:
            inner, whole = _head(arg[3])
            out.extend(inner)
            if not whole:
                return out, False
        elif op is sre_parse.BRANCH:
            alternatives = [_head(alt) for alt in arg[1]]
            out.append("(?:" + "|".join("".join(alt) for alt, _ in alternatives) + ")")
            if not all(whole for _, whole in alternatives):
                return out, False
        else:
            return out, False
    return out, True


@lru_cache(maxsize=None)
def literal_head(pattern: str) -> tuple[str, ...]:
    """Regex pieces (for a lower-cased text) that every match of a lexicon pattern begins with: its literal
    words, the spaces between them and word alternations; the index scans for these, not every word."""
    try:
        parsed = sre_parse.parse(pattern.replace(" ", r"\s+"))
    except re.error:
        return ()
    return tuple(_head(parsed)[0])


def _prefixes(items: Any) -> list[str]:
    """Word-character prefixes one of which every match of a parsed sequence begins with; [] if unknown."""
    chars: list[str] = []
    for op, arg in items:
        if op is not _LITERAL or not chr(arg).isalnum() and chr(arg) != "_":
            break
        chars.append(chr(arg))
    if chars:
        return ["".join(chars)]
    if not len(items):
        return []
    op, arg = items[0]
    if op is sre_parse.SUBPATTERN and not arg[1] and not arg[2]:
        return _prefixes(arg[3])
    if op is sre_parse.BRANCH:
        alternatives = [_prefixes(alt) for alt in arg[1]]
        if all(alternatives):
            return [p for alt in alternatives for p in alt]
    return []


@lru_cache(maxsize=None)
def literal_prefixes(pattern: str) -> tuple[str, ...]:
    """The lower-cased literal prefixes of a pattern's alternatives ("(?:get|got) nothing": get, got), none a
    prefix of another, so a word meets at most one; () if some alternative starts variably."""
    try:
        found = {p.lower() for p in _prefixes(sre_parse.parse(pattern.replace(" ", r"\s+")))}
    except re.error:
        return ()
    return tuple(sorted(p for p in found if not any(q != p and p.startswith(q) for q in found)))


def _trie_regex(heads: Iterable[tuple[str, ...]]) -> str:
    """One alternation of many heads, shared beginnings factored out so the regex engine tries each once."""
    trie: dict[str, Any] = {}
    for pieces in heads:
        node = trie
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a head ends here: anything longer through this node adds no condition
        alts = [piece + emit(child) for piece, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


def _class(items: Any) -> str | None:
    """A parsed character set as regex source, for plain characters, ranges and digits only."""
    out = []
    for op, arg in items:
        if op is _LITERAL:
            out.append(re.escape(chr(arg)))
        elif op is sre_parse.RANGE:
            out.append(re.escape(chr(arg[0])) + "-" + re.escape(chr(arg[1])))
        elif op is sre_parse.CATEGORY and arg is sre_parse.CATEGORY_DIGIT:
            out.append(r"\d")
        else:
            return None
    return "[" + "".join(out) + "]"


def first_chars(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """The characters a match of `rx` must start with, when they are rare in prose (dashes, marks, digits):
    finding those first is far cheaper than trying `rx` at every position. None otherwise."""
    try:
        parsed = sre_parse.parse(rx.pattern, rx.flags)
    except re.error:
        return None
    if parsed.getwidth()[0] == 0:
        return None
    for op, arg in parsed:
        if sre_parse.SubPattern(parsed.state, [(op, arg)]).getwidth() == (0, 0):
            continue  # a look-around or anchor before the first character
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and arg[0] >= 1 and len(arg[2]) == 1:
            op, arg = arg[2][0]
        chars = _class([(op, arg)]) if op is _LITERAL else _class(arg) if op is sre_parse.IN else None
        if chars is None:
            return None
        found = re.compile(chars, rx.flags)
        return found if found.search(string.ascii_letters + string.whitespace) is None else None
    return None


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
        return ExistenceIndex.shared([self]).find(ctx)


_SHARED: dict[tuple[int, ...], ExistenceIndex] = {}
_CROWDED = 8  # patterns under one key from which the index first tries them all at once
# An indexed pattern: its prefix, regex and rule; whether the prefix is a whole word (a space follows it in
# the pattern); whether it is one of several alternatives' prefixes (exact only for texts without `exotic`).
Entry = tuple[str, re.Pattern[str], ExistenceRule, bool, bool]


def _any_of(group: list[Entry]) -> re.Pattern[str] | None:
    """One regex that matches where any pattern of a crowded key does ("in", "on": dozens of phrases), so a
    place where none matches costs one attempt; None for small groups and patterns with groups."""
    if len(group) < _CROWDED or any(rx.groups for _, rx, *_ in group):
        return None
    alternatives = sorted({f"(?{'i' if rx.flags & re.IGNORECASE else '-i'}:{rx.pattern})" for _, rx, *_ in group})
    try:
        return re.compile("|".join(alternatives))
    except re.error:
        return None


class ExistenceIndex:
    """Many existence rules run in one pass: one regex finds where some pattern's literal beginning occurs,
    words there are looked up by their first letters, and only the patterns whose literal prefix fits are
    tried; patterns with no prefix scan the text, from their rare first characters where they have them."""

    @classmethod
    def shared(cls, rules: Iterable[ExistenceRule]) -> ExistenceIndex:
        """The index of a rule set, built once per process (building compiles its scan regex)."""
        rules = list(rules)
        key = tuple(map(id, rules))
        if key not in _SHARED:
            _SHARED[key] = cls(rules)
        return _SHARED[key]

    def __init__(self, rules: Iterable[ExistenceRule]) -> None:
        self.rules = list(rules)
        self.cache_key = "existence." + ",".join(str(id(r)) for r in self.rules)
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        self.scanned: list[tuple[re.Pattern[str], ExistenceRule, re.Pattern[str] | None]] = []
        self.alternatives: list[tuple[re.Pattern[str], ExistenceRule]] = []
        heads = []
        exotic = {_LONG_LOWER}
        for rule in self.rules:
            for raw, rx in zip(rule.patterns, rule.compiled):
                prefixes = literal_prefixes(raw) if rule.boundary else ()
                if not prefixes:
                    self.scanned.append((rx, rule, first_chars(rx)))
                    continue
                several = prefixes != (literal_prefix(raw).lower(),)
                if several:
                    self.alternatives.append((rx, rule))
                    exotic |= {x for p in prefixes for c in p for x in _FOLDS.get(c, "") if x.lower() != c}
                head = literal_head(raw)
                heads.append(head)
                for prefix in prefixes:
                    whole = not several and head[len(prefix):len(prefix) + 1] == (r"\s+",)
                    self.by_key[prefix[:3]].append((prefix, rx, rule, whole, several))
        self.key_lengths = sorted({len(k) for k in self.by_key})
        # Where some indexed pattern can start, found in one regex scan of the lower-cased text.
        self.starts = re.compile(r"(?<!\w)(?=" + _trie_regex(heads) + ")") if heads else None
        self._starts_ignorecase: re.Pattern[str] | None = None
        # A text holding one of these could match an alternative's prefix without its word starting with it:
        # such texts scan those patterns instead.
        self.exotic = re.compile("[" + re.escape("".join(sorted(exotic))) + "]")
        self.filters = {key: f for key, group in self.by_key.items() if (f := _any_of(group)) is not None}

    def _starts(self, text: str) -> Iterator[int]:
        """Word starts where some indexed pattern's head occurs (a superset of where the patterns match)."""
        if self.starts is None:
            return iter(())
        lowered = text.lower()
        if len(lowered) == len(text):
            return (m.start() for m in self.starts.finditer(lowered))
        if self._starts_ignorecase is None:  # a lower case longer than its letter (İ): offsets would shift
            self._starts_ignorecase = re.compile(self.starts.pattern, re.IGNORECASE)
        return (m.start() for m in self._starts_ignorecase.finditer(text))

    def _matches(self, text: str) -> Iterator[tuple[int, int, ExistenceRule]]:
        by_key, lengths, filters = self.by_key, self.key_lengths, self.filters
        exotic = bool(self.alternatives) and self.exotic.search(text) is not None
        for pos in self._starts(text):
            m = _SCAN_WORD.match(text, pos)
            size = m.end() - pos  # type: ignore[union-attr]
            word = m.group().lower()  # type: ignore[union-attr]
            for key in {word[:n] for n in lengths}:
                group = by_key.get(key)
                if not group or key in filters and not filters[key].match(text, pos):
                    continue
                for prefix, rx, rule, whole, several in group:
                    if word.startswith(prefix) and not (whole and size != len(prefix)) and not (several and exotic):
                        hit = rx.match(text, pos)
                        if hit and hit.end() > pos:
                            yield pos, hit.end(), rule
        scanned = [(rx, rule, None) for rx, rule in self.alternatives] if exotic else []
        for rx, rule, first in self.scanned + scanned:
            if first is None:
                for hit in rx.finditer(text):
                    if hit.end() > hit.start():
                        yield hit.start(), hit.end(), rule
                continue
            last = 0  # as finditer: the next match starts where the previous one ended
            for c in first.finditer(text):
                if c.start() >= last:
                    hit = rx.match(text, c.start())
                    if hit:
                        yield hit.start(), hit.end(), rule
                        last = hit.end()

    def findings(self, ctx: Context) -> list[Finding]:
        """The findings of `find`, computed once per document: signal rules ask again for the framing ones."""
        if self.cache_key not in ctx.cache:
            ctx.cache[self.cache_key] = list(self.find(ctx))
        return ctx.cache[self.cache_key]  # type: ignore[return-value]

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
