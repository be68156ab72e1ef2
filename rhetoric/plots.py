"""Figures and tables for the teaching notebooks: one seaborn theme, colour-blind safe, readable in print.

Every plotting function returns a matplotlib Figure (end the notebook cell with `;` so only the image shows);
every table function returns a pandas DataFrame. seaborn, matplotlib and pandas are imported inside the
functions, so `import rhetoric` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .findings import CATEGORIES, Report
from .render import CATEGORY_NAMES, PALETTE

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from .compare import Comparison
    from .evaluate import Evaluation

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
    """The one look of every notebook: white grid, the colour-blind palette, print-sized fonts, and tables
    that show whole sentences rather than cutting them at 50 characters."""
    import warnings

    import matplotlib as mpl
    import pandas as pd
    import seaborn as sns

    # Progress bars fall back to text without ipywidgets; the warning saying so is noise in a lesson.
    warnings.filterwarnings("ignore", message="IProgress not found")
    pd.set_option("display.max_colwidth", 400)
    pd.set_option("display.max_rows", 200)
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind", font_scale=1.05,
                  rc={"figure.figsize": (9.0, 4.2), "figure.dpi": 96, "savefig.dpi": 96,
                      "axes.titleweight": "bold", "axes.titlesize": 13, "axes.titlelocation": "left",
                      "figure.constrained_layout.use": True, "svg.hashsalt": "rhetoric"})
    mpl.rcParams["figure.titleweight"] = "bold"


def _figure(rows: int = 1, cols: int = 1, **kw: Any) -> tuple[Figure, Any]:
    import matplotlib.pyplot as plt

    set_theme()
    return plt.subplots(rows, cols, **kw)


# ---------------------------------------------------------------- tables of one report


class TextTable:
    """A table of sentences and spans that reads like text in a notebook (left-aligned, wrapped, scores
    with one decimal) and prints as plain text; the DataFrame itself is `.data`."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.data = frame

    def _repr_html_(self) -> str:
        import hashlib

        frame = self.data
        scores = {c: "{:.1f}" for c in frame.columns if str(c).lower() in ("chrf", "bleu", "ter", "score")}
        # The table's HTML id comes from its content, so re-running a notebook rewrites it byte for byte.
        uuid = hashlib.sha1(frame.to_json(force_ascii=False).encode("utf-8")).hexdigest()[:10]
        return (frame.style.set_uuid(uuid).format(precision=2, na_rep="–").format(scores, na_rep="–")
                .set_properties(**{"text-align": "left", "white-space": "normal", "vertical-align": "top"})
                .set_table_styles([{"selector": "th", "props": [("text-align", "left"), ("vertical-align", "top")]}])
                .to_html())

    def __repr__(self) -> str:
        return self.data.to_string()


def text_table(frame: pd.DataFrame) -> TextTable:
    """Show a DataFrame of sentences and spans as a `TextTable`."""
    return TextTable(frame)


def counts_table(report: Report, categories: Iterable[str] | None = None) -> pd.DataFrame:
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


