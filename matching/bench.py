"""Benchmark of the matching pipeline: ``python -m matching.bench``.

Every cohort size runs in a fresh process (so peak memory is its own) and records:
the time of every stage and of the whole pipeline, peak resident memory, the
float32 GEMM floor of the same scoring work, greedy and (up to ``--exact-max``)
the proven optimum, (up to ``--dense-max``) the dense baseline (scipy's
``linear_sum_assignment`` on the slot-expanded full score matrix), ``suggest``
latency and re-solving after 10% of the pairs are rejected.

It also runs the cohorts of :data:`~matching.datasets.COHORTS` (what a real
sign-up looks like: blank and tags-only mentors, one dominant organisation,
Spanish-only mentees), each against its exact optimum, and the cross-language
test set of :mod:`matching.crosslingual`. The load average is recorded before
and after every run: this 2-core machine is shared, and timings follow the load.
"""

import argparse
import json
import multiprocessing
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np

from . import __version__, propose, repropose, suggest
from .assignment import dense_assign
from .constraints import language_groups, timezone_gap
from .crosslingual import evaluate as crosslingual
from .datasets import COHORTS, make_cohort, make_profiles
from .profiles import MatchSettings, cohort_arrays


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _quality(result):
    return {"matched": result.stats["matched"], "total": result.stats["total_score"]}


def gemm_floor(A, B, cohort, settings, rows_per_call=2048):
    """Seconds of plain float32 GEMMs (all BLAS threads) for the same work.

    Returns
    -------
    same_work : float
        The products the similarity stage computes: each language group's
        mentees times its mentors, ``rows_per_call`` mentee rows per GEMM.
    full : float
        ``A @ B.T`` over all mentors, the same way.
    """
    seconds = 0.0
    for group in language_groups(cohort, settings):
        rows_a = A[group.rows]
        mentors = np.ascontiguousarray(B[group.cols])
        seconds += _timed_gemm(rows_a, mentors, rows_per_call)
    return seconds, _timed_gemm(A, B, rows_per_call)


def _timed_gemm(A, B, rows_per_call):
    out = np.empty((min(rows_per_call, len(A)), len(B)), dtype=np.float32)
    start = time.perf_counter()
    for a in range(0, len(A), rows_per_call):
        block = A[a : a + rows_per_call]
        np.matmul(block, B.T, out=out[: len(block)])
    return time.perf_counter() - start


def dense_allowed(cohort, settings):
    """Dense feasibility mask of every pair, shape (n_mentees, n_mentors)."""
    allowed = (cohort.mentee_lang.astype(np.int32) @ cohort.mentor_lang.T).toarray() > 0
    if settings.cross_organisation:
        allowed &= cohort.mentee_org[:, None] != cohort.mentor_org[None, :]
    allowed &= (cohort.capacity > 0)[None, :]
    if settings.max_timezone_difference is not None:
        gap = timezone_gap(cohort.mentee_offset[:, None], cohort.mentor_offset[None, :])
        allowed &= gap <= settings.max_timezone_difference + 1e-9
    allowed[cohort.excluded[:, 0], cohort.excluded[:, 1]] = False
    return allowed


def dense_baseline(A, B, cohort, settings):
    """Full score matrix + slot-expanded Hungarian; returns figures and the pairs."""
    start = time.perf_counter()
    scores = np.clip(A @ B.T, 0, 1)
    allowed = dense_allowed(cohort, settings)
    built = time.perf_counter()
    mentor_of = dense_assign(scores, cohort.capacity, allowed)
    done = time.perf_counter()
    rows = np.flatnonzero(mentor_of >= 0)
    return {
        "seconds": done - start,
        "scoring_seconds": built - start,
        "assign_seconds": done - built,
        "matched": int(rows.size),
        "total": float(scores[rows, mentor_of[rows]].astype(np.float64).sum()),
    }


def _suggest_latency(result, mentees, queries, rng):
    index = result.index
    suggest(mentees[0], index, k=10)  # warm the index's lazy arrays
    times = []
    for i in rng.choice(len(mentees), size=min(queries, len(mentees)), replace=False):
        start = time.perf_counter()
        suggest(mentees[i], index, k=10)
        times.append(time.perf_counter() - start)
    return {
        "median_ms": 1e3 * float(np.median(times)),
        "p95_ms": 1e3 * float(np.percentile(times, 95)),
        "queries": len(times),
    }


def _resolve(result, mentees, rng):
    pairs = result.pairs
    chosen = rng.choice(len(pairs), size=len(pairs) // 10, replace=False)
    rejected = [(pairs[t].mentee_id, pairs[t].mentor_id) for t in chosen]
    start = time.perf_counter()
    again = repropose(result, rejected, mentees)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "rejected": len(rejected),
        "moved": again.stats["moved"],
        "moved_matched": again.stats["matched"],
        "stages": again.stats["seconds"],
    }


