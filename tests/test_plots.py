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
    frame = plots.examples(REPORT, "framing", per_label=1)
    assert list(frame["span"]) == ["trick", "the impossible", "Of course"]
    assert "Russian" not in frame.columns and "speaker" in frame.columns
    assert list(plots.examples(REPORT, "mt")["Russian"]) == ["", "дежурно"]


def test_quotations_show_the_deciding_features_or_a_dash():
    frame = plots.quotations(REPORT)
    assert list(frame["label"]) == ["scare"] and list(frame["deciding features"]) == ["cue_doubt"]
    bare = Report(TEXT, (span('"fixed the profit"', "quote", "scare"),))
    assert list(plots.quotations(bare)["deciding features"]) == ["–"]


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
