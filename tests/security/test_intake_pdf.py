"""PDFs from a USB drive or a phone: the ordinary ones a resident brings are
accepted, every kind of active content is refused whatever filter or escape
hides it, and files built to make a checker crawl get a verdict (not a stall).

Each sample is made here: hand-written bytes with a correct cross-reference,
Pillow (a scanner driver), reportlab (an office suite / a phone's "save as
PDF"), qpdf through pikepdf (object streams, xref streams, linearised), pypdf."""

from __future__ import annotations

import pytest

from file_checks import IntakeLimits, Reason, check_upload
from file_checks.content import check_content
from file_checks.verdict import AcceptedFile, RejectedFile
from tests.security.pdf_samples import (
    flate,
    objstm_pdf,
    pdfa_like,
    pikepdf_pdf,
    pypdf_pdf,
    reportlab_pdf,
    scanner_pdf,
    simple_pdf,
    stream,
)

LIMITS = IntakeLimits()


def _ordinary() -> dict[str, tuple[bytes, int]]:
    office = reportlab_pdf(3)
    return {
        # issue 17.4: the last stream Flate-compressed ("stream" also matched "endstream")
        "last stream flate (hand-written)": (simple_pdf(2), 2),
        "scanner driver (Pillow, JPEG pages)": (scanner_pdf(2), 2),
        "office / phone save-as (reportlab, embedded font, outline, links)": (office, 3),
        "object streams + xref stream (qpdf)": (
            pikepdf_pdf(office, object_stream_mode=_objstm_generate()),
            3,
        ),
        "linearised (qpdf)": (pikepdf_pdf(office, linearize=True), 3),
        "linearised with object streams (qpdf)": (
            pikepdf_pdf(office, linearize=True, object_stream_mode=_objstm_generate()),
            3,
        ),
        "PDF/A-like, XMP metadata and output intent (pikepdf)": (pdfa_like(office), 3),
        "pypdf writer, OpenAction destination, page labels": (pypdf_pdf(), 2),
        "objects in a Flate object stream (hand-written)": (
            objstm_pdf([b"<< /Title (x) >>"], b"/FlateDecode"),
            1,
        ),
        "tagged: structure /S /P, transparency group /S, border /S /S": (
            simple_pdf(
                1,
                catalog_extra=b"/StructTreeRoot 6 0 R /MarkInfo << /Marked true >>",
                page_extra=b"/Group << /S /Transparency /CS /DeviceRGB >>"
                b" /Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9]"
                b" /BS << /S /S /W 0 >> /Dest [4 0 R /Fit] >>]",
                extra_objects=[b"<< /Type /StructTreeRoot /K << /Type /StructElem /S /P >> >>"],
            ),
            1,
        ),
        "empty AcroForm beside the document": (
            simple_pdf(1, catalog_extra=b"/AcroForm << /Fields [] >>"),
            1,
        ),
        "trailing junk after %%EOF": (simple_pdf(1) + b"\r\n\x00\x00", 1),
    }


def _objstm_generate() -> object:
    import pikepdf

    return pikepdf.ObjectStreamMode.generate


ORDINARY = _ordinary()


@pytest.mark.parametrize("name", list(ORDINARY))
def test_ordinary_pdfs_are_accepted(name: str) -> None:
    data, pages = ORDINARY[name]
    verdict = check_content(data, LIMITS)
    print(f"{name}: {len(data)} bytes -> {verdict.reason} {verdict.detail!r} pages={verdict.pages}")
    assert verdict.reason is None, verdict.detail
    assert verdict.pages == pages


def test_qpdf_really_wrote_object_and_xref_streams() -> None:
    """The ordinary set covers what it claims to."""
    data, _pages = ORDINARY["object streams + xref stream (qpdf)"]
    assert b"/ObjStm" in data and b"/XRef" in data
    assert b"/Linearized" in ORDINARY["linearised (qpdf)"][0]
    assert b"pdfaid" in ORDINARY["PDF/A-like, XMP metadata and output intent (pikepdf)"][0]


JS = b"<< /S /JavaScript /JS (app.alert(1)) >>"


