"""Existence rules: a pattern that flags where it occurs, if its context conditions hold."""

from __future__ import annotations

import re
import re._casefix as sre_casefix  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import string
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any, Iterable, Iterator, NamedTuple

from ..findings import Finding
from .base import Context, Example
from .searches import Searcher, set_source, trie_regex

_LITERAL = sre_parse.LITERAL
_SPACE = [(sre_parse.IN, [(sre_parse.CATEGORY, sre_parse.CATEGORY_SPACE)])]
_FIRST_WORD = re.compile(r"(\w+)")
# Characters that ignore-case matching equates with a lower-case letter although str.lower() does not (i with
# dotless ı, s with long ſ, ...); İ is the one letter whose lower case is two characters long.
_FOLDS = {chr(k): "".join(map(chr, v)) for k, v in sre_casefix._EXTRA_CASES.items()}
_LONG_LOWER = "\u0130"
SCOPES = ("sentence", "paragraph", "text")


def phrase_source(pattern: str, boundary: bool = True) -> str:
    """A lexicon pattern as regex source: word-bounded, a space matching any white space run."""
    body = pattern.replace(" ", r"\s+")
    return rf"(?<!\w)(?:{body})(?!\w)" if boundary else body


def compile_any(patterns: Iterable[str], case_sensitive: bool = False) -> re.Pattern[str] | None:
    """One word-bounded regex matching any of `patterns`, or None for none."""
    pats = [p for p in patterns if p]
    if not pats:
        return None
    return re.compile(phrase_source("|".join(f"(?:{p})" for p in pats)), 0 if case_sensitive else re.IGNORECASE)


def _items(parsed: Any) -> list[Any]:
    """A parsed sequence's list (a SubPattern indexes itself slowly, in Python)."""
    return parsed.data if isinstance(parsed, sre_parse.SubPattern) else parsed


def _word_chars(items: Any) -> str:
    """The word characters a parsed sequence begins with literally."""
    chars: list[str] = []
    for op, arg in _items(items):
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


@lru_cache(maxsize=None)
def _char(c: str) -> str:
    chars = _fold(c)
    if not chars:
        return "(?s:.)"
    return re.escape(chars) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]"


def _head(items: Any) -> tuple[list[str], bool]:
    """Regex pieces every match of a parsed sequence must begin with, and whether they cover all of it."""
    out: list[str] = []
    for op, arg in _items(items):
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


def _prefixes(items: Any) -> list[str]:
    """Word-character prefixes one of which every match of a parsed sequence begins with; [] if unknown."""
    chars = _word_chars(items)
    if chars:
        return [chars]
    if not len(items):
        return []
    op, arg = _items(items)[0]
    if op is sre_parse.SUBPATTERN and not arg[1] and not arg[2]:
        return _prefixes(arg[3])
    if op is sre_parse.BRANCH:
        alternatives = [_prefixes(alt) for alt in arg[1]]
        if all(alternatives):
            return [p for alt in alternatives for p in alt]
    return []


class Shape(NamedTuple):
    """What the index needs of a lexicon pattern, read from one parse of it."""

    prefix: str  # the word characters every match begins with; '' if the pattern starts variably
    # The lower-cased literal prefixes of its alternatives ("(?:get|got) nothing": get, got), none a prefix of
    # another, so a word meets at most one; () if some alternative starts variably.
    prefixes: tuple[str, ...]
    # Regex pieces (for a lower-cased text) every match begins with: its literal words, the spaces between them
    # and word alternations; the index scans for these, not every word.
    head: tuple[str, ...]
    groups: int  # capturing groups


def _shape(items: Any, groups: int) -> Shape:
    """The Shape of a parsed pattern."""
    found = {p.lower() for p in _prefixes(items)}
    prefixes = tuple(sorted(p for p in found if not any(q != p and p.startswith(q) for q in found)))
    return Shape(_word_chars(items), prefixes, tuple(_head(items)[0]), groups)


@lru_cache(maxsize=None)
def shape(pattern: str) -> Shape | None:
    """A lexicon pattern's Shape, from one parse of it; None if it does not parse (compiling it says why)."""
    try:
        parsed = sre_parse.parse(pattern.replace(" ", r"\s+"))
    except re.error:
        return None
    return _shape(parsed, parsed.state.groups - 1)


