"""Session-wide test setup. Qt must be told to render offscreen before it is imported."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest

from platform_sim.pg_cluster import PgCluster, start_cluster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _qt_garbage_collected_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that used Qt, collect its cyclic garbage here, on the thread Qt lives
    on. Left to the collector's own timing, a widget caught in a reference cycle (a
    lambda slot holding its screen) may be finalised on whatever thread next triggers a
    collection, such as the in-process simulator's server thread in a later test, and a
    Qt object deleted off its thread crashes the process (one segfault in ten clean
    runs, in the help-call tests).

    What is still alive after the collection is then frozen (``gc.freeze``): the next
    collection walks only what later tests made, not the loaded models and every
    module again (a full collection per Qt test cost minutes over the suite; sixteen
    times less gc time with the freeze). A frozen object that later turns into cyclic
    garbage is never collected, so never finalised on a wrong thread either."""
    yield
    if "qtbot" in request.fixturenames:
        gc.collect()
        gc.freeze()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One throwaway PostgreSQL cluster for the whole session, started only when a test
    asks for it (about a second); each user makes its own database in it."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()
