"""rhetoric: what the author says and what the machine translation did to it, as exact spans."""

from __future__ import annotations

from typing import Iterable

from .findings import CATEGORIES, Finding, Note, Report
from .text import Document, Quotation

__version__ = "0.1.0"


def analyze(text: str, categories: str | Iterable[str] | None = None, jobs: int = 1) -> Report:
    """Find framing, quotations and MT artifacts in `text`; `categories` limits what is reported; `jobs` 2
    lets a long text (200,000 characters or more) use a second core, with the same report."""
    from .rules import default_analyzer

    cats = [categories] if isinstance(categories, str) else categories
    return default_analyzer().run(text, cats, jobs=jobs)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """`rhetoric.load_versions` on first use, so `import rhetoric` stays light (comparison: rhetoric.compare)."""
    if name == "load_versions":
        from .corpus import load_versions

        return load_versions
    raise AttributeError(f"module 'rhetoric' has no attribute {name!r}")


__all__ = ["CATEGORIES", "Document", "Finding", "Note", "Quotation", "Report", "analyze", "load_versions",
           "__version__"]
