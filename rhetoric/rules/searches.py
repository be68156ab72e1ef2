"""Faster equivalent searches for compiled patterns: each finds exactly what `pattern.search` finds (a `Scanner`,
what `pattern.finditer` finds), with fewer tries.

Some patterns are searched for in short texts very often (the quotation features ask a dozen of them of the
sentence around nearly every quotation), and the regex engine tries a pattern at every position of the text.
The searches here skip most of those tries: on folded text with a case-sensitive twin of a case-blind pattern,
led by a character class the engine scans for in C, skipped when the text holds no literal string that every
match contains, or when a pattern anchored at the start or the end of the text cannot match there. Each rewrite
reads the parsed pattern and is refused, leaving the plain search, for any construct it does not handle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from re import _compiler, _parser
from re import _constants as sre
from typing import Any, NamedTuple

from ..text import Document, foldable, folded_twin

# Inline flags and named characters: lower-casing them would change what they mean.
_KEEP_CASE = re.compile(r"\(\?[aiLmsux]*-|\(\?[aiLmsux]+[:)]|\\N")
# An escape, a character set (a first "]" is a member), or capital ASCII letters.
_CASE_PARTS = re.compile(r"\\.|\[\^?\]?(?:[^\]\\]|\\.)*\]|[A-Z]+", re.DOTALL)


def ascii_lower(source: str) -> str:
    """A case-blind regex with its capital ASCII letters lower-cased outside escapes and sets: it matches the
    same, and it then has a case-sensitive twin for folded text (see Searcher.blind), which is faster."""
    if _KEEP_CASE.search(source):
        return source
    return _CASE_PARTS.sub(lambda m: m.group().lower() if m.group()[0].isupper() else m.group(), source)


class Searcher(NamedTuple):
    """A compiled pattern's search, on the folded text when its case-sensitive twin there is faster."""

    search: Callable[[str], re.Match[str] | None]
    folded: bool

    @classmethod
    def blind(cls, source: str) -> Searcher:
        """A case-blind regex compiled once: as its case-sensitive twin for the folded text where it has one."""
        parsed = _parser.parse(ascii_lower(source))  # compiled from this one parse (re.compile would parse again)
        if not parsed.state.flags & (re.IGNORECASE | re.ASCII) and foldable(parsed):
            return cls(_compiler.compile(parsed).search, True)
        return cls(_compiler.compile(parsed, re.IGNORECASE).search, False)

    def read(self, doc: Document) -> str:
        """The text of a Document this searcher reads: its folded copy or the text itself."""
        return doc.folded if self.folded else doc.text

    @classmethod
    def of(cls, pattern: re.Pattern[str], led: bool = False, needles: bool = False, anchored: bool = False
           ) -> Searcher:
        """A searcher for spans of a sentence; `led`, `needles` and `anchored` ask for the faster searches below,
        which cost a parse and a compilation at load and pay for patterns searched very often."""
        twin = folded_twin(pattern)
        searched = pattern if twin is None else twin
        search = _word_start_search(searched) if led else searched.search
        if needles:
            search = _needle_search(searched, search)
        if anchored:
            search = _anchored_search(searched, search)
        return cls(search, twin is not None)


def _word_start_search(pattern: re.Pattern[str]) -> Callable[[str], re.Match[str] | None]:
    """`pattern.search`, or for a pattern that only matches after a non-word character (or at the start) the
    same search led by a character class, which the engine scans for in C instead of trying every position."""
    if not _word_led(_parser.parse(pattern.pattern, pattern.flags).data):
        return pattern.search
    match, lead = pattern.match, re.compile(f"{_GAP}(?:{pattern.pattern})", pattern.flags).search

    def search(text: str) -> re.Match[str] | None:
        found = match(text)
        if found is None:
            gap = lead(text)
            found = None if gap is None else match(text, gap.start() + 1)
        return found
    return search


# A superset of the non-word characters: lower-case letters, digits and _ are word characters.
_GAP = "[^a-z0-9_]"


def _word_led(items: Any) -> bool:
    """Whether every match of a parsed pattern is preceded by a non-word character: it opens with a look-behind
    refusing a word character, or with a word boundary before a word character."""
    if not items:
        return False
    op, av = items[0]
    if op is sre.ASSERT_NOT and av[0] == -1 and len(av[1].data) == 1 and av[1].data[0][0] is sre.IN:
        refused = av[1].data[0][1]
        return (sre.CATEGORY, sre.CATEGORY_WORD) in refused and not any(o is sre.NEGATE for o, _ in refused)
    if op is sre.AT and av is sre.AT_BOUNDARY:
        rest = list(items[1:])
        while rest and rest[0][0] in (sre.ASSERT, sre.ASSERT_NOT):  # zero-width look-arounds read, not move
            rest.pop(0)
        return _word_first(rest)
    return False


