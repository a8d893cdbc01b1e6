"""The us-china-2019 run through the report facade: coverage per flow, tariffs, reconciliation, the headline.

Every expected value below was worked by hand from data/raw/us-china-tradewar/ with awk (commands in
the comments; in figures.csv the quoted basis holds a comma, so the value is field 6 and the vintage
field 9), not copied from the code's output.
"""

from __future__ import annotations

import pytest
import yaml

from deficit_report.analysis.report import open_report
from deficit_report.paths import NOTEBOOKS_DIR

RUN = NOTEBOOKS_DIR / "params" / "us-china-2019.yaml"

# awk -F, '$3==2019 && $5=="exports" && $9=="tracker_naics" {t+=$6} END {print t}' figures.csv
EXPORTS_2019 = 106138.333
IMPORTS_2019 = 447182.246
# naics_336 2019 exports (the one sector China's auto tariffs reach; agreed on 2019-12-13, issue 20:
# China cancelled its Dec 15 auto tariff, status_timeline.csv's 2019-12-13 note)
EXPORTS_336 = 20190.071
# 2019 exports of the sectors no export-side policy reaches (policy_sectors.csv: ag, purch and ind_autos
# reach 111 112 114 311 312 211 212 324 325 331 332 333 334 335 336 339):
# awk ... '$4!~/^naics_(111|112|114|311|312|211|212|324|325|331|332|333|334|335|336|339)$/ {n+=$6}'
EXPORTS_UNREACHED = 10381.422
# Imports: List 3 (a tariff in force since 2018-09-24; Lists 1-3 kept at 25% on 2019-12-13) covers all of
# naics_211 (0.810012) and no other policy reaches it; List 4A (agreed) reaches every sector but
# 114 (1653.752883), 211, 212 (203.626193) and 337 (17666.692393); List 4B (called off: suspended) reaches
# 315 27,483.443323 + 316 18,211.260253 + 334 156,814.550789 + 339 42,712.11199 = 245,221.366355 (awk over
# figures.csv, 2019 imports); Section 232 (not in talks) reaches part of 331 (2762.816141).
IMPORTS_211 = 0.810012
IMPORTS_NOT_4 = 1653.752883 + 0.810012 + 203.626193 + 17666.692393
IMPORTS_331 = 2762.816141
IMPORTS_4B = 27483.443323 + 18211.260253 + 156814.550789 + 42712.11199


@pytest.fixture(scope="module")
def report():
    return open_report(**yaml.safe_load(RUN.read_text()))


def bounds(report, flow):
    cov = report.coverage_by_flow()
    return cov[cov["flow"] == flow].set_index("group")[["at_least_usd_m", "at_most_usd_m"]]


def test_export_coverage_bounds_worked_by_hand(report):
    cov = bounds(report, "exports")
    # no export-side policy is stalled on 2019-12-31: ag, purch and ind_autos are agreed (Phase One)
    assert list(cov.index) == ["within reach or agreed", "no status"]
    assert cov.loc["within reach or agreed"].tolist() == pytest.approx([0.0, EXPORTS_2019 - EXPORTS_UNREACHED])
    assert cov.loc["no status"].tolist() == pytest.approx([EXPORTS_UNREACHED, EXPORTS_2019])


def test_import_coverage_bounds_worked_by_hand(report):
    cov = bounds(report, "imports")
    # Issue 20: Lists 1-3 in force are a measure state, not "stalled"; List 4B never imposed is not "agreed".
    assert "stalled" not in cov.index
    assert cov.loc["tariff in force"].tolist() == pytest.approx([IMPORTS_211, IMPORTS_2019])
    assert cov.loc["tariff suspended"].tolist() == pytest.approx([0.0, IMPORTS_4B])
    assert cov.loc["within reach or agreed"].tolist() == pytest.approx([0.0, IMPORTS_2019 - IMPORTS_NOT_4])
    assert cov.loc["not in talks"].tolist() == pytest.approx([0.0, IMPORTS_331])
    assert cov.loc["no status"].tolist() == pytest.approx([0.0, IMPORTS_2019 - IMPORTS_211])


def test_key_sentences_per_flow_and_none_for_the_balance(report):
    assert report.key_sentence().startswith("As of 2019-12-31, no status event concerns the 2019 deficit with CHN")
    exports = report.flow_key_sentences()[1]
    assert exports.startswith("As of 2019-12-31, of 2019 exports to CHN ($106.1 bn):")
    # China's auto tariffs (20,190.071 / 106,138.333 = 19.0% at most) were cancelled on 2019-12-13: not stalled
    assert "stalled" not in exports
    assert "no status between 9.8% and 100.0% ($10.4-106.1 bn)" in exports  # 10,381.422 / 106,138.333


def test_balance_effect_never_adds_shares_of_two_flows(report):
    effect = report.balance_effect().set_index("group")
    # tariffs in force: no exports (China's auto tariffs agreed on 2019-12-13), imports 0.810012..447,182.246
    # -> balance -447,182.246 .. -0.810012
    assert effect.loc["tariff in force", ["balance_at_least_usd_m", "balance_at_most_usd_m"]].tolist() == pytest.approx(
        [-IMPORTS_2019, -IMPORTS_211]
    )


def test_headline_states_both_vintages(report):
    head = report.headline().set_index("item")["value_usd_m"] / 1000
    assert round(head["2017 balance"], 1) == -375.2  # Census country totals (issue 11)
    assert round(head["2019 balance"], 1) == -342.6
    assert round(head["2017 balance, sum of the sectors"], 1) == -367.8  # the NAICS rows
    assert round(head["2019 balance, sum of the sectors"], 1) == -341.0


