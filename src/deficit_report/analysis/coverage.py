"""The share of the total each status group (or market type) holds, as a true range, and the key sentence.

A counted block (a sector with a figure, or "all other goods") may hold
trade under several statuses: its own, its children's, those of sectors
without a figure that lie inside it, and those of policies (lists) that cover
all or part of it. A block's *possible groups* are the groups of every status
that touches it, plus "no status" when nothing covers it wholly (the
remainder never is). A group then holds:

- at least the blocks whose only possible group it is, and
- at most every block where it is possible.

These are true bounds for every way the block's trade may really split
(tests/test_coverage_bounds.py checks it on random datasets). Children are
taken to make up their parent (as :mod:`deficit_report.analysis.status`
does): a parent is wholly covered when all its children are. A block with a
negative share (a surplus sector inside a deficit) counts in the "at least"
of a group that is possible but not certain, and in no "at most".
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.composition import children_of
from deficit_report.vocabulary import REMAINDER, REMAINDER_LABEL

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
#: The group of trade no status covers.
NO_STATUS = "no status"
#: The group of a status the report's grouping leaves out.
_OTHER = "(other)"
#: Columns of :func:`coverage`.
COVERAGE_COLUMNS = ["group", "share_at_least", "share_at_most", "sectors_with_figures", "sectors_without_figures"]


def with_status(composition: pd.DataFrame, status: pd.DataFrame, groups: dict = STATUS_GROUPS) -> pd.DataFrame:
    """Attach each composition row's status and its group (``groups`` maps status to group).

    The remainder has no status (``""``).
    """
    merged = composition.merge(status[["sector", "status", "children"]], on="sector", how="left")
    merged["status"] = merged["status"].fillna("")
    merged["children"] = merged["children"].fillna("")
    merged["group"] = merged["status"].map(groups)
    return merged


def touches_from_status(status: pd.DataFrame) -> pd.DataFrame:
    """Turn :func:`~deficit_report.analysis.status.status_as_of` into touches: each sector's own status, wholly.

    Statuses a parent takes from its children (``children`` filled) are left
    out: the children carry them.

    Examples
    --------
    >>> st = pd.DataFrame({"sector": ["automotive", "autos", "medical"], "status": ["mixed", "agreed", ""],
    ...     "children": ["autos: agreed; parts: stalled", "", ""]})
    >>> touches_from_status(st)[["sector", "status", "coverage"]].values.tolist()
    [['autos', 'agreed', 'all']]
    """
    own = status[(status["status"] != "") & (status["children"] == "")]
    return pd.DataFrame({"sector": own["sector"], "status": own["status"], "coverage": "all", "via": own["sector"]})


def _reach(touches: pd.DataFrame, sectors: pd.DataFrame, name_of) -> dict[str, tuple[set, bool]]:
    """Map each sector to (groups that may hold some of its trade, whether some status covers all of it)."""
    kids = children_of(sectors)
    parent_of = dict(zip(sectors["sector"], sectors["parent"]))
    own = {s: set() for s in sectors["sector"]}
    own_all = {s: False for s in sectors["sector"]}
    for t in touches.itertuples(index=False):
        if t.sector in own:
            own[t.sector].add(name_of(t.status))
            own_all[t.sector] |= t.coverage == "all"
    down: dict[str, tuple[set, bool]] = {}

    def below(s: str) -> tuple[set, bool]:
        if s not in down:
            parts = [below(k) for k in kids[s]]
            names = own[s].union(*(p[0] for p in parts))
            down[s] = (names, own_all[s] or (bool(parts) and all(p[1] for p in parts)))
        return down[s]

    reach = {}
    for s in sectors["sector"]:
        names, whole = below(s)
        names = set(names)
        a = parent_of.get(s)
        while a:
            names |= own[a]
            whole |= own_all[a]
            a = parent_of.get(a)
        reach[s] = (names, whole)
    return reach


def blocks(composition: pd.DataFrame, touches: pd.DataFrame, sectors: pd.DataFrame, name_of) -> pd.DataFrame:
    """Return each counted goods block with its share and the groups that may hold its trade.

    Parameters
    ----------
    composition : pandas.DataFrame
        From :func:`deficit_report.analysis.composition.composition`.
    touches : pandas.DataFrame
        Statuses reaching sectors (``sector``, ``status``, ``coverage``), e.g.
        from :func:`deficit_report.analysis.flows.status_touches`.
    sectors : pandas.DataFrame
        The sectors table.
    name_of : callable
        Status word -> group name.

    Returns
    -------
    pandas.DataFrame
        ``block``, ``share``, ``value_usd_m``, ``groups`` (a frozenset, with
        "no status" when nothing covers the block wholly) and ``members`` (the
        sectors whose trade lies in the block).

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["auto", "cars", "parts", "med"], "parent": ["", "auto", "auto", ""]})
    >>> comp = pd.DataFrame({"sector": ["auto", "all_other_goods", "cars", "parts", "med"], "kind": "goods",
    ...     "share": [0.6, 0.4, None, None, None], "value_usd_m": [6.0, 4.0, None, None, None],
    ...     "counted": [True, True, False, False, False],
    ...     "inside": ["auto", "all_other_goods", "auto", "auto", "all_other_goods"]})
    >>> t = pd.DataFrame({"sector": ["cars", "parts", "med"], "status": ["agreed", "stalled", "agreed"],
    ...     "coverage": "all"})
    >>> b = blocks(comp, t, s, lambda status: status)
    >>> [(r.block, sorted(r.groups)) for r in b.itertuples()]
    [('auto', ['agreed', 'stalled']), ('all_other_goods', ['agreed', 'no status'])]
    """
    reach = _reach(touches, sectors, name_of)
    goods = composition[composition["kind"] == "goods"]
    rows = []
    for block in goods.loc[goods["counted"], ["sector", "share", "value_usd_m"]].itertuples(index=False):
        members = [s for s in goods.loc[goods["inside"] == block.sector, "sector"] if s in reach]
        names = set().union(*(reach[m][0] for m in members)) if members else set()
        whole = block.sector != REMAINDER and reach.get(block.sector, (set(), False))[1]
        if not whole:
            names.add(NO_STATUS)
        rows.append(
            {
                "block": block.sector,
                "share": float(block.share),
                "value_usd_m": float(block.value_usd_m),
                "groups": frozenset(names),
                "members": ", ".join(members),
            }
        )
    return pd.DataFrame(rows, columns=["block", "share", "value_usd_m", "groups", "members"])


def group_bounds(block_table: pd.DataFrame, order: list[str], column: str = "share") -> pd.DataFrame:
    """Sum each group's bounds over the blocks: at least where it is the only group, at most where possible.

    A negative block (a surplus inside a deficit) lowers the "at least" of every
    group that may hold it and raises no "at most", so the bounds stay true.

    Examples
    --------
    >>> b = pd.DataFrame({"block": ["auto", "rest"], "share": [0.6, 0.4],
    ...     "groups": [frozenset({"stalled", "agreed"}), frozenset({"agreed", "no status"})]})
    >>> group_bounds(b, ["agreed", "stalled", "no status"]).values.tolist()
    [['agreed', 0.0, 1.0], ['stalled', 0.0, 0.6], ['no status', 0.0, 0.4]]
    """
    out = []
    for name in order:
        least = most = 0.0
        for value, names in zip(block_table[column], block_table["groups"]):
            if name not in names:
                continue
            if names == {name}:
                least, most = least + value, most + value
            else:
                least, most = least + min(value, 0.0), most + max(value, 0.0)
        out.append({"group": name, "at_least": least, "at_most": most})
    return pd.DataFrame(out, columns=["group", "at_least", "at_most"])


def _group_order(groups: dict) -> list[str]:
    return [g for g in dict.fromkeys(groups.values()) if g != "mixed"]


def coverage(
    composition: pd.DataFrame,
    status: pd.DataFrame,
    by: str = "group",
    groups: dict = STATUS_GROUPS,
    touches: pd.DataFrame | None = None,
    sectors: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of the total held by each status group (or market type), as a true range.

    A group holds at least the blocks only it can hold and at most every block
    it may hold (see the module docstring). Services sectors are left out of
    both bounds; a parent whose children differ counts in the range of each of
    its children's groups. The rows list the groups that sectors have (or that
    a policy brings), then the remainder as a block.

    Parameters
    ----------
    composition : pandas.DataFrame
        From :func:`deficit_report.analysis.composition.composition`.
    status : pandas.DataFrame
        From :func:`~deficit_report.analysis.status.status_as_of`.
    by : {"group", "market"}
        Group by status group or by market type.
    groups : dict
        Status word -> group name, in report order (statuses not in it are left out).
    touches : pandas.DataFrame, optional
        Statuses reaching sectors (with policies and flows:
        :func:`deficit_report.analysis.flows.status_touches`); by default each
        sector's own status from ``status``.
    sectors : pandas.DataFrame, optional
        The sectors table (``sector``, ``parent``); by default the sectors of ``status``, parents from
        the composition.

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
    ...     "share": [0.5586, 0.4414, None, None], "value_usd_m": [-36.7, -29.0, None, None],
    ...     "counted": [True, True, False, False],
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
    if sectors is None:
        sectors = status[["sector"]].assign(parent=status["sector"].map(_parents(composition, status)))
    rows = with_status(composition, status, groups)
    goods = rows[(rows["kind"] == "goods") & (rows["sector"] != REMAINDER)]
    if by == "group":
        found = touches if touches is not None else touches_from_status(status)
        order = _group_order(groups)

        def name_of(word):
            return groups.get(word, _OTHER)

        listed = {g: goods[goods["status"].map(lambda w: name_of(w)) == g] for g in order}
        for parent in goods[goods["status"] == "mixed"].itertuples():
            for g in {name_of(part.split(": ")[1].replace("no status", "")) for part in parent.children.split("; ")}:
                if g in listed:
                    listed[g] = pd.concat([listed[g], goods.loc[[parent.Index]]])
    else:
        known = goods[goods[by] != ""]
        found = pd.DataFrame({"sector": known["sector"], "status": known[by], "coverage": "all"})
        order = sorted(set(goods[by]) - {""})

        def name_of(word):
            return word

        listed = {g: goods[goods[by] == g] for g in order}
    table = blocks(composition, found, sectors, name_of)
    bounds = group_bounds(table, order).set_index("group")
    possible = set().union(*table["groups"]) if len(table) else set()
    out = []
    for name in order:
        members = listed[name]
        with_fig = members[members["counted"]]
        without = members[members["figure_note"].str.startswith("no figure")]
        shown = not (with_fig.empty and without.empty) or (name in possible and name != NO_STATUS)
        if not shown:
            continue
        out.append(
            {
                "group": name,
                "share_at_least": float(bounds.loc[name, "at_least"]),
                "share_at_most": float(bounds.loc[name, "at_most"]),
                "sectors_with_figures": ", ".join(with_fig["sector"]),
                "sectors_without_figures": ", ".join(without["sector"]),
            }
        )
    share_of = rows[rows["counted"]].set_index("sector")["share"]
    remainder = float(share_of.get(REMAINDER, 0.0))
    out.append(
        {
            "group": REMAINDER_LABEL.lower(),
            "share_at_least": remainder,
            "share_at_most": remainder,
            "sectors_with_figures": "",
            "sectors_without_figures": "",
        }
    )
    return pd.DataFrame(out, columns=COVERAGE_COLUMNS)


def flow_coverage(
    composition: pd.DataFrame, touches: pd.DataFrame, sectors: pd.DataFrame, groups: dict = STATUS_GROUPS
) -> pd.DataFrame:
    """Share (and value) of one flow's total held by each status group, as true bounds, "no status" included.

    Parameters
    ----------
    composition : pandas.DataFrame
        The composition of one flow (``imports`` or ``exports``) on one vintage.
    touches : pandas.DataFrame
        From :func:`deficit_report.analysis.flows.status_touches` for that flow.
    sectors : pandas.DataFrame
        The sectors table.
    groups : dict
        Status word -> group name, in report order.

    Returns
    -------
    pandas.DataFrame
        One row per group some block may hold: ``group``, ``share_at_least``,
        ``share_at_most``, ``at_least_usd_m``, ``at_most_usd_m``, ``via`` (the
        sectors and policies whose status is in the group).

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["naics_111", "naics_334"], "parent": ""})
    >>> comp = pd.DataFrame({"sector": ["naics_111", "naics_334", "all_other_goods"], "kind": "goods",
    ...     "share": [0.25, 0.75, 0.0], "value_usd_m": [25.0, 75.0, 0.0], "counted": True,
    ...     "inside": ["naics_111", "naics_334", "all_other_goods"]})
    >>> t = pd.DataFrame({"sector": ["naics_111", "naics_334"], "status": ["stalled", "stalled"],
    ...     "coverage": ["all", "part"], "via": "list_3"})
    >>> flow_coverage(comp, t, s)[["group", "share_at_least", "share_at_most"]].values.tolist()
    [['stalled', 0.25, 1.0], ['no status', 0.0, 0.75]]
    """

    def name_of(word):
        return groups.get(word, _OTHER)

    table = blocks(composition, touches, sectors, name_of)
    order = _group_order(groups)
    shares = group_bounds(table, order, "share").set_index("group")
    values = group_bounds(table, order, "value_usd_m").set_index("group")
    possible = set().union(*table["groups"]) if len(table) else set()
    via = touches.assign(group=touches["status"].map(name_of)) if len(touches) else touches.assign(group="")
    rows = []
    for name in order:
        if name not in possible:
            continue
        keys = via.loc[via["group"] == name, "via"] if len(via) else []
        rows.append(
            {
                "group": name,
                "share_at_least": float(shares.loc[name, "at_least"]),
                "share_at_most": float(shares.loc[name, "at_most"]),
                "at_least_usd_m": float(values.loc[name, "at_least"]),
                "at_most_usd_m": float(values.loc[name, "at_most"]),
                "via": ", ".join(dict.fromkeys(keys)),
            }
        )
    columns = ["group", "share_at_least", "share_at_most", "at_least_usd_m", "at_most_usd_m", "via"]
    return pd.DataFrame(rows, columns=columns)


def flow_key_sentence(cov: pd.DataFrame, *, flow: str, as_of: str, year: int, partner: str, total_usd_m: float) -> str:
    """Write one flow's finding in one sentence: every group's range, in percent and in dollars.

    Examples
    --------
    >>> cov = pd.DataFrame({"group": ["stalled", "no status"], "share_at_least": [0.25, 0.0],
    ...     "share_at_most": [1.0, 0.75], "at_least_usd_m": [25000.0, 0.0], "at_most_usd_m": [100000.0, 75000.0]})
    >>> flow_key_sentence(cov, flow="imports", as_of="2019-12-31", year=2019, partner="CHN", total_usd_m=100000.0)
    'As of 2019-12-31, of 2019 imports from CHN ($100.0 bn): stalled held between 25.0% and 100.0% ($25.0-100.0 bn); no status between 0.0% and 75.0% ($0.0-75.0 bn).'
    """
    word = {"imports": "imports from", "exports": "exports to"}.get(flow, f"{flow} with")
    parts = [
        f"{r.group} {'held ' if i == 0 else ''}between {r.share_at_least:.1%} and {r.share_at_most:.1%} "
        f"(${r.at_least_usd_m / 1000:.1f}-{r.at_most_usd_m / 1000:.1f} bn)"
        for i, r in enumerate(cov.itertuples())
    ]
    return f"As of {as_of}, of {year} {word} {partner} (${total_usd_m / 1000:.1f} bn): {'; '.join(parts)}."


def balance_effect(by_flow: pd.DataFrame) -> pd.DataFrame:
    """State each group's effect on the balance in dollars: exports it holds minus imports it holds, as a range.

    Shares of different flows are never added; the dollar range is
    [exports at least - imports at most, exports at most - imports at least].

    Examples
    --------
    >>> f = pd.DataFrame({"flow": ["imports", "exports"], "group": "stalled", "at_least_usd_m": [100.0, 10.0],
    ...     "at_most_usd_m": [300.0, 20.0]})
    >>> balance_effect(f).values.tolist()
    [['stalled', 10.0, 20.0, 100.0, 300.0, -290.0, -80.0]]
    """
    groups = list(dict.fromkeys(by_flow["group"]))
    rows = []
    for name in groups:
        get = by_flow[by_flow["group"] == name].set_index("flow")

        def bound(flow, column, get=get):
            return float(get.loc[flow, column]) if flow in get.index else 0.0

        ex = (bound("exports", "at_least_usd_m"), bound("exports", "at_most_usd_m"))
        im = (bound("imports", "at_least_usd_m"), bound("imports", "at_most_usd_m"))
        rows.append(
            {
                "group": name,
                "exports_at_least_usd_m": ex[0],
                "exports_at_most_usd_m": ex[1],
                "imports_at_least_usd_m": im[0],
                "imports_at_most_usd_m": im[1],
                "balance_at_least_usd_m": ex[0] - im[1],
                "balance_at_most_usd_m": ex[1] - im[0],
            }
        )
    return pd.DataFrame(rows)


def _parents(composition: pd.DataFrame, status: pd.DataFrame) -> dict[str, str]:
    """Recover each child's parent from the ``children`` listing of a status table (when no sectors table is given)."""
    parent_of = {}
    for parent, listing in zip(status["sector"], status["children"]):
        for part in filter(None, listing.split("; ")):
            parent_of[part.split(": ")[0]] = parent
    return {s: parent_of.get(s, "") for s in status["sector"]}


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
    return {
        "within_reach_at_least": get("within reach or agreed", "share_at_least"),
        "within_reach_at_most": get("within reach or agreed", "share_at_most"),
        "stalled": get("stalled", "share_at_least"),
    }


def key_sentence(bound: dict, *, as_of: str, year: int, partner: str, measure_word: str = "deficit") -> str:
    """Write the report's finding in one sentence from :func:`within_reach_bound`.

    Examples
    --------
    >>> key_sentence({"within_reach_at_least": 0.0, "within_reach_at_most": 0.4414, "stalled": 0.5586},
    ...              as_of="1994-06-06", year=1994, partner="JPN")
    'As of 1994-06-06, sectors where deals were within reach or agreed held at most 44.1% of the 1994 deficit with JPN (at least 0.0% in sectors with a figure); stalled sectors held 55.9%.'
    """
    return (
        f"As of {as_of}, sectors where deals were within reach or agreed held at most "
        f"{bound['within_reach_at_most']:.1%} of the {year} {measure_word} with {partner} "
        f"(at least {bound['within_reach_at_least']:.1%} in sectors with a figure); "
        f"stalled sectors held {bound['stalled']:.1%}."
    )
