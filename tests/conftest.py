"""Fixtures shared by the tests: the founding case's real dataset, read once."""

from __future__ import annotations

import pytest

from cases import FRAMEWORK_DIR, FRAMEWORK_PARAMS
from deficit_report.dataset.load import load_dataset


@pytest.fixture(scope="session")
def framework():
    """The U.S.-Japan framework dataset (data/raw/us-japan-framework)."""
    return load_dataset(FRAMEWORK_DIR)


@pytest.fixture
def framework_params():
    """The default report's parameters (a fresh copy for each test)."""
    return dict(FRAMEWORK_PARAMS)


@pytest.fixture(autouse=True)
def _kernels_only_in_slow_tests(request, monkeypatch):
    """Fail a test that starts a Jupyter kernel in this process without the ``slow`` marker.

    ``pytest -m "not slow"`` is the quick loop; a kernel start (several seconds on 2 cores) in an
    unmarked test made it slow without saying so. Kernels started in child processes (a batch's pool,
    a JupyterLab server) are not seen here: those tests are marked by hand.
    """
    if "slow" in request.node.keywords:
        return
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    async def refuse(self, cmd, **kwargs):
        pytest.fail(f"{request.node.nodeid} starts a Jupyter kernel: mark it @pytest.mark.slow", pytrace=False)

    monkeypatch.setattr(LocalProvisioner, "launch_kernel", refuse)
