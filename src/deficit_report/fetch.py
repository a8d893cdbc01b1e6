"""``deficit-report fetch census|comtrade``: pull public data into a dataset folder.

The command line is a thin wrapper over
:func:`deficit_report.sources.pull.fetch_census` and
:func:`~deficit_report.sources.pull.fetch_comtrade`. Keys come from the
environment (``CENSUS_API_KEY``, ``COMTRADE_API_KEY``), never from the command
line, so they stay out of shell history and process lists. Problems are raised
as :class:`~deficit_report.errors.UserInputError` for the caller (``cli.py``)
to print on one line.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="deficit-report")
>>> add_fetch_parser(parser.add_subparsers(dest="command"))  # doctest: +ELLIPSIS
ArgumentParser(prog='deficit-report fetch', ...)
>>> args = parser.parse_args(["fetch", "census", "--partner", "5880", "--years", "2023-2024"])
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
from deficit_report.paths import DATA_DIR, RAW_DIR, resolve
from deficit_report.sources import census, comtrade
from deficit_report.sources.http import DEFAULT_BACKOFF, DEFAULT_RETRIES, DEFAULT_TIMEOUT

SECTOR_MAPS_DIR = DATA_DIR / "sector_maps"
DEFAULT_SECTOR_MAP = SECTOR_MAPS_DIR / "hs_chapters.csv"


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


def _common(parser: argparse.ArgumentParser, base_url: str, default_out: str) -> None:
    parser.add_argument("--flow", choices=["imports", "exports"], default="imports",
                        help="trade flow (default: imports)")
    parser.add_argument("--years", type=parse_years, required=True, help="e.g. 2024, 2023-2024 or 2019,2021-2022")
    parser.add_argument("--sector-map", type=Path, default=DEFAULT_SECTOR_MAP,
                        help="sector map CSV (default: data/sector_maps/hs_chapters.csv; "
                             "data/sector_maps/framework.csv needs --level HS4 or HS6)")
    parser.add_argument("--partner-id", help="partner code written in the figures, e.g. JPN "
                                             "(known for frequent partners)")
    parser.add_argument("--base-url", default=base_url, help=f"API address (default: {base_url})")
    parser.add_argument("--out", type=Path, help=f"dataset folder to write (default: {default_out})")
    parser.add_argument("--raw-dir", type=Path, help="folder for raw answers and MANIFEST.csv "
                                                     "(default: data/raw/<source>)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds to wait for an answer (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--retries", type=int, default=DEFAULT_RETRIES,
                        help=f"retries on 429/5xx and dropped connections (default: {DEFAULT_RETRIES})")
    parser.add_argument("--backoff", type=float, default=DEFAULT_BACKOFF,
                        help=f"backoff factor between retries, in seconds (default: {DEFAULT_BACKOFF:g})")
    parser.add_argument("--no-progress", dest="progress", action="store_false", help="hide the progress bar")


def add_fetch_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``fetch`` command, with ``census`` and ``comtrade`` under it, and return its parser."""
    fetch = subparsers.add_parser("fetch", help="pull public trade data into a dataset folder",
                                  description="Pull public trade data into raw files (with a manifest) and a "
                                              "dataset folder of canonical figures, sectors and sources.")
    sources = fetch.add_subparsers(dest="source", required=True, metavar="{census,comtrade}")
    cen = sources.add_parser("census", help="U.S. Census Bureau international trade API (key: CENSUS_API_KEY)",
                             description="U.S. Census Bureau international trade API, HS data for one partner. "
                                         "The key is read from CENSUS_API_KEY.")
    cen.add_argument("--partner", required=True, help="Census country code, e.g. 5880 (Japan), 5700 (China)")
    cen.add_argument("--level", choices=list(census.LEVELS), default="HS2", help="HS detail (default: HS2)")
    cen.add_argument("--monthly", action="store_true",
                     help="pull monthly values and sum complete years (default: December year-to-date, annual)")
    _common(cen, census.CENSUS_BASE_URL, "data/raw/census-<partner-id>")
    com = sources.add_parser("comtrade", help="UN Comtrade API or a legacy CSV file (key: COMTRADE_API_KEY)",
                             description="UN Comtrade, annual data: the current API (key from COMTRADE_API_KEY, "
                                         "sent in the Ocp-Apim-Subscription-Key header) or a bulk/legacy CSV "
                                         "file. Imports are CIF, exports FOB.")
    com.add_argument("--reporter", default="842", help="M49 code of the reporter (default: 842, USA)")
    com.add_argument("--partner", required=True, help="M49 code of the partner, e.g. 392 (Japan)")
    com.add_argument("--level", choices=list(comtrade.LEVEL_CODES), default="TOTAL",
                     help="commodity detail (default: TOTAL)")
    com.add_argument("--file", type=Path, help="read this legacy CSV file instead of calling the API")
    _common(com, comtrade.COMTRADE_BASE_URL, "data/raw/comtrade-<reporter-id>-<partner-id>")
    return fetch


def run_fetch(args: argparse.Namespace) -> int:
    """Run ``fetch census`` or ``fetch comtrade`` from parsed arguments; return the exit status.

    Raises
    ------
    UserInputError
        For anything the user can fix (key, options, answers, files).
    """
    from deficit_report.sources.pull import fetch_census, fetch_comtrade  # heavy imports only when fetching

    common = dict(sector_map=args.sector_map, partner_id=args.partner_id, base_url=args.base_url,
                  timeout=args.timeout, retries=args.retries, backoff=args.backoff, progress=args.progress)
    if args.retries < 0 or args.timeout <= 0 or args.backoff < 0:
        raise UserInputError("expected --retries >= 0, --timeout > 0 and --backoff >= 0")
    if args.source == "census":
        ident = args.partner_id or census.PARTNER_ISO.get(args.partner, args.partner)
        out = args.out or resolve(Path("data/raw") / f"census-{ident.lower()}")
        raw = args.raw_dir or RAW_DIR / "census"
        done = fetch_census(args.partner, args.flow, args.level, args.years, monthly=args.monthly,
                            key=os.environ.get("CENSUS_API_KEY", "").strip(), out_dir=out, raw_dir=raw, **common)
    else:
        ident = args.partner_id or comtrade.iso_code(args.partner) or args.partner
        name = f"comtrade-{comtrade.iso_code(args.reporter) or args.reporter}-{ident}".lower()
        out = args.out or resolve(Path("data/raw") / name)
        raw = args.raw_dir or RAW_DIR / "comtrade"
        done = fetch_comtrade(args.reporter, args.partner, args.flow, args.level, args.years, file=args.file,
                              key=os.environ.get("COMTRADE_API_KEY", "").strip(), out_dir=out, raw_dir=raw,
                              **common)
    print(f"wrote {done}/figures.csv, sectors.csv and sources.csv; raw answers in {raw} "
          "(add status_events.csv and context.csv to use the folder in a report)", file=sys.stderr)
    return 0
