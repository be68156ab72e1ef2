"""MT artifacts measured with the project's scorer: the seed's gold, and false alarms on native English controls."""

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from rhetoric import Document, analyze
from rhetoric.evaluate import evaluate, read_gold
from rhetoric.rules import Context
from rhetoric.rules.engine import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "texts" / "seed.txt"
GOLD = ROOT / "data" / "gold" / "seed.mt.jsonl"
CONTROLS = sorted((ROOT / "data" / "controls").glob("*.txt"))
LEXICONS = resources.files("rhetoric") / "lexicons"


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="module")
def seed_scores():
    text = _read(SEED)
    return evaluate(list(read_gold([GOLD], text)), list(analyze(text, "mt")))


# Floors a little below what the rules score on the seed (lenient: any overlap with the same label).
@pytest.mark.parametrize("label,precision,recall", [("transliteration", 0.9, 0.9), ("typography", 0.85, 0.85),
                                                    ("repetition", 0.9, 0.9)])
def test_seed_scores_per_label(seed_scores, label, precision, recall):
    row = seed_scores.row(f"mt/{label}")
    assert row["precision"] >= precision and row["recall"] >= recall, row


def test_seed_scores_for_the_whole_category(seed_scores):
    missing = [n for n in ("mt_calques.toml", "mt_false_friends.toml", "mt_metonyms.toml") if not (LEXICONS / n).is_file()]
    if missing:
        pytest.skip(f"lexicons not shipped yet: {', '.join(missing)}")
    row = seed_scores.row("mt")
    assert row["precision"] >= 0.85 and row["recall"] >= 0.85, row


def test_controls_raise_at_most_one_false_alarm_per_thousand_words():
    assert CONTROLS, "the control texts are missing"
    words = alarms = 0
    for path in CONTROLS:
        text = _read(path)
        words += len(text.split())
        alarms += len(analyze(text, "mt"))
    assert words >= 3000
    assert alarms * 1000 / words <= 1.0, f"{alarms} mt findings in {words} words of native English"


def _labels(text):
    return [(f.label, f.text) for f in analyze(text, "mt") if f.label in ("typography", "repetition")]


def test_copula_dash_flags_but_clause_dashes_do_not():
    assert ("typography", "–") in _labels("The delegations: on the Polish side – an envoy, on the Czech side – a minister.")
    assert _labels("The talks stalled – nobody expected otherwise. Prices rose – and rose again – all year.") == []
    assert _labels("Sales for 1990–1995 and pages 10 – 12 are missing.") == []


def test_russian_punctuation_is_flagged():
    found = _labels("The law №5 passed. He said «no», then left , and growth was 2,5 per cent - a record.")
    assert {t for _, t in found} >= {"№", "«", "»", " ,", "2,5", "-"}


def test_doubled_words_flag_unless_deliberate():
    assert _labels("They signed the the treaty.") == [("repetition", "the the")]
    assert _labels("It was very, very cold, and more and more people had had enough. Bye-bye!") == []


def test_linking_words_of_deliberate_doubling_come_from_the_lexicon():
    data = tomllib.loads((LEXICONS / "mt_repetition.toml").read_text(encoding="utf-8"))
    text = "Prices rose and more, and more people complained."
    (rule,) = load_lexicon(data)
    assert [f.text for f in rule.find(Context(Document(text)))] == []
    (strict,) = load_lexicon({**data, "allowlist": {**data["allowlist"], "links": []}})
    assert [f.text for f in strict.find(Context(Document(text)))] == ["and more, and more"]
