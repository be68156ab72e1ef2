"""The text layer: paragraphs, sentences and quotations as offsets into the untouched original string, and a
case-folded copy with the same offsets, on which case-blind patterns run as faster case-sensitive ones."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from re import _casefix, _parser
from re import _constants as sre

Span = tuple[int, int]

# A paragraph is a run of text between line breaks; CR, LF and CRLF all count, and are never part of it.
_PARAGRAPH = re.compile(r"[^\r\n]+")
# A sentence ends at . ! ? or … (with closing quotes/brackets after it) before white space and a likely
# sentence start: a capital, a digit or an opening quote/bracket. (The first mark is spelled out of the run so
# that the engine scans for it in C rather than trying the pattern at every position.)
_BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"'”’»)\]]*(?=\s+[\"'“‘«„(\[]?[A-ZА-ЯЁ0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Gen|Col|Lt|Sgt|Capt|Rev|Gov|Sen|Rep|Mt|No|Nos|vs|cf|approx|Inc|Ltd|Co|Corp"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|ca|fig|vol|pp|art|para)"
    r"|\b(?:e\.g|i\.e|a\.m|p\.m|U\.S|U\.K|U\.N)|(?<![^\s(])[A-Z])\.$"
)
# The longest abbreviation with its stop: where a search for one before a boundary may begin.
_ABBREVIATION_REACH = _parser.parse(_ABBREVIATION.pattern).getwidth()[1]
_MARKS = re.compile(r"[\"'“”‘’«»„‚‹›]")
_DECADE = re.compile(r"['’‘]\d\ds?\b")  # the '90s, the ’80s
_OPENING_CONTEXT = set(" \t\u00a0\u2009\u202f([{<—–-/‐") | {""}
_OPENER_BEFORE = frozenset(_OPENING_CONTEXT | set("\"“‘«„‚‹"))  # and another opening mark: “‘…’”
# Letters the regex engine folds to i and s beyond lower case (and İ, whose full lower case is two characters).
_FOLD_FROM, _FOLD_TO = "İıſ", "iis"
_FOLD = str.maketrans(_FOLD_FROM, _FOLD_TO)


PIECE = 1 << 16  # characters of a long text handled at a time (see line_chunks)


def line_chunks(text: str, size: int) -> Iterator[Span]:
    """Spans of about `size` characters that end after a line break, which no paragraph, sentence or doubled
    phrase crosses: work done piece by piece stays small however long the text."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield start, end
        start = end


def lower(text: str) -> str:
    """`text.lower()`, made piece by piece: the same string (a line break ends the context that decides a final
    sigma), without the buffer of three 4-byte characters per character that lower() takes for a whole text."""
    if len(text) <= PIECE:
        return text.lower()
    return "".join([text[a:b].lower() for a, b in line_chunks(text, PIECE)])


def fold(text: str) -> str:
    """Lower case, one character for one, so offsets hold: a case-blind pattern finds the same spans in `text`
    as its case-sensitive twin (`folded_twin`) finds in fold(text)."""
    if any(c in text for c in _FOLD_FROM):  # rare, and translate is ten times slower than lower
        text = text.translate(_FOLD)
    return lower(text)


