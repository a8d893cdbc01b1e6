"""Saved USA Trade Online files -> canonical figures: ``deficit-report import usa-trade-online FILE...``.

USA Trade Online (the U.S. Census Bureau's query tool) saves a report as CSV
in its own layout, which this module reads:

- three title lines (the report's name, ``Current date: 03/15/2026 ...``, ``Measures: ...``);
- the header ``State,Commodity,Country,Time,<measure>`` (a trailing comma is allowed);
- values as quoted strings with thousands separators, whole dollars (``"1,234,567"``);
- ``Commodity`` is ``All Commodities`` or a NAICS 3-digit code and its title (``111 Agricultural Products``);
- ``Country`` is a name (``Korea, South``), mapped to the Census CTY_CODE and an ISO 3166-1 alpha-3
  code by the table ``data/country_codes/usa_trade_online_countries.csv``;
- ``Time`` is a year (``2025``) or a year-to-date period (``2026 through January``).

A year-to-date period is a period, not a year: only complete years become
figures (the canonical ``period`` is a calendar year); the import names every
year-to-date period it left out. Every name must be in the country table: an
unknown name is an error naming the file, line and column. Reading is
vectorised (pandas), about 0.3 s for both shared files together.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from deficit_report.dataset.files import sha256_of, shown, write_atomic
from deficit_report.dataset.schemas import CONTEXT, FIGURES, SECTORS, SOURCES, STATUS_EVENTS
from deficit_report.errors import UserInputError
from deficit_report.paths import DATA_DIR
from deficit_report.sources.canonical import write_dataset_tables
from deficit_report.vocabulary import TOTAL

#: Census country names of USA Trade Online -> CTY_CODE and ISO alpha-3 (README beside it: sources).
COUNTRY_TABLE = DATA_DIR / "country_codes" / "usa_trade_online_countries.csv"
#: Value column of each flow, as USA Trade Online names it, and the basis written in the figures.
MEASURE_HEADERS = {
    "Total Exports Value ($US)": ("exports", "census: total exports, f.a.s."),
    "Customs Value (Gen) ($US)": ("imports", "census: general imports, customs value"),
}
HEADER = ["State", "Commodity", "Country", "Time"]
#: The Country value of the sum of all partners (not a partner).
WORLD = "World Total"
ALL_COMMODITIES = "All Commodities"
NATIONAL = "All States"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_TIME = re.compile(r"^(?P<year>\d{4})(?: through (?P<month>" + "|".join(MONTHS) + "))?$")
_VALUE = r"^\d{1,3}(?:,\d{3})*$"
_COMMODITY = r"^(?:\d{3} \S.*|" + ALL_COMMODITIES + ")$"
#: The first line of a data row (three title lines, then the header).
FIRST_DATA_LINE = 5
URL = "https://usatrade.census.gov/"


@dataclass(frozen=True)
class SavedFile:
    """One saved USA Trade Online file, read: its rows and what its title lines say."""

    path: Path
    measure: str
    basis: str
    retrieved: str
    rows: pd.DataFrame


@dataclass
class ImportResult:
    """What an import wrote and what it left out, one line per fact."""

    out_dir: Path
    lines: list[str] = field(default_factory=list)


def read_countries(path: Path = COUNTRY_TABLE) -> pd.DataFrame:
    """Return the country table: ``name``, ``cty_code``, ``census_name``, ``iso3``, ``note``, and ``partner``.

    ``partner`` is the code written in the figures: the ISO alpha-3 code, or
    ``CTY`` and the Census code for a partner without one of its own (Kosovo).

    Examples
    --------
    >>> c = read_countries().set_index("name")
    >>> c.loc["Japan", ["cty_code", "partner"]].tolist(), c.loc["Kosovo", "partner"]
    (['5880', 'JPN'], 'CTY4803')
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["partner"] = table["iso3"].where(table["iso3"] != "", "CTY" + table["cty_code"])
    return table


def _open_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            raw = gzip.decompress(raw)
        return raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise UserInputError("file not found", file=path) from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise UserInputError(f"cannot read as a (gzipped) UTF-8 text file: {exc}", file=path) from None


