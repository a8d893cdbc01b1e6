"""Status over time: bands per sector, and the share covered as deals close.

:func:`status_bands` turns dated events into intervals (one band per status
spell); :func:`coverage_path` follows the share of the focus-year total held
by sectors with an agreement, event by event, and sets it against the
all-or-nothing package (nothing counts until every sector agrees).
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.coverage import coverage
from deficit_report.analysis.status import status_as_of

AGREED = {"agreed": "agreed"}


def timeline_end(events: pd.DataFrame, as_of: str) -> str:
    """The last day shown: 31 December of the year after the last event (or the as-of date).

    Examples
    --------
    >>> timeline_end(pd.DataFrame({"date": ["1993-07-10", "2000-12-31"]}), "1994-06-06")
    '2001-12-31'
    """
    last = max(events["date"].max(), as_of)
    return f"{int(last[:4]) + 1}-12-31"


def status_bands(events: pd.DataFrame, sectors: pd.DataFrame, partner: str, as_of: str) -> pd.DataFrame:
    """One row per status spell of each sector: start, end, status, the event's note and source.

    A spell runs from its event to the sector's next event (or to
    :func:`timeline_end`). Several events on one day: the last one counts.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["autos"], "label": ["Autos"]})
    >>> e = pd.DataFrame({"partner": "JPN", "sector": "autos", "date": ["1993-07-10", "1995-06-28"],
    ...     "status": ["in_talks", "agreed"], "note": ["launch", "Geneva"], "source_id": ["a", "b"]})
    >>> status_bands(e, s, "JPN", "1994-06-06")[["start", "end", "status"]].values.tolist()
    [['1993-07-10', '1995-06-28', 'in_talks'], ['1995-06-28', '1996-12-31', 'agreed']]
    """
    mine = events[events["partner"] == partner].sort_values("date", kind="stable")
    mine = mine.groupby(["sector", "date"], sort=False).tail(1)
    end = timeline_end(mine, as_of)
    labels = sectors.set_index("sector")["label"].to_dict()
    bands = []
    for sector in [s for s in sectors["sector"] if s in set(mine["sector"])]:
        spells = mine[mine["sector"] == sector].reset_index(drop=True)
        for i, event in spells.iterrows():
            stop = spells.loc[i + 1, "date"] if i + 1 < len(spells) else end
            bands.append(
                {
                    "sector": sector,
                    "label": labels.get(sector, sector),
                    "start": event["date"],
                    "end": stop,
                    "status": event["status"],
                    "note": event["note"],
                    "source_id": event["source_id"],
                }
            )
    return pd.DataFrame(bands, columns=["sector", "label", "start", "end", "status", "note", "source_id"])


def coverage_path(composition: pd.DataFrame, events: pd.DataFrame, sectors: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Share of the focus-year total in agreed sectors after each event date.

    Returns two paths, ``piece by piece`` (each agreement counts when signed)
    and ``all or nothing`` (nothing counts until every sector with events is
    agreed at once), with ``share_at_least`` / ``share_at_most`` as in
    :func:`deficit_report.analysis.status.coverage`.
    """
    mine = events[events["partner"] == partner]
    with_events = set(mine["sector"])
    rows = []
    for date in sorted(mine["date"].unique()):
        status = status_as_of(events, sectors, partner, date)
        agreed = coverage(composition, status, groups=AGREED, sectors=sectors).set_index("group")
        least = float(agreed.loc["agreed", "share_at_least"]) if "agreed" in agreed.index else 0.0
        most = float(agreed.loc["agreed", "share_at_most"]) if "agreed" in agreed.index else 0.0
        all_agreed = set(status.loc[status["sector"].isin(with_events), "status"]) == {"agreed"}
        rows.append({"date": date, "path": "piece by piece", "share_at_least": least, "share_at_most": most})
        rows.append(
            {
                "date": date,
                "path": "all or nothing",
                "share_at_least": least if all_agreed else 0.0,
                "share_at_most": most if all_agreed else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=["date", "path", "share_at_least", "share_at_most"])