def first_chars(source: str, flags: int) -> re.Pattern[str] | None:
    """The characters a match of a regex must start with, when they are rare in prose (dashes, marks, digits):
    finding those first is far cheaper than trying the regex at every position. None otherwise."""
    try:
        parsed = sre_parse.parse(source, flags)
    except re.error:
        return None
    if parsed.getwidth()[0] == 0:
        return None
    for op, arg in parsed:
        if sre_parse.SubPattern(parsed.state, [(op, arg)]).getwidth() == (0, 0):
            continue  # a look-around or anchor before the first character
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and arg[0] >= 1 and len(arg[2]) == 1:
            op, arg = arg[2][0]
        chars = set_source([(op, arg)]) if op is _LITERAL else set_source(arg) if op is sre_parse.IN else None
        if chars is None:
            return None
        found = re.compile(chars, flags)
        return found if found.search(string.ascii_letters + string.whitespace) is None else None
    return None


# A pattern opening with a look-behind (no groups inside) and then a character set, once or more.
_BEHIND_THEN_SET = re.compile(r"\(\?<([=!])((?:[^()\[\]\\]|\\.|\[(?!\^?\])(?:[^\]\\]|\\.)+\])*)\)"
                              r"(\[(?!\^?\])(?:[^\]\\]|\\.)+\])(\+?)(?![*?{+])")


def set_first(source: str, flags: int) -> re.Pattern[str] | None:
    """The same regex with the character set it opens with (after a look-behind) moved to the front and taken
    into the look-behind: `(?<=a)[ ]+b` as `[ ](?<=a[ ])[ ]*b`. It finds the same matches, but the regex engine
    skips straight to the set's characters instead of trying the look-behind everywhere. None if not so shaped."""
    m = _BEHIND_THEN_SET.match(source)
    if m is None:
        return None
    kind, behind, chars, more = m.groups()
    try:
        return re.compile(f"{chars}(?<{kind}(?:{behind}){chars}){chars + '*' if more else ''}{source[m.end():]}", flags)
    except re.error:
        return None


class Phrase:
    """One pattern of a rule as regex source, compiled on first use: most patterns never meet a candidate."""

    __slots__ = ("flags", "pattern", "regex", "source")

    def __init__(self, pattern: str, case_sensitive: bool, boundary: bool) -> None:
        self.pattern = pattern
        self.source = phrase_source(pattern, boundary)
        self.flags = 0 if case_sensitive else re.IGNORECASE
        self.regex: re.Pattern[str] | None = None

    def compile(self) -> re.Pattern[str]:
        """The regex, compiled once."""
        if self.regex is None:
            self.regex = re.compile(self.source, self.flags)
        return self.regex


# Capturing groups and references to them: their numbers must not move. Anchors and look-behinds: they
# would see a space put before the text.
_NUMBERED = re.compile(r"\((?!\?)|\\\d|\(\?P")
_LOOKS_BACK = re.compile(r"\^|\\A|\(\?<[=!]")
_SPECIAL = frozenset(" \\.^$*+?{}[]|()")


def _top_level_bar(pattern: str) -> bool:
    """Whether a pattern is an alternation at its top level ("a|b"), outside groups and sets."""
    depth, i, in_set = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
            i += pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)  # a set's first "]" is a member
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and not depth:
            return True
        i += 1
    return False


def paddable(patterns: Iterable[str]) -> bool:
    """Whether `presence` may read these patterns in a text given a leading space: none looks behind."""
    return not any(_LOOKS_BACK.search(p) for p in patterns)


