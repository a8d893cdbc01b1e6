"""The papermill engine reports run on: nbclient, writing the executed notebook once instead of twice per cell.

papermill's default engine writes the whole notebook to disk when each cell
starts and when it ends, so that a crashed run leaves what it had done. For the
report notebook (about seventy cells, nine SVG charts) that is some 140 full
JSON writes: papermill alone took 6.28 s with them and 4.61 s without (medians
of five interleaved runs on the 2-core machine of ``docs/benchmarks.md``). This engine
writes nothing while cells run. papermill still writes the notebook at the end,
and on a cell error it writes the error cell before raising. A timeout or a dead
kernel is the one case papermill leaves unwritten: the engine writes the notebook
then, as far as it got, before the exception goes on. A failed report is kept
with its cells in every case (``tests/test_run_errors.py``).
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, papermill_engines
from papermill.iorw import write_ipynb

#: The name the runner passes to ``papermill.execute_notebook(engine_name=...)``.
ENGINE_NAME = "deficit-report"


class WriteOnceEngine(NBClientEngine):
    """nbclient without papermill's per-cell saves; the notebook is written when execution stops."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, **kwargs):
        """Execute ``nb`` in place; on an exception from the kernel, write it to ``output_path`` and re-raise."""
        try:
            return super().execute_notebook(nb, kernel_name, output_path=None, **kwargs)
        except BaseException:
            if output_path:
                write_ipynb(nb, output_path)  # a timeout or a dead kernel: keep the cells that ran
            raise


papermill_engines.register(ENGINE_NAME, WriteOnceEngine)
