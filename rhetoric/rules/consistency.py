"""The `consistency` kind: names romanised several ways in one text, or in a non-standard way (MT from Russian)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..findings import Finding
from ..names import SYSTEM_NAMES, Gazetteer, Name, build_gazetteer
from ..names import fold as _fold
from ..text import PIECE, line_chunks
from .base import Context, Example
from .engine import Expander, kind

# The first letter comes before the look-behind so the regex engine can skip ahead to a candidate letter.
_TOKEN = re.compile(r"[A-Z](?<![A-Za-z][A-Z])[a-z]{2,}(?![a-z])")
_LOWER_WORD = re.compile(r"[a-z](?<![A-Za-z][a-z])[a-z]*")
_OPENERS = "\"“‘'«„([ \t"
_CONTENT = re.compile("[^" + re.escape(_OPENERS) + "]")  # what stripping the openers leaves
_NOUN_AFTER = re.compile(r"^\s+[a-z]")


# A name recurs through a text: its folded key, gazetteer entries and given-name group are computed once.
fold = lru_cache(maxsize=1 << 16)(_fold)


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    word: str
    entry: Name | None = None
    pos: int | None = None


def _counts(spellings: Counter[str]) -> str:
    return ", ".join(f"'{w}' {n}×" for w, n in spellings.most_common())


@dataclass
class ConsistencyRule:
    """Clusters the capitalised names of a text by a spelling-blind key and flags the odd spellings out."""

    id: str
    gazetteer: Gazetteer
    shape: re.Pattern[str] | None = None  # what a name romanised from Cyrillic looks like
    category: str = "mt"
    label: str = "transliteration"
    score: float = 0.8
    flag: tuple[str, ...] = ()
    noflag: tuple[str, ...] = ()
    # A possessive adjective formed from a name (ермаковская схема -> "the Ermakov scheme"): its suffix with the
    # endings the name itself may have had (Kuleba -> Kulebin), and the determiners that must stand before it.
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    determiners: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        suffixes = "|".join(re.escape(x) for x in self.derived)
        self._derived_suffix = re.compile(rf"^(?P<stem>[A-Z][a-z]+?)(?P<suffix>{suffixes})$") if self.derived else None
        words = "|".join(f"(?:{w})" for w in self.determiners)
        self._determiner = re.compile(rf"(?:^|\s)(?:{words})\s+$", re.IGNORECASE)
        self._lookup = lru_cache(maxsize=1 << 16)(self.gazetteer.lookup)
        self._given_group = lru_cache(maxsize=1 << 16)(self.gazetteer.given_group)

    def examples(self) -> Iterator[Example]:
        yield from (Example(self.id, t, True) for t in self.flag)
        yield from (Example(self.id, t, False) for t in self.noflag)

    def _tokens(self, ctx: Context) -> list[_Token]:
        """Capitalised words that are names: known to the gazetteer, or capitalised mid-sentence and never lower-case."""
        text, doc = ctx.text, ctx.doc
        raw = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        # Decided once per distinct word: a text repeats its names many times.
        known: dict[str, tuple[Name, int] | None] = {}
        for w in dict.fromkeys(w for _, _, w in raw):
            hits = self._lookup(w)
            known[w] = min(hits, key=lambda h: (h[0].kind != "person", h[1] != -1)) if hits else None
        content: dict[int, int] = {}  # sentence start -> first character that is not an opener
        mid: set[str] = set()
        for s, _, w in raw:
            if w in mid or known[w] is not None:
                continue
            s0 = doc.sentence_at(s)[0]
            if s0 not in content:
                m = _CONTENT.search(text, s0)
                content[s0] = m.start() if m else len(text)
            if content[s0] < s:
                mid.add(w)
        unknown = [w for w, hit in known.items() if hit is None and (w in mid or self._given_group(w) is not None)]
        lower: set[str] = set()
        for a, b in line_chunks(text, PIECE) if unknown else ():  # a piece at a time: no list of every word
            lower.update(_LOWER_WORD.findall(text, a, b))
        names = {w for w in unknown if w.lower() not in lower}
        out = []
        for s, e, w in raw:
            hit = known[w]
            if hit is not None:
                out.append(_Token(s, e, w, *hit))
            elif w in names:
                out.append(_Token(s, e, w))
        return out

    def _key(self, tok: _Token) -> Hashable:
        if tok.entry is not None:
            return ("name", id(tok.entry), tok.pos)
        group = self._given_group(tok.word)
        return ("given", group) if group is not None else ("fold", fold(tok.word))

    def find(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.text
        tokens = self._tokens(ctx)
        clusters: dict[Hashable, list[_Token]] = defaultdict(list)
        for i, tok in enumerate(tokens):
            key = self._key(tok)
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt and text[tok.end:nxt.start] == " " and (tok.entry is None or tok.pos == 0):
                # A given name belongs to the person named next: Andriy Yermak and Andrei Ermak are one name.
                if nxt.entry is not None and nxt.entry.kind == "person" and nxt.pos == -1 \
                        and nxt.entry.part_of(tok.word) == 0:
                    tok.entry, tok.pos = nxt.entry, 0
                key = (key, self._key(nxt))
            clusters[key].append(tok)
        found: dict[tuple[int, int], Finding] = {}
        for members in clusters.values():
            for f in self._judge(members):
                found.setdefault((f.start, f.end), f)
        given = defaultdict(list)  # a given name keeps one spelling across people: Sergei Shoigu, Sergey Lavrov
        for i, tok in enumerate(tokens[:-1]):
            if text[tok.end:tokens[i + 1].start] == " " and self._given_group(tok.word) is not None:
                given[fold(tok.word)].append(_Token(tok.start, tok.end, tok.word))
        for members in given.values():
            for f in self._judge(members):
                found.setdefault((f.start, f.end), f)
        found.update({(f.start, f.end): f for f in self._derived(ctx, tokens) if (f.start, f.end) not in found})
        return iter(sorted(found.values(), key=lambda f: f.key))

    def _judge(self, members: list[_Token]) -> Iterator[Finding]:
        """Non-standard spellings of a known person, then the minority spellings of any name seen several ways."""
        spellings = Counter(t.word for t in members)
        entry = next((t.entry for t in members if t.entry is not None), None)
        pos = next((t.pos for t in members if t.entry is not None), -1)
        person = entry is not None and entry.kind == "person" and all(t.entry is entry for t in members)
        if entry is None and self.shape is not None and not any(
                self.shape.search(w.lower()) or self._given_group(w) is not None for w in spellings):
            return  # English names (Philip/Phillip, Smith/Smyth) are not transliterations
        flagged: set[int] = set()
        if person:
            assert entry is not None and pos is not None
            want = entry.standard.split()[pos]
            for t in members:
                if not entry.accepts(t.word, pos):
                    flagged.add(t.start)
                    yield self._finding(t, "standard", want, 0.75,
                                        f"'{t.word}' is not the standard romanisation of {entry.cyrillic}: "
                                        f"{SYSTEM_NAMES[entry.language]} and English usage give '{want}'"
                                        f" (this text has {_counts(spellings)}).")
        if len(spellings) < 2:
            return
        ok = Counter({w: n for w, n in spellings.items() if not person or entry.accepts(w, pos)})  # type: ignore[union-attr]
        if not ok:
            return
        norm = max(ok, key=lambda w: (ok[w], -next(t.start for t in members if t.word == w)))
        standard = entry.standard.split()[pos] if entry is not None and pos is not None else None
        hint = f"; the standard romanisation is '{standard}'" if standard else ""
        for t in members:
            if t.word != norm and t.start not in flagged:
                yield self._finding(t, "variant", norm, 0.85,
                                    f"The same name is spelled several ways in this text ({_counts(spellings)}): "
                                    f"keep one spelling{hint}.")

    def _derived(self, ctx: Context, tokens: list[_Token]) -> Iterator[Finding]:
        """'the Ermakov scheme': a Russian possessive adjective of a name in the text, left looking like a surname."""
        text = ctx.text
        if self._derived_suffix is None:
            return
        names = {fold(t.word): t for t in tokens}
        for t in tokens:
            m = self._derived_suffix.match(t.word)
            if not m or t.entry is not None:
                continue
            stem = m["stem"]
            base = next((names[k] for k in (fold(stem + e) for e in self.derived[m["suffix"]]) if k in names), None)
            if base is None or base is t:
                continue
            s0 = ctx.doc.sentence_at(t.start)[0]
            if not self._determiner.search(text[s0:t.start]) or not _NOUN_AFTER.match(text[t.end:t.end + 3]):
                continue
            proper = base.entry.standard.split()[-1] if base.entry is not None else base.word
            yield self._finding(t, "derived", f"{proper}'s", 0.75,
                                f"'{t.word}' renders a Russian possessive adjective formed from the name "
                                f"'{base.word}' (like ермаковский); English uses the name itself: '{proper}'s'.")

    def _finding(self, t: _Token, sub: str, suggestion: str, score: float, message: str) -> Finding:
        return Finding(t.start, t.end, t.word, self.category, self.label, f"{self.id}.{sub}", message,
                       suggestion, score)


@kind("consistency")
def _consistency(data: dict[str, Any], expand: Expander) -> list[Any]:
    gazetteer = build_gazetteer(data)
    defaults = data.get("defaults", {})
    shape = data.get("shape", {}).get("cyrillic")
    derived = {suffix: tuple(endings) for suffix, endings in data.get("derived", {}).items()}
    determiners = tuple(expand(["@determiners"])) if derived else ()
    return [ConsistencyRule(r["id"], gazetteer, re.compile("|".join(shape)) if shape else None,
                            r.get("category", defaults.get("category", "mt")), r.get("label", defaults.get("label", "transliteration")),
                            r.get("score", defaults.get("score", 0.8)), tuple(r.get("flag", ())),
                            tuple(r.get("noflag", ())), derived, determiners) for r in data.get("rules", [])]
