"""Which statuses reach which sectors, for one flow, on a date: through sector events and through policies.

A status event names a sector or a policy (a Section 301 list, farm
purchases) and the flow it concerns: ``imports`` (imports from the partner),
``exports`` (exports to it), ``both`` (the sector's trade both ways) or
``none`` (not a trade flow: IP, financial services). A policy's status
reaches the sectors of ``policy_sectors`` with their coverage: ``all`` of the
sector's trade in that flow, or only ``part`` of it.

For a measure, the events that apply are those of its flow and the ``both``
events; the balance takes only ``both`` events (shares of different flows are
never added). ``none`` events are listed apart, never counted.

A ``policy_sectors`` row whose sector is ``all_goods`` (a country-wide policy:
a baseline tariff, a deal on all goods) reaches every goods sector and the
remainder, "all other goods", with the row's coverage.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.vocabulary import ALL_GOODS, REMAINDER

#: Columns of :func:`status_touches`.
TOUCH_COLUMNS = ["sector", "status", "coverage", "via", "date", "source_id"]


def event_flows(events: pd.DataFrame) -> pd.Series:
    """Return each event's flow (``both`` when the table has no ``flow`` column, as older datasets).

    Examples
    --------
    >>> event_flows(pd.DataFrame({"sector": ["a"]})).tolist()
    ['both']
    >>> event_flows(pd.DataFrame({"flow": ["imports", ""]})).tolist()
    ['imports', 'both']
    """
    if "flow" not in events.columns:
        return pd.Series("both", index=events.index)
    return events["flow"].replace("", "both").fillna("both")


def events_for(events: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Keep the events that apply to a measure: its own flow and ``both``; the balance takes ``both`` only.

    Examples
    --------
    >>> e = pd.DataFrame({"sector": ["a", "b", "c", "d"], "flow": ["imports", "exports", "both", "none"]})
    >>> events_for(e, "imports")["sector"].tolist()
    ['a', 'c']
    >>> events_for(e, "balance")["sector"].tolist()
    ['c']
    """
    flows = event_flows(events)
    wanted = {"both"} if measure == "balance" else {measure, "both"}
    return events[flows.isin(wanted)]


def latest_events(events: pd.DataFrame, partner: str, as_of: str) -> pd.DataFrame:
    """Return each key's latest event on or before ``as_of`` (index: the sector or policy key).

    Examples
    --------
    >>> e = pd.DataFrame({"partner": "CHN", "sector": ["a", "a", "b"], "date": ["2018-01-01", "2019-01-01",
    ...     "2020-01-01"], "status": ["stalled", "agreed", "agreed"], "source_id": "s"})
    >>> latest_events(e, "CHN", "2019-06-30")["status"].to_dict()
    {'a': 'agreed'}
    """
    mine = events[(events["partner"] == partner) & (events["date"] <= as_of)]
    return mine.sort_values("date", kind="stable").groupby("sector").tail(1).set_index("sector")


def status_touches(
    events: pd.DataFrame,
    sectors: pd.DataFrame,
    policies: pd.DataFrame,
    policy_sectors: pd.DataFrame,
    *,
    partner: str,
    as_of: str,
    measure: str,
) -> pd.DataFrame:
    """List every status that reaches a sector for a measure on a date, directly or through a policy.

    Parameters
    ----------
    events : pandas.DataFrame
        The status events (``flow`` column optional: ``both`` when absent).
    sectors : pandas.DataFrame
        The sectors table.
    policies, policy_sectors : pandas.DataFrame
        The policy tables (may be empty).
    partner, as_of, measure : str
        Partner code, date (``YYYY-MM-DD``, events that day count), and the measure.

    Returns
    -------
    pandas.DataFrame
        One row per (sector, status reaching it): ``status``, ``coverage``
        (``all`` for a sector's own event), ``via`` (the sector itself or the
        policy key), ``date`` and ``source_id`` of the event.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["naics_111", "naics_334"], "parent": ""})
    >>> e = pd.DataFrame({"partner": "CHN", "sector": ["list_3", "ag", "naics_334"], "date": "2019-05-10",
    ...     "status": ["stalled", "stalled", "in_talks"], "flow": ["imports", "exports", "imports"],
    ...     "source_id": ["a", "b", "c"]})
    >>> p = pd.DataFrame({"policy": ["list_3", "ag"], "flow": ["imports", "exports"]})
    >>> ps = pd.DataFrame({"policy": ["list_3", "list_3", "ag"], "sector": ["naics_111", "naics_334", "naics_111"],
    ...     "coverage": ["part", "part", "all"]})
    >>> status_touches(e, s, p, ps, partner="CHN", as_of="2019-12-31", measure="imports")[
    ...     ["sector", "status", "coverage", "via"]].values.tolist()
    [['naics_334', 'in_talks', 'all', 'naics_334'], ['naics_111', 'stalled', 'part', 'list_3'], ['naics_334', 'stalled', 'part', 'list_3']]

    A country-wide policy (sector ``all_goods``) reaches every goods sector and the remainder:

    >>> s = s.assign(kind="goods")
    >>> e = pd.DataFrame({"partner": "KOR", "sector": ["deal"], "date": "2025-07-30", "status": "agreed",
    ...     "flow": "imports", "source_id": "a"})
    >>> ps = pd.DataFrame({"policy": ["deal"], "sector": ["all_goods"], "coverage": ["all"]})
    >>> status_touches(e, s, p, ps, partner="KOR", as_of="2025-12-31", measure="imports")["sector"].tolist()
    ['naics_111', 'naics_334', 'all_other_goods']
    """
    latest = latest_events(events_for(events, measure), partner, as_of)
    known = set(sectors["sector"])
    rows = [
        {
            "sector": key,
            "status": e["status"],
            "coverage": "all",
            "via": key,
            "date": e["date"],
            "source_id": e["source_id"],
        }
        for key, e in latest.iterrows()
        if key in known
    ]
    every_good = [*sectors.loc[sectors["kind"] == "goods", "sector"], REMAINDER] if "kind" in sectors else []
    for link in policy_sectors.itertuples(index=False):
        if link.policy not in latest.index:
            continue
        e = latest.loc[link.policy]
        reached = every_good if link.sector == ALL_GOODS else [link.sector] if link.sector in known else []
        rows += [
            {
                "sector": sector,
                "status": e["status"],
                "coverage": link.coverage,
                "via": link.policy,
                "date": e["date"],
                "source_id": e["source_id"],
            }
            for sector in reached
        ]
    return pd.DataFrame(rows, columns=TOUCH_COLUMNS)


