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
    #: objects a PDF may have (an office document of 100 pages has a few thousand;
    #: pypdf parses ~25k objects a second, so this also bounds the check to ~1 s)
    max_pdf_objects: int = 20_000
    #: bytes all of a PDF's compressed streams may inflate to, together
    max_pdf_inflated_bytes: int = 64 * MIB
    #: the checker runs in a child process (file_checks/isolated.py): CPU seconds
    #: one file may take there (RLIMIT_CPU), the wall-clock time the kiosk waits for
    #: its answer, and the memory it may map on top of its own (RLIMIT_AS); past any
    #: of them the file is refused as "could not be checked"
    check_cpu_s: int = 8
    check_wall_s: float = 20.0
    check_memory_bytes: int = 1024 * MIB
    #: seconds a drive's listing may spend checking files; past it the files not yet
    #: looked at are not listed (the report says so), so a drive full of files that
    #: each use up their limits cannot keep the checker busy for minutes
    max_scan_s: float = 25.0
