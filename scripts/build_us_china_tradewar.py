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
from dataclasses import dataclass
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

NAICS_URL = "https://www.census.gov/naics/?58967?yearbck=2017"
#: The hand-written tables the builder follows, each row with its source (see the dataset's README):
#: timeline key -> policy key, NAICS titles, the Section 301 steps in the tariff series, and the
#: sectors a policy reaches for a stated reason. ``policies.csv`` itself is curated, not built.
RULES = f"{DATASET}/rules"
#: A rise smaller than this (percentage points) is not counted as holding lines of a list.
MIN_RISE = 0.05


@dataclass(frozen=True)
class Rules:
    """The builder's hand-written inputs, read from ``rules/`` and ``policies.csv``."""

    #: Timeline key (``L1``) -> policy key (``list_1``).
    policy_of_key: dict[str, str]
    #: NAICS 3-digit code -> its official 2017 title.
    naics_titles: dict[str, str]
    #: policies.csv: one row per policy key, in report order (label, flow, note, source_id).
    policies: pd.DataFrame
    #: Section 301 lists in the U.S. tariff series: action date, the month before, the month it shows, rate.
    steps: pd.DataFrame
    #: Sectors a policy reaches for a stated reason (export side, List 4B, Section 232), with sources.
    reasons: pd.DataFrame
    #: (date, keys cell) of a timeline row -> the (key, why) pairs its note names beyond its keys cell.
    noted_keys: dict[tuple[str, str], list[tuple[str, str]]]
    #: (date, policy) -> (measure state, the words of the event's note it rests on): issue 20, tariffs in
    #: force are not a negotiation status (``rules/measure_states.csv``).
    measure_states: dict[tuple[str, str], tuple[str, str]]


