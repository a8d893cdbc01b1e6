"""Numbers as a reader sees them, written one way everywhere: billions with one decimal, shares in percent.

Frames keep exact numbers (USD millions, shares as fractions); tables, chart
labels and alt texts format them with these functions, and a missing figure is
written :data:`MISSING`, never as a number.

Examples
--------
>>> billions(-65700.0), billions(-6900.0, signed=True, unit=True), percent(0.5586), percent(float("nan"))
('-65.7', '-6.9 bn', '55.9%', 'no figure')
"""

from __future__ import annotations

import math

MISSING = "no figure"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def billions(value_usd_m: float, *, signed: bool = False, unit: bool = False) -> str:
    """Write USD millions as billions with one decimal (``-65.7``), optionally with a sign and ``bn``.

    Examples
    --------
    >>> billions(16900.0), billions(6900.0, signed=True), billions(-1234567.0, unit=True)
    ('16.9', '+6.9', '-1,234.6 bn')
    """
    if _missing(value_usd_m):
        return MISSING
    text = f"{value_usd_m / 1000:{'+' if signed else ''},.1f}"
    return f"{text} bn" if unit else text


def percent(share: float) -> str:
    """Write a share (a fraction) as a percentage with one decimal.

    Examples
    --------
    >>> percent(0.44140), percent(1.0)
    ('44.1%', '100.0%')
    """
    return MISSING if _missing(share) else f"{share:.1%}"


def share_range(at_least: float, at_most: float) -> str:
    """Write a share known as a range: ``55.9%`` when both ends agree, else ``0.0% to at most 44.1%``.

    Examples
    --------
    >>> share_range(0.5586, 0.5586), share_range(0.0, 0.4414)
    ('55.9%', '0.0% to at most 44.1%')
    """
    if abs(at_most - at_least) < 1e-12:
        return percent(at_least)
    return f"{percent(at_least)} to at most {percent(at_most)}"


def with_unit(value: float, unit: str) -> str:
    """Write a context value with its unit, e.g. ``USD 16.9 bn`` or ``more than 20%``.

    Examples
    --------
    >>> with_unit(16900, "usd_m"), with_unit(450, "usd_m"), with_unit(0.2, "fraction_lower_bound")
    ('USD 16.9 bn', 'USD 450 m', 'more than 20%')
    >>> with_unit(0.6667, "fraction"), with_unit(3, "dealers")
    ('66.7%', '3 dealers')
    """
    if _missing(value):
        return MISSING
    if unit == "usd_m":
        return f"USD {billions(value, unit=True)}" if abs(value) >= 1000 else f"USD {value:,.0f} m"
    if unit.startswith("fraction"):
        text = f"{value:.0%}" if round(value * 100, 1) == round(value * 100) else percent(value)
        return ("more than " if unit.endswith("lower_bound") else "") + text
    return f"{value:g} {unit}"
