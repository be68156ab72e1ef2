"""Existence rules compile their regexes on first use and test context words with faster regexes: every
shipped regex must still be valid, and the faster regexes must decide as the plain ones do."""

import re
from pathlib import Path

import pytest

from rhetoric.rules import Analyzer, ExistenceRule, load_rules
from rhetoric.rules.existence import (
    compile_any,
    paddable,
    presence,
)
from rhetoric.rules.searches import Searcher, ascii_lower
from rhetoric.text import Document

RULES = [rule for _, rule in load_rules() if isinstance(rule, ExistenceRule)]
PATTERNS = sorted({p for rule in RULES for p in rule.patterns})


def _rule(patterns, **conditions):
    return ExistenceRule(id="mt.test.rule", category="mt", label="calque", message="m", patterns=tuple(patterns),
                         **conditions)


def _spans(rule, text):
    return [(f.start, f.end) for f in Analyzer([rule]).run(text, categories=["mt"])]


def test_every_shipped_pattern_and_condition_compiles():
    for rule in RULES:
        rule.validate()


@pytest.mark.parametrize(("field", "broken"), [("patterns", ["(?:broken"]), ("before", "(?:broken"),
                                               ("near", ("fine", "(?:broken"))])
def test_a_broken_regex_fails_validation_by_name(field, broken):
    rule = _rule(broken) if field == "patterns" else _rule(["fine"], **{field: broken})
    with pytest.raises(ValueError, match="mt.test.rule"):
        rule.validate()


@pytest.mark.parametrize(("pattern", "text", "expected"), [
    ("in the framework of", "It was done in the\nframework of talks.", [(12, 31)]),
    ("in the framework of", "It was done within the framework of talks.", []),
    ("(?:get|got) nothing", "They got nothing; we get nothing.", [(5, 16), (21, 32)]),
    ("anti-\\w+", "An anti-war rally.", [(3, 11)]),
    ("colou?r(?:ed|s)?", "Coloured and colours, not discolour.", [(0, 8), (13, 20)]),
    ("\\d+ per cent", "Up 5 per cent.", [(3, 13)]),
])
def test_patterns_flag_whole_words_only(pattern, text, expected):
    assert _spans(_rule([pattern]), text) == expected


def test_crowded_first_words_still_find_each_phrase():
    phrases = [f"in the {w}" for w in ("end", "event", "course", "light", "name", "face", "wake", "spirit")]
    rule = _rule(phrases)
    assert _spans(rule, "In the end, in the wake of it, in the garden.") == [(0, 10), (12, 23)]


def test_conditions_compile_once_and_still_decide():
    rule = _rule(["special operation"], near=("military", "army"), not_before="so-called\\s*$")
    assert _spans(rule, "The army began a special operation.") == [(17, 34)]
    assert _spans(rule, "The army began a so-called special operation.") == []
    assert _spans(rule, "A special operation of the bank.") == []


def test_presence_finds_what_the_plain_alternation_finds():
    seed = (Path(__file__).resolve().parents[1] / "data" / "texts" / "seed.txt").read_text(encoding="utf-8")
    doc = Document(seed)
    texts = [seed[a:b] for a, b in doc.sentences] + ["", "Army", "NATO's", "the talks\x00 ", "Σ ſ ı K"]
    lists = {tuple(getattr(rule, name)) for rule in RULES for name in ("near", "not_near") if getattr(rule, name)}
    lists |= {("a|b", "treat(?:y|ies)"), ("(x)\\1", "y"), ("^The", "(?<=a)b", "c")}
    for patterns in lists:
        padded = paddable(patterns)
        fast, plain = re.compile(presence(patterns, padded), re.IGNORECASE), compile_any(patterns)
        for text in texts:
            found = fast.search(" " + text if padded else text) is not None
            assert found == (plain.search(text) is not None), (patterns, text)


@pytest.mark.parametrize("source, lowered", [
    ("NATO|Kiev\\W", "nato|kiev\\W"),
    ("[A-Z]\\w+ Said", "[A-Z]\\w+ said"),
    ("[]A]B|[^]A]C", "[]A]b|[^]A]c"),
    ("(?-i:[A-Z])Ov", "(?-i:[A-Z])Ov"),
    ("\\N{LATIN CAPITAL LETTER A}B", "\\N{LATIN CAPITAL LETTER A}B"),
])
def test_ascii_lower_leaves_escapes_sets_and_flags(source, lowered):
    assert ascii_lower(source) == lowered


def test_case_blind_conditions_read_folded_text_as_the_original_reads_the_text():
    seed = (Path(__file__).resolve().parents[1] / "data" / "texts" / "seed.txt").read_text(encoding="utf-8")
    texts = [seed[a:b] for a, b in Document(seed).sentences] + ["", "NATO's KIEV", "Σ ſ ı K İ", "the talks\x00 "]
    sources = {getattr(rule, name) for rule in RULES for name in ("before", "not_before", "after", "not_after")}
    sources |= {presence(getattr(rule, name), paddable(getattr(rule, name)))
                for rule in RULES for name in ("near", "not_near") if getattr(rule, name)}
    sources.discard(None)
    assert any(Searcher.blind(s).folded for s in sources) and not all(Searcher.blind(s).folded for s in sources)
    for source in sources:
        fast, plain = Searcher.blind(source), re.compile(source, re.IGNORECASE)
        for text in texts:
            doc = Document(text)
            assert (fast.search(fast.read(doc)) is not None) == (plain.search(text) is not None), (source, text)
