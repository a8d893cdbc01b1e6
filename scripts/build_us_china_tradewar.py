"""The U.S.-China dataset (``data/raw/us-china-tradewar/``), built from its vendored files.

Inputs, copied unchanged into the project (see the dataset's README for provenance):

- ``us-china-tradewar/tracker/``: Michael Waugh's tradewar-tracker files (MIT licence): U.S.
  exports to and imports from China by NAICS 3-digit sector, monthly 2015-01..2020-03, with
  the trade-weighted average tariff each side; the Phase One Annex 6.1 product list;
- ``us-china-tradewar/status_timeline.csv``: 47 sourced events 2017-2021 whose sector keys are
  policy keys (``L1`` ... ``IND(autos)``), several keys and several URLs per row;
- ``census-china/``: China's (CTY_CODE 5700) rows of the Census country totals, 2013-2024.

:func:`build_tables` turns them into the canonical tables (figures, sectors, sources,
status_events, context) and the optional ones (policies, policy_sectors, tariffs);
``python scripts/build_us_china_tradewar.py`` writes them into the dataset folder, and
``--check`` only compares (a test does the same: no table can be edited by hand). This builder is
a developer's script, not part of the installed package: a user runs the tables it wrote.

Rules, each stated where it is applied:

- figures: a sector's annual value is the sum of its twelve monthly values, for complete years
  only (2015-2019; 2020 has January-March and is not a year); vintage ``tracker_naics``. The
  partner total comes from the Census files (vintage ``census_2025``). The two vintages are
  never subtracted from each other.
- sources: one row per URL of the timeline, with the quote in the same position (quotes are
  separated by `` / `` as URLs are by `` ; ``); an event cites all its row's sources.
- status events: one row per key of a timeline row; the key becomes a policy key; a qualifier
  such as ``(soybeans)`` is kept in the note.
- policy_sectors: for a Section 301 list, the sectors whose U.S. trade-weighted tariff on
  imports from China rose in the month the list shows in the tracker's series (``all`` when
  it rose by the list's whole rate, that is when every line of the sector was on the list);
  export-side policies through the Annex 6.1 categories and HS chapters, row by row.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from deficit_report.errors import UserInputError
from deficit_report.paths import RAW_DIR
from deficit_report.sources.census import FLOWS as CENSUS_FLOWS
from deficit_report.sources.census import read_census_csv

PARTNER = "CHN"
REPORTER = "USA"
DATASET = "us-china-tradewar"
TRACKER = f"{DATASET}/tracker"
CENSUS_DIR = "census-china"
SECTOR_VINTAGE = "tracker_naics"
TOTAL_VINTAGE = "census_2025"
TRACKER_URL = "https://github.com/mwaugh0328/tradewar-tracker"
TRACKER_COMMIT = "753b351647341787b232bcefa349b29c42b7d474"
TRACKER_PUBLISHER = "Michael Waugh, tradewar-tracker (from U.S. Census Bureau data)"
#: Census country code of China.
CENSUS_CODE = "5700"

#: The timeline's key -> the policy key of the dataset.
POLICY_OF_KEY = {
    "L1": "list_1",
    "L2": "list_2",
    "L3": "list_3",
    "L4A": "list_4a",
    "L4B": "list_4b",
    "AG": "ag",
    "PURCH": "purch",
    "IPT": "ipt",
    "FIN": "fin",
    "STEEL/ALU": "steel_alu",
    "IND(autos)": "ind_autos",
}

#: The official 2017 NAICS titles of the 3-digit subsectors in the tracker's files.
NAICS_TITLES = {
    "111": "Crop Production",
    "112": "Animal Production and Aquaculture",
    "113": "Forestry and Logging",
    "114": "Fishing, Hunting and Trapping",
    "211": "Oil and Gas Extraction",
    "212": "Mining (except Oil and Gas)",
    "311": "Food Manufacturing",
    "312": "Beverage and Tobacco Product Manufacturing",
    "313": "Textile Mills",
    "314": "Textile Product Mills",
    "315": "Apparel Manufacturing",
    "316": "Leather and Allied Product Manufacturing",
    "321": "Wood Product Manufacturing",
    "322": "Paper Manufacturing",
    "323": "Printing and Related Support Activities",
    "324": "Petroleum and Coal Products Manufacturing",
    "325": "Chemical Manufacturing",
    "326": "Plastics and Rubber Products Manufacturing",
    "327": "Nonmetallic Mineral Product Manufacturing",
    "331": "Primary Metal Manufacturing",
    "332": "Fabricated Metal Product Manufacturing",
    "333": "Machinery Manufacturing",
    "334": "Computer and Electronic Product Manufacturing",
    "335": "Electrical Equipment, Appliance, and Component Manufacturing",
    "336": "Transportation Equipment Manufacturing",
    "337": "Furniture and Related Product Manufacturing",
    "339": "Miscellaneous Manufacturing",
}
NAICS_URL = "https://www.census.gov/naics/?58967?yearbck=2017"

#: Policies: key -> (label, flow, note, the timeline rows (date, keys cell) whose sources define it).
POLICIES = {
    "list_1": (
        "Section 301 List 1 (about $34B, 25% from 2018-07-06)",
        "imports",
        "U.S. tariff on imports from China: 818 HS lines (aircraft parts, machinery, electrical equipment, "
        "medical devices, vehicles)",
        [("2018-07-06", "L1")],
    ),
    "list_2": (
        "Section 301 List 2 (about $16B, 25% from 2018-08-23)",
        "imports",
        "U.S. tariff on imports from China: 279 HS lines (chemicals, plastics, semiconductors, railway equipment)",
        [("2018-08-23", "L2")],
    ),
    "list_3": (
        "Section 301 List 3 (about $200B, 10% from 2018-09-24, 25% from 2019-05-10)",
        "imports",
        "U.S. tariff on imports from China: 5,745 HS lines across most chapters",
        [("2018-09-24", "L3"), ("2019-05-10", "L3 (all sectors in talks)")],
    ),
    "list_4a": (
        "Section 301 List 4A (about $120B, 15% from 2019-09-01, 7.5% from 2020-02-14)",
        "imports",
        "U.S. tariff on imports from China: the first part of the 'List 4' of about $300B",
        [("2019-09-01", "L4A")],
    ),
    "list_4b": (
        "Section 301 List 4B (about $160B, due 2019-12-15, never imposed)",
        "imports",
        "U.S. tariff on imports from China announced for cell phones, laptops, toys and some apparel and "
        "footwear; called off on 2019-12-13, so the tracker's tariff series never shows it",
        [("2019-09-01", "L4A")],
    ),
    "ag": (
        "U.S. farm exports to China: China's retaliatory tariffs and the Phase One farm purchases",
        "exports",
        "China's tariffs on U.S. farm goods (2018-2019) and the Phase One commitment to buy U.S. farm goods "
        "(Annex 6.1 category '2. Agriculture')",
        [("2018-06-15", "AG"), ("2020-01-15", "AG")],
    ),
    "purch": (
        "Other Phase One purchases: manufactured goods and energy (and services)",
        "exports",
        "The Phase One commitments to buy U.S. manufactured goods and energy (Annex 6.1 categories "
        "'1. Manufactured Goods' and '3. Energy'); its services part has no goods figure",
        [("2020-01-15", "AG; PURCH; IPT; FIN")],
    ),
    "ipt": (
        "Intellectual property and technology transfer",
        "none",
        "A structural chapter with no trade flow (the Section 301 investigation and Phase One chapters)",
        [("2017-08-18", "IPT")],
    ),
    "fin": (
        "Financial services",
        "none",
        "Market access for U.S. financial services: not a goods flow",
        [("2020-01-15", "FIN")],
    ),
    "steel_alu": (
        "Section 232 tariffs on steel and aluminum",
        "imports",
        "Global U.S. tariffs (25% steel, 10% aluminum) from 2018-03-23, applied to China; not in the "
        "tracker's tariff series (MFN plus Section 301 only)",
        [("2018-03-08", "STEEL/ALU")],
    ),
    "ind_autos": (
        "China's tariffs on U.S. autos",
        "exports",
        "China's auto tariffs, a U.S. priority at the 2017 Comprehensive Economic Dialogue",
        [("2017-07-19", "FIN; STEEL/ALU; IND(autos)")],
    ),
}

#: Section 301 lists in the tracker's U.S. tariff series: action date, the month before the list
#: shows, the month it shows, and the list's rate (points added to every line on it).
LIST_STEPS = {
    "list_1": ("2018-07-06", "2018-06", "2018-07", 25.0),
    "list_2": ("2018-08-23", "2018-08", "2018-09", 25.0),
    "list_3": ("2018-09-24", "2018-09", "2018-10", 10.0),
    "list_4a": ("2019-09-01", "2019-08", "2019-09", 15.0),
}
#: A rise smaller than this (percentage points) is not counted as holding lines of a list.
MIN_RISE = 0.05

#: Export-side policies: sector -> why it is touched (Annex 6.1 categories and HS chapters).
EXPORT_SECTORS = {
    "ag": {
        "111": "Annex 6.1 '2. Agriculture' holds cereals, oilseeds (soybeans), cotton, fruit and vegetables "
        "(HS 06-10, 12, 52), products of crop production; part: the sector's exports are not all on the list",
        "112": "Annex 6.1 '2. Agriculture' holds live animals (HS 01), products of animal production",
        "114": "Annex 6.1 '2. Agriculture' holds seafood (HS 03), products of fishing",
        "311": "Annex 6.1 '2. Agriculture' holds meat, dairy, milled grain, oils, sugar and prepared foods "
        "(HS 02, 04, 11, 15-21, 23), products of food manufacturing",
        "312": "Annex 6.1 '2. Agriculture' holds beverages and tobacco (HS 22, 24)",
    },
    "purch": {
        "211": "Annex 6.1 '3. Energy' holds crude oil and liquefied natural gas (HS 27), products of oil and "
        "gas extraction",
        "212": "Annex 6.1 '3. Energy' holds coal (HS 27), a product of mining",
        "324": "Annex 6.1 '3. Energy' holds refined products (HS 27), products of petroleum refining",
        "325": "Annex 6.1 '1. Manufactured Goods' holds pharmaceutical products (HS 30) and chemicals (HS 28, 29, 33)",
        "331": "Annex 6.1 '1. Manufactured Goods' holds iron and steel (HS 72)",
        "332": "Annex 6.1 '1. Manufactured Goods' holds articles of iron or steel (HS 73)",
        "333": "Annex 6.1 '1. Manufactured Goods' holds industrial machinery (HS 84)",
        "334": "Annex 6.1 '1. Manufactured Goods' holds electrical equipment (HS 85) and optical and "
        "measuring instruments (HS 90)",
        "335": "Annex 6.1 '1. Manufactured Goods' holds electrical equipment and machinery (HS 85)",
        "336": "Annex 6.1 '1. Manufactured Goods' holds vehicles (HS 87) and aircraft (HS 88)",
        "339": "Annex 6.1 '1. Manufactured Goods' holds medical instruments (HS 90)",
    },
    "ind_autos": {
        "336": "motor vehicles (HS 87) are made in transportation equipment manufacturing, which also holds "
        "aircraft and parts",
    },
}
#: Import-side policies outside the tracker's series: sector -> why (and which source says so).
OTHER_IMPORT_SECTORS = {
    "list_4b": {
        "334": "the source names cell phones, laptop computers and computer monitors, products of computer "
        "and electronic product manufacturing",
        "339": "the source names certain toys, products of miscellaneous manufacturing",
        "315": "the source names certain clothing, a product of apparel manufacturing",
        "316": "the source names certain footwear, a product of leather and allied product manufacturing",
    },
    "steel_alu": {
        "331": "steel mill products and aluminum (HS 72, 76) are made in primary metal manufacturing; the "
        "derivatives added from 2020-02-08 are not placed here (the source names none)",
    },
}


# --------------------------------------------------------------------------- reading


def read_tracker(path: Path) -> pd.DataFrame:
    """Read a tracker file ``{exports,imports}_by_naics.csv`` as text cells plus ``month`` and ``sector``.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text("time,naics3,tariff_trd_w_avg,total_trade,china_trade\\n2015-01-01,111,7.7,10.0,2.0\\n")
    >>> read_tracker(p)[["month", "sector", "tariff_trd_w_avg", "china_trade"]].values.tolist()
    [['2015-01', 'naics_111', '7.7', 2.0]]
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    expected = ["time", "naics3", "tariff_trd_w_avg", "total_trade", "china_trade"]
    if list(frame.columns) != expected:
        raise UserInputError(f"expected the header {','.join(expected)}", file=path, row=1)
    return frame.assign(
        month=frame["time"].str[:7],
        sector="naics_" + frame["naics3"],
        china_trade=frame["china_trade"].astype(float),
    )


