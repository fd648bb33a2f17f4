"""好差评 end to end (issue 21 item 4): a resident looks up a case's progress by its
receipt QR and rates the service on the results page; the rating goes from the strip
through the flow, the kiosk's outbox and HTTP to the running simulator, whose back-office
report counts it under the case's matter and this terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from device_contracts import Completion
from flows.domain import SubmitState
from flows.evaluation import EvaluationFlow
from flows.lookup import LookupFlow
from kiosk.main_window import MainWindow
from offline_cache.catalog_cache import CatalogCache
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.platform.helpers import backoffice, draft
from tests.ui.conftest import UiEnv
from tests.ui.layout_check import layout_faults

pytestmark = pytest.mark.ui


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[tuple[SwitchablePlatform, KioskPlatform]]:
    server = SwitchablePlatform(tmp_path / "platform.sqlite3")
    server.start()
    client = make_client(server.url)
    outbox = Outbox.open(tmp_path / "kiosk", DEMO_TERMINAL_ID)
    kp = KioskPlatform(client, outbox, CatalogCache(tmp_path / "kiosk" / "c.sqlite3", client))
    yield server, kp
    kp.close()
    server.stop()


def _report(server: SwitchablePlatform) -> dict[str, Any]:
    r = backoffice().get(f"{server.url}/api/v1/backoffice/evaluations/report")
    r.raise_for_status()
    report: dict[str, Any] = r.json()
    return report


@pytest.mark.parametrize(("lang", "large"), [("zh", False), ("en", True)], ids=["zh", "en-large"])
def test_a_progress_lookup_rated_reaches_the_back_office_report(
    ui: UiEnv, sim: tuple[SwitchablePlatform, KioskPlatform], lang: str, large: bool
) -> None:
    server, kp = sim
    case = kp.submit_case(draft(matter="SW001"))
    assert case.state is SubmitState.ACCEPTED
    lookup = LookupFlow(ui.devices.device_set(), kp, ui.loop)
    w = MainWindow(ui.declaration, ui.collection, lookup=lookup, lang=lang, large_text=large)
    ui.qtbot.addWidget(w)
    w.show()
    ui.qtbot.waitExposed(w)
    ui.windows.append(w)
    w.install_evaluation(EvaluationFlow(kp, ui.loop))

    ui.click(w, "btn_start")
    ui.click(w, "btn_home_progress")
    ui.wait(lambda: w.current_screen_name() == "screen_identifying")
    ui.devices.qr_scanner.scans.complete_pending(Completion.success(case.code))
    ui.wait(lambda: w.current_screen_name() == "screen_progress_results", timeout=10000)
    tag = f"{lang}{'-large' if large else ''}"
    ui.shot(w, f"31-progress-rating-{tag}")
    if large:
        assert not layout_faults(w), layout_faults(w)
    ui.click(w, "btn_rate_satisfied")
    ui.wait(lambda: _report(server)["total"] == 1, timeout=10000)
    report = _report(server)
    assert report["levels"]["satisfied"] == 1
    assert [row["key"] for row in report["by_matter"]] == ["SW001"]
    assert [row["key"] for row in report["by_terminal"]] == [DEMO_TERMINAL_ID]
    assert kp.outbox.status().pending == 0
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
