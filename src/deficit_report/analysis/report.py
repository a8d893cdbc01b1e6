"""The report's sections: one method per section, each returning one frame.

The notebook creates a :class:`DeficitReport` from its parameters with
:func:`open_report` and calls one method per section; it never reads files or
computes a share itself.
"""

from __future__ import annotations

import copy
import functools
from functools import cached_property

import pandas as pd

from deficit_report.analysis import contributions as change
from deficit_report.analysis import composition as comp
from deficit_report.analysis import status as st
from deficit_report.analysis import timeline
from deficit_report.dataset.load import Dataset, load_dataset
from deficit_report.errors import UserInputError
from deficit_report.analysis.figures import sector_values
from deficit_report.analysis.history import balance_history
from deficit_report.analysis.parameters import ReportParameters, check_against_data, check_parameters
from deficit_report.paths import resolve
from deficit_report.vocabulary import TOTAL
from deficit_report.rendering.tables import with_unit

CLAIM_METRIC = "share_of_deficit_claimed"


def _computed_once(method):
    """Compute a section's result once per report and arguments; every caller gets its own copy.

    A notebook shows most sections twice (a chart, then a table) and several
    sections reuse others (``sources`` reads six of them), so without this the
    same frames were rebuilt up to six times per report.
    """
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        if key not in self._computed:
            self._computed[key] = method(self, *args, **kwargs)
        return copy.deepcopy(self._computed[key])  # a frame's deep copy: callers may change theirs
    return wrapper


def open_report(**parameters) -> "DeficitReport":
    """Check the parameters, read the data, and return the report's sections.

    Examples
    --------
    >>> r = open_report(partner="JPN", focus_year=1994, compare_year=1992, as_of="1994-06-06",
    ...                 data_dir="data/raw/us-japan-framework", title="t")
    >>> round(r.bound()["stalled"], 3)
    0.559
    """
    params = check_parameters(parameters)
    folder = resolve(params.data_dir)
    if not folder.is_dir():
        raise UserInputError(f"dataset folder {str(folder)!r} not found; expected a folder holding figures.csv, "
                             "context.csv, status_events.csv, sectors.csv and sources.csv (a relative path is "
                             "taken from the project root)", column="data_dir")
    dataset = load_dataset(folder)
    check_against_data(params, dataset)
    return DeficitReport(params, dataset)


