"""Deal outcomes: what each deal promised and what was measured afterwards.

Three frames, from the ``deals`` and ``outcomes`` tables:

- :func:`side_by_side`: every baseline, target and actual of a deal, per item,
  with the kind of promise and the basis (whose statistics, who computed it);
- :func:`shares_met`: the share of a commitment met, **computed** from figures
  only where the actual and the target level are on the same basis (same
  statistics and same computer), as PIIE computes it:
  ``actual level / (baseline + increment)`` (or ``actual / target level`` where
  a source gives the level); the increment achieved,
  ``(actual - baseline) / increment``, is shown beside it, labelled; and every
  share a source **claimed** for the same deal, item and period, with its
  source: none is picked;
- :func:`outcome_path`: the values a chart draws (levels and counts over time,
  with the goal and the baseline).

Figures are never filled in: a share is computed only where every figure it
needs exists, on one basis and for one period.
"""

from __future__ import annotations

import pandas as pd

from deficit_report.vocabulary import OUTCOME_KINDS, PROMISE_WORDS

SIDE_COLUMNS = [
    "deal",
    "item",
    "sector",
    "kind",
    "period",
    "value",
    "unit",
    "promise",
    "basis",
    "computed_by",
    "source_id",
]
SHARE_COLUMNS = [
    "deal",
    "item",
    "period",
    "how",
    "share_met",
    "increment_achieved_share",
    "baseline_usd_bn",
    "increment_usd_bn",
    "target_level_usd_bn",
    "actual_usd_bn",
    "basis",
    "computed_by",
    "source_id",
]
#: How a computed share was worked out, and how a claimed one is labelled.
FROM_INCREMENT = "computed: actual / (baseline + increment)"
FROM_LEVEL = "computed: actual / target level"
CLAIMED = "claimed by {who}"


def period_label(start: str, end: str) -> str:
    """Name a period the way a reader says it: a year, a span of years, a Japanese fiscal year, or dates.

    Examples
    --------
    >>> period_label("2020-01-01", "2020-12-31"), period_label("2020-01-01", "2021-12-31")
    ('2020', '2020-2021')
    >>> period_label("1999-04-01", "2000-03-31"), period_label("1995-06-28", "1996-07-31")
    ('FY1999', '1995-06-28 to 1996-07-31')
    >>> period_label("2020-02-14", "2020-02-14")
    '2020-02-14'
    """
    if start == end:
        return start
    if start.endswith("-01-01") and end.endswith("-12-31"):
        first, last = start[:4], end[:4]
        return first if first == last else f"{first}-{last}"
    if start.endswith("-04-01") and end.endswith("-03-31") and int(end[:4]) == int(start[:4]) + 1:
        return f"FY{start[:4]}"
    return f"{start} to {end}"


