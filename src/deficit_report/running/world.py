"""Every partner, one year: ``deficit-report world FILES... --year 2025 --compare 2024 --out reports/world/``.

From saved USA Trade Online files (:mod:`deficit_report.sources.usa_trade_online`):

1. read both flows for every partner (vectorised) and compute each partner's balance, change,
   largest sector and contributors (:func:`deficit_report.analysis.world.world_rows`);
2. choose the partners: both flows in both years, and a balance (deficit or surplus) of at least
   ``--threshold`` billion dollars (default 0: every partner with both flows), or the ``--partner``
   names given;
3. write one dataset folder per partner under ``OUT/datasets/<partner>/`` (figures, sectors,
   sources; context and status events as header lines: no status data), never overwriting a row;
4. check every run, then run the reports as a batch on the existing pool (or ``--dask``), one
   report folder per partner, ``OUT/<partner>/``;
5. write the world index ``OUT/index.html`` (:func:`deficit_report.rendering.index_page.render_world_index`).

A year must be a complete year of the files: ``2026 through January`` is a year-to-date period, and
asking for 2026 says so.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from deficit_report.dataset.files import write_atomic
from deficit_report.errors import UserInputError
from deficit_report.paths import REPORT_NOTEBOOK
from deficit_report.running.batch import RunOptions, check_runs, open_executor, run_batch, summary_table
from deficit_report.running.conventions import ExitStatus
from deficit_report.running.folders import check_output_dir, claim_output_dir

DATASETS = "datasets"
INDEX = "index.html"


def partner_slug(name: str) -> str:
    """Return a partner's folder name: its name in lower case, words joined by '-'.

    Examples
    --------
    >>> partner_slug("Korea, South"), partner_slug("Cote d'Ivoire"), partner_slug("St Kitts and Nevis")
    ('korea-south', 'cote-d-ivoire', 'st-kitts-and-nevis')
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def check_years(saved, year: int, compare: int) -> None:
    """Raise unless ``year`` and ``compare`` are two complete years of every file (a year to date is not one)."""
    from deficit_report.sources.usa_trade_online import period_name

    if year == compare:
        raise UserInputError(f"expected a comparison year other than {year}", column="--compare")
    for f in saved:
        periods = f.rows[["year", "months"]].drop_duplicates()
        years = sorted(int(y) for y in periods.loc[periods["months"] == 12, "year"])
        for option, wanted in (("--year", year), ("--compare", compare)):
            if wanted in years:
                continue
            partial = periods[(periods["year"] == wanted) & (periods["months"] < 12)]
            why = (
                f"{f.path.name} holds {wanted} only as {period_name(wanted, int(partial['months'].iloc[0]))}, "
                "a year-to-date period, not a year"
                if len(partial)
                else f"{f.path.name} has no {wanted}"
            )
            raise UserInputError(f"{why}; complete years there: {years[0]}-{years[-1]}", column=option)


def choose_partners(rows: pd.DataFrame, threshold_usd_m: float, wanted: list[str] | None, countries) -> pd.DataFrame:
    """Return the rows to report on: by name/code when ``wanted`` is given, else |balance| >= the threshold.

    Examples
    --------
    >>> rows = pd.DataFrame({"partner": ["JPN", "ABW"], "balance_usd_m": [-63883.0, 300.0]})
    >>> c = pd.DataFrame({"name": ["Japan", "Aruba"], "cty_code": ["5880", "2779"], "iso3": ["JPN", "ABW"],
    ...                   "partner": ["JPN", "ABW"]})
    >>> choose_partners(rows, 1000.0, None, c)["partner"].tolist(), choose_partners(rows, 0, ["Aruba"], c)["partner"].tolist()
    (['JPN'], ['ABW'])
    """
    if wanted:
        codes = []
        for name in wanted:
            match = countries[(countries[["name", "cty_code", "iso3", "partner"]] == name).any(axis=1)]
            if match.empty:
                raise UserInputError(
                    f"expected a partner name (Japan), Census code or ISO code, got {name!r}", column="--partner"
                )
            code = match["partner"].iloc[0]
            if code not in set(rows["partner"]):
                raise UserInputError(f"{name} has no exports and imports in both years", column="--partner")
            codes.append(code)
        return rows[rows["partner"].isin(codes)]
    return rows[rows["balance_usd_m"].abs() >= threshold_usd_m]


