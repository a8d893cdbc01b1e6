"""Property-based tests of the parsers: well-formed answers round-trip; malformed ones raise UserInputError only.

A property "rows or a user error" is checked on both of its branches: rows must
have the tidy shape (and, for an input built well formed, exactly its rows); an
error must be a one-line :class:`UserInputError`. Each strategy mixes
well-formed answers into the random ones, and each test counts its outcomes
and fails if a normal run never reached one of the branches.
"""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from deficit_report.errors import UserInputError
from deficit_report.sources.census import parse_census_json, tidy_census
from deficit_report.sources.comtrade import parse_comtrade_csv, parse_comtrade_json, tidy_comtrade

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: The tidy columns, written out: what every source's rows must come out as.
TIDY = ["partner_code", "year", "month", "measure", "hs_code", "value_usd"]
CENSUS_HEADER = ["I_COMMODITY", "CTY_CODE", "GEN_VAL_MO", "YEAR", "MONTH"]
LEGACY_HEADER = [
    "Year",
    "Period",
    "Trade Flow Code",
    "Reporter Code",
    "Reporter ISO",
    "Partner Code",
    "Partner ISO",
    "Commodity Code",
    "Trade Value (US$)",
]

countries = st.from_regex(r"[1-9][0-9]{3}", fullmatch=True)
hs_codes = st.from_regex(r"[0-9]{2}([0-9]{2}){0,2}", fullmatch=True)
census_row = st.tuples(hs_codes, countries, st.integers(0, 10**12), st.integers(2010, 2030), st.integers(1, 12))
census_rows = st.lists(census_row, max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def census_cells(row) -> list[str]:
    """One Census answer row as the API writes it: every value a string."""
    h, c, v, y, m = row
    return [h, c, str(v), str(y), f"{m:02d}"]


def census_body(rows) -> list[list[str]]:
    return [CENSUS_HEADER] + [census_cells(r) for r in rows]


def outcome(parse) -> tuple[str, object]:
    """Run ``parse()``; return ("rows", frame) or ("error", message). Any other exception fails the test."""
    try:
        return "rows", parse()
    except UserInputError as exc:
        message = str(exc)
        assert message and "\n" not in message, f"not a one-line message: {message!r}"
        return "error", message


def census(text: str) -> tuple[str, object]:
    kind, result = outcome(lambda: tidy_census(parse_census_json(text)))
    if kind == "rows":
        assert_census_tidy(result)
    event(f"census: {kind}")
    return kind, result


def assert_census_tidy(tidy: pd.DataFrame) -> None:
    """What any Census rows must look like: single countries, whole dollars, months 0-12."""
    assert list(tidy.columns) == TIDY
    assert [str(tidy[c].dtype) for c in ("year", "month", "value_usd")] == ["int64"] * 3
    assert tidy["partner_code"].str.fullmatch(r"[1-9][0-9]{3}").all()  # country groups are dropped
    assert tidy["month"].between(0, 12).all() and (tidy["value_usd"] >= 0).all()
    assert set(tidy["measure"]) <= {"imports", "exports"}
    assert tidy["hs_code"].str.fullmatch(r"TOTAL|[0-9]{2,10}").all()


def assert_comtrade_tidy(tidy: pd.DataFrame) -> None:
    """What any Comtrade rows must look like: totals of imports or exports, months 0-12, values >= 0."""
    assert list(tidy.columns) == TIDY + ["reporter_code", "reporter_iso", "partner_iso"]
    assert tidy["month"].between(0, 12).all() and (tidy["value_usd"] >= 0).all()
    assert set(tidy["measure"]) <= {"imports", "exports"}
    assert tidy["hs_code"].str.fullmatch(r"TOTAL|[0-9]{2,6}").all()


def comtrade(parse, text: str) -> tuple[str, object]:
    kind, result = outcome(lambda: tidy_comtrade(parse(text)))
    if kind == "rows":
        assert_comtrade_tidy(result)
    event(f"{parse.__name__}: {kind}")
    return kind, result


def assert_both_branches(seen: Counter, *names: str) -> None:
    for name in names:
        assert seen[name, "rows"] and seen[name, "error"], f"{name}: a branch never reached: {dict(seen)}"


@SETTINGS
@given(census_rows, st.booleans())
def test_well_formed_census_answers_round_trip(rows, repeat_predicate):
    header = CENSUS_HEADER + (["CTY_CODE"] if repeat_predicate else [])
    body = [header] + [census_cells(r) + ([r[1]] if repeat_predicate else []) for r in rows]
    tidy = tidy_census(parse_census_json(json.dumps(body)))
    result = list(zip(tidy["hs_code"], tidy["partner_code"], tidy["value_usd"], tidy["year"], tidy["month"]))
    assert result == [tuple(r) for r in rows]


def test_any_json_gives_rows_or_a_user_error():
    seen = Counter()

    # Random JSON, or a well-formed answer whose rows are known.
    @SETTINGS
    @given(st.one_of(json_values.map(lambda v: (v, None)), census_rows.map(lambda r: (census_body(r), r))))
    def check(case):
        value, rows = case
        kind, result = census(json.dumps(value))
        seen["census", kind] += 1
        if rows is not None:
            assert kind == "rows"
            assert result["value_usd"].tolist() == [r[2] for r in rows]

    check()
    assert_both_branches(seen, "census")


any_cell = st.one_of(st.none(), st.text(max_size=6), st.integers())
any_row = st.lists(any_cell, max_size=6)


def test_any_array_of_rows_gives_rows_or_a_user_error():
    seen = Counter()

    # Each row random or well formed: when all are well formed, the rows must come back.
    @SETTINGS
    @given(
        st.lists(
            st.one_of(any_row.map(lambda r: (r, None)), census_row.map(lambda r: (census_cells(r), r))), max_size=6
        )
    )
    def check(rows):
        cells = [r for r, _ in rows]
        kind, result = census(json.dumps([CENSUS_HEADER] + cells))
        seen["with header", kind] += 1
        if all(known is not None for _, known in rows):
            assert kind == "rows" and len(result) == len(rows)
        census(json.dumps(cells))

    check()
    assert_both_branches(seen, "with header")


@SETTINGS
@given(census_rows.filter(bool), st.data())
def test_truncated_census_answers_raise_a_user_error(rows, data):
    text = json.dumps(census_body(rows))
    cut = data.draw(st.integers(1, len(text) - 1))
    # A proper prefix of a JSON array never closes it, so it can never pass as an answer.
    with pytest.raises(UserInputError) as error:
        tidy_census(parse_census_json(text[:cut]))
    assert "\n" not in str(error.value)


def comtrade_envelope(records) -> str:
    return json.dumps({"elapsedTime": "0.1 secs", "count": len(records), "data": records, "error": ""})


comtrade_records = st.lists(
    st.fixed_dictionaries(
        {
            "refYear": st.integers(1990, 2030),
            "refMonth": st.sampled_from([52] + list(range(1, 13))),
            "reporterCode": st.just(842),
            "partnerCode": st.integers(1, 999),
            "flowCode": st.sampled_from(["M", "X"]),
            "cmdCode": st.one_of(st.just("TOTAL"), hs_codes.filter(lambda c: len(c) <= 6)),
            "primaryValue": st.integers(0, 10**13),
            "customsCode": st.just("C00"),
            "motCode": st.just(0),
            "partner2Code": st.just(0),
        }
    ),
    max_size=20,
    unique_by=lambda r: (r["refYear"], r["refMonth"], r["partnerCode"], r["flowCode"], r["cmdCode"]),
)

legacy_rows = st.lists(
    st.tuples(
        st.integers(1990, 2030),
        st.sampled_from(["", "01", "06", "12"]),
        st.sampled_from(["1", "2", "M", "X"]),
        st.integers(1, 999),
        st.one_of(st.just("TOTAL"), hs_codes),
        st.integers(0, 10**13),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: (r[0], r[1], r[3], r[2] in ("1", "M"), r[4]),
)


def legacy_csv(rows) -> str:
    """A legacy Comtrade CSV with the US as reporter and the given rows."""
    frame = pd.DataFrame(
        [[y, f"{y}{m}", flow, "842", "USA", p, "", hs, v] for y, m, flow, p, hs, v in rows], columns=LEGACY_HEADER
    )
    return frame.to_csv(index=False)


def test_any_text_gives_rows_or_a_user_error():
    seen = Counter()

    @SETTINGS
    @given(
        st.one_of(
            st.text(max_size=200),
            census_rows.map(lambda r: json.dumps(census_body(r))),
            comtrade_records.map(comtrade_envelope),
            legacy_rows.map(legacy_csv),
        )
    )
    def check(text):
        seen["census", census(text)[0]] += 1
        for parse in (parse_comtrade_json, parse_comtrade_csv):
            seen[parse.__name__, comtrade(parse, text)[0]] += 1

    check()
    assert_both_branches(seen, "census", "parse_comtrade_json", "parse_comtrade_csv")


@SETTINGS
@given(comtrade_records)
def test_well_formed_comtrade_envelopes_round_trip(records):
    tidy = tidy_comtrade(parse_comtrade_json(comtrade_envelope(records)))
    expected = [
        (
            str(r["partnerCode"]),
            r["refYear"],
            0 if r["refMonth"] == 52 else r["refMonth"],
            "imports" if r["flowCode"] == "M" else "exports",
            r["cmdCode"],
            float(r["primaryValue"]),
        )
        for r in records
    ]
    result = list(
        tidy[["partner_code", "year", "month", "measure", "hs_code", "value_usd"]].itertuples(index=False, name=None)
    )
    assert result == expected


@SETTINGS
@given(legacy_rows)
def test_well_formed_legacy_csv_round_trips(rows):
    tidy = tidy_comtrade(parse_comtrade_csv(legacy_csv(rows)))
    expected = [
        (str(p), y, int(m or 0), "imports" if flow in ("1", "M") else "exports", hs, float(v))
        for y, m, flow, p, hs, v in rows
    ]
    assert list(tidy[TIDY].itertuples(index=False, name=None)) == expected


def test_any_comtrade_json_gives_rows_or_a_user_error():
    seen = Counter()
    fields = st.sampled_from(
        ["refYear", "refMonth", "reporterCode", "partnerCode", "flowCode", "cmdCode", "primaryValue", "motCode"]
    )

    @SETTINGS
    @given(
        json_values, st.one_of(st.lists(st.dictionaries(fields, json_values, max_size=8), max_size=4), comtrade_records)
    )
    def check(value, records):
        for text in (json.dumps(value), json.dumps({"data": records, "error": ""})):
            seen["comtrade", comtrade(parse_comtrade_json, text)[0]] += 1

    check()
    assert_both_branches(seen, "comtrade")


def test_any_legacy_csv_gives_rows_or_a_user_error():
    seen = Counter()
    random_rows = st.lists(
        st.lists(st.text(alphabet="0123456789ABCMX ,.-", max_size=6), min_size=9, max_size=9), min_size=1, max_size=5
    )

    @SETTINGS
    @given(
        st.one_of(
            random_rows.map(lambda rows: pd.DataFrame(rows, columns=LEGACY_HEADER).to_csv(index=False)),
            legacy_rows.map(legacy_csv),
        )
    )
    def check(text):
        seen["legacy", comtrade(parse_comtrade_csv, text)[0]] += 1

    check()
    assert_both_branches(seen, "legacy")
