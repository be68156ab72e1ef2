"""Scoring a long comparison on several processes: the statistics, scores and output are the one-process ones."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

import rhetoric.compare as compare_module
from rhetoric.cli import main
from rhetoric.compare import _metrics, _statistics, score_segments
from rhetoric.text import Document

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data"
VERSIONS = [DATA / "texts" / "seed.txt", *(DATA / "translations" / f"{v}.txt" for v in ("postedit", "idiomatic", "neutral"))]


@pytest.fixture(scope="module")
def segments() -> tuple[list[str], list[str]]:
    """Seed sentences against postedit sentences, shifted by one, with empty, tokenised and repeated segments."""
    def sentences(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return [text[s:e] for s, e in Document(text).sentences]

    refs, hyps = sentences(VERSIONS[0]), sentences(VERSIONS[1])
    n = min(len(refs), len(hyps))
    refs, hyps = refs[:n] * 3, (hyps[1:n] + [""]) * 3
    refs[5], hyps[7], hyps[9] = "", "A tokenised sentence .", refs[9]
    assert len(refs) > compare_module.PARALLEL_MIN
    return hyps, refs


def _pool_spy(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Record the start method of every process pool the scorer asks for."""
    asked: list[str | None] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None):  # type: ignore[no-untyped-def]
        asked.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    return asked


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_statistics_are_the_serial_statistics(segments, jobs, monkeypatch):
    hyps, refs = segments
    serial_metrics, parallel_metrics = _metrics(), _metrics()
    serial = _statistics(serial_metrics, hyps, refs, 1)
    asked = _pool_spy(monkeypatch)
    parallel = _statistics(parallel_metrics, hyps, refs, jobs)
    assert asked == ["fork"]
    assert len(parallel) == 3 and all(len(s) == len(hyps) for s in parallel)
    assert parallel == serial
    assert [m.num_refs for _, m, _ in parallel_metrics] == [m.num_refs for _, m, _ in serial_metrics] == [1, 1, 1]


def test_parallel_scores_and_signatures_are_the_serial_ones(segments, monkeypatch):
    hyps, refs = segments
    one = score_segments(hyps, refs, jobs=1)
    asked = _pool_spy(monkeypatch)
    assert score_segments(hyps, refs, jobs=2) == one
    assert asked == ["fork"]
    asked.clear()
    assert score_segments(hyps[:20], refs[:20], jobs=2) == score_segments(hyps[:20], refs[:20], jobs=1)
    assert asked == []  # a short input stays in this process


def test_cli_jobs_gives_the_same_json_on_one_and_on_two_processes(monkeypatch, capsys):
    monkeypatch.setattr(compare_module, "PARALLEL_MIN", 1)
    outputs = []
    for jobs in ("1", "2"):
        assert main(["compare", *map(str, VERSIONS), "--format", "json", "--normalise-names", "--jobs", jobs]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert [p["hyp_name"] for p in json.loads(outputs[0])["pairs"]] == ["postedit", "idiomatic", "neutral"]


_STDIN_PROGRAM = """
from rhetoric.compare import PARALLEL_MIN, compare

ref = " ".join(f"Sentence number {k} says that the talks were broken off." for k in range(PARALLEL_MIN + 20))
hyp = " ".join(f"Sentence {k} says the dialogue was interrupted." for k in range(PARALLEL_MIN + 20))
two = compare([("ref", ref), ("hyp", hyp)], paired_tests=False, jobs=2).to_dict()
one = compare([("ref", ref), ("hyp", hyp)], paired_tests=False, jobs=1).to_dict()
assert two == one and len(two["pairs"][0]["segments"]) > PARALLEL_MIN
print("ok", two["pairs"][0]["ter"])
"""


def test_a_program_read_from_standard_input_can_score_in_parallel():
    done = subprocess.run([sys.executable, "-"], input=_STDIN_PROGRAM, capture_output=True, text=True, cwd=ROOT,
                          timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")

