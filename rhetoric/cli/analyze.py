"""`rhetoric analyze`: findings of one text as JSON lines, a table or an HTML page."""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata

from ..findings import CATEGORIES, Report
from ..reading import InputError, open_output, read_text

HELP = "analyse a text file (or - for standard input) and print its findings"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH",
                   help="a text file, - for standard input, or a folder: every .txt file in it and its subfolders; "
                        "UTF-8, UTF-16 or UTF-8 with a byte-order mark, or cp1251 (offsets count characters of the "
                        "decoded text, from just after any byte-order mark)")
    p.add_argument("--format", choices=("jsonl", "table", "html"), default="table", help="output format (default: table)")
    p.add_argument("--only", nargs="+", choices=sorted(CATEGORIES), metavar="CATEGORY",
                   help="report only these categories: " + ", ".join(CATEGORIES))
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE (UTF-8) instead of standard output; never the input file itself")
    p.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="processes to use (default: one per core): a folder's files are analysed N at a time, "
                        "and a long text (200,000 characters or more) runs its MT rules beside the others; the "
                        "findings are the same for any N. For a folder, --format jsonl gives each line a "
                        "\"file\" key (the path inside the folder)")


def visible(span: str) -> str:
    """The span with control, format and line-separator characters escaped, so a terminal shows them safely."""
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch
                   for ch in span)


def format_table(report: Report, width: int = 48) -> str:
    """One line a finding: offsets, category/label, the span and the message."""
    lines = []
    for f in report:
        span = visible(f.text)
        span = span if len(span) <= width else span[: width - 1] + "…"
        hint = f" → {f.suggestion}" if f.suggestion else ""
        lines.append(f"{f.start:>6}-{f.end:<6} {f.category + '/' + f.label:<22} {span!s:<{width}} {f.message}{hint}")
    s = report.summary()
    counts = ", ".join(f"{c} {v['count']}" for c, v in s["by_category"].items())
    lines.append(f"{s['findings']} findings in {s['words']} words ({counts})")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from .. import analyze
    from ..batch import processes

    if os.path.isdir(args.path):
        return run_folder(args)
    source = read_text(args.path)
    if source.encoding != "utf-8":
        print(f"rhetoric: read {source.name} as {source.encoding}", file=sys.stderr)
    report = analyze(source.text, args.only, jobs=processes(args.jobs))
    out = open_output(args.output, [args.path]) if args.output else sys.stdout
    if out is sys.stdout and hasattr(out, "reconfigure"):
        # A console that cannot show a character gets an escape, not a crash half-way through the report.
        out.reconfigure(errors="xmlcharrefreplace" if args.format == "html" else "backslashreplace")
    try:
        if args.format == "jsonl":
            for f in report:
                out.write(f.to_json() + "\n")
        elif args.format == "html":
            from ..render import page

            out.write(page(report, title=source.name))
        else:
            out.write(format_table(report) + "\n")
            for note in report.notes:
                print(f"note: {note.start}: {note.message}", file=sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def folder_files(folder: str) -> list[str]:
    """The .txt files under a folder, as sorted paths relative to it; an error when there are none."""
    found = sorted(os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
                   for root, _, names in os.walk(folder) for name in names if name.endswith(".txt"))
    if not found:
        raise InputError(f"{folder}: is a directory with no .txt files to analyse")
    return found


def folder_jsonl(name: str, report: Report) -> str:
    """A file's findings as JSON lines with its "file" key, made in the worker that analysed it."""
    return "".join(json.dumps({"file": name, **f.to_dict()}, ensure_ascii=True) + "\n" for f in report)


def folder_table(name: str, report: Report) -> str:
    """A file's findings as a table under a header line with its name, made in the worker that analysed it."""
    return f"== {name}\n{format_table(report)}\n"


def run_folder(args: argparse.Namespace) -> int:
    """Corpus mode: every .txt file of a folder, analysed in parallel, reported in file-name order."""
    from ..batch import mapped, processes

    if args.format == "html":
        raise InputError("--format html takes one text file, not a folder")
    names = folder_files(args.path)
    texts, skipped = [], 0
    for name in names:
        try:
            texts.append((name, read_text(os.path.join(args.path, name)).text))
        except InputError as e:
            skipped += 1
            print(f"rhetoric: skipped {e}", file=sys.stderr)
    out = open_output(args.output, [os.path.join(args.path, n) for n in names]) if args.output else sys.stdout
    if out is sys.stdout and hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")
    try:
        render = folder_jsonl if args.format == "jsonl" else folder_table
        for chunk in mapped(texts, render, processes(args.jobs), args.only, progress=sys.stderr.isatty()):
            out.write(chunk)
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if skipped else 0
