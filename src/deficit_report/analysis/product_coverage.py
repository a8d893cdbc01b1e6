"""Dollars covered per tariff list and per retaliation wave, from product-level data (issue 20).

Coverage by sector can only say "between none and all" of a sector a list covers in part. Where
product lines are known it is a point figure:

- **exports** (the partner's retaliation): China's 2017 imports from the U.S. by HS8 (PIIE, from
  ITC Trade Map) and China's tariff change on each HS10 line at each action. An HS8 line is hit by a
  wave when a tariff line inside it rose at that wave; each wave is credited with the lines it hit
  first (``new_usd_m``, adding up to the cumulative coverage) and with every line it hit
  (``hit_usd_m``). Where an HS8 line is hit only on some of its HS10 lines its whole value cannot
  be assigned: ``partly_usd_m`` says how much (none in the shipped file).
- **imports** (U.S. Section 301 lists): no product-level U.S. imports are stored, so each list's trade
  value is the one announced (Federal Register, USTR), a measured figure of another basis than
  Census trade, with its measure state (in force, cut, suspended).
- **average tariffs**, each side: the tracker's sector tariffs weighted by the sectors' base-year trade.

Frames carry codes (``basis``, ``measure``, ``flow``); the words are written in ``rendering/``.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.dataset.product_level import ProductLevel

#: The basis of the retaliation coverage: China's imports from the U.S., 2017, by HS8 (PIIE workbook).
RETALIATION_BASIS = "china_imports_2017_hs8"
#: The basis of a list's value: its annual trade value as announced.
LIST_BASIS = "announced_trade_value"


def hs8_lines_hit(retaliation: pd.DataFrame, actions: list[str]) -> pd.DataFrame:
    """Return, per HS8 code, how many of its HS10 lines rose at any of ``actions``, and how many it has.

    Examples
    --------
    >>> r = pd.DataFrame({"hs10": ["0101290010", "0101290090", "0102100000"], "action": ["a", "b", "a"],
    ...                   "points": [10.0, 5.0, 25.0]})
    >>> hs8_lines_hit(r, ["a"]).to_dict("index")
    {'01012900': {'lines': 2, 'hit': 1}, '01021000': {'lines': 1, 'hit': 1}}
    """
    lines = retaliation.assign(hs8=retaliation["hs10"].str[:8])
    net = lines[lines["action"].isin(actions)].groupby("hs10")["points"].sum()
    per_line = lines.drop_duplicates("hs10").set_index("hs10")[["hs8"]]
    per_line["hit"] = net.reindex(per_line.index).fillna(0.0) > 0
    return per_line.groupby("hs8").agg(lines=("hit", "size"), hit=("hit", "sum")).astype(int)


def covered_usd_m(hit: pd.DataFrame, imports_hs8: pd.DataFrame) -> tuple[float, float]:
    """Return (wholly covered, partly covered) trade in USD millions: HS8 lines hit on all, or some, of their lines.

    Only the lines listed in ``hit`` are known; an HS8 line is wholly covered when every one of its
    listed lines is hit. Values are thousand USD in ``imports_hs8``.

    Examples
    --------
    >>> hit = pd.DataFrame({"lines": [2, 1], "hit": [1, 1]}, index=["01012900", "01021000"])
    >>> imp = pd.DataFrame({"hs8": ["01012900", "01021000"], "imports_usd_thousand": [2000.0, 3000.0]})
    >>> covered_usd_m(hit, imp)
    (3.0, 2.0)
    """
    values = imports_hs8.set_index("hs8")["imports_usd_thousand"] / 1000.0
    whole = hit.index[(hit["hit"] > 0) & (hit["hit"] == hit["lines"])]
    part = hit.index[(hit["hit"] > 0) & (hit["hit"] < hit["lines"])]
    return float(values.reindex(whole).fillna(0.0).sum()), float(values.reindex(part).fillna(0.0).sum())


def wave_coverage(product: ProductLevel) -> pd.DataFrame:
    """Return each retaliation wave's coverage of the base-year trade, in dollars and as a share.

    Columns: ``action``, ``date``, ``wave``, ``hit_usd_m`` (every line the wave raised),
    ``new_usd_m`` (lines no earlier wave had raised: the waves' ``new_usd_m`` add up to the
    cumulative coverage), ``partly_usd_m`` (HS8 lines the wave raised only in part: their value is
    in no other column), ``cumulative_usd_m``, the shares of ``total_usd_m``, ``basis`` and
    ``source_id``.
    """
    actions = product.actions.sort_values("date", kind="stable")
    waves = actions[actions["wave"] != ""]
    total = float(product.imports_hs8["imports_usd_thousand"].sum()) / 1000.0
    rows, before = [], []
    for wave in waves.itertuples():
        hit, part = covered_usd_m(hs8_lines_hit(product.retaliation, [wave.action]), product.imports_hs8)
        cumulative, _ = covered_usd_m(_union_hit(product.retaliation, [*before, wave.action]), product.imports_hs8)
        earlier, _ = (
            covered_usd_m(_union_hit(product.retaliation, before), product.imports_hs8) if before else (0.0, 0.0)
        )
        rows.append(
            {
                "action": wave.action,
                "date": wave.date,
                "wave": wave.wave,
                "hit_usd_m": hit,
                "new_usd_m": cumulative - earlier,
                "partly_usd_m": part,
                "cumulative_usd_m": cumulative,
                "total_usd_m": total,
                "basis": RETALIATION_BASIS,
                "source_id": wave.source_id,
            }
        )
        before.append(wave.action)
    frame = pd.DataFrame(rows)
    for column in ("hit", "new", "cumulative"):
        frame[f"{column}_share"] = frame[f"{column}_usd_m"] / total
    return frame


def _union_hit(retaliation: pd.DataFrame, actions: list[str]) -> pd.DataFrame:
    """Per HS8 code, its lines raised by at least one of ``actions`` (each action alone, not netted).

    Examples
    --------
    >>> r = pd.DataFrame({"hs10": ["0101290010", "0101290090"], "action": ["a", "b"], "points": [10.0, 5.0]})
    >>> _union_hit(r, ["a", "b"]).to_dict("index")
    {'01012900': {'lines': 2, 'hit': 2}}
    """
    lines = retaliation.assign(hs8=retaliation["hs10"].str[:8])
    per_line = lines.drop_duplicates("hs10").set_index("hs10")[["hs8"]]
    raised = set(lines.loc[lines["action"].isin(actions) & (lines["points"] > 0), "hs10"])
    per_line["hit"] = per_line.index.isin(raised)
    return per_line.groupby("hs8").agg(lines=("hit", "size"), hit=("hit", "sum")).astype(int)


def us_export_coverage(product: ProductLevel, year: int) -> pd.DataFrame:
    """Return each wave's cumulative coverage of U.S. exports (Census, HS6) in ``year``, as [at least, at most].

    China's lines are HS8 (HS10 for tariffs), U.S. exports HS6: an HS6 code is covered wholly when
    every HS8 code of it that the tariff file lists is wholly hit, in part when some are. Its
    exports count for "at least" only when covered wholly, for "at most" when covered at all.
    Columns: ``action``, ``date``, ``wave``, ``year``, ``at_least_usd_m``, ``at_most_usd_m``,
    ``total_usd_m`` and their shares.
    """
    exports = product.exports_hs6[product.exports_hs6["year"] == year].groupby("hs6")["exports_usd"].sum() / 1e6
    total = float(exports.sum())
    waves = product.actions.sort_values("date", kind="stable")
    waves = waves[waves["wave"] != ""]
    rows, before = [], []
    for wave in waves.itertuples():
        before.append(wave.action)
        hit = _union_hit(product.retaliation, before)
        whole = (hit["hit"] == hit["lines"]).groupby(hit.index.str[:6]).agg(["all", "any"])
        some = (hit["hit"] > 0).groupby(hit.index.str[:6]).any()
        wholly = set(whole.index[whole["all"]])
        touched = set(some.index[some])
        rows.append(
            {
                "action": wave.action,
                "date": wave.date,
                "wave": wave.wave,
                "year": year,
                "at_least_usd_m": float(exports[exports.index.isin(wholly)].sum()),
                "at_most_usd_m": float(exports[exports.index.isin(touched)].sum()),
                "total_usd_m": total,
                "source_id": f"{wave.source_id}; tracker-phaseone-tradedata",
            }
        )
    frame = pd.DataFrame(rows)
    frame["at_least_share"] = frame["at_least_usd_m"] / total
    frame["at_most_share"] = frame["at_most_usd_m"] / total
    return frame


def covered_after(product: ProductLevel, date: str) -> dict:
    """Return the trade under retaliation after every action dated on or before ``date``.

    A line is under retaliation when the sum of its changes up to that date is above zero, so a
    suspension (autos, 2019-01-01) takes lines out again.

    Returns
    -------
    dict
        ``date``, ``last_action_date`` (the latest action the file holds on or before the date),
        ``covered_usd_m``, ``partly_usd_m``, ``total_usd_m``, ``share``, ``basis``.
    """
    actions = product.actions[product.actions["date"] <= date]
    hit = hs8_lines_hit(product.retaliation, list(actions["action"]))
    covered, part = covered_usd_m(hit, product.imports_hs8)
    total = float(product.imports_hs8["imports_usd_thousand"].sum()) / 1000.0
    return {
        "date": date,
        "last_action_date": str(actions["date"].max()) if len(actions) else "",
        "covered_usd_m": covered,
        "partly_usd_m": part,
        "total_usd_m": total,
        "share": covered / total,
        "basis": RETALIATION_BASIS,
        "source_id": "; ".join(sorted(set(actions["source_id"]))),
    }


def exports_by_year(product: ProductLevel) -> pd.DataFrame:
    """Return U.S. exports to the partner per year from the HS6 lines: ``year``, ``months``, ``exports_usd_m``.

    Examples
    --------
    >>> from deficit_report.dataset.product_level import load_product_level
    >>> table = exports_by_year(load_product_level("data/raw/us-china-tradewar")).set_index("year")
    >>> round(float(table.loc[2017, "exports_usd_m"]) / 1000, 3), int(table.loc[2020, "months"])
    (129.997, 4)
    """
    table = product.exports_hs6.groupby(["year", "months"], as_index=False)["exports_usd"].sum()
    table["exports_usd_m"] = table["exports_usd"] / 1e6
    return table.astype({"year": int, "months": int})[["year", "months", "exports_usd_m"]]


def list_values(product: ProductLevel) -> pd.DataFrame:
    """Return each Section 301 list's trade value as announced, its measure state and rate, in USD millions."""
    lists = product.lists.copy()
    lists["announced_usd_m"] = lists["announced_usd_bn"] * 1000.0
    return lists[
        ["policy", "announced_usd_m", "subheadings", "measure", "rate_pct", "date", "basis", "source_id", "quote"]
    ].reset_index(drop=True)


