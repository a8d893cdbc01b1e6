"""The report facade names each section's frame by what was asked, not by how it was called (issue 23, item 3).

A frame's name is the file name of its data (``data/<name>.csv``, a sheet of ``report.xlsx``), so two
spellings of one call must give one name: ``coverage("market")`` used to write ``coverage_market.csv``
beside ``coverage(by="market")``'s ``coverage_by_market.csv``.
"""

from __future__ import annotations

import pytest

from cases import FRAMEWORK_PARAMS
from deficit_report.analysis.report import open_report


@pytest.fixture(scope="module")
def report():
    return open_report(**FRAMEWORK_PARAMS, title="t")


def test_one_call_spelled_two_ways_has_one_name(report):
    assert report.coverage("market").attrs["name"] == "coverage_by_market"
    assert report.coverage(by="market").attrs["name"] == "coverage_by_market"


def test_the_default_argument_spelled_out_is_the_plain_section(report):
    assert report.coverage().attrs["name"] == "coverage"
    assert report.coverage(by="group").attrs["name"] == "coverage"
    assert report.coverage("group").attrs["name"] == "coverage"


def test_a_caller_changing_its_frame_does_not_change_the_next_callers(report):
    first = report.coverage("market")
    first.iloc[0, 0] = "changed"
    assert report.coverage(by="market").iloc[0, 0] != "changed"


def test_each_section_is_computed_once_per_report(monkeypatch):
    # One cache (the report's _computed_once) for every section and the frames they share: the notebook shows
    # most sections twice and several sections read the composition, so it must be built once.
    from deficit_report.analysis import composition as composition_

    calls = []
    real = composition_.composition
    monkeypatch.setattr(composition_, "composition", lambda *a, **k: calls.append(1) or real(*a, **k))
    fresh = open_report(**FRAMEWORK_PARAMS, title="t")
    fresh.composition(), fresh.composition(), fresh.coverage(), fresh.coverage(by="market"), fresh.concentration()
    assert len(calls) == 1
