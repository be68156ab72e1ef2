"""The HTML report: every finding becomes one highlight, every character of the input stays text."""

import base64
import hashlib
import re
import time
from html.parser import HTMLParser
from pathlib import Path

from rhetoric import Finding, Report, analyze
from rhetoric.cli import main
from rhetoric.render import block_starts, highlight, highlight_html, page
from rhetoric.report import SCRIPT, html_report

SEED = Path(__file__).parents[1] / "data" / "texts" / "seed.txt"

HOSTILE = ('<script>alert(1)</script> "quoted" <img src=x onerror="alert(2)"> </style><style>body{display:none}'
           "</style> ]]> <!-- --> </textarea> &amp; 'single' <a href=\"javascript:alert(3)\">x</a>\r\nnext line")


class TextParser(HTMLParser):
    """Reads #text back: its characters, and the characters under each finding number (over all fragments)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # element depth inside #text, 0 when outside
        self.text: list[str] = []
        self.marks: list[str] = []
        self.by_finding: dict[str, str] = {}
        self.heads: list[dict[str, str]] = []
        self.max_mark_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "mark":
                self.marks.append(a["data-i"])
                self.by_finding.setdefault(a["data-i"], "")
                self.max_mark_depth = max(self.max_mark_depth, len(self.marks))
                if "id" in a:
                    self.heads.append(a)
        elif a.get("id") == "text":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag == "mark":
                self.marks.pop()

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            for i in self.marks:
                self.by_finding[i] += data


def parse(document: str) -> TextParser:
    p = TextParser()
    p.feed(document)
    p.close()
    return p


def parse_fragment(fragment: str) -> TextParser:
    return parse(f'<div id="text">{fragment}</div>')


def finding(text: str, start: int, end: int, category: str = "framing", label: str = "doubt",
            message: str = "why") -> Finding:
    return Finding(start, end, text[start:end], category, label, f"test.{category}.{label}", message)


def test_every_finding_is_one_focusable_highlight_holding_its_exact_text(seed_gold):
    p = parse(html_report(seed_gold, name="seed.txt"))
    assert len(p.heads) == len(seed_gold) > 100
    assert all(h["tabindex"] == "0" and h["aria-describedby"] for h in p.heads)
    assert "".join(p.text) == seed_gold.text
    for n, f in enumerate(seed_gold, 1):
        assert p.by_finding[str(n)] == f.text


def test_analyzer_report_of_the_seed_has_one_highlight_per_finding():
    report = analyze(SEED.read_text(encoding="utf-8"))
    p = parse(html_report(report, name="seed.txt"))
    assert len(p.heads) == len(report)


def test_crossing_and_nested_overlaps_split_into_fragments():
    text = "one two three four five six"
    fs = [finding(text, 0, 13), finding(text, 4, 18, "quote", "scare"), finding(text, 4, 7, "mt", "calque"),
          finding(text, 4, 7), finding(text, 8, 8)]
    report = Report(text, tuple(fs))
    p = parse_fragment(highlight(text, report.findings, [f"x{i}" for i in range(len(report))]))
    assert len(p.heads) == len(fs)
    assert "".join(p.text) == text
    for n, f in enumerate(report, 1):
        assert p.by_finding[str(n)] == f.text
    assert p.max_mark_depth >= 3
    crossing = next(n for n, f in enumerate(report, 1) if f.category == "quote")
    assert highlight(text, report.findings, ["x"] * 5).count(f'data-i="{crossing}"') == 2


def test_hostile_text_and_messages_render_as_text_only():
    text = HOSTILE
    start = text.index("<img")
    f = Finding(start, start + 30, text[start:start + 30], "mt", "calque", 'r"><script>x</script>',
                '<b onmouseover="alert(4)">bold</b>', suggestion="</style>", source="«<svg onload=alert(5)>»")
    document = html_report(Report(text, (f,)), name='<i>"name"</i>', encoding="utf-8", title="</title><script>")
    assert document.count("<script") == 1 and document.count("</script>") == 1
    assert document.count("<style>") == 1 and document.count("</style>") == 1
    assert "<img" not in document and "<b " not in document and "<svg onload" not in document
    assert '<a href="javascript' not in document
    assert re.search(r"<[^>]*\son\w+=", document) is None
    assert "".join(parse(document).text) == text


def test_empty_text_gives_a_valid_page_without_highlights():
    document = html_report(Report(""), name="empty.txt")
    p = parse(document)
    assert p.heads == [] and "".join(p.text) == ""
    assert "No findings." in document


def test_line_endings_are_kept_exactly():
    text = "First line.\r\nSecond line.\n\nThird.\rFourth."
    report = Report(text, (finding(text, 0, 5), finding(text, 7, 19, "quote", "scare")))
    document = html_report(report, name="crlf.txt")
    assert "".join(parse(document).text) == text
    assert document.count("\r\n") == text.count("\r\n") and document.count("\r") == text.count("\r")
    assert "CRLF + LF + CR" in document


def test_long_paragraph_is_cut_into_blocks_without_losing_a_highlight():
    text = ("word " * 3000).strip()
    cuts = block_starts(text, 1000)
    assert cuts and all(text[c - 1] == " " for c in cuts)
    f = finding(text, cuts[0] - 20, cuts[0] + 20)
    p = parse_fragment(highlight(text, (f,), ["x1"], blocks=True))
    assert p.by_finding["1"] == f.text and len(p.heads) == 1


def test_report_is_offline_and_deterministic(seed_gold):
    document = html_report(seed_gold, name="seed.txt")
    assert document == html_report(seed_gold, name="seed.txt")
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//|url\(|@import", document)
    assert "default-src 'none'" in document
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in document and f"<script>{SCRIPT}</script>" in document


def test_density_strips_count_every_finding(seed_gold):
    document = html_report(seed_gold, name="seed.txt")
    strip = document[document.index('<figure class="density">'):document.index("</figure>")]
    totals = [int(n) for n in re.findall(r'<span class="count num">(\d+)</span>', strip)]
    assert sum(totals) == len(seed_gold) and len(totals) == 3
    assert strip.count("<svg") == 3


def test_quotations_table_lists_every_quote_with_its_label(seed_gold):
    quotes = [f for f in seed_gold if f.category == "quote"]
    document = html_report(seed_gold, name="seed.txt")
    section = document[document.index('id="quotations"'):document.index('id="findings"')]
    assert section.count("<tr>") == len(quotes) + 1
    assert section.count('<span class="tag">scare</span>') == sum(f.label == "scare" for f in quotes)


def test_notebook_fragment_explains_in_titles_without_ids(seed_gold):
    fragment = highlight_html(seed_gold)
    assert fragment.count("title=") == len(seed_gold)
    assert ' id="' not in fragment and "<script" not in fragment
    assert seed_gold._repr_html_() == fragment


def test_page_is_the_full_report(seed_gold):
    document = page(seed_gold, title="seed.txt")
    assert document.startswith("<!DOCTYPE html>") and 'id="quotations"' in document


def test_sweep_scales_to_many_findings():
    text = "abc def " * 60000
    fs = tuple(finding(text, i, i + 11) for i in range(0, len(text) - 11, 8))
    report = Report(text, fs)
    t = time.perf_counter()
    out = highlight(text, report.findings, ["x"] * len(report), blocks=True)
    assert time.perf_counter() - t < 10
    assert out.count(' id="f') == len(report)


def test_cli_writes_the_report_and_refuses_to_overwrite_inputs(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(SEED), "-o", str(out)]) == 0
    assert "seed.txt" in out.read_text(encoding="utf-8")
    copy = tmp_path / "seed.txt"
    copy.write_bytes(SEED.read_bytes())
    for argv in (["report", str(copy), "-o", str(copy)],
                 ["report", str(SEED), "--compare", str(copy), "-o", str(copy)]):
        capsys.readouterr()
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("rhetoric: error:") and "overwrite" in err
    assert copy.read_bytes() == SEED.read_bytes()


def test_cli_writes_to_standard_output(capsys):
    assert main(["report", str(SEED), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


def test_cli_missing_input_is_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "r.html")]) == 1
    assert "no such file" in capsys.readouterr().err


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_highlighted_text_keeps_a_contrast_of_at_least_4_5():
    from rhetoric.render import PALETTE

    ink = _luminance((0x1A, 0x1A, 0x1A))
    for _hue, tint, _style in PALETTE.values():
        *rgb, alpha = (float(x) for x in re.findall(r"[\d.]+", tint))
        once = [255 * (1 - alpha) + c * alpha for c in rgb]
        twice = [v * (1 - alpha) + c * alpha for v, c in zip(once, rgb)]  # a span marked twice
        for bg in (once, twice):
            assert (_luminance(tuple(bg)) + 0.05) / (ink + 0.05) >= 4.5
    assert len({style for _, _, style in PALETTE.values()}) == len(PALETTE)


def test_comparison_marks_the_rhetoric_diff_beside_the_aligned_text():
    from rhetoric.reading import Source
    from rhetoric.report import compare_versions

    ref = 'The so-called "experts" met. They fixed the profit. Nothing has changed at all.'
    hyp = "The experts met. They took profits. Little has changed."
    comparison = compare_versions(Source(ref, "a/ref.txt", "utf-8"), [Source(hyp, "b/hyp.txt", "utf-8")])
    document = html_report(analyze(ref), name="ref.txt", comparison=comparison)
    pair = comparison.pairs[0]
    section = document[document.index('id="compare"'):document.index('id="findings"')]
    assert "hyp.txt" in section and "nrefs:1" in section
    rows = section[section.index('<table class="pairs">'):]
    assert rows.count("<tr") == len(pair.alignment.beads) + 1
    statuses = [i["status"] for i in pair.diff["items"]]
    assert rows.count(" gone") == statuses.count("vanished") > 0
    assert rows.count(" new") == statuses.count("appeared")
    assert "".join(parse(document).text) == ref


def test_cli_compare_with_a_seed_version(tmp_path):
    out = tmp_path / "compare.html"
    postedit = SEED.parents[1] / "translations" / "postedit.txt"
    assert main(["report", str(SEED), "--compare", str(postedit), "-o", str(out)]) == 0
    document = out.read_text(encoding="utf-8")
    assert "postedit.txt" in document and 'class="pairs"' in document and "BLEU" in document
