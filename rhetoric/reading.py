"""Reading input files and bytes: detect the encoding, keep line endings, fail with one clear message."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


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
            try:
                return Source(data.decode(enc), name, enc)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: not valid {enc} text (byte {e.start})") from None
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
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
