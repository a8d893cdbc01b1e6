"""`deficit-report fetch census` end to end, against a real local HTTP server.

Expected values are worked out from the real Census files
(../shared/data/census-api-2013-2024), not from this code: Japan's HS2
imports sum to 147,206,391,795 dollars in 2023 and 148,370,517,793 in 2024
(the census README: 147,206.4 and 148,370.5 million); chapter 87 from Japan
is 49,539,188,781 dollars in 2023 (the twelve 2023 rows of chapter 87, 5880).
"""

from __future__ import annotations

import json
import logging
import shutil

import pandas as pd
import pytest
from source_helpers import FAKE_KEY, FIXTURES, Reply, files_containing

from deficit_report.cli import build_parser
from deficit_report.dataset.load import load_dataset
from deficit_report.errors import UserInputError
from deficit_report.paths import PROJECT_ROOT

CENSUS_PATH = "/imports/hs"


def census_fetch(tmp_path, server, *options):
    """Run ``deficit-report fetch census`` for Japan against the local server, into ``tmp_path``."""
    argv = ["fetch", "census", "--partner", "5880", "--base-url", server.url, "--out", str(tmp_path / "ds"),
            "--raw-dir", str(tmp_path / "raw"), *options]  # fmt: skip
    args = build_parser().parse_args(argv)
    return args.handler(args)  # as main() does, with errors raised rather than printed


def fetch(tmp_path, server, *extra):
    return census_fetch(tmp_path, server, "--flow", "imports", "--level", "HS2", "--years", "2023-2024",
                        "--retries", "2", "--timeout", "5", "--backoff", "0.01", *extra)  # fmt: skip


def serve_japan_years(server):
    for year in ("2023", "2024"):
        server.add_file(CENSUS_PATH, f"census/imports_hs2_5880_{year}_yr.json", YEAR=year)


def test_fetch_writes_canonical_figures_in_millions(tmp_path, server, census_key):
    serve_japan_years(server)
    assert fetch(tmp_path, server) == 0
    figures = pd.read_csv(tmp_path / "ds" / "figures.csv", dtype={"value_usd_m": str})
    total = figures[figures["sector"] == "total"].set_index("period")["value_usd_m"]
    assert total.to_dict() == {2023: "147206.391795", 2024: "148370.517793"}
    vehicles = figures.query("sector == 'vehicles_and_parts' and period == 2023")["value_usd_m"]
    assert vehicles.tolist() == ["49539.188781"]
    assert list(figures.columns) == [
        "reporter",
        "partner",
        "period",
        "sector",
        "measure",
        "value_usd_m",
        "basis",
        "vintage",
        "source_id",
        "note",
    ]
    assert set(figures["reporter"]) == {"USA"} and set(figures["partner"]) == {"JPN"}
    assert set(figures["measure"]) == {"imports"}
    assert figures["vintage"].str.fullmatch(r"retrieved_\d{4}_\d{2}_\d{2}").all()
    assert set(figures["sector"]) == {
        "total",
        "vehicles_and_parts",
        "machinery",
        "electrical_equipment",
        "instruments",
        "pharmaceuticals",
    }


def test_fetch_asks_for_december_year_to_date_with_the_key(tmp_path, server, census_key):
    serve_japan_years(server)
    fetch(tmp_path, server)
    queries = [r["query"] for r in server.requests]
    assert [q["YEAR"] for q in queries] == ["2023", "2024"]
    assert all(q["MONTH"] == "12" and q["COMM_LVL"] == "HS2" and q["CTY_CODE"] == "5880" for q in queries)
    assert all(q["get"].endswith("GEN_VAL_YR") and q["key"] == FAKE_KEY for q in queries)


def test_raw_answers_are_kept_with_a_manifest_without_key(tmp_path, server, census_key):
    serve_japan_years(server)
    fetch(tmp_path, server)
    manifest = pd.read_csv(tmp_path / "raw" / "MANIFEST.csv", dtype=str)
    assert list(manifest.columns) == ["file", "sha256", "origin", "retrieved", "vintage"]
    assert len(manifest) == 2
    first = manifest.iloc[0]
    assert (tmp_path / "raw" / first["file"]).read_bytes() == (
        FIXTURES / "census/imports_hs2_5880_2023_yr.json"
    ).read_bytes()
    assert first["origin"].startswith(server.url + "/imports/hs?get=") and "key" not in first["origin"]
    assert first["vintage"] == first["retrieved"][:10]


def test_a_second_pull_never_overwrites_raw_files(tmp_path, server, census_key):
    serve_japan_years(server)
    fetch(tmp_path, server)
    fetch(tmp_path, server)
    raw = sorted(p.name for p in (tmp_path / "raw").glob("*.json"))
    assert len(raw) == 4 and len(set(raw)) == 4
    assert len(pd.read_csv(tmp_path / "raw" / "MANIFEST.csv")) == 4
    # the same pull on the same day, same values: the first pull's figures are kept, never duplicated
    assert len(pd.read_csv(tmp_path / "ds" / "figures.csv")) == 12


