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
from deficit_report.rendering import charts, dollars_covered, labels, outcome_charts, tables, tariff_charts, time_charts

report = open_report(partner=partner, focus_year=focus_year, compare_year=compare_year, as_of=as_of,
                     data_dir=data_dir, title=title, measure=measure, top_n=top_n,
                     vintage_order=vintage_order, hindsight=hindsight, share_base=share_base)
labels.use(report)  # plain names (Japan, Section 301 List 4A) in every table and chart below
tables.title_block(report)

# %% [markdown] tags=["not-in-report"]
# Sections without anything to show for this data are listed here, once, in the HTML page.

# %% [markdown] tags=["heading"]
# ## Key findings

# %%
tables.findings(report.key_findings())

# %%
charts.first_chart(report)

# %% [markdown]
# **About this report.** Where does the deficit come from, sector by sector, and how much of it do the sectors
# under negotiation cover? Every number comes from the dataset named above and names its source
# ([Sources](#section:Sources)); billions of U.S. dollars, U.S. side (a deficit is negative); "Data" links the CSV.

# %%
tables.context_box(report)

# %% [markdown] tags=["section"]
# ## Headline
#
# The goods balance with the partner in both years and its change: how each figure was obtained
# (exports minus imports, or a reported balance), which vintage and source were used, and the figures
# that were not.

# %%
# NBVAL_CHECK_OUTPUT
tables.display_table(report.headline(), fold=False)

# %% [markdown] tags=["intro"]
# What the data can and cannot say for the focus year:

# %%
tables.note(report.data_notes(), run_in=True)

# %% [markdown] tags=["section"]
# ## Composition
#
# Each sector's share of the focus-year total where figures exist (a parent and its children never both),
# with an "all other goods" remainder so the shares add up to 100%; the table lists every sector.

# %%
charts.composition_chart(report.composition(), report.status(), report.params.measure)

# %%
tables.display_table(report.composition())

# %% [markdown] tags=["subsection"]
# ### Concentration
#
# The largest sectors and the Herfindahl-Hirschman index (10,000: one sector holds everything), a range
# because the remainder's make-up is unknown.

# %%
tables.display_table(report.top_sectors())

# %%
tables.display_table(report.concentration())

# %% [markdown] tags=["section"]
# ## Contributions to the change
#
# How much each sector moved the total between the two years, largest first; "all other goods" takes
# the rest, so the contributions add up exactly to the change.

# %%
charts.contribution_chart(report.contributions(), report.params.measure)

# %%
tables.display_table(report.contributions())

# %% [markdown] tags=["section"]
# ## Status as of the date
#
# Each sector's status on the as-of date (its latest event); a parent takes its children's, or "mixed".

# %%
tables.status_table(report.status(), report.params.as_of)

# %% [markdown] tags=["subsection"]
# ### Policies
#
# Policies that cut across sectors (tariff lists, purchase commitments), at their status on the as-of
# date, with the flow each concerns; the data file of the status table says which sectors each reaches.

# %%
tables.display_table(report.policy_status())

# %% [markdown] tags=["section"]
# ## Status over time
#
# Every sector's (and policy's) status from its first event on, with a rule at the as-of date; every event is
# listed in the appendix ([Status events](#section:Status-events)).

# %%
time_charts.timeline_chart(report.status_bands(), report.params.as_of)

# %% [markdown] tags=["section"]
# ## Coverage
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
# NBVAL_CHECK_OUTPUT
tables.display_table(report.coverage())

# %% [markdown] tags=["intro"]
# The same by market type (markets the government controls or buys in, and private markets):

# %%
tables.display_table(report.coverage(by="market"), folded=True)

# %% [markdown] tags=["subsection"]
# ### Coverage per flow
#
# An event or policy concerns imports, exports, both or no flow; each flow's coverage is its own range (at least
# the sectors only a group can hold, at most every sector its statuses reach), never added to the other's.

# %%
tables.note(report.flow_key_sentences(), shows_nothing=report.coverage_by_flow().empty)

# %%
charts.flow_coverage_in_section(report)

