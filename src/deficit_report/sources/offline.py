"""Saved Census files -> a dataset folder, with no network: ``deficit-report import census FILE...``.

The offline twin of ``deficit-report fetch census``. It reads files a user
already has, in the Census API's own layouts:

- a JSON answer of the API (``.json``: a header row, then rows of strings);
- a CSV file in the API's column names (``.csv``), gzipped or not
  (``.csv.gz``), one partner or all of them: the all-country monthly files
  (285,711 rows at HS2 for two years) are filtered by DuckDB
  (:func:`deficit_report.sources.aggregate.partner_rows`).

Any partner code, any sector map. A file with a commodity column gives sector
figures (and, when no file of partner totals is given, the partner total as
the sum of its codes); a file of partner totals gives the ``total`` rows.
Monthly values count for a year only when all twelve months are there: an
incomplete year is never written as a year, and the import says which years
it left out and why. Each file becomes one row of ``sources.csv`` naming the
file, its sha256 and what was summed, so every figure traces back to it.

Nothing already in the dataset folder is overwritten: a figure with the same
key and the same value is kept as it is; the same key with another value is an
error naming the file and line. Each file is written atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from deficit_report.dataset.files import read_text, sha256_of, shown
from deficit_report.dataset.schemas import SOURCES
from deficit_report.dataset.sectormap import read_sector_map, sectors_table
from deficit_report.errors import UserInputError
from deficit_report.sources import census
from deficit_report.sources.aggregate import partner_rows
from deficit_report.sources.canonical import (
    REPORTED_TOTAL,
    annual_rows,
    figures_from_tidy,
    plain_number,
    write_dataset_tables,
)
from deficit_report.sources.endpoints import CENSUS_BASE_URL
from deficit_report.vocabulary import TOTAL

#: Where the Census international trade data comes from (the sources rows' URL), by flow.
CENSUS_URLS = {flow: f"{CENSUS_BASE_URL}/{spec['path']}" for flow, spec in census.FLOWS.items()}


@dataclass
class ImportResult:
    """What an import wrote and what it left out, for the one-line-per-fact summary."""

    out_dir: Path
    lines: list[str] = field(default_factory=list)


def read_saved_file(path: Path, partner_code: str, level: str | None = None) -> pd.DataFrame:
    """Return the tidy rows of one partner from a saved Census JSON answer or CSV (.csv, .csv.gz) file.

    With ``level`` (``HS10`` ...), every commodity code must have its digits (a file of chapters read
    as tariff lines is an error naming the file, row and column).

    Examples
    --------
    >>> read_saved_file(Path("answer.xlsx"), "5520")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: answer.xlsx: expected a Census API answer (.json) or a CSV file in its columns (.csv, .csv.gz)
    """
    name = path.name.lower()
    if name.endswith(".json"):
        frame = census.parse_census_json(read_text(path))
        if level:
            census.check_level(frame, level, str(path))
        tidy = census.tidy_census(frame, source=str(path))
        return tidy[tidy["partner_code"] == partner_code].reset_index(drop=True)
    if name.endswith((".csv", ".csv.gz")):
        tidy = partner_rows(path, partner_code)
        codes = tidy.loc[tidy["hs_code"] != REPORTED_TOTAL, "hs_code"]
        if level and len(codes):
            census.check_level(
                pd.DataFrame({"I_COMMODITY": codes.to_numpy()}), level, f"{path} (rows of {partner_code})"
            )
        return tidy
    raise UserInputError("expected a Census API answer (.json) or a CSV file in its columns (.csv, .csv.gz)", file=path)


def source_id_for(path: Path, partner_code: str) -> str:
    """Return the source id of a saved file: ``census-<partner>-<file name, as a slug>``.

    Examples
    --------
    >>> source_id_for(Path("x/imports_hs2_by_country_monthly_2023_2024.csv.gz"), "5520")
    'census-5520-imports-hs2-by-country-monthly-2023-2024'
    """
    stem = re.sub(r"\.(json|csv|csv\.gz)$", "", path.name.lower())
    return f"census-{partner_code}-" + re.sub(r"[^a-z0-9]+", "-", stem).strip("-")


def _months_text(tidy: pd.DataFrame, year: int) -> str:
    months = sorted(tidy.loc[(tidy["year"] == year) & (tidy["month"] > 0), "month"].unique())
    return f"{len(months)} month{'s' if len(months) != 1 else ''}, {months[0]:02d}-{months[-1]:02d}"


def _level(tidy: pd.DataFrame) -> str:
    codes = tidy.loc[tidy["hs_code"] != REPORTED_TOTAL, "hs_code"]
    return f"HS{codes.str.len().min()}" if not codes.empty else "total"


def _source_row(path: Path, partner_code: str, tidy: pd.DataFrame, years: list[int], partial: list[int]) -> dict:
    measures = sorted(tidy["measure"].unique())
    level = _level(tidy)
    what = "partner totals" if level == "total" else f"by {level} code"
    left_out = "; ".join(f"{y} left out ({_months_text(tidy, y)}, not a complete year)" for y in partial)
    annual = (tidy["month"] == 0).all()
    summed = "December year-to-date values" if annual else "monthly values summed over the twelve months of each year"
    quote = (
        f"rows with CTY_CODE {partner_code} of {path.name} (sha256 {sha256_of(path)}): {', '.join(measures)} {what}, "
        f"{summed}; years written: {', '.join(map(str, years)) or 'none'}" + (f"; {left_out}" if left_out else "")
    )
    return {
        "source_id": source_id_for(path, partner_code),
        "publisher": "U.S. Census Bureau",
        "title": f"International Trade API data saved as {path.name}: {', '.join(measures)}, country {partner_code}",
        "date": "",
        "url": CENSUS_URLS[measures[0]],
        "quote": quote,
    }


def figures_from_saved_files(
    files: list[Path],
    partner_code: str,
    sector_map: pd.DataFrame,
    *,
    partner: str,
    vintage: str,
    level: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Return (figures, sources, summary lines) for one partner from saved Census files.

    Partner totals come from files without a commodity column when any is
    given; otherwise from the sum of the codes of each commodity file.
    """
    parsed = []
    for path in files:
        tidy = read_saved_file(Path(path), partner_code, level)
        if tidy.empty:
            raise UserInputError(f"no rows with CTY_CODE {partner_code}; check --partner", file=path)
        parsed.append((Path(path), tidy))
    have_totals = any((tidy["hs_code"] == REPORTED_TOTAL).all() for _, tidy in parsed)
    frames, sources, lines, seen = [], [], [], {}
    for path, tidy in parsed:
        is_totals = (tidy["hs_code"] == REPORTED_TOTAL).all()
        rows, partial = annual_rows(tidy)
        years = sorted(int(y) for y in rows["year"].unique())
        source = _source_row(path, partner_code, tidy, years, partial)
        figures = figures_from_tidy(
            tidy,
            sector_map,
            reporter="USA",
            partner=partner,
            basis={m: census.FLOWS[m]["basis"] for m in census.FLOWS},
            vintage=vintage,
            source_ids=dict.fromkeys(years, source["source_id"]),
            level=_level(tidy),
        )
        if have_totals and not is_totals:
            figures = figures[figures["sector"] != TOTAL]
        for key in figures[["period", "sector", "measure"]].itertuples(index=False):
            if tuple(key) in seen:
                raise UserInputError(
                    f"{key.measure} {key.period} of sector {key.sector} is also in {seen[tuple(key)].name}; "
                    "expected each figure from one file",
                    file=path,
                )
            seen[tuple(key)] = path
        frames.append(figures)
        sources.append(source)
        sectors = sorted(set(figures["sector"]) - {TOTAL})
        span = f"{years[0]}-{years[-1]}" if years else "no complete year"
        lines.append(
            f"{path.name}: {len(tidy)} rows for {partner_code}; {', '.join(sorted(tidy['measure'].unique()))} "
            f"{span}: {len(figures)} figures ({'total' if not sectors else f'{len(sectors)} sectors'}"
            f"{' and total' if sectors and (figures['sector'] == TOTAL).any() else ''})"
        )
        lines += [f"{path.name}: {y} not written: {_months_text(tidy, y)}, not a complete year" for y in partial]
    figures = pd.concat(frames, ignore_index=True).sort_values(["period", "measure", "sector"], kind="stable")
    figures["value_usd_m"] = figures["value_usd_m"].map(plain_number)
    return figures.reset_index(drop=True), pd.DataFrame(sources, columns=list(SOURCES.columns)), lines


