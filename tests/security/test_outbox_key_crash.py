"""Issue 13.3: a kill while the outbox key is being made must not leave a 0-byte key
that stops the kiosk from starting; a damaged key found at start is replaced only
when nothing was sealed with it, else named in a clear error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from offline_cache.crypto import KeyFileDamaged
from offline_cache.key_source import DEMO_KEY_FILE
from offline_cache.outbox import Outbox
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.platform.helpers import draft

ROOT = Path(__file__).resolve().parents[2]

#: a kiosk starting on an empty data dir, SIGKILLed by the kernel right after the
#: key's file is created (the first syscall after open(O_CREAT) never runs)
KILLED_AT_KEY_CREATION = """
import os, signal, sys
from pathlib import Path

real_open = os.open

def open_then_die(path, flags, *args, **kwargs):
    fd = real_open(path, flags, *args, **kwargs)
    if flags & os.O_CREAT and "outbox.key" in os.fspath(path):
        os.kill(os.getpid(), signal.SIGKILL)
    return fd

os.open = open_then_die
from offline_cache.outbox import Outbox
Outbox.open(Path(sys.argv[1]), sys.argv[2])
"""


def test_a_kill_while_the_key_is_made_leaves_a_kiosk_that_starts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AT_KEY_CREATION, str(data), DEMO_TERMINAL_ID],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == -9, done.stderr.decode()
    left = sorted(p.name for p in data.iterdir())
    print("left in the data dir by the killed start:", left)
    key = data / DEMO_KEY_FILE
    assert not key.exists() or key.stat().st_size == 32

    box = Outbox.open(data, DEMO_TERMINAL_ID)  # the next start
    try:
        box.add_case(draft())
        assert box.claim_next_case() is not None
    finally:
        box.close()
    assert key.stat().st_size == 32
    assert [p.name for p in data.iterdir() if ".tmp-" in p.name] == []


def test_an_empty_key_with_nothing_sealed_is_replaced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / DEMO_KEY_FILE).write_bytes(b"")  # what the old in-place write left
    box = Outbox.open(data, DEMO_TERMINAL_ID)
    box.add_case(draft())
    box.close()
    assert (data / DEMO_KEY_FILE).stat().st_size == 32


def test_a_damaged_key_with_payloads_sealed_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    box = Outbox.open(data, DEMO_TERMINAL_ID)
    box.add_case(draft())
    box.close()
    (data / DEMO_KEY_FILE).write_bytes(b"\x00" * 7)  # truncated on a failing disk
    with pytest.raises(KeyFileDamaged, match=r"damaged \(7 bytes, not 32\): restore it"):
        Outbox.open(data, DEMO_TERMINAL_ID)
    # never silently replaced: the sealed case may still be saved with the real key
    assert (data / DEMO_KEY_FILE).read_bytes() == b"\x00" * 7
