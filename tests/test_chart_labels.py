"""Chart labels are drawn whole: no axis or legend label cut with an ellipsis, whatever its length."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from deficit_report.analysis.report import open_report
from deficit_report.paths import PARAMS_DIR
from deficit_report.rendering import charts, time_charts
from deficit_report.running.runs import load_run


@pytest.fixture(scope="module")
def recent():
    # us-japan-2024 has the longest sector labels, e.g. sectors.csv's
    # "Optical, medical and precision instruments (HS 90)" (51 characters, wider than Vega's 180 px default)
    return open_report(**load_run("us-japan-2024", PARAMS_DIR))


def drawn_text(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_long_sector_labels_are_whole(recent):
    figures = [
        charts.composition_chart(recent.composition(), recent.status(), recent.params.measure),
        charts.contribution_chart(recent.contributions(), recent.params.measure),
        time_charts.timeline_chart(recent.status_bands(), recent.params.as_of),
    ]
    for figure in figures:
        texts = drawn_text(figure.to_svg())
        assert not [t for t in texts if t.endswith("…")], figure.description[:40]
    composition = drawn_text(figures[0].to_svg())
    assert "Optical, medical and precision instruments (HS 90)" in composition
    assert "Machinery and mechanical appliances (HS 84)" in composition


def label_x(svg: str, text: str) -> float:
    """The x at which a drawn text starts (Vega writes each text's position as translate(x,y))."""
    match = re.search(r'<text[^>]*transform="translate\(([-\d.]+),[-\d.]+\)"[^>]*>' + re.escape(text) + "</text>", svg)
    assert match, f"{text!r} is not drawn"
    return float(match.group(1))


def test_a_negative_bars_label_starts_right_of_zero_not_over_the_bar():
    # Before: the China report's contribution labels all started at the plot's left edge, so
    # "-8.7 bn (-32.7%)" was drawn over Transportation Equipment's red bar; composition's "-2.9%" over Crop Production's.
    contributions = pd.DataFrame(
        {
            "label": ["Falls", "Unchanged", "Rises"],
            "change_usd_m": [-6000.0, 0.0, 4000.0],
            "share_of_change": [-3.0, 0.0, 2.0],
        }
    )
    svg = charts.contribution_chart(contributions).to_svg()
    zero = label_x(svg, "+0.0 bn (0.0%)")
    assert label_x(svg, "-6.0 bn (-300.0%)") == zero  # at zero, right of the bar that ends there
    assert label_x(svg, "+4.0 bn (200.0%)") > zero  # at the end of its bar

    # every change negative (the 1994 report: autos -6.9 bn, all other goods -9.4 bn): zero is not the
    # plot's right edge, or the labels right of zero would run into the legend
    falls = contributions.assign(change_usd_m=[-6900.0, -9400.0, -100.0])
    domain = charts.contribution_chart(falls).chart.to_dict()["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain[0] == -9.4 and domain[1] >= 0.25 * 9.4

    composition = pd.DataFrame(
        {
            "sector": ["a", "b", "c"],
            "label": ["Deficit", "Surplus", "All other goods"],
            "share": [1.1, -0.1, 0.0],
            "counted": True,
        }
    )
    svg = charts.composition_chart(composition).to_svg()
    assert label_x(svg, "-10.0%") == label_x(svg, "0.0%")
