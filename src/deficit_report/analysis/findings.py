"""Key findings: four to six sentences computed from a report's frames, each with its number and sources.

A finding is one row: the sentence, its main number, the period it is about,
the section it comes from (by the section's heading, never by its number) and
the sources behind it. Findings are written by small functions over the report
facade (:class:`~deficit_report.analysis.report.DeficitReport`), kept in an
ordered registry: a case-specific finding (tariff exposure, a deal's share met)
is added with :func:`register`, and a function returns None when its report
has nothing to say (no claims, no such section), so the block never shows an
empty sentence.

Numbers in sentences are billions of U.S. dollars with one decimal and
percentages with one decimal; the frame keeps the unrounded value.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from deficit_report.analysis import coverage as coverage_
from deficit_report.vocabulary import REMAINDER

#: The columns of :func:`key_findings`' frame.
COLUMNS = ("finding", "text", "value", "unit", "period", "section", "source_ids")
#: A claimed share disagrees with the figures when it is this far (a fraction) from the computed one.
#: Claims are round numbers ("55 percent", "two-thirds"); one percentage point is more than their rounding.
CLAIM_TOLERANCE = 0.01

Finder = Callable[[object], "dict | None"]
#: The findings, in the order a reader sees them: name -> function(report) -> row or None.
FINDINGS: dict[str, Finder] = {}


def register(name: str) -> Callable[[Finder], Finder]:
    """Add a finding to the registry under ``name`` (a later finding with the same name replaces it).

    Examples
    --------
    >>> @register("doctest_example")
    ... def _example(report):
    ...     return None
    >>> "doctest_example" in FINDINGS
    True
    >>> del FINDINGS["doctest_example"]
    """

    def add(function: Finder) -> Finder:
        FINDINGS[name] = function
        return function

    return add


def money(value_usd_m: float, *, signed: bool = False) -> str:
    """Write USD millions as billions with one decimal, the sign before the dollar sign.

    Examples
    --------
    >>> money(-65700.0), money(1164.126, signed=True), money(-16300.0, signed=True)
    ('-$65.7 bn', '+$1.2 bn', '-$16.3 bn')
    """
    sign = "-" if value_usd_m < 0 else ("+" if signed and value_usd_m > 0 else "")
    return f"{sign}${abs(value_usd_m) / 1000:,.1f} bn"


def pct(share: float) -> str:
    """Write a fraction as a percentage with one decimal.

    Examples
    --------
    >>> pct(0.5586), pct(0.423313)
    ('55.9%', '42.3%')
    """
    return f"{share:.1%}"


def split_sources(*cells) -> str:
    """Join source ids from cells that may hold several ("a; b"), in order, each once.

    Examples
    --------
    >>> split_sources("a; b", "", "b", None, "c")
    'a; b; c'
    """
    seen: list[str] = []
    for cell in cells:
        if not isinstance(cell, str):
            continue
        for part in cell.split(";"):
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return "; ".join(seen)


def _the(report) -> str:
    """Name what the report's shares are shares of, with an article for the deficit ("the deficit", "imports")."""
    return f"the {report.measure_word}" if report.params.measure == "balance" else report.measure_word


def _row(finding: str, text: str, value: float, unit: str, period: str, section: str, sources: str) -> dict:
    return dict(zip(COLUMNS, (finding, text, value, unit, period, section, sources)))


def on_sector_rows(report) -> str:
    """Name the base of a report whose shares are of the sum of its sectors ("" when they are of the total).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> on_sector_rows(SimpleNamespace(params=SimpleNamespace(share_base="sectors", vintage_order=("tracker_naics",))))
    'on the sector rows (vintage tracker_naics)'
    """
    p = report.params
    return f"on the sector rows (vintage {p.vintage_order[0]})" if p.share_base == "sectors" else ""


