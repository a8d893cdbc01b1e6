"""A dataset is checked once per content: the kernel reuses the checks the command line made."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from cases import FRAMEWORK_DIR
from deficit_report.dataset import load as data
from deficit_report.errors import UserInputError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "CHECKED_DIR", tmp_path / "checked")
    copy = tmp_path / "us-japan-framework"
    shutil.copytree(FRAMEWORK_DIR, copy)
    return copy


def test_a_checked_dataset_is_loaded_again_without_checking(folder, monkeypatch):
    expected = data.load_dataset(folder)
    assert len(list(data.CHECKED_DIR.glob("*.pickle"))) == 1
    monkeypatch.setattr(data, "check_dataset", lambda *a: pytest.fail("checked twice"))
    result = data.load_dataset(folder)
    for name in ("figures", "context", "status_events", "sectors", "sources"):
        pd.testing.assert_frame_equal(getattr(result, name), getattr(expected, name))
    assert result.files == expected.files


def test_a_changed_byte_is_checked_again(folder):
    data.load_dataset(folder)
    figures = folder / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",1994,", ",19x4,", 1), encoding="utf-8")
    with pytest.raises(UserInputError, match="figures.csv"):
        data.load_dataset(folder)


def test_a_dataset_that_fails_is_not_kept(folder):
    (folder / "sources.csv").write_text("source_id\n", encoding="utf-8")
    with pytest.raises(UserInputError):
        data.load_dataset(folder)
    assert list(data.CHECKED_DIR.glob("*.pickle")) == []
