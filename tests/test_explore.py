"""The explore notebook's linked view: click a composition bar, the status timeline shows that block.

Tested through the Vega-Lite spec (``chart.to_dict()``), not pixels. Expected values from
data/raw/us-japan-framework: 1994 automotive 36.7 of 65.7 bn (figures.csv lines 25 and 11),
the rest "all other goods"; status_events.csv has 7 events each for autos and auto parts
(children of automotive), 6 each for medical and telecom equipment (no figure: inside all
other goods) and 6 for insurance (a service: no bar of its own).
"""

from __future__ import annotations

from collections import Counter

import pytest

from deficit_report.rendering.explore import linked_overview
from deficit_report.running.runs import open_run


@pytest.fixture(scope="module")
def spec():
    view = open_run("us-japan-framework-1994", focus_year=1994, compare_year=1992, as_of="1994-06-06")
    return linked_overview(view).chart.to_dict()


def views(spec):
    bars, timeline = spec["hconcat"]
    return bars, timeline, spec["datasets"][bars["data"]["name"]], spec["datasets"][timeline["data"]["name"]]


def test_a_point_selection_on_the_composition_bars(spec):
    bars, timeline, _, _ = views(spec)
    assert spec["params"] == [
        {"name": "pick", "select": {"type": "point", "fields": ["block"]}, "views": [bars["name"]]}
    ]
    assert bars["mark"]["type"] == "bar"
    # the chosen bar stays solid, the others fade
    assert bars["encoding"]["opacity"] == {"condition": {"param": "pick", "value": 1.0}, "value": 0.35}


def test_the_timeline_is_filtered_by_that_selection(spec):
    _, timeline, _, _ = views(spec)
    assert timeline["transform"] == [{"filter": {"param": "pick"}}]
    assert "params" not in timeline  # it shows the selection, it does not make one


def test_each_bar_picks_the_sectors_its_trade_holds(spec):
    _, _, bars, bands = views(spec)
    assert [(b["block"], round(b["share"] * 100, 1)) for b in bars] == [("automotive", 55.9), ("all_other_goods", 44.1)]
    # What a click on each bar leaves in the timeline: the bands whose block is that bar's.
    shown = Counter((band["block"], band["sector"]) for band in bands)
    assert shown == {
        ("automotive", "autos"): 7,
        ("automotive", "auto_parts"): 7,
        ("all_other_goods", "medical_equipment"): 6,
        ("all_other_goods", "telecom_equipment"): 6,
        ("insurance", "insurance"): 6,
    }
