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
# # Explore a run
#
# For analysts at work: pick a named run (`notebooks/params/`), change the years or the as-of
# date, and look. Charts here are live in JupyterLab: hover a bar or a band for its value and
# source; click a sector in the composition to show only its status over time (click empty
# space to show all). Every number comes from the same helper as the report.

# %% tags=["parameters"]
run = "us-japan-framework-1994"  # a named run in notebooks/params/, e.g. "us-japan-2024" or "us-china-2019"
focus_year = 1994  # the year to break down (must have a partner total in the run's data)
compare_year = 1992  # the year to compare it with
as_of = "1994-06-06"  # negotiation status as of this date, YYYY-MM-DD

# %%
from deficit_report.rendering import explore, tables
from deficit_report.running.runs import open_run

view = open_run(run, focus_year=focus_year, compare_year=compare_year, as_of=as_of)
tables.note(view.key_sentence())

# %% [markdown]
# ## Composition and status, linked
#
# Click a bar: the timeline shows the sectors whose trade that bar holds.

# %%
explore.linked_overview(view)

# %% [markdown]
# ## Two years side by side
#
# Each sector with a figure in both years; hover for the value and its source.

# %%
explore.year_comparison(view)

# %% [markdown]
# ## Tariffs by sector
#
# The monthly trade-weighted tariff of each sector, both sides (runs whose data has a tariff series,
# such as us-china-2019): hover a line for its sector and value, click one to pick it.

# %%
explore.tariff_lines(view)

# %% [markdown]
# ## The numbers behind the charts

# %%
# NBVAL_CHECK_OUTPUT
tables.display_table(view.contributions())