def non_trade_issues(events: pd.DataFrame, partner: str, as_of: str) -> pd.DataFrame:
    """List the issues that are not a trade flow (flow ``none``), each at its latest status on the date.

    Examples
    --------
    >>> e = pd.DataFrame({"partner": "CHN", "sector": ["ipt", "ipt", "ag"], "date": ["2018-03-22", "2019-12-13",
    ...     "2019-12-13"], "status": ["stalled", "agreed", "agreed"], "flow": ["none", "none", "exports"],
    ...     "note": "", "source_id": "s"})
    >>> non_trade_issues(e, "CHN", "2019-12-31")[["issue", "status", "date"]].values.tolist()
    [['ipt', 'agreed', '2019-12-13']]
    """
    none = events[event_flows(events) == "none"]
    latest = latest_events(none, partner, as_of).reset_index().rename(columns={"sector": "issue"})
    return latest.reindex(columns=["issue", "status", "date", "note", "source_id"]).reset_index(drop=True)


def policy_status(events: pd.DataFrame, policies: pd.DataFrame, partner: str, as_of: str) -> pd.DataFrame:
    """Return every policy's status on a date (its latest event of any flow), with label, flow and source.

    Examples
    --------
    >>> p = pd.DataFrame({"policy": ["list_1", "list_4b"], "label": ["List 1", "List 4B"], "flow": "imports"})
    >>> e = pd.DataFrame({"partner": "CHN", "sector": ["list_1"], "date": ["2018-07-06"], "status": ["stalled"],
    ...     "note": "", "source_id": "s"})
    >>> policy_status(e, p, "CHN", "2019-12-31")[["policy", "status"]].values.tolist()
    [['list_1', 'stalled'], ['list_4b', '']]
    """
    columns = ["policy", "label", "flow", "status", "date", "note", "source_id"]
    if policies.empty:
        return pd.DataFrame(columns=columns)
    latest = latest_events(events, partner, as_of)
    rows = []
    for policy in policies.itertuples(index=False):
        e = latest.loc[policy.policy] if policy.policy in latest.index else None
        rows.append(
            {
                "policy": policy.policy,
                "label": policy.label,
                "flow": policy.flow,
                "status": "" if e is None else e["status"],
                "date": "" if e is None else e["date"],
                "note": f"no event on or before {as_of}" if e is None else e["note"],
                "source_id": "" if e is None else e["source_id"],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def policies_by_sector(touches_by_flow: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Describe, per sector, the policies whose status reaches it: ``policy (flow, coverage): status``.

    Examples
    --------
    >>> t = pd.DataFrame({"sector": ["naics_111", "naics_111"], "status": ["stalled", "in_talks"],
    ...     "coverage": ["part", "all"], "via": ["list_3", "naics_111"]})
    >>> policies_by_sector({"imports": t})
    {'naics_111': 'list_3 (imports, part): stalled'}
    """
    found: dict[str, list[str]] = {}
    for flow, touches in touches_by_flow.items():
        for t in touches[touches["via"] != touches["sector"]].itertuples(index=False):
            found.setdefault(t.sector, []).append(f"{t.via} ({flow}, {t.coverage}): {t.status}")
    return {sector: "; ".join(parts) for sector, parts in found.items()}
