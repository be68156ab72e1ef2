"""Framing detectors: context decides (must-flag / must-not-flag), speakers are kept apart, the seed's gold
is met with the project's scorer, and a neutral rewrite loses its framing while mt and quote findings stay."""

import json
import tomllib
from pathlib import Path

import pytest

from rhetoric import analyze
from rhetoric.evaluate import evaluate, read_gold
from rhetoric.signals import SIGNALS, ablation
from rhetoric.signals import analyze as analyze_with
from rhetoric.text import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "data/texts/seed.txt").read_text(encoding="utf-8")
PAIRS = [json.loads(line) for line in (ROOT / "data/heldout/framing_pairs.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def labels(text: str) -> set[tuple[str, str]]:
    return {(f.text, f.label) for f in analyze(text, "framing")}


@pytest.mark.parametrize(("text", "span", "label"), [
    ("The Kiev regime has asked its sponsors for more money.", "regime", "name-calling"),
    ("The junta in the capital is preparing another offensive.", "junta", "name-calling"),
    ("In fact, the negotiations were only a cover for rearmament.", "In fact", "certainty"),
    ("The self-proclaimed defenders of democracy have cancelled the vote.", "self-proclaimed", "doubt"),
    ("The alleged threat from the east keeps the defence budget growing.", "alleged", "doubt"),
    ("Any further step by the alliance would mean nuclear war.", "nuclear war", "fear-appeal"),
    ("The opposition, as usual, demands the impossible.", "impossible", "exaggeration"),
    ("After a year of political yoga the minister still cannot say where he stands.", "political yoga", "loaded-language"),
])
def test_flags_in_context(text, span, label):
    assert (span, label) in labels(text)


@pytest.mark.parametrize(("text", "span", "rule"), [
    ("The government's military adventure in the south has cost thousands of lives.", "adventure",
     "framing.loaded-language.adventure"),
    ("The alliance members would be bound to the regime like a blood oath.", "blood oath",
     "framing.loaded-language.blood-oath"),
    ("Kiev is preparing a provocation to blame on its neighbour.", "provocation", "framing.loaded-language.provocation"),
    ("After a year of political yoga the minister still cannot say where he stands.", "political yoga",
     "framing.loaded-language.contortion"),
    ("Kiev again consulted its Western curators before answering.", "Western curators", "framing.name-calling.handlers"),
    ("The collective West has no other plan for Ukraine.", "collective West", "framing.name-calling.collective-west"),
    ("The collapse of the front is inevitable, whatever the generals say.", "inevitable", "framing.certainty.inevitable"),
    ("Their parliament, so to speak, meets whenever Washington calls.", "so to speak", "framing.doubt.so-to-speak"),
    ("The country's army was the envy of many states in the region.", "the envy of many", "framing.exaggeration.envy"),
    ("The aid package is nothing more than a bribe.", "nothing more than", "framing.exaggeration.nothing-but"),
])
def test_each_kind_of_wording_gets_its_own_rule_and_message(text, span, rule):
    assert (span, rule) in {(f.text, f.rule) for f in analyze(text, "framing")}


def test_lists_shared_by_framing_lexicons_live_in_sets_toml():
    folder = ROOT / "rhetoric/lexicons"
    shared = tomllib.loads((folder / "sets.toml").read_text(encoding="utf-8"))
    owners: dict[tuple[str, ...], list[str]] = {tuple(v): ["sets.toml"] for v in shared.values()}
    for path in sorted(folder.glob("framing_*.toml")):
        local = tomllib.loads(path.read_text(encoding="utf-8")).get("sets", {})
        assert not set(local) & set(shared), f"{path.name} shadows a shared list"
        for items in local.values():
            owners.setdefault(tuple(items), []).append(path.name)
    assert all(len(files) == 1 for files in owners.values()), [f for f in owners.values() if len(f) > 1]


@pytest.mark.parametrize("text", [
    "The athletes follow a strict training regime before the season.",
    "Is the bridge certainly safe to cross?",
    "The court heard that the alleged fraud cost investors two million dollars.",
    "\"Of course we will win,\" the coach told reporters.",
    "The hall was full; in fact, more than 500 people came.",
    "The children loved the puppet show at the library.",
    "The party won an absolute majority in parliament.",
])
def test_leaves_ordinary_uses_alone(text):
    assert labels(text) == set()


def test_framing_inside_an_attributed_quotation_is_quoted_and_counted_apart():
    text = ('The minister spoke for an hour. "The junta in the capital is a mockery of democracy and will fall," '
            'he told the rally. Obviously, the war goes on.')
    report = analyze(text)
    speakers = {f.text: f.speaker for f in report.filter("framing")}
    assert speakers["Obviously"] == "author"
    assert speakers["junta"] == speakers["mockery"] == "quoted"
    author = report.summary()["framing_author_only"]
    assert author["certainty"]["count"] == 1
    assert author["name-calling"]["count"] == 0


def test_density_by_sentence_counts_every_finding_once():
    report = analyze(SEED)
    frame = report.density(by="sentence")
    assert len(frame) == len(Document(SEED).sentences)
    assert frame["framing"].sum() == len(report.filter("framing"))
    assert (frame["start"] < frame["end"]).all()


@pytest.fixture(scope="module")
def seed_scores():
    gold = read_gold([ROOT / "data/gold/seed.framing.jsonl"], SEED)
    return gold, evaluate(gold.findings, analyze(SEED, "framing").findings)


@pytest.mark.parametrize(("speakers", "mode", "floor"), [
    ("all", "lenient", 0.85), ("author", "lenient", 0.85), ("all", "strict", 0.60), ("author", "strict", 0.60),
])
def test_seed_f1_floors(seed_scores, speakers, mode, floor):
    _, ev = seed_scores
    assert ev.row("framing", mode, speakers)["f1"] >= floor


def test_context_conditions_raise_precision_over_bare_lexicon(seed_scores):
    gold, _ = seed_scores
    rows = {r["signals"]: r for r in ablation(SEED, gold.findings, [("lexicon",), ("lexicon", "context"), SIGNALS])}
    bare, ctx = rows["lexicon"], rows["lexicon + context"]
    assert ctx["all/P"] > bare["all/P"]
    assert ctx["all/lenient"] > bare["all/lenient"]


def test_signals_are_a_configuration():
    text = "The regime's cynical promise was a cruel deception."
    with_vader = {f.rule for f in analyze_with(text, SIGNALS, "framing")}
    without = {f.rule for f in analyze_with(text, ("lexicon", "context"), "framing")}
    assert "framing.loaded-language.vader" in with_vader - without
    assert analyze_with(text, (), "framing").findings == ()
    with pytest.raises(ValueError):
        analyze_with(text, ("lexicon", "sarcasm"))


def _by_sentence(text: str, report, categories):
    """Shared-sentence findings as (sentence text, offset in sentence, span text, category, label)."""
    doc = Document(text)
    out = set()
    for f in report.filter(categories):
        s, _ = doc.sentence_at(f.start)
        out.add((text[slice(*doc.sentence_at(f.start))], f.start - s, f.text, f.category, f.label))
    return out


def test_neutral_rewrites_lose_framing_but_keep_mt_and_quotes():
    loaded_total = neutral_total = 0
    for pair in PAIRS:
        loaded, neutral = analyze(pair["loaded"]), analyze(pair["neutral"])
        loaded_total += len(loaded.filter("framing"))
        neutral_total += len(neutral.filter("framing"))
        shared = ({pair["loaded"][s:e] for s, e in Document(pair["loaded"]).sentences}
                  & {pair["neutral"][s:e] for s, e in Document(pair["neutral"]).sentences})
        keep = ["mt", "quote"]
        a = {x for x in _by_sentence(pair["loaded"], loaded, keep) if x[0] in shared}
        b = {x for x in _by_sentence(pair["neutral"], neutral, keep) if x[0] in shared}
        assert a == b, pair["id"]
        assert shared, pair["id"]
    assert loaded_total >= 2 * len(PAIRS)
    assert neutral_total <= 0.2 * loaded_total
