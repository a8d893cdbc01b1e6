"""Property-based tests of the parsers: well-formed answers round-trip; malformed ones raise UserInputError only."""

from __future__ import annotations

import json

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deficit_report.errors import UserInputError
from deficit_report.sources.census import parse_census_json, tidy_census
from deficit_report.sources.comtrade import parse_comtrade_csv, parse_comtrade_json, tidy_comtrade

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

countries = st.from_regex(r"[1-9][0-9]{3}", fullmatch=True)
hs_codes = st.from_regex(r"[0-9]{2}([0-9]{2}){0,2}", fullmatch=True)
census_rows = st.lists(st.tuples(hs_codes, countries, st.integers(0, 10**12), st.integers(2010, 2030),
                                 st.integers(1, 12)), max_size=30)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4), max_leaves=20)


@SETTINGS
@given(census_rows, st.booleans())
def test_well_formed_census_answers_round_trip(rows, repeat_predicate):
    header = ["I_COMMODITY", "CTY_CODE", "GEN_VAL_MO", "YEAR", "MONTH"] + (["CTY_CODE"] if repeat_predicate else [])
    body = [header] + [[h, c, str(v), str(y), f"{m:02d}"] + ([c] if repeat_predicate else [])
                       for h, c, v, y, m in rows]
    tidy = tidy_census(parse_census_json(json.dumps(body)))
    result = list(zip(tidy["hs_code"], tidy["partner_code"], tidy["value_usd"], tidy["year"], tidy["month"]))
    assert result == [tuple(r) for r in rows]


def census_pipeline(text):
    try:
        tidy_census(parse_census_json(text))
    except UserInputError:
        pass


@SETTINGS
@given(json_values)
def test_any_json_gives_rows_or_a_user_error(value):
    census_pipeline(json.dumps(value))


@SETTINGS
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=6), st.integers()), max_size=6), max_size=6))
def test_any_array_of_rows_gives_rows_or_a_user_error(rows):
    census_pipeline(json.dumps([["I_COMMODITY", "CTY_CODE", "GEN_VAL_MO", "YEAR", "MONTH"]] + rows))
    census_pipeline(json.dumps(rows))


@SETTINGS
@given(census_rows.filter(bool), st.data())
def test_truncated_census_answers_raise_a_user_error(rows, data):
    text = json.dumps([["I_COMMODITY", "CTY_CODE", "GEN_VAL_MO", "YEAR", "MONTH"]]
                      + [[h, c, str(v), str(y), f"{m:02d}"] for h, c, v, y, m in rows])
    cut = data.draw(st.integers(1, len(text) - 1))
    census_pipeline(text[:cut])


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_gives_rows_or_a_user_error(text):
    census_pipeline(text)
    for parse in (parse_comtrade_json, parse_comtrade_csv):
        try:
            tidy_comtrade(parse(text))
        except UserInputError:
            pass


comtrade_records = st.lists(st.fixed_dictionaries({
    "refYear": st.integers(1990, 2030), "refMonth": st.sampled_from([52] + list(range(1, 13))),
    "reporterCode": st.just(842), "partnerCode": st.integers(1, 999), "flowCode": st.sampled_from(["M", "X"]),
    "cmdCode": st.one_of(st.just("TOTAL"), hs_codes.filter(lambda c: len(c) <= 6)),
    "primaryValue": st.integers(0, 10**13), "customsCode": st.just("C00"), "motCode": st.just(0),
    "partner2Code": st.just(0)}), max_size=20, unique_by=lambda r: (r["refYear"], r["refMonth"], r["partnerCode"],
                                                                   r["flowCode"], r["cmdCode"]))


@SETTINGS
@given(comtrade_records)
def test_well_formed_comtrade_envelopes_round_trip(records):
    text = json.dumps({"elapsedTime": "0.1 secs", "count": len(records), "data": records, "error": ""})
    tidy = tidy_comtrade(parse_comtrade_json(text))
    expected = [(str(r["partnerCode"]), r["refYear"], 0 if r["refMonth"] == 52 else r["refMonth"],
                 "imports" if r["flowCode"] == "M" else "exports", r["cmdCode"], float(r["primaryValue"]))
                for r in records]
    result = list(tidy[["partner_code", "year", "month", "measure", "hs_code", "value_usd"]].itertuples(index=False,
                                                                                                         name=None))
    assert result == expected


@SETTINGS
@given(json_values, st.lists(st.dictionaries(st.sampled_from(["refYear", "refMonth", "reporterCode", "partnerCode",
                                                               "flowCode", "cmdCode", "primaryValue", "motCode"]),
                                             json_values, max_size=8), max_size=4))
def test_any_comtrade_json_gives_rows_or_a_user_error(value, records):
    for text in (json.dumps(value), json.dumps({"data": records, "error": ""})):
        try:
            tidy_comtrade(parse_comtrade_json(text))
        except UserInputError:
            pass


@SETTINGS
@given(st.lists(st.lists(st.text(alphabet="0123456789ABCMX ,.-", max_size=6), min_size=9, max_size=9), max_size=5))
def test_any_legacy_csv_gives_rows_or_a_user_error(rows):
    header = ["Year", "Period", "Trade Flow Code", "Reporter Code", "Reporter ISO", "Partner Code", "Partner ISO",
              "Commodity Code", "Trade Value (US$)"]
    text = pd.DataFrame(rows, columns=header).to_csv(index=False)
    try:
        tidy_comtrade(parse_comtrade_csv(text))
    except UserInputError:
        pass
