"""The optional tables (policies, policy_sectors, tariffs) and the event columns flow and deal.

A dataset without the optional files behaves as before (the Japan datasets); a dataset with them
is checked across tables: an event may name a sector or a policy, a policy on a trade flow names
the sectors it touches, a source_id cell may list several ids. The messages of bad inputs are
asserted in tests/bad_inputs (the catalogue); here, what a user relies on when the data is good.
"""

from __future__ import annotations

import shutil

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


def add_policy(folder, flow="imports", rows=("list_1,autos,part,HS lines of the list fall in autos,nyt-1994-06-07",)):
    """Add a policy ``list_1`` (citing two sources), its sector rows and an event naming it."""
    (folder / "policies.csv").write_text(
        "policy,label,flow,note,source_id\n"
        f"list_1,Section 301 List 1,{flow},a list of HS lines,nyt-1994-06-07; tcc-framework\n",
        encoding="utf-8",
    )
    (folder / "policy_sectors.csv").write_text(
        "policy,sector,coverage,note,source_id\n" + "".join(row + "\n" for row in rows), encoding="utf-8"
    )
    events = folder / "status_events.csv"
    events.write_bytes(
        events.read_bytes() + f"JPN,list_1,1994-07-01,in_talks,{flow},,a list,nyt-1994-06-07\r\n".encode()
    )


def test_the_japan_datasets_have_empty_optional_tables_with_their_columns(framework):
    assert framework.policies.empty and list(framework.policies) == ["policy", "label", "flow", "note", "source_id"]
    assert list(framework.policy_sectors) == ["policy", "sector", "coverage", "note", "source_id"]
    assert list(framework.tariffs) == ["partner", "sector", "month", "flow", "tariff_pct", "source_id", "note"]
    # every Japan event concerns the sector's trade both ways and belongs to no deal (issue 11 design)
    assert set(framework.status_events["flow"]) == {"both"}
    assert set(framework.status_events["deal"]) == {""}


def test_an_event_may_name_a_policy_and_a_policy_may_cite_two_sources(folder):
    add_policy(folder)
    result = data.load_dataset(folder)
    assert result.status_events["sector"].iloc[-1] == "list_1"
    assert result.policies["source_id"].tolist() == ["nyt-1994-06-07; tcc-framework"]
    assert result.policy_sectors[["policy", "sector", "coverage"]].values.tolist() == [["list_1", "autos", "part"]]
    assert "us-japan-framework/policies.csv" in result.files


def test_adding_an_optional_table_is_checked_again(folder):
    # the checked-dataset cache key covers the optional files: a dataset kept without them
    # must not be returned once they are added
    data.load_dataset(folder)
    add_policy(folder, rows=("list_1,no_such_sector,part,why,nyt-1994-06-07",))
    with pytest.raises(UserInputError, match="policy_sectors.csv, line 2, column 'sector': unknown sector"):
        data.load_dataset(folder)


def test_an_unknown_second_source_id_in_a_list_is_named(folder):
    add_policy(folder)
    path = folder / "policies.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("; tcc-framework", "; tcc-frameworks"), encoding="utf-8")
    with pytest.raises(
        UserInputError, match="policies.csv, line 2, column 'source_id': unknown source_id 'tcc-frameworks'"
    ):
        data.load_dataset(folder)


def test_a_policy_key_may_not_also_be_a_sector(folder):
    add_policy(folder)
    path = folder / "policies.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("list_1,", "autos,", 1), encoding="utf-8")
    with pytest.raises(UserInputError, match="policy 'autos' is also a sector"):
        data.load_dataset(folder)


def test_a_policy_on_no_trade_flow_has_no_sector_rows(folder):
    add_policy(folder, flow="none")
    with pytest.raises(UserInputError, match="policy 'list_1' has flow none"):
        data.load_dataset(folder)


def test_an_event_naming_a_policy_takes_the_policy_flow(folder):
    add_policy(folder)
    path = folder / "status_events.csv"
    path.write_bytes(path.read_bytes().replace(b"in_talks,imports,,a list", b"in_talks,exports,,a list"))
    with pytest.raises(UserInputError, match="column 'flow': policy 'list_1' has flow imports"):
        data.load_dataset(folder)
