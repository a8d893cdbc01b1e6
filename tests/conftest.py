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
