"""The command line: exit codes, one clear error line, output formats; run in-process."""

import json
from pathlib import Path

import pytest

from rhetoric.cli import build_parser, main

SEED = Path(__file__).parents[1] / "data" / "texts" / "seed.txt"


def test_analyze_jsonl_lines_are_the_findings_in_order(capsys):
    assert main(["analyze", str(SEED), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert rows == sorted(rows, key=lambda r: (r["start"], r["end"], r["category"], r["label"], r["rule"]))
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)


def test_analyze_reads_standard_input(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO('He said "hello".'.encode())))
    assert main(["analyze", "-", "--format", "jsonl", "--only", "quote"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in rows] == ['"hello"']


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
    (lambda p: (p / "bin.dat").write_bytes(b"\x00\x01\x02") and p / "bin.dat", "binary"),
    (lambda p: (p / "latin.txt").write_bytes(b"caf\xe9 ol\xe9") and p / "latin.txt", "not UTF-8"),
])
def test_unreadable_input_is_one_line_and_exit_1(tmp_path, capsys, make, message):
    assert main(["analyze", str(make(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("rhetoric: error:") and message in err


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["analyze", str(SEED), "--only", "poetry"])
    assert e.value.code == 2
    assert "invalid choice: 'poetry'" in capsys.readouterr().err


def test_parser_lists_the_subcommands():
    text = build_parser().format_help()
    for cmd in ("analyze", "rules", "evaluate"):
        assert cmd in text


def test_rules_prints_counts_per_lexicon(capsys):
    assert main(["rules", "--counts"]) == 0
    assert "total" in capsys.readouterr().out


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "rhetoric", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("rhetoric ")
