"""Status over time: bands per sector, and the share covered as deals close.

:func:`status_bands` turns dated events into intervals (one band per status
spell); :func:`coverage_path` follows the share of the focus-year total held
by sectors with an agreement, event by event, and sets it against the
all-or-nothing package (nothing counts until every sector agrees).
:func:`coverage_path_by_flow` does the same per flow when the events name
flows. Both count the same group (agreed) through the one coverage function,
:func:`~deficit_report.analysis.coverage.coverage`.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.coverage import AGREED_GROUPS, coverage
from deficit_report.analysis.flows import event_flows, events_for, latest_events, status_touches
from deficit_report.vocabulary import STATUSES

#: The group every coverage path follows as deals close: a deal agreed (the balance's path and each flow's alike).
AGREED = AGREED_GROUPS["agreed"]
#: Columns of :func:`status_bands`.
BAND_COLUMNS = ["sector", "label", "flow", "start", "end", "status", "note", "source_id"]
#: The numbers of a path's point.
PATH_NUMBERS = ("share_at_least", "share_at_most", "at_least_usd_m", "at_most_usd_m")
#: Columns of :func:`coverage_path_by_flow`.
FLOW_PATH_COLUMNS = ["date", "flow", "share_at_least", "share_at_most", "at_least_usd_m", "at_most_usd_m", "via"]
#: What :func:`statuses_on` says of a key whose first event comes after the date.
NO_EVENT_YET = "no event yet"


def timeline_end(events: pd.DataFrame, as_of: str) -> str:
    """The last day shown: 31 December of the year after the last event (or the as-of date).

    Examples
    --------
    >>> timeline_end(pd.DataFrame({"date": ["1993-07-10", "2000-12-31"]}), "1994-06-06")
    '2001-12-31'
    """
    last = max(events["date"].max(), as_of) if len(events) else as_of
    return f"{int(last[:4]) + 1}-12-31"


def status_bands(events: pd.DataFrame, sectors: pd.DataFrame, partner: str, as_of: str) -> pd.DataFrame:
    """One row per status spell of each sector and flow: start, end, status, flow, the event's note and source.

    A spell runs from its event to the next event of the same sector and flow
    (or to :func:`timeline_end`): an exports-side concession never ends an
    imports-side tariff's spell. Several events on one day and flow: the last one counts.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["autos"], "label": ["Autos"]})
    >>> e = pd.DataFrame({"partner": "JPN", "sector": "autos", "date": ["1993-07-10", "1995-06-28"],
    ...     "status": ["in_talks", "agreed"], "note": ["launch", "Geneva"], "source_id": ["a", "b"]})
    >>> status_bands(e, s, "JPN", "1994-06-06")[["start", "end", "status", "flow"]].values.tolist()
    [['1993-07-10', '1995-06-28', 'in_talks', 'both'], ['1995-06-28', '1996-12-31', 'agreed', 'both']]
    >>> e = e.assign(flow=["imports", "exports"])
    >>> status_bands(e, s, "JPN", "1994-06-06")[["start", "end", "status", "flow"]].values.tolist()
    [['1993-07-10', '1996-12-31', 'in_talks', 'imports'], ['1995-06-28', '1996-12-31', 'agreed', 'exports']]
    """
    mine = events[events["partner"] == partner].sort_values("date", kind="stable")
    mine = mine.assign(flow=event_flows(mine))
    mine = mine.groupby(["sector", "flow", "date"], sort=False).tail(1)
    end = timeline_end(mine, as_of)
    labels = sectors.set_index("sector")["label"].to_dict()
    bands = []
    for sector in [s for s in sectors["sector"] if s in set(mine["sector"])]:
        for flow, spells in mine[mine["sector"] == sector].groupby("flow", sort=False):
            spells = spells.reset_index(drop=True)
            for i, event in spells.iterrows():
                stop = spells.loc[i + 1, "date"] if i + 1 < len(spells) else end
                bands.append(
                    {
                        "sector": sector,
                        "label": labels.get(sector, sector),
                        "flow": flow,
                        "start": event["date"],
                        "end": stop,
                        "status": event["status"],
                        "note": event["note"],
                        "source_id": event["source_id"],
                    }
                )
    return pd.DataFrame(bands, columns=BAND_COLUMNS)


def _agreed(composition: pd.DataFrame, touches: pd.DataFrame, sectors: pd.DataFrame, signed: bool) -> dict:
    """The range (share and dollars) agreed statuses hold on one date, through :func:`coverage` (zero when none)."""
    cov = coverage(composition, touches, sectors, AGREED_GROUPS, signed=signed).set_index("group")
    held = cov.loc[AGREED] if AGREED in cov.index else None
    numbers = {c: 0.0 if held is None else float(held[c]) for c in PATH_NUMBERS}
    return {**numbers, "via": "" if held is None else held["via"]}


def coverage_path(
    composition: pd.DataFrame,
    events: pd.DataFrame,
    sectors: pd.DataFrame,
    partner: str,
    *,
    measure: str = "balance",
    policies: pd.DataFrame | None = None,
    policy_sectors: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of the focus-year total held by agreed statuses after each event date of the measure.

    Returns two paths, ``piece by piece`` (each agreement counts when signed)
    and ``all or nothing`` (nothing counts until every sector and policy with
    events of the measure is agreed at once), with the bounds of
    :func:`~deficit_report.analysis.coverage.coverage` over the statuses that
    reach each sector for the measure (its own flow and ``both``, policies included).

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["autos", "medical"], "parent": "", "hs_codes": ["87", "9018"], "kind": "goods"})
    >>> comp = pd.DataFrame({"sector": ["autos", "medical", "all_other_goods"], "kind": "goods",
    ...     "share": [0.6, 0.4, 0.0], "value_usd_m": [60.0, 40.0, 0.0], "counted": True,
    ...     "figure_note": "", "inside": ["autos", "medical", "all_other_goods"]})
    >>> e = pd.DataFrame({"partner": "JPN", "sector": ["medical", "autos"], "date": ["1994-09-30", "1995-06-28"],
    ...     "status": ["agreed", "agreed"], "flow": ["imports", "exports"], "source_id": "s"})
    >>> coverage_path(comp, e, s, "JPN", measure="imports")[["date", "path", "share_at_most"]].values.tolist()
    [['1994-09-30', 'piece by piece', 0.4], ['1994-09-30', 'all or nothing', 0.4]]
    """
    empty = pd.DataFrame(columns=["policy", "flow"])
    policies = empty if policies is None else policies
    policy_sectors = (
        pd.DataFrame(columns=["policy", "sector", "coverage"]) if policy_sectors is None else policy_sectors
    )
    mine = events_for(events[events["partner"] == partner], measure)
    rows = []
    for date in sorted(mine["date"].unique()):
        touches = status_touches(
            events, sectors, policies, policy_sectors, partner=partner, as_of=date, measure=measure
        )
        held = _agreed(composition, touches, sectors, signed=measure == "balance")
        latest = latest_events(mine, partner, date)
        all_agreed = set(latest["status"]) == {"agreed"}
        least, most = held["share_at_least"], held["share_at_most"]
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


