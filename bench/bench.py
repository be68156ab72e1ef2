"""Benchmark of rhetoric against proselint 0.16, its scaling, comparison speed and corpus mode.

Run from the repository root: `python bench/bench.py [--quick]`. Writes bench/results.json and bench/results.md.
Every measurement of one input runs in a fresh Python process, so peak memory is that input's alone; see
bench/README.md for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "texts" / "seed.txt"
OUT = Path(__file__).resolve().parent
PROSELINT_LIMIT_S = 180.0  # proselint runs whose estimated time exceeds this are skipped (and reported so)


# ---------------------------------------------------------------- workers (run in a fresh process each)

def _rss_now() -> int:
    """Resident memory of this process now, in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak() -> int:
    """Peak resident memory of this process so far, in bytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _timed(fn, repeat: int) -> dict:  # type: ignore[no-untyped-def]
    """Best wall and CPU time of `repeat` calls, and the last result's size."""
    best_wall = best_cpu = float("inf")
    n = 0
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        n = fn()
        best_wall, best_cpu = min(best_wall, time.perf_counter() - w), min(best_cpu, time.process_time() - c)
    return {"wall_s": best_wall, "cpu_s": best_cpu, "findings": n}


def worker_rhetoric(path: str, repeat: int, jobs: int) -> dict:
    """rhetoric.analyze on one file, all categories, `jobs` processes, after import and a warm-up on the seed."""
    sys.path.insert(0, str(ROOT))
    import rhetoric

    rhetoric.analyze(SEED.read_text(encoding="utf-8"))  # loads rules and signal lexicons
    base = _rss_now()
    text = Path(path).read_text(encoding="utf-8")
    out = _timed(lambda: len(rhetoric.analyze(text, jobs=jobs)), repeat)
    # A forked worker's peak counts its copy-on-write share of this process too: an upper bound on the sum.
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {**out, "jobs": jobs, "rss_base": base, "rss_peak": _peak(), "rss_peak_worker": worker}


def worker_proselint(path: str, repeat: int, unlimited: bool) -> dict:
    """proselint's LintFile.lint on one file (all default checks), after import and a warm-up on the seed."""
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    config = dict(DEFAULT)
    if unlimited:
        config["max_errors"] = 10**9  # the default stops after 1,000 errors
    LintFile("seed", SEED.read_text(encoding="utf-8")).lint(config)
    base = _rss_now()
    text = Path(path).read_text(encoding="utf-8")
    out = _timed(lambda: len(LintFile("input", text).lint(config)), repeat)
    return {**out, "rss_base": base, "rss_peak": _peak()}


def worker_compare(pairs: int, similarity: str) -> dict:
    """compare() of two constructed versions with `pairs` sentence pairs, and its parts timed alone."""
    sys.path.insert(0, str(ROOT))
    from rhetoric.align import align, similarity_by_name
    from rhetoric.compare import compare, corpus_scores

    ref, hyp = _versions(pairs)
    out: dict = {"pairs": pairs, "similarity": similarity}
    w = time.perf_counter()
    al = align(ref, hyp, similarity_by_name(similarity))
    out["align_s"] = time.perf_counter() - w
    segments = al.segments()
    w = time.perf_counter()
    corpus_scores([h for _, h in segments], [r for r, _ in segments])
    out["sacrebleu_s"] = time.perf_counter() - w
    w = time.perf_counter()
    c = compare([("ref", ref), ("hyp", hyp)], similarity=similarity, paired_tests=False)
    out["compare_s"] = time.perf_counter() - w
    out["beads"] = len(c.pairs[0].alignment.beads)
    if pairs <= 1000:  # the paired bootstrap tests resample the whole corpus: timed on the smaller inputs only
        w = time.perf_counter()
        compare([("ref", ref), ("hyp", hyp)], similarity=similarity)
        out["compare_with_tests_s"] = time.perf_counter() - w
    return out


