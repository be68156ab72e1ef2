"""The faster searches find exactly what the plain patterns find: the shipped quotation lexicon's on real and edge
texts, hand-made patterns on random strings, and what each rewriting helper accepts and refuses."""

import dataclasses
import random
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from re import _parser

import pytest

from rhetoric import Document
from rhetoric.rules import load_rules
from rhetoric.rules.engine import lexicon_files, load_lexicon
from rhetoric.rules.quotes import QuotationRule
from rhetoric.rules.searches import (
    Scanner,
    Searcher,
    _anchored_search,
    _loose,
    _needle_search,
    _needles,
    _word_led,
    after_last,
)
from rhetoric.text import fold

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = next(rule for _, rule in load_rules() if isinstance(rule, QuotationRule))


def _built() -> tuple[QuotationRule, dict[int, tuple[re.Pattern[str], Searcher | Scanner]]]:
    """The shipped quotation lexicon built afresh, with the plain pattern behind each searcher and scanner it made."""
    made: dict[int, tuple[re.Pattern[str], Searcher | Scanner]] = {}
    searcher_of, scanner_of = Searcher.of, Scanner.of

    def searcher(cls: type, pattern: re.Pattern[str], *args: bool, **kwargs: bool) -> Searcher:
        out = searcher_of(pattern, *args, **kwargs)
        made[id(out)] = (pattern, out)
        return out

    def scanner(cls: type, pattern: re.Pattern[str]) -> Scanner:
        out = scanner_of(pattern)
        made[id(out)] = (pattern, out)
        return out

    (file,) = [f for f in lexicon_files() if f.name == "quotes.toml"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Searcher, "of", classmethod(searcher))
        patch.setattr(Scanner, "of", classmethod(scanner))
        (rule,) = load_lexicon(tomllib.loads(file.read_text(encoding="utf-8")))
    assert isinstance(rule, QuotationRule)
    return rule, made


RULE, MADE = _built()
FIELDS = [f.name for f in dataclasses.fields(RULE.lex) if isinstance(getattr(RULE.lex, f.name), (Searcher, Scanner))]
SEARCHERS = [f for f in FIELDS if isinstance(getattr(RULE.lex, f), Searcher)]


def plain(field: str) -> re.Pattern[str]:
    """The pattern a field of the lexicon was made from."""
    pattern, made = MADE[id(getattr(RULE.lex, field))]
    assert made is getattr(RULE.lex, field)
    return pattern


def test_every_searcher_is_accounted_for() -> None:
    shipped = [f.name for f in dataclasses.fields(SHIPPED.lex)
               if isinstance(getattr(SHIPPED.lex, f.name), (Searcher, Scanner))]
    assert FIELDS == shipped
    assert len(SEARCHERS) >= 10 and "sources" in FIELDS
    assert any(getattr(RULE.lex, f).folded for f in FIELDS)


# ---------------------------------------------------------------- the texts searched

TEXTS = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
         for p in sorted((ROOT / "data").glob("**/*.txt"))}

EDGES = ["", " ", "   \t ", "\n", "said\n", "he said\n", "he said:\r\n", "\r\n\r\n", "the mentioned\r\n",
         "ΟΔΟΣ ΣΟΦΟΣ ς σ Σ said", "so-called ΣΟΦΟΣ", "İstanbul ıs ſaid that", "KELVIN said", "the İ ı ſ K",
         "Москва заявила, что", "министр сказал", "He said!", "Did she say?", "It is over!", "Is it?",
         "he said, “", "as they said (", "the so-called [", "said”", "said»", "so-called »", "noted)", "named]",
         "“", "”", "«", "»", "(", ")", "[", "]", "!", "?", "…", ".", "'", "’"]


def _variants(text: str) -> list[str]:
    """A text as written and as the edge cases bend it: upper case, dotted and dotless i, long s, Kelvin sign,
    final sigma, CRLF, and closing marks and stops after it."""
    return [text, text.upper(), text.replace("i", "İ"), text.replace("i", "ı"), text.replace("s", "ſ"),
            text.replace("k", "K"), text.replace("s ", "ς ").replace("S", "Σ"), text.replace(" ", "\r\n", 2),
            text + "\n", text + "!", text + "?", text + "”", text + ")", text + "»", text + " ]"]


def _quoted_texts() -> Iterator[str]:
    """Every sentence of every data text; the text before and after each quotation, in its sentence and in the
    whole text; and the parts the quotation features search."""
    for text in TEXTS.values():
        doc = Document(text)
        yield from (text[s:e] for s, e in doc.sentences)
        for q in doc.quotations:
            s, e = doc.sentence_at(q.start)
            site = RULE.site(doc, q)
            yield from (text[s:q.start], text[q.end:max(e, q.end)], text[:q.start], text[q.end:])
            yield from (site.inner, site.before, site.after)


def _edge_texts() -> Iterator[str]:
    yield from EDGES
    for example in RULE.examples():
        yield from _variants(example.text)
    for edge in EDGES:
        yield from (edge + " said that", "the so-called " + edge, "according to " + edge)


