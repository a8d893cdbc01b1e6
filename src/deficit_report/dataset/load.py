"""Read and validate the canonical tables of a dataset folder.

A dataset folder (for example ``data/raw/us-japan-framework/``) holds five CSV
files: ``figures``, ``context``, ``status_events``, ``sectors`` and ``sources``
(see :mod:`deficit_report.dataset.schemas`), and may hold the optional tables
``policies``, ``policy_sectors`` and ``tariffs`` (absent means empty: a folder
without them behaves as before). :func:`load_dataset` reads them all,
checks every value and every cross-reference, and returns a :class:`Dataset`.
Any problem is a :class:`~deficit_report.errors.UserInputError` naming the
file, the line and the column.

A folder is checked once per content: a dataset that passed every check is
kept in ``data/cache/checked-datasets/`` under a key made of its files' sha256
and the checking code's own, so the report kernel, which reads the folder the
command line has just checked, loads the checked tables instead of importing
pandera and checking them again. Changing a byte of a file or of the checks
makes a new key; a dataset that failed a check is never kept.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from deficit_report.dataset.csvtext import parse_numbers, read_csv_rows
from deficit_report.dataset.files import write_atomic
from deficit_report.errors import UserInputError
from deficit_report.paths import DATA_DIR
from deficit_report.vocabulary import ALL_GOODS, OPTIONAL_TABLE_FILES, SOURCE_ID_SEPARATOR, TABLE_FILES, TOTAL

#: Where datasets that passed every check are kept (git-ignored, disposable).
CHECKED_DIR = DATA_DIR / "cache" / "checked-datasets"
#: The modules whose code decides whether a dataset passes (their files are part of the cache key).
CHECKING_MODULES = (
    "deficit_report.dataset.load",
    "deficit_report.dataset.csvtext",
    "deficit_report.dataset.schemas",
    "deficit_report.dataset.outcome_checks",
    "deficit_report.vocabulary",
)


@dataclass(frozen=True)
class Dataset:
    """The validated tables of one dataset folder.

    Attributes
    ----------
    figures, context, status_events, sectors, sources : pandas.DataFrame
        The canonical tables, one row per line of their file.
    files : dict of str to str
        Each file read (path relative to the folder's parent) and its sha256.
    policies, policy_sectors, tariffs, deals, outcomes : pandas.DataFrame
        The optional tables (``policies.csv`` ...); a table whose file is absent
        is an empty frame with the schema's columns.
    """

    figures: pd.DataFrame
    context: pd.DataFrame
    status_events: pd.DataFrame
    sectors: pd.DataFrame
    sources: pd.DataFrame
    files: dict[str, str] = field(default_factory=dict)
    policies: pd.DataFrame = field(default_factory=pd.DataFrame)
    policy_sectors: pd.DataFrame = field(default_factory=pd.DataFrame)
    tariffs: pd.DataFrame = field(default_factory=pd.DataFrame)
    deals: pd.DataFrame = field(default_factory=pd.DataFrame)
    outcomes: pd.DataFrame = field(default_factory=pd.DataFrame)


def table_attribute(file_name: str) -> str:
    """Return the :class:`Dataset` attribute that holds a table file.

    Examples
    --------
    >>> table_attribute("policy_sectors.csv")
    'policy_sectors'
    """
    return file_name.removesuffix(".csv")


def validate_table(frame: pd.DataFrame, schema, path: Path) -> pd.DataFrame:
    """Validate parsed cells against a schema, raising the first problem found.

    Examples
    --------
    >>> import pandas as pd
    >>> from deficit_report.dataset import schemas
    >>> rows = pd.DataFrame({"sector": ["autos"], "label": ["Cars"], "kind": ["goods"],
    ...     "market": ["privat"], "parent": [""], "hs_codes": [""], "note": [""]}, index=[2])
    >>> validate_table(rows, schemas.SECTORS, Path("sectors.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: sectors.csv, line 2, column 'market': expected one of government, private, mixed, got 'privat'
    """
    import pandera.errors

    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        check = str(cases.iloc[0]["check"])
        if "uniqueness" in check:
            key = list(schema.unique or [cases.iloc[0]["column"]])
            dup = frame[frame.duplicated(key, keep=False)]
            values = ", ".join(f"{k}={dup.iloc[0][k]}" for k in key)
            raise UserInputError(
                f"duplicate key ({values}), also on line {dup.index[0]}; expected one row per {', '.join(key)}",
                file=path,
                row=int(dup.index[1]),
            ) from None
        cases = cases.assign(_line=pd.to_numeric(cases["index"], errors="coerce"))
        first = cases.sort_values("_line", kind="stable").iloc[0]
        line = int(first["_line"]) if pd.notna(first["_line"]) else None
        column = first["column"]
        if first["schema_context"] == "DataFrameSchema":
            column = (schema.metadata or {}).get("check_columns", {}).get(check)
        value = frame.loc[line, column] if line is not None and column else first["failure_case"]
        if isinstance(value, str) and not value.strip():
            problem = check if "empty" in check else f"{check}, got an empty cell"
        else:
            shown = repr(value) if isinstance(value, str) else getattr(value, "item", lambda: value)()
            problem = f"{check}, got {shown}"
        raise UserInputError(problem, file=path, row=line, column=column) from None


def read_table(path: Path, schema, data: bytes | None = None) -> pd.DataFrame:
    """Read one canonical CSV table (its bytes ``data`` when already read) and validate it against its schema.

    Returns the validated frame, indexed by file line number.
    """
    frame = read_csv_rows(path, list(schema.columns), (schema.metadata or {}).get("may_be_empty", False), data)
    return validate_table(parse_numbers(frame, schema, Path(path)), schema, Path(path))


def _check_reference(frame: pd.DataFrame, column: str, allowed, path: Path, what: str, defined_in: str) -> None:
    """Raise on the first value of ``column`` not in ``allowed``, suggesting a close match.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"source_id": ["ap-1995-02-18", "ap-1995-02-19"]}, index=[2, 3])
    >>> _check_reference(rows, "source_id", {"ap-1995-02-18", "nyt-1994-06-07"}, Path("figures.csv"),
    ...                  "source_id", "sources.csv")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: figures.csv, line 3, column 'source_id': unknown source_id 'ap-1995-02-19'; expected a source_id of sources.csv: did you mean 'ap-1995-02-18'?
    """
    import difflib

    bad = frame[~frame[column].isin(set(allowed))]
    if not bad.empty:
        value = bad.iloc[0][column]
        close = difflib.get_close_matches(value, sorted(allowed), n=1, cutoff=0.8)
        if close:
            hint = f"did you mean {close[0]!r}?"
        else:
            known = sorted(allowed)
            hint = ", ".join(known[:8]) + (f" (and {len(known) - 8} more)" if len(known) > 8 else "")
        raise UserInputError(
            f"unknown {what} {value!r}; expected a {what} of {defined_in}: {hint}",
            file=path,
            row=int(bad.index[0]),
            column=column,
        )


def source_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Return one row per source id cited, keeping each row's line: a cell may list ids as ``a; b``.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"source_id": ["a; b", "c"]}, index=[2, 3])
    >>> source_ids(rows).reset_index().values.tolist()
    [[2, 'a'], [2, 'b'], [3, 'c']]
    """
    ids = frame["source_id"].str.split(SOURCE_ID_SEPARATOR).explode().str.strip()
    return ids.to_frame("source_id")


def empty_table(schema) -> pd.DataFrame:
    """Return a frame with a schema's columns and no rows (an optional table whose file is absent).

    Examples
    --------
    >>> from deficit_report.dataset import schemas
    >>> empty_table(schemas.TARIFFS).dtypes["tariff_pct"], list(empty_table(schemas.POLICIES))
    (dtype('float64'), ['policy', 'label', 'flow', 'note', 'source_id'])
    """
    columns = {
        name: pd.Series(dtype="float64" if str(column.dtype).startswith("float") else "object")
        for name, column in schema.columns.items()
    }
    return pd.DataFrame(columns, index=pd.Index([], dtype="int64", name="line"))


def check_policies(
    policies: pd.DataFrame, policy_sectors: pd.DataFrame, sector_ids: set, paths: dict[str, Path]
) -> None:
    """Raise if a policy key is also a sector, or a policy's sector rows do not match its flow.

    A policy on a trade flow (imports, exports, both) must name at least one sector in
    ``policy_sectors.csv``; a policy with flow ``none`` names none; every row there names a
    known policy and a known sector.

    Examples
    --------
    >>> import pandas as pd
    >>> pol = pd.DataFrame({"policy": ["list_1"], "flow": ["imports"]}, index=[2])
    >>> ps = pd.DataFrame({"policy": [], "sector": []}, dtype=str)
    >>> check_policies(pol, ps, {"naics_334"}, {"policies.csv": Path("policies.csv"),
    ...     "policy_sectors.csv": Path("policy_sectors.csv")})
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: policies.csv, line 2, column 'policy': policy 'list_1' (flow imports) has no row in policy_sectors.csv; expected at least one sector it touches (only a policy with flow none has no sector)
    """
    for line, row in policies.iterrows():
        if row["policy"] in sector_ids:
            raise UserInputError(
                f"policy {row['policy']!r} is also a sector of sectors.csv; expected policy keys and sector keys to differ",
                file=paths["policies.csv"],
                row=int(line),
                column="policy",
            )
    policy_path = paths.get("policy_sectors.csv", Path("policy_sectors.csv"))
    _check_reference(policy_sectors, "policy", set(policies["policy"]), policy_path, "policy", "policies.csv")
    _check_reference(
        policy_sectors, "sector", sector_ids | {ALL_GOODS}, policy_path, "sector", f"sectors.csv (or {ALL_GOODS!r})"
    )
    mapped = set(policy_sectors["policy"])
    flow_of = dict(zip(policies["policy"], policies["flow"]))
    for line, row in policies.iterrows():
        if row["flow"] != "none" and row["policy"] not in mapped:
            raise UserInputError(
                f"policy {row['policy']!r} (flow {row['flow']}) has no row in policy_sectors.csv; "
                "expected at least one sector it touches (only a policy with flow none has no sector)",
                file=paths["policies.csv"],
                row=int(line),
                column="policy",
            )
    for line, row in policy_sectors.iterrows():
        if flow_of[row["policy"]] == "none":
            raise UserInputError(
                f"policy {row['policy']!r} has flow none (not a trade flow); expected no sector row for it",
                file=policy_path,
                row=int(line),
                column="policy",
            )


def check_event_flows(events: pd.DataFrame, policies: pd.DataFrame, path: Path) -> None:
    """Raise if an event that names a policy gives another flow than the policy's.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"sector": ["ag"], "flow": ["imports"]}, index=[5])
    >>> pol = pd.DataFrame({"policy": ["ag"], "flow": ["exports"]})
    >>> check_event_flows(ev, pol, Path("status_events.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: status_events.csv, line 5, column 'flow': policy 'ag' has flow exports in policies.csv, got 'imports'; expected the event's flow to be the policy's
    """
    flow_of = dict(zip(policies["policy"], policies["flow"]))
    for line, row in events.iterrows():
        expected = flow_of.get(row["sector"])
        if expected is not None and row["flow"] != expected:
            raise UserInputError(
                f"policy {row['sector']!r} has flow {expected} in policies.csv, got {row['flow']!r}; "
                "expected the event's flow to be the policy's",
                file=path,
                row=int(line),
                column="flow",
            )


def check_one_status_per_day(events: pd.DataFrame, path: Path) -> None:
    """Raise if one sector gets two different statuses on one day in one flow (the later row would win).

    Several rows with the same status on a day are fine: each gives its own note and source.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"partner": ["JPN", "JPN"], "sector": ["autos", "autos"], "date": ["1994-06-06"] * 2,
    ...                    "flow": ["both", "both"], "status": ["stalled", "within_reach"]}, index=[20, 21])
    >>> check_one_status_per_day(ev, Path("status_events.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: status_events.csv, line 21, column 'status': autos is 'stalled' on line 20 and 'within_reach' here, both on 1994-06-06 (flow both); expected one status per sector, flow and day
    """
    key = ["partner", "sector", "date", "flow"]
    first_status = events.groupby(key, sort=False)["status"].transform("first")
    clash = events[events["status"] != first_status]
    if not clash.empty:
        line = clash.index[0]
        row = events.loc[line]
        first = events[(events[key] == row[key]).all(axis=1)].index[0]
        raise UserInputError(
            f"{row['sector']} is {events.loc[first, 'status']!r} on line {first} and {row['status']!r} here, both on "
            f"{row['date']} (flow {row['flow']}); expected one status per sector, flow and day",
            file=path,
            row=int(line),
            column="status",
        )


def rows_for_other_partners(dataset: Dataset, partner: str) -> dict[str, tuple[int, list[str]]]:
    """Return, per table, how many rows name another partner than ``partner`` (left out of its report), and which.

    Examples
    --------
    >>> import pandas as pd
    >>> ds = Dataset(*(pd.DataFrame({"partner": ["JPN"]}) for _ in range(5)),
    ...              tariffs=pd.DataFrame({"partner": ["CHN", "JPN", "KOR", "CHN"]}))
    >>> rows_for_other_partners(ds, "CHN")
    {'figures.csv': (1, ['JPN']), 'context.csv': (1, ['JPN']), 'status_events.csv': (1, ['JPN']), 'tariffs.csv': (2, ['JPN', 'KOR'])}
    """
    left_out = {}
    for name in ("figures.csv", "context.csv", "status_events.csv", "tariffs.csv", "deals.csv"):
        frame = getattr(dataset, table_attribute(name))
        if "partner" not in frame.columns:
            continue
        others = frame.loc[frame["partner"] != partner, "partner"]
        if len(others):
            left_out[name] = (len(others), sorted(set(others)))
    return left_out


def check_sector_tree(sectors: pd.DataFrame, path: Path) -> None:
    """Raise if a sector names an unknown parent or the parents form a cycle.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"sector": ["a", "b"], "parent": ["b", "a"]}, index=[2, 3])
    >>> check_sector_tree(s, Path("sectors.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: sectors.csv, line 2, column 'parent': sector parents form a cycle (a -> b -> a); expected a tree
    """
    parent_of = {row.sector: row.parent for row in sectors.itertuples() if row.parent}
    known = set(sectors["sector"])
    for line, row in sectors.iterrows():
        if row["parent"] and row["parent"] not in known:
            raise UserInputError(
                f"unknown parent sector {row['parent']!r}; expected a sector of this file",
                file=path,
                row=int(line),
                column="parent",
            )
    for line, row in sectors.iterrows():
        chain, node = [row["sector"]], parent_of.get(row["sector"])
        while node:
            chain.append(node)
            if node == row["sector"]:
                raise UserInputError(
                    f"sector parents form a cycle ({' -> '.join(chain)}); expected a tree",
                    file=path,
                    row=int(line),
                    column="parent",
                )
            if len(chain) > len(known) + 1:
                break
            node = parent_of.get(node)


def load_dataset(folder: str | Path) -> Dataset:
    """Read and cross-check every table of a dataset folder.

    Parameters
    ----------
    folder : str or Path
        A folder holding ``figures.csv``, ``context.csv``, ``status_events.csv``,
        ``sectors.csv`` and ``sources.csv``.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> from deficit_report.paths import PROJECT_ROOT
    >>> ds = load_dataset(PROJECT_ROOT / "data/raw/us-japan-framework")
    >>> ds.figures.query("period == 1994 and sector == 'total'")["value_usd_m"].tolist()
    [-65700.0]
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UserInputError(f"dataset folder not found: {folder}")
    paths = {name: folder / name for name in TABLE_FILES}
    paths.update({name: folder / name for name in OPTIONAL_TABLE_FILES if (folder / name).is_file()})
    raw = {name: path.read_bytes() for name, path in paths.items() if path.is_file()}  # read once: hashed and parsed
    key = _content_key(folder, paths, raw)
    checked = _read_checked(key)
    if checked is not None:
        return checked
    dataset = check_dataset(folder, paths, raw)
    _keep_checked(key, dataset)
    return dataset


def check_dataset(folder: Path, paths: dict[str, Path], raw: dict[str, bytes] | None = None) -> Dataset:
    """Read every table of a folder with pandera's checks and the cross-table checks.

    ``paths`` names the five tables and those optional tables whose file exists;
    an optional table left out is an empty frame with its schema's columns. ``raw``
    holds the bytes already read of each file: they are parsed and hashed, so the
    sha256 recorded is of exactly the bytes the tables come from (a file changed
    while it is read cannot give a report of new bytes under an old hash).
    """
    from deficit_report.dataset import schemas

    if raw is None:
        raw = {name: path.read_bytes() for name, path in paths.items() if path.is_file()}
    tables = {
        name: read_table(path, {**schemas.TABLES, **schemas.OPTIONAL_TABLES}[name], raw.get(name))
        for name, path in paths.items()
    }
    for name, schema in schemas.OPTIONAL_TABLES.items():
        tables.setdefault(name, empty_table(schema))
    sources = tables["sources.csv"]
    sectors = tables["sectors.csv"]
    policies = tables["policies.csv"]
    check_sector_tree(sectors, paths["sectors.csv"])
    known_sources = set(sources["source_id"])
    for name in ("figures.csv", "context.csv", "status_events.csv", *schemas.OPTIONAL_TABLES):
        if name in paths:
            _check_reference(
                source_ids(tables[name]), "source_id", known_sources, paths[name], "source_id", "sources.csv"
            )
    sector_ids = set(sectors["sector"])
    _check_reference(
        tables["figures.csv"],
        "sector",
        sector_ids | {TOTAL},
        paths["figures.csv"],
        "sector",
        f"sectors.csv (or {TOTAL!r})",
    )
    if policies.empty:
        empty = "policies.csv" in paths  # a header and no rows: say so, or the key reads as a sector's typo
        _check_reference(
            tables["status_events.csv"],
            "sector",
            sector_ids,
            paths["status_events.csv"],
            "sector",
            "sectors.csv" + (" (policies.csv has a header but no rows, so no policy key is defined)" if empty else ""),
        )
    else:
        check_policies(policies, tables["policy_sectors.csv"], sector_ids, paths)
        _check_reference(
            tables["status_events.csv"],
            "sector",
            sector_ids | set(policies["policy"]),
            paths["status_events.csv"],
            "sector or policy",
            "sectors.csv or policies.csv",
        )
        check_event_flows(tables["status_events.csv"], policies, paths["status_events.csv"])
    if not tables["policy_sectors.csv"].empty and policies.empty:
        check_policies(policies, tables["policy_sectors.csv"], sector_ids, paths)
    if "tariffs.csv" in paths:
        _check_reference(tables["tariffs.csv"], "sector", sector_ids, paths["tariffs.csv"], "sector", "sectors.csv")
    for line, value in tables["status_events.csv"]["date"].items():
        if pd.isna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")):
            raise UserInputError(
                f"expected a real calendar date as YYYY-MM-DD, got {value!r}",
                file=paths["status_events.csv"],
                row=int(line),
                column="date",
            )
    partners = set(tables["figures.csv"]["partner"])
    for name in ("status_events.csv", "deals.csv"):
        if name in paths:
            _check_reference(tables[name], "partner", partners, paths[name], "partner", "figures.csv")
    check_one_status_per_day(tables["status_events.csv"], paths["status_events.csv"])
    check_deals(tables, paths, sector_ids | set(policies["policy"]) | {TOTAL}, folder)
    files = {f"{folder.name}/{name}": hashlib.sha256(raw[name]).hexdigest() for name in paths}
    return Dataset(files=files, **{table_attribute(name): frame for name, frame in tables.items()})


def check_deals(tables: dict, paths: dict, keys: set, folder: Path) -> None:
    """Check deals and outcomes against each other, and the ``deal`` of status events against deals.

    ``keys`` are what an outcome's ``sector`` may name: a sector, a policy or the total.
    """
    from deficit_report.dataset import outcome_checks as checks

    deals, outcomes = tables["deals.csv"], tables["outcomes.csv"]
    deals_path = paths.get("deals.csv", folder / "deals.csv")
    outcomes_path = paths.get("outcomes.csv", folder / "outcomes.csv")
    checks.check_dates(deals, ("date",), deals_path)
    checks.check_dates(outcomes, ("period_start", "period_end"), outcomes_path)
    named = outcomes[outcomes["sector"] != ""]
    _check_reference(
        named, "sector", keys, outcomes_path, "sector", "sectors.csv or policies.csv (or 'total', or empty)"
    )
    checks.check_outcome_rows(outcomes, dict(zip(deals["deal"], deals["date"])), outcomes_path)
    checks.check_outcome_duplicates(outcomes, outcomes_path)
    events = tables["status_events.csv"]
    if "deal" in events.columns:
        checks.check_deal_references(events, set(deals["deal"]), paths["status_events.csv"])


def _content_key(folder: Path, paths: dict[str, Path], raw: dict[str, bytes]) -> str | None:
    """Return a key for the folder's bytes (``raw``, as read) and the checking code, or None if a file is missing.

    ``paths`` holds the optional tables that exist, so adding or removing one makes a new key.
    """
    if set(raw) != set(paths):
        return None
    digest = hashlib.sha256(folder.name.encode())
    for name, path in paths.items():
        digest.update(path.name.encode() + b"\0" + raw[name])
    for path in checking_code_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(pd.__version__.encode())
    return digest.hexdigest()


def checking_code_files() -> list[Path]:
    """Return the source files of :data:`CHECKING_MODULES`, found without importing them (no pandera import).

    Examples
    --------
    >>> [p.name for p in checking_code_files()]
    ['load.py', 'csvtext.py', 'schemas.py', 'outcome_checks.py', 'vocabulary.py']
    """
    import importlib.util

    return [Path(importlib.util.find_spec(name).origin) for name in CHECKING_MODULES]


def _read_checked(key: str | None) -> Dataset | None:
    """Return the dataset kept under ``key``, or None (never kept, or unreadable)."""
    if key is None:
        return None
    try:
        with open(CHECKED_DIR / f"{key}.pickle", "rb") as fh:
            dataset = pickle.load(fh)  # written by _keep_checked below, in the project's own cache
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return None
    return dataset if isinstance(dataset, Dataset) else None


def _keep_checked(key: str | None, dataset: Dataset) -> None:
    """Keep a dataset that passed every check; a read-only or full disk only costs the next check."""
    if key is None:
        return
    try:  # atomic: parallel batch workers may race here
        write_atomic(CHECKED_DIR / f"{key}.pickle", pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
