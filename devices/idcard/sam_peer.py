"""A simulated GA 467 SAM on a pseudo-terminal: the peer the adapter is tested against.

It speaks the same bytes as a real reader module (the frames come from
:mod:`devices.idcard.frames`), holds one of the cards from
:func:`~devices.idcard.peer_cards.load_peer_cards`, and can misbehave on
demand (:class:`Fault`). With ``link`` it publishes its pty under a fixed path
(like udev's ``/dev/serial/by-id/...``), so :meth:`SamPeer.vanish` and
:meth:`SamPeer.come_back` can pull the port away and bring it back.

Run it on its own: ``python -m devices.idcard.sam_peer --card resident-0``
prints the pty path and serves until interrupted.
"""

from __future__ import annotations

import argparse
import enum
import errno
import logging
import os
import random
import select
import signal
import sys
import threading
import time
import tty
from collections.abc import Sequence
from pathlib import Path

from devices.idcard import commands
from devices.idcard.base_info import FINGERPRINT_LEN, encode_base_info
from devices.idcard.errors import ChecksumError, FrameError
from devices.idcard.frames import MIN_COMMAND_LENGTH, FrameScanner, encode_reply, parse_command
from devices.idcard.peer_cards import PeerCard, load_peer_cards
from devices.idcard.status import CARD_FOUND, NO_CARD, OK, SELECT_FAILED

log = logging.getLogger(__name__)

SAM_ID = bytes.fromhex("0502000000000467000000000000beef")  # 16 bytes, fictional
READ_FAILED = 0x41
COMMAND_ERROR = 0x21
BAD_CHECKSUM = 0x10
BAD_LENGTH = 0x11
#: a false preamble with a plausible length, then bytes that are no frame at all
NOISE = b"\x00\xff\xaa\xaa\x13\x37\xaa\xaa\xaa\x96\x69\x00\x10\x00\x00\x90\xde\xad\xaa\xaa\xaa"


class Fault(enum.StrEnum):
    NONE = "none"
    CARD_REMOVED = "card_removed"  # the card leaves the field during the read
    BAD_CHECKSUM = "bad_checksum"  # read replies carry a wrong checksum byte
    NOISE = "noise"  # garbage on the line before every reply
    SLOW = "slow"  # the read reply comes ``slow_s`` late