def test_sources_name_each_request_without_key(tmp_path, server, census_key):
    serve_japan_years(server)
    fetch(tmp_path, server)
    sources = pd.read_csv(tmp_path / "ds" / "sources.csv", dtype=str)
    figures = pd.read_csv(tmp_path / "ds" / "figures.csv", dtype=str)
    assert len(sources) == 2 and set(figures["source_id"]) == set(sources["source_id"])
    # one source per request, in year order, each naming its year and no key
    assert [("YEAR=2023" in url, "YEAR=2024" in url, "key" in url) for url in sources["url"]] == [
        (True, False, False),
        (False, True, False),
    ]
    assert sources["quote"].str.contains("GEN_VAL_YR").all()


def complete_dataset(tmp_path, server):
    """Fetch Japan's 2023-2024 HS2 imports, then add the curated tables a user adds by hand."""
    serve_japan_years(server)
    fetch(tmp_path, server)
    curated = PROJECT_ROOT / "data" / "raw" / "us-japan-framework"
    ds = tmp_path / "ds"
    shutil.copy(curated / "context.csv", ds / "context.csv")
    events = pd.read_csv(curated / "status_events.csv", dtype=str, keep_default_na=False)
    # status events must name sectors of this dataset: keep the curated rows' shape, on a mapped sector
    events = events.head(1).assign(sector="vehicles_and_parts")
    events.to_csv(ds / "status_events.csv", index=False)
    sources = pd.concat(
        [
            pd.read_csv(ds / "sources.csv", dtype=str, keep_default_na=False),
            pd.read_csv(curated / "sources.csv", dtype=str, keep_default_na=False),
        ]
    )
    sources.to_csv(ds / "sources.csv", index=False)
    context = pd.read_csv(ds / "context.csv", dtype=str, keep_default_na=False).assign(sector="vehicles_and_parts")
    context.to_csv(ds / "context.csv", index=False)
    return ds


def test_dataset_folder_validates_once_status_and_context_are_added(tmp_path, server, census_key):
    dataset = load_dataset(complete_dataset(tmp_path, server))
    assert dataset.figures.query("sector == 'total' and period == 2023")["value_usd_m"].tolist() == [147206.391795]


def monthly_fetch(tmp_path, server):
    return census_fetch(tmp_path, server, "--years", "2024", "--monthly")


def test_monthly_pull_sums_the_twelve_months_of_a_year(tmp_path, server, census_key):
    server.add_file(CENSUS_PATH, "census/imports_hs2_5880_2024_mo.json")
    assert monthly_fetch(tmp_path, server) == 0
    assert server.requests[0]["query"]["time"] == "from 2024-01 to 2024-12"
    assert server.requests[0]["query"]["get"].endswith("GEN_VAL_MO")
    figures = pd.read_csv(tmp_path / "ds" / "figures.csv", dtype={"value_usd_m": str})
    assert set(figures["period"]) == {2024}
    # The 1,168 rows of CTY_CODE 5880, YEAR 2024 (twelve months) in the shared
    # imports_hs2_by_country_monthly_2023_2024.csv.gz, summed with awk: all chapters
    # 148,370,517,793 dollars (the census README's 148,370.5 million); chapter 87
    # 50,339,832,713; 84 35,218,913,028; 85 18,832,394,471; 90 7,067,586,358; 30 7,475,737,150.
    assert figures.set_index("sector")["value_usd_m"].to_dict() == {
        "total": "148370.517793",
        "vehicles_and_parts": "50339.832713",
        "machinery": "35218.913028",
        "electrical_equipment": "18832.394471",
        "instruments": "7067.586358",
        "pharmaceuticals": "7475.73715",
    }


def test_monthly_pull_makes_no_annual_figure_from_a_part_of_the_year(tmp_path, server, census_key):
    # The same real answer before December is published: its 2024-12 rows left out.
    rows = json.loads((FIXTURES / "census/imports_hs2_5880_2024_mo.json").read_text())
    eleven = [row for row in rows if row[5] != "2024-12"]
    assert len(rows) - len(eleven) == 98  # the 98 December rows, as in imports_hs2_5880_2024-12_mo.json
    server.add(CENSUS_PATH, Reply(body=json.dumps(eleven).encode()))
    assert monthly_fetch(tmp_path, server) == 0
    # eleven months are not a year: no annual figure is made up
    assert len(pd.read_csv(tmp_path / "ds" / "figures.csv")) == 0


