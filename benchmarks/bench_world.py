"""Goals 8 and 9 (issue 22): the USA Trade Online import against DuckDB, and the world batch.

Goal 8: reading both shipped files (exports and imports by NAICS sector and country, 77,542 rows) into
canonical figures with the package (pandas, vectorised, every row checked and every name mapped)
against a DuckDB group-by that reads the same two files and sums the same values per partner, year,
sector and flow (the least any import must do). Interleaved, in this process, median of ``runs``;
goal: at most 2x.

Goal 9: ``deficit-report world`` on the shipped files, 2025 against 2024, on 2 workers: every
partner (232 reports) with ``--partners 0``, or the N partners with the largest deficit or surplus
(a slice, said so in the row). Reports the time per report and the share of the batch spent starting
kernels: the median start of a fresh kernel (``jupyter_client``, measured here ``KERNEL_STARTS``
times) times the number of reports, over the workers' busy time (workers x the reports' wall time).
Goal: every partner in at most 15 minutes.

Run alone: ``python benchmarks/bench_world.py [--runs N] [--partners N]`` (``--only import|batch``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, Result, interleaved, median, run_child  # noqa: E402

FILES = sorted((ROOT / "data" / "raw" / "usa-trade-online-naics").glob("*.csv.gz"))
IMPORT_GOAL = 2.0
BATCH_GOAL_S = 15 * 60
KERNEL_STARTS = 5
DUCKDB_SQL = """
SELECT Country, Commodity, "Time", flow, sum(CAST(replace(v, ',', '') AS BIGINT)) AS value_usd
FROM (
  SELECT Country, Commodity, "Time", 'exports' AS flow, "Total Exports Value ($US)" AS v
  FROM read_csv(?, skip=3, header=true, all_varchar=true, null_padding=true)
  UNION ALL
  SELECT Country, Commodity, "Time", 'imports' AS flow, "Customs Value (Gen) ($US)" AS v
  FROM read_csv(?, skip=3, header=true, all_varchar=true, null_padding=true)
)
WHERE Country <> 'World Total' AND "Time" NOT LIKE '% through %'
GROUP BY ALL
"""


def _package() -> int:
    from deficit_report.sources.usa_trade_online import figures_of, read_saved_files, vintage_of

    saved = read_saved_files(FILES)
    return len(figures_of(saved, vintage=vintage_of(saved)))


def _duckdb() -> int:
    import duckdb

    exports = next(str(f) for f in FILES if f.name.startswith("exports"))
    imports = next(str(f) for f in FILES if f.name.startswith("imports"))
    return len(duckdb.connect().execute(DUCKDB_SQL, [exports, imports]).fetchall())


def run_import(runs: int = 5) -> list[Result]:
    """Goal 8: the package's import of both files against DuckDB, interleaved, medians."""
    rows_package, rows_duckdb = _package(), _duckdb()  # warm: imports, disk cache; not counted

    def timed(fn):
        def go() -> float:
            start = time.perf_counter()
            fn()
            return time.perf_counter() - start

        return go

    times = interleaved(runs, duckdb=timed(_duckdb), package=timed(_package))
    duck, package = median(times["duckdb"]), median(times["package"])
    ratio = package / duck
    return [
        Result("8", f"DuckDB alone: read both USA Trade Online files and group by partner, year, sector, flow ({rows_duckdb:,} sums)", f"{duck:.3f} s", runs=runs),
        Result(
            "8",
            f"package import (read_saved_files + figures_of: layout, names, values checked; {rows_package:,} figures) / DuckDB",
            f"{package:.3f} s = {ratio:.2f}x",
            f"<= {IMPORT_GOAL:.1f}x",
            ratio <= IMPORT_GOAL,
            runs,
        ),
    ]  # fmt: skip


def kernel_start_seconds(times: int = KERNEL_STARTS) -> float:
    """Median seconds from asking for a fresh python3 kernel to its first answer (as papermill does)."""
    from jupyter_client.manager import start_new_kernel

    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3", startup_timeout=120)
        seconds.append(time.perf_counter() - start)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return median(seconds)


def largest_partners(n: int) -> list[str]:
    """The names of the ``n`` partners with the largest 2025 deficit or surplus."""
    from deficit_report.analysis.world import world_rows
    from deficit_report.sources.usa_trade_online import figures_of, read_countries, read_saved_files, vintage_of

    saved = read_saved_files(FILES)
    figures = figures_of(saved, vintage=vintage_of(saved))
    rows = world_rows(figures.assign(value_usd_m=figures["value_usd_m"].astype(float)), 2025, 2024)
    top = rows.reindex(rows["balance_usd_m"].abs().sort_values(ascending=False).index).head(n)
    names = read_countries().set_index("partner")["name"]
    return [names[p] for p in top["partner"]]


def run_batch(partners: int = 0, workers: int = 2) -> list[Result]:
    """Goal 9: ``deficit-report world`` on 2 workers (every partner with ``partners=0``, else a slice)."""
    kernel = kernel_start_seconds()
    chosen = [] if partners == 0 else largest_partners(partners)
    out = Path(tempfile.mkdtemp(prefix="bench-world-"))
    args = [str(Path(PYTHON).with_name("deficit-report")), "world", *map(str, FILES), "--year", "2025"]
    args += ["--compare", "2024", "--out", str(out), "--workers", str(workers), "--quiet"]
    for name in chosen:
        args += ["--partner", name]
    wall, peak, stdout = run_child(args)
    summary = stdout.strip().splitlines()[-1]
    count = int(re.search(r"^(\d+) partners", summary)[1])
    reports = float(re.search(r"reports ([\d.]+) s", summary)[1])
    share = count * kernel / (workers * reports)
    what = "every partner" if partners == 0 else f"a slice: the {count} partners with the largest deficit or surplus"
    projected = wall if partners == 0 else wall / count * 232
    return [
        Result(
            "9",
            f"`deficit-report world` 2025 vs 2024, {what}, {workers} workers: {count} reports",
            f"{wall:.0f} s ({wall / count:.1f} s a report), peak RSS {peak:.0f} MB",
            f"<= {BATCH_GOAL_S} s for every partner",
            (wall <= BATCH_GOAL_S) if partners == 0 else None,
            1,
            "" if partners == 0 else f"a slice; at this rate all 232 partners take about {projected / 60:.0f} min",
        ),
        Result(
            "9",
            "share of the workers' time spent starting kernels",
            f"{share:.0%} (kernel start {kernel:.2f} s, median of {KERNEL_STARTS})",
            runs=1,
            note=summary.split("(", 1)[1].split(")")[0] if "(" in summary else "",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--partners", type=int, default=0, help="0: every partner; N: the N largest")
    parser.add_argument("--only", choices=["import", "batch"])
    args = parser.parse_args()
    results = []
    if args.only in (None, "import"):
        results += run_import(args.runs)
    if args.only in (None, "batch"):
        results += run_batch(args.partners)
    for r in results:
        print(f"| {r.goal} | {r.what} | {r.value} | {r.target} | {r.verdict} | {r.runs or ''} | {r.note} |")


if __name__ == "__main__":
    main()