def list_totals(lists: pd.DataFrame) -> pd.DataFrame:
    """Return the announced values summed by measure state (in force, cut, suspended), in USD millions.

    Examples
    --------
    >>> lists = pd.DataFrame({"measure": ["in_force", "cut", "suspended", "in_force"],
    ...                       "announced_usd_m": [34000.0, 120000.0, 160000.0, 16000.0], "source_id": "s"})
    >>> list_totals(lists).set_index("measure")["announced_usd_m"].to_dict()
    {'in_force': 50000.0, 'cut': 120000.0, 'suspended': 160000.0}
    """
    order = {"in_force": 0, "cut": 1, "suspended": 2}
    totals = lists.groupby("measure", as_index=False).agg(
        announced_usd_m=("announced_usd_m", "sum"), source_id=("source_id", lambda s: "; ".join(sorted(set(s))))
    )
    return totals.sort_values("measure", key=lambda c: c.map(order)).reset_index(drop=True)


def average_tariffs(tariffs: pd.DataFrame, weights: pd.DataFrame, month: str) -> pd.DataFrame:
    """Return the trade-weighted average tariff of each flow in ``month``: sector tariffs weighted by base-year trade.

    Parameters
    ----------
    tariffs : pandas.DataFrame
        ``sector``, ``month``, ``flow``, ``tariff_pct`` (the tracker's sector series).
    weights : pandas.DataFrame
        ``sector``, ``flow``, ``value_usd_m``: each sector's trade in the base year.

    Examples
    --------
    >>> t = pd.DataFrame({"sector": ["a", "b"], "month": "2019-12", "flow": "imports", "tariff_pct": [10.0, 20.0]})
    >>> w = pd.DataFrame({"sector": ["a", "b"], "flow": "imports", "value_usd_m": [300.0, 100.0]})
    >>> average_tariffs(t, w, "2019-12")[["flow", "average_pct"]].to_dict("records")
    [{'flow': 'imports', 'average_pct': 12.5}]
    """
    rows = tariffs[tariffs["month"] == month].merge(weights, on=["sector", "flow"], how="inner")
    rows = rows.dropna(subset=["tariff_pct"])
    rows = rows.assign(weighted=rows["tariff_pct"] * rows["value_usd_m"])
    table = rows.groupby("flow", as_index=False).agg(weighted=("weighted", "sum"), weight_usd_m=("value_usd_m", "sum"))
    table["average_pct"] = table["weighted"] / table["weight_usd_m"]
    table["month"] = month
    return table[["flow", "month", "average_pct", "weight_usd_m"]]


