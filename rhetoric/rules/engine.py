"""The rule engine: lexicon files become rules of a few kinds, run over one Document in a fixed order."""

from __future__ import annotations

import gc
import tomllib
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..findings import CATEGORIES, Finding, Note, Report
from ..text import Document
from . import parallel
from .base import Context, Example, Rule, RuleInfo
from .existence import ExistenceIndex, ExistenceRule, match_together, word_scan

Factory = Callable[[dict[str, Any], "Expander"], list[Rule]]
KINDS: dict[str, Factory] = {}
# Quotation labels first: framing rules ask them who is speaking.
CATEGORY_ORDER = ("quote", "mt", "framing")


def kind(name: str) -> Callable[[Factory], Factory]:
    """Register a rule kind: a factory from one lexicon file's data to its rules."""
    def register(factory: Factory) -> Factory:
        KINDS[name] = factory
        return factory
    return register


class Expander:
    """Expands "@name" references in context lists from the file's [sets] and the shared sets.toml."""

    def __init__(self, local: dict[str, list[str]], shared: dict[str, list[str]]) -> None:
        self.sets = {**shared, **local}

    def __call__(self, items: Iterable[str]) -> list[str]:
        out: list[str] = []
        for item in items:
            if item.startswith("@"):
                if item[1:] not in self.sets:
                    raise ValueError(f"unknown set {item}")
                out.extend(self.sets[item[1:]])
            else:
                out.append(item)
        return out


@kind("existence")
def _existence(data: dict[str, Any], expand: Expander) -> list[Rule]:
    defaults = {k: v for k, v in data.get("defaults", {}).items() if k != "kind"}
    return [ExistenceRule.from_entry({**defaults, **entry}, expand) for entry in data.get("rules", [])]


def lexicon_files() -> list[Any]:
    """The lexicon files shipped in the package, in name order (sets.toml holds shared lists only)."""
    folder = resources.files("rhetoric") / "lexicons"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml") and f.name != "sets.toml"),
                  key=lambda f: f.name)


def _shared_sets() -> dict[str, list[str]]:
    f = resources.files("rhetoric") / "lexicons" / "sets.toml"
    return tomllib.loads(f.read_text(encoding="utf-8")) if f.is_file() else {}


def load_lexicon(data: dict[str, Any], shared: dict[str, list[str]] | None = None) -> list[Rule]:
    """Rules from one lexicon's parsed TOML data."""
    kind_name = data.get("defaults", {}).get("kind", "existence")
    if kind_name not in KINDS:
        raise ValueError(f"unknown rule kind {kind_name!r}")
    expand = Expander(data.get("sets", {}), _shared_sets() if shared is None else shared)
    return KINDS[kind_name](data, expand)


@lru_cache(maxsize=1)
def load_rules() -> tuple[tuple[str, Rule], ...]:
    """Every shipped rule with the lexicon file it came from; loaded once per process."""
    from . import kinds  # noqa: F401  (registers the rule kinds beyond existence)

    shared = _shared_sets()
    out: list[tuple[str, Rule]] = []
    seen: set[str] = set()
    for f in lexicon_files():
        for rule in load_lexicon(tomllib.loads(f.read_text(encoding="utf-8")), shared):
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id} in {f.name}")
            seen.add(rule.id)
            out.append((f.name, rule))
    return tuple(out)


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector during a run (the few cycles it makes are collected afterwards): on a
    long text, rescanning every finding made so far cost about a tenth of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Analyzer:
    """Runs a set of rules over a document: quotation rules first, existence rules in one indexed pass."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.categories = {r.category for r in self.rules}
        self._index: dict[str, ExistenceIndex] = {}
        self._others: dict[str, list[Rule]] = {}
        for cat in CATEGORY_ORDER:
            mine = [r for r in self.rules if r.category == cat]
            self._index[cat] = ExistenceIndex.shared(r for r in mine if isinstance(r, ExistenceRule))
            self._others[cat] = [r for r in mine if not isinstance(r, ExistenceRule)]

    def prepare(self) -> None:
        """Compile the existence patterns now, not on first use, so that forked workers inherit them compiled."""
        for index in self._index.values():
            index.compile()
        word_scan(self._index.values()).scan(0)

    def run(self, text: str, categories: Iterable[str] | None = None, doc: Document | None = None,
            jobs: int = 1) -> Report:
        """Analyse `text`; `categories` limits what is reported (quotations are still read for speakers).
        With `jobs` > 1 a long text uses a second core (see parallel.py); the report is the same."""
        wanted = set(CATEGORIES) if categories is None else set(categories)
        bad = wanted - set(CATEGORIES)
        if bad:
            raise ValueError(f"unknown categories {sorted(bad)}; choose from {sorted(CATEGORIES)}")
        with _no_collection():
            return self._run(text, wanted, doc, jobs)

    def _run(self, text: str, wanted: set[str], doc: Document | None, jobs: int) -> Report:
        ctx = Context(doc or Document(text))
        order = [c for c in CATEGORY_ORDER if c in wanted or (c == "quote" and "framing" in wanted)]
        rest = [c for c in order if c != "mt"]
        if jobs > 1 and "mt" in order and rest and len(text) >= parallel.MIN_CHARS and parallel.can_fork():
            word_scan([self._index["mt"]]).scan(0)  # compiled here once, not again in every worker
            mt, others = parallel.beside(lambda: self._findings(ctx, ["mt"], wanted),
                                         lambda: self._findings(ctx, rest, wanted))
            found = others + mt
        else:
            found = self._findings(ctx, order, wanted)
        notes = tuple(Note(i, i + 1, "unbalanced-quote",
                           f"The quotation mark {text[i]!r} has no partner in its paragraph.")
                      for i in ctx.doc.unmatched)
        return Report(text, tuple(found), notes, {"categories": sorted(wanted), "rules": len(self.rules)})

    def _findings(self, ctx: Context, order: Sequence[str], wanted: set[str]) -> list[Finding]:
        """The findings of the categories in `order`, run in that order, kept when wanted; their existence
        patterns are found first, in one scan of the text for all of them."""
        indexes = [self._index[cat] for cat in order]
        if len(indexes) > 1:
            ctx.matches.update(zip((index.cache_key for index in indexes), match_together(indexes, ctx.doc)))
        found: list[Finding] = []
        for cat in order:
            batch = list(self._index[cat].findings(ctx))
            for rule in self._others[cat]:
                batch.extend(rule.find(ctx))
            if cat in wanted:
                found.extend(batch)
            ctx.cache.clear()  # what a category's rules shared among themselves: no later category reads it
        return found


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The analyser with every shipped rule, built once per process."""
    return Analyzer([rule for _, rule in load_rules()])


def all_examples() -> list[tuple[str, Rule, Example]]:
    """(lexicon file, rule, example) for every example of every shipped rule."""
    return [(name, rule, ex) for name, rule in load_rules() for ex in rule.examples()]


def rule_table() -> list[RuleInfo]:
    """What `rhetoric rules` prints: every rule with its id, label, kind and lexicon."""
    rows = []
    for name, rule in load_rules():
        n = sum(1 for _ in rule.examples())
        rows.append(RuleInfo(rule.id, rule.category, getattr(rule, "label", "*"),
                             type(rule).__name__.removesuffix("Rule").lower(), name, n))
    return rows
