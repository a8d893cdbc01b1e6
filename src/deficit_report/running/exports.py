"""The data behind every table and chart: ``data/<name>.csv`` and one workbook, ``report.xlsx``.

The executed notebook's outputs carry the unrounded frame of each table and
chart they show (:mod:`deficit_report.rendering.frame_records`); this module reads
those records, in page order, and writes them next to the report. Nothing
lists the tables: what the page shows is what is written.

Files are tidy CSV (one header row, UTF-8, ``\\n`` line ends, values as the
report used them, unrounded); a column holding a share (a fraction of 1) gets
``_fraction`` in its name, money columns end in ``_usd_m`` or ``_usd_bn``. A
table without rows is not written (the page says in one line that it has
none), nor is a chart's drawn annotation (:func:`~deficit_report.rendering.frame_records.worth_a_file`).
The workbook has a ``contents`` sheet (each sheet with its title, section,
units, CSV file and rows), one sheet per table under a short name, ``sources``
(every source the report cites, from the Sources section) last of them, then
``parameters`` (the checked parameters); money, shares and percentages carry
number formats (a share shows as 55.9%, its cell keeps the fraction). It is written with
XlsxWriter, which stamps every zip entry with a fixed 1980 date; its document
dates are fixed too (:data:`WORKBOOK_DATE`), so a rerun gives the same bytes.
XlsxWriter was chosen over openpyxl for that: it writes a file in one pass
with nothing taken from the clock once ``created`` is set, where openpyxl
stamps the zip entries and ``modified`` with the current time.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import nbformat
import pandas as pd

from deficit_report.dataset.files import write_atomic
from deficit_report.dataset.tables import table_text
from deficit_report.paths import DATA_FOLDER, WORKBOOK_FILE
from deficit_report.rendering.escape import csv_cell, runs_as_formula, spreadsheet_text
from deficit_report.rendering.frame_records import EXPORT_KEY

#: The workbook's creation date: fixed, so reruns give the same bytes (XlsxWriter's own zip date).
WORKBOOK_DATE = dt.datetime(1980, 1, 1)
#: Excel's longest sheet name, and the characters it refuses in one.
SHEET_NAME_LIMIT = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def notebook_records(nb: nbformat.NotebookNode) -> list[dict]:
    """Return the exported frames recorded in a notebook's outputs, in page order, each name once.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> out = nbformat.v4.new_output("display_data", data={"text/plain": "t"},
    ...     metadata={"deficit_report": {"exports": [{"name": "headline", "columns": ["a"], "rows": [[1]]}]}})
    >>> nb.cells.append(nbformat.v4.new_code_cell("x", outputs=[out, out]))
    >>> nb.cells.insert(0, nbformat.v4.new_markdown_cell("## 1. Headline"))
    >>> [(r["name"], r["section"]) for r in notebook_records(nb)]
    [('headline', '1. Headline')]
    """
    records, seen, section = [], set(), ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            headings = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("## ")]
            section = headings[-1] if headings else section
        for output in cell.get("outputs", []):
            for item in output.get("metadata", {}).get(EXPORT_KEY, {}).get("exports", []):
                if item["name"] not in seen:
                    seen.add(item["name"])
                    records.append({"section": section, **item})
    return records


def unit_column(name: str) -> str:
    """Name a column with its unit: shares (fractions of 1) get ``_fraction``, billions ``_usd_bn``; others keep theirs.

    Examples
    --------
    >>> [unit_column(c) for c in ["share", "share_at_most", "claimed_share", "share_of_change", "share_met"]]
    ['share_fraction', 'share_at_most_fraction', 'claimed_share_fraction', 'share_of_change_fraction', 'share_met_fraction']
    >>> [unit_column(c) for c in ["value_usd_m", "value_bn", "actual_usd_bn"]]
    ['value_usd_m', 'value_usd_bn', 'actual_usd_bn']
    >>> unit_column("share_text")
    'share_text'
    """
    is_share = name == "share" or name.endswith("_share") or re.fullmatch(r"share_(at_least|at_most|met|of_\w+)", name)
    if is_share:
        return f"{name}_fraction"
    if name.endswith("_bn") and not name.endswith("_usd_bn"):  # a chart's billions beside its millions
        return f"{name.removesuffix('_bn')}_usd_bn"
    return name


def record_frame(item: dict) -> pd.DataFrame:
    """Return an exported record as a frame with unit column names.

    Examples
    --------
    >>> record_frame({"name": "c", "columns": ["sector", "share"], "rows": [["automotive", 0.5586]]})
          sector  share_fraction
    0  automotive          0.5586
    """
    frame = pd.DataFrame(item["rows"], columns=item["columns"])
    return frame.rename(columns={c: unit_column(c) for c in frame.columns})


def csv_text(frame: pd.DataFrame) -> str:
    r"""Return a frame as tidy CSV text: no index, ``\n`` line ends, floats as Python writes them (unrounded).

    A text cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
    tab or CR first, and not a plain number) is written with a leading ``'``, and a
    carriage return inside a cell as a line break, quoted, so it cannot end the row
    (:func:`~deficit_report.rendering.escape.csv_cell`); numbers stay numbers.

    Examples
    --------
    >>> csv_text(pd.DataFrame({"sector": ["a", "=1+1"], "value_usd_m": [-69392.117328, None]}))
    "sector,value_usd_m\na,-69392.117328\n'=1+1,\n"
    """
    text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    safe = frame.assign(**{c: frame[c].map(csv_cell) for c in text_columns}) if text_columns else frame
    # the one CSV writer (dataset/tables.py), given cells a spreadsheet will not run
    return table_text(safe.rename(columns=spreadsheet_text))


#: Small words a sheet name leaves out, and words it does not end on once cut to fit.
_SHEET_SMALL_WORDS = frozenset({"the", "of", "a", "an", "with", "at", "and", "to", "in", "on", "for"})
_SHEET_DANGLING = frozenset({"by", "per", "over", "as", "from", "between", "each"})


def sheet_name(name: str, limit: int = SHEET_NAME_LIMIT) -> str:
    """Return a short sheet name for a table: its words without the small ones, cut after a whole word.

    Examples
    --------
    >>> sheet_name("coverage_by_market")
    'coverage by market'
    >>> sheet_name("chart_share_of_the_deficit_held_by_sectors_with_an_agr")
    'chart share deficit held'
    >>> sheet_name("chart_deal_outcomes_auto_dealers_132_by_1997_07_31_aga")
    'chart deal outcomes auto'
    """
    words = [w for w in _SHEET_BAD.sub(" ", name).replace("_", " ").split() if w not in _SHEET_SMALL_WORDS]
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    while len(kept) > 1 and len(kept) < len(words) and kept[-1] in _SHEET_DANGLING:
        kept.pop()
    return " ".join(kept) or name[:limit]


def sheet_names(names: list[str]) -> list[str]:
    """Return short, distinct sheet names (31 characters at most, Excel's limit) for table names.

    A name that another already took gets a number (Excel compares sheet names
    without case), e.g. a chart's second frame.

    Examples
    --------
    >>> sheet_names(["contents", "chart_trade_weighted_tariffs_by_sector_monthly_2015_01",
    ...              "chart_trade_weighted_tariffs_by_sector_monthly_2015_01_2"])
    ['contents', 'chart trade weighted tariffs', 'chart trade weighted tariffs 2']
    """
    out: list[str] = []
    for name in names:
        candidate, n = sheet_name(name), 1
        while candidate.lower() in {o.lower() for o in out}:
            n += 1
            candidate = f"{sheet_name(name, SHEET_NAME_LIMIT - len(str(n)) - 1)} {n}"
        out.append(candidate)
    return out


#: What a column's name ends with: its unit in words (the contents sheet) and the cells' number format.
COLUMN_UNITS = {
    "_usd_m": ("U.S. dollars, millions", "#,##0.0##"),
    "_usd_bn": ("U.S. dollars, billions", "#,##0.0##"),
    "_fraction": ("share, a fraction of 1 (shown as a percentage)", "0.0%"),
    "_pct": ("percent", "0.0#"),
}
#: Columns whose values are in the unit the row's ``unit`` column names (figures of several kinds).
PER_ROW_UNIT = "in the unit of the row's unit column"


def column_unit(column: str, columns: list[str]) -> tuple[str, str] | None:
    """Return a column's unit in words and its number format, or None for text, dates and counts.

    Examples
    --------
    >>> column_unit("value_usd_m", ["value_usd_m"])
    ('U.S. dollars, millions', '#,##0.0##')
    >>> column_unit("value", ["value", "unit"])[0]
    "in the unit of the row's unit column"
    >>> column_unit("hhi_at_most", ["hhi_at_most"])[0]
    'Herfindahl-Hirschman index points (0 to 10,000)'
    >>> column_unit("sector", ["sector"]) is None
    True
    """
    for suffix, unit in COLUMN_UNITS.items():
        if column.endswith(suffix):
            return unit
    if column == "value" and "unit" in columns:
        return PER_ROW_UNIT, "General"
    if column.startswith("hhi_"):
        return "Herfindahl-Hirschman index points (0 to 10,000)", "#,##0"
    return None


def units_text(frame: pd.DataFrame) -> str:
    """Say in one line the unit of each column of a frame that has one.

    Examples
    --------
    >>> units_text(pd.DataFrame(columns=["sector", "value_usd_m", "share_fraction"]))
    'value_usd_m: U.S. dollars, millions; share_fraction: share, a fraction of 1 (shown as a percentage)'
    """
    columns = [str(c) for c in frame.columns]
    units = [(c, column_unit(c, columns)) for c in columns]
    return "; ".join(f"{c}: {unit[0]}" for c, unit in units if unit)


def contents_frame(records: list[dict], tables: dict[str, pd.DataFrame], sheets: list[str]) -> pd.DataFrame:
    """Return the contents sheet: for each table its sheet, title, section, units, CSV file and rows.

    A chart's table has the chart's title; any other table its name in words.

    Examples
    --------
    >>> tables = {"headline": pd.DataFrame({"item": ["1994 balance"], "value_usd_m": [-65700.0]})}
    >>> contents_frame([{"name": "headline", "section": "1. Headline"}], tables, ["headline"]).to_dict("records")
    [{'sheet': 'headline', 'title': 'Headline', 'section': '1. Headline', 'units': 'value_usd_m: U.S. dollars, millions', 'csv_file': 'data/headline.csv', 'rows': 1}]
    """
    about = {r["name"]: r for r in records}
    rows = []
    for sheet, (name, frame) in zip(sheets, tables.items()):
        record = about.get(name, {})
        title = record.get("title") or name.replace("_", " ").capitalize()
        rows.append(
            (sheet, title, record.get("section", ""), units_text(frame), f"{DATA_FOLDER}/{name}.csv", len(frame))
        )
    return pd.DataFrame(rows, columns=["sheet", "title", "section", "units", "csv_file", "rows"])


def write_workbook(
    path: Path, tables: dict[str, pd.DataFrame], parameters: dict, records: list[dict] | None = None
) -> Path:
    """Write the workbook; same inputs, same bytes.

    Sheets: ``contents`` (:func:`contents_frame`), one per table under a short
    name (:func:`sheet_names`), ``sources`` last of them, then ``parameters``.
    Money and shares get number formats (:data:`COLUMN_UNITS`): the cells keep
    the unrounded values. ``records`` (the notebook's) give the tables' titles and sections.
    """
    import xlsxwriter

    ordered = {k: v for k, v in tables.items() if k != "sources"}
    if "sources" in tables:
        ordered["sources"] = tables["sources"]
    names = sheet_names(["contents", *ordered, "parameters"])
    contents = contents_frame(records or [], ordered, names[1:-1])
    sheets = [contents, *ordered.values(), parameters_frame(parameters)]
    # Text is written as text: never as a formula (a cell "=HYPERLINK(...)" from a CSV note), a URL or a number.
    options = {"nan_inf_to_errors": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(str(path), {**options, "strings_to_numbers": False})
    workbook.set_properties({"created": WORKBOOK_DATE, "title": str(parameters.get("title", ""))})
    bold = workbook.add_format({"bold": True})
    formats = {fmt: workbook.add_format({"num_format": fmt}) for _, fmt in COLUMN_UNITS.values()}
    # text that starts like a formula keeps Excel's quote prefix, so it stays text when a reader edits the cell
    as_text = workbook.add_format({"quote_prefix": True})
    for sheet_name, frame in zip(names, sheets):
        sheet = workbook.add_worksheet(sheet_name)
        columns = [str(c) for c in frame.columns]
        sheet.write_row(0, 0, columns, bold)
        for c, column in enumerate(columns):  # wide enough for the header and most values, never wider than 60
            longest = max([len(column), *(len(str(v)) for v in frame.iloc[:, c].head(200))])
            sheet.set_column(c, c, min(60, longest + 2))
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for c, value in enumerate(row):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    continue  # a missing figure stays an empty cell, never a zero
                value = value.item() if hasattr(value, "item") else value
                if runs_as_formula(value):
                    sheet.write_string(r, c, value, as_text)
                else:
                    unit = column_unit(columns[c], columns)
                    sheet.write(r, c, value, formats.get(unit[1]) if unit else None)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return path


def parameters_frame(parameters: dict) -> pd.DataFrame:
    """Return the report's parameters as a two-column frame (lists joined with commas).

    Examples
    --------
    >>> parameters_frame({"partner": "JPN", "vintage_order": ["revised", "press"]})
           parameter           value
    0        partner             JPN
    1  vintage_order  revised, press
    """
    rows = [
        (k, ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else str(v)))
        for k, v in parameters.items()
    ]
    return pd.DataFrame(rows, columns=["parameter", "value"])


def write_exports(folder: Path, nb: nbformat.NotebookNode, parameters: dict) -> tuple[dict[str, Path], dict]:
    """Write ``data/<name>.csv`` for every table and chart the notebook shows, and ``report.xlsx``.

    Returns the files written, by their path relative to ``folder`` (for the
    manifest), and the report's summary for the index (:func:`report_summary`).
    """
    records = notebook_records(nb)
    tables = {item["name"]: record_frame(item) for item in records}
    # a table without rows is a line on the page ("No claims for ..."), not an empty file or sheet
    shown = {name: frame for name, frame in tables.items() if len(frame) and len(frame.columns)}
    written: dict[str, Path] = {}
    if not shown:  # a notebook that shows no table or chart of the package: nothing to write
        return written, report_summary(tables, parameters)
    (folder / DATA_FOLDER).mkdir(exist_ok=True)
    for name, frame in shown.items():
        relative = f"{DATA_FOLDER}/{name}.csv"
        written[relative] = write_atomic(folder / relative, csv_text(frame))
    written[WORKBOOK_FILE] = write_workbook(folder / WORKBOOK_FILE, shown, parameters, records)
    return written, report_summary(tables, parameters)


def report_summary(tables: dict[str, pd.DataFrame], parameters: dict) -> dict:
    """Return what the index page shows of a report: its first key finding and headline numbers.

    ``balance_usd_m`` and ``change_usd_m`` are the focus-year balance and its
    change (of the sum of the sectors when the report's shares are of that
    sum, as its headline says); ``shares`` maps each status group to its share (at least, at most),
    fractions as the coverage table has them, or each flow's group when
    coverage is given per flow only. A missing table leaves its entries None.

    Examples
    --------
    >>> tables = {"key_findings": pd.DataFrame({"text": ["The balance was -$65.7 bn."]}),
    ...     "headline": pd.DataFrame({"item": ["1994 balance", "change in balance, 1992 to 1994"],
    ...                               "value_usd_m": [-65700.0, -16300.0]}),
    ...     "coverage": pd.DataFrame({"group": ["stalled"], "share_at_least_fraction": [0.5586],
    ...                               "share_at_most_fraction": [0.5586]})}
    >>> report_summary(tables, {"focus_year": 1994, "compare_year": 1992})
    {'finding': 'The balance was -$65.7 bn.', 'balance_usd_m': -65700.0, 'change_usd_m': -16300.0, 'shares': {'stalled': [0.5586, 0.5586]}}

    When every status event names a flow, the coverage table is empty and the shares are per flow:

    >>> tables["coverage"] = tables["coverage"].iloc[:0]
    >>> tables["chart_per_flow"] = pd.DataFrame({"flow": ["imports"], "group": ["within reach or agreed"],
    ...     "share_at_least_fraction": [0.0], "share_at_most_fraction": [0.9563]})
    >>> report_summary(tables, {"focus_year": 2019, "compare_year": 2017})["shares"]
    {'imports: within reach or agreed': [0.0, 0.9563]}
    """
    focus, compare = parameters.get("focus_year"), parameters.get("compare_year")
    findings = tables.get("key_findings")
    headline = tables.get("headline")
    values = dict(zip(headline["item"], headline["value_usd_m"])) if headline is not None else {}

    def number(key: str) -> float | None:
        value = values.get(key)
        return None if value is None or pd.isna(value) else float(value)

    bounds = {"share_at_least_fraction", "share_at_most_fraction"}
    coverage = tables.get("coverage")
    shares = {}
    if coverage is not None and bounds <= set(coverage.columns):
        for row in coverage.itertuples():
            shares[row.group] = [float(row.share_at_least_fraction), float(row.share_at_most_fraction)]
    if not shares:  # every status event names a flow: the shares per flow, from the frames that hold them
        for frame in tables.values():
            if {"flow", "group"} | bounds <= set(frame.columns):
                for row in frame.itertuples():
                    shares[f"{row.flow}: {row.group}"] = [
                        float(row.share_at_least_fraction),
                        float(row.share_at_most_fraction),
                    ]
    # shares on the sum of the sectors (share_base "sectors"): the balance and change on that base too
    on_sectors = number(f"{focus} balance, sum of the sectors") is not None
    return {
        "finding": str(findings["text"].iloc[0]) if findings is not None and len(findings) else None,
        "balance_usd_m": number(f"{focus} balance, sum of the sectors" if on_sectors else f"{focus} balance"),
        "change_usd_m": number(
            "change in balance, sum of the sectors" if on_sectors else f"change in balance, {compare} to {focus}"
        ),
        "shares": shares,
    }
