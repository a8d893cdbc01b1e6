"""Loaders for public trade data: U.S. Census international trade API and UN Comtrade.

- :mod:`.census`, :mod:`.comtrade`: pure functions, answers -> tidy frames.
- :mod:`.canonical`: tidy frames -> canonical figures (USD millions, by sector map).
- :mod:`.http`: one retrying session with a timeout, and key redaction.
- :mod:`.store`: raw files with a manifest, dataset folders; atomic writes.
- :mod:`.pull`: the I/O that ties them together (used by ``deficit-report fetch``).
"""
