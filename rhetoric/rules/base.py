"""What every rule kind shares: the analysis context, the rule protocol and its examples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from ..findings import Finding
from ..text import Document

ATTRIBUTED = ("direct", "partial")


@dataclass(frozen=True, slots=True)
class Example:
    """A phrase a rule must flag (`flag=True`) or must leave alone, analysed as a text of its own."""

    rule: str
    text: str
    flag: bool


class Context:
    """One document under analysis plus what earlier rules decided (quotation labels) for later ones."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.quote_labels: dict[tuple[int, int], str] = {}
        self.cache: dict[str, object] = {}
        # Pattern matches an existence index found for another in a shared scan, left for it to take (see
        # existence.match_together); unlike `cache`, kept from one category to the next.
        self.matches: dict[str, list[tuple[int, int, Any]]] = {}

    def speaker_at(self, start: int, end: int) -> str:
        """'quoted' inside a quotation of someone else (direct or partial), otherwise 'author'."""
        doc = self.doc
        q = doc.quotation_at(start, end)
        while q is not None:
            if self.quote_labels.get((q.start, q.end)) in ATTRIBUTED:
                return "quoted"
            q = doc.quotation_at(q.start, q.end) if q.depth else None
        return "author"


class Rule(Protocol):
    """A rule kind: finds its spans in a context, and carries the examples that test it."""

    id: str
    category: str

    def find(self, ctx: Context) -> Iterable[Finding]: ...

    def examples(self) -> Iterable[Example]: ...


@dataclass
class RuleInfo:
    """A row of `rhetoric rules`: what a rule is and where its data lives."""

    id: str
    category: str
    label: str
    kind: str
    lexicon: str
    examples: int
    extra: dict[str, str] = field(default_factory=dict)
