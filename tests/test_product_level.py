"""Dollars covered per list and per wave, from the U.S.-China product-level data (issue 20).

Expected values were worked out by hand from the vendored files, outside the package:

- U.S. exports to China (tracker parquet): DuckDB ``SELECT year(time), sum(v) FROM (SELECT time, hs6,
  any_value(china_exports) v ... GROUP BY time, hs6) GROUP BY 1``: 152,074 rows, 150,410 distinct
  (time, hs6), no pair with two values; 2017 129.997227 bn, 2018 120.289288, 2019 106.447251 (the shared
  README's checks: 129.997, 120.29, 106.447; Census 130.0 and 106.5).
- PIIE workbook (openpyxl, by hand in a shell): China's 2017 imports from the U.S. sum to 154,839,651
  thousand USD over 8,252 HS8 lines. An HS8 line is hit by a wave when one of its HS10 lines rose at
  that date; crediting each line to the first wave that hit it: $3bn wave 2,969.963 m, $34bn 31,890.525 m
  (33,810.634 m with the lines the $3bn wave had hit already), $16bn 13,322.912 m, $60bn 53,204.598 m,
  together 101,387.998 m = 65.48% of 154,839.651 m (the README: 2.97, 31.9, 13.3, 53.2; 101.4, 65.5%).
  Netting every change up to 2019-06-01 (the auto suspension takes 343 lines out): 87,137.151 m, 56.28%
  (README: 87.1, 56.3%). No HS8 line is hit on only some of its HS10 lines, so each is a point figure.
- Section 301 lists: 84 FR 43304 (34, 16, 200 bn), USTR 2019-12-13 as reported (4A 120 cut to 7.5%, 4B 160
  suspended); in force 34 + 16 + 200 + 120 = 370 bn, over 2017 Census imports 505,165.098 m = 73.24%.
- Average tariffs, 2019-12 (python csv over tariffs.csv and figures.csv, 2017 tracker_naics weights):
  imports 21.3922% over 497,555.332 m (30 sectors), exports 19.0608% over 129,797.587 m (30 sectors).
"""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from cases import CHINA_DIR, SHARED_DATA
from deficit_report.analysis import product_coverage as pc
from deficit_report.analysis.report import open_report
from deficit_report.dataset.product_level import load_product_level
from deficit_report.errors import UserInputError
from deficit_report.paths import PARAMS_DIR, RAW_DIR
from deficit_report.rendering import charts
from deficit_report.rendering import dollars_covered as words
from deficit_report.running.runs import load_run

SHARED = SHARED_DATA / "us-china-2015-2021" / "product-level"


@pytest.fixture(scope="module")
def product():
    return load_product_level(CHINA_DIR)


@pytest.fixture(scope="module")
def china():
    return open_report(**load_run("us-china-2019", PARAMS_DIR))


def test_exports_are_deduplicated_before_summing(product):
    by_year = pc.exports_by_year(product).set_index("year")
    assert by_year["exports_usd_m"].round(3).to_dict() == {
        2017: 129997.227,
        2018: 120289.288,
        2019: 106447.251,
        2020: 30606.866,
    }
    assert by_year.loc[2020, "months"] == 4  # January-April 2020 only: not a year


def test_each_retaliation_wave_is_a_point_figure(product):
    waves = pc.wave_coverage(product).set_index("wave")
    assert waves["new_usd_m"].round(3).to_dict() == {"3bn": 2969.963, "34bn": 31890.525, "16bn": 13322.912,
                                                    "60bn": 53204.598}  # fmt: skip
    assert waves.loc["34bn", "hit_usd_m"] == pytest.approx(33810.634, abs=1e-3)  # lines hit before counted too
    assert (waves["partly_usd_m"] == 0).all()
    assert waves.loc["60bn", "cumulative_usd_m"] == pytest.approx(101387.998, abs=1e-3)
    assert round(waves.loc["60bn", "cumulative_share"] * 100, 1) == 65.5
    assert waves["new_usd_m"].sum() == pytest.approx(waves.loc["60bn", "cumulative_usd_m"])
    assert waves["total_usd_m"].iloc[0] == pytest.approx(154839.651)


def test_the_auto_suspension_takes_lines_out(product):
    after_waves = pc.covered_after(product, "2018-12-31")
    now = pc.covered_after(product, "2019-12-31")
    assert after_waves["covered_usd_m"] == pytest.approx(101387.998, abs=1e-3)
    assert now["covered_usd_m"] == pytest.approx(87137.151, abs=1e-3) and round(now["share"] * 100, 1) == 56.3
    assert now["last_action_date"] == "2019-06-01"  # the file ends before the September 2019 wave


