"""The column reference of the canonical tables, generated from the schemas.

``docs/data-format.md`` and the README that ``deficit-report dataset new``
writes into a new dataset folder are both made here, from the pandera
schemas of :mod:`deficit_report.dataset.schemas`: the tables (``TABLES`` and,
when declared, ``OPTIONAL_TABLES``), their columns in file order, each
column's type, the words it allows and the pattern it must match. Only what a
column *means* and an example are written by hand, in :data:`MEANINGS`; a
column a schema gives a ``description`` uses that instead.

``make data-format`` (``scripts/write_data_format.py``, a developer's
script outside the package) rewrites ``docs/data-format.md`` from it; a test
checks the committed file equals the generated one, so the reference cannot
fall behind the schemas.
"""

from __future__ import annotations

from deficit_report.dataset import schemas

#: What each table is for, by file name.
TABLE_MEANINGS = {
    "figures.csv": "Trade flows in millions of U.S. dollars, from the U.S. side (balance = exports - imports, "
    "so a deficit is negative).",
    "context.csv": "Facts that are not trade flows (market sizes, market shares, shares of the deficit a "
    "source claimed), each with its unit; never mixed into shares. May have no rows.",
    "status_events.csv": "Dated changes of a sector's negotiation status. The status as of a date is the "
    "latest event on or before it. May have no rows: the report then says that status data are not available "
    "and shows composition and contributions.",
    "sectors.csv": "The sectors a dataset names, with their kind, market and optional parent.",
    "sources.csv": "Where every number and event comes from: one row per source, with the exact quote or table row.",
}

#: Column -> (meaning, example), by file name. Entries for columns a schema does not (yet) have are
#: ignored; the tables and columns of the U.S.-China design (shared/china-model) are described ahead. Examples are taken from the project's datasets.
MEANINGS = {
    "figures.csv": {
        "reporter": ("Reporting country (ISO 3166 alpha-3).", "USA"),
        "partner": (
            "Partner country (ISO 3166 alpha-3, or `CTY` and the Census code for a partner without one, "
            "e.g. Kosovo `CTY4803`); a named run's `partner` selects it.",
            "JPN",
        ),
        "period": ("Calendar year of the figure (complete years only).", "1994"),
        "sector": ("A sector of sectors.csv, or `total` for the partner total.", "automotive"),
        "measure": ("Which flow: exports to, imports from, or the balance with the partner.", "balance"),
        "value_usd_m": ("Value in millions of U.S. dollars, a plain number (no separators, no units).", "-65700"),
        "basis": ("How the flow is measured (Census basis, customs value, f.a.s., unstated).", "census"),
        "vintage": ("Which release of the figure (first release, a revision, a retrieval date).", "first_release"),
        "source_id": ("The row of sources.csv the figure comes from.", "ap-1995-02-18"),
        "note": ("Free text: how the figure was derived.", "sum of 97 HS2 codes"),
    },
    "context.csv": {
        "reporter": ("Reporting country (ISO 3166 alpha-3).", "USA"),
        "partner": ("Partner country (ISO 3166 alpha-3).", "JPN"),
        "period": ("Calendar year the fact is about.", "1992"),
        "sector": ("A sector of sectors.csv (or `total`).", "automotive"),
        "metric": (
            "What is measured (`share_of_deficit_claimed` is set beside the computed share).",
            "share_of_deficit_claimed",
        ),
        "value": ("The number, in `unit`.", "0.55"),
        "unit": ("Unit of `value`.", "fraction"),
        "source_id": ("The row of sources.csv the fact comes from.", "aama-1993-02-18"),
        "note": ("Free text, e.g. the source's own words.", "'55 percent of the deficit'"),
    },
    "status_events.csv": {
        "partner": ("Partner country (ISO 3166 alpha-3).", "JPN"),
        "sector": ("A sector of sectors.csv.", "autos"),
        "date": ("Date of the event.", "1993-07-10"),
        "status": (
            "The sector's (or policy's) status from this date on: a negotiation status, or for a tariff a "
            "measure state (`in_force` collected, `cut` collected at a lower rate, `suspended` announced but "
            "not collected; the rate goes in the note).",
            "in_talks",
        ),
        "note": ("What happened, in a few words.", "Framework for a New Economic Partnership launched"),
        "source_id": ("The row of sources.csv the event comes from.", "tcc-framework"),
        "flow": (
            "Which flow the event concerns: imports from, exports to the partner, both, or none (not a trade flow).",
            "both",
        ),
        "deal": ("Optional id of the agreement the event belongs to (a row of deals.csv).", "phase_one"),
    },
    "sectors.csv": {
        "sector": ("Sector id used by the other tables.", "autos"),
        "label": ("Name shown in the report.", "Passenger vehicles"),
        "kind": ("Goods are in the goods balance; services are shown apart.", "goods"),
        "market": ("Who controls the partner's market for the sector.", "private"),
        "parent": ("Optional parent sector (a parent and its children are never both counted).", "automotive"),
        "hs_codes": ("HS codes that map trade data onto the sector, separated by `;`.", "8703"),
        "note": ("Free text.", ""),
    },
    "sources.csv": {
        "source_id": ("Id other tables cite.", "nyt-1994-06-07"),
        "publisher": ("Who published it.", "New York Times News Service"),
        "title": ("Title of the article, page or table.", "U.S. may seek separate trade deals with Japan"),
        "date": ("Publication or retrieval date (may be empty).", "1994-06-07"),
        "url": ("One URL (a second URL goes in its own row).", "https://www.latimes.com/archives/..."),
        "quote": ("The exact words or table row the numbers come from.", "Two-thirds of the ... $60 billion"),
    },
    "policies.csv": {
        "policy": ("Policy id that status events may name instead of a sector (never a sector id).", "list_1"),
        "label": ("Name shown in the report.", ""),
        "flow": ("The flow the policy acts on.", "imports"),
        "note": ("Free text.", ""),
        "source_id": ("The row of sources.csv the policy comes from.", ""),
    },
    "policy_sectors.csv": {
        "policy": ("A policy of policies.csv.", "list_1"),
        "sector": (
            "A sector the policy touches, or `all_goods` for a country-wide policy (a baseline tariff, a deal on all "
            "goods): it then reaches every goods sector and all other goods.",
            "",
        ),
        "coverage": ("Whether the policy covers all of the sector's trade in its flow, or only part of it.", "part"),
        "note": ("Why the row holds (e.g. the HS lines of the list that fall in the sector).", ""),
        "source_id": ("The row of sources.csv the row comes from.", ""),
    },
    "tariffs.csv": {
        "partner": ("Partner country (ISO 3166 alpha-3).", "CHN"),
        "sector": ("A sector of sectors.csv.", ""),
        "month": ("Month as YYYY-MM.", "2019-09"),
        "flow": (
            "imports: the U.S. tariff on imports from the partner; exports: the partner's tariff on U.S. exports.",
            "imports",
        ),
        "tariff_pct": ("Trade-weighted average tariff, in percent.", ""),
        "source_id": ("The row of sources.csv the series comes from.", ""),
        "note": ("Free text.", ""),
    },
    "deals.csv": {
        "deal": ("Id of the agreement, used by status events' `deal` column.", "phase_one"),
        "partner": ("Partner country (ISO 3166 alpha-3).", "CHN"),
        "title": ("Name of the agreement.", ""),
        "date": ("Date it was signed or announced.", ""),
        "note": ("Free text.", ""),
        "source_id": ("The row of sources.csv it comes from.", ""),
    },
}


