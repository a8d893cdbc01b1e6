"""Sum of the sectors against the partner total, each year, each flow, each vintage: a gap is not a sector.

Sector rows and the partner total may come from different vintages (sector
rows retrieved years before a revised total). The table shows, for every year
and flow, the sum of the counted sectors of each vintage beside the total of
each vintage, and the gap only where both come from the same vintage.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.composition import counted_sectors
from deficit_report.vocabulary import TOTAL

RECONCILIATION_COLUMNS = [
    "year",
    "flow",
    "vintage",
    "sectors",
    "sum_of_sectors_usd_m",
    "total_usd_m",
    "gap_usd_m",
    "note",
]


def reconciliation(figures: pd.DataFrame, sectors: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Set the sum of the sectors beside the total, per year, flow (exports, imports) and vintage.

    Returns
    -------
    pandas.DataFrame
        One row per year, flow and vintage that has sector rows or a total:
        ``sectors`` (how many counted), ``sum_of_sectors_usd_m``,
        ``total_usd_m``, ``gap_usd_m`` (total minus sectors, same vintage only)
        and a ``note``. Only years with sector rows in some vintage are listed.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["a", "b"], "kind": "goods", "parent": ""})
    >>> f = pd.DataFrame({"partner": "CHN", "period": 2019, "sector": ["a", "b", "total"], "measure": "imports",
    ...     "value_usd_m": [10.0, 20.0, 31.0], "vintage": ["tracker", "tracker", "census_2025"]})
    >>> reconciliation(f, s, "CHN")[["vintage", "sum_of_sectors_usd_m", "total_usd_m", "gap_usd_m"]].values.tolist()
    [['census_2025', nan, 31.0, nan], ['tracker', 30.0, nan, nan]]

    Where a vintage has both flows, a ``balance`` row (exports minus imports) follows.
    """
    mine = figures[(figures["partner"] == partner) & figures["measure"].isin(["exports", "imports"])]
    years = sorted(set(mine.loc[mine["sector"] != TOTAL, "period"]))
    rows = []
    for year in years:
        for flow in ("exports", "imports"):
            part = mine[(mine["period"] == year) & (mine["measure"] == flow)]
            for vintage in sorted(set(part["vintage"])):
                rows_v = part[part["vintage"] == vintage]
                by_sector = rows_v.groupby("sector")["value_usd_m"].sum()
                counted = counted_sectors(sectors, set(by_sector.index) - {TOTAL})
                total = float(by_sector[TOTAL]) if TOTAL in by_sector.index else float("nan")
                summed = float(by_sector[counted].sum()) if counted else float("nan")
                if counted and TOTAL in by_sector.index:
                    note = "same vintage: the gap is trade in no counted sector"
                elif counted:
                    note = "sector rows only: no total of this vintage"
                else:
                    note = "total only: no sector rows of this vintage"
                rows.append(
                    {
                        "year": int(year),
                        "flow": flow,
                        "vintage": vintage,
                        "sectors": len(counted),
                        "sum_of_sectors_usd_m": summed,
                        "total_usd_m": total,
                        "gap_usd_m": total - summed,
                        "note": note,
                    }
                )
    frame = pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)
    return pd.concat([frame, _balances(frame)], ignore_index=True).sort_values(
        ["year", "vintage"], kind="stable", ignore_index=True
    )


def _balances(flows: pd.DataFrame) -> pd.DataFrame:
    """Exports minus imports of each year and vintage that has both flows (sums and totals alike)."""
    keys = ["year", "vintage"]
    ex = flows[flows["flow"] == "exports"].set_index(keys)
    im = flows[flows["flow"] == "imports"].set_index(keys)
    both = ex.index.intersection(im.index)
    if both.empty:
        return flows.iloc[0:0]
    out = pd.DataFrame(index=both).reset_index()
    for column in ("sum_of_sectors_usd_m", "total_usd_m", "gap_usd_m"):
        out[column] = (ex.loc[both, column] - im.loc[both, column]).to_numpy()
    out["flow"] = "balance"
    out["sectors"] = ex.loc[both, "sectors"].to_numpy()
    out["note"] = "exports minus imports"
    return out[RECONCILIATION_COLUMNS]