SAMPLES = sorted(set(_quoted_texts()) | set(_edge_texts()))


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return None if m is None else m.span()


def test_the_samples_cover_the_data() -> None:
    assert "data/texts/seed.txt" in TEXTS and len(TEXTS) >= 5
    assert len(SAMPLES) > 1000


@pytest.mark.parametrize("field", SEARCHERS)
def test_a_shipped_searcher_finds_what_its_pattern_finds(field: str) -> None:
    searcher, pattern = getattr(RULE.lex, field), plain(field)
    wrong = [t for t in SAMPLES
             if _span(searcher.search(fold(t) if searcher.folded else t)) != _span(pattern.search(t))]
    assert not wrong, wrong[:5]
    assert any(pattern.search(t) for t in SAMPLES)  # the comparison is not only of misses


def test_the_shipped_scanner_finds_what_its_pattern_finds() -> None:
    scanner, pattern = RULE.lex.sources, plain("sources")
    for t in SAMPLES:
        scanned = fold(t) if scanner.folded else t
        assert [m.span() for m in scanner.pattern.finditer(scanned)] == [m.span() for m in pattern.finditer(t)], t


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_scan_between_stops_finds_what_a_whole_scan_finds(name: str) -> None:
    """What quotes.py relies on: a scan from the stop before a span to the stop after it finds every match in it."""
    scanner, pattern = RULE.lex.sources, plain("sources")
    assert scanner.stops
    text = TEXTS[name]
    scanned = fold(text) if scanner.folded else text
    whole = [m.span() for m in pattern.finditer(text)]
    doc = Document(text)
    spans = doc.sentences + doc.paragraphs + [(q.start, q.end) for q in doc.quotations]
    for start, end in spans:
        after = scanner.stop.search(scanned, end)
        window = (after_last(scanned, scanner.stops, start), len(scanned) if after is None else after.end())
        found = [m.span() for m in scanner.pattern.finditer(scanned, *window) if start <= m.start() < end]
        assert found == [s for s in whole if start <= s[0] < end], (start, end)


def test_after_last() -> None:
    assert after_last("a. b! c", ".!", 7) == 5
    assert after_last("a. b! c", ".!", 4) == 2
    assert after_last("abc", ".!", 3) == 0
    far = "." + "x" * 5000
    assert after_last(far, ".", len(far), reach=4) == 1


# ---------------------------------------------------------------- the rewriting helpers

def parsed(source: str, flags: int = 0) -> list:
    return list(_parser.parse(source, flags).data)


@pytest.mark.parametrize("source", [r"(?<!\w)said", r"(?<![\w-])said", r"\bsaid", r"\b(?:said|told)\b",
                                    r"\b(?!not\b)said", r"\b(?:so-called|the term)"])
def test_word_led_accepts(source: str) -> None:
    assert _word_led(parsed(source))


@pytest.mark.parametrize("source", ["said", r"\s*said", r"(?<![^\w])said", r"(?<=\w)said", r"(?<!-)said",
                                    r"\b-said", r"\b(?:said|-x)", r"\b\w+", r"\b", "",
                                    r"\b(?:the )?term"])  # an optional first part: refused, though it would do
def test_word_led_refuses(source: str) -> None:
    assert not _word_led(parsed(source))


@pytest.mark.parametrize(("source", "needles"), [
    (r"(?:said|told)\b", {"said", "told"}),
    (r"\b(?:said|told) that", {" that"}),  # the longer literal run tells more
    (r"x?said", {"said"}),
    (r"(?:word){1,3}", {"word"}),
    (r"(?<!\w)(?:according to|in the words of)\b", {"according to", "in the words of"}),
])
def test_needles_found(source: str, needles: set[str]) -> None:
    assert _needles(parsed(source)) == needles


@pytest.mark.parametrize("source", [r"\w+", r"(?:said|\w+)", r"(?:word){0,3}", r"[a-z]+\b", ""])
def test_needles_none(source: str) -> None:
    assert _needles(parsed(source)) is None


def test_needle_search_skips_only_what_it_may() -> None:
    calls: list[str] = []

    def search(text: str) -> re.Match[str] | None:
        calls.append(text)
        return re.search("said|told", text)
    skim = _needle_search(re.compile(r"\b(?:said|told)\b"), search)
    assert skim("nothing here") is None and calls == []
    assert skim("she told us") is not None and calls == ["she told us"]
    for refused in [re.compile("said", re.IGNORECASE), re.compile(r"\b(?:is|are)\b"), re.compile(r"\w+")]:
        assert _needle_search(refused, search) is search


