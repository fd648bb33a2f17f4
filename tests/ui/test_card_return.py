"""请取回身份证 on the screen (issue 19 item 6): once the lookup has read the ID card it
asks for it under the header, in zh, en and large text, until the reader itself says
it was taken; the results do not finish while it lies there; after an idle wipe the
attract screen still asks, with nothing personal on it.

The reader is the real GA 467 adapter on a pty, the simulated SAM its peer; the card is
placed and taken off on the SAM's side, never injected as an event.
"""

from __future__ import annotations

import dataclasses

import pytest

from device_contracts import Text
from devices.idcard.adapter import Ga467Reader
from devices.idcard.sam_peer import SamPeer
from flows.card_return import CARD_LEFT
from flows.device_bridge import DeviceEventBridge
from flows.domain import CaseStatusKind, CaseSummary
from flows.lookup import LookupFlow
from flows.settings import FlowSettings
from kiosk.main_window import MainWindow
from kiosk.voice import RecordingSpeaker, VoicePrompter
from tests.ui.conftest import UiEnv

SETTINGS = FlowSettings(card_left_timeout=1.0)


def lookup_window(
    ui: UiEnv, reader: Ga467Reader, lang: str, large: bool
) -> tuple[MainWindow, LookupFlow, DeviceEventBridge]:
    ui.platform.cases = [
        CaseSummary(
            "ZW-0001", "hukou", Text("户口迁入", "Hukou transfer"), CaseStatusKind.SUBMITTED
        )
    ]
    bridge = DeviceEventBridge(ui.loop)
    devices = dataclasses.replace(ui.devices.device_set(), id_reader=reader)
    bridge.attach(devices.all())
    lookup = LookupFlow(
        devices, ui.platform, ui.loop, settings=SETTINGS, events=bridge, audit=ui.audit
    )
    window = ui.window(lang=lang, large_text=large, lookup=lookup)
    return window, lookup, bridge


def prompt_shown(window: MainWindow) -> bool:
    return window.card_prompt.isVisibleTo(window)


@pytest.mark.parametrize(
    ("lang", "large", "words"),
    [
        ("zh", False, "请取回身份证"),
        ("en", False, "Please take your ID card"),
        ("zh", True, "请取回身份证"),
    ],
)
def test_the_results_ask_for_the_card_until_the_reader_says_it_is_gone(
    ui: UiEnv, peer: SamPeer, reader: Ga467Reader, lang: str, large: bool, words: str
) -> None:
    window, lookup, bridge = lookup_window(ui, reader, lang, large)
    speaker = RecordingSpeaker()
    VoicePrompter(window, speaker, lambda: window.lang, window)
    window.start_service("progress")
    assert window.current_screen_name() == "screen_identifying"
    assert not prompt_shown(window), "needed now: nothing asks for it yet"

    peer.place_card("resident-0")
    ui.wait(lambda: window.current_screen_name() == "screen_progress_results")
    ui.wait(lambda: prompt_shown(window))
    assert window.card_prompt.text.text() == words
    said = [text for _, text in speaker.said]
    assert any(("身份证" in t) or ("ID card" in t) for t in said), said
    suffix = f"{lang}{'_large' if large else ''}"
    ui.shot(window, f"card_take_{suffix}")

    window.click("btn_finish")  # tapped with the card still there: the results stay
    assert window.current_screen_name() == "screen_progress_results"

    peer.remove_card()  # the resident takes it; the reader's poller sees it gone
    ui.wait(lambda: not prompt_shown(window))
    ui.shot(window, f"card_taken_{suffix}")
    window.click("btn_finish")
    ui.wait(lambda: window.current_screen_name() == "screen_attract")
    assert ui.audit.actions() == []
    lookup.reset()
    bridge.close()


def test_after_the_idle_wipe_the_attract_screen_still_asks_and_staff_are_told(
    ui: UiEnv, peer: SamPeer, reader: Ga467Reader
) -> None:
    window, lookup, bridge = lookup_window(ui, reader, "zh", False)
    window.start_service("progress")
    peer.place_card("resident-0")
    ui.wait(lambda: window.current_screen_name() == "screen_progress_results")

    window.idle.expire()  # the idle wipe
    assert window.current_screen_name() == "screen_attract"
    assert lookup.session.card is None and lookup.session.cases == []
    assert prompt_shown(window), "the card still lies there: still asked for"
    ui.shot(window, "card_take_attract_after_wipe")

    ui.wait(lambda: [a for a, *_ in ui.audit.actions()] == [CARD_LEFT], timeout=5000)
    peer.remove_card()
    ui.wait(lambda: not prompt_shown(window))
    bridge.close()
