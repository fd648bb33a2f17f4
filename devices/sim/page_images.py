"""Sample document photos for the simulated document camera (高拍仪).

Drawn with Pillow on first use: an A4 page with a Chinese title and lines of
text, lying slightly rotated on a darker desk, the way a document camera sees
it. Realistic enough that the crop/deskew/OCR pipeline has real work to do.
All names and numbers on the pages are fictional.
"""

from __future__ import annotations

import functools
import glob
import io
import logging
import random
import shutil
import subprocess
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont

from device_contracts import Image

log = logging.getLogger(__name__)

FRAME_SIZE = (1600, 1200)  # a 4:3 document camera frame
PAGE_SIZE = (760, 1075)  # A4 proportions, about 92 dpi
_FONT_GLOBS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/**/NotoSansCJK*.tt[cf]",
    "/usr/share/fonts/**/NotoSerifCJK*.tt[cf]",
    "/usr/share/fonts/**/wqy*.tt[cf]",
)
_NOTO_SC_INDEX = 2  # JP, KR, SC, TC, HK: the order inside Noto's .ttc collections

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class PageTemplate:
    title: str
    subtitle: str
    lines: tuple[str, ...]
    table: bool = False  # an application form: fields in a grid
    seal: bool = False  # a red official seal at the bottom


TEMPLATES: tuple[PageTemplate, ...] = (
    PageTemplate(
        title="常住人口登记卡",
        subtitle="户口簿",
        lines=(
            "户主姓名：张伟　　　与户主关系：户主",
            "姓名：张伟　　　　　性别：男",
            "民族：汉　　　　　　出生日期：1985年03月12日",
            "出生地：北京市通州区",
            "籍贯：北京市",
            "公民身份号码：110112198503121238",
            "住址：北京市通州区运河东大街57号院3号楼2单元501",
            "何时由何地迁来本址：2015年06月 本市东城区",
            "承办人签章：　　　　登记日期：2015年06月01日",
        ),
        seal=True,
    ),
    PageTemplate(
        title="结婚证",
        subtitle="中华人民共和国民政部监制",
        lines=(
            "持证人：王芳",
            "登记日期：2020年05月20日",
            "结婚证字号：J110112-2020-000521",
            "备注：",
            "姓名：刘洋　　　性别：男　　国籍：中国",
            "出生日期：2001年01月30日",
            "姓名：王芳　　　性别：女　　国籍：中国",
            "出生日期：1993年07月21日",
            "婚姻登记员：　　　　　　　　登记机关：通州区民政局",
        ),
        seal=True,
    ),
    PageTemplate(
        title="政务服务事项申请表",
        subtitle="北京城市副中心政务服务中心",
        lines=(
            "申请事项：居住证签注",
            "申请人姓名：李秀英",
            "证件类型：居民身份证",
            "证件号码：110101195211082465",
            "联系电话：13900139002",
            "通讯地址：北京市东城区东四街道南新仓胡同12号",
            "申请材料：身份证复印件、居住证明",
            "申请人签字：　　　　　　　日期：2026年11月03日",
        ),
        table=True,
    ),
)


@functools.cache
def sample_pages() -> tuple[Image, ...]:
    """Every template as a camera frame (rendered once, on first use)."""
    pages = tuple(render_page(template, seed=i) for i, template in enumerate(TEMPLATES))
    log.debug("sample pages rendered", extra={"count": len(pages)})
    return pages


def flat_page(template: PageTemplate) -> PILImage.Image:
    """The page as a flatbed scan would give it (what residents bring on a USB drive)."""
    return _draw_page(template)


def render_page(template: PageTemplate, seed: int = 0) -> Image:
    """One camera frame (JPEG) showing ``template`` on a desk."""
    rng = random.Random(seed)
    page = _draw_page(template)
    frame = _place_on_desk(page, rng)
    out = io.BytesIO()
    frame.save(out, format="JPEG", quality=85)
    return Image(out.getvalue(), "image/jpeg", frame.width, frame.height)


def _draw_page(template: PageTemplate) -> PILImage.Image:
    width, height = PAGE_SIZE
    page = PILImage.new("RGB", PAGE_SIZE, (250, 249, 244))
    draw = ImageDraw.Draw(page)
    title_font, sub_font, body_font = _font(44), _font(22), _font(24)
    _centered(draw, 90, template.title, title_font, width)
    _centered(draw, 150, template.subtitle, sub_font, width, fill=(90, 90, 90))
    draw.line((70, 190, width - 70, 190), fill=(60, 60, 60), width=2)
    y = 230
    row_height = 64 if template.table else 58
    for line in template.lines:
        if template.table:
            draw.rectangle((70, y - 14, width - 70, y - 14 + row_height), outline=(40, 40, 40))
        draw.text((90, y), line, font=body_font, fill=(25, 25, 30))
        if not template.table:
            draw.line((90, y + 40, width - 90, y + 40), fill=(200, 200, 200), width=1)
        y += row_height
    if template.seal:
        cx, cy, r = width - 200, height - 190, 80
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(200, 30, 30), width=6)
        _centered(draw, cy - 14, "专用章", _font(26), 2 * cx, fill=(200, 30, 30))
    return page


def _place_on_desk(page: PILImage.Image, rng: random.Random) -> PILImage.Image:
    """Rotate the page a little and lay it on a dark desk with a soft shadow."""
    frame = PILImage.new("RGB", FRAME_SIZE, (58, 52, 48))
    angle = rng.uniform(-4.0, 4.0)
    rotated = page.convert("RGBA").rotate(angle, resample=PILImage.Resampling.BICUBIC, expand=True)
    x = (FRAME_SIZE[0] - rotated.width) // 2 + rng.randint(-60, 60)
    y = (FRAME_SIZE[1] - rotated.height) // 2 + rng.randint(-20, 20)
    alpha = rotated.getchannel("A")
    shadow = PILImage.new("RGB", rotated.size, (20, 18, 16))
    frame.paste(shadow, (x + 12, y + 14), alpha.filter(ImageFilter.GaussianBlur(10)))
    frame.paste(rotated, (x, y), alpha)
    return frame


def _centered(
    draw: ImageDraw.ImageDraw,
    y: int,
    text: str,
    font: Font,
    width: int,
    fill: tuple[int, int, int] = (20, 20, 20),
) -> None:
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - (right - left)) / 2, y), text, font=font, fill=fill)


@functools.cache
def _font(size: int) -> Font:
    found = find_cjk_font()
    if found is not None:
        path, index = found
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            log.warning("CJK font unusable, falling back to the default font")
    # PIL's default font has no CJK glyphs: pages still render, as boxes
    return ImageFont.load_default(size)


@functools.cache
def find_cjk_font() -> tuple[str, int] | None:
    """(file, face index) of a Simplified-Chinese font, or None."""
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}", "Noto Sans CJK SC:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout
            path, _, face_index = out.partition("|")
            if "CJK" in path or "wqy" in path.lower():
                return path, int(face_index or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            log.debug("fc-match failed")
    for pattern in _FONT_GLOBS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            index = _NOTO_SC_INDEX if "CJK" in path and path.endswith(".ttc") else 0
            return path, index
    return None
