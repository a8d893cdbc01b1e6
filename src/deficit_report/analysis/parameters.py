"""Report parameters: their types, their defaults, and the checks before a run.

papermill passes parameters through unchanged and only warns about unknown
ones; YAML turns ``NO`` into ``False`` and ``-p`` turns ``0101`` into ``101``.
So every run goes through :func:`check_parameters` (types only, no data read:
cheap enough to run before any kernel starts) and then
:func:`check_against_data` (years with data, dates with events).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, fields

from deficit_report.analysis.figures import DEFAULT_VINTAGE_ORDER, periods_with_total
from deficit_report.dataset.load import Dataset, load_dataset
from deficit_report.errors import UserInputError
from deficit_report.paths import resolve as resolve_path
from deficit_report.vocabulary import MEASURES, TABLE_FILES


@dataclass(frozen=True)
class ReportParameters:
    """The parameters of one report (the notebook's ``parameters`` cell)."""

    partner: str
    focus_year: int
    compare_year: int
    as_of: str
    data_dir: str
    title: str = "Trade deficit composition"
    measure: str = "balance"
    top_n: int = 5
    vintage_order: tuple[str, ...] = field(default=DEFAULT_VINTAGE_ORDER)
    hindsight: bool = True
    #: ``total``: shares of the partner total, the remainder is total minus sectors; ``sectors``: shares of the
    #: sum of the counted sectors, on their one vintage (when sector rows and the total come from different
    #: vintages, total minus sectors is not a sector; the report reconciles the two apart).
    share_base: str = "total"

    def as_dict(self) -> dict:
        """Return the parameters as plain JSON-ready values."""
        values = asdict(self)
        values["vintage_order"] = list(self.vintage_order)
        return values


_TYPES = {
    "partner": str,
    "focus_year": int,
    "compare_year": int,
    "as_of": str,
    "data_dir": str,
    "title": str,
    "measure": str,
    "top_n": int,
    "vintage_order": list,
    "hindsight": bool,
    "share_base": str,
}
#: The values of ``share_base``.
SHARE_BASES = ("total", "sectors")
_REQUIRED = ("partner", "focus_year", "compare_year", "as_of", "data_dir")
#: The longest title a report takes: one heading line (a workbook cell holds at most 32,767 characters).
TITLE_LIMIT = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_title(title: str) -> str:
    r"""Check the title is one line of text of at most :data:`TITLE_LIMIT` characters (it is shown as text).

    Examples
    --------
    >>> print(check_title("AT&T's \"$5\" <deal>"))
    AT&T's "$5" <deal>
    >>> check_title("x" * 10_000_000)
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'title': expected a title of at most 500 characters, got 10,000,000
    >>> check_title("Autos\n# and parts")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'title': expected one line without control characters, got '\n' at character 6
    """
    if len(title) > TITLE_LIMIT:
        raise UserInputError(
            f"expected a title of at most {TITLE_LIMIT} characters, got {len(title):,}", column="title"
        )
    bad = _CONTROL.search(title)
    if bad:
        raise UserInputError(
            f"expected one line without control characters, got {bad.group()!r} at character {bad.start() + 1}",
            column="title",
        )
    return title


def _expect(name: str, value, kind) -> object:
    """Check one parameter's type, turning a date object into ISO text."""
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            example = "5" if name == "top_n" else "a year such as 1994"
            raise UserInputError(f"expected an integer, {example}, got {value!r} ({type(value).__name__})", column=name)
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise UserInputError(f"expected true or false, got {value!r} ({type(value).__name__})", column=name)
        return value
    if kind is list:
        if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise UserInputError(f"expected a list of vintage names, got {value!r}", column=name)
        return tuple(value)
    if name == "as_of" and isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        hint = " (YAML reads NO, YES, ON and OFF as true/false: quote the value)" if isinstance(value, bool) else ""
        raise UserInputError(f"expected text, got {value!r} ({type(value).__name__}){hint}", column=name)
    return value


def check_parameters(raw: dict) -> ReportParameters:
    """Check names, types and plain values of report parameters (no data read).

    Examples
    --------
    >>> p = check_parameters({"partner": "JPN", "focus_year": 1994, "compare_year": 1992,
    ...                       "as_of": "1994-06-06", "data_dir": "data/raw/us-japan-framework"})
    >>> p.focus_year, p.measure
    (1994, 'balance')
    >>> check_parameters({"partner": "JPN", "focus_yr": 1994})
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'focus_yr': unknown parameter; expected one of partner, focus_year, compare_year, as_of, data_dir, title, measure, top_n, vintage_order, hindsight, share_base
    >>> check_parameters({"partner": False, "focus_year": 1994, "compare_year": 1992,
    ...                   "as_of": "1994-06-06", "data_dir": "d"})
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'partner': expected text, got False (bool) (YAML reads NO, YES, ON and OFF as true/false: quote the value)
    """
    known = [f.name for f in fields(ReportParameters)]
    for name in raw:
        if name not in known:
            raise UserInputError(f"unknown parameter; expected one of {', '.join(known)}", column=name)
    for name in _REQUIRED:
        if name not in raw:
            raise UserInputError("missing; every report needs it", column=name)
    values = {name: _expect(name, value, _TYPES[name]) for name, value in raw.items()}
    try:
        dt.date.fromisoformat(values["as_of"])
    except ValueError:
        raise UserInputError(f"expected a date as YYYY-MM-DD, got {values['as_of']!r}", column="as_of") from None
    if values.get("measure", "balance") not in MEASURES:
        raise UserInputError(f"expected one of {', '.join(MEASURES)}, got {values['measure']!r}", column="measure")
    if values.get("share_base", "total") not in SHARE_BASES:
        raise UserInputError(
            f"expected one of {', '.join(SHARE_BASES)}, got {values['share_base']!r}", column="share_base"
        )
    if values.get("top_n", 5) < 1:
        raise UserInputError(f"expected a number of sectors of 1 or more, got {values['top_n']}", column="top_n")
    if values["focus_year"] == values["compare_year"]:
        raise UserInputError("expected a comparison year different from focus_year", column="compare_year")
    if "title" in values:
        check_title(values["title"])
    if not values["partner"].strip():
        raise UserInputError("expected a partner code such as JPN, got an empty value", column="partner")
    return ReportParameters(**values)


def check_and_load(parameters: dict) -> tuple[ReportParameters, Dataset]:
    """Check report parameters, read their dataset and check one against the other.

    The one check before a report: the runner calls it before any kernel
    starts, and the report facade (:func:`deficit_report.analysis.report.open_report`)
    calls it in the kernel, so both see the same parameters and the same tables.

    Raises
    ------
    UserInputError
        The first problem: a parameter, a file of the dataset, or a parameter
        the data cannot answer (unknown partner, year without a total, date
        before the first event).

    Examples
    --------
    >>> params, dataset = check_and_load({"partner": "JPN", "focus_year": 1994, "compare_year": 1992,
    ...                                   "as_of": "1994-06-06", "data_dir": "data/raw/us-japan-framework"})
    >>> params.measure, sorted(dataset.files)[0]
    ('balance', 'us-japan-framework/context.csv')
    """
    params = check_parameters(parameters)
    folder = resolve_path(params.data_dir)
    if not folder.is_dir():
        raise UserInputError(
            f"dataset folder {str(folder)!r} not found; expected a folder holding "
            f"{', '.join(TABLE_FILES[:-1])} and {TABLE_FILES[-1]} (a relative path is taken from the project root)",
            column="data_dir",
        )
    dataset = load_dataset(folder)
    check_against_data(params, dataset)
    return params, dataset


def check_against_data(params: ReportParameters, dataset) -> None:
    """Check that the data can answer the parameters: partner, years and date.

    Raises
    ------
    UserInputError
        For an unknown partner, a year without a partner total, or an
        ``as_of`` date before the partner's first status event.
    """
    partners = sorted(set(dataset.figures["partner"]))
    if params.partner not in partners:
        raise UserInputError(
            f"unknown partner {params.partner!r}; the data in {params.data_dir} has {', '.join(partners)}",
            column="partner",
        )
    years = periods_with_total(dataset.figures, params.partner, params.measure)
    for name in ("focus_year", "compare_year"):
        year = getattr(params, name)
        if year not in years:
            shown = f"{years[0]}-{years[-1]}" if years else "none"
            raise UserInputError(
                f"no {params.measure} total for {params.partner} in {year}; years with data: {shown}", column=name
            )
    if params.share_base == "sectors":
        figures = dataset.figures
        mine = figures[(figures["partner"] == params.partner) & (figures["sector"] != "total")]
        with_sectors = sorted(int(y) for y in set(mine["period"]))
        for name in ("focus_year", "compare_year"):
            if getattr(params, name) not in with_sectors:
                shown = ", ".join(map(str, with_sectors)) or "none"
                raise UserInputError(
                    f"share_base 'sectors' needs sector figures, and {params.data_dir} has none for "
                    f"{getattr(params, name)}; years with sector figures: {shown}",
                    column=name,
                )
    dates = dataset.status_events.loc[dataset.status_events["partner"] == params.partner, "date"]
    # No status events: status data are not available (the report says so and shows composition and
    # contributions, which need none).
    if not dates.empty and params.as_of < dates.min():
        raise UserInputError(
            f"{params.as_of} is before the first status event ({dates.min()}); expected a date on or after it",
            column="as_of",
        )
