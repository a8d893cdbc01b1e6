"""Tariffs as a measured status, and coverage per flow: charts.

Like the other chart modules, each builder takes a small frame from the
report facade and returns a :class:`~deficit_report.rendering.figure.Figure`
(offline SVG with a description as alt text; ``figure.chart`` is live in
JupyterLab, with tooltips).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from deficit_report.rendering.figure import WIDTH, Figure, InteractiveFigure
from deficit_report.rendering.formats import share_range
from deficit_report.rendering.tables import no_status_note, note

#: Exposure group colours: the harder the hit, the darker.
EXPOSURE_COLOURS = {
    "up by more than 10 points": "#b2182b",
    "up by 1 to 10 points": "#ef8a62",
    "up by 1 point or less, or down": "#878787",
    "no tariff series": "#c7c7c7",
}
#: Panel titles, by flow.
PANEL = {
    "imports": "U.S. tariff on imports from the partner (trade-weighted, %)",
    "exports": "Partner's tariff on U.S. exports (trade-weighted, %)",
}

#: What the report says when a dataset has no tariff series.
NO_TARIFFS = "This dataset has no tariff series: no tariff chart and no change by tariff exposure."


def _panel(series: pd.DataFrame, rules: pd.DataFrame, flow: str) -> alt.LayerChart:
    colours = alt.Scale(domain=list(EXPOSURE_COLOURS), range=list(EXPOSURE_COLOURS.values()))
    lines = (
        alt.Chart(series[series["flow"] == flow])
        .mark_line(strokeWidth=1.2)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("tariff_pct:Q", title="%"),
            detail="label:N",
            color=alt.Color("exposure:N", scale=colours, title="Tariff rise"),
            tooltip=["label:N", "month:N", alt.Tooltip("tariff_pct:Q", format=".1f"), "exposure:N"],
        )
    )
    mine = rules[rules["flow"] == flow]
    marks = (
        alt.Chart(mine)
        .mark_rule(color="black", strokeDash=[3, 3], opacity=0.35)
        .encode(x="date:T", tooltip=["date:N", "policies:N"])
    )
    return (marks + lines).properties(width=WIDTH, height=200, title=PANEL[flow])


def tariff_chart(series: pd.DataFrame, action_dates: pd.DataFrame, changes: pd.DataFrame):
    """Lines of each sector's monthly tariff, both sides, coloured by how much it rose; rules at action dates.

    Parameters
    ----------
    series : pandas.DataFrame
        From ``DeficitReport.tariff_series`` (``label``, ``month``, ``date``, ``flow``, ``tariff_pct``).
    action_dates : pandas.DataFrame
        From ``DeficitReport.tariff_action_dates`` (``flow``, ``date``, ``policies``); only dates
        within the series are drawn.
    changes : pandas.DataFrame
        From ``DeficitReport.tariff_changes`` (``sector``, ``flow``, ``exposure``).

    Returns
    -------
    InteractiveFigure
        Or, when the dataset has no tariff series, a one-line note saying so.

    Examples
    --------
    >>> s = pd.DataFrame({"sector": "naics_111", "label": "Crops", "month": ["2017-12", "2019-12"],
    ...     "date": ["2017-12-01", "2019-12-01"], "flow": "exports", "tariff_pct": [7.7, 35.1]})
    >>> a = pd.DataFrame({"flow": ["exports"], "date": ["2018-07-06"], "policies": ["ag"]})
    >>> c = pd.DataFrame({"sector": ["naics_111"], "flow": ["exports"], "exposure": ["up by more than 10 points"]})
    >>> tariff_chart(s, a, c).description
    "Trade-weighted tariffs by sector, monthly 2017-12 to 2019-12, rules at 1 policy event dates. Partner's tariff on U.S. exports: highest in 2019-12, Crops 35.1%."
    >>> tariff_chart(s.iloc[0:0], a, c).data
    '**This dataset has no tariff series: no tariff chart and no change by tariff exposure.**'

    """
    if series.empty:
        return note(NO_TARIFFS)
    group_of = changes.set_index(["sector", "flow"])["exposure"].to_dict()
    frame = series.assign(
        exposure=[group_of.get(k, "no tariff series") for k in zip(series["sector"], series["flow"])]
    )[["label", "month", "date", "flow", "tariff_pct", "exposure"]]
    first, last = frame["date"].min(), frame["date"].max()
    rules = action_dates[(action_dates["date"] >= first) & (action_dates["date"] <= last)]
    flows = [f for f in ("imports", "exports") if (frame["flow"] == f).any()]
    chart = alt.vconcat(*[_panel(frame, rules, f) for f in flows]).properties(
        title="Trade-weighted tariffs by sector (rules: policy event dates)"
    )
    findings = []
    for flow in flows:
        end = frame[(frame["flow"] == flow) & (frame["month"] == frame.loc[frame["flow"] == flow, "month"].max())]
        top = end.sort_values("tariff_pct", ascending=False, kind="stable").iloc[0]
        findings.append(f"{PANEL[flow].split(' (')[0]}: highest in {top.month}, {top.label} {top.tariff_pct:.1f}%")
    return InteractiveFigure(
        chart,
        f"Trade-weighted tariffs by sector, monthly {frame['month'].min()} to {frame['month'].max()}, "
        f"rules at {rules['date'].nunique()} policy event dates. {'; '.join(findings)}.",
    )


def flow_coverage_chart(by_flow: pd.DataFrame):
    """Bars from the least to the most share of each flow each status group can hold, one panel per flow.

    Examples
    --------
    >>> f = pd.DataFrame({"flow": ["imports", "imports"], "group": ["stalled", "no status"],
    ...     "share_at_least": [0.25, 0.0], "share_at_most": [1.0, 0.75]})
    >>> flow_coverage_chart(f).description
    'Share of each flow by status, at least to at most. imports: stalled 25.0% to at most 100.0%; no status 0.0% to at most 75.0%.'
    """
    if (missing := no_status_note(by_flow)) is not None:
        return missing
    if by_flow.empty:
        return note("This dataset has no imports or exports by sector for the focus year: no coverage per flow.")
    frame = by_flow[["flow", "group", "share_at_least", "share_at_most"]].copy()
    frame["label"] = [share_range(lo, hi) for lo, hi in zip(frame["share_at_least"], frame["share_at_most"])]
    panels = []
    for flow, part in frame.groupby("flow", sort=False):
        y = alt.Y("group:N", sort=list(part["group"]), title=None)
        scale = alt.Scale(domain=[0, 1])
        x = alt.X("share_at_most:Q", axis=alt.Axis(format="%"), title=f"Share of {flow}", scale=scale)
        upper = alt.Chart(part).mark_bar(color="#c6dbef").encode(y=y, x=x)
        lower = alt.Chart(part).mark_bar(color="#2171b5").encode(y=y, x="share_at_least:Q")
        text = alt.Chart(part).mark_text(align="left", dx=4).encode(y=y, x="share_at_most:Q", text="label:N")
        panels.append((upper + lower + text).properties(width=WIDTH - 100, height=32 * len(part), title=flow))
    title = "Share of each flow by status, at least to at most"
    finding = " ".join(
        f"{flow}: " + "; ".join(f"{r.group} {r.label}" for r in part.itertuples()) + "."
        for flow, part in frame.groupby("flow", sort=False)
    )
    return Figure(alt.vconcat(*panels).properties(title=title), f"{title}. {finding}")
