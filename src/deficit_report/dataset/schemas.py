"""Pandera schemas of the canonical tables (the data model of docs/design.md).

All money is in millions of U.S. dollars, from the U.S. side: ``balance =
exports - imports``, so a deficit is negative. Each schema lists its columns in
the order files are written; a file's header is matched by name, in any order
(:func:`deficit_report.dataset.csvtext.check_header`: a missing, unknown or
repeated column is an error), before pandera checks the values.
"""

from __future__ import annotations

import pandera.pandas as pa

from deficit_report.vocabulary import (  # noqa: F401
    COVERAGES,
    FLOWS,
    KINDS,
    MARKETS,
    MEASURES,
    OPTIONAL_TABLE_FILES,
    OUTCOME_KINDS,
    OUTCOME_MEANINGS,
    OUTCOME_UNITS,
    PROMISE_KINDS,
    SHARE_KINDS,
    STATUS_ORDER,
    STATUSES,
    TABLE_FILES,
    TOTAL,
    TRADE_FLOWS,
)

_TEXT = dict(dtype=str, coerce=True)
_YEAR = pa.Check.in_range(1900, 2100, error="expected a four-digit year")
_ISO_DATE = pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}\Z", error="expected a date as YYYY-MM-DD")
_SLUG = pa.Check.str_matches(r"^[a-z0-9_]+\Z", error="expected an id of lower-case letters, digits and '_'")
_REQUIRED = pa.Check.str_length(min_value=1, error="expected a value, found an empty cell")
_SLUG_OR_EMPTY = pa.Check.str_matches(
    r"^([a-z0-9_]+)?\Z", error="expected an id of lower-case letters, digits and '_', or an empty cell"
)
_MONTH = pa.Check.str_matches(r"^\d{4}-(0[1-9]|1[0-2])\Z", error="expected a month as YYYY-MM")
#: One URL: a scheme, a host, then no space and no second URL after a ``;``, ``,`` or ``|``
#: (an archive link such as ``https://web.archive.org/web/2020/https://...`` is one URL).
ONE_URL = r"^(?!.*[;,|]\s*https?://)https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#]\S*)?\Z"
_URL = pa.Check.str_matches(
    ONE_URL,
    error="expected one URL starting with http:// or https:// (no spaces; a second URL goes in its own sources row)",
)
#: Characters a URL never holds unencoded, and a page would read as markup or hide a scheme behind:
#: quotes, angle brackets, backslash, backtick, control characters (a javascript: URL is refused by _URL).
_URL_CHARACTERS = pa.Check.str_matches(
    r'^[^"<>\\`\x00-\x1f\x7f-\x9f]*$',
    error="expected a URL without quotes, angle brackets, backslashes, backticks or control characters "
    "(percent-encode them, e.g. %22 for a quote)",
)


_NON_NEGATIVE = "expected exports and imports of zero or more (only a balance may be negative)"
#: A partner or reporter code: capital letters and digits only, so ``'JPN '`` or ``jpn`` (which would
#: match no report's partner and silently drop the row) is an error.
_CODE = pa.Check.str_matches(
    r"^[A-Z0-9]+\Z", error="expected a code of capital letters and digits such as JPN (no spaces, no lower case)"
)
#: Plausible sizes (issue 25): a typo or an overflow (``1e400`` reads as inf) must not reach a report.
#: $5 trillion in USD millions: more than all U.S. goods trade with any partner in a year.
MAX_USD_M = 5_000_000
_USD_M = pa.Check.in_range(
    -MAX_USD_M, MAX_USD_M, error="expected a finite value of at most 5,000,000 either way (USD millions: $5 trillion)"
)
_CONTEXT_VALUE = pa.Check.in_range(
    -MAX_USD_M, MAX_USD_M, error="expected a finite value of at most 5,000,000 either way (in its unit)"
)
#: The highest tariff a row may give, in percent (the highest U.S. rate of 2025 was 145%).
MAX_TARIFF_PCT = 1_000
_FINITE = pa.Check(lambda s: s.abs() < float("inf"), error="expected a finite number")


def _outcome_range(unit: str, low: float, high: float, what: str, share_kind: str | None = None) -> pa.Check:
    """Return a whole-row check that ``value`` lies in ``[low, high]`` for rows of ``unit`` (and ``share_kind``)."""

    def check(df):
        mine = df["unit"] == unit
        if share_kind is not None:
            mine &= df["share_kind"] == share_kind
        return ~mine | df["value"].between(low, high)

    return pa.Check(check, error=f"expected {what}")


