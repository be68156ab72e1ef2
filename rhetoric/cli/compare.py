"""`rhetoric compare`: versions of one text aligned and scored against a reference, with the rhetoric diff."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from ..reading import InputError, read_text

HELP = "compare versions of one text: sentence alignment, BLEU/chrF/TER and which findings survive"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `rhetoric compare`, kept apart from running so the parser can be inspected."""
    p.add_argument("versions", nargs="+", metavar="VERSION",
                   help="a text file, or the id of a bundled version (seed, postedit, idiomatic, neutral)")
    p.add_argument("--reference", metavar="R", help="the reference version (default: the first VERSION)")
    p.add_argument("--format", choices=("table", "json", "html"), default="table", help="output format (default: table)")
    p.add_argument("--similarity", choices=("chrf", "embed"), default="chrf",
                   help="sentence similarity for the alignment; embed also fills the similarity column (default: chrf)")
    p.add_argument("--model", metavar="NAME_OR_PATH", help="embedding model (default: the bundled all-MiniLM-L6-v2)")
    p.add_argument("--normalise-names", action="store_true",
                   help="unify transliteration variants of names (Ermak/Yermak) before scoring, and show the effect")
    p.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="processes to use (default: one per core, at most 8): a long comparison scores its "
                        "segments and analyses its texts N at a time; the output is the same for any N")


def load(specs: Sequence[str]) -> list[tuple[str, str]]:
    """(name, text) of each VERSION argument: a file (named by its card id or stem), else a bundled version id;
    the bundled versions are read once, however many of them are named."""
    bundled: dict[str, str] | None = None
    versions = []
    for spec in specs:
        path = Path(spec)
        if spec == "-" or path.exists():
            versions.append(_load_file(spec, path))
            continue
        if bundled is None:
            from ..corpus import load_versions

            dataset = load_versions()
            bundled = dict(zip(dataset["id"], dataset["text"]))
        if spec not in bundled:
            raise InputError(f"{spec}: no such file, and not a bundled version ({', '.join(bundled)})")
        versions.append((spec, bundled[spec]))
    return versions


def _load_file(spec: str, path: Path) -> tuple[str, str]:
    """A version read from a file (or standard input), named by the id of its card when it has one."""
    source = read_text(spec)
    card = path.with_suffix(".json")
    name = path.stem
    if spec != "-" and card.is_file():
        try:
            name = str(json.loads(read_text(str(card)).text).get("id", name))
        except (json.JSONDecodeError, AttributeError):
            raise InputError(f"{card}: not a valid JSON card") from None
    return name, source.text


def run(args: argparse.Namespace) -> int:
    """Compare the versions and print the comparison; inputs compare() cannot score become InputErrors."""
    from ..compare import compare, format_table, html_page

    specs = list(args.versions)
    if args.reference is not None:
        specs = [args.reference] + [s for s in specs if s != args.reference]
    if len(specs) < 2:
        raise InputError("compare needs a reference and at least one other version")
    versions = load(specs)
    names = [n for n, _ in versions]
    if len(set(names)) != len(names):
        versions = [(s, t) for s, (_, t) in zip(specs, versions)]
    try:
        result = compare(versions, 0, args.similarity, args.model, args.normalise_names, jobs=args.jobs)
    except ValueError as e:  # inputs compare() cannot score, e.g. versions with no text
        raise InputError(str(e)) from None
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif args.format == "html":
        sys.stdout.write(html_page(result))
    else:
        sys.stdout.write(format_table(result) + "\n")
    return 0
