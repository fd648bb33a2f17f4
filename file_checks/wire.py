"""How the kiosk and the checker's child process talk: length-prefixed frames
on a pipe, a JSON header and raw bytes (the file; an encoded-again picture back)."""

from __future__ import annotations

import dataclasses
import json
import struct
from typing import BinaryIO

from file_checks.limits import IntakeLimits
from file_checks.verdict import ContentVerdict, FileKind, Reason

_LEN = struct.Struct(">Q")
#: no frame is larger: a file is at most max_file_bytes, a picture encoded again
#: at most its pixels' worth
MAX_FRAME = 1 << 30


class WireError(Exception):
    """The other side sent something that is not a frame."""


def frame(payload: bytes) -> bytes:
    return _LEN.pack(len(payload)) + payload


def read_frame(inp: BinaryIO) -> bytes | None:
    """One frame, or None at a clean end of input."""
    head = inp.read(_LEN.size)
    if not head:
        return None
    if len(head) != _LEN.size:
        raise WireError("short length")
    (size,) = _LEN.unpack(head)
    if size > MAX_FRAME:
        raise WireError("frame too large")
    body = inp.read(size)
    if len(body) != size:
        raise WireError("short frame")
    return body


def write_frame(out: BinaryIO, payload: bytes) -> None:
    out.write(frame(payload))


def request_to_wire(limits: IntakeLimits, clean: bool, preview: bool = False) -> bytes:
    body = {"limits": dataclasses.asdict(limits), "clean": clean, "preview": preview}
    return json.dumps(body).encode()


def request_from_wire(raw: bytes) -> tuple[IntakeLimits, bool, bool]:
    """The limits, whether to encode a picture again, whether to make a preview."""
    obj = json.loads(raw)
    return IntakeLimits(**obj["limits"]), bool(obj["clean"]), bool(obj.get("preview"))


def verdict_to_wire(v: ContentVerdict) -> tuple[bytes, bytes]:
    header = {
        "kind": v.kind.value if v.kind is not None else None,
        "reason": v.reason.value if v.reason is not None else None,
        "detail": v.detail,
        "width": v.width,
        "height": v.height,
        "pages": v.pages,
        "clean": v.clean is not None,
    }
    return json.dumps(header).encode(), v.clean or b""


def verdict_from_wire(header: bytes, body: bytes) -> ContentVerdict:
    try:
        obj = json.loads(header)
        return ContentVerdict(
            FileKind(obj["kind"]) if obj["kind"] is not None else None,
            Reason(obj["reason"]) if obj["reason"] is not None else None,
            str(obj["detail"]),
            _int(obj["width"]),
            _int(obj["height"]),
            _int(obj["pages"]),
            body if obj["clean"] else None,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise WireError(f"bad verdict: {type(exc).__name__}") from None


def _int(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int):
        raise TypeError("not an int")
    return value
