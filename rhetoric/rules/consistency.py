"""The `consistency` kind: names romanised several ways in one text, or in a non-standard way (MT from Russian)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import and_, itemgetter
from typing import Any

from ..findings import Finding
from ..names import SYSTEM_NAMES, Gazetteer, Name, build_gazetteer
from ..names import fold as _fold
from ..text import PIECE, line_chunks
from .base import Context, Example
from .engine import Expander, kind

# The first letter comes before the look-behind so the regex engine can skip ahead to a candidate letter.
_TOKEN = re.compile(r"[A-Z](?<![A-Za-z][A-Z])[a-z]{2,}(?![a-z])")
# Bytes of ASCII text: a-z kept, A-Z as '#', anything else a space (see _never_lower).
_CASES = bytes(c if 97 <= c <= 122 else 35 if 65 <= c <= 90 else 32 for c in range(256))
_OPENERS = "\"“‘'«„([ \t"
_CONTENT = re.compile("[^" + re.escape(_OPENERS) + "]")  # what stripping the openers leaves
_NOUN_AFTER = re.compile(r"^\s+[a-z]")


# A name recurs through a text: its folded key, gazetteer entries and given-name group are computed once.
fold = lru_cache(maxsize=1 << 16)(_fold)


Token = tuple[int, int, str]  # start, end and the capitalised word
Hit = tuple[Name | None, int | None]  # a gazetteer entry and the word of it spelled (-1 the surname, 0 given)
_NO_HIT: Hit = (None, None)
_start, _end, _word = itemgetter(0), itemgetter(1), itemgetter(2)


def _counts(spellings: Counter[str]) -> str:
    return ", ".join(f"'{w}' {n}×" for w, n in spellings.most_common())


def _never_lower(text: str, words: list[str]) -> set[str]:
    """The capitalised `words` whose lower case is never a word of the text (a run of a-z after a non-letter)."""
    pending = {w.lower().encode(): w for w in words}
    for a, b in line_chunks(text, PIECE) if pending else ():  # a piece at a time: no list of every word
        # ASCII letters only, an upper-case one as '#' opening a part of its own: the parts that remain without
        # '#' are the lower-case words of the piece.
        parts = text[a:b].encode("ascii", "replace").translate(_CASES).replace(b"#", b" #").split()
        for x in pending.keys() & parts:
            del pending[x]
        if not pending:
            break
    return set(pending.values())


def _mid_sentence(ctx: Context, raw: list[Token], words: set[str]) -> set[str]:
    """Which of `words` stand somewhere after the first word of their sentence (past its opening quotes)."""
    text, doc = ctx.text, ctx.doc
    content: dict[int, int] = {}  # sentence start -> first character that is not an opener
    mid: set[str] = set()
    pending = set(words)
    for s, _, w in compress(raw, map(pending.__contains__, map(_word, raw))) if pending else ():
        s0 = doc.sentence_at(s)[0]
        if s0 not in content:
            m = _CONTENT.search(text, s0)
            content[s0] = m.start() if m else len(text)
        if content[s0] < s:
            mid.add(w)
            pending.discard(w)
    return mid


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

    def _tokens(self, ctx: Context) -> tuple[list[Token], dict[str, Hit]]:
        """Capitalised words that are names (known to the gazetteer, or capitalised mid-sentence and never
        lower-case), and what the gazetteer says of each word."""
        raw = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(ctx.text)]
        # Decided once per distinct word: a text repeats its names many times.
        kept: dict[str, Hit] = {}
        unknown = []
        for w in dict.fromkeys(map(_word, raw)):
            if hits := self._lookup(w):
                kept[w] = min(hits, key=lambda h: (h[0].kind != "person", h[1] != -1))
            else:
                unknown.append(w)
        never_lower = _never_lower(ctx.text, unknown)
        given = {w for w in never_lower if self._given_group(w) is not None}
        kept.update(dict.fromkeys(given | _mid_sentence(ctx, raw, never_lower - given), _NO_HIT))
        return list(compress(raw, map(kept.__contains__, map(_word, raw)))), kept

    def _key(self, word: str, entry: Name | None, pos: int | None) -> Hashable:
        if entry is not None:
            return ("name", id(entry), pos)
        group = self._given_group(word)
        return ("given", group) if group is not None else ("fold", fold(word))

    def find(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.text
        tokens, kept = self._tokens(ctx)
        gaps = map(text.__getitem__, map(slice, map(_end, tokens), map(_start, tokens[1:])))
        spaced = list(map(" ".__eq__, gaps))  # the next name follows at once
        clusters, owners, owned = self._clusters(tokens, kept, spaced)
        found: dict[tuple[int, int], Finding] = {}
        for key, members in clusters.items():
            for f in self._judge(members, lambda w, key=key: owners.get((key, w), kept[w])):
                found.setdefault((f.start, f.end), f)
        given = defaultdict(list)  # a given name keeps one spelling across people: Sergei Shoigu, Sergey Lavrov
        first_names = {w for w in kept if self._given_group(w) is not None}
        for tok, joined in zip(tokens, spaced):
            if joined and tok[2] in first_names:
                given[fold(tok[2])].append(tok)
        for members in given.values():
            for f in self._judge(members, lambda w: _NO_HIT):
                found.setdefault((f.start, f.end), f)
        derived = self._derived(ctx, tokens, kept, lambda t: owned.get(t[0], kept[t[2]])[0])
        found.update({(f.start, f.end): f for f in derived if (f.start, f.end) not in found})
        return iter(sorted(found.values(), key=lambda f: f.key))

    def _clusters(self, tokens: list[Token], kept: dict[str, Hit], spaced: list[bool]
                  ) -> tuple[dict[Hashable, list[Token]], dict[tuple[Hashable, str], Hit], dict[int, Hit]]:
        """The tokens grouped by the name they spell; the hits of given names that belong to the person named next,
        by cluster and word and by token start."""
        keys = {w: self._key(w, *hit) for w, hit in kept.items()}  # once per word, and per pair of words below
        words = list(map(_word, tokens))
        cluster_of = list(map(keys.__getitem__, words))
        pairable = {w for w, (entry, pos) in kept.items() if entry is None or pos == 0}
        pairs: dict[tuple[str, str], tuple[Hashable, Hit | None]] = {}
        owners: dict[tuple[Hashable, str], Hit] = {}
        owned: dict[int, Hit] = {}
        for i in compress(range(len(spaced)), map(and_, spaced, map(pairable.__contains__, words))):
            w, nxt = words[i], words[i + 1]
            pair = pairs.get((w, nxt))
            if pair is None:
                # A given name belongs to the person named next: Andriy Yermak and Andrei Ermak are one name.
                entry, pos = kept[nxt]
                owner = entry is not None and entry.kind == "person" and pos == -1 and entry.part_of(w) == 0
                pair = pairs[w, nxt] = (keys[w], keys[nxt]), (entry, 0) if owner else None
            key, hit = pair
            cluster_of[i] = key
            if hit is not None:
                owners[key, w] = owned[tokens[i][0]] = hit
        clusters: dict[Hashable, list[Token]] = defaultdict(list)
        for tok, key in zip(tokens, cluster_of):
            clusters[key].append(tok)
        return clusters, owners, owned

    def _judge(self, members: list[Token], hit: Callable[[str], Hit]) -> Iterator[Finding]:
        """Non-standard spellings of a known person, then the minority spellings of any name seen several ways
        (`hit` gives what each word of the cluster spells)."""
        spellings = Counter(map(_word, members))  # in the order the words first appear
        hits = {w: hit(w) for w in spellings}
        entry, pos = next((h for h in map(hits.__getitem__, spellings) if h[0] is not None), (None, -1))
        person = entry is not None and entry.kind == "person" and all(hits[w][0] is entry for w in spellings)
        if entry is None and self.shape is not None and not any(
                self.shape.search(w.lower()) or self._given_group(w) is not None for w in spellings):
            return  # English names (Philip/Phillip, Smith/Smyth) are not transliterations
        counts = _counts(spellings)
        flagged: set[int] = set()
        wrong: set[str] = set()
        if person:
            assert entry is not None and pos is not None
            want = entry.standard.split()[pos]
            wrong = {w for w in spellings if not entry.accepts(w, pos)}
            why = {w: f"'{w}' is not the standard romanisation of {entry.cyrillic}: {SYSTEM_NAMES[entry.language]} and "
                      f"English usage give '{want}' (this text has {counts})." for w in wrong}
            for t in members:
                if t[2] in wrong:
                    flagged.add(t[0])
                    yield self._finding(t, "standard", want, 0.75, why[t[2]])
        if len(spellings) < 2:
            return
        ok = Counter({w: n for w, n in spellings.items() if w not in wrong})
        if not ok:
            return
        first = {w: s for s, _, w in reversed(members)}
        norm = max(ok, key=lambda w: (ok[w], -first[w]))
        standard = entry.standard.split()[pos] if entry is not None and pos is not None else None
        hint = f"; the standard romanisation is '{standard}'" if standard else ""
        message = f"The same name is spelled several ways in this text ({counts}): keep one spelling{hint}."
        for t in members:
            if t[2] != norm and t[0] not in flagged:
                yield self._finding(t, "variant", norm, 0.85, message)

    def _derived(self, ctx: Context, tokens: list[Token], words: Iterable[str], entry: Callable[[Token], Name | None]
                 ) -> Iterator[Finding]:
        """'the Ermakov scheme': a Russian possessive adjective of a name in the text, left looking like a surname
        (`words` are those of the tokens, `entry` gives a token's gazetteer entry)."""
        text = ctx.text
        if self._derived_suffix is None:
            return
        adjectives = {w: m for w in words if (m := self._derived_suffix.match(w))}
        if not adjectives:
            return
        last = dict(zip(map(_word, tokens), tokens))  # the last token of each word, then of each key
        names = {fold(t[2]): t for t in sorted(last.values())}
        for t in compress(tokens, map(adjectives.__contains__, map(_word, tokens))):
            if entry(t) is not None:
                continue
            m = adjectives[t[2]]
            stem = m["stem"]
            base = next((names[k] for k in (fold(stem + e) for e in self.derived[m["suffix"]]) if k in names), None)
            if base is None or base is t:
                continue
            s0 = ctx.doc.sentence_at(t[0])[0]
            if not self._determiner.search(text[s0:t[0]]) or not _NOUN_AFTER.match(text[t[1]:t[1] + 3]):
                continue
            named = entry(base)
            proper = named.standard.split()[-1] if named is not None else base[2]
            yield self._finding(t, "derived", f"{proper}'s", 0.75,
                                f"'{t[2]}' renders a Russian possessive adjective formed from the name "
                                f"'{base[2]}' (like ермаковский); English uses the name itself: '{proper}'s'.")

    def _finding(self, t: Token, sub: str, suggestion: str, score: float, message: str) -> Finding:
        return Finding(t[0], t[1], t[2], self.category, self.label, f"{self.id}.{sub}", message, suggestion, score)


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
