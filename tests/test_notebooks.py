"""The committed notebooks are executed, in order, with outputs where they should be and checked key numbers.

nbval passes a notebook committed without outputs (it has nothing to compare), so this test is what makes
the nbval run meaningful.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHECK = "# NBVAL_CHECK_OUTPUT"


def _cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _shows_something(source: str) -> bool:
    """Whether a cell must leave an output: it prints, or it ends with an expression (a table, a figure)
    other than a call of a set_* function (setters return nothing)."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    prints = any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print" for n in ast.walk(tree))
    last = tree.body[-1] if tree.body else None
    setter = (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
              and (getattr(last.value.func, "attr", None) or getattr(last.value.func, "id", "")).startswith("set_"))
    return prints or (isinstance(last, ast.Expr) and not setter)


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 5, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_was_executed_in_order(path: Path) -> None:
    cells = [c for c in _cells(path) if _source(c).strip()]
    counts = [c.get("execution_count") for c in cells]
    assert None not in counts, f"{path.name}: unexecuted code cells at {[i for i, n in enumerate(counts) if n is None]}"
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: not run top to bottom in one kernel: {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cells_that_show_something_have_outputs_and_no_errors(path: Path) -> None:
    for i, cell in enumerate(_cells(path)):
        outputs = cell.get("outputs", [])
        assert not [o for o in outputs if o.get("output_type") == "error"], f"{path.name} cell {i}: error output"
        if _shows_something(_source(cell)):
            assert outputs, f"{path.name} cell {i}: no output for\n{_source(cell)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_checks_key_numbers(path: Path) -> None:
    checked = [c for c in _cells(path) if _source(c).lstrip().startswith(CHECK)]
    assert checked, f"{path.name}: no {CHECK} cell"
    for cell in checked:
        assert any(o.get("output_type") == "stream" or "text/plain" in o.get("data", {})
                   for o in cell.get("outputs", [])), f"{path.name}: checked cell without text output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_plot_cells_show_the_image_not_the_figure_repr(path: Path) -> None:
    for i, cell in enumerate(_cells(path)):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "execute_result":
                text = "".join(o.get("data", {}).get("text/plain", ""))
                assert not text.startswith(("<Figure", "<Axes")), f"{path.name} cell {i}: end the plot cell with ';'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_hold_no_local_paths(path: Path) -> None:
    assert str(ROOT) not in path.read_text(encoding="utf-8"), f"{path.name}: an output holds this machine's path"
