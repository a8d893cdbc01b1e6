"""The report's sections for the founding case, as a reader sees them."""

from __future__ import annotations

import pandas as pd
import pytest

from cases import FRAMEWORK_PARAMS
from deficit_report.analysis.report import open_report
from deficit_report.rendering.tables import display_table


@pytest.fixture(scope="module")
def report():
    return open_report(**FRAMEWORK_PARAMS)


def test_headline(report):
    result = report.headline().set_index("item")["value_usd_m"]
    expected = pd.Series(
        {"1992 balance": -49400.0, "1994 balance": -65700.0, "change in balance, 1992 to 1994": -16300.0},
        name="value_usd_m",
    )
    pd.testing.assert_series_equal(result, expected, check_names=False, check_index_type=False)


def test_headline_shows_billions_and_the_source(report):
    table = display_table(report.headline()).frame.set_index("item")
    assert table.loc["1994 balance", "value (USD bn)"] == "-65.7"
    assert table.loc["change in balance, 1992 to 1994", "value (USD bn)"] == "-16.3"
    assert table.loc["1994 balance", "source_id"] == "ap-1995-02-18"


def test_key_sentence(report):
    # 0.0% to 44.1%: medical and telecom lie inside all other goods (1 - 36.7 / 65.7), a net balance, so the
    # sentence states the assumption that makes 44.1% a bound; stalled: automotive 36.7 / 65.7 = 55.9%.
    assert report.key_sentence() == (
        "As of 1994-06-06, sectors where deals were within reach or agreed held 0.0% to at most 44.1% of the 1994 "
        "deficit with JPN, assuming that no goods inside all other goods were in surplus with JPN (a net balance "
        "can hide surpluses, and with them the share could lie outside this range); stalled sectors held 55.9%."
    )


def test_claims_beside_computed_shares(report):
    result = report.claims()
    by_source = result.set_index("source_id")
    assert by_source.loc["aama-1993-02-18", "claimed_share"] == 0.55
    assert round(by_source.loc["aama-1993-02-18", "computed_share"] * 100, 1) == 60.3  # 29.8 / 49.4
    assert pd.isna(by_source.loc["nyt-1994-06-07", "computed_share"])  # no 1993 automotive figure
    assert by_source.loc["sr-1995-09-07", "claimed_unit"] == "fraction_lower_bound"
    shown = display_table(result).frame.set_index("source_id")
    assert shown.loc["aama-1993-02-18", "claimed"] == "55%"
    assert shown.loc["sr-1995-09-07", "claimed"] == "more than 50%"
    # the CSM's October 1994 "60 percent of the $60 billion" is about 1993 (no automotive figure)
    assert by_source.loc["csm-1994-10-03", "period"] == 1993
    assert pd.isna(by_source.loc["csm-1994-10-03", "computed_share"])


def test_claims_without_a_figure_show_no_figure(report):
    table = display_table(report.claims()).frame.set_index("source_id")
    assert table.loc["ap-1996-09-19", "computed share"] == "no figure"


def test_every_source_shown_resolves_with_a_url(report):
    result = report.sources()
    assert {"ap-1995-02-18", "ct-1995-04-10", "state-1994-japan", "nyt-1994-06-07"} <= set(result["source_id"])
    assert result["url"].str.match(r"^https?://").all()


def test_a_claim_is_compared_with_the_share_of_the_balance_whatever_the_measure():
    """A claimed share *of the deficit* sits beside the sector's share of the balance, not of imports.

    Small dataset: 2024 autos imports 40.0 of 120.0 bn total imports (33.3%), autos balance -36.7 of
    a -65.7 bn total balance. With ``measure: imports`` the composition is of imports, but the claim
    "autos are two-thirds of the deficit" must sit beside 36.7 / 65.7 = 55.9%, not 33.3%.
    """
    from deficit_report.analysis.parameters import check_parameters
    from deficit_report.analysis.report import DeficitReport
    from deficit_report.dataset.load import Dataset

    def fig(period, sector, measure, value):
        return {
            "reporter": "USA",
            "partner": "JPN",
            "period": period,
            "sector": sector,
            "measure": measure,
            "value_usd_m": value,
            "basis": "census",
            "vintage": "revised",
            "source_id": "s",
            "note": "",
        }

    figures = pd.DataFrame(
        [
            fig(2024, "total", "imports", 120000.0),
            fig(2024, "autos", "imports", 40000.0),
            fig(2023, "total", "imports", 100000.0),
            fig(2024, "total", "balance", -65700.0),
            fig(2024, "autos", "balance", -36700.0),
        ]
    )
    context = pd.DataFrame(
        [
            {
                "reporter": "USA",
                "partner": "JPN",
                "period": 2024,
                "sector": "autos",
                "metric": "share_of_deficit_claimed",
                "value": 0.6667,
                "unit": "fraction",
                "source_id": "s",
                "note": "two-thirds",
            }
        ]
    )
    sectors = pd.DataFrame(
        [
            {
                "sector": "autos",
                "label": "Autos",
                "kind": "goods",
                "market": "private",
                "parent": "",
                "hs_codes": "8703",
                "note": "",
            }
        ]
    )
    events = pd.DataFrame(
        [
            {
                "partner": "JPN",
                "sector": "autos",
                "date": "2024-01-01",
                "status": "in_talks",
                "note": "",
                "source_id": "s",
            }
        ]
    )
    sources = pd.DataFrame(
        [{"source_id": "s", "publisher": "P", "title": "T", "date": "", "url": "https://e.org", "quote": ""}]
    )
    params = check_parameters(
        {
            "partner": "JPN",
            "focus_year": 2024,
            "compare_year": 2023,
            "as_of": "2024-06-01",
            "data_dir": "unused",
            "measure": "imports",
        }
    )
    report = DeficitReport(params, Dataset(figures, context, events, sectors, sources))

    assert round(float(report.composition().set_index("sector").loc["autos", "share"]), 4) == 0.3333
    assert round(float(report.claims().loc[0, "computed_share"]), 4) == 0.5586
