"""``deficit-report import census``: saved Census files -> a dataset folder, with no network (issue 13, friction 1).

Expected values are summed by hand from the fixture lines (``zcat ... | grep`` and ``awk`` over the
value column, shown in each comment), not taken from the code's output.
"""

from __future__ import annotations

import gzip
import shutil
import socket

import pandas as pd
import pytest
from source_helpers import FIXTURES

from deficit_report.cli import main
from deficit_report.paths import SECTOR_MAPS_DIR

CENSUS = FIXTURES / "census"
HS2_VN = CENSUS / "imports_hs2_5520_monthly_2023_2024.csv.gz"
IMPORTS_VN = CENSUS / "imports_total_5520_monthly_2013_2024.csv"
EXPORTS_VN = CENSUS / "exports_total_5520_monthly_2013_2024.csv"
VIETNAM_MAP = SECTOR_MAPS_DIR / "hs_chapters_vietnam.csv"


def _import(out, *files, partner="5520", sector_map=VIETNAM_MAP, extra=()):
    args = ["import", "census", *map(str, files), "--partner", partner, "--vintage", "census_2025"]
    return main([*args, "--sector-map", str(sector_map), "--out", str(out), *extra])


def _figures(out) -> pd.DataFrame:
    return pd.read_csv(out / "figures.csv", dtype={"period": int})


def _value(figures, year, sector, measure):
    rows = figures[(figures.period == year) & (figures.sector == sector) & (figures.measure == measure)]
    assert len(rows) == 1, rows
    return rows.value_usd_m.iloc[0]


def test_import_of_vietnam_files_writes_sector_and_total_figures(tmp_path, capsys):
    out = tmp_path / "vn"
    assert _import(out, HS2_VN, IMPORTS_VN, EXPORTS_VN) == 0
    figures = _figures(out)
    # zcat HS2 | grep ',85,' rows of 2024, GEN_VAL_MO summed: 41,678,690,123 dollars.
    assert _value(figures, 2024, "electrical_machinery", "imports") == pytest.approx(41678.690123, abs=1e-9)
    # Chapters 61 and 62 both map to apparel: 7,586,514,136 + 6,370,012,528 dollars in 2023.
    assert _value(figures, 2023, "apparel", "imports") == pytest.approx(13956.526664, abs=1e-9)
    # awk '$4==2024 {s+=$3}' over the totals files: imports 136,501,146,900, exports 13,044,118,564.
    assert _value(figures, 2024, "total", "imports") == pytest.approx(136501.1469, abs=1e-9)
    assert _value(figures, 2024, "total", "exports") == pytest.approx(13044.118564, abs=1e-9)
    # Totals for every year 2013-2024 both ways; sector figures only where the HS2 file has them.
    totals = figures[figures.sector == "total"]
    assert sorted(totals.period.unique()) == list(range(2013, 2025))
    assert len(totals) == 24
    assert sorted(figures[figures.sector != "total"].period.unique()) == [2023, 2024]
    # Every figure cites the file it came from, and the folder passes every check with a status event added.
    sources = pd.read_csv(out / "sources.csv", dtype=str)
    assert set(figures.source_id) == set(sources.source_id)
    assert sources.url.str.startswith("https://api.census.gov/data/timeseries/intltrade/").all()
    assert sources.quote.str.contains("sha256 ").all()
    printed = capsys.readouterr().out
    assert "imports_hs2_5520_monthly_2023_2024.csv.gz: 2314 rows for 5520" in printed


def test_all_country_file_is_filtered_by_duckdb_and_reconciles_with_the_totals(tmp_path):
    # The four-country HS2 slice holds China (5700) among others: its chapters, summed, must equal China's
    # reported total of the totals slice (the Census README: chapter sums equal the country totals).
    out_chapters, out_totals = tmp_path / "chn-hs2", tmp_path / "chn-total"
    hs2 = CENSUS / "imports_hs2_4_countries_monthly_2023_2024.csv.gz"
    assert _import(out_chapters, hs2, partner="5700", sector_map=SECTOR_MAPS_DIR / "hs_chapters.csv") == 0
    assert _import(out_totals, CENSUS / "imports_total_4_countries_monthly_2023_2024.csv", partner="5700") == 0
    from_chapters, reported = _figures(out_chapters), _figures(out_totals)
    for year in (2023, 2024):
        assert _value(from_chapters, year, "total", "imports") == pytest.approx(
            _value(reported, year, "total", "imports"), abs=0.001
        )
    assert set(from_chapters.partner) == {"CHN"}


def test_an_incomplete_year_is_left_out_and_said(tmp_path, capsys):
    # The real imports totals with 2024 cut to its first three months: 2024 must not become a year.
    lines = IMPORTS_VN.read_text(encoding="utf-8").splitlines()
    cut = [lines[0]] + [line for line in lines[1:] if ",2024," not in line or line.endswith((",01", ",02", ",03"))]
    assert len(cut) == 1 + 132 + 3
    path = tmp_path / "imports_2013_2024_03.csv"
    path.write_text("\n".join(cut) + "\n", encoding="utf-8")
    out = tmp_path / "vn"
    assert _import(out, path) == 0
    figures = _figures(out)
    assert sorted(figures.period.unique()) == list(range(2013, 2024))
    printed = capsys.readouterr().out
    assert "imports_2013_2024_03.csv: 2024 not written: 3 months, 01-03, not a complete year" in printed
    quote = pd.read_csv(out / "sources.csv", dtype=str).quote.iloc[0]
    assert "2024 left out (3 months, 01-03, not a complete year)" in quote


