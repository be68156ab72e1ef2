"""Notebook figures and tables: they show what the report holds, in the project's colours, with labelled axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from rhetoric import Finding, Report  # noqa: E402
from rhetoric import plots  # noqa: E402
from rhetoric.findings import CATEGORIES  # noqa: E402

TEXT = ('Kiev wants the impossible. The same Ermak "fixed the profit" on duty. '
        'Of course, it was a trick. Nothing more happened here.')


def span(word, category, label, nth=0, **kw):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Finding(start, start + len(word), word, category, label, "test.rule", "why", **kw)


REPORT = Report(TEXT, (
    span("the impossible", "framing", "exaggeration", speaker="author"),
    span("Of course", "framing", "certainty", speaker="author"),
    span("trick", "framing", "loaded-language", speaker="author"),
    span("Ermak", "mt", "transliteration", suggestion="Yermak"),
    span("on duty", "mt", "calque", source="дежурно"),
    span('"fixed the profit"', "quote", "scare", features=("cue_doubt",)),
))


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_counts_table_has_every_label_and_adds_up():
    table = plots.counts_table(REPORT)
    assert len(table) == sum(len(v) for v in CATEGORIES.values())
    assert table["count"].sum() == len(REPORT)
    assert table.loc[("framing", "name-calling"), "count"] == 0
    assert table.loc[("mt", "calque"), "count"] == 1


def test_category_counts_names_each_category_with_its_count():
    lines = plots.category_counts(REPORT).splitlines()
    assert lines[0].endswith("6 findings")
    assert lines[1].startswith("framing") and " 3 " in lines[1] and "certainty 1" in lines[1]
    assert lines[3].startswith("mt") and "calque 1" in lines[3]


def test_examples_keep_order_limit_and_drop_empty_columns():
    frame = plots.examples(REPORT, "framing", per_label=1).data
    assert list(frame["span"]) == ["trick", "the impossible", "Of course"]
    assert "Russian" not in frame.columns and "speaker" in frame.columns
    assert list(plots.examples(REPORT, "mt").data["Russian"]) == ["", "дежурно"]
    assert "no quotation findings" in plots.examples(Report(TEXT), "quote").data["span"][0]


def test_quotations_show_the_deciding_features_or_a_dash():
    frame = plots.quotations(REPORT).data
    assert list(frame["label"]) == ["scare"] and list(frame["deciding features"]) == ["cue_doubt"]
    bare = Report(TEXT, (span('"fixed the profit"', "quote", "scare"),))
    assert list(plots.quotations(bare).data["deciding features"]) == ["–"]


def test_count_plot_has_a_bar_per_label_in_category_colours():
    fig = plots.plot_counts(REPORT)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_width() > 0]
    assert len(bars) == len(REPORT)
    assert {to_hex(p.get_facecolor()).upper() for p in bars} == {c.upper() for c in plots.CATEGORY_COLORS.values()}
    assert ax.get_title(loc="left") and ax.get_xlabel()


def test_density_plot_has_one_panel_per_category_that_sums_to_its_findings():
    fig = plots.plot_density(REPORT, categories=("framing", "mt"))
    framing, mt = fig.axes
    assert sum(p.get_height() for p in framing.patches) == 3
    assert sum(p.get_height() for p in mt.patches) == 2
    assert mt.get_xlabel() and framing.get_ylabel() and fig._suptitle.get_text()


def test_agreement_heatmap_puts_gold_in_rows_and_predictions_in_columns():
    from rhetoric.evaluate import evaluate

    gold = Report(TEXT, (span('"fixed the profit"', "quote", "partial"),))
    fig = plots.plot_agreement(evaluate(gold, REPORT))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["partial"]
    assert "scare" in [t.get_text() for t in ax.get_xticklabels()]
    assert "1" in [t.get_text() for t in ax.texts]


def test_gold_scores_print_rounded_rows_for_the_categories_scored():
    from rhetoric.evaluate import evaluate

    text = plots.gold_scores(evaluate(REPORT.filter("mt"), REPORT))
    assert text.splitlines()[1].split() == ["mt", "1.00", "1.00", "1.00", "2", "2"]
    assert len(text.splitlines()) == 2


# ---------------------------------------------------------------- comparisons

REF = ('The so-called "experts" fixed the profit. Of course, it was a trick. Nothing has changed.\n'
       'The same Ermak said so.')
HYP = ('The experts took profits. It was a tactic, the author argues. Little has changed.\n'
       'Yermak said so.')


@pytest.fixture(scope="module")
def comparison():
    from rhetoric.compare import compare

    return compare([("ref", REF), ("hyp", HYP)], paired_tests=False)


def test_diff_table_and_plot_count_every_reference_finding_once(comparison):
    table = plots.diff_table(comparison)
    pair = comparison.pairs[0]
    for cat in CATEGORIES:
        row = table.loc[("hyp", cat)]
        assert row["survived"] + row["vanished"] == pair.diff["by_category"][cat]["reference"]
    fig = plots.plot_diff(comparison)
    assert len(fig.axes) == len(CATEGORIES)
    heights = sum(p.get_height() for ax in fig.axes for p in ax.patches)
    assert heights == table[["survived", "vanished", "appeared"]].to_numpy().sum()


def test_summary_and_side_by_side_show_the_aligned_text(comparison):
    summary = plots.comparison_summary(comparison)
    assert summary.splitlines()[0] == "reference: ref" and summary.splitlines()[2].startswith("hyp")
    table = plots.side_by_side(comparison, ["fixed the profit"]).data
    assert list(table.index.get_level_values("version")) == ["ref", "hyp"]
    assert "took profits" in table.loc[("fixed the profit", "hyp"), "text"]
    with pytest.raises(ValueError):
        plots.side_by_side(comparison, ["not in the text"])


def test_pairwise_scores_are_perfect_for_identical_versions_and_lower_otherwise():
    frame = plots.pairwise_scores([{"id": "a", "text": REF}, {"id": "b", "text": REF}, {"id": "c", "text": HYP}])
    assert len(frame) == 6
    same = frame[(frame["reference"] == "a") & (frame["candidate"] == "b")].iloc[0]
    other = frame[(frame["reference"] == "a") & (frame["candidate"] == "c")].iloc[0]
    assert same["chrf"] == pytest.approx(100) and same["ter"] == pytest.approx(0)
    assert other["chrf"] < 100 and other["ter"] > 0
    assert "–" in plots.score_matrix(frame)
    fig = plots.plot_pairwise(frame)
    assert [ax.get_title(loc="left").split()[0] for ax in fig.axes[:3]] == ["chrF", "BLEU", "TER"]


def test_similarity_scatter_numbers_the_widest_gaps():
    import pandas as pd

    segments = pd.DataFrame({"hyp_name": ["x"] * 4, "segment": range(4), "ref": list("abcd"), "hyp": list("abcd"),
                             "chrf": [90.0, 20.0, 50.0, 85.0], "similarity": [0.9, 0.95, 0.2, None]})
    table = plots.outliers(segments, n=2).data
    assert list(table["segment"]) == [1, 2]  # gaps +75 and -30 beat 0; a segment without similarity is dropped
    fig = plots.plot_similarity_vs_chrf(segments, label=2)
    assert [t.get_text() for t in fig.axes[0].texts] == ["1: x #1", "2: x #2"]


def test_read_input_prefers_pasted_text_and_compare_input_needs_a_second_version(tmp_path):
    from rhetoric.reading import InputError

    path = tmp_path / "draft.txt"
    path.write_text("One line.\r\nTwo lines.", encoding="utf-8", newline="")
    assert plots.read_input(str(path)) == ("draft", "One line.\r\nTwo lines.")
    assert plots.read_input(str(path), "\nPasted.\n") == ("pasted text", "Pasted.")
    with pytest.raises(InputError):
        plots.read_input(None)
    with pytest.raises(InputError, match="COMPARE_WITH"):
        plots.compare_input(("draft", "One line."), None)
