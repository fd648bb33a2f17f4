"""``kiosk demo --tour`` on a machine without a display (issue 13 item 16): the README says
the tour runs offscreen, so it must choose that itself rather than abort in Qt's
platform plugin when neither QT_QPA_PLATFORM, DISPLAY nor WAYLAND_DISPLAY is set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

#: the quickest journey of kiosk/demo/journeys.py (five screens, no camera)
JOURNEY = "progress"


def test_a_tour_without_a_display_runs_offscreen_and_saves_its_screens(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}
    }
    env["KIOSK_VOICE"] = "0"
    kiosk = Path(sys.executable).with_name("kiosk")
    out = tmp_path / "tour"
    command = [str(kiosk), "demo", "--tour", str(out), "--journey", JOURNEY, "--no-metrics"]
    result = subprocess.run(
        [*command, "--data-dir", str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    shots = sorted(out.glob("*.png"))
    assert len(shots) >= 2 and shots[0].name == "01-attract-zh.png"
    assert all(shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for shot in shots)
