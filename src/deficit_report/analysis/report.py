"""The report facade: one method per section, each returning one frame, computed once.

The notebook creates a :class:`DeficitReport` from its parameters with
:func:`open_report` and calls one method per section; it never reads files or
computes a share itself. The facade only composes: each method passes the
report's parameters and tables to one function of the analysis modules.
"""

from __future__ import annotations

import copy
import functools
import inspect

import pandas as pd

from deficit_report.analysis import claims as claims_
from deficit_report.analysis import composition as composition_
from deficit_report.analysis import concentration as concentration_
from deficit_report.analysis import contributions as contributions_
from deficit_report.analysis import coverage as coverage_
from deficit_report.analysis import findings as findings_
from deficit_report.analysis import flows as flows_
from deficit_report.analysis import headline as headline_
from deficit_report.analysis import history, provenance, status, timeline
from deficit_report.analysis import outcomes as outcomes_
from deficit_report.analysis import product_coverage as product_coverage_
from deficit_report.analysis import reconciliation as reconciliation_
from deficit_report.analysis import tariffs as tariffs_
from deficit_report.analysis.figures import sector_values
from deficit_report.analysis.parameters import ReportParameters, check_and_load
from deficit_report.dataset.load import Dataset
from deficit_report.dataset.product_level import ProductLevel, load_product_level
from deficit_report.paths import resolve as resolve_path
from deficit_report.vocabulary import MEASURE_WORDS, TRADE_FLOWS

#: Why a report has no coverage (and no coverage path) of its measure when every status event names a flow.
PER_FLOW_ONLY = "every status event names a flow, so coverage is given per flow (Coverage per flow)"
#: Why status tables are empty when the dataset has no status events for the partner.
NO_STATUS = "status data are not available (the dataset has no status events for this partner)"


