"""HTML rendering: the text with its findings highlighted, escaped so any input renders as text."""

from __future__ import annotations

import html
from typing import Iterable

from .findings import Finding, Report

# Okabe-Ito colours (colour-blind safe), each category with its own underline style as a second cue.
STYLE = """
.rh-text{white-space:pre-wrap;line-height:1.7;font-family:Georgia,serif;max-width:52em}
.rh-text mark{background:none;color:inherit;padding:0 1px;border-bottom:3px solid}
.rh-text mark.framing{background:#fbe3cf;border-bottom-color:#d55e00;border-bottom-style:solid}
.rh-text mark.quote{background:#d7ecf8;border-bottom-color:#0072b2;border-bottom-style:dashed}
.rh-text mark.mt{background:#f6eec0;border-bottom-color:#9a7d00;border-bottom-style:dotted}
.rh-legend span{margin-right:1.2em}
"""


def _segments(text: str, findings: Iterable[Finding]) -> list[tuple[int, int, list[Finding]]]:
    """Cut the text at every finding boundary; each piece carries the findings covering it."""
    fs = [f for f in findings if f.end > f.start]
    cuts = sorted({0, len(text), *(f.start for f in fs), *(f.end for f in fs)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        out.append((a, b, [f for f in fs if f.start <= a and b <= f.end]))
    return out


def _title(fs: list[Finding]) -> str:
    parts = []
    for f in fs:
        line = f"{f.category}/{f.label} [{f.rule}]: {f.message}"
        if f.suggestion:
            line += f" Suggestion: {f.suggestion}"
        if f.source:
            line += f" Russian: {f.source}"
        parts.append(line)
    return "\n".join(parts)


def highlight_html(report: Report) -> str:
    """An HTML fragment for notebooks: legend plus the text with every finding marked and explained on hover."""
    text = report.text
    pieces = [f"<style>{STYLE}</style>",
              '<div class="rh-legend"><span><mark class="framing">framing</mark></span>'
              '<span><mark class="quote">quotation</mark></span><span><mark class="mt">machine translation</mark></span>'
              f"<span>{len(report)} findings</span></div>", '<div class="rh-text">']
    for a, b, fs in _segments(text, report):
        chunk = html.escape(text[a:b])
        if fs:
            cats = " ".join(sorted({f.category for f in fs}))
            pieces.append(f'<mark class="{cats}" title="{html.escape(_title(fs))}">{chunk}</mark>')
        else:
            pieces.append(chunk)
    pieces.append("</div>")
    return "".join(pieces)


def page(report: Report, title: str = "rhetoric report") -> str:
    """A standalone HTML page of one report."""
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"</head><body><h1>{html.escape(title)}</h1>{highlight_html(report)}</body></html>\n")
