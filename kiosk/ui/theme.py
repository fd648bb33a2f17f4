"""The kiosk's look: a standard theme and a large-text, higher-contrast one (适老化).

Sizes and colours live in one :class:`Theme`; the style sheet template
``assets/styles/kiosk.qss`` uses ``${token}`` placeholders filled from it. Widgets
that paint themselves read the active theme through :func:`active_theme`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from string import Template

QSS_PATH = Path(__file__).resolve().parents[2] / "assets" / "styles" / "kiosk.qss"

FONT_FAMILY = "Noto Sans CJK SC"
DESIGN_SIZE = (1920, 1080)
LARGE_TEXT_SCALE = 1.4


@dataclass(frozen=True)
class Theme:
    name: str
    scale: float
    # colours
    bg: str = "#eef2f7"
    surface: str = "#ffffff"
    text: str = "#17212f"
    muted: str = "#4a5a70"
    border: str = "#c5cfdc"
    primary: str = "#0a5aa8"
    primary_text: str = "#ffffff"
    primary_pressed: str = "#074480"
    pressed: str = "#dde8f5"
    selected_bg: str = "#e3effb"
    disabled_bg: str = "#e6e9ee"
    input_bg: str = "#ffffff"
    header_bg: str = "#0b3d78"
    header_text: str = "#ffffff"
    header_pressed: str = "#174f92"
    accent: str = "#c8402c"
    accent_text: str = "#ffffff"
    ok: str = "#17703a"
    ok_bg: str = "#e0f2e7"
    warn: str = "#9a5200"
    warn_bg: str = "#fdf0dc"
    danger: str = "#b3261e"
    danger_bg: str = "#fbe7e5"
    info_bg: str = "#e3effb"
    chip_bg: str = "#e6ebf2"
    scrim: str = "rgba(10, 20, 35, 170)"
    attract_bg: str = "#0b3d78"
    attract_text: str = "#ffffff"
    illustration: str = "#0a5aa8"
    border_w: int = 2
    border_sel: int = 3

    def px(self, base: float) -> int:
        """A design size in pixels at this theme's scale."""
        return round(base * self.scale)

    def tokens(self) -> dict[str, str]:
        values = {k: str(v) for k, v in asdict(self).items() if isinstance(v, str)}
        values["border_w"] = str(self.border_w)
        values["border_sel"] = str(self.border_sel)
        sizes = {
            "f_small": 20,
            "f_body": 24,
            "f_button": 26,
            "f_title": 32,
            "f_h1": 44,
            "f_key": 44,
            "f_huge": 72,
            "f_code": 60,
            "f_display": 96,
            "touch": 72,  # minimum touch target height (>= 64 px at scale 1)
            "key": 88,
            "osk_bar": 56,
            "header_h": 104,
            "footer_h": 112,
            "pad": 16,
            "pad_l": 28,
            "radius": 10,
            "radius_l": 16,
            "scrollbar": 22,
        }
        values.update({k: str(self.px(v)) for k, v in sizes.items()})
        # on-screen keyboard keys: their labels grow with large text, their height less
        # (x1.25 at most), so a form keeps room above the four rows
        values["osk_key"] = str(round(64 * min(self.scale, 1.25)))
        # the numeric keypads' keys likewise (x1.125 at most, still above the touch
        # minimum): four rows at x1.4 no longer fitted under 请取回身份证 (issue 19 item 10)
        values["key"] = str(round(88 * min(self.scale, 1.125)))
        values["chevron"] = (QSS_PATH.parent / "chevron-down.svg").as_posix()
        return values

    def stylesheet(self) -> str:
        return Template(_template()).substitute(self.tokens())


STANDARD = Theme(name="standard", scale=1.0)

LARGE_TEXT = replace(
    STANDARD,
    name="large",
    scale=LARGE_TEXT_SCALE,
    bg="#ffffff",
    surface="#ffffff",
    text="#000000",
    muted="#1f1f1f",
    border="#3a3a3a",
    primary="#003a80",
    primary_pressed="#002652",
    selected_bg="#d6e6ff",
    header_bg="#001f45",
    header_pressed="#0c3466",
    accent="#a8200d",
    ok="#0b5a27",
    warn="#7a3f00",
    danger="#9a0f08",
    chip_bg="#e9e9e9",
    attract_bg="#001f45",
    illustration="#003a80",
    border_w=3,
    border_sel=5,
)


def theme_for(large_text: bool) -> Theme:
    return LARGE_TEXT if large_text else STANDARD


_active: list[Theme] = [STANDARD]


def active_theme() -> Theme:
    return _active[0]


def set_active_theme(theme: Theme) -> None:
    _active[0] = theme


@cache
def _template() -> str:
    return QSS_PATH.read_text(encoding="utf-8")