def run_cohort(kind, n_mentees, n_mentors, seed):
    """Default against the exact optimum on one kind of cohort (fresh process)."""
    mentees, mentors = make_cohort(kind, n_mentees, n_mentors, random_state=seed)
    record = {"kind": kind, "n_mentees": n_mentees, "n_mentors": n_mentors}
    record["loadavg_before"] = os.getloadavg()
    default = propose(mentees, mentors, random_state=seed)
    exact = propose(mentees, mentors, exact=True, random_state=seed)
    for name, result in (("default", default), ("exact", exact)):
        stats = result.stats
        record[name] = {
            **_quality(result),
            "seconds": stats["seconds"]["total"],
            "candidate_pairs": stats["candidate_pairs"],
            "certify_rounds": stats["certify_rounds"],
            "pricing_rounds": stats["pricing_rounds"],
            "unmatched_reasons": stats["unmatched_reasons"],
        }
    record["loadavg_after"] = os.getloadavg()
    return record


def run_size(n_mentees, n_mentors, seed, dense_max, exact_max, queries):
    """All measurements of one cohort size (call in a fresh process)."""
    rng = np.random.default_rng(seed)
    load_before = os.getloadavg()
    start = time.perf_counter()
    mentees, mentors = make_profiles(n_mentees, n_mentors, random_state=seed)
    record = {"n_mentees": n_mentees, "n_mentors": n_mentors, "seed": seed}
    record["loadavg_before"] = load_before
    record["generate_seconds"] = time.perf_counter() - start
    record["rss_before_mib"] = _rss_mib()
    result = propose(mentees, mentors, random_state=seed)
    record["peak_rss_mib"] = _peak_mib()
    record["pipeline"] = {**_quality(result), **_stage_figures(result)}
    greedy = propose(mentees, mentors, method="greedy", random_state=seed)
    record["greedy"] = {**_quality(greedy), "seconds": greedy.stats["seconds"]}
    record["suggest"] = _suggest_latency(result, mentees, queries, rng)
    record["resolve"] = _resolve(result, mentees, rng)
    A = result.index.vectorizer.transform(mentees)
    B = result.index.features
    cohort = cohort_arrays(mentees, mentors, result.settings)
    same, full = gemm_floor(A, B, cohort, result.settings)
    record["gemm_floor"] = {"same_work_seconds": same, "full_matrix_seconds": full}
    record["similarity_vs_floor"] = result.stats["seconds"]["candidates"] / same
    if n_mentees <= exact_max:
        exact = propose(mentees, mentors, exact=True, random_state=seed)
        record["exact"] = {**_quality(exact), **_stage_figures(exact)}
    if n_mentees <= dense_max:
        record["dense"] = dense_baseline(A, B, cohort, result.settings)
    record["loadavg_after"] = os.getloadavg()
    return record


def _stage_figures(result):
    stats = result.stats
    keys = ("candidate_pairs", "pricing_rounds", "certify_rounds", "unmatched_reasons")
    return {"seconds": stats["seconds"], **{k: stats[k] for k in keys}}


def _environment():
    import ortools
    import scipy
    import sklearn
    from threadpoolctl import threadpool_info

    return {
        "matching": __version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
        "ortools": ortools.__version__,
        "cpus": os.cpu_count(),
        "blas": [
            {k: i.get(k) for k in ("internal_api", "version", "num_threads")}
            for i in threadpool_info()
        ],
        "loadavg_at_start": os.getloadavg(),
        "settings": MatchSettings().__dict__ | {"excluded_pairs": []},
    }


def _optimum(record):
    for key in ("exact", "dense"):
        if key in record:
            return record[key]
    return None


def _ratios(record):
    best = _optimum(record)
    if best is None:
        return {}
    out = {}
    for key in ("pipeline", "greedy", "exact", "dense"):
        if key in record:
            out[key] = {
                "matched": record[key]["matched"] / max(best["matched"], 1),
                "total": record[key]["total"] / max(best["total"], 1e-12),
            }
    return out


