"""The headline: the partner balance in both years and its change, and what the data can say.

Examples
--------
>>> f = pd.DataFrame({"partner": "JPN", "period": [1992, 1994], "sector": "total", "measure": "balance",
...     "value_usd_m": [-49400.0, -65700.0], "basis": "census", "vintage": "first_release", "source_id": ["a", "b"]})
>>> headline(f, "JPN", 1994, 1992)[["item", "value_usd_m"]].values.tolist()
[['1992 balance', -49400.0], ['1994 balance', -65700.0], ['change in balance, 1992 to 1994', -16300.0]]
"""

from __future__ import annotations

import pandas as pd

from deficit_report.analysis.figures import DEFAULT_VINTAGE_ORDER, sector_values
from deficit_report.vocabulary import MEASURE_WORDS, MEASURES, REMAINDER, TOTAL

HEADLINE_COLUMNS = ["item", "value_usd_m", "method", "vintage", "basis", "source_id", "alternatives"]


def headline(
    figures: pd.DataFrame,
    partner: str,
    focus_year: int,
    compare_year: int,
    measure: str = "balance",
    order=DEFAULT_VINTAGE_ORDER,
) -> pd.DataFrame:
    """Return the partner balance (and ``measure``, if another) in both years, and the change.

    Columns: ``item``, ``value_usd_m``, ``method``, ``vintage``, ``basis``,
    ``source_id`` and ``alternatives`` (figures not used). A year without a
    figure shows NaN ("no figure"), and so does the change.
    """
    rows = []
    for shown in dict.fromkeys(["balance", measure]):
        pair = []
        for year in (compare_year, focus_year):
            values = sector_values(figures, partner, year, shown, order).set_index("sector")
            total = (
                values.loc[TOTAL].to_dict()
                if TOTAL in values.index
                else {"value_usd_m": float("nan"), "method": "no figure"}
            )
            pair.append(total["value_usd_m"])
            rows.append({"item": f"{year} {shown}", **total})
        rows.append(
            {
                "item": f"change in {shown}, {compare_year} to {focus_year}",
                "value_usd_m": pair[1] - pair[0],
                "method": "focus minus comparison year",
            }
        )
    frame = pd.DataFrame(rows).reindex(columns=HEADLINE_COLUMNS)
    return frame.fillna({c: "" for c in HEADLINE_COLUMNS[2:]})


def with_sector_sums(frame: pd.DataFrame, compare: pd.DataFrame, focus: pd.DataFrame, params) -> pd.DataFrame:
    """Add the sum of the sectors in both years and its change: the base of the shares, on the sectors' vintage.

    ``compare`` and ``focus`` are the report's values, whose ``total`` is already
    the sum of the sectors (:func:`deficit_report.analysis.composition.sectors_as_total`).

    Examples
    --------
    >>> h = pd.DataFrame({"item": ["2019 balance"], "value_usd_m": [-342.6]}).reindex(columns=HEADLINE_COLUMNS)
    >>> v = lambda x: pd.DataFrame({"sector": ["total"], "value_usd_m": [x], "method": "sum of the sectors (t)",
    ...     "vintage": "t", "basis": "b", "source_id": "s", "alternatives": ""})
    >>> class P: compare_year, focus_year, measure = 2017, 2019, "balance"
    >>> with_sector_sums(h, v(-367.8), v(-341.0), P)["item"].tolist()[1:]
    ['2017 balance, sum of the sectors', '2019 balance, sum of the sectors', 'change in balance, sum of the sectors']
    """
    rows = []
    pair = []
    for year, values in ((params.compare_year, compare), (params.focus_year, focus)):
        total = values.set_index("sector").loc[TOTAL].to_dict()
        pair.append(total["value_usd_m"])
        rows.append({"item": f"{year} {params.measure}, sum of the sectors", **total})
    rows.append(
        {
            "item": f"change in {params.measure}, sum of the sectors",
            "value_usd_m": pair[1] - pair[0],
            "method": "focus minus comparison year; shares and contributions below are of these sums",
        }
    )
    added = pd.DataFrame(rows).reindex(columns=HEADLINE_COLUMNS).fillna({c: "" for c in HEADLINE_COLUMNS[2:]})
    return pd.concat([frame, added], ignore_index=True)


def year_spans(years) -> str:
    """Write years compactly, runs of consecutive years as ranges.

    Examples
    --------
    >>> year_spans([2013, 2014, 2015, 2019, 2023, 2024])
    '2013-2015, 2019, 2023-2024'
    """
    years, spans = sorted(set(years)), []
    for year in years:
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def sector_years(figures: pd.DataFrame, partner: str, measure: str) -> list[int]:
    """Return the years with at least one sector figure of ``measure`` (a balance: or both flows of a sector).

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "VNM", "period": [2020, 2023, 2023, 2024], "sector": ["total", "wood", "wood", "wood"],
    ...                   "measure": ["imports", "imports", "exports", "imports"]})
    >>> sector_years(f, "VNM", "imports"), sector_years(f, "VNM", "balance")
    ([2023, 2024], [2023])
    """
    rows = figures[(figures["partner"] == partner) & (figures["sector"] != TOTAL)]
    years = set(rows.loc[rows["measure"] == measure, "period"])
    if measure == "balance":
        flows = rows[rows["measure"].isin(["exports", "imports"])].groupby(["period", "sector"])["measure"].nunique()
        years |= {period for period, _ in flows[flows == 2].index}
    return sorted(int(y) for y in years)


