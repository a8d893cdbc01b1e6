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

# %% [markdown]
# **Trade deficit composition report.** Where does the bilateral deficit come from, sector by sector, and how much of it do the
# sectors under negotiation actually cover? Every number below comes from the dataset
# folder named in the parameters, and every figure names its source (section 6).
# Money is in billions of U.S. dollars, from the U.S. side: a deficit is negative.

# %% tags=["parameters"]
partner = "JPN"  # partner code as written in the figures table (JPN = Japan)
focus_year = 1994  # the year whose deficit is broken down by sector
compare_year = 1992  # the year the focus year is compared with
as_of = "1994-06-06"  # negotiation status as of this date, YYYY-MM-DD
data_dir = "data/raw/us-japan-framework"  # dataset folder, relative to the project root
title = "U.S.-Japan framework talks: the 1994 deficit by sector"  # the report's title

# %%
from deficit_report import charts, sections, tables

report = sections.open_report(partner=partner, focus_year=focus_year, compare_year=compare_year,
                              as_of=as_of, data_dir=data_dir, title=title)
tables.title_block(report)

# %% [markdown]
# ## 1. Headline
#
# The goods balance with the partner in both years and its change. `method` says whether the
# balance was computed from exports and imports or reported as a balance; `vintage` and
# `source_id` say which figure was used, `alternatives` the figures that were not.

# %%
# NBVAL_CHECK_OUTPUT
tables.display_table(report.headline())

# %% [markdown]
# ## 2. Composition
#
# Each sector's share of the focus-year deficit, counted at the level where figures exist
# (a parent and its children are never counted together), with an explicit "all other goods"
# remainder so the shares add up to 100%.

# %%
charts.composition_chart(report.composition(), report.status())

# %% [markdown]
# Every sector, including those without a figure (they lie inside "all other goods") and
# services (outside the goods balance):

# %%
tables.display_table(report.composition())

# %% [markdown]
# ## 3. Status as of the date
#
# Each sector's negotiation status on the as-of date: the latest event on or before it.
# A parent without events of its own takes its children's status, or "mixed" when they differ.

# %%
tables.display_table(report.status())

# %% [markdown]
# ## 4. Coverage
#
# The share of the deficit held by sectors in each status group. Sectors without a figure
# lie inside "all other goods", so their group holds at least its share with figures and at
# most that plus the remainder.

# %%
tables.note(report.key_sentence())

# %%
charts.coverage_chart(report.coverage())

# %%
# NBVAL_CHECK_OUTPUT
tables.display_table(report.coverage())

# %% [markdown]
# The same by market type (markets the government controls or buys in, and private markets):

# %%
tables.display_table(report.coverage(by="market"))

# %% [markdown]
# ## 5. Claims beside figures
#
# Shares of the deficit that sources claimed for a sector, beside the share computed from
# the figures for the same year ("no figure" where the data cannot say).

# %%
charts.claims_chart(report.claims())

# %%
tables.display_table(report.claims())

# %% [markdown]
# ## 6. Sources
#
# Every source behind a figure or a status shown above.

# %%
tables.source_list(report.sources())
