"""From tidy source rows to the canonical figures table.

Every loader turns its answers into the same **tidy frame**, one row per
partner, period, flow and commodity code:

``partner_code``  the source's own partner code (Census ``5880``, M49 ``392``)
``year``, ``month`` the period; ``month`` is 0 for an annual value
``measure``       ``imports`` or ``exports``
``hs_code``       an HS code (2-10 digits), or ``TOTAL`` for a reported total
``value_usd``     U.S. dollars

:func:`figures_from_tidy` sums it into annual figures per sector (by a sector
map) and the partner total, in millions of U.S. dollars, with the columns of
:data:`deficit_report.dataset.schemas.FIGURES`. Sums are made in dollars and divided
once, so ``147206391795`` dollars become exactly ``147206.391795`` millions.
Codes that match no sector are counted in the total only: the report derives
"all other goods" itself, as the total minus the counted sectors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from deficit_report.dataset.schemas import FIGURES, SECTORS, SOURCES, TOTAL
from deficit_report.dataset.sectormap import assign_sectors, shortest_code_needed
from deficit_report.dataset.tables import FIGURE_VALUES, add_rows, write_table
from deficit_report.errors import UserInputError
from deficit_report.vocabulary import REMAINDER

TIDY_COLUMNS = ["partner_code", "year", "month", "measure", "hs_code", "value_usd"]
FIGURE_COLUMNS = list(FIGURES.columns)
REPORTED_TOTAL = "TOTAL"


def empty_tidy() -> pd.DataFrame:
    """Return a tidy frame with no rows and the right column types.

    Examples
    --------
    >>> list(empty_tidy().columns) == TIDY_COLUMNS
    True
    """
    return pd.DataFrame(
        {
            "partner_code": pd.Series(dtype=str),
            "year": pd.Series(dtype="int64"),
            "month": pd.Series(dtype="int64"),
            "measure": pd.Series(dtype=str),
            "hs_code": pd.Series(dtype=str),
            "value_usd": pd.Series(dtype="int64"),
        }
    )


def annual_rows(tidy: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """Return annual rows: annual values as given, and complete years of monthly values summed.

    A year of monthly values counts only when all twelve months are there;
    the years left out are returned too.

    Examples
    --------
    >>> t = pd.DataFrame({"partner_code": "5880", "year": [2023] * 12 + [2024], "month": list(range(1, 13)) + [1],
    ...     "measure": "imports", "hs_code": "87", "value_usd": 1})
    >>> rows, partial = annual_rows(t)
    >>> rows[["year", "month", "value_usd"]].values.tolist(), partial
    ([[2023, 0, 12]], [2024])
    """
    annual = tidy[tidy["month"] == 0]
    monthly = tidy[tidy["month"] > 0]
    months = monthly.groupby("year")["month"].nunique()
    complete = months[months == 12].index
    summed = (
        monthly[monthly["year"].isin(complete)]
        .groupby(["partner_code", "year", "measure", "hs_code"], as_index=False)["value_usd"]
        .sum()
        .assign(month=0)
    )
    partial = sorted(int(y) for y in months.index.difference(complete))
    return pd.concat([annual, summed[TIDY_COLUMNS]], ignore_index=True), partial


def millions(dollars: pd.Series) -> pd.Series:
    """Convert dollars to millions of dollars (one division, after summing).

    Examples
    --------
    >>> millions(pd.Series([147206391795])).tolist()
    [147206.391795]
    """
    return dollars.astype("float64") / 1_000_000


def plain_number(value: float) -> str:
    """Write a number as plain decimal text, never in exponent form.

    Examples
    --------
    >>> plain_number(0.000001), plain_number(147206.391795), plain_number(5.0)
    ('0.000001', '147206.391795', '5')
    """
    return np.format_float_positional(float(value), trim="-")


def figures_from_tidy(
    tidy: pd.DataFrame,
    sector_map: pd.DataFrame,
    *,
    reporter: str,
    partner: str,
    basis: dict,
    vintage: str,
    source_ids: dict,
    level: str,
) -> pd.DataFrame:
    """Return annual canonical figures per mapped sector and the partner total.

    Parameters
    ----------
    tidy : pandas.DataFrame
        Tidy rows of one partner (see the module docstring).
    sector_map : pandas.DataFrame
        From :func:`deficit_report.dataset.sectormap.read_sector_map`.
    reporter, partner : str
        Codes written in the ``reporter`` and ``partner`` columns (``USA``, ``JPN``).
    basis : dict
        Measure -> basis text (e.g. CIF for imports, FOB for exports).
    vintage : str
        The vintage id, e.g. ``retrieved_2025_10_01``.
    source_ids : dict
        Year -> ``source_id`` of the pull that gave that year.
    level : str
        The HS level of the codes, for the notes (``HS2``).

    Examples
    --------
    >>> from deficit_report.dataset.sectormap import parse_sector_map
    >>> m = parse_sector_map("sector,label,hs_prefix\\nvehicles,Vehicles,87\\n")
    >>> t = pd.DataFrame({"partner_code": "5880", "year": 2023, "month": 0, "measure": "imports",
    ...     "hs_code": ["87", "84"], "value_usd": [50_000_000, 1_500_000]})
    >>> f = figures_from_tidy(t, m, reporter="USA", partner="JPN", basis={"imports": "census"},
    ...     vintage="retrieved_2025_10_01", source_ids={2023: "s1"}, level="HS2")
    >>> f[["sector", "measure", "value_usd_m", "note"]].values.tolist()
    [['total', 'imports', 51.5, 'sum of 2 HS2 codes'], ['vehicles', 'imports', 50.0, 'sum of 1 HS2 code']]
    """
    if tidy["partner_code"].nunique() > 1:
        raise UserInputError(f"expected rows of one partner, found {', '.join(sorted(tidy['partner_code'].unique()))}")
    rows, _ = annual_rows(tidy)
    is_total = rows["hs_code"] == REPORTED_TOTAL
    codes = rows[~is_total]
    if not codes.empty and shortest_code_needed(sector_map) > codes["hs_code"].str.len().min():
        raise UserInputError(
            f"the sector map has {shortest_code_needed(sector_map)}-digit prefixes but the data "
            f"is at {level}: pull a finer level (e.g. --level HS4) or use a chapter map"
        )
    keys = ["year", "measure"]
    summed = codes.groupby(keys).agg(value_usd=("value_usd", "sum"), n=("hs_code", "size"))
    summed["note"] = [f"sum of {n} {level} code{'s' if n != 1 else ''}" for n in summed["n"]]
    reported = rows[is_total].groupby(keys).agg(value_usd=("value_usd", "sum")).assign(note="reported total")
    totals = pd.concat([reported, summed.loc[~summed.index.isin(reported.index), ["value_usd", "note"]]])
    totals = totals.reset_index().assign(sector=TOTAL)
    sectors = codes.assign(sector=assign_sectors(codes["hs_code"], sector_map))
    sectors = sectors[sectors["sector"] != REMAINDER]
    by_sector = sectors.groupby(keys + ["sector"]).agg(value_usd=("value_usd", "sum"), n=("hs_code", "size"))
    by_sector["note"] = [f"sum of {n} {level} code{'s' if n != 1 else ''}" for n in by_sector["n"]]
    frame = pd.concat([totals, by_sector.reset_index()], ignore_index=True)
    frame = frame.sort_values(["year", "measure", "sector"], kind="stable", key=_total_first).reset_index(drop=True)
    return pd.DataFrame(
        {
            "reporter": reporter,
            "partner": partner,
            "period": frame["year"].astype("int64"),
            "sector": frame["sector"],
            "measure": frame["measure"],
            "value_usd_m": millions(frame["value_usd"]),
            "basis": frame["measure"].map(basis),
            "vintage": vintage,
            "source_id": frame["year"].map(source_ids),
            "note": frame["note"],
        },
        columns=FIGURE_COLUMNS,
    )


def _total_first(column: pd.Series) -> pd.Series:
    """Sort key: the partner total before the sectors."""
    return column.where(column != TOTAL, "") if column.name == "sector" else column


def write_dataset_tables(out_dir, figures: pd.DataFrame, sectors: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """Add figures, sectors and sources to the dataset folder ``out_dir`` by the one merge rule, and write them.

    Rows already there stay as they are; a new row with the key of an old one but other values is refused
    (:func:`deficit_report.dataset.tables.add_rows`). Returns each file name with the table written.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> fig = pd.DataFrame([dict.fromkeys(FIGURES.columns, "x") | {"value_usd_m": "1.0"}])
    >>> sec = pd.DataFrame([dict.fromkeys(SECTORS.columns, "x")])
    >>> src = pd.DataFrame([dict.fromkeys(SOURCES.columns, "x")])
    >>> {name: len(frame) for name, frame in write_dataset_tables(out, fig, sec, src).items()}
    {'figures.csv': 1, 'sectors.csv': 1, 'sources.csv': 1}
    """
    out_dir = Path(out_dir)
    merged = {
        "figures.csv": add_rows(
            out_dir / "figures.csv", figures, list(FIGURES.columns), list(FIGURES.unique), FIGURE_VALUES
        ),
        "sectors.csv": add_rows(out_dir / "sectors.csv", sectors, list(SECTORS.columns), ["sector"]),
        "sources.csv": add_rows(out_dir / "sources.csv", sources, list(SOURCES.columns), ["source_id"]),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in merged.items():
        write_table(out_dir / name, frame)
    return merged
