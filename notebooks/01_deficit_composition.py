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

# %%
from deficit_report.analysis.report import open_report
from deficit_report.rendering import charts, tables, time_charts

report = open_report(partner=partner, focus_year=focus_year, compare_year=compare_year, as_of=as_of,
                     data_dir=data_dir, title=title, measure=measure, top_n=top_n,
                     vintage_order=vintage_order)
tables.title_block(report)

# %% [markdown]
# ## Key findings

# %%
tables.findings(report.key_findings())

# %%
charts.coverage_chart(report.coverage(), report.params.measure)

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
# ## 5. Status over time
#
# Every sector's status from its first event on, with a rule at the as-of date. In JupyterLab
# this chart is live: hover a band for its event, note and source. The events, in order:

# %%
time_charts.timeline_chart(report.status_bands(), report.params.as_of)

# %%
tables.display_table(report.status_bands())

# %% [markdown]
# ## 6. Coverage
#
# The share of the total held by sectors in each status group. Sectors without a figure
# lie inside "all other goods", so their group holds at least its share with figures and at
# most that plus the remainder.

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
# ## 7. Coverage as deals close
#
# The share of the focus-year total held by sectors with an agreement after each event:
# piece by piece (each deal counts when it is reached) against the all-or-nothing package
# (nothing counts until every sector agrees). The band reaches the most it can be.

# %%
time_charts.coverage_path_chart(report.coverage_path(), report.params.measure)

# %%
tables.display_table(report.coverage_path())

# %% [markdown]
# ## 8. The balance over time
#
# The partner balance for every year with data; where a year has several vintages (first release,
# revision) all are shown, the one used is filled, and the focus and comparison years are ringed.

# %%
time_charts.history_chart(report.balance_history())

# %% [markdown]
# ## 9. Market-access context
#
# Facts that are not trade flows (market sizes, shares, procurement sales), with their units.
# They describe the sectors without trade figures; they are never mixed into the shares above.

# %%
tables.display_table(report.market_context())

# %% [markdown]
# ## 10. Claims beside figures
#
# Shares of the deficit that sources claimed for a sector, beside the share computed from
# the figures for the same year ("no figure" where the data cannot say).

# %%
charts.claims_chart(report.claims())

# %%
tables.display_table(report.claims())

# %% [markdown]
# ## 11. Sources
#
# Every source behind a figure or a status shown above.

# %%
tables.source_list(report.sources())
