"""UN Comtrade: the current API's JSON envelope and the legacy CSV files, as tidy frames.

Pure functions only. The current API answers ``{"elapsedTime": ..., "count":
N, "data": [records], "error": ""}``; legacy bulk files come with a
human-readable header (``Trade Flow Code``, ``Trade Value (US$)``, ...) or
the machine one (``rgCode``, ``TradeValue``, ...). Both are mapped onto one
record layout and then onto the tidy frame of
:mod:`deficit_report.sources.canonical`. Country codes are UN M49 (USA 842,
Japan 392); ``refMonth`` 52 marks an annual row; flows are ``M``/``X`` (legacy
``1``/``2``), re-exports and re-imports are left out. Comtrade's
``primaryValue`` is CIF for imports and FOB for exports: the basis recorded.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from deficit_report.errors import UserInputError
from deficit_report.sources.canonical import TIDY_COLUMNS
from deficit_report.sources.endpoints import COMTRADE_LEVEL_CODES
from deficit_report.sources.http import Service, check_answer, load_json

KEY_HEADER = "Ocp-Apim-Subscription-Key"
#: How answers of UN Comtrade are checked (a refused key answers 401 or 403; a redirect is a wrong address).
COMTRADE = Service("UN Comtrade", "set COMTRADE_API_KEY", key_statuses=(401, 403), redirect_means_key=False)
#: --level -> cmdCode (AGn: every code at n digits).
FLOW_CODES = {"M": "imports", "X": "exports", "1": "imports", "2": "exports"}
BASIS = {"imports": "comtrade: CIF (reporter's imports)", "exports": "comtrade: FOB (reporter's exports)"}
#: UN M49 numeric codes of frequent partners and their ISO 3166 alpha-3 codes.
M49_ISO = {
    "842": "USA",
    "392": "JPN",
    "156": "CHN",
    "124": "CAN",
    "484": "MEX",
    "276": "DEU",
    "410": "KOR",
    "490": "TWN",
    "699": "IND",
    "704": "VNM",
    "826": "GBR",
    "251": "FRA",
    "381": "ITA",
}
ANNUAL_MONTH = 52
RECORD_COLUMNS = [
    "reporter_code",
    "reporter_iso",
    "partner_code",
    "partner_iso",
    "year",
    "month",
    "flow",
    "hs_code",
    "value_usd",
    "customs",
    "mot",
    "partner2",
]
#: Source field names -> record columns, for the JSON records and both legacy CSV headers.
FIELDS = {
    "json": {
        "reporterCode": "reporter_code",
        "reporterISO": "reporter_iso",
        "partnerCode": "partner_code",
        "partnerISO": "partner_iso",
        "refYear": "year",
        "refMonth": "month",
        "flowCode": "flow",
        "cmdCode": "hs_code",
        "primaryValue": "value_usd",
        "customsCode": "customs",
        "motCode": "mot",
        "partner2Code": "partner2",
    },
    "legacy": {
        "Reporter Code": "reporter_code",
        "Reporter ISO": "reporter_iso",
        "Partner Code": "partner_code",
        "Partner ISO": "partner_iso",
        "Period": "period",
        "Trade Flow Code": "flow",
        "Commodity Code": "hs_code",
        "Trade Value (US$)": "value_usd",
        "Customs Proc. Code": "customs",
        "Mode of Transport Code": "mot",
        "2nd Partner Code": "partner2",
    },
    "legacy_machine": {
        "rtCode": "reporter_code",
        "rt3ISO": "reporter_iso",
        "ptCode": "partner_code",
        "pt3ISO": "partner_iso",
        "period": "period",
        "rgCode": "flow",
        "cmdCode": "hs_code",
        "TradeValue": "value_usd",
        "cstCode": "customs",
        "motCode": "mot",
        "ptCode2": "partner2",
    },
}
_REQUIRED = ["reporter_code", "partner_code", "flow", "hs_code", "value_usd"]
#: Values of the breakdown fields that mean "all" (the totals a report needs).
_ALL = {"customs": {"C00", ""}, "mot": {"0", ""}, "partner2": {"0", ""}}


def comtrade_params(reporter: str, partner: str, year: int, flow: str, level: str) -> list[tuple[str, str]]:
    """Return the query of one current-API request (the key goes in a header).

    Examples
    --------
    >>> comtrade_params("842", "392", 2023, "imports", "TOTAL")  # doctest: +NORMALIZE_WHITESPACE
    [('reporterCode', '842'), ('partnerCode', '392'), ('period', '2023'), ('cmdCode', 'TOTAL'),
     ('flowCode', 'M'), ('customsCode', 'C00'), ('motCode', '0'), ('partner2Code', '0')]
    """
    return [
        ("reporterCode", reporter),
        ("partnerCode", partner),
        ("period", str(year)),
        ("cmdCode", COMTRADE_LEVEL_CODES[level]),
        ("flowCode", "M" if flow == "imports" else "X"),
        ("customsCode", "C00"),
        ("motCode", "0"),
        ("partner2Code", "0"),
    ]


def parse_comtrade_json(text: str, status: int = 200) -> pd.DataFrame:
    """Parse the current API's JSON envelope into records (see :data:`RECORD_COLUMNS`).

    Examples
    --------
    >>> body = ('{"count": 1, "error": "", "data": [{"refYear": 2023, "refMonth": 52, "reporterCode": 842,'
    ...         ' "partnerCode": 392, "flowCode": "M", "cmdCode": "TOTAL", "primaryValue": 151580564290}]}')
    >>> parse_comtrade_json(body)[["partner_code", "month", "flow", "value_usd"]].values.tolist()
    [['392', 52, 'M', 151580564290.0]]
    """
    check_answer(COMTRADE, status, text)
    if status == 204 or not text.strip():
        return _records(pd.DataFrame(), "json")
    envelope = load_json(COMTRADE, text)
    if not isinstance(envelope, dict):
        raise UserInputError("UN Comtrade answer is not a JSON object with a 'data' list")
    if envelope.get("error"):
        raise UserInputError(f"UN Comtrade answered an error: {' '.join(str(envelope['error']).split())[:200]}")
    data = envelope.get("data")
    if data is None and "statusCode" in envelope:
        check_answer(
            COMTRADE,
            int(envelope["statusCode"]) if str(envelope["statusCode"]).isdigit() else 400,
            str(envelope.get("message", "")),
        )
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise UserInputError("UN Comtrade answer has no 'data' list of records")
    return _records(pd.DataFrame(data), "json")


def parse_comtrade_csv(text: str, source: str = "Comtrade CSV") -> pd.DataFrame:
    """Parse a legacy Comtrade CSV file (either header) into records.

    Examples
    --------
    >>> csv = ("Year,Period,Trade Flow Code,Reporter Code,Reporter ISO,Partner Code,Partner ISO,Commodity Code,"
    ...        "Trade Value (US$)\\n2023,2023,2,842,USA,392,JPN,TOTAL,76154045176\\n")
    >>> parse_comtrade_csv(csv)[["partner_iso", "month", "flow", "value_usd"]].values.tolist()
    [['JPN', 52, '2', 76154045176.0]]
    """
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise UserInputError(f"{source} cannot be read as CSV: {' '.join(str(exc).split())[:200]}") from None
    layout = "legacy_machine" if "rgCode" in frame.columns else "legacy"
    records = _records(frame, layout, source)
    period_column = "period" if layout == "legacy_machine" else "Period"
    if period_column not in frame.columns:
        raise UserInputError(f"{source} has no {period_column} column; is this a Comtrade file?")
    period = frame[period_column].astype(str).str.strip()
    bad = ~period.str.fullmatch(r"\d{4}(0[1-9]|1[0-2])?")
    if bad.any():
        raise UserInputError(
            f"{source}, data row {int(bad.to_numpy().nonzero()[0][0]) + 1}: expected a period "
            f"YYYY or YYYYMM, got {period[bad].iloc[0]!r}"
        )
    records["year"] = period.str[:4].astype("int64")
    records["month"] = period.str[4:6].replace("", str(ANNUAL_MONTH)).astype("int64")
    return records


def _records(frame: pd.DataFrame, layout: str, source: str = "UN Comtrade answer") -> pd.DataFrame:
    """Rename a source's fields to the record columns and check the values."""
    names = FIELDS[layout]
    needed = [src for src, dst in names.items() if dst in _REQUIRED]
    missing = [src for src in needed if src not in frame.columns]
    if missing and len(frame.columns):
        raise UserInputError(f"{source} has no {', '.join(missing)} column(s); is this a Comtrade file?")
    records = pd.DataFrame(
        {dst: frame[src] if src in frame.columns else pd.Series("", index=frame.index) for src, dst in names.items()}
    )
    for column in (
        "reporter_code",
        "partner_code",
        "flow",
        "hs_code",
        "customs",
        "mot",
        "partner2",
        "reporter_iso",
        "partner_iso",
    ):
        records[column] = records[column].map(_code_text)
    if layout == "json":
        for column in ("year", "month"):
            good = records[column].map(
                lambda v: isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, str) and v.isdigit())
            )
            if not good.all():
                raise UserInputError(
                    f"{source}, record {int((~good).to_numpy().nonzero()[0][0]) + 1}: expected "
                    f"a whole number in {column!r}"
                )
            records[column] = records[column].astype("int64")
    values = records["value_usd"].map(_number)
    bad = values.isna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise UserInputError(
            f"{source}, record {row + 1}: expected a trade value in US$, got {records['value_usd'].iloc[row]!r}"
        )
    records["value_usd"] = values.astype("float64")
    return records[[c for c in RECORD_COLUMNS if c in records.columns]]


