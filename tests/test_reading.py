"""Reading files: encodings detected and reported, offsets into the decoded text, one clear line for bad input."""

import codecs
import json
import os

import pytest

import rhetoric.reading
from rhetoric.cli import main
from rhetoric.reading import InputError, decode, read_text
from rhetoric.text import Document

# Two quotations, a CRLF line end and a non-ASCII dash: every offset below depends on all three.
TEXT = 'He called it a "blood oath".\r\nThe \u201cgo\u2013ahead\u201d came later.\r\n'
QUOTES = [(TEXT.index('"blood'), TEXT.index('oath"') + 5), (TEXT.index("\u201c"), TEXT.index("\u201d") + 1)]
RUSSIAN = "Так называемые «гарантии безопасности» – это пустые слова.\r\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_unicode_encodings_decode_to_the_same_text_without_bom(data, encoding):
    source = decode(data, "t.txt")
    assert (source.text, source.encoding) == (TEXT, encoding)
    assert [(q.start, q.end) for q in Document(source.text).quotations] == QUOTES


def test_cp1251_is_recognised_for_russian_text():
    source = decode(RUSSIAN.encode("cp1251"))
    assert (source.text, source.encoding) == (RUSSIAN, "cp1251")


def test_latin1_bytes_are_not_taken_for_cp1251():
    with pytest.raises(InputError, match="not UTF-8 text"):
        decode("Le café est très bon, déjà vu.".encode("latin-1"))


def test_line_endings_are_kept_exactly():
    text = decode(b"a\r\nb\rc\nd").text
    assert text == "a\r\nb\rc\nd" and len(text) == 8


def test_a_bom_in_the_middle_stays_in_the_text():
    assert decode(codecs.BOM_UTF8 + "a\ufeffb".encode()).text == "a\ufeffb"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_cli_offsets_point_into_the_decoded_text(tmp_path, capsys, encoding):
    path = tmp_path / "t.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert main(["analyze", str(path), "--format", "jsonl", "--only", "quote"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["start"], r["end"]) for r in rows] == QUOTES
    assert all(TEXT[r["start"]:r["end"]] == r["text"] for r in rows)


@pytest.mark.parametrize(("data", "encoding"), [
    (codecs.BOM_UTF8 + b"Hello.", "utf-8-sig"),
    (codecs.BOM_UTF16_LE + "Hello.".encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + "Hello.".encode("utf-16-be"), "utf-16-be"),
    (RUSSIAN.encode("cp1251"), "cp1251"),
])
def test_cli_reports_any_encoding_but_plain_utf8(tmp_path, capsys, data, encoding):
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    assert main(["analyze", str(path), "--format", "jsonl"]) == 0
    assert capsys.readouterr().err == f"rhetoric: read {path} as {encoding}\n"


def test_cli_says_nothing_about_plain_utf8(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_bytes("Plain “text”.".encode())
    assert main(["analyze", str(path), "--format", "jsonl"]) == 0
    assert capsys.readouterr().err == ""


# Each bad input: exit status 1 and exactly one line on standard error, no traceback.
def _error(tmp_path, capsys, argv):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.err, captured.out


def test_missing_file(tmp_path, capsys):
    p = tmp_path / "missing.txt"
    assert _error(tmp_path, capsys, ["analyze", str(p)]) == (1, f"rhetoric: error: {p}: no such file\n", "")


def test_directory_without_texts(tmp_path, capsys):
    (tmp_path / "notes.md").write_text("not a .txt file", encoding="utf-8")
    assert _error(tmp_path, capsys, ["analyze", str(tmp_path)]) == (
        1, f"rhetoric: error: {tmp_path}: is a directory with no .txt files to analyse\n", "")


def test_directory_where_a_file_is_expected(tmp_path):
    with pytest.raises(InputError, match=r"^.*: is a directory, not a text file$"):
        read_text(str(tmp_path))


def test_permission_denied(tmp_path, capsys, monkeypatch):
    p = tmp_path / "secret.txt"
    p.write_text("text", encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(rhetoric.reading, "open", denied, raising=False)
    assert _error(tmp_path, capsys, ["analyze", str(p)]) == (1, f"rhetoric: error: {p}: permission denied\n", "")


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(1, 32)) * 4])
def test_binary_file(tmp_path, capsys, data):
    p = tmp_path / "image.png"
    p.write_bytes(data)
    assert _error(tmp_path, capsys, ["analyze", str(p)]) == (
        1, f"rhetoric: error: {p}: looks like a binary file, not text\n", "")