def coverage_path_by_flow(
    compositions: dict[str, pd.DataFrame],
    events: pd.DataFrame,
    sectors: pd.DataFrame,
    policies: pd.DataFrame,
    policy_sectors: pd.DataFrame,
    partner: str,
) -> pd.DataFrame:
    """Share of each flow held by agreed statuses, after each event of that flow, as true bounds.

    After every date with an event of the flow (or of ``both``), the statuses
    reaching each sector (:func:`~deficit_report.analysis.flows.status_touches`,
    through sector events and policies) go through
    :func:`~deficit_report.analysis.coverage.coverage`, the same function as
    every other coverage table; the row is the "agreed" range (zero when
    nothing is agreed), as on the path of the report's measure.

    Parameters
    ----------
    compositions : dict
        Flow (``imports``, ``exports``) -> the focus-year composition of that flow.
    events, sectors, policies, policy_sectors : pandas.DataFrame
        The dataset's tables (the policy tables may be empty).
    partner : str
        Partner code.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``flow``, ``share_at_least``, ``share_at_most``,
        ``at_least_usd_m``, ``at_most_usd_m`` and ``via`` (the sectors and
        policies whose status is agreed), flows in the order given.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["crops", "chips"], "parent": "", "hs_codes": ""})
    >>> comp = pd.DataFrame({"sector": ["crops", "chips", "all_other_goods"], "kind": "goods",
    ...     "share": [0.25, 0.75, 0.0], "value_usd_m": [25.0, 75.0, 0.0], "counted": True,
    ...     "figure_note": "", "inside": ["crops", "chips", "all_other_goods"]})
    >>> e = pd.DataFrame({"partner": "CHN", "sector": ["ag", "ag"], "date": ["2018-07-06", "2019-12-13"],
    ...     "status": ["stalled", "agreed"], "flow": "exports", "source_id": "s"})
    >>> p = pd.DataFrame({"policy": ["ag"], "flow": ["exports"]})
    >>> ps = pd.DataFrame({"policy": ["ag"], "sector": ["crops"], "coverage": ["part"]})
    >>> coverage_path_by_flow({"exports": comp}, e, s, p, ps, "CHN")[
    ...     ["date", "share_at_least", "share_at_most"]].values.tolist()
    [['2018-07-06', 0.0, 0.0], ['2019-12-13', 0.0, 0.25]]
    """
    rows = []
    for flow, comp in compositions.items():
        dates = sorted(events_for(events[events["partner"] == partner], flow)["date"].unique())
        for date in dates:
            touches = status_touches(
                events, sectors, policies, policy_sectors, partner=partner, as_of=date, measure=flow
            )
            rows.append({"date": date, "flow": flow, **_agreed(comp, touches, sectors, signed=False)})
    return pd.DataFrame(rows, columns=FLOW_PATH_COLUMNS)