def split_keys(cell: str) -> list[tuple[str, str]]:
    """Split a timeline ``sectors`` cell into (key, qualifier) pairs; ``; `` inside brackets is kept.

    Examples
    --------
    >>> split_keys("L1 (proposed; aerospace, ICT); IPT")
    [('L1', 'proposed; aerospace, ICT'), ('IPT', '')]
    >>> split_keys("IND(autos)")
    [('IND(autos)', '')]
    """
    parts, depth, current = [], 0, ""
    for char in cell:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    pairs = []
    for part in parts:
        if part in POLICY_OF_KEY:
            pairs.append((part, ""))
            continue
        match = re.fullmatch(r"(\S+) \((.*)\)", part)
        if not match or match.group(1) not in POLICY_OF_KEY:
            raise UserInputError(f"unknown timeline key {part!r}; expected one of {', '.join(POLICY_OF_KEY)}")
        pairs.append((match.group(1), match.group(2)))
    return pairs


def read_timeline(path: Path) -> pd.DataFrame:
    """Read ``status_timeline.csv``: one row per event row, with its keys, URLs and quotes as lists.

    Raises if a row has not as many quotes as URLs (nothing may be lost or shifted).
    """
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"), newline="")))
    records = []
    for line, row in enumerate(rows, start=2):
        urls = [u.strip() for u in row["urls"].split(" ; ")]
        quotes = [q.strip() for q in row["quote"].split(" / ")]
        if len(urls) != len(quotes):
            raise UserInputError(
                f"{len(urls)} URL(s) but {len(quotes)} quote(s); expected one quote per URL, in the same order",
                file=path,
                row=line,
                column="quote",
            )
        records.append(
            {**row, "line": line, "keys": split_keys(row["sectors"]), "url_list": urls, "quote_list": quotes}
        )
    return pd.DataFrame(records)


