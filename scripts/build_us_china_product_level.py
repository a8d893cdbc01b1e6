"""Product-level extracts of the U.S.-China case, from the two vendored files (issue 20).

Inputs, copied unchanged into ``data/raw/us-china-tradewar/product-level/source/`` (see the README
beside them for provenance, licence and credit):

- ``us_exports_to_china_hs6_monthly_2017_2020.parquet``: U.S. exports to China by HS6, monthly
  2017-01..2020-04 (Michael Waugh's tradewar-tracker, from the Census API ``exports/hs``);
- ``piie_bown_jung_zhang_2019-06-12.xlsx``: PIIE (Bown, Jung, Zhang, 12 June 2019): China's tariff
  changes on its 11,790 HS10 lines at each date, and China's 2017 imports from the U.S. by HS8.

``python scripts/build_us_china_product_level.py`` (a developer's script, not part of the installed
package; it needs ``openpyxl`` to read the workbook, DuckDB reads the parquet) writes three CSV
extracts beside them, which the report reads:

- ``us_exports_hs6_annual.csv``: ``year,months,hs6,exports_usd``: the parquet de-duplicated on
  (time, hs6) (its merge with the Phase One product list repeated 1,664 rows with the same value),
  then summed over the months of each year; 2020 has four months and says so;
- ``china_imports_from_us_hs8_2017.csv``: ``hs8,imports_usd_thousand``: sheet ``Imports Value``;
- ``china_retaliation_hs10.csv``: ``hs10,action,points``: every non-zero tariff change of a
  retaliation action (sheet ``China Tariff Rates``), one row per line and action; MFN changes,
  which apply to every exporter, are left out.

``--check`` compares instead of writing (a test does the same: no extract can be edited by hand).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import duckdb
import pandas as pd

from deficit_report.paths import RAW_DIR

FOLDER = "us-china-tradewar/product-level"
PARQUET = "source/us_exports_to_china_hs6_monthly_2017_2020.parquet"
WORKBOOK = "source/piie_bown_jung_zhang_2019-06-12.xlsx"

#: The retaliation columns of sheet ``China Tariff Rates`` (by position: 1-based column of the sheet)
#: -> the action key of ``retaliation_actions.csv``. The other columns are the HS10 code, its
#: description and MFN rates or changes for every exporter.
RETALIATION_COLUMNS = {
    4: "retaliation_232",
    7: "retaliation_301_34bn",
    8: "retaliation_301_16bn",
    9: "retaliation_301_60bn",
    12: "suspension_autos",
    13: "increase_60bn_subset",
}
#: The header each of those columns must carry (the sheet's own words, first line), so a reordered
#: workbook fails here instead of giving another wave's lines.
EXPECTED_HEADERS = {
    4: "April 2, 2018",
    7: "July 6, 2018",
    8: "August 23, 2018",
    9: "September 24, 2018",
    12: "January 1, 2019",
    13: "June 1, 2019",
}


def exports_hs6_annual(parquet: Path) -> pd.DataFrame:
    """Return U.S. exports to China by HS6 and year, de-duplicated on (time, hs6) first."""
    con = duckdb.connect()
    frame = con.execute(
        "SELECT year(time) AS year, count(DISTINCT month(time)) OVER (PARTITION BY year(time)) AS months, "
        "hs6, value FROM (SELECT time, hs6, any_value(china_exports) AS value, "
        "count(DISTINCT china_exports) AS n FROM read_parquet(?) GROUP BY time, hs6)",
        [str(parquet)],
    ).df()
    duplicates = con.execute(
        "SELECT count(*) FROM (SELECT time, hs6 FROM read_parquet(?) GROUP BY time, hs6 "
        "HAVING count(DISTINCT china_exports) > 1)",
        [str(parquet)],
    ).fetchone()[0]
    if duplicates:
        raise ValueError(f"{parquet}: {duplicates} (time, hs6) pairs repeat with different values")
    annual = frame.groupby(["year", "months", "hs6"], as_index=False)["value"].sum()
    annual = annual.rename(columns={"value": "exports_usd"}).sort_values(["year", "hs6"], kind="stable")
    annual["exports_usd"] = annual["exports_usd"].round().astype("int64")
    return annual.reset_index(drop=True)


def _sheet_rows(workbook: Path, sheet: str) -> list[tuple]:
    import openpyxl  # a developer's dependency: only this script reads the workbook

    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    return list(book[sheet].iter_rows(values_only=True))


def imports_hs8(workbook: Path) -> pd.DataFrame:
    """Return China's 2017 imports from the U.S. by HS8, thousand USD (sheet ``Imports Value``)."""
    rows = _sheet_rows(workbook, "Imports Value")
    if not str(rows[0][2]).startswith("2017 China's Imports from US (000USD)"):
        raise ValueError(f"{workbook}: sheet 'Imports Value' column C is {rows[0][2]!r}")
    frame = pd.DataFrame([(str(r[0]), int(r[2])) for r in rows[1:]], columns=["hs8", "imports_usd_thousand"])
    if frame["hs8"].duplicated().any() or (frame["hs8"].str.len() != 8).any():
        raise ValueError(f"{workbook}: sheet 'Imports Value' holds a repeated or malformed HS8 code")
    return frame


def retaliation_hs10(workbook: Path) -> pd.DataFrame:
    """Return every non-zero retaliation change of sheet ``China Tariff Rates``: hs10, action, points."""
    rows = _sheet_rows(workbook, "China Tariff Rates")
    for column, start in EXPECTED_HEADERS.items():
        if not str(rows[0][column - 1]).startswith(start):
            raise ValueError(f"{workbook}: sheet 'China Tariff Rates' column {column} is {rows[0][column - 1]!r}")
    records = [
        (str(row[0]), action, row[column - 1])
        for row in rows[1:]
        for column, action in RETALIATION_COLUMNS.items()
        if row[column - 1]
    ]
    return pd.DataFrame(records, columns=["hs10", "action", "points"])


def build_extracts(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """Build the three extracts from the vendored files under ``raw_dir``."""
    folder = Path(raw_dir) / FOLDER
    return {
        "us_exports_hs6_annual.csv": exports_hs6_annual(folder / PARQUET),
        "china_imports_from_us_hs8_2017.csv": imports_hs8(folder / WORKBOOK),
        "china_retaliation_hs10.csv": retaliation_hs10(folder / WORKBOOK),
    }


def to_csv_text(table: pd.DataFrame) -> str:
    """Write an extract as stored: LF line ends, numbers as written (whole numbers without ``.0``)."""
    out = io.StringIO()
    table.to_csv(out, index=False, lineterminator="\n", float_format=lambda v: f"{v:g}")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the extracts; return an exit status."""
    parser = argparse.ArgumentParser(
        prog="python scripts/build_us_china_product_level.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--raw-dir", type=Path, default=RAW_DIR, help="the data/raw folder (default: the project's)")
    parser.add_argument("--check", action="store_true", help="compare with the committed extracts, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for name, table in build_extracts(args.raw_dir).items():
        path, text = args.raw_dir / FOLDER / name, to_csv_text(table)
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    if stale:
        print(f"differ from the builder's output: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
