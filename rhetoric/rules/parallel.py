"""One long text on two cores: the MT rules in a forked worker while the quotation and framing rules run here.

The categories are independent except that framing asks the quotation labels who is speaking, so the MT rules
(which never ask) can run beside the other two on the same segmented document. The worker is forked after the
document is built, so it inherits the rules and the document and only its findings travel back: the result is
the serial result, finding for finding (tests/test_parallel.py checks it).
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, TypeVar

T = TypeVar("T")
# Below this many characters a text runs in one process: forking costs more than it saves (about 0.2 s of work).
MIN_CHARS = 200_000
# What the forked worker runs: set just before the fork, so nothing of the document is pickled on the way out.
_SIDE: Callable[[], object] | None = None


def can_fork() -> bool:
    """A worker inherits the loaded rules and the document only when forked, and a pool worker may not fork."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def _call_side() -> object:
    """The worker's one task."""
    assert _SIDE is not None
    return _SIDE()


def beside(side: Callable[[], T], main: Callable[[], T]) -> tuple[T, T]:
    """`side()` in a forked process while `main()` runs in this one; both results."""
    global _SIDE
    _SIDE = side
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            pending = pool.apply_async(_call_side)
            here = main()
            there = pending.get()
    finally:
        _SIDE = None
    return there, here  # type: ignore[return-value]
