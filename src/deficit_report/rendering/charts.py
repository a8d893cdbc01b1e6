"""Altair chart builders. They take aggregated frames only (a few rows each).

Every builder returns a :class:`Figure`: the Altair chart plus a description
(its title and main finding). In a notebook a Figure displays as a static SVG
drawn offline by vl-convert, with the description as the image's alt text;
no JavaScript, no CDN, and the same bytes every run. ``figure.chart`` is the
plain Altair chart, for interactive use in JupyterLab.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import altair as alt
import pandas as pd

from deficit_report.vocabulary import REMAINDER

STATUS_COLOURS = {
    "agreed": "#1a9850", "within_reach": "#91cf60", "in_talks": "#fee08b", "stalled": "#d73027",
    "not_in_talks": "#878787", "expired": "#8c510a", "mixed": "#762a83", "": "#c7c7c7",
}
WIDTH = 560


@dataclass(frozen=True)
class Figure:
    """An Altair chart with a description, shown as offline SVG.

    Examples
    --------
    >>> f = Figure(alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q"), "One bar.")
    >>> f.to_svg().startswith("<svg")
    True
    >>> f._repr_mimebundle_()[1]
    {'image/svg+xml': {'alt': 'One bar.'}}
    """

    chart: alt.TopLevelMixin
    description: str

    def to_svg(self) -> str:
        """Render the chart to SVG text with vl-convert (no network); drawn once per figure."""
        return self._svg

    @cached_property
    def _svg(self) -> str:
        import vl_convert

        return vl_convert.vegalite_to_svg(self.chart.to_dict(), vl_version=_vl_version())

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/svg+xml": self.to_svg(), "text/plain": self.description}
        return data, {"image/svg+xml": {"alt": self.description}}


#: The Vega-Lite mimetype JupyterLab 4 renders itself (it bundles Vega-Lite 5).
VEGALITE_V5 = "application/vnd.vegalite.v5+json"


@dataclass(frozen=True)
class InteractiveFigure(Figure):
    """A chart shown live in JupyterLab, with the static SVG as a fallback.

    Altair 6 writes Vega-Lite 6 specs under a v6 mimetype that JupyterLab does
    not render, and its HTML renderer loads Vega from a CDN. This figure
    offers the spec under the v5 mimetype that JupyterLab's bundled renderer
    draws offline (the charts here use only Vega-Lite 5 features), plus the
    SVG for anything else (nbconvert, nbval, GitHub).

    Examples
    --------
    >>> f = InteractiveFigure(alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q"), "One bar.")
    >>> sorted(f._repr_mimebundle_()[0])
    ['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']
    """

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = super()._repr_mimebundle_(include, exclude)
        spec = self.chart.to_dict()
        spec["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json"
        return {VEGALITE_V5: spec, **data}, metadata


def _vl_version() -> str:
    """The Vega-Lite version Altair writes, in vl-convert's spelling (e.g. ``5.20``)."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


def _percent(share: float) -> str:
    return f"{share:.1%}"


def composition_chart(composition: pd.DataFrame, status: pd.DataFrame | None = None,
                      title: str = "Share of the deficit by sector") -> Figure:
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
    """
    rows = composition[composition["counted"]].copy()
    rows = rows.assign(_last=rows["sector"] == REMAINDER).sort_values(["_last", "share"], ascending=[True, False],
                                                                      kind="stable")
    rows["status"] = rows["sector"].map(status.set_index("sector")["status"]) if status is not None else ""
    rows["status"] = rows["status"].fillna("")
    rows["shown_status"] = rows["status"].where((rows["sector"] != REMAINDER) & (rows["status"] != ""), "no status")
    rows["share_text"] = rows["share"].map(_percent)
    frame = rows[["label", "share", "share_text", "shown_status"]]
    order = list(frame["label"])
    base = alt.Chart(frame, title=title).encode(
        y=alt.Y("label:N", sort=order, title=None),
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title="Share of the total", scale=alt.Scale(domain=[0, 1])),
    )
    colours = {**{k: v for k, v in STATUS_COLOURS.items() if k}, "no status": STATUS_COLOURS[""]}
    present = [s for s in colours if s in set(frame["shown_status"])]
    bars = base.mark_bar().encode(color=alt.Color("shown_status:N", title="Status", sort=present,
                                                  scale=alt.Scale(domain=present, range=[colours[s] for s in present])))
    text = base.mark_text(align="left", dx=4).encode(text="share_text:N")
    finding = ", ".join(f"{r.label} {r.share_text}" for r in rows.itertuples())
    return Figure((bars + text).properties(width=WIDTH, height=40 * len(frame)), f"{title}. {finding}.")


def coverage_chart(coverage: pd.DataFrame, title: str = "Share of the deficit by status") -> Figure:
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
    frame = coverage[["group", "share_at_least", "share_at_most"]].copy()
    frame["label"] = [_percent(lo) if abs(hi - lo) < 1e-12 else f"{_percent(lo)} to at most {_percent(hi)}"
                      for lo, hi in zip(frame["share_at_least"], frame["share_at_most"])]
    order = list(frame["group"])
    y = alt.Y("group:N", sort=order, title=None)
    scale = alt.Scale(domain=[0, 1])
    upper = alt.Chart(frame).mark_bar(color="#c6dbef").encode(
        y=y, x=alt.X("share_at_most:Q", axis=alt.Axis(format="%"), title="Share of the total", scale=scale))
    lower = alt.Chart(frame).mark_bar(color="#2171b5").encode(y=y, x="share_at_least:Q")
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(y=y, x="share_at_most:Q", text="label:N")
    finding = "; ".join(f"{r.group}: {r.label}" for r in frame.itertuples())
    chart = (upper + lower + text).properties(width=WIDTH, height=40 * len(frame), title=title)
    return Figure(chart, f"{title}. {finding}.")


def claims_chart(claims: pd.DataFrame, title: str = "Claimed and computed shares") -> Figure:
    """Dots: the share a source claimed beside the share computed from figures, by year.

    Examples
    --------
    >>> cl = pd.DataFrame({"period": [1992, 1993], "sector": "automotive", "claimed_share": [0.55, 0.6667],
    ...     "computed_share": [0.6032, float("nan")], "source_id": ["a", "b"]})
    >>> claims_chart(cl).description
    'Claimed and computed shares. 1992 automotive: claimed 55.0%, computed 60.3%; 1993 automotive: claimed 66.7%, computed no figure.'
    """
    if claims.empty:
        empty = alt.Chart(pd.DataFrame({"text": ["No claims recorded in this data"]})).mark_text().encode(text="text:N")
        return Figure(empty.properties(width=WIDTH // 2, height=40, title=title),
                      f"{title}: this dataset records no claimed shares.")
    long = claims.melt(id_vars=["period", "sector", "source_id"], value_vars=["claimed_share", "computed_share"],
                       var_name="kind", value_name="share").dropna(subset=["share"])
    long["kind"] = long["kind"].str.replace("_share", "")
    chart = alt.Chart(long, title=title).mark_point(size=90, filled=True).encode(
        x=alt.X("period:O", title="Year"),
        y=alt.Y("share:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title="Share of the deficit"),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=["claimed", "computed"],
                                                              range=["#ff7f0e", "#1f77b4"])),
        shape=alt.Shape("kind:N", title=None, scale=alt.Scale(domain=["claimed", "computed"])),
    ).properties(width=WIDTH // 2, height=220)
    finding = "; ".join(
        f"{r.period} {r.sector}: claimed {_percent(r.claimed_share)}, computed "
        f"{_percent(r.computed_share) if pd.notna(r.computed_share) else 'no figure'}"
        for r in claims.itertuples())
    return Figure(chart, f"{title}. {finding}.")
