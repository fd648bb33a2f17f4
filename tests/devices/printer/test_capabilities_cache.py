"""python-escpos's printer database is parsed once per machine, not on every start
(devices/printer/capabilities_cache.py, issue 18): each run is a fresh process, as a
kiosk start is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from devices.printer import capabilities_cache

OPEN_PRINTER = """
import sys
from devices.printer.backends import make_backend, parse_printer_url

assert "escpos" not in sys.modules
make_backend(parse_printer_url("tcp://127.0.0.1:9"), timeout_s=1.0)
from escpos import capabilities

print("parsed" if capabilities.full_load else "from-cache")
"""


def _start(home: Path) -> str:
    env = {
        k: v for k, v in os.environ.items() if k not in ("CACHE_DIRECTORY", capabilities_cache.ENV)
    }
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / "cache"), TMPDIR=str(home / "tmp"))
    done = subprocess.run(
        [sys.executable, "-c", OPEN_PRINTER], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_second_start_reads_the_database_from_the_kiosks_cache(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    assert _start(tmp_path) == "parsed"  # the first start on this machine parses
    cached = tmp_path / "cache" / "zizhu-kiosk" / "escpos" / capabilities_cache.pickle_name()
    assert cached.is_file()
    assert (cached.parent.stat().st_mode & 0o777) == 0o700
    for left in (tmp_path / "tmp").rglob("*.capabilities.pickle"):
        left.unlink()  # what escpos left in its own temp dir on that first start
    written = cached.stat().st_mtime_ns

    assert _start(tmp_path) == "from-cache"
    assert cached.stat().st_mtime_ns == written  # read, not rewritten
    assert list((tmp_path / "tmp").rglob("*.capabilities.pickle")) == []  # nothing left in /tmp


def test_a_cache_directory_others_may_write_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "cache" / "zizhu-kiosk" / "escpos"
    shared.mkdir(parents=True)
    shared.chmod(0o777)  # someone else could plant a pickle here: it would run as the kiosk
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert capabilities_cache.prepare(env) is None
    assert capabilities_cache.ENV not in env


def test_an_operators_choice_is_left_alone(tmp_path: Path) -> None:
    env = {capabilities_cache.ENV: str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert capabilities_cache.prepare(env) is None
    assert env[capabilities_cache.ENV] == str(tmp_path)
    assert not (tmp_path / "cache").exists()
