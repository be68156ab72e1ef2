"""Versions as datasets tables: the bundled data, a user's folder, and one clear error for each bad input."""

from __future__ import annotations

import json

import pytest

from rhetoric.corpus import load_versions, sentences
from rhetoric.reading import InputError
from rhetoric.text import Document


def test_bundled_versions_are_the_seed_and_the_three_renderings():
    ds = load_versions()
    assert list(ds["id"]) == ["seed", "idiomatic", "neutral", "postedit"]
    assert ds[0]["role"] == "source-mt" and ds[0]["path"] == "data/texts/seed.txt"
    assert {"title", "method", "policy", "changed", "kept"} <= set(ds.column_names)
    post = ds[list(ds["id"]).index("postedit")]
    assert post["role"] == "post-edit" and isinstance(post["changed"], list) and post["changed"]


def test_sentences_are_the_document_sentences():
    ds = load_versions()
    sent = sentences(ds)
    for vid, text in zip(ds["id"], ds["text"]):
        rows = sent.filter(lambda r, vid=vid: r["version"] == vid)
        assert [(r["start"], r["end"]) for r in rows] == Document(text).sentences
        assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
        assert list(rows["index"]) == list(range(len(rows)))


def test_a_user_folder_with_and_without_cards(tmp_path):
    (tmp_path / "b.txt").write_text("Second version. It has two sentences.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First version.\nA new paragraph.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"id": "alpha", "role": "draft", "meta": {"n": 1}}), encoding="utf-8")
    ds = load_versions(tmp_path)
    assert list(ds["id"]) == ["alpha", "b"] and list(ds["role"]) == ["draft", "version"]
    assert json.loads(ds[0]["meta"]) == {"n": 1} and ds[1]["meta"] is None
    assert list(sentences(ds)["paragraph"]) == [0, 1, 0, 0]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p / "missing", "no such folder"),
    (lambda p: (p / "f.txt").write_text("x", encoding="utf-8") and p / "f.txt", "not a folder"),
    (lambda p: (p / "notes.md").write_text("x", encoding="utf-8") and p, "no .txt files"),
    (lambda p: (p / "bad.txt").write_bytes(b"caf\xe9 ol\xe9") and p, "not UTF-8"),
    (lambda p: (p / "bin.txt").write_bytes(b"\x00\x01") and p, "binary"),
    (lambda p: [(p / "v.txt").write_text("A text.", encoding="utf-8"),
                (p / "v.json").write_text("{oops", encoding="utf-8")] and p, "not valid JSON"),
    (lambda p: [(p / "x.txt").write_text("A.", encoding="utf-8"), (p / "y.txt").write_text("B.", encoding="utf-8"),
                (p / "y.json").write_text('{"id": "x"}', encoding="utf-8")] and p, "duplicate version ids x"),
])
def test_bad_folders_raise_one_clear_input_error(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        load_versions(make(tmp_path))
