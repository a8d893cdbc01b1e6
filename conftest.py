"""Shared pytest set-up: wide pandas output so doctest tables print on one line."""

import pandas as pd

pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 20)

# The notebooks' jupytext pairs are not modules to import; nbval runs the .ipynb files.
collect_ignore_glob = ["notebooks/*.py"]
