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
    if found is None:
        return None
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
    text = (
        f"{top.label} held {pct(top.share)} of the {p.focus_year} {report.measure_word} with {p.partner} "
        f"({money(top.value_usd_m)}), the largest share of any sector with a figure."
    )
    return _row("largest_sector", text, float(top.share), "fraction", str(p.focus_year), "Composition", top.source_id)


@register("within_reach")
def within_reach_finding(report) -> dict | None:
    """What the within-reach-or-agreed sectors could cover at most, and the stalled share (the key sentence)."""
    p = report.params
    bound = coverage_.within_reach_bound(report.coverage())
    text = coverage_.key_sentence(
        bound, as_of=p.as_of, year=p.focus_year, partner=p.partner, measure_word=report.measure_word
    )
    comp, status = report.composition(), report.status()
    with_status = status[status["status"].fillna("") != ""]
    sources = split_sources(*comp.loc[comp["counted"], "source_id"], *with_status["source_id"])
    return _row(
        "within_reach", text, bound["within_reach_at_most"], "fraction", f"{p.focus_year}, as of {p.as_of}",
        "Coverage", sources,
    )  # fmt: skip


@register("contribution")
def contribution_finding(report) -> dict | None:
    """The largest sector's contribution to the change, and the sector that contributed most if another."""
    p = report.params
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
