"""A simulated serial QR scanner on a pty: :meth:`show` is a code held to its window."""

from __future__ import annotations

from devices._pty_peer import PtyPeer


class SimSerialScanner:
    def __init__(self, *, terminator: bytes = b"\r\n", encoding: str = "utf-8") -> None:
        self.terminator = terminator
        self.encoding = encoding
        self._peer = PtyPeer(lambda _chunk: None, name="sim-qr-scanner")
        self.path = self._peer.path

    def show(self, text: str) -> None:
        self._peer.write(text.encode(self.encoding) + self.terminator)

    def send_raw(self, data: bytes) -> None:
        self._peer.write(data)

    def stop(self) -> None:
        self._peer.stop()
