"""Choose one figure per sector and period, by a stated rule.

Several sources often give the same period, sector and measure: a first
release and a revision, a newspaper and an official statement. This module
picks one by **vintage order**, and a sector's balance from its exports and
imports where both exist.

The default vintage order, and why
----------------------------------
1. ``first_release``: the Census figure as first published. Every year of the
   founding case has one, and 1994 has only this one, so choosing it first
   keeps the focus and comparison years like for like.
2. ``revised``: the same statistic after revision.
3. ``press``: a newspaper reporting the year's statistic, to one decimal.
4. ``official_statement``: figures in policy statements, usually rounded
   ("a $37 billion trade surplus").
5. ``estimate``, ``study``, ``approximate``: projections, studies and
   "about" figures, used only when nothing better exists.

Vintages not in the order (for example a retrieval date such as
``retrieved-2025-10-01``) come after it, newest first. The order is a report
parameter (``vintage_order``); the report always shows which figure, vintage
and source it used, and which other candidates there were.
"""

from __future__ import annotations

import pandas as pd

DEFAULT_VINTAGE_ORDER = ("first_release", "revised", "press", "official_statement", "estimate", "study", "approximate")

#: Columns of the frames returned by :func:`sector_values`.
VALUE_COLUMNS = ["sector", "value_usd_m", "method", "vintage", "basis", "source_id", "alternatives"]


def vintage_rank(vintages: pd.Series, order=DEFAULT_VINTAGE_ORDER) -> pd.Series:
    """Rank vintages: 0 is the most preferred.

    Vintages in ``order`` rank by position; others follow, the newest
    (largest string) first.

    Examples
    --------
    >>> vintage_rank(pd.Series(["press", "first_release", "retrieved-2024", "retrieved-2025"])).tolist()
    [2, 0, 8, 7]
    """
    known = {v: i for i, v in enumerate(order)}
    unknown = sorted(set(vintages) - set(known), reverse=True)
    ranks = {**known, **{v: len(order) + i for i, v in enumerate(unknown)}}
    return vintages.map(ranks).astype(int)


def _describe(rows: pd.DataFrame) -> str:
    """Describe candidate figures as 'vintage value (source)'."""
    return "; ".join(f"{r.vintage} {r.value_usd_m:,.0f} ({r.source_id})" for r in rows.itertuples())


def pick_reported(
    figures: pd.DataFrame, partner: str, period: int, measure: str, order=DEFAULT_VINTAGE_ORDER
) -> pd.DataFrame:
    """Pick, for each sector, the reported figure of the best-ranked vintage.

    Returns one row per sector with columns :data:`VALUE_COLUMNS`; ``method`` is
    ``"reported"`` and ``alternatives`` lists the candidates not chosen.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "period": 1994, "sector": "automotive", "measure": "balance",
    ...     "value_usd_m": [-36700.0, -37000.0], "basis": "unstated",
    ...     "vintage": ["press", "official_statement"], "source_id": ["ct", "ustr"]})
    >>> pick_reported(f, "JPN", 1994, "balance")[["sector", "value_usd_m", "vintage", "alternatives"]]
           sector  value_usd_m vintage                       alternatives
    0  automotive     -36700.0   press  official_statement -37,000 (ustr)
    >>> pick_reported(f, "JPN", 1994, "balance", order=["official_statement"])["value_usd_m"].tolist()
    [-37000.0]
    """
    rows = figures[(figures["partner"] == partner) & (figures["period"] == period) & (figures["measure"] == measure)]
    rows = rows.assign(_rank=vintage_rank(rows["vintage"], order)).sort_values(["sector", "_rank"], kind="stable")
    picked = []
    for sector, group in rows.groupby("sector", sort=True):
        best = group.iloc[0]
        picked.append(
            {
                "sector": sector,
                "value_usd_m": float(best["value_usd_m"]),
                "method": "reported",
                "vintage": best["vintage"],
                "basis": best["basis"],
                "source_id": best["source_id"],
                "alternatives": _describe(group.iloc[1:]),
            }
        )
    return pd.DataFrame(picked, columns=VALUE_COLUMNS)


