"""Romanised Russian and Ukrainian names: a spelling-blind key, standard forms and a gazetteer of known names.

One Cyrillic name reaches English in many spellings (Yermak, Ermak; Andriy, Andrii, Andrei), and a machine
translation mixes them within one text. `fold` maps such spellings to one key so they can be compared; the
gazetteer (lexicons/mt_names.toml) says which spelling is the standard one.

Standard forms are produced from the gazetteer's Cyrillic with maintained libraries rather than with tables of
our own: `iuliia` (its BGN/PCGN schema for Russian names, plus its ICAO, Wikipedia, ALA-LC and other schemas
to enumerate the spellings a text may use) and `translitua` (Ukraine's national system, KMU 2010, for
Ukrainian names, plus its BGN, ALA-LC and British tables). `cyrtranslit` was not chosen: it knows one ad hoc
scheme per language and none of the official systems. Both libraries are imported only when a gazetteer is
built, so `import rhetoric` stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

_APOSTROPHES = re.compile(r"['’ʹʼ`ь]")
_DOUBLED = re.compile(r"(.)\1+")
_STEPS = (("x", "ks"), ("kh", "h"), ("tz", "c"), ("ts", "c"), ("yo", "e"), ("io", "e"), ("ye", "e"), ("y", "i"))
# Schemas whose spellings a translated text may contain; the first of each list is the standard system.
RUSSIAN_SCHEMAS = ("BGN_PCGN", "WIKIPEDIA", "ICAO_DOC_9303", "ALA_LC", "MOSMETRO", "GOST_52535", "TELEGRAM")
UKRAINIAN_SCHEMAS = ("UkrainianKMU", "UkrainianBGN", "UkrainianALALC", "UkrainianBritish", "UkrainianPassport2004Alt",
                     "UkrainianSimple")
SYSTEM_NAMES = {"ru": "BGN/PCGN", "uk": "KMU 2010 (Ukraine's national system)"}


def fold(name: str) -> str:
    """A key shared by romanisations of one Cyrillic name: Yermak/Ermak, Dmitriy/Dmitry/Dmitrii, Zelenskiy/Zelensky."""
    s = _APOSTROPHES.sub("", name.lower())
    for old, new in _STEPS:
        s = s.replace(old, new)
    return _DOUBLED.sub(r"\1", s)


def _ascii(s: str) -> str | None:
    s = _APOSTROPHES.sub("", s).replace("ё", "e").replace("Ё", "E")
    return s if s.isascii() else None


def romanise(cyrillic: str, language: str) -> list[str]:
    """The spellings of a Cyrillic name under the schemas a text may follow, the standard system's first."""
    out: list[str] = []
    if language == "uk":
        import translitua

        forms = [translitua.translit(cyrillic, getattr(translitua, n)) for n in UKRAINIAN_SCHEMAS]
    else:
        import iuliia

        forms = [getattr(iuliia, n).translate(cyrillic) for n in RUSSIAN_SCHEMAS]
    for f in forms:
        a = _ascii(f)
        if a and a not in out:
            out.append(a)
    return out


@dataclass
class Name:
    """A gazetteer entry: a person or a place, its standard spelling, the spellings accepted, the keys it goes by."""

    kind: str  # "person" or "place"
    cyrillic: str
    language: str
    standard: str
    system: str
    accepted: tuple[str, ...]
    note: str = ""
    keys: dict[int, set[str]] = field(default_factory=dict)  # word position -> folded keys of every spelling

    @property
    def surname(self) -> str:
        """The standard spelling's last word: the word a text most often uses alone for the person."""
        return self.standard.split()[-1]

    def part_of(self, word: str) -> int | None:
        """Which word of the name `word` spells (0 given name, -1 surname), or None."""
        k = fold(word)
        for pos in sorted(self.keys, reverse=True):
            if k in self.keys[pos]:
                return pos
        return None

    def accepts(self, word: str, pos: int) -> bool:
        """Whether `word` is an accepted spelling of the name's word at `pos`."""
        return any(len(a.split()) > abs(pos) and a.split()[pos] == word for a in self.accepted)


@dataclass
class Gazetteer:
    """Known names, looked up by the folded key of a word, and given names grouped across Russian and Ukrainian."""

    names: list[Name]
    given: dict[str, int]  # folded given name -> group number
    by_key: dict[str, list[tuple[Name, int]]]

    def lookup(self, word: str) -> list[tuple[Name, int]]:
        """(entry, -1) for every entry whose surname or single-word name `word` may spell."""
        return self.by_key.get(fold(word), [])

    def given_group(self, word: str) -> int | None:
        """The group of a given name's Russian and Ukrainian forms (Andriy/Andrei), None if unknown."""
        return self.given.get(fold(word))


def _entry(d: dict[str, Any], kind: str, given: dict[str, set[str]]) -> Name:
    lang = d.get("language", "ru")
    forms = romanise(d["cyrillic"], lang)
    system = forms[0]
    standard = d.get("standard", system)
    # A Latin-script name written in Cyrillic (native = false) comes back from it misspelled: Bonne -> Бонн -> Bonn.
    official = [system] if d.get("native", True) else []
    accepted = tuple(dict.fromkeys([standard, *official, *d.get("variants", ())]))
    spellings = [*accepted, *forms, *d.get("seen", ())]
    if d.get("russian"):
        spellings += romanise(d["russian"], "ru")
    n = len(standard.split())
    keys: dict[int, set[str]] = {}
    for s in spellings:
        words = s.split()
        if len(words) != n:
            continue
        for i, w in enumerate(words):
            pos = i - n if i == n - 1 else i  # the last word (surname) is -1, given names count from 0
            keys.setdefault(pos, set()).add(fold(w))
    if n > 1:  # a given name goes by every form of its Russian/Ukrainian group
        for group in given.values():
            if keys.get(0, set()) & group:
                keys[0] |= group
    return Name(kind, d["cyrillic"], lang, standard, system, accepted, d.get("note", ""), keys)


def build_gazetteer(data: dict[str, Any]) -> Gazetteer:
    """The gazetteer from mt_names.toml's parsed data: [[given]], [[people]] and [[places]] tables."""
    groups: dict[str, set[str]] = {}
    for i, g in enumerate(data.get("given", [])):
        spellings = [*g.get("seen", ())]
        for lang in ("ru", "uk"):
            if g.get(lang):
                spellings += romanise(g[lang], lang)
        groups[str(i)] = {fold(s) for s in spellings}
    given = {k: int(i) for i, keys in groups.items() for k in sorted(keys)}
    names = [_entry(d, "person", groups) for d in data.get("people", [])]
    names += [_entry(d, "place", groups) for d in data.get("places", [])]
    by_key: dict[str, list[tuple[Name, int]]] = {}
    for name in names:  # a name is found by its last word; given names attach to the surname that follows them
        for k in sorted(name.keys.get(-1, ())):
            by_key.setdefault(k, []).append((name, -1))
    return Gazetteer(names, given, by_key)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, built once per process."""
    import tomllib
    from importlib import resources

    f = resources.files("rhetoric") / "lexicons" / "mt_names.toml"
    return build_gazetteer(tomllib.loads(f.read_text(encoding="utf-8")))


def standardise(words: Iterable[str], gazetteer: Gazetteer | None = None) -> list[str]:
    """Each word replaced by its gazetteer standard where it spells a known name (for comparing translations)."""
    gaz = gazetteer or default_gazetteer()
    out = []
    for w in words:
        hits = gaz.lookup(w)
        out.append(hits[0][0].standard.split()[hits[0][1]] if hits else w)
    return out
