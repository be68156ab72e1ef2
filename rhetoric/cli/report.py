"""`rhetoric report`: one self-contained HTML file with the findings of a text and, optionally, other versions."""

from __future__ import annotations

import argparse
import os
import sys

from ..reading import InputError, read_text

HELP = "write a standalone HTML report of a text (highlights, quotations, density, comparisons)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `rhetoric report`, kept apart from running so the parser can be inspected."""
    p.add_argument("path", metavar="TEXT", help="a text file, or - for standard input")
    p.add_argument("--compare", nargs="+", action="extend", default=[], metavar="VERSION",
                   help="other versions of the same text to align beside it and score against it")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write, or - for standard output")
    p.add_argument("--title", help="the report's title (default: the text's file name)")


def _same_file(a: str, b: str) -> bool:
    """True when two paths name one file (also through links), so an input is never overwritten."""
    if a == "-" or b == "-":
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _write(path: str, document: str) -> None:
    """Write the report; failures become one clear InputError line."""
    if path == "-":
        sys.stdout.write(document)
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(document)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give a file name for the report") from None
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None


def run(args: argparse.Namespace) -> int:
    """Analyse the text once, compare it with any other versions and write the report, never over an input."""
    from .. import analyze
    from ..report import html_report

    for given in (args.path, *args.compare):
        if _same_file(args.output, given):
            raise InputError(f"{args.output}: refusing to overwrite an input file with the report; choose another -o")
    source = read_text(args.path)
    report = analyze(source.text)
    comparison = None
    if args.compare:
        from ..report import compare_versions

        comparison = compare_versions(source, [read_text(p) for p in args.compare], report)
    name = os.path.basename(source.name) if source.name != "<stdin>" else source.name
    _write(args.output, html_report(report, name=name, encoding=source.encoding, comparison=comparison,
                                    title=args.title))
    return 0
