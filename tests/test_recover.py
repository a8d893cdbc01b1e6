"""A report is swapped in by one rename of a link: readers find the last good report at every instant.

A report folder ``r`` is a link to a hidden run folder ``.r.run-<token>``. These tests interrupt the
swap at each of its steps (as kill -9 would: the step raises and nothing after it runs) and check
that ``r/report.html`` is a complete report at that moment, and that the next run's ``recover``
sweeps what the killed run left. Before links, the swap was two renames of folders, and a kill
between them left no ``r`` at all until the next run (issue 25).
"""

from __future__ import annotations

import os
from unittest import mock

import pytest

from deficit_report.running import folders
from deficit_report.running.folders import recover, remove_report, swap_in


def write(folder, text):
    folder.mkdir(parents=True)
    (folder / "report.html").write_text(text)


def visible_report(out):
    return (out / "r" / "report.html").read_text()


def test_killed_between_renames_restores_previous_report(tmp_path):
    # A plain folder (written before links) was moved aside, the new one never moved in: put it back.
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
    write(tmp_path / ".r.run.partial-1234abcd", "another report named r.run")
    write(tmp_path / ".r.partial-5678abcd", "this run, killed")
    recover(tmp_path, "r")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".r-2.partial-1234abcd", ".r.run.partial-1234abcd"]


def test_swap_in_replaces_a_plain_folder_by_a_link(tmp_path):
    write(tmp_path / "r", "old")
    write(tmp_path / ".r.partial-1", "new")
    swap_in(tmp_path / ".r.partial-1", tmp_path / "r")
    assert (tmp_path / "r").is_symlink()
    [run] = [p.name for p in tmp_path.iterdir() if p.name != "r"]
    assert run.startswith(".r.run-") and os.readlink(tmp_path / "r") == run  # relative: the folder can move
    assert visible_report(tmp_path) == "new"


def test_second_swap_deletes_the_run_folder_the_old_link_pointed_to(tmp_path):
    for text in ("first", "second", "third"):
        write(tmp_path / ".r.partial-1", text)
        swap_in(tmp_path / ".r.partial-1", tmp_path / "r")
    assert visible_report(tmp_path) == "third"
    assert len(list(tmp_path.iterdir())) == 2  # the link and the one run folder it points to


@pytest.mark.parametrize("step", ["rename", "symlink", "replace"])
def test_killed_at_each_step_of_the_swap_the_old_report_is_readable_then_swept(tmp_path, step):
    write(tmp_path / ".r.partial-1", "old")
    swap_in(tmp_path / ".r.partial-1", tmp_path / "r")
    write(tmp_path / ".r.partial-2", "new")

    class Killed(BaseException):
        pass

    target = {"rename": "deficit_report.running.folders.Path.rename", "symlink": "os.symlink", "replace": "os.replace"}
    with mock.patch(target[step], side_effect=Killed), pytest.raises(Killed):
        swap_in(tmp_path / ".r.partial-2", tmp_path / "r")
    assert visible_report(tmp_path) == "old"  # a reader at this instant finds the last good report
    recover(tmp_path, "r")
    assert visible_report(tmp_path) == "old"
    assert len(list(tmp_path.iterdir())) == 2, sorted(p.name for p in tmp_path.iterdir())


def test_killed_after_the_link_moved_the_new_report_is_readable_and_the_old_one_swept(tmp_path):
    write(tmp_path / ".r.partial-1", "old")
    swap_in(tmp_path / ".r.partial-1", tmp_path / "r")
    write(tmp_path / ".r.partial-2", "new")
    with mock.patch.object(folders.shutil, "rmtree", side_effect=KeyboardInterrupt), pytest.raises(KeyboardInterrupt):
        swap_in(tmp_path / ".r.partial-2", tmp_path / "r")
    assert visible_report(tmp_path) == "new"
    recover(tmp_path, "r")
    assert visible_report(tmp_path) == "new"
    assert len(list(tmp_path.iterdir())) == 2


def test_remove_report_deletes_link_and_run_folder(tmp_path):
    write(tmp_path / ".r.failed.partial-1", "failed attempt")
    swap_in(tmp_path / ".r.failed.partial-1", tmp_path / "r.failed")
    remove_report(tmp_path / "r.failed")
    remove_report(tmp_path / "never-there")
    assert list(tmp_path.iterdir()) == []
