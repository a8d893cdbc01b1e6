"""Each sector's share of the partner total, with an explicit remainder.

Sectors form a tree (``autos`` and ``auto_parts`` under ``automotive``). A
parent and its children are never counted together: :func:`counted_sectors`
picks, for each branch, the level at which figures exist. Services sectors
(insurance) lie outside the goods balance and are listed apart. Goods sectors
without a figure are listed too, as lying inside "all other goods"; no figure
is ever filled in.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.dataset.sectormap import holder_by_codes
from deficit_report.vocabulary import REMAINDER, REMAINDER_LABEL, TOTAL


def children_of(sectors: pd.DataFrame) -> dict[str, list[str]]:
    """Map each sector to its children, in file order.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["automotive", "autos", "auto_parts"], "parent": ["", "automotive", "automotive"]})
    >>> children_of(s)
    {'automotive': ['autos', 'auto_parts'], 'autos': [], 'auto_parts': []}
    """
    kids = {s: [] for s in sectors["sector"]}
    for sector, parent in zip(sectors["sector"], sectors["parent"]):
        if parent:
            kids[parent].append(sector)
    return kids


def counted_sectors(sectors: pd.DataFrame, with_figure: set[str]) -> list[str]:
    """Choose the goods sectors to count, one level per branch, never overlapping.

    A branch is counted at its children when every child can be counted
    completely; otherwise at the parent when the parent has a figure;
    otherwise at whichever children have figures.

    Parameters
    ----------
    sectors : pandas.DataFrame
        The sectors table (``sector``, ``kind``, ``parent``).
    with_figure : set of str
        Sectors that have a figure for the period and measure.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["automotive", "autos", "auto_parts", "insurance"],
    ...     "kind": ["goods", "goods", "goods", "services"], "parent": ["", "automotive", "automotive", ""]})
    >>> counted_sectors(s, {"automotive"})
    ['automotive']
    >>> counted_sectors(s, {"automotive", "auto_parts"})
    ['automotive']
    >>> counted_sectors(s, {"automotive", "autos", "auto_parts"})
    ['autos', 'auto_parts']
    >>> counted_sectors(s, {"auto_parts", "insurance"})
    ['auto_parts']
    """
    kids = children_of(sectors)
    goods = set(sectors.loc[sectors["kind"] == "goods", "sector"])

    def complete(node: str) -> bool:
        return node in with_figure or (bool(kids[node]) and all(complete(k) for k in kids[node]))

    def level(node: str) -> list[str]:
        if kids[node] and all(complete(k) for k in kids[node]):
            return [s for k in kids[node] for s in level(k)]
        if node in with_figure:
            return [node]
        return [s for k in kids[node] for s in level(k)]

    roots = [s for s, p in zip(sectors["sector"], sectors["parent"]) if not p]
    return [s for root in roots for s in level(root) if s in goods]


def sectors_as_total(values: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """Replace the total by the sum of the counted sectors, which must all come from one vintage.

    For a dataset whose sector rows (an older vintage) classify all trade
    while the total comes from a newer one: shares and contributions are then
    computed on one vintage, and no "total minus sectors" across two vintages
    is shown as if it were a sector (the reconciliation table states the gap).

    Raises
    ------
    ValueError
        When the counted sectors come from several vintages, or there are none.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["naics_111", "naics_334"], "kind": "goods", "parent": ""})
    >>> v = pd.DataFrame({"sector": ["naics_111", "naics_334", "total"], "value_usd_m": [10.0, 30.0, 45.0],
    ...     "method": "reported", "vintage": ["tracker", "tracker", "census_2025"], "basis": "census",
    ...     "source_id": ["t", "t", "c"], "alternatives": ""})
    >>> t = sectors_as_total(v, s).set_index("sector").loc["total"]
    >>> [float(t["value_usd_m"]), t["vintage"], t["method"]]
    [40.0, 'tracker', 'sum of the sectors (tracker); total of another vintage not used: census_2025 45 (c)']
    """
    by_sector = values.set_index("sector")
    counted = counted_sectors(sectors, set(by_sector.index) - {TOTAL})
    vintages = sorted(set(by_sector.loc[counted, "vintage"])) if counted else []
    if len(vintages) != 1:
        raise ValueError(f"shares of the sum of sectors need sectors of one vintage, found {vintages or 'none'}")
    old = by_sector.loc[TOTAL] if TOTAL in by_sector.index else None
    unused = f"; total of another vintage not used: {old['vintage']} {old['value_usd_m']:,.0f} ({old['source_id']})"
    total = {
        "sector": TOTAL,
        "value_usd_m": float(by_sector.loc[counted, "value_usd_m"].sum()),
        "method": f"sum of the sectors ({vintages[0]})" + (unused if old is not None else ""),
        "vintage": vintages[0],
        "basis": by_sector.loc[counted[0], "basis"],
        "source_id": "; ".join(dict.fromkeys(by_sector.loc[counted, "source_id"])),
        "alternatives": "",
    }
    rest = values[values["sector"] != TOTAL]
    return pd.concat([rest, pd.DataFrame([total])], ignore_index=True)[list(values.columns)]


def _ancestors(sector: str, parent_of: dict[str, str]) -> list[str]:
    chain = []
    while parent_of.get(sector):
        sector = parent_of[sector]
        chain.append(sector)
    return chain


def composition(values: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """Return each counted sector's share of the total, the remainder, and the rest.

    Parameters
    ----------
    values : pandas.DataFrame
        One figure per sector for a period and measure, ``total`` included
        (see :func:`deficit_report.analysis.figures.sector_values`).
    sectors : pandas.DataFrame
        The sectors table.

    Returns
    -------
    pandas.DataFrame
        One row per counted sector, then ``all_other_goods`` (total minus the
        counted sectors), then every other sector with no share and a
        ``figure_note`` that says why. ``counted`` marks the rows whose shares
        add up to 1; ``inside`` names the counted row that holds a sector's
        trade (itself, its parent, the sector whose HS codes contain its own,
        or ``all_other_goods``).

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["automotive", "medical"], "label": ["Automotive", "Medical"],
    ...     "kind": "goods", "market": ["private", "government"], "parent": "", "hs_codes": ["87", "9018"]})
    >>> v = pd.DataFrame({"sector": ["automotive", "total"], "value_usd_m": [-36700.0, -65700.0],
    ...     "method": "reported", "vintage": ["press", "first_release"], "basis": "x", "source_id": ["ct", "ap"],
    ...     "alternatives": ""})
    >>> c = composition(v, s)
    >>> c[["sector", "value_usd_m", "share", "counted"]].round(4)
                sector  value_usd_m   share  counted
    0       automotive     -36700.0  0.5586     True
    1  all_other_goods     -29000.0  0.4414     True
    2          medical          NaN     NaN    False
    >>> c.loc[2, "figure_note"]
    'no figure: inside all other goods'
    """
    by_sector = values.set_index("sector")
    if TOTAL not in by_sector.index:
        raise ValueError("no total figure: cannot compute shares")
    total = by_sector.loc[TOTAL]
    info = sectors.set_index("sector")
    counted = counted_sectors(sectors, set(by_sector.index) - {TOTAL})
    kids = children_of(sectors)
    parent_of = dict(zip(sectors["sector"], sectors["parent"]))
    codes_of_counted = {s: info.loc[s, "hs_codes"] for s in counted}
    rows = []
    for sector in counted:
        row = by_sector.loc[sector]
        inside = [k for k in kids[sector]]
        note = row["method"] + (f"; includes {', '.join(inside)}" if inside else "")
        rows.append(
            {
                "sector": sector,
                "value_usd_m": row["value_usd_m"],
                "vintage": row["vintage"],
                "basis": row["basis"],
                "source_id": row["source_id"],
                "alternatives": row["alternatives"],
                "figure_note": note,
                "counted": True,
                "inside": sector,
            }
        )
    remainder = total["value_usd_m"] - sum(r["value_usd_m"] for r in rows)
    remainder = 0.0 if abs(remainder) < 1e-6 else remainder  # float rounding of a sum, not trade (USD m)
    rows.append(
        {
            "sector": REMAINDER,
            "value_usd_m": remainder,
            "vintage": total["vintage"],
            "basis": total["basis"],
            "source_id": total["source_id"],
            "alternatives": "",
            "figure_note": "total minus the sectors above",
            "counted": True,
            "inside": REMAINDER,
        }
    )
    for sector in sectors["sector"]:
        if sector in counted:
            continue
        ancestor = next((a for a in _ancestors(sector, parent_of) if a in counted), None)
        counted_kids = [d for d in kids[sector] if d in counted]
        if info.loc[sector, "kind"] == "services":
            note, inside = "a service: outside the goods balance", ""
        elif ancestor:
            note, inside = f"counted in {ancestor}", ancestor
        elif counted_kids:
            note, inside = f"counted at its children ({', '.join(counted_kids)})", ""
        else:
            inside = holder_by_codes(info.loc[sector, "hs_codes"], codes_of_counted) or REMAINDER
            note = f"no figure: inside {'all other goods' if inside == REMAINDER else inside}"
        rows.append(
            {
                "sector": sector,
                "value_usd_m": float("nan"),
                "vintage": "",
                "basis": "",
                "source_id": "",
                "alternatives": "",
                "figure_note": note,
                "counted": False,
                "inside": inside,
            }
        )
    frame = pd.DataFrame(rows)
    frame["share"] = frame["value_usd_m"] / total["value_usd_m"] + 0.0  # + 0.0: a zero share is never -0.0
    labels = {**info["label"].to_dict(), REMAINDER: REMAINDER_LABEL}
    frame["label"] = frame["sector"].map(labels)
    frame["kind"] = frame["sector"].map({**info["kind"].to_dict(), REMAINDER: "goods"})
    frame["market"] = frame["sector"].map({**info["market"].to_dict(), REMAINDER: ""})
    return frame[
        [
            "sector",
            "label",
            "kind",
            "market",
            "value_usd_m",
            "share",
            "counted",
            "figure_note",
            "inside",
            "vintage",
            "basis",
            "source_id",
            "alternatives",
        ]
    ]
