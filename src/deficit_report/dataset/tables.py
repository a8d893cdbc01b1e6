"""One way to write a table, one rule to add rows to a table already on disk.

Every CSV file the package writes (a dataset's tables from ``fetch`` and ``import``,
the manifests of raw files and of dataset folders, the data behind a report) is
written by :func:`write_table`: a header line, no index, ``\\n`` line ends, UTF-8,
minimal quoting, numbers as Python writes them (unrounded; the shortest text that
reads back to the same float), a missing value as an empty cell. It goes through
:func:`~deficit_report.dataset.files.write_atomic`, so the file appears whole, with
the umask's mode.

Rows are added to a table by :func:`add_rows` only, under one rule (the README's
"raw files are never edited"): a row already there stays as it is; a new row whose
key is already there with the same values is the same row; a new row whose key is
there with other values is an error naming the file, line and column, and nothing
is written. ``fetch`` used to let new rows win and ``import`` refused; both refuse.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from deficit_report.dataset.csvtext import read_csv_rows
from deficit_report.dataset.files import write_atomic
from deficit_report.errors import UserInputError


def table_text(frame: pd.DataFrame) -> str:
    r"""Return a frame as the project's CSV text (see the module docstring).

    Examples
    --------
    >>> table_text(pd.DataFrame({"sector": ["a", "b, c"], "value_usd_m": [-69392.117328, None]}))
    'sector,value_usd_m\na,-69392.117328\n"b, c",\n'
    """
    return frame.to_csv(index=False, lineterminator="\n")


def write_table(path: str | Path, frame: pd.DataFrame, *, exclusive: bool = False) -> Path:
    """Write ``frame`` to ``path`` as the project's CSV text, atomically; with ``exclusive``, never replace a file.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_table(path, pd.DataFrame({"a": [1.5]})).read_text()
    'a\\n1.5\\n'
    """
    return write_atomic(path, table_text(frame), exclusive=exclusive)


#: What makes a figure the same figure when its key is already there: its value and basis. Its note and
#: source may differ (the same pull made again on the same day cites the new request): the first is kept.
FIGURE_VALUES = ["value_usd_m", "basis"]


def add_rows(
    path: Path, new: pd.DataFrame, columns: list[str], key: list[str], compare: list[str] | None = None
) -> pd.DataFrame:
    """Return the rows of the table at ``path`` (as text) with the rows of ``new`` not yet there added after them.

    A row of ``new`` whose key is there is the same row when the ``compare`` columns (default: every
    column but the key) agree: the row there is kept as it is.

    Raises
    ------
    UserInputError
        A row of ``new`` has the key of a row already there but other values (nothing overwritten).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "sources.csv"
    >>> _ = path.write_text("source_id,title\\na,First\\n")
    >>> add_rows(path, pd.DataFrame({"source_id": ["a", "b"], "title": ["First", "Second"]}),
    ...          ["source_id", "title"], ["source_id"]).values.tolist()
    [['a', 'First'], ['b', 'Second']]
    >>> add_rows(path, pd.DataFrame({"source_id": ["a"], "title": ["Changed"]}), ["source_id", "title"], ["source_id"])
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: .../sources.csv, line 2, column 'title': already holds source_id=a with title 'First'; the new row gives 'Changed' (nothing was overwritten: remove the row, or write into another folder)
    """
    new = new[columns].astype(str).drop_duplicates()
    if not Path(path).exists():
        return new.reset_index(drop=True)
    old = read_csv_rows(path, columns, may_be_empty=True)
    known = {tuple(row[key]): (line, row) for line, row in old.iterrows()}
    fresh = []
    for _, row in new.iterrows():
        found = known.get(tuple(row[key]))
        if found is None:
            fresh.append(row)
            continue
        line, old_row = found
        differs = [c for c in (compare or columns) if c not in key and str(old_row[c]) != str(row[c])]
        if differs:
            raise UserInputError(
                f"already holds {', '.join(f'{k}={row[k]}' for k in key)} with {differs[0]} {old_row[differs[0]]!r}; "
                f"the new row gives {row[differs[0]]!r} (nothing was overwritten: remove the row, or write into "
                "another folder)",
                file=path,
                row=int(line),
                column=differs[0],
            )
    return pd.concat([old, pd.DataFrame(fresh, columns=columns)], ignore_index=True)
