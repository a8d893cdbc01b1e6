"""Large Census files -> one sector x country x year table, with pandas or with DuckDB.

What it is for: the offline route from saved all-country Census files (the
API's CSV layout, every partner at once, such as those in
``../shared/data/census-api-2013-2024/`` or a bulk download) to canonical
figures, for any partner, without one API call per partner. Who calls it:
``deficit-report import census FILE`` (:mod:`deficit_report.sources.offline`)
filters such a file to one partner's rows with :func:`partner_rows`, keeping
the months so that incomplete years can be left out; the tests
(``tests/test_aggregate.py``, ``tests/sources/test_large_census_file.py``) and
``benchmarks/bench_aggregate.py`` use the sector x country x year reduction.
DuckDB is therefore a dependency of the package, not of the benchmarks only.

An all-country download holds every partner's imports by HS code and month
(285,711 rows for two years at HS2; a bulk file can hold tens of millions).
A report needs only the sums per sector, partner and year, so this module
reduces such a file to that table:

``sector``        the sector of the HS code (longest prefix of the sector map;
                  :data:`~deficit_report.dataset.sectormap.REMAINDER` when none matches)
``partner_code``  the Census country code (single countries only: groups dropped)
``year``          the year; monthly values are summed over the months in the file
``measure``       ``imports`` or ``exports``
``value_usd``     whole U.S. dollars (int64)

Two functions give the same table from the same file:

- :func:`aggregate_census_csv` reads the file with DuckDB, which scans it in
  parallel and in constant memory (a 10-million-row file stays well under
  1 GB). This is the path for large inputs.
- :func:`aggregate_census_csv_pandas` goes through :func:`read_census_csv`
  (every cell held as text in memory) and :func:`sector_country_year`; it is
  the reference the DuckDB path is tested against, and fine for small files.

Both check the same things as :func:`~deficit_report.sources.census.tidy_census`:
years, months, HS codes and whole-dollar values in the rows of single countries.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from deficit_report.dataset.sectormap import assign_sectors
from deficit_report.errors import UserInputError
from deficit_report.sources.canonical import REPORTED_TOTAL
from deficit_report.sources.census import SINGLE_COUNTRY, VALUE_VARIABLES, read_census_csv
from deficit_report.vocabulary import REMAINDER

KEYS = ["sector", "partner_code", "year", "measure"]
COLUMNS = KEYS + ["value_usd"]


#: How to install DuckDB, which reads saved Census CSV files (the optional extra ``duckdb``).
DUCKDB_EXTRA = "pip install -e '.[duckdb]'"


def _duckdb(path: str | Path):
    """Return the ``duckdb`` module, or raise a one-line error naming the extra that installs it."""
    try:
        import duckdb
    except ImportError:
        raise UserInputError(
            f"reading a saved Census CSV file needs the optional extra 'duckdb'; install it with {DUCKDB_EXTRA}",
            file=path,
        ) from None
    return duckdb


def sector_country_year(tidy: pd.DataFrame, sector_map: pd.DataFrame) -> pd.DataFrame:
    """Sum tidy rows by sector, partner and year (codes mapped once each, not once per row).

    Reported totals (``hs_code`` ``TOTAL``) are left out: the total of a
    partner is the sum over all sectors, ``all_other_goods`` included.

    Examples
    --------
    >>> from deficit_report.dataset.sectormap import parse_sector_map
    >>> m = parse_sector_map("sector,label,hs_prefix\\nvehicles,Vehicles,87\\n")
    >>> t = pd.DataFrame({"partner_code": ["5880", "5880", "5880", "5700"], "year": 2024, "month": [1, 2, 1, 1],
    ...     "measure": "imports", "hs_code": ["87", "87", "30", "87"], "value_usd": [5, 6, 7, 8]})
    >>> sector_country_year(t, m).values.tolist()
    [['all_other_goods', '5880', 2024, 'imports', 7], ['vehicles', '5700', 2024, 'imports', 8], \
['vehicles', '5880', 2024, 'imports', 11]]
    """
    codes = tidy[tidy["hs_code"] != REPORTED_TOTAL]
    distinct = pd.Series(codes["hs_code"].unique(), dtype=object)
    sector_of = dict(zip(distinct, assign_sectors(distinct, sector_map)))
    frame = codes.assign(sector=codes["hs_code"].map(sector_of))
    summed = frame.groupby(KEYS, as_index=False, sort=True)["value_usd"].sum()
    summed["year"] = summed["year"].astype("int64")
    summed["value_usd"] = summed["value_usd"].astype("int64")
    return summed[COLUMNS].reset_index(drop=True)


def aggregate_census_csv_pandas(path: str | Path, sector_map: pd.DataFrame) -> pd.DataFrame:
    """Reduce a Census-layout CSV (or .csv.gz) file to the sector x country x year table with pandas.

    Holds the whole file in memory as text: use :func:`aggregate_census_csv`
    for files of millions of rows.
    """
    return sector_country_year(read_census_csv(path), sector_map)


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def aggregate_census_csv(
    path: str | Path, sector_map: pd.DataFrame, *, threads: int | None = None, memory_limit: str = "2GB"
) -> pd.DataFrame:
    """Reduce a Census-layout CSV (or .csv.gz) file to the sector x country x year table with DuckDB.

    Gives the same table as :func:`aggregate_census_csv_pandas` (a test checks
    it on real Census rows) in a fraction of its time and memory.

    Parameters
    ----------
    path : str or Path
        A CSV file in the Census API's column layout (``I_COMMODITY`` or
        ``E_COMMODITY``, ``CTY_CODE``, a value variable such as ``GEN_VAL_MO``,
        ``YEAR``, ``MONTH``; other columns are ignored), optionally gzipped.
    sector_map : pandas.DataFrame
        From :func:`deficit_report.dataset.sectormap.read_sector_map`.
    threads : int, optional
        DuckDB worker threads (default: all cores).
    memory_limit : str
        DuckDB's memory limit; past it DuckDB spills to disk instead of failing.

    Raises
    ------
    UserInputError
        Missing file or column, or a value that is not what the Census layout promises.
    """
    duckdb = _duckdb(path)

    path = Path(path)
    if not path.is_file():
        raise UserInputError("file not found", file=path)
    con = duckdb.connect(config={"memory_limit": memory_limit, **({"threads": threads} if threads else {})})
    try:
        con.execute("SET enable_progress_bar = false")
        source = f"read_csv({_sql_text(str(path))}, header = true, all_varchar = true, auto_detect = true)"
        try:
            columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        except duckdb.Error as exc:
            raise UserInputError(f"cannot read as CSV: {' '.join(str(exc).split())[:300]}", file=path) from None
        variable = next((v for v in VALUE_VARIABLES if v in columns), None)
        commodity = next((c for c in ("I_COMMODITY", "E_COMMODITY") if c in columns), None)
        missing = [c for c in ("CTY_CODE", "YEAR", "MONTH") if c not in columns]
        if variable is None or commodity is None or missing:
            wanted = missing + ([] if variable else ["a value column"]) + ([] if commodity else ["I_COMMODITY"])
            raise UserInputError(f"has no {', '.join(wanted)} column; it has {', '.join(columns)}", file=path)
        measure = "exports" if variable.startswith("ALL_") else "imports"
        months = "'^12$'" if variable.endswith("_YR") else "'^(0[1-9]|1[0-2])$'"
        checks = [
            (commodity, "'^[0-9]{2,10}$'", "an HS code of 2-10 digits"),
            ("YEAR", "'^[0-9]{4}$'", "a year"),
            ("MONTH", months, "a month 01-12" if months != "'^12$'" else f"December (12): {variable} is year-to-date"),
            (variable, "'^[0-9]+$'", "whole dollars as digits"),
        ]
        # One streaming pass: group the raw text by code, country and year, and count in each group the
        # rows whose month or value is malformed; codes and years are checked on the (small) result.
        per_row = " AND ".join(f"regexp_full_match(coalesce(\"{c}\", ''), {p})" for c, p, _ in checks[2:])
        sums = con.execute(
            f'SELECT "{commodity}" AS hs_code, CTY_CODE AS partner_code, YEAR AS year, '
            f'CAST(sum(TRY_CAST("{variable}" AS HUGEINT)) AS BIGINT) AS value_usd, '
            f"count_if(NOT ({per_row})) AS n_bad, "
            f"min(CASE WHEN NOT ({per_row}) THEN concat_ws(' ', MONTH, \"{variable}\") END) AS first_bad "
            f"FROM {source} WHERE regexp_full_match(coalesce(CTY_CODE, ''), {_sql_text(SINGLE_COUNTRY.pattern)}) "
            "GROUP BY ALL"
        ).df()
    finally:
        con.close()
    _check_groups(sums, checks, variable, path)
    distinct = pd.Series(sums["hs_code"].unique(), dtype=object)
    sector_of = dict(zip(distinct, assign_sectors(distinct, sector_map)))
    sums = sums.assign(sector=sums["hs_code"].map(sector_of).fillna(REMAINDER), measure=measure)
    summed = sums.groupby(KEYS, as_index=False, sort=True)["value_usd"].sum()
    summed["partner_code"] = summed["partner_code"].astype(str)
    summed["year"] = summed["year"].astype("int64")
    summed["value_usd"] = summed["value_usd"].astype("int64")
    return summed[COLUMNS].reset_index(drop=True)


def _check_groups(sums: pd.DataFrame, checks: list, variable: str, path: Path) -> None:
    """Raise on the first malformed code, year, month or value found by the DuckDB pass."""
    for key, (column, pattern, expected) in zip(("hs_code", "year"), checks[:2]):
        text = sums[key].astype("string").fillna("")
        bad = ~text.str.fullmatch(pattern.strip("'"))
        if bad.any():
            raise UserInputError(
                f"column {column!r}: expected {expected}, got {sums.loc[bad, key].iloc[0]!r}", file=path
            )
    if len(sums) and sums["n_bad"].sum() > 0:
        month, _, value = str(sums.loc[sums["n_bad"] > 0, "first_bad"].iloc[0]).partition(" ")
        raise UserInputError(
            f"a row with MONTH {month!r} and {variable} {value!r}: expected {checks[2][2]} and {checks[3][2]}",
            file=path,
        )
    sums["year"] = sums["year"].astype("int64")


def partner_rows(path: str | Path, partner_code: str) -> pd.DataFrame:
    """Return the tidy rows of one partner from a Census-layout CSV (or .csv.gz) file, filtered by DuckDB.

    The route of ``deficit-report import census`` for all-country files:
    DuckDB scans the file (285,711 rows for the shared HS2 file) and keeps
    the rows whose ``CTY_CODE`` is ``partner_code``, as text; those few
    thousand rows then go through
    :func:`~deficit_report.sources.census.tidy_census`, the checks every
    Census answer gets. The months stay in the rows, so incomplete years can
    be found and left out (:func:`~deficit_report.sources.canonical.annual_rows`).
    A file of partner totals (no commodity column) gives ``hs_code`` ``TOTAL``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_text("I_COMMODITY,CTY_CODE,GEN_VAL_MO,YEAR,MONTH\\n87,5520,5,2024,01\\n87,5880,9,2024,01\\n")
    >>> partner_rows(p, "5520")[["partner_code", "hs_code", "month", "value_usd"]].values.tolist()
    [['5520', '87', 1, 5]]
    """
    from deficit_report.sources.census import tidy_census

    duckdb = _duckdb(path)

    path = Path(path)
    if not path.is_file():
        raise UserInputError("file not found", file=path)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        source = f"read_csv({_sql_text(str(path))}, header = true, all_varchar = true, auto_detect = true)"
        try:
            columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
            if "CTY_CODE" not in columns:
                raise UserInputError(f"has no CTY_CODE column; it has {', '.join(columns)}", file=path)
            rows = con.execute(f"SELECT * FROM {source} WHERE CTY_CODE = {_sql_text(partner_code)}").df()
        except duckdb.Error as exc:
            raise UserInputError(f"cannot read as CSV: {' '.join(str(exc).split())[:300]}", file=path) from None
    finally:
        con.close()
    return tidy_census(rows.astype(object).where(rows.notna(), ""), source=str(path))