def _title_lines(lines: list[str], path: Path) -> tuple[str, str, str]:
    """Return (report name, retrieval date YYYY-MM-DD, measure header) from the title and header lines."""
    cells = [next(csv.reader([line]), [""]) for line in lines[:4]]
    if len(cells) < 4 or not cells[1] or not cells[1][0].startswith("Current date: "):
        raise UserInputError(
            "expected USA Trade Online's layout: three title lines (the second 'Current date: MM/DD/YYYY ...'), "
            "then the header State,Commodity,Country,Time,<measure>",
            file=path,
            row=2,
        )
    date = re.match(r"Current date: (\d{2})/(\d{2})/(\d{4})", cells[1][0])
    if not date:
        raise UserInputError(f"expected 'Current date: MM/DD/YYYY', got {cells[1][0]!r}", file=path, row=2)
    header = [c for c in cells[3] if c != ""] if cells[3][-1:] == [""] else cells[3]
    if header[:4] != HEADER or len(header) != 5:
        raise UserInputError(f"expected the header {','.join(HEADER)},<measure>, got {lines[3]!r}", file=path, row=4)
    if header[4] not in MEASURE_HEADERS:
        raise UserInputError(
            f"expected the measure {' or '.join(map(repr, MEASURE_HEADERS))}, got {header[4]!r}",
            file=path,
            row=4,
            column=header[4],
        )
    return cells[0][0], f"{date[3]}-{date[1]}-{date[2]}", header[4]


def _per_value(column: pd.Series, function) -> pd.Series:
    """Apply ``function`` once per distinct value of ``column`` (a few dozen here, not 40,000 rows).

    Examples
    --------
    >>> _per_value(pd.Series(["2025", "2025", "x"]), str.isdigit).tolist()
    [True, True, False]
    """
    codes, uniques = pd.factorize(column, sort=False)
    return pd.Series([function(u) for u in uniques], dtype=object).take(codes).set_axis(column.index)


def _time_parts(text: str) -> tuple[str | None, str | None]:
    """Return (year, month name or None) of a Time value, (None, None) when it is neither.

    Examples
    --------
    >>> _time_parts("2025"), _time_parts("2026 through January"), _time_parts("Jan 2026")
    (('2025', None), ('2026', 'January'), (None, None))
    """
    match = _TIME.match(text)
    return (match["year"], match["month"]) if match else (None, None)


def _millions_text(dollars: pd.Series) -> list[str]:
    """Write whole dollars as millions, exact plain decimals (one pass, no float).

    Examples
    --------
    >>> _millions_text(pd.Series([147206391795, 5_000_000, 6_365_170, 0]))
    ['147206.391795', '5', '6.36517', '0']
    """
    return [f"{d // 1_000_000}.{d % 1_000_000:06d}".rstrip("0").rstrip(".") for d in dollars.tolist()]


def _first_bad(mask: pd.Series, frame: pd.DataFrame, column: str, expected: str, path: Path) -> None:
    """Raise for the first row where ``mask`` holds, naming its line, column and value."""
    if mask.any():
        position = int(mask.to_numpy().nonzero()[0][0])
        value = frame[column].iloc[position]
        raise UserInputError(
            f"expected {expected}, got {value!r}", file=path, row=position + FIRST_DATA_LINE, column=column
        )


