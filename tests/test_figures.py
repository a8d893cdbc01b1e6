"""Choosing one figure per sector and year, checked against the sources by hand.

Figures in USD millions from data/raw/us-japan-framework/figures.csv.
"""

from __future__ import annotations

import pandas as pd
import pytest

from deficit_report.analysis.figures import periods_with_total, sector_values


def value(values: pd.DataFrame, sector: str) -> pd.Series:
    return values.set_index("sector").loc[sector]


def test_1994_automotive_uses_the_press_figure_by_default(framework):
    # Chicago Tribune 1995-04-10: "reached $36.7 billion last year" (press) beats
    # USTR's rounded "$37 billion" (official_statement) in the default order.
    result = value(sector_values(framework.figures, "JPN", 1994), "automotive")
    assert result["value_usd_m"] == -36700
    assert (result["vintage"], result["source_id"]) == ("press", "ct-1995-04-10")
    assert "official_statement -37,000 (ustr-1995-05-10)" in result["alternatives"]


def test_vintage_order_parameter_switches_to_the_ustr_figure(framework):
    order = ("official_statement", "first_release", "press")
    result = value(sector_values(framework.figures, "JPN", 1994, order=order), "automotive")
    assert (result["value_usd_m"], result["source_id"]) == (-37000, "ustr-1995-05-10")


def test_1992_balance_comes_from_exports_minus_imports(framework):
    # State Dept. 1994 country report: exports 47.8, imports 97.2 -> 47.8 - 97.2 = -49.4 bn.
    result = value(sector_values(framework.figures, "JPN", 1992), "total")
    assert result["value_usd_m"] == 47800 - 97200 == -49400
    assert result["method"] == "exports - imports"
    assert result["source_id"] == "state-1994-japan"
    # The reported balances (-49.4 first release, -49.6 revised) are shown, not used.
    assert "first_release -49,400 (aama-1993-02-18)" in result["alternatives"]
    assert "revised -49,600 (state-1994-japan)" in result["alternatives"]


def test_1995_derived_balance_prefers_first_release_exports_and_imports(framework):
    # USTR NTE 1996: exports 64.3, imports 123.6 -> -59.3 (the revised -59.1 is a reported balance).
    result = value(sector_values(framework.figures, "JPN", 1995), "total")
    assert (result["value_usd_m"], result["vintage"]) == (64300 - 123600, "first_release")


def test_1994_total_is_the_only_figure_there_is(framework):
    result = value(sector_values(framework.figures, "JPN", 1994), "total")
    assert (result["value_usd_m"], result["method"], result["source_id"]) == (-65700, "reported", "ap-1995-02-18")


def test_a_sector_with_exports_only_has_no_balance(framework):
    # 1993 auto parts: only U.S. exports to Japan (1.13 bn) are known; no balance is made up.
    balances = sector_values(framework.figures, "JPN", 1993)
    assert "auto_parts" not in set(balances["sector"])
    exports = sector_values(framework.figures, "JPN", 1993, measure="exports")
    assert value(exports, "auto_parts")["value_usd_m"] == 1130


def test_years_with_a_total():
    figures = pd.DataFrame(
        {
            "partner": "JPN",
            "sector": "total",
            "period": [1992, 1992, 1993],
            "measure": ["exports", "imports", "exports"],
            "value_usd_m": [1.0, 2.0, 3.0],
        }
    )
    assert periods_with_total(figures, "JPN") == [1992]
    assert periods_with_total(figures, "JPN", "exports") == [1992, 1993]


def test_real_years_with_a_balance(framework):
    assert periods_with_total(framework.figures, "JPN") == list(range(1991, 1998))


@pytest.mark.parametrize(
    "year, expected", [(1991, -43400), (1993, 48000 - 107300), (1996, -47700), (1997, 65700 - 121400)]
)
def test_every_year_balance(framework, year, expected):
    assert value(sector_values(framework.figures, "JPN", year), "total")["value_usd_m"] == expected
