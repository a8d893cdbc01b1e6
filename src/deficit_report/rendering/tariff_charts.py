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
from deficit_report.rendering.tables import missing, no_status_note

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


#: How many sectors a tariff panel names and colours (the highest tariffs in the last month); the rest are grey.
LABELLED = 5
#: Colours of the labelled sectors' lines (Okabe-Ito), and of the rest.
LINE_COLOURS = ["#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00"]
OTHER_LINES = "#c7c7c7"


def highest_last(series: pd.DataFrame, n: int = LABELLED) -> list[str]:
    """The labels of the ``n`` sectors with the highest tariff in the series' last month, highest first.

    Examples
    --------
    >>> s = pd.DataFrame({"label": ["a", "b", "a", "b"], "month": ["2019-11", "2019-11", "2019-12", "2019-12"],
    ...                   "tariff_pct": [1.0, 9.0, 30.0, 2.0]})
    >>> highest_last(s, 1)
    ['a']
    """
    last = series[series["month"] == series["month"].max()]
    return list(last.sort_values("tariff_pct", ascending=False, kind="stable")["label"].head(n))


def spread(values: pd.Series, top: float, gap: float = 0.08) -> pd.Series:
    """Move label heights apart so no two are closer than ``gap`` of the axis (``top``); missing stay missing.

    Examples
    --------
    >>> spread(pd.Series([30.0, 29.5, None, 10.0]), 50.0).round(1).tolist()
    [33.5, 29.5, nan, 10.0]
    """
    step = gap * (top or 1.0)
    placed = values.dropna().sort_values(kind="stable")
    out, last = {}, None
    for index, value in placed.items():
        last = value if last is None else max(value, last + step)
        out[index] = last
    return pd.Series(out, dtype=float).reindex(values.index)


def _panel(series: pd.DataFrame, rules: pd.DataFrame, flow: str) -> alt.LayerChart:
    part = series[series["flow"] == flow]
    top = highest_last(part)
    # one frame per panel (one data file): the named lines and their end labels are filters of it
    part = part.assign(named=part["label"].isin(top), last=part["month"] == part["month"].max())
    part["label_y"] = spread(part["tariff_pct"].where(part["named"] & part["last"]), part["tariff_pct"].max())
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("tariff_pct:Q", title="%")
    tooltip = ["label:N", "month:N", alt.Tooltip("tariff_pct:Q", format=".1f"), "exposure:N"]
    rest = (
        alt.Chart(part)
        .transform_filter(~alt.datum.named)
        .mark_line(strokeWidth=0.8, color=OTHER_LINES)
        .encode(x=x, y=y, detail="label:N", tooltip=tooltip)
    )
    colour = alt.Color("label:N", scale=alt.Scale(domain=top, range=LINE_COLOURS[: len(top)]), legend=None)
    named = alt.Chart(part).transform_filter(alt.datum.named)
    lines = named.mark_line(strokeWidth=1.6).encode(x=x, y=y, color=colour, tooltip=tooltip)
    labels = (
        named.transform_filter(alt.datum.last)
        .mark_text(align="left", dx=4, fontSize=10)
        .encode(x=x, y="label_y:Q", text="label:N", color=colour)
    )
    mine = rules[rules["flow"] == flow]
    marks = (
        alt.Chart(mine)
        .mark_rule(color="black", strokeDash=[3, 3], opacity=0.35)
        .encode(x="date:T", tooltip=["date:N", "policies:N"])
    )
    title = f"{PANEL[flow]}: the {len(top)} highest named, other sectors grey"
    return (marks + rest + lines + labels).properties(width=WIDTH - 120, height=120, title=title)


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
    'This dataset has no tariff series: no tariff chart and no change by tariff exposure.'

    """
    if series.empty:
        return missing(NO_TARIFFS)
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
    if (absent := no_status_note(by_flow)) is not None:
        return absent
    if by_flow.empty:
        return missing("This dataset has no imports or exports by sector for the focus year: no coverage per flow.")
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
