"""What the kiosks of one fleet bench share so that 2 000 fit in one process, and
each kiosk's platform port built on it.

A kiosk as ``KioskPlatform.open`` builds it holds about ten descriptors: three
SQLite files in WAL mode (outbox, catalogue cache, locker ledger: the file, its
``-wal`` and ``-shm`` each), the outbox's owner lock, and a kept-alive socket in
each of its HTTP sessions (reads, sends, the fleet agent's, the back office's);
plus a forwarder thread and a thread of its own. 2 000 of them passed this
machine's 20 000-descriptor limit during set-up. Here a kiosk keeps only what a
real kiosk's correctness rests on, its encrypted outbox on disk (4 descriptors);
its catalogue cache and locker ledger are SQLite in memory (the bench measures
neither), all kiosks' HTTP calls go through one pool of connections sized to the
worker threads, no kiosk runs a forwarder thread (the kiosk flushes its outbox
itself where the journey waits for it, and at the end), and a few worker threads
drive the kiosks (``bench.py``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import requests
from urllib3.util.retry import Retry

from kiosk.bench.fleet.options import BenchOptions
from offline_cache import seal_check, terminal_key
from offline_cache.catalog_cache import CatalogCache
from offline_cache.client import ClientAdapters, PlatformClient, client_adapters
from offline_cache.forwarder import Forwarder
from offline_cache.ledger import SqliteLedger
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from offline_cache.terminal_key import TerminalKey
from platform_sim.seed import BACKOFFICE_TOKEN

log = logging.getLogger(__name__)

#: SQLite's name for a database that lives in memory only (no file, no descriptor)
IN_MEMORY = Path(":memory:")


def retrying_session(pool_size: int) -> requests.Session:
    """A session on a pool of ``pool_size`` that sends a request again when its
    kept-alive connection turns out closed: the simulator closes one idle for 5 s
    and a request may race that close (``Connection reset by peer``); and again
    after a 503 (``platform_sim/conflict_retry.py``: the store gave up on its
    transaction, nothing of it kept). Heartbeats are soft state and the back
    office's calls say when they were done twice."""
    again = Retry(
        total=4,
        connect=2,
        read=2,
        status=4,
        status_forcelist=(503,),
        backoff_factor=0.2,
        allowed_methods=None,
        raise_on_status=False,
    )
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=pool_size, max_retries=again)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass
class SharedConnections:
    """One pool of connections per kind of call, each twice as large as the worker
    threads: a kiosk's flow makes its platform calls on the device-operation threads
    (``device_contracts/op_runner.py``), sometimes two at once (the catalogue's
    refresh beside a journey's call), and a full pool's extra socket is thrown away
    after one use."""

    threads: int
    adapters: ClientAdapters = field(init=False)
    #: the fleet agents' heartbeats (the token goes in each request's header)
    agents: requests.Session = field(init=False)
    #: the back office's approvals and pickup codes, as the clerks' one client
    backoffice: requests.Session = field(init=False)

    def __post_init__(self) -> None:
        size = 2 * self.threads
        self.adapters = client_adapters(pool_size=size)
        self.agents = retrying_session(size)
        self.backoffice = retrying_session(size)
        self.backoffice.headers["Authorization"] = f"Bearer {BACKOFFICE_TOKEN}"

    def close(self) -> None:
        for adapter in self.adapters:
            adapter.close()
        self.agents.close()
        self.backoffice.close()


def kiosk_platform(
    url: str,
    token: str,
    terminal_id: str,
    workdir: Path,
    options: BenchOptions,
    shared: SharedConnections,
) -> KioskPlatform:
    """The real port (client, outbox on disk, catalogue cache, forwarder not started)
    on the shared connections."""
    client = PlatformClient(
        url,
        token,
        options.timeout,
        seal_pin=workdir / seal_check.PIN_FILE,
        terminal_key=TerminalKey.load_or_create(workdir / terminal_key.KEY_FILE),
        adapters=shared.adapters,
    )
    outbox = Outbox.open(workdir, terminal_id)
    catalog = CatalogCache(IN_MEMORY, client)
    forwarder = Forwarder(outbox, client, send_timeout=options.timeout)
    return KioskPlatform(client, outbox, catalog, forwarder, sync_timeout=options.timeout)


def in_memory_ledger() -> SqliteLedger:
    return SqliteLedger(IN_MEMORY)
