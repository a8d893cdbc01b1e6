"""The partner total over time, every vintage shown, the chosen one marked.

Several vintages of the same year's total (a first release, a revision) are
kept apart so a reader sees how much revisions move the figure.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.figures import balances_by_vintage, periods_with_total, sector_values
from deficit_report.vocabulary import TOTAL

COLUMNS = ["period", "vintage", "value_usd_m", "method", "source_id"]


def total_by_vintage(figures: pd.DataFrame, partner: str, measure: str = "balance") -> pd.DataFrame:
    """Every vintage of the partner total, per year.

    A vintage that reports exports and imports gives a balance computed from
    them; a reported balance is listed too (both, when a vintage has both).

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "sector": "total", "period": [1992, 1992, 1992, 1994],
    ...     "measure": ["exports", "imports", "balance", "balance"], "value_usd_m": [47800.0, 97200.0, -49400.0, -65700.0],
    ...     "vintage": ["revised", "revised", "first_release", "first_release"], "source_id": ["s", "s", "a", "b"], "basis": "census"})
    >>> total_by_vintage(f, "JPN")[["period", "vintage", "value_usd_m", "method"]].values.tolist()
    [[1992, 'first_release', -49400.0, 'reported'], [1992, 'revised', -49400.0, 'exports - imports'], [1994, 'first_release', -65700.0, 'reported']]
    >>> g = pd.concat([f, f.iloc[[2]].assign(vintage="revised", value_usd_m=-49600.0)])
    >>> total_by_vintage(g, "JPN").query("period == 1992 and vintage == 'revised'")["value_usd_m"].tolist()
    [-49400.0, -49600.0]
    """
    rows = figures[(figures["partner"] == partner) & (figures["sector"] == TOTAL)]
    reported = rows[rows["measure"] == measure].assign(method="reported")
    frames = [reported]
    if measure == "balance":
        frames.insert(0, balances_by_vintage(rows).assign(method="exports - imports"))
    frame = (
        pd.concat([f[COLUMNS] for f in frames if not f.empty], ignore_index=True)
        if any(not f.empty for f in frames)
        else pd.DataFrame(columns=COLUMNS)
    )
    frame["period"] = frame["period"].astype(int)
    frame["value_usd_m"] = frame["value_usd_m"].astype(float)
    method_order = frame["method"].map({"exports - imports": 0, "reported": 1})
    return (
        frame.assign(_m=method_order)
        .sort_values(["period", "vintage", "_m"], kind="stable")
        .drop(columns="_m")
        .reset_index(drop=True)
    )


def balance_history(
    figures: pd.DataFrame, partner: str, measure: str, order, highlight: tuple[int, ...]
) -> pd.DataFrame:
    """Every vintage of the total per year, with the figure the vintage rule picks marked ``used``.

    ``highlight`` lists the years to mark (the focus and comparison years).
    """
    frame = total_by_vintage(figures, partner, measure)
    chosen = {}
    for year in periods_with_total(figures, partner, measure):
        row = sector_values(figures, partner, year, measure, order).set_index("sector").loc[TOTAL]
        chosen[year] = (row["vintage"], row["method"])
    frame["used"] = [chosen.get(p) == (v, m) for p, v, m in zip(frame["period"], frame["vintage"], frame["method"])]
    frame["highlight"] = frame["period"].isin(highlight)
    return frame


def flow_history(figures: pd.DataFrame, partner: str, order) -> pd.DataFrame:
    """Exports and imports of the partner total for every year with a figure, by the vintage rule.

    Columns ``period``, ``flow``, ``value_usd_m``, ``vintage``, ``source_id``: one row per flow and
    year (a year without a figure for a flow has no row; nothing is derived).

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "sector": "total", "period": [1992, 1992, 1994],
    ...     "measure": ["exports", "imports", "balance"], "value_usd_m": [47800.0, 97200.0, -65700.0],
    ...     "vintage": "revised", "source_id": "s", "basis": "census"})
    >>> flow_history(f, "JPN", ["revised"])[["period", "flow", "value_usd_m"]].values.tolist()
    [[1992, 'exports', 47800.0], [1992, 'imports', 97200.0]]
    """
    rows = []
    for flow in ("exports", "imports"):
        for year in periods_with_total(figures, partner, flow):
            row = sector_values(figures, partner, year, flow, order).set_index("sector").loc[TOTAL]
            if pd.notna(row["value_usd_m"]):
                rows.append((int(year), flow, float(row["value_usd_m"]), row["vintage"], row["source_id"]))
    frame = pd.DataFrame(rows, columns=["period", "flow", "value_usd_m", "vintage", "source_id"])
    return frame.sort_values(["period", "flow"], kind="stable").reset_index(drop=True)