# --------------------------------------------------------------------------- sources


def timeline_source_ids(timeline: pd.DataFrame) -> list[list[str]]:
    """Return, per timeline row, the source ids of its URLs: ``tl-DATE-N``, N counting that date's URLs.

    Examples
    --------
    >>> t = pd.DataFrame({"date": ["2018-07-06", "2018-07-06"], "url_list": [["a"], ["b", "c"]]})
    >>> timeline_source_ids(t)
    [['tl-2018-07-06-1'], ['tl-2018-07-06-2', 'tl-2018-07-06-3']]
    """
    seen: dict[str, int] = {}
    result = []
    for date, urls in zip(timeline["date"], timeline["url_list"]):
        ids = []
        for _ in urls:
            seen[date] = seen.get(date, 0) + 1
            ids.append(f"tl-{date}-{seen[date]}")
        result.append(ids)
    return result


def publisher_of(url: str) -> str:
    """Return a URL's host without ``www.``, as the publisher of a timeline source.

    Examples
    --------
    >>> publisher_of("https://www.piie.com/research/x")
    'piie.com'
    """
    host = urlparse(url).netloc
    return host.removeprefix("www.")


def tracker_sources() -> pd.DataFrame:
    """Return the source rows of the tracker's files, the Census totals and the NAICS titles."""
    blob = f"{TRACKER_URL}/blob/{TRACKER_COMMIT}"
    rows = [
        (
            "tracker-exports-naics",
            TRACKER_PUBLISHER,
            "U.S. exports to China by NAICS 3-digit sector, monthly 2015-01 to 2020-03, with China's "
            "trade-weighted average tariff on U.S. goods (data/exports_by_naics.csv)",
            "2021-01-27",
            f"{blob}/data/exports_by_naics.csv",
            "columns time,naics3,tariff_trd_w_avg,total_trade,china_trade (USD; tariff in percent, MFN plus "
            "retaliation). Annual figure: sum of the twelve monthly china_trade values, divided by one million; "
            "copied unchanged into data/raw/us-china-tradewar/tracker/ (MIT licence).",
        ),
        (
            "tracker-imports-naics",
            TRACKER_PUBLISHER,
            "U.S. imports from China by NAICS 3-digit sector, monthly 2015-01 to 2020-03, with the U.S. "
            "trade-weighted average tariff on Chinese goods (data/imports_by_naics.csv)",
            "2021-01-27",
            f"{blob}/data/imports_by_naics.csv",
            "columns time,naics3,tariff_trd_w_avg,total_trade,china_trade (USD; tariff in percent, MFN plus "
            "Section 301, weighted by 2017 imports, data/2017_imports_by_naics.csv). Annual figure: sum of the "
            "twelve monthly china_trade values, divided by one million; copied unchanged (MIT licence).",
        ),
        (
            "tracker-annex-6-1",
            TRACKER_PUBLISHER,
            "Phase One agreement, Annex 6.1 product list: HS4 code, description, sub-category, category "
            "(data/annex-6-1.csv)",
            "2021-01-27",
            f"{blob}/data/annex-6-1.csv",
            "columns hs4_o,description,low_catagory,high_catagory,hs4; categories '1. Manufactured Goods', "
            "'2. Agriculture', '3. Energy'",
        ),
        (
            "tracker-section301-notes",
            "Michael Waugh, tradewar-tracker",
            "Section 301 tariffs. How to understand the Federal Registry (notes/section301-tariffs.md)",
            "2021-01-27",
            f"{blob}/notes/section301-tariffs.md",
            '"For reference, heading 9903.88.01 became effective on July 6, 2018, heading 9903.88.02 became '
            "effective on August 23, 2018, heading 9903.88.03 became effective on September 24, 2018, "
            "9903.88.04 became effective on September 24, 2018, 9903.88.15 became effective on September 1, "
            '2019, and 9903.88.16 is suspended pursuant to Federal Register notice of December 18, 2019"',
        ),
        (
            "census-exports-china-2013-2024",
            "U.S. Census Bureau (International Trade API)",
            "U.S. exports to China by month, total exports f.a.s. (ALL_VAL_MO), 2013-2024",
            "2025-10",
            "https://api.census.gov/data/timeseries/intltrade/exports/hs",
            "Rows with CTY_CODE 5700 (CHINA) of the API answer exports/hs?get=CTY_CODE,CTY_NAME,ALL_VAL_MO&time=... "
            "saved in data/raw/census-china/exports_china_monthly_2013_2024.csv (retrieved September-October "
            "2025, after the June 2025 revision, via the public repository Leakathr1n/US-Census-Trade-Analysis, "
            "commits 9e00e2d1 and eac4fd0d). Annual figure: sum of the twelve monthly values, dollars divided "
            "by one million.",
        ),
        (
            "census-imports-china-2013-2024",
            "U.S. Census Bureau (International Trade API)",
            "U.S. imports from China by month, general imports at customs value (GEN_VAL_MO), 2013-2024",
            "2025-10",
            "https://api.census.gov/data/timeseries/intltrade/imports/hs",
            "Rows with CTY_CODE 5700 (CHINA) of the API answer imports/hs?get=CTY_CODE,CTY_NAME,GEN_VAL_MO&time=... "
            "saved in data/raw/census-china/imports_china_monthly_2013_2024.csv (retrieved September-October "
            "2025, after the June 2025 revision, via the public repository Leakathr1n/US-Census-Trade-Analysis, "
            "commits 9e00e2d1 and eac4fd0d). Annual figure: sum of the twelve monthly values, dollars divided "
            "by one million.",
        ),
        (
            "census-naics-2017",
            "U.S. Census Bureau",
            "North American Industry Classification System, 2017 NAICS: 3-digit subsector titles",
            "2017",
            NAICS_URL,
            "; ".join(f"{code} {title}" for code, title in NAICS_TITLES.items()),
        ),
    ]
    return pd.DataFrame(rows, columns=["source_id", "publisher", "title", "date", "url", "quote"])