def test_undecodable_bytes(tmp_path, capsys):
    p = tmp_path / "latin.txt"
    p.write_bytes("caf\u00e9 ol\u00e9".encode("latin-1"))
    assert _error(tmp_path, capsys, ["analyze", str(p)]) == (
        1, f"rhetoric: error: {p}: not UTF-8 text (undecodable byte at offset 3); "
           "convert it to UTF-8 or save it with a BOM\n", "")


def test_undecodable_utf16_after_its_bom(tmp_path, capsys):
    p = tmp_path / "broken16.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate
    assert _error(tmp_path, capsys, ["analyze", str(p)]) == (
        1, f"rhetoric: error: {p}: not valid utf-16-le text (undecodable byte at offset 6)\n", "")


@pytest.mark.parametrize(("fmt", "out"), [("jsonl", ""), ("table", "0 findings in 0 words (framing 0, quote 0, mt 0)\n")])
def test_empty_file_is_an_empty_report(tmp_path, capsys, fmt, out):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert _error(tmp_path, capsys, ["analyze", str(p), "--format", fmt]) == (0, "", out)


def test_empty_standard_input(capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["analyze", "-", "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == ""


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        main(["--debug", "analyze", str(tmp_path / "missing.txt")])


def test_an_internal_error_is_one_line_without_debug(tmp_path, capsys, monkeypatch):
    p = tmp_path / "t.txt"
    p.write_text("text", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(rhetoric, "analyze", broken)
    assert _error(tmp_path, capsys, ["analyze", str(p)]) == (
        1, "rhetoric: internal error: RuntimeError: boom (run with --debug for the traceback)\n", "")
    with pytest.raises(RuntimeError, match="boom"):
        main(["--debug", "analyze", str(p)])


# Outputs never overwrite inputs, whatever path leads to them.
@pytest.mark.parametrize("link", [None, "symlink", "hardlink", "dotted"])
def test_output_never_overwrites_the_input(tmp_path, capsys, link):
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8", newline="")
    out = {None: src, "dotted": tmp_path / ".." / tmp_path.name / "in.txt", "symlink": tmp_path / "sym.txt",
           "hardlink": tmp_path / "hard.txt"}[link]
    if link == "symlink":
        os.symlink(src, out)
    elif link == "hardlink":
        os.link(src, out)
    assert _error(tmp_path, capsys, ["analyze", str(src), "-o", str(out), "--format", "jsonl"]) == (
        1, f"rhetoric: error: {out}: is the input file {src}; choose another output file\n", "")
    assert src.read_bytes() == TEXT.encode()


def test_output_goes_to_the_named_file(tmp_path, capsys):
    src, out = tmp_path / "in.txt", tmp_path / "out.jsonl"
    src.write_text(TEXT, encoding="utf-8", newline="")
    assert main(["analyze", str(src), "-o", str(out), "--format", "jsonl", "--only", "quote"]) == 0
    assert capsys.readouterr().out == ""
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["start"], r["end"]) for r in rows] == QUOTES


def test_output_to_a_directory_is_refused(tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert _error(tmp_path, capsys, ["analyze", str(src), "-o", str(tmp_path)]) == (
        1, f"rhetoric: error: {tmp_path}: is a directory; give a file name for the output\n", "")


def test_read_text_of_standard_input_is_named(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(codecs.BOM_UTF8 + b"x")))
    assert read_text("-") == rhetoric.reading.Source("x", "<stdin>", "utf-8-sig")
