"""The share of the total each status group (or market type) holds, as a range, and the key sentence.

A goods sector without a figure lies inside a counted block (usually "all
other goods"), so the group it belongs to holds *at least* its share with
figures and *at most* that plus the blocks its other sectors lie in.
"""

from __future__ import annotations

import pandas as pd

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


def with_status(composition: pd.DataFrame, status: pd.DataFrame, groups: dict = STATUS_GROUPS) -> pd.DataFrame:
    """Attach each composition row's status and its group (``groups`` maps status to group).

    The remainder has no status (``""``).
    """
    merged = composition.merge(status[["sector", "status", "children"]], on="sector", how="left")
    merged["status"] = merged["status"].fillna("")
    merged["children"] = merged["children"].fillna("")
    merged["group"] = merged["status"].map(groups)
    return merged


def coverage(
    composition: pd.DataFrame, status: pd.DataFrame, by: str = "group", groups: dict = STATUS_GROUPS
) -> pd.DataFrame:
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
        out.append(
            {
                "group": name,
                "share_at_least": least,
                "share_at_most": least + float(sum(share_of[b] for b in blocks)),
                "sectors_with_figures": ", ".join(with_fig["sector"]),
                "sectors_without_figures": ", ".join(without["sector"]),
            }
        )
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
