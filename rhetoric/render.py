"""HTML rendering of highlighted text: one sweep over finding boundaries, every character escaped."""

from __future__ import annotations

import html
import re
from typing import Sequence

from .findings import CATEGORIES, Finding, Report

# Okabe-Ito hues (colour-blind safe); the underline style is the second cue, so colour is never the only one.
PALETTE: dict[str, tuple[str, str, str]] = {  # category: (hue, translucent tint, underline style)
    "framing": ("#D55E00", "rgba(213,94,0,.15)", "solid"),
    "quote": ("#0072B2", "rgba(0,114,178,.13)", "dashed"),
    "mt": ("#009E73", "rgba(0,158,115,.17)", "dotted"),
}
CATEGORY_NAMES = {"framing": "framing", "quote": "quotation", "mt": "machine translation"}
CATEGORY_HELP = {
    "framing": "how the author loads the story",
    "quote": "every pair of quotation marks, classified",
    "mt": "traces of machine translation from Russian",
}
MAX_HEIGHT = 4  # deepest nesting that still gets its own underline row
BLOCK = 4000  # characters of a long paragraph laid out as one block
_PARAGRAPH = re.compile(r"[^\r\n]*[\r\n]*")
_SPACE = re.compile(r"\s+")

HIGHLIGHT_CSS = "\n".join([
    ".rh-text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:2;font-family:Georgia,'Times New Roman',serif;"
    "font-size:1.08rem;color:#1a1a1a;max-width:46em}",
    ".rh-text .p{margin:0 0 .5em;content-visibility:auto;contain-intrinsic-size:auto 6em}",
    "mark.hl{color:inherit;background:none;border-bottom:3px solid transparent;padding:0 0 1px;border-radius:2px}",
    *(f"mark.c-{c}{{background:{tint};border-bottom-color:{hue};border-bottom-style:{style}}}"
      for c, (hue, tint, style) in PALETTE.items()),
    *(f"mark.hl.h{h}{{padding-bottom:{1 + 4 * (h - 1)}px}}" for h in range(2, MAX_HEIGHT + 1)),
    "mark.hl.empty::before{content:'\\2038';font-weight:bold}",
    "mark.hl.off{background:none;border-bottom-color:transparent}",
    "mark.hl:focus{outline:3px solid #1a1a1a;outline-offset:2px}",
    "mark.hl:hover{outline:1px solid #1a1a1a}",
    ".sw{display:inline-block;padding:0 .3em;border-bottom:3px solid;line-height:1.5}",
    *(f".sw.c-{c}{{background:{tint};border-bottom-color:{hue};border-bottom-style:{style}}}"
      for c, (hue, tint, style) in PALETTE.items()),
])


def category_label(f: Finding) -> str:
    """The category/label pair as a reader sees it."""
    return f"{CATEGORY_NAMES[f.category]} · {f.label}"


def explanation(f: Finding) -> list[tuple[str, str]]:
    """The (heading, text) parts that explain a finding, shared by hover titles and report notes so they agree."""
    parts = [(category_label(f), f.message or "no message")]
    if f.suggestion:
        parts.append(("Suggestion", f.suggestion))
    if f.source:
        parts.append(("Russian", f.source))
    if f.features:
        parts.append(("Why", ", ".join(f.features)))
    return parts


def explain(f: Finding) -> str:
    """The finding explained in plain text, for title attributes where no markup is allowed (notebooks)."""
    return "\n".join([*(f"{head}: {body}" for head, body in explanation(f)), f"Rule: {f.rule}"])


def _open_tag(f: Finding, n: int, first: bool, last: bool, height: int, described_by: str | None,
              extra: str) -> str:
    """The opening <mark> of one fragment of finding number n (1-based); only the first is a tab stop."""
    cls = f"hl c-{f.category} l-{f.category}-{f.label}{extra}"
    if height > 1:
        cls += f" h{min(height, MAX_HEIGHT)}"
    if f.start == f.end:
        cls += " empty"
    if not first:
        cls += " cont"
    if last:
        cls += " end"
    attrs = f' data-i="{n}"'
    if first and described_by is not None:
        attrs += f' id="f{n}" tabindex="0" aria-describedby="{html.escape(described_by, quote=True)}"'
    elif first:
        attrs += f' title="{html.escape(explain(f), quote=True)}"'
    return f'<mark class="{html.escape(cls, quote=True)}"{attrs}>'


def block_starts(text: str, limit: int = BLOCK) -> list[int]:
    """Where display blocks begin: after every run of line breaks, and inside a long paragraph after the first
    white space past each `limit` characters, so a browser lays out and skips (content-visibility) block by block."""
    starts = []
    for m in _PARAGRAPH.finditer(text):
        a, b = m.span()
        if a == b:
            continue
        if a:
            starts.append(a)
        pos = a + limit
        while pos < b:
            ws = _SPACE.search(text, pos, min(b, pos + limit))
            if ws:
                cut = ws.end()
            elif b - pos > limit:
                cut = pos  # a whole block without white space: cut it anyway
            else:
                break
            if cut >= b:
                break
            starts.append(cut)
            pos = cut + limit
    return starts


