"""The kiosk process runs on the site's clock, not the PC's zone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.paths import DEMO_SITE_CONFIG
from kiosk.site_config import SiteConfigError, parse_site_config


def test_default_site_time_is_china_standard_time_whatever_the_pc_says() -> None:
    config = parse_site_config(DEMO_SITE_CONFIG.read_text(encoding="utf-8"))
    assert config.terminal.timezone == "CST-8"
    # a child process: the zone is process-wide state
    probe = (
        "import time, datetime\n"
        "from kiosk.site_time import apply_timezone\n"
        f"apply_timezone({config.terminal.timezone!r})\n"
        "print(-time.timezone, datetime.datetime.now().astimezone().utcoffset().total_seconds())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    print("PC on UTC; kiosk offsets:", out)
    assert [float(x) for x in out] == [8 * 3600, 8 * 3600]


def test_a_malformed_time_zone_is_named() -> None:
    text = DEMO_SITE_CONFIG.read_text(encoding="utf-8").replace(
        "[terminal]\n", '[terminal]\ntimezone = "UTC; rm -rf /"\n', 1
    )
    with pytest.raises(SiteConfigError) as caught:
        parse_site_config(text)
    assert [i.key for i in caught.value.issues] == ["terminal.timezone"]