def presence(patterns: Iterable[str], padded: bool) -> str | None:
    """The source of a case-blind regex whose search tells, as compile_any's does, whether any of `patterns`
    occurs word-bounded in a text (given a leading space if `padded`, which `paddable` must allow); None for none.
    Only whether it finds a match is the same: patterns sharing a first letter share one attempt at it, and with
    the padding a non-word character stands for the look-behind, so the regex engine skips from word to word."""
    pats = [p for p in patterns if p]
    if not pats:
        return None
    factor = not any(_NUMBERED.search(p) for p in pats)
    by_first: dict[str, list[str]] = defaultdict(list)
    alternatives = []
    for p in pats:
        if factor and p[0] not in _SPECIAL and p[1:2] not in ("?", "*", "+", "{") and not _top_level_bar(p):
            by_first[p[0]].append(p[1:])
        else:
            alternatives.append(f"(?:{p})")
    for first, rests in sorted(by_first.items()):
        alternatives.append(re.escape(first) + "(?:" + "|".join(f"(?:{r})" for r in rests) + ")")
    body = "|".join(alternatives).replace(" ", r"\s+")
    return (r"\W" if padded else r"(?<!\w)") + rf"(?:{body})(?!\w)"


def _found(searcher: Searcher, doc: Any, start: int, end: int) -> bool:
    """Whether a condition occurs in the text's [start, end)."""
    return searcher.search(searcher.read(doc)[start:end]) is not None


def _around(searcher: Searcher, doc: Any, s0: int, start: int, end: int, s1: int, padded: bool) -> bool:
    """Whether a condition occurs in [s0, s1) with the match at [start, end) cut out (after a space if `padded`)."""
    text = searcher.read(doc)
    return searcher.search((" " if padded else "") + text[s0:start] + " \x00 " + text[end:s1]) is not None


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
    near: tuple[str, ...] | None = None
    not_near: tuple[str, ...] | None = None
    scope: str = "sentence"
    before: str | None = None
    not_before: str | None = None
    after: str | None = None
    not_after: str | None = None
    quote: str = "any"
    flag: tuple[str, ...] = ()
    noflag: tuple[str, ...] = ()
    phrases: tuple[Phrase, ...] = field(init=False, repr=False, compare=False)
    _conditions: tuple[Any, ...] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES or self.quote not in ("any", "inside", "outside"):
            raise ValueError(f"{self.id}: bad scope {self.scope!r} or quote {self.quote!r}")
        self.phrases = tuple(Phrase(p, self.case_sensitive, self.boundary) for p in self.patterns)
        self._conditions = None

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
            near=tuple(expand(entry.get("near", ()))) or None, not_near=tuple(expand(entry.get("not_near", ()))) or None,
            scope=entry.get("scope", "sentence"),
            before=entry.get("before") or None, not_before=entry.get("not_before") or None,
            after=entry.get("after") or None, not_after=entry.get("not_after") or None,
            quote=entry.get("quote", "any"), flag=tuple(entry.get("flag", ())), noflag=tuple(entry.get("noflag", ())),
        )

    def examples(self) -> Iterator[Example]:
        """The lexicon's must-flag and must-not-flag phrases."""
        yield from (Example(self.id, t, True) for t in self.flag)
        yield from (Example(self.id, t, False) for t in self.noflag)

    def conditions(self) -> tuple[Any, ...]:
        """The context conditions compiled once (most rules never meet a match), as Searchers: before, not_before,
        after, not_after, near, not_near, and whether near and not_near read their text with a leading space."""
        if self._conditions is None:
            sides = (Searcher.blind(s) if s else None for s in (self.before, self.not_before, self.after, self.not_after))
            padded = paddable((*(self.near or ()), *(self.not_near or ())))
            near, not_near = (presence(found or (), padded) for found in (self.near, self.not_near))
            self._conditions = (*sides, near and Searcher.blind(near), not_near and Searcher.blind(not_near), padded)
        return self._conditions

    def validate(self) -> None:
        """Compile every pattern and condition now, which analysis leaves to first use: a broken regex in a
        lexicon fails here, named by its rule."""
        try:
            for phrase in self.phrases:
                phrase.compile()
            self.conditions()
        except re.error as e:
            raise ValueError(f"{self.id}: bad regex: {e}") from e

    def accepts(self, ctx: Context, start: int, end: int) -> bool:
        """Whether the context conditions hold for a match at [start, end)."""
        doc = ctx.doc
        before, not_before, after, not_after, near, not_near, padded = self._conditions or self.conditions()
        if self.quote != "any":
            inside = doc.quotation_at(start, end) is not None
            if inside != (self.quote == "inside"):
                return False
        s0, s1 = doc.sentence_at(start)
        s1 = max(s1, end)
        if before and not _found(before, doc, s0, start) or not_before and _found(not_before, doc, s0, start):
            return False
        if after and not _found(after, doc, end, s1) or not_after and _found(not_after, doc, end, s1):
            return False
        if near or not_near:
            if self.scope == "paragraph":
                s0, s1 = doc.paragraph_at(start)
            elif self.scope == "text":
                s0, s1 = 0, len(doc.text)
            s1 = max(s1, end)
            if near and not _around(near, doc, s0, start, end, s1, padded) or \
                    not_near and _around(not_near, doc, s0, start, end, s1, padded):
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
_CROWDED = 3  # patterns under one key from which the index first tries them all at once
# An indexed pattern: its lower-cased literal prefix, its phrase and rule; whether it is one of several
# alternatives' prefixes (exact only for texts without `exotic`).
Entry = tuple[str, Phrase, ExistenceRule, bool]


