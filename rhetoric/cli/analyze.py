"""`rhetoric analyze`: findings of one text as JSON lines, a table or an HTML page."""

from __future__ import annotations

import argparse
import sys
import unicodedata

from ..findings import CATEGORIES, Report
from ..reading import open_output, read_text

HELP = "analyse a text file (or - for standard input) and print its findings"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="a text file, or - for standard input")
    p.add_argument("--format", choices=("jsonl", "table", "html"), default="table", help="output format (default: table)")
    p.add_argument("--only", nargs="+", choices=sorted(CATEGORIES), metavar="CATEGORY",
                   help="report only these categories: " + ", ".join(CATEGORIES))
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE (UTF-8) instead of standard output; never the input file itself")


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

    source = read_text(args.path)
    if source.encoding != "utf-8":
        print(f"rhetoric: read {source.name} as {source.encoding}", file=sys.stderr)
    report = analyze(source.text, args.only)
    out = open_output(args.output, [args.path]) if args.output else sys.stdout
    if out is sys.stdout and hasattr(out, "reconfigure"):
        # A console that cannot show a character gets an escape, not a crash half-way through the report.
        out.reconfigure(errors="xmlcharrefreplace" if args.format == "html" else "backslashreplace")
    try:
        if args.format == "jsonl":
            for f in report:
                out.write(Report(report.text, (f,)).to_jsonl())
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
