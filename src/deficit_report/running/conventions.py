"""The running layer's fixed choices, each defined once: output files, timeouts, exit status, workers.

Examples
--------
>>> int(ExitStatus.USER_ERROR), REPORT_FILES
(2, ('report.ipynb', 'report.html', 'manifest.json'))
"""

from __future__ import annotations

import enum
import os

# The file names themselves are defined once, in deficit_report.paths (the rendering layer links them too).
from deficit_report.paths import FAILED_SUFFIX, INDEX_FILE, MANIFEST_FILE, REPORT_HTML_FILE, REPORT_NOTEBOOK_FILE

__all__ = ["FAILED_SUFFIX", "INDEX_FILE", "MANIFEST_FILE", "REPORT_HTML_FILE", "REPORT_NOTEBOOK_FILE"]

#: The files every report folder holds, in the order the command line lists them.
REPORT_FILES = (REPORT_NOTEBOOK_FILE, REPORT_HTML_FILE, MANIFEST_FILE)
#: One run at a time per report: a run holds ``.<name>.lock`` in the output folder (hidden, so
#: the index page ignores it; it stays after the run, as flock locks must).
LOCK_SUFFIX = ".lock"
#: The hidden file that marks an output folder as deficit-report's: a run writes only into a folder
#: it made (or an empty one, which it then marks), never into one holding someone else's files.
OWNER_MARK = ".deficit-report-output"
#: Warnings and errors papermill and nbclient log while a notebook runs (written only when there is one).
EXECUTION_LOG_FILE = "execution.log"

#: Seconds one notebook cell may run, and a kernel may take to start.
EXECUTION_TIMEOUT = 600
START_TIMEOUT = 60


class ExitStatus(enum.IntEnum):
    """Exit status of the ``deficit-report`` command."""

    OK = 0
    #: A report failed while executing (others in a batch may have succeeded).
    REPORT_FAILED = 1
    #: Bad input: parameters, data, a schedule or a file; nothing was run.
    USER_ERROR = 2
    #: Another run of the same report held its lock past ``--wait``; nothing was run.
    #: 75 is EX_TEMPFAIL (sysexits.h): a temporary failure, try again later.
    LOCKED = 75
    INTERRUPTED = 130


def default_workers() -> int:
    """Return the number of cores this process may use (its CPU affinity, else the machine's count).

    Examples
    --------
    >>> 1 <= default_workers() <= (os.cpu_count() or 1)
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