def examples(report: Report, category: str, per_label: int = 3, width: int = 70) -> TextTable:
    """The first few findings of each label of a category, with why they were flagged and what to write
    instead, as a `text_table`."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for label in CATEGORIES[category]:
        for f in [f for f in report if f.category == category and f.label == label][:per_label]:
            rows.append({"label": label, "span": _short(f.text, width), "why": f.message,
                         "instead": f.suggestion or "", "speaker": f.speaker or "", "Russian": f.source or ""})
    if not rows:
        return text_table(pd.DataFrame({"label": ["–"],
                                        "span": [f"no {CATEGORY_NAMES[category]} findings in this text"]}))
    frame = pd.DataFrame(rows, columns=["label", "span", "why", "instead", "speaker", "Russian"])
    return text_table(frame.loc[:, [c for c in frame.columns
                                    if frame[c].astype(bool).any() or c in ("label", "span")]])


def quotations(report: Report, width: int = 60) -> TextTable:
    """Every quotation with its label and the features that decided it, in reading order (a `text_table`)."""
    import pandas as pd

    rows = [{"at": f.start, "quotation": _short(f.text, width), "label": f.label,
             "deciding features": ", ".join(f.features) or "–"} for f in report if f.category == "quote"]
    return text_table(pd.DataFrame(rows, columns=["at", "quotation", "label", "deciding features"]).set_index("at"))


def gold_scores(evaluation: Evaluation, mode: str = "lenient") -> str:
    """Precision, recall and F1 per category against the gold, rounded to two places, as fixed-width text."""
    lines = [f"{'category':<10}{'precision':>10}{'recall':>8}{'F1':>6}{'found':>7}{'gold':>6}"]
    for c in CATEGORIES:
        try:
            r = evaluation.row(c, mode)
        except KeyError:
            continue
        lines.append(f"{c:<10}{r['precision']:>10.2f}{r['recall']:>8.2f}{r['f1']:>6.2f}"
                     f"{r['predicted']:>7}{r['gold']:>6}")
    return "\n".join(lines)


def _short(s: str, width: int) -> str:
    """A span on one line, cut with an ellipsis so tables keep their shape."""
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


# ---------------------------------------------------------------- figures of one report


def plot_counts(report: Report, title: str = "What the analyser found, by label") -> Figure:
    """Horizontal bars of findings per label, one colour per category (named in the bar labels, so no legend
    can hide a bar), labels with zero findings kept."""
    import seaborn as sns

    frame = counts_table(report).reset_index()
    frame["name"] = [f"{CATEGORY_NAMES[c]}: {l}" for c, l in zip(frame["category"], frame["label"])]
    frame["category"] = frame["category"].map(CATEGORY_NAMES)
    fig, ax = _figure(figsize=(9.0, 5.6))
    sns.barplot(frame, y="name", x="count", hue="category", dodge=False, saturation=1, ax=ax,
                palette={CATEGORY_NAMES[c]: hue for c, hue in CATEGORY_COLORS.items()})
    for container in ax.containers:
        ax.bar_label(container, padding=3, fontsize=10)
    ax.set(title=title, xlabel="findings in the text", ylabel="")
    ax.legend().remove()  # each bar's label already names its category
    return fig


def plot_density(report: Report, categories: Sequence[str] = ("framing", "mt"), window: int = 5,
                 title: str = "Where the text heats up") -> Figure:
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
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=9, frameon=False,
                  borderaxespad=0.1)
        ax.set_ylim(0, max(1, frame[cat].max()) + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
    axes[-1, 0].set_xlabel("sentence number, from the start of the text to the end")
    axes[-1, 0].set_xlim(0.3, len(frame) + 0.7)
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    return fig


def plot_agreement(evaluation: Evaluation,
                   title: str = "Quotation labels: the analyser against the hand annotation") -> Figure:
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


# ---------------------------------------------------------------- versions and comparisons


def cards(versions: Iterable[Mapping[str, Any]]) -> TextTable:
    """The versions of a text as a `text_table`: id, role, title, length and how each was made (from its card)."""
    import pandas as pd

    from .findings import _WORD

    rows = [{"id": v["id"], "role": v["role"], "title": v.get("title") or "",
             "words": sum(1 for _ in _WORD.finditer(v["text"])), "method": v.get("method") or ""}
            for v in versions]
    return text_table(pd.DataFrame(rows).set_index("id"))


def with_similarity(comparison: Comparison, model: str | None = None) -> pd.DataFrame:
    """The comparison's segments (one row per aligned segment of each pair) with the cosine similarity of
    the two sides' sentence embeddings, so surface (chrF) and meaning can be plotted against each other."""
    from .embed import Embedder

    frame = comparison.segments_frame()
    embedder = Embedder(model)
    pairs = [(r, h) for r, h in zip(frame["ref"], frame["hyp"])]
    embedder.encode(sorted({s for pair in pairs for s in pair if s}))
    frame["similarity"] = [round(embedder.similarity(r, h), 4) if r and h else None for r, h in pairs]
    return frame


def comparison_summary(comparison: Comparison) -> str:
    """Each version's corpus scores (one decimal) and survival rates (two decimals): the numbers to check."""
    head = f"{'version':<11}{'BLEU':>6}{'chrF':>6}{'TER':>6}{'segments':>9}   survival: mt  framing  scare quotes"
    lines = [f"reference: {comparison.reference}", head]
    for row in comparison.to_frame().to_dict("records"):
        rates = [("–" if row[k] is None else f"{row[k]:.2f}") for k in ("mt_survival", "framing_survival",
                                                                       "scare_survival")]
        lines.append(f"{row['hyp_name']:<11}{row['bleu']:>6.1f}{row['chrf']:>6.1f}{row['ter']:>6.1f}"
                     f"{row['segments']:>9}   {rates[0]:>12}{rates[1]:>9}{rates[2]:>14}")
    return "\n".join(lines)


