"""Where the project's shipped files are. ``assets/`` sits beside the packages in
the source tree (installed editable), so paths are resolved from this file."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ASSETS = PROJECT_ROOT / "assets"
DEMO_SITE_CONFIG = ASSETS / "site" / "demo.toml"
SAMPLE_IDENTITIES = ASSETS / "sample" / "identities.json"
