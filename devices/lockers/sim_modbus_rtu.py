"""Simulated Modbus-RTU lock boards on a pty (coils = locks, discrete inputs = sensors).

A small RTU slave for exactly what lock boards answer: read coils (01),
read discrete inputs (02), write single coil (05). pymodbus's client talks
to it through the pty like to a real board; the pymodbus server is used for
the TCP simulator instead (:mod:`devices.lockers.sim_modbus_tcp`).
"""

from __future__ import annotations

from devices.lockers.link import SensorPolarity
from devices.lockers.sim_doors import SimDoors
from devices.lockers.sim_pty import BoardsOnPty

REQUEST_LENGTH = 8  # the three functions above all have 8-byte requests


def crc16(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def seal(body: bytes) -> bytes:
    return body + crc16(body).to_bytes(2, "little")


def pack_bits(bits: list[bool]) -> bytes:
    out = bytearray((len(bits) + 7) // 8)
    for i, bit in enumerate(bits):
        if bit:
            out[i // 8] |= 1 << (i % 8)
    return bytes(out)


class ModbusRtuSim(BoardsOnPty):
    def __init__(self, doors: SimDoors, *, polarity: SensorPolarity = SensorPolarity.HIGH) -> None:
        self._buffer = bytearray()
        super().__init__(doors, polarity=polarity, line_name="sim-modbus-rtu")

    def _on_bytes(self, chunk: bytes) -> bytes:
        self._buffer += chunk
        out = b""
        while len(self._buffer) >= REQUEST_LENGTH:
            frame = bytes(self._buffer[:REQUEST_LENGTH])
            if crc16(frame[:-2]) != int.from_bytes(frame[-2:], "little"):
                del self._buffer[0]
                continue
            del self._buffer[:REQUEST_LENGTH]
            out += self._answer(frame)
        return out

    def _answer(self, frame: bytes) -> bytes:
        unit, function = frame[0], frame[1]
        if not self.doors.answers(unit):
            return b""
        address = int.from_bytes(frame[2:4], "big")
        value = int.from_bytes(frame[4:6], "big")
        if function == 0x05:
            if value == 0xFF00:
                self.doors.fire(unit, address + 1)
            return frame  # write single coil echoes the request
        if function in (0x01, 0x02):
            open_now = self.doors.open_channels(unit)
            if function == 0x01:
                bits = [False] * value  # locks relock by themselves after the pulse
            else:
                bits = [
                    self.polarity.level(ch in open_now)
                    for ch in range(address + 1, address + 1 + value)
                ]
            data = pack_bits(bits)
            return seal(bytes([unit, function, len(data)]) + data)
        return seal(bytes([unit, function | 0x80, 0x01]))  # illegal function
