"""``deficit-report world`` (issue 22): every partner's balance, change, largest sector, contributors; the world index.

Values by hand from the shipped USA Trade Online files (data/raw/usa-trade-online-naics/):

    zcat exports_naics3_by_country_2020_2026m01.csv.gz | grep -E '^All States,(All Commodities|336 Transportation Equipment),Japan,202[45],'
    zcat imports_naics3_by_country_2020_2026m01.csv.gz | grep -E '"(All Commodities|336 Transportation Equipment)","Japan","202[45]"'

give, in dollars: exports 2024 78,978,400,465 and 2025 82,067,282,041; imports 2024 148,370,517,793 and 2025
145,950,309,794; NAICS 336 exports 2024 8,604,896,157 and 2025 9,241,195,616, imports 2024 57,108,709,130 and
2025 52,669,977,786. So Japan's balance is -63,883.0 million in 2025 and -69,392.1 in 2024 (change +5,509.1);
NAICS 336's balance is -43,428.8 (68.0% of the deficit) and moved by +5,075.0.

The full batch (every partner) is a benchmark (benchmarks/bench_world.py); CI runs a slice of two partners.
"""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest

from deficit_report.analysis.world import world_rows
from deficit_report.cli import main
from deficit_report.errors import UserInputError
from deficit_report.paths import RAW_DIR
from deficit_report.running.world import check_years, choose_partners
from deficit_report.sources.usa_trade_online import figures_of, read_countries, read_saved_files, vintage_of

FILES = sorted((RAW_DIR / "usa-trade-online-naics").glob("*.csv.gz"))


@pytest.fixture(scope="module")
def saved():
    return read_saved_files(FILES)


@pytest.fixture(scope="module")
def rows(saved):
    figures = figures_of(saved, vintage=vintage_of(saved))
    return world_rows(figures.assign(value_usd_m=figures["value_usd_m"].astype(float)), 2025, 2024)


def test_japan_row_by_hand(rows):
    japan = rows.set_index("partner").loc["JPN"]
    assert round(japan["balance_usd_m"], 1) == -63883.0
    assert round(japan["change_usd_m"], 1) == 5509.1
    assert japan["largest_sector"] == "naics_336" and round(japan["largest_share"], 3) == 0.680
    first, *_ = japan["contributors"]
    assert first[0] == "naics_336" and round(first[1], 1) == 5075.0
    assert len(japan["contributors"]) == 3
    # each contributor moved the balance in the direction of the change (a narrower deficit: up)
    assert all(usd_m > 0 for _, usd_m in japan["contributors"])


def test_every_partner_with_both_flows_in_both_years_is_a_row(rows):
    # 234 partners in the files; two lack a flow or a year (counted from the files by the country table).
    assert len(rows) == 232 and rows["partner"].is_unique
    assert {"JPN", "CHN", "KOR", "MEX", "CAN"} <= set(rows["partner"])


def test_threshold_keeps_partners_whose_deficit_or_surplus_reaches_it(rows):
    countries = read_countries()
    at_60 = set(choose_partners(rows, 60_000, None, countries)["partner"])
    at_100 = set(choose_partners(rows, 100_000, None, countries)["partner"])
    # Japan's deficit is 63.9 bn (by hand above), Mexico's 196.9 bn and China's 202.1 bn (same files)
    assert "JPN" in at_60 and "JPN" not in at_100 and {"CHN", "MEX"} <= at_100
    assert set(choose_partners(rows, 0, ["Korea, South"], countries)["partner"]) == {"KOR"}


def test_a_year_to_date_period_is_not_a_year(saved):
    with pytest.raises(UserInputError, match=r"2026 only as January 2026 \(year to date\), a year-to-date period"):
        check_years(saved, 2026, 2025)
    with pytest.raises(UserInputError, match="has no 2019"):
        check_years(saved, 2025, 2019)


@pytest.fixture(scope="module")
def world_slice(tmp_path_factory):
    out = tmp_path_factory.mktemp("world")
    code = main(
        ["world", *map(str, FILES), "--year", "2025", "--compare", "2024", "--out", str(out),
         "--partner", "Japan", "--partner", "Aruba", "--workers", "2", "--quiet"]
    )  # fmt: skip
    assert code == 0
    return out


@pytest.mark.slow
def test_world_slice_writes_reports_and_an_index_with_hand_values(world_slice):
    page = (world_slice / "index.html").read_text(encoding="utf-8")
    assert '<a href="japan/report.html">Japan</a>' in page and '<a href="aruba/report.html">Aruba</a>' in page
    japan = re.search(r"<tr>\s*<td class=\"name\"><a href=\"japan/report.html\">Japan</a>.*?</tr>", page, re.S)[0]
    assert ">-63.9<" in japan and ">+5.5<" in japan
    assert "Transportation Equipment: 68.0% of the deficit (-43.4)" in japan
    assert "Transportation Equipment +5.1" in japan and "no status data" in japan
    assert "Content-Security-Policy" in page and "<script src" not in page
    report = (world_slice / "japan" / "report.html").read_text(encoding="utf-8")
    assert "status data are not available for this report" in report  # the title block; the sections are left out
    assert "held at most 0.0%" not in report and "no status: 100" not in report
    assert "Transportation Equipment held 68.0% of the 2025 deficit" in report


@pytest.mark.slow
@pytest.mark.browser
def test_world_index_fits_1280_and_sorts_under_its_csp(world_slice):
    if os.environ.get("DEFICIT_REPORT_SKIP_BROWSER") == "1" or not os.access("/usr/bin/chromium", os.X_OK):
        pytest.skip("no Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((world_slice / "index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        first = "document.querySelector('tbody tr td').textContent.trim()"
        assert page.evaluate(first) == "Japan"  # largest deficit first
        page.click("th:nth-child(2)")  # balance, ascending by value: Japan's -63.9 before Aruba's +0.6
        assert page.evaluate(first) == "Japan"
        page.click("th:nth-child(2)")
        assert page.evaluate(first) == "Aruba"
        assert errors == []  # a script blocked by the CSP would log an error here
        browser.close()


def test_partner_names_are_words_not_codes(rows):
    names = read_countries().set_index("partner")["name"]
    assert names["KOR"] == "Korea, South" and names["CTY4803"] == "Kosovo"
    assert pd.Series(rows["partner"]).isin(names.index).all()
