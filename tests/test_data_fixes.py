"""Data fixes of issue 20, item 6: each checked against the dataset's own sources.

- The Christian Science Monitor's "60 percent of the $60 billion" (3 October 1994) is about 1993:
  figures.csv gives the 1993 balance as -59.3 bn (ap-1994-02-18) and 1994 as -65.7 bn, so "$60 billion"
  is 1993, the latest full year in October 1994.
- APAC's "will jump ... approaching $13 billion" (29 November 2000) is a forecast for 2000, not an actual.
- China's tariffs on U.S. autos: status_timeline.csv's 2019-12-13 row notes "China cancels its Dec 15
  retaliation, including 25% on U.S. autos", so they are not "stalled since 2017-07-19" at the end of 2019.
- Every source a key finding cites is in the report's source list (ct-1993-01-10, the 1992 automotive
  estimate behind the contribution finding, was missing from it).
"""

from __future__ import annotations

import pandas as pd
import pytest

from cases import CHINA_DIR, FRAMEWORK_DIR
from deficit_report.analysis.report import open_report
from deficit_report.dataset.load import load_dataset
from deficit_report.paths import PARAMS_DIR
from deficit_report.running.runs import load_run


@pytest.fixture(scope="module")
def framework_data():
    return load_dataset(FRAMEWORK_DIR)


def test_the_csm_claim_is_about_1993(framework_data):
    context = framework_data.context
    csm = context[context["source_id"] == "csm-1994-10-03"]
    assert csm["period"].tolist() == [1993] and csm["value"].tolist() == [0.6]


def test_no_forecast_is_recorded_as_an_actual(framework_data):
    outcomes = framework_data.outcomes
    actuals = outcomes[outcomes["kind"] == "actual"]
    # the quote "APAC estimates that this deficit will jump ..." is a forecast for 2000
    assert not actuals["quote"].str.contains("will jump").any()
    assert "apac_20001129" not in set(actuals["source_id"])
    # the 1999 actual (apac_20000627, "reaching $10.9 billion in 1999") stays
    assert -10.9 in actuals.loc[actuals["source_id"] == "apac_20000627", "value"].tolist()


def test_china_auto_tariffs_are_not_stalled_after_their_cancellation():
    china = load_dataset(CHINA_DIR)
    events = china.status_events[china.status_events["sector"] == "ind_autos"].sort_values("date")
    assert events[["date", "status"]].values.tolist() == [["2017-07-19", "stalled"], ["2019-12-13", "agreed"]]
    assert events["source_id"].iloc[-1] == "tl-2019-12-13-1"
    report = open_report(**load_run("us-china-2019", PARAMS_DIR))  # as of 2019-12-31
    status = report.policy_status().set_index("policy")
    assert status.loc["ind_autos", "status"] == "agreed"


@pytest.mark.parametrize("run", ["us-japan-framework-1994", "us-japan-2024", "us-china-2019"])
def test_every_source_a_finding_cites_is_in_the_source_list(run):
    report = open_report(**load_run(run, PARAMS_DIR))
    listed = set(report.sources()["source_id"])
    cited = {i.strip() for cell in report.key_findings()["source_ids"] for i in str(cell).split(";") if i.strip()}
    assert cited <= listed, sorted(cited - listed)
    if run == "us-japan-framework-1994":
        assert "ct-1993-01-10" in listed  # the 1992 automotive estimate of the contribution finding
    assert not report.sources()["url"].replace("", pd.NA).isna().any()
