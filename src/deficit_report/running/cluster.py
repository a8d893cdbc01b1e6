"""Run a batch's reports on a Dask cluster: a local one (``--dask``) or a scheduler's (``--scheduler``).

A Dask :class:`distributed.Client` offers a :class:`concurrent.futures.Executor`
(``client.get_executor()``), the same interface as the local process pool, so
:func:`~deficit_report.running.batch.run_batch` submits the same callable
(:func:`~deficit_report.running.batch.run_one`) to either and nothing else
changes. Dask is an optional extra (``pip install -e '.[dask]'``): it is
imported here only, when a batch asks for a cluster.

What a cluster needs: this project installed on every worker (the callable is
sent by reference, ``deficit_report.running.batch.run_one``), the dataset
folders readable by every worker, and the output folder on a filesystem that
every worker and this process share (workers write the reports, this process
writes the index page).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass

from deficit_report.errors import UserInputError

#: What ``--dask`` asks for: a cluster of worker processes on this machine, started for the batch.
LOCAL_CLUSTER = "local"
#: How to install the optional extra, as the error message says it.
DASK_EXTRA = "pip install -e '.[dask]'"
#: Seconds to wait for a scheduler to answer before giving up.
CONNECT_TIMEOUT = 30
#: A scheduler address as ``dask scheduler`` prints it: protocol, host, port.
ADDRESS = re.compile(r"(tcp|tls|ws|wss|ucx)://[^/:\s]+:\d{1,5}")


@dataclass(frozen=True)
class OpenExecutor:
    """An executor ready for :func:`~deficit_report.running.batch.run_batch`, and how to describe it."""

    executor: Executor
    #: For the summary line, e.g. ``"2 workers"`` or ``"2 Dask workers (tcp://10.0.0.5:8786)"``.
    label: str


def check_address(address: str) -> str:
    """Return a Dask scheduler address unchanged, or raise if it is not ``PROTOCOL://HOST:PORT``.

    Examples
    --------
    >>> check_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_address("10.0.0.5")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter '--scheduler': expected a Dask scheduler address such as tcp://HOST:8786, got '10.0.0.5'
    """
    if address != LOCAL_CLUSTER and not ADDRESS.fullmatch(address):
        raise UserInputError(
            f"expected a Dask scheduler address such as tcp://HOST:8786, got {address!r}", column="--scheduler"
        )
    return address


def import_distributed():
    """Return the ``distributed`` module, or raise a one-line error naming the extra to install.

    Raises
    ------
    UserInputError
        Dask's distributed scheduler is not installed.
    """
    try:
        import distributed
    except ImportError:
        raise UserInputError(
            f"running a batch on Dask needs the optional extra 'dask'; install it with {DASK_EXTRA}",
            column="--dask/--scheduler",
        ) from None
    return distributed


@contextmanager
def dask_executor(address: str, workers: int) -> Iterator[OpenExecutor]:
    """Connect to a Dask scheduler (or start a local cluster of ``workers`` processes) for the block.

    Parameters
    ----------
    address : str
        ``tcp://HOST:PORT`` of a running scheduler, or :data:`LOCAL_CLUSTER` to start
        one on this machine: ``workers`` processes of one thread each (one report at
        a time per process, as in the local pool), its web server on a free port (never a fixed one that
        another cluster on the machine may hold), closed after the block.
    workers : int
        Worker processes of a local cluster; a scheduler's cluster has its own.

    Raises
    ------
    UserInputError
        The extra is missing, or the scheduler did not answer within :data:`CONNECT_TIMEOUT` seconds.
    """
    distributed = import_distributed()
    cluster = None
    try:
        if address == LOCAL_CLUSTER:
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster)
        else:
            try:
                client = distributed.Client(check_address(address), timeout=CONNECT_TIMEOUT)
            except OSError as exc:  # refused, timed out, unknown host
                raise UserInputError(
                    f"cannot reach the Dask scheduler at {address}: {' '.join(str(exc).split())[:200]}",
                    column="--scheduler",
                ) from None
        try:
            count = len(client.nthreads())
            where = "local cluster" if cluster is not None else address
            yield OpenExecutor(
                client.get_executor(pure=False), f"{count} Dask worker{'s' if count != 1 else ''} ({where})"
            )
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
