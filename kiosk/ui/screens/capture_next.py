"""Why the materials screen's 下一步 cannot be tapped now, in the resident's words.

The same check as the flow's (:func:`flows.materials.check_materials`, with the same
pages, deferrals and electronic licences), so the screen never offers 下一步 while
the flow would refuse it for a missing material, and never greys it for one the flow
counts as handed in (容缺 deferred, covered by an e-licence)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from flows.domain import MaterialPage, Matter
from flows.materials import check_materials
from flows.ocr import PageRead
from kiosk.ui.widgets.tr import K, Source


def next_blocker(
    matter: Matter | None,
    pages: Sequence[MaterialPage],
    deferred: Collection[str],
    licensed: Collection[str],
    *,
    capturing: bool,
    readings: Sequence[PageRead],
    reading: int,
) -> Source:
    """None: 下一步 may be tapped; otherwise what it waits for. A missing material comes
    before a page still being read: it is what the resident has to do."""
    if matter is None:
        return None
    if capturing:
        return K("capture.next_wait.capturing")
    missing = check_materials(matter, pages, deferred, licensed).missing
    if missing:
        names = [m.name for m in missing]
        return K(
            "capture.next_wait.missing",
            names=lambda lang: ("、" if lang == "zh" else ", ").join(n.get(lang) for n in names),
        )
    if reading > 0:
        numbers = being_read(pages, readings, reading)
        if not numbers:
            return K("capture.next_wait.reading_any")
        return K(
            "capture.next_wait.reading",
            n=len(numbers),
            pages=lambda lang: ("、" if lang == "zh" else ", ").join(map(str, numbers)),
        )
    return None


def being_read(
    pages: Sequence[MaterialPage], readings: Sequence[PageRead], reading: int
) -> list[int]:
    """The numbers (1-based, in the order taken) of the ``reading`` pages OCR is still
    reading: the newest camera pages without a reading (an older page without one was
    read and not understood; only camera pages are read)."""
    read = {id(r.page) for r in readings}
    unread = [i + 1 for i, p in enumerate(pages) if p.source == "camera" and id(p) not in read]
    return unread[-reading:] if reading else []
