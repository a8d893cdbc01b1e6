"""The public APIs' addresses, detail levels and request defaults, as plain values.

The command line shows these in ``--help`` and checks ``--level`` against
them; they live here, with no pandas or requests import, so that
``deficit-report --help`` starts without loading either (the modules that
query the APIs, :mod:`.census`, :mod:`.comtrade` and :mod:`.http`, take them
from here).

Examples
--------
>>> CENSUS_LEVELS, sorted(COMTRADE_LEVEL_CODES)
(('HS2', 'HS4', 'HS6', 'HS10'), ['HS2', 'HS4', 'HS6', 'TOTAL'])
"""

from __future__ import annotations

CENSUS_BASE_URL = "https://api.census.gov/data/timeseries/intltrade"
#: HS detail the Census API answers at (HS10: the tariff-line detail, e.g. to sum the lines of a tariff list).
CENSUS_LEVELS = ("HS2", "HS4", "HS6", "HS10")
COMTRADE_BASE_URL = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
#: Commodity detail -> UN Comtrade's aggregate code.
COMTRADE_LEVEL_CODES = {"TOTAL": "TOTAL", "HS2": "AG2", "HS4": "AG4", "HS6": "AG6"}

#: Seconds to wait for a connection and for each read.
DEFAULT_TIMEOUT = 60.0
#: Tries after the first one.
DEFAULT_RETRIES = 5
#: urllib3 backoff factor: waits of 0.5, 1, 2, 4 ... seconds between tries.
DEFAULT_BACKOFF = 0.5
