"""The command line: a parser, run(args) -> exit status, and main(); one module per subcommand."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

from .. import __version__
from ..reading import InputError

# Each module has HELP, add_arguments(parser) and run(args) -> int.
COMMANDS = ("analyze", "rules", "evaluate", "report", "compare")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand; kept apart from running so tests can inspect it."""
    parser = argparse.ArgumentParser(prog="rhetoric", description=(
        "Find loaded framing, classify quotations and spot machine-translation artifacts in English text."))
    parser.add_argument("--version", action="version", version=f"rhetoric {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f".{name}", __name__)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(handler=module.run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; user-facing failures become one line on stderr and exit status 1."""
    try:
        return int(args.handler(args))
    except InputError as e:
        if args.debug:
            raise
        print(f"rhetoric: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep the final flush from failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001  (a bug: one line for the user, the traceback with --debug)
        if args.debug:
            raise
        print(f"rhetoric: internal error: {type(e).__name__}: {e} (run with --debug for the traceback)",
              file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rhetoric` console script and of `python -m rhetoric`."""
    args = build_parser().parse_args(argv)
    return run(args)
