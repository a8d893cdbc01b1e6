"""Status as of a date, parents with mixed children, coverage and the upper bound.

Hand-worked from status_events.csv and the 1994 composition (automotive 55.9%,
all other goods 44.1%).
"""

from __future__ import annotations

import pandas as pd
import pytest

from deficit_report.analysis.composition import composition
from deficit_report.analysis.coverage import coverage, market_touches, with_remainder, within_reach_bound
from deficit_report.analysis.figures import sector_values
from deficit_report.analysis.flows import status_touches
from deficit_report.analysis.status import status_as_of


def status(framework, as_of):
    return status_as_of(framework.status_events, framework.sectors, "JPN", as_of).set_index("sector")["status"]


def test_status_on_6_june_1994(framework):
    result = status(framework, "1994-06-06")
    assert result.to_dict() == {
        "automotive": "stalled",
        "autos": "stalled",
        "auto_parts": "stalled",
        "insurance": "within_reach",
        "medical_equipment": "within_reach",
        "telecom_equipment": "within_reach",
    }


def test_status_the_day_before_uses_the_earlier_event(framework):
    # 24 May 1994: framework talks resume -> everything in talks.
    assert set(status(framework, "1994-06-05")) == {"in_talks"}


def test_status_after_the_october_1994_deals(framework):
    result = status(framework, "1994-10-15")
    assert result["insurance"] == "agreed"  # 1994-10-11 exchange of letters
    assert result["medical_equipment"] == result["telecom_equipment"] == "agreed"  # 1994-09-30
    assert result["auto_parts"] == "stalled"  # 1994-10-01 Section 302 investigation


def test_status_after_geneva_and_after_expiry(framework):
    assert status(framework, "1995-06-28")["automotive"] == "agreed"
    assert status(framework, "2001-01-01")["automotive"] == "expired"


def test_date_before_the_first_event_has_no_status(framework):
    result = status_as_of(framework.status_events, framework.sectors, "JPN", "1993-07-09").set_index("sector")
    assert set(result["status"]) == {""}
    assert result.loc["autos", "note"] == "no event on or before 1993-07-09"


def test_parent_with_children_that_differ_is_mixed():
    sectors = pd.DataFrame(
        {
            "sector": ["automotive", "autos", "auto_parts"],
            "label": "x",
            "kind": "goods",
            "market": "private",
            "parent": ["", "automotive", "automotive"],
        }
    )
    events = pd.DataFrame(
        {
            "partner": "JPN",
            "sector": ["autos", "auto_parts"],
            "date": "1995-01-01",
            "status": ["agreed", "stalled"],
            "note": "",
            "source_id": ["a", "b"],
        }
    )
    result = status_as_of(events, sectors, "JPN", "1995-01-01").set_index("sector").loc["automotive"]
    assert result["status"] == "mixed"
    assert result["children"] == "autos: agreed; auto_parts: stalled"
    assert result["source_id"] == "a; b"


def cover(framework, as_of, by="group"):
    comp = composition(sector_values(framework.figures, "JPN", 1994), framework.sectors)
    if by == "market":
        markets = {"government": "government", "private": "private"}
        return with_remainder(coverage(comp, market_touches(comp), framework.sectors, markets), comp).set_index("group")
    d = framework
    touches = status_touches(
        d.status_events, d.sectors, d.policies, d.policy_sectors, partner="JPN", as_of=as_of, measure="balance"
    )
    return with_remainder(coverage(comp, touches, d.sectors, signed=True), comp).set_index("group")


def test_coverage_on_6_june_1994(framework):
    result = cover(framework, "1994-06-06")
    # "No status": all other goods (44.1%) may hold trade no status covers (medical and telecom are only part of it).
    assert list(result.index) == ["within reach or agreed", "stalled", "no status", "all other goods"]
    assert result.loc["stalled", "share_at_least"] == pytest.approx(36.7 / 65.7)
    assert result.loc["within reach or agreed", "share_at_least"] == 0
    assert result.loc["within reach or agreed", "share_at_most"] == pytest.approx(29.0 / 65.7)
    # Insurance is a service: it is in neither bound.
    assert result.loc["within reach or agreed", "sectors_without_figures"] == "medical_equipment, telecom_equipment"


def test_upper_bound_sentence_numbers(framework):
    bound = within_reach_bound(cover(framework, "1994-06-06").reset_index())
    assert round(bound["within_reach_at_most"] * 100, 1) == 44.1
    assert round(bound["stalled"] * 100, 1) == 55.9
    # 44.1% is all other goods, a net balance: it is a bound only if no goods inside it were in surplus.
    assert bound["assumes_one_sign_in"] == ["all_other_goods"]


def test_coverage_by_market_type(framework):
    result = cover(framework, "1994-06-06", by="market")
    assert round(result.loc["private", "share_at_least"] * 100, 1) == 55.9
    assert result.loc["government", "share_at_least"] == 0
    assert round(result.loc["government", "share_at_most"] * 100, 1) == 44.1


def test_coverage_once_autos_agreed(framework):
    # After Geneva (28 June 1995) every framework sector is agreed: at least 55.9%, at most 100%.
    result = cover(framework, "1995-07-01")
    assert round(result.loc["within reach or agreed", "share_at_least"] * 100, 1) == 55.9
    assert result.loc["within reach or agreed", "share_at_most"] == pytest.approx(1.0)
    assert "stalled" not in result.index
