"""Bad data files get one line naming the file, line and column (the full catalogue is tests/bad_inputs/)."""

from __future__ import annotations

import shutil

import pytest

from deficit_report.dataset.load import load_dataset
from deficit_report.errors import UserInputError

from cases import FRAMEWORK_DIR


@pytest.fixture
def dataset(tmp_path):
    folder = tmp_path / "us-japan-framework"
    shutil.copytree(FRAMEWORK_DIR, folder)
    return folder


def replace_line(path, line_number, new_text):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_number - 1] = new_text + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def error_for(folder) -> str:
    with pytest.raises(UserInputError) as info:
        load_dataset(folder)
    return str(info.value)


def test_thousands_separator(dataset):
    replace_line(dataset / "figures.csv", 11, 'USA,JPN,1994,total,balance,"-65,700",census,first_release,ap-1995-02-18,')
    assert error_for(dataset) == (
        f"{dataset / 'figures.csv'}, line 11, column 'value_usd_m': expected a plain number (no thousands "
        "separators, units or currency signs), got '-65,700'")


def test_source_that_does_not_resolve(dataset):
    replace_line(dataset / "figures.csv", 11, "USA,JPN,1994,total,balance,-65700,census,first_release,ap-1995-02-19,")
    message = error_for(dataset)
    assert message.startswith(f"{dataset / 'figures.csv'}, line 11, column 'source_id': unknown source_id 'ap-1995-02-19'")


def test_unknown_status_word(dataset):
    replace_line(dataset / "status_events.csv", 2, "JPN,autos,1993-07-10,talking,launched,tcc-framework")
    assert error_for(dataset).startswith(
        f"{dataset / 'status_events.csv'}, line 2, column 'status': expected one of not_in_talks, in_talks, stalled")


def test_negative_imports(dataset):
    replace_line(dataset / "figures.csv", 5, "USA,JPN,1992,total,imports,-97200,census,revised,state-1994-japan,")
    assert error_for(dataset) == (f"{dataset / 'figures.csv'}, line 5, column 'value_usd_m': expected exports and "
                                  "imports of zero or more (only a balance may be negative), got -97200.0")
