"""A report on a dataset without status events (the 2025 runs of issue 22): it says status data are not available.

Composition and contributions need no status; a coverage of "at most 0.0%" or "no status: 100%" would read as
a finding about talks that were never recorded, so no status section may show one.
"""

from __future__ import annotations

import pytest

from deficit_report.analysis.report import open_report
from deficit_report.rendering import charts, tables, tariff_charts, time_charts


@pytest.fixture(scope="module")
def japan_2025():
    return open_report(partner="JPN", focus_year=2025, compare_year=2024, as_of="2025-12-31",
                       data_dir="data/raw/us-japan-2025", title="t")  # fmt: skip


def test_findings_hold_composition_and_no_coverage(japan_2025):
    found = japan_2025.key_findings()
    assert "within_reach" not in set(found["finding"]) and "flow_coverage" not in set(found["finding"])
    largest = found.set_index("finding").loc["largest_sector"]
    # By hand from data/raw/us-japan-2025/figures.csv (awk in tests/sources/test_usa_trade_online.py):
    # NAICS 336 2025: 9,241.195616 - 52,669.977786 = -43,428.782170; total 82,067.282041 - 145,950.309794
    # = -63,883.027753; share 43,428.78 / 63,883.03 = 68.0%.
    assert round(largest["value"], 3) == 0.680
    assert "Transportation Equipment held 68.0% of the 2025 deficit" in largest["text"]


def test_every_status_section_says_status_data_are_not_available(japan_2025):
    r = japan_2025
    assert not r.has_status_data()
    shown = [
        charts.coverage_chart(r.coverage(), "balance").data,
        tariff_charts.flow_coverage_chart(r.coverage_by_flow()).data,
        time_charts.coverage_path_chart(r.coverage_path(), "balance", as_of=r.params.as_of).data,
        time_charts.timeline_chart(r.status_bands(), r.params.as_of).data,
    ]
    assert all(s == tables.missing(tables.NO_STATUS_DATA).data for s in shown), shown
    assert "Status data are not available" in shown[0]
    for frame in (r.status(), r.coverage(), r.coverage(by="market"), r.coverage_by_flow()):
        assert "status data are not available" in tables.display_table(frame).empty_line
    assert "0.0%" not in r.key_sentence() and "not available" in r.key_sentence()
    assert "status data are not available" in tables.title_block(r).data
    assert charts.first_chart(r).description.startswith("Share of the deficit by sector")
