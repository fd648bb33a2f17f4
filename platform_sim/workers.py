"""The simulator in several worker processes (``kiosk platform serve --workers N``).

uvicorn starts each worker in a fresh interpreter (spawn) and imports the app there by
name, so the app is made by a factory (:func:`app_from_environment`) that reads the
store's URL from the environment this process sets before starting them. The store is
prepared here once, before any worker exists (schema, seed, the seal's key): workers
starting together would otherwise race to seed the same empty database.

uvicorn's supervisor (this process) watches the workers and starts a new one when one
dies, even by SIGKILL; the others keep serving meanwhile on the shared socket. Several
workers need a store several processes can write: PostgreSQL, or a SQLite file (one
writer at a time, waiting on its lock).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

#: the store (a SQLite path or a postgresql:// URL) each worker opens
STORE_ENV = "PLATFORM_SIM_STORE"
#: the app factory, as uvicorn imports it in each worker
APP_FACTORY = f"{__name__}:app_from_environment"


def app_from_environment() -> FastAPI:
    """A worker's app, on the store named in ``PLATFORM_SIM_STORE`` (already prepared)."""
    from platform_sim.app import create_app

    return create_app(os.environ[STORE_ENV])


def serve_workers(
    host: str,
    port: int,
    store: str | Path,
    workers: int,
    uvicorn_options: dict[str, Any],
    gateway_public_key: Path | None = None,
) -> None:
    """Prepare the store, then serve with ``workers`` processes until interrupted (the
    gateway's key is kept in the store here, where every worker reads it)."""
    import uvicorn

    from platform_sim.app import create_app

    # schema, seed, seal key, the gateway's key: once
    create_app(store, gateway_public_key=gateway_public_key).state.db.close()
    os.environ[STORE_ENV] = str(store)
    log.info("platform simulator workers starting", extra={"port": port, "workers": workers})
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        workers=workers,
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        **uvicorn_options,
    )


def worker_pids(supervisor_pid: int) -> list[int]:
    """The worker processes ``kiosk platform serve --workers N`` runs under the
    supervisor ``supervisor_pid``: its children that run the app (uvicorn spawns them;
    multiprocessing's resource tracker is a child too, not a worker). For the tests and
    the fleet bench, which kill one."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == supervisor_pid and b"spawn_main" in cmdline:
            pids.append(int(entry.name))
    return sorted(pids)
