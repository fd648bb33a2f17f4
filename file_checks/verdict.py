"""Typed results of an intake check, each rejection with a plain zh/en reason."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from device_contracts import Text
from file_checks.limits import MIB, IntakeLimits


class FileKind(enum.StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    PDF = "application/pdf"


class Reason(enum.StrEnum):
    TOO_LARGE = "too_large"
    TOTAL_TOO_LARGE = "total_too_large"
    EMPTY = "empty"
    NOT_ALLOWED_TYPE = "not_allowed_type"
    SYMLINK = "symlink"
    BAD_NAME = "bad_name"
    NOT_REGULAR = "not_regular"
    TOO_DEEP = "too_deep"
    UNREADABLE = "unreadable"
    DAMAGED = "damaged"
    CHANGED = "changed"
    IMAGE_TOO_BIG = "image_too_big"
    PDF_TOO_MANY_PAGES = "pdf_too_many_pages"
    PDF_TOO_COMPLEX = "pdf_too_complex"
    PDF_ACTIVE_CONTENT = "pdf_active_content"
    PDF_SCRIPT = "pdf_script"
    PDF_EXTERNAL_ACTION = "pdf_external_action"
    PDF_ATTACHMENT = "pdf_attachment"
    PDF_FORM = "pdf_form"
    PDF_ENCRYPTED = "pdf_encrypted"
    #: the name ends in .pdf (or .jpg/.png) but the bytes are no PDF (no picture)
    NOT_A_PDF = "not_a_pdf"
    NOT_A_PICTURE = "not_a_picture"
    #: bidi overrides, zero-width or control characters in the name ("photo\u202egpj.exe")
    HIDDEN_CHARS_IN_NAME = "hidden_chars_in_name"
    #: the checker ran out of time or memory, or died: refused, never guessed
    UNCHECKABLE = "uncheckable"


def reason_text(reason: Reason, limits: IntakeLimits) -> Text:
    mb = limits.max_file_bytes // MIB
    texts = {
        Reason.TOO_LARGE: Text(
            f"文件过大（单个文件上限 {mb} MB）", f"The file is too large (limit {mb} MB)"
        ),
        Reason.TOTAL_TOO_LARGE: Text(
            f"文件总量超出上限（{limits.max_total_bytes // MIB} MB）",
            f"Too much data in total (limit {limits.max_total_bytes // MIB} MB)",
        ),
        Reason.EMPTY: Text("文件是空的", "The file is empty"),
        Reason.NOT_ALLOWED_TYPE: Text(
            "只能读取 JPG、PNG 图片和 PDF 文件",
            "Only JPG and PNG pictures and PDF files can be read",
        ),
        Reason.SYMLINK: Text(
            "这是一个链接（快捷方式），不予读取", "This is a link (shortcut); it is not read"
        ),
        Reason.BAD_NAME: Text("文件名不安全，不予读取", "The file name is unsafe; it is not read"),
        Reason.NOT_REGULAR: Text("这不是普通文件", "This is not an ordinary file"),
        Reason.TOO_DEEP: Text(
            f"文件夹层级过深（最多 {limits.max_depth} 层），未读取其中文件",
            f"Folders nested too deep (at most {limits.max_depth}); their files were not read",
        ),
        Reason.UNREADABLE: Text("无法读取这个文件", "This file cannot be read"),
        Reason.DAMAGED: Text("文件已损坏或不完整", "The file is damaged or incomplete"),
        Reason.CHANGED: Text(
            "文件在读取时发生了变化，请重新插入U盘",
            "The file changed while being read; please reinsert the drive",
        ),
        Reason.IMAGE_TOO_BIG: Text(
            "图片尺寸过大，请换一张普通照片",
            "The picture is too large; please use an ordinary photo",
        ),
        Reason.PDF_TOO_MANY_PAGES: Text(
            f"PDF 页数过多（上限 {limits.max_pdf_pages} 页）",
            f"The PDF has too many pages (limit {limits.max_pdf_pages})",
        ),
        Reason.PDF_TOO_COMPLEX: Text(
            "PDF 结构过于复杂，无法安全读取", "The PDF is too complex to read safely"
        ),
        Reason.PDF_ACTIVE_CONTENT: Text(
            "PDF 含有脚本、附件或动作，不予读取",
            "The PDF contains scripts, attachments or actions; it is not read",
        ),
        Reason.PDF_SCRIPT: Text(
            "PDF 含有脚本程序（JavaScript），不予读取",
            "The PDF contains a script (JavaScript); it is not read",
        ),
        Reason.PDF_EXTERNAL_ACTION: Text(
            "PDF 含有打开网址、其他文件或程序、提交数据的动作，不予读取",
            "The PDF contains actions that open web links, other files or programs, "
            "or send data; it is not read",
        ),
        Reason.PDF_ATTACHMENT: Text(
            "PDF 内嵌了附件，不予读取", "The PDF has files attached inside it; it is not read"
        ),
        Reason.PDF_FORM: Text(
            "PDF 是可填写的表单，请打印或另存为普通 PDF 后再提交",
            "The PDF is a fillable form; please print it or save it as an ordinary PDF first",
        ),
        Reason.PDF_ENCRYPTED: Text(
            "PDF 已加密，无法读取", "The PDF is encrypted and cannot be read"
        ),
        Reason.NOT_A_PDF: Text(
            "文件名是 PDF，但内容不是 PDF 文件",
            "The name says PDF, but the content is not a PDF",
        ),
        Reason.NOT_A_PICTURE: Text(
            "文件名是图片，但内容不是 JPG 或 PNG 图片",
            "The name says picture, but the content is not a JPG or PNG picture",
        ),
        Reason.HIDDEN_CHARS_IN_NAME: Text(
            "文件名含有隐藏字符（可用来伪装文件类型），不予读取",
            "The file name contains hidden characters (they can disguise the file's type); "
            "it is not read",
        ),
        Reason.UNCHECKABLE: Text(
            "这个文件无法完成安全检查，不予读取",
            "This file could not be checked, so it is not read",
        ),
    }
    return texts[reason]


@dataclass(frozen=True)
class AcceptedFile:
    """A file that may be imported. ``rel_path`` holds the names as the drive
    spells them (for :func:`read_accepted`); ``display_name`` is safe to show."""

    rel_path: tuple[str, ...]
    display_name: str
    kind: FileKind
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None


@dataclass(frozen=True)
class RejectedFile:
    display_name: str
    reason: Reason
    text: Text
    #: a log-safe detail (no content, no names)
    detail: str = ""


class RejectedFileError(Exception):
    def __init__(self, rejected: RejectedFile) -> None:
        super().__init__(rejected.reason.value)
        self.rejected = rejected


@dataclass(frozen=True)
class IntakeReport:
    accepted: list[AcceptedFile] = field(default_factory=list)
    rejected: list[RejectedFile] = field(default_factory=list)
    #: the drive held more than ``max_files`` files; the rest were not examined
    truncated: bool = False
    truncated_text: Text | None = None


TRUNCATED = Text(
    "U盘中文件过多，只列出了前面的文件，请只保留要提交的材料",
    "The drive holds too many files; only the first ones are listed. Keep only the materials to submit",
)


OUT_OF_TIME = Text(
    "检查U盘中的文件用时过长，只列出了前面的文件，请只保留要提交的材料",
    "Checking the drive's files took too long; only the first ones are listed. "
    "Keep only the materials to submit",
)


@dataclass(frozen=True)
class ContentVerdict:
    """What :func:`file_checks.content.check_content` found."""

    kind: FileKind | None
    reason: Reason | None
    detail: str = ""
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    #: a picture decoded and encoded again (no metadata, comments or trailing bytes):
    #: what is stored; only when asked for (isolated.clean_copy), else None
    clean: bytes | None = field(default=None, repr=False, compare=False)