def sector_years_note(figures: pd.DataFrame, partner: str, measure: str, focus_year: int, compare_year: int) -> str:
    """Return a sentence when the focus or comparison year has no sector figures (else an empty string).

    Without it, such a year's composition is a single "all other goods" block and nothing says why.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "VNM", "period": [2020, 2023, 2024, 2024], "sector": ["total", "wood", "wood", "total"],
    ...                   "measure": "imports"})
    >>> sector_years_note(f, "VNM", "imports", 2024, 2020)
    'Imports by sector: figures for 2023-2024 only; 2020 has none, so its imports are one block of all other goods and the change by sector from 2020 is not a sector comparison.'
    >>> sector_years_note(f, "VNM", "imports", 2024, 2023)
    ''
    """
    years = sector_years(figures, partner, measure)
    missing = [y for y in dict.fromkeys([compare_year, focus_year]) if y not in years]
    if not missing:
        return ""
    word = MEASURE_WORDS.get(measure, measure) if measure != "balance" else "balance"
    have = f"figures for {year_spans(years)} only" if years else "no figures for any year"
    tail = f"the change by sector from {compare_year} is not a sector comparison" if compare_year in missing else ""
    parts = [
        f"{' and '.join(map(str, missing))} {'has' if len(missing) == 1 else 'have'} none, so "
        f"{'its' if len(missing) == 1 else 'their'} {word} {'is' if word == 'balance' else 'are'} one block of all other goods"
    ]
    return f"{measure.capitalize()} by sector: {have}; " + " and ".join(parts) + (f" and {tail}" if tail else "") + "."


#: Past this many sectors, a data note counts them instead of naming each (the composition table lists them).
MOST_NAMED = 12


def _listed(sectors: list[str]) -> str:
    """Name a few sectors, or count many.

    Examples
    --------
    >>> _listed(["autos", "parts"])
    'autos, parts'
    >>> _listed([f"naics_{n}" for n in range(311, 342)])
    '31 sectors, naics_311 to naics_341 (each in the composition table)'
    """
    if len(sectors) <= MOST_NAMED:
        return ", ".join(sectors)
    return f"{len(sectors)} sectors, {sectors[0]} to {sectors[-1]} (each in the composition table)"


def data_notes(
    figures: pd.DataFrame,
    composition: pd.DataFrame,
    partner: str,
    year: int,
    measure: str,
    compare_year: int | None = None,
) -> list[str]:
    """Say, one sentence each, which flows have sector figures in ``year`` and which sectors lack one.

    Examples
    --------
    >>> f = pd.DataFrame({"partner": "JPN", "period": 1994, "sector": ["autos", "total"],
    ...                   "measure": ["imports", "imports"]})
    >>> comp = pd.DataFrame({"sector": ["autos", "medical"], "kind": "goods",
    ...                      "figure_note": ["reported", "no figure: inside all other goods"]})
    >>> for line in data_notes(f, comp, "JPN", 1994, "imports"):
    ...     print(line)
    Exports by sector in 1994: no figures in this data (so no sector balance can be computed, and none is shown).
    Imports by sector in 1994: autos.
    Balance by sector in 1994: no figures in this data.
    No imports figure for medical: they lie inside all other goods.
    """
    rows = figures[(figures["partner"] == partner) & (figures["period"] == year) & (figures["sector"] != TOTAL)]
    notes = []
    for flow in MEASURES:
        sectors = sorted(set(rows.loc[rows["measure"] == flow, "sector"]))
        both = sorted(
            set(rows.loc[rows["measure"] == "exports", "sector"])
            & set(rows.loc[rows["measure"] == "imports", "sector"])
        )
        if flow == "balance" and not sectors and both:
            notes.append(f"Balance by sector in {year}: exports minus imports, for the {len(both)} sectors with both.")
        elif sectors:
            notes.append(f"{flow.capitalize()} by sector in {year}: {_listed(sectors)}.")
        else:
            why = " (so no sector balance can be computed, and none is shown)" if flow == "exports" else ""
            notes.append(f"{flow.capitalize()} by sector in {year}: no figures in this data{why}.")
    missing = composition[composition["figure_note"].str.startswith("no figure")]
    services = composition.loc[composition["kind"] == "services", "sector"]
    for where, group in missing.groupby("figure_note", sort=False):
        said = "they lie inside all other goods" if where == "no figure: inside all other goods" else where[11:]
        notes.append(f"No {measure} figure for {', '.join(group['sector'])}: {said}.")
    if len(services):
        notes.append(f"Services, outside the goods balance: {', '.join(services)}.")
    years_note = sector_years_note(figures, partner, measure, year, compare_year if compare_year is not None else year)
    if years_note:
        notes.append(years_note)
    return notes


def vintage_note(composition: pd.DataFrame) -> list[str]:
    """Say when the counted sectors and the total come from different vintages (the remainder then spans both).

    Examples
    --------
    >>> comp = pd.DataFrame({"sector": ["automotive", "all_other_goods"], "counted": True,
    ...     "vintage": ["press", "first_release"]})
    >>> vintage_note(comp)
    ['The sector figures (press) and the total (first_release) are of different vintages: all other goods is the total minus the sectors across vintages, so it also holds any revision between them.']
    """
    counted = composition[composition["counted"]]
    remainder = counted[counted["sector"] == REMAINDER]
    sectors = counted[counted["sector"] != REMAINDER]
    if remainder.empty or sectors.empty:
        return []
    total_vintage = remainder["vintage"].iloc[0]
    others = sorted(set(sectors["vintage"]) - {total_vintage})
    if not others:
        return []
    return [
        f"The sector figures ({', '.join(others)}) and the total ({total_vintage}) are of different vintages: "
        "all other goods is the total minus the sectors across vintages, so it also holds any revision between them."
    ]
