"""The report facade: one method per section, each returning one frame, computed once.

The notebook creates a :class:`DeficitReport` from its parameters with
:func:`open_report` and calls one method per section; it never reads files or
computes a share itself. The facade only composes: each method passes the
report's parameters and tables to one function of the analysis modules.
"""

from __future__ import annotations

import copy
import functools
from functools import cached_property

import pandas as pd

from deficit_report.analysis import claims as claims_
from deficit_report.analysis import composition as composition_
from deficit_report.analysis import concentration as concentration_
from deficit_report.analysis import contributions as contributions_
from deficit_report.analysis import coverage as coverage_
from deficit_report.analysis import findings as findings_
from deficit_report.analysis import headline as headline_
from deficit_report.analysis import history, provenance, status, timeline
from deficit_report.analysis.figures import sector_values
from deficit_report.analysis.parameters import ReportParameters, resolve
from deficit_report.dataset.load import Dataset
from deficit_report.vocabulary import MEASURE_WORDS


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
            self._computed[key] = _named(method(self, *args, **kwargs), method.__name__, args, kwargs)
        return copy.deepcopy(self._computed[key])  # a frame's deep copy: callers may change theirs

    return wrapper


def _named(result, method: str, args: tuple = (), kwargs: dict | None = None):
    """Name a section's frame after its method and arguments (``coverage_by_market``) in ``frame.attrs``.

    The name travels with the frame's copies; the report's data files use it
    (:mod:`deficit_report.rendering.exports`). Other results pass through.

    Examples
    --------
    >>> _named(pd.DataFrame(), "coverage", (), {"by": "market"}).attrs["name"]
    'coverage_by_market'
    >>> _named(pd.DataFrame(), "coverage", (), {"by": "group"}).attrs["name"]
    'coverage'
    """
    if isinstance(result, pd.DataFrame):
        parts = [method.lstrip("_"), *map(str, args)]
        parts += [f"{k}_{v}" for k, v in sorted((kwargs or {}).items()) if not (k == "by" and v == "group")]
        result.attrs["name"] = "_".join(parts)
    return result


def open_report(**parameters) -> DeficitReport:
    """Check the parameters, read the data, and return the report's sections.

    Examples
    --------
    >>> r = open_report(partner="JPN", focus_year=1994, compare_year=1992, as_of="1994-06-06",
    ...                 data_dir="data/raw/us-japan-framework", title="t")
    >>> round(r.bound()["stalled"], 3)
    0.559
    """
    return DeficitReport(*resolve(parameters))


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
        return MEASURE_WORDS[self.params.measure]

    @_computed_once
    def headline(self) -> pd.DataFrame:
        """The partner balance (and the report's measure) in both years, and the change."""
        p = self.params
        return headline_.headline(
            self.dataset.figures, p.partner, p.focus_year, p.compare_year, p.measure, p.vintage_order
        )

    @cached_property
    def _composition(self) -> pd.DataFrame:
        return composition_.composition(self.values(self.params.focus_year), self.dataset.sectors)

    def composition(self) -> pd.DataFrame:
        """Each sector's share of the focus-year total, the remainder, and sectors without a figure."""
        return _named(self._composition.copy(), "composition")

    @cached_property
    def _status(self) -> pd.DataFrame:
        p = self.params
        return status.status_as_of(self.dataset.status_events, self.dataset.sectors, p.partner, p.as_of)

    def status(self) -> pd.DataFrame:
        """Each sector's status on the as-of date, with its market type, note and source."""
        return _named(self._status.copy(), "status")

    @_computed_once
    def coverage(self, by: str = "group") -> pd.DataFrame:
        """Share of the focus-year total by status group (``by="group"``) or market type (``"market"``)."""
        return coverage_.coverage(self._composition, self._status, by=by)

    def bound(self) -> dict:
        """The most the within-reach-or-agreed sectors can hold, and the stalled share."""
        return coverage_.within_reach_bound(self.coverage())

    def key_sentence(self) -> str:
        """The report's finding in one sentence, computed."""
        p = self.params
        return coverage_.key_sentence(
            self.bound(), as_of=p.as_of, year=p.focus_year, partner=p.partner, measure_word=self.measure_word
        )

    @_computed_once
    def contributions(self) -> pd.DataFrame:
        """Each sector's contribution to the change from the comparison to the focus year."""
        p = self.params
        return contributions_.contributions(
            self.values(p.compare_year), self.values(p.focus_year), self.dataset.sectors
        )

    def concentration(self) -> pd.DataFrame:
        """Herfindahl-Hirschman index of the focus-year total, as a range (remainder stated)."""
        return _named(concentration_.concentration(self._composition), "concentration")

    def top_sectors(self) -> pd.DataFrame:
        """The ``top_n`` sectors with the largest shares of the focus-year total."""
        return _named(concentration_.top_sectors(self._composition, self.params.top_n), "top_sectors")

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
        return history.balance_history(
            self.dataset.figures, p.partner, "balance", p.vintage_order, (p.compare_year, p.focus_year)
        )

    @_computed_once
    def market_context(self) -> pd.DataFrame:
        """Facts that are not trade flows (market sizes, shares, procurement), with units; never in shares."""
        return claims_.market_context(self.dataset.context, self.params.partner)

    @_computed_once
    def data_notes(self) -> list[str]:
        """What the data can and cannot say for the focus year, one sentence each."""
        p = self.params
        return headline_.data_notes(self.dataset.figures, self._composition, p.partner, p.focus_year, p.measure)

    @_computed_once
    def claims(self) -> pd.DataFrame:
        """Shares of the deficit that sources claimed, beside the share of the balance computed from figures."""
        p = self.params
        return claims_.claims(self.dataset.context, self.dataset.figures, p.partner, p.vintage_order)

    @_computed_once
    def sources(self) -> pd.DataFrame:
        """Every source behind a number or status shown in the report, with publisher, date and URL."""
        return provenance.sources_used(
            self.dataset.sources,
            self.headline()["source_id"],
            self._composition["source_id"],
            self._status["source_id"],
            self.claims()["source_id"],
            self.status_bands()["source_id"],
            self.balance_history()["source_id"],
            self.market_context()["source_id"],
        )

    @_computed_once
    def key_findings(self) -> pd.DataFrame:
        """Four to six sentences, each with its number, period, section and sources (registry order)."""
        return findings_.key_findings(self)
