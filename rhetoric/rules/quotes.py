"""The quotation classifier: named features for every quotation, and a decision table in quotes.toml that labels it."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..findings import CATEGORIES, Finding
from ..text import Document, Quotation, finditer_folded, folded_twin
from .base import Context, Example, Rule
from .engine import Expander, kind
from .existence import compile_any

_WORDS = re.compile(r"[^\W_]+(?:[-–'’.][^\W_]+)*")
_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_STRONG_FINAL = re.compile(r"[!?][\"'”’»)\]]*\s*$")
_EDGE_PUNCT = " \t\r\n.,;:!?…\"'“”‘’«»„‚‹›()[]"


_BLANKS = r"[ \t]+"


def _alternation(patterns: list[str]) -> str:
    """One regex alternative of a word list, a space in an entry matching any run of blanks."""
    return "|".join("(?:" + p.replace(" ", _BLANKS) + ")" for p in patterns)


def _not_after(words: list[str]) -> str:
    """Lookbehinds that fail right after any of the words and a space (one each: lookbehinds need a fixed width)."""
    return "".join(rf"(?<!\b{w} )" for w in words)


@dataclass(frozen=True)
class Lexicon:
    """The compiled word lists and thresholds of quotes.toml."""

    speech_before: re.Pattern[str]
    speech_after: re.Pattern[str]
    reported: re.Pattern[str]
    according_to: re.Pattern[str]
    sources: re.Pattern[str]
    naming: re.Pattern[str]
    doubt: re.Pattern[str]
    back_reference: re.Pattern[str]
    finite: re.Pattern[str]
    pronoun_verb: re.Pattern[str]
    past_verb: re.Pattern[str]
    description: re.Pattern[str]
    refrain_min: int = 3
    dense_min: int = 3
    clause_min_words: int = 4
    sentence_min_words: int = 6
    window: int = 400

    @classmethod
    def build(cls, sets: Expander, settings: dict[str, int]) -> Lexicon:
        """Compile the regexes once; every list comes from the file's [sets]."""
        speech = _alternation(sets(["@speech"]))
        nouns = _alternation(sets(["@that_words"]))
        prepositions = _alternation(sets(["@prepositions"]))
        that = _alternation(sets(["@complementizers"]))
        adjective = _not_after(sets(["@adjective_markers"]))
        passive = _not_after(sets(["@passive_markers"]))
        # An object may sit between a naming verb and the name: dubbed the plan "…".
        obj = rf"(?:[ \t]+(?:{_alternation(sets(['@object_determiners']))})[ \t]+[\w-]+)?"
        tail = (obj + rf"(?:[ \t]+(?:{_alternation(sets(['@pronoun_objects']))})){{0,2}}[ \t]*[:,–—-]?[ \t]*$")
        short_words = rf"(?:[ \t]+(?!(?:{_alternation(sets(['@speech_before_breaks']))})\b)[\w'’-]+){{0,3}}"
        articles = _alternation([c for a in sets(["@articles"]) for c in (a, a.capitalize())])
        # The word boundary comes before the look-behinds: most positions fail on it at once.
        return cls(
            # "the mentioned" or "this noted" is an adjective, not a speaker at work.
            speech_before=re.compile(rf"\b{adjective}(?:{speech})\b{short_words}[ \t]*[:,]?[ \t]*$", re.IGNORECASE),
            speech_after=re.compile(rf"^[,:]?[ \t]*(?:(?!(?:{_alternation(sets(['@speech_after_breaks']))})\b)"
                                    rf"[\w'’.-]+[ \t]+){{0,4}}?(?:{speech})\b", re.IGNORECASE),
            # A speech verb with its clause ("said the talks had been"), or a that-word with "that".
            # Not passive or infinitive ("be admitted to"), and not followed by a preposition.
            reported=re.compile(rf"\b{adjective}{passive}(?:(?:{speech})\b"
                                rf"(?![ \t]+(?:{prepositions})\b)[^.;:!?\"“”«»„]*$"
                                rf"|(?:{speech}|{nouns})\b[^.;:!?\"“”«»„]*\b(?:{that})\b)", re.IGNORECASE),
            according_to=re.compile(rf"\b(?:{_alternation(sets(['@according_to']))})\b", re.IGNORECASE),
            sources=compile_any(sets(["@sources"])),  # type: ignore[arg-type]
            naming=re.compile(rf"(?<![\w-])(?:{_alternation(sets(['@naming']))}){tail}", re.IGNORECASE),
            doubt=re.compile(rf"(?<![\w-])(?:{_alternation(sets(['@doubt']))}){tail}", re.IGNORECASE),
            back_reference=re.compile(rf"(?<![\w-])(?:{_alternation(sets(['@back_reference']))})[ \t]*$",
                                      re.IGNORECASE),
            finite=compile_any(sets(["@finite"])),  # type: ignore[arg-type]
            pronoun_verb=re.compile(rf"(?:^|[,;][ \t]*|\b(?:{_alternation(sets(['@clause_openers']))})[ \t]+)"
                                    rf"(?:{_alternation(sets(['@pronouns']))})[ \t]+[a-z]", re.IGNORECASE),
            past_verb=re.compile(rf"(?<!\w)(?!(?:{_alternation(sets(['@not_subject']))})\b)[\w'’-]+[ \t]+[a-z]+ed\b"),
            # Written as in the text or capitalised at a sentence start, followed by a lower-case word.
            description=re.compile(rf"(?:{articles})\s+[a-z]"),
            **{k: int(v) for k, v in settings.items()},
        )


