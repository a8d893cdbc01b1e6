"""Composition of the deficit: shares, the remainder, parents and children, services.

Hand-worked from figures.csv: 1994 total -65.7 bn (AP, first release); automotive
-36.7 bn (Chicago Tribune, press) -> 36.7 / 65.7 = 55.86%; remainder 29.0 / 65.7 = 44.14%.
"""

from __future__ import annotations

import pandas as pd
import pytest

from deficit_report.analysis.composition import composition, counted_sectors
from deficit_report.analysis.figures import sector_values


def shares(framework, year, order=None):
    kwargs = {"order": order} if order else {}
    comp = composition(sector_values(framework.figures, "JPN", year, **kwargs), framework.sectors)
    return comp.set_index("sector")


def test_1994_automotive_share_and_remainder(framework):
    result = shares(framework, 1994)
    assert result.loc["automotive", "share"] == pytest.approx(36.7 / 65.7)
    assert round(result.loc["automotive", "share"] * 100, 1) == 55.9
    assert result.loc["all_other_goods", "value_usd_m"] == -65700 + 36700
    assert round(result.loc["all_other_goods", "share"] * 100, 1) == 44.1


def test_counted_shares_add_up_to_one(framework):
    result = shares(framework, 1994)
    assert result.loc[result["counted"], "share"].sum() == pytest.approx(1.0)
    # The sum holds by construction (the remainder is the difference), so check the remainder
    # itself by hand: figures.csv line 11 (total -65,700) minus line 25 (automotive -36,700).
    assert list(result.index[result["counted"]]) == ["automotive", "all_other_goods"]
    assert result.loc["all_other_goods", "value_usd_m"] == -29000.0
    assert result.loc["all_other_goods", "share"] == pytest.approx(29.0 / 65.7)  # 44.1%


def test_1992_remainder_by_hand(framework):
    # figures.csv lines 4-5: exports 47,800 - imports 97,200 = -49,400 (the same as line 3's first
    # release); line 23: automotive -29,800 (Commerce estimate). Remainder -19,600 = 39.7%.
    result = shares(framework, 1992)
    assert result.loc["all_other_goods", "value_usd_m"] == -19600.0
    assert round(result.loc["all_other_goods", "share"] * 100, 1) == 39.7


def test_1994_with_the_ustr_figure_gives_56_3_percent(framework):
    result = shares(framework, 1994, order=("official_statement",))
    assert round(result.loc["automotive", "share"] * 100, 1) == 56.3  # 37.0 / 65.7
    assert round(result.loc["all_other_goods", "share"] * 100, 1) == 43.7  # 28.7 / 65.7


def test_1992_automotive_share(framework):
    # Commerce estimate -29.8 bn over -49.4 bn (exports 47.8 - imports 97.2) = 60.3%.
    assert round(shares(framework, 1992).loc["automotive", "share"] * 100, 1) == 60.3


def test_children_of_a_counted_parent_are_not_counted_again(framework):
    result = shares(framework, 1994)
    assert not result.loc[["autos", "auto_parts"], "counted"].any()
    assert set(result.loc[["autos", "auto_parts"], "figure_note"]) == {"counted in automotive"}


def test_sectors_without_a_figure_are_listed_inside_the_remainder(framework):
    result = shares(framework, 1994)
    for sector in ("medical_equipment", "telecom_equipment"):
        assert pd.isna(result.loc[sector, "value_usd_m"])
        assert result.loc[sector, "figure_note"] == "no figure: inside all other goods"


def test_services_stay_out_of_the_goods_balance(framework):
    result = shares(framework, 1994)
    assert not result.loc["insurance", "counted"]
    assert result.loc["insurance", "figure_note"] == "a service: outside the goods balance"


def test_parent_is_counted_when_only_one_child_has_a_figure(framework):
    # 1990: automotive -31.0 and auto parts -10.5 (part of it); autos alone unknown.
    assert counted_sectors(framework.sectors, {"automotive", "auto_parts"}) == ["automotive"]


def test_children_are_counted_when_all_have_figures(framework):
    assert counted_sectors(framework.sectors, {"automotive", "autos", "auto_parts"}) == ["autos", "auto_parts"]


def test_services_sector_with_a_figure_is_still_not_counted(framework):
    assert counted_sectors(framework.sectors, {"insurance", "medical_equipment"}) == ["medical_equipment"]


def test_composition_with_children_only():
    sectors = pd.DataFrame(
        {
            "sector": ["automotive", "autos", "auto_parts"],
            "label": ["A", "Cars", "Parts"],
            "kind": "goods",
            "market": "private",
            "parent": ["", "automotive", "automotive"],
            "hs_codes": ["87", "8703", "8708"],
        }
    )
    values = pd.DataFrame(
        {
            "sector": ["autos", "auto_parts", "total"],
            "value_usd_m": [-20.0, -10.0, -50.0],
            "method": "reported",
            "vintage": "v",
            "basis": "b",
            "source_id": "s",
            "alternatives": "",
        }
    )
    result = composition(values, sectors).set_index("sector")
    assert list(result.index[result["counted"]]) == ["autos", "auto_parts", "all_other_goods"]
    assert result.loc["all_other_goods", "value_usd_m"] == -20.0
    assert result.loc["automotive", "figure_note"] == "counted at its children (autos, auto_parts)"
