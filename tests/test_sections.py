"""The report's sections for the founding case, as a reader sees them."""

from __future__ import annotations

import pandas as pd
import pytest

from deficit_report.analysis.report import open_report
from deficit_report.rendering.tables import display_table

from cases import FRAMEWORK_PARAMS


@pytest.fixture(scope="module")
def report():
    return open_report(**FRAMEWORK_PARAMS)


def test_headline(report):
    result = report.headline().set_index("item")["value_usd_m"]
    expected = pd.Series({"1992 balance": -49400.0, "1994 balance": -65700.0,
                          "change in balance, 1992 to 1994": -16300.0}, name="value_usd_m")
    pd.testing.assert_series_equal(result, expected, check_names=False, check_index_type=False)


def test_headline_shows_billions_and_the_source(report):
    table = display_table(report.headline()).frame.set_index("item")
    assert table.loc["1994 balance", "value (USD bn)"] == "-65.7"
    assert table.loc["change in balance, 1992 to 1994", "value (USD bn)"] == "-16.3"
    assert table.loc["1994 balance", "source_id"] == "ap-1995-02-18"


def test_key_sentence(report):
    assert report.key_sentence() == (
        "As of 1994-06-06, sectors where deals were within reach or agreed held at most 44.1% of the 1994 "
        "deficit with JPN (at least 0.0% in sectors with a figure); stalled sectors held 55.9%.")


def test_claims_beside_computed_shares(report):
    result = report.claims()
    by_source = result.set_index("source_id")
    assert by_source.loc["aama-1993-02-18", "claimed"] == "55%"
    assert round(by_source.loc["aama-1993-02-18", "computed_share"] * 100, 1) == 60.3  # 29.8 / 49.4
    assert pd.isna(by_source.loc["nyt-1994-06-07", "computed_share"])  # no 1993 automotive figure
    assert by_source.loc["sr-1995-09-07", "claimed"] == "more than 50%"
    assert round(by_source.loc["csm-1994-10-03", "computed_share"] * 100, 1) == 55.9


def test_claims_without_a_figure_show_no_figure(report):
    table = display_table(report.claims()).frame.set_index("source_id")
    assert table.loc["ap-1996-09-19", "computed share"] == "no figure"


def test_every_source_shown_resolves_with_a_url(report):
    result = report.sources()
    assert {"ap-1995-02-18", "ct-1995-04-10", "state-1994-japan", "nyt-1994-06-07"} <= set(result["source_id"])
    assert result["url"].str.match(r"^https?://").all()