def worker_embed(n: int) -> dict:
    """Sentences per second of the default embedder on `n` distinct sentences (empty cache, one thread)."""
    sys.path.insert(0, str(ROOT))
    from rhetoric.embed import Embedder

    ref, hyp = _versions(n)
    sentences = sorted({s for s in (ref + "\n" + hyp).replace("\n", " ").split(". ") if s})[:n]
    emb = Embedder()
    emb.encode(["warm up"])
    w = time.perf_counter()
    emb.encode(sentences)
    wall = time.perf_counter() - w
    return {"sentences": len(sentences), "wall_s": wall, "sentences_per_s": len(sentences) / wall,
            "batch_size": emb.batch_size, "threads": emb.threads}


def worker_corpus(texts: int, num_proc: int) -> dict:
    """rhetoric.batch.analyze_corpus over `texts` bundled texts (seed, renderings, controls in turn), best of 3,
    after a warm-up call that imports datasets and loads the rules, as the analysis rows are timed."""
    sys.path.insert(0, str(ROOT))
    from rhetoric.batch import analyze_corpus

    files = [SEED, *sorted((ROOT / "data" / "translations").glob("*.txt")),
             *sorted((ROOT / "data" / "controls").glob("*.txt"))]
    bodies = [p.read_text(encoding="utf-8") for p in files]
    corpus = {f"doc{i:04d}": bodies[i % len(bodies)] for i in range(texts)}
    analyze_corpus(dict(list(corpus.items())[:num_proc * 2]), num_proc=num_proc, progress=False)
    best, rows = float("inf"), 0
    for _ in range(3):
        w = time.perf_counter()
        rows = analyze_corpus(corpus, num_proc=num_proc, progress=False).num_rows
        best = min(best, time.perf_counter() - w)
    return {"texts": texts, "num_proc": num_proc, "wall_s": best, "findings": rows,
            "mb": sum(len(t.encode("utf-8")) for t in corpus.values()) / 1e6}


