"""`rhetoric rules`: every rule with its id, label, kind and lexicon, and counts per lexicon."""

from __future__ import annotations

import argparse
from collections import Counter

HELP = "list the rules (ids, labels, kinds, lexicons) and how many each lexicon holds"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `rhetoric rules`, kept apart from running so the parser can be inspected."""
    p.add_argument("--counts", action="store_true", help="print only the counts per lexicon")
    p.add_argument("--category", help="only rules of this category")


def run(args: argparse.Namespace) -> int:
    """Print the rules and the counts, so a lexicon author sees what the engine actually loaded."""
    from ..rules import rule_table

    rows = [r for r in rule_table() if not args.category or r.category == args.category]
    if not args.counts:
        for r in rows:
            print(f"{r.id:<48} {r.category:<8} {r.label:<16} {r.kind:<12} {r.lexicon:<26} {r.examples} examples")
    for lexicon, n in sorted(Counter(r.lexicon for r in rows).items()):
        print(f"{lexicon:<30} {n:>5} rules")
    print(f"{'total':<30} {len(rows):>5} rules")
    return 0
