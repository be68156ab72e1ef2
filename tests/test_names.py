"""Name romanisation: the spelling-blind key, the gazetteer's standard forms and the consistency rule."""

import tomllib
from importlib import resources

import pytest

from rhetoric import Document, analyze
from rhetoric.names import build_gazetteer, default_gazetteer, fold, romanise
from rhetoric.rules import Context
from rhetoric.rules.engine import load_lexicon


@pytest.mark.parametrize("a,b", [("Yermak", "Ermak"), ("Dmitriy", "Dmitry"), ("Dmitrii", "Dmitry"),
                                 ("Zelenskiy", "Zelensky"), ("Zelenskii", "Zelenskyy"), ("Sergei", "Sergey"),
                                 ("Fyodor", "Fiodor"), ("Mariya", "Maria"), ("Kharkov", "Harkov"),
                                 ("Kravtsov", "Kravtzov"), ("Alexei", "Aleksei"), ("Zaporozhye", "Zaporozhe")])
def test_fold_joins_romanisations_of_one_name(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a,b", [("Lavrov", "Lavrin"), ("Kiev", "Kyiv"), ("Jon", "John"), ("Gray", "Grey")])
def test_fold_keeps_different_names_apart(a, b):
    assert fold(a) != fold(b)


def test_standard_forms_come_from_the_national_systems():
    assert romanise("Єрмак", "uk")[0] == "Yermak"  # KMU 2010
    assert romanise("Київ", "uk")[0] == "Kyiv"
    assert romanise("Сергей", "ru")[0] == "Sergey"  # BGN/PCGN


def test_gazetteer_knows_russian_and_ukrainian_forms_of_a_given_name():
    gaz = default_gazetteer()
    assert gaz.given_group("Andriy") == gaz.given_group("Andrei") == gaz.given_group("Andrey")
    assert gaz.given_group("Volodymyr") == gaz.given_group("Vladimir")
    assert gaz.given_group("Serhiy") == gaz.given_group("Sergei")
    assert gaz.given_group("Oleksiy") == gaz.given_group("Alexei")
    assert gaz.given_group("Dmytro") == gaz.given_group("Dmitry")


def test_a_small_gazetteer_builds_from_data():
    gaz = build_gazetteer({"people": [{"cyrillic": "Андрій Єрмак", "language": "uk", "standard": "Andriy Yermak"}]})
    (entry, pos), = gaz.lookup("Ermak")
    assert entry.standard == "Andriy Yermak" and pos == -1
    assert entry.accepts("Yermak", -1) and not entry.accepts("Ermak", -1)


def _names(text):
    return [(f.text, f.suggestion) for f in analyze(text, "mt") if f.label == "transliteration"]


def test_non_standard_person_name_is_flagged_even_when_consistent():
    found = _names("Ermak met the envoys. Later Ermak flew home.")
    assert found == [("Ermak", "Yermak"), ("Ermak", "Yermak")]


def test_minority_variant_is_flagged_with_counts_in_the_message():
    text = "Kiev said no. Officials in Kiev were calm. Kyiv later agreed."
    (f,) = [f for f in analyze(text, "mt") if f.label == "transliteration"]
    assert f.text == "Kyiv" and f.suggestion == "Kiev"
    assert "'Kiev' 2×" in f.message and "'Kyiv' 1×" in f.message


def test_consistent_place_name_is_an_editorial_choice():
    assert _names("Kiev was quiet. The Kiev metro ran, and Kharkiv was shelled.") == []


def test_russian_form_of_a_ukrainian_given_name_is_flagged():
    assert ("Andrei", "Andriy") in _names("Andriy Yermak spoke first. Then Andrei Yermak left.")


def test_possessive_adjective_of_a_name_is_flagged():
    assert ("Ermakov", "Yermak's") in _names("Ermak wrote a plan. Few states joined the Ermakov scheme.")


def test_different_people_and_english_names_are_left_alone():
    assert _names("Sergei Lavrov met Pavel Lavrin and Jake Sullivan in Geneva.") == []
    assert _names("Tom Gray met Anna Grey; Philip Smith met Phillip Smyth.") == []


def test_possessive_suffixes_and_determiners_come_from_the_lexicon():
    data = tomllib.loads((resources.files("rhetoric") / "lexicons" / "mt_names.toml").read_text(encoding="utf-8"))

    def derived(lexicon: dict, text: str) -> list[str]:
        (rule,) = load_lexicon(lexicon)
        return [f.text for f in rule.find(Context(Document(text))) if f.rule.endswith(".derived")]

    text = "Foreign Minister Kuleba flew to Rome, where the Kulebin plan was discussed."
    assert derived(data, text) == ["Kulebin"]
    assert derived({**data, "derived": {"ov": [""], "in": [""]}}, text) == []
    assert derived({**data, "sets": {"determiners": ["a"]}}, text) == []