@pytest.mark.parametrize(("source", "backwards", "matches", "misses"), [
    (r"(?<!\w)said\b", False, ["said"], ["sad"]),
    (r"ab", True, ["ba"], ["ab"]),
    (r"(?:said|told)[ \t]+that", False, ["said that", "told \tthat"], ["sold that", "said"]),
    (r"(?:said|told)[ \t]+that", True, ["taht dias", "taht\t dlot"], ["said that"]),
    (r"(x)[a-c]{2,}", False, ["xab", "xcccc"], ["xa"]),
    (r".\d\s\S\w\W", False, ["a1 bc!"], ["a1 bc"]),
])
def test_loose_rewrites(source: str, backwards: bool, matches: list[str], misses: list[str]) -> None:
    loose = _loose(parsed(source), backwards)
    assert loose is not None
    assert all(re.fullmatch(loose, t) for t in matches)
    assert not any(re.fullmatch(loose, t) for t in misses)


@pytest.mark.parametrize("source", [r"(a)\1", r"(?i:said)", r"(?P<w>\w)x(?P=w)", r"(?>said)", r"(a)?(?(1)b|c)"])
def test_loose_refuses(source: str) -> None:
    assert _loose(parsed(source), False) is None


def test_anchored_search_rewrites_only_what_it_can() -> None:
    for refused in [r"^(a)\1", r"(a)\1$", r"said", r"(?m)^said"]:
        p = re.compile(refused)
        search = p.search
        assert _anchored_search(p, search) is search
    for accepted in [r"^said", r"said[ \t]*$", r"\Asaid", r"said\Z"]:
        p = re.compile(accepted)
        search = p.search
        assert _anchored_search(p, search) is not search
    p = re.compile(r"(?<!\w)said[ \t]*$")
    fast = _anchored_search(p, p.search)
    for t in ["he said", "he said \n", "he said\n\n", "said more", "he said\r\n", ""]:
        assert _span(fast(t)) == _span(p.search(t)), t


# ---------------------------------------------------------------- hand-made patterns on random strings

PATTERNS = [
    r"(?<!\w)(?:said|told)[ \t]+that\b",
    r"\b(?:said|told)\b[^.;:!?\"“”«»]*$",
    r"\b(?<!\bthe )(?:said|noted)\b(?:[ \t]+[\w'’-]+){0,3}[ \t]*[:,]?[ \t]*$",
    r"^[,:]?[ \t]*(?:(?!(?:and|but)\b)[\w'’.-]+[ \t]+){0,4}?(?:said|told)\b",
    r"(?<![\w-])(?:so-called|the term)[ \t]*[:,–—-]?[ \t]*$",
    r"(?<![\w-])(?:the said|the noted)[ \t]*$",
    r"\b(?:according[ \t]+to|in[ \t]+the[ \t]+words[ \t]+of)\b",
    r"(?<!\w)(?!(?:that|the)\b)[\w'’-]+[ \t]+[a-z]+ed\b",
    r"(?:^|[,;][ \t]*|\b(?:and|but)[ \t]+)(?:he|she|they)[ \t]+[a-z]",
    r"\btold\b",
    r"said[.!?]?$",
    r"^\s*told",
]
TOKENS = ["said", "told", "that", "said that", "the", "term", "so-called", "noted", "according to",
          "in the words of", "and", "but", "he", "She", "THEY", "aired", "ed", "tolds", "Said", "the said", "İ", "ſaid", "K", "ς", "Σ"]
SEPARATORS = [" ", " ", " ", "", "\n", "\t"]
ALPHABET = list("aedhilnorstSTx ' \t\n.,;:!?-\"“”«»’()") + [" "] * 6


def _random_strings(n: int) -> list[str]:
    rng = random.Random(0)
    out = []
    for _ in range(n):
        parts = [rng.choice(TOKENS) + rng.choice(SEPARATORS) if rng.random() < 0.6 else rng.choice(ALPHABET)
                 for _ in range(rng.randint(0, 12))]
        out.append("".join(parts))
    return out


STRINGS = _random_strings(4000)


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("source", PATTERNS)
def test_every_faster_search_finds_what_search_finds(source: str, flags: int) -> None:
    p = re.compile(source, flags)
    searcher = Searcher.of(p, led=True, needles=True, anchored=True)
    wrong = [t for t in STRINGS if _span(searcher.search(fold(t) if searcher.folded else t)) != _span(p.search(t))]
    assert not wrong, wrong[:5]
    assert sum(p.search(t) is not None for t in STRINGS) > 20  # the strings do match, often enough to tell


def test_a_scanner_stops_only_at_what_no_match_holds() -> None:
    assert Scanner.of(re.compile(r"\bthe (?:draft|statement)\b", re.IGNORECASE)).stops == ".!?…"
    assert Scanner.of(re.compile(r"\bU\.S\.|\bthe draft\b")).stops == "!?…"
    assert Scanner.of(re.compile(r"the [a-z]+ draft")).stops == ".!?…"
    assert Scanner.of(re.compile(r"the [\w.]+ draft")).stops == "!?…"
    assert Scanner.of(re.compile(r"the [,-/]+ draft")).stops == "!?…"  # a range holding the full stop
    assert Scanner.of(re.compile(r"the[^,;]+draft")).stops == ""  # a negated set takes anything
    assert Scanner.of(re.compile(r"(?:the draft)?")).stops == ""  # an empty match
