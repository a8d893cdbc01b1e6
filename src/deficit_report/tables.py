"""Tables as a reader sees them: billions with one decimal, shares in percent.

Frames from :mod:`deficit_report.sections` keep exact numbers (USD millions,
shares as fractions); :func:`display_table` formats them for the report, with
a missing figure shown as "no figure", never as a number.
"""

from __future__ import annotations

import pandas as pd

MISSING = "no figure"
#: Columns used inside the package that a reader does not need.
HIDDEN = ("counted", "claimed_share")


def _billions(value: float) -> str:
    return MISSING if pd.isna(value) else f"{value / 1000:,.1f}"


def _percent(value: float) -> str:
    return MISSING if pd.isna(value) else f"{value:.1%}"


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Format a section's frame for reading; numbers become text.

    ``*_usd_m`` columns become ``* (USD bn)`` with one decimal; columns
    starting with ``share`` or ending in ``_share`` become percentages.

    Examples
    --------
    >>> display_table(pd.DataFrame({"sector": ["automotive", "medical"], "value_usd_m": [-36700.0, None],
    ...                             "share": [0.5586, None], "counted": [True, False]}))
           sector value (USD bn)      share
    0  automotive          -36.7      55.9%
    1     medical      no figure  no figure
    """
    out = frame.drop(columns=[c for c in HIDDEN if c in frame.columns]).copy()
    renames = {}
    for column in out.columns:
        if column.endswith("_usd_m"):
            out[column] = out[column].map(_billions)
            renames[column] = column.removesuffix("_usd_m").replace("_", " ") + " (USD bn)"
        elif column.startswith("share") or column.endswith("_share"):
            out[column] = out[column].map(_percent)
            renames[column] = column.replace("_", " ")
    return out.rename(columns=renames).fillna("")
