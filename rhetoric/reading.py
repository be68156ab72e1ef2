"""Reading input files and bytes: detect the encoding, keep line endings, fail with one clear message."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from typing import Iterable, TextIO

# A BOM decides the encoding and is not part of the text: offsets count from the first character after it.
# UTF-32 LE first: its BOM begins with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Control bytes that text files do not contain (tab, line feed, form feed, carriage return and escape excepted).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class InputError(Exception):
    """An input that cannot be analysed; its message is the one line the user sees."""


@dataclass(frozen=True)
class Source:
    """A decoded text with the name it came from and the encoding that decoded it."""

    text: str
    name: str
    encoding: str


def decode(data: bytes, name: str = "<bytes>") -> Source:
    """Decode bytes: a BOM decides, else UTF-8, else cp1251 for legacy Russian text; line endings untouched."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if enc == "utf-8-sig" else enc
            try:
                return Source(data[len(bom):].decode(codec), name, enc)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: not valid {enc} text (undecodable byte at offset {e.start + len(bom)})") \
                    from None
    if b"\x00" in data or len(_CONTROL.findall(data[:65536])) > len(data[:65536]) // 20:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return Source(data.decode("utf-8"), name, "utf-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = ""
    letters = sum(ch.isalpha() for ch in text)
    if text and letters and len(_CYRILLIC.findall(text)) / letters > 0.3:
        return Source(text, name, "cp1251")
    raise InputError(f"{name}: not UTF-8 text (undecodable byte at offset {first_bad}); "
                     "convert it to UTF-8 or save it with a BOM")


def read_text(path: str) -> Source:
    """Read a file (or standard input for '-') as text; any failure becomes an InputError."""
    import sys

    if path == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a text file")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    return decode(data, path)


def same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (symlinks and hard links included); False when either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def open_output(path: str, inputs: Iterable[str]) -> TextIO:
    """A file to write a result to, refused when it is (or links to) one of the inputs being read."""
    for src in inputs:
        if src != "-" and same_file(path, src):
            raise InputError(f"{path}: is the input file {src}; choose another output file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory; give a file name for the output")
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None
