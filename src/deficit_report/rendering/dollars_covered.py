"""Dollars covered per tariff list and per retaliation wave: the words, the table and the chart (issue 20).

The frames come from :mod:`deficit_report.analysis.product_coverage` with codes only; this module
writes them as a reader sees them. Each figure says its basis: a list's value is the trade value
announced (not Census trade), a wave's is China's 2017 imports from the U.S. by HS8 (PIIE).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from deficit_report.rendering.figure import WIDTH, Figure
from deficit_report.rendering.formats import MISSING, billions, percent, share_range
from deficit_report.rendering.tables import Table, note

#: What each row of the dollars-covered frame is, in words (lists and waves by their code).
ITEM_WORDS = {
    "list_1": "Section 301 List 1",
    "list_2": "Section 301 List 2",
    "list_3": "Section 301 List 3",
    "list_4a": "Section 301 List 4A",
    "list_4b": "Section 301 List 4B",
    "lists_in_force": "Lists in force (all but the suspended ones)",
    "retaliation_232": "$3bn wave (retaliation for Section 232)",
    "retaliation_301_34bn": "$34bn wave (retaliation for List 1)",
    "retaliation_301_16bn": "$16bn wave (retaliation for List 2)",
    "retaliation_301_60bn": "$60bn wave (retaliation for List 3)",
    "after_waves": "All four waves",
    "on_as_of": "Under retaliation on the as-of date",
    "us_exports_after_waves": "All four waves, in U.S. exports",
}
#: The measure state of a row, in words (``{rate}`` is the row's rate).
MEASURE_WORDS = {
    "in_force": "in force at {rate}%",
    "cut": "in force, to be cut to {rate}%",
    "suspended": "suspended: {rate}% never imposed",
    "raised": "tariffs raised",
    "under_retaliation": "under retaliation",
}
#: The basis of a row's dollars, in words.
BASIS_WORDS = {
    "announced_trade_value": "trade value as announced (not Census trade)",
    "announced_over_census_imports": "announced values over Census imports of the comparison year (two bases)",
    "china_imports_2017_hs8": "China's 2017 imports from the U.S., by HS8 line (PIIE)",
    "tracker_sectors_base_year_weights": "the tracker's sector tariffs, comparison-year trade weights",
}
FLOW_WORDS = {"imports": "U.S. imports from China", "exports": "U.S. exports to China"}


def basis_words(code: str) -> str:
    """Write a basis code in words (``us_exports_2019_hs6`` names its year).

    Examples
    --------
    >>> basis_words("us_exports_2019_hs6")
    'U.S. exports of 2019 (Census, HS6 lines)'
    >>> basis_words("china_imports_2017_hs8")
    "China's 2017 imports from the U.S., by HS8 line (PIIE)"
    """
    if code.startswith("us_exports_") and code.endswith("_hs6"):
        return f"U.S. exports of {code.split('_')[2]} (Census, HS6 lines)"
    return BASIS_WORDS.get(code, code.replace("_", " "))


def measure_words(measure: str, rate: float) -> str:
    """Write a measure state in words, with its rate where the source gives it.

    Examples
    --------
    >>> measure_words("cut", 7.5), measure_words("in_force", 25.0), measure_words("raised", float("nan"))
    ('in force, to be cut to 7.5%', 'in force at 25%', 'tariffs raised')
    """
    text = MEASURE_WORDS.get(measure, measure.replace("_", " "))
    if "{rate}" not in text:
        return text
    return text.format(rate=f"{rate:g}") if pd.notna(rate) else text.split(" at ")[0].split(":")[0].split(",")[0]


def dollars_table(frame: pd.DataFrame) -> Table:
    """Show the dollars covered per list and per wave, each row with its state, share and basis.

    Examples
    --------
    >>> f = pd.DataFrame({"flow": ["exports"], "item": ["retaliation_301_34bn"], "kind": ["wave"],
    ...     "date": ["2018-07-06"], "measure": ["raised"], "rate_pct": [float("nan")], "usd_m": [31890.5],
    ...     "at_most_usd_m": [31890.5], "share": [0.206], "at_most_share": [0.206], "of_usd_m": [154839.7],
    ...     "basis": ["china_imports_2017_hs8"], "source_id": ["piie-bjz-2019-06-12"]})
    >>> dollars_table(f).frame.iloc[0][["what", "covered (USD bn)", "share"]].tolist()
    ['$34bn wave (retaliation for List 1)', '31.9', '20.6% of 154.8']
    """
    rows = []
    for r in frame.itertuples():
        point = abs(r.at_most_usd_m - r.usd_m) < 1e-9
        dollars = billions(r.usd_m) if point else f"{billions(r.usd_m)} to at most {billions(r.at_most_usd_m)}"
        share = MISSING if pd.isna(r.share) else f"{share_range(r.share, r.at_most_share)} of {billions(r.of_usd_m)}"
        rows.append(
            {
                "flow": FLOW_WORDS.get(r.flow, r.flow),
                "what": ITEM_WORDS.get(r.item, r.item),
                "date": r.date,
                "state": measure_words(r.measure, r.rate_pct),
                "covered (USD bn)": dollars,
                "share": share,
                "basis": basis_words(r.basis),
                "source_id": r.source_id,
            }
        )
    out = pd.DataFrame(
        rows, columns=["flow", "what", "date", "state", "covered (USD bn)", "share", "basis", "source_id"]
    )
    return Table(out, "dollars_covered", frame.copy())


def _one(frame: pd.DataFrame, kind: str):
    rows = frame[frame["kind"] == kind]
    return None if rows.empty else rows.iloc[0]


def lead_sentences(dollars: pd.DataFrame, averages: pd.DataFrame, claims: pd.DataFrame, as_of: str) -> list[str]:
    """Write the coverage lead: dollars per list and per wave, the share each flow, the average tariff each side.

    Each sentence says its basis, and a claim beside a computed figure names its source.
    """
    if dollars.empty:
        return []
    lines = []
    lists = dollars[dollars["kind"] == "list"]
    live = _one(dollars, "lists_in_force")
    if live is not None:
        parts = "; ".join(
            f"{ITEM_WORDS[r.item].removeprefix('Section 301 ')} ${billions(r.usd_m)} bn ({measure_words(r.measure, r.rate_pct)})"
            for r in lists.itertuples()
        )
        lines.append(
            f"Imports: the Section 301 lists' announced trade values (not Census trade) are {parts}. In force on "
            f"{as_of}: ${billions(live.usd_m)} bn, {percent(live.share)} of the ${billions(live.of_usd_m)} bn of "
            "U.S. imports from China in the comparison year (announced values over Census trade: two bases)."
        )
    waves = dollars[dollars["kind"] == "wave"]
    after, now, us = _one(dollars, "after_waves"), _one(dollars, "on_as_of"), _one(dollars, "us_exports_after_waves")
    if after is not None:
        parts = "; ".join(
            f"{ITEM_WORDS[r.item].split(' (')[0]} ${billions(r.usd_m)} bn ({percent(r.share)})"
            for r in waves.itertuples()
        )
        lines.append(
            f"Exports: China's retaliation waves newly covered, of its ${billions(after.of_usd_m)} bn of 2017 imports "
            f"from the U.S. (PIIE, by HS8 line): {parts}; together ${billions(after.usd_m)} bn "
            f"({percent(after.share)}) after {after.date}."
        )
    if now is not None:
        lines.append(
            f"Under retaliation on {as_of}, as of the last change the file holds ({now.date}, after the auto suspension): "
            f"${billions(now.usd_m)} bn, {share_range(now.share, now.at_most_share)} of China's 2017 imports from the "
            "U.S. (the September 2019 $75bn wave is not in the file)."
        )
    if us is not None:
        lines.append(
            f"The same four waves' lines held ${billions(us.usd_m)} bn"
            + ("" if abs(us.at_most_usd_m - us.usd_m) < 1e-9 else f" to at most ${billions(us.at_most_usd_m)} bn")
            + f", {share_range(us.share, us.at_most_share)} of {basis_words(us.basis)}, ${billions(us.of_usd_m)} bn."
        )
    for row in averages.itertuples():
        side = (
            "The U.S. average tariff on imports from China"
            if row.flow == "imports"
            else "China's average tariff on U.S. exports"
        )
        claimed = claims[(claims["item"] == "average_tariff") & (claims["flow"] == row.flow)]
        beside = " and ".join(f"{c.claimed:g}%" for c in claimed.itertuples())
        lines.append(
            f"{side}, {row.month}: {row.average_pct:.1f}% (the tracker's sector tariffs weighted by each "
            "sector's comparison-year trade)"
            + (f"; {claimed['source_id'].iloc[0]} claimed {beside}." if beside else ".")
        )
    for claim in claims[claims["item"] == "share_covered"].itertuples():
        lines.append(
            f"Share of {FLOW_WORDS.get(claim.flow, claim.flow)} covered: {claim.source_id} claimed "
            f"{percent(claim.claimed)}; computed above {percent(claim.computed)} ({basis_words(claim.computed_basis)})."
        )
    return lines


def lead(report):
    """Show the coverage lead of a report with product-level data, or one line saying it has none."""
    p = report.params
    lines = lead_sentences(report.dollars_covered(), report.average_tariffs(), report.coverage_claims(), p.as_of)
    if not lines:
        return note("This dataset has no product-level data: coverage is given by sector below, as ranges.")
    return note(lines)


def claims_table(claims: pd.DataFrame) -> Table:
    """Show the shares and average tariffs sources claimed beside the computed figures, with the exact quote."""
    rows = []
    for c in claims.itertuples():
        unit = percent if c.unit == "fraction" else (lambda v: MISSING if pd.isna(v) else f"{v:.1f}%")
        rows.append(
            {
                "claim": "share covered" if c.item == "share_covered" else "average tariff",
                "flow": FLOW_WORDS.get(c.flow, c.flow),
                "claimed": unit(c.claimed),
                "computed": unit(c.computed),
                "computed on": basis_words(c.computed_basis) if isinstance(c.computed_basis, str) else MISSING,
                "source_id": c.source_id,
                "quote": c.quote or f"(no quote stored: {c.note})",
            }
        )
    columns = ["claim", "flow", "claimed", "computed", "computed on", "source_id", "quote"]
    return Table(pd.DataFrame(rows, columns=columns), "coverage_claims", claims.copy())


def dollars_chart(frame: pd.DataFrame) -> Figure:
    """Bars of the dollars covered per list (imports) and per wave (exports), one panel per flow.

    The title states the main numbers: the lists in force and the waves together, each a point figure.

    Examples
    --------
    >>> f = pd.DataFrame({"flow": ["imports", "exports"], "item": ["list_1", "retaliation_232"],
    ...     "kind": ["list", "wave"], "measure": ["in_force", "raised"], "rate_pct": [25.0, float("nan")],
    ...     "usd_m": [34000.0, 2970.0], "share": [float("nan"), 0.019]})
    >>> dollars_chart(f).description.split(". ")[0]
    'Dollars covered per list and per wave (USD bn)'
    """
    bars = frame[frame["kind"].isin(["list", "wave"])].copy()
    bars["what"] = bars["item"].map(ITEM_WORDS).fillna(bars["item"])
    bars["state"] = [measure_words(m, r) for m, r in zip(bars["measure"], bars["rate_pct"])]
    bars["usd_bn"] = bars["usd_m"] / 1000.0
    bars["label"] = [
        f"${billions(v)} bn" + ("" if pd.isna(s) else f" ({percent(s)})") for v, s in zip(bars["usd_m"], bars["share"])
    ]
    title = "Dollars covered per list and per wave (USD bn)"
    totals = [
        f"{FLOW_WORDS.get(r.flow, r.flow)}: {ITEM_WORDS[r.item].lower()} ${billions(r.usd_m)} bn"
        + ("" if pd.isna(r.share) else f", {percent(r.share)}")
        + f" ({basis_words(r.basis)})"
        for r in frame[frame["kind"].isin(["lists_in_force", "after_waves"])].itertuples()
    ]
    panels = []
    for flow, part in bars.groupby("flow", sort=False):
        y = alt.Y("what:N", sort=list(part["what"]), title=None)
        x = alt.X("usd_bn:Q", title=f"{FLOW_WORDS.get(flow, flow)}, USD bn")
        color = alt.Color("state:N", title="state", legend=alt.Legend(orient="bottom"))
        chart = alt.Chart(part).mark_bar().encode(y=y, x=x, color=color)
        text = alt.Chart(part).mark_text(align="left", dx=4).encode(y=y, x="usd_bn:Q", text="label:N")
        panels.append(
            (chart + text).properties(width=WIDTH - 260, height=28 * len(part), title=FLOW_WORDS.get(flow, flow))
        )
    finding = " ".join(
        f"{FLOW_WORDS.get(flow, flow)}: " + "; ".join(f"{r.what} {r.label}, {r.state}" for r in part.itertuples()) + "."
        for flow, part in bars.groupby("flow", sort=False)
    )
    heading = alt.TitleParams(title, subtitle=totals) if totals else title
    summary = f"{title}. " + "".join(f"{t}. " for t in totals)
    return Figure(alt.vconcat(*panels).properties(title=heading), f"{summary}{finding}")
