"""Classroom checkers: they score answers against the gold annotation, refuse typos, and never reveal by default."""

import pytest

from rhetoric import exercises

KEY = [f.label for f in exercises.quote_items()]


def test_the_ten_quotations_cover_every_label_and_match_the_seed():
    items = exercises.quote_items()
    assert len(items) == 10 and {f.label for f in items} == {"scare", "partial", "direct", "naming"}
    text = exercises.seed_text()
    assert all(text[f.start:f.end] == f.text and f.text.startswith('"') for f in items)


def test_quote_checker_scores_the_key_fully_and_one_mistake_as_nine_in_ten():
    assert exercises.check_quotes(KEY).agreement == 1.0
    wrong = ["naming" if KEY[0] != "naming" else "scare", *KEY[1:]]
    check = exercises.check_quotes(wrong)
    assert check.agreement == pytest.approx(0.9)
    assert list(check.table()["right?"])[:2] == ["no", "yes"]
    assert "gold label" not in check.table().columns
    assert "gold label" in exercises.check_quotes(wrong, reveal=True).table().columns


def test_quote_checker_takes_item_numbers_counts_blanks_as_unanswered_and_refuses_typos():
    check = exercises.check_quotes({1: KEY[0], 2: KEY[1]})
    assert check.answered == 2 and check.agreement == pytest.approx(0.2)
    assert "No labels yet" in str(exercises.check_quotes([""] * 10))
    with pytest.raises(ValueError, match="unknown labels"):
        exercises.check_quotes(["scarre"] + KEY[1:])
    with pytest.raises(ValueError, match="expected 10"):
        exercises.check_quotes(KEY[:3])


def test_calque_checker_matches_by_overlap_and_refuses_phrases_not_in_the_paragraph():
    gold = [f.text for f in exercises.calque_gold()]
    assert "fixed the profit" in gold and all(g in exercises.calque_task() for g in gold)
    full = exercises.check_calques(gold)
    assert full.row() == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    part = exercises.check_calques(["THE PROFIT", "Ukraine's appeal"])
    assert part.found == [("THE PROFIT", True), ("Ukraine's appeal", False)]
    assert part.row()["precision"] == 0.5 and part.row()["recall"] == pytest.approx(1 / len(gold))
    with pytest.raises(ValueError, match="not in the paragraph"):
        exercises.check_calques(["a blood oath"])


def test_rewrite_checker_counts_the_framing_that_is_left():
    table = exercises.check_rewrite("It was, of course, no compromise.")
    assert table.loc["original", "framing findings"] >= 2
    assert table.loc["your rewrite", "framing findings"] == 1
    assert "of course (certainty)" in table.loc["your rewrite", "flagged"]
    assert exercises.check_rewrite(exercises.REWRITE_MODEL).loc["your rewrite", "framing findings"] == 0
    assert exercises.check_rewrite("").loc["your rewrite", "words"] == 0
