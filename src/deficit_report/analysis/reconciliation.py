"""Sum of the sectors against the partner total, each year and flow, with both vintages named.

Sector rows and the partner total may come from different vintages (sector
rows retrieved years before a revised total). The table sets the sum of the
counted sectors of each vintage beside the partner total (of the same vintage
when there is one, else of the vintage there is) and names both: a difference
across two vintages is a revision or a coverage gap, never a sector.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.composition import counted_sectors
from deficit_report.vocabulary import TOTAL

RECONCILIATION_COLUMNS = [
    "year",
    "flow",
    "sectors",
    "sectors_vintage",
    "sum_of_sectors_usd_m",
    "total_vintage",
    "total_usd_m",
    "difference_usd_m",
    "note",
]
SAME = "same vintage: the difference is trade in no counted sector"
DIFFERENT = "two vintages: the difference mixes revisions with trade in no counted sector; it is not a sector"


def _flow_rows(mine: pd.DataFrame, sectors: pd.DataFrame, year: int, flow: str) -> list[dict]:
    part = mine[(mine["period"] == year) & (mine["measure"] == flow)]
    totals = part[part["sector"] == TOTAL].groupby("vintage")["value_usd_m"].sum()
    rows = []
    for vintage, rows_v in part[part["sector"] != TOTAL].groupby("vintage", sort=True):
        by_sector = rows_v.groupby("sector")["value_usd_m"].sum()
        counted = counted_sectors(sectors, set(by_sector.index))
        other = vintage if vintage in totals.index else (totals.index[0] if len(totals) else "")
        total = float(totals[other]) if other else float("nan")
        summed = float(by_sector[counted].sum())
        rows.append(
            {
                "year": int(year),
                "flow": flow,
                "sectors": len(counted),
                "sectors_vintage": vintage,
                "sum_of_sectors_usd_m": summed,
                "total_vintage": other,
                "total_usd_m": total,
                "difference_usd_m": total - summed,
                "note": (SAME if other == vintage else DIFFERENT) if other else "no total in the data",
            }
        )
    return rows


def reconciliation(figures: pd.DataFrame, sectors: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Set the sum of the sectors beside the total, per year and flow, naming both vintages.

    Returns
    -------
    pandas.DataFrame
        One row per year with sector rows, flow (exports, imports, then their
        balance, or the sector balances a source reported) and sector vintage: ``sectors`` (how many counted),
        ``sectors_vintage``, ``sum_of_sectors_usd_m``, ``total_vintage``,
        ``total_usd_m``, ``difference_usd_m`` (total minus sectors) and a ``note``
        saying whether the two come from one vintage.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["a", "b"], "kind": "goods", "parent": ""})
    >>> f = pd.DataFrame({"partner": "CHN", "period": 2019, "sector": ["a", "b", "total"] * 2,
    ...     "measure": ["exports"] * 3 + ["imports"] * 3, "value_usd_m": [5.0, 5.0, 11.0, 10.0, 20.0, 31.0],
    ...     "vintage": ["tracker", "tracker", "census_2025"] * 2})
    >>> reconciliation(f, s, "CHN")[["flow", "sum_of_sectors_usd_m", "total_usd_m", "difference_usd_m"]].values.tolist()
    [['exports', 10.0, 11.0, 1.0], ['imports', 30.0, 31.0, 1.0], ['balance', -20.0, -20.0, 0.0]]

    Sector balances reported as balances (a press figure for autos) stand beside the reported total:

    >>> b = pd.DataFrame({"partner": "JPN", "period": 1994, "sector": ["a", "total"], "measure": "balance",
    ...     "value_usd_m": [-36700.0, -65700.0], "vintage": ["press", "first_release"]})
    >>> reconciliation(b, s, "JPN")[["flow", "sectors_vintage", "total_vintage", "difference_usd_m"]].values.tolist()
    [['balance', 'press', 'first_release', -29000.0]]
    """
    mine = figures[(figures["partner"] == partner) & figures["measure"].isin(["exports", "imports", "balance"])]
    rows = []
    for year in sorted(set(mine.loc[mine["sector"] != TOTAL, "period"])):
        flows = {flow: _flow_rows(mine, sectors, year, flow) for flow in ("exports", "imports", "balance")}
        rows += flows["exports"] + flows["imports"]
        if flows["balance"]:  # sector balances the source reported: beside the reported total
            rows += flows["balance"]
            continue
        imports = {(r["sectors_vintage"], r["total_vintage"]): r for r in flows["imports"]}
        for ex in flows["exports"]:
            im = imports.get((ex["sectors_vintage"], ex["total_vintage"]))
            if im is None:
                continue
            summed = ex["sum_of_sectors_usd_m"] - im["sum_of_sectors_usd_m"]
            total = ex["total_usd_m"] - im["total_usd_m"]
            rows.append(
                {**ex, "flow": "balance", "sectors": min(ex["sectors"], im["sectors"]),
                 "sum_of_sectors_usd_m": summed, "total_usd_m": total, "difference_usd_m": total - summed}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)
