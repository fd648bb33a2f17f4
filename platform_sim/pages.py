"""Checks on uploaded pages: decodable, not too big, and really the type they claim
(a hostile USB file renamed to .png must not reach the back office)."""

from __future__ import annotations

import base64
import binascii

from platform_contract.schemas import MAX_PAGE_BASE64, MAX_PAGE_BYTES, PageIn
from platform_sim.errors import ApiError

_MAGIC = {
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
    "application/pdf": b"%PDF-",
}


def decode_page(index: int, page: PageIn) -> bytes:
    # base64 is 4/3 of the bytes: refuse before decoding a giant string
    if len(page.data) > MAX_PAGE_BASE64:
        raise _too_large(index)
    try:
        data = base64.b64decode(page.data, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(
            422,
            "invalid_page",
            f"第{index + 1}页无法读取",
            f"Page {index + 1} could not be read",
        ) from None
    if len(data) > MAX_PAGE_BYTES:
        raise _too_large(index)
    if not data.startswith(_MAGIC[page.mime]):
        raise ApiError(
            422,
            "invalid_page",
            f"第{index + 1}页的文件类型与声明不符",
            f"Page {index + 1} is not the kind of file it claims to be",
        )
    return data


def _too_large(index: int) -> ApiError:
    mb = MAX_PAGE_BYTES // (1024 * 1024)
    return ApiError(
        413,
        "page_too_large",
        f"第{index + 1}页文件过大（上限 {mb} MB）",
        f"Page {index + 1} is too large (limit {mb} MB)",
    )