def _flow_sums(report) -> pd.DataFrame | None:
    """The sum of the sectors and the country total, by flow, in both years (None when a flow has no sectors)."""
    p = report.params
    rec = report.reconciliation()
    rec = rec[rec["year"].isin([p.compare_year, p.focus_year])].set_index(["flow", "year"])
    keys = [(f, y) for f in ("exports", "imports", "balance") for y in (p.compare_year, p.focus_year)]
    if not all(k in rec.index for k in keys) or rec.loc[keys, "sum_of_sectors_usd_m"].isna().any():
        return None
    return rec


def _headline_rows(report, measure: str) -> tuple[pd.Series, pd.Series, pd.Series] | None:
    p = report.params
    rows = report.headline().set_index("item")
    keys = (
        f"{p.focus_year} {measure}",
        f"{p.compare_year} {measure}",
        f"change in {measure}, {p.compare_year} to {p.focus_year}",
    )
    if not all(k in rows.index for k in keys) or rows.loc[list(keys), "value_usd_m"].isna().any():
        return None
    return tuple(rows.loc[k] for k in keys)


@register("balance")
def balance_finding(report) -> dict | None:
    """The goods balance in the focus year, the comparison year and the change."""
    found = _headline_rows(report, "balance")
    if found is None or (on_sector_rows(report) and _flow_sums(report) is not None):
        return None  # on the sector rows, the balance by flow below gives both bases
    p = report.params
    focus, compare, change = found
    text = (
        f"The U.S. goods balance with {p.partner} was {money(focus.value_usd_m)} in {p.focus_year}, "
        f"against {money(compare.value_usd_m)} in {p.compare_year}: a change of "
        f"{money(change.value_usd_m, signed=True)}."
    )
    period = f"{p.compare_year}-{p.focus_year}"
    sources = split_sources(compare.source_id, focus.source_id)
    return _row("balance", text, float(focus.value_usd_m), "usd_m", period, "Headline", sources)


@register("balance_by_flow")
def balance_by_flow_finding(report) -> dict | None:
    """Exports, imports and the balance in both years on the sector rows, beside the country totals."""
    base = on_sector_rows(report)
    rec = _flow_sums(report) if base else None
    if rec is None:
        return None
    p = report.params
    c, f = p.compare_year, p.focus_year

    def s(flow, year):
        return float(rec.loc[(flow, year), "sum_of_sectors_usd_m"])

    def verb(flow):
        return "rose" if s(flow, f) > s(flow, c) else "fell"

    change = s("balance", f) - s("balance", c)
    text = (
        f"{base[0].upper() + base[1:]}, U.S. exports to {p.partner} {verb('exports')} from {money(s('exports', c))} "
        f"in {c} to {money(s('exports', f))} in {f} ({money(s('exports', f) - s('exports', c), signed=True)}) and "
        f"imports from {p.partner} {verb('imports')} from {money(s('imports', c))} to {money(s('imports', f))} "
        f"({money(s('imports', f) - s('imports', c), signed=True)}): the balance went from "
        f"{money(s('balance', c))} to {money(s('balance', f))} ({money(change, signed=True)})"
    )
    totals = [rec.loc[("balance", y)] for y in (c, f)]
    if all(pd.notna(t.total_usd_m) for t in totals):
        text += (
            f"; the country totals ({totals[0].total_vintage}) give {money(totals[0].total_usd_m)} and "
            f"{money(totals[1].total_usd_m)}"
        )
    sources = split_sources(*report.headline()["source_id"])
    return _row("balance_by_flow", text + ".", change, "usd_m", f"{c}-{f}", "Sector rows and the country total",
                sources)  # fmt: skip


@register("measure")
def measure_finding(report) -> dict | None:
    """The report's measure (imports or exports) in both years, when it is not the balance."""
    p = report.params
    if p.measure == "balance":
        return None
    found = _headline_rows(report, p.measure)
    if found is None:
        return None
    focus, compare, change = found
    text = (
        f"U.S. {p.measure} {'from' if p.measure == 'imports' else 'to'} {p.partner} were "
        f"{money(focus.value_usd_m)} in {p.focus_year} ({money(compare.value_usd_m)} in {p.compare_year}, "
        f"a change of {money(change.value_usd_m, signed=True)}); the shares below are shares of {p.measure}."
    )
    period = f"{p.compare_year}-{p.focus_year}"
    sources = split_sources(compare.source_id, focus.source_id)
    return _row("measure", text, float(focus.value_usd_m), "usd_m", period, "Headline", sources)