def balances_by_vintage(figures: pd.DataFrame) -> pd.DataFrame:
    """Compute ``exports - imports`` for every partner, period, sector and vintage that has both flows.

    The one place a balance is derived from flows; :func:`derived_balances` picks
    one vintage per sector from it, and the balance history lists them all.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "period": 1992, "sector": "total",
    ...     "measure": ["exports", "imports", "imports"], "value_usd_m": [47800.0, 97200.0, 97000.0],
    ...     "basis": ["census fas", "census customs", "census customs"],
    ...     "vintage": ["revised", "revised", "first_release"], "source_id": ["a", "b", "c"]})
    >>> balances_by_vintage(f)[["period", "sector", "vintage", "value_usd_m", "basis", "source_id"]].values.tolist()
    [[1992, 'total', 'revised', -49400.0, 'census customs; census fas', 'a; b']]
    """
    flows = figures[figures["measure"].isin(["exports", "imports"])]
    keys = ["partner", "period", "sector", "vintage"]
    rows = []
    for key, group in flows.groupby(keys, sort=True):
        by_measure = group.drop_duplicates("measure").set_index("measure")
        if {"exports", "imports"} <= set(by_measure.index):
            rows.append(
                {
                    **dict(zip(keys, key)),
                    "value_usd_m": float(
                        by_measure.loc["exports", "value_usd_m"] - by_measure.loc["imports", "value_usd_m"]
                    ),
                    "basis": "; ".join(sorted(set(group["basis"]))),
                    "source_id": "; ".join(sorted(set(group["source_id"]))),
                }
            )
    return pd.DataFrame(rows, columns=[*keys, "value_usd_m", "basis", "source_id"])


def derived_balances(figures: pd.DataFrame, partner: str, period: int, order=DEFAULT_VINTAGE_ORDER) -> pd.DataFrame:
    """Compute ``exports - imports`` per sector, from the best vintage that has both.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "period": 1992, "sector": "total",
    ...     "measure": ["exports", "imports"], "value_usd_m": [47800.0, 97200.0], "basis": "census",
    ...     "vintage": "revised", "source_id": "state"})
    >>> derived_balances(f, "JPN", 1992)[["sector", "value_usd_m", "method", "vintage"]]
      sector  value_usd_m             method  vintage
    0  total     -49400.0  exports - imports  revised
    """
    rows = figures[(figures["partner"] == partner) & (figures["period"] == period)]
    balances = balances_by_vintage(rows)
    if balances.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    balances = balances.assign(_rank=vintage_rank(balances["vintage"], order))
    best = balances.sort_values(["sector", "_rank"], kind="stable").groupby("sector", sort=True).head(1)
    return best.assign(method="exports - imports", alternatives="")[VALUE_COLUMNS].reset_index(drop=True)


def sector_values(
    figures: pd.DataFrame, partner: str, period: int, measure: str = "balance", order=DEFAULT_VINTAGE_ORDER
) -> pd.DataFrame:
    """Return one figure per sector (``total`` included) for a period and measure.

    A balance comes from exports and imports of one vintage when both exist,
    otherwise from a reported balance. The reported balances not used are
    listed in ``alternatives``.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "period": 1992, "sector": "total",
    ...     "measure": ["exports", "imports", "balance", "balance"],
    ...     "value_usd_m": [47800.0, 97200.0, -49400.0, -49600.0], "basis": "census",
    ...     "vintage": ["revised", "revised", "first_release", "revised"], "source_id": ["s", "s", "a", "s"]})
    >>> sector_values(f, "JPN", 1992)[["sector", "value_usd_m", "method", "alternatives"]].to_dict("records")
    [{'sector': 'total', 'value_usd_m': -49400.0, 'method': 'exports - imports', 'alternatives': 'reported balance: first_release -49,400 (a); revised -49,600 (s)'}]
    """
    reported = pick_reported(figures, partner, period, measure, order)
    if measure != "balance":
        return reported
    derived = derived_balances(figures, partner, period, order)
    rows = figures[(figures["partner"] == partner) & (figures["period"] == period) & (figures["measure"] == "balance")]
    derived["alternatives"] = [
        (
            "reported balance: "
            + _describe(
                rows[rows["sector"] == s]
                .assign(_r=lambda d: vintage_rank(d["vintage"], order))
                .sort_values("_r", kind="stable")
            )
        )
        if (rows["sector"] == s).any()
        else ""
        for s in derived["sector"]
    ]
    only_reported = reported[~reported["sector"].isin(derived["sector"])]
    frames = [f for f in (derived, only_reported) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    return pd.concat(frames, ignore_index=True).sort_values("sector", kind="stable").reset_index(drop=True)


def periods_with_total(figures: pd.DataFrame, partner: str, measure: str = "balance") -> list[int]:
    """Return the periods for which the partner total of ``measure`` can be given.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "period": [1993, 1993, 1994], "sector": "total",
    ...     "measure": ["exports", "imports", "balance"], "value_usd_m": [1.0, 2.0, -3.0]})
    >>> periods_with_total(f, "JPN")
    [1993, 1994]
    >>> periods_with_total(f, "JPN", "exports")
    [1993]
    """
    rows = figures[(figures["partner"] == partner) & (figures["sector"] == "total")]
    if measure == "balance":
        by_period = rows.groupby("period")["measure"].agg(set)
        ok = by_period[by_period.map(lambda m: "balance" in m or {"exports", "imports"} <= m)]
        return sorted(int(p) for p in ok.index)
    return sorted(int(p) for p in rows.loc[rows["measure"] == measure, "period"].unique())
