"""Corpus mode: the parallel path gives exactly the findings of analysing each text on its own."""

import json
from pathlib import Path

import pytest

import rhetoric
from rhetoric.batch import COLUMNS, analyze_corpus, analyze_document
from rhetoric.cli import main

DATA = Path(__file__).parents[1] / "data"
FILES = [DATA / "texts" / "seed.txt", *sorted((DATA / "controls").glob("*.txt")),
         *sorted((DATA / "translations").glob("*.txt"))]


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in FILES}


def expected_rows(corpus: dict[str, str]) -> list[dict]:
    out = []
    for doc, text in corpus.items():
        for f in rhetoric.analyze(text):
            d = f.to_dict()
            out.append({"doc": doc, **{c: d.get(c) for c in COLUMNS[1:]}, "features": list(f.features)})
    return out


def test_two_processes_give_the_rows_of_one_and_of_per_text_analysis(corpus):
    one = analyze_corpus(corpus, num_proc=1, progress=False).to_list()
    two = analyze_corpus(corpus, num_proc=2, progress=False).to_list()
    assert one == two == expected_rows(corpus)
    assert {r["doc"] for r in one} == {d for d, t in corpus.items() if len(rhetoric.analyze(t))}


def test_a_dataset_keeps_its_ids_and_the_table_round_trips_through_parquet(corpus, tmp_path):
    from datasets import Dataset

    ds = Dataset.from_dict({"id": list(corpus), "text": list(corpus.values())})
    out = analyze_corpus(ds, num_proc=2, categories=["quote"], parquet=tmp_path / "f.parquet", progress=False)
    assert set(out["category"]) == {"quote"}
    assert out.to_list() == [r for r in expected_rows(corpus) if r["category"] == "quote"]
    assert Dataset.from_parquet(str(tmp_path / "f.parquet")).to_list() == out.to_list()


def test_bare_texts_get_their_position_as_id_and_an_empty_corpus_an_empty_table():
    assert analyze_corpus(["", 'He called it a "peace plan".'], num_proc=1, progress=False)["doc"] == ["1"]
    assert analyze_corpus([], num_proc=2, progress=False).column_names == list(COLUMNS)


def test_analyze_document_is_the_row_form_of_analyze(corpus):
    text = corpus["seed"]
    assert [(r["start"], r["end"], r["rule"]) for r in analyze_document("seed", text)] == \
        [(f.start, f.end, f.rule) for f in rhetoric.analyze(text)]


def test_cli_folder_with_jobs_prints_each_files_findings_with_its_name(corpus, tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    for name in ("seed", "markets_report"):
        (tmp_path / ("sub" if name == "seed" else "") / f"{name}.txt").write_text(corpus[name], encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a text to analyse", encoding="utf-8")
    assert main(["analyze", str(tmp_path), "--jobs", "2", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    want = [{"file": file, **f.to_dict()} for file, name in (("markets_report.txt", "markets_report"),
                                                              ("sub/seed.txt", "seed"))
            for f in rhetoric.analyze(corpus[name])]
    assert rows == want


def test_cli_folder_table_has_a_header_per_file_and_html_is_refused(corpus, tmp_path, capsys):
    (tmp_path / "a.txt").write_text(corpus["seed"], encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing to see here.", encoding="utf-8")
    assert main(["analyze", str(tmp_path), "-j", "1"]) == 0
    out = capsys.readouterr().out
    assert out.index("== a.txt") < out.index("== b.txt") and "0 findings in 4 words" in out
    assert main(["analyze", str(tmp_path), "--format", "html"]) == 1
    assert "html" in capsys.readouterr().err
