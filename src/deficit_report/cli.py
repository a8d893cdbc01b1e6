"""The ``deficit-report`` command: argument parsing over the package's functions.

Each subcommand parses its arguments and calls one function of the package
(:func:`~deficit_report.running.runner.run_report`,
:func:`~deficit_report.running.batch.run_schedule`,
:func:`~deficit_report.sources.pull.fetch_census`,
:func:`~deficit_report.sources.offline.import_census_files`,
:func:`~deficit_report.running.scaffold.new_dataset`, ...), so everything the
command does can be done from Python too. Keys for public APIs come from the
environment (``CENSUS_API_KEY``, ``COMTRADE_API_KEY``), never from the command
line, so they stay out of shell history and process lists.

Exit status (:class:`ExitStatus`): 0 success, 1 a report failed while
executing, 2 a user error (bad parameters, data or files), printed as one line
without a traceback, 75 another run of the same report held its lock past
``run --wait`` (try again later), 130 interrupted.

Examples
--------
>>> args = build_parser().parse_args(["fetch", "census", "--partner", "5880", "--years", "2023-2024"])
>>> args.source, args.flow, args.level, args.years, args.monthly
('census', 'imports', 'HS2', [2023, 2024], False)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from deficit_report.errors import UserInputError
from deficit_report.paths import PARAMS_DIR, REPORTS_DIR, SECTOR_MAPS_DIR
from deficit_report.running.conventions import EXECUTION_TIMEOUT, START_TIMEOUT, ExitStatus, default_workers

DEFAULT_SECTOR_MAP = SECTOR_MAPS_DIR / "hs_chapters.csv"


# --- value parsers ---------------------------------------------------------------------------------


def positive_int(text: str) -> int:
    """Parse an option that must be a whole number of at least 1.

    Examples
    --------
    >>> positive_int("4")
    4
    >>> positive_int("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected 1 or more, got 0
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def non_negative(kind):
    """Return a parser for an option of type ``kind`` that must be zero or more.

    Examples
    --------
    >>> non_negative(float)("0.5"), non_negative(int)("3")
    (0.5, 3)
    >>> non_negative(int)("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected 0 or more, got -1
    """

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
        return value

    parse.__name__ = f"non-negative {kind.__name__}"
    return parse


def positive_seconds(text: str) -> float:
    """Parse a number of seconds greater than zero.

    Examples
    --------
    >>> positive_seconds("5")
    5.0
    """
    value = non_negative(float)(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected more than 0 seconds")
    return value


def parse_years(text: str) -> list[int]:
    """Parse ``2024``, ``2023-2024`` or ``2019,2021-2022`` into a sorted list of years.

    Examples
    --------
    >>> parse_years("2023-2024"), parse_years("2019,2021-2022")
    ([2023, 2024], [2019, 2021, 2022])
    >>> parse_years("24")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected years such as 2024, 2023-2024 or 2019,2021-2022, got '24'
    """
    years: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", part)
        if not match or (match[2] and int(match[2]) < int(match[1])):
            raise argparse.ArgumentTypeError(f"expected years such as 2024, 2023-2024 or 2019,2021-2022, got {text!r}")
        years.update(range(int(match[1]), int(match[2] or match[1]) + 1))
    return sorted(years)


# --- handlers: one package call each ---------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    from deficit_report.running.runner import run_named_report

    return run_named_report(
        args.name,
        output_dir=args.output_dir,
        params_dir=args.params_dir,
        progress=not args.quiet,
        lock_timeout=args.lock_timeout,
        pdf=args.pdf,
    )


def _validate(args: argparse.Namespace) -> int:
    from deficit_report.running.runner import validate_named_runs

    for line in validate_named_runs(args.names, args.params_dir):
        print(line)
    return ExitStatus.OK


def _batch(args: argparse.Namespace) -> int:
    from deficit_report.running.batch import RunOptions, run_schedule
    from deficit_report.running.pdf import check_paper

    if args.pdf is not None:
        args.pdf = check_paper(args.pdf)
    options = RunOptions(args.output_dir, args.execution_timeout, args.start_timeout, args.workers, pdf=args.pdf)
    return run_schedule(
        args.schedule,
        options,
        changed_only=args.changed_only,
        dry_run=args.dry_run,
        progress=not args.quiet,
        cluster=args.scheduler,
    )


def _fetch(args: argparse.Namespace) -> int:
    from deficit_report.sources.pull import fetch_census, fetch_comtrade  # heavy imports only when fetching

    common = dict(
        sector_map=args.sector_map,
        partner_id=args.partner_id,
        base_url=args.base_url,
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        progress=args.progress,
        out_dir=args.out,
        raw_dir=args.raw_dir,
    )
    if args.source == "census":
        done = fetch_census(
            args.partner,
            args.flow,
            args.level,
            args.years,
            monthly=args.monthly,
            key=os.environ.get("CENSUS_API_KEY", "").strip(),
            **common,
        )
    else:
        done = fetch_comtrade(
            args.reporter,
            args.partner,
            args.flow,
            args.level,
            args.years,
            file=args.file,
            key=os.environ.get("COMTRADE_API_KEY", "").strip(),
            **common,
        )
    print(
        f"wrote {done}/figures.csv, sectors.csv and sources.csv "
        "(add status_events.csv and context.csv to use the folder in a report)",
        file=sys.stderr,
    )
    return ExitStatus.OK


def _import(args: argparse.Namespace) -> int:
    from deficit_report.sources.offline import import_census_files
    from deficit_report.sources.pull import default_dataset_dir

    partner_id = args.partner_id
    if args.out is None:
        from deficit_report.sources.census import PARTNER_ISO

        known = partner_id or PARTNER_ISO.get(args.partner)
        if not known:
            raise UserInputError(
                f"no ISO code known for Census country {args.partner}; give one with --partner-id",
                column="--partner-id",
            )
        args.out = default_dataset_dir("census", known)
    result = import_census_files(
        args.files,
        args.partner,
        sector_map=args.sector_map,
        out_dir=args.out,
        vintage=args.vintage,
        partner_id=partner_id,
        level=args.level,
    )
    for line in result.lines:
        print(line)
    return ExitStatus.OK


def _import_usa_trade_online(args: argparse.Namespace) -> int:
    from deficit_report.sources.usa_trade_online import import_usa_trade_online

    result = import_usa_trade_online(args.files, out_dir=args.out, partner=args.partner, vintage=args.vintage)
    for line in result.lines:
        print(line)
    return ExitStatus.OK


def _world(args: argparse.Namespace) -> int:
    from deficit_report.running.batch import RunOptions
    from deficit_report.running.world import run_world

    options = RunOptions(args.out, args.execution_timeout, args.start_timeout, args.workers)
    return run_world(
        args.files,
        year=args.year,
        compare=args.compare,
        options=options,
        threshold_usd_m=args.threshold * 1000,
        partners=args.partner,
        cluster=args.scheduler,
        progress=not args.quiet,
    )


def _dataset(args: argparse.Namespace) -> int:
    if args.action == "new":
        from deficit_report.running.scaffold import new_dataset

        lines = new_dataset(
            args.name,
            args.partner,
            raw_dir=args.raw_dir,
            params_dir=args.params_dir,
            focus_year=args.focus_year,
            compare_year=args.compare_year,
            as_of=args.as_of,
            measure=args.measure,
        )
    else:
        from deficit_report.dataset.registry import register_dataset

        lines = register_dataset(args.raw_dir, args.name, args.origin)
    for line in lines:
        print(line)
    return ExitStatus.OK


# --- the parser ------------------------------------------------------------------------------------


def _add_params_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--params-dir",
        type=Path,
        default=PARAMS_DIR,
        help="folder of named runs NAME.yaml (default: notebooks/params/)",
    )


def _add_pdf(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pdf",
        nargs="?",
        const="A4",
        default=None,
        metavar="PAPER",
        help="also print each report to report.pdf with headless Chromium, on A4 (default) or Letter paper",
    )


def _add_run(commands) -> None:
    run = commands.add_parser("run", help="run a named report (notebooks/params/NAME.yaml)")
    run.add_argument("name", help="named run, e.g. us-japan-framework-1994")
    run.add_argument(
        "--output-dir", type=Path, default=REPORTS_DIR, help="folder that receives NAME/ (default: reports/)"
    )
    _add_params_dir(run)
    run.add_argument(
        "--wait",
        dest="lock_timeout",
        type=non_negative(float),
        default=None,
        metavar="SECONDS",
        help="while another run of the same report is writing it, wait this long, then give up "
        "with exit status 75 (default: wait until it ends; 0: do not wait)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_pdf(run)
    run.set_defaults(handler=_run)


def _add_validate(commands) -> None:
    validate = commands.add_parser("validate", help="check named runs' parameters and data without running them")
    validate.add_argument("names", nargs="+", help="named runs")
    _add_params_dir(validate)
    validate.set_defaults(handler=_validate)


def _add_batch(commands) -> None:
    batch = commands.add_parser(
        "batch",
        help="run every report a schedule file lists, in parallel",
        description="Run many reports from a schedule file: every run is checked "
        "first, then they run in parallel, each on its own.",
    )
    batch.add_argument("schedule", type=Path, help="schedule YAML file (see notebooks/params/schedule-example.yaml)")
    batch.add_argument(
        "--output-dir",
        type=Path,
        default=REPORTS_DIR,
        help="folder that receives one folder per report and index.html (default: reports/)",
    )
    batch.add_argument(
        "--workers",
        type=positive_int,
        default=default_workers(),
        help="reports run at once (default: the number of cores, here %(default)s); "
        "with --scheduler the cluster's workers decide",
    )
    batch.add_argument(
        "--execution-timeout",
        type=positive_int,
        default=EXECUTION_TIMEOUT,
        metavar="SECONDS",
        help="seconds one notebook cell may run (default: %(default)s)",
    )
    batch.add_argument(
        "--start-timeout",
        type=positive_int,
        default=START_TIMEOUT,
        metavar="SECONDS",
        help="seconds a kernel may take to start (default: %(default)s)",
    )
    batch.add_argument(
        "--changed-only",
        action="store_true",
        help="skip reports whose inputs, parameters and code are unchanged since their manifest",
    )
    engine = batch.add_mutually_exclusive_group()
    engine.add_argument(
        "--dask",
        dest="scheduler",
        action="store_const",
        const="local",
        help="run the reports on a Dask cluster of --workers processes started on this machine "
        "(needs the extra: pip install -e '.[dask]')",
    )
    engine.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the reports on the Dask cluster of this scheduler, e.g. tcp://HOST:8786; every worker needs "
        "the project installed and the data and output folders at the same paths (docs/scaling.md)",
    )
    batch.add_argument("--dry-run", action="store_true", help="check everything and list what would run; run nothing")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_pdf(batch)
    batch.set_defaults(handler=_batch)


def _add_fetch_options(parser: argparse.ArgumentParser, base_url: str, default_out: str) -> None:
    from deficit_report.sources.endpoints import DEFAULT_BACKOFF, DEFAULT_RETRIES, DEFAULT_TIMEOUT

    parser.add_argument(
        "--flow", choices=["imports", "exports"], default="imports", help="trade flow (default: imports)"
    )
    parser.add_argument("--years", type=parse_years, required=True, help="e.g. 2024, 2023-2024 or 2019,2021-2022")
    parser.add_argument(
        "--sector-map",
        type=Path,
        default=DEFAULT_SECTOR_MAP,
        help="sector map CSV (default: data/sector_maps/hs_chapters.csv; "
        "data/sector_maps/framework.csv needs --level HS4 or HS6)",
    )
    parser.add_argument(
        "--partner-id", help="partner code written in the figures, e.g. JPN (known for frequent partners)"
    )
    parser.add_argument("--base-url", default=base_url, help=f"API address (default: {base_url})")
    parser.add_argument("--out", type=Path, help=f"dataset folder to write (default: {default_out})")
    parser.add_argument(
        "--raw-dir", type=Path, help="folder for raw answers and MANIFEST.csv (default: data/raw/<source>)"
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT,
        help=f"seconds to wait for an answer (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--retries",
        type=non_negative(int),
        default=DEFAULT_RETRIES,
        help=f"retries on 429/5xx and dropped connections (default: {DEFAULT_RETRIES})",
    )
    parser.add_argument(
        "--backoff",
        type=non_negative(float),
        default=DEFAULT_BACKOFF,
        help=f"backoff factor between retries, in seconds (default: {DEFAULT_BACKOFF:g})",
    )
    parser.add_argument("--no-progress", dest="progress", action="store_false", help="hide the progress bar")


def _add_fetch(commands) -> None:
    from deficit_report.sources import endpoints

    fetch = commands.add_parser(
        "fetch",
        help="pull public trade data into a dataset folder",
        description="Pull public trade data into raw files (with a manifest) and a "
        "dataset folder of canonical figures, sectors and sources.",
    )
    sources = fetch.add_subparsers(dest="source", required=True, metavar="{census,comtrade}")
    cen = sources.add_parser(
        "census",
        help="U.S. Census Bureau international trade API (key: CENSUS_API_KEY)",
        description="U.S. Census Bureau international trade API, HS data for one partner. "
        "The key is read from CENSUS_API_KEY.",
    )
    cen.add_argument("--partner", required=True, help="Census country code, e.g. 5880 (Japan), 5700 (China)")
    cen.add_argument("--level", choices=list(endpoints.CENSUS_LEVELS), default="HS2", help="HS detail (default: HS2)")
    cen.add_argument(
        "--monthly",
        action="store_true",
        help="pull monthly values and sum complete years (default: December year-to-date, annual)",
    )
    _add_fetch_options(cen, endpoints.CENSUS_BASE_URL, "data/raw/census-<partner-id>")
    com = sources.add_parser(
        "comtrade",
        help="UN Comtrade API or a legacy CSV file (key: COMTRADE_API_KEY)",
        description="UN Comtrade, annual data: the current API (key from COMTRADE_API_KEY, "
        "sent in the Ocp-Apim-Subscription-Key header) or a bulk/legacy CSV "
        "file. Imports are CIF, exports FOB.",
    )
    com.add_argument("--reporter", default="842", help="M49 code of the reporter (default: 842, USA)")
    com.add_argument("--partner", required=True, help="M49 code of the partner, e.g. 392 (Japan)")
    com.add_argument(
        "--level",
        choices=list(endpoints.COMTRADE_LEVEL_CODES),
        default="TOTAL",
        help="commodity detail (default: TOTAL)",
    )
    com.add_argument("--file", type=Path, help="read this legacy CSV file instead of calling the API")
    _add_fetch_options(com, endpoints.COMTRADE_BASE_URL, "data/raw/comtrade-<reporter-id>-<partner-id>")
    fetch.set_defaults(handler=_fetch)


def _add_import(commands) -> None:
    from deficit_report.sources import endpoints

    imp = commands.add_parser(
        "import",
        help="turn saved public files into a dataset folder (no network)",
        description="Turn files saved from a public source into canonical figures, sectors and "
        "sources in a dataset folder, with no network. Rows already in the folder are kept; "
        "nothing is overwritten.",
    )
    sources = imp.add_subparsers(dest="source", required=True, metavar="{census,usa-trade-online}")
    cen = sources.add_parser(
        "census",
        help="Census API answers (.json) or CSV files in its columns (.csv, .csv.gz; all-country files too)",
        description="Saved U.S. Census Bureau international trade data: API answers (.json) or CSV "
        "files in the API's columns (.csv or .csv.gz, one partner or every partner, monthly or "
        "December year-to-date). Monthly values make a year only when all twelve months are there; "
        "an incomplete year is left out and the import says so.",
    )
    cen.add_argument("files", nargs="+", type=Path, metavar="FILE", help="saved files (.json, .csv, .csv.gz)")
    cen.add_argument("--partner", required=True, help="Census country code, e.g. 5520 (Vietnam), 5700 (China)")
    cen.add_argument("--partner-id", help="partner code written in the figures, e.g. VNM (known for frequent partners)")
    cen.add_argument(
        "--sector-map", type=Path, default=DEFAULT_SECTOR_MAP, help="sector map CSV (default: %(default)s)"
    )
    cen.add_argument(
        "--vintage", required=True, help="the release the files hold, a slug such as census_2025 (written in figures)"
    )
    cen.add_argument(
        "--level",
        choices=list(endpoints.CENSUS_LEVELS),
        help="the HS detail the files must hold (HS10: tariff lines, e.g. with a sector map of a tariff list's "
        "codes to get its exact imports); default: any",
    )
    cen.add_argument("--out", type=Path, help="dataset folder to write (default: data/raw/census-<partner-id>)")
    cen.set_defaults(handler=_import)
    uto = sources.add_parser(
        "usa-trade-online",
        help="USA Trade Online reports saved as CSV (.csv, .csv.gz): NAICS sectors by country, every partner",
        description="Reports saved from USA Trade Online (State Exports/Imports by NAICS Commodities, All "
        "States, by country): three title lines, quoted thousands, partner names mapped to Census codes by "
        "data/country_codes/usa_trade_online_countries.csv. Complete years become figures; a year-to-date "
        "period ('2026 through January') is a period, not a year, and is left out with a line saying so.",
    )
    uto.add_argument("files", nargs="+", type=Path, metavar="FILE", help="one saved file per flow (.csv, .csv.gz)")
    uto.add_argument("--out", type=Path, required=True, help="dataset folder to write")
    uto.add_argument("--partner", help="one partner: a name (Japan), Census code (5880) or ISO code (JPN); default all")
    uto.add_argument(
        "--vintage", help="vintage id written in figures (default: usa_trade_online_ and the files' retrieval date)"
    )
    uto.set_defaults(handler=_import_usa_trade_online)


def _add_dataset(commands) -> None:
    from deficit_report.paths import RAW_DIR

    dataset = commands.add_parser(
        "dataset",
        help="start a dataset folder, or record its files in data/raw/MANIFEST.csv",
        description="Start a dataset folder and its named run (new), or record the sha256 of its "
        "files in the manifest so validate can tell when one changed (register).",
    )
    actions = dataset.add_subparsers(dest="action", required=True, metavar="{new,register}")
    new = actions.add_parser(
        "new",
        help="write every table's header, a README of the columns and notebooks/params/NAME.yaml",
        description="Write data/raw/NAME/ (every canonical table as a header line, and a README saying "
        "what each column means) and the named run notebooks/params/NAME.yaml. Refuses to overwrite.",
    )
    new.add_argument("name", help="dataset and run name, e.g. us-vietnam")
    new.add_argument("--partner", required=True, help="partner code used in the tables, e.g. VNM")
    new.add_argument("--focus-year", type=int, help="year of the report (else a line to fill in)")
    new.add_argument("--compare-year", type=int, help="year the change is measured from (else a line to fill in)")
    new.add_argument("--as-of", help="date of the status shown, YYYY-MM-DD (else a line to fill in)")
    new.add_argument(
        "--measure", choices=["balance", "imports", "exports"], default="balance", help="(default: balance)"
    )
    _add_params_dir(new)
    register = actions.add_parser(
        "register",
        help="record the sha256 of data/raw/NAME/'s files in data/raw/MANIFEST.csv",
        description="Record each file of data/raw/NAME/ (sha256, origin, date) in data/raw/MANIFEST.csv; "
        "deficit-report validate then says which file changed since.",
    )
    register.add_argument("name", help="dataset folder name under data/raw/")
    register.add_argument(
        "--origin",
        default="written for this project (deficit-report dataset new, then a spreadsheet editor and import)",
        help="where the files come from, for new rows (default: %(default)s)",
    )
    for parser in (new, register):
        parser.add_argument(
            "--raw-dir",
            type=Path,
            default=RAW_DIR,
            help="folder of dataset folders and MANIFEST.csv (default: data/raw/)",
        )
    dataset.set_defaults(handler=_dataset)


def _add_world(commands) -> None:
    world = commands.add_parser(
        "world",
        help="one report per partner from saved USA Trade Online files, run as a batch, and a world index",
        description="From saved USA Trade Online files (exports and imports by NAICS sector and country): one "
        "report per partner whose goods deficit or surplus reaches --threshold (default: every partner with "
        "both flows in both years), run as a batch, and OUT/index.html listing every partner's balance, change, "
        "largest sector and top contributors to the change.",
    )
    world.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the saved exports and imports files")
    world.add_argument("--year", type=int, required=True, help="the focus year, a complete year of the files")
    world.add_argument("--compare", type=int, required=True, help="the year the change is measured from")
    world.add_argument(
        "--out",
        type=Path,
        default=REPORTS_DIR / "world",
        help="folder of the reports and index (default: reports/world)",
    )
    world.add_argument(
        "--threshold",
        type=non_negative(float),
        default=0.0,
        metavar="USD_BN",
        help="only partners whose deficit or surplus is at least this many billion dollars (default: 0, every partner)",
    )
    world.add_argument(
        "--partner",
        action="append",
        metavar="NAME",
        help="only this partner (a name such as Japan, a Census or ISO code); repeat for several",
    )
    world.add_argument(
        "--workers", type=positive_int, default=default_workers(), help="reports run at once (default: %(default)s)"
    )
    world.add_argument(
        "--execution-timeout", type=positive_int, default=EXECUTION_TIMEOUT, metavar="SECONDS",
        help="seconds one notebook cell may run (default: %(default)s)",
    )  # fmt: skip
    world.add_argument(
        "--start-timeout", type=positive_int, default=START_TIMEOUT, metavar="SECONDS",
        help="seconds a kernel may take to start (default: %(default)s)",
    )  # fmt: skip
    world.add_argument(
        "--dask",
        dest="scheduler",
        action="store_const",
        const="local",
        help="run the reports on a Dask cluster of --workers processes on this machine (extra: '.[dask]')",
    )
    world.add_argument("--quiet", action="store_true", help="no progress bar")
    world.set_defaults(handler=_world)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="deficit-report", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for add in (_add_run, _add_validate, _add_batch, _add_fetch, _add_import, _add_world, _add_dataset):
        add(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except UserInputError as exc:
        print(f"deficit-report: error: {exc}", file=sys.stderr)
        return ExitStatus.USER_ERROR
    except KeyboardInterrupt:
        print("deficit-report: interrupted", file=sys.stderr)
        return ExitStatus.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
