"""A fake ``PageReader`` (the OCR port): it "reads" what a test printed on a page.

A test makes a page with :func:`printed_page` (label: value lines, as a form
would have them) and the reader returns those fields, classifying the page by
its title against the doc types the flow asked for, as the real reader does
with the words it finds. Pages it was never shown read as unknown.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence

from device_contracts import Completion, CompletionCode, Image, Operation, Text
from flows.ocr import FieldNote, OcrReading

_MAGIC = b"FAKE-PAGE\n"

BAD_ID = Text("身份证号码校验位不正确，请核对", "The ID number's check digit is wrong")


def printed_page(doc_type: str, fields: Mapping[str, str]) -> Image:
    """A page of ``doc_type`` showing ``fields`` (an encoded "image" the fake can read)."""
    body = json.dumps({"doc_type": doc_type, "fields": dict(fields)}, ensure_ascii=False)
    return Image(_MAGIC + body.encode(), "image/x-fake-page", 2480, 3508)


def _valid_id(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


class FakePageReader:
    """``hold``: keep reads pending until :meth:`release` (to test "still reading")."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []
        #: what other (real) images say, by their bytes: a test's stand-in for the text
        self.texts: dict[bytes, OcrReading] = {}
        self.hold = False
        self.fail = False
        self._pending: list[tuple[Operation[OcrReading], Completion[OcrReading]]] = []
        self._lock = threading.Lock()

    def read_page(
        self, image: Image, doc_types: Sequence[str], timeout: float
    ) -> Operation[OcrReading]:
        self.calls.append(tuple(doc_types))
        op: Operation[OcrReading] = Operation("fake.read_page")
        completion = self._read(image, doc_types)
        with self._lock:
            if self.hold:
                self._pending.append((op, completion))
                return op
        threading.Thread(target=op.complete, args=(completion,), daemon=True).start()
        return op

    def release(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
            self.hold = False
        for op, completion in pending:
            op.complete(completion)

    def _read(self, image: Image, doc_types: Sequence[str]) -> Completion[OcrReading]:
        if self.fail:
            return Completion.failure(CompletionCode.HARDWARE_ERROR, detail="ocr failed")
        if image.data in self.texts:
            return Completion.success(self.texts[image.data])
        if not image.data.startswith(_MAGIC):
            return Completion.success(OcrReading("unknown", not doc_types))
        page = json.loads(image.data[len(_MAGIC) :].decode())
        fields: dict[str, str] = page["fields"]
        notes = tuple(
            FieldNote("id_number", BAD_ID)
            for k, v in fields.items()
            if k == "id_number" and not _valid_id(v)
        )
        doc_type = page["doc_type"]
        expected = not doc_types or doc_type in doc_types
        return Completion.success(OcrReading(doc_type, expected, fields, notes))
