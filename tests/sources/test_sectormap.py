"""Sector maps: shipped files, longest-prefix assignment, and rejected ambiguous definitions."""

from __future__ import annotations

import pandas as pd
import pytest

from deficit_report.dataset.sectormap import assign_sectors, parse_sector_map, read_sector_map, sectors_table
from deficit_report.errors import UserInputError
from deficit_report.paths import DATA_DIR

MAPS = DATA_DIR / "sector_maps"


def test_framework_map_holds_the_framework_sectors():
    m = read_sector_map(MAPS / "framework.csv")
    prefixes = m.groupby("sector")["hs_prefix"].apply(sorted).to_dict()
    assert prefixes == {
        "autos": ["8703"],
        "auto_parts": ["8706", "8707", "8708"],
        "medical_equipment": ["9018", "9019", "9020", "9021", "9022"],
        "telecom_equipment": ["8517"],
    }


def test_chapter_map_holds_the_chapters():
    m = read_sector_map(MAPS / "hs_chapters.csv")
    assert dict(zip(m["hs_prefix"], m["sector"])) == {
        "87": "vehicles_and_parts",
        "84": "machinery",
        "85": "electrical_equipment",
        "90": "instruments",
        "30": "pharmaceuticals",
    }


def test_each_map_names_its_source():
    for path in MAPS.glob("*.csv"):
        assert "Source:" in path.read_text().split("\nsector,")[0], path


def test_longest_prefix_wins_and_unmapped_codes_go_to_all_other_goods():
    m = parse_sector_map("sector,label,hs_prefix\nvehicles,V,87\nautos,Cars,8703\nsuvs,SUVs,870324\n")
    codes = pd.Series(["870324", "870323", "8703", "8708", "87", "8517", "8", "0087"])
    assert assign_sectors(codes, m).tolist() == [
        "suvs",
        "autos",
        "autos",
        "vehicles",
        "vehicles",
        "all_other_goods",
        "all_other_goods",
        "all_other_goods",
    ]


def test_framework_map_on_hs6_codes():
    m = read_sector_map(MAPS / "framework.csv")
    codes = pd.Series(["870323", "870899", "851762", "902214", "840734", "401110"])
    assert assign_sectors(codes, m).tolist() == [
        "autos",
        "auto_parts",
        "telecom_equipment",
        "medical_equipment",
        "all_other_goods",
        "all_other_goods",
    ]


# A prefix in two sectors: tests/bad_inputs, sector-map-overlapping-prefixes.
@pytest.mark.parametrize(
    "body, line, column, message",
    [
        ("autos,Cars,8703\nautos,Cars,8703\n", 3, "hs_prefix", "already in line 3"),
        ("autos,Cars,870\n", 2, "hs_prefix", "2, 4 or 6 digits, got '870'"),
        ("autos,Cars,87031\n", 2, "hs_prefix", "2, 4 or 6 digits"),
        ("autos,Cars,87a3\n", 2, "hs_prefix", "2, 4 or 6 digits"),
        ("Autos,Cars,8703\n", 2, "sector", "lower-case"),
        ("total,Total,8703\n", 2, "sector", "reserved"),
        ("all_other_goods,Rest,8703\n", 2, "sector", "reserved"),
        ("autos,,8703\n", 2, "label", "expected a label"),
        ("autos,Cars,8703\nautos,Autos,8704\n", 3, "label", "another label"),
    ],
)
def test_ambiguous_or_bad_maps_name_file_line_and_column(tmp_path, body, line, column, message):
    path = tmp_path / "bad.csv"
    path.write_text("# comment line\nsector,label,hs_prefix\n" + body)
    with pytest.raises(UserInputError, match=f"bad.csv, line {line + 1}, column '{column}': .*{message}"):
        read_sector_map(path)


def test_wrong_header_is_refused(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("sector,hs\nautos,8703\n")
    with pytest.raises(UserInputError, match="m.csv, line 1: expected the header sector,label,hs_prefix"):
        read_sector_map(path)


def test_sectors_table_follows_the_canonical_schema():
    table = sectors_table(read_sector_map(MAPS / "framework.csv"), "framework.csv")
    assert list(table.columns) == ["sector", "label", "kind", "market", "parent", "hs_codes", "note"]
    row = table.set_index("sector").loc["auto_parts"]
    assert (row["hs_codes"], row["market"], row["kind"]) == ("8708;8706;8707", "private", "goods")
