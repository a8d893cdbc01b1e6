"""Key findings of the U.S.-China run, each sentence against text worked out by hand from the files.

Every number below was summed from data/raw/us-china-tradewar (figures.csv, tariffs.csv,
outcomes.csv, deals.csv), line numbers cited, not copied from the code's output. Figures in USD
millions; sentences in billions with one decimal. The sector rows are the vintage tracker_naics
(31 export rows, 30 import rows per year); the country totals are census_2025.
"""

from __future__ import annotations

import pytest

from deficit_report.analysis.report import open_report
from deficit_report.paths import PARAMS_DIR
from deficit_report.running.runs import load_run


@pytest.fixture(scope="module")
def china():
    return open_report(**load_run("us-china-2019", PARAMS_DIR)).key_findings().set_index("finding")


def test_china_findings_in_order(china):
    # no "within_reach" (it printed "at most 0.0% of the deficit": every status event names a flow) and no
    # "contribution" ("+$26.7 bn change in the deficit" read as a wider deficit): the flow-aware ones instead
    # issue 20: with product-level data the dollars covered per list and per wave lead, and the per-flow
    # bounds ("0.0% to at most 95.6%") move to the detail (Coverage per flow)
    assert list(china.index) == [
        "balance_by_flow", "largest_sector", "dollars_covered", "drivers", "tariff_exposure", "deal_share_met",
    ]  # fmt: skip


def test_china_balance_by_flow(china):
    # figures.csv, tracker_naics rows summed: 2017 exports 129,797.587 (31 rows), imports 497,555.332 (30 rows);
    # 2019 exports 106,138.333, imports 447,182.246. Exports 129.8 -> 106.1 (-23.659 -> -$23.7 bn); imports
    # 497.6 -> 447.2 (-50.373 -> -$50.4 bn); balance 129,797.587 - 497,555.332 = -367,757.745 -> -$367.8 bn and
    # 106,138.333 - 447,182.246 = -341,043.913 -> -$341.0 bn; change +26,713.832 -> +$26.7 bn.
    # Country totals, lines 193-194: 129,997.227 - 505,165.098 = -375,167.871 -> -$375.2 bn; lines 319-320:
    # 106,481.217 - 449,110.677 = -342,629.459 -> -$342.6 bn.
    row = china.loc["balance_by_flow"]
    assert row.text == (
        "On the sector rows (vintage tracker_naics), U.S. exports to CHN fell from $129.8 bn in 2017 to $106.1 bn "
        "in 2019 (-$23.7 bn) and imports from CHN fell from $497.6 bn to $447.2 bn (-$50.4 bn): the balance went "
        "from -$367.8 bn to -$341.0 bn (+$26.7 bn); the country totals (census_2025) give -$375.2 bn and -$342.6 bn."
    )
    assert row.value == pytest.approx(26713.832, abs=0.01) and row.period == "2017-2019"
    assert row.section == "Sector rows and the country total"
    assert set(row.source_ids.split("; ")) == {
        "census-exports-china-2013-2024", "census-imports-china-2013-2024", "tracker-exports-naics",
        "tracker-imports-naics",
    }  # fmt: skip


def test_china_largest_sector_says_its_base(china):
    # lines 302-303: NAICS 334 in 2019 18,750.165 - 156,814.551 = -138,064.386 -> -$138.1 bn;
    # / -341,043.913 (the sum of the sectors, above) = 0.40483 -> 40.5%: a share of the sector rows' balance.
    row = china.loc["largest_sector"]
    assert row.text == (
        "On the sector rows (vintage tracker_naics), Computer and Electronic Product Manufacturing held 40.5% of "
        "the 2019 deficit with CHN (-$138.1 bn), the largest share of any sector with a figure."
    )
    assert row.value == pytest.approx(138064.386 / 341043.913, abs=1e-6)


