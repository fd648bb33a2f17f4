"""A clerk's browser for the simulator's back-office pages: Debian's headless Chromium
(``/usr/bin/chromium``, launched by path: Playwright downloads no browser here) with
the back-office token already in the tab's sessionStorage, as a clerk who typed it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from playwright import sync_api

from platform_sim.seed import BACKOFFICE_TOKEN

CHROMIUM = "/usr/bin/chromium"


@contextmanager
def clerk_tab(width: int = 1280, height: int = 900) -> Iterator[sync_api.Page]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_init_script(
                f"sessionStorage.setItem('backoffice_token', {json.dumps(BACKOFFICE_TOKEN)})"
            )
            yield context.new_page()
        finally:
            browser.close()
