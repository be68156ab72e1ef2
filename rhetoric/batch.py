"""Corpus mode: many texts analysed on all cores, findings as one table with a row per finding.

`analyze_document` is a pure function of (id, text): the same rows whichever process, machine or cluster
engine runs it, which is what makes the parallel result identical to the sequential one.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .findings import CONTRACT_FIELDS, Report

# One row a finding: the document it came from, then the finding's fields (all of them, so the table has
# one schema whether or not a finding sets speaker, source or features).
COLUMNS = ("doc",) + CONTRACT_FIELDS + ("speaker", "source", "features")
T = TypeVar("T")


def processes(requested: int | None) -> int:
    """How many processes to use: as many as requested, else one per core."""
    return requested or os.cpu_count() or 1


def analyze_document(doc: str, text: str, categories: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The findings of one text as table rows; pure, so it can be mapped over a corpus by any engine."""
    return rows(doc, _analyze(text, categories))


def rows(doc: str, report: Report) -> list[dict[str, Any]]:
    """A report's findings as rows of COLUMNS."""
    return [dict(zip(COLUMNS, row)) for row in tuples(doc, report)]


def tuples(doc: str, report: Report) -> list[tuple[Any, ...]]:
    """A report's findings as tuples of COLUMNS' values: what a worker sends back (no keys to pickle)."""
    return [(doc, f.start, f.end, f.text, f.category, f.label, f.rule, f.message, f.suggestion, f.score,
             f.speaker, f.source, list(f.features)) for f in report]


def _analyze(text: str, categories: Sequence[str] | None) -> Report:
    from . import analyze

    return analyze(text, categories)


def _warm() -> None:
    """Load the rules, compile every pattern (analysis alone compiles them on first use) and load the signal
    lexicons, once, before forking: the workers share them instead of each compiling what its texts need."""
    from .rules import default_analyzer
    from .signals import LEXICONS, lexicon

    default_analyzer().prepare()
    for name in LEXICONS:
        lexicon(name)


def _work(item: tuple[str, str, Sequence[str] | None, Callable[[str, Report], T]]) -> T:
    """One task of a pool: analyse a text and reduce its report in the worker."""
    doc, text, categories, then = item
    return then(doc, _analyze(text, categories))


def _pairs(data: Any, text_column: str = "text", id_column: str = "id") -> list[tuple[str, str]]:
    """(id, text) pairs from a datasets.Dataset, a {id: text} mapping, (id, text) pairs or bare texts."""
    if hasattr(data, "column_names"):  # a datasets.Dataset (or anything with its columns)
        texts = list(data[text_column])
        ids = list(data[id_column]) if id_column in data.column_names else range(len(texts))
        return [(str(i), t) for i, t in zip(ids, texts)]
    if isinstance(data, Mapping):
        return [(str(k), v) for k, v in data.items()]
    items = list(data)
    if all(isinstance(x, str) for x in items):
        return [(str(i), t) for i, t in enumerate(items)]
    return [(str(i), t) for i, t in items]


def mapped(items: Iterable[tuple[str, str]], then: Callable[[str, Report], T], num_proc: int = 1,
           categories: Sequence[str] | None = None, progress: bool = False) -> Iterator[T]:
    """`then(id, report)` for each (id, text), in input order, computed in the worker that analysed the text:
    a worker sends back what the caller keeps (rows, JSON lines), not the whole report with its text."""
    work = [(doc, text, list(categories) if categories else None, then) for doc, text in items]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(work), desc="rhetoric", unit="text", file=sys.stderr)
    try:
        if num_proc <= 1 or len(work) <= 1:
            for result in map(_work, work):
                yield result
                if bar is not None:
                    bar.update()
            return
        _warm()
        procs = min(num_proc, len(work))
        # A few tasks a process at a time: fewer round trips, and still a balanced load at the end.
        chunk = max(1, len(work) // (procs * 8))
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        with multiprocessing.get_context(method).Pool(procs, initializer=_warm) as pool:
            for result in pool.imap(_work, work, chunksize=chunk):
                yield result
                if bar is not None:
                    bar.update()
    finally:
        if bar is not None:
            bar.close()


def analyze_corpus(data: Any, num_proc: int | None = None, categories: Sequence[str] | None = None,
                   text_column: str = "text", id_column: str = "id", parquet: str | os.PathLike[str] | None = None,
                   progress: bool = True):  # type: ignore[no-untyped-def]
    """Analyse a corpus on `num_proc` processes (default: every core) and return a datasets.Dataset with a
    row per finding (COLUMNS; "doc" is the text's id). `data` is a datasets.Dataset (columns `id_column`,
    `text_column`), a {id: text} mapping, (id, text) pairs or bare texts (ids "0", "1", ...). With `parquet`,
    the table is also written to that file."""
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    import pyarrow as pa
    from datasets import Dataset, DatasetInfo, Features, Sequence as Seq, Value
    from datasets.table import InMemoryTable

    features = Features({"doc": Value("string"), "start": Value("int64"), "end": Value("int64"),
                         "text": Value("string"), "category": Value("string"), "label": Value("string"),
                         "rule": Value("string"), "message": Value("string"), "suggestion": Value("string"),
                         "score": Value("float64"), "speaker": Value("string"), "source": Value("string"),
                         "features": Seq(Value("string"))})
    procs = processes(num_proc)
    found = [row for rows_of_text in mapped(_pairs(data, text_column, id_column), tuples, procs, categories, progress)
             for row in rows_of_text]
    table = dict(zip(COLUMNS, map(list, zip(*found)))) if found else {c: [] for c in COLUMNS}
    # Straight to Arrow: the rows are already plain values of these types, and from_dict's per-value encoding
    # took a tenth of a corpus run.
    out = Dataset(InMemoryTable(pa.Table.from_pydict(table, schema=features.arrow_schema)),
                  info=DatasetInfo(features=features))
    if parquet is not None:
        out.to_parquet(str(parquet))
    return out