#: The sources of the curated deal outcomes (deals.csv, outcomes.csv: issue 12), appended to sources.csv.
OUTCOME_SOURCES = f"{DATASET}/deal-outcomes-sources.csv"


def outcome_sources(raw_dir: Path) -> pd.DataFrame:
    """Return the source rows of the dataset's deal outcomes (empty when the file is absent)."""
    path = Path(raw_dir) / OUTCOME_SOURCES
    if not path.is_file():
        return pd.DataFrame(columns=["source_id", "publisher", "title", "date", "url", "quote"])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


#: The sources of the product-level extracts and the Section 301 list values (issue 20), appended to sources.csv.
PRODUCT_LEVEL_SOURCES = f"{DATASET}/product-level/sources.csv"


def product_level_sources(raw_dir: Path) -> pd.DataFrame:
    """Return the source rows of the product-level folder (empty when the file is absent)."""
    path = Path(raw_dir) / PRODUCT_LEVEL_SOURCES
    if not path.is_file():
        return pd.DataFrame(columns=["source_id", "publisher", "title", "date", "url", "quote"])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def sources_table(timeline: pd.DataFrame) -> pd.DataFrame:
    """Return sources.csv: the tracker and Census sources, then one row per timeline URL, in order."""
    rows = []
    for ids, (_, event) in zip(timeline_source_ids(timeline), timeline.iterrows()):
        for source_id, url, quote in zip(ids, event["url_list"], event["quote_list"]):
            rows.append((source_id, publisher_of(url), event["note"], event["date"], url, quote))
    timeline_rows = pd.DataFrame(rows, columns=["source_id", "publisher", "title", "date", "url", "quote"])
    return pd.concat([tracker_sources(), timeline_rows], ignore_index=True)


