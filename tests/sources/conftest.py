"""Fixtures for the source loaders: the local HTTP server and the fake key in the environment."""

from __future__ import annotations

import pytest
from source_helpers import FAKE_KEY, FixtureServer


@pytest.fixture
def server():
    srv = FixtureServer()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def census_key(monkeypatch):
    monkeypatch.setenv("CENSUS_API_KEY", FAKE_KEY)
    return FAKE_KEY