def all_tables() -> dict:
    """Return file name -> (schema, optional?) for every table, required ones first.

    Examples
    --------
    >>> tables = all_tables()
    >>> tables["figures.csv"][1], list(tables)[:2]
    (False, ['figures.csv', 'context.csv'])
    """
    tables = {name: (schema, False) for name, schema in schemas.TABLES.items()}
    tables.update({name: (schema, True) for name, schema in getattr(schemas, "OPTIONAL_TABLES", {}).items()})
    return tables


def _rule(column) -> str:
    """Describe the values a column allows, from its pandera checks."""
    parts = []
    for check in column.checks:
        stats = check.statistics or {}
        if "allowed_values" in stats:
            parts.append("one of " + ", ".join(f"`{v}`" for v in stats["allowed_values"]))
        elif check.error == "expected a value, found an empty cell":
            parts.append("required (not empty)")
        elif check.error:
            parts.append(check.error.removeprefix("expected "))
        elif "pattern" in stats:
            parts.append(f"matches `{stats['pattern']}`")
    if column.unique:
        parts.append("unique")
    return "; ".join(parts).replace("|", "\\|")


def _type(column) -> str:
    kind = str(column.dtype)
    return "integer" if kind.startswith("int") else "number" if kind.startswith("float") else "text"


def column_rows(name: str, schema) -> list[tuple[str, str, str, str, str]]:
    """Return (column, type, meaning, allowed values, example) for each column of a table, in file order.

    Examples
    --------
    >>> column_rows("sectors.csv", schemas.SECTORS)[2]
    ('kind', 'text', 'Goods are in the goods balance; services are shown apart.', 'one of `goods`, `services`', 'goods')
    """
    rows = []
    for column_name, column in schema.columns.items():
        meaning, example = MEANINGS.get(name, {}).get(column_name, ("", ""))
        meaning = column.description or meaning or "(no description yet)"
        rows.append((column_name, _type(column), meaning, _rule(column), example))
    return rows


def table_markdown(name: str, schema, optional: bool, level: str = "##") -> str:
    """Return the markdown section of one table: what it is for, then one row per column."""
    what = TABLE_MEANINGS.get(name) or (schema.description or "")
    lines = [f"{level} `{name}`{' (optional)' if optional else ''}", ""]
    if what:
        lines += [what, ""]
    if schema.unique:
        lines += [f"One row per {', '.join(f'`{c}`' for c in schema.unique)}.", ""]
    lines += ["| column | type | meaning | allowed values | example |", "|---|---|---|---|---|"]
    for row in column_rows(name, schema):
        cells = [f"`{row[0]}`", row[1], row[2].replace("|", "\\|"), row[3], f"`{row[4]}`" if row[4] else ""]
        lines.append("| " + " | ".join(cells) + " |")
    row_checks = [check.error.removeprefix("expected ") for check in schema.checks or [] if check.error]
    if row_checks:
        lines += ["", "Checks across columns (each row): " + "; ".join(row_checks) + "."]
    header = ",".join(schema.columns)
    lines += ["", f"Header line: `{header}`", ""]
    return "\n".join(lines)
