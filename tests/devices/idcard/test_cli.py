"""``kiosk idcard read`` against the simulated SAM: the issue's "what it must show"."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from devices.idcard.sam_peer import Fault, SamPeer


def run_read(port: str, timeout: float = 3.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.cli",
            "idcard",
            "read",
            "--port",
            port,
            "--timeout",
            str(timeout),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_resident(peer: SamPeer) -> None:
    peer.place_card("resident-1")
    result = run_read(peer.path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "card_type": "resident", "name": "李秀英", "gender": "女", "nation": "汉",
        "birth_date": "1952-11-08", "address": "北京市东城区东四街道南新仓胡同12号",
        "id_number": "110101195211082465", "issuer": "北京市公安局东城分局",
        "valid_from": "2012-03-15", "valid_to": "长期", "photo_available": False,
    }  # fmt: skip


def test_foreign(peer: SamPeer) -> None:
    peer.place_card("foreign")
    result = run_read(peer.path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["card_type"] == "foreign" and out["name_en"] == "MARTIN, CLAIRE ANNE"
    assert out["nationality"] == "CAN" and out["gender"] == "女" and "nation" not in out
    assert out["birth_date"] == "1980-01-01" and out["valid_to"] == "2034-03-01"


def test_hmt(peer: SamPeer) -> None:
    peer.place_card("hmt")
    result = run_read(peer.path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["card_type"], out["name"], out["gender"]) == ("hmt", "陈家明", "男")
    assert out["id_number"] == "810000199005151230" and "nationality" not in out


@pytest.mark.parametrize(
    ("card", "fault", "words"),
    [
        (None, Fault.NONE, "No ID card was found"),
        ("resident-0", Fault.BAD_CHECKSUM, "checksum"),
        ("resident-0", Fault.CARD_REMOVED, "could not be read"),
        ("invalid-id", Fault.NONE, "ID number"),
    ],
)
def test_fails_cleanly(peer: SamPeer, card: str | None, fault: Fault, words: str) -> None:
    if card:
        peer.place_card(card)
    peer.set_fault(fault)
    result = run_read(peer.path, timeout=0.5)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_missing_port_fails_cleanly(tmp_path: object) -> None:
    result = run_read("/dev/no-such-reader")
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "Cannot open the serial port /dev/no-such-reader: No such file or directory."
    )
