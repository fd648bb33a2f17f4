"""What OCR read from a captured page, and how it pre-fills the form (纸质材料OCR "少填写").

The :class:`~flows.ports.PageReader` port classifies a page and reads its labelled
fields; this module turns that into form values. A read value only fills a field
that is still empty, and is marked as read from a material so the resident checks
it; a value that disagrees with what the form already holds (from the ID card, or
typed) is never written over but shown beside it. Values are personal data: they
are never logged, and ``repr`` shows only keys and counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from device_contracts import Text
from flows.domain import FieldKind, FormField, MaterialPage, MaterialSpec

#: a reader's field key -> the form field keys it can fill (catalogue keys differ a little)
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "id_number": ("id_number",),
    "gender": ("gender",),
    "birth_date": ("birth_date",),
    "address": ("address",),
    "phone": ("phone",),
    "uscc": ("credit_code",),
    "entity_name": ("company_name",),
}


@dataclass(frozen=True)
class FieldNote:
    """A problem with one read value (a wrong check digit ...), in plain words."""

    field: str
    message: Text


@dataclass(frozen=True, repr=False)
class OcrReading:
    """One page as the reader understood it. ``expected``: the page's type is one the
    matter asks for (or nothing could be said)."""

    doc_type: str
    expected: bool
    fields: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[FieldNote, ...] = ()

    def __repr__(self) -> str:
        return f"OcrReading({self.doc_type}, fields={sorted(self.fields)}, notes={len(self.notes)})"


@dataclass(frozen=True, repr=False)
class PageRead:
    """A captured page and what was read from it."""

    page: MaterialPage
    reading: OcrReading

    def __repr__(self) -> str:
        return f"PageRead({self.page.material_code}, {self.reading!r})"


#: what a read value did to the form
FILLED = "filled"  # the field was empty: the value went in
MATCHES = "matches"  # the form already said the same
DIFFERS = "differs"  # the form says something else: shown, never written over


@dataclass(frozen=True, repr=False)
class ReadValue:
    """A form field's value as read from a material, for the resident to check.

    ``status``: FILLED, MATCHES or DIFFERS. ``note``: a problem with the value
    (a wrong check digit ...)."""

    key: str
    value: str
    material_code: str
    status: str
    note: Text | None = None

    @property
    def filled(self) -> bool:
        return self.status == FILLED

    def __repr__(self) -> str:
        return f"ReadValue({self.key}, {self.status})"


def material_doc_types(materials: Iterable[MaterialSpec]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.doc_type for m in materials if m.doc_type))


def page_type_fits(spec: MaterialSpec | None, reading: OcrReading) -> bool | None:
    """Does the page look like the material it was captured for? None: cannot say."""
    if spec is None or not spec.doc_type or reading.doc_type == "unknown":
        return None
    return reading.doc_type == spec.doc_type


def _as_form_value(f: FormField, value: str) -> str:
    if f.kind is FieldKind.CHOICE:
        for choice in f.choices:
            if value in (choice.zh, choice.en) or value.lower() == choice.en.lower():
                return choice.zh
        return ""
    return value.strip()


def merge_reading(
    fields: Iterable[FormField],
    form: dict[str, str],
    reading: OcrReading,
    material_code: str,
    known: Mapping[str, ReadValue],
) -> list[ReadValue]:
    """Fill empty form fields from ``reading`` (in place) and return every value read
    for a form field, with what it did (filled / matches / differs).

    ``known``: what earlier pages already gave; a field read before is left as it is.
    """
    by_key = {f.key: f for f in fields}
    notes = {n.field: n.message for n in reading.notes}
    out: list[ReadValue] = []
    for read_key, raw in reading.fields.items():
        note = notes.get(read_key)
        for key in FIELD_ALIASES.get(read_key, ()):
            f = by_key.get(key)
            if f is None or key in known:
                continue
            value = _as_form_value(f, raw)
            if not value:
                continue
            current = form.get(key, "").strip()
            if not current:
                form[key] = value
                status = FILLED
            else:
                status = MATCHES if _same(current, value) else DIFFERS
            out.append(ReadValue(key, value, material_code, status, note))
    return out


def _same(a: str, b: str) -> bool:
    """Equal but for spaces and the letter case of an ID number's X."""
    return (
        a.replace(" ", "").replace("　", "").upper() == b.replace(" ", "").replace("　", "").upper()
    )