def largest_sector(report) -> pd.Series | None:
    """The counted sector (not the remainder) with the largest share of the focus-year total."""
    comp = report.composition()
    sectors = comp[comp["counted"] & (comp["sector"] != REMAINDER) & comp["share"].notna()]
    if sectors.empty:
        return None
    return sectors.sort_values("share", ascending=False, kind="stable").iloc[0]


@register("largest_sector")
def largest_sector_finding(report) -> dict | None:
    """The largest sector's share of the focus-year total."""
    top = largest_sector(report)
    if top is None:
        return None
    p = report.params
    base = on_sector_rows(report)
    text = (
        f"{top.label} held {pct(top.share)} of the {p.focus_year} {report.measure_word} with {p.partner} "
        f"({money(top.value_usd_m)}), the largest share of any sector with a figure."
    )
    if base:
        text = f"{base[0].upper() + base[1:]}, {text}"
    return _row("largest_sector", text, float(top.share), "fraction", str(p.focus_year), "Composition", top.source_id)


@register("within_reach")
def within_reach_finding(report) -> dict | None:
    """What the within-reach-or-agreed sectors could cover at most, and the stalled share (the key sentence)."""
    p = report.params
    if not report.has_status_data():
        return None  # no status data: "at most 0.0%" would read as a finding about talks that were never recorded
    if report.coverage_per_flow_only():
        return None  # every event names a flow: a share of the balance would read 0.0% (see coverage_by_flow)
    bound = coverage_.within_reach_bound(report.coverage())
    text = report.key_sentence()
    comp, status = report.composition(), report.status()
    with_status = status[status["status"].fillna("") != ""]
    sources = split_sources(*comp.loc[comp["counted"], "source_id"], *with_status["source_id"])
    return _row(
        "within_reach", text, bound["within_reach_at_most"], "fraction", f"{p.focus_year}, as of {p.as_of}",
        "Coverage", sources,
    )  # fmt: skip


@register("dollars_covered")
def dollars_covered_finding(report) -> dict | None:
    """Dollars covered per list and per wave, point figures from product-level data (issue 20); None without it."""
    dollars = report.dollars_covered()
    kinds = dollars.set_index("kind") if len(dollars) else None
    if kinds is None or not {"lists_in_force", "after_waves", "on_as_of"} <= set(kinds.index):
        return None
    p = report.params
    lists = dollars[dollars["kind"] == "list"]
    live, after, now = kinds.loc["lists_in_force"], kinds.loc["after_waves"], kinds.loc["on_as_of"]
    suspended, in_force = lists[lists["measure"] == "suspended"], lists[lists["measure"] != "suspended"]
    named = [
        f"List {item.split('_', 1)[1].upper()} {money(usd_m)}"
        for item, usd_m in zip(in_force["item"], in_force["usd_m"])
    ]
    text = (
        f"As of {p.as_of}, the Section 301 lists in force covered {money(live.usd_m)} of announced trade value "
        f"({', '.join(named)}"
        + (f"; {money(suspended['usd_m'].sum())} suspended" if len(suspended) else "")
        + f"), and China's retaliation waves {money(after.usd_m)} ({pct(after.share)}) of its 2017 imports from the "
        f"U.S. by {after.date}, {money(now.usd_m)} ({pct(now.share)}) after its last change on file ({now.date})."
    )
    return _row("dollars_covered", text, float(live.usd_m), "usd_m", f"as of {p.as_of}", "Coverage",
                split_sources(*dollars["source_id"]))  # fmt: skip


