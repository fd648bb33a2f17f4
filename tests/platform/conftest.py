"""One running platform simulator per test module and store, on a fresh database: every
test here runs against SQLite (the embedded default) and PostgreSQL (a database of its
own in the session's throwaway cluster, ``pg_cluster`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from platform_sim.server import RunningServer, start_in_thread

STORES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres"),
]


@pytest.fixture(scope="module", params=STORES)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Where this module's simulator keeps its data: a SQLite file or a postgresql:// URL."""
    return _new_store(request.param, request, tmp_path_factory)


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store alone, for a module elsewhere that needs the running simulator but
    tests something else (the A4 printer, the self-print screens): take it as its
    ``store`` (``store = conftest.sqlite_store``); the store itself is tested here."""
    return str(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


@pytest.fixture
def another_store(
    store: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A second fresh store of the module's kind: another platform."""
    kind = "postgres" if store.startswith("postgresql") else "sqlite"
    return _new_store(kind, request, tmp_path_factory)


def _new_store(
    kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    if kind == "sqlite":
        return str(tmp_path_factory.mktemp("platform") / "platform.sqlite3")
    cluster = request.getfixturevalue("pg_cluster")
    return str(cluster.create_database(request.module.__name__.rsplit(".", 1)[-1]))


@pytest.fixture(scope="module")
def server(store: str) -> Iterator[RunningServer]:
    running = start_in_thread(store)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def api(server: RunningServer) -> str:
    return server.url + "/api/v1"


@pytest.fixture(scope="module")
def server_url(server: RunningServer) -> str:
    return server.url
