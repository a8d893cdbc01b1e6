"""Coverage as deals close, per flow (issue 14 follow-up): when every event names a flow, the path is
the share of imports, and of exports, held by agreed statuses, with the true bounds of the one coverage
function (issue 20: the balance path and the flow paths count the same group, agreed). The Japan 1994 path (events on both flows) stays as it was: see
tests/test_analysis_depth.py.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from deficit_report.analysis import composition as composition_
from deficit_report.analysis.report import open_report
from deficit_report.analysis.timeline import coverage_path_by_flow, path_on
from deficit_report.paths import PROJECT_ROOT
from deficit_report.rendering.time_charts import coverage_path_chart

# A small hand-built case: three sectors, one import list (all of chips, part of cars), one export
# policy (all of crops), one sector event on both flows.
SECTORS = pd.DataFrame(
    {
        "sector": ["crops", "chips", "cars"],
        "label": ["Crops", "Chips", "Cars"],
        "kind": "goods",
        "market": "private",
        "parent": "",
        "hs_codes": ["10", "85", "87"],
    }
)
POLICIES = pd.DataFrame({"policy": ["list_a", "ag"], "label": ["List A", "Farm"], "flow": ["imports", "exports"]})
POLICY_SECTORS = pd.DataFrame(
    {"policy": ["list_a", "list_a", "ag"], "sector": ["chips", "cars", "crops"], "coverage": ["all", "part", "all"]}
)
EVENTS = pd.DataFrame(
    [
        ("list_a", "2018-01-01", "stalled", "imports"),
        ("ag", "2018-05-01", "within_reach", "exports"),  # within reach is not agreed: zero on the path
        ("ag", "2018-06-01", "agreed", "exports"),
        ("list_a", "2019-01-01", "agreed", "imports"),
        ("cars", "2019-03-01", "in_talks", "both"),
        ("ag", "2019-06-01", "stalled", "exports"),
        ("ipt", "2019-07-01", "agreed", "none"),  # not a trade flow: never a date of either path
    ],
    columns=["sector", "date", "status", "flow"],
).assign(partner="CHN", note="", source_id="s")


def _composition(crops: float, chips: float, cars: float) -> pd.DataFrame:
    values = pd.DataFrame(
        {
            "sector": ["crops", "chips", "cars", "total"],
            "value_usd_m": [crops, chips, cars, crops + chips + cars],
            "method": "reported",
            "vintage": "v",
            "basis": "x",
            "source_id": "s",
            "alternatives": "",
        }
    )
    return composition_.composition(values, SECTORS)


def test_hand_built_path_per_flow():
    # imports 10 + 60 + 30 = 100; exports 20 + 5 + 25 = 50 (USD m)
    compositions = {"imports": _composition(10.0, 60.0, 30.0), "exports": _composition(20.0, 5.0, 25.0)}
    path = coverage_path_by_flow(compositions, EVENTS, SECTORS, POLICIES, POLICY_SECTORS, "CHN")
    got = {(r.flow, r.date): (round(r.share_at_least, 9), round(r.share_at_most, 9)) for r in path.itertuples()}
    assert got == (
        {
            # List A stalled: nothing can be agreed.
            ("imports", "2018-01-01"): (0.0, 0.0),
            # List A agreed: all of chips (60 of 100) surely; part of cars (30) perhaps: 60% to 90%.
            ("imports", "2019-01-01"): (0.6, 0.9),
            # Cars in talks (its own event, both flows): cars may still hold list A's agreed part.
            ("imports", "2019-03-01"): (0.6, 0.9),
            # Farm policy within reach: not a deal yet, so nothing.
            ("exports", "2018-05-01"): (0.0, 0.0),
            # Farm policy agreed: all of crops, 20 of 50 exports.
            ("exports", "2018-06-01"): (0.4, 0.4),
            ("exports", "2019-03-01"): (0.4, 0.4),
            # Farm policy stalled: nothing.
            ("exports", "2019-06-01"): (0.0, 0.0),
        }
    )
    # In dollars too (USD m), and the policies behind the group.
    agreed = path[(path["flow"] == "imports") & (path["date"] == "2019-01-01")].iloc[0]
    assert (agreed["at_least_usd_m"], agreed["at_most_usd_m"], agreed["via"]) == (60.0, 90.0, "list_a")
    # On a date between events, the path gives the last event's point; before the first, zero.
    on = path_on(path, "2019-04-15", "flow").set_index("flow")
    assert on.loc["imports", "share_at_most"] == pytest.approx(0.9)
    assert on.loc["exports", "share_at_least"] == pytest.approx(0.4)
    assert path_on(path, "2017-12-31", "flow")["share_at_most"].tolist() == [0.0, 0.0]


def test_hand_built_chart_leads_with_the_share_on_the_as_of_date():
    compositions = {"imports": _composition(10.0, 60.0, 30.0), "exports": _composition(20.0, 5.0, 25.0)}
    path = coverage_path_by_flow(compositions, EVENTS, SECTORS, POLICIES, POLICY_SECTORS, "CHN")
    text = coverage_path_chart(path, as_of="2019-04-15").description
    # 2019-04-15 falls after the 2019-03-01 events: imports 60-90%, exports 40% (see above).
    assert text.startswith(
        "Share of imports and of exports held by sectors with an agreement. "
        "On the as-of date, 2019-04-15, they held 60.0% to at most 90.0% of imports and 40.0% of exports. "
    )


@pytest.fixture(scope="module")
def china():
    params = yaml.safe_load((PROJECT_ROOT / "notebooks/params/us-china-2019.yaml").read_text())
    return open_report(**params)


def test_china_path_on_the_as_of_date_is_coverage_per_flow(china):
    # Worked by hand in tests/test_china_model.py (awk over figures.csv and policy_sectors.csv): on 2019-12-31
    # List 4A (agreed; List 4B, called off, is "suspended", a measure state since issue 20, and its sectors are
    # a subset of 4A's) reaches every import sector but 114, 211, 212 and 337, so agreed holds
    # 0 to 447,182.246 - 19,524.881 = 427,657.365 m of 2019 imports; ag, purch and ind_autos (agreed) reach
    # every export sector but those worth 10,381.422 m, so 0 to 95,756.911 m of exports.
    from test_china_model import EXPORTS_2019, EXPORTS_UNREACHED, IMPORTS_2019, IMPORTS_NOT_4

    path = china.coverage_path()
    assert set(path["flow"]) == {"imports", "exports"}
    on = path_on(path, china.params.as_of, "flow").set_index("flow")
    expected = {
        "imports": (IMPORTS_2019, IMPORTS_2019 - IMPORTS_NOT_4, "list_4a"),
        "exports": (EXPORTS_2019, EXPORTS_2019 - EXPORTS_UNREACHED, "ag, purch, ind_autos"),
    }
    for flow, (total, at_most, via) in expected.items():
        assert on.loc[flow, "at_least_usd_m"] == 0.0 and on.loc[flow, "share_at_least"] == 0.0
        assert on.loc[flow, "at_most_usd_m"] == pytest.approx(at_most, abs=0.001), flow
        assert on.loc[flow, "share_at_most"] == pytest.approx(at_most / total, abs=1e-6), flow  # 95.6%, 90.2%
        assert on.loc[flow, "via"] == via
    # The last point on or before 2019-12-31 is Phase One's agreement (status_events.csv: 2019-12-13).
    assert on["date"].tolist() == ["2019-12-13", "2019-12-13"]


def test_china_path_follows_every_event_of_its_flow(china):
    path = china.coverage_path()
    events = pd.read_csv(PROJECT_ROOT / "data/raw/us-china-tradewar/status_events.csv", dtype=str)
    for flow in ("imports", "exports"):
        dates = sorted(set(events.loc[events["flow"].isin([flow, "both"]), "date"]))
        assert path.loc[path["flow"] == flow, "date"].tolist() == dates