@register("flow_coverage")
def flow_coverage_finding(report) -> dict | None:
    """What the policies within reach or agreed can hold of each flow, as bounds, when every event names a flow."""
    if not report.has_status_data() or not report.coverage_per_flow_only():
        return None
    if len(report.dollars_covered()):  # point figures lead (dollars_covered); the bounds stay in the detail
        return None
    p = report.params
    by_flow = report.coverage_by_flow()
    reach = by_flow[by_flow["group"] == "within reach or agreed"].set_index("flow")
    if reach.empty:
        return None
    words = {"imports": f"{p.focus_year} imports from {p.partner}", "exports": f"{p.focus_year} exports to {p.partner}"}
    parts = [
        f"at most {pct(r.share_at_most)} of {words.get(flow, flow)} (at least {pct(r.share_at_least)}"
        + (f"; via {r.via}" if r.via else "")
        + ")"
        for flow, r in reach.iterrows()
    ]
    text = (
        f"As of {p.as_of}, every status event names a flow: policies within reach or agreed could hold "
        + " and ".join(parts)
    )
    if base := on_sector_rows(report):
        text += f", {base}"
    named = {v.strip() for via in reach["via"] for v in str(via).split(",") if v.strip()}
    policies = report.policy_status()
    sources = split_sources(
        *report.composition()["source_id"], *policies.loc[policies["policy"].isin(named), "source_id"]
    )
    return _row("flow_coverage", text + ".", float(reach["share_at_most"].max()), "fraction",
                f"{p.focus_year}, as of {p.as_of}", "Coverage", sources)  # fmt: skip


@register("contribution")
def contribution_finding(report) -> dict | None:
    """The largest sector's contribution to the change, and the sector that contributed most if another."""
    p = report.params
    if on_sector_rows(report) and p.measure == "balance":
        return None  # the drivers finding below says which way the balance moved
    contrib = report.contributions()
    top = largest_sector(report)
    if top is None or contrib.empty:
        return None
    by_sector = contrib.set_index("sector")
    total = float(contrib["change_usd_m"].sum())
    named = [s for s in (top.sector,) if s in by_sector.index]
    if not named or pd.isna(by_sector.loc[top.sector, "change_usd_m"]):
        return None
    row = by_sector.loc[top.sector]
    text = (
        f"{row.label} contributed {money(row.change_usd_m, signed=True)} ({pct(row.share_of_change)}) of the "
        f"{money(total, signed=True)} change in {_the(report)} from {p.compare_year} to {p.focus_year}"
    )
    sources = [row.source_id]
    others = contrib[(contrib["sector"] != REMAINDER) & (contrib["sector"] != top.sector)]
    others = others[others["change_usd_m"].abs() > abs(row.change_usd_m)]
    if not others.empty:
        most = others.loc[others["change_usd_m"].abs().idxmax()]
        text += (
            f"; {most.label} contributed most, {money(most.change_usd_m, signed=True)} ({pct(most.share_of_change)})"
        )
        sources.append(most.source_id)
    period = f"{p.compare_year}-{p.focus_year}"
    return _row("contribution", text + ".", float(row.change_usd_m), "usd_m", period, "Contributions to the change",
                split_sources(*sources))  # fmt: skip


def _direction(before: float, after: float) -> str:
    """Say whether a deficit (both years negative) or a surplus narrowed or widened ("" otherwise).

    Examples
    --------
    >>> _direction(-367.8, -341.0), _direction(-49.4, -65.7), _direction(-1.0, 2.0)
    (' (the deficit narrowed)', ' (the deficit widened)', '')
    """
    if before < 0 and after < 0:
        return " (the deficit narrowed)" if after > before else " (the deficit widened)"
    if before > 0 and after > 0:
        return " (the surplus widened)" if after > before else " (the surplus narrowed)"
    return ""


