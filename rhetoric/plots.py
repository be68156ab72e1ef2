"""Figures and tables for the teaching notebooks: one seaborn theme, colour-blind safe, readable in print.

Every plotting function returns a matplotlib Figure (end the notebook cell with `;` so only the image shows);
every table function returns a pandas DataFrame. seaborn, matplotlib and pandas are imported inside the
functions, so `import rhetoric` stays fast.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from .findings import CATEGORIES, Report
from .render import CATEGORY_NAMES, PALETTE

# The Okabe-Ito hues of the highlighted text, so a category has one colour on every page and figure.
CATEGORY_COLORS: dict[str, str] = {c: hue for c, (hue, _, _) in PALETTE.items()}
# Diff statuses: Okabe-Ito hues plus a hatch each, so the bars stay distinct in black and white.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "survived": ("#0072B2", ""),
    "vanished": ("#E69F00", "//"),
    "appeared": ("#CC79A7", ".."),
}
SEQUENTIAL = "cividis"  # perceptually uniform and readable by colour-blind readers and in greyscale


def set_theme() -> None:
    """The one theme of every notebook figure: white grid, the colour-blind palette, print-sized fonts."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind", font_scale=1.05,
                  rc={"figure.figsize": (9.0, 4.2), "figure.dpi": 96, "savefig.dpi": 96,
                      "axes.titleweight": "bold", "axes.titlesize": 13, "axes.titlelocation": "left",
                      "figure.constrained_layout.use": True, "svg.hashsalt": "rhetoric"})
    mpl.rcParams["figure.titleweight"] = "bold"


def _figure(rows: int = 1, cols: int = 1, **kw: Any):  # type: ignore[no-untyped-def]
    import matplotlib.pyplot as plt

    set_theme()
    return plt.subplots(rows, cols, **kw)


# ---------------------------------------------------------------- tables of one report


def counts_table(report: Report, categories: Iterable[str] | None = None):  # type: ignore[no-untyped-def]
    """Findings per label with the rate per 1,000 words: the numbers a reader compares across texts."""
    import pandas as pd

    s = report.summary()
    cats = list(categories or CATEGORIES)
    rows = [{"category": c, "label": l, "count": s["by_label"][f"{c}/{l}"]["count"],
             "per 1,000 words": s["by_label"][f"{c}/{l}"]["per_1000_words"]}
            for c in cats for l in CATEGORIES[c]]
    return pd.DataFrame(rows).set_index(["category", "label"])


def category_counts(report: Report) -> str:
    """One line per category with its count, then the per-label counts: short, rounded, stable to print."""
    s = report.summary()
    lines = [f"{s['words']} words, {s['findings']} findings"]
    for c in CATEGORIES:
        labels = ", ".join(f"{l} {s['by_label'][f'{c}/{l}']['count']}" for l in CATEGORIES[c])
        lines.append(f"{c:<8} {s['by_category'][c]['count']:>3}  ({labels})")
    return "\n".join(lines)


def examples(report: Report, category: str, per_label: int = 3, width: int = 70):  # type: ignore[no-untyped-def]
    """The first few findings of each label of a category, with why they were flagged and what to write instead."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for label in CATEGORIES[category]:
        for f in [f for f in report if f.category == category and f.label == label][:per_label]:
            rows.append({"label": label, "span": _short(f.text, width), "why": f.message,
                         "instead": f.suggestion or "", "speaker": f.speaker or "", "Russian": f.source or ""})
    frame = pd.DataFrame(rows, columns=["label", "span", "why", "instead", "speaker", "Russian"])
    return frame.loc[:, [c for c in frame.columns if frame[c].astype(bool).any() or c in ("label", "span")]]


def quotations(report: Report, width: int = 60):  # type: ignore[no-untyped-def]
    """Every quotation with its label and the features that decided it, in reading order."""
    import pandas as pd

    rows = [{"at": f.start, "quotation": _short(f.text, width), "label": f.label,
             "deciding features": ", ".join(f.features)} for f in report if f.category == "quote"]
    return pd.DataFrame(rows, columns=["at", "quotation", "label", "deciding features"]).set_index("at")


def _short(s: str, width: int) -> str:
    """A span on one line, cut with an ellipsis so tables keep their shape."""
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


# ---------------------------------------------------------------- figures of one report


def plot_counts(report: Report, title: str = "What the analyser found, by label"):  # type: ignore[no-untyped-def]
    """Horizontal bars of findings per label, one colour per category, labels with zero findings kept."""
    import seaborn as sns

    frame = counts_table(report).reset_index()
    frame["name"] = [f"{CATEGORY_NAMES[c]}: {l}" for c, l in zip(frame["category"], frame["label"])]
    fig, ax = _figure(figsize=(9.0, 5.6))
    sns.barplot(frame, y="name", x="count", hue="category", palette=CATEGORY_COLORS, dodge=False, ax=ax)
    for container in ax.containers:
        ax.bar_label(container, padding=3, fontsize=10)
    ax.set(title=title, xlabel="findings in the text", ylabel="")
    ax.legend(title="category", loc="lower right", frameon=True)
    return fig


def plot_density(report: Report, categories: Sequence[str] = ("framing", "mt"), window: int = 5,
                 title: str = "Where the text heats up"):  # type: ignore[no-untyped-def]
    """Findings per sentence along the text (bars) with a moving average over `window` sentences (line),
    one panel per category so the two stories do not hide each other."""
    frame = report.density()
    fig, axes = _figure(len(categories), 1, figsize=(9.0, 2.3 * len(categories) + 0.8), sharex=True, squeeze=False)
    for ax, cat in zip(axes[:, 0], categories):
        colour = CATEGORY_COLORS[cat]
        ax.bar(frame["sentence"] + 1, frame[cat], width=0.85, color=colour, alpha=0.35,
               label="findings in the sentence")
        smooth = frame[cat].rolling(window, center=True, min_periods=1).mean()
        ax.plot(frame["sentence"] + 1, smooth, color=colour, linewidth=2.4,
                label=f"average over {window} sentences")
        ax.set_ylabel("findings")
        ax.set_title(f"{CATEGORY_NAMES[cat]} ({int(frame[cat].sum())} findings)", fontsize=12)
        ax.legend(loc="upper right", fontsize=9, frameon=True)
        ax.set_ylim(0, max(1, frame[cat].max()) + 0.8)
        ax.yaxis.get_major_locator().set_params(integer=True)
    axes[-1, 0].set_xlabel("sentence number, from the start of the text to the end")
    axes[-1, 0].set_xlim(0.3, len(frame) + 0.7)
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    return fig


def plot_agreement(evaluation: Any, title: str = "Quotation labels: the analyser against the hand annotation"
                   ):  # type: ignore[no-untyped-def]
    """The quotation confusion matrix as a heatmap: rows are the annotator's labels, columns the analyser's."""
    import pandas as pd
    import seaborn as sns

    labels = list(CATEGORIES["quote"])
    rows = [r for r in [*labels, "invented"] if r in evaluation.confusion]
    cols = labels + ["missed"]
    frame = pd.DataFrame([[evaluation.confusion.get(r, {}).get(c, 0) for c in cols] for r in rows],
                         index=rows, columns=cols)
    fig, ax = _figure(figsize=(7.0, 4.2))
    sns.heatmap(frame, annot=True, fmt="d", cmap=SEQUENTIAL, cbar=False, linewidths=1, linecolor="white",
                annot_kws={"fontsize": 12}, ax=ax)
    ax.set(title=title, xlabel="label given by the analyser", ylabel="label in the gold annotation")
    ax.tick_params(axis="y", rotation=0)
    return fig