# --------------------------------------------------------------------------- events and policies


def deal_of(date: str, policy: str, status: str) -> str:
    """Return ``phase_one`` for an event of the Phase One agreement, else an empty string.

    The agreement's events are those from its announcement (2019-12-13) on that concern its
    chapters and purchases (ag, purch, ipt, fin), or that record it as agreed or expired (List 4B
    called off, List 4A halved). Lists 1-3 kept "pending further negotiations" and the Section 232
    tariffs are not part of it.

    Examples
    --------
    >>> deal_of("2020-01-15", "ag", "agreed"), deal_of("2019-12-13", "list_1", "stalled")
    ('phase_one', '')
    >>> deal_of("2019-10-11", "ipt", "within_reach")
    ''
    """
    if date < "2019-12-13" or policy == "steel_alu":
        return ""
    if policy in ("ag", "purch", "ipt", "fin") or status in ("agreed", "expired"):
        return "phase_one"
    return ""


#: Keys a timeline row's note names without listing them in its ``sectors`` cell: (date, keys cell) ->
#: (key, why). The 2019-12-13 row (Lists 4A and 4B) says "China cancels its Dec 15 retaliation,
#: including 25% on U.S. autos", so China's auto tariffs get that row's event too (issue 20: they
#: stayed "stalled since 2017-07-19" though the dataset's own note names the cancellation).
NOTED_KEYS = {
    ("2019-12-13", "L4A; L4B"): [
        (
            "IND(autos)",
            "the row's note names China's cancelled 25% tariff on U.S. autos; its quote is about Lists 4A and 4B",
        ),
    ],
}