def test_china_drivers(china):
    # NAICS 334, lines 176-177 and 302-303: (18,750.165 - 156,814.551) - (17,033.013 - 192,237.047)
    #   = -138,064.386 + 175,204.034 = +37,139.648 -> +$37.1 bn.
    # NAICS 336, lines 180-181 and 306-307: (20,190.071 - 19,485.646) - (29,846.663 - 20,397.483)
    #   = 704.425 - 9,449.180 = -8,744.755 -> -$8.7 bn.
    # NAICS 111, lines 132-133 and 258-259: (10,269.189 - 472.078) - (15,785.434 - 616.881)
    #   = 9,797.112 - 15,168.553 = -5,371.441 -> -$5.4 bn (the next, NAICS 910, is -3.9 bn).
    # The balance rose +$26.7 bn while both years are deficits: the deficit narrowed.
    row = china.loc["drivers"]
    assert row.text == (
        "On the sector rows (vintage tracker_naics), Computer and Electronic Product Manufacturing contributed "
        "+$37.1 bn to the +$26.7 bn change in the balance with CHN from 2017 to 2019 (the deficit narrowed); the "
        "largest contributions the other way: Transportation Equipment Manufacturing -$8.7 bn and Crop Production "
        "-$5.4 bn."
    )
    assert row.value == pytest.approx(37139.648, abs=0.01) and row.section == "Contributions to the change"


def test_china_tariff_exposure(china):
    # tariffs.csv: each sector's 2017 and 2019 average of its 12 monthly tariffs; a rise of more than 10 points
    # on imports (U.S. tariff) in 21 sectors: 111 114 211 311 312 313 316 321 322 324 325 326 327 332 333 334 335
    # 336 337 910 990; their 2019 imports sum to 358,244.815 (2017: 407,638.666), 358,244.815 / 447,182.246 =
    # 80.1%, change -49,393.851 -> -$49.4 bn. On exports (China's tariff), 19 sectors: 111 112 113 114 212 311 312
    # 313 321 324 325 326 327 331 332 335 337 339 910; 2019 exports 49,179.330 (2017: 62,123.915), 49,179.330 /
    # 106,138.333 = 46.3%, change -12,944.584 -> -$12.9 bn.
    row = china.loc["tariff_exposure"]
    assert row.text == (
        "On the sector rows (vintage tracker_naics) and yearly averages of the monthly trade-weighted tariffs, "
        "2017 to 2019: sectors where the U.S. tariff rose by more than 10 points "
        "(21 sectors) held $358.2 bn (80.1%) of 2019 imports from CHN, -$49.4 bn from 2017; sectors where CHN's "
        "tariff on U.S. exports rose by more than 10 points (19 sectors) held $49.2 bn (46.3%) of 2019 exports to "
        "CHN, -$12.9 bn from 2017."
    )
    assert row.value == pytest.approx(358244.815 / 447182.246, abs=1e-6)
    assert row.section == "Tariffs as a measured status"


def test_china_coverage_is_per_flow_and_never_a_share_of_the_balance():
    # status_events.csv lines 61-69: every event on or before 2019-12-31 names a flow (imports, exports or none);
    # lists 4A and 4B agreed on imports, ag and purch on exports: bounds per flow, lower bound 0.0% because the
    # lists cover parts of sectors (policy_sectors.csv); the bounds themselves are tested in test_china_model.py.
    # The China run leads with dollars covered (product-level data); without them this finding is the lead.
    report = open_report(**load_run("us-china-2019", PARAMS_DIR))
    report._computed[("product_level", ())] = None  # the same dataset without its product-level folder
    china = report.key_findings().set_index("finding")
    text = china.loc["flow_coverage", "text"]
    assert text.startswith("As of 2019-12-31, every status event names a flow: policies within reach or agreed ")
    assert "could hold at most 95.6% of 2019 imports from CHN (at least 0.0%; via list_4a)" in text
    assert "at most 90.2% of 2019 exports to CHN (at least 0.0%; via ag, purch, ind_autos)" in text
    assert "of the 2019 deficit" not in text
    # the sector rows' sources, then the events that set list_4a/list_4b (tl-2019-12-13-1) and ag/purch (-3)
    assert china.loc["flow_coverage", "source_ids"] == (
        "tracker-exports-naics; tracker-imports-naics; tl-2019-12-13-1; tl-2019-12-13-3"
    )