def of_partner(outcomes: pd.DataFrame, deals: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Return the outcome rows of the partner's deals, with each deal's date and title.

    Examples
    --------
    >>> deals = pd.DataFrame({"deal": ["a", "b"], "partner": ["JPN", "CHN"], "title": ["A", "B"],
    ...                       "date": ["1995-06-28", "2020-01-15"]})
    >>> rows = pd.DataFrame({"deal": ["a", "b"], "value": [1.0, 2.0]})
    >>> of_partner(rows, deals, "CHN")[["deal", "deal_date"]].values.tolist()
    [['b', '2020-01-15']]
    """
    mine = deals.loc[deals["partner"] == partner, ["deal", "title", "date"]]
    mine = mine.rename(columns={"title": "deal_title", "date": "deal_date"})
    return outcomes.merge(mine, on="deal", how="inner")


def within_hindsight(outcomes: pd.DataFrame, as_of: str, hindsight: bool) -> pd.DataFrame:
    """Return the outcomes a report shows: all of them with hindsight, else only those ending by ``as_of``.

    Examples
    --------
    >>> rows = pd.DataFrame({"period_end": ["1994-12-31", "1998-12-31"]})
    >>> len(within_hindsight(rows, "1996-01-01", True)), len(within_hindsight(rows, "1996-01-01", False))
    (2, 1)
    """
    if hindsight:
        return outcomes.copy()
    return outcomes[outcomes["period_end"] <= as_of].copy()


def unit_text(unit: str, meaning: str, share_kind: str) -> str:
    """Say a value's unit and meaning in words.

    Examples
    --------
    >>> unit_text("usd_bn", "increment", ""), unit_text("percent", "share", "market")
    ('USD bn, increment over the baseline', '% of the market')
    >>> unit_text("count", "count", ""), unit_text("percent", "share", "commitment")
    ('count', '% of the commitment met')
    """
    if meaning == "share":
        return {"market": "% of the market", "commitment": "% of the commitment met", "trade": "% of covered trade"}[
            share_kind
        ]
    words = {"usd_bn": "USD bn", "count": "count", "million_vehicles": "million vehicles", "multiple": "times"}[unit]
    return f"{words}, increment over the baseline" if meaning == "increment" else words


def side_by_side(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Return baselines, targets and actuals per deal and item, in that order, with promise and basis.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Outcome rows with their deal's date (see :func:`of_partner`).

    Examples
    --------
    >>> rows = pd.DataFrame({"deal": "d", "deal_date": "2020-01-15", "item": "energy", "sector": "",
    ...     "kind": ["actual", "target", "baseline"], "period_start": ["2020-01-01", "2020-01-01", "2017-01-01"],
    ...     "period_end": ["2020-12-31", "2020-12-31", "2017-12-31"], "value": [8.8, 18.5, 7.65],
    ...     "unit": "usd_bn", "meaning": ["level", "increment", "level"], "share_kind": "",
    ...     "promise": ["", "legal_commitment", ""], "basis": "us_exports", "computed_by": "Waugh", "source_id": "w"})
    >>> side_by_side(rows)[["kind", "period", "value", "promise"]].values.tolist()
    [['baseline', '2017', 7.65, ''], ['target', '2020', 18.5, 'legal commitment'], ['actual', '2020', 8.8, '']]
    """
    if outcomes.empty:
        return pd.DataFrame(columns=SIDE_COLUMNS)
    rank = {kind: n for n, kind in enumerate(OUTCOME_KINDS)}
    frame = outcomes.assign(_kind=outcomes["kind"].map(rank)).sort_values(
        ["deal_date", "deal", "item", "_kind", "period_end", "period_start"], kind="stable"
    )
    out = pd.DataFrame(
        {
            "deal": frame["deal"],
            "item": frame["item"],
            "sector": frame["sector"],
            "kind": frame["kind"],
            "period": [period_label(s, e) for s, e in zip(frame["period_start"], frame["period_end"])],
            "value": frame["value"],
            "unit": [unit_text(u, m, k) for u, m, k in zip(frame["unit"], frame["meaning"], frame["share_kind"])],
            "promise": frame["promise"].map(lambda p: PROMISE_WORDS.get(p, "")),
            "basis": frame["basis"],
            "computed_by": frame["computed_by"],
            "source_id": frame["source_id"],
        }
    )
    return out.reset_index(drop=True)


def _same(frame: pd.DataFrame, row, columns: tuple[str, ...]) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column in columns:
        mask &= frame[column] == getattr(row, column)
    return frame[mask]


def _computed(outcomes: pd.DataFrame) -> list[dict]:
    """Return one computed share per actual money level that has a target on its basis and period."""
    money = outcomes[(outcomes["unit"] == "usd_bn")]
    actuals = money[(money["kind"] == "actual") & (money["meaning"] == "level")]
    targets = money[money["kind"] == "target"]
    baselines = money[(money["kind"] == "baseline") & (money["meaning"] == "level")]
    rows = []
    for actual in actuals.itertuples():
        period = period_label(actual.period_start, actual.period_end)
        same_period = _same(targets, actual, ("deal", "item", "period_start", "period_end"))
        common = dict(
            deal=actual.deal,
            item=actual.item,
            period=period,
            actual=actual.value,
            basis=actual.basis,
            computed_by=actual.computed_by,
        )
        for target in _same(
            same_period[same_period["meaning"] == "level"], actual, ("basis", "computed_by")
        ).itertuples():
            rows.append(
                dict(
                    common,
                    how=FROM_LEVEL,
                    share_met=actual.value / target.value,
                    increment_achieved=float("nan"),
                    baseline=float("nan"),
                    increment=float("nan"),
                    target_level=target.value,
                    source_id="; ".join(dict.fromkeys([actual.source_id, target.source_id])),
                )
            )
        increments = same_period[same_period["meaning"] == "increment"]
        before = _same(baselines, actual, ("deal", "item", "basis", "computed_by"))
        for target in increments.itertuples():
            for baseline in before.itertuples():
                level = baseline.value + target.value
                rows.append(
                    dict(
                        common,
                        how=FROM_INCREMENT,
                        share_met=actual.value / level,
                        increment_achieved=(actual.value - baseline.value) / target.value,
                        baseline=baseline.value,
                        increment=target.value,
                        target_level=level,
                        source_id="; ".join(dict.fromkeys([actual.source_id, baseline.source_id, target.source_id])),
                    )
                )
    return rows


def _together(rows: list[dict]) -> list[dict]:
    """Return, per deal, period and basis, the items computed from increments added together (two or more)."""
    frame = pd.DataFrame([r for r in rows if r["how"] == FROM_INCREMENT])
    out = []
    if frame.empty:
        return out
    for (deal, period, basis, by), group in frame.groupby(["deal", "period", "basis", "computed_by"], sort=False):
        if len(group) < 2 or group["item"].duplicated().any():
            continue
        level, actual = group["target_level"].sum(), group["actual"].sum()
        baseline, increment = group["baseline"].sum(), group["increment"].sum()
        out.append(
            dict(
                deal=deal,
                item=" + ".join(group["item"]),
                period=period,
                how=FROM_INCREMENT,
                share_met=actual / level,
                increment_achieved=(actual - baseline) / increment,
                baseline=baseline,
                increment=increment,
                target_level=level,
                actual=actual,
                basis=basis,
                computed_by=by,
                source_id="; ".join(dict.fromkeys("; ".join(group["source_id"]).split("; "))),
            )
        )
    return out


def _claimed(outcomes: pd.DataFrame) -> list[dict]:
    """Return every share of a commitment met that a source stated, as it stated it."""
    claims = outcomes[(outcomes["kind"] == "actual") & (outcomes["share_kind"] == "commitment")]
    nan = float("nan")
    return [
        dict(
            deal=c.deal,
            item=c.item,
            period=period_label(c.period_start, c.period_end),
            how=CLAIMED.format(who=c.computed_by),
            share_met=c.value / 100,
            increment_achieved=nan,
            baseline=nan,
            increment=nan,
            target_level=nan,
            actual=nan,
            basis=c.basis,
            computed_by=c.computed_by,
            source_id=c.source_id,
        )
        for c in claims.itertuples()
    ]


def shares_met(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Return each share of a commitment met: computed from figures on one basis, and claimed by sources.

    Computed rows need an actual money level and, for the same deal, item and
    period, either a target level on the same basis (same statistics and same
    computer) or a target increment plus a baseline on the actual's basis.
    Items computed from increments on one basis are also added together.
    Claimed rows are the sources' own percentages of a commitment met. Shares
    are fractions.

    Examples
    --------
    The tracker's 2020 agriculture figures (U.S. exports, Annex 6.1 mapping):
    27.30 / (20.97 + 12.5) = 81.6%; (27.30 - 20.97) / 12.5 = 50.7% of the increment.

    >>> rows = pd.DataFrame({"deal": "p1", "deal_date": "2020-01-15", "item": "agriculture",
    ...     "kind": ["baseline", "target", "actual", "actual"], "period_start": ["2017-01-01"] + ["2020-01-01"] * 3,
    ...     "period_end": ["2017-12-31"] + ["2020-12-31"] * 3, "value": [20.97, 12.5, 27.30, 64.0],
    ...     "unit": ["usd_bn"] * 3 + ["percent"], "meaning": ["level", "increment", "level", "share"],
    ...     "share_kind": ["", "", "", "commitment"], "basis": ["us_exports", "agreement", "us_exports", "china_imports"],
    ...     "computed_by": ["Waugh", "Agreement", "Waugh", "PIIE"], "source_id": ["w", "a", "w", "p"]})
    >>> s = shares_met(rows)
    >>> [(r.how, round(r.share_met, 3), round(r.increment_achieved_share, 3)) for r in s.head(1).itertuples()]
    [('computed: actual / (baseline + increment)', 0.816, 0.506)]
    >>> s.loc[1, "how"], float(s.loc[1, "share_met"])
    ('claimed by PIIE', 0.64)
    """
    if outcomes.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    computed = _computed(outcomes)
    rows = computed + _together(computed) + _claimed(outcomes)
    names = {
        "increment_achieved": "increment_achieved_share",
        "baseline": "baseline_usd_bn",
        "increment": "increment_usd_bn",
        "target_level": "target_level_usd_bn",
        "actual": "actual_usd_bn",
    }
    if not rows:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    frame = pd.DataFrame(rows).rename(columns=names)[SHARE_COLUMNS]
    order = {deal: n for n, deal in enumerate(outcomes.sort_values("deal_date", kind="stable")["deal"].unique())}
    frame = frame.assign(_deal=frame["deal"].map(order), _claim=frame["how"].str.startswith("claimed"))
    frame = frame.sort_values(["_deal", "period", "_claim", "item"], kind="stable")
    return frame.drop(columns=["_deal", "_claim"]).reset_index(drop=True)


def outcome_path(outcomes: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """Return the points an outcome chart draws: per item, each level or count over time, and the goal.

    Items drawn are those with an actual and a baseline or goal in the same
    unit (levels, counts and shares of a market; increments are drawn as the
    level they imply where :func:`shares_met` computed it, labelled so). Money
    totals over several calendar years (a two-year commitment) stay in the
    tables: they are not points on a path of annual levels. Money figures are
    compared only on one basis (``compared_on``: China's imports and U.S.
    exports differ by freight, timing and coverage), so an item has one path
    per basis and a goal with no actual on its basis stays in the tables; a
    count or a market share is one path whatever its source.

    Examples
    --------
    >>> rows = pd.DataFrame({"deal": "a", "item": "auto_dealers", "kind": ["target", "actual", "actual"],
    ...     "period_start": "1995-06-28", "period_end": ["1996-12-31", "1996-07-31", "1997-07-31"],
    ...     "value": [200.0, 106.0, 132.0], "unit": "count", "meaning": "count", "share_kind": "",
    ...     "basis": ["company_goals", "company_data", "company_data"], "computed_by": "AAMA", "source_id": "s"})
    >>> outcome_path(rows, pd.DataFrame(columns=SHARE_COLUMNS))[["kind", "date", "value"]].values.tolist()
    [['target', '1996-12-31', 200.0], ['actual', '1996-07-31', 106.0], ['actual', '1997-07-31', 132.0]]
    >>> money = rows.assign(unit="usd_bn", meaning="level", basis=["china_imports", "us_exports", "us_exports"])
    >>> outcome_path(money, pd.DataFrame(columns=SHARE_COLUMNS)).empty  # a goal in China's imports, actuals in U.S. exports
    True
    """
    columns = ["deal", "item", "unit", "compared_on", "kind", "date", "value", "computed_by", "source_id"]
    drawn = outcomes[outcomes["meaning"].isin(["level", "count"]) | (outcomes["share_kind"] == "market")]
    # a money total over several calendar years (2020-2021) is not a point on a path of annual levels
    labels = pd.Series(
        [period_label(a, b) for a, b in zip(drawn["period_start"], drawn["period_end"])], index=drawn.index
    )
    drawn = drawn[~((drawn["unit"] == "usd_bn") & labels.str.fullmatch(r"\d{4}-\d{4}"))]
    drawn = drawn.assign(compared_on=drawn["basis"].where(drawn["unit"] == "usd_bn", ""))
    keep = []
    for _, group in drawn.groupby(["deal", "item", "unit", "compared_on"], sort=False):
        if (group["kind"] == "actual").any() and (group["kind"] != "actual").any():
            keep.append(group)
    points = [
        pd.DataFrame(
            {
                "deal": g["deal"],
                "item": g["item"],
                "unit": g["unit"],
                "compared_on": g["compared_on"],
                "kind": g["kind"],
                "date": g["period_end"],
                "value": g["value"],
                "computed_by": g["computed_by"],
                "source_id": g["source_id"],
            }
        )
        for g in keep
    ]
    implied = shares[shares["how"] == FROM_INCREMENT].dropna(subset=["target_level_usd_bn"])
    # one item, one calendar year: the level a baseline plus the promised increment implies
    implied = implied[~implied["item"].str.contains(" + ", regex=False) & implied["period"].str.fullmatch(r"\d{4}")]
    if not implied.empty:
        points.append(
            pd.DataFrame(
                {
                    "deal": implied["deal"],
                    "item": implied["item"],
                    "unit": "usd_bn",
                    "compared_on": implied["basis"],
                    "kind": "target (baseline + increment)",
                    "date": implied["period"] + "-12-31",
                    "value": implied["target_level_usd_bn"],
                    "computed_by": implied["computed_by"],
                    "source_id": implied["source_id"],
                }
            )
        )
    if not points:
        return pd.DataFrame(columns=columns)
    out = pd.concat(points, ignore_index=True)[columns]
    out = out.drop_duplicates(subset=[c for c in columns if c != "source_id"])
    return out.reset_index(drop=True)


def hindsight_note(outcomes: pd.DataFrame, as_of: str, hindsight: bool) -> str:
    """Say in one line how the outcomes relate to the report's as-of date.

    Examples
    --------
    >>> rows = pd.DataFrame({"period_end": ["1996-07-31", "1998-12-31"], "kind": ["actual", "target"]})
    >>> hindsight_note(rows, "1994-06-06", True)
    'What followed: every target and actual below lies after the as-of date (1994-06-06), so this section is hindsight, not what was known then.'
    >>> hindsight_note(rows, "1994-06-06", False)
    'Hindsight is off: every target and actual lies after the as-of date (1994-06-06), so none is shown.'
    >>> hindsight_note(rows.iloc[:0], "1994-06-06", True)
    'This dataset records no deal outcomes.'
    """
    if outcomes.empty:
        return "This dataset records no deal outcomes."
    promised = outcomes[outcomes["kind"] != "baseline"] if "kind" in outcomes else outcomes
    later = promised["period_end"] > as_of
    if not hindsight:
        if later.all():
            return f"Hindsight is off: every target and actual lies after the as-of date ({as_of}), so none is shown."
        return f"Hindsight is off: only figures ending on or before the as-of date ({as_of}) are shown."
    if later.all():
        return (
            f"What followed: every target and actual below lies after the as-of date ({as_of}), "
            "so this section is hindsight, not what was known then."
        )
    if later.any():
        return f"Hindsight: {int(later.sum())} of {len(later)} targets and actuals below lie after the as-of date ({as_of})."
    return f"Every target and actual below ends on or before the as-of date ({as_of})."


def shares_note(shares: pd.DataFrame) -> str:
    """Say in one line how many shares of a commitment met were computed and how many claimed.

    Examples
    --------
    >>> shares_note(pd.DataFrame({"how": [FROM_INCREMENT, FROM_LEVEL, "claimed by PIIE"]}))
    'Shares of a commitment met: 2 computed from figures on one basis, 1 claimed by sources (below).'
    >>> shares_note(pd.DataFrame({"how": []}))
    'No share of a commitment met can be computed: no actual has a target for the same period on its basis; none was claimed.'
    """
    claimed = int(shares["how"].str.startswith("claimed").sum()) if not shares.empty else 0
    done = len(shares) - claimed
    if done == 0 and claimed == 0:
        return (
            "No share of a commitment met can be computed: no actual has a target for the same period on its basis; "
            "none was claimed."
        )
    return (
        f"Shares of a commitment met: {done} computed from figures on one basis, {claimed} claimed by sources (below)."
    )