def highlight(text: str, findings: Sequence[Finding], described_by: Sequence[str] | None = None,
              blocks: bool = False, classes: Sequence[str] | None = None) -> str:
    """The text as HTML with one <mark> per finding (numbered from 1 in `findings` order); crossing spans
    are split into continuation fragments. With `described_by` (an element id per finding) the first
    fragment of each finding is a tab stop described by that element; without it, it gets a hover title.
    `classes` adds a CSS class to each finding's marks.

    A sweep over the sorted boundaries (O(n log n) plus the output) keeps a stack of open fragments: a
    finding that ends under others closes them, and they reopen as fragments marked `cont`. A fragment's
    class `hK` says how deep the marks inside it nest, so the CSS stacks underlines that stay visible.
    With `blocks`, the text is cut into <div class="p"> blocks (see block_starts); marks open across a cut
    close before it and reopen after it as fragments.
    """
    order = sorted(range(len(findings)), key=lambda i: (findings[i].start, -findings[i].end, findings[i].key))
    ends_at: dict[int, list[int]] = {}
    for i in order:
        ends_at.setdefault(findings[i].end, []).append(i)
    cuts = set(block_starts(text)) if blocks else set()
    bounds = sorted({0, len(text), *cuts, *(f.start for f in findings), *(f.end for f in findings)})
    out: list[str] = []
    stack: list[list[int]] = []  # [finding index, output slot of its open tag, height of what nests inside]
    slots: dict[int, tuple[int, bool]] = {}  # output slot -> (finding index, first fragment?)
    heights: dict[int, int] = {}
    last_slot: dict[int, int] = {}

    def open_fragment(i: int) -> None:
        slots[len(out)] = (i, i not in last_slot)
        last_slot[i] = len(out)
        stack.append([i, len(out), 0])
        out.append("")  # filled in at the end, once the fragment's height is known

    def close_top() -> int:
        i, slot, inner = stack.pop()
        heights[slot] = inner + 1
        if stack:
            stack[-1][2] = max(stack[-1][2], inner + 1)
        out.append("</mark>")
        return i

    oi = 0
    for p, q in zip(bounds, [*bounds[1:], None]):
        closing = {i for i in ends_at.get(p, ()) if findings[i].start < p}
        reopen: list[int] = []
        while closing:
            i = close_top()
            if i in closing:
                closing.discard(i)
            else:
                reopen.append(i)
        if p in cuts:
            while stack:
                reopen.append(close_top())
            out.append('</div><div class="p">')
        for i in reversed(reopen):
            open_fragment(i)
        while oi < len(order) and findings[order[oi]].start == p:
            i = order[oi]
            oi += 1
            open_fragment(i)
            if findings[i].end == p:
                close_top()
        if q is not None:
            out.append(html.escape(text[p:q], quote=False))
    last = set(last_slot.values())
    for slot, (i, first) in slots.items():
        out[slot] = _open_tag(findings[i], i + 1, first, slot in last, heights[slot],
                              None if described_by is None else described_by[i],
                              f" {classes[i]}" if classes else "")
    return '<div class="p">' + "".join(out) + "</div>" if blocks else "".join(out)


def legend_html() -> str:
    """The legend: each category's colour and underline style, in words too."""
    items = "".join(f'<li><span class="sw c-{c}">{CATEGORY_NAMES[c]}</span> {PALETTE[c][2]} underline: '
                    f"{CATEGORY_HELP[c]}</li>" for c in CATEGORIES)
    return f'<ul class="rh-legend">{items}</ul>'


def highlight_html(report: Report) -> str:
    """An HTML fragment for notebooks: legend plus the text, each finding explained in its hover title."""
    css = HIGHLIGHT_CSS + "\n.rh-legend{list-style:none;padding:0;margin:0 0 .6em}.rh-legend li{margin:.2em 0}"
    return (f"<style>{css}</style>{legend_html()}<p>{len(report)} findings</p>"
            f'<div class="rh-text">{highlight(report.text, report.findings)}</div>')


def page(report: Report, title: str = "rhetoric report") -> str:
    """A standalone HTML page of one report: the full report without comparisons."""
    from .report import html_report

    return html_report(report, name=title)


def fmt_score(value: object, digits: int = 1) -> str:
    """A score for a table: fixed digits, a dash for a missing one (numpy floats included)."""
    return "–" if value is None else f"{float(value):.{digits}f}"  # type: ignore[arg-type]
