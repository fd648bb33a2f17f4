"""The demo's ID card reader: the real GA 467 adapter talking to a simulated SAM on a pty.

A demo site config names ``driver = "ga467"`` with ``port = "@demo"``; before
the devices are built the registry calls :func:`start_demo` (named in
``manifest.py``) and the adapter gets the SAM's pty. In ``auto`` mode the peer
lays the demo card on the reader a few seconds into each wait (as the sim
driver's ``auto_place_after`` does) and lifts it after the read; otherwise the
demo's hands place and lift it through the :class:`SamPeer`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from devices.declaration import DemoPeer, DemoSite
from devices.idcard.sam_peer import SamPeer


def start_demo(site: DemoSite) -> DemoPeer:
    if site.auto:
        path, stop = _cycling_sam("resident-0")
        return DemoPeer(path, stop)
    sam = SamPeer().start()
    return DemoPeer(sam.path, sam.stop, hands=sam)


def _cycling_sam(
    card: str = "resident-0", *, place_after_s: float = 3.0, lift_after_s: float = 2.0
) -> tuple[str, Callable[[], None]]:
    """Start a simulated SAM; returns (pty path for the adapter, stop function).

    The card lies on the reader from ``place_after_s`` after start; each time the
    adapter reads it, it is lifted ``lift_after_s`` later and put back
    ``place_after_s`` after that, so every session waits for its card.
    """
    peer = SamPeer().start()
    stop_event = threading.Event()

    def cycle() -> None:
        while not stop_event.wait(place_after_s):
            peer.place_card(card)
            seen = len(peer.commands_seen)
            # wait for the adapter's read (30 01) after the card went down
            while not stop_event.wait(0.1):
                if "3001" in peer.commands_seen[seen:]:
                    break
            if stop_event.wait(lift_after_s):
                break
            peer.remove_card()

    thread = threading.Thread(target=cycle, name="demo-sam-card", daemon=True)
    thread.start()

    def stop() -> None:
        stop_event.set()
        thread.join(timeout=2)
        peer.stop()

    return peer.path, stop