def status_events_table(timeline: pd.DataFrame) -> pd.DataFrame:
    """Return status_events.csv: one row per key of each timeline row, citing all the row's sources.

    A key the row's note names but its ``sectors`` cell does not (:data:`NOTED_KEYS`) gets the row's
    event too, the reason appended to the note.
    """
    rows = []
    for ids, (_, event) in zip(timeline_source_ids(timeline), timeline.iterrows()):
        noted = [(key, f"label inferred: {why}") for key, why in NOTED_KEYS.get((event["date"], event["sectors"]), [])]
        for key, qualifier in [*event["keys"], *noted]:
            policy = POLICY_OF_KEY[key]
            note = event["note"] + (f" [timeline key: {key} ({qualifier})]" if qualifier else "")
            rows.append(
                {
                    "partner": PARTNER,
                    "sector": policy,
                    "date": event["date"],
                    "status": event["status"],
                    "flow": POLICIES[policy][1],
                    "deal": deal_of(event["date"], policy, event["status"]),
                    "note": note,
                    "source_id": "; ".join(ids),
                }
            )
    return pd.DataFrame(rows)


def row_source_ids(timeline: pd.DataFrame, date: str, keys: str) -> list[str]:
    """Return the source ids of the timeline row with this date and ``sectors`` cell (exactly one)."""
    ids = timeline_source_ids(timeline)
    found = [ids[i] for i, (d, k) in enumerate(zip(timeline["date"], timeline["sectors"])) if d == date and k == keys]
    if len(found) != 1:
        raise UserInputError(f"expected one timeline row dated {date} with keys {keys!r}, found {len(found)}")
    return found[0]


def policies_table(timeline: pd.DataFrame) -> pd.DataFrame:
    """Return policies.csv: one row per policy key, citing the timeline rows that define it."""
    rows = []
    for policy, (label, flow, note, defined_by) in POLICIES.items():
        ids = [i for date, keys in defined_by for i in row_source_ids(timeline, date, keys)]
        if policy.startswith("list_"):
            ids.append("tracker-section301-notes")
        rows.append({"policy": policy, "label": label, "flow": flow, "note": note, "source_id": "; ".join(ids)})
    return pd.DataFrame(rows)


def tariff_pivot(tracker: pd.DataFrame) -> pd.DataFrame:
    """Return the monthly tariff as a sector x month table of numbers (missing cells stay missing)."""
    values = tracker.assign(tariff=pd.to_numeric(tracker["tariff_trd_w_avg"], errors="coerce"))
    return values.pivot(index="sector", columns="month", values="tariff")


def share_text(share: float) -> str:
    """Write a share as a whole percent, or "under 1%".

    Examples
    --------
    >>> share_text(0.004), share_text(0.254), share_text(1.0001)
    ('under 1%', '25%', '100%')
    """
    return "under 1%" if share < 0.005 else f"{100 * min(share, 1.0):.0f}%"


def list_sectors(imports: pd.DataFrame) -> pd.DataFrame:
    """Return the policy_sectors rows of the Section 301 lists, from the U.S. tariff series.

    A sector holds lines of a list when its trade-weighted tariff (fixed 2017 weights) rose by
    at least :data:`MIN_RISE` points in the month the list shows in the series; ``all`` when it
    rose by the list's whole rate (every line of the sector was on it), ``part`` otherwise. The
    rise divided by the rate is the share of the sector's 2017 imports on the list.
    """
    pivot = tariff_pivot(imports)
    rows = []
    for policy, (action, before, after, rate) in LIST_STEPS.items():
        rise = (pivot[after] - pivot[before]).dropna()
        for sector, points in rise[rise >= MIN_RISE].items():
            coverage = "all" if points >= rate - MIN_RISE else "part"
            rows.append(
                {
                    "policy": policy,
                    "sector": sector,
                    "coverage": coverage,
                    "note": (
                        f"U.S. trade-weighted tariff on imports from China in this sector rose by {points:.1f} "
                        f"points from {before} to {after}, the month the list ({rate:g}% from {action}) shows in "
                        f"the tracker's series: lines worth {share_text(points / rate)} of the sector's 2017 "
                        f"imports were on it (rise / {rate:g})"
                    ),
                    "source_id": "tracker-imports-naics",
                }
            )
    return pd.DataFrame(rows)


