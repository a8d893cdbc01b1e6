"""Cross-row checks of deal outcomes (``outcomes.csv``) against their deals (``deals.csv``).

The schemas check each cell (a known unit word, a date's shape); these checks
need several cells or tables: a target must name a deal, a period must not end
before it starts, an actual cannot end before its deal, a share of a market
cannot pass 100%, and an increment is never set beside a measured level. Each
problem is a :class:`~deficit_report.errors.UserInputError` naming the file,
the line and the column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from deficit_report.errors import UserInputError


def check_dates(frame: pd.DataFrame, columns: tuple[str, ...], path: Path) -> None:
    """Raise on the first cell that has the shape YYYY-MM-DD but is not a real calendar day.

    Examples
    --------
    >>> rows = pd.DataFrame({"date": ["1995-06-28", "1995-02-30"]}, index=[2, 3])
    >>> check_dates(rows, ("date",), Path("deals.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: deals.csv, line 3, column 'date': expected a real calendar date as YYYY-MM-DD, got '1995-02-30'
    """
    for column in columns:
        parsed = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce")
        bad = frame[parsed.isna()]
        if not bad.empty:
            raise UserInputError(
                f"expected a real calendar date as YYYY-MM-DD, got {bad.iloc[0][column]!r}",
                file=path,
                row=int(bad.index[0]),
                column=column,
            )


def _fail(path: Path, line, column: str, problem: str) -> None:
    raise UserInputError(problem, file=path, row=int(line), column=column)


def check_outcome_rows(outcomes: pd.DataFrame, deal_dates: dict[str, str], path: Path) -> None:
    """Raise on the first outcome row that cannot be read as the deal's promise or result.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The rows of ``outcomes.csv``, indexed by file line.
    deal_dates : dict of str to str
        Each deal of ``deals.csv`` and its date (signed or announced).
    path : Path
        The outcomes file, for the message.

    Examples
    --------
    >>> row = dict(deal="autos_1995", item="auto_dealers", kind="actual", period_start="1995-06-28",
    ...            period_end="1996-07-31", value=106.0, unit="count", meaning="count", share_kind="", promise="")
    >>> check_outcome_rows(pd.DataFrame([row], index=[2]), {"autos_1995": "1995-06-28"}, Path("outcomes.csv"))
    >>> early = dict(row, period_start="1994-01-01", period_end="1994-12-31")
    >>> check_outcome_rows(pd.DataFrame([early], index=[5]), {"autos_1995": "1995-06-28"}, Path("outcomes.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: outcomes.csv, line 5, column 'period_end': an actual outcome ending 1994-12-31, before its deal autos_1995 (1995-06-28); expected a period ending on or after the deal (a level before the deal is a baseline)
    """
    for line, row in outcomes.iterrows():
        deal, kind, meaning = row["deal"], row["kind"], row["meaning"]
        if deal and deal not in deal_dates:
            known = ", ".join(sorted(deal_dates)) or "none"
            _fail(path, line, "deal", f"unknown deal {deal!r}; expected a deal of deals.csv: {known}")
        if kind == "target" and not deal:
            _fail(path, line, "deal", "a target without a deal; expected the id of the deal that promised it")
        if row["period_end"] < row["period_start"]:
            _fail(
                path,
                line,
                "period_end",
                f"period ends ({row['period_end']}) before it starts ({row['period_start']}); "
                "expected period_end on or after period_start",
            )
        if kind == "actual" and deal and row["period_end"] < deal_dates[deal]:
            _fail(
                path,
                line,
                "period_end",
                f"an actual outcome ending {row['period_end']}, before its deal {deal} ({deal_dates[deal]}); "
                "expected a period ending on or after the deal (a level before the deal is a baseline)",
            )
        if meaning == "increment" and kind != "target":
            _fail(
                path,
                line,
                "meaning",
                f"{'an' if kind == 'actual' else 'a'} {kind} given as an increment would be compared with a level; "
                "expected level, share or count "
                "(only a target may be an increment over the baseline; the report computes the rest)",
            )
        if (meaning == "share") != (row["unit"] == "percent"):
            _fail(
                path,
                line,
                "unit",
                f"meaning {meaning!r} with unit {row['unit']!r}; a share, and only a share, is in percent",
            )
        if (meaning == "share") != bool(row["share_kind"]):
            expected = "what the share is of (market, commitment or trade)" if meaning == "share" else "an empty cell"
            _fail(path, line, "share_kind", f"expected {expected} for meaning {meaning!r}")
        if row["share_kind"] == "market" and row["value"] > 100:
            _fail(path, line, "value", f"a share of a market of {row['value']:g}%; expected at most 100")
        if (kind == "target") != bool(row["promise"]):
            expected = "the kind of promise (legal_commitment, official_estimate or stated_goal)"
            _fail(path, line, "promise", f"expected {expected if kind == 'target' else 'an empty cell'} for a {kind}")


def check_deal_references(frame: pd.DataFrame, deal_ids: set[str], path: Path) -> None:
    """Raise on the first non-empty ``deal`` cell that names no deal of ``deals.csv``.

    Examples
    --------
    >>> ev = pd.DataFrame({"deal": ["", "phase_one", "phase_1"]}, index=[2, 3, 4])
    >>> check_deal_references(ev, {"phase_one"}, Path("status_events.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: status_events.csv, line 4, column 'deal': unknown deal 'phase_1'; expected a deal of deals.csv: phase_one
    """
    bad = frame[(frame["deal"] != "") & ~frame["deal"].isin(deal_ids)]
    if not bad.empty:
        known = ", ".join(sorted(deal_ids)) or "none (deals.csv is absent or empty)"
        _fail(
            path, bad.index[0], "deal", f"unknown deal {bad.iloc[0]['deal']!r}; expected a deal of deals.csv: {known}"
        )


#: What makes two actual outcomes the same measurement: one value is expected per key.
ACTUAL_KEY = ("deal", "item", "period_start", "period_end", "basis", "unit", "meaning")


def check_outcome_duplicates(outcomes: pd.DataFrame, path: Path) -> None:
    """Raise on a row that repeats another exactly, or a second measured actual for one item, period and basis.

    A copied row would count twice; two actuals for one item and period would both be shown and the
    share met computed from one of them. Shares sources *claimed* may repeat (each is listed).

    Examples
    --------
    >>> row = dict(deal="d", item="ag", kind="actual", period_start="2020-01-01", period_end="2020-12-31",
    ...            value=27.0, unit="usd_bn", meaning="level", basis="us_exports", source_id="a")
    >>> check_outcome_duplicates(pd.DataFrame([row, dict(row, value=37.0)], index=[2, 5]), Path("outcomes.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: outcomes.csv, line 5, column 'value': a second actual for item ag, 2020-01-01 to 2020-12-31 on basis us_exports (line 2 gives 27, this line 37); expected one actual per deal, item, period, basis, unit and meaning
    """
    twice = outcomes[outcomes.duplicated(keep="first")]
    if not twice.empty:
        line = twice.index[0]
        first = outcomes[(outcomes == outcomes.loc[line]).all(axis=1)].index[0]
        _fail(
            path,
            line,
            "item",
            f"repeats line {first} exactly; expected each outcome once (a copied row would be counted twice)",
        )
    actuals = outcomes[(outcomes["kind"] == "actual") & outcomes["meaning"].isin(("level", "count"))]
    key = list(ACTUAL_KEY)
    second = actuals[actuals.duplicated(key, keep="first")]
    if not second.empty:
        line = second.index[0]
        row = actuals.loc[line]
        first = actuals[(actuals[key] == row[key]).all(axis=1)].index[0]
        _fail(
            path,
            line,
            "value",
            f"a second actual for item {row['item']}, {row['period_start']} to {row['period_end']} on basis "
            f"{row['basis']} (line {first} gives {actuals.loc[first, 'value']:g}, this line {row['value']:g}); "
            "expected one actual per deal, item, period, basis, unit and meaning",
        )
