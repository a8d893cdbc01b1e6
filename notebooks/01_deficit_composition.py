# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
partner = "JPN"  # partner code as written in the figures table (JPN: Japan)
focus_year = 1994  # the year whose deficit is broken down by sector
compare_year = 1992  # the year the focus year is compared with
as_of = "1994-06-06"  # negotiation status as of this date, YYYY-MM-DD
data_dir = "data/raw/us-japan-framework"  # dataset folder, relative to the project root
title = "Trade deficit composition"  # the report's title (a named run gives its own)
measure = "balance"  # what the shares are shares of: "balance", "imports" or "exports"
top_n = 5  # how many sectors the top-sectors table lists
vintage_order = ["first_release", "revised", "press", "official_statement", "estimate", "study", "approximate"]  # preferred vintages, best first
hindsight = True  # show deal outcomes measured after the as-of date ("what followed"); False leaves them out
share_base = "total"  # shares of the partner "total", or of the sum of the "sectors" on their one vintage

# %%
from deficit_report.analysis.report import open_report
from deficit_report.rendering import charts, dollars_covered, outcome_charts, tables, tariff_charts, time_charts

report = open_report(partner=partner, focus_year=focus_year, compare_year=compare_year, as_of=as_of,
                     data_dir=data_dir, title=title, measure=measure, top_n=top_n,
                     vintage_order=vintage_order, hindsight=hindsight, share_base=share_base)
tables.title_block(report)

# %% [markdown]
# ## Key findings

# %%
tables.findings(report.key_findings())

# %%
charts.first_chart(report)

# %% [markdown]
# **About this report.** Where does the bilateral deficit come from, sector by sector, and how much of it do the
# sectors under negotiation actually cover? Every number comes from the dataset folder named above, and every
# figure names its source ([Sources](#section:Sources)). Money is in billions of U.S. dollars, from the U.S. side:
# a deficit is negative. Under each table and chart, "Data" links its unrounded figures as CSV and the workbook.

# %% [markdown]
# ## 1. Headline
#
# The goods balance with the partner in both years and its change (and the report's measure, if
# it is not the balance). `method` says whether a balance was computed from exports and imports or
# reported as a balance; `vintage` and `source_id` say which figure was used, `alternatives` the
# figures that were not.

# %%
# NBVAL_CHECK_OUTPUT
tables.display_table(report.headline())

# %% [markdown]
# What the data can and cannot say for the focus year:

# %%
tables.note(report.data_notes())

# %% [markdown]
# ## 2. Composition
#
# Each sector's share of the focus-year total, counted at the level where figures exist
# (a parent and its children are never counted together), with an explicit "all other goods"
# remainder so the shares add up to 100%.

# %%
charts.composition_chart(report.composition(), report.status(), report.params.measure)

# %% [markdown]
# Every sector, including those without a figure (they lie inside "all other goods") and
# services (outside the goods balance):

# %%
tables.display_table(report.composition())

# %% [markdown]
# ### Concentration
#
# The largest sectors, and the Herfindahl-Hirschman index (shares in percent; 10,000 means one
# sector holds everything). The remainder's make-up is unknown, so the index is a range: at least
# the identified sectors' part, at most that plus the remainder counted as one sector.

# %%
tables.display_table(report.top_sectors())

# %%
tables.display_table(report.concentration())

# %% [markdown]
# ## 3. Contributions to the change
#
# How much each sector added to the change in the total between the comparison and the focus
# year, at the level where both years have figures; "all other goods" takes the rest, so the
# contributions add up exactly to the change. `vintages` names the figure used in each year.

# %%
charts.contribution_chart(report.contributions(), report.params.measure)

# %%
tables.display_table(report.contributions())

# %% [markdown]
# ## 4. Status as of the date
#
# Each sector's negotiation status on the as-of date: the latest event on or before it.
# A parent without events of its own takes its children's status, or "mixed" when they differ.

# %%
tables.display_table(report.status())

# %% [markdown]
# ### Policies
#
# Policies that cut across sectors (tariff lists, purchase commitments), each at its status on the
# as-of date, with the flow it concerns; the `policies` column above says which sectors each one
# reaches, for all or part of their trade. A dataset without policies shows an empty table.

# %%
tables.display_table(report.policy_status())

# %% [markdown]
# ## 5. Status over time
#
# Every sector's (and policy's) status from its first event on, with a rule at the as-of date. In JupyterLab
# this chart is live: hover a band for its event, note and source. The events, in order:

# %%
time_charts.timeline_chart(report.status_bands(), report.params.as_of)

# %%
tables.display_table(report.status_bands())

# %% [markdown]
# ## 6. Coverage
#
# Where the dataset has product-level data (tariff lists, retaliation waves by product line), coverage
# leads with the dollars covered per list and per wave, each with its basis, the share of each flow and
# the average tariff each side, beside the shares and averages sources claimed. Then the share of the
# total held by sectors in each status group: sectors without a figure lie inside "all other goods", so
# their group holds at least its share with figures and at most that plus the remainder.

# %%
dollars_covered.lead(report)