def test_shares_and_contributions_are_on_the_sector_vintage(report):
    comp = report.composition().set_index("sector")
    assert comp.loc["all_other_goods", "value_usd_m"] == pytest.approx(0.0, abs=1e-6)  # no cross-vintage remainder
    # naics_334: (18,750.164613 - 156,814.550789) / -341,043.913 = 40.48%
    assert comp.loc["naics_334", "share"] == pytest.approx(
        (18750.164613 - 156814.550789) / (EXPORTS_2019 - IMPORTS_2019)
    )
    contrib = report.contributions().set_index("sector")["change_usd_m"]
    # (18,750.164613 - 156,814.550789) - (17,033.013026 - 192,237.046786) = +37,139.65
    assert contrib["naics_334"] == pytest.approx(37139.648, abs=0.01)
    assert contrib.sum() == pytest.approx(-341043.913 + 367757.745, abs=0.01)


def test_tariff_on_us_crops_and_its_exposure_group(report):
    changes = report.tariff_changes().set_index(["sector", "flow"])
    # awk over tariffs.csv, naics_111 exports: mean of 2017 months 7.7390, of 2019 months 34.2678
    assert changes.loc[("naics_111", "exports"), "compare_pct"] == pytest.approx(7.7390, abs=1e-4)
    assert changes.loc[("naics_111", "exports"), "focus_pct"] == pytest.approx(34.2678, abs=1e-4)
    assert changes.loc[("naics_111", "exports"), "exposure"] == "up by more than 10 points"


def test_change_by_exposure_adds_up_to_the_change_in_the_balance(report):
    table = report.change_by_exposure()
    rows = table[table["flow"] != "total (balance)"]
    total = table.set_index("flow").loc["total (balance)"]
    # the sum of the sectors' balance: -341,043.913 (2019) - -367,757.745 (2017)
    assert rows["balance_contribution_usd_m"].sum() == pytest.approx(26713.832, abs=0.01)
    assert total["balance_contribution_usd_m"] == pytest.approx(26713.832, abs=0.01)
    assert total["compare_usd_m"] == pytest.approx(-367757.745, abs=0.01)


def test_reconciliation_names_both_vintages(report):
    rec = report.reconciliation().set_index(["year", "flow"])
    row = rec.loc[(2017, "imports")]
    assert round(row["sum_of_sectors_usd_m"] / 1000, 1) == 497.6  # shared README's check table
    assert round(row["total_usd_m"] / 1000, 1) == 505.2
    assert (row["sectors_vintage"], row["total_vintage"]) == ("tracker_naics", "census_2025")
    assert row["note"].startswith("two vintages")


def test_policies_reach_sectors_and_non_trade_issues_stay_apart(report):
    status = report.status().set_index("sector")
    assert "ind_autos (exports, part): agreed" in status.loc["naics_336", "policies"]
    issues = report.non_trade_issues().set_index("issue")
    assert sorted(issues.index) == ["fin", "ipt"]
    assert set(report.status_bands()["sector"]) >= {"list_1", "list_4b", "ag"}


def test_a_dataset_without_tariffs_says_so():
    from deficit_report.rendering.tariff_charts import NO_TARIFFS, tariff_chart

    japan = open_report(
        partner="JPN", focus_year=1994, compare_year=1992, as_of="1994-06-06",
        data_dir="data/raw/us-japan-framework", title="t",
    )  # fmt: skip
    shown = tariff_chart(japan.tariff_series(), japan.tariff_action_dates(), japan.tariff_changes())
    assert shown.data == NO_TARIFFS  # one line, and the section is left out of the page
    # The framework's figures.csv holds balances only (1994: the total and two sectors, measure "balance"),
    # no imports or exports, so there is no share of a flow to state: the table is empty, not zeros.
    assert japan.coverage_by_flow().empty
    # No tariff series, so no exposure table: a lone "total (balance)" row of zeros stated a change of 0.0
    # while the 1992-1994 balance changed by -16.3 bn (figures.csv lines 3 and 11).
    assert japan.change_by_exposure().empty


def test_data_notes_count_the_naics_sectors_instead_of_listing_them(report):
    # figures.csv, 2019: exports for 31 NAICS codes (111 .. 990, with 980), imports for 30 (no 980).
    # The notes used to list all 61 codes, twice a line of naics_111, naics_112, ...
    notes = report.data_notes()
    assert "Exports by sector in 2019: 31 sectors, naics_111 to naics_990 (each in the composition table)." in notes
    assert "Imports by sector in 2019: 30 sectors, naics_111 to naics_990 (each in the composition table)." in notes


def test_concentration_says_why_its_identified_shares_pass_100_percent(report):
    # 2019: sectors with a U.S. surplus (crops, NAICS 111: exports 10.3 bn, imports 0.5 bn) offset part of the deficit,
    # so the deficit sectors hold more than all of it; the table printed "identified share 105.7%" unexplained.
    # Share base "sectors": the 2019 sector balances sum to -341,043.9 m; those in deficit to -360,506.7 m, so the
    # identified shares add up to 360,506.7 / 341,043.9 = 105.7%:
    # awk -F, '$3==2019 && $9=="tracker_naics" {b[$4]+=($5=="exports"?$6:-$6)}
    #          END {for (s in b) {t+=b[s]; if (b[s]<0) n+=b[s]}; print n/t}' figures.csv   -> 1.057068
    row = report.concentration().iloc[0]
    assert round(row["identified_share"], 4) == 1.0571
    assert "naics_111" in row["note"]
    assert row["note"].endswith(
        "the identified shares add up to more than 100% because those left out offset part of the total"
    )