def _versions(pairs: int) -> tuple[str, str]:
    """Two versions of one long text: the gold-aligned sentence pairs of the bundled renderings, cycled to
    `pairs` beads, ten beads a paragraph."""
    beads = []
    for path in sorted((ROOT / "data" / "gold" / "align").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row and row["ref"] and row["hyp"]:
                beads.append((" ".join(row["ref"]), " ".join(row["hyp"])))
    chosen = [beads[i % len(beads)] for i in range(pairs)]
    paras = [chosen[i:i + 10] for i in range(0, len(chosen), 10)]
    return ("\n\n".join(" ".join(r for r, _ in p) for p in paras),
            "\n\n".join(" ".join(h for _, h in p) for p in paras))


WORKERS = {"rhetoric": worker_rhetoric, "proselint": worker_proselint, "compare": worker_compare,
           "embed": worker_embed, "corpus": worker_corpus}


# ---------------------------------------------------------------- the driver

def fresh(kind: str, *args: object, timeout: float | None = None) -> dict | None:
    """Run one worker in a new Python process and return its JSON result (None on timeout)."""
    cmd = [sys.executable, __file__, "--worker", kind, *map(str, args)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as e:
        raise SystemExit(f"worker {kind} {args} failed:\n{e.stderr}") from None
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_seconds(cmd: list[str], repeat: int = 2) -> float:
    """Best wall time of a whole command line (start-up, reading, analysis, output to /dev/null)."""
    best = float("inf")
    for _ in range(repeat):
        w = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
        best = min(best, time.perf_counter() - w)
    return best


def inputs(folder: Path, quick: bool) -> list[tuple[str, Path]]:
    """The seed, the seed repeated 10, 100 and 1,000 times and a 50 MB input (paragraphs apart by a blank line)."""
    seed = SEED.read_text(encoding="utf-8")
    sizes = [("seed", 1), ("seed x10", 10), ("seed x100", 100)]
    if not quick:
        copies = -(-50_000_000 // len(seed.encode("utf-8")))
        sizes += [("seed x1000", 1000), (f"50 MB (seed x{copies})", copies)]
    out = []
    for name, n in sizes:
        path = folder / f"seed_x{n}.txt"
        path.write_text("\n\n".join([seed] * n), encoding="utf-8")
        out.append((name, path))
    return out


def words(path: Path) -> int:
    from rhetoric.findings import _WORD  # the tokenizer every density in rhetoric uses

    return sum(1 for _ in _WORD.finditer(path.read_text(encoding="utf-8")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000x and 50 MB inputs and 10,000 pairs")
    parser.add_argument("--keep-compare", action="store_true",
                        help="reuse the comparison and embedding figures of the previous bench/results.json")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        conv = [int(x) if x.isdigit() else (x == "True") if x in ("True", "False") else x for x in rest]
        print(json.dumps(WORKERS[kind](*conv)))
        return
    sys.path.insert(0, str(ROOT))
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "load_average_at_start": os.getloadavg()},
                     "quick": args.quick, "analyze": [], "cli": {}, "compare": [], "embed": None, "corpus": []}
    with tempfile.TemporaryDirectory() as tmp:
        files = inputs(Path(tmp), args.quick)
        prose_per_mb = None
        for name, path in files:
            mb = path.stat().st_size / 1e6
            repeat = 5 if mb < 5 else 1  # best of five: the machine may be shared
            n_words = words(path)
            row: dict = {"input": name, "mb": round(mb, 3), "words": n_words}
            r = fresh("rhetoric", path, repeat, 1)
            r2 = fresh("rhetoric", path, repeat, 2)
            assert r is not None and r2 is not None and r2["findings"] == r["findings"]
            row["rhetoric"] = {**r, "mb_per_s": mb / r["wall_s"], "words_per_s": n_words / r["wall_s"],
                               "s_per_mb": r["wall_s"] / mb, "peak_rss_mb": r["rss_peak"] / 1e6,
                               "growth_x_input": (r["rss_peak"] - r["rss_base"]) / path.stat().st_size}
            row["rhetoric_2"] = {**r2, "mb_per_s": mb / r2["wall_s"], "s_per_mb": r2["wall_s"] / mb,
                                 "peak_rss_mb": r2["rss_peak"] / 1e6, "peak_rss_worker_mb": r2["rss_peak_worker"] / 1e6}
            for mode, unlimited in (("proselint_default", False), ("proselint_whole", True)):
                estimate = prose_per_mb * mb * (1 if unlimited else 0.4) if prose_per_mb else 0.0
                if estimate > PROSELINT_LIMIT_S:
                    row[mode] = {"skipped": f"estimated {estimate:.0f} s from the smaller inputs"}
                    continue
                p = fresh("proselint", path, repeat, unlimited, timeout=PROSELINT_LIMIT_S * 2)
                if p is None:
                    row[mode] = {"skipped": f"did not finish in {PROSELINT_LIMIT_S * 2:.0f} s"}
                    continue
                row[mode] = {**p, "mb_per_s": mb / p["wall_s"], "words_per_s": n_words / p["wall_s"],
                             "peak_rss_mb": p["rss_peak"] / 1e6, "ratio": p["wall_s"] / r["wall_s"],
                             "ratio_2": p["wall_s"] / r2["wall_s"], "cpu_ratio": p["cpu_s"] / r["cpu_s"]}
                if unlimited:
                    prose_per_mb = p["wall_s"] / mb
            results["analyze"].append(row)
            # Kept until the run ends, so a long run that is interrupted still leaves its figures.
            (OUT / "results.partial.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
            print(f"{name}: rhetoric {r['wall_s']:.3f} s, 2 jobs {r2['wall_s']:.3f} s", *(f"{k} {row[k].get('wall_s', row[k].get('skipped'))}"
                  for k in ("proselint_default", "proselint_whole")), file=sys.stderr)
        mb1 = next(p for n, p in files if n == "seed x100")
        results["cli"] = {
            "input": "seed x100", "mb": round(mb1.stat().st_size / 1e6, 3),
            "rhetoric_analyze_jsonl_s": cli_seconds([sys.executable, "-m", "rhetoric", "analyze", str(mb1),
                                                     "--format", "jsonl"]),
            "rhetoric_analyze_jsonl_1_job_s": cli_seconds([sys.executable, "-m", "rhetoric", "analyze", str(mb1),
                                                           "--format", "jsonl", "--jobs", "1"]),
            "proselint_check_s": cli_seconds([str(Path(sys.executable).parent / "proselint"), "check", str(mb1)]),
        }
        results["cli"]["ratio"] = results["cli"]["proselint_check_s"] / results["cli"]["rhetoric_analyze_jsonl_s"]
    previous = json.loads((OUT / "results.json").read_text(encoding="utf-8")) if args.keep_compare else {}
    if previous:
        results["compare"], results["embed"] = previous["compare"], previous["embed"]
        results["compare_from_previous_run"] = True
    for pairs in () if previous else (100, 1000) + (() if args.quick else (10000,)):
        results["compare"].append(fresh("compare", pairs, "chrf", timeout=1800)
                                  or {"pairs": pairs, "similarity": "chrf", "skipped": "no result in 30 minutes"})
        print(f"compare {pairs} chrf done", file=sys.stderr)
    from rhetoric.embed import available

    if available() and not previous:
        for pairs in (100, 1000):
            results["compare"].append(fresh("compare", pairs, "embed"))
            print(f"compare {pairs} embed done", file=sys.stderr)
        results["embed"] = fresh("embed", 1000)
    # One and two processes in turn, three rounds, the best of each: on a shared machine the second core is
    # not always free, and runs made apart in time would compare different loads.
    rounds = [[fresh("corpus", 200, procs) for procs in (1, 2)] for _ in range(3)]
    results["corpus"] = [min((r[k] for r in rounds), key=lambda x: x["wall_s"]) for k in (0, 1)]
    results["corpus_speedup"] = results["corpus"][0]["wall_s"] / results["corpus"][1]["wall_s"]
    results["machine"]["load_average_at_end"] = os.getloadavg()
    (OUT / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (OUT / "results.partial.json").unlink(missing_ok=True)
    table = markdown(results)
    (OUT / "results.md").write_text(table, encoding="utf-8")
    print(table)


def markdown(res: dict) -> str:
    """The results as the tables bench/README.md links to."""
    lines = ["# Benchmark results", "",
             f"Python {res['machine']['python']}, {res['machine']['cpus']} CPUs; load average "
             f"{res['machine']['load_average_at_start'][0]:.1f} at the start, "
             f"{res['machine']['load_average_at_end'][0]:.1f} at the end (other work shared the machine). "
             "Times are the best of 5 runs below 5 MB, else one run; wall clock, in-process after import "
             "and a warm-up; each input in a fresh process.", "",
             "## rhetoric analyze (all categories) and proselint 0.16 on the same input", "",
             "| input | MB | words | rhetoric s | CPU s | MB/s | words/s | s per MB | peak RSS MB | growth / input "
             "| rhetoric, 2 jobs s | peak RSS MB (main / worker) | proselint (default) s | ratio "
             "| proselint (whole file) s | CPU s | ratio | ratio, 2 jobs | CPU ratio |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def prose(d: dict) -> tuple[str, str, str]:
        if "skipped" in d:
            return "skipped: " + d["skipped"], "–", "–"
        return f"{d['wall_s']:.3f}", f"{d['ratio']:.1f}×", f"{d['ratio_2']:.1f}×"

    def cpu(d: dict) -> tuple[str, str]:
        return ("–", "–") if "skipped" in d else (f"{d['cpu_s']:.3f}", f"{d['cpu_ratio']:.1f}×")

    for row in res["analyze"]:
        r, r2 = row["rhetoric"], row["rhetoric_2"]
        pd, rd, _ = prose(row["proselint_default"])
        pw, rw, rw2 = prose(row["proselint_whole"])
        pc, rc = cpu(row["proselint_whole"])
        worker = f"{r2['peak_rss_worker_mb']:.0f}" if r2["peak_rss_worker_mb"] else "none (one process)"
        lines.append(f"| {row['input']} | {row['mb']:.2f} | {row['words']:,} | {r['wall_s']:.3f} | {r['cpu_s']:.3f} | "
                     f"{r['mb_per_s']:.2f} | {r['words_per_s']:,.0f} | {r['s_per_mb']:.3f} | {r['peak_rss_mb']:.0f} | "
                     f"{r['growth_x_input']:.1f}× | {r2['wall_s']:.3f} | {r2['peak_rss_mb']:.0f} / {worker} | {pd} | {rd} "
                     f"| {pw} | {pc} | {rw} | {rw2} | {rc} |")
    rows = {row["input"]: row for row in res["analyze"]}
    big = next((row for row in res["analyze"] if row["input"].startswith("50 MB")), None)
    if big and "seed x100" in rows:
        lines += ["", f"Linearity: {big['rhetoric']['s_per_mb']:.3f} s per MB at 50 MB against "
                      f"{rows['seed x100']['rhetoric']['s_per_mb']:.3f} s per MB at 1.1 MB "
                      f"({big['rhetoric']['s_per_mb'] / rows['seed x100']['rhetoric']['s_per_mb']:.2f}×); "
                      f"peak memory growth {big['rhetoric']['growth_x_input']:.1f}× the input."]
    c = res["cli"]
    lines += ["", "## Whole commands (start-up, reading, analysis, output to /dev/null)", "",
              f"`rhetoric analyze FILE --format jsonl` {c['rhetoric_analyze_jsonl_s']:.2f} s (one process a core, "
              f"the default; {c['rhetoric_analyze_jsonl_1_job_s']:.2f} s with `--jobs 1`); "
              f"`proselint check FILE` {c['proselint_check_s']:.2f} s on {c['input']} ({c['mb']} MB): "
              f"ratio {c['ratio']:.1f}×.", "",
              "## compare (alignment + sacreBLEU)", "",
              *(["Measured in the previous run (`--keep-compare`).", ""] if res.get("compare_from_previous_run")
                else []),
              "| pairs | similarity | align s | sacreBLEU s | compare() s | compare() with paired tests s |",
              "|---|---|---|---|---|---|"]
    for r in res["compare"]:
        if "skipped" in r:
            lines.append(f"| {r['pairs']:,} | {r['similarity']} | {r['skipped']} | | | |")
            continue
        tests = f"{r['compare_with_tests_s']:.2f}" if "compare_with_tests_s" in r else "not timed"
        lines.append(f"| {r['pairs']:,} | {r['similarity']} | {r['align_s']:.2f} | {r['sacrebleu_s']:.2f} | "
                     f"{r['compare_s']:.2f} | {tests} |")
    if res["embed"]:
        e = res["embed"]
        lines += ["", f"Embedding throughput: {e['sentences_per_s']:.0f} sentences/s ({e['sentences']} sentences, "
                      f"batch {e['batch_size']}, {e['threads']} thread)."]
    lines += ["", "## Corpus mode (rhetoric.batch.analyze_corpus, 200 texts)", "",
              "| processes | s | findings |", "|---|---|---|"]
    lines += [f"| {r['num_proc']} | {r['wall_s']:.2f} | {r['findings']:,} |" for r in res["corpus"]]
    lines += ["", f"Speed-up with 2 processes: {res['corpus_speedup']:.2f}×.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
