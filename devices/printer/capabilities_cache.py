"""A lasting cache for python-escpos's parsed printer-capabilities database.

On import, ``escpos.capabilities`` parses its printer database (a 1 MB JSON file
read with PyYAML's pure-Python loader: ~0.2 s) unless it finds a pickle of it in
``$ESCPOS_CAPABILITIES_PICKLE_DIR``; without that variable it picks a fresh
``mkdtemp()`` each time, so it never finds one: every kiosk start paid the parse
(issue 18, the cold start) and left a 70 kB pickle behind in the temp dir.

:func:`prepare` (before escpos is imported) points the variable at the kiosk's own
cache directory when a current pickle is there; :meth:`Cache.store` (after the
import) writes one when it is not, atomically (a temp file renamed over it), so a
second kiosk process never reads half a pickle -- escpos itself never writes it.
The directory: ``$CACHE_DIRECTORY`` (systemd's ``CacheDirectory=``), else
``$XDG_CACHE_HOME`` or ``~/.cache``, then ``zizhu-kiosk/escpos``. A pickle runs
code when loaded, so the directory must belong to this user and be writable by no
one else; otherwise nothing is cached and escpos parses as before.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import pickle
import platform
import stat
import tempfile
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def cache_dir(env: MutableMapping[str, str]) -> Path:
    systemd = env.get("CACHE_DIRECTORY", "").split(":")[0]
    if systemd:
        return Path(systemd) / "escpos"
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zizhu-kiosk" / "escpos"


def pickle_name() -> str:
    """The file name escpos looks for (escpos/capabilities.py: ``pickle_path``)."""
    return f"{platform.python_version()}.capabilities.pickle"


def _database() -> Path | None:
    """escpos's ``capabilities.json``, found without importing escpos."""
    spec = importlib.util.find_spec("escpos")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).with_name("capabilities.json")


@dataclass(frozen=True)
class Cache:
    pickle: Path
    #: a current pickle was there, and escpos was pointed at it
    ready: bool

    def store(self) -> None:
        """After ``import escpos``: keep what it parsed, if the cache had nothing current."""
        if self.ready:
            return
        from escpos import capabilities

        fd, name = -1, ""
        try:
            fd, name = tempfile.mkstemp(dir=self.pickle.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                pickle.dump(capabilities.CAPABILITIES, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(name, self.pickle)
        except OSError as exc:
            log.info("escpos capabilities not cached", extra={"error": type(exc).__name__})
            if name:
                Path(name).unlink(missing_ok=True)


def prepare(env: MutableMapping[str, str] | None = None) -> Cache | None:
    """Before ``import escpos``: use the kiosk's cache (see the module docstring). None when
    escpos was told elsewhere already, or there is no private directory for it."""
    env = os.environ if env is None else env
    if env.get(ENV):
        return None  # the operator chose: leave it
    try:
        directory = cache_dir(env)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.lstat()
    except (OSError, RuntimeError) as exc:  # RuntimeError: no home directory
        log.info("escpos capabilities not cached", extra={"error": type(exc).__name__})
        return None
    private = (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
    if not private:
        log.warning("escpos capabilities not cached: the cache directory is not private")
        return None
    cached = directory / pickle_name()
    database = _database()
    try:
        # escpos re-parses (and would rewrite the pickle in place) when its database is newer
        ready = database is not None and cached.stat().st_mtime >= database.stat().st_mtime
    except OSError:
        ready = False
    if ready:
        env[ENV] = str(directory)
    return Cache(cached, ready)
