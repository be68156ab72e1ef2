"""The finding contract: immutable records, exact spans, JSONL round trips, summaries."""

import dataclasses
import json

import pytest

from rhetoric import Finding, Report, analyze
from rhetoric.findings import CONTRACT_FIELDS

TEXT = "The so-called “experts” fixed the profit – again."


def make(start, end, category="mt", label="calque", **kw):
    return Finding(start, end, TEXT[start:end], category, label, "test.rule", "why", **kw)


def test_finding_is_immutable():
    f = make(24, 40)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 3


def test_unknown_label_and_bad_span_are_rejected():
    with pytest.raises(ValueError):
        Finding(0, 3, "The", "mt", "loaded-language", "r", "m")
    with pytest.raises(ValueError):
        Finding(5, 2, "", "mt", "calque", "r", "m")


def test_report_rejects_a_span_that_does_not_match_the_text():
    with pytest.raises(ValueError):
        Report(TEXT, (Finding(0, 3, "Thx", "mt", "calque", "r", "m"),))


def test_report_sorts_by_position_and_drops_exact_duplicates():
    a, b = make(24, 40), make(4, 13, "framing", "doubt", speaker="author")
    report = Report(TEXT, (a, b, a))
    assert [f.start for f in report] == [4, 24]
    assert len(report) == 2 and report[0] is b


def test_report_keeps_findings_that_share_a_sort_key_in_their_order_and_drops_their_copies():
    a, b = make(24, 40, score=0.5), make(24, 40, score=0.9)  # same span, category, label and rule
    c = make(4, 13)
    report = Report(TEXT, (b, a, c, b, a, dataclasses.replace(b)))
    assert list(report) == [c, b, a]


def test_every_field_set_by_the_constructor_reads_back():
    f = Finding(4, 13, TEXT[4:13], "framing", "doubt", "r", "m", "say 'called'", 0.8, "author", "так называемый",
                ("a", "b"))
    assert dataclasses.astuple(f) == (4, 13, TEXT[4:13], "framing", "doubt", "r", "m", "say 'called'", 0.8,
                                      "author", "так называемый", ("a", "b"))
    assert f == dataclasses.replace(f) and hash(f) == hash(dataclasses.replace(f))


def test_jsonl_has_the_contract_fields_in_order_and_round_trips():
    report = Report(TEXT, (make(24, 40, suggestion="took profits", score=0.8, source="зафиксировать прибыль"),
                           make(14, 23, "quote", "scare", features=("short", "no-attribution"))))
    lines = report.to_jsonl().splitlines()
    first = json.loads(lines[0])
    assert list(first)[: len(CONTRACT_FIELDS)] == list(CONTRACT_FIELDS)
    assert first["text"] == "“experts”" and first["features"] == ["short", "no-attribution"]
    assert all(line.isascii() for line in lines)
    assert Report.from_jsonl(TEXT, report.to_jsonl()) == report


def test_filter_and_summary_count_per_category_label_and_speaker():
    report = Report(TEXT, (make(24, 40), make(4, 13, "framing", "doubt", speaker="author"),
                           make(14, 23, "framing", "loaded-language", speaker="quoted")))
    assert len(report.filter("framing")) == 2
    assert len(report.filter(speaker="quoted")) == 1
    s = report.summary()
    assert s["words"] == 7  # "so-called" is one word
    assert s["by_category"]["framing"]["count"] == 2
    assert s["by_label"]["mt/calque"] == {"count": 1, "per_1000_words": round(1000 / 7, 2)}
    assert s["framing_author_only"]["doubt"]["count"] == 1
    assert s["framing_author_only"]["loaded-language"]["count"] == 0


def test_to_frame_has_one_row_per_finding():
    frame = Report(TEXT, (make(24, 40), make(4, 13, "framing", "doubt"))).to_frame()
    assert list(frame["start"]) == [4, 24]
    assert list(frame.columns[: len(CONTRACT_FIELDS)]) == list(CONTRACT_FIELDS)


def test_html_escapes_the_text_and_marks_each_finding():
    text = "<script>alert(1)</script> so-called"
    report = Report(text, (Finding(26, 35, "so-called", "framing", "doubt", "r", "m"),))
    out = report._repr_html_()
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.count('class="hl c-framing') == 1 and out.count(" title=") == 1


def test_analyze_of_empty_text_is_an_empty_report():
    report = analyze("")
    assert len(report) == 0 and report.summary()["words"] == 0


def test_repr_is_one_short_line_whatever_the_text_length():
    report = Report(TEXT * 1000, (make(24, 40),))
    assert repr(report) == f"<Report: 1 findings in {len(TEXT) * 1000} characters (framing 0, quote 0, mt 1)>"
