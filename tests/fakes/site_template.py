"""The shipped site config template (install/etc/site.toml) filled in for a test."""

from __future__ import annotations

from pathlib import Path

from kiosk.site_config import SiteConfig, parse_site_config
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "install/etc/site.toml"


def site_template_text(url: str, data_dir: Path) -> str:
    """The template as a technician fills it in: the platform URL (empty: the embedded
    simulator), the demo terminal's id and token, the data dir. Every device stays
    simulated, as the template ships."""
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace('url = "https://platform.example.gov.cn"', f'url = "{url}"')
    text = text.replace('token = "issued-at-enrolment"', f'token = "{DEMO_TERMINAL_TOKEN}"')
    text = text.replace('id = "BJTZ-0001"', f'id = "{DEMO_TERMINAL_ID}"')
    return text.replace('dir = "/var/lib/zizhu-kiosk"', f'dir = "{data_dir}"')


def embedded_demo_config(data_dir: Path, source: str = "test") -> SiteConfig:
    """The demo's shape: every device simulated, the platform simulator embedded."""
    return parse_site_config(site_template_text("", data_dir), source)
