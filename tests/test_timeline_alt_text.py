"""Issue 14: each chart's alt text states its main number, the status timeline and the coverage path too.

The leading sentence after each title is checked for the 1994 Japan run, with values worked out by
hand from data/raw/us-japan-framework/status_events.csv (the charts are built as notebook 01 builds
them).
"""

from __future__ import annotations

import pytest

from cases import FRAMEWORK_PARAMS
from deficit_report.analysis.report import open_report
from deficit_report.rendering.time_charts import coverage_path_chart, timeline_chart


@pytest.fixture(scope="module")
def report():
    return open_report(**FRAMEWORK_PARAMS)


def _sentences(text: str) -> list[str]:
    return text.split(". ")


def test_timeline_alt_text_leads_with_the_count_at_each_status(report):
    text = timeline_chart(report.status_bands(), report.params.as_of).description
    title, lead = _sentences(text)[:2]
    # The title stays the first sentence: the chart's data file is named after it.
    assert title == "Negotiation status over time, with a rule at 1994-06-06"
    # Five sectors have events (automotive has none of its own: its children do). On 1994-06-06,
    # lines 17-19 put insurance, medical and telecom equipment within reach and lines 20-21 autos and
    # parts stalled (those lines are the last of each sector on or before that day).
    assert lead == (
        "On 1994-06-06, of the 5 rows: 3 within reach (Insurance, Medical equipment, "
        "Telecommunications equipment), 2 stalled (Passenger vehicles, Auto parts)"
    )


def test_coverage_path_alt_text_leads_with_the_share_on_the_as_of_date(report):
    text = coverage_path_chart(report.coverage_path(), report.params.measure, as_of=report.params.as_of).description
    title, lead = _sentences(text)[:2]
    assert title == "Share of the deficit held by sectors with an agreement"
    # No sector is agreed on 1994-06-06: the first 'agreed' event is line 22 (1994-09-30), so the
    # share with an agreement is exactly 0.0%, not a range.
    assert lead == "On the as-of date, 1994-06-06, they held 0.0% (piece by piece)"
    # The rest of the description is unchanged: medical and telecom agreed on 1994-09-30 with no
    # figure, at most the 29.0 / 65.7 = 44.1% remainder (figures.csv lines 11 and 25).
    assert "piece by piece: from 0.0% (at most 0.0%) on 1993-07-10" in text
    assert "(at most 44.1%)" in text


def test_coverage_path_alt_text_gives_a_range_after_an_agreement(report):
    # The same path read on 1994-10-15: medical and telecom agreed (lines 22-23) with no figure, inside
    # all other goods: 0.0% to at most 44.1% (29.0 / 65.7); autos still stalled, so not 55.9%
    # (insurance, agreed on 1994-10-01, is a service: never part of the goods shares).
    text = coverage_path_chart(report.coverage_path(), report.params.measure, as_of="1994-10-15").description
    assert _sentences(text)[1] == "On the as-of date, 1994-10-15, they held 0.0% to at most 44.1% (piece by piece)"
