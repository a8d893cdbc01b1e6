"""USA Trade Online files -> canonical figures (issue 22): layout, country names, year-to-date periods, bad input.

Expected values are read from the shipped files by hand (zcat | awk), never from the importer's output.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from deficit_report.cli import main
from deficit_report.paths import PROJECT_ROOT, RAW_DIR
from deficit_report.sources.usa_trade_online import COUNTRY_TABLE, import_usa_trade_online, read_countries

FOLDER = RAW_DIR / "usa-trade-online-naics"
EXPORTS = FOLDER / "exports_naics3_by_country_2020_2026m01.csv.gz"
IMPORTS = FOLDER / "imports_naics3_by_country_2020_2026m01.csv.gz"


@pytest.fixture(scope="module")
def japan(tmp_path_factory):
    out = tmp_path_factory.mktemp("japan")
    result = import_usa_trade_online([EXPORTS, IMPORTS], out_dir=out, partner="Japan")
    return pd.read_csv(out / "figures.csv", dtype={"value_usd_m": str}), result.lines, out


def value(figures, year, sector, measure):
    row = figures[(figures["period"] == year) & (figures["sector"] == sector) & (figures["measure"] == measure)]
    assert len(row) == 1, (year, sector, measure)
    return float(row["value_usd_m"].iloc[0])


def test_japan_2023_totals_equal_the_census_api_files(japan):
    # README of the shared folder: Japan 2023 exports 75,794.4 and imports 147,206.4 million USD, equal to
    # the Census API files (data/raw/census-japan: 147,206,391,795 dollars of imports in 2023).
    figures, _, _ = japan
    assert round(value(figures, 2023, "total", "exports"), 1) == 75794.4
    assert value(figures, 2023, "total", "imports") == 147206.391795
    assert set(figures["partner"]) == {"JPN"}


def test_a_2025_sector_value_worked_from_the_file_by_awk(japan):
    # zcat data/raw/usa-trade-online-naics/imports_naics3_by_country_2020_2026m01.csv.gz |
    #   awk -F'","' '$2 ~ /^336 / && $3=="Japan" && $4=="2025" {gsub(/[",]/,"",$5); print $5}'
    # -> 52669977786 dollars; exports (unquoted line): grep '^All States,336 Transportation Equipment,Japan,2025,'
    # -> "9,241,195,616". So the 2025 sector balance is 9,241.195616 - 52,669.977786 = -43,428.8 million.
    figures, _, _ = japan
    assert value(figures, 2025, "naics_336", "imports") == 52669.977786
    assert value(figures, 2025, "naics_336", "exports") == 9241.195616


def test_a_year_to_date_period_is_not_written_as_a_year_and_the_import_says_why(japan):
    figures, lines, _ = japan
    assert sorted(set(figures["period"])) == [2020, 2021, 2022, 2023, 2024, 2025]
    said = [line for line in lines if "January 2026" in line]
    assert len(said) == 2 and all("not a year" in s and "no January 2025" in s for s in said)


def test_every_partner_name_in_both_files_is_in_the_country_table_once():
    names = set()
    for path in (EXPORTS, IMPORTS):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))[4:]
        names |= {row[2] for row in rows}
    names.discard("World Total")
    table = read_countries()
    assert len(names) == 234
    assert names == set(table["name"])
    assert table["cty_code"].is_unique and table["partner"].is_unique
    assert table["cty_code"].str.fullmatch(r"[1-9]\d{3}").all()


@pytest.mark.parametrize(
    ("name", "code", "iso"),
    # Census Schedule C codes, as in the API's CTY_CODE/CTY_NAME pairs (data/raw/census-*/ files: Japan 5880,
    # China 5700); Korea, South 5800 and Congo (Kinshasa) 7660 from the same list; Kosovo has no ISO code.
    [("Japan", "5880", "JPN"), ("China", "5700", "CHN"), ("Korea, South", "5800", "KOR"),
     ("Democratic Republic of Congo", "7660", "COD"), ("Kosovo", "4803", "CTY4803")],
)  # fmt: skip
def test_names_map_to_their_census_code(name, code, iso):
    row = read_countries().set_index("name").loc[name]
    assert (row["cty_code"], row["partner"]) == (code, iso)


def test_partners_sum_to_world_total_and_sectors_to_all_commodities(tmp_path):
    # README: "partners sum to World Total and sectors sum to All Commodities" (checked here on the
    # canonical figures of every partner, 2024 imports).
    import_usa_trade_online([IMPORTS], out_dir=tmp_path)
    figures = pd.read_csv(tmp_path / "figures.csv")
    year = figures[(figures["period"] == 2024) & (figures["measure"] == "imports")]
    totals = year[year["sector"] == "total"].set_index("partner")["value_usd_m"]
    sectors = year[year["sector"] != "total"].groupby("partner")["value_usd_m"].sum()
    assert (sectors.reindex(totals.index, fill_value=0) - totals).abs().max() < 1e-6
    with gzip.open(IMPORTS, "rt", encoding="utf-8") as fh:
        world = next(r for r in csv.reader(fh) if r[1:4] == ["All Commodities", "World Total", "2024"])
    assert abs(totals.sum() - int(world[4].replace(",", "")) / 1e6) < 1e-3


def test_named_runs_data_equal_a_rebuild(tmp_path):
    # The three 2025 datasets are built, not edited (their README gives the command).
    for slug, name in (("japan", "Japan"), ("china", "China"), ("korea", "Korea, South")):
        out = tmp_path / slug
        import_usa_trade_online([EXPORTS, IMPORTS], out_dir=out, partner=name)
        for table in ("figures.csv", "sectors.csv", "sources.csv", "context.csv", "status_events.csv"):
            assert (out / table).read_bytes() == (RAW_DIR / f"us-{slug}-2025" / table).read_bytes(), (slug, table)


def small_file(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "imports.csv"
    path.write_text(
        '"State Imports by NAICS Commodities"\n"Current date: 03/15/2026 5:03 PM"\n"Measures: Customs Value (Gen) ($US)"\n'
        '"State","Commodity","Country","Time","Customs Value (Gen) ($US)",\n'
        '"All States","336 Transportation Equipment","Japan","2025","1,000",\n' + line,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ('"All States","336 Transportation Equipment","Atlantis","2025","1,000",\n', "Country", "partner name"),
        ('"All States","336 Transportation Equipment","Japan","2024","1,000.5",\n', "Customs Value", "whole dollars"),
        ('"All States","336 Transportation Equipment","Japan","2026 through Jan","1,000",\n', "Time", "2025"),
        ('"Ohio","336 Transportation Equipment","Japan","2024","1,000",\n', "State", "All States"),
    ],
)
def test_bad_input_names_file_line_and_column_and_writes_nothing(tmp_path, capsys, line, column, expected):
    path = small_file(tmp_path, line)
    out = tmp_path / "out"
    status = main(["import", "usa-trade-online", str(path), "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert len(err.splitlines()) == 1
    assert re.search(rf"imports\.csv, line 6, column '{re.escape(column)}", err), err
    assert expected in err
    assert not out.exists()


def test_an_existing_figure_with_another_value_is_not_overwritten(tmp_path, capsys):
    path = small_file(tmp_path, "")
    out = tmp_path / "out"
    assert main(["import", "usa-trade-online", str(path), "--out", str(out)]) == 0
    before = (out / "figures.csv").read_bytes()
    path.write_text(path.read_text().replace('"1,000"', '"2,000"'))
    assert main(["import", "usa-trade-online", str(path), "--out", str(out)]) == 2
    assert "nothing was overwritten" in capsys.readouterr().err
    assert (out / "figures.csv").read_bytes() == before


def test_country_table_says_where_it_comes_from():
    readme = (COUNTRY_TABLE.parent / "README.md").read_text(encoding="utf-8")
    assert "CTY_NAME" in readme and "pycountry" in readme
    assert io.StringIO(COUNTRY_TABLE.read_text(encoding="utf-8")).readline().strip() == (
        "name,cty_code,census_name,iso3,note"
    )
    assert PROJECT_ROOT in COUNTRY_TABLE.parents