class DeficitReport:
    """All sections of one report, computed from one dataset and one set of parameters."""

    def __init__(self, params: ReportParameters, dataset: Dataset) -> None:
        self.params = params
        self.dataset = dataset
        self._computed: dict = {}

    def values(self, period: int, measure: str | None = None) -> pd.DataFrame:
        """One figure per sector for ``period`` and the report's measure (or ``measure``)."""
        return self._values(int(period), measure or self.params.measure)

    @_computed_once
    def _values(self, period: int, measure: str) -> pd.DataFrame:
        p = self.params
        return sector_values(self.dataset.figures, p.partner, period, measure, p.vintage_order)

    @property
    def measure_word(self) -> str:
        """What the shares are shares of: "deficit" for the balance, else the measure."""
        return "deficit" if self.params.measure == "balance" else self.params.measure

    @_computed_once
    def headline(self) -> pd.DataFrame:
        """The partner balance (and the report's measure) in both years, and the change.

        Columns: ``item``, ``value_usd_m``, ``method``, ``vintage``, ``basis``,
        ``source_id`` and ``alternatives`` (figures not used). A year without
        a figure shows NaN ("no figure").
        """
        p = self.params
        rows = []
        for measure in dict.fromkeys(["balance", p.measure]):
            pair = []
            for year in (p.compare_year, p.focus_year):
                values = self.values(year, measure)
                total = values.set_index("sector").loc[TOTAL].to_dict() if TOTAL in set(values["sector"]) else \
                    {"value_usd_m": float("nan"), "method": "no figure"}
                pair.append(total["value_usd_m"])
                rows.append({"item": f"{year} {measure}", **total})
            rows.append({"item": f"change in {measure}, {p.compare_year} to {p.focus_year}",
                         "value_usd_m": pair[1] - pair[0], "method": "focus minus comparison year"})
        columns = ["item", "value_usd_m", "method", "vintage", "basis", "source_id", "alternatives"]
        return pd.DataFrame(rows).reindex(columns=columns).fillna({c: "" for c in columns[2:]})

    @cached_property
    def _composition(self) -> pd.DataFrame:
        return comp.composition(self.values(self.params.focus_year), self.dataset.sectors)

    def composition(self) -> pd.DataFrame:
        """Each sector's share of the focus-year total, the remainder, and sectors without a figure."""
        return self._composition.copy()

    @cached_property
    def _status(self) -> pd.DataFrame:
        p = self.params
        return st.status_as_of(self.dataset.status_events, self.dataset.sectors, p.partner, p.as_of)

    def status(self) -> pd.DataFrame:
        """Each sector's status on the as-of date, with its market type, note and source."""
        return self._status.copy()

    @_computed_once
    def coverage(self, by: str = "group") -> pd.DataFrame:
        """Share of the focus-year total by status group (``by="group"``) or market type (``"market"``)."""
        return st.coverage(self._composition, self._status, by=by)

    def bound(self) -> dict:
        """The most the within-reach-or-agreed sectors can hold, and the stalled share."""
        return st.within_reach_bound(self.coverage())

    def key_sentence(self) -> str:
        """The report's finding in one sentence, computed."""
        b, p = self.bound(), self.params
        what = "deficit" if p.measure == "balance" else p.measure
        return (f"As of {p.as_of}, sectors where deals were within reach or agreed held at most "
                f"{b['within_reach_at_most']:.1%} of the {p.focus_year} {what} with {p.partner} "
                f"(at least {b['within_reach_at_least']:.1%} in sectors with a figure); "
                f"stalled sectors held {b['stalled']:.1%}.")

    @_computed_once
    def contributions(self) -> pd.DataFrame:
        """Each sector's contribution to the change from the comparison to the focus year."""
        p = self.params
        return change.contributions(self.values(p.compare_year), self.values(p.focus_year), self.dataset.sectors)

    def concentration(self) -> pd.DataFrame:
        """Herfindahl-Hirschman index of the focus-year total, as a range (remainder stated)."""
        return change.concentration(self._composition)

    def top_sectors(self) -> pd.DataFrame:
        """The ``top_n`` sectors with the largest shares of the focus-year total."""
        return change.top_sectors(self._composition, self.params.top_n)

    @_computed_once
    def status_bands(self) -> pd.DataFrame:
        """Every sector's status spells over time (one row per event, to the next event)."""
        p = self.params
        return timeline.status_bands(self.dataset.status_events, self.dataset.sectors, p.partner, p.as_of)

    @_computed_once
    def coverage_path(self) -> pd.DataFrame:
        """Share of the focus-year total held by agreed sectors after each event, both paths."""
        p = self.params
        return timeline.coverage_path(self._composition, self.dataset.status_events, self.dataset.sectors, p.partner)

    @_computed_once
    def balance_history(self) -> pd.DataFrame:
        """The partner balance for every year with data, every vintage, the used one marked."""
        p = self.params
        return balance_history(self.dataset.figures, p.partner, "balance", p.vintage_order,
                               (p.compare_year, p.focus_year))

    @_computed_once
    def market_context(self) -> pd.DataFrame:
        """Facts that are not trade flows (market sizes, shares, procurement), with units.

        These are never mixed into shares of the total.
        """
        ctx = self.dataset.context
        rows = ctx[(ctx["partner"] == self.params.partner) & (ctx["metric"] != CLAIM_METRIC)]
        return rows[["period", "sector", "metric", "value", "unit", "source_id", "note"]].reset_index(drop=True)

    @_computed_once
    def data_notes(self) -> list[str]:
        """What the data can and cannot say for the focus year, one sentence each."""
        p, figures = self.params, self.dataset.figures
        rows = figures[(figures["partner"] == p.partner) & (figures["period"] == p.focus_year)
                       & (figures["sector"] != TOTAL)]
        notes = []
        for measure in ("exports", "imports", "balance"):
            sectors = sorted(set(rows.loc[rows["measure"] == measure, "sector"]))
            notes.append(f"{measure.capitalize()} by sector in {p.focus_year}: "
                         + (", ".join(sectors) if sectors else "no figures in this data"
                            + (" (so no sector balance can be computed, and none is shown)"
                               if measure == "exports" else "")) + ".")
        comp_rows = self._composition
        missing = comp_rows.loc[comp_rows["figure_note"].str.startswith("no figure"), "sector"]
        services = comp_rows.loc[comp_rows["kind"] == "services", "sector"]
        if len(missing):
            notes.append(f"No {p.measure} figure for {', '.join(missing)}: they lie inside all other goods.")
        if len(services):
            notes.append(f"Services, outside the goods balance: {', '.join(services)}.")
        return notes

    @_computed_once
    def claims(self) -> pd.DataFrame:
        """Shares that sources claimed for a sector, beside the share computed from figures.

        The computed share is missing (NaN) when no figure exists for the
        sector or the total in that year; it is never estimated.
        """
        ctx = self.dataset.context
        claims = ctx[(ctx["partner"] == self.params.partner) & (ctx["metric"] == CLAIM_METRIC)]
        rows = []
        for claim in claims.itertuples():
            values = self.values(int(claim.period)).set_index("sector")["value_usd_m"]
            computed = (values[claim.sector] / values[TOTAL]
                        if claim.sector in values.index and TOTAL in values.index else float("nan"))
            rows.append({"period": int(claim.period), "sector": claim.sector,
                         "claimed": with_unit(claim.value, claim.unit),
                         "claimed_share": claim.value, "computed_share": computed,
                         "source_id": claim.source_id, "note": claim.note})
        return pd.DataFrame(rows, columns=["period", "sector", "claimed", "claimed_share", "computed_share",
                                           "source_id", "note"])

    @_computed_once
    def sources(self) -> pd.DataFrame:
        """Every source behind a number or status shown in the report, with publisher, date and URL."""
        used = pd.concat([self.headline()["source_id"], self._composition["source_id"],
                          self._status["source_id"], self.claims()["source_id"],
                          self.status_bands()["source_id"], self.balance_history()["source_id"],
                          self.market_context()["source_id"]])
        ids = sorted({s.strip() for cell in used.dropna() for s in str(cell).split(";") if s.strip()})
        table = self.dataset.sources.set_index("source_id")
        return table.loc[ids, ["publisher", "title", "date", "url", "quote"]].reset_index()
