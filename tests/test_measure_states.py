"""Tariffs in force are not negotiation status (issue 20): measure states beside negotiation statuses.

The China dataset's events (built from status_timeline.csv) give a measure state where the row's own note
says what a tariff did: List 4B "is called off" on 2019-12-13 (never imposed: suspended, not agreed);
Lists 1-3 "25% on about $250B is kept" the same day (in force, not stalled); List 4A "drops from 15% to
7.5%" on 2020-02-14 (cut). The timeline draws measure states as thin outlined bands.
"""

from __future__ import annotations

import pandas as pd
import yaml

from deficit_report.analysis.report import open_report
from deficit_report.paths import PROJECT_ROOT
from deficit_report.rendering.time_charts import timeline_chart

RUN = PROJECT_ROOT / "notebooks" / "params" / "us-china-2019.yaml"


def test_china_lists_carry_their_measure_state_on_the_as_of_date():
    report = open_report(**yaml.safe_load(RUN.read_text()))
    state = report.policy_status().set_index("policy")["status"]
    assert state["list_4b"] == "suspended"  # called off 2019-12-13, never imposed: not "agreed"
    assert state["list_1"] == state["list_2"] == state["list_3"] == "in_force"  # kept at 25%: not "stalled"
    assert state["list_4a"] == "agreed"  # Phase One: to drop to 7.5% (the cut itself comes 2020-02-14)
    later = open_report(**{**yaml.safe_load(RUN.read_text()), "as_of": "2020-03-01"})
    assert later.policy_status().set_index("policy").loc["list_4a", "status"] == "cut"


def test_measure_states_are_drawn_apart_from_negotiation_statuses():
    bands = pd.DataFrame(
        {
            "label": ["List 1", "List 1", "Farm goods"],
            "start": ["2018-06-15", "2018-07-06", "2018-07-06"],
            "end": ["2018-07-06", "2020-12-31", "2020-12-31"],
            "status": ["stalled", "in_force", "stalled"],
            "note": "",
            "source_id": "s",
        }
    )
    spec = timeline_chart(bands, "2019-12-31").chart.to_dict()

    def bars(node):
        if isinstance(node, dict):
            mark = node.get("mark")
            if isinstance(mark, dict) and mark.get("type") == "bar":
                yield mark["height"], mark.get("stroke")
            for child in node.get("layer", []):
                yield from bars(child)

    marks = set(bars(spec))
    # negotiation statuses: full-height bands; measure states: thin bands with an outline
    assert marks == {(16, None), (7, "#333333")}
