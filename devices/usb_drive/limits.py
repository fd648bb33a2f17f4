"""How much a USB drive or a phone upload may hand the kiosk."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class IntakeLimits:
    max_file_bytes: int = 20 * MIB
    max_total_bytes: int = 200 * MIB
    #: files examined on one drive; the rest are not looked at (the report says so)
    max_files: int = 200
    #: directory entries read per folder (a folder of a million names stops here)
    max_entries_per_dir: int = 1000
    max_depth: int = 4
    max_name_bytes: int = 255
    #: width x height decoded at most (a 48 MP phone photo is 8000 x 6000)
    max_image_pixels: int = 50_000_000
    max_image_side: int = 12_000
    max_pdf_pages: int = 100
    max_pdf_objects: int = 50_000
    #: bytes all of a PDF's compressed streams may inflate to, together
    max_pdf_inflated_bytes: int = 64 * MIB
