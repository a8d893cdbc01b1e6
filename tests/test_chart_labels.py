"""Chart labels are drawn whole: no axis or legend label cut with an ellipsis, whatever its length."""

from __future__ import annotations

import re

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
