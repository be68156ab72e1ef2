"""Shared fixtures: the seed text and its hand annotation as a Report."""

import json
from pathlib import Path

import pytest

from rhetoric import Report

ROOT = Path(__file__).parents[1]
SEED = ROOT / "data" / "texts" / "seed.txt"


@pytest.fixture(scope="session")
def seed_gold() -> Report:
    """The seed with every gold finding (all three categories, overlapping spans), notes as messages."""
    text = SEED.read_text(encoding="utf-8")
    rows = []
    for path in sorted((ROOT / "data" / "gold").glob("seed.*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                d.setdefault("message", d.get("note", ""))
                d.setdefault("source", d.get("russian"))
                rows.append(json.dumps(d))
    return Report.from_jsonl(text, rows)
