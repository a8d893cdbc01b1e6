"""Negotiation status as of a date: each sector's latest event, parents from their children.

The status of a sector on a date is its latest event on or before that date.
A parent sector without events of its own (``automotive``) takes its
children's status when they agree and their HS codes make it up, and is
``mixed`` (children's statuses listed) when they do not, or when they cover
only part of it (HS 87 beyond cars and parts has no status): never one picked
silently.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.composition import children_of
from deficit_report.analysis.coverage import children_cover


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
        no event on or before the date), ``flow`` (of the event that set it),
        ``date``, ``note``, ``source_id`` and
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
    if "flow" in mine.columns:
        mine = mine.assign(flow=mine["flow"].replace("", "both").fillna("both"))
    latest = mine.sort_values("date", kind="stable").groupby("sector").tail(1).set_index("sector")
    kids = children_of(sectors)
    codes = dict(zip(sectors["sector"], sectors["hs_codes"])) if "hs_codes" in sectors else {}
    rows = {}

    def resolve(sector: str) -> dict:
        if sector in rows:
            return rows[sector]
        if sector in latest.index:
            event = latest.loc[sector]
            row = {
                "status": event["status"],
                "flow": event.get("flow", "") or "both",
                "date": event["date"],
                "note": event["note"],
                "source_id": event["source_id"],
                "children": "",
            }
        elif kids[sector]:
            child_rows = [(k, resolve(k)) for k in kids[sector]]
            statuses = {r["status"] for _, r in child_rows}
            partly = "hs_codes" in sectors and not children_cover(codes[sector], [codes[k] for k in kids[sector]])
            if partly and statuses != {""}:
                statuses.add("")  # the rest of the parent (HS 87 beyond cars and parts) has no status
            listed = "; ".join(f"{k}: {r['status'] or 'no status'}" for k, r in child_rows)
            status = statuses.pop() if len(statuses) == 1 else "mixed"
            row = {
                "status": status,
                "flow": ", ".join(dict.fromkeys(r["flow"] for _, r in child_rows if r["flow"])),
                "date": max((r["date"] for _, r in child_rows), default=""),
                "note": "from its children"
                if status != "mixed"
                else "its children cover only part of it"
                if partly
                else "children differ",
                "source_id": "; ".join(sorted({r["source_id"] for _, r in child_rows if r["source_id"]})),
                "children": listed,
            }
        else:
            row = {
                "status": "",
                "flow": "",
                "date": "",
                "note": f"no event on or before {as_of}",
                "source_id": "",
                "children": "",
            }
        rows[sector] = row
        return row

    table = sectors[["sector", "label", "kind", "market"]].reset_index(drop=True)
    resolved = pd.DataFrame([resolve(s) for s in table["sector"]])
    return pd.concat([table, resolved], axis=1)