def explained_sectors(timeline: pd.DataFrame, exports: pd.DataFrame) -> pd.DataFrame:
    """Return the policy_sectors rows mapped by reason: export-side policies, List 4B and Section 232."""
    pivot = tariff_pivot(exports)
    rows = []
    for policy, sectors in EXPORT_SECTORS.items():
        for code, why in sectors.items():
            sector = f"naics_{code}"
            change = pivot.loc[sector, "2019-12"] - pivot.loc[sector, "2017-12"]
            source = (
                "tracker-annex-6-1"
                if policy != "ind_autos"
                else "; ".join(row_source_ids(timeline, "2017-07-19", "FIN; STEEL/ALU; IND(autos)"))
            )
            rows.append(
                {
                    "policy": policy,
                    "sector": sector,
                    "coverage": "part",
                    "note": f"{why}; China's trade-weighted tariff on U.S. exports in this sector went from "
                    f"{pivot.loc[sector, '2017-12']:.1f}% (2017-12) to {pivot.loc[sector, '2019-12']:.1f}% (2019-12), "
                    f"{change:+.1f} points",
                    "source_id": f"{source}; tracker-exports-naics",
                }
            )
    defined = {"list_4b": row_source_ids(timeline, "2019-09-01", "L4A")[1:], "steel_alu": None}
    defined["steel_alu"] = row_source_ids(timeline, "2018-03-08", "STEEL/ALU")
    for policy, sectors in OTHER_IMPORT_SECTORS.items():
        for code, why in sectors.items():
            rows.append(
                {
                    "policy": policy,
                    "sector": f"naics_{code}",
                    "coverage": "part",
                    "note": why,
                    "source_id": "; ".join(defined[policy]),
                }
            )
    return pd.DataFrame(rows)


def policy_sectors_table(timeline: pd.DataFrame, imports: pd.DataFrame, exports: pd.DataFrame) -> pd.DataFrame:
    """Return policy_sectors.csv: the lists from the tariff series, the rest by stated reasons."""
    table = pd.concat([list_sectors(imports), explained_sectors(timeline, exports)], ignore_index=True)
    order = {policy: i for i, policy in enumerate(POLICIES)}
    return table.sort_values(["policy", "sector"], key=lambda c: c.map(order) if c.name == "policy" else c).reset_index(
        drop=True
    )


# --------------------------------------------------------------------------- figures, sectors, tariffs


def sector_figures(tracker: pd.DataFrame, measure: str, source_id: str) -> pd.DataFrame:
    """Return annual sector figures (USD millions): sums of twelve months, complete years only.

    Examples
    --------
    >>> t = pd.DataFrame({"month": [f"2019-{m:02d}" for m in range(1, 13)] + ["2020-01"],
    ...     "sector": "naics_111", "china_trade": [1e6] * 13})
    >>> sector_figures(t, "exports", "s")[["period", "sector", "value_usd_m"]].values.tolist()
    [[2019, 'naics_111', 12.0]]
    """
    frame = tracker.assign(period=tracker["month"].str[:4].astype(int))
    months = frame.groupby("period")["month"].nunique()
    complete = months[months == 12].index
    frame = frame[frame["period"].isin(complete)]
    sums = frame.groupby(["period", "sector"], as_index=False)["china_trade"].sum()
    return pd.DataFrame(
        {
            "reporter": REPORTER,
            "partner": PARTNER,
            "period": sums["period"],
            "sector": sums["sector"],
            "measure": measure,
            "value_usd_m": sums["china_trade"] / 1_000_000,
            "basis": f"census NAICS {measure}, as compiled by the tracker",
            "vintage": SECTOR_VINTAGE,
            "source_id": source_id,
            "note": "sum of the 12 monthly values",
        }
    )


