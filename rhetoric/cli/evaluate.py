"""`rhetoric evaluate`: precision, recall and F1 of the analyser (or a predictions file) against gold."""

from __future__ import annotations

import argparse
import json

HELP = "score findings against gold annotations (per label, strict and lenient, quotation confusion)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `rhetoric evaluate`, kept apart from running so the parser can be inspected."""
    p.add_argument("gold", metavar="GOLD", help="a gold JSONL file, or a folder holding <text stem>.*.jsonl files")
    p.add_argument("text", metavar="TEXT", help="the annotated text")
    p.add_argument("--predictions", metavar="JSONL", help="score these findings instead of running the analyser")
    p.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    """Score the analyser (only on the categories the gold covers) or a predictions file against the gold."""
    from .. import analyze
    from ..evaluate import evaluate, gold_files, read_gold
    from ..findings import Report
    from ..reading import InputError, read_text

    text = read_text(args.text).text
    files = gold_files(args.gold, args.text)
    if not files:
        raise InputError(f"{args.gold}: no gold files for {args.text}")
    try:
        gold = read_gold(files, text)
        if args.predictions:
            pred = Report.from_jsonl(text, read_text(args.predictions).text)
        else:
            pred = analyze(text, sorted({g.category for g in gold}))
    except (ValueError, KeyError) as e:
        raise InputError(f"bad annotation file: {e}") from None
    result = evaluate(gold.findings, pred.findings)
    print(json.dumps(result.to_dict(), indent=1) if args.format == "json" else result.format())
    return 0
