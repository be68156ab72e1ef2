"""The text layer: quotation pairing, apostrophes, line endings and sentence splitting, as exact offsets."""

import re

import pytest

from rhetoric import analyze
from rhetoric.text import Document


def quoted(text: str) -> list[str]:
    """The quotations of a text as strings, marks included, in reading order."""
    return [text[q.start:q.end] for q in Document(text).quotations]


def sentences(text: str) -> list[str]:
    doc = Document(text)
    return [text[a:b] for a, b in doc.sentences]


@pytest.mark.parametrize(("text", "expected"), [
    ('He called it "a trick" and left.', ['"a trick"']),
    ("He called it “a trick” and left.", ["“a trick”"]),
    ("He called it ‘a trick’ and left.", ["‘a trick’"]),
    ("He called it 'a trick' and left.", ["'a trick'"]),
    ("He called it «a trick» and left.", ["«a trick»"]),
    ("He called it „a trick“ and left.", ["„a trick“"]),
    ('"Stop," she said, "now."', ['"Stop,"', '"now."']),
    ("(“Peace”) was the word.", ["“Peace”"]),
    ('The "go–ahead" and the "wishlist".', ['"go–ahead"', '"wishlist"']),
])
def test_quotation_marks_of_every_style_pair(text, expected):
    assert quoted(text) == expected
    assert Document(text).unmatched == []


def test_quotation_span_includes_marks_and_inner_excludes_them():
    text = 'A "b c" d.'
    (q,) = Document(text).quotations
    assert (q.start, q.end) == (2, 7)
    assert text[q.inner[0]:q.inner[1]] == "b c"
    assert (q.open_mark, q.close_mark) == ('"', '"')


@pytest.mark.parametrize("text", [
    "He said “we reject ‘security guarantees’ of this kind” today.",
    "He said \"we reject 'security guarantees' of this kind\" today.",
    "He said «we reject „security guarantees“ of this kind» today.",
])
def test_nested_quotations_have_depth(text):
    doc = Document(text)
    assert [text[q.start + 1:q.end - 1] for q in doc.quotations][1] == "security guarantees"
    assert [q.depth for q in doc.quotations] == [0, 1]
    assert doc.unmatched == []
    inner = doc.quotations[1]
    assert doc.quotation_at(inner.start + 1, inner.end - 1) == inner
    assert doc.quotation_at(doc.quotations[0].start + 2) == doc.quotations[0]


@pytest.mark.parametrize("text", [
    "Ukraine's allies met at five o'clock.",
    "They played rock 'n' roll all night.",
    "It was a hit in the '90s and again in the ’80s.",
    "The allies' position has not changed.",
    "We don’t know and they didn't say.",
    "The Joneses' house is the Smiths’ now.",
    "Rock ’n’ roll never died.",
])
def test_apostrophes_are_not_quotations(text):
    doc = Document(text)
    assert doc.quotations == []
    assert doc.unmatched == []


def test_apostrophes_next_to_real_quotations():
    text = "The allies' position on 'guarantees' is Ukraine's business since the '90s."
    assert quoted(text) == ["'guarantees'"]
    assert Document(text).unmatched == []


def test_unbalanced_mark_is_reported_and_the_rest_still_analysed():
    text = 'He promised "peace and left.\nThe "wishlist" was published.'
    doc = Document(text)
    assert doc.unmatched == [12]
    assert quoted(text) == ['"wishlist"']
    report = analyze(text, "quote")
    assert [n.start for n in report.notes if n.kind == "unbalanced-quote"] == [12]
    assert [f.text for f in report] == ['"wishlist"']


def test_quotation_inside_an_unmatched_opener_is_top_level():
    text = 'He said "they call it "peace" there.'
    doc = Document(text)
    assert quoted(text) == ['"peace"']
    assert doc.quotations[0].depth == 0
    assert doc.unmatched == [8]


