"""Framing signals and their switches: which evidence the framing detectors use, so each one's
contribution to F1 can be measured by turning it off (`analyzer(signals=...)`, `ablation(...)`).

- "lexicon": the framing lexicons' patterns (rhetoric/lexicons/framing_*.toml), the candidates.
- "context": the context conditions of those rules (target, position, quotation, question, topic);
  without them every pattern match is a finding.
- "vader": VADER's valence lexicon (vaderSentiment, MIT): strongly charged words in evaluative
  position inside sentences the lexicons already mark.
- "subjectivity": TextBlob's subjectivity lexicon (MIT): strongly subjective adjectives, same conditions.
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .findings import Finding, Report

SIGNALS = ("lexicon", "context", "vader", "subjectivity")
# The cumulative configurations of an ablation, in the order signals are added.
ABLATION = (("lexicon",), ("lexicon", "context"), ("lexicon", "context", "vader"),
            ("lexicon", "context", "subjectivity"), SIGNALS)
_CONDITIONS = ("near", "not_near", "before", "not_before", "after", "not_after")


def _package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing it (TextBlob's import pulls in NLTK,
    which costs more than a second at every start)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {package!r} is needed for this signal: pip install {package}")
    return Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)


def _vader() -> dict[str, float]:
    """VADER's mean valence per entry (-4..4), from the lexicon file shipped in vaderSentiment."""
    text = _package_file("vaderSentiment", "vader_lexicon.txt").read_text(encoding="utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"[a-z]+(?:[-'][a-z]+)*", parts[0]):
            out[parts[0]] = float(parts[1])
    return out


def _subjectivity() -> dict[str, float]:
    """TextBlob's subjectivity (0..1) per adjective, averaged over its senses as TextBlob itself does."""
    root = ET.fromstring(_package_file("textblob", "en", "en-sentiment.xml").read_text(encoding="utf-8"))
    sums: dict[str, list[float]] = {}
    for w in root.iter("word"):
        if w.get("pos") == "JJ" and w.get("form") and " " not in w.get("form", ""):
            sums.setdefault(w.get("form", "").lower(), []).append(float(w.get("subjectivity", 0)))
    return {k: sum(v) / len(v) for k, v in sorted(sums.items())}


LEXICONS: dict[str, Callable[[], dict[str, float]]] = {"vader": _vader, "subjectivity": _subjectivity}


@lru_cache(maxsize=None)
def lexicon(name: str) -> dict[str, float]:
    """One signal's word scores, loaded once per process (the libraries are imported only here)."""
    if name not in LEXICONS:
        raise ValueError(f"unknown signal lexicon {name!r}; choose from {sorted(LEXICONS)}")
    return LEXICONS[name]()


def _check(signals: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(signals)
    bad = chosen - set(SIGNALS)
    if bad:
        raise ValueError(f"unknown signals {sorted(bad)}; choose from {list(SIGNALS)}")
    return chosen


def framing_rules(signals: Iterable[str] = SIGNALS) -> list[Any]:
    """The shipped framing rules under a signal configuration (other categories are left as shipped)."""
    from .rules import ExistenceRule, load_rules
    from .rules.signal import SignalRule

    chosen = _check(signals)
    lexical: list[Any] = []
    others: list[Any] = []
    for _, rule in load_rules():
        if rule.category != "framing":
            others.append(rule)
        elif isinstance(rule, ExistenceRule):
            if "lexicon" in chosen:
                lexical.append(rule if "context" in chosen else
                               replace(rule, quote="any", **{c: None for c in _CONDITIONS}))
    signal_rules = [replace(rule, anchors=tuple(lexical)) for _, rule in load_rules()
                    if isinstance(rule, SignalRule) and rule.category == "framing" and rule.signal in chosen]
    return others + lexical + signal_rules


@lru_cache(maxsize=None)
def analyzer(signals: frozenset[str] = frozenset(SIGNALS)) -> Any:
    """An Analyzer whose framing rules use only `signals` (cached per configuration)."""
    from .rules import Analyzer

    return Analyzer(framing_rules(_check(signals)))


def analyze(text: str, signals: Iterable[str] = SIGNALS, categories: str | Iterable[str] | None = None) -> Report:
    """Like rhetoric.analyze, with the framing signals restricted to `signals`."""
    cats = [categories] if isinstance(categories, str) else categories
    return analyzer(_check(signals)).run(text, cats)


def ablation(text: str, gold: Sequence[Finding],
             configurations: Sequence[Sequence[str]] = ABLATION) -> list[dict[str, Any]]:
    """Framing F1 per signal configuration, all speakers and author only, strict and lenient."""
    from .evaluate import evaluate

    gold_framing = [g for g in gold if g.category == "framing"]
    rows = []
    for config in configurations:
        pred = analyze(text, config, "framing")
        ev = evaluate(gold_framing, pred.findings)
        row: dict[str, Any] = {"signals": " + ".join(config), "predicted": len(pred)}
        for speakers in ("all", "author"):
            for mode in ("strict", "lenient"):
                r = ev.row("framing", mode, speakers)
                row[f"{speakers}/{mode}"] = r["f1"]
                if mode == "lenient":
                    row[f"{speakers}/P"], row[f"{speakers}/R"] = r["precision"], r["recall"]
        rows.append(row)
    return rows
