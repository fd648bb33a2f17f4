"""The clerks' 好差评 report page in a real browser (issue 21 item 4): headless Chromium
(Debian's, driven by Playwright) opens /evaluation-report with the back-office token,
reads the report and shows the counts per level, reason, matter, terminal and day as
text; a screenshot goes to $KIOSK_SCREENSHOT_DIR when set, as the UI tests' do."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright import sync_api

from platform_sim.seed import BACKOFFICE_TOKEN, DEMO_TERMINAL_ID
from tests.platform.helpers import case_body, new_provisional, session

#: Debian's (scripts/bootstrap.sh installs it); Playwright downloads no browser here
CHROMIUM = Path("/usr/bin/chromium")


def _rate(api: str, **body: Any) -> None:
    rating = {
        "evaluation_id": uuid.uuid4().hex,
        "rated_at": datetime.now(UTC).isoformat(),
        **body,
    }
    session().post(f"{api}/evaluations", json=rating).raise_for_status()


def _rows(page: sync_api.Page, table: str) -> list[list[str]]:
    cells: list[list[str]] = page.eval_on_selector_all(
        f"#{table} tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    return cells


def test_the_report_page_shows_the_counts(api: str, server_url: str, tmp_path: Path) -> None:
    provisional = new_provisional()
    r = session().post(
        f"{api}/cases",
        json=case_body(provisional, matter="SW001"),
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    r.raise_for_status()
    _rate(api, journey="declaration", case_code=provisional, level="very_satisfied")
    _rate(api, journey="lookup", level="very_dissatisfied", reasons=["long_wait", "other"])

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1400})
            context.add_init_script(
                f"sessionStorage.setItem('backoffice_token', {json.dumps(BACKOFFICE_TOKEN)})"
            )
            page = context.new_page()
            page.goto(server_url + "/evaluation-report")
            # a selector, not a predicate: Playwright evaluates a predicate string with
            # eval, which the page's CSP (no unsafe-eval) refuses once it has to poll
            page.wait_for_selector("#by_day tr:nth-child(2)")
            total = page.text_content("#total") or ""
            levels = {row[0]: row[1] for row in _rows(page, "levels")[1:]}
            reasons = {row[0]: row[1] for row in _rows(page, "reasons")[1:]}
            matters = {row[0]: row[1:] for row in _rows(page, "by_matter")[1:]}
            terminals = {row[0]: row[1] for row in _rows(page, "by_terminal")[1:]}
            shots = Path(os.environ.get("KIOSK_SCREENSHOT_DIR") or tmp_path)
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "evaluation-report.png"), full_page=True)
        finally:
            browser.close()

    # a fresh simulator (one per test module): the two ratings above
    assert "2" in total
    assert (levels["非常满意 very_satisfied"], levels["非常不满意 very_dissatisfied"]) == ("1", "1")
    assert (reasons["等待时间长 long_wait"], reasons["其他 other"]) == ("1", "1")
    # a matter's row: its total, then one count per level, best first
    assert matters["SW001"] == ["1", "1", "0", "0", "0", "0"]
    assert matters["—"] == ["1", "0", "0", "0", "0", "1"]  # the lookup without a case
    assert terminals[DEMO_TERMINAL_ID] == "2"