def _word_first(items: Any) -> bool:
    """Whether every match of a parsed pattern begins with a word character."""
    if not items:
        return False
    op, av = items[0]
    if op is sre.LITERAL:
        return chr(av).isalnum() or chr(av) == "_"
    if op is sre.BRANCH:
        return all(_word_first(list(branch.data)) for branch in av[1])
    if op is sre.SUBPATTERN:
        return _word_first(list(av[3].data))
    return False


def _needle_search(pattern: re.Pattern[str], search: Callable[[str], re.Match[str] | None]
                   ) -> Callable[[str], re.Match[str] | None]:
    """`search`, skipped for a text holding none of the literal strings one of which each match contains (a few
    substring tests in C instead of trying the pattern at every position)."""
    found = None if pattern.flags & re.IGNORECASE else _needles(_parser.parse(pattern.pattern, pattern.flags))
    if not found or len(found) > _MAX_NEEDLES or min(map(len, found)) < _MIN_NEEDLE:
        return search
    needles = tuple(n for n in found if not any(m != n and m in n for m in found))  # "said" covers "aforesaid"

    def skim(text: str) -> re.Match[str] | None:
        for needle in needles:
            if needle in text:
                return search(text)
        return None
    return skim


_MAX_NEEDLES, _MIN_NEEDLE = 8, 4


