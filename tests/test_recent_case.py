"""The recent U.S.-Japan run (us-japan-2024): Census data, imports by sector, 2025 status.

Expected values are summed here straight from the saved Census rows with the csv module
(independently of the package), and checked against the totals the Census data README and
SOURCE_FORMATS.md quote: imports 147,206.4 (2023) and 148,370.5 (2024) million USD;
2023 exports 75,794,402,717 USD.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from deficit_report.analysis.report import open_report
from deficit_report.paths import RAW_DIR
from deficit_report.running.runs import load_run

CENSUS = RAW_DIR / "census-japan"


def monthly_sum(name: str, value: str, chapters: tuple[str, ...] | None = None) -> dict[int, float]:
    """Sum a saved Census file by year, in millions of USD (optionally only some HS chapters)."""
    sums: dict[int, int] = defaultdict(int)
    with open(CENSUS / name, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if chapters is None or row["I_COMMODITY"] in chapters:
                sums[int(row["YEAR"])] += int(row[value])
    return {year: dollars / 1e6 for year, dollars in sums.items()}


IMPORTS = monthly_sum("imports_japan_monthly_2013_2024.csv", "GEN_VAL_MO")
EXPORTS = monthly_sum("exports_japan_monthly_2013_2024.csv", "ALL_VAL_MO")
VEHICLES = monthly_sum("imports_hs2_japan_monthly_2023_2024.csv", "GEN_VAL_MO", ("87",))


@pytest.fixture(scope="module")
def report():
    return open_report(**load_run("us-japan-2024"))


def test_saved_rows_match_the_published_totals():
    assert round(IMPORTS[2023], 1) == 147206.4 and round(IMPORTS[2024], 1) == 148370.5
    assert EXPORTS[2023] == pytest.approx(75794.402717)
    assert len(IMPORTS) == len(EXPORTS) == 12  # 2013-2024


def test_headline_balance_is_exports_minus_imports(report):
    headline = report.headline().set_index("item")
    assert headline.loc["2023 balance", "value_usd_m"] == pytest.approx(EXPORTS[2023] - IMPORTS[2023])  # -71.4 bn
    assert headline.loc["2024 balance", "value_usd_m"] == pytest.approx(EXPORTS[2024] - IMPORTS[2024])
    assert headline.loc["2024 imports", "value_usd_m"] == pytest.approx(IMPORTS[2024])
    assert headline.loc["2024 balance", "method"] == "exports - imports"


def test_import_composition(report):
    comp = report.composition().set_index("sector")
    assert comp.loc["vehicles_and_parts", "share"] == pytest.approx(VEHICLES[2024] / IMPORTS[2024])  # 33.9%
    assert round(comp.loc["vehicles_and_parts", "share"] * 100, 1) == 33.9
    assert comp.loc[comp["counted"], "share"].sum() == pytest.approx(1.0)
    # The remainder by hand: the 2024 rows of imports_hs2_japan_monthly_2023_2024.csv in chapters
    # outside 01-24, 30, 72, 73, 76, 84, 85, 87 and 90 sum to 24,813,916,005 dollars (awk over the
    # file); 24,813.9 / 148,370.5 = 16.7%.
    assert comp.loc["all_other_goods", "value_usd_m"] == pytest.approx(24813.916005)
    assert round(comp.loc["all_other_goods", "share"] * 100, 1) == 16.7
    assert comp.loc["semiconductors", "figure_note"] == "no figure: inside electrical_equipment"
    assert comp.loc["passenger_vehicles", "figure_note"] == "counted in vehicles_and_parts"


def test_the_report_says_there_are_no_sector_exports(report):
    assert (
        "Exports by sector in 2024: no figures in this data (so no sector balance can be computed, and none is shown)."
    ) in report.data_notes()


def test_status_as_of_30_september_2025(report):
    status = report.status().set_index("sector")["status"]
    assert status["passenger_vehicles"] == status["auto_parts"] == "agreed"  # 15% from 2025-09-16
    # Both children agreed, but HS 8703 and 8708 are only part of HS 87 (trucks, buses, motorcycles have no
    # event of their own): the chapter is mixed, never wholly agreed (issue 20).
    assert status["vehicles_and_parts"] == "mixed"
    assert status["steel"] == status["aluminum"] == "stalled"  # left out of the July 2025 framework
    assert status["electrical_equipment"] == ""  # no event of its own, no children


STEEL_ALUMINUM = monthly_sum("imports_hs2_japan_monthly_2023_2024.csv", "GEN_VAL_MO", ("72", "73", "76"))


def test_coverage_bounds_count_the_blocks_that_hold_sectors_without_figures(report):
    # Shares of 2024 imports summed from the saved Census chapters (data/sector_maps/us_japan_recent.csv:
    # steel 72-73, aluminum 76), not from the report's own composition, so a wrong composition cannot
    # hide a wrong coverage.
    metals = STEEL_ALUMINUM[2024] / IMPORTS[2024]
    cov = report.coverage().set_index("group")
    # The 15% all-in baseline (agreed, all goods) covers every block wholly; steel and aluminum are stalled
    # by their own events and may be either: agreed holds all but the metals at least, everything at most.
    assert cov.loc["within reach or agreed", "share_at_least"] == pytest.approx(1 - metals)
    assert cov.loc["within reach or agreed", "share_at_most"] == pytest.approx(1.0)
    assert cov.loc[["stalled"], ["share_at_least", "share_at_most"]].values.tolist() == [[0.0, pytest.approx(metals)]]
    assert "no status" not in cov.index


def test_contributions_of_imports_add_up(report):
    contrib = report.contributions()
    assert contrib["change_usd_m"].sum() == pytest.approx(IMPORTS[2024] - IMPORTS[2023])
    # The remainder by hand (awk over the HS2 file, chapters outside the sectors' map):
    # 2024 24,813,916,005 - 2023 25,494,848,744 = -680,932,739 dollars.
    assert contrib.set_index("sector").loc["all_other_goods", "change_usd_m"] == pytest.approx(-680.932739)
    vehicles = contrib.set_index("sector").loc["vehicles_and_parts", "change_usd_m"]
    assert vehicles == pytest.approx(VEHICLES[2024] - VEHICLES[2023])
