"""U.S. Census Bureau international trade API: queries, answers, tidy frames.

Pure functions only (no I/O but :func:`read_census_csv`): build a query,
check an answer, parse its JSON, and turn it into the tidy frame of
:mod:`deficit_report.sources.canonical`. The API's facts, from
``SOURCE_FORMATS.md``: row 0 is the header, every value is a string in plain
dollars, predicates come back as extra columns in URL order (a variable both
requested and used as a predicate appears twice), a valid query with no data
answers HTTP 204, and a missing or bad key answers a redirect or an HTML page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from deficit_report.errors import UserInputError
from deficit_report.sources.canonical import REPORTED_TOTAL, TIDY_COLUMNS, empty_tidy
from deficit_report.sources.endpoints import CENSUS_BASE_URL  # noqa: F401 (the doctests' address)
from deficit_report.sources.http import Service, check_answer, load_json

#: Per flow: endpoint, commodity variable, value variable stem and basis.
FLOWS = {
    "imports": {
        "path": "imports/hs",
        "commodity": "I_COMMODITY",
        "value": "GEN_VAL",
        "basis": "census: general imports, customs value",
    },
    "exports": {
        "path": "exports/hs",
        "commodity": "E_COMMODITY",
        "value": "ALL_VAL",
        "basis": "census: total exports, f.a.s.",
    },
}
#: Value variables a response may carry, in order of preference.
VALUE_VARIABLES = (
    "GEN_VAL_MO",
    "GEN_VAL_YR",
    "ALL_VAL_MO",
    "ALL_VAL_YR",
    "CON_VAL_MO",
    "CON_VAL_YR",
    "GEN_CIF_MO",
    "GEN_CIF_YR",
)
#: Census country codes of frequent partners and their ISO 3166 alpha-3 codes (Census Schedule C).
PARTNER_ISO = {
    "5880": "JPN",
    "5700": "CHN",
    "1220": "CAN",
    "2010": "MEX",
    "4280": "DEU",
    "5800": "KOR",
    "5830": "TWN",
    "5330": "IND",
    "5520": "VNM",
    "4120": "GBR",
    "4279": "FRA",
    "4759": "ITA",
}
# Single countries are four digits not starting with 0. Country groups are
# "-" (all countries), 00NN codes (0003 EU, 0014 Pacific Rim, 0020 USMCA,
# 0021-0028, and also 0001 OPEC, 0017 CAFTA-DR) and the continents, which the
# API spells literally "1XXX".."7XXX" (checked in the real all-country files).
# So the regex alone drops every group, while keeping countries whose codes
# end in zeros (4000 Iceland, 5700 China) that a "N000 is a continent" rule
# would wrongly drop.
SINGLE_COUNTRY = re.compile(r"^[1-9][0-9]{3}$")
_DOLLARS = r"^[0-9]+$"
_HS_CODE = r"^[0-9]{2,10}$"
#: How answers of the Census API are checked (a missing key answers a redirect to the sign-up page).
CENSUS = Service("Census API", "set CENSUS_API_KEY")


def census_url(base_url: str, flow: str, level: str, partner: str, year: int, monthly: bool = False) -> str:
    """Return the request URL (without key) for one partner, flow, HS level and year.

    Annual pulls ask for December's year-to-date value (``*_YR``), which is
    the annual total; monthly pulls ask for ``*_MO`` over the twelve months.

    Examples
    --------
    >>> census_url(CENSUS_BASE_URL, "imports", "HS2", "5880", 2024)  # doctest: +NORMALIZE_WHITESPACE
    'https://api.census.gov/data/timeseries/intltrade/imports/hs?get=I_COMMODITY,I_COMMODITY_SDESC,CTY_CODE,CTY_NAME,GEN_VAL_YR&YEAR=2024&MONTH=12&COMM_LVL=HS2&CTY_CODE=5880'
    """
    spec = FLOWS[flow]
    value = spec["value"] + ("_MO" if monthly else "_YR")
    get = ",".join([spec["commodity"], spec["commodity"] + "_SDESC", "CTY_CODE", "CTY_NAME", value])
    when = [("time", f"from {year}-01 to {year}-12")] if monthly else [("YEAR", str(year)), ("MONTH", "12")]
    query = [("get", get), *when, ("COMM_LVL", level), ("CTY_CODE", partner)]
    return f"{base_url.rstrip('/')}/{spec['path']}?{urlencode(query, safe=',*:')}"


def parse_census_json(text: str, status: int = 200) -> pd.DataFrame:
    """Parse a Census API answer into a frame of strings, one column per distinct name.

    Columns are named by the header row; a name that appears twice (a variable
    both requested and used as a predicate) keeps its first column. HTTP 204
    and an empty body mean no rows.

    Examples
    --------
    >>> parse_census_json('[["CTY_CODE","GEN_VAL_MO","CTY_CODE"],["5880","12",  "5880"]]')
      CTY_CODE GEN_VAL_MO
    0     5880         12
    >>> parse_census_json("", status=204).empty
    True
    """
    if status == 204 or not text.strip():
        return pd.DataFrame()
    check_answer(CENSUS, status, text)
    data = load_json(CENSUS, text)
    if not isinstance(data, list) or not data or not all(isinstance(r, list) for r in data):
        raise UserInputError("Census API answer is not a JSON array of rows with a header row first")
    header = data[0]
    if not header or not all(isinstance(h, str) and h for h in header):
        raise UserInputError("Census API answer's first row is not a header of variable names")
    for number, row in enumerate(data[1:], start=2):
        if len(row) != len(header):
            raise UserInputError(f"Census API answer row {number} has {len(row)} values, the header {len(header)}")
        if not all(v is None or isinstance(v, str) for v in row):
            raise UserInputError(f"Census API answer row {number} holds a value that is not a string")
    first = [header.index(name) for name in dict.fromkeys(header)]
    frame = pd.DataFrame(data[1:], columns=range(len(header)), dtype=object)
    frame = frame.iloc[:, first] if len(frame.columns) else frame
    frame.columns = [header[i] for i in first]
    return frame.reset_index(drop=True)


def _column(frame: pd.DataFrame, name: str, source: str) -> pd.Series:
    if name not in frame.columns:
        raise UserInputError(f"{source} has no {name} column; it has {', '.join(map(str, frame.columns))}")
    return frame[name]


def _check_pattern(values: pd.Series, pattern: str, expected: str, source: str, name: str) -> pd.Series:
    text = values.astype("string").fillna("")
    bad = ~text.str.fullmatch(pattern)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise UserInputError(
            f"{source}, data row {row + 1}, column {name!r}: expected {expected}, got {values.iloc[row]!r}"
        )
    return text.astype(str)


def check_level(frame: pd.DataFrame, level: str, source: str) -> None:
    """Check that every commodity code of a parsed answer (or file) has the digits of ``level``.

    A file of ``HS2`` codes read as ``HS10`` would give chapter totals where tariff lines were
    asked for; a file of partner totals (no commodity column) has no codes to check. Rows are
    numbered as in the answer: the header is row 1.

    Examples
    --------
    >>> f = pd.DataFrame({"I_COMMODITY": ["8703230190", "87"], "CTY_CODE": ["5700", "5700"]})
    >>> check_level(f, "HS10", "answer.json")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: answer.json, data row 2 (answer row 3), column 'I_COMMODITY': expected HS10 codes of 10 digits (--level HS10), got '87'
    """
    commodity = next((c for c in ("I_COMMODITY", "E_COMMODITY") if c in frame.columns), None)
    if commodity is None:
        return
    digits = int(level.removeprefix("HS"))
    codes = frame[commodity].astype("string").fillna("")
    bad = ~codes.str.fullmatch(rf"\d{{{digits}}}")
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise UserInputError(
            f"{source}, data row {row + 1} (answer row {row + 2}), column {commodity!r}: expected {level} codes of "
            f"{digits} digits (--level {level}), got {codes.iloc[row]!r}"
        )


def tidy_census(frame: pd.DataFrame, source: str = "Census API answer") -> pd.DataFrame:
    """Turn a parsed Census answer (or file) into tidy rows for single countries.

    Columns are picked by name, so extra and repeated predicate columns do
    not matter. Country groups are dropped (see :data:`SINGLE_COUNTRY`).

    Returns
    -------
    pandas.DataFrame
        :data:`~deficit_report.sources.canonical.TIDY_COLUMNS`: ``month`` is
        0 for an annual value (December's ``*_YR``), ``value_usd`` whole
        dollars (int64).

    Examples
    --------
    >>> f = pd.DataFrame({"I_COMMODITY": ["87", "87"], "CTY_CODE": ["5880", "0003"],
    ...     "GEN_VAL_MO": ["147206391795", "1"], "YEAR": ["2023", "2023"], "MONTH": ["12", "12"]})
    >>> tidy_census(f).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'partner_code': '5880', 'year': 2023, 'month': 12, 'measure': 'imports', 'hs_code': '87',
      'value_usd': 147206391795}]
    """
    if frame.empty:
        return empty_tidy()
    variable = next((v for v in VALUE_VARIABLES if v in frame.columns), None)
    if variable is None:
        raise UserInputError(f"{source} has no value column (one of {', '.join(VALUE_VARIABLES)})")
    # Without a commodity column the rows are partner totals (hs_code TOTAL).
    commodity = next((c for c in ("I_COMMODITY", "E_COMMODITY") if c in frame.columns), None)
    measure = "exports" if variable.startswith("ALL_") else "imports"
    countries = _column(frame, "CTY_CODE", source).astype("string").fillna("")
    frame = frame[countries.str.fullmatch(SINGLE_COUNTRY.pattern).to_numpy()]
    if "time" in frame.columns and "YEAR" not in frame.columns:
        period = _check_pattern(frame["time"], r"^\d{4}-\d{2}$", "a month as YYYY-MM", source, "time")
        year, month = period.str[:4], period.str[5:7]
    else:
        year = _check_pattern(_column(frame, "YEAR", source), r"^\d{4}$", "a year", source, "YEAR")
        month = _check_pattern(_column(frame, "MONTH", source), r"^(0[1-9]|1[0-2])$", "a month 01-12", source, "MONTH")
    month = month.astype("int64")
    if variable.endswith("_YR"):
        if (month != 12).any():
            raise UserInputError(
                f"{source}: {variable} is year-to-date; only December's is an annual total (ask for MONTH=12)"
            )
        month = month * 0
    tidy = pd.DataFrame(
        {
            "partner_code": frame["CTY_CODE"].astype(str),
            "year": year.astype("int64"),
            "month": month,
            "measure": measure,
            "hs_code": (
                _check_pattern(frame[commodity], _HS_CODE, "an HS code of 2-10 digits", source, commodity)
                if commodity
                else REPORTED_TOTAL
            ),
            "value_usd": _check_pattern(frame[variable], _DOLLARS, "whole dollars as digits", source, variable).astype(
                "int64"
            ),
        }
    )
    return tidy[TIDY_COLUMNS].reset_index(drop=True)


def read_census_csv(path: str | Path) -> pd.DataFrame:
    """Read a CSV file in the Census API's column layout into tidy rows (vectorised).

    This is the conversion of a whole all-country download (285,711 rows for
    two years of HS2 imports) in a second or two; it keeps single countries
    only.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_text("I_COMMODITY,CTY_CODE,GEN_VAL_MO,YEAR,MONTH\\n87,5880,5,2024,01\\n87,-,9,2024,01\\n")
    >>> read_census_csv(p)[["partner_code", "hs_code", "value_usd"]].values.tolist()
    [['5880', '87', 5]]
    """
    path = Path(path)
    if not path.is_file():
        raise UserInputError("file not found", file=path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise UserInputError(f"cannot read as CSV: {type(exc).__name__}: {exc}", file=path) from None
    return tidy_census(frame, source=str(path))
