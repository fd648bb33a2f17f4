"""The checker's child process: ``python -m file_checks.check_worker``.

It reads requests on stdin and answers on stdout (framing in wire.py), one file
at a time, and exits when stdin closes (the kiosk went away). Before each file it
sets its own limits: CPU seconds (RLIMIT_CPU: the kernel ends the process,
even inside C code such as a regex or zlib) and address space (RLIMIT_AS: a
picture or stream that needs more memory fails with MemoryError). No core dumps.
A parser that spins, recurses or allocates without bound takes this process
down, never the kiosk.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
import warnings
from typing import BinaryIO

from file_checks.examine import examine
from file_checks.limits import IntakeLimits
from file_checks.preview import PreviewError, make_preview
from file_checks.verdict import ContentVerdict, Reason
from file_checks.wire import read_frame, request_from_wire, verdict_to_wire, write_frame


def _vm_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _limit_self(limits: IntakeLimits) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = used + limits.check_cpu_s
    if hard != resource.RLIM_INFINITY:
        cpu = min(cpu, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = _vm_bytes() + limits.check_memory_bytes
    if hard != resource.RLIM_INFINITY:
        memory = min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory, hard))


def _preview(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    """The checks, then a preview of an accepted file (PDFium renders the first page
    of a PDF here, not in the kiosk): the JPEG in ``clean``, its size and pages."""
    verdict = examine(data, limits)
    if verdict.reason is not None or verdict.kind is None:
        return verdict
    try:
        shown = make_preview(data, verdict.kind)
    except PreviewError as exc:
        return ContentVerdict(verdict.kind, Reason.DAMAGED, f"preview: {exc}")
    return ContentVerdict(
        verdict.kind,
        None,
        width=shown.width,
        height=shown.height,
        pages=shown.pages,
        clean=shown.jpeg,
    )


def _answer(data: bytes, limits: IntakeLimits, clean: bool, preview: bool) -> ContentVerdict:
    try:
        return _preview(data, limits) if preview else examine(data, limits, clean=clean)
    except MemoryError:
        return ContentVerdict(None, Reason.UNCHECKABLE, "memory limit")
    except Exception as exc:  # a parser bug on hostile bytes: refuse, keep serving
        return ContentVerdict(None, Reason.UNCHECKABLE, f"checker error {type(exc).__name__}")


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    while True:
        request = read_frame(inp)
        data = read_frame(inp)
        if request is None or data is None:
            return
        limits, clean, preview = request_from_wire(request)
        _limit_self(limits)
        verdict = _answer(data, limits, clean, preview)
        del data
        header, body = verdict_to_wire(verdict)
        write_frame(out, header)
        write_frame(out, body)
        out.flush()


def main() -> int:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # parsers warn about every quirk of a file; the verdict carries what matters
    logging.basicConfig(level=logging.CRITICAL)
    warnings.simplefilter("ignore")
    # the protocol owns stdout: anything printed by a library goes to stderr
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