@dataclass
class Site:
    """One quotation with what its features read: the quoted words and the sentence around them."""

    q: Quotation
    inner: str
    before: str  # the sentence text before the opening mark (at most `window` characters)
    after: str  # the sentence text after the closing mark
    sentence: tuple[int, int]
    paragraph: tuple[int, int]
    words: int
    folded: tuple[str, str, str]  # inner, before and after through text.fold, for the case-blind patterns
    values: dict[str, str | None] = field(default_factory=dict)  # the features computed so far (None: absent)


def value(name: str, site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A feature of the quotation, computed at most once: several rows and features ask for the same one."""
    values = site.values
    if name not in values:
        values[name] = FEATURES[name](site, lex, facts)
    return values[name]


class DocFacts:
    """What features need from the whole text, computed once: source mentions, quotation starts, term counts."""

    def __init__(self, doc: Document, lex: Lexicon) -> None:
        self.doc = doc
        text = doc.text
        found = (m.span() for m in finditer_folded(lex.sources, text, doc.folded))
        self.sources = [(s, text[s:e]) for s, e in found if doc.quotation_at(s, e) is None]
        self.source_starts = [s for s, _ in self.sources]
        self.quote_starts = [q.start for q in doc.quotations if q.depth == 0]
        self.terms = Counter(term(doc.text[q.start + 1:q.end - 1]) for q in doc.quotations)

    def source_in(self, span: tuple[int, int]) -> str | None:
        """The first named source mentioned (outside quotation marks) within the span."""
        i = bisect_left(self.source_starts, span[0])
        return self.sources[i][1] if i < len(self.sources) and self.sources[i][0] < span[1] else None

    def quotes_in(self, span: tuple[int, int]) -> int:
        return bisect_left(self.quote_starts, span[1]) - bisect_left(self.quote_starts, span[0])


def term(words: str) -> str:
    """A quoted term as compared across the text: case, spacing, edge punctuation and a leading article ignored."""
    t = " ".join(words.strip(_EDGE_PUNCT).lower().split())
    return t.removeprefix("the ")


# ---------------------------------------------------------------- the features, one small function each
# Each returns the evidence (a word or phrase, possibly "") when the feature holds, None when it does not.

Feature = Callable[[Site, Lexicon, DocFacts], "str | None"]


_INNER, _BEFORE, _AFTER = 0, 1, 2


def _found(pattern: re.Pattern[str], site: Site, part: int) -> str | None:
    """What the pattern matches in one part of the site, as written there (searched in the folded copy if faster)."""
    text = (site.inner, site.before, site.after)[part]
    twin = folded_twin(pattern)
    m = pattern.search(text) if twin is None else twin.search(site.folded[part])
    return None if m is None else text[m.start():m.end()]


def _match(pattern: re.Pattern[str], site: Site, part: int) -> str | None:
    found = _found(pattern, site, part)
    return None if found is None else " ".join(found.strip(" \t,:–—-").split())


def speech_before(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A speech or writing verb within three words before the opening mark: said "…", called for "…"."""
    found = _found(lex.speech_before, site, _BEFORE)
    return None if found is None else found.split()[0].strip(",:")


def speech_after(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A speech verb within a few words after the closing mark: "…," the minister said."""
    found = _found(lex.speech_after, site, _AFTER)
    return None if found is None else found.split()[-1]


def reported_speech(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """The quotation sits in a that-clause of a speech verb or noun: warned that … "…"."""
    found = _found(lex.reported, site, _BEFORE)
    return None if found is None else f"{found.split()[0]} … that"


def colon_before(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A colon just before the opening mark introduces what follows as someone's words."""
    return "a colon" if site.before.rstrip().endswith(":") else None


def according_to(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """'according to' or 'in the words of' in the sentence, outside the quotation."""
    return _match(lex.according_to, site, _BEFORE) or _match(lex.according_to, site, _AFTER)


def source_sentence(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A named document or mouthpiece ("the draft", "the statement") in the sentence, outside quotation marks."""
    return facts.source_in(site.sentence)


def source_paragraph(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """The same in the paragraph: a quotation after "the statement says …" in the previous sentence."""
    return facts.source_in(site.paragraph)


def dense(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """Several quotations in one sentence: the author is stitching together the wording of a source."""
    n = facts.quotes_in(site.sentence)
    return f"{n} quotations in one sentence" if n >= lex.dense_min else None


def cue_naming(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A naming cue right before the opening mark: nicknamed "…", the term "…", the company "…"."""
    return _match(lex.naming, site, _BEFORE)


def characterization(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """Quoted words that open with "a"/"an" and run on describe a thing rather than name it: "a triumph of …"."""
    return "a description" if lex.description.match(site.inner) and site.words >= 3 else None


def cue_doubt(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A doubt cue right before the opening mark: so-called "…", self-proclaimed "…"."""
    return _match(lex.doubt, site, _BEFORE)


def back_reference(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A pointer back to words quoted before ("the mentioned", "the said"): the source is already identified."""
    return _match(lex.back_reference, site, _BEFORE)


def finite_verb(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """An auxiliary or modal, a pronoun subject with its verb, or a past tense after a noun among the quoted words."""
    return (_match(lex.finite, site, _INNER) or _match(lex.pronoun_verb, site, _INNER)
            or _match(lex.past_verb, site, _INNER))


def clause(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """The quoted words stand as a clause: a finite verb with enough words, a ! or ?, or a long sentence with a stop."""
    if site.words >= lex.clause_min_words and value("finite_verb", site, lex, facts) is not None:
        return "a finite verb"
    if _STRONG_FINAL.search(site.inner):
        return "a closing ! or ?"
    if site.words >= lex.sentence_min_words and _FINAL.search(site.inner):
        return "a closing full stop"
    return None


def name_like(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A capitalised phrase that is not just the start of a sentence, nor a clause: a name or a title."""
    words = _WORDS.findall(site.inner)
    if not words or not words[0][0].isupper() or len(words) > 6 or value("clause", site, lex, facts):
        return None
    sentence_start = not site.before.strip(_EDGE_PUNCT)
    capitals = sum(w[0].isupper() for w in words if len(w) > 3 or w == words[0])
    if sentence_start and (len(words) < 2 or capitals < 2):
        return None
    return words[0]


def refrain(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """The same term is quoted again and again through the text: the author's ironic refrain."""
    n = facts.terms[term(site.inner)]
    return str(n) if n >= lex.refrain_min else None


def inside_quote(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """The quotation is nested inside another one: the quoted speaker is the one quoting."""
    return "inside another quotation" if site.q.depth > 0 else None


FEATURES: dict[str, Feature] = {f.__name__: f for f in (
    speech_before, speech_after, reported_speech, colon_before, according_to, source_sentence, source_paragraph,
    dense, cue_naming, characterization, cue_doubt, back_reference, finite_verb, clause, name_like, refrain, inside_quote)}


# ---------------------------------------------------------------- the decision table

@dataclass(frozen=True)
class Row:
    """One row of the decision table: conditions on features, the label they give, and how to say why."""

    id: str
    label: str
    message: str
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    min_words: int = 0
    max_words: int | None = None
    score: float | None = None
    flag: tuple[str, ...] = ()
    noflag: tuple[str, ...] = ()

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Row:
        known = {"id", "label", "message", "all", "any", "none", "min_words", "max_words", "score", "flag", "noflag",
                 "category", "kind"}
        if set(entry) - known:
            raise ValueError(f"{entry.get('id')}: unknown keys {sorted(set(entry) - known)}")
        row = cls(entry["id"], entry["label"], entry["message"], tuple(entry.get("all", ())),
                  tuple(entry.get("any", ())), tuple(entry.get("none", ())), int(entry.get("min_words", 0)),
                  entry.get("max_words"), entry.get("score"), tuple(entry.get("flag", ())),
                  tuple(entry.get("noflag", ())))
        unknown = [f for f in row.all + row.any + row.none if f not in FEATURES]
        if unknown or row.label not in CATEGORIES["quote"] or not row.id.startswith(f"quote.{row.label}."):
            raise ValueError(f"{row.id}: bad label {row.label!r} or unknown features {unknown}")
        return row

    @property
    def unconditional(self) -> bool:
        return not (self.all or self.any or self.none or self.min_words or self.max_words is not None)

    def decide(self, site: Site, value: Callable[[str], str | None]) -> tuple[str, ...] | None:
        """The features that make this row match the quotation, or None when it does not."""
        if site.words < self.min_words or self.max_words is not None and site.words > self.max_words:
            return None
        for f in self.all:
            if value(f) is None:
                return None
        for f in self.none:
            if value(f) is not None:
                return None
        hits = tuple(f for f in self.any if value(f) is not None)
        if self.any and not hits:
            return None
        return self.all + hits + tuple(f"not_{f}" for f in self.none)


class QuotationRule:
    """Gives every quotation of a document exactly one `quote` finding, decided by the first matching row."""

    category = "quote"
    label = "*"

    def __init__(self, rows: list[Row], lex: Lexicon, rule_id: str = "quote.classifier") -> None:
        if not rows or not rows[-1].unconditional:
            raise ValueError("the quotation decision table must end with an unconditional default row")
        if len({r.id for r in rows}) != len(rows):
            raise ValueError("duplicate row ids in the quotation decision table")
        self.id = rule_id
        self.rows = rows
        self.lex = lex

    def examples(self) -> Iterator[Example]:
        """Each row's quotations it must decide (flag) and quotations it must leave to another row (noflag)."""
        for row in self.rows:
            yield from (Example(row.id, t, True) for t in row.flag)
            yield from (Example(row.id, t, False) for t in row.noflag)

    def site(self, doc: Document, q: Quotation) -> Site:
        """The quotation with its sentence context, bounded by the window so long sentences stay cheap."""
        text, folded, w = doc.text, doc.folded, self.lex.window
        s0, s1 = doc.sentence_at(q.start)
        s1 = max(s1, q.end)
        inner = text[q.start + 1:q.end - 1]
        before, after = slice(max(s0, q.start - w), q.start), slice(q.end, min(s1, q.end + w))
        return Site(q, inner, text[before], text[after], (s0, s1), doc.paragraph_at(q.start),
                    len(_WORDS.findall(inner)), (folded[q.start + 1:q.end - 1], folded[before], folded[after]))

    def classify(self, site: Site, facts: DocFacts) -> tuple[Row, tuple[str, ...]]:
        """The first row whose conditions hold, with the features that decided it."""
        def feature(name: str) -> str | None:
            return value(name, site, self.lex, facts)

        for row in self.rows:
            decided = row.decide(site, feature)
            if decided is not None:
                return row, decided
        raise AssertionError("unreachable: the last row is unconditional")

    def message(self, row: Row, site: Site, decided: tuple[str, ...]) -> str:
        ev = site.values
        shown = [f"{f.replace('_', ' ')}: {ev[f]}" if ev.get(f) else f.replace("_", " ")
                 for f in decided if not f.startswith("not_")]
        values = {"words": f"{site.words} word{'' if site.words == 1 else 's'}", "term": term(site.inner), "count": ev.get("refrain") or "",
                  "cue": ev.get("cue_naming") or ev.get("cue_doubt") or ev.get("back_reference") or "",
                  "verb": ev.get("speech_before") or ev.get("speech_after") or ev.get("according_to") or "",
                  "evidence": "; ".join(shown)}
        return row.message.format_map(values)

    def find(self, ctx: Context) -> Iterator[Finding]:
        facts = DocFacts(ctx.doc, self.lex)
        text = ctx.text
        for q in ctx.doc.quotations:
            site = self.site(ctx.doc, q)
            row, decided = self.classify(site, facts)
            ctx.quote_labels[(q.start, q.end)] = row.label
            yield Finding(q.start, q.end, text[q.start:q.end], "quote", row.label, row.id,
                          self.message(row, site, decided), score=row.score, features=decided)


@kind("quotation")
def _quotation(data: dict[str, Any], expand: Expander) -> list[Rule]:
    """The one classifier rule of a quotation lexicon: its [sets], [settings] and the ordered decision table."""
    defaults = {k: v for k, v in data.get("defaults", {}).items() if k != "kind"}
    if defaults.get("category", "quote") != "quote":
        raise ValueError("a quotation lexicon must have category 'quote'")
    lex = Lexicon.build(expand, data.get("settings", {}))
    return [QuotationRule([Row.from_entry(entry) for entry in data.get("rules", [])], lex)]
