"""Friction 7 of issue 13: the status timeline's date axis never repeats a label, for any span.

The labels are read from the rendered SVG (the text a reader sees), for spans of 1, 6 and 30 years.
The expected labels are written out by hand from the rule in ``time_axis``: quarters under two
years; otherwise every year, or every 5th year past ten years.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from deficit_report.rendering.time_charts import coverage_path_chart, timeline_chart


def _bands(start: str, middle: str, end: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["Wood", "Wood"],
            "start": [start, middle],
            "end": [middle, end],
            "status": ["in_talks", "agreed"],
            "note": "",
            "source_id": "",
        }
    )


def _axis_labels(svg: str) -> list[str]:
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [t for t in texts if re.fullmatch(r"(\w{3} )?\d{4}", t)]


@pytest.mark.parametrize(
    ("start", "middle", "end", "expected"),
    [
        # 1 year: 1994-01-15 .. 1995-01-10, quarters from April 1994.
        ("1994-01-15", "1994-06-06", "1995-01-10", ["Apr 1994", "Jul 1994", "Oct 1994", "Jan 1995"]),
        # about 6 years, the case of the issue: one label per year 2018..2024, none twice.
        ("2017-08-14", "2020-01-15", "2024-12-31", ["2018", "2019", "2020", "2021", "2022", "2023", "2024"]),
        # 30 years: one label every 5 years.
        ("1990-01-01", "2005-06-30", "2020-12-31", ["1990", "1995", "2000", "2005", "2010", "2015", "2020"]),
    ],
)
def test_timeline_axis_labels_are_distinct_years_for_any_span(start, middle, end, expected):
    svg = timeline_chart(_bands(start, middle, end), end).to_svg()
    assert _axis_labels(svg) == expected


def test_coverage_path_axis_does_not_repeat_years():
    # Events 2020-10-02 and 2021-10-01: the chart carries the last step to the end of 2022, a span of
    # more than two years: one label per year from the first 1 January inside it, under the lower panel.
    path = pd.DataFrame(
        {
            "date": ["2020-10-02", "2021-10-01"] * 2,
            "path": ["piece by piece"] * 2 + ["all or nothing"] * 2,
            "share_at_least": [0.0, 0.104, 0.0, 0.0],
            "share_at_most": [0.0, 0.104, 0.0, 0.0],
        }
    )
    labels = _axis_labels(coverage_path_chart(path, "imports").to_svg())
    assert labels == ["2021", "2022"]
