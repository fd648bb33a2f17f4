"""``kiosk bench intake``: hostile files from a USB drive or a phone, checked as the
kiosk checks them (the checker's child process, files at the 20 MB size limit).

Bar (issue 13.11): a 20 MB adversarial PDF checked in under 2 s. Also shown: an
ordinary 20 MB scanned PDF, a PDF at the object limit, and the longest stall of a
thread standing in for the GUI thread while the checks run (the checks hold no
lock of the kiosk's: they wait on a pipe).
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from file_checks.content import check_content
from file_checks.limits import MIB, IntakeLimits

BAR_S = 2.0
SIZE = 20 * MIB - 4096


@dataclass(frozen=True)
class Row:
    what: str
    seconds: float
    verdict: str
    bar: float | None

    @property
    def ok(self) -> bool | None:
        return None if self.bar is None else self.seconds < self.bar

    def format(self) -> str:
        mark = "-" if self.ok is None else ("OK" if self.ok else "OVER")
        bar = f"< {self.bar:.1f} s" if self.bar is not None else ""
        return f"{self.what:<52} {self.seconds:>7.3f} s  {bar:<8} {mark:<4} {self.verdict}"


def digits_no_xref() -> bytes:
    """The issue's file at 20 MB: ``%PDF-1.4``, digits, ``%%EOF``."""
    return b"%PDF-1.4\n" + b"1" * (SIZE - 15) + b"%%EOF"


def digits_startxref_inside() -> bytes:
    tail = b"\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"
    return b"%PDF-1.4\n" + b"1" * (SIZE - 9 - len(tail)) + tail


def streams_never_ended() -> bytes:
    unit = b"1 0 obj<</Filter/FlateDecode>>stream\n"
    return b"%PDF-1.4\n" + unit * (SIZE // len(unit)) + b"%%EOF"


def nested_arrays() -> bytes:
    body = b"1 0 obj\n" + b"[" * (SIZE - 64) + b"\nendobj\n"
    return _with_xref(b"%PDF-1.4\n", [body])


def many_objects(limits: IntakeLimits) -> bytes:
    """As many objects as allowed, each a small dictionary, then padding to 20 MB."""
    n = limits.max_pdf_objects - 4
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    pad = b"% " + b"x" * (SIZE // n - 60) + b"\n"
    objs += [b"<< /N %d >>\n" % i + pad for i in range(n)]
    return _with_xref(
        b"%PDF-1.7\n", [b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n" for i, o in enumerate(objs)]
    )


def escaped_names() -> bytes:
    """A valid one-page PDF padded with 20 MB of ``/a#41`` names in a comment-free
    stream: each one a candidate for the raw-bytes name backstop."""
    names = b"/a#41 " * ((SIZE - 1024) // 6)
    return _with_xref(
        b"%PDF-1.7\n",
        [
            b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n",
            b"4 0 obj\n<< /Length %d >>\nstream\n" % len(names) + names + b"\nendstream\nendobj\n",
        ],
    )


def huge_xref() -> bytes:
    """A cross-reference table of a million entries (20 bytes each): one page."""
    head = _with_xref(
        b"%PDF-1.7\n",
        [
            b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n",
        ],
    )
    body, _xref, _tail = head.partition(b"xref\n")
    n = (SIZE - len(body) - 200) // 20
    rows = b"0000000000 65535 f \n" + b"0000000009 00000 n \n" * (n - 1)
    return (
        body
        + b"xref\n0 %d\n" % n
        + rows
        + (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, len(body)))
    )


def _with_xref(head: bytes, bodies: list[bytes]) -> bytes:
    out = bytearray(head)
    offsets = []
    for body in bodies:
        offsets.append(len(out))
        out += body
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def scanned_pdf() -> bytes:
    """An ordinary scan of about 20 MB: JPEG pages, as a scanner driver writes them."""
    page = Image.effect_noise((1700, 2200), 60).convert("RGB")
    buf = io.BytesIO()
    page.save(buf, format="JPEG", quality=95)
    pages = max(1, (SIZE - 65536) // len(buf.getvalue()))
    out = io.BytesIO()
    page.save(out, format="PDF", save_all=True, append_images=[page] * (pages - 1), quality=95)
    return out.getvalue()


def _timed(data: bytes, limits: IntakeLimits) -> tuple[float, str]:
    started = time.perf_counter()
    verdict = check_content(data, limits)
    took = time.perf_counter() - started
    said = (
        verdict.reason.value if verdict.reason is not None else f"accepted, {verdict.pages} pages"
    )
    return took, f"{said} ({verdict.detail})" if verdict.detail else said


def _max_stall(work: Callable[[], object]) -> float:
    """Longest gap between 5 ms ticks of this thread while ``work`` runs on another."""
    done = threading.Event()

    def run_work() -> None:
        work()
        done.set()

    worker = threading.Thread(target=run_work, daemon=True)
    worker.start()
    last = time.perf_counter()
    worst = 0.0
    while not done.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        worst = max(worst, now - last - 0.005)
        last = now
    worker.join()
    return worst


def run() -> list[Row]:
    limits = IntakeLimits()
    check_content(digits_no_xref()[:4096] + b"%%EOF", limits)  # start the child: not timed
    cases: list[tuple[str, bytes, float | None]] = [
        ("adversarial: digits, no xref (issue 13.11), 20 MB", digits_no_xref(), BAR_S),
        ("adversarial: startxref into 20 MB of digits", digits_startxref_inside(), BAR_S),
        ("adversarial: 'stream' x 500k, none ended", streams_never_ended(), BAR_S),
        ("adversarial: 20 M nested arrays", nested_arrays(), BAR_S),
        ("adversarial: xref table of a million entries", huge_xref(), BAR_S),
        ("adversarial: 3.5 M escaped names (/a#41)", escaped_names(), BAR_S),
        (f"adversarial: {limits.max_pdf_objects} objects, 20 MB", many_objects(limits), BAR_S),
        ("ordinary: scanned pages (JPEG), 20 MB", scanned_pdf(), None),
    ]
    rows = []
    for what, data, bar in cases:
        took, said = _timed(data, limits)
        rows.append(Row(f"{what} [{len(data) / MIB:.1f} MB]", took, said, bar))
    every = [data for _what, data, _bar in cases]
    stall = _max_stall(lambda: [check_content(d, limits) for d in every])
    rows.append(Row("longest stall of another thread during all checks", stall, "", 0.1))
    return rows


def main() -> int:
    print(f"kiosk bench intake  (cpus: {os.cpu_count()}; each file checked in the child process)")
    rows = run()
    for row in rows:
        print(row.format())
    return 0 if all(row.ok is not False for row in rows) else 1
