"""``kiosk locker open|status`` against simulated boards on a pty."""

from __future__ import annotations

import json

import pytest

from devices.lockers.sim_board import Rs485BoardSim
from kiosk.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--log-level", "ERROR", *argv])
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def test_open_prints_opened(boards: Rs485BoardSim, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "locker", "open", "--port", boards.path, "--board", "1", "--channel", "3"
    )
    assert code == 0
    assert json.loads(out) == {"board": 1, "channel": 3, "result": "opened"}


def test_open_an_open_door_prints_already_open(
    boards: Rs485BoardSim, capsys: pytest.CaptureFixture[str]
) -> None:
    boards.doors.force_open(1, 3)
    code, out, _ = run(
        capsys, "locker", "open", "--port", boards.path, "--board", "1", "--channel", "3"
    )
    assert (code, json.loads(out)["result"]) == (0, "already_open")


def test_open_a_jammed_door_prints_jammed_and_fails(
    boards: Rs485BoardSim, capsys: pytest.CaptureFixture[str]
) -> None:
    boards.doors.jam(2, 7)
    code, out, _ = run(
        capsys,
        "locker",
        "open",
        "--port",
        boards.path,
        "--board",
        "2",
        "--channel",
        "7",
        "--jam-timeout",
        "0.3",
        "--poll",
        "0.05",
    )
    assert code == 1
    assert json.loads(out) == {"board": 2, "channel": 7, "result": "jammed"}


def test_status_lists_the_open_doors(
    boards: Rs485BoardSim, capsys: pytest.CaptureFixture[str]
) -> None:
    boards.doors.force_open(1, 24)
    boards.doors.force_open(1, 2)
    code, out, _ = run(capsys, "locker", "status", "--port", boards.path, "--board", "1")
    assert code == 0
    assert json.loads(out) == {"board": 1, "open": [2, 24]}


@pytest.mark.parametrize("command", ["open", "status"])
def test_a_board_that_does_not_answer_exits_non_zero_with_one_sentence(
    boards: Rs485BoardSim, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    extra = ["--channel", "1"] if command == "open" else []
    code, out, err = run(
        capsys,
        "locker",
        command,
        "--port",
        boards.path,
        "--board",
        "9",
        *extra,
        "--timeout",
        "0.1",
        "--retries",
        "0",
    )
    assert code == 3
    assert out == ""
    assert (
        err.splitlines()[-1]
        == f"Board 9 on {boards.path} did not answer; check its address, wiring and power."
    )


def test_a_missing_port_exits_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "locker", "status", "--port", "/dev/does-not-exist", "--board", "1"
    )
    assert (
        code == 3
        and out == ""
        and err.splitlines()[-1].startswith("Cannot open /dev/does-not-exist")
    )
