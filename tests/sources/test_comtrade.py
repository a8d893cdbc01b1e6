"""UN Comtrade: JSON envelope and both legacy CSV headers, M49 codes, annual rows, flows, CIF/FOB basis.

Expected values: the real USA-Japan 2023 totals in SOURCE_FORMATS.md, imports
(CIF) 151,580,564,290 and exports (FOB) 76,154,045,176 US$.
"""

from __future__ import annotations

import pandas as pd
import pytest
from source_helpers import FAKE_KEY, FIXTURES, Reply, files_containing

from deficit_report.cli import build_parser
from deficit_report.errors import UserInputError
from deficit_report.sources.comtrade import parse_comtrade_csv, parse_comtrade_json, tidy_comtrade

IMPORTS, EXPORTS = 151_580_564_290, 76_154_045_176


def load(name):
    return (FIXTURES / "comtrade" / name).read_text()


def test_json_envelope_gives_the_annual_total():
    tidy = tidy_comtrade(parse_comtrade_json(load("usa_jpn_2023_total_M.json")))
    assert tidy[["partner_code", "year", "month", "measure", "hs_code"]].values.tolist() == [
        ["392", 2023, 0, "imports", "TOTAL"]
    ]
    assert tidy["value_usd"].tolist() == [IMPORTS]
    assert tidy[["reporter_code", "reporter_iso", "partner_iso"]].values.tolist() == [["842", "USA", "JPN"]]


@pytest.mark.parametrize("name", ["usa_jpn_2023_total_legacy.csv", "usa_jpn_2023_total_legacy_machine.csv"])
def test_both_legacy_headers_give_the_same_rows(name):
    tidy = tidy_comtrade(parse_comtrade_csv(load(name)))
    result = tidy.set_index("measure")["value_usd"].to_dict()
    assert result == {"imports": IMPORTS, "exports": EXPORTS}
    assert set(tidy["partner_code"]) == {"392"} and set(tidy["reporter_code"]) == {"842"}
    assert set(tidy["month"]) == {0}


def test_flow_codes_keep_imports_and_exports_only():
    records = parse_comtrade_csv(load("usa_jpn_2023_total_legacy.csv"))
    # a copy of the import row relabelled as a re-export (3) and re-import (4): both must be left out
    extra = pd.concat([records.iloc[[0]].assign(flow="3"), records.iloc[[0]].assign(flow="4")])
    tidy = tidy_comtrade(pd.concat([records, extra], ignore_index=True))
    assert sorted(tidy["measure"]) == ["exports", "imports"]


def test_breakdown_rows_are_left_out_and_duplicates_refused():
    records = parse_comtrade_json(load("usa_jpn_2023_total_M.json"))
    by_mode = records.assign(mot="1000")  # a breakdown by transport mode, not the total
    assert tidy_comtrade(pd.concat([records, by_mode], ignore_index=True))["value_usd"].tolist() == [IMPORTS]
    with pytest.raises(UserInputError, match="several rows for imports TOTAL in 2023"):
        tidy_comtrade(pd.concat([records, records], ignore_index=True))


def test_monthly_periods_are_read_as_months():
    text = load("usa_jpn_2023_total_legacy.csv").replace(",2023,2023,2023,", ",2023,202301,January 2023,")
    assert set(tidy_comtrade(parse_comtrade_csv(text))["month"]) == {1}


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '{"elapsedTime": "0", "count": 0, "data": [], "error": "Invalid period"}',
            "answered an error: Invalid period",
        ),
        (
            '{"statusCode": 401, "message": "Access denied due to invalid subscription key."}',
            "key is missing or invalid",
        ),
        ('{"count": 1, "data": [', "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"data": [{"reporterCode": 842}]}', "has no .*column"),
        ("<html>Service unavailable</html>", "HTML page"),
    ],
)
def test_malformed_json_is_a_clear_error(text, message):
    with pytest.raises(UserInputError, match=message):
        parse_comtrade_json(text)


def test_bad_trade_value_names_the_record():
    text = load("usa_jpn_2023_total_legacy.csv").replace("76154045176", '"76,154 USD"')
    with pytest.raises(UserInputError, match="record 2: expected a trade value in US\\$, got '76,154 USD'"):
        parse_comtrade_csv(text)


def comtrade_args(tmp_path, server, *extra):
    parser = build_parser()
    return parser.parse_args(
        [
            "fetch",
            "comtrade",
            "--partner",
            "392",
            "--years",
            "2023",
            "--base-url",
            server.url + "/data/v1/get/C/A/HS",
            "--out",
            str(tmp_path / "ds"),
            "--raw-dir",
            str(tmp_path / "raw"),
            "--backoff",
            "0.01",
            *extra,
        ]
    )


def test_fetch_records_cif_imports_and_fob_exports(tmp_path, server, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    server.add_file("/data/v1/get/C/A/HS", "comtrade/usa_jpn_2023_total_M.json", flowCode="M")
    server.add_file("/data/v1/get/C/A/HS", "comtrade/usa_jpn_2023_total_X.json", flowCode="X")
    assert run_command(comtrade_args(tmp_path, server, "--flow", "imports")) == 0
    assert run_command(comtrade_args(tmp_path, server, "--flow", "exports")) == 0
    figures = pd.read_csv(tmp_path / "ds" / "figures.csv", dtype={"value_usd_m": str})
    result = figures.set_index("measure")[["reporter", "partner", "sector", "value_usd_m", "basis"]]
    assert result.loc["imports"].tolist() == [
        "USA",
        "JPN",
        "total",
        "151580.56429",
        "comtrade: CIF (reporter's imports)",
    ]
    assert result.loc["exports"].tolist() == [
        "USA",
        "JPN",
        "total",
        "76154.045176",
        "comtrade: FOB (reporter's exports)",
    ]
    request = server.requests[0]
    assert request["headers"]["Ocp-Apim-Subscription-Key"] == FAKE_KEY
    assert request["query"] == {
        "reporterCode": "842",
        "partnerCode": "392",
        "period": "2023",
        "cmdCode": "TOTAL",
        "flowCode": "M",
        "customsCode": "C00",
        "motCode": "0",
        "partner2Code": "0",
    }
    assert files_containing(tmp_path, FAKE_KEY) == []
    assert len(pd.read_csv(tmp_path / "raw" / "MANIFEST.csv")) == 2


def test_bad_key_is_named(tmp_path, server, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    server.add("/data/v1/get/C/A/HS", Reply(401, '{"statusCode": 401, "message": "Access denied"}'))
    with pytest.raises(UserInputError, match="set COMTRADE_API_KEY") as error:
        run_command(comtrade_args(tmp_path, server))
    assert FAKE_KEY not in str(error.value)


def test_fetch_from_a_legacy_file_keeps_a_copy(tmp_path, server, monkeypatch):
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    source = FIXTURES / "comtrade" / "usa_jpn_2023_total_legacy.csv"
    run_command(comtrade_args(tmp_path, server, "--file", str(source), "--flow", "exports"))
    assert server.requests == []
    figures = pd.read_csv(tmp_path / "ds" / "figures.csv", dtype={"value_usd_m": str})
    assert figures[["measure", "value_usd_m"]].values.tolist() == [["exports", "76154.045176"]]
    manifest = pd.read_csv(tmp_path / "raw" / "MANIFEST.csv", dtype=str)
    assert manifest["origin"].iloc[0].startswith("file://")
    assert (tmp_path / "raw" / manifest["file"].iloc[0]).read_bytes() == source.read_bytes()


def run_command(args):
    """Carry out parsed ``deficit-report`` arguments as ``main`` does, errors raised rather than printed."""
    return args.handler(args)