def test_framework_map_needs_heading_level(tmp_path, server, census_key):
    serve_japan_years(server)
    with pytest.raises(UserInputError, match="4-digit prefixes but the data is at HS2"):
        fetch(tmp_path, server, "--sector-map", str(PROJECT_ROOT / "data/sector_maps/framework.csv"))


def test_redirect_to_the_key_sign_up_is_a_clear_error(tmp_path, server, census_key):
    # (an HTML page instead of JSON, the other answer to a bad key, is the catalogue's census-body-is-html)
    server.add(CENSUS_PATH, Reply(302, "", {"Location": "https://www.census.gov/data/key_signup.html"}))
    with pytest.raises(UserInputError, match="redirect.*key is missing or invalid \\(set CENSUS_API_KEY\\)"):
        fetch(tmp_path, server)
    assert not (tmp_path / "ds").exists()


def test_no_key_in_environment_stops_before_any_request(tmp_path, server, monkeypatch):
    monkeypatch.delenv("CENSUS_API_KEY", raising=False)
    with pytest.raises(UserInputError):  # the message: tests/bad_inputs, census-missing-api-key
        fetch(tmp_path, server)
    assert server.requests == []


def test_204_is_no_rows_not_an_error(tmp_path, server, census_key):
    server.add(CENSUS_PATH, Reply(204, b"", {}))
    assert fetch(tmp_path, server) == 0
    assert len(pd.read_csv(tmp_path / "ds" / "figures.csv")) == 0


def test_429_then_200_is_retried(tmp_path, server, census_key):
    body = (FIXTURES / "census/imports_hs2_5880_2023_yr.json").read_bytes()
    server.add(CENSUS_PATH, Reply(429, "Too Many Requests", {"Retry-After": "0"}), Reply(body=body), YEAR="2023")
    server.add(
        CENSUS_PATH, Reply(503, "busy"), Reply(500, "oops"), Reply(body=body.replace(b'"2023"', b'"2024"')), YEAR="2024"
    )
    assert fetch(tmp_path, server) == 0
    assert len(server.requests) == 5


def test_500s_after_every_retry_are_an_error(tmp_path, server, census_key):
    server.add(CENSUS_PATH, Reply(500, "Internal Server Error", {"Content-Type": "text/plain"}))
    with pytest.raises(UserInputError, match="HTTP 500 even after retries"):
        fetch(tmp_path, server)
    assert len(server.requests) == 3  # the first try and two retries


def test_no_answer_within_the_timeout_is_an_error(tmp_path, server, census_key):
    server.add(CENSUS_PATH, Reply(body=b"[]", delay=1.0))
    with pytest.raises(UserInputError, match="no answer within 0.2 s"):
        census_fetch(tmp_path, server, "--years", "2024", "--timeout", "0.2", "--retries", "1")
    assert len(server.requests) == 2


def test_key_appears_in_no_file_log_or_message(tmp_path, server, census_key, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    serve_japan_years(server)
    fetch(tmp_path, server)
    server.routes.clear()
    server.add(CENSUS_PATH, Reply(500, "down"))
    with pytest.raises(UserInputError) as error:
        fetch(tmp_path, server)
    server.routes.clear()
    server.add(CENSUS_PATH, Reply(302, "", {"Location": f"https://example.invalid/signup?key={FAKE_KEY}"}))
    with pytest.raises(UserInputError) as redirect:
        fetch(tmp_path, server)
    captured = capsys.readouterr()
    assert any("Retry" in r.getMessage() for r in caplog.records)  # urllib3 did log the retries...
    assert FAKE_KEY not in caplog.text  # ...without the key
    assert FAKE_KEY not in captured.out + captured.err
    assert FAKE_KEY not in str(error.value) + str(redirect.value)
    assert files_containing(tmp_path, FAKE_KEY) == []
    assert "Census" in captured.err  # the progress bar was shown


@pytest.mark.slow
def test_fetched_data_feeds_the_report_through_a_named_run(tmp_path, server, census_key):
    # No code change: a named run pointing at the fetched folder runs the same notebook.
    from deficit_report.cli import main

    ds = complete_dataset(tmp_path, server)
    params = tmp_path / "params"
    params.mkdir()
    (params / "fetched.yaml").write_text(
        f"partner: JPN\nfocus_year: 2024\ncompare_year: 2023\nas_of: '2025-01-01'\nmeasure: imports\n"
        f"data_dir: {ds}\ntitle: Fetched Census imports\n",
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    assert main(["run", "fetched", "--params-dir", str(params), "--output-dir", str(out), "--quiet"]) == 0
    html = (out / "fetched" / "report.html").read_text(encoding="utf-8")
    # Chapter 87 from Japan in 2024: 50,339,832,713 of 148,370,517,793 dollars = 33.9%.
    assert "33.9%" in html and "Fetched Census imports" in html
