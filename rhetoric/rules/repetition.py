"""The `repetition` kind: a word or phrase accidentally doubled ("like charity, charity"), deliberate doubling allowed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..findings import Finding
from ..text import PIECE, line_chunks
from .base import Context, Example
from .engine import Expander, kind

# One to four words, then the same words again after a space or a comma (never across a line or sentence end).
_DOUBLED = re.compile(r"(?<![\w'’-])((?:[^\W\d_]+[ ]){0,3}[^\W\d_]+)(?:,? |, )(\1)(?![\w'’-])", re.IGNORECASE)
_CHUNK = PIECE  # characters of text whose words are compared at a time
_LETTER = re.compile(r"[^\W\d_]")  # a word character of `_DOUBLED`: the words are runs of these
_NOT_LETTER = re.compile(r"[\W\d_]")
# Latin-1 as bytes, each letter kept and anything else made a space: a C pass, not a regex over each character.
_LATIN1_WORDS = bytes(c if _LETTER.match(chr(c)) else 32 for c in range(256))
# Punctuation (no letters) beyond Latin-1 that English texts use all the time: spaced first, it keeps a text on
# the Latin-1 path.
_PUNCTUATION = "‘’‚‛“”„‟–—―‐‑…•′″‹›\u2009\u200a\u202f\u2060"
_GAP = "\0"  # the code of the empty part between two spaces (the comma of "a truce, a truce")
# In a coded row: one to four words, the same words again right after (a comma between leaves one gap).
_SQUARE = re.compile(r"(?=([^\0]{1,4})\0?\1)")
_WINDOW = 1 << 14  # parts coded at a time (their codes stay below the surrogates)
_REACH = 9  # parts a doubled phrase spans at most: four words, a gap, four words


def _spaced(chunk: str) -> str:
    """`chunk` with a space for every character that is not a letter: splitting it at spaces keeps the offsets,
    and its parts are the words of `_DOUBLED` (with σ for ς, so case-blind equals stay equal)."""
    for c in _PUNCTUATION:
        chunk = chunk.replace(c, " ")
    try:
        return chunk.encode("latin-1").translate(_LATIN1_WORDS).decode("latin-1")
    except UnicodeEncodeError:  # other scripts: the regex, a character at a time
        return _NOT_LETTER.sub(" ", chunk.replace("ς", "σ"))


def _coded(parts: list[str]) -> str:
    """One character per part, the same for equal words (`_GAP` for an empty part): one regex pass then
    compares whole words."""
    ids = dict(zip(dict.fromkeys(parts), map(chr, range(1, len(parts) + 1))))
    ids[""] = _GAP
    return "".join(map(ids.__getitem__, parts))


def _doubled(text: str, folded: str) -> Iterator[re.Match[str]]:
    """What `_DOUBLED.finditer(text)` finds, tried only where a run of words repeats at once (`folded` is
    text.fold(text)): the regex alone tries every word of the text several times."""
    pos = 0
    for start, end in line_chunks(folded, _CHUNK):
        # Folding keeps offsets and word boundaries; with σ for ς, folded words are equal wherever the regex's
        # case-blind back-reference could find them equal (and sometimes where it would not: the regex decides).
        parts = _spaced(folded[start:end]).split(" ")  # words, with an empty part for each extra space
        offset, done = start, 0  # the text up to parts[done] ends at `offset`
        for i in _squares(parts):
            offset += sum(map(len, parts[done:i])) + i - done
            done = i
            if offset >= pos and (m := _DOUBLED.match(text, offset)):
                pos = m.end()
                yield m


def _squares(parts: list[str]) -> Iterator[int]:
    """Where a run of one to four words starts that the same words follow at once, a window of parts at a time
    (a small table of words stays in the processor's cache even on a long line)."""
    for lo in range(0, len(parts), _WINDOW):
        for square in _SQUARE.finditer(_coded(parts[lo:lo + _WINDOW + _REACH])):
            if square.start() >= _WINDOW:
                break
            yield lo + square.start()


@dataclass
class RepetitionRule:
    """Flags the doubled copy; a third copy, capitalised place names (Bora Bora) and the allowlist are deliberate."""

    id: str
    message: str
    allow: frozenset[str]
    across_comma: frozenset[str]
    category: str = "mt"
    label: str = "repetition"
    score: float = 0.8
    flag: tuple[str, ...] = ()
    noflag: tuple[str, ...] = ()
    links: frozenset[str] = frozenset()  # "again and again": a phrase that opens or ends with one is a pattern

    def examples(self) -> Iterator[Example]:
        yield from (Example(self.id, t, True) for t in self.flag)
        yield from (Example(self.id, t, False) for t in self.noflag)

    def find(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.text
        for m in _doubled(text, ctx.doc.folded):
            first, second = m.group(1), m.group(2)
            if first.lower() in self.allow or first != second and first.lower() != second.lower() \
                    and not first[0].isupper():
                continue
            if first.lower() in self.across_comma and "," in text[m.end(1):m.start(2)]:
                continue  # a clause boundary: "meant for you, you will"
            words = first.lower().split()
            if len(words) > 1 and (words[0] in self.links or words[-1] in self.links):
                continue  # "again and again, and more and more": X and X is an English pattern
            if first[0].isupper() and second[0].isupper() and "," not in text[m.end(1):m.start(2)]:
                continue  # Bora Bora, Sing Sing: names, not slips
            sep = r"(?:,? |, )"
            # Matched in place: slicing off the rest of the text at every match made long texts quadratic.
            if re.compile(sep + re.escape(first) + r"(?![\w'’-])", re.IGNORECASE).match(text, m.end()) or \
                    re.search(r"(?<![\w'’-])" + re.escape(first) + sep + "$", text[max(0, m.start() - 80):m.start()],
                              re.IGNORECASE):
                continue  # three or more copies: rhetorical, not a slip
            yield Finding(m.start(), m.end(), m.group(), self.category, self.label, self.id,
                          self.message.format(word=first), first, self.score)


@kind("repetition")
def _repetition(data: dict[str, Any], expand: Expander) -> list[Any]:
    d = data.get("defaults", {})
    lists = data.get("allowlist", {})
    allow = frozenset(w.lower() for w in lists.get("words", ()))
    across = frozenset(w.lower() for w in lists.get("across_comma", ()))
    links = frozenset(w.lower() for w in lists.get("links", ()))
    return [RepetitionRule(r["id"], r.get("message", d.get("message", "")), allow, across, r.get("category", d.get("category", "mt")),
                           r.get("label", d.get("label", "repetition")), r.get("score", d.get("score", 0.8)),
                           tuple(r.get("flag", ())), tuple(r.get("noflag", ())), links) for r in data.get("rules", [])]
