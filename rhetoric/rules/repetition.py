"""The `repetition` kind: a word or phrase accidentally doubled ("like charity, charity"), deliberate doubling allowed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..findings import Finding
from .base import Context, Example
from .engine import Expander, kind

# One to four words, then the same words again after a space or a comma (never across a line or sentence end).
_DOUBLED = re.compile(r"(?<![\w'’-])((?:[^\W\d_]+[ ]){0,3}[^\W\d_]+)(?:,? |, )(\1)(?![\w'’-])", re.IGNORECASE)


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
        for m in _DOUBLED.finditer(text):
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