def _hostile() -> dict[str, tuple[bytes, Reason]]:
    def with_action(action: bytes) -> bytes:
        return simple_pdf(1, catalog_extra=b"/OpenAction " + action)

    def annot(body: bytes) -> bytes:
        return simple_pdf(
            1, page_extra=b"/Annots [<< /Type /Annot /Rect [0 0 9 9] " + body + b">>]"
        )

    return {
        "OpenAction JavaScript": (with_action(JS), Reason.PDF_SCRIPT),
        "OpenAction J#61vaScript (name escape)": (
            with_action(b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
            Reason.PDF_SCRIPT,
        ),
        "JavaScript in an ASCIIHex object stream": (
            objstm_pdf([JS], b"/ASCIIHexDecode", catalog_extra=b"/OpenAction 5 0 R"),
            Reason.PDF_SCRIPT,
        ),
        "JavaScript in an ASCII85 object stream": (
            objstm_pdf([JS], b"/ASCII85Decode", catalog_extra=b"/OpenAction 5 0 R"),
            Reason.PDF_SCRIPT,
        ),
        "escaped JavaScript in an ASCIIHex object stream, unreferenced": (
            objstm_pdf([b"<< /S /J#61vaScript /JS (x) >>"], b"/ASCIIHexDecode"),
            Reason.PDF_SCRIPT,
        ),
        "Names JavaScript tree": (
            simple_pdf(
                1,
                catalog_extra=b"/Names << /JavaScript << /Names [(a) 6 0 R] >> >>",
                extra_objects=[JS],
            ),
            Reason.PDF_SCRIPT,
        ),
        "JavaScript in a stream (/JS 6 0 R)": (
            simple_pdf(
                1,
                catalog_extra=b"/OpenAction << /S /JavaScript /JS 6 0 R >>",
                extra_objects=[stream(b"", b"app.alert(1)")],
            ),
            Reason.PDF_SCRIPT,
        ),
        "OpenAction URI": (
            with_action(b"<< /S /URI /URI (http://evil.example/) >>"),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "OpenAction Launch": (
            with_action(b"<< /S /Launch /F (cmd.exe) >>"),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "OpenAction GoToR": (
            with_action(b"<< /S /GoToR /F (\\\\\\\\host\\\\share\\\\x.pdf) /D [0 /Fit] >>"),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "OpenAction GoToE": (
            with_action(b"<< /S /GoToE /D [0 /Fit] >>"),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "OpenAction ImportData": (
            with_action(b"<< /S /ImportData /F (x.fdf) >>"),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "link annotation SubmitForm": (
            annot(b"/Subtype /Link /A << /S /SubmitForm /F (http://evil.example/) >>"),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "link annotation URI (indirect action)": (
            simple_pdf(
                1,
                page_extra=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A 6 0 R >>]",
                extra_objects=[b"<< /Type /Action /S /URI /URI (http://x.example/) >>"],
            ),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "RichMediaExecute action": (
            with_action(b"<< /S /RichMediaExecute /TA 3 0 R >>"),
            Reason.PDF_ACTIVE_CONTENT,
        ),
        "page /AA": (
            simple_pdf(1, page_extra=b"/AA << /O << /S /Named /N /NextPage >> >>"),
            Reason.PDF_ACTIVE_CONTENT,
        ),
        "catalog /AA": (
            simple_pdf(1, catalog_extra=b"/AA << /WC << /S /Named /N /Print >> >>"),
            Reason.PDF_ACTIVE_CONTENT,
        ),
        "annotation /AA": (
            annot(b"/Subtype /Link /AA << /E << /S /Named /N /Print >> >>"),
            Reason.PDF_ACTIVE_CONTENT,
        ),
        "AcroForm with a field": (
            simple_pdf(
                1,
                catalog_extra=b"/AcroForm << /Fields [6 0 R] >>",
                extra_objects=[b"<< /FT /Tx /T (name) /V (x) >>"],
            ),
            Reason.PDF_FORM,
        ),
        "XFA form": (
            simple_pdf(
                1,
                catalog_extra=b"/AcroForm << /Fields [] /XFA 6 0 R >>",
                extra_objects=[stream(b"", b"<xdp:xdp/>")],
            ),
            Reason.PDF_FORM,
        ),
        "widget annotation": (annot(b"/Subtype /Widget /FT /Btn"), Reason.PDF_FORM),
        "EmbeddedFiles name tree": (
            simple_pdf(
                1,
                catalog_extra=b"/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>",
                extra_objects=[
                    b"<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>",
                    stream(b"/Type /EmbeddedFile", b"MZ"),
                ],
            ),
            Reason.PDF_ATTACHMENT,
        ),
        "file attachment annotation": (
            annot(b"/Subtype /FileAttachment /FS (a.exe)"),
            Reason.PDF_ATTACHMENT,
        ),
        "RichMedia annotation": (annot(b"/Subtype /RichMedia"), Reason.PDF_ACTIVE_CONTENT),
        "encrypted": (simple_pdf(1)[:-1], Reason.PDF_ENCRYPTED),  # replaced below
        "claims 100000 pages": (simple_pdf(1, count=100_000), Reason.PDF_TOO_MANY_PAGES),
        "101 real pages": (simple_pdf(101), Reason.PDF_TOO_MANY_PAGES),
        "inflate bomb stream": (
            simple_pdf(1, extra_objects=[flate(b"", b"\x00" * (70 * 1024 * 1024))]),
            Reason.PDF_TOO_COMPLEX,
        ),
        "orphan catalog with a script, outside the xref (for a rebuilding viewer)": (
            simple_pdf(
                1,
                unlisted=b"99 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction"
                b" << /S /J#61vaScript /JS (app.alert(1)) >> >>\nendobj\n",
            ),
            Reason.PDF_SCRIPT,
        ),
        "orphan Launch action, outside the xref": (
            simple_pdf(1, unlisted=b"98 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n"),
            Reason.PDF_EXTERNAL_ACTION,
        ),
        "no page": (simple_pdf(0), Reason.DAMAGED),
        "more objects than allowed": (
            simple_pdf(1, extra_objects=[b"<< /N %d >>" % i for i in range(20_001)]),
            Reason.PDF_TOO_COMPLEX,
        ),
        "an xref table of 50 000 entries": (
            simple_pdf(1).replace(b"startxref", b"0000000009 00000 n \n" * 50_000 + b"startxref"),
            Reason.PDF_TOO_COMPLEX,
        ),
        "extension PDF, no xref (issue 13.11 shape)": (
            b"%PDF-1.4\n" + b"1" * 65536 + b"%%EOF",
            Reason.DAMAGED,
        ),
    }


def _encrypted() -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf(1))))
    w.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


HOSTILE = _hostile()
HOSTILE["encrypted"] = (_encrypted(), Reason.PDF_ENCRYPTED)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_pdfs_are_refused_with_a_clear_reason(name: str) -> None:
    data, reason = HOSTILE[name]
    verdict = check_upload("申请表.pdf", data)
    assert isinstance(verdict, RejectedFile), f"{name}: accepted"
    print(
        f"{name}: {verdict.reason.value} ({verdict.detail}) — {verdict.text.zh} / {verdict.text.en}"
    )
    assert verdict.reason is reason, verdict.detail
    assert verdict.text.zh and verdict.text.en


def test_the_hex_object_stream_really_hides_the_script() -> None:
    """The sample is what it claims: no plain '/JavaScript' in the file's bytes."""
    data = HOSTILE["JavaScript in an ASCIIHex object stream"][0]
    assert b"JavaScript" not in data and b"/ASCIIHexDecode" in data
    data85 = HOSTILE["JavaScript in an ASCII85 object stream"][0]
    assert b"JavaScript" not in data85 and b"/ASCII85Decode" in data85


CRAWLERS = {
    # issue 13.11: the old regex backtracked over the digits (35 s for 64 KB)
    "digits, no xref": b"%PDF-1.4\n" + b"1" * (2 * 1024 * 1024) + b"%%EOF",
    # a startxref that points into the digits: pypdf would read them one byte at a time
    "digits, startxref into them": b"%PDF-1.4\n"
    + b"1" * (2 * 1024 * 1024)
    + b"\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n",
    # the old stream loop: each "stream" searched to the end for "endstream"
    "many streams, none ended": b"%PDF-1.4\n"
    + b"1 0 obj<</Filter/FlateDecode>>stream\n" * 50_000
    + b"%%EOF",
}


@pytest.mark.parametrize("name", list(CRAWLERS))
def test_files_built_to_make_a_checker_crawl_get_a_verdict(name: str) -> None:
    """A definite verdict (damaged), not "could not be checked": the frame check
    refuses these without a parser pass over the file. (The 20 MB timings are in
    ``kiosk bench intake``.)"""
    verdict = check_content(CRAWLERS[name], LIMITS)
    print(f"{name}: {verdict.reason} {verdict.detail!r}")
    assert verdict.reason is Reason.DAMAGED


def test_a_pdf_named_pdf_that_is_not_a_pdf_says_so() -> None:
    verdict = check_upload("合同.pdf", "这不是PDF文件".encode())
    assert isinstance(verdict, RejectedFile) and verdict.reason is Reason.NOT_A_PDF
    print(verdict.text.zh, "/", verdict.text.en)
    assert "PDF" in verdict.text.en and "PDF" in verdict.text.zh
    other = check_upload("notes.txt", b"hello")
    assert isinstance(other, RejectedFile) and other.reason is Reason.NOT_ALLOWED_TYPE


def test_an_accepted_pdf_keeps_its_pages() -> None:
    verdict = check_upload("scan.pdf", ORDINARY["scanner driver (Pillow, JPEG pages)"][0])
    assert isinstance(verdict, AcceptedFile) and verdict.pages == 2
