"""A long text on two cores: the report is the one-process report, finding for finding, note for note."""

import os
from pathlib import Path

import pytest

import rhetoric
from rhetoric.cli import main
from rhetoric.rules import parallel

DATA = Path(__file__).parents[1] / "data"
TEXTS = [DATA / "texts" / "seed.txt", *sorted((DATA / "translations").glob("*.txt")),
         *sorted((DATA / "controls").glob("*.txt"))]


@pytest.fixture(scope="module")
def long_text() -> str:
    """Every bundled text, twice, with an unbalanced quotation mark: over the two-core threshold."""
    body = "\n\n".join(p.read_text(encoding="utf-8") for p in TEXTS)
    text = "\n\n".join([body, 'He called it "peace.', body] * 3)
    assert len(text) >= parallel.MIN_CHARS
    return text


@pytest.mark.parametrize("categories", [None, ["mt"], ["framing"], ["quote", "mt"], ["framing", "mt"]])
def test_two_jobs_give_the_one_job_report(long_text, categories):
    one = rhetoric.analyze(long_text, categories, jobs=1)
    two = rhetoric.analyze(long_text, categories, jobs=2)
    assert len(one) > 100
    assert one.findings == two.findings and one.notes == two.notes and one.config == two.config
    assert one.to_jsonl() == two.to_jsonl()


def test_the_mt_rules_really_run_in_another_process(long_text, monkeypatch):
    seen: list[int] = []
    real = parallel.beside

    def spy(side, main):  # type: ignore[no-untyped-def]
        there, here = real(lambda: (os.getpid(), side()), main)
        seen.append(there[0])
        return there[1], here

    monkeypatch.setattr(parallel, "beside", spy)
    rhetoric.analyze(long_text, jobs=2)
    assert seen and seen[0] != os.getpid()
    seen.clear()
    rhetoric.analyze(long_text[:1000], jobs=2)  # a short text stays in this process
    assert not seen


def test_cli_jobs_on_one_long_file_print_the_same_lines(long_text, tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text(long_text, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        assert main(["analyze", str(path), "--format", "jsonl", "--jobs", jobs]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 100