@register("drivers")
def drivers_finding(report) -> dict | None:
    """The sector that moved the balance most, and the two that moved it most the other way, on the sector rows."""
    p = report.params
    base = on_sector_rows(report)
    if not base or p.measure != "balance":
        return None
    contrib = report.contributions()
    sectors = contrib[(contrib["sector"] != REMAINDER) & contrib["change_usd_m"].notna()]
    if sectors.empty:
        return None
    total = float(contrib["change_usd_m"].sum())
    sign = 1.0 if total >= 0 else -1.0
    ranked = sectors.assign(along=sectors["change_usd_m"] * sign).sort_values("along", kind="stable")
    lead, against = ranked.iloc[-1], ranked[ranked["along"] < 0].head(2)
    headline = report.headline().set_index("item")
    keys = [f"{y} balance, sum of the sectors" for y in (p.compare_year, p.focus_year)]
    direction = _direction(*headline.loc[keys, "value_usd_m"]) if all(k in headline.index for k in keys) else ""
    text = (
        f"{base[0].upper() + base[1:]}, {lead.label} contributed {money(lead.change_usd_m, signed=True)} to the "
        f"{money(total, signed=True)} change in the balance with {p.partner} from {p.compare_year} to "
        f"{p.focus_year}{direction}"
    )
    if not against.empty:
        named = [f"{r.label} {money(r.change_usd_m, signed=True)}" for r in against.itertuples()]
        text += "; the largest contributions the other way: " + " and ".join(named)
    return _row("drivers", text + ".", float(lead.change_usd_m), "usd_m", f"{p.compare_year}-{p.focus_year}",
                "Contributions to the change", split_sources(lead.source_id, *against["source_id"]))  # fmt: skip


#: The tariff exposure group the exposure finding speaks of.
MOST_EXPOSED = "up by more than 10 points"


@register("tariff_exposure")
def tariff_exposure_finding(report) -> dict | None:
    """How much of each flow lies in sectors whose tariff rose most, and how that trade changed."""
    p = report.params
    by_exposure = report.change_by_exposure()
    most = by_exposure[by_exposure["exposure"] == MOST_EXPOSED].set_index("flow")
    totals = {flow: report.values(p.focus_year, flow).set_index("sector")["value_usd_m"] for flow in most.index}
    totals = {flow: float(t["total"]) for flow, t in totals.items() if "total" in t.index}
    if most.empty or set(totals) != set(most.index):
        return None
    who = {"imports": ("the U.S. tariff", f"imports from {p.partner}"),
           "exports": (f"{p.partner}'s tariff on U.S. exports", f"exports to {p.partner}")}  # fmt: skip
    parts, shares = [], []
    for flow in ("imports", "exports"):
        if flow not in most.index:
            continue
        r, (tariff, trade) = most.loc[flow], who[flow]
        shares.append(r.focus_usd_m / totals[flow])
        parts.append(
            f"sectors where {tariff} rose by more than 10 points ({int(r.sectors)} sectors) held "
            f"{money(r.focus_usd_m)} ({pct(shares[-1])}) of {p.focus_year} {trade}, "
            f"{money(r.change_usd_m, signed=True)} from {p.compare_year}"
        )
    base = on_sector_rows(report)
    text = (
        f"{base[0].upper() + base[1:]} and" if base else "On"
    ) + f" yearly averages of the monthly trade-weighted tariffs, {p.compare_year} to {p.focus_year}: "
    text += "; ".join(parts)
    value = float(shares[0])
    sources = split_sources(*report.tariff_series()["source_id"].drop_duplicates())
    return _row("tariff_exposure", text + ".", value, "fraction", f"{p.compare_year}-{p.focus_year}",
                "Tariffs as a measured status", sources)  # fmt: skip