def test_quotations_never_cross_paragraphs():
    text = 'The "first\nsecond" line.'
    doc = Document(text)
    assert doc.quotations == []
    assert doc.unmatched == [4, 17]


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n"])
def test_line_endings_keep_exact_offsets(eol):
    lines = ['One "alpha" here.', "Two sentences. And 'beta' there.", "", "Three «gamma»."]
    text = eol.join(lines) + eol
    doc = Document(text)
    assert [text[a:b] for a, b in doc.paragraphs] == [line for line in lines if line]
    assert all("\r" not in text[a:b] and "\n" not in text[a:b] for a, b in doc.paragraphs + doc.sentences)
    assert [text[q.start:q.end] for q in doc.quotations] == ['"alpha"', "'beta'", "«gamma»"]
    assert text.index("'beta'") == doc.quotations[1].start
    assert sentences(text) == ['One "alpha" here.', "Two sentences.", "And 'beta' there.", "Three «gamma»."]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
    ("Dr. Brown met Gen. Lee on Jan. 5. Then they parted.",
     ["Dr. Brown met Gen. Lee on Jan. 5.", "Then they parted."]),
    ("The novel by J. R. R. Tolkien sold well. Critics agreed.",
     ["The novel by J. R. R. Tolkien sold well.", "Critics agreed."]),
    ("Talks, e.g. in Istanbul, failed. Nobody was surprised.",
     ["Talks, e.g. in Istanbul, failed.", "Nobody was surprised."]),
    ('He said: "Stop. Go home now." Then he left.', ['He said: "Stop. Go home now."', "Then he left."]),
    ('He called it "a trick." The rest followed.', ['He called it "a trick."', "The rest followed."]),
    ("Was it real? “No!” he said. Fine.", ["Was it real?", "“No!” he said.", "Fine."]),
    ("They waited… Nothing came.", ["They waited…", "Nothing came."]),
    ("The price was 3.5 percent. It rose.", ["The price was 3.5 percent.", "It rose."]),
])
def test_sentence_splitting(text, expected):
    assert sentences(text) == expected


def test_sentence_and_paragraph_lookup():
    text = "First one. Second one.\nThird."
    doc = Document(text)
    assert text[slice(*doc.sentence_at(text.index("Second") + 3))] == "Second one."
    assert text[slice(*doc.paragraph_at(text.index("Third")))] == "Third."
    assert Document("").sentence_at(0) == (0, 0)
    assert Document("").paragraph_at(0) == (0, 0)


def test_pairing_is_linear_on_a_long_paragraph():
    import time

    unit = "The allies' view of the '90s: \"guarantees\" and 'bonuses', Ukraine's o'clock. "
    text = unit * 20000  # one paragraph of about 1.6 MB
    t0 = time.perf_counter()
    doc = Document(text)
    elapsed = time.perf_counter() - t0
    assert len(doc.quotations) == 40000
    assert doc.unmatched == []
    assert elapsed < 10


TRICKY = ["said", "SAID", "ſaid", "İs", "ıs", "KNOWN", "\u212aNOWN", "So-Called", "ΑΣ", "ας", "σ", "É", "é", "the",
          "The", "draft", "communiqué", "COMMUNIQUÉ", "“", "”", "-", "—", ",", ":", ".", " ", "  ", "\t", "\n", "'", "’"]


@pytest.mark.parametrize("source", [
    r"\b(?:said|called(?:[ \t]+for)?)\b[ \t]*[:,]?$", r"(?<![\w-])(?:so-called|known[ \t]+as)(?:[ \t]+the)?[ \t]*$",
    r"(?<!\w)(?:drafts?|communiqu[eé]s?|the\s+law)(?!\w)", r"(?<!\bthe )\b(?:is|was)\b[^.;:!?]*$", r"[a-z]+ed\b",
])
def test_a_case_blind_pattern_finds_the_same_spans_in_folded_text(source):
    import random

    from rhetoric.text import fold, folded_twin

    pattern = re.compile(source, re.IGNORECASE)
    twin = folded_twin(pattern)
    assert twin is not None and not twin.flags & re.IGNORECASE
    rng = random.Random(source)
    for _ in range(3000):
        text = "".join(rng.choice(TRICKY) + rng.choice(["", " "]) for _ in range(rng.randint(0, 10)))
        folded = fold(text)
        assert len(folded) == len(text)
        assert [m.span() for m in twin.finditer(folded)] == [m.span() for m in pattern.finditer(text)], text


@pytest.mark.parametrize(("source", "flags"), [
    (r"(\w+) \1", re.IGNORECASE),  # a back-reference compares case differently
    (r"Kiev", re.IGNORECASE),  # upper case in the pattern
    (r"σ", re.IGNORECASE),  # a letter the engine folds beyond lower case
    (r"(?-i:a)b", re.IGNORECASE),  # inline flags
    (r"[0-a]", re.IGNORECASE),  # a range over upper-case letters
    (r"k", re.IGNORECASE | re.ASCII),  # ASCII case-blindness does not fold the Kelvin sign
    (r"said", 0),  # case-sensitive already
])
def test_no_twin_where_folding_could_change_the_matches(source, flags):
    from rhetoric.text import folded_twin

    assert folded_twin(re.compile(source, flags)) is None


@pytest.mark.parametrize("line", ["ΟΔΟΣ ΣΟΦΟΣ Σ", "İstanbul ſtraße", "Plain English words.", "ΑΣ\u0301", ""])
def test_lower_in_pieces_is_str_lower(line):
    from rhetoric.text import PIECE, lower

    text = "\n".join(line + "x" * (i % 7) for i in range(3 * PIECE // max(len(line), 1) + 3))
    assert len(text) > PIECE or not line
    assert lower(text) == text.lower()
    assert Document(text).lowered == text.lower()
