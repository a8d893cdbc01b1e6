"""The partner total over time, every vintage shown, the chosen one marked.

Several vintages of the same year's total (a first release, a revision) are
kept apart so a reader sees how much revisions move the figure.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.figures import periods_with_total, sector_values
from deficit_report.vocabulary import TOTAL


def total_by_vintage(figures: pd.DataFrame, partner: str, measure: str = "balance") -> pd.DataFrame:
    """Every vintage of the partner total, per year.

    A vintage that reports exports and imports gives a balance computed from
    them; a reported balance is listed too (both, when a vintage has both).

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "sector": "total", "period": [1992, 1992, 1992, 1994],
    ...     "measure": ["exports", "imports", "balance", "balance"], "value_usd_m": [47800.0, 97200.0, -49400.0, -65700.0],
    ...     "vintage": ["revised", "revised", "first_release", "first_release"], "source_id": ["s", "s", "a", "b"]})
    >>> total_by_vintage(f, "JPN")[["period", "vintage", "value_usd_m", "method"]].values.tolist()
    [[1992, 'first_release', -49400.0, 'reported'], [1992, 'revised', -49400.0, 'exports - imports'], [1994, 'first_release', -65700.0, 'reported']]
    >>> g = pd.concat([f, f.iloc[[2]].assign(vintage="revised", value_usd_m=-49600.0)])
    >>> total_by_vintage(g, "JPN").query("period == 1992 and vintage == 'revised'")["value_usd_m"].tolist()
    [-49400.0, -49600.0]
    """
    rows = figures[(figures["partner"] == partner) & (figures["sector"] == TOTAL)]
    out = []
    for (period, vintage), group in rows.groupby(["period", "vintage"], sort=True):
        by_measure = group.set_index("measure")
        if measure == "balance" and {"exports", "imports"} <= set(by_measure.index):
            out.append({"period": int(period), "vintage": vintage, "method": "exports - imports",
                        "value_usd_m": float(by_measure.loc["exports", "value_usd_m"]
                                             - by_measure.loc["imports", "value_usd_m"]),
                        "source_id": by_measure.loc["exports", "source_id"]})
        if measure in by_measure.index:
            out.append({"period": int(period), "vintage": vintage, "method": "reported",
                        "value_usd_m": float(by_measure.loc[measure, "value_usd_m"]),
                        "source_id": by_measure.loc[measure, "source_id"]})
    return pd.DataFrame(out, columns=["period", "vintage", "value_usd_m", "method", "source_id"])


def balance_history(figures: pd.DataFrame, partner: str, measure: str, order, highlight: tuple[int, ...]) -> pd.DataFrame:
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
