"""Read and validate the canonical tables of a dataset folder.

A dataset folder (for example ``data/raw/us-japan-framework/``) holds five CSV
files: ``figures``, ``context``, ``status_events``, ``sectors`` and ``sources``
(see :mod:`deficit_report.schemas`). :func:`load_dataset` reads them all,
checks every value and every cross-reference, and returns a :class:`Dataset`.
Any problem is a :class:`~deficit_report.errors.UserInputError` naming the
file, the line and the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors

from . import schemas
from .errors import UserInputError


@dataclass(frozen=True)
class Dataset:
    """The validated tables of one dataset folder.

    Attributes
    ----------
    figures, context, status_events, sectors, sources : pandas.DataFrame
        The canonical tables, one row per line of their file.
    files : dict of str to str
        Each file read (path relative to the folder's parent) and its sha256.
    """

    figures: pd.DataFrame
    context: pd.DataFrame
    status_events: pd.DataFrame
    sectors: pd.DataFrame
    sources: pd.DataFrame
    files: dict[str, str] = field(default_factory=dict)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"; _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode_utf8(raw: bytes, path: Path) -> str:
    """Decode file bytes as UTF-8, or raise an error naming the line.

    Examples
    --------
    >>> decode_utf8(b"a,b\\n1,2\\n", Path("t.csv"))
    'a,b\\n1,2\\n'
    >>> decode_utf8(b"a,b\\n1,\\xe9\\n", Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 2: expected UTF-8 text, found byte 0xe9 (save the file as UTF-8)
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raise UserInputError("starts with a byte-order mark (BOM); expected UTF-8 without BOM "
                             "(re-save the file as plain UTF-8)", file=path, row=1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserInputError(f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x} "
                             "(save the file as UTF-8)", file=path, row=line) from None


def read_csv_rows(path: Path, columns: list[str], may_be_empty: bool = False) -> pd.DataFrame:
    """Read a CSV file as text, checking its header and the width of every row.

    Parameters
    ----------
    path : Path
        The CSV file.
    columns : list of str
        The expected header, in order.
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
    if not path.is_file():
        raise UserInputError("file not found", file=path)
    text = decode_utf8(path.read_bytes(), path)
    if not text.strip():
        raise UserInputError(f"file is empty; expected a header row: {','.join(columns)}", file=path, row=1)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if header != columns:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected column(s) {', '.join(extra)}")
        if not detail:
            detail.append("columns in the wrong order")
        raise UserInputError(f"{'; '.join(detail)}; expected header: {','.join(columns)}", file=path, row=1)
    rows, lines = [], []
    for record in reader:
        line = reader.line_num
        if not record:
            continue
        if len(record) != len(columns):
            raise UserInputError(f"expected {len(columns)} fields, found {len(record)} "
                                 "(a ragged row: check for an unquoted comma or a missing field)",
                                 file=path, row=line)
        rows.append(record)
        lines.append(line)
    if not rows and not may_be_empty:
        raise UserInputError("has a header but no data rows; expected at least one row after the header",
                             file=path, row=2)
    return pd.DataFrame(rows, columns=columns, index=pd.Index(lines, name="line"))


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


def validate_table(frame: pd.DataFrame, schema, path: Path) -> pd.DataFrame:
    """Validate parsed cells against a schema, raising the first problem found.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"sector": ["autos"], "label": ["Cars"], "kind": ["goods"],
    ...     "market": ["privat"], "parent": [""], "hs_codes": [""], "note": [""]}, index=[2])
    >>> validate_table(rows, schemas.SECTORS, Path("sectors.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: sectors.csv, line 2, column 'market': expected one of government, private, mixed, got 'privat'
    """
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        check = str(cases.iloc[0]["check"])
        if "uniqueness" in check:
            key = list(schema.unique or [cases.iloc[0]["column"]])
            dup = frame[frame.duplicated(key, keep=False)]
            values = ", ".join(f"{k}={dup.iloc[0][k]}" for k in key)
            raise UserInputError(f"duplicate key ({values}), also on line {dup.index[0]}; "
                                 f"expected one row per {', '.join(key)}",
                                 file=path, row=int(dup.index[1])) from None
        cases = cases.assign(_line=pd.to_numeric(cases["index"], errors="coerce"))
        first = cases.sort_values("_line", kind="stable").iloc[0]
        line = int(first["_line"]) if pd.notna(first["_line"]) else None
        column = first["column"]
        if first["schema_context"] == "DataFrameSchema":
            column = (schema.metadata or {}).get("check_columns", {}).get(check)
        value = frame.loc[line, column] if line is not None and column else first["failure_case"]
        if isinstance(value, str) and not value.strip():
            problem = check if "empty" in check else f"{check}, got an empty cell"
        else:
            shown = repr(value) if isinstance(value, str) else getattr(value, "item", lambda: value)()
            problem = f"{check}, got {shown}"
        raise UserInputError(problem, file=path, row=line, column=column) from None


def read_table(path: Path, schema) -> pd.DataFrame:
    """Read one canonical CSV table and validate it against its schema.

    Returns the validated frame, indexed by file line number.
    """
    frame = read_csv_rows(path, list(schema.columns), (schema.metadata or {}).get("may_be_empty", False))
    return validate_table(parse_numbers(frame, schema, Path(path)), schema, Path(path))


def _check_reference(frame: pd.DataFrame, column: str, allowed, path: Path, what: str, defined_in: str) -> None:
    """Raise on the first value of ``column`` not in ``allowed``, suggesting a close match.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"source_id": ["ap-1995-02-18", "ap-1995-02-19"]}, index=[2, 3])
    >>> _check_reference(rows, "source_id", {"ap-1995-02-18", "nyt-1994-06-07"}, Path("figures.csv"),
    ...                  "source_id", "sources.csv")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: figures.csv, line 3, column 'source_id': unknown source_id 'ap-1995-02-19'; expected a source_id of sources.csv: did you mean 'ap-1995-02-18'?
    """
    import difflib

    bad = frame[~frame[column].isin(set(allowed))]
    if not bad.empty:
        value = bad.iloc[0][column]
        close = difflib.get_close_matches(value, sorted(allowed), n=1, cutoff=0.8)
        if close:
            hint = f"did you mean {close[0]!r}?"
        else:
            known = sorted(allowed)
            hint = ", ".join(known[:8]) + (f" (and {len(known) - 8} more)" if len(known) > 8 else "")
        raise UserInputError(f"unknown {what} {value!r}; expected a {what} of {defined_in}: {hint}",
                             file=path, row=int(bad.index[0]), column=column)


def check_sector_tree(sectors: pd.DataFrame, path: Path) -> None:
    """Raise if a sector names an unknown parent or the parents form a cycle.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"sector": ["a", "b"], "parent": ["b", "a"]}, index=[2, 3])
    >>> check_sector_tree(s, Path("sectors.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: sectors.csv, line 2, column 'parent': sector parents form a cycle (a -> b -> a); expected a tree
    """
    parent_of = {row.sector: row.parent for row in sectors.itertuples() if row.parent}
    known = set(sectors["sector"])
    for line, row in sectors.iterrows():
        if row["parent"] and row["parent"] not in known:
            raise UserInputError(f"unknown parent sector {row['parent']!r}; expected a sector of this file",
                                 file=path, row=int(line), column="parent")
    for line, row in sectors.iterrows():
        chain, node = [row["sector"]], parent_of.get(row["sector"])
        while node:
            chain.append(node)
            if node == row["sector"]:
                raise UserInputError(f"sector parents form a cycle ({' -> '.join(chain)}); expected a tree",
                                     file=path, row=int(line), column="parent")
            if len(chain) > len(known) + 1:
                break
            node = parent_of.get(node)


def load_dataset(folder: str | Path) -> Dataset:
    """Read and cross-check every table of a dataset folder.

    Parameters
    ----------
    folder : str or Path
        A folder holding ``figures.csv``, ``context.csv``, ``status_events.csv``,
        ``sectors.csv`` and ``sources.csv``.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> from deficit_report.paths import PROJECT_ROOT
    >>> ds = load_dataset(PROJECT_ROOT / "data/raw/us-japan-framework")
    >>> ds.figures.query("period == 1994 and sector == 'total'")["value_usd_m"].tolist()
    [-65700.0]
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UserInputError(f"dataset folder not found: {folder}")
    paths = {name: folder / name for name in schemas.TABLES}
    tables = {name: read_table(path, schemas.TABLES[name]) for name, path in paths.items()}
    sources = tables["sources.csv"]
    sectors = tables["sectors.csv"]
    check_sector_tree(sectors, paths["sectors.csv"])
    known_sources = set(sources["source_id"])
    for name in ("figures.csv", "context.csv", "status_events.csv"):
        _check_reference(tables[name], "source_id", known_sources, paths[name], "source_id", "sources.csv")
    sector_ids = set(sectors["sector"])
    _check_reference(tables["figures.csv"], "sector", sector_ids | {schemas.TOTAL}, paths["figures.csv"], "sector",
                     f"sectors.csv (or {schemas.TOTAL!r})")
    _check_reference(tables["status_events.csv"], "sector", sector_ids, paths["status_events.csv"], "sector",
                     "sectors.csv")
    for line, value in tables["status_events.csv"]["date"].items():
        if pd.isna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")):
            raise UserInputError(f"expected a real calendar date as YYYY-MM-DD, got {value!r}",
                                 file=paths["status_events.csv"], row=int(line), column="date")
    files = {f"{folder.name}/{name}": sha256_of(path) for name, path in paths.items()}
    return Dataset(figures=tables["figures.csv"], context=tables["context.csv"],
                   status_events=tables["status_events.csv"], sectors=sectors, sources=sources, files=files)