#: Range of an outcome's value by unit (a share of a market above 100% is checked with the deal outcomes).
OUTCOME_RANGES = (
    _outcome_range("usd_bn", -5_000, 5_000, "an amount of at most $5,000 bn either way (usd_bn)"),
    _outcome_range("count", 0, 10_000_000, "a count of 0 to 10,000,000"),
    _outcome_range("million_vehicles", 0, 1_000, "0 to 1,000 million vehicles"),
    _outcome_range("multiple", 0, 1_000, "a multiple of 0 to 1,000"),
    _outcome_range("percent", 0, float("inf"), "a share of zero or more percent"),
    _outcome_range("percent", 0, 100, "a share of trade of 0 to 100 percent", "trade"),
    _outcome_range(
        "percent", 0, 200, "a share of a commitment met of 0 to 200 percent (twice the commitment)", "commitment"
    ),
)


def _one_of(values):
    return pa.Check.isin(values, error=f"expected one of {', '.join(values)}")


def _empty_or_one_of(values):
    return pa.Check.isin((*values, ""), error=f"expected an empty cell or one of {', '.join(values)}")


_EMPTY_OR_SLUG = pa.Check.str_matches(
    r"^[a-z0-9_]*\Z", error="expected an empty cell or an id of lower-case letters, digits and '_'"
)


FIGURES = pa.DataFrameSchema(
    {
        "reporter": pa.Column(checks=_CODE, **_TEXT),
        "partner": pa.Column(checks=_CODE, **_TEXT),
        "period": pa.Column(int, checks=_YEAR, coerce=True),
        "sector": pa.Column(checks=_SLUG, **_TEXT),
        "measure": pa.Column(checks=_one_of(MEASURES), **_TEXT),
        "value_usd_m": pa.Column(float, checks=_USD_M, coerce=True, nullable=False),
        "basis": pa.Column(checks=_REQUIRED, **_TEXT),
        "vintage": pa.Column(checks=_SLUG, **_TEXT),
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
        "note": pa.Column(**_TEXT),
    },
    checks=[pa.Check(lambda df: (df["measure"] == "balance") | (df["value_usd_m"] >= 0), error=_NON_NEGATIVE)],
    # Whole-row checks name the column they are about, so errors can point at it.
    metadata={"check_columns": {_NON_NEGATIVE: "value_usd_m"}},
    unique=["reporter", "partner", "period", "sector", "measure", "vintage"],
    name="figures",
)

CONTEXT = pa.DataFrameSchema(
    {
        "reporter": pa.Column(checks=_CODE, **_TEXT),
        "partner": pa.Column(checks=_CODE, **_TEXT),
        "period": pa.Column(int, checks=_YEAR, coerce=True),
        "sector": pa.Column(checks=_SLUG, **_TEXT),
        "metric": pa.Column(checks=_SLUG, **_TEXT),
        "value": pa.Column(float, checks=_CONTEXT_VALUE, coerce=True, nullable=False),
        "unit": pa.Column(checks=_REQUIRED, **_TEXT),
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
        "note": pa.Column(**_TEXT),
    },
    name="context",
    # A dataset may have no context facts; every other table needs rows.
    metadata={"may_be_empty": True},
)

STATUS_EVENTS = pa.DataFrameSchema(
    {
        "partner": pa.Column(checks=_CODE, **_TEXT),
        "sector": pa.Column(checks=_SLUG, **_TEXT),
        "date": pa.Column(checks=_ISO_DATE, **_TEXT),
        "status": pa.Column(checks=_one_of(STATUSES), **_TEXT),
        # imports (from the partner), exports (to it), both (the sector's balance), none (not a trade flow)
        "flow": pa.Column(checks=_one_of(FLOWS), **_TEXT),
        # the agreement the event belongs to (a row of deals.csv when that table exists), or empty
        "deal": pa.Column(checks=_SLUG_OR_EMPTY, **_TEXT),
        "note": pa.Column(**_TEXT),
        # one source id, or several separated by "; " (each must resolve)
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
    },
    name="status_events",
    # A dataset may have no status data yet (figures from a trade database only): the report then says
    # that status data are not available and shows composition and contributions.
    metadata={"may_be_empty": True},
)

SECTORS = pa.DataFrameSchema(
    {
        "sector": pa.Column(checks=_SLUG, unique=True, **_TEXT),
        "label": pa.Column(checks=_REQUIRED, **_TEXT),
        "kind": pa.Column(checks=_one_of(KINDS), **_TEXT),
        "market": pa.Column(checks=_one_of(MARKETS), **_TEXT),
        "parent": pa.Column(**_TEXT),
        "hs_codes": pa.Column(**_TEXT),
        "note": pa.Column(**_TEXT),
    },
    name="sectors",
)

SOURCES = pa.DataFrameSchema(
    {
        "source_id": pa.Column(checks=_REQUIRED, unique=True, **_TEXT),
        "publisher": pa.Column(checks=_REQUIRED, **_TEXT),
        "title": pa.Column(checks=_REQUIRED, **_TEXT),
        "date": pa.Column(**_TEXT),
        "url": pa.Column(checks=[_URL, _URL_CHARACTERS], **_TEXT),
        "quote": pa.Column(**_TEXT),
    },
    name="sources",
)

