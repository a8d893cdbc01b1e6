"""Tariffs as a measured status: the monthly trade-weighted tariff by sector, and the change by exposure.

The tariffs table holds, per sector and month, the trade-weighted average
tariff each side: flow ``imports`` is the reporter's tariff on imports from
the partner (the U.S. tariff on Chinese goods), flow ``exports`` the
partner's tariff on the reporter's exports. A sector's tariff in a year is
the plain mean of its monthly values in that year (only years with all twelve
months). Sectors are then grouped by how much their tariff rose between the
comparison and the focus year, and each flow's change (on the figures the
report uses) is summed by group: the contributions to the change in the
balance add up to it exactly (exports count +, imports -).
"""

from __future__ import annotations

import pandas as pd

from deficit_report.vocabulary import REMAINDER

#: Exposure groups, by the rise of a sector's tariff in points: (lower bound, exclusive; label).
RISE_GROUPS = ((10.0, "up by more than 10 points"), (1.0, "up by 1 to 10 points"))
#: The group of a rise of at most 1 point (or a fall).
FLAT_GROUP = "up by 1 point or less, or down"
#: The group of a sector without a tariff series for both years (and of the remainder).
NO_TARIFF = "no tariff series"
#: Who sets the tariff, by flow.
TARIFF_SETTER = {"imports": "U.S. tariff on imports from the partner", "exports": "partner's tariff on U.S. exports"}


