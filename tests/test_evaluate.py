"""The scorer: strict and lenient span matching, labels that must agree, the quotation confusion matrix."""

import json

from rhetoric import Finding
from rhetoric.cli import main
from rhetoric.evaluate import evaluate, read_gold, score

TEXT = "a so-called plan, a blood oath and the “wishlist” of Kiev"


def f(phrase, category, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return Finding(start, start + len(phrase), phrase, category, label, "r", "m")


def test_strict_needs_exact_spans_lenient_accepts_overlap():
    gold = [f("blood oath", "framing", "loaded-language")]
    pred = [f("a blood oath", "framing", "loaded-language")]
    assert score(gold, pred, "strict").f1 == 0
    assert score(gold, pred, "lenient").f1 == 1


def test_labels_must_agree():
    gold = [f("so-called", "framing", "doubt")]
    assert score(gold, [f("so-called", "framing", "loaded-language")]).recall == 0


def test_precision_and_recall_count_separately():
    gold = [f("so-called", "framing", "doubt"), f("blood oath", "framing", "loaded-language")]
    pred = [f("so-called", "framing", "doubt"), f("Kiev", "framing", "doubt")]
    s = score(gold, pred)
    assert (s.precision, s.recall) == (0.5, 0.5)


def test_quote_confusion_and_agreement():
    gold = [f("“wishlist”", "quote", "scare")]
    ev = evaluate(gold, [f("“wishlist”", "quote", "naming")])
    assert ev.confusion == {"scare": {"naming": 1}}
    assert ev.quote_agreement == 0.0 and ev.quotes_found == (1, 1, 1)
    assert "quotation label agreement: 0.000" in ev.format()


def test_author_only_rows_for_framing():
    gold = [f("blood oath", "framing", "loaded-language")]
    ev = evaluate(gold, gold)
    assert ev.row("framing", "lenient", "author")["f1"] == 1.0


def test_evaluate_command_with_a_predictions_file(tmp_path, capsys):
    text_path = tmp_path / "t.txt"
    text_path.write_text(TEXT, encoding="utf-8")
    row = {**f("so-called", "framing", "doubt").to_dict(), "note": "a doubt marker"}
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t.framing.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert read_gold([tmp_path / "gold" / "t.framing.jsonl"], TEXT)[0].label == "doubt"
    assert main(["evaluate", str(tmp_path / "gold"), str(text_path), "--predictions", str(tmp_path / "pred.jsonl"),
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scores"][0]["f1"] == 1.0
