"""Schedule files into planned runs (no data read, no kernel)."""

from __future__ import annotations

import textwrap

from deficit_report.paths import REPORT_NOTEBOOK
from deficit_report.running.runs import load_run
from deficit_report.running.schedule import read_schedule

BASE = "us-japan-framework-1994"


def plan(tmp_path, text: str):
    path = tmp_path / "schedule.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return read_schedule(path)


def test_named_runs_overrides_and_grid_points_in_order(tmp_path):
    runs, errors = plan(
        tmp_path,
        f"""
    runs:
      - {BASE}
      - run: {BASE}
        name: japan-1995
        parameters: {{focus_year: 1995, partner: NO}}
    grid:
      base: {BASE}
      parameters: {{compare_year: 1993}}
      vary:
        focus_year: [1994, 1995]
        as_of: ["1994-06-06", "1995-06-28"]
    """,
    )
    assert errors == []
    names = [r.name for r in runs]
    assert names == [
        BASE,
        "japan-1995",
        f"{BASE}-focus_year-1994-as_of-1994-06-06",
        f"{BASE}-focus_year-1994-as_of-1995-06-28",
        f"{BASE}-focus_year-1995-as_of-1994-06-06",
        f"{BASE}-focus_year-1995-as_of-1995-06-28",
    ]
    base = load_run(BASE)
    assert runs[0].parameters == base
    assert runs[1].parameters == {**base, "focus_year": 1995, "partner": "NO"}  # NO stays text
    assert runs[5].parameters == {**base, "compare_year": 1993, "focus_year": 1995, "as_of": "1995-06-28"}
    assert {r.notebook for r in runs} == {REPORT_NOTEBOOK}
    assert [r.origin for r in runs] == ["runs[0]", "runs[1]"] + ["grid[0]"] * 4


def test_list_of_grids_and_a_notebook_per_entry(tmp_path):
    notebook = tmp_path / "other.ipynb"
    notebook.write_text("{}")
    runs, errors = plan(
        tmp_path,
        f"""
    grid:
      - {{base: {BASE}, vary: {{as_of: ["1994-06-06"]}}, name: "a-{{as_of}}", notebook: {notebook}}}
      - {{base: {BASE}, vary: {{as_of: ["1995-06-28"]}}, name: "b-{{as_of}}"}}
    """,
    )
    assert errors == []
    assert [(r.name, r.notebook, r.origin) for r in runs] == [
        ("a-1994-06-06", notebook, "grid[0]"),
        ("b-1995-06-28", REPORT_NOTEBOOK, "grid[1]"),
    ]


def test_entry_problems_are_collected_not_raised(tmp_path):
    runs, errors = plan(
        tmp_path,
        f"""
    runs:
      - {BASE}
      - run: {BASE}
        nmae: typo
      - run: {BASE}
        notebook: missing.ipynb
    grid:
      base: {BASE}
      vary: {{as_of: []}}
    """,
    )
    assert [r.name for r in runs] == [BASE]
    path = tmp_path / "schedule.yaml"
    assert [str(e) for e in errors] == [
        f"{path}, line 4: runs[1]: unknown key 'nmae'; expected one of run, name, parameters, notebook",
        f"{path}, line 6: runs[2]: notebook 'missing.ipynb' not found (paths are relative to the project root)",
        f"{path}, line 9: grid[0]: 'vary' must map parameter names to non-empty lists of values",
    ]


def test_grid_name_template_with_unknown_placeholder(tmp_path):
    runs, errors = plan(
        tmp_path,
        f"""
    grid: {{base: {BASE}, vary: {{as_of: ["1994-06-06"]}}, name: "{{base}}-{{asof}}"}}
    """,
    )
    assert runs == []
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'schedule.yaml'}, line 2: grid[0]: parameter 'name': the name template uses {{asof}}; "
        "expected placeholders among {base}, {as_of}"
    ]


def test_shipped_example_schedule_plans_seven_runs():
    runs, errors = read_schedule(REPORT_NOTEBOOK.parent / "params" / "schedule-example.yaml")
    assert errors == []
    assert [r.name for r in runs] == [
        BASE,
        "us-japan-2024",
        "us-china-2019",
        "us-japan-framework-1995",
        "us-japan-1994-as-of-1994-02-11",
        "us-japan-1994-as-of-1994-11-01",
        "us-japan-1994-as-of-1995-06-28",
    ]
