"""The one error type users see: a single line that says where and what.

Every problem caused by the user's input (a data file, a parameter, a schedule,
a response from a public API) is raised as :class:`UserInputError`. The command
line prints its message on one line and exits with status 2; nothing else in the
package prints tracebacks for such problems.
"""

from __future__ import annotations

from pathlib import Path


class UserInputError(ValueError):
    """An input the user can fix: a file, a parameter or a response.

    Parameters
    ----------
    message : str
        What was found and what was expected.
    file : str or Path, optional
        The file the problem is in.
    row : int, optional
        The 1-based line number in that file (the header is line 1).
    column : str, optional
        The column (or parameter) name.

    Examples
    --------
    >>> str(UserInputError("expected a number, got '1,234'", file="figures.csv", row=3, column="value_usd_m"))
    "figures.csv, line 3, column 'value_usd_m': expected a number, got '1,234'"
    >>> str(UserInputError("expected an integer year, got 'x'", column="focus_year"))
    "parameter 'focus_year': expected an integer year, got 'x'"
    """

    def __init__(
        self, message: str, *, file: str | Path | None = None, row: int | None = None, column: str | None = None
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Return the message with its location, on one line."""
        where = []
        if self.file is not None:
            where.append(self.file)
            if self.row is not None:
                where.append(f"line {self.row}")
            if self.column is not None:
                where.append(f"column {self.column!r}")
        elif self.column is not None:
            where.append(f"parameter {self.column!r}")
        text = " ".join(self.message.split())
        return f"{', '.join(where)}: {text}" if where else text