class SamPeer:
    """A SAM on a pty. Thread-safe controls; :meth:`start` / :meth:`stop` its thread."""

    def __init__(
        self,
        cards: Sequence[PeerCard] | None = None,
        *,
        card: str | None = None,
        fault: Fault = Fault.NONE,
        slow_s: float = 3.0,
        link: Path | None = None,
    ) -> None:
        self._cards = {c.key: c for c in (cards if cards is not None else load_peer_cards())}
        self._lock = threading.Lock()
        self._card: PeerCard | None = None
        self._fault = fault
        self.slow_s = slow_s
        self._link = link
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._master = -1
        self._slave = -1
        self._slave_name = ""
        self._rng = random.Random(467)
        #: command codes received, in order ("2001", ...), for tests
        self.commands_seen: list[str] = []
        if card is not None:
            self.place_card(card)

    # ------------------------------------------------------------ controls
    @property
    def path(self) -> str:
        return str(self._link) if self._link is not None else self._slave_name

    @property
    def card_keys(self) -> list[str]:
        return list(self._cards)

    def place_card(self, key: str) -> None:
        if key not in self._cards:
            raise KeyError(f"no card {key!r}; known: {', '.join(self._cards)}")
        with self._lock:
            self._card = self._cards[key]

    def remove_card(self) -> None:
        with self._lock:
            self._card = None

    def set_fault(self, fault: Fault) -> None:
        with self._lock:
            self._fault = fault

    def start(self) -> SamPeer:
        self._open_pty()
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="sam-peer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._close_pty()

    def vanish(self) -> None:
        """The reader is unplugged: the pty and its link disappear."""
        if self._link is None:
            raise RuntimeError("vanish needs a link path (the pty's own name changes)")
        self.stop()

    def come_back(self) -> None:
        """Plugged in again: a new pty under the same link path."""
        self.start()

    # ------------------------------------------------------------ pty
    def _open_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline before the adapter configures it
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self._slave_name = os.ttyname(slave)
        if self._link is not None:
            tmp = self._link.with_name(self._link.name + ".new")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(self._slave_name)
            tmp.replace(self._link)

    def _close_pty(self) -> None:
        if self._link is not None:
            self._link.unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1

    # ------------------------------------------------------------ serving
    def _serve(self) -> None:
        scanner = FrameScanner(MIN_COMMAND_LENGTH)
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except BlockingIOError:
                continue
            except OSError as exc:
                if exc.errno == errno.EIO:  # nobody has the port open: wait for them
                    time.sleep(0.02)
                    continue
                raise
            scanner.feed(data)
            for item in scanner.frames():
                if isinstance(item, ChecksumError):
                    self._send(encode_reply(BAD_CHECKSUM))
                elif isinstance(item, FrameError):
                    self._send(encode_reply(BAD_LENGTH))
                else:
                    self._answer(item)

    def _answer(self, body: bytes) -> None:
        try:
            command = parse_command(body)
        except FrameError:
            self._send(encode_reply(BAD_LENGTH))
            return
        self.commands_seen.append(command.code)
        with self._lock:
            card = self._card
            fault = self._fault
        key = (command.cmd, command.para)
        reply: bytes
        is_read = False
        if key == (commands.SAM_STATUS.cmd, commands.SAM_STATUS.para):
            reply = encode_reply(OK)
        elif key == (commands.SAM_ID.cmd, commands.SAM_ID.para):
            reply = encode_reply(OK, SAM_ID)
        elif key == (commands.FIND_CARD.cmd, commands.FIND_CARD.para):
            reply = encode_reply(CARD_FOUND, b"\x00" * 4) if card else encode_reply(NO_CARD)
        elif key == (commands.SELECT_CARD.cmd, commands.SELECT_CARD.para):
            reply = encode_reply(OK, b"\x00" * 8) if card else encode_reply(SELECT_FAILED)
        elif key in {
            (commands.READ_BASE.cmd, commands.READ_BASE.para),
            (commands.READ_BASE_FP.cmd, commands.READ_BASE_FP.para),
        }:
            is_read = True
            if card is None:
                reply = encode_reply(READ_FAILED)
            elif fault is Fault.CARD_REMOVED:
                self.remove_card()
                reply = encode_reply(READ_FAILED)
            else:
                fingerprint = b"\x00" * FINGERPRINT_LEN if command.para == 0x10 else None
                reply = encode_reply(OK, encode_base_info(card.text, card.photo_wlt, fingerprint))
        else:
            reply = encode_reply(COMMAND_ERROR)
        if is_read and fault is Fault.BAD_CHECKSUM:
            reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        if is_read and fault is Fault.SLOW and self._stop.wait(self.slow_s):
            return
        if fault is Fault.NOISE:
            self._send(NOISE + bytes(self._rng.randrange(256) for _ in range(7)))
        self._send(reply)

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + 2.0
        while view and time.monotonic() < deadline and not self._stop.is_set():
            try:
                sent = os.write(self._master, view)
            except BlockingIOError:
                select.select([], [self._master], [], 0.05)
                continue
            view = view[sent:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devices.idcard.sam_peer",
        description="A simulated GA 467 ID card SAM on a pty; prints the pty path.",
    )
    parser.add_argument(
        "--card", help="card on the reader (resident-0.., foreign, hmt, invalid-id); none: no card"
    )
    parser.add_argument("--fault", choices=[f.value for f in Fault], default=Fault.NONE.value)
    parser.add_argument(
        "--slow-s", type=float, default=3.0, help="delay of the read reply with --fault slow"
    )
    parser.add_argument(
        "--link", type=Path, help="also publish the pty under this path (a symlink)"
    )
    args = parser.parse_args(argv)
    try:
        peer = SamPeer(card=args.card, fault=Fault(args.fault), slow_s=args.slow_s, link=args.link)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    peer.start()
    print(peer.path, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    peer.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
