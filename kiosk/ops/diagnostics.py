"""The technician's checks, shared by the maintenance screen and ``kiosk doctor``:
each device's status, the outbox counts, platform reachability, disk space and
the recent log lines (kept in a ring, with anything that looks like personal
data masked once more for good measure).

Every failing check carries a plain next step in zh and en.
"""

from __future__ import annotations

import collections
import logging
import re
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from device_contracts import Device, DeviceState, Text
from flows.domain import HealthCheck
from kvlog import KeyValueFormatter

#: free space below which the outbox may not be able to store a resident's pages
DISK_MIN_BYTES = 500 * 1024 * 1024
DISK_WARN_BYTES = 2 * 1024 * 1024 * 1024
#: queued items older than this mean the forwarder is stuck
OUTBOX_STALE_S = 30 * 60

_NEXT_STEP: dict[str, Text] = {
    "id_reader": Text(
        "检查身份证阅读器的串口线与电源，确认站点配置中的端口",
        "Check the ID reader's serial cable, power and configured port",
    ),
    "document_camera": Text(
        "检查高拍仪USB连接，确认摄像头编号",
        "Check the document camera's USB cable and camera index",
    ),
    "face": Text("检查人脸摄像头USB连接", "Check the face camera's USB cable"),
    "printer": Text(
        "检查打印机电源、纸卷和连接（kiosk printer test）",
        "Check the printer's power, paper roll and link (kiosk printer test)",
    ),
    "lockers": Text(
        "检查锁控板电源、RS-485接线和板地址（kiosk locker status）",
        "Check the lock board's power, RS-485 wiring and board address (kiosk locker status)",
    ),
    "qr_scanner": Text("检查扫码器连接", "Check the code scanner's cable"),
    "staff_card": Text("检查工作证读卡器（pcscd）", "Check the staff card reader (pcscd)"),
}
_DEFAULT_STEP = Text("检查设备连接和站点配置", "Check the device's cable and the site config")
PAPER_OUT = Text("更换打印纸卷", "Load a new paper roll")
PORT_MISSING = Text(
    "串口不存在：插好USB转串口线，核对站点配置中的端口名（ls /dev/zizhu/）",
    "The serial port is missing: plug in the USB serial adapter and check the "
    "port name in the site config (ls /dev/zizhu/)",
)
PLATFORM_DOWN = Text(
    "检查网络和平台地址；离线期间办件保存在本机队列，恢复后自动补发",
    "Check the network and platform URL; cases wait in the local queue and are sent later",
)
OUTBOX_DAMAGED = Text(
    "队列中有无法解密的记录，已隔离，其余照常发送：核对外发队列密钥（凭据或密钥文件）"
    "是否为存入时所用，改正后重启即可补发",
    "Queue items that cannot be decrypted are set aside, the rest is sent: check the "
    "outbox key (credential or key file) is the one they were stored with; restart after",
)
OUTBOX_STUCK = Text(
    "队列积压：检查平台连接，或查看被拒收的记录",
    "The queue is backing up: check the platform link or the refused items",
)
DISK_LOW = Text(
    "磁盘空间不足：清理日志或扩容数据盘",
    "Disk space is low: clear old logs or enlarge the data disk",
)

# ----------------------------------------------------------------------- log ring

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(line: str) -> str:
    """Mask anything shaped like an ID number or a mobile number."""
    line = _ID_NUMBER.sub(lambda m: m.group(0)[:3] + "*" * 13 + m.group(0)[-2:], line)
    return _PHONE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], line)


class LogRing(logging.Handler):
    """The last ``size`` formatted log lines, for the technician's screen."""

    def __init__(self, size: int = 200) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(KeyValueFormatter())
        self._lines: collections.deque[str] = collections.deque(maxlen=size)
        self._ring_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = redact(self.format(record).splitlines()[0])
        except Exception:
            return
        with self._ring_lock:
            self._lines.append(line)

    def lines(self, limit: int) -> list[str]:
        with self._ring_lock:
            return list(self._lines)[-limit:]


_RING: list[LogRing] = []


