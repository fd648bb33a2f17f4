"""What one fleet bench run is asked to do, and the platform's API it calls."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

API = "/api/v1"
#: a matter the simulated document camera's pages fit (as in the demo tour)
MATTER = "HJ001"
STORES = ("sqlite", "postgres")


@dataclass(frozen=True)
class BenchOptions:
    kiosks: int = 200
    #: declaration + collection rounds per kiosk
    rounds: int = 1
    #: every simulated device's delay, seconds
    device_delay: float = 0.005
    #: run the simulator in this process (tests) instead of its own
    in_process: bool = False
    #: HTTP timeout of the kiosks' platform client
    timeout: float = 30.0
    #: how long one journey may take before the kiosk counts it failed
    journey_timeout: float = 120.0
    #: kiosks start their first journey spread evenly over this many seconds
    #: (0: all at the same instant, a thundering herd no real fleet produces)
    ramp_s: float = 20.0
    #: fetch the catalogue before the run, as a kiosk that has been running has it cached
    warm_catalog: bool = True
    #: worker threads driving the kiosks (each kiosk's journey runs on one of them)
    threads: int = 64
    #: the platform's store: "sqlite" (a file) or "postgres" (a throwaway cluster)
    store: str = "sqlite"
    #: the platform's worker processes (more than one wants postgres)
    workers: int = 1
    #: kill one platform worker with SIGKILL this many seconds into the run (None: never)
    kill_worker_after_s: float | None = None

    def __post_init__(self) -> None:
        if self.kill_worker_after_s is not None and (self.in_process or self.workers < 2):
            raise BenchError(
                "--kill-worker-after needs the platform in its own process with --workers 2 or more"
            )


class BenchError(RuntimeError):
    pass
