"""PDFs the intake tests write themselves: hand-written bytes with a correct
cross-reference (plain table, or object streams with an xref stream, each object
stream under the filter asked for), and ordinary PDFs made by the libraries a
resident's scanner, phone or office suite would stand in for."""

from __future__ import annotations

import base64
import io
import zlib
from collections.abc import Sequence

from PIL import Image

A4 = b"[0 0 595 842]"


def _content_page(n: int) -> bytes:
    return f"BT /F1 24 Tf 72 700 Td (Page {n}) Tj ET".encode()


def hand_pdf(
    objects: Sequence[bytes],
    root: int = 1,
    version: bytes = b"1.7",
    trailer_extra: bytes = b"",
    unlisted: bytes = b"",
) -> bytes:
    """``objects[i]`` is the body of object ``i + 1``; a classic xref table.
    ``unlisted``: bytes (objects) written before the xref that it does not list."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    out += unlisted
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R ".encode()
    out += trailer_extra + f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return (
        b"<< " + dictionary + f" /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
    )


def flate(dictionary: bytes, data: bytes) -> bytes:
    return stream(dictionary + b" /Filter /FlateDecode", zlib.compress(data))


def simple_pdf(
    pages: int = 1,
    catalog_extra: bytes = b"",
    page_extra: bytes = b"",
    extra_objects: Sequence[bytes] = (),
    count: int | None = None,
    unlisted: bytes = b"",
) -> bytes:
    """Catalog 1, page tree 2, font 3, then for each page a page and its Flate
    content stream (so the file's last stream is a compressed one), then extras
    numbered from ``4 + 2 * pages``."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages if count is None else count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox "
            + A4
            + b" /Resources << /Font << /F1 3 0 R >> >> "
            + f"/Contents {5 + 2 * i} 0 R ".encode()
            + page_extra
            + b" >>"
        )
        objs.append(flate(b"", _content_page(i + 1)))
    return hand_pdf([*objs, *extra_objects], unlisted=unlisted)


def _encode(filter_name: bytes, data: bytes) -> bytes:
    if filter_name == b"/ASCIIHexDecode":
        return data.hex().encode() + b">"
    if filter_name == b"/ASCII85Decode":
        return base64.a85encode(data, adobe=True)[2:]  # the filter takes no <~ prefix
    if filter_name == b"/FlateDecode":
        return zlib.compress(data)
    raise ValueError(filter_name)


def objstm_pdf(packed: Sequence[bytes], filter_name: bytes, catalog_extra: bytes = b"") -> bytes:
    """A one-page PDF whose objects ``packed`` (numbered 5, 6, ...) sit in one object
    stream (object 4) encoded with ``filter_name``; an xref stream (PDF 1.5) indexes
    all. ``catalog_extra`` may reference the packed objects."""
    first_packed = 5
    head = bytearray()
    body = bytearray()
    for i, obj in enumerate(packed):
        head += f"{first_packed + i} {len(body)} ".encode()
        body += obj + b"\n"
    content = bytes(head) + bytes(body)
    objstm = stream(
        f"/Type /ObjStm /N {len(packed)} /First {len(head)} /Filter ".encode() + filter_name,
        _encode(filter_name, content),
    )
    plain = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4 + b" >>",
        objstm,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(plain, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref_num = first_packed + len(packed)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    rows += [b"\x01" + off.to_bytes(4, "big") + b"\x00\x00" for off in offsets]
    rows += [b"\x02" + (4).to_bytes(4, "big") + i.to_bytes(2, "big") for i in range(len(packed))]
    xref_off = len(out)
    rows.append(b"\x01" + xref_off.to_bytes(4, "big") + b"\x00\x00")
    xref = stream(
        f"/Type /XRef /Size {xref_num + 1} /W [1 4 2] /Root 1 0 R".encode(), b"".join(rows)
    )
    out += f"{xref_num} 0 obj\n".encode() + xref + b"\nendobj\n"
    out += f"startxref\n{xref_off}\n%%EOF\n".encode()
    return bytes(out)


# ------------------------------------------------------------------ ordinary PDFs


def scanner_pdf(pages: int = 2) -> bytes:
    """What a scanner driver writes: one JPEG image per page (Pillow's PDF writer)."""
    frames = [Image.effect_noise((850, 1100), 30).convert("RGB") for _ in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, format="PDF", save_all=True, append_images=frames[1:], resolution=100)
    return out.getvalue()


def reportlab_pdf(pages: int = 2, embed_font: bool = True) -> bytes:
    """An office document: text in an embedded, compressed TrueType font, an outline
    (bookmarks) and an internal link, compressed pages (a phone's "save as PDF")."""
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=RL_A4, pageCompression=1)
    font = "Helvetica"
    if embed_font:
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # ships with reportlab
        font = "Vera"
    for n in range(pages):
        c.bookmarkPage(f"p{n}")
        c.addOutlineEntry(f"Page {n + 1}", f"p{n}")
        c.setFont(font, 14)
        c.drawString(72, 760, f"Application form, page {n + 1}")
        c.linkAbsolute("to page 1", "p0", (72, 700, 300, 720))
        c.showPage()
    c.save()
    return out.getvalue()


def pikepdf_pdf(source: bytes, **save: object) -> bytes:
    """``source`` saved again by qpdf: object streams, xref streams, linearised..."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(source)) as pdf:
        pdf.save(out, **save)  # type: ignore[arg-type]
    return out.getvalue()


def pdfa_like(source: bytes) -> bytes:
    """XMP metadata claiming PDF/A-2b and an sRGB output intent, as archiving tools write."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(source)) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = "申请表"
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB"),
        )
        pdf.Root.OutputIntents = pikepdf.Array([intent])
        pdf.save(out)
    return out.getvalue()


def pypdf_pdf() -> bytes:
    """pypdf's writer: blank pages, compressed content, an OpenAction that is only
    a destination ("open at page 1, fit width"), page labels, a tagged-PDF marker."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    w = PdfWriter()
    for _ in range(2):
        w.add_blank_page(595, 842)
    for page in w.pages:
        page.compress_content_streams()
    w._root_object[NameObject("/OpenAction")] = ArrayObject(
        [w.pages[0].indirect_reference, NameObject("/FitH"), NumberObject(842)]
    )
    w._root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    w.set_page_label(0, 1, style="/D")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()