def log_ring() -> LogRing:
    """The process's ring, attached to the root logger on first use."""
    if not _RING:
        ring = LogRing()
        logging.getLogger().addHandler(ring)
        _RING.append(ring)
    return _RING[0]


# ----------------------------------------------------------------------- checks


def device_check(device: Device) -> HealthCheck:
    try:
        status = device.status()
    except Exception as exc:  # a crashing adapter is a failed check, not a crashed screen
        return HealthCheck(
            device.name, False, f"status failed: {type(exc).__name__}", _DEFAULT_STEP
        )
    summary = status.state.value + (f" ({status.detail})" if status.detail else "")
    if status.operational:
        return HealthCheck(device.name, True, summary)
    if status.state is DeviceState.NO_DEVICE:
        return HealthCheck(device.name, True, "not configured", warning=True)
    step = _NEXT_STEP.get(device.name, _DEFAULT_STEP)
    if "paper" in status.detail:
        step = PAPER_OUT
    elif "missing)" in status.detail:
        step = PORT_MISSING
    return HealthCheck(device.name, False, summary, step)


def disk_check(path: Path) -> HealthCheck:
    try:
        usage = shutil.disk_usage(path)
    except OSError as exc:
        return HealthCheck("disk", False, f"unreadable: {type(exc).__name__}", DISK_LOW)
    free_gb = usage.free / 1024**3
    summary = f"{free_gb:.1f} GB free of {usage.total / 1024**3:.0f} GB"
    if usage.free < DISK_MIN_BYTES:
        return HealthCheck("disk", False, summary, DISK_LOW)
    return HealthCheck("disk", True, summary, DISK_LOW, warning=usage.free < DISK_WARN_BYTES)


@dataclass(frozen=True)
class QueueCounts:
    pending: int
    failed: int  # refused by the platform for good
    oldest_pending_age: float | None
    damaged: int = 0  # set aside: the payload cannot be opened


@dataclass(frozen=True)
class KioskDiagnostics:
    """``flows.ports.Diagnostics`` over the running services, asked afresh on every run."""

    devices: Callable[[], Sequence[Device]]
    reachable: Callable[[], bool]
    queue_counts: Callable[[], QueueCounts]
    data_dir: Path
    #: the recent log lines the maintenance screen shows (none without a ring)
    ring: LogRing | None = None

    def run_checks(self) -> list[HealthCheck]:
        checks = [device_check(d) for d in self.devices()]
        try:
            up = self.reachable()
        except Exception:
            up = False
        checks.append(
            HealthCheck("platform", up, "reachable" if up else "not answering", PLATFORM_DOWN)
        )
        try:
            counts = self.queue_counts()
        except Exception as exc:
            checks.append(
                HealthCheck("outbox", False, f"unreadable: {type(exc).__name__}", OUTBOX_STUCK)
            )
        else:
            oldest = counts.oldest_pending_age
            stale = oldest is not None and oldest > OUTBOX_STALE_S
            summary = f"{counts.pending} pending, {counts.failed} refused"
            if counts.damaged:
                summary += f", {counts.damaged} damaged"
            if oldest is not None:
                summary += f", oldest {int(oldest // 60)} min"
            # a damaged item is a resident's case or event that cannot go as it is
            step = OUTBOX_DAMAGED if counts.damaged else OUTBOX_STUCK
            checks.append(
                HealthCheck(
                    "outbox",
                    not stale and not counts.damaged,
                    summary,
                    step,
                    warning=bool(counts.pending or counts.failed),
                )
            )
        checks.append(disk_check(self.data_dir))
        return checks

    def recent_log_lines(self, limit: int = 20) -> list[str]:
        return self.ring.lines(limit) if self.ring is not None else []


def format_table(checks: Sequence[HealthCheck], lang: str = "en") -> str:
    """The ``kiosk doctor`` table: check, state, detail, next step."""
    rows = [("CHECK", "STATE", "DETAIL", "NEXT STEP")]
    for c in checks:
        state = "OK" if c.ok and not c.warning else "WARN" if c.ok else "FAIL"
        step = c.next_step.get(lang) if c.next_step is not None and state != "OK" else ""
        rows.append((c.name, state, c.summary, step))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip()
        for r in rows
    )
