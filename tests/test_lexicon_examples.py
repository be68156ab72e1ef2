"""Every rule's must-flag and must-not-flag phrases, run as tests (the proselint way)."""

import pytest

from rhetoric.rules import all_examples, fires, load_rules

EXAMPLES = all_examples()


@pytest.mark.parametrize(("lexicon", "rule", "example"), EXAMPLES,
                         ids=[f"{ex.rule}-{'flag' if ex.flag else 'noflag'}-{i}" for i, (_, _, ex) in enumerate(EXAMPLES)])
def test_example(lexicon, rule, example):
    assert fires(rule, example) == example.flag, (
        f"{lexicon}: {example.rule} should {'' if example.flag else 'not '}flag: {example.text!r}")


def test_every_rule_has_both_kinds_of_example():
    for lexicon, rule in load_rules():
        kinds = {ex.flag for ex in rule.examples()}
        assert kinds == {True, False}, f"{lexicon}: {rule.id} needs must-flag and must-not-flag examples"


def test_rule_ids_are_dotted_and_match_their_category():
    for _, rule in load_rules():
        assert rule.id.split(".")[0] == rule.category, rule.id
