"""``kiosk staffcard read`` in a subprocess, against the private pcscd and the virtual card."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from devices.smartcard.virtual_card import StaffCardApplet, VirtualCard
from tests.devices.smartcard.conftest import wait_reader_empty
from tests.devices.smartcard.pcscd_harness import PrivatePcscd


def run_read(pcscd: PrivatePcscd, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "staffcard", "read", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ, PCSCLITE_CSOCK_NAME=str(pcscd.socket_path)),
    )


@pytest.fixture
def inserted(daemon: PrivatePcscd) -> Iterator[VirtualCard]:
    card = VirtualCard(StaffCardApplet(), port=daemon.port, connect=daemon.connect)
    card.insert()
    yield card
    card.remove()
    wait_reader_empty()


def test_prints_the_record_as_json(daemon: PrivatePcscd, inserted: VirtualCard) -> None:
    result = run_read(daemon, "--allow-virtual", "--json", "--timeout", "3")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "card_number": "04A1B2C3D4E5F6",
        "staff_id": "C0107",
        "role": "clerk",
        "name": "王小明",
        "valid_until": "2030-12-31",
        "atr": inserted.atr.hex().upper(),
    }


def test_plain_text_and_wrong_aid(daemon: PrivatePcscd, inserted: VirtualCard) -> None:
    result = run_read(daemon, "--allow-virtual", "--timeout", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Staff C0107 (clerk / 窗口人员)")
    result = run_read(daemon, "--allow-virtual", "--aid", "A000000003000000", "--timeout", "3")
    assert result.returncode == 1
    assert result.stderr.strip() == "This card is not a staff card of this service centre."


def test_failures_are_one_sentence(daemon: PrivatePcscd) -> None:
    result = run_read(daemon, "--allow-virtual", "--timeout", "0.5")  # no card
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("No staff card was found")
    result = run_read(daemon, "--timeout", "0.5")  # vpcd refused by default
    assert result.returncode == 1
    assert "not connected" in result.stderr
    result = run_read(daemon, "--allow-virtual", "--aid", "xyz")
    assert result.returncode == 1
    assert result.stderr.strip() == "The AID must be hexadecimal, e.g. F05A5A4B5354414646."
    for r in (result,):
        assert "Traceback" not in r.stderr


def test_pcscd_not_running(daemon: PrivatePcscd) -> None:
    daemon.stop()
    result = run_read(daemon, "--allow-virtual", "--timeout", "0.5")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "The smart card service (pcscd) is not running, please call a technician."
    )