def _code_text(value) -> str:
    """Codes as text: 842 and "842" alike, None as ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value) -> float | None:
    """A finite, non-negative number from a JSON number or text, or None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number >= 0 else None


def tidy_comtrade(records: pd.DataFrame, source: str = "UN Comtrade answer") -> pd.DataFrame:
    """Keep one reporter's total-breakdown import and export rows, as tidy rows.

    Returns the tidy columns plus ``reporter_code``, ``reporter_iso`` and
    ``partner_iso``; ``month`` is 0 for annual rows (``refMonth`` 52).

    Examples
    --------
    >>> r = pd.DataFrame({"reporter_code": "842", "reporter_iso": "USA", "partner_code": "392",
    ...     "partner_iso": "JPN", "year": 2023, "month": 52, "flow": ["M", "RX"], "hs_code": "TOTAL",
    ...     "value_usd": 151580564290.0, "customs": "C00", "mot": "0", "partner2": "0"})
    >>> tidy_comtrade(r)[["measure", "month", "value_usd"]].values.tolist()
    [['imports', 0, 151580564290.0]]
    """
    keep = records["flow"].isin(list(FLOW_CODES))
    for column, allowed in _ALL.items():
        keep &= records[column].isin(list(allowed))
    rows = records[keep]
    codes = rows["hs_code"].str.fullmatch(r"TOTAL|\d{2,6}")
    if not codes.all():
        raise UserInputError(
            f"{source}: expected commodity codes TOTAL or 2-6 digits, got {rows.loc[~codes, 'hs_code'].iloc[0]!r}"
        )
    months = rows["month"].isin(list(range(1, 13)) + [ANNUAL_MONTH])
    if not months.all():
        raise UserInputError(
            f"{source}: expected refMonth 1-12 or 52 (annual), got {rows.loc[~months, 'month'].iloc[0]!r}"
        )
    tidy = pd.DataFrame(
        {
            "partner_code": rows["partner_code"],
            "year": rows["year"].astype("int64"),
            "month": rows["month"].astype("int64").where(rows["month"] != ANNUAL_MONTH, 0),
            "measure": rows["flow"].map(FLOW_CODES),
            "hs_code": rows["hs_code"],
            "value_usd": rows["value_usd"],
            "reporter_code": rows["reporter_code"],
            "reporter_iso": rows["reporter_iso"],
            "partner_iso": rows["partner_iso"],
        }
    )
    key = ["reporter_code", "partner_code", "year", "month", "measure", "hs_code"]
    dup = tidy.duplicated(key, keep=False)
    if dup.any():
        first = tidy[dup].iloc[0]
        raise UserInputError(
            f"{source}: several rows for {first['measure']} {first['hs_code']} in {first['year']}; "
            "expected one (a breakdown by customs procedure or transport mode?)"
        )
    return tidy[TIDY_COLUMNS + ["reporter_code", "reporter_iso", "partner_iso"]].reset_index(drop=True)


def iso_code(m49: str, given: str = "") -> str:
    """Return the ISO alpha-3 code for an M49 code: the one the data gives, else a known one.

    Examples
    --------
    >>> iso_code("392"), iso_code("392", "JPN"), iso_code("999")
    ('JPN', 'JPN', '')
    """
    return given or M49_ISO.get(str(m49), "")
