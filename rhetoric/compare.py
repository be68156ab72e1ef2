"""Comparing versions of one text: sacreBLEU scores on aligned segments, paired significance, the rhetoric diff.

Segments are the beads of the sentence alignment (rhetoric.align), a bead's sentences joined with a space.
A sentence one version dropped or added (a 1-0 or 0-1 bead) is scored against an empty string: an omission
or an addition is a real difference between two translations, and leaving it out would flatter the pair.
Every score travels with its sacreBLEU signature.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .align import Alignment, Bead, align, sentence_texts, similarity_by_name
from .findings import CATEGORIES, Finding, Report
from .render import fmt_score as _fmt
from .text import Document

if TYPE_CHECKING:
    import pandas as pd

SEED = 12345
BOOTSTRAP_SAMPLES = 1000
AR_TRIALS = 10000
# Below this many segments scoring stays in one process: TER takes a few ms a segment, a forked pool ~0.1 s.
PARALLEL_MIN = 100
MAX_JOBS = 8
RUNS_PER_JOB = 4  # runs of segments per process: segments differ in length, so smaller runs balance the load
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


# ---- name normalisation -------------------------------------------------------------------------------------

def name_variants(texts: Sequence[str]) -> dict[str, str]:
    """Map each spelling of a name to one form: the gazetteer's standard where rhetoric.names knows the name,
    else the spelling the texts use most among those sharing its spelling-blind key (ties: the one met
    first, so the reference, passed first, decides)."""
    from .names import fold, standardise

    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for k, t in enumerate(texts):
        for m in _CAPITALISED.finditer(t):
            counts[m.group()] += 1
            first.setdefault(m.group(), (k, m.start()))
    words = sorted(counts)
    standard = dict(zip(words, standardise(words)))
    weight: Counter[str] = Counter()
    for w in words:
        weight[standard[w]] += counts[w]
        first[standard[w]] = min(first.get(standard[w], first[w]), first[w])
    main: dict[str, str] = {}
    for form in sorted(weight, key=lambda f: (-weight[f], first[f])):
        main.setdefault(fold(form), form)
    mapping = {w: main[fold(standard[w])] for w in words}
    return {w: f for w, f in sorted(mapping.items()) if f != w}


def normalise_names(text: str, mapping: dict[str, str]) -> str:
    """The text with every mapped name spelling replaced by its main form (whole words only)."""
    if not mapping:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")\b")
    return pattern.sub(lambda m: mapping[m.group()], text)


# ---- scores -------------------------------------------------------------------------------------------------

def check_counts(hyps: Sequence[str], refs: Sequence[str]) -> None:
    """sacreBLEU silently scores the overlap of lists of unequal length; refuse instead."""
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypothesis segments against {len(refs)} reference segments")


def _metrics() -> tuple[tuple[str, Any, Any], ...]:
    """(key, corpus metric, sentence metric): sentence BLEU needs effective order, the others are the same."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    chrf, ter = CHRF(), TER()
    return (("bleu", BLEU(), BLEU(effective_order=True)), ("chrf", chrf, chrf), ("ter", ter, ter))


def default_jobs() -> int:
    """Every core this process may use, at most MAX_JOBS: segments are scored independently, so scoring
    scales with cores, and the cap keeps one comparison from taking a whole shared server."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(MAX_JOBS, usable))


def _chunk_statistics(hyps: list[str], refs: list[str]) -> list[tuple[list[Any], int]]:
    """Each metric's statistics of a run of segments, and the reference count its signature reports."""
    out = []
    for _, metric, _ in _metrics():
        out.append((metric._extract_corpus_statistics(hyps, [refs]), metric.num_refs))
    return out


