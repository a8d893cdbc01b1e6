"""Deal outcomes (issue 12): the copied figures, the shares met, the claims beside them, hindsight.

Expected values are worked out by hand from the shared files:
``shared/data/us-china-2015-2021/tradewar-tracker/phaseone-goals.csv`` (U.S. exports of Annex 6.1
goods, Census, the tracker's mapping; 2017 and 2020 values in dollars, goals = the Art. 6.2.1
increments) and ``shared/data/deal-outcomes/outcomes.csv`` (the PIIE and Bloomberg claims).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from cases import FRAMEWORK_DIR, FRAMEWORK_PARAMS, SHARED_DATA
from deficit_report.analysis import outcomes
from deficit_report.analysis.report import open_report
from deficit_report.dataset import schemas
from deficit_report.dataset.load import load_dataset, read_table

SHARED = SHARED_DATA / "deal-outcomes"
PHASE_ONE = FRAMEWORK_DIR.parent / "us-china-tradewar"
CHINA_PARAMS = {
    "partner": "CHN",
    "focus_year": 2019,
    "compare_year": 2017,
    "as_of": "2019-12-31",
    "data_dir": "data/raw/us-china-tradewar",
    "measure": "balance",
}


def read(folder: Path) -> pd.DataFrame:
    """Return a folder's outcomes with their deal's date, as the report reads them."""
    rows = read_table(folder / "outcomes.csv", schemas.OUTCOMES)
    deals = read_table(folder / "deals.csv", schemas.DEALS)
    partner = deals["partner"].iloc[0]
    return outcomes.of_partner(rows, deals, partner)


@pytest.fixture(scope="module")
def phase_one() -> pd.DataFrame:
    return outcomes.shares_met(read(PHASE_ONE))


def computed(shares: pd.DataFrame, item: str, period: str = "2020", by: str | None = None) -> pd.Series:
    rows = shares[(shares["item"] == item) & (shares["period"] == period) & shares["how"].str.startswith("computed")]
    rows = rows if by is None else rows[rows["computed_by"] == by]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("item", "share", "increment_achieved"),
    [
        # manufactured 52.30 / (50.15 + 32.9) = 0.6298; (52.30 - 50.15) / 32.9 = 0.0653
        ("manufactured", 0.630, 0.065),
        # agriculture 27.30 / (20.97 + 12.5) = 0.8157; (27.30 - 20.97) / 12.5 = 0.5067
        ("agriculture", 0.816, 0.507),
        # energy 8.80 / (7.65 + 18.5) = 0.3365; (8.80 - 7.65) / 18.5 = 0.0621
        ("energy", 0.336, 0.062),
    ],
)
def test_phase_one_2020_share_met_per_category_on_us_exports(phase_one, item, share, increment_achieved):
    row = computed(phase_one, item, by="Waugh")
    assert row["how"] == "computed: actual / (baseline + increment)"
    assert (row["basis"], row["computed_by"]) == ("us_exports", "Waugh")
    assert round(row["share_met"], 3) == share
    assert round(row["increment_achieved_share"], 3) == increment_achieved


def test_phase_one_2020_three_categories_together(phase_one):
    # (52.30 + 27.30 + 8.80) / (50.15 + 20.97 + 7.65 + 32.9 + 12.5 + 18.5) = 88.40 / 142.67 = 0.6196
    row = computed(phase_one, "manufactured + agriculture + energy")
    assert round(row["target_level_usd_bn"], 2) == 142.67
    assert round(row["actual_usd_bn"], 2) == 88.40
    assert round(row["share_met"], 3) == 0.620


def test_usda_agriculture_is_computed_on_its_own_wider_product_set(phase_one):
    # USDA "agricultural and related products": 28.75 / 36.5 = 0.7877, beside the tracker's 81.6%
    assert round(computed(phase_one, "agriculture", by="USDA")["share_met"], 4) == 0.7877


def test_piie_baselines_are_never_paired_with_the_trackers_actuals(phase_one):
    # PIIE's 2017 manufactured baseline (66.5) and the tracker's 2020 actual (52.30) rest on different
    # mappings: a share from them (52.30 / (66.5 + 32.9) = 52.6%) must not appear.
    shares = phase_one.loc[phase_one["how"].str.startswith("computed"), "share_met"].round(3)
    assert 0.526 not in set(shares)


def test_claims_stand_beside_the_computed_shares_none_picked(phase_one):
    claims = phase_one[phase_one["how"].str.startswith("claimed")]
    said = {(r.item, r.period, r.computed_by, round(r.share_met, 3)) for r in claims.itertuples()}
    # PIIE 58% of 2020 goods (China's imports), 57% and 58% of 2020-21 (original and revised posts),
    # Bloomberg 58.1% (2020) and 62.9% (2020-21, goods, Census)
    assert ("total_covered_goods", "2020", "PIIE", 0.58) in said
    assert ("total_goods_services", "2020-2021", "PIIE", 0.57) in said
    assert ("total_goods_services", "2020-2021", "PIIE", 0.58) in said
    assert ("total_covered_goods", "2020", "Bloomberg", 0.581) in said
    assert ("total_covered_goods", "2020-2021", "Bloomberg", 0.629) in said


def test_piie_two_year_share_is_computed_from_its_own_levels(phase_one):
    # 288.8 / 502.4 = 0.5748 (PIIE prints 57%, revised 58%)
    row = computed(phase_one, "total_goods_services", "2020-2021")
    assert row["how"] == "computed: actual / target level"
    assert round(row["share_met"], 4) == 0.5748


def test_both_piie_2020_goods_targets_on_chinas_imports_are_used(phase_one):
    # 100 / 172.7 = 0.5790 (May 2020 mapping) and 100 / 173.1 = 0.5777 (revised): both kept
    rows = phase_one[(phase_one["item"] == "total_covered_goods") & phase_one["how"].str.startswith("computed")]
    assert sorted(rows["share_met"].round(4)) == [0.5777, 0.579]


def test_phase_one_outcomes_load_with_the_china_dataset():
    ds = load_dataset(PHASE_ONE)
    assert list(ds.deals["deal"]) == ["phase_one"]
    assert set(ds.outcomes["source_id"]) | set(ds.deals["source_id"]) <= set(ds.sources["source_id"])
    # The agreement's status events point to the deal, by the rule data/raw/us-china-tradewar/README.md states:
    # from the announcement (2019-12-13) on, the events about ag, purch, ipt, fin and those recording it agreed
    # or expired, or a tariff it suspended (List 4B) or cut (List 4A); never Section 232 (steel_alu). Counted by hand over status_events.csv (date, sector, status):
    # 7 on 2019-12-13 (lists 4a, 4b, ind_autos, ipt, ag, fin, purch), 7 on 2020-01-15, 5 on 2020-02-14, 4 on
    # 2020-08-24, 4 each on 2021-10-04 and 2021-10-08, 3 on 2021-12-31: 34.
    events = ds.status_events
    by_rule = (events["date"] >= "2019-12-13") & (events["sector"] != "steel_alu")
    by_rule &= events["sector"].isin(["ag", "purch", "ipt", "fin"]) | events["status"].isin(
        ["agreed", "expired", "suspended", "cut"]
    )
    assert (events["deal"] == "phase_one").tolist() == by_rule.tolist()
    assert by_rule.sum() == 34


def test_trackers_rows_are_the_vendored_goals_file_in_billions():
    # tracker/phaseone-goals.csv: '1. Manufactured Goods,50151478524.0,52298007318.0,32900000000.0' ...
    goals = pd.read_csv(PHASE_ONE / "tracker" / "phaseone-goals.csv").set_index("high_catagory")
    rows = read_table(PHASE_ONE / "outcomes.csv", schemas.OUTCOMES)
    waugh = rows[rows["source_id"] == "waugh_goals_csv"]
    names = {
        "manufactured": "1. Manufactured Goods",
        "agriculture": "2. Agriculture",
        "energy": "3. Energy",
        "not_covered_goods": "not in aggreement",
    }
    for r in waugh.itertuples():
        column = "2017 Values" if r.kind == "baseline" else "2020 Values"
        assert r.value == round(goals.loc[names[r.item], column] / 1e9, 3)
    assert len(waugh) == 8


def test_the_2019_china_report_shows_phase_one_as_what_followed():
    report = open_report(**CHINA_PARAMS)
    # as of 2019-12-31 the agreement (signed 2020-01-15) and all its figures lie ahead
    assert report.outcomes_note().startswith("What followed:")
    shares = report.shares_met()
    row = shares[(shares["item"] == "manufactured + agriculture + energy") & (shares["period"] == "2020")]
    assert round(float(row["share_met"].iloc[0]), 3) == 0.620
    assert not open_report(**CHINA_PARAMS, hindsight=False).outcome_path().shape[0]


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is absent")
@pytest.mark.parametrize("folder", [FRAMEWORK_DIR, PHASE_ONE], ids=["framework", "phase-one"])
def test_copied_figures_match_the_shared_file_row_by_row(folder):
    shared = list(csv.DictReader(open(SHARED / "outcomes.csv", encoding="utf-8")))
    shared_sources = {r["source_id"]: r for r in csv.DictReader(open(SHARED / "sources.csv", encoding="utf-8"))}
    keys = {
        (r["source_id"], r["kind"], r["period_start"], r["period_end"], float(r["value"]), r["quote"]) for r in shared
    }
    copied = list(csv.DictReader(open(folder / "outcomes.csv", encoding="utf-8")))
    assert copied
    for row in copied:
        key = (row["source_id"], row["kind"], row["period_start"], row["period_end"], float(row["value"]), row["quote"])
        assert key in keys, row
        assert "source's sector '" in row["note"]
    sources = {r["source_id"]: r for r in csv.DictReader(open(folder / "sources.csv", encoding="utf-8"))}
    for source_id in {r["source_id"] for r in copied}:
        assert sources[source_id]["url"] == shared_sources[source_id]["url"]


def test_framework_outcomes_load_and_resolve():
    ds = load_dataset(FRAMEWORK_DIR)
    # 50 rows copied: shared outcomes.csv file lines 118-167 (computers procurement, 1992 Measures, left out),
    # less APAC's forecast for 2000 ("will jump ... approaching $13 billion", not an actual; issue 20): 49
    assert len(ds.outcomes) == 49
    assert set(ds.outcomes["deal"]) == {"autos_1995", "insurance_1994", "flat_glass_1994", "procurement_1994"}
    assert set(ds.outcomes["source_id"]) <= set(ds.sources["source_id"])


def test_framework_targets_are_not_commitments():
    # Japan excluded numerical targets: every framework target is an estimate or one side's goal
    ds = load_dataset(FRAMEWORK_DIR)
    targets = ds.outcomes[ds.outcomes["kind"] == "target"]
    assert set(targets["promise"]) == {"official_estimate", "stated_goal"}


def test_the_1994_report_says_what_followed():
    report = open_report(**FRAMEWORK_PARAMS)
    assert report.outcomes_note().startswith("What followed: every target and actual below lies after the as-of date")
    # the dealer goal of 200 by 1996 and the 106 outlets of July 1996 are both in the chart
    path = report.outcome_path()
    dealers = path[path["item"] == "auto_dealers"]
    assert {("target", 200.0), ("actual", 106.0)} <= set(zip(dealers["kind"], dealers["value"]))


def test_without_hindsight_the_1994_report_shows_only_what_was_known():
    report = open_report(**FRAMEWORK_PARAMS, hindsight=False)
    assert report.outcomes_note() == (
        "Hindsight is off: every target and actual lies after the as-of date (1994-06-06), so none is shown."
    )
    # only the 1991 medical procurement baseline ($0.234bn above the GATT threshold) ends by 1994-06-06
    assert report.outcomes()[["item", "value"]].values.tolist() == [["medical_procurement_above_threshold", 0.234]]
    assert report.outcome_path().empty
    # and no deal: the first, on procurement, is dated 1994-09-30 (deals.csv line 2)
    assert report.deals().empty
    assert list(open_report(**FRAMEWORK_PARAMS).deals()["date"]) == [
        "1994-09-30",
        "1994-10-11",
        "1994-12-13",
        "1995-06-28",
    ]


def test_a_dataset_without_outcomes_says_so_in_one_line():
    report = open_report(
        partner="JPN", focus_year=2024, compare_year=2023, as_of="2024-12-31", data_dir="data/raw/us-japan-recent"
    )
    assert report.outcomes_note() == "This dataset records no deal outcomes."
    assert report.outcomes().empty and report.shares_met().empty


def test_the_chart_never_draws_money_figures_on_two_bases_as_one_path():
    # Before: the total_covered_goods panel put PIIE's actual of $100bn in China's imports beside the
    # $142.7bn target level in U.S. exports (outcomes.csv), which reads as 70% met on no basis at all.
    path = open_report(**CHINA_PARAMS).outcome_path()
    covered = path[path["item"] == "total_covered_goods"]
    assert set(covered["compared_on"]) == {"china_imports"}
    assert sorted(covered["value"]) == [100.0, 172.0, 172.7, 173.1]  # three targets (PIIE twice, Bloomberg), one actual
    # agriculture has two paths: U.S. exports (Waugh 27.3 against the 33.47 baseline + increment) and USDA's own
    agriculture = path[path["item"] == "agriculture"]
    assert set(agriculture["compared_on"]) == {"us_exports", "usda_ag_related"}
    usda = agriculture[agriculture["compared_on"] == "usda_ag_related"]
    assert sorted(zip(usda["kind"], usda["value"])) == [("actual", 28.75), ("target", 36.5)]
    # counts and market shares are one path whatever their source: the dealer goal (company goals) and counts
    dealers = open_report(**FRAMEWORK_PARAMS).outcome_path().query("item == 'auto_dealers'")
    assert set(dealers["compared_on"]) == {""} and set(dealers["kind"]) == {"target", "actual"}