def test_import_twice_keeps_the_folder_and_never_overwrites_a_different_value(tmp_path, capsys):
    out = tmp_path / "vn"
    assert _import(out, IMPORTS_VN) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert _import(out, IMPORTS_VN) == 0  # the same import again: nothing changes
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    text = (out / "figures.csv").read_text(encoding="utf-8").replace("24651.035884", "24651", 1)
    (out / "figures.csv").write_text(text, encoding="utf-8")
    edited = (out / "figures.csv").read_bytes()
    capsys.readouterr()
    assert _import(out, IMPORTS_VN) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "figures.csv, line 2, column 'value_usd_m': already holds" in err[0]
    assert (out / "figures.csv").read_bytes() == edited


def test_import_into_a_scaffolded_folder_fills_its_header_only_tables(tmp_path):
    raw, params = tmp_path / "raw", tmp_path / "params"
    assert (
        main(["dataset", "new", "us-vietnam", "--partner", "VNM", "--raw-dir", str(raw), "--params-dir", str(params)])
        == 0
    )
    assert _import(raw / "us-vietnam", HS2_VN, IMPORTS_VN, EXPORTS_VN) == 0
    assert len(_figures(raw / "us-vietnam")) == 36  # 12 sector figures + 24 totals


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("base", [f"http://127.0.0.1:{_closed_port()}/intltrade", "http://census.invalid/intltrade"])
def test_fetch_without_network_says_so_and_points_to_import(tmp_path, capsys, census_key, base):
    args = ["fetch", "census", "--partner", "5520", "--years", "2024", "--base-url", base, "--retries", "0"]
    assert main([*args, "--out", str(tmp_path / "o"), "--raw-dir", str(tmp_path / "r"), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "cannot reach the Census API at" in err[0]
    assert "use deficit-report import census FILE... --partner 5520" in err[0]
    assert not (tmp_path / "o").exists()


def test_gzip_and_plain_files_give_the_same_figures(tmp_path):
    plain = tmp_path / "hs2.csv"
    plain.write_bytes(gzip.decompress(HS2_VN.read_bytes()))
    copy = tmp_path / "hs2.csv.gz"
    shutil.copy(HS2_VN, copy)
    assert _import(tmp_path / "a", plain) == 0 and _import(tmp_path / "b", copy) == 0
    a, b = _figures(tmp_path / "a"), _figures(tmp_path / "b")
    pd.testing.assert_frame_equal(a.drop(columns="source_id"), b.drop(columns="source_id"))


def test_a_saved_api_answer_in_json_imports_like_a_csv_file(tmp_path):
    # A monthly pull for Japan saved as JSON (the `time` layout, twelve months of 2024): its chapters
    # sum to 148,370,517,793 dollars (tests/fixtures/README.md, as in the census README).
    out = tmp_path / "jpn"
    json_file = CENSUS / "imports_hs2_5880_2024_mo.json"
    assert _import(out, json_file, partner="5880", sector_map=SECTOR_MAPS_DIR / "hs_chapters.csv") == 0
    figures = _figures(out)
    assert _value(figures, 2024, "total", "imports") == pytest.approx(148370.517793, abs=1e-9)
    assert set(figures.partner) == {"JPN"} and set(figures.period) == {2024}


def test_duckdb_filter_gives_the_rows_of_the_pandas_reader():
    # The DuckDB route (partner_rows) against the reference reader over the same real four-country file.
    from deficit_report.sources.aggregate import partner_rows
    from deficit_report.sources.census import read_census_csv

    path = CENSUS / "imports_hs2_4_countries_monthly_2023_2024.csv.gz"
    everything = read_census_csv(path)
    for code, rows in (("5880", 2338), ("4000", 1401)):  # row counts from tests/fixtures/README.md
        duck = partner_rows(path, code)
        assert len(duck) == rows
        pd.testing.assert_frame_equal(duck, everything[everything.partner_code == code].reset_index(drop=True))


def test_december_year_to_date_answers_are_annual(tmp_path):
    # Two saved `GEN_VAL_YR` answers (December year-to-date): each is a whole year, no months needed.
    # Totals as in tests/fixtures/README.md: 147,206,391,795 (2023) and 148,370,517,793 (2024) dollars.
    files = [CENSUS / "imports_hs2_5880_2023_yr.json", CENSUS / "imports_hs2_5880_2024_yr.json"]
    assert _import(tmp_path / "jpn", *files, partner="5880", sector_map=SECTOR_MAPS_DIR / "hs_chapters.csv") == 0
    figures = _figures(tmp_path / "jpn")
    assert _value(figures, 2023, "total", "imports") == pytest.approx(147206.391795, abs=1e-9)
    assert _value(figures, 2024, "total", "imports") == pytest.approx(148370.517793, abs=1e-9)
