"""Fixtures shared by the unit tests: a real PostgreSQL server for the store's tests."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

import pytest

from tests.pg_server import NoPostgres, PostgresServer, throwaway_postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway cluster for the session (tests/pg_server.py). Without PostgreSQL the
    tests that use it skip with the reason; on CI (``CI=true``) they fail instead."""
    stack = contextlib.ExitStack()
    try:
        import psycopg  # noqa: F401  (the driver the store's PostgreSQL URLs name)

        server = stack.enter_context(throwaway_postgres())
    except (NoPostgres, ImportError) as exc:
        message = f"no PostgreSQL for the store tests: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " — CI must not skip the PostgreSQL tests")
        pytest.skip(message)
    with stack:
        yield server


@pytest.fixture
def main_module_kept(monkeypatch):
    """AppTest leaves its script as ``sys.modules["__main__"]``; the worker pool's *spawn*
    children re-import ``__main__``, so later tests in this process (tests/test_worker.py)
    would start workers from this test's temporary script. Put the real one back."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