#: The columns of :func:`dollars_covered`.
DOLLARS_COLUMNS = [
    "flow", "item", "kind", "date", "measure", "rate_pct", "usd_m", "at_most_usd_m", "share", "at_most_share",
    "of_usd_m", "basis", "source_id",
]  # fmt: skip


def _row(**cells) -> dict:
    return {column: cells.get(column) for column in DOLLARS_COLUMNS}


def dollars_covered(product: ProductLevel, imports_total_usd_m: float, as_of: str, focus_year: int) -> pd.DataFrame:
    """Return the dollars covered per list (imports) and per wave (exports), and the totals each flow.

    Rows, as codes (``kind``): each Section 301 ``list`` with its announced value and measure state;
    ``lists_in_force`` (in force or cut: every list but the suspended ones), whose share is of
    ``imports_total_usd_m`` (the comparison year's Census imports: announced values over Census
    trade, two bases, said by ``basis``); each retaliation ``wave`` with the trade it newly covered
    (China's 2017 imports, PIIE); ``after_waves`` (all four waves); ``on_as_of`` (the lines under
    retaliation after the last action the file holds on or before ``as_of``); ``us_exports_after_waves``
    (the waves' lines in U.S. exports of ``focus_year``, Census HS6, as [at least, at most]).
    ``usd_m`` equals ``at_most_usd_m`` for a point figure.
    """
    rows = []
    lists = list_values(product)
    for item in lists.itertuples():
        rows.append(_row(flow="imports", item=item.policy, kind="list", date=item.date, measure=item.measure,
                         rate_pct=item.rate_pct, usd_m=item.announced_usd_m, at_most_usd_m=item.announced_usd_m,
                         basis=LIST_BASIS, source_id=item.source_id))  # fmt: skip
    live = lists[lists["measure"] != "suspended"]
    if len(live):
        value = float(live["announced_usd_m"].sum())
        rows.append(_row(flow="imports", item="lists_in_force", kind="lists_in_force", date=str(live["date"].max()),
                         measure="in_force", usd_m=value, at_most_usd_m=value, share=value / imports_total_usd_m,
                         at_most_share=value / imports_total_usd_m, of_usd_m=imports_total_usd_m,
                         basis="announced_over_census_imports",
                         source_id="; ".join(dict.fromkeys(live["source_id"]))))  # fmt: skip
    waves = wave_coverage(product)
    for wave in waves.itertuples():
        rows.append(_row(flow="exports", item=wave.action, kind="wave", date=wave.date, measure="raised",
                         usd_m=wave.new_usd_m, at_most_usd_m=wave.new_usd_m + wave.partly_usd_m,
                         share=wave.new_share, at_most_share=(wave.new_usd_m + wave.partly_usd_m) / wave.total_usd_m,
                         of_usd_m=wave.total_usd_m, basis=wave.basis, source_id=wave.source_id))  # fmt: skip
    if len(waves):
        last = waves.iloc[-1]
        rows.append(_row(flow="exports", item="after_waves", kind="after_waves", date=last["date"], measure="raised",
                         usd_m=last["cumulative_usd_m"], at_most_usd_m=last["cumulative_usd_m"],
                         share=last["cumulative_share"], at_most_share=last["cumulative_share"],
                         of_usd_m=last["total_usd_m"], basis=last["basis"], source_id=last["source_id"]))  # fmt: skip
        now = covered_after(product, as_of)
        high = now["covered_usd_m"] + now["partly_usd_m"]
        rows.append(_row(flow="exports", item="on_as_of", kind="on_as_of", date=now["last_action_date"],
                         measure="under_retaliation", usd_m=now["covered_usd_m"], at_most_usd_m=high,
                         share=now["share"], at_most_share=high / now["total_usd_m"], of_usd_m=now["total_usd_m"],
                         basis=now["basis"], source_id=now["source_id"]))  # fmt: skip
        us = us_export_coverage(product, focus_year)
        if len(us) and us["total_usd_m"].iloc[-1] > 0:
            end = us.iloc[-1]
            rows.append(_row(flow="exports", item="us_exports_after_waves", kind="us_exports_after_waves",
                             date=end["date"], measure="raised", usd_m=end["at_least_usd_m"],
                             at_most_usd_m=end["at_most_usd_m"], share=end["at_least_share"],
                             at_most_share=end["at_most_share"], of_usd_m=end["total_usd_m"],
                             basis=f"us_exports_{focus_year}_hs6", source_id=end["source_id"]))  # fmt: skip
    return pd.DataFrame(rows, columns=DOLLARS_COLUMNS)