def pairwise_scores(versions: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Corpus BLEU, chrF and TER of every version against every other, on chrF-aligned segments."""
    import pandas as pd

    from .align import align
    from .compare import corpus_scores
    from .text import Document

    docs = {v["id"]: Document(v["text"]) for v in versions}
    rows = []
    for ref, rdoc in docs.items():
        for hyp, hdoc in docs.items():
            if ref == hyp:
                continue
            segments = align(rdoc, hdoc).segments()
            scores, _ = corpus_scores([h for _, h in segments], [r for r, _ in segments])
            rows.append({"reference": ref, "candidate": hyp, **scores})
    return pd.DataFrame(rows)


def score_matrix(pairwise: pd.DataFrame, metric: str = "chrf") -> str:
    """One metric of `pairwise_scores` as a rounded reference × candidate grid, as fixed-width text."""
    grid = pairwise.pivot(index="reference", columns="candidate", values=metric).round(1)
    return grid.to_string(na_rep="–")


METRIC_NAMES = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}


def plot_pairwise(pairwise: pd.DataFrame, title: str = "How far apart are the versions?") -> Figure:
    """chrF, BLEU and TER of every pair of versions as three annotated heatmaps (reference in rows).
    TER counts edits, so its colour scale is reversed: dark means close in all three panels."""
    import seaborn as sns

    fig, axes = _figure(1, 3, figsize=(13.5, 4.6))
    for ax, metric in zip(axes, ("chrf", "bleu", "ter")):
        grid = pairwise.pivot(index="reference", columns="candidate", values=metric)
        sns.heatmap(grid, annot=True, fmt=".0f", cmap=SEQUENTIAL if metric == "ter" else SEQUENTIAL + "_r",
                    vmin=0, vmax=100, cbar=False, square=True, linewidths=1, linecolor="white",
                    annot_kws={"fontsize": 12}, ax=ax)
        better = "lower is closer" if metric == "ter" else "higher is closer"
        ax.set_title(f"{METRIC_NAMES[metric]} ({better})", fontsize=12)
        ax.set_xlabel("candidate version")
        ax.set_ylabel("reference version" if ax is axes[0] else "")
        ax.tick_params(axis="both", rotation=0)
        ax.grid(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    return fig


def plot_sentence_scores(segments: pd.DataFrame, metric: str = "ter", reference: str = "the reference") -> Figure:
    """Sentence-level scores of each version against the reference: a box per version and every segment
    as a dot, so the spread shows, not only the average."""
    import numpy as np
    import seaborn as sns

    order = sorted(segments["hyp_name"].unique(), key=lambda n: segments.loc[segments["hyp_name"] == n,
                                                                             metric].median())
    fig, ax = _figure(figsize=(9.0, 1.6 + 0.9 * len(order)))
    sns.boxplot(segments, x=metric, y="hyp_name", order=order, hue="hyp_name", palette="colorblind",
                showfliers=False, width=0.55, boxprops={"alpha": 0.45}, legend=False, ax=ax)
    # seaborn jitters with numpy's global generator: seed it for this figure only, so it redraws identically.
    state = np.random.get_state()
    np.random.seed(0)
    try:
        sns.stripplot(segments, x=metric, y="hyp_name", order=order, hue="hyp_name", palette="colorblind",
                      size=4.5, jitter=0.22, edgecolor="#333333", linewidth=0.4, legend=False, ax=ax)
    finally:
        np.random.set_state(state)
    name = METRIC_NAMES[metric]
    note = "edits needed per 100 reference words; 0 = identical" if metric == "ter" else "0-100, higher = closer"
    ax.set(title=f"Sentence-level {name} against {reference}", xlabel=f"{name} of one aligned segment ({note})",
           ylabel="version")
    if metric == "ter":
        ax.set_xlim(left=-3)
    return fig


def outliers(segments: pd.DataFrame, n: int = 6, width: int = 110) -> TextTable:
    """The segments where meaning and surface disagree most, numbered as in `plot_similarity_vs_chrf`."""
    return text_table(_outliers(segments, n, width).set_index("mark"))


def _outliers(segments: pd.DataFrame, n: int, width: int = 110) -> pd.DataFrame:
    """High embedding similarity with low chrF (said the same in other words) or the reverse (similar words,
    different meaning), ranked by the gap between the two on a 0-100 scale."""
    frame = segments.dropna(subset=["similarity"]).copy()
    frame["gap"] = (frame["similarity"] * 100 - frame["chrf"]).round(1)
    frame = frame.reindex(frame["gap"].abs().sort_values(ascending=False, kind="stable").index).head(n)
    frame["ref"] = [_short(s, width) for s in frame["ref"]]
    frame["hyp"] = [_short(s, width) for s in frame["hyp"]]
    frame = frame.rename(columns={"hyp_name": "version", "ref": "reference segment", "hyp": "version segment"})
    frame["chrf"] = frame["chrf"].round(1)
    frame.insert(0, "mark", range(1, len(frame) + 1))
    return frame[["mark", "version", "segment", "chrf", "similarity", "reference segment", "version segment"]]


def plot_similarity_vs_chrf(segments: pd.DataFrame, label: int = 6, title: str = "Same words or same meaning?"
                            ) -> Figure:
    """Each aligned segment as a dot: chrF (shared character sequences) against the cosine similarity of
    sentence embeddings (shared meaning); the `label` segments with the widest gap are numbered as in
    `outliers`, the numbers set in the empty upper-left corner with an arrow to their dot."""
    import seaborn as sns

    frame = segments.dropna(subset=["similarity"])
    fig, ax = _figure(figsize=(9.0, 5.6))
    sns.scatterplot(frame, x="chrf", y="similarity", hue="hyp_name", style="hyp_name", palette="colorblind",
                    s=46, alpha=0.85, edgecolor="#333333", linewidth=0.3, ax=ax)
    top = _outliers(frame, label)
    low = min(0.0, float(frame["similarity"].min()))
    for idx, row in top.iterrows():
        ax.annotate(f"{row['mark']}: {row['version']} #{row['segment']}",
                    (frame.loc[idx, "chrf"], frame.loc[idx, "similarity"]),
                    xytext=(1, 1.0 - 0.06 * row["mark"]), textcoords="data", fontsize=9.5,
                    arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.8, "shrinkB": 4},
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#999999", "alpha": 0.95})
    ax.set(title=title, xlabel="chrF of the segment (surface: shared character sequences, 0-100)",
           ylabel="embedding similarity (meaning, cosine)", xlim=(-2, 102), ylim=(low - 0.03, 1.04))
    ax.legend(title="version", loc="lower right", frameon=True)
    return fig


def diff_table(comparison: Comparison) -> pd.DataFrame:
    """Survived, vanished and appeared findings per version and category, with the survival rate."""
    import pandas as pd

    rows = []
    for p in comparison.pairs:
        for cat in CATEGORIES:
            t = p.diff["by_category"][cat]
            rows.append({"version": p.hyp_name, "category": cat, "survived": t["survived"],
                         "vanished": t["vanished"], "appeared": t["appeared"],
                         "survival rate": None if t["survival_rate"] is None else round(t["survival_rate"], 2)})
    return pd.DataFrame(rows).set_index(["version", "category"])


def plot_diff(comparison: Comparison, title: str = "Which findings survive in each version?") -> Figure:
    """The rhetoric diff as grouped bars: for each category a panel, for each version the findings of the
    reference that survived or vanished and the new ones that appeared (colour and hatch per status)."""
    frame = diff_table(comparison).reset_index()
    versions = list(dict.fromkeys(frame["version"]))
    fig, axes = _figure(1, len(CATEGORIES), figsize=(13.5, 4.6), sharey=True)
    width = 0.26
    for ax, cat in zip(axes, CATEGORIES):
        part = frame[frame["category"] == cat].set_index("version").reindex(versions)
        for k, (status, (colour, hatch)) in enumerate(STATUS_STYLE.items()):
            xs = [i + (k - 1) * width for i in range(len(versions))]
            bars = ax.bar(xs, part[status], width, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.6,
                          label=status)
            ax.bar_label(bars, padding=2, fontsize=9)
        ax.set_xticks(range(len(versions)), versions)
        ax.set_title(CATEGORY_NAMES[cat], fontsize=12)
        ax.set_xlabel("version")
    axes[0].set_ylabel(f"findings (reference: {comparison.reference})")
    axes[0].set_ylim(0, float(frame[list(STATUS_STYLE)].to_numpy().max()) * 1.12 + 1)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=3, frameon=False, fontsize=11)
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    return fig


def side_by_side(comparison: Comparison, phrases: Sequence[str]) -> TextTable:
    """For each phrase of the reference, the aligned segment of the reference and of every version, with its
    sentence chrF: how each version rendered that passage (a `text_table`)."""
    import pandas as pd

    rows = []
    for phrase in phrases:
        first = True
        for p in comparison.pairs:
            k = next((i for i, r in enumerate(p.refs) if phrase in r), None)
            if k is None:
                raise ValueError(f"{phrase!r} is not in any segment of {comparison.reference}")
            if first:
                rows.append({"passage": phrase, "version": comparison.reference, "text": p.refs[k], "chrF": None})
                first = False
            rows.append({"passage": phrase, "version": p.hyp_name, "text": p.hyps[k] or "(left out)",
                         "chrF": round(p.sentence[k]["chrf"], 1)})
    return text_table(pd.DataFrame(rows).set_index(["passage", "version"]))


def significance_table(comparison: Comparison, metric: str = "chrF2") -> pd.DataFrame:
    """One metric of the paired tests: each version's score with its bootstrap 95% interval, and the
    p-values of the bootstrap and of approximate randomisation against the baseline version."""
    import pandas as pd

    rows = []
    for p in comparison.pairs:
        s = p.significance
        if not s:
            continue
        bs, ar = s.get("bootstrap", {}).get(metric, {}), s.get("approximate_randomisation", {}).get(metric, {})
        rows.append({"version": p.hyp_name, "baseline": s["baseline"], "score": round(float(bs["score"]), 1),
                     "95% interval": f"± {float(bs['ci']):.1f}",
                     "p (bootstrap)": None if bs.get("p_value") is None else round(float(bs["p_value"]), 4),
                     "p (randomisation)": None if ar.get("p_value") is None else round(float(ar["p_value"]), 4)})
    return pd.DataFrame(rows).set_index("version")


def significance_in_words(comparison: Comparison, metric: str = "chrF2") -> str:
    """The paired test of each version against the baseline, said in one plain sentence each."""
    table = significance_table(comparison, metric)
    name = "chrF" if metric.startswith("chrF") else metric
    lines = []
    for version, row in table.iterrows():
        base = table.loc[row["baseline"]]
        if version == row["baseline"]:
            lines.append(f"{version} is the baseline: {name} {row['score']:.1f}; resampling the segments moves "
                         f"it by {row['95% interval']} or less in 95 cases out of 100.")
            continue
        p = row["p (randomisation)"]
        verdict = ("a difference this large almost never arises by chance" if p is not None and p < 0.01 else
                   "a difference this large is unlikely to arise by chance" if p is not None and p < 0.05 else
                   "a difference this large could well arise by chance")
        lines.append(f"{version} scores {name} {row['score']:.1f} against {base['score']:.1f} for "
                     f"{row['baseline']}: if the two were equally close to {comparison.reference}, {verdict} "
                     f"(p = {p:.4f}).")
    return "\n".join(lines)


# ---------------------------------------------------------------- bring your own text


def read_input(path: str | None, pasted: str = "") -> tuple[str, str]:
    """(name, text) of the notebook's input: the pasted text when there is any, else the named file, read
    with its encoding detected and its line endings kept."""
    from pathlib import Path

    from .reading import InputError, read_text

    if pasted.strip():
        return "pasted text", pasted.strip("\n")
    if not path:
        raise InputError("name a file in TEXT_FILE or paste a text into PASTED_TEXT")
    return Path(path).stem, read_text(str(path)).text


def compare_input(text: tuple[str, str], other: str | None, similarity: str = "chrf") -> Comparison:
    """Compare the notebook's text (name, text) with a second version of it named by a file path; the other
    version is the reference, so the diff says what of it survives in the text."""
    from pathlib import Path

    from .compare import compare
    from .reading import InputError, read_text

    if not other:
        raise InputError("COMPARE_WITH names no file: the analysis above is complete, and there is nothing "
                         "to compare it with")
    name = Path(other).stem
    if name == text[0]:
        name = f"{name} (reference)"
    return compare([(name, read_text(str(other)).text), text], reference=0, similarity=similarity,
                   paired_tests=False)