def test_china_phase_one_share_met_is_what_followed(china):
    # outcomes.csv lines 35-40 (Waugh's goals file, U.S. export figures): 2017 baselines 50.151 + 20.970 + 7.649
    # = 78.770; increments (Agreement Art. 6.2.1, lines 3, 5, 7) 32.9 + 12.5 + 18.5 = 63.9; target level
    # 78.770 + 63.9 = 142.67 -> $142.7 bn; 2020 actuals 52.298 + 27.304 + 8.798 = 88.400; 88.40 / 142.67 =
    # 0.6196 -> 62.0%. deals.csv line 2: signed 2020-01-15, after the run's as-of date 2019-12-31.
    row = china.loc["deal_share_met"]
    assert row.text == (
        "What followed the as-of date (2019-12-31): in 2020, U.S. exports to CHN of the goods "
        "(manufactured + agriculture + energy) under the Economic and Trade Agreement (Phase One), signed "
        "2020-01-15, reached $88.4 bn against a target level of $142.7 bn: 62.0% met, on U.S. export figures as "
        "compiled by Waugh."
    )
    assert row.value == pytest.approx(88.40 / 142.67, abs=1e-4) and row.section == "Deal outcomes"
    assert row.period == "2020"


def test_first_chart_carries_the_main_finding():
    # China: dollars covered per list and per wave (product-level data, issue 20); without them every event
    # names a flow, so a share of the balance by status would read "no status: 100%": the coverage of each
    # flow. Japan 1994: the balance coverage chart, as before.
    from deficit_report.rendering import charts

    china = open_report(**load_run("us-china-2019", PARAMS_DIR))
    japan = open_report(**load_run("us-japan-framework-1994", PARAMS_DIR))
    assert charts.first_chart(china).description.startswith("Dollars covered per list and per wave (USD bn).")
    china._computed.clear()
    china._computed[("product_level", ())] = None
    assert charts.first_chart(china).description.startswith("Share of each flow by status, at least to at most.")
    assert charts.first_chart(japan).description.startswith("Share of the deficit by status.")


def test_china_balance_coverage_does_not_say_no_status_for_everything():
    # Before: coverage() gave "no status 100.0% - 100.0%" of the 2019 deficit and section 6 drew it, while
    # lists 1-4B, ag, purch and autos all had a status on 2019-12-31 (status_events.csv lines 61-69): each
    # names a flow, so the statuses are per flow and the balance has no share under any of them.
    from deficit_report.rendering import charts

    report = open_report(**load_run("us-china-2019", PARAMS_DIR))
    assert report.coverage().empty
    assert "every status event names a flow" in charts.coverage_chart(report.coverage(), "balance").data
    assert set(report.coverage(by="market")["group"]) == {"private", "all other goods"}  # a sector attribute


def test_china_composition_chart_neither_says_no_status_nor_cuts_a_surplus():
    # Before: every bar was grey "no status" though Section 301 lists and Phase One reach every counted sector
    # (policy_sectors.csv), and Crop Production's -2.9% of the deficit (a surplus: lines 258-259,
    # 10,269.189 - 472.078 = +9,797.1 / -341,043.9) was drawn left of a 0% axis, over its own label.
    from deficit_report.rendering import charts

    report = open_report(**load_run("us-china-2019", PARAMS_DIR))
    spec = charts.composition_chart(report.composition(), report.status(), "balance").chart.to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["color"]["scale"]["domain"] == ["set per flow by policies", "no status"]  # "no status": the remainder
    assert bars["x"]["scale"]["domain"][0] == pytest.approx(-9797.112 / 341043.913, abs=1e-4)


def test_china_empty_coverage_tables_say_why():
    # Before: "No coverage for this report's partner and periods." (and the same for the coverage path), as if
    # the data had none; the statuses exist, per flow (status_events.csv lines 61-69).
    from deficit_report.rendering import tables

    report = open_report(**load_run("us-china-2019", PARAMS_DIR))
    expected = "every status event names a flow, so coverage is given per flow (Coverage per flow)."
    assert repr(tables.display_table(report.coverage())) == "No coverage: " + expected
    # the coverage path is per flow instead (tests/test_timeline_flows.py), never empty
    assert set(report.coverage_path()["flow"]) == {"imports", "exports"}
