"""The live face check on screen (issue 18 item 1): the face camera's picture in the
oval with the face box, the step the camera asks for as it changes (look, blink,
turn, verifying) with its voice prompt and a progress mark, hints; the simulated
resident reads the rendered prompt and does only that. The picture's buffers are gone
once the screen leaves. Shot in Chinese, English and large text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from device_contracts import Completion, DeviceSet, FaceHint, FacePrompt, FaceStep, PreviewFrame
from devices.camera.face_preview import preview_frame
from devices.camera.sim_person import SimulatedPerson, sample_portrait
from devices.face_prompts import face_prompt
from devices.sim import SimFaceVerifier
from flows.declaration import DeclarationFlow
from kiosk import i18n
from kiosk.demo.face import ObedientResident, rendered_prompt
from kiosk.main_window import MainWindow
from kiosk.ui.screens.face_check import FaceCheckScreen
from kiosk.voice import RecordingSpeaker, VoicePrompter
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui


def with_camera(ui: UiEnv, face: SimFaceVerifier) -> DeclarationFlow:
    """The UI env's declaration, its face device the simulated camera."""
    d = ui.devices.device_set()
    return ui.declare_on(
        DeviceSet(d.id_reader, d.document_camera, face, d.printer, d.lockers, d.qr_scanner)
    )


def camera(*order: FaceStep, delay: float = 0.4, step_s: float = 8.0) -> SimFaceVerifier:
    face = SimFaceVerifier(delay=delay, challenges=order, step_s=step_s)
    face.open()
    return face


def to_face_check(ui: UiEnv, w: MainWindow) -> None:
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_face_check")


def preview(w: MainWindow) -> FaceCheckScreen:
    """The declaration's face-check screen (the pickup has its own)."""
    return w.declaration.screens.face_check


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_the_screen_shows_each_step_live_and_the_resident_does_what_it_says(
    ui: UiEnv, lang: str, large: bool
) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    face = camera(FaceStep.BLINK, FaceStep.TURN_LEFT)
    person = SimulatedPerson(sample_portrait())
    face.use_person(person)
    with_camera(ui, face)
    w = ui.window(lang, large)
    speaker = RecordingSpeaker()
    VoicePrompter(w, speaker, lambda: w.lang, parent=w)
    shots: list[str] = []

    def shoot(step: FaceStep, text: str) -> None:
        ui.wait(lambda: preview(w).preview.has_frame(), timeout=5000)  # the camera's picture
        shots.append(text)
        ui.shot(w, f"face-live-{len(shots)}-{step.value}-{tag}")

    resident = ObedientResident(w, person, on_new=shoot)
    to_face_check(ui, w)

    def done() -> bool:
        resident.look()
        return w.current_screen_name() == "screen_filling_form"

    ui.wait(done, timeout=20000)
    assert resident.seen == [FaceStep.LOOK, FaceStep.BLINK, FaceStep.TURN_LEFT, FaceStep.VERIFYING]
    assert person.performed == [FaceStep.BLINK, FaceStep.TURN_LEFT]
    assert shots[1] == i18n.tr("face.step.blink", lang)
    said = [text for _lang, text in speaker.said]
    steps = [i18n.tr(f"voice.face_step.{s}", lang) for s in ("blink", "turn_left", "verifying")]
    assert [t for t in said if t in steps] == steps, said
    # the screen left: nothing of the picture is held any more
    screen = preview(w)
    assert not screen.preview.has_frame()
    assert not screen.preview.mailbox.holds_frame()


def test_a_face_that_never_blinks_never_passes_and_the_screen_asks_to_blink(
    ui: UiEnv,
) -> None:
    face = camera(FaceStep.BLINK, FaceStep.TURN_RIGHT, step_s=1.0)
    face.use_person(SimulatedPerson(sample_portrait()))  # told nothing, does nothing
    with_camera(ui, face)
    w = ui.window("zh")
    to_face_check(ui, w)
    shown: list[str] = []

    def failed() -> bool:
        text = rendered_prompt(w)
        if text and (not shown or shown[-1] != text):
            shown.append(text)
        return w.current_screen_name() == "screen_face_failed"

    ui.wait(failed, timeout=20000)
    assert shown == ["请看镜头", "请眨眨眼"]
    assert ui.declaration.session.face is not None and not ui.declaration.session.face.live


