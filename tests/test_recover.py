"""A swap interrupted between its two renames is finished or undone by the next run."""

from __future__ import annotations

from deficit_report.running.folders import recover, swap_in


def write(folder, text):
    folder.mkdir(parents=True)
    (folder / "report.html").write_text(text)


def test_killed_between_renames_restores_previous_report(tmp_path):
    # The old report was moved aside, the new one never moved in: put the old one back.
    write(tmp_path / ".r.previous", "old")
    write(tmp_path / ".r.partial-1234abcd", "half")
    recover(tmp_path, "r")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    assert (tmp_path / "r" / "report.html").read_text() == "old"


def test_killed_after_new_report_moved_in_keeps_it(tmp_path):
    write(tmp_path / ".r.previous", "old")
    write(tmp_path / "r", "new")
    recover(tmp_path, "r")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    assert (tmp_path / "r" / "report.html").read_text() == "new"


def test_recover_leaves_other_runs_alone(tmp_path):
    write(tmp_path / ".r-2.partial-1234abcd", "other run, still running")
    write(tmp_path / ".r.partial-5678abcd", "this run, killed")
    recover(tmp_path, "r")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".r-2.partial-1234abcd"]


def test_swap_in_replaces_previous(tmp_path):
    write(tmp_path / "r", "old")
    write(tmp_path / ".r.partial-1", "new")
    swap_in(tmp_path / ".r.partial-1", tmp_path / "r")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    assert (tmp_path / "r" / "report.html").read_text() == "new"
