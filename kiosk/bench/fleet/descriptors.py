"""The open-file limit the fleet bench needs, and the descriptors it holds.

A bench kiosk holds :data:`PER_KIOSK` descriptors (its outbox's SQLite file,
``-wal`` and ``-shm``, and its owner lock; ``shared.py`` says why no more), and
each worker thread up to :data:`PER_THREAD` sockets out of the shared pools.
Debian's default soft limit is 1 024, which 2 000 kiosks pass: the bench raises
the soft limit to the hard one (an unprivileged process may, up to the hard
limit; systemd's default hard limit is 524 288), and refuses to start, saying
what it needs, if even the hard limit is too low (``ulimit -Hn``; raise it in
/etc/security/limits.conf or with ``prlimit``).
"""

from __future__ import annotations

import logging
import os
import resource

from kiosk.bench.fleet.options import BenchError, BenchOptions

log = logging.getLogger(__name__)

#: a kiosk's outbox: the database, its -wal and -shm, the owner lock
PER_KIOSK = 4
#: the shared pools' sockets per worker thread: four kinds of call, two each
PER_THREAD = 8
#: the process itself: the interpreter, the platform's pipes, logs, the temp dir
BASE = 64


def needed(options: BenchOptions) -> int:
    return BASE + PER_KIOSK * options.kiosks + PER_THREAD * options.threads


def open_descriptors() -> int:
    """Descriptors this process has open now (Linux: /proc/self/fd, less the one
    the listing itself holds)."""
    return len(os.listdir("/proc/self/fd")) - 1


def raise_open_file_limit(options: BenchOptions) -> int:
    """Raise the soft RLIMIT_NOFILE to the hard one; the limit now in force.
    Raises :class:`BenchError` if the bench needs more than the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        log.info("open-file limit raised", extra={"from": soft, "to": hard})
    limit = hard if hard != resource.RLIM_INFINITY else 1 << 20
    want = needed(options)
    if want > limit:
        raise BenchError(
            f"{options.kiosks} kiosks need about {want} open files; the hard limit is "
            f"{limit} (raise it: ulimit -Hn, /etc/security/limits.conf)"
        )
    return limit
