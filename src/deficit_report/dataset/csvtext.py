"""Strict reading of CSV text: UTF-8 (a BOM and CRLF line ends accepted), known columns, even rows, plain numbers.

The first step of :mod:`deficit_report.dataset.load`: every cell stays text until
:func:`parse_numbers` turns numeric columns into numbers, so any problem can
be reported with the file, the line and the column it is on.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from deficit_report.dataset.files import read_text
from deficit_report.errors import UserInputError


def read_csv_rows(path: Path, columns: list[str], may_be_empty: bool = False) -> pd.DataFrame:
    """Read a CSV file as text, checking its header and the width of every row.

    Parameters
    ----------
    path : Path
        The CSV file.
    columns : list of str
        The expected columns (matched by name: the file may hold them in any
        order; the frame has them in this order).
    may_be_empty : bool
        Accept a file with a header and no rows.

    Returns
    -------
    pandas.DataFrame
        All cells as strings (empty cells are ``""``), indexed by file line number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("a,b\\n1,2\\n3,4\\n")
    >>> read_csv_rows(p, ["a", "b"]).to_dict("index")
    {2: {'a': '1', 'b': '2'}, 3: {'a': '3', 'b': '4'}}
    """
    path = Path(path)
    text = read_text(path)
    if not text.strip():
        raise UserInputError(f"file is empty; expected a header row: {','.join(columns)}", file=path, row=1)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    check_header(header, columns, path)
    rows, lines = [], []
    for record in reader:
        line = reader.line_num
        if not record:
            continue
        if len(record) != len(header):
            raise UserInputError(
                f"expected {len(header)} fields, found {len(record)} "
                "(a ragged row: check for an unquoted comma or a missing field)",
                file=path,
                row=line,
            )
        rows.append(record)
        lines.append(line)
    if not rows and not may_be_empty:
        raise UserInputError(
            "has a header but no data rows; expected at least one row after the header", file=path, row=2
        )
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    return frame[columns] if rows else pd.DataFrame(columns=columns, index=pd.Index([], name="line"), dtype=object)


def check_header(header: list[str], columns: list[str], path: Path) -> None:
    """Check that a header names each expected column once, in any order.

    Columns are matched by name, so a file whose columns a spreadsheet
    reordered still loads; a missing, unknown or repeated column is an error.

    Examples
    --------
    >>> check_header(["b", "a"], ["a", "b"], Path("t.csv"))
    >>> check_header(["a", "a", "b"], ["a", "b"], Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 1: column a appears twice; expected header: a,b
    """
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    twice = sorted({c for c in header if header.count(c) > 1})
    detail = []
    if missing:
        detail.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        detail.append(f"unexpected column(s) {', '.join(extra)}")
    if twice:
        detail.append(f"column {', '.join(twice)} appears twice")
    if detail:
        raise UserInputError(f"{'; '.join(detail)}; expected header: {','.join(columns)}", file=path, row=1)


_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_INTEGER = re.compile(r"^-?[0-9]+$")


def parse_numbers(frame: pd.DataFrame, schema, path: Path) -> pd.DataFrame:
    """Turn the text of numeric columns into numbers, strictly.

    Only plain decimal numbers are accepted: no thousands separators, units,
    currency signs, ``NaN`` or empty cells (a missing figure is a missing row,
    never an empty value).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"period": ["1994"], "value_usd_m": ["-65,700"]}, index=[2])
    >>> from deficit_report.dataset import schemas
    >>> parse_numbers(rows, schemas.FIGURES, Path("figures.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: figures.csv, line 2, column 'value_usd_m': expected a plain number (no thousands separators, units or currency signs), got '-65,700'
    """
    frame = frame.copy()
    for name, column in schema.columns.items():
        kind = str(column.dtype)
        if name not in frame or not kind.startswith(("int", "float")):
            continue
        pattern = _INTEGER if kind.startswith("int") else _NUMBER
        cells = frame[name].str.strip()
        bad = cells[~cells.str.fullmatch(pattern)]
        if not bad.empty:
            value = bad.iloc[0]
            if not value or value.lower() in ("nan", "na", "n/a", "null", "none"):
                problem = f"expected a number, got {'an empty cell' if not value else repr(value)}"
                problem += " (a figure that is not known is left out, not written as empty)"
            else:
                what = "an integer" if pattern is _INTEGER else "a plain number"
                problem = f"expected {what} (no thousands separators, units or currency signs), got {value!r}"
            raise UserInputError(problem, file=path, row=int(bad.index[0]), column=name)
        frame[name] = cells.astype("int64" if pattern is _INTEGER else "float64")
    return frame