# %%
dollars_covered.dollars_table(report.dollars_covered())

# %%
dollars_covered.claims_table(report.coverage_claims())

# %%
tables.note(report.key_sentence())

# %%
charts.coverage_chart(report.coverage(), report.params.measure)

# %%
# NBVAL_CHECK_OUTPUT
tables.display_table(report.coverage())

# %% [markdown]
# The same by market type (markets the government controls or buys in, and private markets):

# %%
tables.display_table(report.coverage(by="market"))

# %% [markdown]
# ### Coverage per flow
#
# A status event (or a policy such as a tariff list) concerns imports from the partner, exports
# to it, both, or no trade flow at all. Each flow's coverage is its own range, never added to the
# other's: a group holds at least the sectors only it can hold and at most every sector a status of
# that group reaches (directly, through its children, or through a list covering all or part of it).

# %%
tables.note(report.flow_key_sentences())

# %%
tariff_charts.flow_coverage_chart(report.coverage_by_flow())

# %% [markdown]
# What each group means for the balance, in dollars: the exports it may hold minus the imports it
# may hold (a range, not a share of the deficit):

# %%
tables.display_table(report.balance_effect())

# %% [markdown]
# Issues that are not a trade flow (intellectual property, financial services), at their status on
# the as-of date; they hold no share of any flow:

# %%
tables.display_table(report.non_trade_issues())

# %% [markdown]
# ## 7. Coverage as deals close
#
# The share of the focus-year total held by sectors with an agreement after each event:
# piece by piece (each deal counts when it is reached) against the all-or-nothing package
# (nothing counts until every sector agrees). The band reaches the most it can be.
# When every event names a flow (imports or exports), the path is per flow: after each event,
# the share of imports, and of exports, held by sectors with an agreement, through the same
# coverage function as every coverage table (lists that cover part of a sector make the band wide).

# %%
time_charts.coverage_path_chart(report.coverage_path(), report.params.measure, as_of=report.params.as_of)

# %%
tables.display_table(report.coverage_path())

# %% [markdown]
# ## 8. Tariffs as a measured status
#
# The trade-weighted average tariff by sector, month by month, on both sides: the U.S. tariff on
# imports from the partner and the partner's tariff on U.S. exports. Dashed rules mark the dates of
# the policies' status events; each line's colour says how much the sector's yearly average
# tariff rose from the comparison to the focus year.

# %%
tariff_charts.tariff_chart(report.tariff_series(), report.tariff_action_dates(), report.tariff_changes())

# %% [markdown]
# The change in each flow from the comparison to the focus year, summed over sectors grouped by
# how much their tariff rose; the last column is the contribution to the change in the balance
# (exports +, imports -), and its rows add up to that change on the sectors' figures.

# %%
tables.display_table(report.change_by_exposure())

# %% [markdown]
# ## 9. Sector rows and the country total
#
# The sum of the sectors beside the partner total, each year and flow, both vintages named. Where
# they differ, the difference mixes revisions with trade in no counted sector: it is stated here and
# never shown as a sector; with `share_base` "sectors" the shares are of the sum of the sectors.

# %%
tables.display_table(report.reconciliation())

# %% [markdown]
# ## 10. The balance over time
#
# The partner balance for every year with data; where a year has several vintages (first release,
# revision) all are shown, the one used is filled, and the focus and comparison years are ringed.

# %%
time_charts.history_chart(report.balance_history())

# %% [markdown]
# ## 11. Market-access context
#
# Facts that are not trade flows (market sizes, shares, procurement sales), with their units.
# They describe the sectors without trade figures; they are never mixed into the shares above.

# %%
tables.display_table(report.market_context())

# %% [markdown]
# ## 12. Claims beside figures
#
# Shares of the deficit that sources claimed for a sector, beside the share computed from
# the figures for the same year ("no figure" where the data cannot say).

# %%
charts.claims_chart(report.claims())

# %%
tables.display_table(report.claims())

# %% [markdown]
# ## 13. Deal outcomes
#
# What each deal promised and what was measured afterwards: baseline, target and actual side by
# side, with the kind of promise (a legal commitment, an official estimate, or a stated goal of one
# side) and the basis (whose statistics, who computed them). Figures on different bases are never
# compared; where sources disagree, every figure is listed with its source.

# %%
tables.note(report.outcome_notes())

# %%
outcome_charts.outcome_chart(report.outcome_path(), report.shares_met(), report.outcomes_note())

# %% [markdown]
# The deals: when each was signed or announced, and, plainly, what was searched for and not found:

# %%
tables.display_table(report.deals())

# %% [markdown]
# The share of each commitment met: computed from figures only where the actual and the target
# level rest on one basis (`actual / (baseline + increment)`, with the increment achieved beside
# it), then every share a source claimed for the same deal and period.

# %%
tables.display_table(report.shares_met())

# %% [markdown]
# Every figure of the deals, baseline, target and actual, with its promise, basis and source:

# %%
tables.display_table(report.outcomes())

# %% [markdown]
# ## 14. Sources
#
# Every source behind a figure or a status shown above.

# %%
tables.source_list(report.sources())
