"""What sources said beside what the figures say: claimed shares, and market-access context.

A claim is a share *of the deficit* that a source stated for a sector ("autos
and parts are two-thirds of the deficit"). It is set beside the share computed
from the figures of the same year, always from the **balance**, whatever
measure the report's composition uses: an import share beside a deficit claim
would compare two different things.

Context facts (market sizes, shares, procurement sales) are not trade flows;
they are listed with their units and never mixed into shares.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.figures import DEFAULT_VINTAGE_ORDER, sector_values
from deficit_report.vocabulary import CLAIM_METRIC, TOTAL

CLAIM_COLUMNS = ["period", "sector", "claimed_share", "claimed_unit", "computed_share", "source_id", "note"]
CONTEXT_COLUMNS = ["period", "sector", "metric", "value", "unit", "source_id", "note"]


def claims(context: pd.DataFrame, figures: pd.DataFrame, partner: str, order=DEFAULT_VINTAGE_ORDER) -> pd.DataFrame:
    """Return each claimed share of the deficit beside the sector's share of the balance computed from figures.

    The computed share is missing (NaN) when no balance exists for the sector
    or the total in that year; it is never estimated.

    Examples
    --------
    >>> ctx = pd.DataFrame({"partner": "JPN", "period": 1994, "sector": "autos", "metric": CLAIM_METRIC,
    ...     "value": [0.6667], "unit": "fraction", "source_id": "ustr", "note": ""})
    >>> f = pd.DataFrame({"partner": "JPN", "period": 1994, "sector": ["autos", "total", "autos", "total"],
    ...     "measure": ["balance", "balance", "imports", "imports"], "value_usd_m": [-36700.0, -65700.0, 40000.0, 120000.0],
    ...     "basis": "x", "vintage": "press", "source_id": "ct"})
    >>> round(float(claims(ctx, f, "JPN").loc[0, "computed_share"]), 4)  # -36.7 / -65.7, not 40 / 120
    0.5586
    """
    rows = context[(context["partner"] == partner) & (context["metric"] == CLAIM_METRIC)]
    out = []
    for claim in rows.itertuples():
        balance = sector_values(figures, partner, int(claim.period), "balance", order)
        values = balance.set_index("sector")["value_usd_m"]
        computed = (
            values[claim.sector] / values[TOTAL]
            if claim.sector in values.index and TOTAL in values.index
            else float("nan")
        )
        out.append(
            {
                "period": int(claim.period),
                "sector": claim.sector,
                "claimed_share": claim.value,
                "claimed_unit": claim.unit,
                "computed_share": computed,
                "source_id": claim.source_id,
                "note": claim.note,
            }
        )
    return pd.DataFrame(out, columns=CLAIM_COLUMNS)


def market_context(context: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Return the partner's context facts that are not claims, with their units.

    Examples
    --------
    >>> ctx = pd.DataFrame({"partner": "JPN", "period": 1993, "sector": ["medical", "autos"],
    ...     "metric": ["market_size", CLAIM_METRIC], "value": [16900.0, 0.6], "unit": ["usd_m", "fraction"],
    ...     "source_id": "s", "note": ""})
    >>> market_context(ctx, "JPN")[["sector", "metric", "value"]].values.tolist()
    [['medical', 'market_size', 16900.0]]
    """
    rows = context[(context["partner"] == partner) & (context["metric"] != CLAIM_METRIC)]
    return rows[CONTEXT_COLUMNS].reset_index(drop=True)
