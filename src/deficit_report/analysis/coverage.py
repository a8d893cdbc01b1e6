"""The share of the total each status group (or market type) holds, as a true range, and the key sentence.

One function, :func:`coverage`, computes every coverage table of a report
(the report's measure, each flow, the path as deals close) from *touches*:
the statuses that reach each sector for one measure on one date
(:func:`deficit_report.analysis.flows.status_touches`, through the sector's
own events, its ancestors' and the policies that cover all or part of it).

A counted block (a sector with a figure, or "all other goods") may hold
trade under several statuses: its own, its children's, those of sectors
without a figure that lie inside it, and those of policies (lists, a
country-wide deal) that cover all or part of it. A block's *possible groups*
are the groups of every status that touches it, plus "no status" when nothing
covers it wholly (the remainder never is, unless a policy reaches all goods).
A group then holds:

- at least the blocks whose only possible group it is, and
- at most every block where it is possible.

Children make up their parent wholly only when their HS codes cover the
parent's (``automotive`` = ``autos`` + ``auto_parts`` in 1994); a child
without a figure inside a wider parent (washers inside HS 84) makes the
parent partly covered, never wholly.

These bounds hold for every way a block's trade may really split when every
part of the block has the block's sign: always for imports and exports, which
are never negative. A balance is a net figure: a block where a group is
possible but not certain may hide surpluses and deficits, and then a group
can hold more than its "at most" (or less than its "at least"). Such rows are
flagged (``assumes_one_sign``) so that the sentence states the assumption
(tests/test_coverage_bounds.py checks both on random datasets with signed
values).
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.composition import children_of
from deficit_report.dataset.sectormap import hs_prefixes
from deficit_report.vocabulary import REMAINDER, REMAINDER_LABEL

#: Status groups, in report order. Each status word belongs to one group.
STATUS_GROUPS = {
    "within_reach": "within reach or agreed",
    "agreed": "within reach or agreed",
    "stalled": "stalled",
    "in_talks": "in talks",
    "not_in_talks": "not in talks",
    "expired": "expired",
    # measure states: a tariff's own state, never a negotiation outcome ("agreed") nor a stalemate
    "in_force": "tariff in force",
    "cut": "tariff cut",
    "suspended": "tariff suspended",
    "mixed": "mixed",
    "": "no status",
}
#: The group of a deal closed: the coverage path follows it as deals close.
AGREED_GROUPS = {"agreed": "agreed"}
#: The group of trade no status covers.
NO_STATUS = "no status"
#: The group of a status the report's grouping leaves out.
_OTHER = "(other)"
#: Columns of :func:`coverage`.
COVERAGE_COLUMNS = [
    "group",
    "share_at_least",
    "share_at_most",
    "at_least_usd_m",
    "at_most_usd_m",
    "via",
    "sectors_with_figures",
    "sectors_without_figures",
    "assumes_one_sign",
    "unsure_blocks",
]


def children_cover(parent_codes: str, child_codes: list[str]) -> bool:
    """Say whether the children's HS codes cover every code of their parent (so the children make it up wholly).

    A parent without codes, or with a code no child's code contains, is not
    covered: a child without a figure then makes its parent partly covered.

    Examples
    --------
    >>> children_cover("8703;8708;8706;8707", ["8703", "8708;8706;8707"])
    True
    >>> children_cover("87", ["8703", "8708"]), children_cover("", ["87"])
    (False, False)
    """
    mine = hs_prefixes(parent_codes)
    theirs = [c for cell in child_codes for c in hs_prefixes(cell)]
    return bool(mine) and all(any(code.startswith(c) for c in theirs) for code in mine)


def _reach(touches: pd.DataFrame, sectors: pd.DataFrame, name_of) -> dict[str, tuple[set, bool]]:
    """Map each sector (and the remainder) to (groups that may hold some of its trade, whether it is all covered).

    A sector is wholly covered by a status that covers all of it, by an
    ancestor's, or by its children when they are all wholly covered and their
    HS codes make up the sector's (:func:`children_cover`).
    """
    kids = children_of(sectors)
    parent_of = dict(zip(sectors["sector"], sectors["parent"]))
    codes = dict(zip(sectors["sector"], sectors["hs_codes"])) if "hs_codes" in sectors else {}
    keys = [*sectors["sector"], REMAINDER]
    own = {s: set() for s in keys}
    own_all = {s: False for s in keys}
    for t in touches.itertuples(index=False):
        if t.sector in own:
            own[t.sector].add(name_of(t.status))
            own_all[t.sector] |= t.coverage == "all"
    down: dict[str, tuple[set, bool]] = {}

    def below(s: str) -> tuple[set, bool]:
        if s not in down:
            parts = [below(k) for k in kids.get(s, [])]
            names = own[s].union(*(p[0] for p in parts))
            made_up = bool(parts) and all(p[1] for p in parts)
            made_up = made_up and children_cover(codes.get(s, ""), [codes.get(k, "") for k in kids[s]])
            down[s] = (names, own_all[s] or made_up)
        return down[s]

    reach = {}
    for s in keys:
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
        from :func:`deficit_report.analysis.flows.status_touches`; a touch of
        ``all_other_goods`` (a policy on all goods) reaches the remainder.
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
    >>> s = pd.DataFrame({"sector": ["auto", "cars", "parts", "med"], "parent": ["", "auto", "auto", ""],
    ...     "hs_codes": ["8703;8708", "8703", "8708", "9018"]})
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
        if not reach.get(block.sector, (set(), False))[1]:
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
    group that may hold it and raises no "at most"; ``unsure`` lists the blocks
    where the group is possible but not certain (on a net balance, the bounds
    there assume every part of the block has the block's sign).

    Examples
    --------
    >>> b = pd.DataFrame({"block": ["auto", "rest"], "share": [0.6, 0.4],
    ...     "groups": [frozenset({"stalled", "agreed"}), frozenset({"agreed", "no status"})]})
    >>> group_bounds(b, ["agreed", "stalled", "no status"]).values.tolist()
    [['agreed', 0.0, 1.0, 'auto, rest'], ['stalled', 0.0, 0.6, 'auto'], ['no status', 0.0, 0.4, 'rest']]
    """
    out = []
    for name in order:
        least = most = 0.0
        unsure = []
        for block, value, names in zip(block_table["block"], block_table[column], block_table["groups"]):
            if name not in names:
                continue
            if names == {name}:
                least, most = least + value, most + value
            else:
                least, most = least + min(value, 0.0), most + max(value, 0.0)
                unsure.append(block)
        out.append({"group": name, "at_least": least, "at_most": most, "unsure": ", ".join(unsure)})
    return pd.DataFrame(out, columns=["group", "at_least", "at_most", "unsure"])


