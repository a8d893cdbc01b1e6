"""The DuckDB path for large Census files gives exactly the pandas path's table."""

from __future__ import annotations

import pandas as pd
import pytest

from deficit_report.dataset.sectormap import read_sector_map
from deficit_report.errors import UserInputError
from deficit_report.paths import DATA_DIR, RAW_DIR
from deficit_report.sources.aggregate import aggregate_census_csv, aggregate_census_csv_pandas

JAPAN = RAW_DIR / "census-japan" / "imports_hs2_japan_monthly_2023_2024.csv"
# Real rows of the all-country file (imports_hs2_by_country_monthly_2023_2024.csv.gz, January 2024):
# country groups (0003 European Union, 1XXX North America) that must be dropped, and single countries
# whose codes end in zeros (4000 Iceland, 5700 China) that must be kept.
OTHER_ROWS = """\
27,"MINERAL FUEL, OIL ETC.; BITUMIN SUBST; MINERAL WAX",0003,EUROPEAN UNION,660053648,2024,01,HS2
30,PHARMACEUTICAL PRODUCTS,0003,EUROPEAN UNION,9203780583,2024,01,HS2
87,"VEHICLES, EXCEPT RAILWAY OR TRAMWAY, AND PARTS ETC",1XXX,NORTH AMERICA,14388625837,2024,01,HS2
30,PHARMACEUTICAL PRODUCTS,4000,ICELAND,598341,2024,01,HS2
87,"VEHICLES, EXCEPT RAILWAY OR TRAMWAY, AND PARTS ETC",4000,ICELAND,21831,2024,01,HS2
27,"MINERAL FUEL, OIL ETC.; BITUMIN SUBST; MINERAL WAX",5700,CHINA,16851591,2024,01,HS2
30,PHARMACEUTICAL PRODUCTS,5700,CHINA,762981726,2024,01,HS2
87,"VEHICLES, EXCEPT RAILWAY OR TRAMWAY, AND PARTS ETC",5700,CHINA,1404382647,2024,01,HS2
"""


@pytest.fixture(scope="module")
def sector_map():
    return read_sector_map(DATA_DIR / "sector_maps" / "hs_chapters.csv")


@pytest.fixture()
def fixture_file(tmp_path):
    path = tmp_path / "imports_hs2_real_rows.csv"
    path.write_text(JAPAN.read_text(encoding="utf-8") + OTHER_ROWS, encoding="utf-8")
    return path


def test_duckdb_path_equals_pandas_path_on_real_rows(fixture_file, sector_map):
    expected = aggregate_census_csv_pandas(fixture_file, sector_map)
    result = aggregate_census_csv(fixture_file, sector_map)
    pd.testing.assert_frame_equal(result, expected)
    assert set(result["partner_code"]) == {"5880", "4000", "5700"}  # groups dropped


def test_duckdb_path_sums_japan_vehicles_like_the_census_rows(sector_map):
    # HS 87 imports from Japan in 2024, summed straight from the twelve monthly rows of the file.
    rows = pd.read_csv(JAPAN, dtype=str)
    expected = rows.query("I_COMMODITY == '87' and YEAR == '2024'")["GEN_VAL_MO"].astype("int64").sum()
    result = aggregate_census_csv(JAPAN, sector_map).set_index(["sector", "year"])["value_usd"]
    assert result[("vehicles_and_parts", 2024)] == expected


def test_duckdb_path_reads_gzip_like_plain(fixture_file, sector_map, tmp_path):
    import gzip

    packed = tmp_path / "rows.csv.gz"
    packed.write_bytes(gzip.compress(fixture_file.read_bytes()))
    pd.testing.assert_frame_equal(
        aggregate_census_csv(packed, sector_map), aggregate_census_csv(fixture_file, sector_map)
    )


def test_duckdb_path_rejects_a_value_that_is_not_whole_dollars(fixture_file, sector_map):
    text = fixture_file.read_text(encoding="utf-8").replace(",45959,", ",45.959,", 1)
    fixture_file.write_text(text, encoding="utf-8")
    with pytest.raises(UserInputError, match="whole dollars as digits"):
        aggregate_census_csv(fixture_file, sector_map)
    with pytest.raises(UserInputError, match="whole dollars as digits"):
        aggregate_census_csv_pandas(fixture_file, sector_map)


def test_duckdb_path_names_a_missing_file(tmp_path, sector_map):
    with pytest.raises(UserInputError, match="file not found"):
        aggregate_census_csv(tmp_path / "absent.csv", sector_map)
