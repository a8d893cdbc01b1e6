"""Developer scripts, outside the installed package: dataset builders and project upkeep.

- :mod:`.build_us_china_tradewar`: the U.S.-China dataset's tables from its vendored files.
- :mod:`.build_us_japan_recent`: the recent U.S.-Japan figures from the saved Census files.
- :mod:`.sync_notebook_outputs`: keep only the outputs nbval checks (``make sync-notebooks``).
- :mod:`.write_data_format`: ``docs/data-format.md`` from the schemas (``make data-format``).

Each runs as ``python scripts/NAME.py``; the tests import them as ``scripts.NAME``.
"""
