"""Scoring findings against gold annotations: the one scorer the CLI, the tests and the notebooks share."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from .findings import CATEGORIES, Finding, Report

if TYPE_CHECKING:
    import pandas as pd

MODES = ("strict", "lenient")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 from counts (predicted hits, predictions, recalled gold, gold)."""

    hits: int
    predicted: int
    recalled: int
    gold: int

    @property
    def precision(self) -> float:
        """Share of predictions that hit gold; nothing predicted and nothing to find counts as perfect."""
        return self.hits / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        """Share of gold spans found; nothing to find and nothing predicted counts as perfect."""
        return self.recalled / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        """The harmonic mean, so neither flagging everything nor flagging almost nothing scores well."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Rounded scores with their counts, so a row of the JSON output can be checked by hand."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "predicted": self.predicted, "gold": self.gold}


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end if a.start != a.end and b.start != b.end else a.start == b.start


def score(gold: Sequence[Finding], pred: Sequence[Finding], mode: str = "lenient") -> PRF:
    """Span scores with labels that must agree: exact spans (strict) or any overlap (lenient)."""
    def same(g: Finding, p: Finding) -> bool:
        if (g.category, g.label) != (p.category, p.label):
            return False
        return (g.start, g.end) == (p.start, p.end) if mode == "strict" else _overlaps(g, p)

    hits = sum(any(same(g, p) for g in gold) for p in pred)
    recalled = sum(any(same(g, p) for p in pred) for g in gold)
    return PRF(hits, len(pred), recalled, len(gold))


@dataclass
class Evaluation:
    """Per-label and per-category scores in both modes, the quotation confusion matrix and agreement."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    quote_agreement: float | None = None
    quotes_found: tuple[int, int, int] = (0, 0, 0)  # exact spans found, gold quotations, predicted quotations

    def to_frame(self) -> pd.DataFrame:
        """The score rows as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of `rhetoric evaluate --format json`."""
        return {"scores": self.rows, "quote_confusion": self.confusion, "quote_label_agreement": self.quote_agreement,
                "quotes_exact_spans": {"found": self.quotes_found[0], "gold": self.quotes_found[1],
                                       "predicted": self.quotes_found[2]}}

    def row(self, scope: str, mode: str = "lenient", speakers: str = "all") -> dict[str, Any]:
        """The score row for a category ('mt'), a label ('mt/calque') or 'all'."""
        for r in self.rows:
            if (r["scope"], r["mode"], r["speakers"]) == (scope, mode, speakers):
                return r
        raise KeyError((scope, mode, speakers))

    def format(self) -> str:
        """A plain-text table for the terminal."""
        lines = [f"{'scope':<26} {'speakers':<8} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}"]
        for r in self.rows:
            lines.append(f"{r['scope']:<26} {r['speakers']:<8} {r['mode']:<8} {r['precision']:>6.3f} "
                         f"{r['recall']:>6.3f} {r['f1']:>6.3f} {r['predicted']:>5} {r['gold']:>5}")
        if self.confusion:
            labels = list(CATEGORIES["quote"])
            lines += ["", "quotation confusion (rows: gold, columns: predicted; exact spans)",
                      f"{'':<10}" + "".join(f"{c:>9}" for c in labels + ["missed"])]
            for g in labels + ["invented"]:
                lines.append(f"{g:<10}" + "".join(f"{self.confusion.get(g, {}).get(c, 0):>9}" for c in labels + ["missed"]))
            found, n_gold, n_pred = self.quotes_found
            lines.append(f"quotations found with exact spans: {found} of {n_gold} (predicted {n_pred})")
            if self.quote_agreement is not None:
                lines.append(f"quotation label agreement: {self.quote_agreement:.3f}")
        return "\n".join(lines)


def evaluate(gold: Sequence[Finding], pred: Sequence[Finding]) -> Evaluation:
    """Score predictions against gold for every category the gold covers, by label and overall."""
    ev = Evaluation()
    cats = [c for c in CATEGORIES if any(g.category == c for g in gold)]
    for speakers in ("all", "author"):
        for c in cats:
            if speakers == "author" and c != "framing":
                continue
            g_c = [g for g in gold if g.category == c and (speakers == "all" or g.speaker != "quoted")]
            p_c = [p for p in pred if p.category == c and (speakers == "all" or p.speaker != "quoted")]
            for mode in MODES:
                ev.rows.append({"scope": c, "speakers": speakers, "mode": mode, **score(g_c, p_c, mode).as_dict()})
                for label in CATEGORIES[c]:
                    g_l = [g for g in g_c if g.label == label]
                    p_l = [p for p in p_c if p.label == label]
                    if g_l or p_l:
                        ev.rows.append({"scope": f"{c}/{label}", "speakers": speakers, "mode": mode,
                                        **score(g_l, p_l, mode).as_dict()})
    if "quote" in cats:
        _quote_confusion(ev, [g for g in gold if g.category == "quote"], [p for p in pred if p.category == "quote"])
    return ev


def _quote_confusion(ev: Evaluation, gold: list[Finding], pred: list[Finding]) -> None:
    by_span = {(p.start, p.end): p.label for p in pred}
    conf: dict[str, Counter[str]] = {}
    for g in gold:
        conf.setdefault(g.label, Counter())[by_span.get((g.start, g.end), "missed")] += 1
    gold_spans = {(g.start, g.end) for g in gold}
    for p in pred:
        if (p.start, p.end) not in gold_spans:
            conf.setdefault("invented", Counter())[p.label] += 1
    ev.confusion = {k: dict(v) for k, v in conf.items()}
    matched = [g for g in gold if (g.start, g.end) in by_span]
    ev.quotes_found = (len(matched), len(gold), len(pred))
    ev.quote_agreement = (sum(by_span[g.start, g.end] == g.label for g in matched) / len(gold)) if gold else None


def read_gold(paths: Iterable[str | Path], text: str) -> Report:
    """Gold findings from JSONL files (TAXONOMY fields plus notes), checked against the text."""
    rows: list[Finding] = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                d = json.loads(line)
                if text[d["start"]:d["end"]] != d["text"]:
                    raise ValueError(f"{path}:{n}: text does not match the analysed text at {d['start']}:{d['end']}")
                rows.append(Finding.from_dict(d))
    return Report(text, tuple(rows))


def gold_files(gold: str | Path, text_path: str | Path) -> list[Path]:
    """A gold file as given, or in a gold folder the files named <text stem>.*.jsonl."""
    gold = Path(gold)
    if gold.is_dir():
        return sorted(gold.glob(f"{Path(text_path).stem}.*.jsonl"))
    return [gold]
