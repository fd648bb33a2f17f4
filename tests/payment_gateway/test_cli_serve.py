"""`kiosk gateway serve` as a developer starts it: a real process that makes its keys,
says where they are, and answers the SDK set up with them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from alipay import AliPay


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _printed(proc: subprocess.Popen[str], lines: int) -> dict[str, str]:
    assert proc.stdout is not None
    said = {}
    for _ in range(lines):
        name, _, value = proc.stdout.readline().partition(":")
        said[name.strip()] = value.strip()
    return said


def _wait_until_up(proc: subprocess.Popen[str], url: str) -> None:
    give_up = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, OSError):
            assert proc.poll() is None, "the gateway exited"
            assert time.monotonic() < give_up, "the gateway never answered"
            time.sleep(0.1)


def test_serve_makes_its_keys_and_answers_the_sdk(tmp_path: Path) -> None:
    port = _free_port()
    kiosk = Path(sys.executable).with_name("kiosk")
    proc = subprocess.Popen(
        [str(kiosk), "gateway", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        said = _printed(proc, 4)
        _wait_until_up(proc, f"http://127.0.0.1:{port}/health")
        assert said["app private key"] == str(tmp_path / "keys" / "app_private.pem")
        sdk = AliPay(
            appid=said["app_id"],
            app_private_key_string=Path(said["app private key"]).read_text(),
            alipay_public_key_string=Path(said["gateway public key"]).read_text(),
        )
        sdk._gateway = f"http://127.0.0.1:{port}/gateway.do"
        assert (
            sdk.api_alipay_trade_query(out_trade_no="K-cli-1")["sub_code"] == "ACQ.TRADE_NOT_EXIST"
        )
        assert (tmp_path / "gateway.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
