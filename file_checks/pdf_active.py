"""Which PDF objects are active content, whatever filter or escape hides them.

The rules see objects as pypdf parsed them: names already decoded (``/J#61vaScript``
is ``/JavaScript``), objects from object streams already unpacked whatever their
filter (``/ASCIIHexDecode``, ``/ASCII85Decode``, ``/FlateDecode``...). Each object is
looked at on its own, with its direct sub-dictionaries and arrays; referenced
objects are looked at when the walk (pdf_check.py) reaches them, so an action
is refused whether it hangs off the catalog, a page, an annotation or nothing.

A kiosk only forwards and prints the file; whoever opens it later (a clerk's
viewer) might run it. So nothing that acts is let through: scripts, actions that
leave the document (web links, other files, programs, form submission), automatic
actions (``/AA``), attachments, fillable forms and multimedia.
"""

from __future__ import annotations

from collections.abc import Iterator

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

from file_checks.verdict import Reason

#: nesting followed inside one object; deeper is refused as too complex
MAX_DEPTH = 64

_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
_ATTACHMENT_KEYS = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/EF"})
_MEDIA_KEYS = frozenset({"/RichMediaContent", "/RichMediaSettings", "/RichMediaExecute"})
#: action types (the /S of an action dictionary), by what they do
_SCRIPT_ACTIONS = frozenset({"/JavaScript", "/JS"})
_EXTERNAL_ACTIONS = frozenset(
    {"/Launch", "/URI", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/GoToDp"}
)
_OTHER_ACTIONS = frozenset(
    {"/RichMediaExecute", "/Rendition", "/Sound", "/Movie", "/GoTo3DView", "/Hide", "/ResetForm"}
)
#: annotation subtypes that carry files, media or form fields
_ANNOT_SUBTYPES = {
    "/FileAttachment": Reason.PDF_ATTACHMENT,
    "/RichMedia": Reason.PDF_ACTIVE_CONTENT,
    "/Movie": Reason.PDF_ACTIVE_CONTENT,
    "/Sound": Reason.PDF_ACTIVE_CONTENT,
    "/Screen": Reason.PDF_ACTIVE_CONTENT,
    "/3D": Reason.PDF_ACTIVE_CONTENT,
    "/Widget": Reason.PDF_FORM,
}


class Finding:
    """One piece of active content: the reason shown and a log-safe detail."""

    __slots__ = ("detail", "reason")

    def __init__(self, reason: Reason, detail: str) -> None:
        self.reason = reason
        self.detail = detail


class TooDeepError(Exception):
    """An object nested deeper than :data:`MAX_DEPTH`."""


def find_active(obj: PdfObject | None) -> Finding | None:
    """The first active content in one object (not following references), or None."""
    for d in _dicts(obj, 0):
        found = _check_dict(d)
        if found is not None:
            return found
    return None


def _dicts(obj: PdfObject | None, depth: int) -> Iterator[DictionaryObject]:
    if depth > MAX_DEPTH:
        raise TooDeepError
    if isinstance(obj, IndirectObject):
        return  # reached by the walk on its own
    if isinstance(obj, DictionaryObject):  # StreamObject is one too: its dictionary
        yield obj
        for value in obj.values():
            yield from _dicts(value, depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            yield from _dicts(item, depth + 1)


def _name(value: object) -> str | None:
    return value if isinstance(value, str) and value.startswith("/") else None


def _check_dict(d: DictionaryObject) -> Finding | None:
    keys = set(d.keys())
    if keys & _SCRIPT_KEYS:
        return Finding(Reason.PDF_SCRIPT, "javascript key")
    if keys & _ATTACHMENT_KEYS:
        return Finding(Reason.PDF_ATTACHMENT, "embedded file")
    if keys & _MEDIA_KEYS:
        return Finding(Reason.PDF_ACTIVE_CONTENT, "rich media")
    if "/XFA" in keys:
        return Finding(Reason.PDF_FORM, "xfa form")
    if "/AA" in keys and _non_empty(d.get("/AA")):
        return Finding(Reason.PDF_ACTIVE_CONTENT, "automatic actions (/AA)")
    if "/AcroForm" in keys and _has_fields(d.get("/AcroForm")):
        return Finding(Reason.PDF_FORM, "acroform fields")
    # /S names an action's type wherever it appears; structure elements (/S /P),
    # transparency groups (/S /Transparency) and borders (/S /S) use other names
    action = _name(d.get("/S"))
    if action in _SCRIPT_ACTIONS:
        return Finding(Reason.PDF_SCRIPT, "javascript action")
    if action in _EXTERNAL_ACTIONS:
        return Finding(Reason.PDF_EXTERNAL_ACTION, f"action {action}")
    if action in _OTHER_ACTIONS:
        return Finding(Reason.PDF_ACTIVE_CONTENT, f"action {action}")
    subtype = _name(d.get("/Subtype"))
    if subtype in _ANNOT_SUBTYPES:
        return Finding(_ANNOT_SUBTYPES[subtype], f"annotation {subtype}")
    if _name(d.get("/Type")) == "/EmbeddedFile":
        return Finding(Reason.PDF_ATTACHMENT, "embedded file stream")
    return None


def _resolved(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _non_empty(value: object) -> bool:
    value = _resolved(value)
    return not isinstance(value, DictionaryObject) or len(value) > 0


def _has_fields(value: object) -> bool:
    """An /AcroForm that defines fields (or XFA); an empty one, as some tools write
    beside every document, is inert."""
    form = _resolved(value)
    if not isinstance(form, DictionaryObject):
        return False
    if "/XFA" in form:
        return True
    fields = _resolved(form.get("/Fields"))
    return isinstance(fields, ArrayObject) and len(fields) > 0
