"""How concentrated the total is: the largest sectors, and the Herfindahl-Hirschman index as a range."""

from __future__ import annotations

import pandas as pd

from deficit_report.vocabulary import REMAINDER


def concentration(composition: pd.DataFrame) -> pd.DataFrame:
    """Herfindahl-Hirschman index of the total across sectors, as a range.

    Shares are in percent, so one sector holding everything gives 10,000.
    The remainder is a block of unknown make-up: counted as one sector it gives
    the highest the index can be (``hhi_at_most``); spread over many small
    sectors it adds almost nothing (``hhi_at_least``, the identified sectors
    alone). Sectors with a share below zero (a surplus inside a deficit) are
    left out and named.

    Examples
    --------
    >>> comp = pd.DataFrame({"sector": ["automotive", "all_other_goods"], "share": [0.6, 0.4],
    ...                      "counted": [True, True]})
    >>> concentration(comp)[["hhi_at_least", "hhi_at_most", "identified_share"]].values.tolist()
    [[3600.0, 5200.0, 0.6]]

    A surplus sector inside a deficit is left out, and the others then hold more than 100%:

    >>> surplus = pd.DataFrame({"sector": ["chips", "crops"], "share": [1.03, -0.03], "counted": True})
    >>> concentration(surplus)["note"].iloc[0].split("; ")[-2:]
    ['left out (share of zero or less): crops', 'the identified shares add up to more than 100% because those left out offset part of the total']
    """
    rows = composition[composition["counted"]]
    positive = rows[rows["share"] > 0]
    left_out = ", ".join(rows.loc[rows["share"] <= 0, "sector"])
    identified = positive[positive["sector"] != REMAINDER]
    remainder = positive.loc[positive["sector"] == REMAINDER, "share"].sum()
    at_least = float(((identified["share"] * 100) ** 2).sum())
    note = (
        "at least: the identified sectors alone (the remainder spread over many small sectors); "
        "at most: the remainder counted as one sector"
    )
    if left_out:
        note += f"; left out (share of zero or less): {left_out}"
    if identified["share"].sum() > 1:  # surplus sectors offset part of the deficit the others hold
        note += "; the identified shares add up to more than 100% because those left out offset part of the total"
    return pd.DataFrame(
        [
            {
                "hhi_at_least": at_least,
                "hhi_at_most": at_least + (remainder * 100) ** 2,
                "identified_share": float(identified["share"].sum()),
                "note": note,
            }
        ]
    )


def top_sectors(composition: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` sectors with the largest shares (the remainder is not a sector).

    Examples
    --------
    >>> comp = pd.DataFrame({"sector": ["a", "b", "all_other_goods"], "label": ["A", "B", "Rest"],
    ...     "share": [0.2, 0.5, 0.3], "value_usd_m": [-2.0, -5.0, -3.0], "counted": True})
    >>> top_sectors(comp, 1)[["rank", "sector", "share"]].values.tolist()
    [[1, 'b', 0.5]]
    """
    rows = composition[composition["counted"] & (composition["sector"] != REMAINDER)]
    top = rows.sort_values(["share", "sector"], ascending=[False, True], kind="stable").head(n)
    top = top[["sector", "label", "value_usd_m", "share"]].reset_index(drop=True)
    top.insert(0, "rank", range(1, len(top) + 1))
    return top
