"""Classroom exercises on the seed text, and checkers that score a student's answer against the gold annotation.

The tasks are fixed passages of `data/texts/seed.txt`, so every class sees the same items and the checkers
use the project's scorer (`rhetoric.evaluate`) on exactly the spans a teacher can look up in `data/gold/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, Sequence

from .evaluate import Evaluation, evaluate, gold_files, read_gold
from .findings import CATEGORIES, Finding, Report
from .text import Document

if TYPE_CHECKING:
    import pandas as pd

    from .plots import TextTable

# Ten quotations of the seed (indices into the gold quotation file): all four labels, easy and hard cases.
QUOTE_ITEMS = (0, 3, 5, 9, 10, 11, 18, 22, 26, 39)
CALQUE_PARAGRAPH = 14  # "A few days later, the same Yermak on duty "fixed the profit": ..."
REWRITE_SENTENCE = "In fact, it was, of course, not a compromise, but a trick."
# The neutral version's rendering of that sentence (data/translations/neutral.txt), the model answer.
REWRITE_MODEL = "The author does not regard the earlier offer as a real compromise."


@lru_cache(maxsize=1)
def seed_text() -> str:
    """The seed exactly as stored (line endings kept), so gold offsets point at the right characters."""
    from .corpus import data_dir
    from .reading import read_text

    return read_text(str(data_dir() / "texts" / "seed.txt")).text


@lru_cache(maxsize=1)
def seed_document() -> Document:
    """The seed split into sentences and paragraphs once, for every task that cuts a passage from it."""
    return Document(seed_text())


def seed_gold(category: str | None = None) -> Report:
    """The hand annotation of the seed (all categories, or one)."""
    from .corpus import data_dir

    gold = read_gold(gold_files(data_dir() / "gold", "seed.txt"), seed_text())
    return gold.filter(category) if category else gold


def gold_notes(category: str) -> dict[tuple[int, int], dict[str, str]]:
    """The annotator's note (and Russian source, for mt) of every gold span of a category, for the answer key."""
    import json

    from .corpus import data_dir

    rows = (json.loads(line) for line in
            (data_dir() / "gold" / f"seed.{category}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    return {(d["start"], d["end"]): {"note": d.get("note", ""), "russian": d.get("russian", "")} for d in rows}


def _context(f: Finding, width: int = 90) -> str:
    """The sentence around a span, shortened around it so a table row stays readable."""
    text = seed_text()
    s, e = seed_document().sentence_at(f.start)
    before, after = text[s:f.start], text[f.end:max(e, f.end)]
    if len(before) > width:
        before = "…" + before[-width:].lstrip()
    if len(after) > width:
        after = after[:width].rstrip() + "…"
    return " ".join(f"{before}[{f.text}]{after}".split())


# ---------------------------------------------------------------- task 1: label ten quotations


def quote_items() -> list[Finding]:
    """The gold findings of the ten quotations of task 1, in reading order."""
    gold = list(seed_gold("quote"))
    return [gold[i] for i in QUOTE_ITEMS]


def quote_task() -> TextTable:
    """Task 1 as a table: each quotation in its sentence (in square brackets), numbered from 1."""
    import pandas as pd

    from .plots import text_table

    return text_table(pd.DataFrame({"quotation in its sentence": [_context(f) for f in quote_items()]},
                                   index=pd.RangeIndex(1, len(QUOTE_ITEMS) + 1, name="item")))


@dataclass(repr=False)
class QuoteCheck:
    """A student's labels for task 1, scored: right or wrong per item, and agreement with the gold."""

    answers: list[str]
    gold: list[str]
    evaluation: Evaluation
    reveal: bool = False

    @property
    def answered(self) -> int:
        """How many items have a label, so an empty answer sheet gets a prompt rather than a score of zero."""
        return sum(1 for a in self.answers if a)

    @property
    def agreement(self) -> float:
        """Share of the ten items labelled as in the gold (unanswered items count as wrong)."""
        return self.evaluation.quote_agreement or 0.0

    def table(self) -> pd.DataFrame:
        """One row per item: the answer and whether it matches; the gold label only when revealed."""
        import pandas as pd

        frame = pd.DataFrame({"your label": [a or "–" for a in self.answers],
                              "right?": ["yes" if a == g else ("–" if not a else "no")
                                         for a, g in zip(self.answers, self.gold)]},
                             index=pd.RangeIndex(1, len(self.answers) + 1, name="item"))
        if self.reveal:
            frame["gold label"] = self.gold
        return frame

    def __str__(self) -> str:
        if not self.answered:
            return "No labels yet: fill in ANSWERS above and run this cell again."
        return (f"answered {self.answered} of {len(self.answers)}; "
                f"agreement with the gold annotation: {self.agreement:.2f}")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return f"<p>{_esc(str(self))}</p>" + self.table().to_html()


def check_quotes(answers: Sequence[str] | Mapping[int, str], reveal: bool = False) -> QuoteCheck:
    """Score labels for the ten quotations (a list in item order, or {item number: label}) with the project's
    scorer; an unknown label is refused, so a typo is not silently scored as wrong."""
    items = quote_items()
    given = [answers.get(k, "") for k in range(1, len(items) + 1)] if isinstance(answers, Mapping) else list(answers)
    if len(given) != len(items):
        raise ValueError(f"expected {len(items)} labels, got {len(given)}")
    given = [(a or "").strip().lower() for a in given]
    bad = sorted({a for a in given if a and a not in CATEGORIES["quote"]})
    if bad:
        raise ValueError(f"unknown labels {bad}; choose from {list(CATEGORIES['quote'])}")
    pred = [Finding(g.start, g.end, g.text, "quote", a, "student", "") for g, a in zip(items, given) if a]
    return QuoteCheck(given, [g.label for g in items], evaluate(items, pred), reveal)


def quote_key() -> TextTable:
    """Task 1 for the teacher: each quotation with its gold label and the annotator's reason."""
    import pandas as pd

    notes = gold_notes("quotes")
    items = quote_items()
    from .plots import text_table

    return text_table(pd.DataFrame({"quotation": [f.text for f in items], "gold label": [f.label for f in items],
                                    "why": [notes.get((f.start, f.end), {}).get("note", "") for f in items]},
                                   index=pd.RangeIndex(1, len(items) + 1, name="item")))


def analyser_quote_labels(report: Report) -> list[str]:
    """What the analyser answers to task 1: its label for each of the ten quotations ('' when it has none)."""
    by_span = {(f.start, f.end): f.label for f in report if f.category == "quote"}
    return [by_span.get((g.start, g.end), "") for g in quote_items()]


# ---------------------------------------------------------------- task 2: find the calques of a paragraph


def calque_span() -> tuple[int, int]:
    """Start and end offsets of the paragraph of task 2 in the seed."""
    return seed_document().paragraphs[CALQUE_PARAGRAPH]


def calque_task() -> str:
    """The paragraph of task 2."""
    s, e = calque_span()
    return seed_text()[s:e]


def calque_gold() -> list[Finding]:
    """The gold calques of the task 2 paragraph."""
    s, e = calque_span()
    return [f for f in seed_gold("mt").filter(label="calque") if s <= f.start and f.end <= e]


def calque_key() -> TextTable:
    """Task 2 for the teacher: each gold calque with the Russian behind it and the annotator's reason."""
    import pandas as pd

    notes = gold_notes("mt")
    gold = calque_gold()
    from .plots import text_table

    return text_table(pd.DataFrame({"calque": [f.text for f in gold],
                                    "Russian": [notes.get((f.start, f.end), {}).get("russian", "") for f in gold],
                                    "why": [notes.get((f.start, f.end), {}).get("note", "") for f in gold]}))


def analyser_calques(report: Report) -> list[str]:
    """What the analyser answers to task 2: the spans it labels as calques inside the paragraph."""
    s, e = calque_span()
    return [f.text for f in report if f.category == "mt" and f.label == "calque" and s <= f.start and f.end <= e]


@dataclass(repr=False)
class SpanCheck:
    """Phrases a student marked, scored against the gold spans with overlap (lenient) matching."""

    found: list[tuple[str, bool]]  # (phrase, matches a gold calque)
    missing: list[str]  # gold calques nobody marked (shown only when revealed)
    evaluation: Evaluation
    reveal: bool = False

    def row(self) -> dict[str, float]:
        """Precision, recall and F1 of the marked phrases against the gold calques (overlap matching)."""
        r = self.evaluation.row("mt/calque")
        return {k: round(float(r[k]), 2) for k in ("precision", "recall", "f1")}

    def __str__(self) -> str:
        if not self.found:
            return "No phrases yet: fill in ANSWERS above and run this cell again."
        r = self.row()
        hits = sum(ok for _, ok in self.found)
        return (f"{hits} of your {len(self.found)} phrases are calques in the gold annotation; "
                f"precision {r['precision']:.2f}, recall {r['recall']:.2f}, F1 {r['f1']:.2f}")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{'✔' if ok else '✘'} {_esc(p)}</li>" for p, ok in self.found)
        extra = (f"<p>Not marked: {', '.join(_esc(m) for m in self.missing)}</p>"
                 if self.reveal and self.missing else "")
        return f"<p>{_esc(str(self))}</p><ul>{items}</ul>{extra}"


def _esc(s: str) -> str:
    import html

    return html.escape(s, quote=False)


def locate(phrases: Sequence[str], start: int, text: str) -> list[tuple[str, tuple[int, int] | None]]:
    """Each phrase with its first span in `text` (case-insensitive, blanks flexible), shifted by `start`."""
    out: list[tuple[str, tuple[int, int] | None]] = []
    for p in phrases:
        words = p.split()
        m = re.search(r"\s+".join(map(re.escape, words)), text, re.IGNORECASE) if words else None
        out.append((p, (start + m.start(), start + m.end()) if m else None))
    return out


def check_calques(phrases: Sequence[str], reveal: bool = False) -> SpanCheck:
    """Score the phrases a student took for calques in the task 2 paragraph against the gold calques."""
    start, end = calque_span()
    text = seed_text()
    located = locate([p for p in phrases if p.strip()], start, text[start:end])
    unknown = [p for p, span in located if span is None]
    if unknown:
        raise ValueError(f"not in the paragraph: {unknown}; copy the words exactly")
    spans = [(p, span) for p, span in located if span is not None]
    pred = [Finding(s, e, text[s:e], "mt", "calque", "student", "") for _, (s, e) in spans]
    gold = calque_gold()
    found = [(p, any(g.start < e and s < g.end for g in gold)) for p, (s, e) in spans]
    missing = [g.text for g in gold if not any(g.start < f.end and f.start < g.end for f in pred)]
    return SpanCheck(found, missing, evaluate(gold, pred), reveal)


# ---------------------------------------------------------------- task 3: rewrite a sentence neutrally


def check_rewrite(rewrite: str) -> pd.DataFrame:
    """The framing the analyser finds in the original sentence and in a rewrite, side by side."""
    import pandas as pd

    from . import analyze

    rows = {}
    for name, text in (("original", REWRITE_SENTENCE), ("your rewrite", rewrite.strip())):
        found = analyze(text, "framing") if text else Report(text)
        rows[name] = {"words": found.words(), "framing findings": len(found),
                      "flagged": "; ".join(f"{f.text} ({f.label})" for f in found) or "–"}
    return pd.DataFrame(rows).T
