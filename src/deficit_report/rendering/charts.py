"""Charts of shares: composition, coverage by status, claims beside figures, contributions to a change.

Every builder takes a small aggregated frame and returns a
:class:`~deficit_report.rendering.figure.Figure` whose description (the SVG's
alt text) states the chart's main numbers. Titles are built here from the
report's measure ("the deficit", "imports"); a notebook passes the measure,
never a title of its own.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from deficit_report.rendering.dollars_covered import dollars_chart
from deficit_report.rendering.figure import WIDTH, Figure, status_colour
from deficit_report.rendering.formats import billions, percent, share_range
from deficit_report.rendering.labels import word
from deficit_report.rendering.tables import missing, no_status_note
from deficit_report.rendering.tariff_charts import flow_coverage_chart
from deficit_report.vocabulary import MEASURE_WORDS, REMAINDER


def the(measure: str) -> str:
    """Name what a measure's shares are shares of, as a chart title says it.

    Examples
    --------
    >>> the("balance"), the("imports")
    ('the deficit', 'imports')
    """
    word = MEASURE_WORDS[measure]
    return f"the {word}" if measure == "balance" else word


def bar_step(rows: int) -> int:
    """The height in pixels of one bar's row: roomy for a few sectors, compact for many (31 NAICS rows).

    Examples
    --------
    >>> bar_step(3), bar_step(31)
    (40, 15)
    """
    return 40 if rows <= 6 else 15


#: The legend entry of a sector without a status of its own that policies reach, each on its flow.
PER_FLOW = "set per flow by policies"


def composition_chart(
    composition: pd.DataFrame, status: pd.DataFrame | None = None, measure: str = "balance", title: str | None = None
) -> Figure:
    """Horizontal bars: each counted sector's share of the total, remainder included.

    Examples
    --------
    >>> comp = pd.DataFrame({"sector": ["automotive", "all_other_goods"], "label": ["Autos and parts", "All other goods"],
    ...     "share": [0.5586, 0.4414], "counted": [True, True]})
    >>> fig = composition_chart(comp)
    >>> fig.description
    'Share of the deficit by sector. Autos and parts 55.9%, All other goods 44.1%.'
    >>> len(fig.chart.to_dict()["datasets"][fig.chart.to_dict()["data"]["name"]])
    2
    >>> composition_chart(comp, measure="imports").description.split(".")[0]
    'Share of imports by sector'
    >>> st = pd.DataFrame({"sector": ["automotive"], "status": [""], "policies": ["list_1 (imports, part): stalled"]})
    >>> composition_chart(comp, st).chart.to_dict()["layer"][0]["encoding"]["color"]["scale"]["domain"]
    ['set per flow by policies', 'no status']
    """
    title = title or f"Share of {the(measure)} by sector"
    rows = composition[composition["counted"]].copy()
    rows = rows.assign(_last=rows["sector"] == REMAINDER).sort_values(
        ["_last", "share"], ascending=[True, False], kind="stable"
    )
    rows["status"] = rows["sector"].map(status.set_index("sector")["status"]) if status is not None else ""
    rows["status"] = rows["status"].astype(object).fillna("")
    rows["shown_status"] = rows["status"].where((rows["sector"] != REMAINDER) & (rows["status"] != ""), "no status")
    if status is not None and "policies" in status.columns:  # no event of its own, but policies reach it per flow
        reached = rows["sector"].map(status.set_index("sector")["policies"]).fillna("") != ""
        rows.loc[reached & (rows["status"] == "") & (rows["sector"] != REMAINDER), "shown_status"] = PER_FLOW
    rows["shown_status"] = rows["shown_status"].map(word)  # the legend in words: "within reach"
    rows["share_text"] = rows["share"].map(percent)
    frame = rows[["label", "share", "share_text", "shown_status"]]
    order = list(frame["label"])
    # a sector with a surplus inside a deficit has a negative share: the axis starts below zero to show it
    low = min(0.0, float(frame["share"].min())) if len(frame) else 0.0
    base = alt.Chart(frame, title=title).encode(
        y=alt.Y("label:N", sort=order, title=None),
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title="Share of the total", scale=alt.Scale(domain=[low, 1])),
    )
    bars = base.mark_bar().encode(color=status_colour("shown_status", set(frame["shown_status"])))
    # a negative bar's label starts right of zero, not over the bar
    text = (
        base.transform_calculate(text_at="max(datum.share, 0)")
        .mark_text(align="left", dx=4)
        .encode(x="text_at:Q", text="share_text:N")
    )
    finding = ", ".join(f"{r.label} {r.share_text}" for r in rows.itertuples())
    return Figure(
        (bars + text).properties(width=WIDTH, height=bar_step(len(frame)) * len(frame)), f"{title}. {finding}."
    )


def coverage_chart(coverage: pd.DataFrame, measure: str = "balance", title: str | None = None) -> Figure:
    """Bars from the least to the most share each group can hold.

    A solid bar is the share in sectors with a figure; a pale extension reaches
    the most the group can hold if its sectors without a figure took all of
    "all other goods".

    Examples
    --------
    >>> cov = pd.DataFrame({"group": ["within reach or agreed", "stalled", "all other goods"],
    ...     "share_at_least": [0.0, 0.5586, 0.4414], "share_at_most": [0.4414, 0.5586, 0.4414]})
    >>> coverage_chart(cov).description
    'Share of the deficit by status. within reach or agreed: 0.0% to at most 44.1%; stalled: 55.9%; all other goods: 44.1%.'
    """
    if (absent := no_status_note(coverage)) is not None:
        return absent
    if coverage.empty:
        return missing(
            f"No share of {the(measure)} by status: every status event names a flow (see Coverage per flow)."
        )
    title = title or f"Share of {the(measure)} by status"
    frame = coverage[["group", "share_at_least", "share_at_most"]].copy()
    frame["label"] = [share_range(lo, hi) for lo, hi in zip(frame["share_at_least"], frame["share_at_most"])]
    order = list(frame["group"])
    y = alt.Y("group:N", sort=order, title=None)
    scale = alt.Scale(domain=[0, 1])
    upper = (
        alt.Chart(frame)
        .mark_bar(color="#c6dbef")
        .encode(y=y, x=alt.X("share_at_most:Q", axis=alt.Axis(format="%"), title="Share of the total", scale=scale))
    )
    lower = alt.Chart(frame).mark_bar(color="#2171b5").encode(y=y, x="share_at_least:Q")
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(y=y, x="share_at_most:Q", text="label:N")
    finding = "; ".join(f"{r.group}: {r.label}" for r in frame.itertuples())
    chart = (upper + lower + text).properties(width=WIDTH, height=40 * len(frame), title=title)
    return Figure(chart, f"{title}. {finding}.")


def _bound_word(claim) -> str:
    """Return "more than " for a claim a source gave as a lower bound ("more than half"), else ""."""
    return "more than " if str(getattr(claim, "claimed_unit", "")).endswith("lower_bound") else ""


def claims_chart(claims: pd.DataFrame, title: str = "Claimed and computed shares of the deficit"):
    """Dots: the share of the deficit a source claimed beside the share computed from figures, by year.

    Examples
    --------
    >>> cl = pd.DataFrame({"period": [1992, 1993], "sector": "automotive", "claimed_share": [0.55, 0.6667],
    ...     "computed_share": [0.6032, float("nan")], "source_id": ["a", "b"]})
    >>> claims_chart(cl).description
    'Claimed and computed shares of the deficit. 1992 automotive: claimed 55.0%, computed 60.3%; 1993 automotive: claimed 66.7%, computed no figure.'
    >>> claims_chart(cl.assign(claimed_unit=["fraction", "fraction_lower_bound"])).description.split("; ")[1]
    '1993 automotive: claimed more than 66.7%, computed no figure.'
    >>> claims_chart(cl.iloc[:0]).data
    'Claimed and computed shares of the deficit: this dataset records no claimed shares.'
    """
    if claims.empty:  # one line, not a chart drawing a sentence (and a data file holding it)
        return missing(f"{title}: this dataset records no claimed shares.")
    long = claims.melt(
        id_vars=["period", "sector", "source_id"],
        value_vars=["claimed_share", "computed_share"],
        var_name="kind",
        value_name="share",
    ).dropna(subset=["share"])
    long["kind"] = long["kind"].str.replace("_share", "")
    chart = (
        alt.Chart(long, title=title)
        .mark_point(size=90, filled=True)
        .encode(
            x=alt.X("period:O", title="Year"),
            y=alt.Y("share:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title="Share of the deficit"),
            color=alt.Color(
                "kind:N", title=None, scale=alt.Scale(domain=["claimed", "computed"], range=["#ff7f0e", "#1f77b4"])
            ),
            shape=alt.Shape("kind:N", title=None, scale=alt.Scale(domain=["claimed", "computed"])),
        )
        .properties(width=WIDTH // 2, height=150)
    )
    finding = "; ".join(
        f"{r.period} {r.sector}: claimed {_bound_word(r)}{percent(r.claimed_share)}, computed {percent(r.computed_share)}"
        for r in claims.itertuples()
    )
    return Figure(chart, f"{title}. {finding}.")


#: Names of a contribution's direction: a falling balance deepens a deficit; a flow simply rises or falls.
DIRECTIONS = {
    "balance": ("deepens the deficit", "narrows the deficit"),
    "imports": ("lowers imports", "raises imports"),
    "exports": ("lowers exports", "raises exports"),
}


def contribution_chart(contributions: pd.DataFrame, measure: str = "balance", title: str | None = None) -> Figure:
    """Diverging bars: each sector's contribution to the change in the total (USD bn).

    Examples
    --------
    >>> c = pd.DataFrame({"sector": ["automotive", "all_other_goods"], "label": ["Automotive", "All other goods"],
    ...                   "change_usd_m": [-6900.0, -9400.0], "share_of_change": [0.4233, 0.5767]})
    >>> contribution_chart(c).description
    'Contributions to the change in the deficit. Automotive -6.9 bn (42.3% of the change), All other goods -9.4 bn (57.7% of the change).'
    """
    title = title or f"Contributions to the change in {the(measure)}"
    frame = contributions[["label", "change_usd_m", "share_of_change"]].copy()
    # largest first, whichever way it moved the total; the remainder last
    frame = frame.assign(_last=contributions["sector"].eq(REMAINDER) if "sector" in contributions else False)
    frame = frame.assign(_size=-frame["change_usd_m"].abs()).sort_values(["_last", "_size"], kind="stable")
    frame = frame.drop(columns=["_last", "_size"])
    frame["change_bn"] = frame["change_usd_m"] / 1000
    frame["text"] = [
        f"{billions(v, signed=True, unit=True)} ({percent(s)})"
        for v, s in zip(frame["change_usd_m"], frame["share_of_change"])
    ]
    down, up = DIRECTIONS[measure]
    frame["direction"] = frame["change_usd_m"].map(lambda v: down if v < 0 else up)
    # room right of the longest bar, and right of zero when every bar is negative, for the labels
    low, high = min(0.0, float(frame["change_bn"].min())), max(0.0, float(frame["change_bn"].max()))
    room = 0.25 * (high - low) or 1.0
    base = alt.Chart(frame).encode(y=alt.Y("label:N", sort=list(frame["label"]), title=None))
    bars = base.mark_bar().encode(
        x=alt.X("change_bn:Q", title="Change, USD bn", scale=alt.Scale(domain=[low, high + room])),
        color=alt.Color("direction:N", title=None, scale=alt.Scale(domain=[down, up], range=["#d73027", "#4575b4"])),
        tooltip=["label:N", alt.Tooltip("change_bn:Q", format="+.1f"), alt.Tooltip("share_of_change:Q", format=".1%")],
    )
    # each label starts right of its bar, or right of zero for a negative bar, never over a bar
    text = (
        base.transform_calculate(text_at="max(datum.change_bn, 0)")
        .mark_text(align="left", dx=4)
        .encode(x="text_at:Q", text="text:N")
    )
    rule = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#444").encode(x="x:Q")
    finding = ", ".join(
        f"{r.label} {billions(r.change_usd_m, signed=True, unit=True)} ({percent(r.share_of_change)} of the change)"
        for r in frame.itertuples()
    )
    chart = (bars + rule + text).properties(width=WIDTH, height=bar_step(len(frame)) * len(frame), title=title)
    return Figure(chart, f"{title}. {finding}.")


def first_chart(report) -> Figure:
    """Draw the chart that carries the report's main finding, shown under the key findings.

    With product-level data (the U.S.-China case) it is the dollars covered per
    tariff list and per retaliation wave, point figures with their basis. When
    every status event names a flow (imports or exports), a share of the
    balance under a status would read "no status: 100%": the first chart is
    then the coverage of each flow. Otherwise it is the coverage of the
    report's measure (the balance, or imports).

    Examples
    --------
    >>> from deficit_report.analysis.report import open_report
    >>> r = open_report(partner="JPN", focus_year=1994, compare_year=1992, as_of="1994-06-06",
    ...                 data_dir="data/raw/us-japan-framework", title="t")
    >>> first_chart(r).description.split(".")[0]
    'Share of the deficit by status'
    """
    if not report.has_status_data():
        return composition_chart(report.composition(), report.status(), report.params.measure)
    dollars = report.dollars_covered()
    if len(dollars):  # product-level data: dollars covered per list and per wave, point figures (issue 20)
        return dollars_chart(dollars)
    if _flow_coverage_first(report):
        return flow_coverage_chart(report.coverage_by_flow())
    return coverage_chart(report.coverage(), report.params.measure)


def _flow_coverage_first(report) -> bool:
    """Whether coverage per flow is the chart under the key findings (status data, no dollars, every event a flow)."""
    return report.has_status_data() and not len(report.dollars_covered()) and report.coverage_per_flow_only()


def flow_coverage_in_section(report):
    """Draw coverage per flow in its section, unless it is the chart under the key findings (drawn once).

    Examples
    --------
    >>> from deficit_report.running.runs import open_run
    >>> flow_coverage_in_section(open_run("us-china-2019")).description.split(".")[0]  # dollars lead there
    'Share of each flow by status, at least to at most'
    """
    if _flow_coverage_first(report):
        return missing("Coverage per flow is the chart under the key findings.")
    return flow_coverage_chart(report.coverage_by_flow())
