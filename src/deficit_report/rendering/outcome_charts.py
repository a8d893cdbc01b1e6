"""The deal-outcome chart: each item's actual path against its goal, with the baseline marked.

One small panel per deal item (its own unit and scale; money figures one panel per basis): grey dots are
baselines, orange diamonds goals (a legal commitment, an estimate or a stated
goal), pale orange triangles the level a baseline plus a promised increment
implies, blue dots the measured actuals, joined in time order per computer. The title states the point:
the computed share of the commitment met where one exists.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from deficit_report.rendering.figure import WIDTH, Figure
from deficit_report.rendering.formats import percent
from deficit_report.rendering.labels import word
from deficit_report.rendering.tables import missing

KIND_COLOURS = {
    "baseline": "#969696",
    "target": "#d95f02",
    "target (baseline + increment)": "#fdae6b",
    "actual": "#1f77b4",
}
SHAPES = {"baseline": "circle", "target": "diamond", "target (baseline + increment)": "triangle-up", "actual": "circle"}
UNIT_WORDS = {"usd_bn": "USD bn", "percent": "%", "count": "count", "million_vehicles": "million", "multiple": "x"}


def outcome_title(shares: pd.DataFrame, path: pd.DataFrame | None = None) -> str:
    """State the chart's point: the widest computed share met, else the best-measured goal and its latest actual.

    Examples
    --------
    >>> s = pd.DataFrame({"item": ["agriculture", "agriculture + energy"], "period": "2020",
    ...     "how": "computed: actual / (baseline + increment)", "share_met": [0.816, 0.62], "computed_by": "Waugh"})
    >>> outcome_title(s)
    'Deal outcomes: agriculture + energy reached 62.0% of the 2020 target (computed, Waugh figures)'
    >>> p = pd.DataFrame({"item": "auto_dealers", "unit": "count", "kind": ["target", "target", "actual", "actual"],
    ...     "date": ["1996-12-31", "2000-12-31", "1996-07-31", "1997-07-31"], "value": [200.0, 1000.0, 106.0, 132.0]})
    >>> outcome_title(s.iloc[:0], p)
    'Deal outcomes: auto dealers 132 by 1997-07-31, against a goal of 200 by 1996-12-31'
    >>> outcome_title(s.iloc[:0])
    'Deal outcomes: what was measured after each deal, against its goal and baseline'
    """
    computed = shares[shares["how"].str.startswith("computed")] if not shares.empty else shares
    if not computed.empty:
        widest = computed.loc[computed["item"].str.count(r"\+").idxmax()]
        return (
            f"Deal outcomes: {word(widest['item'])} reached {percent(widest['share_met'])} of the {widest['period']} "
            f"target (computed, {widest['computed_by']} figures)"
        )
    if path is not None and not path.empty:
        goals = path[path["kind"].str.startswith("target")]
        actuals = path[(path["kind"] == "actual") & path["item"].isin(goals["item"])]
        if not actuals.empty:
            item = actuals["item"].value_counts(sort=True).index[0]  # the goal measured most often
            latest = actuals[actuals["item"] == item].sort_values("date", kind="stable").iloc[-1]
            first = goals[goals["item"] == item].sort_values("date", kind="stable").iloc[0]
            return (
                f"Deal outcomes: {word(item)} {latest['value']:,g} by {str(latest['date'])[:10]}, "
                f"against a goal of {first['value']:,g} by {str(first['date'])[:10]}"
            )
    return "Deal outcomes: what was measured after each deal, against its goal and baseline"


def outcome_chart(path: pd.DataFrame, shares: pd.DataFrame, note: str = ""):
    """Small multiples: per deal item, the actual path against the goal, with the baseline marked.

    With nothing to draw, one line saying why (``note``, e.g. the hindsight note), not a chart.

    Examples
    --------
    >>> p = pd.DataFrame({"deal": "autos_1995", "item": "auto_dealers", "unit": "count", "compared_on": "",
    ...     "kind": ["target", "actual", "actual"], "date": ["1996-12-31", "1996-07-31", "1997-07-31"],
    ...     "value": [200.0, 106.0, 132.0], "computed_by": "AAMA", "source_id": "s"})
    >>> fig = outcome_chart(p, pd.DataFrame(columns=["item", "period", "how", "share_met", "computed_by"]))
    >>> fig.description
    'Deal outcomes: auto dealers 132 by 1997-07-31, against a goal of 200 by 1996-12-31. auto dealers (count): target 200 (1996-12-31); actual 106 (1996-07-31), 132 (1997-07-31).'
    >>> fig.to_svg().startswith("<svg")
    True
    >>> outcome_chart(p.iloc[:0], pd.DataFrame(), "This dataset records no deal outcomes.").data
    'No deal outcome chart: this dataset records no deal outcomes.'
    """
    if path.empty:  # one line, not a chart drawing a sentence (and a data file holding it)
        why = note.rstrip(".") or "no item has an actual beside a goal or baseline in one unit and basis"
        return missing(f"No deal outcome chart: {why[0].lower()}{why[1:]}.")
    title = outcome_title(shares, path)
    frame = path.copy()
    # one panel per item, unit and (for money) basis: figures on two statistics are never drawn as one path
    frame["panel"] = [
        f"{word(i)}, {word(b)} ({UNIT_WORDS[u]})" if b else f"{word(i)} ({UNIT_WORDS[u]})"
        for i, u, b in zip(frame["item"], frame["unit"], frame["compared_on"])
    ]
    frame["date"] = pd.to_datetime(frame["date"])
    kinds = [k for k in KIND_COLOURS if k in set(frame["kind"])]
    colour = alt.Color(
        "kind:N", title=None, sort=kinds, scale=alt.Scale(domain=kinds, range=[KIND_COLOURS[k] for k in kinds])
    )
    shape = alt.Shape(
        "kind:N",
        title=None,
        sort=kinds,
        scale=alt.Scale(domain=kinds, range=[SHAPES[k] for k in kinds]),
    )
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 2}))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True))
    tooltip = ["item:N", "kind:N", alt.Tooltip("date:T", format="%Y-%m-%d"), "value:Q", "computed_by:N", "source_id:N"]
    base = alt.Chart().encode(x=x, y=y)
    line = (
        base.transform_filter(alt.datum.kind == "actual")
        .mark_line(color=KIND_COLOURS["actual"], opacity=0.6)
        .encode(detail="computed_by:N")
    )
    dots = base.mark_point(size=70, filled=True).encode(color=colour, shape=shape, tooltip=tooltip)
    panels = list(dict.fromkeys(frame["panel"]))
    chart = (
        alt.layer(line, dots, data=frame)
        .properties(width=(WIDTH - 40) // 3, height=90)
        .facet(facet=alt.Facet("panel:N", title=None, sort=panels), columns=min(4, len(panels)))
        .resolve_scale(y="independent")
        .properties(title=title)
    )
    parts = []
    for panel, group in frame.groupby("panel", sort=False):
        by_kind = []
        for kind in [k for k in KIND_COLOURS if k in set(group["kind"])]:
            values = ", ".join(
                f"{v:g} ({d:%Y-%m-%d})"
                for v, d in zip(group.loc[group["kind"] == kind, "value"], group.loc[group["kind"] == kind, "date"])
            )
            by_kind.append(f"{kind} {values}")
        parts.append(f"{panel}: {'; '.join(by_kind)}")
    return Figure(chart, f"{title}. {' | '.join(parts)}.")
