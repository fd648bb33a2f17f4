"""The embedded platform simulator's child process (``python -m platform_sim.child``).

Started by :func:`platform_sim.server.start_in_subprocess`, never by hand: it
serves on a listening socket inherited from the kiosk (``--fd``) and exits when its
stdin reaches EOF, i.e. when the kiosk stops it or dies.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from kvlog import setup_logging
from platform_sim.app import create_app

#: how long a graceful shutdown may take after the kiosk went away before the child
#: just exits (an open keep-alive connection would otherwise hold uvicorn)
GRACE_S = 3.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m platform_sim.child")
    parser.add_argument("--fd", type=int, required=True, help="inherited socket, bound")
    # as given: a SQLite path or a postgresql:// URL (a Path would fold the URL's //)
    parser.add_argument("--db", required=True)
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--faults", action="store_true", help="serve the fault switch")
    parser.add_argument("--gateway-public-key", type=Path, default=None, help="PEM, notifies")
    args = parser.parse_args(argv)
    setup_logging(args.log_level)
    sock = socket.socket(fileno=args.fd)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(args.db, faults=args.faults, gateway_public_key=args.gateway_public_key),
            access_log=False,
            log_level="warning",
            lifespan="off",
        )
    )

    def exit_with_parent() -> None:
        # blocks (without the interpreter lock) until the kiosk closes the pipe or dies
        sys.stdin.buffer.read()
        server.should_exit = True
        time.sleep(GRACE_S)
        os._exit(0)

    threading.Thread(target=exit_with_parent, name="parent-watch", daemon=True).start()
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