POLICIES = pa.DataFrameSchema(
    {
        # a key status events may name in their sector column (never the id of a sector)
        "policy": pa.Column(checks=_SLUG, unique=True, **_TEXT),
        "label": pa.Column(checks=_REQUIRED, **_TEXT),
        "flow": pa.Column(checks=_one_of(FLOWS), **_TEXT),
        "note": pa.Column(**_TEXT),
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
    },
    name="policies",
    metadata={"may_be_empty": True},
)

POLICY_SECTORS = pa.DataFrameSchema(
    {
        "policy": pa.Column(checks=_SLUG, **_TEXT),
        "sector": pa.Column(checks=_SLUG, **_TEXT),
        # all of the sector's trade in the policy's flow, or only part of it
        "coverage": pa.Column(checks=_one_of(COVERAGES), **_TEXT),
        # why the policy touches the sector (the rule and the figures it rests on)
        "note": pa.Column(checks=_REQUIRED, **_TEXT),
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
    },
    unique=["policy", "sector"],
    name="policy_sectors",
    metadata={"may_be_empty": True},
)

TARIFFS = pa.DataFrameSchema(
    {
        "partner": pa.Column(checks=_CODE, **_TEXT),
        "sector": pa.Column(checks=_SLUG, **_TEXT),
        "month": pa.Column(checks=_MONTH, **_TEXT),
        # imports: the reporter's tariff on imports from the partner; exports: the partner's on its exports
        "flow": pa.Column(checks=_one_of(TRADE_FLOWS), **_TEXT),
        "tariff_pct": pa.Column(
            float,
            checks=pa.Check.in_range(0, MAX_TARIFF_PCT, error="expected a tariff of 0 to 1,000 percent"),
            coerce=True,
        ),
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
        "note": pa.Column(**_TEXT),
    },
    unique=["partner", "sector", "month", "flow"],
    name="tariffs",
    metadata={"may_be_empty": True},
)

DEALS = pa.DataFrameSchema(
    {
        "deal": pa.Column(checks=_SLUG, unique=True, **_TEXT),
        "partner": pa.Column(checks=_CODE, **_TEXT),
        "title": pa.Column(checks=_REQUIRED, **_TEXT),
        # the day the deal was signed or announced (actual outcomes may not end before it)
        "date": pa.Column(checks=_ISO_DATE, **_TEXT),
        "note": pa.Column(**_TEXT),
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
    },
    name="deals",
    metadata={"may_be_empty": True},
)

OUTCOMES = pa.DataFrameSchema(
    {
        # the deal that promised it (required for a target)
        "deal": pa.Column(checks=_EMPTY_OR_SLUG, **_TEXT),
        # the source's own category, kept as a key (targets and actuals of one item are compared)
        "item": pa.Column(checks=_SLUG, **_TEXT),
        # the dataset's sector (or policy, or 'total') the item maps onto; empty if none (the note says why)
        "sector": pa.Column(checks=_EMPTY_OR_SLUG, **_TEXT),
        "kind": pa.Column(checks=_one_of(OUTCOME_KINDS), **_TEXT),
        "period_start": pa.Column(checks=_ISO_DATE, **_TEXT),
        "period_end": pa.Column(checks=_ISO_DATE, **_TEXT),
        # its range depends on the unit: see the whole-row checks below the table
        "value": pa.Column(float, checks=_FINITE, coerce=True, nullable=False),
        "unit": pa.Column(checks=_one_of(OUTCOME_UNITS), **_TEXT),
        # what the value is: a level, an increment over the baseline, a share (percent), a count
        "meaning": pa.Column(checks=_one_of(OUTCOME_MEANINGS), **_TEXT),
        # for a share: of a market, of a commitment met, or of covered trade
        "share_kind": pa.Column(checks=_empty_or_one_of(SHARE_KINDS), **_TEXT),
        # whose statistics (a key: values on different bases are never compared)
        "basis": pa.Column(checks=_SLUG, **_TEXT),
        "computed_by": pa.Column(checks=_REQUIRED, **_TEXT),
        # for a target: legal commitment, official estimate or stated goal of one side
        "promise": pa.Column(checks=_empty_or_one_of(PROMISE_KINDS), **_TEXT),
        "source_id": pa.Column(checks=_REQUIRED, **_TEXT),
        "quote": pa.Column(**_TEXT),
        "note": pa.Column(**_TEXT),
    },
    checks=list(OUTCOME_RANGES),
    name="outcomes",
    metadata={"may_be_empty": True, "check_columns": {check.error: "value" for check in OUTCOME_RANGES}},
)

#: file name -> schema, for every table of a dataset folder.
TABLES = dict(zip(TABLE_FILES, (FIGURES, CONTEXT, STATUS_EVENTS, SECTORS, SOURCES)))
#: file name -> schema, for the tables a dataset folder may leave out (absent means empty).
OPTIONAL_TABLES = dict(zip(OPTIONAL_TABLE_FILES, (POLICIES, POLICY_SECTORS, TARIFFS, DEALS, OUTCOMES)))
