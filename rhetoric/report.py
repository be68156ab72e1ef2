"""The standalone HTML report: one offline file with the text, its findings, its quotations and comparisons.

Everything is inline (styles, one script allowed by its hash in a Content-Security-Policy, SVG figures), so
the file opens anywhere without a network, and text from the input can never become markup or script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from . import __version__
from .findings import CATEGORIES, Finding, Report
from .render import CATEGORY_NAMES, HIGHLIGHT_CSS, PALETTE, explanation, highlight, legend_html
from .render import fmt_score as _fmt

if TYPE_CHECKING:
    from .compare import Comparison, Pair
    from .reading import Source
    from .text import Document

DENSITY_BINS = 100
SNIPPET = 160  # characters of a quotation or span shown in tables and lists
LOW_CHRF = 30  # sentence chrF below which an aligned pair is shaded as a loose rendering
LIST_LIMIT = 2000  # findings and quotations listed in full; beyond it a long text's lists would swamp a browser
STATUS_CLASS = {"survived": "kept", "vanished": "gone", "appeared": "new"}  # diff status -> CSS cue of its marks

PAGE_CSS = HIGHLIGHT_CSS + """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff;
line-height:1.5}
.wrap{max-width:64rem;margin:0 auto;padding:1rem 1rem 3rem}
a{color:#0b57a4}
a:focus,input:focus,summary:focus{outline:3px solid #1a1a1a;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#1a1a1a;color:#fff;padding:.4em .8em}
.skip:focus{left:0;z-index:10}
header h1{font-size:1.6rem;margin:.2rem 0 .4rem;overflow-wrap:anywhere}
.sub{margin:0 0 .8rem;color:#4a4a4a}
.card{display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.4rem .8rem;margin:0 0 1rem;padding:.7rem .9rem;
border:1px solid #c8c8c8;border-radius:6px;background:#f7f7f7}
.card div{min-width:0}.card dt{font-size:.8rem;color:#4a4a4a}.card dd{margin:0;font-weight:600;overflow-wrap:anywhere}
nav.toc ul{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid #c8c8c8;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .6rem;border-bottom:1px solid #dedede}
th{background:#f0f0f0}
caption{text-align:left;padding:0 0 .3rem}
tbody th{background:none}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.counts{display:grid;align-items:start;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.8rem 1.2rem;margin:0 0 .6rem}
.counts table{width:100%}.counts caption{text-align:left;padding:0 0 .3rem}.counts th[scope=row]{font-weight:normal;background:none}
.counts td,.counts th{padding:.15rem .5rem}
.rh-legend{list-style:none;padding:0;margin:0 0 .8rem}.rh-legend li{margin:.25rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;margin:0 0 .6rem}
.filters fieldset{border:1px solid #c8c8c8;border-radius:6px;padding:.3rem .7rem .5rem;margin:0;min-width:0;flex:1 1 14rem}
.filters legend{padding:0 .3rem}
.filters label{display:inline-block;margin:.15rem .8rem .15rem 0;white-space:nowrap}
.filters input{width:1.1rem;height:1.1rem;vertical-align:-.15rem;margin:0 .3rem 0 0}
.count{color:#4a4a4a;font-size:.85rem}
#shown{font-size:.9rem;color:#4a4a4a;margin:.2rem 0 .6rem}
.hint{font-size:.9rem;color:#4a4a4a}
.rh-text{border-left:4px solid #e3e3e3;padding-left:.9rem}
#tip{position:absolute;z-index:20;max-width:min(26rem,calc(100vw - 1rem));background:#1f1f1f;color:#fff;border-radius:6px;
padding:.55rem .75rem;font-size:.9rem;line-height:1.4;box-shadow:0 4px 14px rgba(0,0,0,.3)}
#tip .nb+.nb{border-top:1px solid #5a5a5a;margin-top:.45rem;padding-top:.45rem}
#tip p,.nb p{margin:.1rem 0}
#tip code{color:#fff}
.nb .cl{font-weight:600}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
ol.notes{padding-left:2.6rem}ol.notes li{margin:.5rem 0}ol.notes li.off{display:none}
.at{font-family:Georgia,serif}
.density{margin:0 0 .5rem}
.density .row{display:grid;grid-template-columns:11rem 1fr 3rem;align-items:center;gap:.5rem;margin:.15rem 0}
.density svg{width:100%;height:1.8rem;display:block;background:#f4f4f4;border-bottom:1px solid #8a8a8a}
.density .row .sw{justify-self:start;white-space:nowrap}
.density .axis{display:flex;justify-content:space-between;margin-left:11.5rem;margin-right:3.5rem;font-size:.8rem;color:#4a4a4a}
.pairs td.seg{font-family:Georgia,serif;width:44%;overflow-wrap:anywhere}
.pairs tr.low td{background:#fff4e5}
.pairs .sc{white-space:nowrap}
mark.gone{text-decoration:line-through;text-decoration-thickness:2px}
mark.new{outline:2px solid #1a1a1a;outline-offset:1px}
.tag{display:inline-block;font-size:.78rem;border:1px solid #8a8a8a;border-radius:3px;padding:0 .3rem;margin-right:.3rem}
@media (max-width:40rem){
.wrap{padding:.6rem .6rem 2rem}
.density .row{grid-template-columns:5.5rem 1fr 2.2rem}
.density .row .sw{white-space:normal}
.density .axis{margin-left:6rem;margin-right:2.7rem}
.pairs thead{display:none}
.pairs tr{display:block;border-bottom:2px solid #c8c8c8;padding:.3rem 0}
.pairs td{display:block;border:0;width:auto}
.pairs td.seg{width:auto}
.pairs td[data-h]::before{content:attr(data-h) ": ";font-weight:600;font-family:system-ui,sans-serif}
}
@media print{
.skip,nav.toc,.filters,#shown,.hint,#tip{display:none!important}
.wrap{max-width:none;padding:0}
mark.hl.end::after{content:"[" attr(data-i) "]";font-size:.65em;vertical-align:super;font-family:system-ui,sans-serif}
mark.hl,.sw{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}
tr,li{break-inside:avoid}
a{color:inherit;text-decoration:none}
}
"""

SCRIPT = """(function () {
"use strict";
var marks = Array.prototype.slice.call(document.querySelectorAll("#text mark.hl"));
var notes = Array.prototype.slice.call(document.querySelectorAll("ol.notes li"));
var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
var shown = document.getElementById("shown");
var tip = document.getElementById("tip");
var focused = null, timer = null;
function isOff(el, off) { return off[el.classList[1]] || off[el.classList[2]]; }
function update() {
  var off = {};
  boxes.forEach(function (b) {
    if (!b.checked) { off[b.value] = true; }
    if (b.dataset.filter === "label") {
      b.disabled = !document.querySelector("input[value='" + b.dataset.cat + "']").checked;
    }
  });
  var n = 0;
  marks.forEach(function (m) {
    var hide = !!isOff(m, off);
    m.classList.toggle("off", hide);
    if (m.id) {
      m.tabIndex = hide ? -1 : 0;
      if (!hide) { n += 1; }
    }
  });
  notes.forEach(function (li) { li.classList.toggle("off", !!isOff(li, off)); });
  shown.textContent = n + " of " + shown.dataset.total + " findings highlighted";
  if (focused && focused.classList.contains("off")) { hide(); }
}
function place(m) {
  var r = m.getClientRects()[0] || m.getBoundingClientRect();
  var vw = document.documentElement.clientWidth;
  var x = Math.max(8, Math.min(r.left, vw - tip.offsetWidth - 8));
  tip.style.left = (x + window.pageXOffset) + "px";
  tip.style.top = (r.bottom + window.pageYOffset + 8) + "px";
}
function show(m, withOuter) {
  var list = [m];
  if (withOuter) {
    for (var p = m.parentElement; p && p.tagName === "MARK"; p = p.parentElement) { list.push(p); }
  }
  list = list.filter(function (x) { return !x.classList.contains("off"); });
  if (!list.length) { hide(); return; }
  tip.textContent = "";
  list.forEach(function (x) {
    var head = document.getElementById("f" + x.dataset.i);
    var body = document.getElementById(head.getAttribute("aria-describedby")).cloneNode(true);
    body.removeAttribute("id");
    tip.appendChild(body);
  });
  tip.hidden = false;
  place(m);
}
function hide() { tip.hidden = true; focused = null; }
document.addEventListener("focusin", function (e) {
  var m = e.target;
  if (m.tagName === "MARK" && m.classList.contains("hl")) { focused = m; show(m, false); }
});
document.addEventListener("focusout", function (e) { if (e.target === focused) { hide(); } });
document.addEventListener("mouseover", function (e) {
  if (tip.contains(e.target)) { clearTimeout(timer); return; }
  var m = e.target.closest ? e.target.closest("#text mark.hl") : null;
  if (m) { clearTimeout(timer); show(m, true); }
});
document.addEventListener("mouseout", function (e) {
  var m = e.target.closest ? e.target.closest("#text mark.hl, #tip") : null;
  if (m && !focused) { clearTimeout(timer); timer = setTimeout(hide, 250); }
});
document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
boxes.forEach(function (b) { b.addEventListener("change", update); });
update();
}());"""


def _e(s: object) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    return html.escape(str(s), quote=True)


def _snippet(s: str, limit: int = SNIPPET) -> str:
    """A span's text on one line, shortened for tables."""
    s = re.sub(r"\s+", " ", s)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _csp() -> str:
    """No network at all: only the report's own script (by hash), inline styles and data: images."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
            "font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")


def note_body(f: Finding) -> str:
    """The explanation of a finding: the tooltip's content, its accessible description and its footnote."""
    (label, message), *rest = explanation(f)
    rows = [f'<p><span class="cl">{_e(label)}</span>: {_e(message)}</p>']
    for head, body in rest:
        rows.append(f'<p>{head}: <span lang="ru">{_e(body)}</span></p>' if head == "Russian" else
                    f"<p>{head}: {_e(body)}</p>")
    meta = f"Rule <code>{_e(f.rule)}</code>"
    if f.speaker:
        meta += f" · speaker: {_e(f.speaker)}"
    if f.score is not None:
        meta += f" · score {f.score:.2f}"
    rows.append(f"<p>{meta}</p>")
    return "".join(rows)


def _line_endings(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [k for k, c in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if c]
    return " + ".join(kinds) if kinds else "none"


def card_html(report: Report, name: str, encoding: str | None) -> str:
    """The text's card: what was analysed, so a printed copy says which text it describes."""
    paragraphs = sum(1 for _ in re.finditer(r"[^\r\n]+", report.text))
    items = [("Text", name), ("Words", f"{report.words():,}"), ("Characters", f"{len(report.text):,}"),
             ("Paragraphs", f"{paragraphs:,}"), ("Encoding", encoding or "unknown"),
             ("Line endings", _line_endings(report.text)), ("Findings", f"{len(report):,}")]
    cells = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in items)
    return f'<dl class="card">{cells}</dl>'


def summary_html(report: Report) -> str:
    """Counts and densities by category and label, side by side; every label is listed so absences show too."""
    s = report.summary()
    tables = []
    for c, labels in CATEGORIES.items():
        v = s["by_category"][c]
        rows = "".join(
            f'<tr><th scope="row">{_e(label)}</th><td class="num">{s["by_label"][f"{c}/{label}"]["count"]}</td>'
            f'<td class="num">{s["by_label"][f"{c}/{label}"]["per_1000_words"]:.2f}</td></tr>' for label in labels)
        tables.append(f'<table><caption><span class="sw c-{c}">{_e(CATEGORY_NAMES[c])}</span> <strong>{v["count"]}'
                      f'</strong> <span class="count">({v["per_1000_words"]:.2f} per 1,000 words)</span></caption>'
                      '<thead><tr><th scope="col">label</th><th scope="col" class="num">count</th>'
                      f'<th scope="col" class="num">per 1,000</th></tr></thead><tbody>{rows}</tbody></table>')
    author = sum(v["count"] for v in s["framing_author_only"].values())
    return (f'<div class="counts">{"".join(tables)}</div>'
            f'<p class="hint">{s["findings"]} findings in {s["words"]:,} words; {author} of the framing findings '
            "are in the author's own words (outside other people's quotations).</p>")


def density_html(report: Report, bins: int = DENSITY_BINS) -> str:
    """Where the findings fall along the text: one strip of bars per category, drawn as inline SVG."""
    size = max(len(report.text), 1)
    counts = {c: [0] * bins for c in CATEGORIES}
    for f in report:
        counts[f.category][min(bins - 1, f.start * bins // size)] += 1
    peak = max((n for row in counts.values() for n in row), default=0) or 1
    rows = []
    for c, row in counts.items():
        total = sum(row)
        bars = "".join(f'<rect x="{b + 0.1:.1f}" y="{10 - 10 * n / peak:.2f}" width="0.8" height="{10 * n / peak:.2f}"/>'
                       for b, n in enumerate(row) if n)
        if total:
            third = max(range(3), key=lambda t: sum(row[t * bins // 3:(t + 1) * bins // 3]))
            where = f"; most in the {('first', 'middle', 'last')[third]} third of the text"
        else:
            where = ""
        label = f"{CATEGORY_NAMES[c]}: {total} findings{where}"
        rows.append(f'<div class="row"><span class="sw c-{c}">{_e(CATEGORY_NAMES[c])}</span>'
                    f'<svg viewBox="0 0 {bins} 10" preserveAspectRatio="none" role="img" aria-label="{_e(label)}" '
                    f'xmlns="http://www.w3.org/2000/svg"><g fill="{PALETTE[c][0]}" shape-rendering="crispEdges">'
                    f'{bars}</g></svg><span class="count num">{total}</span></div>')
    return (f'<figure class="density"><figcaption class="hint">Findings along the text, from its first character to '
            f"its last, in {bins} equal slices (bar height: findings starting in the slice; tallest = {peak}).</figcaption>"
            f'{"".join(rows)}<div class="axis" aria-hidden="true"><span>start</span><span>middle</span>'
            f"<span>end</span></div></figure>")


def filters_html(report: Report) -> str:
    """Real, labelled checkboxes: one per category and one per label present in the report."""
    by_label: dict[tuple[str, str], int] = {}
    for f in report:
        by_label[f.category, f.label] = by_label.get((f.category, f.label), 0) + 1
    sets = []
    for c, labels in CATEGORIES.items():
        n = sum(v for (cc, _), v in by_label.items() if cc == c)
        boxes = [f'<label><input type="checkbox" checked data-filter="label" data-cat="c-{c}" '
                 f'value="l-{c}-{label}"> {_e(label)} <span class="count">({by_label[c, label]})</span></label>'
                 for label in labels if (c, label) in by_label]
        sets.append(f'<fieldset><legend><label><input type="checkbox" checked data-filter="category" value="c-{c}">'
                    f' <span class="sw c-{c}">{_e(CATEGORY_NAMES[c])}</span> <span class="count">({n})</span>'
                    f'</label></legend>{"".join(boxes)}</fieldset>')
    return f'<div class="filters" role="group" aria-label="Show or hide highlights">{"".join(sets)}</div>'


def quotations_html(report: Report, numbers: Mapping[Finding, int]) -> str:
    """Every quotation with its label and the features that decided it, plus unbalanced-mark notes."""
    quotes = [f for f in report if f.category == "quote"]
    if quotes:
        listed = quotes[:LIST_LIMIT]
        counts = ", ".join(f"{label} {sum(f.label == label for f in quotes)}" for label in CATEGORIES["quote"])
        rows = "".join(
            f'<tr><td class="num"><a href="#f{numbers[f]}">{numbers[f]}</a></td><td class="at">{_e(_snippet(f.text))}</td>'
            f'<td><span class="tag">{_e(f.label)}</span></td><td>{_e(f.message)}{_features(f)}</td></tr>'
            for f in listed)
        body = (f'<p class="hint">{len(quotes):,} quotations: {_e(counts)}.</p>'
                f'{_cap_note(len(listed), len(quotes), "quotations")}<div class="scroll"><table>'
                '<thead><tr><th scope="col" class="num">#</th><th scope="col">quotation</th><th scope="col">label</th>'
                f'<th scope="col">why</th></tr></thead><tbody>{rows}</tbody></table></div>')
    else:
        body = '<p class="hint">No quotations were found in this text.</p>'
    if report.notes:
        items = "".join(f"<li>At character {n.start:,}: {_e(n.message)}</li>" for n in report.notes)
        body += f'<h3>Notes</h3><ul>{items}</ul>'
    return body


def explanations(bodies: Sequence[str]) -> tuple[list[str], list[str]]:
    """Each distinct explanation once (a long text repeats the same few), and the id of each finding's one."""
    ids: dict[str, str] = {}
    per_finding = []
    for body in bodies:
        per_finding.append(ids.setdefault(body, f"x{len(ids) + 1}"))
    store = [f'<div class="nb" id="{k}">{body}</div>' for body, k in ids.items()]
    return store, per_finding


def _cap_note(shown: int, total: int, what: str) -> str:
    return (f'<p class="hint">The first {shown:,} of {total:,} {what} are listed here; every one is highlighted in '
            "the text, and <code>rhetoric analyze TEXT --format jsonl</code> lists them all.</p>") if total > shown else ""


def _features(f: Finding) -> str:
    return f'<br><span class="count">features: {_e(", ".join(f.features))}</span>' if f.features else ""


def notes_html(report: Report, bodies: Sequence[str]) -> str:
    """All findings in reading order with their explanations (`bodies`, one per finding, made once for the
    tooltips too): the printed report's footnotes."""
    items = "".join(
        f'<li class="note c-{f.category} l-{f.category}-{f.label}"><a class="at" href="#f{n}">'
        f'{_e(_snippet(f.text, 80)) or "(empty span)"}</a><div class="nb">{body}</div></li>'
        for n, (f, body) in enumerate(zip(report[:LIST_LIMIT], bodies), 1))
    if not items:
        return '<p class="hint">No findings.</p>'
    return f'{_cap_note(min(len(report), LIST_LIMIT), len(report), "findings")}<ol class="notes">{items}</ol>'


def _significance(sig: Mapping[str, Any], name: str) -> str:
    """Bootstrap mean ± 95% interval per metric and, for a non-baseline version, the randomisation p-values."""
    parts = []
    boot = sig.get("bootstrap") or {}
    ar = sig.get("approximate_randomisation") or {}
    for metric, r in boot.items():
        text = f"{metric} {_fmt(r.get('mean'))} ± {_fmt(r.get('ci'))}"
        p = (ar.get(metric) or {}).get("p_value")
        if p is not None and sig.get("baseline") != name:
            text += f", p = {float(p):.4f}"
        parts.append(text)
    if not parts:
        return "–"
    base = "baseline" if sig.get("baseline") == name else f"vs {sig.get('baseline')}"
    return f"{'; '.join(parts)} ({base}, {sig.get('segments', '?')} segments)"


def scores_html(comparison: Comparison) -> str:
    """The corpus scores of every version against the analysed text, with every sacreBLEU signature."""
    data = comparison.to_dict()
    rows, sigs = [], []
    for pair in data["pairs"]:
        name = pair["hyp_name"]
        rows.append(f'<tr><th scope="row">{_e(name)}</th><td class="num">{_fmt(pair["bleu"])}</td>'
                    f'<td class="num">{_fmt(pair["chrf"])}</td><td class="num">{_fmt(pair["ter"])}</td>'
                    f"<td>{_e(_significance(pair.get('significance') or {}, name))}</td></tr>")
        signatures = dict(pair.get("signatures") or {})
        for test, by_metric in ((pair.get("significance") or {}).get("signatures") or {}).items():
            signatures.update({f"{m} {test}": v for m, v in by_metric.items()})
        sigs.append(f"<li>{_e(name)}<ul>" + "".join(f"<li>{_e(k)}: <code>{_e(v)}</code></li>"
                                                    for k, v in signatures.items()) + "</ul></li>")
    return (f'<p class="hint">Reference: {_e(data["reference"])}, the analysed text. BLEU and chrF: higher means '
            "closer wording; TER: lower means fewer edits. Significance: paired bootstrap mean ± 95% interval and "
            "approximate-randomisation p-value against the first version.</p>"
            '<div class="scroll"><table><thead><tr><th scope="col">version</th><th scope="col" class="num">BLEU</th>'
            '<th scope="col" class="num">chrF</th><th scope="col" class="num">TER</th><th scope="col">significance</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
            f'<details><summary>sacreBLEU signatures</summary><ul>{"".join(sigs)}</ul></details>')


def _bead_span(doc: Document, indices: Sequence[int]) -> tuple[int, int]:
    """The stretch of the original text a bead's sentences cover (empty for a missing side)."""
    if not indices:
        return (0, 0)
    return doc.sentences[indices[0]][0], doc.sentences[indices[-1]][1]


def _side_html(text: str, span: tuple[int, int], marks: list[tuple[dict[str, Any], str]], name: str) -> str:
    """One side of an aligned segment, its diff findings highlighted and cued by status."""
    a, b = span
    if a == b:
        return '<span class="hint">(nothing here)</span>'
    found, classes = [], []
    for f, status in marks:
        start, end = max(f["start"], a), min(f["end"], b)
        if start > end:
            continue
        found.append(Finding(start - a, end - a, text[start:end], f["category"], f["label"], f["rule"],
                             f"{status} in {name}"))
        classes.append(STATUS_CLASS[status])
    order = sorted(range(len(found)), key=lambda i: found[i].key)
    return highlight(text[a:b], [found[i] for i in order], classes=[classes[i] for i in order])


def pair_html(pair: Pair, ref_name: str) -> str:
    """One version beside the analysed text: aligned segments with sentence chrF and the rhetoric diff marked."""
    al = pair.alignment
    by_segment: dict[int, tuple[list[Any], list[Any]]] = {}
    for item in pair.diff["items"]:
        ref_side, hyp_side = by_segment.setdefault(item["segment"], ([], []))
        for side, key in ((ref_side, "ref"), (hyp_side, "hyp")):
            if item[key]:
                side.append(({**item[key], "category": item["category"], "label": item["label"]}, item["status"]))
    name = pair.hyp_name
    rows = []
    for k, bead in enumerate(al.beads):
        chrf = pair.sentence[k]["chrf"]
        sim = pair.similarity[k]
        ref_side, hyp_side = by_segment.get(k, ([], []))
        low = " class=low" if chrf < LOW_CHRF else ""
        rows.append(f'<tr{low}><td class="num" data-h="#">{k + 1}<br><span class="count">{_e(bead.shape)}</span></td>'
                    f'<td class="seg" data-h="{_e(ref_name)}">{_side_html(al.ref.text, _bead_span(al.ref, bead.ref), ref_side, name)}</td>'
                    f'<td class="seg" data-h="{_e(name)}">{_side_html(al.hyp.text, _bead_span(al.hyp, bead.hyp), hyp_side, name)}</td>'
                    f'<td class="num sc" data-h="chrF">{_fmt(chrf)}'
                    f'{"" if sim is None else "<br><span class=count>sim " + _fmt(sim, 2) + "</span>"}</td></tr>')
    totals = "".join(
        f'<tr><th scope="row"><span class="sw c-{c}">{_e(CATEGORY_NAMES[c])}</span></th><td class="num">{t["reference"]}</td>'
        f'<td class="num">{t["survived"]}</td><td class="num">{t["vanished"]}</td><td class="num">{t["appeared"]}</td></tr>'
        for c, t in pair.diff["by_category"].items())
    return (f'<h3>{_e(name)}</h3><p class="hint">BLEU {_fmt(pair.scores["bleu"])} · chrF {_fmt(pair.scores["chrf"])} · '
            f'TER {_fmt(pair.scores["ter"])}.</p>'
            '<div class="scroll"><table><caption class="hint">Rhetoric diff: findings of the analysed text that '
            f'survive or vanish in {_e(name)}, and findings that appear only there</caption><thead><tr>'
            '<th scope="col">category</th><th scope="col" class="num">in the text</th><th scope="col" class="num">'
            'survived</th><th scope="col" class="num">vanished</th><th scope="col" class="num">appeared</th></tr>'
            f'</thead><tbody>{totals}</tbody></table></div>'
            f'<details open><summary>Aligned side by side ({len(rows)} segments)</summary><div class="scroll">'
            '<table class="pairs"><thead><tr><th scope="col" class="num">#</th>'
            f'<th scope="col">{_e(ref_name)}</th><th scope="col">{_e(name)}</th><th scope="col" class="num">chrF</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div></details>')


def comparison_html(comparison: Comparison) -> str:
    """The comparison section: the score table, a key to the diff marks, then each version aligned beside the text."""
    key = ('<ul class="rh-legend"><li><mark class="hl c-framing kept">plain highlight</mark> a finding that survived'
           '</li><li><mark class="hl c-framing gone">struck through</mark> a finding of the analysed text that '
           'vanished in the version</li><li><mark class="hl c-framing new">boxed</mark> a finding that appears only '
           f"in the version</li></ul><p class=\"hint\">Shaded rows: sentence chrF under {LOW_CHRF}. Under the "
           "segment number: the alignment shape (sentences of the text – sentences of the version).</p>")
    return scores_html(comparison) + key + "".join(pair_html(p, comparison.reference) for p in comparison.pairs)


def compare_versions(source: Source, versions: Sequence[Source], report: Report | None = None) -> Comparison:
    """Compare the analysed text (the reference) with other versions of it, each named by its file; pass the
    text's `report` when it is already at hand, so the text is not analysed twice."""
    from .compare import compare

    names = [os.path.basename(v.name) for v in (source, *versions)]
    if len(set(names)) < len(names):
        names = [v.name for v in (source, *versions)]
    return compare([(n, v.text) for n, v in zip(names, (source, *versions))], reference_report=report)


def html_report(report: Report, name: str = "text", encoding: str | None = None,
                comparison: Comparison | None = None, title: str | None = None) -> str:
    """The whole report as one HTML document (a str; write it as UTF-8); `comparison` is a rhetoric.compare
    Comparison whose reference is this text."""
    title = title or f"rhetoric report: {name}"
    numbers = {f: n for n, f in enumerate(report, 1)}
    bodies = [note_body(f) for f in report]
    store, described_by = explanations(bodies)
    sections = [("summary", "Summary"), ("reading", "The text"), ("quotations", "Quotations"),
                *((("compare", "Other versions"),) if comparison else ()), ("findings", "All findings")]
    toc = "".join(f'<li><a href="#{k}">{_e(v)}</a></li>' for k, v in sections)
    compare = (f'<section id="compare" aria-labelledby="h-compare"><h2 id="h-compare">Other versions</h2>'
               f"{comparison_html(comparison)}</section>") if comparison else ""
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="rhetoric {_e(__version__)}">',
        f"<title>{_e(title)}</title><style>{PAGE_CSS}</style></head><body>",
        '<a class="skip" href="#text">Skip to the highlighted text</a><div class="wrap"><header>',
        f'<h1>{_e(title)}</h1><p class="sub">Loaded framing, quotations and machine-translation traces, '
        f"found by rhetoric {_e(__version__)}.</p>{card_html(report, name, encoding)}",
        f'<nav class="toc" aria-label="Sections"><ul>{toc}</ul></nav></header><main>',
        f'<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>{summary_html(report)}',
        f"{density_html(report)}</section>",
        '<section id="reading" aria-labelledby="h-reading"><h2 id="h-reading">The text</h2>',
        legend_html(), filters_html(report),
        f'<p id="shown" aria-live="polite" data-total="{len(report)}">{len(report)} findings highlighted</p>',
        '<p class="hint">Hover over a highlight, or move to it with the Tab key, to read why it was flagged; '
        "Escape closes the explanation. The numbered list at the end holds the same explanations.</p>",
        f'<div id="text" class="rh-text" lang="en">{highlight(report.text, report.findings, described_by, blocks=True)}'
        f'</div><div id="explanations" hidden>{"".join(store)}</div></section>',
        '<section id="quotations" aria-labelledby="h-quotations"><h2 id="h-quotations">Quotations</h2>',
        f"{quotations_html(report, numbers)}</section>{compare}",
        '<section id="findings" aria-labelledby="h-findings"><h2 id="h-findings">All findings</h2>',
        f"{notes_html(report, bodies)}</section></main></div>",
        f'<div id="tip" role="tooltip" hidden></div><script>{SCRIPT}</script></body></html>\n',
    ])
