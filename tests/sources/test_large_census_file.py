"""The all-country HS2 import file converts to the same totals as the country-total file.

Both files are real Census downloads in ../shared/data/census-api-2013-2024/
(285,711 and 36,277 rows). For every single country and month of 2023-2024,
the sum of its HS2 chapters must equal its total, to the dollar. The files are
not shipped with the project: the test is skipped where they are absent (CI
without the shared folder).
"""

from __future__ import annotations

import time

import pandas as pd
import pytest
from source_helpers import SHARED_CENSUS

from deficit_report.dataset.sectormap import assign_sectors, read_sector_map
from deficit_report.paths import DATA_DIR
from deficit_report.sources.census import read_census_csv

HS2_FILE = SHARED_CENSUS / "imports_hs2_by_country_monthly_2023_2024.csv.gz"
TOTALS_FILE = SHARED_CENSUS / "imports_by_country_monthly_2013_2024.csv.gz"

pytestmark = pytest.mark.skipif(not (HS2_FILE.exists() and TOTALS_FILE.exists()),
                                reason=f"real Census files not present in {SHARED_CENSUS} (shared data folder absent)")


@pytest.fixture(scope="module")
def hs2():
    start = time.perf_counter()
    tidy = read_census_csv(HS2_FILE)
    return tidy, time.perf_counter() - start


def test_hs2_chapters_add_up_to_each_country_total_every_month(hs2):
    tidy, _ = hs2
    result = tidy.groupby(["partner_code", "year", "month"])["value_usd"].sum()
    totals = pd.read_csv(TOTALS_FILE, dtype=str, keep_default_na=False)
    totals = totals[totals["CTY_CODE"].str.fullmatch(r"[1-9][0-9]{3}") & totals["YEAR"].isin(["2023", "2024"])]
    expected = (totals.assign(partner_code=totals["CTY_CODE"], year=totals["YEAR"].astype("int64"),
                              month=totals["MONTH"].astype("int64"), value_usd=totals["GEN_VAL_MO"].astype("int64"))
                .set_index(["partner_code", "year", "month"])["value_usd"].sort_index())
    pd.testing.assert_series_equal(result.sort_index(), expected)
    # every single country and month of 2023-2024: 5,560 rows of the totals file (awk: CTY_CODE
    # [1-9]NNN, YEAR 2023 or 2024; 233 countries, a few without imports in some months)
    assert len(expected) == 5560


def test_japan_2023_matches_the_census_page(hs2):
    tidy, _ = hs2
    japan = tidy[(tidy["partner_code"] == "5880")]
    assert japan.groupby("year")["value_usd"].sum().to_dict() == {2023: 147_206_391_795, 2024: 148_370_517_793}


def test_country_groups_are_gone_and_sectors_assign_in_one_pass(hs2):
    tidy, seconds = hs2
    assert tidy["partner_code"].str.fullmatch(r"[1-9][0-9]{3}").all()
    sectors = assign_sectors(tidy["hs_code"], read_sector_map(DATA_DIR / "sector_maps" / "hs_chapters.csv"))
    assert set(sectors) == {"vehicles_and_parts", "machinery", "electrical_equipment", "instruments",
                            "pharmaceuticals", "all_other_goods"}
    assert seconds < 30
