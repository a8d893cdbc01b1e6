"""The explore notebook's linked view: click a composition bar, the status timeline shows that block.

Tested through the Vega-Lite spec (``chart.to_dict()``), not pixels. Expected values from
data/raw/us-japan-framework: 1994 automotive 36.7 of 65.7 bn (figures.csv lines 25 and 11),
the rest "all other goods"; status_events.csv has 7 events each for autos and auto parts
(children of automotive), 6 each for medical and telecom equipment (no figure: inside all
other goods) and 6 for insurance (a service: no bar of its own). The China run (issue 11) opens too:
tariff lines with hover and the balance by sector for a year of the analyst's choosing.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from deficit_report.rendering import explore
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


@pytest.fixture(scope="module")
def china():
    # the second founding case, broken down for a year the report does not use (2018, against 2017)
    return open_run("us-china-2019", focus_year=2018, compare_year=2017, as_of="2019-12-31")


def test_china_tariff_lines_hover_and_pick_both_sides(china):
    spec = explore.tariff_lines(china).chart.to_dict()
    assert {p["name"] for p in spec["params"]} == {"sector", "hover"}
    assert spec["spec"]["encoding"]["tooltip"][0] == {"field": "label", "type": "nominal"}
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]]).set_index(["label", "side", "month"]).sort_index()
    # tariffs.csv: China's tariff on U.S. crops (NAICS 111) 7.74% in January 2017, 37.09% in December 2019
    crops = rows.loc[("Crop Production", "partner's tariff on U.S. exports"), "tariff_pct"]
    assert round(crops["2017-01"], 2) == 7.74 and round(crops["2019-12"], 2) == 37.09
    assert set(rows.index.get_level_values("side")) == {"U.S. tariff on imports", "partner's tariff on U.S. exports"}


def test_china_balance_by_sector_for_a_chosen_year(china):
    spec = explore.year_comparison(china).chart.to_dict()
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]]).set_index(["sector", "year"])
    # figures.csv, 2018: NAICS 334 exports 18,008.6 minus imports 199,441.3 = -181,432.7 million dollars
    assert rows.loc[("naics_334", "2018"), "value_usd_m"] == pytest.approx(18_008.587861 - 199_441.303056)
    assert spec["title"] == "Balance by sector, 2017 and 2018"
