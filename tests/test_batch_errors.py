"""Bad schedules and parameters: every problem found before any kernel starts.

Each test writes a schedule into tmp_path, runs ``deficit-report batch`` in
process and checks the exit status (2), the one-line messages, and that the
output folder was never created. No test here starts a kernel.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from deficit_report import cli

BASE = "us-japan-framework-1994"


def run_batch(tmp_path: Path, schedule: str, capsys, *extra: str) -> tuple[int, list[str], Path, str]:
    """Write ``schedule``, run the batch command, return (exit status, stderr lines, output dir, stdout)."""
    path = tmp_path / "schedule.yaml"
    path.write_text(textwrap.dedent(schedule), encoding="utf-8")
    out = tmp_path / "out"
    status = cli.main(["batch", str(path), "--output-dir", str(out), "--quiet", *extra])
    captured = capsys.readouterr()
    return status, captured.err.splitlines(), out, captured.out


def one_run(parameters: str, name: str = "bad") -> str:
    """A schedule of one named run with some parameters changed."""
    return f"runs:\n  - run: {BASE}\n    name: {name}\n    parameters: {parameters}\n"


def assert_single_error(result, expected: str) -> None:
    """Exit status 2, exactly the expected line on stderr, nothing written."""
    status, lines, out, _ = result
    assert status == 2
    assert lines == [f"deficit-report: error: {expected}"]
    assert not out.exists()


def test_leading_zero_stays_text(tmp_path, capsys):
    # YAML 1.1 would read 0101 as the octal 65 and papermill's -p as 101; here it stays the text '0101'.
    result = run_batch(tmp_path, one_run("{focus_year: 0101}"), capsys)
    assert_single_error(
        result,
        "run 'bad' (runs[0], schedule line 2): parameter 'focus_year': expected an integer, a year "
        "such as 1994, got '0101' (str)",
    )


def test_leading_zero_code_kept_in_title(tmp_path, capsys):
    # An HS heading such as 0101 in a text parameter arrives as '0101', not 65: the run passes the checks.
    status, lines, out, stdout = run_batch(tmp_path, one_run("{title: 0101}", name="hs-title"), capsys, "--dry-run")
    assert (status, lines, stdout) == (0, [], "hs-title: run\n")
    assert not out.exists()


def test_no_sectors_to_list(tmp_path, capsys):
    result = run_batch(tmp_path, one_run("{top_n: 0}"), capsys)
    assert_single_error(
        result,
        "run 'bad' (runs[0], schedule line 2): parameter 'top_n': expected a number of sectors of 1 or more, got 0",
    )


def test_same_focus_and_comparison_year(tmp_path, capsys):
    result = run_batch(tmp_path, one_run("{focus_year: 1992}"), capsys)
    assert_single_error(
        result,
        "run 'bad' (runs[0], schedule line 2): parameter 'compare_year': expected a comparison year "
        "different from focus_year",
    )


@pytest.mark.parametrize("name", ["../x", "/abs", "a/b", ".hidden", "x.failed", "index.html"])
def test_output_name_outside_output_dir(tmp_path, capsys, name):
    status, lines, out, _ = run_batch(tmp_path, one_run("{}", name=f'"{name}"'), capsys)
    assert status == 2 and not out.exists()
    assert len(lines) == 1
    # one_run() puts the entry on line 2 of the schedule
    assert lines[0].startswith(
        f"deficit-report: error: {tmp_path / 'schedule.yaml'}, line 2: parameter 'runs[0].name': "
    )
    assert repr(name) in lines[0]


def test_grid_name_template_outside_output_dir(tmp_path, capsys):
    schedule = f"""
    grid:
      base: {BASE}
      vary: {{as_of: ["1994-06-06"]}}
      name: "../{{as_of}}"
    """
    result = run_batch(tmp_path, schedule, capsys)
    assert_single_error(
        result,
        f"{tmp_path / 'schedule.yaml'}, line 3: grid[0]: parameter 'name': expected letters, "
        "digits, '.', '_' or '-' (no '/' or '..'), got '../1994-06-06'",
    )


def test_grid_values_made_safe_in_names(tmp_path, capsys):
    # A value with a slash (a data folder) cannot lead the output out of the output dir.
    schedule = f"""
    grid:
      base: {BASE}
      vary: {{data_dir: ["data/raw/us-japan-framework"]}}
    """
    status, lines, _, stdout = run_batch(tmp_path, schedule, capsys, "--dry-run")
    assert (status, lines) == (0, [])
    assert stdout == f"{BASE}-data_dir-data-raw-us-japan-framework: run\n"


def test_every_bad_run_reported_in_one_pass(tmp_path, capsys):
    schedule = f"""
    runs:
      - {BASE}
      - run: {BASE}
        name: bad-year
        parameters: {{focus_year: "1994"}}
      - run: {BASE}
        name: bad-partner
        parameters: {{partner: NO}}
      - no-such-run
    grid:
      base: {BASE}
      vary: {{focus_yr: [1994]}}
      name: "grid-{{focus_yr}}"
    """
    status, lines, out, _ = run_batch(tmp_path, schedule, capsys)
    assert status == 2 and not out.exists()
    params_file = Path(cli.__file__).parents[2] / "notebooks" / "params" / "no-such-run.yaml"
    # Each line says where in the schedule the run is; the rest is the message a single run gets,
    # asserted in the catalogue (tests/bad_inputs: unknown-run, wrong-parameter-type,
    # partner-no-stays-text, unknown-parameter).
    where = [
        f"{tmp_path / 'schedule.yaml'}, line 10: runs[3]: {params_file}: no named run 'no-such-run'",
        "run 'bad-year' (runs[1], schedule line 4): parameter 'focus_year': ",
        "run 'bad-partner' (runs[2], schedule line 7): parameter 'partner': unknown partner 'NO'",
        "run 'grid-1994' (grid[0], schedule line 12): parameter 'focus_yr': ",
    ]
    assert len(lines) == len(where)
    for line, start in zip(lines, where):
        assert line.startswith("deficit-report: error: " + start), line


def test_duplicate_output_names(tmp_path, capsys):
    schedule = f"""
    runs:
      - {BASE}
      - run: {BASE}
        parameters: {{as_of: "1995-06-28"}}
    """
    result = run_batch(tmp_path, schedule, capsys)
    assert_single_error(
        result,
        f"{tmp_path / 'schedule.yaml'}, line 4: runs[1]: output name '{BASE}' is also used by "
        "runs[0]; every run needs its own name",
    )


def test_unknown_schedule_key(tmp_path, capsys):
    result = run_batch(tmp_path, f"runs: [{BASE}]\nworkers: 4\n", capsys)
    assert_single_error(
        result, f"{tmp_path / 'schedule.yaml'}: schedule: unknown key 'workers'; expected one of notebook, runs, grid"
    )


def test_empty_schedule(tmp_path, capsys):
    result = run_batch(tmp_path, "runs: []\n", capsys)
    assert_single_error(
        result, f"{tmp_path / 'schedule.yaml'}: expected 'runs: [named runs]' and/or 'grid: {{base, vary, name}}'"
    )


@pytest.mark.parametrize("option", ["--workers", "--execution-timeout", "--start-timeout"])
def test_options_must_be_positive(tmp_path, capsys, option):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["batch", str(tmp_path / "s.yaml"), option, "0"])
    assert exit_info.value.code == 2
    assert "expected 1 or more, got 0" in capsys.readouterr().err
