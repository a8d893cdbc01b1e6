"""Census answers -> tidy rows: header, strings, dollars to millions, columns by name, country groups.

Expected values come from the real files (see tests/fixtures/README.md):
Japan's December 2024 imports are 12,452,257,277 dollars in the country-total
file; chapter 87 from Japan that month is 4,450,681,246.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from source_helpers import FIXTURES

from deficit_report.errors import UserInputError
from deficit_report.sources.canonical import millions
from deficit_report.sources.census import census_url, parse_census_json, tidy_census


def load(name):
    return (FIXTURES / "census" / name).read_text()


def test_header_row_names_columns_and_values_stay_strings():
    frame = parse_census_json(load("imports_hs2_5880_2024-12_mo.json"))
    assert list(frame.columns) == [
        "I_COMMODITY",
        "I_COMMODITY_SDESC",
        "CTY_CODE",
        "CTY_NAME",
        "GEN_VAL_MO",
        "YEAR",
        "MONTH",
        "COMM_LVL",
    ]
    assert frame.loc[0].tolist() == ["01", "LIVE ANIMALS", "5880", "JAPAN", "617199", "2024", "12", "HS2"]


def test_repeated_predicate_column_is_kept_once():
    text = load("imports_hs2_5880_2024-12_mo.json")
    assert json.loads(text)[0].count("CTY_CODE") == 2
    assert list(parse_census_json(text).columns).count("CTY_CODE") == 1


def test_columns_are_picked_by_name_not_position():
    frame = parse_census_json(load("imports_hs2_5880_2024-12_mo.json"))
    shuffled = frame[list(reversed(frame.columns))].assign(EXTRA="x")
    pd.testing.assert_frame_equal(tidy_census(shuffled), tidy_census(frame))


def test_december_2024_japan_sums_to_the_country_total():
    tidy = tidy_census(parse_census_json(load("imports_hs2_5880_2024-12_mo.json")))
    assert int(tidy["value_usd"].sum()) == 12_452_257_277
    assert set(tidy["month"]) == {12} and set(tidy["year"]) == {2024}


def test_dollars_become_millions_exactly():
    result = millions(pd.Series([147206391795, 75794402717, 1]))
    assert result.tolist() == [147206.391795, 75794.402717, 0.000001]


def test_annual_year_to_date_is_month_zero_and_sums_to_the_census_total():
    tidy = tidy_census(parse_census_json(load("imports_hs2_5880_2023_yr.json")))
    assert set(tidy["month"]) == {0}
    assert int(tidy["value_usd"].sum()) == 147_206_391_795


def test_year_to_date_before_december_is_refused():
    text = load("imports_hs2_5880_2023_yr.json").replace('"2023", "12"', '"2023", "06"')
    with pytest.raises(UserInputError, match="only December's is an annual total"):
        tidy_census(parse_census_json(text))


def test_country_groups_are_dropped_and_countries_kept():
    tidy = tidy_census(parse_census_json(load("imports_hs2_ch87_all_2024-12_mo.json")))
    # '-', 0003, 0014, 0020, 0021, 1XXX, 4XXX, 5XXX are groups; 4000 (Iceland) and 5700 (China) are countries
    assert sorted(tidy["partner_code"]) == ["1220", "2010", "4000", "5700", "5880"]
    assert tidy.set_index("partner_code").loc["5880", "value_usd"] == 4_450_681_246
    assert (tidy["month"] == 12).all()  # from the "time" predicate 2024-12


def test_totals_without_commodity_column_are_exports_of_the_partner():
    tidy = tidy_census(parse_census_json(load("exports_total_5880_2023_mo.json")))
    assert set(tidy["measure"]) == {"exports"} and set(tidy["hs_code"]) == {"TOTAL"}
    assert int(tidy["value_usd"].sum()) == 75_794_402_717  # SOURCE_FORMATS.md: Census 2023 exports (f.a.s.)


def test_204_and_empty_body_mean_no_rows():
    assert parse_census_json("", status=204).empty
    assert tidy_census(parse_census_json("", status=204)).empty


# An HTML page and JSON cut short: tests/bad_inputs (census-body-is-html, census-truncated-json).
@pytest.mark.parametrize(
    "text, message",
    [
        ('{"error": "x"}', "not a JSON array of rows"),
        ('[["CTY_CODE","GEN_VAL_MO"],["5880"]]', "row 2 has 1 values, the header 2"),
        ('[["CTY_CODE","GEN_VAL_MO"],["5880", 12]]', "row 2 holds a value that is not a string"),
        ("[[1, 2]]", "first row is not a header"),
    ],
)
def test_malformed_answers_are_clear_errors(text, message):
    with pytest.raises(UserInputError, match=message):
        parse_census_json(text)


def test_http_error_answer_shows_the_message():
    with pytest.raises(UserInputError, match="HTTP 400: error: unknown variable 'GEN_VAL_XX'"):
        parse_census_json("error: unknown variable 'GEN_VAL_XX'", status=400)


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("GEN_VAL_MO", "1,234", "whole dollars"),
        ("GEN_VAL_MO", None, "whole dollars"),
        ("I_COMMODITY", "8X", "an HS code"),
        ("MONTH", "13", "a month 01-12"),
    ],
)
def test_bad_values_name_the_row_and_column(column, value, expected):
    frame = parse_census_json(load("imports_hs2_5880_2024-12_mo.json"))
    frame.loc[3, column] = value
    with pytest.raises(UserInputError, match=f"data row 4, column '{column}': expected {expected}"):
        tidy_census(frame)


def test_missing_value_column_is_named():
    frame = parse_census_json(load("imports_hs2_5880_2024-12_mo.json")).drop(columns="GEN_VAL_MO")
    with pytest.raises(UserInputError, match="has no value column"):
        tidy_census(frame)


def test_url_puts_predicates_in_a_stable_order():
    url = census_url("http://127.0.0.1:1", "exports", "HS4", "5700", 2023, monthly=True)
    assert url == (
        "http://127.0.0.1:1/exports/hs?get=E_COMMODITY,E_COMMODITY_SDESC,CTY_CODE,CTY_NAME,ALL_VAL_MO"
        "&time=from+2023-01+to+2023-12&COMM_LVL=HS4&CTY_CODE=5700"
    )
