"""The quotation classifier: named features for every quotation, and a decision table in quotes.toml that labels it."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from string import Formatter
from typing import Any

from ..findings import CATEGORIES, Finding
from ..text import Document, Quotation
from .base import Context, Example, Rule
from .engine import Expander, kind
from .existence import compile_any
from .searches import Scanner, Searcher, after_last

_WORDS = re.compile(r"[^\W_]+(?:[-–'’.][^\W_]+)*")
_CLOSERS = "\"'”’»)]"  # closing quotes and brackets that may follow a final stop
_EDGE_PUNCT = " \t\r\n.,;:!?…\"'“”‘’«»„‚‹›()[]"
_BLANKS = r"[ \t]+"


def _alternation(patterns: list[str]) -> str:
    """One regex alternative of a word list, a space in an entry matching any run of blanks."""
    return "|".join("(?:" + p.replace(" ", _BLANKS) + ")" for p in patterns)


def _blind(source: str, led: bool = False, needles: bool = False, anchored: bool = False) -> Searcher:
    """A case-blind pattern, ready to search."""
    return Searcher.of(re.compile(source, re.IGNORECASE), led, needles, anchored)


def _not_after(words: list[str]) -> str:
    """Lookbehinds that fail right after any of the words and a space (one each: lookbehinds need a fixed width)."""
    return "".join(rf"(?<!\b{w} )" for w in words)


@dataclass(frozen=True)
class Lexicon:
    """The compiled word lists and thresholds of quotes.toml."""

    speech_before: Searcher
    speech_after: Searcher
    reported: Searcher
    according_to: Searcher
    sources: Scanner
    naming: Searcher
    doubt: Searcher
    back_reference: Searcher
    finite: Searcher
    pronoun_verb: Searcher
    past_verb: Searcher
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
            speech_before=_blind(rf"\b{adjective}(?:{speech})\b{short_words}[ \t]*[:,]?[ \t]*$", anchored=True),
            speech_after=_blind(rf"^[,:]?[ \t]*(?:(?!(?:{_alternation(sets(['@speech_after_breaks']))})\b)"
                                rf"[\w'’.-]+[ \t]+){{0,4}}?(?:{speech})\b"),
            # A speech verb with its clause ("said the talks had been"), or a that-word with "that".
            # Not passive or infinitive ("be admitted to"), and not followed by a preposition.
            reported=_blind(rf"\b{adjective}{passive}(?:(?:{speech})\b"
                            rf"(?![ \t]+(?:{prepositions})\b)[^.;:!?\"“”«»„]*$"
                            rf"|(?:{speech}|{nouns})\b[^.;:!?\"“”«»„]*\b(?:{that})\b)"),
            according_to=_blind(rf"\b(?:{_alternation(sets(['@according_to']))})\b", led=True, needles=True),
            sources=Scanner.of(compile_any(sets(["@sources"]))),  # type: ignore[arg-type]
            naming=_blind(rf"(?<![\w-])(?:{_alternation(sets(['@naming']))}){tail}", anchored=True),
            doubt=_blind(rf"(?<![\w-])(?:{_alternation(sets(['@doubt']))}){tail}", anchored=True),
            back_reference=_blind(rf"(?<![\w-])(?:{_alternation(sets(['@back_reference']))})[ \t]*$", needles=True),
            finite=Searcher.of(compile_any(sets(["@finite"]))),  # type: ignore[arg-type]
            pronoun_verb=_blind(rf"(?:^|[,;][ \t]*|\b(?:{_alternation(sets(['@clause_openers']))})[ \t]+)"
                                rf"(?:{_alternation(sets(['@pronouns']))})[ \t]+[a-z]"),
            past_verb=Searcher.of(
                re.compile(rf"(?<!\w)(?!(?:{_alternation(sets(['@not_subject']))})\b)[\w'’-]+[ \t]+[a-z]+ed\b")),
            # Written as in the text or capitalised at a sentence start, followed by a lower-case word.
            description=re.compile(rf"(?:{articles})\s+[a-z]"),
            **{k: int(v) for k, v in settings.items()},
        )


@dataclass(slots=True)
class Site:
    """One quotation with what its features read: the quoted words and the sentence around them."""

    q: Quotation
    inner: str
    before: str  # the sentence text before the opening mark (at most `window` characters)
    after: str  # the sentence text after the closing mark
    sentence: tuple[int, int]
    tokens: list[str]  # the quoted words
    words: int  # how many
    folded: tuple[str, str, str]  # inner, before and after through text.fold, for the case-blind patterns
    doc: Document
    values: dict[str, str | None]  # the features computed so far (None: absent)

    @property
    def paragraph(self) -> tuple[int, int]:
        """Looked up only by the one feature that reads it."""
        return self.doc.paragraph_at(self.q.start)


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
        self.lex = lex
        self.quote_starts = [q.start for q in doc.quotations if q.depth == 0]
        text = doc.text
        # Each quotation's term, by its opening mark (no two quotations share one), and how often each is quoted.
        self.term_at = {q.start: term(text[q.start + 1:q.end - 1]) for q in doc.quotations}
        self.terms = Counter(self.term_at.values())

    @cached_property
    def _sources(self) -> list[tuple[int, int]]:
        """Every source mention, for a source pattern that any character may be part of."""
        pattern, folded, _, _ = self.lex.sources
        return [m.span() for m in pattern.finditer(self.doc.folded if folded else self.doc.text)]

    def source_in(self, span: tuple[int, int]) -> str | None:
        """The first named source mentioned (outside quotation marks) within the span: the mentions the whole text
        holds there, found by scanning only from the stop before the span to the stop after it."""
        doc, (pattern, folded, stops, stop), (start, end) = self.doc, self.lex.sources, span
        if not stops:
            found: Iterable[tuple[int, int]] = islice(self._sources, bisect_left(self._sources, (start, -1)), None)
        else:
            scanned = doc.folded if folded else doc.text
            after = stop.search(scanned, end)
            scan = (after_last(scanned, stops, start), len(scanned) if after is None else after.end())
            found = (m.span() for m in pattern.finditer(scanned, *scan))
        for s, e in found:
            if s >= end:
                break
            if s >= start and doc.quotation_at(s, e) is None:
                return doc.text[s:e]
        return None

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


def _found(pattern: Searcher, site: Site, part: int) -> str | None:
    """What the pattern matches in one part of the site, as written there (searched in the folded copy if faster)."""
    search, on_folded = pattern
    text = site.inner if part == _INNER else site.before if part == _BEFORE else site.after
    m = search(site.folded[part] if on_folded else text)
    return None if m is None else text[m.start():m.end()]


def _match(pattern: Searcher, site: Site, part: int) -> str | None:
    """`_found` tidied: edge blanks, commas, colons and dashes trimmed, white space made single spaces."""
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
    if _ends_with(site.inner, "!?"):
        return "a closing ! or ?"
    if site.words >= lex.sentence_min_words and _ends_with(site.inner, ".!?…"):
        return "a closing full stop"
    return None


def _ends_with(words: str, marks: str) -> bool:
    """Whether the words end in one of the marks, then closing quotes or brackets, then white space."""
    end = words.rstrip().rstrip(_CLOSERS)
    return end != "" and end[-1] in marks


def name_like(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """A capitalised phrase that is not just the start of a sentence, nor a clause: a name or a title."""
    words = site.tokens
    if not words or not words[0][0].isupper() or len(words) > 6 or value("clause", site, lex, facts):
        return None
    sentence_start = not site.before.strip(_EDGE_PUNCT)
    capitals = sum(w[0].isupper() for w in words if len(w) > 3 or w == words[0])
    if sentence_start and (len(words) < 2 or capitals < 2):
        return None
    return words[0]


def refrain(site: Site, lex: Lexicon, facts: DocFacts) -> str | None:
    """The same term is quoted again and again through the text: the author's ironic refrain."""
    n = facts.terms[facts.term_at[site.q.start]]
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

    @cached_property
    def absent(self) -> tuple[str, ...]:
        """How the `none` features appear among the deciding ones."""
        return tuple(f"not_{f}" for f in self.none)

    @cached_property
    def fields(self) -> frozenset[str]:
        """The placeholders of the message, so only those are worked out."""
        return frozenset(name for _, name, _, _ in Formatter().parse(self.message) if name)


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
        # The rows as plain tuples: the decision loop reads them for every quotation.
        self.table = [(row.min_words, sys.maxsize if row.max_words is None else row.max_words, row.all, row.none,
                       row.any, row) for row in rows]

    def examples(self) -> Iterator[Example]:
        """Each row's quotations it must decide (flag) and quotations it must leave to another row (noflag)."""
        for row in self.rows:
            yield from (Example(row.id, t, True) for t in row.flag)
            yield from (Example(row.id, t, False) for t in row.noflag)

    def site(self, doc: Document, q: Quotation, sentence: tuple[int, int] | None = None) -> Site:
        """The quotation with its sentence context, bounded by the window so long sentences stay cheap."""
        text, folded, w = doc.text, doc.folded, self.lex.window
        qs, qe = q.start, q.end
        s0, s1 = doc.sentence_at(qs) if sentence is None else sentence
        s1 = max(s1, qe)
        b0, a1 = max(s0, qs - w), min(s1, qe + w)
        inner = text[qs + 1:qe - 1]
        tokens = _WORDS.findall(inner)
        return Site(q, inner, text[b0:qs], text[qe:a1], (s0, s1), tokens, len(tokens),
                    (folded[qs + 1:qe - 1], folded[b0:qs], folded[qe:a1]), doc, {})

    def classify(self, site: Site, facts: DocFacts) -> tuple[Row, tuple[str, ...]]:
        """The first row whose conditions hold, with the features that decided it."""
        lex, values, words, compute = self.lex, site.values, site.words, FEATURES
        for least, most, required, refused, some, row in self.table:
            if not least <= words <= most:
                continue
            # Each feature once: looked up when known, else computed and kept (no feature keeps itself).
            for f in required:
                if (values[f] if f in values else values.setdefault(f, compute[f](site, lex, facts))) is None:
                    break
            else:
                for f in refused:
                    if (values[f] if f in values else values.setdefault(f, compute[f](site, lex, facts))) is not None:
                        break
                else:
                    hits = [f for f in some
                            if (values[f] if f in values else values.setdefault(f, compute[f](site, lex, facts)))
                            is not None]
                    if hits or not some:
                        return row, row.all + tuple(hits) + row.absent
        raise AssertionError("unreachable: the last row is unconditional")

    def message(self, row: Row, site: Site, decided: tuple[str, ...], facts: DocFacts) -> str:
        """The row's message, with only the placeholders it uses worked out."""
        ev, fields = site.values, row.fields
        values: dict[str, str] = {}
        if "words" in fields:
            values["words"] = f"{site.words} word{'' if site.words == 1 else 's'}"
        if "term" in fields:
            values["term"] = facts.term_at[site.q.start]
        if "count" in fields:
            values["count"] = ev.get("refrain") or ""
        if "cue" in fields:
            values["cue"] = ev.get("cue_naming") or ev.get("cue_doubt") or ev.get("back_reference") or ""
        if "verb" in fields:
            values["verb"] = ev.get("speech_before") or ev.get("speech_after") or ev.get("according_to") or ""
        if "evidence" in fields:
            values["evidence"] = "; ".join(f"{f.replace('_', ' ')}: {ev[f]}" if ev.get(f) else f.replace("_", " ")
                                           for f in decided if not f.startswith("not_"))
        return row.message.format_map(values)

    def find(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        facts = DocFacts(doc, self.lex)
        text, labels, sentences = ctx.text, ctx.quote_labels, doc.sentences
        i, last = 0, len(sentences) - 1
        for q in doc.quotations:
            while i < last and sentences[i + 1][0] <= q.start:  # sentence_at, walking with the sorted quotations
                i += 1
            site = self.site(doc, q, sentences[i] if sentences else (0, 0))
            row, decided = self.classify(site, facts)
            labels[(q.start, q.end)] = row.label
            yield Finding(q.start, q.end, text[q.start:q.end], "quote", row.label, row.id,
                          self.message(row, site, decided, facts), score=row.score, features=decided)


@kind("quotation")
def _quotation(data: dict[str, Any], expand: Expander) -> list[Rule]:
    """The one classifier rule of a quotation lexicon: its [sets], [settings] and the ordered decision table."""
    defaults = {k: v for k, v in data.get("defaults", {}).items() if k != "kind"}
    if defaults.get("category", "quote") != "quote":
        raise ValueError("a quotation lexicon must have category 'quote'")
    lex = Lexicon.build(expand, data.get("settings", {}))
    return [QuotationRule([Row.from_entry(entry) for entry in data.get("rules", [])], lex)]
