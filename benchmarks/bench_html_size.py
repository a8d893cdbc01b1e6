"""Goal 5: report HTML size against input size (at most 1 MB, flat within 5%).

For each input (the real 285,711-row all-country HS2 file, and the synthetic
1M- and 10M-row files of goal 4), this:

1. reduces the file with :func:`deficit_report.sources.aggregate.aggregate_census_csv`
   and the sector map of the recent run (``data/sector_maps/us_japan_recent.csv``);
2. builds a dataset folder in ``data/cache/bench/datasets/<input>/``: a copy of
   ``data/raw/us-japan-recent/`` (its real status events, sources, sectors,
   context and partner totals of exports) whose 2023 and 2024 **imports** from
   Japan (5880), by sector and in total, are replaced by the sums from that
   input, citing a source row that names the input (and says "synthetic" for
   the synthetic ones);
3. runs the report with the ``us-japan-2024`` parameters on that folder and
   records the size of ``report.html``.

Charts and tables receive only the aggregated frames (one row per sector),
so the page should not grow with the input.

Run alone: ``python benchmarks/bench_html_size.py``.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_aggregate import SIZES, synthetic_file  # noqa: E402
from common import CACHE, PYTHON, REAL_HS2_FILE, ROOT, Result, run_child  # noqa: E402

GOAL_BYTES = 1_000_000
GOAL_SPREAD = 0.05
YEARS = (2023, 2024)
SECTOR_MAP = ROOT / "data" / "sector_maps" / "us_japan_recent.csv"
BASE = ROOT / "data" / "raw" / "us-japan-recent"
CHILD = """
import sys
from pathlib import Path
from deficit_report.running.runner import run_report
from deficit_report.running.runs import load_run
run_report("bench-html", {**load_run("us-japan-2024"), "data_dir": sys.argv[1]}, output_dir=Path(sys.argv[2]))
"""


def dataset_folder(label: str, path: Path, synthetic: bool) -> Path:
    """Build the dataset folder of one input (see the module docstring)."""
    import pandas as pd

    from deficit_report.dataset.sectormap import read_sector_map
    from deficit_report.sources.aggregate import aggregate_census_csv
    from deficit_report.sources.canonical import plain_number
    from deficit_report.vocabulary import REMAINDER

    table = aggregate_census_csv(path, read_sector_map(SECTOR_MAP))
    japan = table[(table["partner_code"] == "5880") & table["year"].isin(YEARS)]
    folder = CACHE / "datasets" / label
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("context.csv", "status_events.csv", "sectors.csv", "sources.csv"):
        shutil.copy(BASE / name, folder / name)
    source_id = f"bench-{label}"
    figures = pd.read_csv(BASE / "figures.csv", dtype=str, keep_default_na=False)
    keep = ~((figures["measure"] == "imports") & figures["period"].astype(int).isin(YEARS))
    template = figures[~keep].iloc[0]
    rows = []
    for year, group in japan.groupby("year"):
        total = int(group["value_usd"].sum())
        rows.append(
            {
                **template,
                "period": str(year),
                "sector": "total",
                "value_usd_m": plain_number(total / 1e6),
                "source_id": source_id,
                "note": f"sum of all HS2 chapters in {path.name}",
            }
        )
        for r in group[group["sector"] != REMAINDER].itertuples():
            rows.append(
                {
                    **template,
                    "period": str(year),
                    "sector": r.sector,
                    "value_usd_m": plain_number(r.value_usd / 1e6),
                    "source_id": source_id,
                    "note": f"sum of its HS2 chapters in {path.name}",
                }
            )
    out = pd.concat([figures[keep], pd.DataFrame(rows)], ignore_index=True)
    out.to_csv(folder / "figures.csv", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    what = ("SYNTHETIC benchmark input, not trade data: " if synthetic else "") + path.name
    with open(folder / "sources.csv", "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                source_id,
                "deficit-report benchmarks" if synthetic else "U.S. Census Bureau",
                what,
                "2025-10-01",
                "https://api.census.gov/data/timeseries/intltrade/imports/hs",
                f"imports from Japan (5880) in {YEARS[0]} and {YEARS[1]}, summed by sector from {path.name}",
            ]
        )
    return folder


def run(runs: int = 1) -> list[Result]:
    inputs = []
    if REAL_HS2_FILE.is_file():
        inputs.append(("real-285711-rows", REAL_HS2_FILE, False, 285_711))
    inputs += [(f"synthetic-{n}-rows", synthetic_file(n), True, n) for n in SIZES]
    out = Path(tempfile.mkdtemp(prefix="bench-html-"))
    sizes = {}
    for label, path, synthetic, rows in inputs:
        folder = dataset_folder(label, path, synthetic)
        run_child([PYTHON, "-c", CHILD, str(folder), str(out / label)])
        sizes[(label, rows)] = (out / label / "bench-html" / "report.html").stat().st_size
    results = [
        Result(
            "5",
            f"report.html from {label} ({rows:,} input rows)",
            f"{size / 1e3:.1f} kB",
            f"<= {GOAL_BYTES / 1e6:.0f} MB",
            size <= GOAL_BYTES,
            runs=runs,
        )
        for (label, rows), size in sizes.items()
    ]
    values = list(sizes.values())
    spread = (max(values) - min(values)) / min(values)
    results.append(
        Result(
            "5",
            "spread of the HTML sizes across inputs",
            f"{spread:.2%}",
            f"<= {GOAL_SPREAD:.0%}",
            spread <= GOAL_SPREAD,
            note="" if REAL_HS2_FILE.is_file() else "real file absent: synthetic inputs only",
        )
    )
    return results


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    for result in run():
        print(result.what, "|", result.value, "|", result.target, result.verdict, result.note)
