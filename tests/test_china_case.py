"""The U.S.-China dataset (issue 11): the numbers the named run must state, and how the tables are built.

Every expected value below was worked out by hand from the vendored files with awk, for example
(USD, divided by 1e6 for millions):

    awk -F, 'NR>1 && $2==334 {y=substr($1,1,4); s[y]+=$5} END{print s[2017], s[2019]}' \\
        data/raw/us-china-tradewar/tracker/exports_by_naics.csv

and the Census totals with ``awk -F, 'NR>1{s[$4]+=$3} END{...}' data/raw/census-china/*.csv``.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from scripts import build_us_china_tradewar as tradewar

from cases import CHINA_DIR, SHARED_DATA
from deficit_report.analysis.contributions import contributions
from deficit_report.analysis.figures import sector_values
from deficit_report.analysis.headline import headline
from deficit_report.dataset.load import load_dataset
from deficit_report.paths import RAW_DIR

BN = 1000.0  # USD millions per billion


@pytest.fixture(scope="module")
def china():
    return load_dataset(CHINA_DIR)


def sector_sum(dataset, year: int, measure: str) -> float:
    """Sum of the sector rows (vintage tracker_naics) of one measure and year, in USD millions."""
    f = dataset.figures
    rows = f[(f["period"] == year) & (f["measure"] == measure) & (f["vintage"] == "tracker_naics")]
    return rows["value_usd_m"].sum()


# --------------------------------------------------------------------------- the hand-worked values


@pytest.mark.parametrize(
    "year, exports, imports",
    [
        # awk sums of china_trade over the 31 (exports) and 30 (imports) NAICS codes, twelve months each:
        # 2017 exports 129,797.6 m, imports 497,555.3 m; 2019 exports 106,138.3 m, imports 447,182.2 m
        (2017, 129.8, 497.6),
        (2019, 106.1, 447.2),
    ],
)
def test_sector_vintage_flows_and_balance(china, year, exports, imports):
    result_x, result_m = sector_sum(china, year, "exports"), sector_sum(china, year, "imports")
    assert round(result_x / BN, 1) == exports
    assert round(result_m / BN, 1) == imports
    # balance on the sector vintage: 129,797.6 - 497,555.3 = -367,757.7 (2017); 106,138.3 - 447,182.2 = -341,043.9
    assert round((result_x - result_m) / BN, 1) == {2017: -367.8, 2019: -341.0}[year]


def test_headline_gives_the_census_country_totals(china):
    # Census CTY_CODE 5700, twelve months: 2017 exports 129,997.2 m, imports 505,165.1 m -> -375,167.9 m;
    # 2019 exports 106,481.2 m, imports 449,110.7 m -> -342,629.5 m; change +32,538.4 m
    result = headline(china.figures, "CHN", 2019, 2017).set_index("item")
    assert round(result.loc["2017 balance", "value_usd_m"] / BN, 1) == -375.2
    assert round(result.loc["2019 balance", "value_usd_m"] / BN, 1) == -342.6
    assert round(result.loc["change in balance, 2017 to 2019", "value_usd_m"] / BN, 1) == 32.5
    assert set(result.loc[["2017 balance", "2019 balance"], "vintage"]) == {"census_2025"}


@pytest.mark.parametrize(
    "sector, change_bn",
    [
        # 334: 2017 exports 17,033.0 - imports 192,237.0 = -175,204.0; 2019 18,750.2 - 156,814.6 = -138,064.4;
        # change +37,139.6 m
        ("naics_334", 37.1),
        # 111: 2017 15,785.4 - 616.9 = 15,168.6; 2019 10,269.2 - 472.1 = 9,797.1; change -5,371.4 m
        ("naics_111", -5.4),
        # 336: 2017 29,846.7 - 20,397.5 = 9,449.2; 2019 20,190.1 - 19,485.6 = 704.4; change -8,744.8 m
        ("naics_336", -8.7),
    ],
)
def test_contributions_to_the_2017_2019_change(china, sector, change_bn):
    compare = sector_values(china.figures, "CHN", 2017)
    focus = sector_values(china.figures, "CHN", 2019)
    result = contributions(compare, focus, china.sectors).set_index("sector")
    assert round(result.loc[sector, "change_usd_m"] / BN, 1) == change_bn
    assert result.loc[sector, "vintages"] == "tracker_naics / tracker_naics"


def test_china_tariff_on_us_crops_averaged_about_35_percent_in_2019(china):
    # awk mean of tariff_trd_w_avg for naics3 111, 2019-01..2019-12 of exports_by_naics.csv: 34.27
    t = china.tariffs
    rows = t[(t["sector"] == "naics_111") & (t["flow"] == "exports") & t["month"].str.startswith("2019")]
    assert len(rows) == 12
    assert round(rows["tariff_pct"].mean(), 1) == 34.3


def test_no_sector_figure_for_the_incomplete_year_2020(china):
    # the tracker has 2020-01..2020-03 only: a quarter is not a year
    f = china.figures
    assert f.loc[f["vintage"] == "tracker_naics", "period"].unique().tolist() == [2015, 2016, 2017, 2018, 2019]
    assert f.loc[f["sector"] == "total", "period"].min() == 2013


# --------------------------------------------------------------------------- the timeline: nothing lost


def timeline_rows():
    text = (CHINA_DIR / "status_timeline.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_url_and_quote_of_the_timeline_is_a_source_in_order(china):
    rows = timeline_rows()
    assert len(rows) == 47
    expected = [
        (url, quote)
        for row in rows
        for url, quote in zip(row["urls"].split(" ; "), row["quote"].split(" / "), strict=True)
    ]
    # counted by hand from the urls column: 15 rows have two URLs, 32 have one -> 62
    assert len(expected) == 62
    result = china.sources[china.sources["source_id"].str.startswith("tl-")]
    assert list(zip(result["url"], result["quote"])) == expected


def test_one_event_per_key_citing_all_the_rows_sources(china):
    events = china.status_events
    # keys counted by hand row by row (e.g. 2019-10-11 "IPT; FIN; AG; L1; L2; L3" is six): 100, plus
    # ind_autos from the 2019-12-13 row's note ("China cancels ... 25% on U.S. autos"; issue 20): 101
    assert len(events) == 101
    first = events[events["date"] == "2017-07-19"]
    assert first["sector"].tolist() == ["fin", "steel_alu", "ind_autos"]
    assert set(first["source_id"]) == {"tl-2017-07-19-1; tl-2017-07-19-2"}
    assert set(first["flow"]) == {"none", "imports", "exports"}


def test_qualifiers_stay_in_the_note(china):
    events = china.status_events.set_index(["date", "sector"])
    note = events.loc[("2018-04-03", "list_1"), "note"]
    assert note.endswith("[timeline key: L1 (proposed; aerospace, ICT, machinery, metals)]")
    assert events.loc[("2018-07-06", "ag"), "note"].endswith("[timeline key: AG (soybeans)]")


def test_phase_one_events_carry_the_deal(china):
    events = china.status_events
    deal = events[events["deal"] == "phase_one"]
    assert deal["date"].min() == "2019-12-13"
    assert (events.loc[events["date"] < "2019-12-13", "deal"] == "").all()
    # the lists kept "pending further negotiations" and Section 232 are not part of the agreement
    kept = events[(events["date"] == "2019-12-13") & events["sector"].isin(["list_1", "list_2", "list_3"])]
    assert set(kept["deal"]) == {""}
    assert set(events.loc[events["sector"] == "steel_alu", "deal"]) == {""}
    signed = events[events["date"] == "2020-01-15"]
    assert set(signed["deal"]) == {"phase_one"}


# --------------------------------------------------------------------------- policies and their sectors


def test_policies_and_flows(china):
    flows = china.policies.set_index("policy")["flow"].to_dict()
    assert flows == {
        "list_1": "imports",
        "list_2": "imports",
        "list_3": "imports",
        "list_4a": "imports",
        "list_4b": "imports",
        "ag": "exports",
        "purch": "exports",
        "ipt": "none",
        "fin": "none",
        "steel_alu": "imports",
        "ind_autos": "exports",
    }
    # a policy on no trade flow touches no sector
    assert not china.policy_sectors["policy"].isin(["ipt", "fin"]).any()


def test_a_list_holds_a_sector_when_the_sector_tariff_rose_at_the_list_month(china):
    ps = china.policy_sectors.set_index(["policy", "sector"])
    # imports_by_naics.csv, naics3 334: tariff 2018-06 0.4688, 2018-07 6.7496: +6.28 points of List 1's 25
    assert ps.loc[("list_1", "naics_334"), "coverage"] == "part"
    assert "rose by 6.3 points from 2018-06 to 2018-07" in ps.loc[("list_1", "naics_334"), "note"]
    assert "lines worth 25% of the sector's 2017 imports" in ps.loc[("list_1", "naics_334"), "note"]
    # naics3 211 (oil and gas): +10.0 points in 2018-10, List 3's whole 10%: every line was on it
    assert ps.loc[("list_3", "naics_211"), "coverage"] == "all"
    # furniture (337) had no List 1 line: its tariff did not move in 2018-07
    assert ("list_1", "naics_337") not in ps.index
    # the only `all` row
    assert china.policy_sectors.query("coverage == 'all'")[["policy", "sector"]].values.tolist() == [
        ["list_3", "naics_211"]
    ]


def test_list_4b_never_shows_in_the_tariff_series(china):
    # List 4B was due 2019-12-15 and called off: no sector's U.S. tariff rose by the 0.05 points that count
    # as holding a list's lines from 2019-11 to 2019-12 or to 2020-01 (2020-01 moves by under 0.02 points)
    t = china.tariffs[china.tariffs["flow"] == "imports"].pivot(index="sector", columns="month", values="tariff_pct")
    assert ((t["2019-12"] - t["2019-11"]).abs() < 1e-9).all()
    assert ((t["2020-01"] - t["2019-12"]).abs() < tradewar.MIN_RISE).all()
    rows = china.policy_sectors[china.policy_sectors["policy"] == "list_4b"]
    assert sorted(rows["sector"]) == ["naics_315", "naics_316", "naics_334", "naics_339"]
    assert set(rows["source_id"]) == {"tl-2019-09-01-2"}  # the page naming the products


def test_farm_policy_touches_crops_on_the_export_side(china):
    ps = china.policy_sectors.set_index(["policy", "sector"])
    # exports_by_naics.csv, naics3 111: China's tariff 7.7 (2017-12) -> 37.1 (2019-12)
    assert "from 7.7% (2017-12) to 37.1% (2019-12)" in ps.loc[("ag", "naics_111"), "note"]
    assert set(china.policy_sectors.loc[china.policy_sectors["policy"] == "ag", "coverage"]) == {"part"}


def test_tariffs_hold_both_flows_every_month(china):
    t = china.tariffs
    # imports: 30 codes x 63 months = 1,890; exports: 31 x 63 = 1,953 minus NAICS 980's 63 empty cells = 1,890
    assert t.groupby("flow").size().to_dict() == {"exports": 1890, "imports": 1890}
    assert t["month"].min() == "2015-01" and t["month"].max() == "2020-03"


# --------------------------------------------------------------------------- reproducible, vendored


def test_committed_tables_equal_the_builders_output():
    for name, table in tradewar.build_tables().items():
        expected = tradewar.to_csv_text(table)
        assert (CHINA_DIR / name).read_text(encoding="utf-8") == expected, f"{name} differs: rebuild it"


def test_every_rule_the_builder_follows_cites_sources_that_resolve(china):
    # The builder's mappings are CSV files under rules/ (issue 23), each row with its sources.
    known = set(china.sources["source_id"])
    for path in sorted((CHINA_DIR / "rules").glob("*.csv")):
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert rows, path.name
        if "source_id" in rows[0]:
            cited = {s for row in rows for s in row["source_id"].split("; ")}
            assert cited and cited <= known, (path.name, sorted(cited - known))


def test_check_mode_reports_a_hand_edited_table(tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "census-china", raw / "census-china")
    shutil.copytree(CHINA_DIR, raw / "us-china-tradewar")
    assert tradewar.main(["--raw-dir", str(raw), "--check"]) == 0
    path = raw / "us-china-tradewar" / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("129997.2", "129997.3", 1), encoding="utf-8")
    assert tradewar.main(["--raw-dir", str(raw), "--check"]) == 1


def test_sector_labels_are_naics_titles(china):
    labels = china.sectors.set_index("sector")["label"]
    assert labels["naics_334"] == "Computer and Electronic Product Manufacturing"
    assert labels["naics_111"] == "Crop Production"
    assert labels["naics_990"] == "NAICS 990"
    assert set(china.sectors["kind"]) == {"goods"}


SHARED = SHARED_DATA / "census-api-2013-2024"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the team's shared data folder is optional")
@pytest.mark.parametrize("flow", ["exports", "imports"])
def test_census_extract_is_chinas_rows_of_the_shared_file(flow):
    result = tradewar.extract_partner_rows(SHARED / f"{flow}_by_country_monthly_2013_2024.csv.gz")
    assert (RAW_DIR / "census-china" / f"{flow}_china_monthly_2013_2024.csv").read_text(encoding="utf-8") == result


def test_two_vintages_are_reconciled_not_subtracted(china):
    # the sector rows and the Census totals are different vintages: 497,555.3 m of sector imports in 2017
    # against 505,165.1 m in the Census total. The data has no sector 'all_other_goods' and no total in
    # the sector vintage, so nothing forces a cross-vintage remainder; the report states both.
    f = china.figures
    totals = f[f["sector"] == "total"]
    assert set(totals["vintage"]) == {"census_2025"}
    assert set(f.loc[f["sector"] != "total", "vintage"]) == {"tracker_naics"}
    gap = f[(f["period"] == 2017) & (f["sector"] == "total") & (f["measure"] == "imports")]["value_usd_m"].iloc[0]
    assert round((gap - sector_sum(china, 2017, "imports")) / BN, 1) == 7.6
    assert pd.notna(gap)


def test_the_named_run_validates(capsys):
    from deficit_report.cli import main

    assert main(["validate", "us-china-2019"]) == 0
    # the five tables, policies, policy_sectors, tariffs, and (issue 12) deals and outcomes
    assert "us-china-2019: parameters and 10 input files are valid" in capsys.readouterr().out


@pytest.mark.slow  # runs the report: starts a Jupyter kernel
def test_the_index_page_shows_coverage_per_flow_for_the_china_run(tmp_path):
    # Before: the index row's "Share by status" was blank for China (its coverage of the balance has no
    # rows, as every status event names a flow). Worked by hand from coverage per flow on 2019-12-31:
    # within reach or agreed holds 0.0% to at most 95.6% of 2019 imports and 0.0% to 90.2% of exports.
    from deficit_report.cli import main

    assert main(["run", "us-china-2019", "--output-dir", str(tmp_path), "--quiet"]) == 0
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    # each share says of which flow it is (issue 21)
    assert "within reach or agreed: 0.0-95.6% of imports" in page
    assert "within reach or agreed: 0.0-90.2% of exports" in page
    # the balance and change on the base of those shares and of the first finding: the sum of the sectors,
    # -341.0 bn in 2019 and +26.7 bn from 2017 (not the Census total's -342.6 and +32.5 beside them)
    assert re.search(r'data-sort="-341\d*\.\d+">-341.0</td>\s*<td class="num" data-sort="26\d*\.\d+">\+26.7<', page)