class _Group:
    """The indexed patterns under one key, and for a crowded key one regex matching where any of them does
    ("in", "on": dozens of phrases), so a place where none matches costs one attempt; compiled on first use."""

    __slots__ = ("entries", "filter", "filter_source")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.filter_source: str | None = None
        self.filter: re.Pattern[str] | None = None

    def close(self) -> None:
        """Decide on the filter once every entry is in: none for small groups and patterns with groups. Every
        entry is word-bounded, so the filter tests the word start once for all of them."""
        if len(self.entries) >= _CROWDED and all(not shape(p.pattern).groups for _, p, *_ in self.entries):
            bodies = {f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{phrase_source(p.pattern, False)})(?!\\w)"
                      for _, p, *_ in self.entries}
            self.filter_source = r"(?<!\w)(?:" + "|".join(sorted(bodies)) + ")"

    def gate(self) -> re.Pattern[str] | None:
        """The filter, compiled once; None for a group without one, or whose patterns do not combine."""
        if self.filter is None and self.filter_source is not None:
            try:
                self.filter = re.compile(self.filter_source)
            except re.error:
                self.filter_source = None
        return self.filter


# What to try at a word: for each group its filter (None: try every pattern) and the patterns that fit the word.
Plan = list[tuple[re.Pattern[str] | None, list[tuple[Phrase, "ExistenceRule"]]]]
Match = tuple[int, int, "ExistenceRule"]  # a pattern's match before its rule's context conditions: start, end, rule


class WordScan:
    """Where the indexed patterns of one or more indexes may start: the words after a non-word character where
    one of their heads begins, and the text's first word whatever it is (a superset: each pattern is still tried
    there), found in one regex scan of the lower-cased text that skips word characters quickly."""

    def __init__(self, heads: Iterable[tuple[str, ...]]) -> None:
        heads = list(heads)
        self.heads = "(?=" + trie_regex(heads, prefixes=True) + ")" if heads else None
        self._scans: dict[int, re.Pattern[str]] = {}

    def words(self, text: str, lowered: str) -> tuple[Iterator[re.Match[str]], bool]:
        """Matches whose group 1 is such a word, found as needed (a list would grow with the text), and whether
        each word is still to be lower-cased; `lowered` is text.lower()."""
        if self.heads is None:
            return iter(()), False
        # A lower case longer than its letter (İ) would shift offsets: such a text is scanned ignoring case, and
        # each word is lower-cased alone.
        subject, flags = (lowered, 0) if len(lowered) == len(text) else (text, re.IGNORECASE)
        first = _FIRST_WORD.match(subject)
        return chain([first] if first else [], self.scan(flags).finditer(subject)), flags != 0

    def scan(self, flags: int) -> re.Pattern[str]:
        """A head after a non-word character, and its word, compiled once per flags (a large regex: first use,
        not load)."""
        if flags not in self._scans:
            self._scans[flags] = re.compile(r"\W" + str(self.heads) + r"(\w+)", flags)
        return self._scans[flags]


_SCANS: dict[tuple[int, ...], WordScan] = {}


