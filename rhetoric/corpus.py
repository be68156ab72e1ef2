"""Versions of one text as `datasets` tables: the bundled seed and its renderings, or a folder a user brings.

The bundled data lives in the repository's `data/` folder, next to the `rhetoric` package (the package is
meant to be installed editable from a checkout). `load_versions()` reads it from there; pass a folder
(`load_versions("my/versions")`) to read any folder of `.txt` files instead, each with an optional card of
the same stem (`name.json`: id, title, role, method, ... any JSON object).
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch import analyze_corpus as analyze  # noqa: F401  (corpus mode: analyze(dataset, num_proc=N))
from .reading import InputError, read_text
from .text import Document

if TYPE_CHECKING:
    from datasets import Dataset

# What data/README.md says of the seed, as a card like the ones of the renderings.
SEED_CARD: dict[str, Any] = {
    "id": "seed",
    "title": "Seed text: English machine translation of a Russian opinion piece by Dmitry Bavyrin",
    "role": "source-mt",
    "method": "machine translation from Russian (the Russian original is not bundled)",
    "source": "data/texts/seed.txt",
    "language": "en",
}


def data_dir() -> Path:
    """The repository's data folder, found relative to the package so no install step has to copy it."""
    folder = Path(__file__).resolve().parent.parent / "data"
    if not (folder / "texts" / "seed.txt").is_file():
        raise InputError(f"bundled data not found next to the package ({folder.name}/); "
                         "install rhetoric editable from a checkout, or pass a folder of .txt files")
    return folder


def _card(path: Path) -> dict[str, Any]:
    """The JSON card of the same stem as a text file, or an empty card when there is none."""
    card_path = path.with_suffix(".json")
    if not card_path.exists():
        return {}
    source = read_text(str(card_path))
    try:
        card = json.loads(source.text)
    except json.JSONDecodeError as e:
        raise InputError(f"{card_path}: not valid JSON ({e.msg}, line {e.lineno})") from None
    if not isinstance(card, dict):
        raise InputError(f"{card_path}: a card must be a JSON object")
    return card


def _row(path: Path, card: dict[str, Any], default_role: str, shown: str | None = None) -> dict[str, Any]:
    """One version row; `shown` is the path to report (repository-relative for the bundled data)."""
    text = read_text(str(path)).text
    return {**card, "id": str(card.get("id", path.stem)), "role": str(card.get("role", default_role)),
            "text": text, "path": shown or str(path)}


def _columns(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One column set for all rows; values Arrow cannot type consistently become JSON strings."""
    keys = ["id", "role", "text", "path"]
    for r in rows:
        keys.extend(k for k in r if k not in keys)
    out = [{k: r.get(k) for k in keys} for r in rows]
    for k in keys[4:]:
        values = [r[k] for r in out if r[k] is not None]
        plain = all(isinstance(v, str) for v in values) or all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in values)
        if not plain:
            for r in out:
                if r[k] is not None:
                    r[k] = json.dumps(r[k], ensure_ascii=False, sort_keys=True)
    return out


def version_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The .txt files of a folder in name order; a clear error when the folder is missing or has none."""
    path = Path(folder)
    if not path.exists():
        raise InputError(f"{folder}: no such folder")
    if not path.is_dir():
        raise InputError(f"{folder}: not a folder")
    files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
    if not files:
        raise InputError(f"{folder}: no .txt files to load")
    return files


def load_versions(folder: str | os.PathLike[str] | None = None) -> Dataset:
    """A datasets.Dataset, one row a version (id, role, text, path, card fields), built offline.

    Without `folder`: the seed (id "seed", role "source-mt") and the bundled renderings in
    data/translations. With `folder`: every .txt file in it, ids and roles from the cards (default: the
    file stem and "version").
    """
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    from datasets import Dataset

    if folder is None:
        base = data_dir()
        rows = [_row(base / "texts" / "seed.txt", SEED_CARD, "source-mt", "data/texts/seed.txt")]
        rows += [_row(p, _card(p), "version", f"data/translations/{p.name}")
                 for p in version_files(base / "translations")]
    else:
        rows = [_row(p, _card(p), "version") for p in version_files(folder)]
    ids = [r["id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"{folder or 'bundled data'}: duplicate version ids {', '.join(dupes)}")
    return Dataset.from_list(_columns(rows))


def sentences(dataset: Dataset) -> Dataset:
    """A sentence-level Dataset (version, index, paragraph, start, end, text) from rhetoric.text.Document."""
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    from datasets import Dataset

    rows = []
    for vid, text in zip(dataset["id"], dataset["text"]):
        doc = Document(text)
        paras = sentence_paragraphs(doc)
        for i, (start, end) in enumerate(doc.sentences):
            rows.append({"version": vid, "index": i, "paragraph": paras[i], "start": start, "end": end,
                         "text": text[start:end]})
    return Dataset.from_list(rows) if rows else Dataset.from_dict(
        {"version": [], "index": [], "paragraph": [], "start": [], "end": [], "text": []})


def sentence_paragraphs(doc: Document) -> list[int]:
    """The paragraph index of each sentence of a document (sentences never cross paragraphs)."""
    starts = [s for s, _ in doc.paragraphs]
    return [max(bisect_right(starts, s) - 1, 0) for s, _ in doc.sentences]