def import_census_files(
    files: list[Path],
    partner_code: str,
    *,
    sector_map: Path,
    out_dir: Path,
    vintage: str,
    partner_id: str | None = None,
    level: str | None = None,
) -> ImportResult:
    """Import saved Census files for one partner into a dataset folder (figures, sectors, sources).

    Parameters
    ----------
    files : list of Path
        Census API answers (``.json``) or CSV files in its columns (``.csv``, ``.csv.gz``).
    partner_code : str
        Census country code, e.g. ``5520`` (Vietnam).
    sector_map : Path
        The sector map file (``data/sector_maps/*.csv``).
    out_dir : Path
        The dataset folder (created if absent; rows already there are kept).
    vintage : str
        The figures' vintage, e.g. ``census_2025`` (the release the files hold).
    partner_id : str, optional
        The code written in the figures (``VNM``); known for frequent partners.
    level : {"HS2", "HS4", "HS6", "HS10"}, optional
        The HS detail the files must hold; ``HS10`` (tariff lines) with a sector map of a list's
        codes gives the list's exact imports. Without it any detail is read.
    """
    if not census.SINGLE_COUNTRY.match(partner_code):
        raise UserInputError(
            f"expected a Census country code of four digits such as 5520 (Vietnam), got {partner_code!r}",
            column="--partner",
        )
    partner = partner_id or census.PARTNER_ISO.get(partner_code)
    if not partner:
        raise UserInputError(
            f"no ISO code known for Census country {partner_code}; give one with --partner-id", column="--partner-id"
        )
    if not re.fullmatch(r"[a-z0-9_]+", vintage):
        raise UserInputError(
            f"expected a vintage id of lower-case letters, digits and '_' such as census_2025, got {vintage!r}",
            column="--vintage",
        )
    sector_map_frame = read_sector_map(sector_map)
    figures, sources, lines = figures_from_saved_files(
        [Path(f) for f in files], partner_code, sector_map_frame, partner=partner, vintage=vintage, level=level
    )
    out_dir = Path(out_dir)
    sectors = sectors_table(sector_map_frame, Path(sector_map).name)
    merged = write_dataset_tables(out_dir, figures, sectors, sources)
    result = ImportResult(out_dir, lines)
    result.lines.append(
        f"wrote {shown(out_dir)}/: figures.csv ({len(merged['figures.csv'])} rows), sectors.csv "
        f"({len(merged['sectors.csv'])}), sources.csv ({len(merged['sources.csv'])})"
    )
    return result