def word_scan(indexes: Iterable[ExistenceIndex]) -> WordScan:
    """The WordScan of some indexes' heads, built once per process (an index without heads adds nothing)."""
    indexes = [index for index in indexes if index.heads]
    key = tuple(map(id, indexes))
    if key not in _SCANS:
        _SCANS[key] = WordScan(head for index in indexes for head in index.heads)
    return _SCANS[key]


def match_together(indexes: list[ExistenceIndex], doc: Any) -> list[list[Match]]:
    """Every index's matches before context conditions, its indexed patterns found in one scan for all of them
    (cheaper than a scan each): a list per index."""
    text = doc.text
    outs: list[list[Match]] = [[] for _ in indexes]
    exotic = [index.exotic_in(text) for index in indexes]
    plans: dict[str, list[tuple[list[Match], re.Pattern[str] | None, list[tuple[Phrase, ExistenceRule]]]]] = {}
    words, lower_each = word_scan(indexes).words(text, doc.lowered)
    for m in words:
        pos, word = m.start(1), m.group(1)
        if lower_each:
            word = word.lower()[:len(word)]
        plan = plans.get(word)
        if plan is None:
            plan = plans[word] = [(out, gate, tries) for index, out, ex in zip(indexes, outs, exotic)
                                  for gate, tries in index.plan(word, ex)]
        for out, gate, tries in plan:
            if gate is None or gate.match(text, pos):
                for phrase, rule in tries:
                    hit = (phrase.regex or phrase.compile()).match(text, pos)
                    if hit and hit.end() > pos:
                        out.append((pos, hit.end(), rule))
    for index, out, ex in zip(indexes, outs, exotic):
        out.extend(index.scanned_matches(text, ex))
    return outs


