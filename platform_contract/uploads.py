"""Phone uploads (网盘 / phone intake): the terminal opens a one-time session and shows
its link as a QR code, the resident's phone posts files to it, the terminal collects
them and closes the session."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

#: what one session takes (bad input: huge or too many files)
MAX_UPLOAD_FILES = 5
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: base64 of a file at its limit: longer text is refused before it is decoded
MAX_UPLOAD_BASE64 = 4 * -(-MAX_UPLOAD_BYTES // 3)


class UploadSessionOut(BaseModel):
    token: str
    upload_url: str = Field(description="what the kiosk shows as a QR code")
    expires_at: datetime


class UploadFileIn(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    mime: str = Field(max_length=100)
    data: str = Field(
        description=f"base64, at most {MAX_UPLOAD_BYTES} bytes decoded",
        # enforced before decoding, as 413 too_large (the phone's page says so)
        json_schema_extra={"maxLength": MAX_UPLOAD_BASE64},
    )


class UploadFileOut(BaseModel):
    name: str
    mime: str
    data: str


class UploadFilesOut(BaseModel):
    files: list[UploadFileOut]
    closed: bool


class UploadAcceptedOut(BaseModel):
    received: int
