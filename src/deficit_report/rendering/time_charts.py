"""Charts over time: status bands, the covered share as deals close, the balance year by year.

Like :mod:`deficit_report.rendering.charts`, every builder takes a small aggregated
frame and returns a :class:`~deficit_report.rendering.figure.Figure` with a description.
Tooltips are encoded for interactive use in JupyterLab (``figure.chart``);
the static SVG in reports lists the same facts in tables beside the chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from deficit_report.analysis.timeline import path_on, statuses_on
from deficit_report.rendering.figure import BAND_TOOLTIP, WIDTH, Figure, InteractiveFigure, status_colour
from deficit_report.rendering.formats import billions, percent, share_range
from deficit_report.rendering.labels import word
from deficit_report.rendering.tables import NO_STATUS_DATA, missing, no_status_note
from deficit_report.vocabulary import MEASURE_STATES, MEASURE_WORDS


def time_axis(start: str, end: str) -> alt.Axis:
    """Return a date axis whose ticks never repeat a label, whatever the span.

    Vega-Lite picks tick dates by itself and, formatted as ``%Y``, a span of a
    few years gets several ticks per year, each labelled with the same year
    ("2017 2017 2018 2018"). The ticks are therefore chosen here: quarters
    labelled "Jan 1994" for spans under two years; otherwise the first of
    January of every year, or of every 2nd, 5th or 10th year, so that at most
    about ten labels are shown.

    Examples
    --------
    >>> time_axis("2019-03-01", "2024-12-31").to_dict()["format"]
    '%Y'
    >>> [v["year"] for v in time_axis("1990-01-01", "2020-06-30").to_dict()["values"]]
    [1990, 1995, 2000, 2005, 2010, 2015, 2020]
    >>> [(v["year"], v["month"]) for v in time_axis("1994-02-10", "1994-12-31").to_dict()["values"]][:2]
    [(1994, 4), (1994, 7)]
    """
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if (last - first).days < 2 * 365:
        quarters = pd.date_range(first.to_period("Q").start_time, last, freq="QS")
        values = [alt.DateTime(year=d.year, month=d.month, date=1) for d in quarters if d >= first]
        return alt.Axis(values=values, format="%b %Y", labelOverlap=True)
    span = last.year - first.year
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= 10)
    years = [y for y in range(first.year, last.year + 1) if y % step == 0 and pd.Timestamp(y, 1, 1) >= first]
    values = [alt.DateTime(year=y, month=1, date=1) for y in years]
    return alt.Axis(values=values, format="%Y", labelOverlap=True)


def timeline_chart(bands: pd.DataFrame, as_of: str, title: str = "Negotiation status over time") -> InteractiveFigure:
    """Colour bands of each sector's status over time, with a rule at the as-of date.

    Live in JupyterLab (hover a band for its event, note and source); static SVG
    in reports.

    Examples
    --------
    >>> b = pd.DataFrame({"label": ["Autos", "Autos"], "start": ["1993-07-10", "1995-06-28"],
    ...     "end": ["1995-06-28", "1996-12-31"], "status": ["in_talks", "agreed"], "note": ["", ""], "source_id": ""})
    >>> timeline_chart(b, "1994-06-06").description
    'Negotiation status over time, with a rule at 1994-06-06. On 1994-06-06, of the 1 row: 1 in talks (Autos). Autos: in talks from 1993-07-10, agreed from 1995-06-28.'
    """
    if bands.empty:
        return missing(NO_STATUS_DATA)
    rows = bands.assign(label=band_rows(bands))[["label", "start", "end", "status", "note", "source_id"]]
    frame = rows.assign(status=rows["status"].map(word), label=rows["label"].map(word))  # legend in words
    order = list(dict.fromkeys(frame["label"]))
    axis = time_axis(min(frame["start"].min(), as_of), max(frame["end"].max(), as_of))
    # A tariff's measure state (in force, cut, suspended) is drawn as a thin outlined band, apart from the
    # full-height bands of negotiation statuses: a tariff in force is not a stalemate, one called off not a deal.
    measure = rows["status"].isin(MEASURE_STATES)  # the codes: frame's statuses are words
    encoding = {
        "y": alt.Y("label:N", sort=order, title=None),
        "x": alt.X("start:T", title=None, axis=axis),
        "x2": "end:T",
        "color": status_colour("status", set(frame["status"])),
        "tooltip": BAND_TOOLTIP,
    }
    chart = alt.Chart(frame[~measure]).mark_bar(height=16).encode(**encoding)
    if measure.any():
        thin = alt.Chart(frame[measure]).mark_bar(height=7, stroke="#333333", strokeWidth=1).encode(**encoding)
        chart = chart + thin if (~measure).any() else thin
    rule = alt.Chart(pd.DataFrame({"date": [as_of], "text": [f"as of {as_of}"]}))
    x = alt.X("date:T", title=None, axis=axis)  # the same ticks, or Vega-Lite merges in its own
    marks = rule.mark_rule(color="black", strokeDash=[4, 3]).encode(x=x) + rule.mark_text(
        align="left", dx=3, dy=-6, baseline="bottom"
    ).encode(x=x, y=alt.value(0), text="text:N")
    finding = "; ".join(
        f"{label}: " + ", ".join(f"{r.status} from {r.start}" for r in group.itertuples())
        for label, group in frame.groupby("label", sort=False)
    )
    return InteractiveFigure(
        (chart + marks).properties(width=WIDTH, height=(28 if len(order) <= 6 else 20) * len(order), title=title),
        f"{title}, with a rule at {as_of}. {status_count_sentence(rows, as_of)} {finding}.",
    )


def band_rows(bands: pd.DataFrame) -> pd.Series:
    """Name each band's row: the sector's label, with the flow when the sector has events of several flows.

    Examples
    --------
    >>> b = pd.DataFrame({"label": ["Cars", "Cars", "Steel"], "flow": ["imports", "exports", "imports"]})
    >>> band_rows(b).tolist()
    ['Cars (imports)', 'Cars (exports)', 'Steel']
    """
    if "flow" not in bands.columns:
        return bands["label"]
    flows = bands.groupby("label")["flow"].transform("nunique")
    return bands["label"].where(flows <= 1, bands["label"] + " (" + bands["flow"] + ")")


def status_count_sentence(bands: pd.DataFrame, date: str) -> str:
    """Say how many charted rows (sectors, policies) stood at each status on a date, most common first.

    Examples
    --------
    >>> b = pd.DataFrame({"label": ["Autos", "Parts", "Insurance"], "start": "1994-06-06", "end": "1995-06-28",
    ...     "status": ["stalled", "stalled", "within_reach"]})
    >>> status_count_sentence(b, "1994-06-06")
    'On 1994-06-06, of the 3 rows: 2 stalled (Autos, Parts), 1 within reach (Insurance).'
    """
    counts = statuses_on(bands, date)
    total = int(counts["count"].sum())
    parts = ", ".join(f"{r.count} {r.status.replace('_', ' ')} ({r.labels})" for r in counts.itertuples())
    return f"On {date}, of the {total} row{'s' if total != 1 else ''}: {parts}."


def coverage_path_chart(
    path: pd.DataFrame, measure: str = "balance", title: str | None = None, *, as_of: str | None = None
) -> Figure:
    """Step lines: the agreed share after each event, piece by piece against all or nothing (or per flow).

    The line is the least share in agreed sectors; the shaded band reaches the
    most it can be (sectors without a figure inside the remainder, lists that
    cover part of a sector). A path with a ``flow`` column (from
    :func:`~deficit_report.analysis.timeline.coverage_path_by_flow`) is drawn
    one panel per flow: the share of imports, and of exports, held by sectors
    with an agreement. With ``as_of`` the description leads with the share
    on that date.

    Examples
    --------
    >>> p = pd.DataFrame({"date": ["1994-09-30", "1994-09-30"], "path": ["piece by piece", "all or nothing"],
    ...                   "share_at_least": [0.0, 0.0], "share_at_most": [0.441, 0.0]})
    >>> coverage_path_chart(p).description
    'Share of the deficit held by sectors with an agreement. piece by piece: from 0.0% (at most 44.1%) on 1994-09-30 to 0.0% (at most 44.1%) on 1994-09-30; all or nothing: from 0.0% (at most 0.0%) on 1994-09-30 to 0.0% (at most 0.0%) on 1994-09-30.'
    >>> coverage_path_chart(p, as_of="1994-10-01").description.split(". ")[1]
    'On the as-of date, 1994-10-01, they held 0.0% to at most 44.1% (piece by piece)'
    >>> f = pd.DataFrame({"date": ["2019-12-13", "2019-12-13"], "flow": ["imports", "exports"],
    ...                   "share_at_least": [0.0, 0.0], "share_at_most": [0.956, 0.902]})
    >>> coverage_path_chart(f, as_of="2019-12-31").description.split(". ")[:2]
    ['Share of imports and of exports held by sectors with an agreement', 'On the as-of date, 2019-12-31, they held 0.0% to at most 95.6% of imports and 0.0% to at most 90.2% of exports']
    >>> coverage_path_chart(p.iloc[0:0]).data
    'No status event concerns the deficit as a whole (each names a flow): no path to draw.'
    """
    word = MEASURE_WORDS[measure]
    by_flow = "flow" in path.columns
    if (absent := no_status_note(path)) is not None:
        return absent
    if path.empty:
        if by_flow:
            return missing("No flow has figures by sector for the focus year: no path to draw.")
        return missing(f"No status event concerns the {word} as a whole (each names a flow): no path to draw.")
    by = "flow" if by_flow else "path"
    lines = list(dict.fromkeys(path[by])) if by_flow else ["piece by piece", "all or nothing"]
    if by_flow:
        title = title or "Share of " + " and of ".join(lines) + " held by sectors with an agreement"
    else:
        title = title or f"Share of {'the ' if measure == 'balance' else ''}{word} held by sectors with an agreement"
    last = path.groupby(by, sort=False).tail(1).assign(date=f"{int(path['date'].max()[:4]) + 1}-12-31")
    frame = pd.concat([path, last], ignore_index=True)[["date", by, "share_at_least", "share_at_most"]]
    colours = alt.Scale(domain=lines, range=["#2171b5", "#ff7f0e"][: len(lines)])
    base = alt.Chart().encode(
        x=alt.X("date:T", title=None, axis=time_axis(frame["date"].min(), frame["date"].max())),
        color=alt.Color(f"{by}:N", title=None, scale=colours, legend=None),
    )
    band = base.mark_area(interpolate="step-after", opacity=0.25).encode(
        y=alt.Y("share_at_least:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title="Share"),
        y2="share_at_most:Q",
    )
    line = base.mark_line(interpolate="step-after", strokeWidth=2).encode(
        y="share_at_least:Q",
        tooltip=[
            "date:N",
            f"{by}:N",
            alt.Tooltip("share_at_least:Q", format=".1%"),
            alt.Tooltip("share_at_most:Q", format=".1%"),
        ],
    )
    chart = (
        alt.layer(band, line, data=frame)
        .properties(width=WIDTH, height=70)
        .facet(row=alt.Row(f"{by}:N", title=None, sort=lines))
        .properties(title=title)
    )
    finding = "; ".join(
        f"{name}: from {percent(g.iloc[0].share_at_least)} (at most {percent(g.iloc[0].share_at_most)}) on "
        f"{g.iloc[0].date} to {percent(g.iloc[-1].share_at_least)} (at most {percent(g.iloc[-1].share_at_most)}) "
        f"on {g.iloc[-1].date}"
        for name, g in path.groupby(by, sort=False)
    )
    lead = "" if as_of is None else path_on_sentence(path, as_of, by) + " "
    return Figure(chart, f"{title}. {lead}{finding}.")


def path_on_sentence(path: pd.DataFrame, as_of: str, by: str) -> str:
    """Say the share a coverage path gives on the as-of date, as a range if it is one (the headline of its chart).

    Per flow, every flow's share; for the balance, the piece-by-piece path.

    Examples
    --------
    >>> p = pd.DataFrame({"date": ["1994-06-06", "1994-09-30"], "path": "piece by piece",
    ...                   "share_at_least": [0.0, 0.0], "share_at_most": [0.0, 0.441]})
    >>> path_on_sentence(p, "1994-06-06", "path")
    'On the as-of date, 1994-06-06, they held 0.0% (piece by piece).'
    """
    on = path_on(path, as_of, by)
    if by == "flow":
        held = " and ".join(f"{share_range(r.share_at_least, r.share_at_most)} of {r.flow}" for r in on.itertuples())
        return f"On the as-of date, {as_of}, they held {held}."
    piece = on[on["path"] == "piece by piece"].iloc[0]
    return f"On the as-of date, {as_of}, they held {share_range(piece.share_at_least, piece.share_at_most)} (piece by piece)."


#: The colours of the series of the history chart: the flows, the balance's used figure, its other vintages.
HISTORY_COLOURS = {
    "exports": "#1b9e77",
    "imports": "#d95f02",
    "balance": "#2171b5",
    "balance, other vintage": "#bdbdbd",
}


def history_chart(history: pd.DataFrame, flows: pd.DataFrame | None = None, title: str | None = None) -> Figure:
    """Exports, imports and the balance per year; every vintage of the balance, the used one drawn on top, ringed years.

    The balance's other vintages are pale and drawn first, so the used figure's marker is never hidden
    under them; the focus and comparison years are ringed. ``flows`` (:func:`~deficit_report.analysis.history.flow_history`)
    adds exports and imports on the same axis; without them the chart is the balance alone.

    Examples
    --------
    >>> h = pd.DataFrame({"period": [1992, 1994], "vintage": ["revised", "first_release"],
    ...     "value_usd_m": [-49400.0, -65700.0], "used": [True, True], "highlight": [True, True], "source_id": ""})
    >>> history_chart(h).description
    'Balance over time. Used figures: 1992 -49.4 bn, 1994 -65.7 bn; 2 vintages shown.'
    >>> history_chart(h.assign(vintage="census_2025")).description.split("; ")[-1]
    'one vintage (Census 2025).'
    >>> fl = pd.DataFrame({"period": [1992, 1992], "flow": ["exports", "imports"], "value_usd_m": [47800.0, 97200.0],
    ...                    "vintage": "revised", "source_id": "s"})
    >>> history_chart(h, fl).description
    'Exports, imports and the balance over time. Used figures: 1992 -49.4 bn, 1994 -65.7 bn; 2 vintages shown; exports and imports for 1 year.'
    """
    has_flows = flows is not None and not flows.empty
    title = title or ("Exports, imports and the balance over time" if has_flows else "Balance over time")
    balance = history.assign(
        series=history["used"].map({True: "balance", False: "balance, other vintage"}),
        vintage=history["vintage"].map(word),
        value_usd_bn=history["value_usd_m"] / 1000,
    )
    parts = [balance[["period", "series", "vintage", "value_usd_m", "value_usd_bn", "used", "highlight", "source_id"]]]
    if has_flows:
        parts.insert(
            0,
            flows.assign(series=flows["flow"], vintage=flows["vintage"].map(word), value_usd_bn=flows["value_usd_m"] / 1000,
                         used=True, highlight=False)[["period", "series", "vintage", "value_usd_m", "value_usd_bn", "used",
                                                      "highlight", "source_id"]],
        )  # fmt: skip
    frame = pd.concat(parts, ignore_index=True)
    shown = [s for s in HISTORY_COLOURS if s in set(frame["series"])]
    colour = alt.Color(
        "series:N", title=None, sort=shown, scale=alt.Scale(domain=shown, range=[HISTORY_COLOURS[s] for s in shown])
    )
    base = alt.Chart(frame).encode(
        x=alt.X("period:O", title=None), y=alt.Y("value_usd_bn:Q", title="USD bn, current dollars")
    )
    tooltip = ["period:O", "series:N", "vintage:N", alt.Tooltip("value_usd_bn:Q", format=".1f"), "source_id:N"]
    line = base.transform_filter(alt.datum.used).mark_line().encode(color=colour, detail="series:N")
    point = base.mark_point(size=70, filled=True, opacity=1).encode(
        color=colour, shape=alt.Shape("vintage:N", title="Vintage"), tooltip=tooltip
    )
    others = point.transform_filter(~alt.datum.used)  # drawn first: the used marker lies on top
    used_points = point.transform_filter(alt.datum.used)
    ring = base.transform_filter(alt.datum.highlight & alt.datum.used).mark_point(size=260, color="black")
    used = history[history["used"]]
    finding = ", ".join(f"{r.period} {billions(r.value_usd_m, unit=True)}" for r in used.itertuples())
    vintages = history["vintage"].nunique()
    shown_text = f"{vintages} vintages shown" if vintages != 1 else f"one vintage ({word(history['vintage'].iloc[0])})"
    if has_flows:
        years = flows["period"].nunique()
        shown_text += f"; exports and imports for {years} year{'s' if years != 1 else ''}"
    return Figure(
        alt.layer(line, others, used_points, ring).properties(width=WIDTH, height=170, title=title),
        f"{title}. Used figures: {finding}; {shown_text}.",
    )