def read_saved_file(path: str | Path, countries: pd.DataFrame | None = None) -> SavedFile:
    """Read one saved USA Trade Online file into tidy rows (vectorised).

    Returns
    -------
    SavedFile
        ``rows`` has ``line`` (the file's line number), ``country`` (the name), ``cty_code``,
        ``partner``, ``naics`` (three digits, or ``total`` for All Commodities), ``title``,
        ``year``, ``months`` (12 for a year, 1 for ``2026 through January``) and ``value_usd``
        (whole dollars). The ``World Total`` rows are kept with ``cty_code`` ``""``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text('"State Imports by NAICS Commodities"\\n"Current date: 03/15/2026 5:03 PM"\\n'
    ...     '"Measures: Customs Value (Gen) ($US)"\\n"State","Commodity","Country","Time","Customs Value (Gen) ($US)",\\n'
    ...     '"All States","111 Agricultural Products","Japan","2026 through January","1,234,567",\\n')
    >>> f = read_saved_file(p)
    >>> f.measure, f.retrieved, f.rows[["partner", "naics", "year", "months", "value_usd"]].values.tolist()
    ('imports', '2026-03-15', [['JPN', '111', 2026, 1, 1234567]])
    """
    path = Path(path)
    countries = read_countries() if countries is None else countries
    text = _open_text(path)
    lines = text.split("\n", 4)
    _, retrieved, measure_header = _title_lines(lines, path)
    measure, basis = MEASURE_HEADERS[measure_header]
    try:
        frame = pd.read_csv(
            io.StringIO(text), skiprows=3, dtype=str, keep_default_na=False, na_filter=False, index_col=False
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise UserInputError(f"cannot read as CSV: {exc}", file=path) from None
    extra = [c for c in frame.columns[5:] if (frame[c] != "").any()]
    if extra:
        raise UserInputError("expected nothing after the value column", file=path, column=extra[0])
    _first_bad(frame["State"] != NATIONAL, frame, "State", f"{NATIONAL!r} (the national total)", path)
    _first_bad(
        ~_per_value(frame["Commodity"], lambda c: bool(re.fullmatch(_COMMODITY, c))).astype(bool),
        frame,
        "Commodity",
        f"{ALL_COMMODITIES!r} or a NAICS code of three digits and its title",
        path,
    )
    time = pd.DataFrame(_per_value(frame["Time"], _time_parts).tolist(), columns=["year", "month"], index=frame.index)
    _first_bad(
        time["year"].isna(), frame, "Time", "a year such as 2025 or a period such as '2026 through January'", path
    )
    values = frame[measure_header]
    _first_bad(~values.str.fullmatch(_VALUE), frame, measure_header, "whole dollars such as '1,234,567'", path)
    code_of = dict(zip(countries["name"], countries["cty_code"])) | {WORLD: ""}
    partner_of = dict(zip(countries["name"], countries["partner"])) | {WORLD: ""}
    cty = frame["Country"].map(code_of)
    _first_bad(cty.isna(), frame, "Country", f"a partner name of {shown(COUNTRY_TABLE)} (or {WORLD!r})", path)
    is_total = frame["Commodity"] == ALL_COMMODITIES
    month = time["month"].map({m: i for i, m in enumerate(MONTHS, start=1)}).fillna(12)
    rows = pd.DataFrame(
        {
            "line": frame.index.to_numpy() + FIRST_DATA_LINE,
            "country": frame["Country"],
            "cty_code": cty,
            "partner": frame["Country"].map(partner_of),
            "naics": frame["Commodity"].str[:3].where(~is_total, TOTAL),
            "title": frame["Commodity"].str[4:].where(~is_total, ALL_COMMODITIES),
            "year": time["year"].astype("int64"),
            "months": month.astype("int64"),
            "value_usd": values.str.replace(",", "", regex=False).astype("int64"),
        }
    )
    key = ["country", "naics", "year", "months"]
    twice = rows.duplicated(key)
    _first_bad(twice, frame, "Country", "one row per country, commodity and time (this one is repeated)", path)
    return SavedFile(path, measure, basis, retrieved, rows)


def period_name(year: int, months: int) -> str:
    """Name a period in words: a year, or the months of a year to date.

    Examples
    --------
    >>> period_name(2025, 12), period_name(2026, 1), period_name(2026, 3)
    ('2025', 'January 2026 (year to date)', 'January-March 2026 (year to date)')
    """
    if months == 12:
        return str(year)
    span = MONTHS[0] if months == 1 else f"{MONTHS[0]}-{MONTHS[months - 1]}"
    return f"{span} {year} (year to date)"


def source_id_for(path: Path) -> str:
    """Return the source id of a saved file: ``usa-trade-online-`` and the file name as a slug.

    Examples
    --------
    >>> source_id_for(Path("x/exports_naics3_by_country_2020_2026m01.csv.gz"))
    'usa-trade-online-exports-naics3-by-country-2020-2026m01'
    """
    stem = re.sub(r"\.(csv|csv\.gz)$", "", path.name.lower())
    return "usa-trade-online-" + re.sub(r"[^a-z0-9]+", "-", stem).strip("-")


def vintage_of(saved: list[SavedFile]) -> str:
    """Return the vintage id of files retrieved on one date: ``usa_trade_online_YYYY_MM_DD``.

    Examples
    --------
    >>> vintage_of([SavedFile(Path("a"), "exports", "", "2026-03-15", pd.DataFrame())])
    'usa_trade_online_2026_03_15'
    """
    dates = sorted({f.retrieved for f in saved})
    if len(dates) != 1:
        raise UserInputError(
            f"the files were retrieved on different dates ({', '.join(dates)}); import each date with its own "
            "--vintage, or give one with --vintage",
            column="--vintage",
        )
    return "usa_trade_online_" + dates[0].replace("-", "_")


def partial_periods(saved: list[SavedFile]) -> list[str]:
    """Return one line per year-to-date period in the files (left out of the figures, which hold years).

    Says whether the same months of the year before are there too, the only comparison such a period allows.
    """
    lines = []
    for f in saved:
        periods = f.rows[["year", "months"]].drop_duplicates()
        held = set(map(tuple, periods.values.tolist()))
        for year, months in sorted(held):
            if months == 12:
                continue
            earlier = (year - 1, months) in held
            lines.append(
                f"{f.path.name}: {period_name(year, months)} not written: a year-to-date period, not a year; "
                + (
                    f"{period_name(year - 1, months)} is in the file too, the one period it compares with"
                    if earlier
                    else f"the file has no {period_name(year - 1, months)} to compare it with"
                )
            )
    return lines


def figures_of(saved: list[SavedFile], *, vintage: str) -> pd.DataFrame:
    """Return canonical figures of every partner in the files: complete years, NAICS sectors and totals.

    ``sector`` is ``naics_`` and the code (``naics_336``) or ``total`` (All Commodities, the reported
    total); values in millions of dollars as plain text. World Total rows are not a partner and are
    left out.
    """
    frames = []
    for f in saved:
        rows = f.rows[(f.rows["months"] == 12) & (f.rows["cty_code"] != "")]
        sector = ("naics_" + rows["naics"]).where(rows["naics"] != TOTAL, TOTAL)
        frames.append(
            pd.DataFrame(
                {
                    "reporter": "USA",
                    "partner": rows["partner"],
                    "period": rows["year"],
                    "sector": sector,
                    "measure": f.measure,
                    "value_usd_m": _millions_text(rows["value_usd"]),
                    "basis": f.basis,
                    "vintage": vintage,
                    "source_id": source_id_for(f.path),
                    "note": (rows["naics"] == TOTAL).map({True: "reported total (All Commodities)", False: ""}),
                }
            )
        )
    figures = pd.concat(frames, ignore_index=True)
    order = figures["sector"].where(figures["sector"] != TOTAL, "")
    return (
        figures.assign(_order=order)
        .sort_values(["partner", "period", "measure", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)[list(FIGURES.columns)]
    )


def sectors_of(saved: list[SavedFile]) -> pd.DataFrame:
    """Return the sectors table of the NAICS codes in the files, labelled with the files' own titles.

    Examples
    --------
    >>> rows = pd.DataFrame({"naics": ["336", "total"], "title": ["Transportation Equipment", "All Commodities"]})
    >>> sectors_of([SavedFile(Path("a"), "exports", "", "", rows)])[["sector", "label"]].values.tolist()
    [['naics_336', 'Transportation Equipment']]
    """
    titles = pd.concat([f.rows[["naics", "title"]] for f in saved]).drop_duplicates("naics")
    titles = titles[titles["naics"] != TOTAL].sort_values("naics")
    return pd.DataFrame(
        {
            "sector": "naics_" + titles["naics"],
            "label": titles["title"],
            "kind": "goods",
            "market": "private",
            "parent": "",
            "hs_codes": "",
            "note": "NAICS " + titles["naics"] + ", title as USA Trade Online prints it; market not assessed",
        },
        columns=list(SECTORS.columns),
    ).reset_index(drop=True)


def sources_of(saved: list[SavedFile], years_written: dict[Path, list[int]]) -> pd.DataFrame:
    """Return one sources row per file: publisher, title, retrieval date, URL and what was taken from it."""
    rows = []
    for f in saved:
        years = years_written.get(f.path, [])
        flow = "Exports" if f.measure == "exports" else "Imports"
        rows.append(
            {
                "source_id": source_id_for(f.path),
                "publisher": "U.S. Census Bureau",
                "title": f"USA Trade Online, State {flow} by NAICS Commodities, All States, by country "
                f"(saved as {f.path.name})",
                "date": f.retrieved,
                "url": URL,
                "quote": f"{f.path.name} (sha256 {sha256_of(f.path)}): {f.basis}, NAICS 3-digit and All "
                f"Commodities by country, whole dollars; years written: "
                f"{', '.join(map(str, years)) or 'none'}",
            }
        )
    return pd.DataFrame(rows, columns=list(SOURCES.columns))


def read_saved_files(files: list[Path], countries: pd.DataFrame | None = None) -> list[SavedFile]:
    """Read every file; two files of the same flow are an error (each figure comes from one file)."""
    countries = read_countries() if countries is None else countries
    saved = [read_saved_file(Path(p), countries) for p in files]
    seen: dict[str, Path] = {}
    for f in saved:
        if f.measure in seen:
            raise UserInputError(
                f"holds {f.measure} like {seen[f.measure].name}; expected one file per flow", file=f.path
            )
        seen[f.measure] = f.path
    return saved


def select_partner(figures: pd.DataFrame, countries: pd.DataFrame, partner: str | None) -> pd.DataFrame:
    """Return the figures of one partner, named by its name, Census code or ISO code (all for None).

    Examples
    --------
    >>> f = pd.DataFrame({"partner": ["JPN", "KOR"]})
    >>> select_partner(f, read_countries(), "5880")["partner"].tolist()
    ['JPN']
    """
    if partner is None:
        return figures
    match = countries[(countries[["name", "cty_code", "iso3", "partner"]] == partner).any(axis=1)]
    if match.empty:
        raise UserInputError(
            f"expected a partner name (Japan), Census code (5880) or ISO code (JPN) of {shown(COUNTRY_TABLE)}, "
            f"got {partner!r}",
            column="--partner",
        )
    code = match["partner"].iloc[0]
    chosen = figures[figures["partner"] == code]
    if chosen.empty:
        raise UserInputError(f"the files hold no complete year for {partner}", column="--partner")
    return chosen


def write_dataset(
    out_dir: Path, figures: pd.DataFrame, sectors: pd.DataFrame, sources: pd.DataFrame, *, empty_tables: bool
) -> list[str]:
    """Write the tables into ``out_dir``, keeping every row already there (a differing row is an error).

    ``empty_tables`` also writes ``context.csv`` and ``status_events.csv`` as header lines when absent,
    so the folder is ready for a report (composition and contributions need no status data).
    """
    out_dir = Path(out_dir)
    used = set(figures["sector"]) - {TOTAL}
    sectors = sectors[sectors["sector"].isin(used)]
    used_sources = set(figures["source_id"])
    sources = sources[sources["source_id"].isin(used_sources)]
    merged = write_dataset_tables(out_dir, figures, sectors, sources)
    if empty_tables:
        for name, schema in (("context.csv", CONTEXT), ("status_events.csv", STATUS_EVENTS)):
            if not (out_dir / name).exists():
                write_atomic(out_dir / name, ",".join(schema.columns) + "\n")
    return [
        f"wrote {shown(out_dir)}/: figures.csv ({len(merged['figures.csv'])} rows), sectors.csv "
        f"({len(merged['sectors.csv'])}), sources.csv ({len(merged['sources.csv'])})"
    ]


def import_usa_trade_online(
    files: list[Path],
    *,
    out_dir: Path,
    partner: str | None = None,
    vintage: str | None = None,
    empty_tables: bool = True,
) -> ImportResult:
    """Import saved USA Trade Online files into a dataset folder, for one partner or for all.

    Parameters
    ----------
    files : list of Path
        One file per flow (exports, imports), ``.csv`` or ``.csv.gz``.
    out_dir : Path
        The dataset folder (created if absent; rows already there are kept, never overwritten).
    partner : str, optional
        A name (``Japan``), Census code (``5880``) or ISO code (``JPN``); every partner when None.
    vintage : str, optional
        The figures' vintage id; by default ``usa_trade_online_`` and the files' retrieval date.
    empty_tables : bool
        Also write context.csv and status_events.csv as header lines (when absent).
    """
    if vintage is not None and not re.fullmatch(r"[a-z0-9_]+", vintage):
        raise UserInputError(
            f"expected a vintage id of lower-case letters, digits and '_', got {vintage!r}", column="--vintage"
        )
    countries = read_countries()
    saved = read_saved_files(files, countries)
    figures = select_partner(figures_of(saved, vintage=vintage or vintage_of(saved)), countries, partner)
    years = {
        f.path: sorted(int(y) for y in figures.loc[figures["measure"] == f.measure, "period"].unique()) for f in saved
    }
    lines = [
        f"{f.path.name}: {len(f.rows)} rows, {f.measure}; {figures['partner'].nunique()} partner"
        f"{'s' if figures['partner'].nunique() != 1 else ''}, years {years[f.path][0]}-{years[f.path][-1]}"
        for f in saved
        if years[f.path]
    ]
    lines += partial_periods(saved)
    lines += write_dataset(out_dir, figures, sectors_of(saved), sources_of(saved, years), empty_tables=empty_tables)
    return ImportResult(Path(out_dir), lines)
