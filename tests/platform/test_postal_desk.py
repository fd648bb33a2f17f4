"""The post on the clerks' help-desk page (物流服务), in a real browser: headless Chromium
(Debian's, driven by Playwright) opens /help-desk, finds the approved case by post with
its whole address (as text), types the tracking number and taps 寄出; the platform has it
posted with that number. The screenshot goes to $KIOSK_SCREENSHOT_DIR when set."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from playwright import sync_api

from platform_sim.seed import BACKOFFICE_TOKEN
from tests.platform.helpers import backoffice, case_body, new_provisional, session
from tests.platform.test_postal import POST

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright downloads no browser here
WAIT_MS = 15_000


def test_a_clerk_dispatches_a_post_case_from_the_help_desk(
    server_url: str, api: str, tmp_path: Path
) -> None:
    recipient = {**POST, "recipient": "张伟<b>"}  # markup in a value stays text
    created = session().post(
        api + "/cases",
        json={**case_body(new_provisional()), "delivery": recipient},
        headers={"Idempotency-Key": uuid.uuid4().hex},
        timeout=10,
    )
    code = created.json()["case_code"]
    backoffice().post(f"{api}/backoffice/cases/{code}/approve", timeout=5).raise_for_status()

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(
                f"sessionStorage.setItem('backoffice_token', {json.dumps(BACKOFFICE_TOKEN)})"
            )
            page = context.new_page()
            page.goto(server_url + "/help-desk")
            button = page.locator(f"button[data-dispatch='{code}']")
            button.wait_for(timeout=WAIT_MS)
            posts = page.text_content("#posts") or ""
            assert "北京市通州区" + POST["street"] in posts and "张伟<b>" in posts
            assert page.locator("#posts b").count() == 0
            page.fill(f"input[data-case='{code}']", "ea123456789cn")
            shots = Path(os.environ.get("KIOSK_SCREENSHOT_DIR", tmp_path))
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "postal-desk.png"), full_page=True)
            button.click()
            page.wait_for_function(
                "code => (document.getElementById('posts-status').textContent || '')"
                ".includes(code)",
                arg=code,
                timeout=WAIT_MS,
            )
            assert page.locator(f"button[data-dispatch='{code}']").count() == 0
        finally:
            browser.close()

    seen = session().get(f"{api}/cases/{code}", timeout=5).json()
    assert seen["status"] == "posted" and seen["delivery"]["tracking_number"] == "EA123456789CN"