def test_the_picture_is_dropped_when_the_screen_leaves(ui: UiEnv) -> None:
    face = camera(delay=60.0)  # the check is still running when the resident cancels
    with_camera(ui, face)
    w = ui.window("zh")
    to_face_check(ui, w)
    screen = preview(w)
    ui.wait(lambda: screen.preview.has_frame(), timeout=5000)
    assert screen.preview.mailbox.offered > 0
    ui.click(w, "btn_cancel")
    ui.wait(lambda: w.current_screen_name() != "screen_face_check")
    assert not screen.preview.has_frame() and not screen.preview.mailbox.holds_frame()
    offered = screen.preview.mailbox.offered
    ui.qtbot.wait(300)
    assert screen.preview.mailbox.offered == offered, "the camera stopped feeding the screen"


def test_a_slow_screen_drops_frames_and_never_queues_them(ui: UiEnv) -> None:
    screen = FaceCheckScreen()
    ui.qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    mailbox = screen.preview.mailbox
    frame = PreviewFrame(bytes(64 * 48 * 3), 64, 48)
    for _ in range(50):  # the camera's thread, while the GUI thread is busy
        mailbox.offer(frame)
    assert mailbox.dropped == 49 and mailbox.holds_frame()
    delivered: list[PreviewFrame] = []
    mailbox.arrived.connect(delivered.append)
    ui.qtbot.wait(50)
    assert len(delivered) == 1, "one paint for fifty frames"


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_hints_and_progress_on_the_screen(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    face = camera(delay=60.0)
    with_camera(ui, face)
    w = ui.window(lang, large)
    to_face_check(ui, w)
    screen = preview(w)
    portrait = sample_portrait()
    dark = (portrait.frame * 0.15).astype(portrait.frame.dtype)
    mailbox = screen.preview.mailbox
    # the camera's first prompt is in (the next comes 15 s later): the test's own follows
    ui.wait(lambda: ui.declaration.session.face_prompt is not None)
    ui.wait(lambda: screen.preview.has_frame())
    ui.declaration.session.face_prompt = face_prompt(
        "face", FaceStep.TURN_RIGHT, FaceHint.TOO_DARK, 1, 2
    )
    face.set_preview(None)  # the test paints its own frame
    mailbox.offer(preview_frame(dark, mailbox, portrait.analysis.box))
    ui.declaration._changed()
    ui.wait(lambda: screen.preview.has_frame())
    hint = w.current_screen().findChild(QLabel, "face_hint")
    assert hint is not None and hint.text() == i18n.tr("face.hint.too_dark", lang)
    assert rendered_prompt(w) == i18n.tr("face.step.turn_right", lang)
    marks = w.current_screen().findChild(QLabel, "face_marks")
    assert marks is not None and marks.text() == "●○"
    ui.shot(w, f"face-hint-too-dark-{tag}")
    for kind in FaceHint:
        screen.show_prompt(FacePrompt("face", i18n.STRINGS["face.step.look"], FaceStep.LOOK, kind))
        assert hint.text() == i18n.tr(f"face.hint.{kind.value}", lang)


def test_a_screen_that_says_the_wrong_thing_fails_the_check(
    ui: UiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resident does what the screen says: a screen that shows "turn left" when the
    camera wants a blink makes the check fail (so the journeys test what is shown)."""
    shown = FaceCheckScreen.show_prompt

    def wrong(self: FaceCheckScreen, prompt: FacePrompt | None) -> None:
        if prompt is not None and prompt.step is FaceStep.BLINK:
            prompt = face_prompt("face", FaceStep.TURN_LEFT, None, prompt.done, prompt.total)
        shown(self, prompt)

    monkeypatch.setattr(FaceCheckScreen, "show_prompt", wrong)
    face = camera(FaceStep.BLINK, FaceStep.TURN_RIGHT, step_s=1.5)
    person = SimulatedPerson(sample_portrait())
    face.use_person(person)
    with_camera(ui, face)
    w = ui.window("zh")
    resident = ObedientResident(w, person)
    to_face_check(ui, w)

    def ended() -> bool:
        resident.look()
        return w.current_screen_name() == "screen_face_failed"

    ui.wait(ended, timeout=20000)
    assert person.performed == [FaceStep.TURN_LEFT]
    assert ui.declaration.session.face is not None and not ui.declaration.session.face.live
