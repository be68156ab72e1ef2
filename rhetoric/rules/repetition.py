"""The `repetition` kind: a word or phrase accidentally doubled ("like charity, charity"), deliberate doubling allowed."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress
from typing import Any

from ..findings import Finding
from ..text import PIECE, line_chunks
from .base import Context, Example
from .engine import Expander, kind

# One to four words, then the same words again after a space or a comma (never across a line or sentence end).
_DOUBLED = re.compile(r"(?<![\w'’-])((?:[^\W\d_]+[ ]){0,3}[^\W\d_]+)(?:,? |, )(\1)(?![\w'’-])", re.IGNORECASE)
_WORD = re.compile(r"([^\W\d_]+)")
_MAX_WORDS = 4  # the {0,3} words of `_DOUBLED` and one more
_CHUNK = PIECE  # characters of text whose words are compared at a time


def _doubled(text: str, folded: str) -> Iterator[re.Match[str]]:
    """What `_DOUBLED.finditer(text)` finds, tried only at words that recur within four words (`folded` is
    text.fold(text)): the regex alone tries every word of the text several times."""
    pos = 0
    for start, end in line_chunks(folded, _CHUNK):
        # Folding keeps offsets and word boundaries; with σ for ς, folded words are equal wherever the regex's
        # case-blind back-reference could find them equal (and sometimes where it would not: the regex decides).
        chunk = folded[start:end].replace("ς", "σ")
        parts = _WORD.split(chunk)  # gap, word, gap, ..., word, gap
        keys = parts[1::2]
        recurring: set[int] = set()
        for k in range(1, _MAX_WORDS + 1):
            recurring.update(compress(range(len(keys)), map(operator.eq, keys, keys[k:])))
        offset, done = start, 0  # the text up to parts[done] ends at `offset`
        for i in sorted(recurring):
            offset += sum(map(len, parts[done:2 * i + 1]))
            done = 2 * i + 1
            if offset >= pos and (m := _DOUBLED.match(text, offset)):
                pos = m.end()
                yield m


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
