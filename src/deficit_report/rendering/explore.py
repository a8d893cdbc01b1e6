"""Interactive views for analysts in JupyterLab (notebooks/02_explore.ipynb).

Charts here carry tooltips (values and sources) and a selection: click a
sector in the composition and the status timeline beside it shows that sector
only. They display through JupyterLab's own Vega-Lite renderer, which ships
with JupyterLab and needs no network; see
:class:`deficit_report.rendering.charts.InteractiveFigure`.
"""

from __future__ import annotations

import altair as alt

from deficit_report.analysis.report import DeficitReport
from deficit_report.rendering.figure import BAND_TOOLTIP, InteractiveFigure, status_colour
from deficit_report.rendering.tables import note
from deficit_report.rendering.tariff_charts import NO_TARIFFS


def linked_overview(report: DeficitReport) -> InteractiveFigure:
    """Composition bars (click one) beside the status timeline filtered to the chosen block."""
    comp = report.composition()
    counted = comp[comp["counted"]][["sector", "label", "value_usd_m", "share", "vintage", "source_id"]]
    counted = counted.rename(columns={"sector": "block"}).assign(value_bn=lambda d: d["value_usd_m"] / 1000)
    bands = report.status_bands().merge(comp[["sector", "inside"]], on="sector", how="left")
    bands["block"] = bands["inside"].where(bands["inside"].fillna("") != "", bands["sector"])
    pick = alt.selection_point(fields=["block"], name="pick")
    bars = (
        alt.Chart(counted, title=f"Share of the {report.measure_word}, {report.params.focus_year} (click a bar)")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(counted["label"]), title=None),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="Share"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                "label:N",
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("value_bn:Q", format=".1f", title="USD bn"),
                "vintage:N",
                "source_id:N",
            ],
        )
        .add_params(pick)
        .properties(width=320, height=26 * len(counted))
    )
    timeline = (
        alt.Chart(bands, title="Status over time (the chosen sector)")
        .mark_bar(height=14)
        .encode(
            y=alt.Y("label:N", title=None),
            x=alt.X("start:T", title=None),
            x2="end:T",
            color=status_colour("status", set(bands["status"])),
            tooltip=BAND_TOOLTIP,
        )
        .transform_filter(pick)
        .properties(width=420, height=200)
    )
    chart = alt.hconcat(bars, timeline).resolve_scale(color="independent")
    return InteractiveFigure(
        chart,
        f"Share of the {report.measure_word} by sector in {report.params.focus_year}, "
        "linked to each sector's status over time.",
    )


def year_comparison(report: DeficitReport) -> InteractiveFigure:
    """Each counted sector's value in the comparison and focus years, side by side, with sources."""
    contrib = report.contributions()
    p = report.params
    long = contrib.melt(
        id_vars=["sector", "label", "source_id"],
        value_vars=["compare_usd_m", "focus_usd_m"],
        var_name="year",
        value_name="value_usd_m",
    )
    long["year"] = long["year"].map({"compare_usd_m": str(p.compare_year), "focus_usd_m": str(p.focus_year)})
    long["value_bn"] = long["value_usd_m"] / 1000
    chart = (
        alt.Chart(long, title=f"{p.measure.capitalize()} by sector, {p.compare_year} and {p.focus_year}")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(contrib["label"]), title=None),
            yOffset="year:N",
            x=alt.X("value_bn:Q", title="USD bn"),
            color=alt.Color("year:N", title=None),
            tooltip=["label:N", "year:N", alt.Tooltip("value_bn:Q", format=".1f", title="USD bn"), "source_id:N"],
        )
        .properties(width=480, height=44 * len(contrib))
    )
    return InteractiveFigure(chart, f"{p.measure.capitalize()} by sector in {p.compare_year} and {p.focus_year}.")


def tariff_lines(report: DeficitReport):
    """Each sector's monthly tariff, both sides; hover a line for its sector and value, click to pick sectors.

    Shows a one-line note instead when the run's dataset has no tariff series.
    """
    series = report.tariff_series()
    if series.empty:
        return note(NO_TARIFFS)
    frame = series[["label", "month", "date", "flow", "tariff_pct"]].assign(
        side=lambda d: d["flow"].map(
            {"imports": "U.S. tariff on imports", "exports": "partner's tariff on U.S. exports"}
        )
    )
    pick = alt.selection_point(fields=["label"], on="click", name="sector")
    hover = alt.selection_point(fields=["label"], on="pointerover", name="hover", empty=False)
    chart = (
        alt.Chart(frame, title="Trade-weighted tariff by sector (hover a line; click to pick, shift-click for more)")
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("tariff_pct:Q", title="%"),
            detail="label:N",
            color=alt.condition(hover, alt.value("#b2182b"), alt.value("#6b6b6b")),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.12)),
            tooltip=["label:N", "side:N", "month:N", alt.Tooltip("tariff_pct:Q", format=".1f", title="tariff %")],
        )
        .add_params(pick, hover)
        .properties(width=300, height=240)
        .facet(column=alt.Column("side:N", title=None))
    )
    return InteractiveFigure(chart, "Trade-weighted tariff by sector, monthly, both sides.")