def tariff_series(tariffs: pd.DataFrame, sectors: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Return the partner's monthly tariff by sector and flow, with sector labels and the month as a date.

    Examples
    --------
    >>> t = pd.DataFrame({"partner": "CHN", "sector": "naics_111", "month": ["2018-06", "2018-07"],
    ...     "flow": "exports", "tariff_pct": [7.7, 35.1], "source_id": "t", "note": ""})
    >>> s = pd.DataFrame({"sector": ["naics_111"], "label": ["Crop Production"]})
    >>> tariff_series(t, s, "CHN")[["label", "date", "flow", "tariff_pct"]].values.tolist()[1]
    ['Crop Production', '2018-07-01', 'exports', 35.1]
    """
    mine = tariffs[tariffs["partner"] == partner]
    labels = sectors.set_index("sector")["label"].to_dict()
    out = mine.assign(label=mine["sector"].map(labels).fillna(mine["sector"]), date=mine["month"] + "-01")
    columns = ["sector", "label", "month", "date", "flow", "tariff_pct", "source_id"]
    return out.reindex(columns=columns).sort_values(["flow", "sector", "month"], kind="stable").reset_index(drop=True)


def annual_tariffs(tariffs: pd.DataFrame, partner: str, year: int) -> pd.DataFrame:
    """Average each sector's monthly tariff over a year (plain mean; only sectors with all 12 months).

    Examples
    --------
    >>> t = pd.DataFrame({"partner": "CHN", "sector": "a", "flow": "imports",
    ...     "month": [f"2019-{m:02d}" for m in range(1, 13)], "tariff_pct": [3.0] * 6 + [9.0] * 6})
    >>> annual_tariffs(t, "CHN", 2019).values.tolist()
    [['a', 'imports', 6.0]]
    """
    rows = tariffs[(tariffs["partner"] == partner) & tariffs["month"].str.startswith(f"{year}-")]
    grouped = rows.groupby(["sector", "flow"], sort=True)["tariff_pct"].agg(["mean", "count"]).reset_index()
    full = grouped[grouped["count"] == 12]
    return full.rename(columns={"mean": "tariff_pct"})[["sector", "flow", "tariff_pct"]].reset_index(drop=True)


def rise_group(rise: float) -> str:
    """Name a sector's exposure group from the rise of its tariff in points.

    Examples
    --------
    >>> [rise_group(x) for x in (17.2, 10.0, 0.2, float("nan"))]
    ['up by more than 10 points', 'up by 1 to 10 points', 'up by 1 point or less, or down', 'no tariff series']
    """
    if pd.isna(rise):
        return NO_TARIFF
    return next((name for floor, name in RISE_GROUPS if rise > floor), FLAT_GROUP)


def tariff_changes(tariffs: pd.DataFrame, partner: str, compare_year: int, focus_year: int) -> pd.DataFrame:
    """Return each sector's average tariff in both years, the rise in points and its exposure group, per flow.

    Examples
    --------
    >>> t = pd.DataFrame({"partner": "CHN", "sector": "a", "flow": "imports",
    ...     "month": [f"{y}-{m:02d}" for y in (2017, 2019) for m in range(1, 13)], "tariff_pct": [3.0] * 12 + [18.0] * 12})
    >>> tariff_changes(t, "CHN", 2017, 2019).to_dict("records")
    [{'sector': 'a', 'flow': 'imports', 'compare_pct': 3.0, 'focus_pct': 18.0, 'rise_points': 15.0, 'exposure': 'up by more than 10 points'}]
    """
    before = annual_tariffs(tariffs, partner, compare_year).rename(columns={"tariff_pct": "compare_pct"})
    after = annual_tariffs(tariffs, partner, focus_year).rename(columns={"tariff_pct": "focus_pct"})
    both = before.merge(after, on=["sector", "flow"], how="outer")
    both["rise_points"] = both["focus_pct"] - both["compare_pct"]
    both["exposure"] = both["rise_points"].map(rise_group)
    return both[["sector", "flow", "compare_pct", "focus_pct", "rise_points", "exposure"]]


def change_by_exposure(flow_changes: dict[str, pd.DataFrame], changes: pd.DataFrame) -> pd.DataFrame:
    """Sum each flow's change by tariff exposure group; the contributions to the balance add up to its change.

    Parameters
    ----------
    flow_changes : dict of str to pandas.DataFrame
        For ``"exports"`` and ``"imports"``: the contributions table of that flow
        (:func:`deficit_report.analysis.contributions.contributions`: ``sector``,
        ``compare_usd_m``, ``focus_usd_m``, ``change_usd_m``; the remainder row included).
    changes : pandas.DataFrame
        From :func:`tariff_changes`.

    Returns
    -------
    pandas.DataFrame
        One row per flow and exposure group: ``flow``, ``tariff`` (who sets it),
        ``exposure``, ``sectors`` (how many), ``compare_usd_m``, ``focus_usd_m``,
        ``change_usd_m`` (of the flow) and ``balance_contribution_usd_m``
        (+change for exports, -change for imports), then a ``total (balance)``
        row: the balance (exports minus imports) in both years and its change.

    Examples
    --------
    >>> ex = pd.DataFrame({"sector": ["a", "all_other_goods"], "compare_usd_m": [20.0, 0.0],
    ...     "focus_usd_m": [14.0, 0.0], "change_usd_m": [-6.0, 0.0]})
    >>> im = pd.DataFrame({"sector": ["a", "all_other_goods"], "compare_usd_m": [50.0, 0.0],
    ...     "focus_usd_m": [40.0, 0.0], "change_usd_m": [-10.0, 0.0]})
    >>> ch = pd.DataFrame({"sector": ["a", "a"], "flow": ["exports", "imports"], "rise_points": [25.0, 5.0],
    ...     "exposure": ["up by more than 10 points", "up by 1 to 10 points"]})
    >>> change_by_exposure({"exports": ex, "imports": im}, ch)[["flow", "exposure", "balance_contribution_usd_m"]]
          flow                   exposure  balance_contribution_usd_m
    0  exports  up by more than 10 points                        -6.0
    1  imports       up by 1 to 10 points                        10.0
    2  total (balance)                                             4.0

    Without tariff series there is nothing to group by, and no table:

    >>> change_by_exposure({"exports": ex, "imports": im}, ch.iloc[0:0]).empty
    True
    """
    columns = ["flow", "tariff", "exposure", "sectors", "compare_usd_m", "focus_usd_m", "change_usd_m",
               "balance_contribution_usd_m"]  # fmt: skip
    if changes.empty:  # no tariff series: no exposure to group by (a lone total row of zeros would mislead)
        return pd.DataFrame(columns=columns)
    order = [name for _, name in RISE_GROUPS] + [FLAT_GROUP, NO_TARIFF]
    rows = []
    for flow, sign in (("exports", 1.0), ("imports", -1.0)):
        if flow not in flow_changes:
            continue
        group_of = changes[changes["flow"] == flow].set_index("sector")["exposure"].to_dict()
        table = flow_changes[flow]
        table = table.assign(
            exposure=[group_of.get(s, NO_TARIFF) if s != REMAINDER else NO_TARIFF for s in table["sector"]]
        )
        empty = (table["compare_usd_m"].abs() < 1e-6) & (table["focus_usd_m"].abs() < 1e-6)  # rounding only
        table = table[(table["sector"] != REMAINDER) | ~empty]
        for name in order:
            part = table[table["exposure"] == name]
            if part.empty:
                continue
            change = float(part["change_usd_m"].sum())
            rows.append(
                {
                    "flow": flow,
                    "tariff": TARIFF_SETTER[flow],
                    "exposure": name,
                    "sectors": len(part),
                    "compare_usd_m": float(part["compare_usd_m"].sum()),
                    "focus_usd_m": float(part["focus_usd_m"].sum()),
                    "change_usd_m": change,
                    "balance_contribution_usd_m": sign * change,
                }
            )
    total = {"flow": "total (balance)", "tariff": "", "exposure": ""}
    for key in ("compare_usd_m", "focus_usd_m", "change_usd_m"):
        total[key] = sum(r[key] * (1.0 if r["flow"] == "exports" else -1.0) for r in rows)
    total["balance_contribution_usd_m"] = sum(r["balance_contribution_usd_m"] for r in rows)
    total["sectors"] = len({s for f in flow_changes.values() for s in f["sector"] if s != REMAINDER})
    rows.append(total)
    return pd.DataFrame(rows, columns=columns)


def action_dates(events: pd.DataFrame, policies: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Return the dates of the policies' status events per flow (the rules of the tariff chart).

    Examples
    --------
    >>> e = pd.DataFrame({"partner": "CHN", "sector": ["list_1", "list_1", "ipt"], "flow": ["imports"] * 2 + ["none"],
    ...     "date": ["2018-07-06", "2018-07-06", "2018-03-22"], "status": "stalled"})
    >>> action_dates(e, pd.DataFrame({"policy": ["list_1", "ipt"]}), "CHN").values.tolist()
    [['imports', '2018-07-06', 'list_1']]
    """
    keys = set(policies["policy"]) if "policy" in policies.columns else set()
    mine = events[(events["partner"] == partner) & events["sector"].isin(keys)]
    mine = mine[mine["flow"].isin(["imports", "exports"])] if "flow" in mine.columns else mine.iloc[0:0]
    grouped = mine.groupby(["flow", "date"], sort=True)["sector"].agg(lambda s: ", ".join(dict.fromkeys(s)))
    return grouped.reset_index().rename(columns={"sector": "policies"})[["flow", "date", "policies"]]
