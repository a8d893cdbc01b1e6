"""Pull data from a public source into raw files and a dataset folder (the I/O side).

:func:`fetch_census` and :func:`fetch_comtrade` make one request per year
(with a tqdm progress bar on stderr), keep every answer as a raw file with a
manifest row, parse it with the pure functions of :mod:`.census` and
:mod:`.comtrade`, and add canonical figures, sectors and one sources row per
request to the dataset folder. The key is read by the caller and never
written anywhere: stored URLs have it removed, messages have it redacted.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from deficit_report.dataset.sectormap import read_sector_map, sectors_table
from deficit_report.errors import UserInputError
from deficit_report.paths import RAW_DIR
from deficit_report.sources import census, comtrade
from deficit_report.sources.canonical import TIDY_COLUMNS, figures_from_tidy, plain_number
from deficit_report.sources.endpoints import (
    CENSUS_BASE_URL,
    COMTRADE_BASE_URL,
    DEFAULT_BACKOFF,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
)
from deficit_report.sources.http import check_answer, fetch_text, make_session
from deficit_report.sources.store import retrieval_stamp, store_raw, vintage_id, write_dataset


def default_dataset_dir(source: str, *ids: str) -> Path:
    """Return the dataset folder a pull writes by default: ``data/raw/<source>-<id>-...`` in lower case.

    Examples
    --------
    >>> default_dataset_dir("census", "JPN").relative_to(RAW_DIR).as_posix()
    'census-jpn'
    """
    return RAW_DIR / "-".join([source, *ids]).lower()


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).replace(microsecond=0)


def _finish(
    tidy: pd.DataFrame,
    map_path: Path,
    out_dir: Path,
    sources: list[dict],
    *,
    reporter: str,
    partner: str,
    basis: dict,
    vintage: str,
    level: str,
) -> Path:
    """Turn tidy rows into figures and write the dataset folder."""
    sector_map = read_sector_map(map_path)
    source_ids = {row["_year"]: row["source_id"] for row in sources}
    figures = figures_from_tidy(
        tidy,
        sector_map,
        reporter=reporter,
        partner=partner,
        basis=basis,
        vintage=vintage,
        source_ids=source_ids,
        level=level,
    )
    figures["value_usd_m"] = figures["value_usd_m"].map(plain_number)
    table = pd.DataFrame(sources).drop(columns="_year")
    return write_dataset(out_dir, figures, sectors_table(sector_map, Path(map_path).name), table)


def fetch_census(
    partner: str,
    flow: str,
    level: str,
    years: list[int],
    *,
    key: str,
    sector_map: Path,
    out_dir: Path | None = None,
    raw_dir: Path | None = None,
    monthly: bool = False,
    partner_id: str | None = None,
    base_url: str = CENSUS_BASE_URL,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    progress: bool = True,
    now: datetime | None = None,
) -> Path:
    """Pull Census HS data for one partner and flow, year by year, into ``out_dir``.

    Parameters
    ----------
    partner : str
        Census country code, e.g. ``"5880"`` (Japan).
    flow : {"imports", "exports"}
    level : {"HS2", "HS4", "HS6", "HS10"}
    years : list of int
    key : str
        The API key (from ``CENSUS_API_KEY``); used in the request only.
    sector_map : Path
        The sector map file.
    out_dir, raw_dir : Path, optional
        Dataset folder (default ``data/raw/census-<partner_id>``) and folder for
        raw answers and their manifest (default ``data/raw/census``).
    monthly : bool
        Pull monthly values (``*_MO``) and sum complete years; otherwise
        December's year-to-date value (``*_YR``), the annual total.
    partner_id : str, optional
        Partner code in the figures (``JPN``); known for frequent partners.

    Returns
    -------
    Path
        The dataset folder.
    """
    if not census.SINGLE_COUNTRY.match(partner):
        raise UserInputError(
            f"expected a Census country code of four digits such as 5880 (Japan), got {partner!r}", column="--partner"
        )
    partner_id = partner_id or census.PARTNER_ISO.get(partner)
    if not partner_id:
        raise UserInputError(
            f"no ISO code known for Census country {partner}; give one with --partner-id", column="--partner-id"
        )
    if not key:
        raise UserInputError(
            "no Census API key: set CENSUS_API_KEY (free sign-up: https://api.census.gov/data/key_signup.html)"
        )
    read_sector_map(sector_map)  # fail on a bad map before any request
    out_dir = out_dir or default_dataset_dir("census", partner_id)
    raw_dir = raw_dir or RAW_DIR / "census"
    retrieved = _now(now)
    session = make_session(retries=retries, backoff=backoff)
    frames, sources = [], []
    for year in tqdm(years, desc=f"Census {flow} {level} {partner}", unit="request", disable=not progress):
        url = census.census_url(base_url, flow, level, partner, year, monthly)
        answer = fetch_text(
            session,
            url,
            params={"key": key},
            secrets=[key],
            timeout=timeout,
            what="the Census API",
            offline=f"deficit-report import census FILE... --partner {partner} --vintage ID (saved Census files)",
        )
        check_answer(census.CENSUS, answer.status, answer.text, answer.location)
        frame = census.parse_census_json(answer.text, answer.status)  # checked before it is kept
        census.check_level(frame, level, f"Census answer for {flow} {level} {partner} {year}")
        store_raw(
            raw_dir,
            f"census_{flow}_{level.lower()}_{partner}_{year}",
            ".json",
            answer.body,
            origin=url,
            retrieved=retrieved,
        )
        frames.append(census.tidy_census(frame))
        variable = census.FLOWS[flow]["value"] + ("_MO" if monthly else "_YR")
        sources.append(
            {
                "_year": year,
                "source_id": f"census-{flow}-{level.lower()}-{partner}-{year}-{retrieval_stamp(retrieved)}",
                "publisher": "U.S. Census Bureau",
                "title": f"International Trade API, {flow} by HS ({level}), country {partner}, {year}",
                "date": retrieved.date().isoformat(),
                "url": url,
                "quote": f"variable {variable}{' (December year-to-date = annual)' if not monthly else ''}; "
                f"{len(frame)} rows; retrieved {retrieved.isoformat(timespec='seconds')}",
            }
        )
    tidy = pd.concat(frames, ignore_index=True)
    tidy = tidy[tidy["partner_code"] == partner]
    return _finish(
        tidy,
        sector_map,
        out_dir,
        sources,
        reporter="USA",
        partner=partner_id,
        basis={flow: census.FLOWS[flow]["basis"]},
        vintage=vintage_id(retrieved),
        level=level,
    )


def fetch_comtrade(
    reporter: str,
    partner: str,
    flow: str,
    level: str,
    years: list[int],
    *,
    key: str,
    sector_map: Path,
    out_dir: Path | None = None,
    raw_dir: Path | None = None,
    file: Path | None = None,
    partner_id: str | None = None,
    base_url: str = COMTRADE_BASE_URL,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    progress: bool = True,
    now: datetime | None = None,
) -> Path:
    """Pull UN Comtrade data (current API, or a legacy CSV ``file``) into ``out_dir``.

    Imports are recorded on a CIF basis and exports FOB (Comtrade's
    ``primaryValue``), unlike Census customs value and f.a.s. ``out_dir``
    defaults to ``data/raw/comtrade-<reporter>-<partner>`` (ISO codes), ``raw_dir``
    to ``data/raw/comtrade``.
    """
    raw_dir = raw_dir or RAW_DIR / "comtrade"
    retrieved = _now(now)
    read_sector_map(sector_map)
    sources, frames = [], []
    if file is not None:
        file = Path(file)
        if not file.is_file():
            raise UserInputError("file not found", file=file)
        data = file.read_bytes()
        stored = store_raw(
            raw_dir,
            f"comtrade_{file.stem}",
            file.suffix or ".csv",
            data,
            origin=file.resolve().as_uri(),
            retrieved=retrieved,
        )
        records = comtrade.parse_comtrade_csv(data.decode("utf-8", errors="replace"), source=str(file))
        tidy = comtrade.tidy_comtrade(records, source=str(file))
        tidy = tidy[
            (tidy["reporter_code"] == reporter)
            & (tidy["partner_code"] == partner)
            & (tidy["measure"] == flow)
            & tidy["year"].isin(years)
        ]
        for year in years:
            sources.append(
                {
                    "_year": year,
                    "source_id": f"comtrade-file-{stored.stem}-{year}",
                    "publisher": "United Nations Statistics Division (UN Comtrade)",
                    "title": f"UN Comtrade bulk file {file.name}, reporter {reporter}, partner {partner}, "
                    f"{flow}, {year}",
                    "date": retrieved.date().isoformat(),
                    "url": "https://comtradeplus.un.org/",
                    "quote": f"column Trade Value (US$) of file {file.name} (kept as {stored.name}, "
                    f"sha256 in MANIFEST.csv)",
                }
            )
        frames.append(tidy)
    else:
        if not key:
            raise UserInputError(
                "no UN Comtrade key: set COMTRADE_API_KEY (free sign-up: "
                "https://comtradedeveloper.un.org), or give a downloaded file with --file"
            )
        session = make_session(retries=retries, backoff=backoff)
        for year in tqdm(
            years, desc=f"Comtrade {flow} {level} {reporter}-{partner}", unit="request", disable=not progress
        ):
            params = comtrade.comtrade_params(reporter, partner, year, flow, level)
            url = base_url.rstrip("/") + "?" + "&".join(f"{k}={v}" for k, v in params)
            answer = fetch_text(
                session,
                url,
                headers={comtrade.KEY_HEADER: key},
                secrets=[key],
                timeout=timeout,
                what="the UN Comtrade API",
            )
            tidy = comtrade.tidy_comtrade(comtrade.parse_comtrade_json(answer.text, answer.status))
            store_raw(
                raw_dir,
                f"comtrade_{flow}_{level.lower()}_{reporter}_{partner}_{year}",
                ".json",
                answer.body,
                origin=url,
                retrieved=retrieved,
            )
            frames.append(tidy[(tidy["reporter_code"] == reporter) & (tidy["partner_code"] == partner)])
            sources.append(
                {
                    "_year": year,
                    "source_id": f"comtrade-{flow}-{level.lower()}-{reporter}-{partner}-"
                    f"{year}-{retrieval_stamp(retrieved)}",
                    "publisher": "United Nations Statistics Division (UN Comtrade)",
                    "title": f"UN Comtrade API, {flow}, reporter {reporter}, partner {partner}, {year}",
                    "date": retrieved.date().isoformat(),
                    "url": url,
                    "quote": f"primaryValue ({'CIF' if flow == 'imports' else 'FOB'}); "
                    f"retrieved {retrieved.isoformat(timespec='seconds')}",
                }
            )
    tidy = pd.concat(frames, ignore_index=True)
    reporter_id = comtrade.iso_code(reporter, _first(tidy, "reporter_iso"))
    partner_id = partner_id or comtrade.iso_code(partner, _first(tidy, "partner_iso"))
    if not reporter_id or not partner_id:
        raise UserInputError(
            f"no ISO code known for M49 code {partner if not partner_id else reporter}; "
            "give the partner's with --partner-id",
            column="--partner-id",
        )
    out_dir = out_dir or default_dataset_dir("comtrade", reporter_id, partner_id)
    return _finish(
        tidy[TIDY_COLUMNS],
        sector_map,
        out_dir,
        sources,
        reporter=reporter_id,
        partner=partner_id,
        basis=comtrade.BASIS,
        vintage=vintage_id(retrieved),
        level=level,
    )


def _first(frame: pd.DataFrame, column: str) -> str:
    values = [v for v in frame[column].unique() if v] if column in frame else []
    return values[0] if values else ""