def _statistics(metrics: Sequence[tuple[str, Any, Any]], hyps: Sequence[str], refs: Sequence[str], jobs: int
                ) -> list[list[Any]]:
    """Each metric's per-segment statistics, in segment order; on `jobs` forked processes for a long input.

    A segment's statistics depend on that segment alone, so contiguous runs scored apart and joined in order
    are the serial statistics; the metrics here take the reference count from the runs, as the serial pass
    would set it. TER is pure Python and most of the time of a long comparison.
    """
    import multiprocessing
    from itertools import pairwise

    from .rules.parallel import can_fork

    if jobs <= 1 or len(hyps) < PARALLEL_MIN or not can_fork():
        return [metric._extract_corpus_statistics(list(hyps), [list(refs)]) for _, metric, _ in metrics]
    n = len(hyps)
    runs = min(n, jobs * RUNS_PER_JOB)
    bounds = [n * k // runs for k in range(runs + 1)]
    work = [(list(hyps[a:b]), list(refs[a:b])) for a, b in pairwise(bounds)]
    with multiprocessing.get_context("fork").Pool(min(jobs, runs)) as pool:
        parts = pool.starmap(_chunk_statistics, work)
    joined = []
    for k, (_, metric, _) in enumerate(metrics):
        counts = {part[k][1] for part in parts}
        metric.num_refs = counts.pop() if len(counts) == 1 else -1
        joined.append([segment for part in parts for segment in part[k][0]])
    return joined


def score_segments(hyps: Sequence[str], refs: Sequence[str], jobs: int | None = None
                   ) -> tuple[dict[str, float], dict[str, str], list[dict[str, float]]]:
    """Corpus scores (0-100) with signatures, and each segment's scores, from ONE pass over the segments.

    sacreBLEU keeps per-segment statistics and sums them for a corpus score (its significance tests reuse
    them the same way); computing corpus and sentence scores separately would run TER, the slow metric, twice.
    `jobs` processes share a long input (default: default_jobs()); the scores are the same for any number.
    """
    check_counts(hyps, refs)
    metrics = _metrics()
    stats = _statistics(metrics, hyps, refs, default_jobs() if jobs is None else jobs)
    scores: dict[str, float] = {}
    signatures: dict[str, str] = {}
    per_segment: list[dict[str, float]] = [{} for _ in hyps]
    for (key, metric, sentence_metric), segments in zip(metrics, stats):
        scores[key] = metric._aggregate_and_compute(segments).score
        signatures[key] = str(metric.get_signature())
        for row, segment in zip(per_segment, segments):
            row[key] = sentence_metric._aggregate_and_compute([segment]).score
    return scores, signatures, per_segment


def corpus_scores(hyps: Sequence[str], refs: Sequence[str], jobs: int | None = None
                  ) -> tuple[dict[str, float], dict[str, str]]:
    """Corpus BLEU, chrF and TER (0-100) and their signatures."""
    scores, signatures, _ = score_segments(hyps, refs, jobs)
    return scores, signatures


def common_segments(ref_sentences: Sequence[str], alignments: Sequence[tuple[list[Bead], Sequence[str]]]
                    ) -> tuple[list[str], list[list[str]]]:
    """Reference segments every alignment agrees on, and each hypothesis cut to them, for paired tests.

    A boundary after reference sentence k is kept when every alignment has a bead ending there; sentences a
    hypothesis adds (0-1 beads) go with the segment before them.
    """
    cuts: list[dict[int, int]] = []
    for beads, _ in alignments:
        pos_r = pos_h = 0
        cut: dict[int, int] = {}
        for b in beads:
            pos_r += len(b.ref)
            pos_h += len(b.hyp)
            cut[pos_r] = pos_h
        cut[0] = 0
        cuts.append(cut)
    n = len(ref_sentences)
    bounds = sorted(set.intersection(*(set(c) for c in cuts)) | {0, n}) if cuts else [0, n]
    refs = [" ".join(ref_sentences[a:b]) for a, b in zip(bounds, bounds[1:])]
    hyps = []
    for (beads, sentences), cut in zip(alignments, cuts):
        cut = {**cut, n: len(sentences)}
        hyps.append([" ".join(sentences[cut[a]:cut[b]]) for a, b in zip(bounds, bounds[1:])])
    return refs, hyps


def _result(r: Any) -> dict[str, float | None]:
    """A sacreBLEU significance Result as plain floats (None where a test gives no value)."""
    return {k: None if v is None else float(v)
            for k, v in (("score", r.score), ("mean", r.mean), ("ci", r.ci), ("p_value", r.p_value))}


def _reading(metric: Any, known: dict[int, list[list[Any]]], k: int) -> Any:
    """`metric`, the k-th corpus metric of a fresh _metrics(), made to read the statistics of the systems under
    test from `known` instead of extracting them; one reference stream, as extraction would set."""
    metric._extract_corpus_statistics = lambda hypotheses, references: known[id(hypotheses)][k]
    metric.num_refs = 1
    return metric


def significance(names: Sequence[str], hyps: Sequence[Sequence[str]], refs: Sequence[str], jobs: int | None = None
                 ) -> dict[str, Any]:
    """Paired bootstrap (1,000 resamples) and approximate randomisation (10,000 trials) of each system
    against the first, with sacreBLEU's seed fixed to 12345; results keyed by system, then test, then metric.
    The segment statistics are computed once, on `jobs` processes (default: default_jobs())."""
    from sacrebleu.significance import PairedTest

    for h in hyps:
        check_counts(h, refs)
    systems = list(zip(names, (list(h) for h in hyps)))
    # Each system's statistics once, on every core, for both tests: each test would extract them again.
    known = {id(h): _statistics(_metrics(), h, refs, default_jobs() if jobs is None else jobs) for _, h in systems}
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(SEED)
    try:
        out: dict[str, Any] = {n: {"baseline": names[0], "segments": len(refs)} for n in names}
        tests = (("bootstrap", "bs", BOOTSTRAP_SAMPLES), ("approximate_randomisation", "ar", AR_TRIALS))
        for label, kind, samples in tests:
            if kind == "ar" and len(systems) < 2:
                continue
            metrics = {key: _reading(metric, known, k) for k, (key, metric, _) in enumerate(_metrics())}
            sigs, scores = PairedTest(systems, metrics, [list(refs)], test_type=kind, n_samples=samples)()
            for i, name in enumerate(names):
                out[name][label] = {m: _result(v[i]) for m, v in scores.items() if m != "System"}
                out[name].setdefault("signatures", {})[label] = {m: str(s) for m, s in sigs.items()}
    finally:
        if old is None:
            del os.environ["SACREBLEU_SEED"]
        else:
            os.environ["SACREBLEU_SEED"] = old
    return out


# ---- rhetoric diff ------------------------------------------------------------------------------------------

def _span(f: Finding | None) -> dict[str, Any] | None:
    return None if f is None else {"start": f.start, "end": f.end, "text": f.text, "rule": f.rule}


def rhetoric_diff(alignment: Alignment, ref_report: Report, hyp_report: Report) -> dict[str, Any]:
    """Which reference findings survive in the aligned candidate segment (same category and label), which
    vanish, and which candidate findings appear with no counterpart; totals by category and by label."""
    bead_of_ref = {i: k for k, b in enumerate(alignment.beads) for i in b.ref}
    bead_of_hyp = {j: k for k, b in enumerate(alignment.beads) for j in b.hyp}
    ref_in: dict[int, list[Finding]] = {}
    hyp_in: dict[int, list[Finding]] = {}
    for f in ref_report:
        ref_in.setdefault(bead_of_ref[alignment.ref.sentence_index(f.start)], []).append(f)
    for f in hyp_report:
        hyp_in.setdefault(bead_of_hyp[alignment.hyp.sentence_index(f.start)], []).append(f)
    items = []
    for k in range(len(alignment.beads)):
        pool = list(hyp_in.get(k, []))
        for f in ref_in.get(k, []):
            match = next((g for g in pool if (g.category, g.label) == (f.category, f.label)), None)
            if match is not None:
                pool.remove(match)
            items.append({"status": "survived" if match else "vanished", "category": f.category, "label": f.label,
                          "segment": k, "ref": _span(f), "hyp": _span(match)})
        items += [{"status": "appeared", "category": g.category, "label": g.label, "segment": k, "ref": None,
                   "hyp": _span(g)} for g in pool]

    def totals(keep: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        c = Counter(i["status"] for i in items if keep(i))
        n = c["survived"] + c["vanished"]
        return {"reference": n, "survived": c["survived"], "vanished": c["vanished"], "appeared": c["appeared"],
                "survival_rate": c["survived"] / n if n else None}

    return {"by_category": {cat: totals(lambda i, cat=cat: i["category"] == cat) for cat in CATEGORIES},
            "by_label": {f"{cat}/{lab}": totals(lambda i, cat=cat, lab=lab: (i["category"], i["label"]) == (cat, lab))
                         for cat, labels in CATEGORIES.items() for lab in labels},
            "items": items}


# ---- the comparison -----------------------------------------------------------------------------------------

@dataclass
class Pair:
    """One candidate against the reference: its alignment, scored segments, scores, significance and diff."""

    hyp_name: str
    alignment: Alignment
    refs: list[str]
    hyps: list[str]
    scores: dict[str, float]
    signatures: dict[str, str]
    sentence: list[dict[str, float]]
    similarity: list[float | None]
    diff: dict[str, Any]
    significance: dict[str, Any] = field(default_factory=dict)
    unnormalised: dict[str, float] | None = None  # scores before name normalisation, when it was asked for

    def survival(self, key: str) -> float | None:
        """Survival rate of a category ('mt') or a label ('quote/scare')."""
        table = self.diff["by_label"] if "/" in key else self.diff["by_category"]
        return table[key]["survival_rate"]

    def mean_similarity(self) -> float | None:
        """The mean similarity of the segments with both sides present (None without embeddings): one number
        for how close in meaning the candidate stays."""
        values = [s for s in self.similarity if s is not None]
        return sum(values) / len(values) if values else None


@dataclass
class Comparison:
    """Everything `rhetoric compare` reports: the reference, one Pair per candidate, the settings used."""

    reference: str
    pairs: list[Pair]
    similarity: str = "chrf"
    model: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # name normalisation mapping (empty: not applied)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of `rhetoric compare --format json`."""
        pairs = []
        for p in self.pairs:
            signatures: dict[str, Any] = dict(p.signatures)
            signatures["names"] = ("normalised: " + ", ".join(f"{a}>{b}" for a, b in self.names.items())
                                   if self.names else "as written")
            signatures["alignment"] = f"similarity:{self.similarity}" + (f"|model:{self.model}" if self.model else "")
            pairs.append({
                "hyp_name": p.hyp_name, "bleu": p.scores["bleu"], "chrf": p.scores["chrf"], "ter": p.scores["ter"],
                "signatures": signatures, "significance": p.significance,
                "segments": [{"hyp": h, "ref": r, "chrf": s["chrf"], "similarity": sim}
                             for h, r, s, sim in zip(p.hyps, p.refs, p.sentence, p.similarity)],
                "diff": p.diff,
            })
        return {"reference": self.reference, "pairs": pairs}

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame, one row a candidate: scores, mean similarity and survival rates."""
        import pandas as pd

        return pd.DataFrame([self._row(p) for p in self.pairs], columns=list(self._row(self.pairs[0]))
                            if self.pairs else None)

    def segments_frame(self) -> pd.DataFrame:
        """A pandas DataFrame, one row a segment of each pair, with sentence-level BLEU, chrF, TER and similarity."""
        import pandas as pd

        rows = [{"hyp_name": p.hyp_name, "segment": k, "shape": b.shape, "ref": r, "hyp": h, **s, "similarity": sim}
                for p in self.pairs
                for k, (b, r, h, s, sim) in enumerate(zip(p.alignment.beads, p.refs, p.hyps, p.sentence, p.similarity))]
        return pd.DataFrame(rows)

    def _row(self, p: Pair) -> dict[str, Any]:
        row = {"hyp_name": p.hyp_name, "bleu": p.scores["bleu"], "chrf": p.scores["chrf"], "ter": p.scores["ter"],
               "mean_similarity": p.mean_similarity(), "segments": len(p.refs),
               "mt_survival": p.survival("mt"), "framing_survival": p.survival("framing"),
               "scare_survival": p.survival("quote/scare")}
        if p.unnormalised is not None:
            row.update({f"{k}_as_written": v for k, v in p.unnormalised.items()})
        return row


def compare(versions: Sequence[tuple[str, str]], reference: int = 0, similarity: str = "chrf",
            model: str | None = None, normalise: bool = False, paired_tests: bool = True,
            reference_report: Report | None = None, jobs: int | None = None) -> Comparison:
    """Compare (name, text) versions with the one at index `reference`; similarity 'chrf' or 'embed'.

    With 'embed' and no torch/transformers installed, alignment falls back to chrF and the similarity column
    stays empty (a warning says so once). A caller that has already analysed the reference passes its
    `reference_report`, so the text is not analysed a second time. `jobs` processes score a long comparison
    and analyse long texts (default: default_jobs()); the result is the same for any number.
    """
    from .embed import available, warn_unavailable
    from .rules import default_analyzer

    if len(versions) < 2:
        raise ValueError("a comparison needs a reference and at least one other version")
    if similarity == "embed" and not available():
        warn_unavailable()
        similarity, model = "chrf", None
    jobs = default_jobs() if jobs is None else jobs
    sim = similarity_by_name(similarity, model)
    embedder = getattr(sim, "embedder", None)
    ref_name, ref_text = versions[reference]
    ref_doc = Document(ref_text)
    if reference_report is not None and reference_report.text != ref_text:
        raise ValueError("reference_report is not a report of the reference text")
    analyzer = default_analyzer()  # given each Document the aligner already segmented, not the bare text
    ref_report = reference_report if reference_report is not None else analyzer.run(ref_text, doc=ref_doc, jobs=jobs)
    candidates = [v for k, v in enumerate(versions) if k != reference]
    mapping = name_variants([ref_text] + [t for _, t in candidates]) if normalise else {}
    pairs = []
    for name, text in candidates:
        doc = Document(text)
        al = align(ref_doc, doc, sim)
        raw = al.segments()
        if not raw:  # sacreBLEU cannot score an empty corpus
            raise ValueError(f"nothing to compare: {ref_name} and {name} have no text")
        refs = [normalise_names(r, mapping) for r, _ in raw]
        hyps = [normalise_names(h, mapping) for _, h in raw]
        scores, signatures, per_segment = score_segments(hyps, refs, jobs)
        unnormalised = corpus_scores([h for _, h in raw], [r for r, _ in raw], jobs)[0] if normalise else None
        if embedder is not None:
            embedder.encode([s for pair in raw for s in pair if s])
            similarity_col = [round(embedder.similarity(r, h), 6) if r and h else None for r, h in raw]
        else:
            similarity_col = [None] * len(raw)
        diff = rhetoric_diff(al, ref_report, analyzer.run(text, doc=doc, jobs=jobs))
        pairs.append(Pair(name, al, refs, hyps, scores, signatures, per_segment, similarity_col, diff,
                          unnormalised=unnormalised))
    if paired_tests:
        refs, cut = common_segments(sentence_texts(ref_doc),
                                    [(p.alignment.beads, p.alignment.hyp_sentences) for p in pairs])
        refs = [normalise_names(r, mapping) for r in refs]
        cut = [[normalise_names(h, mapping) for h in hs] for hs in cut]
        tests = significance([p.hyp_name for p in pairs], cut, refs, jobs)
        for p in pairs:
            p.significance = tests[p.hyp_name]
    return Comparison(ref_name, pairs, similarity, model if similarity == "embed" else None, mapping)


# ---- output -------------------------------------------------------------------------------------------------

def format_table(c: Comparison) -> str:
    """A plain-text table, one line a candidate, then the signatures and the name normalisation applied."""
    head = f"{'version':<16}{'BLEU':>7}{'chrF':>7}{'TER':>7}{'sim':>7}{'segs':>6}{'mt':>7}{'framing':>9}{'scare':>7}"
    lines = [f"reference: {c.reference}", head, "-" * len(head)]
    for p in c.pairs:
        r = c._row(p)
        lines.append(f"{p.hyp_name:<16}{_fmt(r['bleu']):>7}{_fmt(r['chrf']):>7}{_fmt(r['ter']):>7}"
                     f"{_fmt(r['mean_similarity'], 3):>7}{r['segments']:>6}{_fmt(r['mt_survival'], 2):>7}"
                     f"{_fmt(r['framing_survival'], 2):>9}{_fmt(r['scare_survival'], 2):>7}")
    lines.append("mt, framing, scare: share of the reference's findings that survive in the candidate")
    if c.pairs:
        for key, sig in c.pairs[0].signatures.items():
            lines.append(f"{key}: {sig}")
    if c.names:
        lines.append("names normalised: " + ", ".join(f"{a} > {b}" for a, b in c.names.items()))
        for p in c.pairs:
            before = p.unnormalised or {}
            lines.append(f"  {p.hyp_name}: " + ", ".join(
                f"{k.upper() if k != 'chrf' else 'chrF'} {before[k]:.1f} > {p.scores[k]:.1f}" for k in ("bleu", "chrf", "ter")))
    for p in c.pairs:
        bs = p.significance.get("approximate_randomisation", {})
        if p.significance and p.significance.get("baseline") != p.hyp_name and bs:
            pv = ", ".join(f"{m} p={v['p_value']:.4f}" for m, v in bs.items())
            lines.append(f"{p.hyp_name} vs {p.significance['baseline']} (approximate randomisation): {pv}")
    return "\n".join(lines)


def html_page(c: Comparison, title: str = "rhetoric comparison") -> str:
    """A standalone HTML page with the comparison table; every value escaped."""
    frame_rows = [c._row(p) for p in c.pairs]
    cols = list(frame_rows[0]) if frame_rows else []
    cell = lambda v: html.escape(_fmt(v, 3) if isinstance(v, float) or v is None else str(v))  # noqa: E731
    body = "".join("<tr>" + "".join(f"<td>{cell(r[k])}</td>" for k in cols) + "</tr>" for r in frame_rows)
    sigs = "".join(f"<li>{html.escape(k)}: <code>{html.escape(v)}</code></li>"
                   for k, v in (c.pairs[0].signatures.items() if c.pairs else []))
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:right}"
            "</style></head><body>"
            f"<h1>{html.escape(title)}</h1><p>Reference: {html.escape(c.reference)}</p>"
            "<table><thead><tr>" + "".join(f"<th>{html.escape(k)}</th>" for k in cols) + "</tr></thead>"
            f"<tbody>{body}</tbody></table><ul>{sigs}</ul></body></html>\n")
