"""The one label map: the plain name a reader sees for every code the data carries.

Frames keep codes (``JPN``, ``within_reach``, ``list_4a``, ``first_release``, ``naics_334``); the
sentences, tables, charts and the workbook a reader opens name them with :func:`word` and
:func:`plain`, from one map:

- fixed words of the data model: statuses, vintages, flows, measures, markets, kinds;
- partner codes as country names;
- a report's own codes (sectors, policies, deal items) from its dataset's labels, through
  :func:`for_report`; a policy is named by its label up to the first parenthesis
  ("Section 301 List 4A"), a sector by its label;
- anything else written with underscores has them replaced by spaces, so no ``snake_case`` word
  reaches the page.

Examples
--------
>>> word("within_reach"), word("first_release"), word("JPN"), word("auto_dealers")
('within reach', 'first release', 'Japan', 'auto dealers')
>>> plain("list_3 (imports, part): stalled; ag (exports, part): agreed", {"list_3": "Section 301 List 3"})
'Section 301 List 3 (imports, part): stalled; ag (exports, part): agreed'
"""

from __future__ import annotations

import re

import pandas as pd

#: Fixed words: statuses, vintages, flows, kinds of figure. A code not here is written with spaces.
WORDS = {
    # statuses
    "not_in_talks": "not in talks",
    "in_talks": "in talks",
    "within_reach": "within reach",
    # vintages (analysis/figures.py: the vintage order)
    "first_release": "first release",
    "official_statement": "official statement",
    "tracker_naics": "tracker NAICS 2020-21",
    "census_2025": "Census 2025",
    "census_2025_revision": "Census totals (June 2025 revision)",
    # the remainder and the total
    "all_other_goods": "All other goods",
    # units and bases of deal outcomes
    "usd_bn": "USD bn",
    "million_vehicles": "million vehicles",
    "us_exports": "U.S. exports",
    "china_imports": "China's imports",
    "company_data": "company data",
    "legal_commitment": "legal commitment",
    "official_estimate": "official estimate",
    "stated_goal": "stated goal of one side",
}
#: Partner codes of the named runs as the Census names the country.
PARTNERS = {"JPN": "Japan", "CHN": "China", "KOR": "South Korea", "MEX": "Mexico", "CAN": "Canada", "DEU": "Germany"}
#: Census special classification codes of the NAICS-based trade statistics: not NAICS industries, and the
#: project holds no source for their titles, so they are named as what the dataset's sectors.csv says they are.
SPECIAL_CODES = {
    code: f"Census special classification {code} (not a NAICS industry)" for code in ("910", "920", "930", "980", "990")
}
_SNAKE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")


def word(code: str, names: dict[str, str] | None = None) -> str:
    """Name one code: the report's own names first, then the fixed words, partners, else underscores as spaces.

    Examples
    --------
    >>> word("list_4a", {"list_4a": "Section 301 List 4A"}), word("stalled"), word("CHN")
    ('Section 301 List 4A', 'stalled', 'China')
    """
    if not isinstance(code, str):
        return code
    if names and code in names:
        return names[code]
    if code in WORDS:
        return WORDS[code]
    if code in PARTNERS:
        return PARTNERS[code]
    return code.replace("_", " ") if _SNAKE.fullmatch(code) else code


def plain(text, names: dict[str, str] | None = None):
    """Write every code inside a text by its name (:func:`word`); non-text values are returned as they are.

    Examples
    --------
    >>> plain("autos: stalled; auto_parts: within_reach")
    'autos: stalled; auto parts: within reach'
    >>> plain("purch (exports, part)", {"purch": "Other Phase One purchases"})
    'Other Phase One purchases (exports, part)'
    """
    if not isinstance(text, str):
        return text
    if names:
        short = [re.escape(k) for k in sorted(names, key=len, reverse=True) if "_" not in k]
        if short:
            text = re.sub(r"(?<![\w.-])(" + "|".join(short) + r")(?![\w-])", lambda m: names[m.group(1)], text)
    return _SNAKE.sub(lambda m: word(m.group(0), names), text)


def policy_name(label: str) -> str:
    """A policy's name: its label up to the first parenthesis or colon.

    Examples
    --------
    >>> policy_name("Section 301 List 4A (about $120B, 15% from 2019-09-01)")
    'Section 301 List 4A'
    >>> policy_name("U.S. farm exports to China: China's retaliatory tariffs")
    'U.S. farm exports to China'
    """
    return re.split(r" \(|: ", str(label), maxsplit=1)[0].strip()


def sector_name(sector: str, label: str) -> str:
    """A sector's name: its label, or for a Census special classification code what that code is.

    Examples
    --------
    >>> sector_name("naics_990", "NAICS 990"), sector_name("naics_111", "Crop Production")
    ('Census special classification 990 (not a NAICS industry)', 'Crop Production')
    """
    code = str(sector).removeprefix("naics_")
    if code in SPECIAL_CODES and str(label).strip() in ("", f"NAICS {code}"):
        return SPECIAL_CODES[code]
    return label


def for_report(report) -> dict[str, str]:
    """The report's own names: its sectors' and policies' codes, and its partner's code.

    Examples
    --------
    >>> from deficit_report.running.runs import open_run
    >>> names = for_report(open_run("us-china-2019"))
    >>> names["list_4a"], names["naics_990"], names["CHN"]
    ('Section 301 List 4A', 'Census special classification 990 (not a NAICS industry)', 'China')
    """
    names: dict[str, str] = {}
    for row in report.composition().itertuples():
        names[row.sector] = sector_name(row.sector, row.label)
    policies = report.policy_status()
    for row in policies.itertuples():
        names[row.policy] = policy_name(row.label)
    names[report.params.partner] = word(report.params.partner)
    return names


#: Columns holding identifiers or links, shown as they are.
KEEP = ("source_id", "source_ids", "url", "id")
#: Columns of prose (notes, quotes, titles): only snake_case words are rewritten, never a short code.
PROSE = ("note", "quote", "title", "label", "text", "figure_note", "summary", "meaning")

_names: dict[str, str] = {}


def use(report) -> None:
    """Name this report's codes in every table and chart shown after it (the notebook calls it once).

    Examples
    --------
    >>> from deficit_report.running.runs import open_run
    >>> use(open_run("us-china-2019")); current()["list_1"]
    'Section 301 List 1'
    >>> use(None); current()
    {}
    """
    _names.clear()
    if report is not None:
        _names.update(for_report(report))


def current() -> dict[str, str]:
    """The names set by :func:`use` (empty before it)."""
    return dict(_names)


def plain_frame(frame: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Return a copy with every text cell named plainly, for display (identifiers and links as they are).

    Examples
    --------
    >>> plain_frame(pd.DataFrame({"status": ["within_reach"], "url": ["http://x/a_b"], "note": ["ag is a_b"]}),
    ...             {"ag": "Farm goods"})
             status         url     note
    0  within reach  http://x/a_b  ag is a b
    """
    names = current() if names is None else names
    out = frame.copy()
    for column in out.columns:
        if column in KEEP or not (out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            continue
        prose = column in PROSE or column.endswith("_note")
        out[column] = out[column].map(lambda v, n=({} if prose else names): plain(v, n))
    return out


def column_name(column: str) -> str:
    """A column heading in words: ``source_id`` -> ``source``, ``share_at_least`` -> ``share at least``.

    Examples
    --------
    >>> column_name("source_id"), column_name("computed_by"), column_name("share_at_most")
    ('source', 'computed by', 'share at most')
    """
    return {"source_id": "source", "source_ids": "sources"}.get(column, column.replace("_", " "))
