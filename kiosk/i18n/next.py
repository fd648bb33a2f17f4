"""Why the materials screen's 下一步 is greyed, said beside it (issue 19 item 3)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

NEXT_STRINGS: Mapping[str, T] = {
    # a page is being taken by hand (拍摄)
    "capture.next_wait.capturing": T("正在拍摄，请稍候", "Taking the page, please wait"),
    # OCR is still reading these pages (their numbers in the order they were taken)
    "capture.next_wait.reading": T("正在识别第 {pages} 页", "Reading pages {pages}"),
    "capture.next_wait.reading.one": T("正在识别第 {pages} 页", "Reading page {pages}"),
    # still reading, the pages not known (should not happen: only camera pages are read)
    "capture.next_wait.reading_any": T("正在识别材料，请稍候", "Reading your pages, please wait"),
    # required materials with no page, no electronic licence and not handed in later
    "capture.next_wait.missing": T("还缺：{names}", "Still missing: {names}"),
}