def world_parameters(code: str, name: str, data_dir: Path, year: int, compare: int) -> dict:
    """Return one partner's report parameters (balance, sector shares; no status data, so as of 31 December)."""
    return {
        "partner": code,
        "focus_year": year,
        "compare_year": compare,
        "as_of": f"{year}-12-31",
        "measure": "balance",
        "data_dir": str(data_dir),
        "title": f"U.S. goods trade with {name} in {year}: the balance by sector (NAICS), against {compare}",
    }


def _index_notes(
    saved, year: int, compare: int, threshold_usd_m: float, chosen: int, every: int, by_name: bool
) -> tuple[list, list]:
    from deficit_report.sources.usa_trade_online import URL

    retrieved = sorted({f.retrieved for f in saved})
    if by_name:
        rule = f"{chosen} of the {every} partners with exports and imports in both years, chosen by name"
    elif threshold_usd_m <= 0:
        rule = f"every partner with exports and imports in both years ({every})"
    else:
        rule = (
            f"{chosen} of the {every} partners with exports and imports in both years: those whose {year} "
            f"deficit or surplus is at least ${threshold_usd_m / 1000:,.1f} bn"
        )
    intro = [
        f"U.S. goods trade with {rule}, {year} against {compare}: balance = exports minus imports "
        "(a deficit is negative), billions of U.S. dollars, Census basis (exports f.a.s., general imports "
        "at customs value), not seasonally adjusted. Largest deficit first; click a column heading to sort.",
    ]
    notes = [
        f"Source: U.S. Census Bureau, USA Trade Online ({URL}), State Exports and State Imports by NAICS "
        f"Commodities, All States, by country; retrieved {', '.join(retrieved)}: "
        + ", ".join(f.path.name for f in saved)
        + ".",
        "Largest sector: the NAICS 3-digit sector whose balance (exports minus imports, sectors with both "
        "flows) is the largest share of the partner's deficit, or of its surplus; a share above 100% means "
        "other sectors offset part of it. Top contributors: the three sectors whose balance moved most in "
        "the direction of the change. Status coverage: the share of the balance in each negotiation status "
        "group where the partner's report has status data.",
    ]
    return intro, notes


def write_world_index(out: Path, rows: pd.DataFrame, names: dict, labels: dict, saved, year, compare, rule) -> Path:
    """Write ``out/index.html``: one row per partner, linked to its report, with its report's status coverage."""
    from deficit_report.rendering.index_page import render_world_index, share_lines, world_columns, world_row
    from deficit_report.running.manifest import report_entries

    entries = {e["folder"]: e for e in report_entries(out)}
    prepared = []
    for row in rows.sort_values("balance_usd_m", kind="stable").to_dict("records"):
        slug = partner_slug(names[row["partner"]])
        entry = entries.get(slug) or entries.get(f"{slug}.failed")
        href = None
        if entry and entry.get("main"):
            href = f"{entry['folder']}/{entry['main']}"
        shares = (entry or {}).get("summary", {}).get("shares") or {}
        prepared.append(
            world_row(
                row,
                name=names[row["partner"]],
                labels=labels,
                href=href,
                failed=bool(entry) and entry["status"] != "ok",
                coverage=share_lines(shares, "balance", row["balance_usd_m"]),
            )
        )
    intro, notes = _index_notes(saved, year, compare, *rule)
    page = render_world_index(
        prepared,
        title=f"U.S. goods trade with every partner, {year} against {compare}",
        intro=intro,
        notes=notes,
        columns=world_columns(year, compare),
    )
    return write_atomic(out / INDEX, page)


