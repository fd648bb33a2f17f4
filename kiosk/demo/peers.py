"""The simulated hardware on the far side of the real adapters, for the demo.

A demo site config names real drivers (``ga467``, ``escpos``, ``rs485``/``modbus``,
``serial``) with the placeholder ``"@demo"`` where a site would name a port or
URL. Before the devices are built, :meth:`DemoPeers.start` asks the registry to
start each such driver's demo peer (its folder's ``demo.py``, named in its
manifest: a SAM on a pty, a fake network printer on loopback TCP, lock boards
on a pty or Modbus/TCP, a scanner on a pty) and puts its address in place of the
placeholder, so the demo runs the same bytes a kiosk sends on site.

:class:`DemoHands` is what a person standing at the kiosk does (place the card,
shut a door), for whichever kind of device the site runs, real or ``sim``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from device_contracts import DeviceSet, DoorState
from devices.declaration import DemoSite
from devices.registry import DeviceKind, start_demo_peer
from kiosk.site_config import SiteConfig

log = logging.getLogger(__name__)

Sections = dict[str, dict[str, object]]

#: the field of :class:`DemoPeers` that holds the hands of each kind's peer
_HANDS = {
    DeviceKind.ID_READER: "sam",
    DeviceKind.LOCKERS: "boards",
    DeviceKind.PRINTER: "printer",
    DeviceKind.QR_SCANNER: "scanner",
    DeviceKind.DOCUMENT_PRINTER: "document_printer",
}


@dataclass
class DemoPeers:
    """The started peers, and what the demo plays the resident through."""

    sam: Any = None  # devices.idcard.sam_peer.SamPeer (manual control)
    boards: Any = None  # devices.lockers.sim_doors.SimDoors
    printer: Any = None  # devices.printer.fake_server.FakePrinterServer
    scanner: Any = None  # devices.qr.sim_scanner.SimSerialScanner
    document_printer: Any = None  # devices.document_printer.private_cupsd.PrivateCupsd
    _stops: list[Callable[[], None]] = field(default_factory=list)

    @classmethod
    def start(
        cls, config: SiteConfig, sections: Sections, data_dir: Path, *, auto: bool
    ) -> DemoPeers:
        """Start a peer for every ``"@demo"`` placeholder in ``sections`` (changed in place).

        ``auto``: the peers play the resident too (a card appears a few seconds into
        each read, doors shut themselves), for a demo nobody stands at. Without it
        the caller plays them through :class:`DemoHands` (the tour and the tests).
        """
        peers = cls()
        site = DemoSite(tuple(config.lockers.to_compartments()), data_dir, auto)
        try:
            for kind in DeviceKind:
                peer = start_demo_peer(kind, sections.get(kind.value, {}), site)
                if peer is not None:
                    peers._stops.append(peer.stop)
                    if kind in _HANDS and peer.hands is not None:
                        setattr(peers, _HANDS[kind], peer.hands)
        except Exception:
            peers.close()
            raise
        return peers

    def close(self) -> None:
        for stop in reversed(self._stops):
            try:
                stop()
            except Exception:
                log.exception("demo peer stop failed")
        self._stops.clear()


class DemoHands:
    """The resident's hands at a demo kiosk, whatever drivers the site uses."""

    def __init__(self, devices: DeviceSet, peers: DemoPeers | None) -> None:
        self.devices = devices
        self.peers = peers
        self._boards: Mapping[str, tuple[int, int]] = {
            c.id: (c.board, c.channel) for c in devices.lockers.compartments()
        }

    def place_card(self, index: int) -> None:
        if self.peers is not None and self.peers.sam is not None:
            self.peers.sam.place_card(f"resident-{index}")
        else:
            self._sim("id_reader").place_card(index)

    def remove_card(self) -> None:
        if self.peers is not None and self.peers.sam is not None:
            self.peers.sam.remove_card()
        else:
            self._sim("id_reader").remove_card()

    def door_open(self, compartment_id: str) -> bool:
        return self.devices.lockers.door_state(compartment_id) is DoorState.OPEN

    def close_door(self, compartment_id: str) -> None:
        if self.peers is not None and self.peers.boards is not None:
            board, channel = self._boards[compartment_id]
            self.peers.boards.close_door(board, channel)
        else:
            self._sim("lockers").close_door(compartment_id)

    def reject_next_face(self, times: int = 1) -> None:
        """The next face check (the next ``times``) fails: the sim driver says "someone
        else"; the dlib driver is shown a printed photo held up to the camera (it fails
        liveness in ``step_s``)."""
        face = self.devices.face
        if face.capabilities().get("driver") == "dlib":
            from devices.camera.drivers import SAMPLE_REPLAY, face_source

            face.use_source_once(face_source(SAMPLE_REPLAY), times=times)  # type: ignore[attr-defined]
            return
        self._sim("face").next_result(False, times=times)

    def face_person(self, times: int = 1) -> Any:
        """A resident in front of the face camera for the next check (the next ``times``),
        who does only what they are told (``person.act(step)``): a
        :class:`devices.camera.sim_person.SimulatedPerson` filmed by the dlib driver's
        camera (frames paced as a real camera's) or the sim driver's."""
        from devices.camera.sim_person import SimulatedPerson

        person = SimulatedPerson()
        face = self.devices.face
        if face.capabilities().get("driver") == "dlib":
            face.use_source_once(lambda: person.source(realtime=True), times=times)  # type: ignore[attr-defined]
        else:
            self._sim("face").use_person(person, times=times)
        return person

    def printed_text(self) -> list[bytes]:
        """Each receipt as the printer received it (the sim's text, or the raw job bytes)."""
        if self.peers is not None and self.peers.printer is not None:
            jobs: list[bytes] = self.peers.printer.jobs()
            return jobs
        return [
            r.plain_text().encode() + (r.qr or "").encode() for r in self._sim("printer").printed
        ]

    def document_plate(self) -> Any:
        """The document camera's plate for the resident to lay pages on (``place``,
        ``steady``, ``take_away``): a :class:`devices.camera.sim_desk.SimulatedDesk`
        filmed, paced as a real camera, by every command of the OpenCV driver from now
        on, until :meth:`release_document_plate`; None when the camera cannot be filmed
        so (the sim driver: its pages come by themselves on 拍摄)."""
        from devices.camera.sim_desk import SimulatedDesk

        camera = self.devices.document_camera
        use_source = getattr(camera, "use_source", None)
        if camera.capabilities().get("driver") != "opencv" or not callable(use_source):
            return None
        desk = SimulatedDesk()
        use_source(lambda: desk.source(fps=20.0, realtime=True))
        return desk

    def release_document_plate(self) -> None:
        """The document camera films its configured source again."""
        use_source = getattr(self.devices.document_camera, "use_source", None)
        if callable(use_source):
            use_source(None)

    def _sim(self, kind: str) -> Any:
        device = getattr(self.devices, kind)
        if device.capabilities().get("driver") != "sim":
            raise RuntimeError(f"the demo cannot play the {kind} of driver {device!r}")
        return device