def _rule_table(path: Path, columns: list[str]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(frame.columns) != columns:
        raise UserInputError(f"expected the header {','.join(columns)}", file=path, row=1)
    return frame


def read_rules(raw_dir: Path) -> Rules:
    """Read the builder's hand-written tables from the dataset folder under ``raw_dir``."""
    folder = Path(raw_dir) / RULES
    keys = _rule_table(folder / "timeline_keys.csv", ["key", "policy"])
    titles = _rule_table(folder / "naics_titles.csv", ["naics3", "title", "source_id"])
    noted: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for date, cell, key, why in _rule_table(folder / "noted_keys.csv", ["date", "sectors", "key", "why"]).itertuples(
        index=False
    ):
        noted.setdefault((date, cell), []).append((key, why))
    return Rules(
        policy_of_key=dict(zip(keys["key"], keys["policy"])),
        naics_titles=dict(zip(titles["naics3"], titles["title"])),
        policies=_rule_table(
            Path(raw_dir) / DATASET / "policies.csv", ["policy", "label", "flow", "note", "source_id"]
        ),
        steps=_rule_table(
            folder / "section301_steps.csv",
            ["policy", "action_date", "month_before", "month_shown", "rate_points", "source_id"],
        ).astype({"rate_points": float}),
        reasons=_rule_table(folder / "policy_sectors_by_reason.csv", ["policy", "naics3", "why", "source_id"]),
        noted_keys=noted,
        measure_states={
            (date, policy): (state, words)
            for date, policy, state, words in _rule_table(
                folder / "measure_states.csv", ["date", "policy", "state", "words"]
            ).itertuples(index=False)
        },
    )


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


def split_keys(cell: str, known: dict[str, str]) -> list[tuple[str, str]]:
    """Split a timeline ``sectors`` cell into (key, qualifier) pairs; ``; `` inside brackets is kept.

    ``known`` holds the timeline's keys (``rules/timeline_keys.csv``); any other key is an error.

    Examples
    --------
    >>> known = {"L1": "list_1", "IPT": "ipt", "IND(autos)": "ind_autos"}
    >>> split_keys("L1 (proposed; aerospace, ICT); IPT", known)
    [('L1', 'proposed; aerospace, ICT'), ('IPT', '')]
    >>> split_keys("IND(autos)", known)
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
        if part in known:
            pairs.append((part, ""))
            continue
        match = re.fullmatch(r"(\S+) \((.*)\)", part)
        if not match or match.group(1) not in known:
            raise UserInputError(f"unknown timeline key {part!r}; expected one of {', '.join(known)}")
        pairs.append((match.group(1), match.group(2)))
    return pairs


def read_timeline(path: Path, known: dict[str, str]) -> pd.DataFrame:
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
            {**row, "line": line, "keys": split_keys(row["sectors"], known), "url_list": urls, "quote_list": quotes}
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


def tracker_sources(naics_titles: dict[str, str]) -> pd.DataFrame:
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
            "; ".join(f"{code} {title}" for code, title in naics_titles.items()),
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


def sources_table(timeline: pd.DataFrame, naics_titles: dict[str, str]) -> pd.DataFrame:
    """Return sources.csv: the tracker and Census sources, then one row per timeline URL, in order."""
    rows = []
    for ids, (_, event) in zip(timeline_source_ids(timeline), timeline.iterrows()):
        for source_id, url, quote in zip(ids, event["url_list"], event["quote_list"]):
            rows.append((source_id, publisher_of(url), event["note"], event["date"], url, quote))
    timeline_rows = pd.DataFrame(rows, columns=["source_id", "publisher", "title", "date", "url", "quote"])
    return pd.concat([tracker_sources(naics_titles), timeline_rows], ignore_index=True)


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
    if policy in ("ag", "purch", "ipt", "fin") or status in ("agreed", "expired", "suspended", "cut"):
        return "phase_one"
    return ""


def status_of(date: str, policy: str, status: str, note: str, states: dict) -> tuple[str, str]:
    """Return an event's status and note: its measure state where ``states`` names it, else as given.

    ``states`` maps (date, policy) to (state, words): the words must be in the event's note (the
    state rests on what the row itself says a tariff did: taken effect, kept, called off, cut); the
    note keeps the rate and records the timeline's inferred label.

    Examples
    --------
    >>> states = {("2019-12-13", "list_4b"): ("suspended", "List 4B is called off")}
    >>> status_of("2019-12-13", "list_4b", "agreed", "Phase One. List 4B is called off.", states)[0]
    'suspended'
    >>> status_of("2019-12-13", "list_4a", "agreed", "Phase One.", states)
    ('agreed', 'Phase One.')
    """
    if (date, policy) not in states:
        return status, note
    state, words = states[(date, policy)]
    if words not in note:
        raise UserInputError(f"{date} {policy}: the note does not say {words!r}; expected it to (measure_states.csv)")
    return state, f"{note} [measure state: {state.replace('_', ' ')}, from the timeline's label {status}]"


def status_events_table(timeline: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Return status_events.csv: one row per key of each timeline row, citing all the row's sources.

    A key the row's note names but its ``sectors`` cell does not (``rules/noted_keys.csv``) gets the
    row's event too, the reason appended to the note. For instance the 2019-12-13 row (Lists 4A and 4B)
    says "China cancels its Dec 15 retaliation, including 25% on U.S. autos", so China's auto tariffs
    get that row's event (issue 20: they stayed "stalled since 2017-07-19" though the note names it).
    """
    rows = []
    flow_of = dict(zip(rules.policies["policy"], rules.policies["flow"]))
    for ids, (_, event) in zip(timeline_source_ids(timeline), timeline.iterrows()):
        noted = [
            (key, f"label inferred: {why}") for key, why in rules.noted_keys.get((event["date"], event["sectors"]), [])
        ]
        for key, qualifier in [*event["keys"], *noted]:
            policy = rules.policy_of_key[key]
            note = event["note"] + (f" [timeline key: {key} ({qualifier})]" if qualifier else "")
            status, note = status_of(event["date"], policy, event["status"], note, rules.measure_states)
            rows.append(
                {
                    "partner": PARTNER,
                    "sector": policy,
                    "date": event["date"],
                    "status": status,
                    "flow": flow_of[policy],
                    "deal": deal_of(event["date"], policy, status),
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


def list_sectors(imports: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """Return the policy_sectors rows of the Section 301 lists, from the U.S. tariff series.

    A sector holds lines of a list when its trade-weighted tariff (fixed 2017 weights) rose by
    at least :data:`MIN_RISE` points in the month the list shows in the series; ``all`` when it
    rose by the list's whole rate (every line of the sector was on it), ``part`` otherwise. The
    rise divided by the rate is the share of the sector's 2017 imports on the list.
    """
    pivot = tariff_pivot(imports)
    rows = []
    for policy, action, before, after, rate in steps[
        ["policy", "action_date", "month_before", "month_shown", "rate_points"]
    ].itertuples(index=False):
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


def explained_sectors(reasons: pd.DataFrame, policies: pd.DataFrame, exports: pd.DataFrame) -> pd.DataFrame:
    """Return the policy_sectors rows mapped by reason: export-side policies, List 4B and Section 232.

    Each row of ``rules/policy_sectors_by_reason.csv`` is one sector a policy reaches, with why and its
    sources; an export-side row also gives China's tariff on the sector in 2017-12 and 2019-12 (from the
    tracker's export series, cited beside the row's own sources).
    """
    pivot = tariff_pivot(exports)
    flow_of = dict(zip(policies["policy"], policies["flow"]))
    rows = []
    for policy, code, why, source in reasons[["policy", "naics3", "why", "source_id"]].itertuples(index=False):
        sector = f"naics_{code}"
        if flow_of[policy] == "exports":
            change = pivot.loc[sector, "2019-12"] - pivot.loc[sector, "2017-12"]
            why = (
                f"{why}; China's trade-weighted tariff on U.S. exports in this sector went from "
                f"{pivot.loc[sector, '2017-12']:.1f}% (2017-12) to {pivot.loc[sector, '2019-12']:.1f}% (2019-12), "
                f"{change:+.1f} points"
            )
            source = f"{source}; tracker-exports-naics"
        rows.append({"policy": policy, "sector": sector, "coverage": "part", "note": why, "source_id": source})
    return pd.DataFrame(rows)


def policy_sectors_table(rules: Rules, imports: pd.DataFrame, exports: pd.DataFrame) -> pd.DataFrame:
    """Return policy_sectors.csv: the lists from the tariff series, the rest by stated reasons."""
    table = pd.concat(
        [list_sectors(imports, rules.steps), explained_sectors(rules.reasons, rules.policies, exports)],
        ignore_index=True,
    )
    order = {policy: i for i, policy in enumerate(rules.policies["policy"])}
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


def sectors_table(codes: list[str], naics_titles: dict[str, str]) -> pd.DataFrame:
    """Return sectors.csv: one row per NAICS code; 9xx special codes keep the code as label.

    Examples
    --------
    >>> sectors_table(["334", "990"], {"334": "Computer and Electronic Product Manufacturing"})[["sector", "label"]].values.tolist()
    [['naics_334', 'Computer and Electronic Product Manufacturing'], ['naics_990', 'NAICS 990']]
    """
    rows = []
    for code in sorted(codes):
        if code in naics_titles:
            label, note = naics_titles[code], f"NAICS {code}, official 2017 title (source census-naics-2017)"
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
    rules = read_rules(raw_dir)
    timeline = read_timeline(raw_dir / DATASET / "status_timeline.csv", rules.policy_of_key)
    codes = sorted(set(exports["naics3"]) | set(imports["naics3"]))
    return {
        "figures.csv": figures_table(exports, imports, raw_dir / CENSUS_DIR),
        "context.csv": pd.DataFrame(
            columns=["reporter", "partner", "period", "sector", "metric", "value", "unit", "source_id", "note"]
        ),
        "status_events.csv": status_events_table(timeline, rules),
        "sectors.csv": sectors_table(codes, rules.naics_titles),
        "sources.csv": pd.concat(
            [sources_table(timeline, rules.naics_titles), outcome_sources(raw_dir), product_level_sources(raw_dir)],
            ignore_index=True,
        ),
        "policy_sectors.csv": policy_sectors_table(rules, imports, exports),
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
