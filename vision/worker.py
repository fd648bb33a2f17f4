"""One helper process for the model calls that hold Python's interpreter lock.

dlib's embedding network holds the GIL for its whole run (~0.1 s) and rapidocr's
pre/post-processing holds it in stretches of tens of ms. In the kiosk process
that would stall the GUI thread however the work is threaded, so those calls run
here instead: a single spawned process (no Qt, no threads inherited) that loads
each model on its first call. The caller's thread waits on a pipe, which releases
the GIL. The process is started lazily and restarted once if it dies, and it leaves
when the process that started it is gone, however that one ended (SIGKILL included).

``KIOSK_VISION_IN_PROCESS=1`` runs everything in the calling process instead
(command-line tools, debugging, profiling).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from vision.lazy import Lazy

log = logging.getLogger(__name__)

R = TypeVar("R")

IN_PROCESS_ENV = "KIOSK_VISION_IN_PROCESS"


def in_process() -> bool:
    return os.environ.get(IN_PROCESS_ENV, "") == "1"


class ModelWorker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=helper_start,
                )
                log.info("vision helper process starting")
            return self._pool

    def call(self, fn: Callable[..., R], *args: Any) -> R:
        """``fn(*args)`` in the helper process (``fn`` must be a module-level function)."""
        try:
            return self._executor().submit(fn, *args).result()
        except BrokenProcessPool:
            log.warning("vision helper process died, restarting it")
            self.close()
            return self._executor().submit(fn, *args).result()

    def trim(self) -> None:
        self.call(release_free_memory)

    def pid(self) -> int | None:
        with self._lock:
            pool = self._pool
        if pool is None:
            return None
        procs = getattr(pool, "_processes", None) or {}
        return next(iter(procs), None)

    def close(self, wait: bool = False) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)


#: niceness of the helper process: the GUI thread (nice 0) always gets the CPU first, so
#: a page read or a face check never stalls the screen on a 2-core kiosk
BACKGROUND_NICE = 10


def background_priority() -> None:
    """Lower the calling thread's CPU priority (the whole helper process when called
    there first). Linux applies ``setpriority`` to one thread id; elsewhere a no-op.

    Only for the helper process, never for a thread of the kiosk process: such a thread
    still takes the interpreter lock (Python between its C calls), and at nice 10 it can
    be kept off the CPU while it holds the lock, the GUI thread waiting on it: 56-150 ms
    GUI stalls in ``kiosk bench gui`` (issue 5), none once those threads ran at nice 0."""
    try:
        tid = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if current < BACKGROUND_NICE:
            os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)
    except (AttributeError, OSError):
        pass


#: how often the helper looks whether the kiosk that started it is still there
PARENT_CHECK_S = 1.0


def helper_start() -> None:
    """The helper process's first call: lower its priority, and leave with the kiosk."""
    background_priority()
    exit_with_parent(os.getppid())


def exit_with_parent(parent: int) -> None:
    """Exit this process once ``parent`` is no longer its parent (it died: the process is
    handed to init or a subreaper). A killed kiosk left its helper behind otherwise,
    waiting on a queue whose writing end it holds itself, with ~140 MB of models.
    (``PR_SET_PDEATHSIG`` would not do: it fires when the *thread* that started the
    helper ends, and that is the short-lived warm-up thread.)"""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def release_free_memory() -> None:
    """Hand freed heap back to the OS (glibc keeps it otherwise: one 1600x1200 OCR run
    leaves ~300 MB of free-but-resident arena behind). A no-op off glibc."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _start_worker() -> ModelWorker:
    worker = ModelWorker()
    atexit.register(worker.close, True)
    return worker


_worker = Lazy(_start_worker)


def get_worker() -> ModelWorker:
    return _worker.get()
