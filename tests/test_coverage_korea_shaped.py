"""Coverage on a Korea-shaped test fixture (issue 20): flows kept apart, children without figures, a country-wide deal.

The fixture (tests/fixtures/korea-shaped/, hand-made numbers, not data) has U.S. imports from KOR in 2024 of
1,000 (USD m): vehicles HS 87 400, machinery HS 84 200, pharmaceuticals 50, agriculture 10, steel 40, all
other goods 300; exports to KOR 500: vehicles 20, machinery 100, pharmaceuticals 30, agriculture 150,
steel 10, all other goods 190. Events: washers (inside HS 84, no figure) not in talks on imports from
2018-02-07; steel stalled on imports from 2018-03-23; passenger cars (inside HS 87, no figure) stalled on
imports from 2025-04-03; on 2025-07-30 a country-wide deal on imports (all goods) agreed, and Korea's
concessions on U.S. cars, drugs and farm goods agreed on EXPORTS. Every expected share below is worked out
by hand from those numbers.
"""

from __future__ import annotations

import pytest

from deficit_report.analysis.report import open_report
from deficit_report.paths import PROJECT_ROOT
from deficit_report.rendering.time_charts import timeline_chart

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "korea-shaped"


def korea(as_of: str, measure: str = "imports"):
    return open_report(
        partner="KOR",
        focus_year=2024,
        compare_year=2023,
        as_of=as_of,
        measure=measure,
        data_dir=str(FIXTURE),
        title="Korea-shaped test fixture",
    )


def ranges(frame, flow=None):
    if flow is not None:
        frame = frame[frame["flow"] == flow]
    return {
        r.group: (round(r.share_at_least, 9), round(r.share_at_most, 9))
        for r in frame.itertuples()
        if r.group != "all other goods"
    }


def test_imports_take_only_import_events_and_the_country_wide_deal_reaches_every_block():
    report = korea("2025-12-31")
    # The deal (agreed, all goods) covers every block wholly. Pharmaceuticals 50, agriculture 10 and all other
    # goods 300 have no other status: agreed surely, 360 / 1000 = 36%. Vehicles (cars stalled inside, 400),
    # machinery (washers not in talks inside, 200) and steel (stalled, 40) may be either: agreed at most 100%,
    # stalled 0 to (400 + 40) / 1000 = 44%, not in talks 0 to 20%. No block lacks a status.
    # The exports-side concessions on cars, drugs and farm goods do not count here.
    expected = {
        "within reach or agreed": (0.36, 1.0),
        "stalled": (0.0, 0.44),
        "not in talks": (0.0, 0.2),
    }
    assert ranges(report.coverage()) == expected
    assert ranges(report.coverage_by_flow(), "imports") == expected
    status = report.status().set_index("sector")
    assert set(status["flow"]) <= {"imports", "both", ""}
    assert status.loc["pharmaceuticals", "status"] == ""  # its only event (agreed) is on exports


def test_exports_take_only_export_events():
    by_flow = korea("2025-12-31").coverage_by_flow()
    # Exports: cars (inside vehicles, 20: part of HS 87), pharmaceuticals 30 and agriculture 150 agreed;
    # the deal is on imports. Agreed at least (30 + 150) / 500 = 36%, at most (30 + 150 + 20) / 500 = 40%;
    # no status at least (100 + 10 + 190) / 500 = 60%, at most 64% (the rest of vehicles).
    assert ranges(by_flow, "exports") == {"within reach or agreed": (0.36, 0.4), "no status": (0.6, 0.64)}
    export_report = korea("2025-12-31", measure="exports")
    assert ranges(export_report.coverage()) == {"within reach or agreed": (0.36, 0.4), "no status": (0.6, 0.64)}


def test_a_child_without_a_figure_covers_its_parent_only_in_part():
    report = korea("2025-06-30")
    # Before the deal. Cars stalled cover part of HS 87 (400), washers part of HS 84 (200): each chapter may
    # be its child's status or none. Stalled: steel 40 surely (4%), at most 40 + 400 (44%); not in talks 0 to
    # 20%; no status at least pharmaceuticals + agriculture + all other goods = 360 (36%), at most 960 (96%).
    assert ranges(report.coverage()) == {
        "stalled": (0.04, 0.44),
        "not in talks": (0.0, 0.2),
        "no status": (0.36, 0.96),
    }
    status = report.status().set_index("sector")
    assert status.loc["vehicles", "status"] == status.loc["machinery", "status"] == "mixed"
    assert status.loc["machinery", "note"] == "its children cover only part of it"


def test_key_sentence_gives_every_group_as_a_range():
    # Stalled is 4.0% to 44.0% (see above): "stalled sectors held 4.0%" would print a lower bound as the value.
    text = korea("2025-06-30").key_sentence()
    assert text == (
        "As of 2025-06-30, sectors where deals were within reach or agreed held 0.0% of the 2024 imports with KOR; "
        "stalled sectors held 4.0% to at most 44.0%."
    )
    text = korea("2025-12-31").key_sentence()
    assert "held 36.0% to at most 100.0% of the 2024 imports" in text
    assert text.endswith("stalled sectors held 0.0% to at most 44.0%.")


def test_coverage_path_of_imports_follows_import_events_only():
    path = korea("2025-12-31").coverage_path()
    piece = path[path["path"] == "piece by piece"].set_index("date")
    # Import-side dates only (the export concessions share 2025-07-30 with the deal). Nothing is agreed before
    # the deal; after it, the agreed share is 36% to 100% as in the coverage table.
    assert list(piece.index) == ["2018-02-07", "2018-03-23", "2025-04-03", "2025-07-30"]
    assert piece.loc["2025-04-03", ["share_at_least", "share_at_most"]].tolist() == [0.0, 0.0]
    assert piece.loc["2025-07-30", ["share_at_least", "share_at_most"]].tolist() == pytest.approx([0.36, 1.0])


def test_timeline_shows_the_flow_of_each_event():
    report = korea("2025-12-31")
    bands = report.status_bands()
    cars = bands[bands["sector"] == "passenger_cars"].set_index("flow")
    # Cars: stalled on imports from 2025-04-03 to the end of the timeline; agreed on exports from 2025-07-30.
    # An export concession does not end the import tariff's spell.
    assert cars.loc["imports", ["start", "end", "status"]].tolist() == ["2025-04-03", "2026-12-31", "stalled"]
    assert cars.loc["exports", ["start", "status"]].tolist() == ["2025-07-30", "agreed"]
    text = timeline_chart(bands, report.params.as_of).description
    assert "Passenger cars (imports): stalled from 2025-04-03" in text
    assert "Passenger cars (exports): agreed from 2025-07-30" in text