# %% [markdown] tags=["intro"]
# What each group means for the balance, in dollars: the exports it may hold minus the imports it
# may hold (a range, not a share of the deficit):

# %%
tables.display_table(report.balance_effect())

# %% [markdown] tags=["intro"]
# Issues that are not a trade flow (intellectual property, financial services), at their status on
# the as-of date; they hold no share of any flow:

# %%
tables.display_table(report.non_trade_issues(), folded=True)

# %% [markdown] tags=["section"]
# ## Coverage as deals close
#
# The share of the focus-year total held by sectors with an agreement after each event, piece by piece
# against all or nothing (nothing counts until every sector agrees); the band reaches the most it can be.
# When every event names a flow, the path is per flow, through the same coverage function as every table.

# %%
time_charts.coverage_path_chart(report.coverage_path(), report.params.measure, as_of=report.params.as_of)

# %%
tables.display_table(report.coverage_path())

# %% [markdown] tags=["section"]
# ## Tariffs as a measured status
#
# The trade-weighted average tariff by sector, month by month, on both sides; dashed rules mark the
# policies' status events, the five sectors with the highest tariff at the end are named.

# %%
tariff_charts.tariff_chart(report.tariff_series(), report.tariff_action_dates(), report.tariff_changes())

# %% [markdown] tags=["intro"]
# The change in each flow, summed over sectors grouped by how much their tariff rose; the last column,
# the contribution to the change in the balance (exports +, imports -), adds up to that change.

# %%
tables.display_table(report.change_by_exposure())

# %% [markdown] tags=["section"]
# ## The balance over time
#
# Exports, imports and the balance with the partner for every year with data (current dollars); where a
# year has several vintages of the balance, all are shown, the one used on top; focus and comparison years ringed.

# %%
time_charts.history_chart(report.balance_history(), report.flow_history())

# %% [markdown] tags=["section"]
# ## Market-access context
#
# Facts that are not trade flows (market sizes, shares, procurement sales), never mixed into the shares.

# %%
tables.display_table(report.market_context())

# %% [markdown] tags=["section"]
# ## Claims beside figures
#
# Shares of the deficit sources claimed for a sector, beside the share computed for the same year.

# %%
charts.claims_chart(report.claims())

# %%
tables.display_table(report.claims(), folded=True)

# %% [markdown] tags=["section"]
# ## Deal outcomes
#
# What each deal promised and what was measured afterwards, with the kind of promise and the basis (whose
# statistics, who computed them); figures on different bases are never compared, and every source is listed.

# %%
tables.note(report.outcome_notes(), shows_nothing=report.outcomes().empty)

# %%
outcome_charts.outcome_chart(report.outcome_path(), report.shares_met(), report.outcomes_note())

# %% [markdown] tags=["intro"]
# The deals: when each was signed or announced, and, plainly, what was searched for and not found:

# %%
tables.display_table(report.deals(), folded=True)

# %% [markdown] tags=["intro"]
# The share of each commitment met, computed only where actual and target rest on one basis (actual over
# baseline plus increment), then every share a source claimed.

# %%
tables.display_table(report.shares_met())

# %% [markdown] tags=["intro"]
# Every figure of the deals, baseline, target and actual, with its promise, basis and source:

# %%
tables.display_table(report.outcomes())

# %% [markdown] tags=["appendix"]
# ## Sector rows and the country total
#
# The sum of the sectors beside the partner total, each year and flow, both vintages named. Where
# they differ, the difference mixes revisions with trade in no counted sector: it is stated here and
# never shown as a sector; when shares are of the sum of the sectors, that sum is the decomposition's base.

# %%
tables.display_table(report.reconciliation())

# %% [markdown] tags=["appendix"]
# ## Status events
#
# Every status event of a sector or policy, in order, with its note and source (the bands of
# [Status over time](#section:Status-over-time)).

# %%
tables.display_table(report.status_bands())

# %% [markdown] tags=["appendix"]
# ## Sources
#
# Every source behind a figure or a status shown above.

# %%
tables.source_list(report.sources())
