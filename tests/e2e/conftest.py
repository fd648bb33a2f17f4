"""End-to-end runs stay silent: no voice prompts from espeak-ng."""

from __future__ import annotations

import os

os.environ.setdefault("KIOSK_VOICE", "0")
