"""Negotiation status as of a date, and the share of the total it covers.

The status of a sector on a date is its latest event on or before that date.
A parent sector without events of its own (``automotive``) takes its
children's status when they agree, and is ``mixed`` (children's statuses
listed) when they do not: never one picked silently.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.composition import REMAINDER, REMAINDER_LABEL, children_of

#: Status groups, in report order. Each status word belongs to one group.
STATUS_GROUPS = {
    "within_reach": "within reach or agreed",
    "agreed": "within reach or agreed",
    "stalled": "stalled",
    "in_talks": "in talks",
    "not_in_talks": "not in talks",
    "expired": "expired",
    "mixed": "mixed",
    "": "no status",
}


def status_as_of(events: pd.DataFrame, sectors: pd.DataFrame, partner: str, as_of: str) -> pd.DataFrame:
    """Return every sector's status on a date, with the event that set it.

    Parameters
    ----------
    events : pandas.DataFrame
        The status events table.
    sectors : pandas.DataFrame
        The sectors table.
    partner : str
        Partner code, e.g. ``"JPN"``.
    as_of : str
        Date as ``YYYY-MM-DD``; events on that day count.

    Returns
    -------
    pandas.DataFrame
        One row per sector in file order: ``status`` (``""`` when the sector has
        no event on or before the date), ``date``, ``note``, ``source_id`` and
        ``children`` (for parents: each child's status).

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["automotive", "autos", "auto_parts"], "label": ["A", "B", "C"],
    ...     "kind": "goods", "market": "private", "parent": ["", "automotive", "automotive"]})
    >>> e = pd.DataFrame({"partner": "JPN", "sector": ["autos", "auto_parts", "autos"],
    ...     "date": ["1994-06-06", "1994-06-06", "1995-06-28"], "status": ["stalled", "stalled", "agreed"],
    ...     "note": "", "source_id": "x"})
    >>> status_as_of(e, s, "JPN", "1994-06-06")[["sector", "status"]].values.tolist()
    [['automotive', 'stalled'], ['autos', 'stalled'], ['auto_parts', 'stalled']]
    >>> status_as_of(e, s, "JPN", "1995-07-01").loc[0, ["status", "children"]].tolist()
    ['mixed', 'autos: agreed; auto_parts: stalled']
    """
    mine = events[(events["partner"] == partner) & (events["date"] <= as_of)]
    latest = mine.sort_values("date", kind="stable").groupby("sector").tail(1).set_index("sector")
    kids = children_of(sectors)
    rows = {}

    def resolve(sector: str) -> dict:
        if sector in rows:
            return rows[sector]
        if sector in latest.index:
            event = latest.loc[sector]
            row = {"status": event["status"], "date": event["date"], "note": event["note"],
                   "source_id": event["source_id"], "children": ""}
        elif kids[sector]:
            child_rows = [(k, resolve(k)) for k in kids[sector]]
            statuses = {r["status"] for _, r in child_rows}
            listed = "; ".join(f"{k}: {r['status'] or 'no status'}" for k, r in child_rows)
            status = statuses.pop() if len(statuses) == 1 else "mixed"
            row = {"status": status, "date": max((r["date"] for _, r in child_rows), default=""),
                   "note": "from its children" if status != "mixed" else "children differ",
                   "source_id": "; ".join(sorted({r["source_id"] for _, r in child_rows if r["source_id"]})),
                   "children": listed}
        else:
            row = {"status": "", "date": "", "note": f"no event on or before {as_of}", "source_id": "",
                   "children": ""}
        rows[sector] = row
        return row

    table = sectors[["sector", "label", "kind", "market"]].reset_index(drop=True)
    resolved = pd.DataFrame([resolve(s) for s in table["sector"]])
    return pd.concat([table, resolved], axis=1)


def with_status(composition: pd.DataFrame, status: pd.DataFrame, groups: dict = STATUS_GROUPS) -> pd.DataFrame:
    """Attach each composition row's status and its group (``groups`` maps status to group).

    The remainder has no status (``""``).
    """
    merged = composition.merge(status[["sector", "status", "children"]], on="sector", how="left")
    merged["status"] = merged["status"].fillna("")
    merged["children"] = merged["children"].fillna("")
    merged["group"] = merged["status"].map(groups)
    return merged


def coverage(composition: pd.DataFrame, status: pd.DataFrame, by: str = "group",
             groups: dict = STATUS_GROUPS) -> pd.DataFrame:
    """Share of the total held by each status group (or market type), with bounds.

    A goods sector without a figure lies inside a counted block (usually "all
    other goods"; or the sector whose HS codes contain its own): a group with
    such sectors holds at least its counted share and at most that plus those
    blocks. Services sectors are left out of both bounds.

    Parameters
    ----------
    composition : pandas.DataFrame
        From :func:`deficit_report.analysis.composition.composition`.
    status : pandas.DataFrame
        From :func:`status_as_of`.
    by : {"group", "market"}
        Group by status group or by market type.
    groups : dict
        Status word -> group name, in report order (statuses not in it are left out).

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``share_at_least``, ``share_at_most``,
        ``sectors_with_figures`` and ``sectors_without_figures``; the last row
        is the remainder.

    Examples
    --------
    >>> comp = pd.DataFrame({"sector": ["automotive", "all_other_goods", "medical", "insurance"],
    ...     "kind": ["goods", "goods", "goods", "services"], "market": ["private", "", "government", "government"],
    ...     "share": [0.5586, 0.4414, None, None], "counted": [True, True, False, False],
    ...     "figure_note": ["", "", "no figure: inside all other goods", "a service"],
    ...     "inside": ["automotive", "all_other_goods", "all_other_goods", ""]})
    >>> st = pd.DataFrame({"sector": ["automotive", "medical", "insurance"], "status": ["stalled", "within_reach",
    ...     "within_reach"], "children": ""})
    >>> coverage(comp, st)[["group", "share_at_least", "share_at_most", "sectors_without_figures"]]
                        group  share_at_least  share_at_most sectors_without_figures
    0  within reach or agreed          0.0000         0.4414                 medical
    1                 stalled          0.5586         0.5586
    2         all other goods          0.4414         0.4414
    """
    rows = with_status(composition, status, groups)
    goods = rows[rows["kind"] == "goods"]
    share_of = goods[goods["counted"]].set_index("sector")["share"]
    sectors = goods[goods["sector"] != REMAINDER]
    order = list(dict.fromkeys(groups.values())) if by == "group" else sorted(set(sectors[by]) - {""})
    out = []
    for name in order:
        members = sectors[sectors[by] == name]
        with_fig = members[members["counted"]]
        without = members[members["figure_note"].str.startswith("no figure")]
        if with_fig.empty and without.empty:
            continue
        least = float(with_fig["share"].sum())
        # A sector without a figure could hold all of the block its trade lies in, no more.
        blocks = set(without["inside"]) - set(with_fig["sector"])
        out.append({"group": name, "share_at_least": least,
                    "share_at_most": least + float(sum(share_of[b] for b in blocks)),
                    "sectors_with_figures": ", ".join(with_fig["sector"]),
                    "sectors_without_figures": ", ".join(without["sector"])})
    remainder = float(share_of.get(REMAINDER, 0.0))
    out.append({"group": REMAINDER_LABEL.lower(), "share_at_least": remainder, "share_at_most": remainder,
                "sectors_with_figures": "", "sectors_without_figures": ""})
    return pd.DataFrame(out)


def within_reach_bound(coverage_by_group: pd.DataFrame) -> dict:
    """Return the most the within-reach-or-agreed sectors can hold, and the stalled share.

    Examples
    --------
    >>> cov = pd.DataFrame({"group": ["within reach or agreed", "stalled", "all other goods"],
    ...     "share_at_least": [0.0, 0.5586, 0.4414], "share_at_most": [0.4414, 0.5586, 0.4414]})
    >>> within_reach_bound(cov)
    {'within_reach_at_least': 0.0, 'within_reach_at_most': 0.4414, 'stalled': 0.5586}
    """
    by_group = coverage_by_group.set_index("group")
    get = lambda g, col: float(by_group.loc[g, col]) if g in by_group.index else 0.0  # noqa: E731
    return {"within_reach_at_least": get("within reach or agreed", "share_at_least"),
            "within_reach_at_most": get("within reach or agreed", "share_at_most"),
            "stalled": get("stalled", "share_at_least")}
