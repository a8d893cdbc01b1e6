"""Sector maps: which HS codes make up which report sector.

A sector map is a CSV file with the header ``sector,label,hs_prefix`` and an
optional fourth column ``market`` (``government``, ``private`` or ``mixed``).
Lines starting with ``#`` before the header are comments (the map's source).
Each row gives one HS prefix of 2, 4 or 6 digits; a sector may have several
rows. A code belongs to the sector of its **longest** matching prefix, so a
map may hold chapter 87 in one sector and heading 8703 in another. The same rule
places a dataset's sector without a figure inside a counted sector
(:func:`holder_by_codes`). A code that
matches no prefix belongs to :data:`~deficit_report.vocabulary.REMAINDER` (``all_other_goods``).

The same prefix in two rows is ambiguous and rejected, as is a prefix that is
not 2, 4 or 6 digits; the error names the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from deficit_report.dataset.files import read_text
from deficit_report.errors import UserInputError
from deficit_report.vocabulary import MARKETS, REMAINDER, TOTAL

#: Columns of a sector map, the optional ``market`` last.
MAP_COLUMNS = ["sector", "label", "hs_prefix"]
OPTIONAL_COLUMNS = ["market"]
_SLUG = re.compile(r"^[a-z0-9_]+$")
_PREFIX = re.compile(r"^(\d{2}|\d{4}|\d{6})$")


def parse_sector_map(text: str, path: str | Path = "<sector map>") -> pd.DataFrame:
    """Parse and validate the text of a sector map.

    Parameters
    ----------
    text : str
        The file's text.
    path : str or Path
        The file name used in error messages.

    Returns
    -------
    pandas.DataFrame
        Columns ``sector``, ``label``, ``hs_prefix``, ``market`` (``""`` when
        the file has no market column), indexed by file line number.

    Examples
    --------
    >>> parse_sector_map("# a comment\\nsector,label,hs_prefix\\nautos,Cars,8703\\n").to_dict("index")
    {3: {'sector': 'autos', 'label': 'Cars', 'hs_prefix': '8703', 'market': ''}}
    >>> parse_sector_map("sector,label,hs_prefix\\nautos,Cars,8703\\nparts,Parts,8703\\n", "m.csv")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: m.csv, line 3, column 'hs_prefix': prefix 8703 is already in sector autos (line 2); a prefix may belong to one sector only
    """
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].startswith("#") or not lines[skipped].strip()):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:]), newline=""))
    header = next(reader, None)
    if header not in (MAP_COLUMNS, MAP_COLUMNS + OPTIONAL_COLUMNS):
        raise UserInputError(
            f"expected the header sector,label,hs_prefix (optionally ,market), got {','.join(header or [])!r}",
            file=path,
            row=skipped + 1,
        )
    rows, seen, labels = [], {}, {}
    for record in reader:
        line = skipped + reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if len(record) != len(header):
            raise UserInputError(f"expected {len(header)} fields, found {len(record)}", file=path, row=line)
        row = dict(zip(header, (cell.strip() for cell in record)))
        row.setdefault("market", "")
        _check_row(row, line, path, seen, labels)
        seen[row["hs_prefix"]] = (row["sector"], line)
        labels.setdefault(row["sector"], (row["label"], row["market"]))
        rows.append({**row, "line": line})
    if not rows:
        raise UserInputError("has a header but no rows; expected one row per HS prefix", file=path)
    return pd.DataFrame(rows).set_index("line")[MAP_COLUMNS + OPTIONAL_COLUMNS]


def _check_row(row: dict, line: int, path, seen: dict, labels: dict) -> None:
    """Raise on the first problem in one sector-map row."""
    sector, prefix = row["sector"], row["hs_prefix"]
    if not _SLUG.match(sector):
        raise UserInputError(
            f"expected a sector id of lower-case letters, digits and '_', got {sector!r}",
            file=path,
            row=line,
            column="sector",
        )
    if sector in (REMAINDER, TOTAL):
        raise UserInputError(
            f"{sector!r} is reserved (codes that match no prefix, and the partner total)",
            file=path,
            row=line,
            column="sector",
        )
    if not row["label"]:
        raise UserInputError("expected a label, found an empty cell", file=path, row=line, column="label")
    if not _PREFIX.match(prefix):
        raise UserInputError(
            f"expected an HS prefix of 2, 4 or 6 digits, got {prefix!r}", file=path, row=line, column="hs_prefix"
        )
    if prefix in seen:
        other, other_line = seen[prefix]
        where = f"sector {other} (line {other_line})" if other != sector else f"line {other_line}"
        raise UserInputError(
            f"prefix {prefix} is already in {where}; a prefix may belong to one sector only",
            file=path,
            row=line,
            column="hs_prefix",
        )
    if row["market"] and row["market"] not in MARKETS:
        raise UserInputError(
            f"expected one of {', '.join(MARKETS)}, got {row['market']!r}", file=path, row=line, column="market"
        )
    if sector in labels and labels[sector] != (row["label"], row["market"]):
        raise UserInputError(
            f"sector {sector} has another label or market on an earlier line; "
            "expected the same on every row of a sector",
            file=path,
            row=line,
            column="label",
        )


def read_sector_map(path: str | Path) -> pd.DataFrame:
    """Read and validate a sector map file (see :func:`parse_sector_map`).

    Examples
    --------
    >>> from deficit_report.paths import DATA_DIR
    >>> m = read_sector_map(DATA_DIR / "sector_maps" / "framework.csv")
    >>> sorted(m["sector"].unique())
    ['auto_parts', 'autos', 'medical_equipment', 'telecom_equipment']
    """
    return parse_sector_map(read_text(path, "sector map"), Path(path))


def assign_sectors(codes: pd.Series, sector_map: pd.DataFrame) -> pd.Series:
    """Return the sector of each HS code, by its longest matching prefix.

    Parameters
    ----------
    codes : pandas.Series of str
        HS codes (2 to 10 digits).
    sector_map : pandas.DataFrame
        From :func:`read_sector_map`.

    Returns
    -------
    pandas.Series of str
        Same index as ``codes``; :data:`~deficit_report.vocabulary.REMAINDER` where no prefix matches.

    Examples
    --------
    >>> m = parse_sector_map("sector,label,hs_prefix\\nvehicles,V,87\\nautos,Cars,8703\\n")
    >>> assign_sectors(pd.Series(["8703", "870321", "8708", "87", "30"]), m).tolist()
    ['autos', 'autos', 'vehicles', 'vehicles', 'all_other_goods']
    """
    codes = codes.astype(str)
    lookup = dict(zip(sector_map["hs_prefix"], sector_map["sector"]))
    result = pd.Series(REMAINDER, index=codes.index, dtype=object)
    done = pd.Series(False, index=codes.index)
    for length in (6, 4, 2):
        found = codes.where(codes.str.len() >= length).str[:length].map(lookup)
        take = found.notna() & ~done
        result[take] = found[take]
        done |= take
    return result


def hs_prefixes(codes: str) -> list[str]:
    """Split a sectors table's ``hs_codes`` cell into HS prefixes; ``a-b`` is a range of chapters.

    Examples
    --------
    >>> hs_prefixes("8541;8542"), hs_prefixes("01-03"), hs_prefixes("")
    (['8541', '8542'], ['01', '02', '03'], [])
    """
    prefixes = []
    for part in filter(None, (p.strip() for p in str(codes).split(";"))):
        if "-" in part:
            low, high = part.split("-", 1)
            prefixes += [str(n).zfill(len(low)) for n in range(int(low), int(high) + 1)]
        else:
            prefixes.append(part)
    return prefixes


def holder_by_codes(codes: str, candidates: dict[str, str]) -> str | None:
    """Return the candidate sector that holds every one of ``codes`` by the longest-prefix rule, if one does.

    The rule of :func:`assign_sectors`: each of the sector's codes belongs to the
    candidate with its longest matching prefix; the holder is the one candidate
    they all belong to (None when they spread over several, or some match none).

    Parameters
    ----------
    codes : str
        A sector's ``hs_codes`` cell (``"8541;8542"``).
    candidates : dict of str to str
        Sector -> its ``hs_codes`` cell.

    Examples
    --------
    >>> holder_by_codes("8541;8542", {"electrical": "85", "vehicles": "87"})
    'electrical'
    >>> holder_by_codes("8703", {"vehicles": "87", "cars": "8703"})  # the longer prefix wins
    'cars'
    >>> holder_by_codes("8703;9018", {"vehicles": "87"}) is None
    True
    """
    mine = hs_prefixes(codes)
    prefixes = pd.DataFrame(
        [(sector, prefix) for sector, cell in candidates.items() for prefix in hs_prefixes(cell)],
        columns=["sector", "hs_prefix"],
    )
    if not mine or prefixes.empty:
        return None
    holders = set(assign_sectors(pd.Series(mine), prefixes))
    return holders.pop() if len(holders) == 1 and REMAINDER not in holders else None


def shortest_code_needed(sector_map: pd.DataFrame) -> int:
    """Return the length of the longest prefix: data must be at least this detailed.

    Examples
    --------
    >>> shortest_code_needed(parse_sector_map("sector,label,hs_prefix\\nautos,Cars,8703\\nx,X,30\\n"))
    4
    """
    return int(sector_map["hs_prefix"].str.len().max())


def sectors_table(sector_map: pd.DataFrame, map_name: str) -> pd.DataFrame:
    """Return the canonical sectors table (``schemas.SECTORS``) of a sector map.

    A sector without a market in the map is ``mixed``, and its note says so.

    Examples
    --------
    >>> m = parse_sector_map("sector,label,hs_prefix\\nparts,Parts,8708\\nparts,Parts,8706\\n")
    >>> sectors_table(m, "m.csv").iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'sector': 'parts', 'label': 'Parts', 'kind': 'goods', 'market': 'mixed', 'parent': '',
     'hs_codes': '8708;8706', 'note': 'HS prefixes from sector map m.csv; market type not given by the map'}
    """
    rows = []
    for sector, group in sector_map.groupby("sector", sort=False):
        market = group["market"].iloc[0]
        note = f"HS prefixes from sector map {map_name}" + ("" if market else "; market type not given by the map")
        rows.append(
            {
                "sector": sector,
                "label": group["label"].iloc[0],
                "kind": "goods",
                "market": market or "mixed",
                "parent": "",
                "hs_codes": ";".join(group["hs_prefix"]),
                "note": note,
            }
        )
    return pd.DataFrame(rows, columns=["sector", "label", "kind", "market", "parent", "hs_codes", "note"])