class ExistenceIndex:
    """Many existence rules run in one pass: one regex finds where some pattern's literal beginning occurs, the
    word there is looked up whole and by its first letters, and only the patterns whose literal prefix fits are
    tried; patterns with no prefix scan the text, from their rare first characters where they have them. Regexes
    are compiled when first needed, so loading the rules costs little."""

    @classmethod
    def shared(cls, rules: Iterable[ExistenceRule]) -> ExistenceIndex:
        """The index of a rule set, built once per process."""
        rules = list(rules)
        key = tuple(map(id, rules))
        if key not in _SHARED:
            _SHARED[key] = cls(rules)
        return _SHARED[key]

    def __init__(self, rules: Iterable[ExistenceRule]) -> None:
        self.rules = list(rules)
        self.cache_key = "existence." + ",".join(str(id(r)) for r in self.rules)
        # Patterns whose prefix is a whole word (a space follows it), by that word; the others by its first
        # three letters, to be checked against the word's beginning.
        self.whole: dict[str, _Group] = defaultdict(_Group)
        self.partial: dict[str, _Group] = defaultdict(_Group)
        self.unindexed: list[tuple[Phrase, ExistenceRule]] = []
        self.alternatives: list[tuple[Phrase, ExistenceRule]] = []
        self._scanned: list[tuple[re.Pattern[str] | None, Phrase, ExistenceRule, re.Pattern[str] | None]] | None = None
        heads: list[tuple[str, ...]] = []
        exotic = {_LONG_LOWER}
        for rule in self.rules:
            for phrase in rule.phrases:
                found = shape(phrase.pattern) if rule.boundary else None
                if found is None or not found.prefixes:
                    self.unindexed.append((phrase, rule))
                    continue
                prefixes, head = found.prefixes, found.head
                several = prefixes != (found.prefix.lower(),)
                if several:
                    self.alternatives.append((phrase, rule))
                    exotic |= {x for p in prefixes for c in p for x in _FOLDS.get(c, "") if x.lower() != c}
                heads.append(head)
                for prefix in prefixes:
                    if not several and head[len(prefix):len(prefix) + 1] == (r"\s+",):
                        self.whole[prefix].entries.append((prefix, phrase, rule, several))
                    else:
                        self.partial[prefix[:3]].entries.append((prefix, phrase, rule, several))
        for group in [*self.whole.values(), *self.partial.values()]:
            group.close()
        self.whole, self.partial = dict(self.whole), dict(self.partial)
        self.key_lengths = sorted({len(k) for k in self.partial})
        self.heads = heads  # what every indexed pattern's match begins with: where a WordScan looks
        # A text holding one of these could match an alternative's prefix without its word starting with it:
        # such texts scan those patterns instead.
        self.exotic = re.compile("[" + re.escape("".join(sorted(exotic))) + "]")

    def _scanned_patterns(self) -> list[tuple[re.Pattern[str] | None, Phrase, ExistenceRule, re.Pattern[str] | None]]:
        """The unindexed patterns, each with a faster equivalent regex to scan with or the rare characters it
        starts with, where it has them; worked out once."""
        if self._scanned is None:
            self._scanned = []
            for phrase, rule in self.unindexed:
                first = first_chars(phrase.source, phrase.flags)
                faster = set_first(phrase.source, phrase.flags) if first is None else None
                self._scanned.append((faster, phrase, rule, first))
        return self._scanned

    def compile(self) -> None:
        """Compile now all that a run compiles on first use: for a process about to fork workers that share it."""
        word_scan([self]).scan(0)
        for group in [*self.whole.values(), *self.partial.values()]:
            group.gate()
        for _, phrase, _, _ in self._scanned_patterns():
            phrase.compile()
        for rule in self.rules:
            rule.validate()

    def plan(self, word: str, exotic: bool) -> Plan:
        """The groups to try at a word (their filters) and, in each, the patterns whose prefix the lower-cased word
        begins with: worked out once per distinct word of a text. A whole-word prefix fits when the word is it."""
        plan = []
        groups = [self.whole.get(word)] + [self.partial.get(word[:n]) for n in self.key_lengths if n <= len(word)]
        for group in groups:
            if group is None:
                continue
            tries = [(phrase, rule) for prefix, phrase, rule, several in group.entries
                     if not (several and exotic) and word.startswith(prefix)]
            if tries:
                plan.append((group.gate(), tries))
        return plan

    def exotic_in(self, text: str) -> bool:
        """Whether the text holds a letter that could match an alternative's prefix in a word that does not begin
        with it: the alternatives then scan the text instead."""
        return bool(self.alternatives) and self.exotic.search(text) is not None

    def scanned_matches(self, text: str, exotic: bool) -> list[Match]:
        """The matches of the unindexed patterns (and of the alternatives in an exotic text)."""
        out: list[Match] = []
        scanned = self._scanned_patterns()
        if exotic:
            scanned = scanned + [(None, phrase, rule, None) for phrase, rule in self.alternatives]
        for faster, phrase, rule, first in scanned:
            if first is None:
                out.extend((hit.start(), hit.end(), rule) for hit in (faster or phrase.compile()).finditer(text)
                           if hit.end() > hit.start())
                continue
            last = 0  # as finditer: the next match starts where the previous one ended
            for c in first.finditer(text):
                if c.start() >= last:
                    hit = (phrase.regex or phrase.compile()).match(text, c.start())
                    if hit:
                        out.append((hit.start(), hit.end(), rule))
                        last = hit.end()
        return out

    def findings(self, ctx: Context) -> list[Finding]:
        """The findings of `find`, computed once per document: signal rules ask again for the framing ones."""
        if self.cache_key not in ctx.cache:
            ctx.cache[self.cache_key] = list(self.find(ctx))
        return ctx.cache[self.cache_key]  # type: ignore[return-value]

    def find(self, ctx: Context) -> Iterator[Finding]:
        """Accepted matches, the longest per rule where one rule's matches overlap."""
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        rules: dict[str, ExistenceRule] = {}
        found = ctx.matches.pop(self.cache_key, None)
        for start, end, rule in match_together([self], ctx.doc)[0] if found is None else found:
            if rule.accepts(ctx, start, end):
                spans[rule.id].append((start, end))
                rules[rule.id] = rule
        for rid, hits in spans.items():
            hits.sort(key=lambda s: (s[0], -s[1]))
            last_end = -1
            for start, end in hits:
                if start >= last_end:
                    yield rules[rid].finding(ctx, start, end)
                    last_end = end
