"""Every partner at once: the goods balance, its change, the largest sector and the main contributors.

The world index (``deficit-report world``) shows one row per partner, computed
here from the canonical figures of all partners in one vectorised pass (codes
only; the words are written in :mod:`deficit_report.rendering.index_page`):

- ``balance_usd_m``: exports minus imports, partner totals, in the focus year; ``change_usd_m``
  the focus-year balance minus the comparison year's;
- ``largest_sector`` and ``largest_share``: the sector whose balance (exports minus imports, for
  the sectors with both flows, as in the reports) is the largest share of the partner's balance,
  a share of the deficit (or of the surplus) in the balance's own direction;
- ``contributors``: the three sectors whose balance moved most in the direction of the change
  (the same rule as the reports' contributions, sectors with both flows in both years), each
  with its contribution in millions of dollars.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.vocabulary import TOTAL

#: How many contributors to the change a row lists.
TOP_CONTRIBUTORS = 3


def flow_totals(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return each partner's exports and imports totals in ``year`` (partners with both flows only).

    Examples
    --------
    >>> f = pd.DataFrame({"partner": ["A", "A", "B"], "period": 2025, "sector": "total",
    ...     "measure": ["exports", "imports", "exports"], "value_usd_m": [10.0, 30.0, 5.0]})
    >>> flow_totals(f, 2025).to_dict("index")
    {'A': {'exports': 10.0, 'imports': 30.0}}
    """
    rows = figures[(figures["period"] == year) & (figures["sector"] == TOTAL)]
    wide = rows.pivot_table(index="partner", columns="measure", values="value_usd_m", aggfunc="sum")
    wide = wide.reindex(columns=["exports", "imports"]).dropna()
    wide.columns.name = None
    return wide


def sector_balances(figures: pd.DataFrame, year: int) -> pd.Series:
    """Return exports minus imports per partner and sector in ``year``, for sectors with both flows.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "A", "period": 2025, "sector": ["s1", "s1", "s2"],
    ...     "measure": ["exports", "imports", "imports"], "value_usd_m": [10.0, 30.0, 5.0]})
    >>> sector_balances(f, 2025).to_dict()
    {('A', 's1'): -20.0}
    """
    rows = figures[(figures["period"] == year) & (figures["sector"] != TOTAL)]
    wide = rows.pivot_table(index=["partner", "sector"], columns="measure", values="value_usd_m", aggfunc="sum")
    wide = wide.reindex(columns=["exports", "imports"]).dropna()
    return (wide["exports"] - wide["imports"]).rename("balance_usd_m")


def world_rows(figures: pd.DataFrame, year: int, compare: int) -> pd.DataFrame:
    """Return one row per partner with both flows in both years (see the module docstring), by partner code.

    Examples
    --------
    >>> rows = []
    >>> for y, (e1, i1, e2, i2) in {2024: (5.0, 20.0, 5.0, 10.0), 2025: (6.0, 30.0, 4.0, 10.0)}.items():
    ...     for s, e, i in (("s1", e1, i1), ("s2", e2, i2)):
    ...         rows += [("A", y, s, "exports", e), ("A", y, s, "imports", i)]
    ...     rows += [("A", y, "total", "exports", e1 + e2), ("A", y, "total", "imports", i1 + i2)]
    >>> f = pd.DataFrame(rows, columns=["partner", "period", "sector", "measure", "value_usd_m"])
    >>> r = world_rows(f, 2025, 2024).iloc[0]
    >>> float(r["balance_usd_m"]), float(r["change_usd_m"]), r["largest_sector"], round(float(r["largest_share"]), 3)
    (-30.0, -10.0, 's1', 0.8)
    >>> r["contributors"]
    [('s1', -9.0), ('s2', -1.0)]
    """
    now, before = flow_totals(figures, year), flow_totals(figures, compare)
    partners = now.index.intersection(before.index)
    frame = pd.DataFrame(index=partners)
    frame["exports_usd_m"] = now.loc[partners, "exports"]
    frame["imports_usd_m"] = now.loc[partners, "imports"]
    frame["balance_usd_m"] = frame["exports_usd_m"] - frame["imports_usd_m"]
    frame["compare_balance_usd_m"] = before.loc[partners, "exports"] - before.loc[partners, "imports"]
    frame["change_usd_m"] = frame["balance_usd_m"] - frame["compare_balance_usd_m"]

    sectors_now = sector_balances(figures, year).reset_index()
    sectors_now = sectors_now[sectors_now["partner"].isin(partners)]
    sectors_now["share"] = sectors_now["balance_usd_m"] / sectors_now["partner"].map(frame["balance_usd_m"])
    largest = sectors_now.dropna(subset=["share"]).sort_values(
        ["partner", "share", "sector"], ascending=[True, False, True]
    )
    largest = largest.drop_duplicates("partner").set_index("partner")
    frame["largest_sector"] = largest["sector"].reindex(partners)
    frame["largest_share"] = largest["share"].reindex(partners)
    frame["largest_usd_m"] = largest["balance_usd_m"].reindex(partners)

    both = pd.concat(
        {"now": sector_balances(figures, year), "before": sector_balances(figures, compare)}, axis=1
    ).dropna()
    moved = (both["now"] - both["before"]).rename("usd_m").reset_index()
    moved = moved[moved["partner"].isin(partners)]
    direction = moved["partner"].map(frame["change_usd_m"]).apply(lambda c: 1.0 if c >= 0 else -1.0)
    moved["towards"] = moved["usd_m"] * direction
    moved = moved.sort_values(["partner", "towards", "sector"], ascending=[True, False, True])
    top = moved.groupby("partner").head(TOP_CONTRIBUTORS)
    top = top[top["towards"] > 0]
    listed: dict[str, list] = {}
    for partner, sector, usd_m in zip(top["partner"], top["sector"], top["usd_m"]):
        listed.setdefault(partner, []).append((sector, float(usd_m)))
    frame["contributors"] = [listed.get(p, []) for p in partners]
    return frame.rename_axis("partner").reset_index()