def _row(record):
    seconds = record["pipeline"]["seconds"]
    ratios = record.get("vs_optimum", {})
    dense = record.get("dense")

    def pct(key, field):
        return f"{100 * ratios[key][field]:.3f}%" if key in ratios else "-"

    return [
        f"{record['n_mentees']:,} x {record['n_mentors']:,}",
        f"{seconds['total']:.2f}",
        " / ".join(
            f"{seconds.get(s, 0):.2f}"
            for s in ("features", "candidates", "assignment", "explain")
        ),
        f"{record['peak_rss_mib']:.0f}",
        f"{record['gemm_floor']['same_work_seconds']:.2f}",
        f"{record['similarity_vs_floor']:.2f}x",
        f"{dense['seconds']:.1f}" if dense else "-",
        f"{dense['seconds'] / seconds['total']:.0f}x" if dense else "-",
        f"{pct('pipeline', 'matched')} / {pct('pipeline', 'total')}",
        f"{pct('greedy', 'matched')} / {pct('greedy', 'total')}",
        f"{pct('exact', 'total')}" if "exact" in record else "-",
        f"{record['suggest']['median_ms']:.1f} / {record['suggest']['p95_ms']:.1f}",
        f"{record['resolve']['seconds']:.2f} ({record['resolve']['moved']:,} moved)",
    ]


HEADER = [
    "cohort",
    "pipeline s",
    "features / candidates / assign / explain s",
    "peak MiB",
    "GEMM floor s",
    "similarity / floor",
    "dense s",
    "speed-up",
    "default vs optimum (matched / total)",
    "greedy vs optimum",
    "exact vs optimum",
    "suggest ms (median / p95)",
    "re-solve 10% s",
]


COHORT_HEADER = [
    "cohort",
    "size",
    "matched: default / optimum",
    "score vs optimum",
    "default s",
    "exact s",
    "unmatched (default)",
    "load avg (1 min) before / after",
]


def _load(record):
    return f"{record['loadavg_before'][0]:.1f} / {record['loadavg_after'][0]:.1f}"


def _cohort_row(record):
    default, exact = record["default"], record["exact"]
    reasons = ", ".join(f"{k} {v:,}" for k, v in default["unmatched_reasons"].items())
    return [
        record["kind"],
        f"{record['n_mentees']:,} x {record['n_mentors']:,}",
        f"{default['matched']:,} / {exact['matched']:,}",
        f"{100 * default['total'] / max(exact['total'], 1e-12):.3f}%",
        f"{default['seconds']:.2f}",
        f"{exact['seconds']:.2f}",
        reasons or "-",
        _load(record),
    ]


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _crosslingual_table(result):
    rows = [
        [
            language,
            f"{c['top1']} / {c['n']}",
            f"{c['top5']} / {c['n']}",
        ]
        for language, c in result["by_language"].items()
    ]
    n = result["n_goals"]
    rows.append(["all", f"**{result['top1']} / {n}**", f"**{result['top5']} / {n}**"])
    header = ["goal language", "intended mentor first", "in the top 5"]
    return _table(header, rows)


def markdown(report):
    """The figures tables of a benchmark report, as Markdown."""
    out = []
    if report["runs"]:
        rows = [_row(r) + [_load(r)] for r in report["runs"]]
        out.append(_table(HEADER + ["load avg (1 min) before / after"], rows))
    if report.get("cohorts"):
        out.append(_table(COHORT_HEADER, [_cohort_row(r) for r in report["cohorts"]]))
    if report.get("crosslingual"):
        out.append(_crosslingual_table(report["crosslingual"]))
    return "\n".join(out)


def _parse_sizes(text):
    sizes = []
    for item in filter(None, text.split(",")):
        mentees, mentors = item.lower().split("x")
        sizes.append((int(mentees), int(mentors)))
    return sizes


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m matching.bench", description=__doc__
    )
    parser.add_argument("--sizes", default="5000x2500,20000x10000,100000x50000")
    parser.add_argument("--dense-max", type=int, default=20000)
    parser.add_argument("--exact-max", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cohorts", default=",".join(COHORTS))
    parser.add_argument("--cohort-sizes", default="2000x1000,10000x5000")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    args = parser.parse_args(argv)
    report = {"command": "python -m matching.bench " + " ".join(argv or [])}
    report["environment"] = _environment()
    report["runs"], report["cohorts"] = [], []
    context = multiprocessing.get_context("spawn")
    report["crosslingual"] = crosslingual(seed=0)
    print(json.dumps(report["crosslingual"]), flush=True)
    for n_mentees, n_mentors in _parse_sizes(args.cohort_sizes):
        for kind in filter(None, args.cohorts.split(",")):
            with context.Pool(1) as pool:
                params = (kind, n_mentees, n_mentors, args.seed)
                record = pool.apply(run_cohort, params)
            report["cohorts"].append(record)
            print(json.dumps(record, default=float), flush=True)
    for n_mentees, n_mentors in _parse_sizes(args.sizes):
        with context.Pool(1) as pool:
            params = (n_mentees, n_mentors, args.seed, args.dense_max, args.exact_max)
            record = pool.apply(run_size, (*params, args.queries))
        record["vs_optimum"] = _ratios(record)
        report["runs"].append(record)
        print(json.dumps(record, default=float), flush=True)
    table = markdown(report)
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, default=float))
        args.out.with_suffix(".md").write_text(table)
    return report


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