def _needles(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of a parsed sequence contains: the most telling of its literal runs and
    of the needles of its parts (a branch gives one per alternative); None if it has none."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        part = None
        if op is sre.BRANCH:
            alternatives = [_needles(branch) for branch in av[1]]
            part = frozenset().union(*alternatives) if all(alternatives) else None  # type: ignore[arg-type]
        elif op is sre.SUBPATTERN:
            part = _needles(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            part = _needles(av[2])
        if part:
            options.append(part)
    return max(options, key=lambda o: min(map(len, o)), default=None)


def _anchored_search(pattern: re.Pattern[str], search: Callable[[str], re.Match[str] | None]
                     ) -> Callable[[str], re.Match[str] | None]:
    """`search`, skipped when a pattern that can only match at the start of the text (^…) or at its end (…$)
    cannot match there: one match of a looser copy of the pattern anchored there (reversed, on the reversed text,
    for the end) instead of a try at every position with the whole pattern."""
    items = list(_parser.parse(pattern.pattern, pattern.flags).data)
    first, last = items[:1], items[-1:]
    if pattern.flags & re.MULTILINE or not items:
        return search
    if first in ([(sre.AT, sre.AT_BEGINNING)], [(sre.AT, sre.AT_BEGINNING_STRING)]):
        source, backwards = _loose(items[1:], False), False
    elif last in ([(sre.AT, sre.AT_END)], [(sre.AT, sre.AT_END_STRING)]):
        source, backwards = _loose(items[:-1], True), True
        # `$` also matches before a final line break.
        source = source and ("\\n?" if last == [(sre.AT, sre.AT_END)] else "") + source
    else:
        return search
    if source is None:
        return search
    loose = re.compile(source, pattern.flags).match
    if backwards:
        return lambda text: None if loose(text[::-1]) is None else search(text)
    return lambda text: None if loose(text) is None else search(text)


def _loose(items: Any, backwards: bool) -> str | None:
    """Regex source for what a parsed sequence matches (reversed if `backwards`), without its look-arounds and
    anchors, so it matches a little more, never less; None for a construct it does not rewrite."""
    parts: list[str] = []
    for op, av in reversed(list(items)) if backwards else items:
        if op is sre.LITERAL:
            part: str | None = re.escape(chr(av))
        elif op is sre.IN:
            part = set_source(av)
        elif op is sre.ANY:
            part = r"[\s\S]"
        elif op is sre.BRANCH:
            part = _loose_branch(av[1], backwards)
        elif op is sre.SUBPATTERN:
            inner = None if av[1] or av[2] else _loose(av[3], backwards)  # inline flags: not worth it
            part = None if inner is None else f"(?:{inner})"
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            inner = _loose(sub, backwards)
            single = len(sub) == 1 and sub[0][0] in (sre.LITERAL, sre.IN, sre.ANY)  # kept bare: faster to repeat
            inner = inner if not inner or single else f"(?:{inner})"  # nothing to repeat: nothing
            part = inner and f"{inner}{{{lo},{'' if hi is sre.MAXREPEAT else hi}}}"
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            part = ""
        else:
            part = None
        if part is None:
            return None
        parts.append(part)
    return "".join(parts)


def _loose_branch(alternatives: Any, backwards: bool) -> str | None:
    """Alternatives rewritten; those with few spellings spelled out in one tree, on whose first letters the
    engine passes over them at once."""
    spelled = [_spellings(alternative) for alternative in alternatives]
    words = [w[::-1] if backwards else w for ws in spelled if ws is not None for w in ws]
    rest = [_loose(alternative, backwards) for alternative, ws in zip(alternatives, spelled) if ws is None]
    if None in rest:
        return None
    return f"(?:{'|'.join(([trie_regex(words)] if words else []) + rest)})"  # type: ignore[arg-type]


def trie_regex(words: Iterable[tuple[str, ...]], prefixes: bool = False) -> str:
    """Regex source matching the given sequences of regex pieces, shared beginnings written once so the engine
    tries each once; with `prefixes`, a sequence that ends where longer ones go on stands for them all."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for token in word:
            node = node.setdefault(token, {})
        node[""] = {}

    def source(node: dict[str, Any]) -> str:
        if prefixes and "" in node:
            return ""  # anything longer through this node adds no condition
        branches = [token + source(child) for token, child in sorted(node.items()) if token]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body
    return source(root)


_MAX_SPELLINGS = 16


def _spellings(items: Any) -> list[tuple[str, ...]] | None:
    """The spellings of a parsed sequence, look-arounds left out: tuples of tokens, each the regex source of one
    character or of a run of one kind of character (the same read either way); None for more than a few."""
    out: list[tuple[str, ...]] = [()]
    for op, av in items:
        options = _token_options(op, av)
        if options is None or len(out) * len(options) > _MAX_SPELLINGS:
            return None
        out = [w + o for w in out for o in options]
    return out


def _token_options(op: Any, av: Any) -> list[tuple[str, ...]] | None:
    """The spellings of one parsed item."""
    if op is sre.LITERAL:
        return [(re.escape(chr(av)),)]
    if op is sre.IN:
        token = set_source(av)
        return None if token is None else [(token,)]
    if op is sre.BRANCH:
        spelled = [_spellings(branch) for branch in av[1]]
        return None if None in spelled else [w for ws in spelled for w in ws]  # type: ignore[union-attr]
    if op is sre.SUBPATTERN:
        return None if av[1] or av[2] else _spellings(av[3])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        inner = _spellings(sub)
        if inner is None:
            return None
        if hi <= 1:
            return ([()] if lo == 0 else []) + (inner if hi else [])
        if len(inner) == 1 and len(inner[0]) == 1:  # a run of one kind of character
            return [(f"{inner[0][0]}{{{lo},{'' if hi is sre.MAXREPEAT else hi}}}",)]
        return None
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return [()]
    return None


def set_source(members: Any) -> str | None:
    """Regex source for a parsed character set; None for a member it does not write."""
    out = []
    for op, av in members:
        if op is sre.NEGATE:
            out.append("^")
        elif op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORY_SOURCES:
            out.append(_CATEGORY_SOURCES[av])
        else:
            return None
    return f"[{''.join(out)}]"


_CATEGORY_SOURCES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
                     sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}


class Scanner(NamedTuple):
    """A pattern run over a whole text (on the folded text when its case-sensitive twin there is faster), with
    the characters no match of it can hold, if any: a scan that starts just after one, or stops just after one,
    finds what a scan of the whole text finds there."""

    pattern: re.Pattern[str]
    folded: bool
    stops: str  # none when any character may be part of a match
    stop: re.Pattern[str]  # any of the stops

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Scanner:
        """The scanner of a pattern: its folded twin if faster, and the stops no match of it can hold."""
        twin = folded_twin(pattern)
        run = pattern if twin is None else twin
        parsed = _parser.parse(run.pattern, run.flags)
        # An empty match would make where a scan starts matter even at a stop.
        stops = "".join(c for c in _STOPS if not _may_hold(parsed, c)) if parsed.getwidth()[0] else ""
        return cls(run, twin is not None, stops, re.compile("|".join(map(re.escape, stops))))


_STOPS = ".!?…"  # frequent, and in no word list


def after_last(text: str, chars: str, end: int, reach: int = 256) -> int:
    """Just after the last of `chars` before `end` (0 if none), looked for in ever wider windows."""
    while True:
        start = max(end - reach, 0)
        found = max(text.rfind(c, start, end) for c in chars)
        if found >= 0 or start == 0:
            return found + 1
        reach *= 4


def _may_hold(items: Any, c: str) -> bool:
    """Whether a match of a parsed pattern might contain the character `c` (erring towards yes)."""
    lower = c.lower()
    for op, av in items:
        if op is sre.LITERAL:
            held = chr(av).lower() == lower
        elif op is sre.IN:
            held = any(_in_set(o, a, c) for o, a in av)
        elif op is sre.BRANCH:
            held = any(_may_hold(branch, c) for branch in av[1])
        elif op is sre.SUBPATTERN:
            held = _may_hold(av[3], c)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            held = _may_hold(av[2], c)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):  # a look-ahead reads on from the match, a look-behind before it
            held = av[0] > 0 and _may_hold(av[1], c)
        else:
            held = op is not sre.AT
        if held:
            return True
    return False


def _in_set(op: Any, av: Any, c: str) -> bool:
    """Whether one member of a parsed character set might take `c` (a negated set takes anything)."""
    if op is sre.LITERAL:
        return chr(av).lower() == c.lower()
    if op is sre.RANGE:
        return any(av[0] <= ord(x) <= av[1] for x in (c, c.lower(), c.upper()))
    if op is sre.CATEGORY and av in _CATEGORY_SOURCES:
        return re.fullmatch(_CATEGORY_SOURCES[av], c) is not None
    return True