def path_on(path: pd.DataFrame, date: str, by: str) -> pd.DataFrame:
    """Return each line's point in effect on ``date``: its last row on or before it (zero before its first).

    ``by`` names the column that tells the lines apart (``path`` for the
    balance, ``flow`` per flow); lines keep their order.

    Examples
    --------
    >>> p = pd.DataFrame({"date": ["1994-06-06", "1994-09-30"], "path": "piece by piece",
    ...     "share_at_least": [0.0, 0.0], "share_at_most": [0.0, 0.441]})
    >>> path_on(p, "1994-07-01", "path")[["path", "share_at_least", "share_at_most"]].values.tolist()
    [['piece by piece', 0.0, 0.0]]
    >>> path_on(p, "1994-01-01", "path")[["date", "share_at_most"]].values.tolist()
    [['', 0.0]]
    """
    rows = []
    for name, line in path.groupby(by, sort=False):
        before = line[line["date"] <= date]
        if len(before):
            rows.append(before.iloc[-1].to_dict())
        else:
            rows.append({"date": "", by: name, "share_at_least": 0.0, "share_at_most": 0.0})
    return pd.DataFrame(rows).reindex(columns=path.columns).reset_index(drop=True)


def statuses_on(bands: pd.DataFrame, date: str) -> pd.DataFrame:
    """Count the charted rows (sectors, policies) at each status on a date, most common first, with their labels.

    A row's status on ``date`` is that of its band running then (a band starts
    on its event's day and ends the day the next one starts); a row whose
    first event comes later is counted as "no event yet", last. Ties keep the
    report's order of statuses.

    Examples
    --------
    >>> b = pd.DataFrame({"label": ["Autos", "Autos", "Insurance", "Telecom"],
    ...     "start": ["1993-07-10", "1994-06-06", "1994-06-06", "1994-09-30"],
    ...     "end": ["1994-06-06", "1995-06-28", "1994-10-01", "1996-12-31"],
    ...     "status": ["in_talks", "stalled", "within_reach", "agreed"]})
    >>> statuses_on(b, "1994-06-06").values.tolist()
    [['stalled', 1, 'Autos'], ['within_reach', 1, 'Insurance'], ['no event yet', 1, 'Telecom']]
    """
    found: dict[str, list[str]] = {}
    for label, spells in bands.groupby("label", sort=False):
        now = spells[(spells["start"] <= date) & (date < spells["end"])]
        found.setdefault(now["status"].iloc[-1] if len(now) else NO_EVENT_YET, []).append(label)
    order = [*STATUSES, *sorted(set(found) - set(STATUSES) - {NO_EVENT_YET}), NO_EVENT_YET]
    ranked = sorted((s for s in order if s in found), key=lambda s: (s == NO_EVENT_YET, -len(found[s]), order.index(s)))
    return pd.DataFrame(
        [{"status": s, "count": len(found[s]), "labels": ", ".join(found[s])} for s in ranked],
        columns=["status", "count", "labels"],
    )