def census_totals(census_dir: Path) -> pd.DataFrame:
    """Return China's country totals (USD millions) from the Census extracts: sums of twelve months."""
    frames = []
    for measure in ("exports", "imports"):
        path = census_dir / f"{measure}_china_monthly_2013_2024.csv"
        tidy = read_census_csv(path)
        tidy = tidy[tidy["partner_code"] == CENSUS_CODE]
        sums = tidy.assign(period=tidy["year"].astype(int)).groupby("period", as_index=False)["value_usd"].sum()
        counts = tidy.groupby("year")["month"].nunique()
        if (counts != 12).any():
            raise UserInputError(f"expected twelve months per year, found {counts[counts != 12].to_dict()}", file=path)
        frames.append(
            pd.DataFrame(
                {
                    "reporter": REPORTER,
                    "partner": PARTNER,
                    "period": sums["period"],
                    "sector": "total",
                    "measure": measure,
                    "value_usd_m": sums["value_usd"].astype("float64") / 1_000_000,
                    "basis": CENSUS_FLOWS[measure]["basis"],
                    "vintage": TOTAL_VINTAGE,
                    "source_id": f"census-{measure}-china-2013-2024",
                    "note": "reported total",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def figures_table(exports: pd.DataFrame, imports: pd.DataFrame, census_dir: Path) -> pd.DataFrame:
    """Return figures.csv: Census country totals and tracker sector figures, sorted."""
    table = pd.concat(
        [
            census_totals(census_dir),
            sector_figures(exports, "exports", "tracker-exports-naics"),
            sector_figures(imports, "imports", "tracker-imports-naics"),
        ],
        ignore_index=True,
    )
    return table.sort_values(["period", "sector", "measure"], kind="stable").reset_index(drop=True)


def sectors_table(codes: list[str]) -> pd.DataFrame:
    """Return sectors.csv: one row per NAICS code; 9xx special codes keep the code as label.

    Examples
    --------
    >>> sectors_table(["334", "990"])[["sector", "label"]].values.tolist()
    [['naics_334', 'Computer and Electronic Product Manufacturing'], ['naics_990', 'NAICS 990']]
    """
    rows = []
    for code in sorted(codes):
        if code in NAICS_TITLES:
            label, note = NAICS_TITLES[code], f"NAICS {code}, official 2017 title (source census-naics-2017)"
        else:
            label = f"NAICS {code}"
            note = (
                f"Census special classification code {code} of the trade statistics (not a NAICS industry); "
                "label left as the code"
            )
        rows.append(
            {
                "sector": f"naics_{code}",
                "label": label,
                "kind": "goods",
                "market": "private",
                "parent": "",
                "hs_codes": "",
                "note": note,
            }
        )
    return pd.DataFrame(rows)


def tariffs_table(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """Return tariffs.csv: the monthly trade-weighted tariff by sector, both flows, as the tracker gives it.

    A month whose tariff cell is empty (NAICS 980 exports: no trade with China) has no row.
    """
    frames = []
    for flow, tracker, source_id in (
        ("imports", imports, "tracker-imports-naics"),
        ("exports", exports, "tracker-exports-naics"),
    ):
        rows = tracker[tracker["tariff_trd_w_avg"] != ""]
        frames.append(
            pd.DataFrame(
                {
                    "partner": PARTNER,
                    "sector": rows["sector"],
                    "month": rows["month"],
                    "flow": flow,
                    "tariff_pct": rows["tariff_trd_w_avg"],
                    "source_id": source_id,
                    "note": "",
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["flow", "sector", "month"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- the whole dataset


def build_tables(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """Build every table of the U.S.-China dataset from the vendored files under ``raw_dir``.

    Returns
    -------
    dict of str to pandas.DataFrame
        File name (``figures.csv`` ...) -> table, in the columns of its schema.
    """
    raw_dir = Path(raw_dir)
    exports = read_tracker(raw_dir / TRACKER / "exports_by_naics.csv")
    imports = read_tracker(raw_dir / TRACKER / "imports_by_naics.csv")
    timeline = read_timeline(raw_dir / DATASET / "status_timeline.csv")
    codes = sorted(set(exports["naics3"]) | set(imports["naics3"]))
    return {
        "figures.csv": figures_table(exports, imports, raw_dir / CENSUS_DIR),
        "context.csv": pd.DataFrame(
            columns=["reporter", "partner", "period", "sector", "metric", "value", "unit", "source_id", "note"]
        ),
        "status_events.csv": status_events_table(timeline),
        "sectors.csv": sectors_table(codes),
        "sources.csv": pd.concat(
            [sources_table(timeline), outcome_sources(raw_dir), product_level_sources(raw_dir)], ignore_index=True
        ),
        "policies.csv": policies_table(timeline),
        "policy_sectors.csv": policy_sectors_table(timeline, imports, exports),
        "tariffs.csv": tariffs_table(exports, imports),
    }


def _number(value: float) -> str:
    """Write a number as a plain decimal, at most six places, no trailing zeros.

    Examples
    --------
    >>> _number(129797.5), _number(0.0), _number(1.23456789)
    ('129797.5', '0', '1.234568')
    """
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def to_csv_text(table: pd.DataFrame) -> str:
    """Write a table as the CSV text stored in the dataset folder (LF line ends, plain decimals)."""
    return table.to_csv(index=False, lineterminator="\n", float_format=_number)


def extract_partner_rows(gz_path: Path, code: str = CENSUS_CODE) -> str:
    """Return the header and the rows of one country code of a gzipped all-country Census file, unchanged.

    This is how ``data/raw/census-china/`` was made from the shared all-country files.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "c.csv.gz"
    >>> _ = p.write_bytes(gzip.compress(b"CTY_CODE,CTY_NAME,V\\n5700,CHINA,1\\n5880,JAPAN,2\\n"))
    >>> extract_partner_rows(p)
    'CTY_CODE,CTY_NAME,V\\n5700,CHINA,1\\n'
    """
    lines = gzip.decompress(Path(gz_path).read_bytes()).decode("utf-8").splitlines(keepends=True)
    return lines[0] + "".join(line for line in lines[1:] if line.split(",", 1)[0] == code)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the dataset's tables; return an exit status."""
    parser = argparse.ArgumentParser(
        prog="python scripts/build_us_china_tradewar.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--raw-dir", type=Path, default=RAW_DIR, help="the data/raw folder (default: the project's)")
    parser.add_argument("--check", action="store_true", help="compare with the committed tables, write nothing")
    args = parser.parse_args(argv)
    out = args.raw_dir / DATASET
    stale = []
    for name, table in build_tables(args.raw_dir).items():
        text = to_csv_text(table)
        path = out / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    if stale:
        print(f"differ from the builder's output: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