def folded_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive copy of a case-blind pattern, for folded text (the engine then compares characters
    directly, several times faster); None for a case-sensitive pattern, or when the copy might match differently."""
    # Keyed by identity: hashing a pattern hashes its whole compiled code, on every call.
    known = _TWINS.get(id(pattern))
    if known is None or known[0] is not pattern:
        twin = None
        blind = pattern.flags & (re.IGNORECASE | re.ASCII) == re.IGNORECASE  # ASCII case-blindness folds less
        if blind and foldable(_parser.parse(pattern.pattern, pattern.flags)):
            twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        known = _TWINS[id(pattern)] = (pattern, twin)
    return known[1]


_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def _folded_char(code: int) -> bool:
    """A pattern character is matched the same way case-blind and in folded text: lower case, and folded by the
    engine only as `fold` does."""
    c = chr(code)
    return c == c.lower() and (c.isascii() or code not in _casefix._EXTRA_CASES)


def foldable(items: list[tuple[object, object]] | _parser.SubPattern) -> bool:
    """Whether every part of a parsed pattern matches folded text as its case-blind self matches the original:
    lower-case literals, ranges within a-z or 0-9, classes fold keeps (word, digit, space); no back-references
    and no inline flags."""
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            ok = _folded_char(av)  # type: ignore[arg-type]
        elif op is sre.RANGE:
            lo, hi = av  # type: ignore[misc]
            ok = 97 <= lo <= hi <= 122 or 48 <= lo <= hi <= 57
        elif op in (sre.AT, sre.CATEGORY, sre.NEGATE, sre.ANY):
            ok = True
        elif op is sre.IN:
            ok = foldable(av)  # type: ignore[arg-type]
        elif op is sre.BRANCH:
            ok = all(foldable(b) for b in av[1])  # type: ignore[index]
        elif op is sre.SUBPATTERN:
            _, add, remove, sub = av  # type: ignore[misc]
            ok = not add and not remove and foldable(sub)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            ok = foldable(av[2])  # type: ignore[index]
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            ok = foldable(av[1])  # type: ignore[index]
        else:
            ok = False  # back-references, conditionals, atomic groups: not worth the proof
        if not ok:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Quotation:
    """A paired quotation: `start` is the opening mark, `end` is just past the closing mark."""

    start: int
    end: int
    open_mark: str
    close_mark: str
    depth: int  # 0 for a top-level quotation, 1 inside another, ...

    @property
    def inner(self) -> Span:
        """The quoted words without the marks."""
        return (self.start + 1, self.end - 1)


class Document:
    """One text segmented once; every later step reads spans from here and never re-splits the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs: list[Span] = _paragraphs(text)
        quotes: list[Quotation] = []
        unmatched: list[int] = []
        for start, end in self.paragraphs:
            _pair_quotes(text, start, end, quotes, unmatched)
        self.quotations: list[Quotation] = _with_depths(sorted(quotes, key=lambda q: (q.start, -q.end)))
        self.unmatched: list[int] = sorted(unmatched)
        self.sentences: list[Span] = self._split_sentences()
        self._sentence_starts = [s for s, _ in self.sentences]
        self._paragraph_starts = [s for s, _ in self.paragraphs]

    @cached_property
    def folded(self) -> str:
        """The text through `fold`, for case-blind patterns run as case-sensitive ones."""
        return fold(self.text)

    @cached_property
    def lowered(self) -> str:
        """`text.lower()` (longer than the text where it holds İ), for scans of lower-cased words: the folded
        text itself when the two are the same."""
        return self.folded if not any(c in self.text for c in _FOLD_FROM) else lower(self.text)

    def _split_sentences(self) -> list[Span]:
        """Sentence spans inside each paragraph; no boundary inside a quotation or after an abbreviation."""
        text = self.text
        protected = [(q.start + 1, q.end - 1) for q in self.quotations if q.depth == 0]  # their inner spans
        out: list[Span] = []
        qi = 0
        for p_start, p_end in self.paragraphs:
            start = p_start
            for m in _BOUNDARY.finditer(text, p_start, p_end):
                cut = m.end()
                while qi < len(protected) and protected[qi][1] < cut:
                    qi += 1
                if qi < len(protected) and protected[qi][0] < cut <= protected[qi][1]:
                    continue
                if _ABBREVIATION.search(text, max(start, m.start() - 12, m.start() + 1 - _ABBREVIATION_REACH),
                                        m.start() + 1):
                    continue
                out.append((start, cut))
                start = cut
                while start < p_end and text[start].isspace():
                    start += 1
            if start < p_end:
                out.append((start, p_end))
        return out

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding offset `pos` (the nearest one before it, between sentences)."""
        return max(bisect_right(self._sentence_starts, pos) - 1, 0)

    def sentence_at(self, pos: int) -> Span:
        """The sentence span around offset `pos`; (0, 0) for an empty text."""
        return self.sentences[self.sentence_index(pos)] if self.sentences else (0, 0)

    def paragraph_at(self, pos: int) -> Span:
        """The paragraph span around offset `pos`; (0, 0) for an empty text."""
        if not self.paragraphs:
            return (0, 0)
        return self.paragraphs[max(bisect_right(self._paragraph_starts, pos) - 1, 0)]

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q.start for q in self.quotations]

    def quotation_at(self, start: int, end: int | None = None) -> Quotation | None:
        """The innermost quotation whose quoted words contain the span [start, end)."""
        end = start if end is None else end
        i = bisect_right(self._quote_starts, start) - 1
        best = None
        # Quotations are few and shallow; walk back over the ones that open before `start`.
        while i >= 0:
            q = self.quotations[i]
            if q.start < start and end <= q.end - 1 and (best is None or q.depth > best.depth):
                best = q
            if q.depth == 0 and q.end <= start:
                break
            i -= 1
        return best


def _paragraphs(text: str) -> list[Span]:
    """The spans of _PARAGRAPH, found by splitting at LF (faster than a scan character by character) unless the
    text holds a CR."""
    if "\r" in text:
        return [m.span() for m in _PARAGRAPH.finditer(text)]
    spans: list[Span] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line:
            spans.append((start, end))
        start = end + 1
    return spans


def _with_depths(quotes: list[Quotation]) -> list[Quotation]:
    """Depth as real containment among paired quotations, so an unmatched opener does not nest what follows."""
    out: list[Quotation] = []
    open_ends: list[int] = []
    for q in quotes:
        while open_ends and open_ends[-1] <= q.start:
            open_ends.pop()
        depth = len(open_ends)
        out.append(q if q.depth == depth else replace(q, depth=depth))
        open_ends.append(q.end)
    return out


def _pair_quotes(text: str, start: int, end: int, out: list[Quotation], unmatched: list[int]) -> None:
    """Pair the quotation marks of one paragraph with a stack, telling apostrophes from single quotes."""
    stack: list[tuple[int, str]] = []

    def close(pos: int, accepts: str) -> bool:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][1] in accepts:
                for lost, _ in stack[depth + 1 :]:
                    unmatched.append(lost)
                o_pos, o_mark = stack[depth]
                del stack[depth:]
                out.append(Quotation(o_pos, pos + 1, o_mark, text[pos], depth))
                return True
        return False

    for m in _MARKS.finditer(text, start, end):
        i, mark = m.start(), m.group()
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < end else ""
        opening = prev in _OPENER_BEFORE and nxt != "" and not nxt.isspace()
        closing = prev != "" and not prev.isspace()
        top = stack[-1][1] if stack else ""
        if mark in "'’‘":
            if prev.isalnum() and nxt.isalnum():
                continue  # Ukraine's, don't, o'clock
            if _DECADE.match(text, i, end) or (not prev or prev.isspace()) and text[i : i + 3] in ("'n'", "’n’"):
                continue  # the '90s, rock 'n' roll
            if prev == "n" and text[i - 2 : i] == "'n" and (i - 3 < start or text[i - 3].isspace()):
                continue  # second mark of 'n'
            if mark == "‘" and top == "‚" and closing:
                close(i, "‚")
            elif mark in "'’" and closing and any(s[1] in "'‘" for s in stack):
                close(i, "'‘")
            elif mark in "'‘" and opening and not prev.isalnum():
                stack.append((i, mark))
            # otherwise an apostrophe: plural possessive (allies'), elision ('em), or a stray mark
        elif mark == '"':
            if top == '"' and closing:
                close(i, '"')
            elif opening:
                stack.append((i, mark))
            elif closing and not close(i, '"'):
                unmatched.append(i)
            elif not closing:
                unmatched.append(i)
        elif mark == "“":
            if top in "„" and closing and top:
                close(i, "„")
            elif opening or not closing:
                stack.append((i, mark))
            elif not close(i, "“„"):
                stack.append((i, mark))
        elif mark == "”":
            if not close(i, "“„”"):
                if opening and not closing:
                    stack.append((i, mark))  # Scandinavian ”…”
                else:
                    unmatched.append(i)
        elif mark in "«„‚‹":
            stack.append((i, mark))
        elif mark == "»":
            if not close(i, "«"):
                unmatched.append(i)
        elif mark == "›":
            if not close(i, "‹"):
                unmatched.append(i)
    unmatched.extend(pos for pos, _ in stack)
