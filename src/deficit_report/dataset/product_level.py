"""Product-level tables of a dataset folder (``product-level/``): trade by product line, tariff waves, list values.

A dataset folder may hold a ``product-level/`` subfolder (the U.S.-China case does, issue 20):

- ``us_exports_hs6_annual.csv``: ``year,months,hs6,exports_usd``: U.S. exports to the partner by HS6;
- ``china_imports_from_us_hs8_2017.csv``: ``hs8,imports_usd_thousand``: the partner's imports from
  the U.S. by HS8 in the base year (PIIE, from ITC Trade Map);
- ``china_retaliation_hs10.csv``: ``hs10,action,points``: each tariff line's change at each
  retaliation action (non-zero changes only);
- ``retaliation_actions.csv``: ``action,date,wave,piie_column,source_id``: the actions, dated; ``wave``
  names a retaliation wave (``3bn`` ...), empty for a later change to earlier waves;
- ``section301_lists.csv``: ``policy,announced_usd_bn,subheadings,measure,rate_pct,date,basis,source_id,quote``:
  each list's trade value as announced, with its measure state on the date (``in_force``, ``cut``,
  ``suspended``);
- ``claims.csv``: ``item,flow,value,unit,source_id,quote,note``: shares and averages that sources claimed.

:func:`load_product_level` reads them strictly (a bad cell is one line naming file, line and column)
and returns None when the folder has no ``product-level/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from deficit_report.dataset.csvtext import read_csv_rows
from deficit_report.errors import UserInputError

FOLDER = "product-level"
#: file -> (columns, numeric columns, columns of digits that must keep their leading zeros and length).
TABLES = {
    "us_exports_hs6_annual.csv": (
        ["year", "months", "hs6", "exports_usd"],
        ["year", "months", "exports_usd"],
        {"hs6": 6},
    ),
    "china_imports_from_us_hs8_2017.csv": (["hs8", "imports_usd_thousand"], ["imports_usd_thousand"], {"hs8": 8}),
    "china_retaliation_hs10.csv": (["hs10", "action", "points"], ["points"], {}),
    "retaliation_actions.csv": (["action", "date", "wave", "piie_column", "source_id"], [], {}),
    "section301_lists.csv": (
        ["policy", "announced_usd_bn", "subheadings", "measure", "rate_pct", "date", "basis", "source_id", "quote"],
        ["announced_usd_bn", "rate_pct"],
        {},
    ),
    "claims.csv": (["item", "flow", "value", "unit", "source_id", "quote", "note"], ["value"], {}),
}
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
#: The measure states a list can be in on the date its value was stated.
MEASURES = ("in_force", "cut", "suspended")


@dataclass(frozen=True)
class ProductLevel:
    """The product-level tables of one dataset folder, numbers parsed, one frame per file."""

    exports_hs6: pd.DataFrame
    imports_hs8: pd.DataFrame
    retaliation: pd.DataFrame
    actions: pd.DataFrame
    lists: pd.DataFrame
    claims: pd.DataFrame


def numbers(frame: pd.DataFrame, columns: list[str], path: Path) -> pd.DataFrame:
    """Turn the text of ``columns`` into floats, strictly: a bad cell names its file, line and column.

    Examples
    --------
    >>> rows = pd.DataFrame({"v": ["1.5", "2,0"]}, index=pd.Index([2, 3], name="line"))
    >>> numbers(rows, ["v"], Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 3, column 'v': expected a plain number, got '2,0'
    """
    frame = frame.copy()
    for column in columns:
        bad = frame[column][~frame[column].str.fullmatch(_NUMBER)]
        if len(bad):
            raise UserInputError(
                f"expected a plain number, got {bad.iloc[0]!r}", file=path, row=int(bad.index[0]), column=column
            )
        frame[column] = frame[column].astype(float)
    return frame


def codes(frame: pd.DataFrame, widths: dict[str, int], path: Path) -> None:
    """Check that each code column holds digits of its width (a spreadsheet drops leading zeros).

    Examples
    --------
    >>> codes(pd.DataFrame({"hs6": ["10121"]}, index=pd.Index([2], name="line")), {"hs6": 6}, Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 2, column 'hs6': expected 6 digits, got '10121'
    """
    for column, width in widths.items():
        bad = frame[column][~frame[column].str.fullmatch(rf"[0-9]{{{width}}}")]
        if len(bad):
            raise UserInputError(
                f"expected {width} digits, got {bad.iloc[0]!r}", file=path, row=int(bad.index[0]), column=column
            )


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read one product-level table, checked: header, row widths, numbers, code widths."""
    columns, numeric, widths = TABLES[name]
    path = Path(folder) / name
    frame = read_csv_rows(path, columns)
    codes(frame, widths, path)
    return numbers(frame, numeric, path)


def check_references(product: ProductLevel, folder: Path) -> None:
    """Check that every retaliation row names a known action and every list a known measure state."""
    known = set(product.actions["action"])
    unknown = product.retaliation[~product.retaliation["action"].isin(known)]
    if len(unknown):
        raise UserInputError(
            f"unknown action {unknown['action'].iloc[0]!r}; expected one of retaliation_actions.csv: {', '.join(sorted(known))}",
            file=Path(folder) / "china_retaliation_hs10.csv",
            row=int(unknown.index[0]),
            column="action",
        )
    bad = product.lists[~product.lists["measure"].isin(MEASURES)]
    if len(bad):
        raise UserInputError(
            f"unknown measure state {bad['measure'].iloc[0]!r}; expected one of {', '.join(MEASURES)}",
            file=Path(folder) / "section301_lists.csv",
            row=int(bad.index[0]),
            column="measure",
        )


def load_product_level(data_dir: str | Path) -> ProductLevel | None:
    """Return the product-level tables of the dataset folder ``data_dir``, or None when it has none.

    Examples
    --------
    >>> load_product_level("data/raw/us-japan-framework") is None
    True
    """
    folder = Path(data_dir) / FOLDER
    if not folder.is_dir():
        return None
    tables = [read_table(folder, name) for name in TABLES]
    product = ProductLevel(*tables)
    check_references(product, folder)
    return product