def _group_order(groups: dict) -> list[str]:
    return [g for g in dict.fromkeys(groups.values()) if g != "mixed"]


def coverage(
    composition: pd.DataFrame,
    touches: pd.DataFrame,
    sectors: pd.DataFrame,
    groups: dict = STATUS_GROUPS,
    *,
    signed: bool = False,
) -> pd.DataFrame:
    """Share (and value) of one total held by each status group, as a true range: the one coverage function.

    Parameters
    ----------
    composition : pandas.DataFrame
        The composition of one measure (the balance, imports or exports) on one vintage.
    touches : pandas.DataFrame
        From :func:`deficit_report.analysis.flows.status_touches` for that
        measure (``sector``, ``status``, ``coverage``, ``via``), or market
        types as touches (see :func:`market_touches`).
    sectors : pandas.DataFrame
        The sectors table (``sector``, ``parent``, ``hs_codes``).
    groups : dict
        Status word -> group name, in report order (statuses not in it fall in no row).
    signed : bool
        True when the measure is a net balance: rows whose range rests on a
        block a group may hold only in part get ``assumes_one_sign``.

    Returns
    -------
    pandas.DataFrame
        One row per group some block may hold or some sector has:
        ``group``, ``share_at_least``, ``share_at_most``,
        ``at_least_usd_m``, ``at_most_usd_m``, ``via`` (the sectors and
        policies whose status is in the group), ``sectors_with_figures`` (the
        sectors with a figure the group may hold), ``sectors_without_figures``
        (sectors without a figure whose own status is in the group),
        ``assumes_one_sign`` and ``unsure_blocks``.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": ["naics_111", "naics_334"], "parent": "", "hs_codes": ""})
    >>> comp = pd.DataFrame({"sector": ["naics_111", "naics_334", "all_other_goods"], "kind": "goods",
    ...     "share": [0.25, 0.75, 0.0], "value_usd_m": [25.0, 75.0, 0.0], "counted": True,
    ...     "figure_note": "", "inside": ["naics_111", "naics_334", "all_other_goods"]})
    >>> t = pd.DataFrame({"sector": ["naics_111", "naics_334"], "status": ["stalled", "stalled"],
    ...     "coverage": ["all", "part"], "via": "list_3"})
    >>> coverage(comp, t, s)[["group", "share_at_least", "share_at_most"]].values.tolist()
    [['stalled', 0.25, 1.0], ['no status', 0.0, 0.75]]
    """

    def name_of(word):
        return groups.get(word, _OTHER)

    table = blocks(composition, touches, sectors, name_of)
    order = _group_order(groups)
    shares = group_bounds(table, order, "share").set_index("group")
    values = group_bounds(table, order, "value_usd_m").set_index("group")
    possible = set().union(*table["groups"]) if len(table) else set()
    found = touches.assign(group=touches["status"].map(name_of)) if len(touches) else touches.assign(group="")
    own = found[found["via"] == found["sector"]] if len(found) else found
    goods = composition[composition["kind"] == "goods"]
    with_figure = set(goods.loc[goods["counted"], "sector"]) - {REMAINDER}
    without_figure = set(goods.loc[~goods["counted"] & goods["figure_note"].str.startswith("no figure"), "sector"])
    rows = []
    for name in order:
        mine = list(dict.fromkeys(own.loc[own["group"] == name, "sector"])) if len(own) else []
        if name not in possible and not mine:
            continue
        keys = found.loc[found["group"] == name, "via"] if len(found) else []
        unsure = shares.loc[name, "unsure"]
        rows.append(
            {
                "group": name,
                "share_at_least": float(shares.loc[name, "at_least"]),
                "share_at_most": float(shares.loc[name, "at_most"]),
                "at_least_usd_m": float(values.loc[name, "at_least"]),
                "at_most_usd_m": float(values.loc[name, "at_most"]),
                "via": ", ".join(dict.fromkeys(keys)),
                "sectors_with_figures": ", ".join(
                    b for b, names in zip(table["block"], table["groups"]) if name in names and b in with_figure
                ),
                "sectors_without_figures": ", ".join(s for s in mine if s in without_figure),
                "assumes_one_sign": bool(signed and unsure),
                "unsure_blocks": unsure if signed else "",
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def market_touches(composition: pd.DataFrame) -> pd.DataFrame:
    """Turn each goods sector's market type into a touch covering all of it, for coverage by market type.

    Examples
    --------
    >>> comp = pd.DataFrame({"sector": ["autos", "all_other_goods", "ins"], "kind": ["goods", "goods", "services"],
    ...     "market": ["private", "", "government"]})
    >>> market_touches(comp)[["sector", "status", "coverage"]].values.tolist()
    [['autos', 'private', 'all']]
    """
    goods = composition[(composition["kind"] == "goods") & (composition["market"] != "")]
    return pd.DataFrame(
        {"sector": goods["sector"], "status": goods["market"], "coverage": "all", "via": goods["sector"]}
    ).reset_index(drop=True)


def with_remainder(cov: pd.DataFrame, composition: pd.DataFrame) -> pd.DataFrame:
    """Append the remainder ("all other goods") as a row of its own, its share a point.

    Examples
    --------
    >>> cov = pd.DataFrame({"group": ["stalled"], "share_at_least": [0.5586], "share_at_most": [0.5586]})
    >>> comp = pd.DataFrame({"sector": ["automotive", "all_other_goods"], "share": [0.5586, 0.4414],
    ...     "value_usd_m": [-36700.0, -29000.0], "counted": True})
    >>> with_remainder(cov, comp)[["group", "share_at_most"]].values.tolist()
    [['stalled', 0.5586], ['all other goods', 0.4414]]
    """
    counted = composition[composition["counted"]].set_index("sector")
    share = float(counted["share"].get(REMAINDER, 0.0))
    value = float(counted["value_usd_m"].get(REMAINDER, 0.0))
    row = {
        "group": REMAINDER_LABEL.lower(),
        "share_at_least": share,
        "share_at_most": share,
        "at_least_usd_m": value,
        "at_most_usd_m": value,
        "via": "",
        "sectors_with_figures": "",
        "sectors_without_figures": "",
        "assumes_one_sign": False,
        "unsure_blocks": "",
    }
    return pd.concat([cov, pd.DataFrame([row])], ignore_index=True).reindex(columns=cov.columns)


def _range(at_least: float, at_most: float) -> str:
    """A share known as a range, worded as :func:`deficit_report.rendering.formats.share_range` words it."""
    if abs(at_most - at_least) < 1e-12:
        return f"{at_least:.1%}"
    return f"{at_least:.1%} to at most {at_most:.1%}"


def _money_range(at_least_usd_m: float, at_most_usd_m: float) -> str:
    if abs(at_most_usd_m - at_least_usd_m) < 1e-6:
        return f"${at_least_usd_m / 1000:.1f} bn"
    return f"${at_least_usd_m / 1000:.1f}-{at_most_usd_m / 1000:.1f} bn"


def flow_key_sentence(cov: pd.DataFrame, *, flow: str, as_of: str, year: int, partner: str, total_usd_m: float) -> str:
    """Write one flow's finding in one sentence: every group's range (one number when it is a point), in dollars too.

    Examples
    --------
    >>> cov = pd.DataFrame({"group": ["stalled", "no status"], "share_at_least": [0.25, 0.75],
    ...     "share_at_most": [0.25, 0.75], "at_least_usd_m": [25000.0, 75000.0], "at_most_usd_m": [25000.0, 75000.0]})
    >>> flow_key_sentence(cov, flow="imports", as_of="2019-12-31", year=2019, partner="CHN", total_usd_m=100000.0)
    'As of 2019-12-31, of 2019 imports from CHN ($100.0 bn): stalled held 25.0% ($25.0 bn); no status 75.0% ($75.0 bn).'
    >>> flow_key_sentence(cov.assign(share_at_most=1.0, at_most_usd_m=1e5).iloc[:1], flow="exports",
    ...     as_of="2019-12-31", year=2019, partner="CHN", total_usd_m=100000.0)
    'As of 2019-12-31, of 2019 exports to CHN ($100.0 bn): stalled held between 25.0% and 100.0% ($25.0-100.0 bn).'
    """
    word = {"imports": "imports from", "exports": "exports to"}.get(flow, f"{flow} with")

    def held(r) -> str:
        if abs(r.share_at_most - r.share_at_least) < 1e-12:
            return f"{r.share_at_least:.1%} ({_money_range(r.at_least_usd_m, r.at_most_usd_m)})"
        return (
            f"between {r.share_at_least:.1%} and {r.share_at_most:.1%} "
            f"({_money_range(r.at_least_usd_m, r.at_most_usd_m)})"
        )

    parts = [f"{r.group} {'held ' if i == 0 else ''}{held(r)}" for i, r in enumerate(cov.itertuples())]
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


def within_reach_bound(coverage_by_group: pd.DataFrame) -> dict:
    """Return the range the within-reach-or-agreed sectors hold, the stalled range, and what they assume.

    Examples
    --------
    >>> cov = pd.DataFrame({"group": ["within reach or agreed", "stalled", "all other goods"],
    ...     "share_at_least": [0.0, 0.5586, 0.4414], "share_at_most": [0.4414, 0.5586, 0.4414],
    ...     "unsure_blocks": ["all_other_goods", "", ""]})
    >>> within_reach_bound(cov)  # doctest: +NORMALIZE_WHITESPACE
    {'within_reach_at_least': 0.0, 'within_reach_at_most': 0.4414, 'stalled_at_least': 0.5586,
     'stalled_at_most': 0.5586, 'stalled': 0.5586, 'assumes_one_sign_in': ['all_other_goods']}
    """
    by_group = coverage_by_group.set_index("group")
    get = lambda g, col: float(by_group.loc[g, col]) if g in by_group.index else 0.0  # noqa: E731
    reach, stalled = "within reach or agreed", "stalled"
    unsure = by_group["unsure_blocks"] if "unsure_blocks" in by_group else pd.Series(dtype=str)
    blocks_ = [b for g in (reach, stalled) if g in unsure.index for b in str(unsure[g]).split(", ") if b]
    return {
        "within_reach_at_least": get(reach, "share_at_least"),
        "within_reach_at_most": get(reach, "share_at_most"),
        "stalled_at_least": get(stalled, "share_at_least"),
        "stalled_at_most": get(stalled, "share_at_most"),
        "stalled": get(stalled, "share_at_least")
        if get(stalled, "share_at_least") == get(stalled, "share_at_most")
        else float("nan"),
        "assumes_one_sign_in": list(dict.fromkeys(blocks_)),
    }


def key_sentence(
    bound: dict, *, as_of: str, year: int, partner: str, measure_word: str = "deficit", labels: dict | None = None
) -> str:
    """Write the report's finding in one sentence from :func:`within_reach_bound`: both groups as ranges.

    A range is one number only when it is a point; a lower bound is never
    printed as the value. When a range rests on a net block that may hide
    surpluses (a balance), the sentence states the assumption it needs.

    Examples
    --------
    >>> b = {"within_reach_at_least": 0.0, "within_reach_at_most": 0.4414, "stalled_at_least": 0.5586,
    ...      "stalled_at_most": 0.5586, "assumes_one_sign_in": ["all_other_goods"]}
    >>> key_sentence(b, as_of="1994-06-06", year=1994, partner="JPN", labels={"all_other_goods": "All other goods"})
    'As of 1994-06-06, sectors where deals were within reach or agreed held 0.0% to at most 44.1% of the 1994 deficit with JPN, assuming that no goods inside all other goods were in surplus with JPN (a net balance can hide surpluses, and with them the share could lie outside this range); stalled sectors held 55.9%.'
    >>> key_sentence({**b, "stalled_at_least": 0.0, "stalled_at_most": 0.338, "assumes_one_sign_in": []},
    ...     as_of="2025-09-30", year=2024, partner="KOR", measure_word="imports").split("; ")[1]
    'stalled sectors held 0.0% to at most 33.8%.'
    """
    names = labels or {}
    assumed = [names.get(b, b).lower() if b == REMAINDER else names.get(b, b) for b in bound["assumes_one_sign_in"]]
    assumption = (
        f", assuming that no goods inside {' and '.join(assumed)} were in surplus with {partner} "
        "(a net balance can hide surpluses, and with them the share could lie outside this range)"
        if assumed
        else ""
    )
    return (
        f"As of {as_of}, sectors where deals were within reach or agreed held "
        f"{_range(bound['within_reach_at_least'], bound['within_reach_at_most'])} "
        f"of the {year} {measure_word} with {partner}{assumption}; "
        f"stalled sectors held {_range(bound['stalled_at_least'], bound['stalled_at_most'])}."
    )