def _no_status(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` without rows, saying why: the dataset has no status data.

    Examples
    --------
    >>> _no_status(pd.DataFrame({"group": ["no status"]})).attrs["empty_reason"] == NO_STATUS
    True
    """
    empty = frame.iloc[:0].copy()
    empty.attrs["empty_reason"] = NO_STATUS
    return empty


def _computed_once(method):
    """Compute a section's result once per report and arguments; every caller gets its own copy.

    A notebook shows most sections twice (a chart, then a table) and several
    sections reuse others (``sources`` reads six of them), so without this the
    same frames were rebuilt up to six times per report. The arguments are
    bound to the method's signature first, so ``coverage("market")`` and
    ``coverage(by="market")`` are one result with one name.
    """
    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        arguments = {name: value for name, value in bound.arguments.items() if name != "self"}
        key = (method.__name__, tuple(arguments.items()))
        if key not in self._computed:
            self._computed[key] = _named(method(self, *args, **kwargs), method.__name__, signature, arguments)
        return copy.deepcopy(self._computed[key])  # a frame's deep copy: callers may change theirs

    return wrapper


def _named(result, method: str, signature: inspect.Signature | None = None, arguments: dict | None = None):
    """Name a section's frame after its method and arguments (``coverage_by_market``) in ``frame.attrs``.

    An argument without a default adds its value; one with a default adds ``name_value`` unless it
    holds the default. The name travels with the frame's copies; the report's data files use it
    (:mod:`deficit_report.rendering.frame_records`). Other results pass through.

    Examples
    --------
    >>> def coverage(self, by="group"): ...
    >>> s = inspect.signature(coverage)
    >>> _named(pd.DataFrame(), "coverage", s, {"by": "market"}).attrs["name"]
    'coverage_by_market'
    >>> _named(pd.DataFrame(), "coverage", s, {"by": "group"}).attrs["name"]
    'coverage'
    """
    if isinstance(result, pd.DataFrame):
        parts = [method.lstrip("_")]
        for name, value in (arguments or {}).items():
            default = signature.parameters[name].default
            if default is inspect.Parameter.empty:
                parts.append(str(value))
            elif value != default:
                parts.append(f"{name}_{value}")
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
    return DeficitReport(*check_and_load(parameters))


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
        values = sector_values(self.dataset.figures, p.partner, period, measure, p.vintage_order)
        if p.share_base == "sectors" and len(values):
            return composition_.sectors_as_total(values, self.dataset.sectors)
        return values

    @property
    def measure_word(self) -> str:
        """What the shares are shares of: "deficit" for the balance, else the measure."""
        return MEASURE_WORDS[self.params.measure]

    @_computed_once
    def headline(self) -> pd.DataFrame:
        """The partner balance (and the report's measure) in both years, and the change."""
        p = self.params
        frame = headline_.headline(
            self.dataset.figures, p.partner, p.focus_year, p.compare_year, p.measure, p.vintage_order
        )
        if p.share_base != "sectors":
            return frame
        return headline_.with_sector_sums(frame, self.values(p.compare_year), self.values(p.focus_year), p)

    @property
    @_computed_once
    def _composition(self) -> pd.DataFrame:
        frame = composition_.composition(self.values(self.params.focus_year), self.dataset.sectors)
        if self.params.share_base == "sectors":
            frame["figure_note"] = frame["figure_note"].replace(
                {"no figure: inside all other goods": "no figure: left out of the sum of the sectors"}
            )
        return frame

    def composition(self) -> pd.DataFrame:
        """Each sector's share of the focus-year total, the remainder, and sectors without a figure."""
        return _named(self._composition.copy(), "composition")

    @property
    @_computed_once
    def _status(self) -> pd.DataFrame:
        p = self.params
        events = flows_.events_for(self.dataset.status_events, p.measure)
        return status.status_as_of(events, self.dataset.sectors, p.partner, p.as_of)

    def has_status_data(self) -> bool:
        """Say whether the dataset has status events for the partner (without them no status or coverage is shown)."""
        return bool((self.dataset.status_events["partner"] == self.params.partner).any())

    def status(self) -> pd.DataFrame:
        """Each sector's status on the as-of date for the report's measure, with the event's flow, market type, note and source.

        Only events of the measure's flow (and events that concern ``both``) count: with
        ``measure: imports`` an exports-side concession never sets a sector's status.

        When the dataset has policies, a ``policies`` column says which policies' statuses reach the
        sector, on which flow, for all or part of its trade. No rows without status data.
        """
        if not self.has_status_data():
            return _named(_no_status(self._status), "status")
        frame = self._status.copy()
        if len(self.dataset.policy_sectors):
            reach = flows_.policies_by_sector({f: self._touches(f) for f in TRADE_FLOWS})
            frame["policies"] = frame["sector"].map(lambda sector: reach.get(sector, ""))
        return _named(frame, "status")

    @_computed_once
    def policy_status(self) -> pd.DataFrame:
        """Each policy (a tariff list, purchase commitments) at its status on the as-of date."""
        p = self.params
        return flows_.policy_status(self.dataset.status_events, self.dataset.policies, p.partner, p.as_of)

    @_computed_once
    def coverage(self, by: str = "group") -> pd.DataFrame:
        """Share of the focus-year total by status group (``by="group"``) or market type (``"market"``).

        No rows by status group when every status event names a flow: "no status: 100%" of the balance
        would hide the statuses, which are per flow (:meth:`coverage_by_flow`).
        """
        comp, sectors = self._composition, self.dataset.sectors
        if by == "group":
            touches = self._touches(self.params.measure)
            cov = coverage_.coverage(comp, touches, sectors, signed=self.params.measure == "balance")
        else:
            markets = sorted(set(comp.loc[comp["kind"] == "goods", by]) - {""})
            cov = coverage_.coverage(comp, coverage_.market_touches(comp), sectors, {m: m for m in markets})
        frame = coverage_.with_remainder(cov, comp)
        if not self.has_status_data():
            return _no_status(frame)
        if by == "group" and self.coverage_per_flow_only():
            frame = frame.iloc[:0].copy()
            frame.attrs["empty_reason"] = PER_FLOW_ONLY
        return frame

    def bound(self) -> dict:
        """The range the within-reach-or-agreed sectors hold, the stalled range, and the blocks they assume one sign in."""
        return coverage_.within_reach_bound(self.coverage())

    def coverage_per_flow_only(self) -> bool:
        """Say whether every status event names a flow, so coverage exists per flow and never for the measure."""
        return self._touches(self.params.measure).empty and any(len(self._touches(f)) for f in TRADE_FLOWS)

    def key_sentence(self) -> str:
        """The report's finding in one sentence, computed."""
        p = self.params
        if not self.has_status_data():
            return f"No coverage as of {p.as_of}: {NO_STATUS}."
        if self.coverage_per_flow_only():
            return (
                f"As of {p.as_of}, no status event concerns the {p.focus_year} {self.measure_word} with "
                f"{p.partner} as a whole: every event names a flow, so coverage is given per flow, never for the balance."
            )
        return coverage_.key_sentence(
            self.bound(),
            as_of=p.as_of,
            year=p.focus_year,
            partner=p.partner,
            measure_word=self.measure_word,
            labels=self.sector_labels(),
        )

    def sector_labels(self) -> dict[str, str]:
        """Each sector's label (and the remainder's), by id."""
        return dict(zip(self._composition["sector"], self._composition["label"]))

    def _flow_composition(self, flow: str) -> pd.DataFrame | None:
        values = self.values(self.params.focus_year, flow)
        if "total" not in set(values["sector"]):
            return None
        return composition_.composition(values, self.dataset.sectors)

    def _touches(self, measure: str) -> pd.DataFrame:
        p, d = self.params, self.dataset
        return flows_.status_touches(
            d.status_events, d.sectors, d.policies, d.policy_sectors, partner=p.partner, as_of=p.as_of, measure=measure
        )

    @_computed_once
    def coverage_by_flow(self) -> pd.DataFrame:
        """Share of focus-year imports and of exports held by each status group, as true bounds, per flow."""
        frames = []
        for flow in TRADE_FLOWS:
            comp = self._flow_composition(flow)
            if comp is None:
                continue
            cov = coverage_.coverage(comp, self._touches(flow), self.dataset.sectors)
            total = float(self.values(self.params.focus_year, flow).set_index("sector").loc["total", "value_usd_m"])
            frames.append(cov.assign(flow=flow, total_usd_m=total))
        columns = ["flow", "group", "share_at_least", "share_at_most", "at_least_usd_m", "at_most_usd_m", "via"]
        if not self.has_status_data():
            return _no_status(pd.DataFrame(columns=columns + ["total_usd_m"]))
        if not frames:
            return pd.DataFrame(columns=columns + ["total_usd_m"])
        return pd.concat(frames, ignore_index=True)[columns + ["total_usd_m"]]

    def flow_key_sentences(self) -> list[str]:
        """The coverage finding per flow, one sentence each (or why there is none)."""
        p = self.params
        by_flow = self.coverage_by_flow()
        if not self.has_status_data():
            return [f"No coverage of imports or exports as of {p.as_of}: {NO_STATUS}."]
        lines = []
        for flow in TRADE_FLOWS:
            cov = by_flow[by_flow["flow"] == flow]
            if cov.empty:
                lines.append(f"No {flow} figures by sector for {p.focus_year}: no coverage of {flow} can be given.")
                continue
            lines.append(
                coverage_.flow_key_sentence(
                    cov,
                    flow=flow,
                    as_of=p.as_of,
                    year=p.focus_year,
                    partner=p.partner,
                    total_usd_m=float(cov["total_usd_m"].iloc[0]),
                )
            )
        return lines

    @property
    def product_level(self) -> ProductLevel | None:
        """The dataset folder's product-level tables (``product-level/``), or None when it has none.

        Read once and kept in the report's one cache (not copied: the tables are only read).
        """
        key = ("product_level", ())
        if key not in self._computed:
            self._computed[key] = load_product_level(resolve_path(self.params.data_dir))
        return self._computed[key]

    @_computed_once
    def dollars_covered(self) -> pd.DataFrame:
        """Dollars covered per tariff list (imports, as announced) and per retaliation wave (exports, by line).

        Empty when the dataset folder has no product-level data. The share of the lists in force is
        of the comparison year's Census imports (:func:`~deficit_report.analysis.product_coverage.dollars_covered`).
        """
        p = self.params
        if self.product_level is None:
            return pd.DataFrame(columns=product_coverage_.DOLLARS_COLUMNS)
        total = sector_values(self.dataset.figures, p.partner, p.compare_year, "imports", p.vintage_order)
        imports = float(total.set_index("sector").loc["total", "value_usd_m"])
        return product_coverage_.dollars_covered(self.product_level, imports, p.as_of, p.focus_year)

    @_computed_once
    def average_tariffs(self) -> pd.DataFrame:
        """The trade-weighted average tariff each side in the as-of month (sector tariffs, comparison-year weights)."""
        p = self.params
        if self.product_level is None or self.dataset.tariffs.empty:
            return pd.DataFrame(columns=["flow", "month", "average_pct", "weight_usd_m", "source_id"])
        weights = pd.concat(
            [self.values(p.compare_year, flow).assign(flow=flow) for flow in ("imports", "exports")], ignore_index=True
        )
        table = product_coverage_.average_tariffs(self.tariff_series(), weights, p.as_of[:7])
        return table.assign(source_id="; ".join(self.tariff_series()["source_id"].drop_duplicates()))

    @_computed_once
    def coverage_claims(self) -> pd.DataFrame:
        """The shares covered and average tariffs sources claimed, beside the figures computed for each flow."""
        if self.product_level is None:
            return pd.DataFrame(columns=["item", "flow", "claimed", "unit", "computed", "computed_basis", "source_id"])
        return product_coverage_.coverage_claims(self.product_level, self.dollars_covered(), self.average_tariffs())

    @_computed_once
    def balance_effect(self) -> pd.DataFrame:
        """Each status group's effect on the balance in dollars (exports it holds minus imports), as a range."""
        return coverage_.balance_effect(self.coverage_by_flow())

    @_computed_once
    def non_trade_issues(self) -> pd.DataFrame:
        """Issues that are not a trade flow (IP, financial services) at their status on the date: never counted."""
        p = self.params
        return flows_.non_trade_issues(self.dataset.status_events, p.partner, p.as_of)

    @_computed_once
    def tariff_series(self) -> pd.DataFrame:
        """The monthly trade-weighted tariff by sector, each side (empty when the dataset has no tariffs)."""
        return tariffs_.tariff_series(self.dataset.tariffs, self.dataset.sectors, self.params.partner)

    @_computed_once
    def tariff_action_dates(self) -> pd.DataFrame:
        """The dates of the policies' status events per flow: the rules of the tariff chart."""
        d = self.dataset
        return tariffs_.action_dates(d.status_events, d.policies, self.params.partner)

    @_computed_once
    def tariff_changes(self) -> pd.DataFrame:
        """Each sector's average tariff in both years, the rise in points and its exposure group, per flow."""
        p = self.params
        return tariffs_.tariff_changes(self.dataset.tariffs, p.partner, p.compare_year, p.focus_year)

    @_computed_once
    def change_by_exposure(self) -> pd.DataFrame:
        """The change in each flow, and its contribution to the balance's change, by tariff exposure group."""
        p = self.params
        changes = {}
        for flow in ("exports", "imports"):
            before, after = self.values(p.compare_year, flow), self.values(p.focus_year, flow)
            if "total" in set(before["sector"]) and "total" in set(after["sector"]):
                changes[flow] = contributions_.contributions(before, after, self.dataset.sectors)
        return tariffs_.change_by_exposure(changes, self.tariff_changes())

    @_computed_once
    def reconciliation(self) -> pd.DataFrame:
        """Sum of the sectors beside the partner total, per year, flow and vintage."""
        return reconciliation_.reconciliation(self.dataset.figures, self.dataset.sectors, self.params.partner)

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
        keys = self.dataset.sectors
        if len(self.dataset.policies):
            keys = pd.concat([keys, self.dataset.policies.rename(columns={"policy": "sector"})], ignore_index=True)
        return timeline.status_bands(self.dataset.status_events, keys, p.partner, p.as_of)

    @_computed_once
    def coverage_path(self) -> pd.DataFrame:
        """Share of the focus-year total held by agreed statuses after each event of the measure, both paths.

        When no status event concerns the report's measure as a whole (every event names a flow),
        the path is per flow instead (a ``flow`` column, no ``path``): after each event, the share
        of focus-year imports and of exports held by agreed statuses, through the same coverage
        function (a path of zeros would say "no agreement" where the agreements are per flow).
        Empty when no flow has figures by sector.
        """
        p, d = self.params, self.dataset
        if not self.has_status_data():
            return _no_status(timeline.coverage_path(self._composition, d.status_events, d.sectors, p.partner))
        if self.coverage_per_flow_only():
            compositions = {f: c for f in TRADE_FLOWS if (c := self._flow_composition(f)) is not None}
            return timeline.coverage_path_by_flow(
                compositions, d.status_events, d.sectors, d.policies, d.policy_sectors, p.partner
            )
        return timeline.coverage_path(
            self._composition,
            d.status_events,
            d.sectors,
            p.partner,
            measure=p.measure,
            policies=d.policies,
            policy_sectors=d.policy_sectors,
        )

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
        notes = headline_.data_notes(
            self.dataset.figures, self._composition, p.partner, p.focus_year, p.measure, p.compare_year
        )
        return notes + (headline_.vintage_note(self._composition) if p.share_base == "total" else [])

    @_computed_once
    def claims(self) -> pd.DataFrame:
        """Shares of the deficit that sources claimed, beside the share of the balance computed from figures."""
        p = self.params
        return claims_.claims(self.dataset.context, self.dataset.figures, p.partner, p.vintage_order)

    @property
    @_computed_once
    def _outcomes(self) -> pd.DataFrame:
        p = self.params
        mine = outcomes_.of_partner(self.dataset.outcomes, self.dataset.deals, p.partner)
        return outcomes_.within_hindsight(mine, p.as_of, p.hindsight)

    def outcomes_note(self) -> str:
        """One line: whether the partner has deal outcomes, and how they relate to the as-of date."""
        p = self.params
        every = outcomes_.of_partner(self.dataset.outcomes, self.dataset.deals, p.partner)
        return outcomes_.hindsight_note(every, p.as_of, p.hindsight)

    def outcome_notes(self) -> list[str]:
        """What the outcome section can say: the as-of line, then (if any outcome is shown) the shares line."""
        if self._outcomes.empty:
            return [self.outcomes_note()]
        return [self.outcomes_note(), outcomes_.shares_note(self.shares_met())]

    @_computed_once
    def outcomes(self) -> pd.DataFrame:
        """Each deal's baselines, targets and actuals side by side, with the kind of promise and the basis."""
        return outcomes_.side_by_side(self._outcomes)

    @_computed_once
    def shares_met(self) -> pd.DataFrame:
        """Shares of each commitment met: computed from figures on one basis, and claimed by sources."""
        return outcomes_.shares_met(self._outcomes)

    @_computed_once
    def outcome_path(self) -> pd.DataFrame:
        """The points of the outcome chart: levels and counts over time, with goal and baseline."""
        return outcomes_.outcome_path(self._outcomes, self.shares_met())

    @_computed_once
    def deals(self) -> pd.DataFrame:
        """The partner's deals: id, title, date signed or announced, note and source (without hindsight: by the as-of date)."""
        p = self.params
        deals = self.dataset.deals
        mine = deals[(deals["partner"] == p.partner) & (p.hindsight | (deals["date"] <= p.as_of))]
        return mine[["deal", "title", "date", "note", "source_id"]].reset_index(drop=True)

    @_computed_once
    def sources(self) -> pd.DataFrame:
        """Every source behind a number or status shown in the report, with publisher, date and URL.

        The key findings' and the contributions' sources are in it too: a finding may cite a figure of
        the comparison year that no other table shows (the 1992 automotive estimate, ct-1993-01-10).
        """
        return provenance.sources_used(
            self.dataset.sources,
            self.headline()["source_id"],
            self._composition["source_id"],
            self._status["source_id"],
            self.claims()["source_id"],
            self.status_bands()["source_id"],
            self.balance_history()["source_id"],
            self.market_context()["source_id"],
            self.deals()["source_id"],
            self.outcomes()["source_id"],
            self.policy_status()["source_id"],
            self.non_trade_issues()["source_id"],
            self.tariff_series()["source_id"],
            self.dataset.policy_sectors.get("source_id", pd.Series(dtype=object)),
            self.contributions()["source_id"],
            self.dollars_covered()["source_id"],
            self.coverage_claims()["source_id"],
            self.key_findings()["source_ids"],
        )

    @_computed_once
    def key_findings(self) -> pd.DataFrame:
        """Four to six sentences, each with its number, period, section and sources (registry order)."""
        return findings_.key_findings(self)