def test_the_lead_states_dollars_shares_and_averages_each_flow(china):
    dollars = china.dollars_covered().set_index("item")
    assert dollars.loc[["list_1", "list_2", "list_3", "list_4a", "list_4b"], "usd_m"].tolist() == [
        34000.0, 16000.0, 200000.0, 120000.0, 160000.0
    ]  # fmt: skip
    assert dollars.loc["list_4b", "measure"] == "suspended" and dollars.loc["list_4a", "rate_pct"] == 7.5
    live = dollars.loc["lists_in_force"]
    assert live["usd_m"] == 370000.0 and live["of_usd_m"] == pytest.approx(505165.098, abs=1e-3)
    assert round(live["share"] * 100, 1) == 73.2 and live["basis"] == "announced_over_census_imports"
    averages = china.average_tariffs().set_index("flow")["average_pct"]
    assert averages.round(4).to_dict() == {"exports": 19.0608, "imports": 21.3922}
    lines = words.lead_sentences(
        china.dollars_covered(), china.average_tariffs(), china.coverage_claims(), "2019-12-31"
    )
    text = " ".join(lines)
    assert "In force on 2019-12-31: $370.0 bn, 73.2% of the $505.2 bn of U.S. imports from China" in text
    assert "$34bn wave $31.9 bn (20.6%)" in text and "together $101.4 bn (65.5%) after 2018-09-24" in text
    assert "$87.1 bn, 56.3% of China's 2017 imports" in text and "$75bn wave is not in the file" in text
    assert "The U.S. average tariff on imports from China, 2019-12: 21.4%" in text


def test_piie_shares_are_claims_beside_the_computed_shares(china):
    claims = china.coverage_claims().set_index(["item", "flow"])
    assert claims.loc[("share_covered", "imports"), "claimed"] == 0.664
    assert round(claims.loc[("share_covered", "imports"), "computed"] * 100, 1) == 73.2
    assert claims.loc[("share_covered", "exports"), "claimed"] == 0.583
    assert round(claims.loc[("share_covered", "exports"), "computed"] * 100, 1) == 56.3
    assert sorted(claims.loc[("average_tariff", "exports"), "claimed"].tolist()) == [20.3, 21.1]
    assert (
        claims.loc[("share_covered", "imports"), "quote"] == "These tariffs cover 66.4 percent of US imports from China"
    )
    assert set(claims["source_id"]) <= set(china.sources()["source_id"])


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is not on this machine")
def test_every_quote_is_in_the_shared_readme():
    readme = " ".join((SHARED / "README.md").read_text(encoding="utf-8").split())
    folder = CHINA_DIR / "product-level"
    quotes = [
        q for f in ("claims.csv", "section301_lists.csv") for q in pd.read_csv(folder / f, dtype=str)["quote"].dropna()
    ]
    fr = [q for q in quotes if q.startswith("Tranche")]
    assert fr and all(q.split("...")[0] in readme for q in fr)
    assert "These tariffs cover 66.4 percent of US imports from China" in readme
    assert "China's retaliatory tariffs continue to cover 58.3 percent" in readme
    for name in ("us_exports_to_china_hs6_monthly_2017_2020.parquet", "piie_bown_jung_zhang_2019-06-12.xlsx"):
        assert (folder / "source" / name).read_bytes() == (SHARED / name).read_bytes()  # copied unchanged


def test_the_first_chart_states_dollars_per_list_and_wave_with_a_point_each_flow(china):
    figure = charts.first_chart(china)
    assert figure.description.startswith("Dollars covered per list and per wave (USD bn).")
    assert "U.S. imports from China: lists in force (all but the suspended ones) $370.0 bn, 73.2%" in figure.description
    assert "U.S. exports to China: all four waves $101.4 bn, 65.5%" in figure.description
    assert "$60bn wave (retaliation for List 3) $53.2 bn (34.4%)" in figure.description
    assert "Section 301 List 4B $160.0 bn, suspended" in figure.description


def test_the_dollars_finding(china):
    row = china.key_findings().set_index("finding").loc["dollars_covered"]
    assert row.text == (
        "As of 2019-12-31, the Section 301 lists in force covered $370.0 bn of announced trade value (List 1 $34.0 bn, "
        "List 2 $16.0 bn, List 3 $200.0 bn, List 4A $120.0 bn; $160.0 bn suspended), and China's retaliation waves "
        "$101.4 bn (65.5%) of its 2017 imports from the U.S. by 2018-09-24, $87.1 bn (56.3%) after its last change "
        "on file (2019-06-01)."
    )
    # the bounds move to the detail: the per-flow bounds finding gives way, six findings at most
    findings = china.key_findings()["finding"].tolist()
    assert "flow_coverage" not in findings and len(findings) <= 6


def test_a_dataset_without_product_level_data_is_unchanged():
    japan = open_report(**load_run("us-japan-framework-1994", PARAMS_DIR))
    assert japan.product_level is None and japan.dollars_covered().empty
    assert charts.first_chart(japan).description.startswith("Share of the deficit by status")


def test_a_dropped_leading_zero_names_file_line_and_column(tmp_path):
    folder = tmp_path / "product-level"
    folder.mkdir()
    for f in (CHINA_DIR / "product-level").glob("*.csv"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / "china_imports_from_us_hs8_2017.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].lstrip("0")  # what a spreadsheet does to 01012100
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        UserInputError, match=r"china_imports_from_us_hs8_2017\.csv, line 2, column 'hs8': expected 8 digits"
    ):
        load_product_level(tmp_path)


@pytest.mark.skipif(importlib.util.find_spec("openpyxl") is None, reason="rebuilding needs openpyxl (a developer tool)")
def test_the_extracts_are_the_builders_output():
    from scripts import build_us_china_product_level as build

    assert build.main(["--raw-dir", str(RAW_DIR), "--check"]) == 0
