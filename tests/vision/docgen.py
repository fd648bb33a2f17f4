"""Generated test documents: a page rendered with a CJK font, then photographed badly.

Every value on the pages is fictional. The ID numbers and credit codes get correct
check characters unless a test asks for a wrong one.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from device_contracts.id_number import check_character
from devices.sim.page_images import find_cjk_font
from vision.fields import uscc_check_character
from vision.imaging import Pixels

PAGE = (900, 1273)  # A4 at about 110 dpi
FRAME = (1600, 1200)


def id_number(first17: str, *, wrong: bool = False) -> str:
    check = check_character(first17)
    if wrong:
        check = "0" if check != "0" else "1"
    return first17 + check


def uscc(first17: str) -> str:
    return first17 + uscc_check_character(first17)


@dataclass(frozen=True)
class Doc:
    doc_type: str
    title: str
    lines: tuple[str, ...]
    fields: dict[str, str]  # what extraction must return


def documents() -> list[Doc]:
    n1 = id_number("11010519880716301")
    n2 = id_number("11011219790203452")
    n3 = id_number("11010119650930128")
    code = uscc("91110112MA01XK7Q3")
    return [
        Doc(
            "hukou",
            "常住人口登记卡",
            (
                "户主姓名：陈建国　　与户主关系：户主",
                "姓名：陈建国　　　　性别：男",
                "民族：汉　　　　　　出生日期：1988年07月16日",
                f"公民身份号码：{n1}",
                "住址：北京市朝阳区望京街道阜通东大街6号院2号楼1203",
                "登记日期：2016年04月18日",
            ),
            {
                "name": "陈建国",
                "id_number": n1,
                "birth_date": "1988-07-16",
                "address": "北京市朝阳区望京街道阜通东大街6号院2号楼1203",
                "registration_date": "2016-04-18",
            },
        ),
        Doc(
            "business_licence",
            "营业执照",
            (
                f"统一社会信用代码：{code}",
                "名称：北京运河文创科技有限公司",
                "类型：有限责任公司",
                "法定代表人：赵丽华",
                "住所：北京市通州区新华西街58号院4号楼3层",
                "成立日期：2019年03月05日",
                "登记机关：北京市通州区市场监督管理局",
            ),
            {
                "uscc": code,
                "entity_name": "北京运河文创科技有限公司",
                "legal_representative": "赵丽华",
                "address": "北京市通州区新华西街58号院4号楼3层",
                "established_date": "2019-03-05",
            },
        ),
        Doc(
            "application_form",
            "政务服务事项申请表",
            (
                "申请事项：灵活就业人员社会保险登记",
                "申请人姓名：孙志强",
                f"证件号码：{n2}",
                "联系电话：13812345678",
                "通讯地址：北京市东城区和平里街道安德路47号",
                "日期：2026年10月28日",
            ),
            {
                "name": "孙志强",
                "id_number": n2,
                "phone": "13812345678",
                "address": "北京市东城区和平里街道安德路47号",
                "date": "2026-10-28",
            },
        ),
        Doc(
            "marriage_cert",
            "结婚证",
            (
                "持证人：周敏",
                "登记日期：2012年10月01日",
                "结婚证字号：J110101-2012-003318",
                "姓名：周敏　　　性别：女",
                f"身份证件号：{n3}",
                "出生日期：1965年09月30日",
            ),
            {
                "holder_name": "周敏",
                "registration_date": "2012-10-01",
                "id_number": n3,
                "birth_date": "1965-09-30",
            },
        ),
    ]


def _font(size: int) -> ImageFont.FreeTypeFont:
    found = find_cjk_font()
    assert found is not None, "a CJK font is needed (fonts-noto-cjk)"
    return ImageFont.truetype(found[0], size, index=found[1])


def render(doc: Doc) -> PILImage.Image:
    page = PILImage.new("RGB", PAGE, (248, 247, 242))
    draw = ImageDraw.Draw(page)
    title = _font(52)
    left, _t, right, _b = draw.textbbox((0, 0), doc.title, font=title)
    draw.text(((PAGE[0] - (right - left)) / 2, 90), doc.title, font=title, fill=(20, 20, 20))
    draw.line((80, 180, PAGE[0] - 80, 180), fill=(60, 60, 60), width=2)
    body = _font(27)
    y = 230
    for line in doc.lines:
        draw.text((95, y), line, font=body, fill=(25, 25, 30))
        y += 70
    return page


def photograph(page: PILImage.Image, seed: int) -> Pixels:
    """Lay the page on a desk and photograph it: rotation, perspective, uneven light,
    blur, sensor noise, JPEG compression."""
    rng = random.Random(seed)
    src = cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)
    h, w = src.shape[:2]
    fw, fh = FRAME
    scale = 0.82 * fh / h
    angle = np.deg2rad(rng.uniform(-6, 6))
    cx, cy = fw / 2 + rng.uniform(-60, 60), fh / 2 + rng.uniform(-20, 20)
    corners = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    dst = corners * scale @ rot.T + [cx, cy]
    dst += np.array([[rng.uniform(-25, 25), rng.uniform(-25, 25)] for _ in range(4)])
    m = cv2.getPerspectiveTransform(
        np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32), dst.astype(np.float32)
    )
    desk = np.full((fh, fw, 3), (52, 58, 64), np.uint8)
    frame = cv2.warpPerspective(src, m, (fw, fh), dst=desk, borderMode=cv2.BORDER_TRANSPARENT)
    # uneven light: a shadow falling across one side
    ramp = np.linspace(0.72, 1.05, fw, dtype=np.float32)[None, :, None]
    if rng.random() < 0.5:
        ramp = ramp[:, ::-1]
    frame = np.clip(frame.astype(np.float32) * ramp, 0, 255)
    frame = cv2.GaussianBlur(frame, (0, 0), 1.0)
    frame += np.random.default_rng(seed).normal(0, 5, frame.shape).astype(np.float32)
    frame = np.clip(frame, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 55])
    assert ok
    out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    assert out is not None
    return out


def jpeg_bytes(pixels: Pixels) -> bytes:
    ok, buf = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return io.BytesIO(buf.tobytes()).getvalue()


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
