"""`rhetoric analyze`: findings of one text as JSON lines, a table or an HTML page."""

from __future__ import annotations

import argparse
import sys

from ..findings import CATEGORIES, Report
from ..reading import read_text

HELP = "analyse a text file (or - for standard input) and print its findings"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="a text file, or - for standard input")
    p.add_argument("--format", choices=("jsonl", "table", "html"), default="table", help="output format (default: table)")
    p.add_argument("--only", nargs="+", choices=sorted(CATEGORIES), metavar="CATEGORY",
                   help="report only these categories: " + ", ".join(CATEGORIES))


def format_table(report: Report, width: int = 48) -> str:
    """One line a finding: offsets, category/label, the span and the message."""
    lines = []
    for f in report:
        span = f.text.replace("\r", "\\r").replace("\n", "\\n")
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
    report = analyze(source.text, args.only)
    out = sys.stdout
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
    return 0
