"""Figures: an Altair chart with its description, shown as offline SVG; the one status colour scale.

Every chart builder returns a :class:`Figure`: the Altair chart plus a
description (its title and main finding). In a notebook a Figure displays as a
static SVG drawn offline by vl-convert, with the description as the image's alt
text; no JavaScript, no CDN, and the same bytes every run. ``figure.chart`` is
the plain Altair chart, for interactive use in JupyterLab.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import altair as alt

from deficit_report.rendering import frame_records

#: One colour per status, told apart with colour-blind eyes too: under simulated protanopia and
#: deuteranopia (Machado et al. 2009, full severity) every two colours stay at least 20 CIE76 delta-E
#: apart (tests/test_palette.py). Greens for deals, vermilion for stalled (Okabe-Ito hues), greys for none.
STATUS_COLOURS = {
    "agreed": "#1a7a40",
    "within_reach": "#56b4e9",
    "in_talks": "#f0e442",
    "stalled": "#d55e00",
    "not_in_talks": "#666666",
    "expired": "#cc79a7",
    # measure states (a tariff's own state): deep blue in force, lighter blue cut, pale when suspended;
    # chosen to stay delta-E 20 apart from every other colour, also as seen with protanopia and deuteranopia
    "in_force": "#0000ff",
    "cut": "#0077ff",
    "suspended": "#ddffaa",
    "mixed": "#3b2a83",
    "": "#d0d0d0",
}
WIDTH = 560


@dataclass(frozen=True)
class Figure:
    """An Altair chart with a description, shown as offline SVG.

    Examples
    --------
    >>> import pandas as pd
    >>> f = Figure(alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q"), "One bar.")
    >>> f.to_svg().startswith("<svg")
    True
    >>> f._repr_mimebundle_()[1]["image/svg+xml"]
    {'alt': 'One bar.'}
    >>> f._repr_mimebundle_()[1]["deficit_report"]["exports"][0]["name"]
    'chart_one_bar'
    """

    chart: alt.TopLevelMixin
    description: str

    def to_svg(self) -> str:
        """Render the chart to SVG text with vl-convert (no network); drawn once per figure."""
        return self._svg

    @cached_property
    def _svg(self) -> str:
        import vl_convert

        return vl_convert.vegalite_to_svg(uncut_labels(self.chart.to_dict()), vl_version=vl_version())

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/svg+xml": self.to_svg(), "text/plain": self.description}
        records = frame_records.chart_records(self.chart, self.description.split(". ")[0])
        return data, {"image/svg+xml": {"alt": self.description}, frame_records.EXPORT_KEY: {"exports": records}}


#: Widest label, in pixels, an axis or legend may draw before Vega cuts it with "…" (its default is 180).
LABEL_LIMIT = 1000


def uncut_labels(spec: dict) -> dict:
    """Let axis and legend labels take the room they need, so no label is cut with an ellipsis.

    Vega cuts a label wider than 180 pixels ("Optical, medical and precision instrum…"); a chart's
    own setting, if it has one, is kept.

    Examples
    --------
    >>> uncut_labels({"mark": "bar"})["config"]
    {'axis': {'labelLimit': 1000}, 'legend': {'labelLimit': 1000}}
    """
    config = spec.setdefault("config", {})
    for part in ("axis", "legend"):
        config.setdefault(part, {}).setdefault("labelLimit", LABEL_LIMIT)
    return spec


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
    >>> import pandas as pd
    >>> f = InteractiveFigure(alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q"), "One bar.")
    >>> sorted(f._repr_mimebundle_()[0])
    ['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']
    """

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = super()._repr_mimebundle_(include, exclude)
        spec = uncut_labels(self.chart.to_dict())
        spec["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json"
        return {VEGALITE_V5: spec, **data}, metadata


def vl_version() -> str:
    """The Vega-Lite version Altair writes, in vl-convert's spelling (e.g. ``5.20``)."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


#: What a hover over a status band shows, in every chart that draws bands.
BAND_TOOLTIP = ["label:N", "status:N", "start:N", "end:N", "note:N", "source_id:N"]


def status_colour(field: str, shown: set[str] | list[str], title: str | None = "Status") -> alt.Color:
    """Return the colour encoding of negotiation statuses, listing only the statuses ``shown``, in report order.

    ``""`` (no status) and ``"no status"`` share the grey of a sector without events.

    Examples
    --------
    >>> enc = status_colour("status", {"stalled", "agreed"}).to_dict()
    >>> enc["scale"]["domain"], enc["scale"]["range"]
    (['agreed', 'stalled'], ['#1a7a40', '#d55e00'])
    """
    colours = {**{k: v for k, v in STATUS_COLOURS.items() if k}, "set per flow by policies": STATUS_COLOURS["mixed"]}
    colours["no status"] = STATUS_COLOURS[""]
    present = [s for s in colours if s in set(shown)]
    return alt.Color(
        f"{field}:N", title=title, sort=present, scale=alt.Scale(domain=present, range=[colours[s] for s in present])
    )
