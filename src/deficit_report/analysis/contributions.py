"""Contribution of each sector to the change in the total between two years.

Contributions are computed at one level for both years (the sectors with a
figure in both), so a parent in one year is never set against its children in
the other; the remainder ("all other goods") takes the rest, and the rows add
up exactly to the change in the total.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.composition import counted_sectors
from deficit_report.vocabulary import REMAINDER, REMAINDER_LABEL, TOTAL


def contributions(compare: pd.DataFrame, focus: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """Each sector's contribution to the change in the total, plus the remainder.

    Parameters
    ----------
    compare, focus : pandas.DataFrame
        One figure per sector for the comparison and focus years
        (:func:`deficit_report.analysis.figures.sector_values`), ``total`` included.
    sectors : pandas.DataFrame
        The sectors table.

    Returns
    -------
    pandas.DataFrame
        One row per sector with a figure in both years, then ``all_other_goods``:
        ``compare_usd_m``, ``focus_usd_m``, ``change_usd_m`` and
        ``share_of_change`` (contribution / total change). The ``change_usd_m``
        column adds up to the total change.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["automotive"], "label": ["Automotive"], "kind": "goods", "parent": ""})
    >>> v92 = pd.DataFrame({"sector": ["automotive", "total"], "value_usd_m": [-29800.0, -49400.0],
    ...                     "vintage": ["estimate", "revised"], "source_id": ["ct", "st"]})
    >>> v94 = pd.DataFrame({"sector": ["automotive", "total"], "value_usd_m": [-36700.0, -65700.0],
    ...                     "vintage": ["press", "first_release"], "source_id": ["ct2", "ap"]})
    >>> c = contributions(v92, v94, s)
    >>> c[["sector", "change_usd_m", "share_of_change"]].round(3).values.tolist()
    [['automotive', -6900.0, 0.423], ['all_other_goods', -9400.0, 0.577]]
    """
    before, after = compare.set_index("sector"), focus.set_index("sector")
    both = (set(before.index) & set(after.index)) - {TOTAL}
    counted = counted_sectors(sectors, both)
    labels = sectors.set_index("sector")["label"].to_dict()
    rows = []
    for sector in counted:
        rows.append(
            {
                "sector": sector,
                "label": labels.get(sector, sector),
                "compare_usd_m": before.loc[sector, "value_usd_m"],
                "focus_usd_m": after.loc[sector, "value_usd_m"],
                "vintages": f"{before.loc[sector, 'vintage']} / {after.loc[sector, 'vintage']}",
                "source_id": f"{before.loc[sector, 'source_id']}; {after.loc[sector, 'source_id']}",
            }
        )
    start, end = before.loc[TOTAL, "value_usd_m"], after.loc[TOTAL, "value_usd_m"]
    rows.append(
        {
            "sector": REMAINDER,
            "label": REMAINDER_LABEL,
            "compare_usd_m": start - sum(r["compare_usd_m"] for r in rows),
            "focus_usd_m": end - sum(r["focus_usd_m"] for r in rows),
            "vintages": f"{before.loc[TOTAL, 'vintage']} / {after.loc[TOTAL, 'vintage']}",
            "source_id": f"{before.loc[TOTAL, 'source_id']}; {after.loc[TOTAL, 'source_id']}",
        }
    )
    frame = pd.DataFrame(rows)
    frame["change_usd_m"] = frame["focus_usd_m"] - frame["compare_usd_m"]
    frame["share_of_change"] = frame["change_usd_m"] / (end - start) if end != start else float("nan")
    return frame[
        ["sector", "label", "compare_usd_m", "focus_usd_m", "change_usd_m", "share_of_change", "vintages", "source_id"]
    ]