@register("deal_share_met")
def deal_share_met_finding(report) -> dict | None:
    """The share met of a deal's widest commitment computed from U.S. export figures, first period measured."""
    p = report.params
    met = report.shares_met()
    met = met[met["how"].str.startswith("computed") & (met["basis"] == "us_exports") & met["share_met"].notna()]
    if met.empty:
        return None
    first = met[met["period"] == sorted(met["period"])[0]]
    row = first.sort_values("target_level_usd_bn", ascending=False, kind="stable").iloc[0]
    deals = report.deals().set_index("deal")
    title = deals.loc[row.deal, "title"] if row.deal in deals.index else row.deal
    signed = f", signed {deals.loc[row.deal, 'date']}," if row.deal in deals.index else ""
    after = int(str(row.period)[:4]) > int(str(p.as_of)[:4])
    text = (
        (f"What followed the as-of date ({p.as_of}): in " if after else "In ")
        + f"{row.period}, U.S. exports to {p.partner} of the goods ({row['item']}) under the {title}{signed} "
        f"reached {money(row.actual_usd_bn * 1000)} against a target level of "
        f"{money(row.target_level_usd_bn * 1000)}: {pct(row.share_met)} met, on U.S. export figures as compiled "
        f"by {row.computed_by}"
    )
    return _row("deal_share_met", text + ".", float(row.share_met), "fraction", str(row.period), "Deal outcomes",
                row.source_id)  # fmt: skip


def claim_disagrees(claimed: float, unit: str, computed: float) -> bool | None:
    """Say whether a claimed share disagrees with the computed one (None: no figure to check).

    A share claimed as a lower bound ("more than half") disagrees only when the
    figures give less; a plain share when it is more than :data:`CLAIM_TOLERANCE` away.

    Examples
    --------
    >>> claim_disagrees(0.55, "fraction", 0.6032), claim_disagrees(0.5, "fraction_lower_bound", 0.5586)
    (True, False)
    >>> claim_disagrees(0.6667, "fraction", float("nan")) is None
    True
    """
    if pd.isna(computed) or pd.isna(claimed):
        return None
    if unit.endswith("lower_bound"):
        return computed < claimed
    return abs(claimed - computed) > CLAIM_TOLERANCE


@register("claims")
def claims_finding(report) -> dict | None:
    """The claimed shares of the deficit that the figures contradict, and how many cannot be checked."""
    claims = report.claims()
    if claims.empty:
        return None
    verdicts = [claim_disagrees(c.claimed_share, c.claimed_unit, c.computed_share) for c in claims.itertuples()]
    labels = report.composition().set_index("sector")["label"]
    claims["label"] = [labels.get(s, s) for s in claims["sector"]]
    wrong = claims[[v is True for v in verdicts]]
    unchecked = sum(v is None for v in verdicts)
    parts = [
        f"{c.source_id} claimed {pct(c.claimed_share)} of the {c.period} deficit for {c.label}, "
        f"the figures give {pct(c.computed_share)}"
        for c in wrong.itertuples()
    ]
    text = f"{len(wrong)} of {len(claims)} claimed shares disagree with the figures"
    text += (": " + "; ".join(parts)) if parts else ""
    if unchecked:
        text += f" ({unchecked} cannot be checked: no figure for {'that year' if unchecked == 1 else 'those years'})"
    periods = sorted({int(p) for p in claims["period"]})
    period = f"{periods[0]}-{periods[-1]}" if len(periods) > 1 else str(periods[0])
    return _row("claims", text + ".", float(len(wrong)), "count", period, "Claims beside figures",
                split_sources(*claims["source_id"]))  # fmt: skip


def key_findings(report, findings: dict[str, Finder] | None = None) -> pd.DataFrame:
    """Return the report's key findings, one row each, in registry order (those with nothing to say left out).

    Examples
    --------
    >>> from deficit_report.analysis.report import open_report
    >>> r = open_report(partner="JPN", focus_year=1994, compare_year=1992, as_of="1994-06-06",
    ...                 data_dir="data/raw/us-japan-framework", title="t")
    >>> list(key_findings(r)["finding"])
    ['balance', 'largest_sector', 'within_reach', 'contribution', 'claims']
    """
    rows = [row for finder in (FINDINGS if findings is None else findings).values() if (row := finder(report))]
    return pd.DataFrame(rows, columns=list(COLUMNS))
