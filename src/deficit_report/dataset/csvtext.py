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

from deficit_report.dataset.files import decode_utf8, read_text
from deficit_report.errors import UserInputError


def read_csv_rows(
    path: Path, columns: list[str], may_be_empty: bool = False, data: bytes | None = None
) -> pd.DataFrame:
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
    data : bytes, optional
        The file's bytes, when already read (so what is parsed is what was hashed).

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
    text = read_text(path) if data is None else decode_utf8(data, path)
    if not text.strip():
        raise UserInputError(f"file is empty; expected a header row: {','.join(columns)}", file=path, row=1)
    check_control_characters(text, path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    check_header(header, columns, path)
    rows, lines = [], []
    start = 2
    for line, record in _records(reader, path):
        if record and len(record) != len(header) or text.count('"') % 2 and line == reader_end(text):
            unclosed = any("\n" in cell for cell in record) or text.count('"') % 2
            if unclosed:
                raise UserInputError(
                    f"a quoted cell opened on this line is not closed (the cell runs on to line {line}, "
                    "taking in the lines between); expected a closing quote",
                    file=path,
                    row=start,
                )
            raise UserInputError(
                f"expected {len(header)} fields, found {len(record)} "
                "(a ragged row: check for an unquoted comma or a missing field)",
                file=path,
                row=line,
            )
        if record:
            rows.append(record)
            lines.append(start)  # a row is named by the line it starts on (a quoted cell may span lines)
        start = line + 1
    if not rows and not may_be_empty:
        raise UserInputError(
            "has a header but no data rows; expected at least one row after the header", file=path, row=2
        )
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    return frame[columns] if rows else pd.DataFrame(columns=columns, index=pd.Index([], name="line"), dtype=object)


#: Characters no cell may hold: NUL and the other C0 controls but tab and line ends, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_control_characters(text: str, path: Path) -> None:
    """Raise on the first control character (a NUL byte, say: a binary or damaged file), naming its line.

    Examples
    --------
    >>> check_control_characters("a,b\\n1,x\\x00y\\n", Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 2: found the control character U+0000 (NUL); expected text (a binary or damaged file? save it again as CSV UTF-8)
    """
    found = _CONTROL.search(text)
    if found:
        char = found.group()
        name = "NUL" if char == "\x00" else "DEL" if char == "\x7f" else "control"
        raise UserInputError(
            f"found the control character U+{ord(char):04X} ({name}); expected text "
            "(a binary or damaged file? save it again as CSV UTF-8)",
            file=path,
            row=text.count("\n", 0, found.start()) + 1,
        )


def reader_end(text: str) -> int:
    """Return the line number the csv reader reports after the last record of ``text``.

    Examples
    --------
    >>> reader_end("a\\n1\\n"), reader_end("a\\n1")
    (2, 2)
    """
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _records(reader, path: Path):
    """Yield (line, record) from a csv reader, turning its errors (a cell over its size limit) into one line."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UserInputError(
                f"a cell longer than {csv.field_size_limit():,} characters ({exc}); expected text cells "
                "of ordinary length (an unclosed quote can make one cell of the rest of the file)",
                file=path,
                row=reader.line_num,
            ) from None
        yield reader.line_num, record


def check_header(header: list[str], columns: list[str], path: Path) -> None:
    """Check that a header names each expected column once, in any order.

    Columns are matched by name, so a file whose columns a spreadsheet
    reordered still loads; a missing, unknown or repeated column is an error.

    Examples
    --------
    >>> check_header(["b", "a"], ["a", "b"], Path("t.csv"))
    >>> check_header(["a ", "b"], ["a", "b"], Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 1: column 'a ' has a space before or after its name; expected 'a'
    >>> check_header(["a", "a", "b"], ["a", "b"], Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 1: column a appears twice; expected header: a,b
    """
    spaced = [c for c in header if c != c.strip() and c.strip() in columns]
    if spaced:
        raise UserInputError(
            f"column {spaced[0]!r} has a space before or after its name; expected {spaced[0].strip()!r}",
            file=path,
            row=1,
        )
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
