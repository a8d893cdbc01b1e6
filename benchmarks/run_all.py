"""Run every benchmark, print the results table and write docs/benchmarks.md.

    python benchmarks/run_all.py              # all goals (what `make bench` runs), a few minutes
    python benchmarks/run_all.py --only 3 6   # some goals
    python benchmarks/run_all.py --quick      # fewer runs each, for trying the scripts out
    python benchmarks/run_all.py --compare-ref main   # also goal 1 with the package as it is at a git ref

Speed is measured here, never by timed tests. Absolute times depend on the
machine (and on whatever else runs on it); the goals are ratios measured in
the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_aggregate  # noqa: E402
import bench_batch  # noqa: E402
import bench_dask  # noqa: E402
import bench_html_size  # noqa: E402
import bench_import  # noqa: E402
import bench_report  # noqa: E402
import bench_world  # noqa: E402
from common import ROOT, Result, machine  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
GOALS = {
    "1": ("Default report against the floor", lambda q: bench_report.run(2 if q else 5)),
    "2": ("Batch of 8 reports, 2 workers against 1", lambda q: bench_batch.run(1 if q else 3)),
    "3": ("Real all-country HS2 file against DuckDB", lambda q: bench_aggregate.run_vs_duckdb(2 if q else 5)),
    "4": ("Scale: synthetic 1M and 10M rows", lambda q: bench_aggregate.run_scale(1 if q else 3, 1 if q else 2)),
    "5": ("Report HTML size against input size", lambda q: bench_html_size.run()),
    "6": ("Import time", lambda q: bench_import.run(3 if q else 7)),
    "7": (
        "Batch of 8 reports on a two-worker Dask LocalCluster against the pool",
        lambda q: bench_dask.run(1 if q else 3),
    ),
    "8": ("USA Trade Online import of both files against DuckDB", lambda q: bench_world.run_import(2 if q else 5)),
    # A slice of the 20 largest partners by default: every partner (232 reports) takes long on a shared
    # machine; `python benchmarks/bench_world.py --only batch --partners 0` runs them all.
    "9": ("World batch on 2 workers", lambda q: bench_world.run_batch(5 if q else 20)),
}
COMMANDS = {
    "1": "python benchmarks/bench_report.py --runs 5",
    "2": "python benchmarks/bench_batch.py --runs 3",
    "3": "python benchmarks/bench_aggregate.py --runs 5",
    "4": "python benchmarks/bench_aggregate.py --runs 3",
    "5": "python benchmarks/bench_html_size.py",
    "6": "python benchmarks/bench_import.py --runs 7",
    "7": "python benchmarks/bench_dask.py --runs 3",
    "8": "python benchmarks/bench_world.py --only import --runs 5",
    "9": "python benchmarks/bench_world.py --only batch --partners 20",
}


def table(results: list[Result]) -> str:
    lines = ["| goal | measured | result | target | verdict | runs | note |", "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.goal} | {r.what} | {r.value} | {r.target} | {r.verdict} | {r.runs or ''} | {r.note} |")
    return "\n".join(lines)


def steps_table(results: list[Result]) -> str:
    steps = {r.what.split(":")[0].split(" (")[0]: r.details["steps"] for r in results if "steps" in r.details}
    if not steps:
        return ""
    names = list(steps)
    keys = list(next(iter(steps.values())))
    lines = ["| step (median) | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in keys:
        cells = [
            f"{steps[n][key]:.0f}" if key in ("html bytes", "code cells") else f"{steps[n][key]:.2f} s" for n in names
        ]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def export_ref(ref: str) -> Path:
    """Extract the tree of a git ref (code and data) into a temporary folder."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    folder = Path(tempfile.mkdtemp(prefix=f"bench-ref-{ref.replace('/', '-')}-"))
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=sorted(GOALS), help="run only these goals")
    parser.add_argument("--quick", action="store_true", help="fewer runs each (numbers not for the record)")
    parser.add_argument(
        "--compare-ref",
        metavar="REF",
        help="also run goal 1 with the package as at git REF (e.g. main), to measure a change",
    )
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    info = machine()
    started = time.perf_counter()
    results: list[Result] = []
    for goal in args.only or sorted(GOALS):
        title, run = GOALS[goal]
        print(f"== goal {goal}: {title} ...", flush=True)
        t0 = time.perf_counter()
        got = run(args.quick)
        for r in got:
            print(f"   {r.what}: {r.value} {r.target} {r.verdict} {r.note}", flush=True)
        print(f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
        results += got
    before: list[Result] = []
    if args.compare_ref:
        print(f"== goal 1 with the package at {args.compare_ref} ...", flush=True)
        tree = export_ref(args.compare_ref)
        before = bench_report.run(2 if args.quick else 5, env={"PYTHONPATH": str(tree / "src")})
        for r in before:
            r.what = f"[{args.compare_ref}] {r.what}"
    elapsed = time.perf_counter() - started
    print()
    print(table(results + before))
    print(f"\n{elapsed:.0f} s in all")
    if not args.no_doc and not args.quick:
        write_doc(results, before, info, elapsed, args)
        print(f"written: {DOC.relative_to(ROOT)}")
    return 0


def write_doc(results: list[Result], before: list[Result], info: dict, elapsed: float, args) -> None:
    packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    goals = args.only or sorted(GOALS)
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python benchmarks/run_all.py`); the text around the tables is in",
        "`benchmarks/benchmarks_notes.md`. Speed is measured by these scripts, never by timed tests.",
        "",
        "## Machine",
        "",
        f"- {info['cores']} cores ({info['cpu']}), {info['ram_gib']} GiB RAM, {info['os']}",
        f"- Python {info['python']}; {packages}",
        f"- load average when the run started: {info['load_at_start']} (other work on the machine slows both",
        "  sides of a ratio alike, since the two sides alternate; absolute times move more)",
        f"- whole run: {elapsed:.0f} s",
        "",
        "## Commands",
        "",
        "```sh",
        "make bench          # = .venv/bin/python benchmarks/run_all.py",
        *[f"{COMMANDS[g]:<48s}# goal {g}" for g in goals],
        *(
            [f"{'python benchmarks/run_all.py --compare-ref ' + args.compare_ref:<48s}# the [{args.compare_ref}] rows"]
            if args.compare_ref
            else []
        ),
        "```",
        "",
        "## Results",
        "",
        "Each time is the median of the runs shown; each ratio is of two medians from the same run.",
        "",
        table(results),
        "",
    ]
    steps = steps_table(results + before)
    if steps:
        parts += [
            "### Goal 1: where the time goes",
            "",
            "Medians over the runs above, from each run's `manifest.json` and papermill's per-cell durations.",
            "",
            steps,
            "",
        ]
    if before:
        parts += [f"### Goal 1 with the package as at `{args.compare_ref}` (same run)", "", table(before), ""]
    notes = Path(__file__).with_name("benchmarks_notes.md")
    if notes.is_file():
        parts += [notes.read_text(encoding="utf-8").rstrip(), ""]
    DOC.write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