def coverage_claims(product: ProductLevel, dollars: pd.DataFrame, averages: pd.DataFrame) -> pd.DataFrame:
    """Return the shares and average tariffs sources claimed, each beside the figure computed for its flow.

    The computed share of a flow is its ``lists_in_force`` (imports) or ``on_as_of`` (exports) row;
    the computed average tariff is the flow's row of ``averages``. Columns: ``item``, ``flow``,
    ``claimed``, ``unit``, ``computed``, ``computed_basis``, ``source_id``, ``quote``, ``note``.
    """
    share_rows = dollars[dollars["kind"].isin(["lists_in_force", "on_as_of"])].set_index("flow")
    average = averages.set_index("flow")["average_pct"] if len(averages) else pd.Series(dtype=float)
    rows = []
    for claim in product.claims.itertuples():
        if claim.item == "share_covered":
            computed = share_rows["share"].get(claim.flow)
            basis = share_rows["basis"].get(claim.flow)
        else:
            computed, basis = average.get(claim.flow), "tracker_sectors_base_year_weights"
        rows.append({"item": claim.item, "flow": claim.flow, "claimed": claim.value, "unit": claim.unit,
                     "computed": computed, "computed_basis": basis, "source_id": claim.source_id,
                     "quote": claim.quote, "note": claim.note})  # fmt: skip
    return pd.DataFrame(rows, columns=["item", "flow", "claimed", "unit", "computed", "computed_basis", "source_id",
                                       "quote", "note"])  # fmt: skip
