"""Canonical figures from saved Census files (extracts in the API's own columns).

The recent U.S.-Japan run uses Census data saved as CSV rather than pulled
live: partner totals of imports and exports by month, and imports by HS
chapter by month. :func:`figures_from_census_files` turns them into the
canonical figures table with the same functions ``deficit-report fetch``
uses, so a saved extract and a live pull give the same table.

``python scripts/build_us_japan_recent.py`` (a developer's script, not part of the installed
package) rebuilds
``data/raw/us-japan-recent/figures.csv`` from ``data/raw/census-japan/``; a
test checks that the committed file equals the rebuilt one, so no figure in it
can be edited by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from deficit_report.dataset.schemas import TOTAL
from deficit_report.dataset.sectormap import read_sector_map
from deficit_report.paths import DATA_DIR, RAW_DIR
from deficit_report.sources.canonical import figures_from_tidy
from deficit_report.sources.census import FLOWS, read_census_csv

#: The recent U.S.-Japan dataset: which saved file gives which figures, and its source id.
US_JAPAN_RECENT = {
    "partner_code": "5880",
    "partner": "JPN",
    "vintage": "census_2025_revision",
    "totals": {
        "census-japan/imports_japan_monthly_2013_2024.csv": "census-imports-japan-2013-2024",
        "census-japan/exports_japan_monthly_2013_2024.csv": "census-exports-japan-2013-2024",
    },
    "chapters": {"census-japan/imports_hs2_japan_monthly_2023_2024.csv": "census-imports-hs2-japan-2023-2024"},
    "sector_map": "sector_maps/us_japan_recent.csv",
    "out": "us-japan-recent/figures.csv",
}


def _one_partner(tidy: pd.DataFrame, partner_code: str) -> pd.DataFrame:
    return tidy[tidy["partner_code"] == partner_code]


def figures_from_census_files(
    totals: dict[Path, str],
    chapters: dict[Path, str],
    sector_map: pd.DataFrame,
    *,
    partner_code: str,
    partner: str,
    vintage: str,
) -> pd.DataFrame:
    """Build canonical figures: partner totals from total files, sectors from chapter files.

    Parameters
    ----------
    totals : dict of Path to str
        Files of partner totals by month (no commodity column) -> their source id.
    chapters : dict of Path to str
        Files by HS code and month -> their source id. Only their sector
        figures are kept: the partner total comes from ``totals``.
    sector_map : pandas.DataFrame
        From :func:`deficit_report.dataset.sectormap.read_sector_map`.
    partner_code, partner : str
        The Census country code (``5880``) and the code written in the table (``JPN``).
    vintage : str
        The figures' vintage.
    """
    frames = []
    for files, keep_totals in ((totals, True), (chapters, False)):
        for path, source_id in files.items():
            tidy = _one_partner(read_census_csv(path), partner_code)
            basis = {m: FLOWS[m]["basis"] for m in FLOWS}
            years = {int(y): source_id for y in tidy["year"].unique()}
            figures = figures_from_tidy(
                tidy,
                sector_map,
                reporter="USA",
                partner=partner,
                basis=basis,
                vintage=vintage,
                source_ids=years,
                level="HS2",
            )
            frames.append(figures[(figures["sector"] == TOTAL) == keep_totals])
    result = pd.concat(frames, ignore_index=True)
    return result.sort_values(["period", "sector", "measure"], kind="stable").reset_index(drop=True)


def build(recipe: dict = US_JAPAN_RECENT, raw_dir: Path = RAW_DIR, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Build the figures a recipe describes (see :data:`US_JAPAN_RECENT`)."""
    return figures_from_census_files(
        {raw_dir / f: s for f, s in recipe["totals"].items()},
        {raw_dir / f: s for f, s in recipe["chapters"].items()},
        read_sector_map(data_dir / recipe["sector_map"]),
        partner_code=recipe["partner_code"],
        partner=recipe["partner"],
        vintage=recipe["vintage"],
    )


def to_csv_text(figures: pd.DataFrame) -> str:
    """Write figures as the CSV text stored in a dataset folder (plain decimals, LF line ends)."""
    return figures.to_csv(index=False, lineterminator="\n", float_format=lambda v: f"{v:.6f}".rstrip("0").rstrip("."))


if __name__ == "__main__":
    target = RAW_DIR / US_JAPAN_RECENT["out"]
    target.write_text(to_csv_text(build()), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