def run_world(
    files: list[Path],
    *,
    year: int,
    compare: int,
    options: RunOptions,
    threshold_usd_m: float = 0.0,
    partners: list[str] | None = None,
    cluster: str | None = None,
    progress: bool = True,
) -> ExitStatus:
    """Carry out ``deficit-report world``: datasets, a batch of reports, the world index; print a summary.

    Returns :attr:`ExitStatus.OK`, or :attr:`ExitStatus.REPORT_FAILED` when a report failed (the others ran
    and the index lists the failure).
    """
    from deficit_report.analysis.world import world_rows
    from deficit_report.running.schedule import ManyUserInputErrors, PlannedRun
    from deficit_report.sources.usa_trade_online import (
        figures_of,
        read_countries,
        read_saved_files,
        sectors_of,
        sources_of,
        vintage_of,
        write_dataset,
    )

    started = time.perf_counter()
    if threshold_usd_m < 0:
        raise UserInputError(f"expected a threshold of 0 or more, got {threshold_usd_m / 1000:g}", column="--threshold")
    countries = read_countries()
    saved = read_saved_files(files, countries)
    if {f.measure for f in saved} != {"exports", "imports"}:
        raise UserInputError("expected two files, one of exports and one of imports", column="FILES")
    check_years(saved, year, compare)
    figures = figures_of(saved, vintage=vintage_of(saved))
    numeric = figures.assign(value_usd_m=figures["value_usd_m"].astype(float))
    every = world_rows(numeric, year, compare)
    chosen = choose_partners(every, threshold_usd_m, partners, countries)
    if chosen.empty:
        raise UserInputError(f"no partner's balance reaches {threshold_usd_m / 1000:g} bn", column="--threshold")
    names = dict(zip(countries["partner"], countries["name"]))
    sectors = sectors_of(saved)
    labels = dict(zip(sectors["sector"], sectors["label"]))
    years = {
        f.path: sorted(int(y) for y in figures.loc[figures["measure"] == f.measure, "period"].unique()) for f in saved
    }
    sources = sources_of(saved, years)

    out = claim_output_dir(check_output_dir(Path(options.output_dir)))  # ours before datasets go in it
    if cluster is not None:
        out = out.resolve()
        options = replace(options, output_dir=out)
    planned = []
    by_partner = dict(tuple(figures.groupby("partner", sort=False)))
    for code in chosen["partner"]:
        name = names[code]
        slug = partner_slug(name)
        data_dir = (out / DATASETS / slug).resolve()
        write_dataset(data_dir, by_partner[code], sectors, sources, empty_tables=True)
        parameters = world_parameters(code, name, data_dir, year, compare)
        planned.append(PlannedRun(slug, parameters, REPORT_NOTEBOOK, origin=f"partner {name}"))
    prepared = time.perf_counter()
    try:
        runs = check_runs(planned)
    except ManyUserInputErrors as exc:
        for error in exc.errors:
            print(f"deficit-report: error: {error.one_line()}", file=sys.stderr)
        return ExitStatus.USER_ERROR
    checked = time.perf_counter()
    with open_executor(cluster, max(1, min(options.workers, len(runs)))) as opened:
        outcomes = run_batch(runs, options, progress=progress, executor=opened.executor)
        label = opened.label
    ran = time.perf_counter()
    index = write_world_index(
        out, chosen, names, labels, saved, year, compare, (threshold_usd_m, len(chosen), len(every), bool(partners))
    )
    print(summary_table(outcomes))
    failed = sum(o.status == "failed" for o in outcomes)
    total = time.perf_counter() - started
    print(
        f"{len(outcomes)} partners: {len(outcomes) - failed} ok, {failed} failed in {total:.1f} s with {label} "
        f"(datasets {prepared - started:.1f} s, checks {checked - prepared:.1f} s, reports {ran - checked:.1f} s, "
        f"{(ran - checked) / max(1, len(outcomes)):.2f} s per report); index: {index}"
    )
    return ExitStatus.REPORT_FAILED if failed else ExitStatus.OK
