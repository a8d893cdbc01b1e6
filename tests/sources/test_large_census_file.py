"""HS2 chapters of the all-country import file add up to the country-total file, country by country.

Two real Census files (../shared/data/census-api-2013-2024/) must agree: the
all-country monthly HS2 import file and the monthly country totals. For every
country and month of 2023-2024 the sum of its chapters equals its total, to
the dollar.

The tests run everywhere on a real slice shipped with the project
(``tests/fixtures/census/``: Japan, China, Canada and Iceland, every chapter and
month, lines cut unchanged from both files; tests/fixtures/README.md says how).
One test also runs on the whole shared file, for every country and country
group there, and is skipped with a reason where ../shared is absent. How fast
the file converts is measured by ``benchmarks/bench_aggregate.py``, not here.
"""

from __future__ import annotations

import pandas as pd
import pytest
from source_helpers import FIXTURES, SHARED_CENSUS

from deficit_report.dataset.sectormap import assign_sectors, read_sector_map
from deficit_report.paths import DATA_DIR
from deficit_report.sources.aggregate import aggregate_census_csv, aggregate_census_csv_pandas
from deficit_report.sources.census import read_census_csv

SLICE_HS2 = FIXTURES / "census" / "imports_hs2_4_countries_monthly_2023_2024.csv.gz"
SLICE_TOTALS = FIXTURES / "census" / "imports_total_4_countries_monthly_2023_2024.csv"
SHARED_HS2 = SHARED_CENSUS / "imports_hs2_by_country_monthly_2023_2024.csv.gz"
SHARED_TOTALS = SHARED_CENSUS / "imports_by_country_monthly_2013_2024.csv.gz"

# Imports by country and year in whole dollars, worked out by hand with awk from the raw lines of the
# two slice files (GEN_VAL_MO is the 4th field from the end of a line; these countries' names hold no
# comma), e.g. for Iceland 2024:
#   zcat imports_hs2_4_countries_monthly_2023_2024.csv.gz | awk -F, '/,4000,ICELAND,/ && $(NF-2)==2024 {s+=$(NF-3)} END {printf "%.0f\n", s}'
#   awk -F, '$1=="4000" && $4=="2024" {s+=$3} END {printf "%.0f\n", s}' imports_total_4_countries_monthly_2023_2024.csv
# Both give 1072509439 (723 chapter rows; 12 monthly totals, January 61139841 ... December 180552647).
# Japan's two years are also in the shared folder's README (147,206.4 and 148,370.5 million).
HAND_WORKED = {
    ("1220", 2023): 418_010_321_977,  # Canada, 1,176 chapter rows
    ("1220", 2024): 411_886_683_368,  # Canada, 1,176
    ("4000", 2023): 674_037_873,  # Iceland, 678
    ("4000", 2024): 1_072_509_439,  # Iceland, 723
    ("5700", 2023): 427_246_582_836,  # China, 1,176
    ("5700", 2024): 438_741_998_078,  # China, 1,176
    ("5880", 2023): 147_206_391_795,  # Japan, 1,170
    ("5880", 2024): 148_370_517_793,  # Japan, 1,168
}
# HS 87 (vehicles and parts) imports from Japan in 2024: the twelve monthly rows of chapter 87, by awk:
#   zcat ... | awk -F, '/^87,.*,5880,JAPAN,/ && $(NF-2)==2024 {s+=$(NF-3)} END {printf "%.0f\n", s}'
JAPAN_VEHICLES_2024 = 50_339_832_713


def monthly_totals(path) -> pd.Series:
    """The country-total file as one value per (partner_code, year, month), single countries of 2023-2024."""
    totals = pd.read_csv(path, dtype=str, keep_default_na=False)
    totals = totals[totals["CTY_CODE"].str.fullmatch(r"[1-9][0-9]{3}") & totals["YEAR"].isin(["2023", "2024"])]
    return (
        totals.assign(
            partner_code=totals["CTY_CODE"],
            year=totals["YEAR"].astype("int64"),
            month=totals["MONTH"].astype("int64"),
            value_usd=totals["GEN_VAL_MO"].astype("int64"),
        )
        .set_index(["partner_code", "year", "month"])["value_usd"]
        .sort_index()
    )


@pytest.fixture(scope="module")
def sector_map():
    return read_sector_map(DATA_DIR / "sector_maps" / "hs_chapters.csv")


@pytest.fixture(scope="module")
def slice_tidy():
    return read_census_csv(SLICE_HS2)


def test_slice_chapters_add_up_to_each_country_total_every_month(slice_tidy):
    result = slice_tidy.groupby(["partner_code", "year", "month"])["value_usd"].sum().sort_index()
    expected = monthly_totals(SLICE_TOTALS)
    pd.testing.assert_series_equal(result, expected)
    assert len(expected) == 4 * 24  # four countries, every month of two years


def test_slice_chapters_and_totals_give_the_hand_worked_yearly_sums(slice_tidy):
    chapters = slice_tidy.groupby(["partner_code", "year"])["value_usd"].sum().to_dict()
    totals = monthly_totals(SLICE_TOTALS).groupby(["partner_code", "year"]).sum().to_dict()
    assert chapters == HAND_WORKED
    assert totals == HAND_WORKED


def test_duckdb_path_reconciles_the_slice_with_the_country_totals(sector_map):
    result = aggregate_census_csv(SLICE_HS2, sector_map)
    pd.testing.assert_frame_equal(result, aggregate_census_csv_pandas(SLICE_HS2, sector_map))
    assert result.groupby(["partner_code", "year"])["value_usd"].sum().to_dict() == HAND_WORKED
    by_sector = result.set_index(["sector", "partner_code", "year"])["value_usd"]
    assert by_sector[("vehicles_and_parts", "5880", 2024)] == JAPAN_VEHICLES_2024


def test_slice_chapters_assign_to_every_sector_of_the_map(slice_tidy, sector_map):
    sectors = assign_sectors(slice_tidy["hs_code"], sector_map)
    assert set(sectors) == {
        "vehicles_and_parts",
        "machinery",
        "electrical_equipment",
        "instruments",
        "pharmaceuticals",
        "all_other_goods",
    }


# What the slice cannot show: every one of the ~230 countries, and the country groups ("-", 0003 European
# Union, 1XXX North America...) that the whole file mixes in and the reader must drop.
@pytest.mark.skipif(
    not (SHARED_HS2.is_file() and SHARED_TOTALS.is_file()),
    reason=f"whole Census files not in {SHARED_CENSUS} (the shared data folder is optional); "
    "the shipped slice covers four countries",
)
def test_whole_file_chapters_add_up_to_every_country_total_every_month():
    tidy = read_census_csv(SHARED_HS2)
    assert tidy["partner_code"].str.fullmatch(r"[1-9][0-9]{3}").all()  # country groups dropped
    result = tidy.groupby(["partner_code", "year", "month"])["value_usd"].sum().sort_index()
    expected = monthly_totals(SHARED_TOTALS)
    pd.testing.assert_series_equal(result, expected)
    # every single country and month of 2023-2024: 5,560 rows of the totals file (awk: CTY_CODE
    # [1-9]NNN, YEAR 2023 or 2024; 233 countries, a few without imports in some months)
    assert len(expected) == 5560
    # The four countries of the slice come out of the whole file as they do out of the slice.
    yearly = result.groupby(["partner_code", "year"]).sum()
    assert {key: yearly[key] for key in HAND_WORKED} == HAND_WORKED
