"""The window's shell: header, ID-card prompt, step indicator, message banner, the
stack of screens, the on-screen keyboard (while a text field has focus), footer.

It is the passive side of the presenters' :class:`~kiosk.presenters.shell.Shell`: it
shows the screen they ask for with the chrome they set, and knows no journey. Of its
own it has the attract, home and coming-soon pages; every other screen is added by
whoever builds the journeys (kiosk/main_window.py). What the resident asks of it goes
out through methods a subclass routes (:meth:`start_service`, :meth:`back`,
:meth:`cancel`) and signals (``staff_called``).

The language switches live (labels re-render); large-text mode rebuilds the widgets
at the larger scale (:meth:`_rebuilt` lets the journeys rebuild theirs).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from device_contracts import Text
from kiosk import i18n
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.coming_soon import ComingSoonScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.theme import DESIGN_SIZE, FONT_FAMILY, active_theme, set_active_theme, theme_for
from kiosk.ui.widgets.banner import Banner
from kiosk.ui.widgets.card_prompt import CardPrompt
from kiosk.ui.widgets.footer import Footer
from kiosk.ui.widgets.gesture import TapGesture
from kiosk.ui.widgets.header import Header
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.overlay_panel import OverlayPanel
from kiosk.ui.widgets.steps import StepIndicator
from kiosk.ui.widgets.tr import (
    K,
    Source,
    TrButton,
    current_lang,
    retranslate_tree,
    set_current_lang,
)

log = logging.getLogger(__name__)


class ContentStack(QStackedWidget):
    """The screens. It claims no minimum height of its own: a stacked widget's is its
    tallest page's (and, with word-wrapped labels, the page's height for its width, as
    if every row had its preferred height), which would squeeze the on-screen keyboard.
    Only the current page has to fit, and the UI tests check that it does."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(1)

    def hasHeightForWidth(self) -> bool:
        return False


class ShellWindow(QMainWindow):
    #: 呼叫工作人员 was pressed (whoever holds the help desk answers it)
    staff_called = Signal()
    #: staff must come to the kiosk (to confirm an identity with their card): no video
    staff_called_in_person = Signal()
    lang_changed = Signal(str)
    large_text_changed = Signal(bool)
    screen_changed = Signal(str)
    #: a voice prompt beyond the screen's own (i18n key): the face check's next step
    voice_prompt = Signal(str)
    #: the header's speaker mark: True mutes the voice prompts until the session ends
    muted_changed = Signal(bool)

    def __init__(
        self,
        *,
        lang: str = i18n.DEFAULT_LANG,
        large_text: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(i18n.tr("app.title", lang))
        self.setFont(QFont(FONT_FAMILY))
        self._large_text = large_text
        set_current_lang(lang)
        set_active_theme(theme_for(large_text))
        #: what the window shows: attract, home, coming_soon, or a journey's name
        self._view = "attract"
        self._steps_wanted = False
        self._footer_wanted = False
        #: the journeys (presenters) with an ID card to give back: 请取回身份证 while any
        self._card_wanted: set[int] = set()
        self._muted = False
        self._build()
        self.go_attract()
        self.resize(*DESIGN_SIZE)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.setStyleSheet(active_theme().stylesheet())
        root = QWidget()
        root.setObjectName("root")
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = Header()
        self.header.set_large_text(self._large_text)
        self.header.lang_clicked.connect(self.toggle_lang)
        self.header.large_text_toggled.connect(self.set_large_text)
        self.header.call_staff_clicked.connect(self.call_staff)
        self.header.set_muted(self._muted)
        self.header.mute_toggled.connect(self.set_muted)
        layout.addWidget(self.header)
        card_box = QWidget()
        card_layout = QVBoxLayout(card_box)
        card_layout.setContentsMargins(
            active_theme().px(64), active_theme().px(16), active_theme().px(64), 0
        )
        self.card_prompt = CardPrompt()
        self.card_prompt.set_shown(True)
        card_layout.addWidget(self.card_prompt)
        self._card_box = card_box
        card_box.setVisible(bool(self._card_wanted))
        layout.addWidget(card_box)
        self.steps = StepIndicator()
        self.steps.hide()
        layout.addWidget(self.steps)
        banner_box = QWidget()
        banner_layout = QVBoxLayout(banner_box)
        t = active_theme()
        banner_layout.setContentsMargins(t.px(64), t.px(16), t.px(64), 0)
        self.banner = Banner()
        banner_layout.addWidget(self.banner)
        self._banner_box = banner_box
        banner_box.hide()
        layout.addWidget(banner_box)
        self.stack = ContentStack()
        self.stack.setObjectName("content")
        layout.addWidget(self.stack, 1)
        # shows itself when a text field takes focus (a touch kiosk has no keyboard)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.shown_changed.connect(self._sync_chrome)
        layout.addWidget(self.keyboard)
        self.footer = Footer()
        self.footer.back_clicked.connect(self.back)
        self.footer.cancel_clicked.connect(self.cancel)
        self.footer.home_clicked.connect(self.go_home)
        layout.addWidget(self.footer)
        self.attract = AttractScreen()
        self.attract.started.connect(self.go_home)
        self.home = HomeScreen()
        self.home.chosen.connect(self.start_service)
        self.coming_soon = ComingSoonScreen()
        self.coming_soon.home_clicked.connect(self.go_home)
        for screen in (self.attract, self.home, self.coming_soon):
            self.stack.addWidget(screen)
        self.setCentralWidget(root)  # deletes the previous tree, if any
        if self.isVisible():
            root.show()  # at once, not on the next event-loop turn

    def add_screens(self, screens: Sequence[QWidget]) -> None:
        """A journey's screens, shown when its presenter asks (again after a rebuild)."""
        for screen in screens:
            self.stack.addWidget(screen)

    def offer_staff_entry(self) -> None:
        """The ways into staff mode (again after a rebuild): a discreet button for clerks
        on the attract page, and for technicians the hidden gesture on the emblem."""
        self.staff_button = TrButton(K("attract.staff"), "quiet", name="btn_staff")
        self.staff_button.setStyleSheet(  # discreet on the dark attract page, but legible
            "color: rgba(255,255,255,170); background: transparent;"
            " border: 1px solid rgba(255,255,255,90); border-radius: 8px; padding: 8px 24px;"
        )
        self.staff_button.clicked.connect(lambda: self.start_service("staff"))
        self.attract.root.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignRight)
        self.gesture = TapGesture(self.header.emblem)
        self.gesture.triggered.connect(lambda: self.start_service("staff_gesture"))

    # ------------------------------------------------------------------ Shell (presenters)
    def show_screen(self, screen: QWidget) -> None:
        self.footer.set_primary(getattr(screen, "primary_action", None))
        self._footer_wanted = self.footer.has_content()
        self.header.set_resident_controls(not getattr(screen, "for_staff", False))
        self._sync_chrome()
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
            log.info("screen", extra={"screen": screen.objectName()})
            self.screen_changed.emit(screen.objectName())

    def speak(self, key: str) -> None:
        """Say the voice prompt ``key`` now (the screen did not change, what it asks did)."""
        self.voice_prompt.emit(key)

    def set_steps(self, keys: Sequence[str], current: int) -> None:
        self.steps.set_steps(keys, current)
        self._steps_wanted = bool(keys)
        self._sync_chrome()

    def _sync_chrome(self, *_: object) -> None:
        # the step indicator and the footer give their height to the form while the
        # keyboard is up (its Done key brings them back), as a phone's keyboard covers
        # the bottom bar: in large text the form would not fit otherwise
        typing = not self.keyboard.isHidden()
        self.steps.setVisible(self._steps_wanted and not typing)
        self.footer.setVisible(self._footer_wanted and not typing)

    def set_footer(self, *, back: bool = False, cancel: bool = False) -> None:
        self.footer.configure(back=back, cancel=cancel)
        self._footer_wanted = self.footer.has_content()
        self._sync_chrome()

    def show_message(self, message: Text | None, kind: str = "error") -> None:
        self._show_banner(message, kind)

    def show_card_prompt(self, source: object, shown: bool) -> None:
        """请取回身份证 under the header while any journey has an ID card to give back
        (on every screen, the attract screen after an idle wipe too), said as it appears."""
        before = bool(self._card_wanted)
        if shown:
            self._card_wanted.add(id(source))
        else:
            self._card_wanted.discard(id(source))
        self._card_box.setVisible(bool(self._card_wanted))
        if self._card_wanted and not before:
            log.info("id card prompt shown")
            self.speak("voice.take_card")

    def journey_ended(self, *, to_attract: bool) -> None:
        if to_attract:
            self.go_attract()
        else:
            self.go_home()

    # ------------------------------------------------------------------ navigation
    def go_attract(self) -> None:
        self._view = "attract"
        self.set_muted(False)  # the next resident hears the prompts again
        self._chrome(steps=False, footer=False)
        self._show_banner(None)
        self.show_screen(self.attract)

    def go_home(self) -> None:
        self._view = "home"
        self._chrome(steps=False, footer=False)
        self._show_banner(None)
        self.show_screen(self.home)

    def start_service(self, service: str) -> None:
        """A service tile or a way into staff mode was chosen. The shell has no journey:
        it shows the coming-soon page; the window with the journeys starts theirs."""
        self._show_banner(None)
        self.show_coming_soon(service)

    def show_coming_soon(self, service: str) -> None:
        self._view = "coming_soon"
        self._chrome(steps=False, footer=False)
        self.coming_soon.show_service(service)
        self.show_screen(self.coming_soon)

    def back(self) -> None:
        """The footer's back button: only a journey has a step to go back to."""

    def cancel(self) -> None:
        """The footer's cancel button: home, unless a journey has its own way out."""
        self.go_home()

    def _chrome(self, *, steps: bool, footer: bool) -> None:
        self._steps_wanted = steps
        if not footer:
            self.footer.configure()
        self._footer_wanted = footer
        self._sync_chrome()

    def _show_banner(self, message: Source, kind: str = "error") -> None:
        self.banner.show_message(message, kind)
        self._banner_box.setVisible(not self.banner.isHidden())

    # ------------------------------------------------------------------ switches
    @property
    def lang(self) -> str:
        return current_lang()

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Mute (or unmute) the voice prompts for this resident's session."""
        self.header.set_muted(muted)
        if muted == self._muted:
            return
        self._muted = muted
        log.info("voice muted" if muted else "voice on")
        self.muted_changed.emit(muted)

    @property
    def large_text(self) -> bool:
        return self._large_text

    def toggle_lang(self) -> None:
        self.set_lang(i18n.other(current_lang()))

    def set_lang(self, lang: str) -> None:
        lang = i18n.normalize(lang)
        if lang == current_lang():
            return
        set_current_lang(lang)
        self.setWindowTitle(i18n.tr("app.title", lang))
        retranslate_tree(self)
        self.lang_changed.emit(lang)

    def set_large_text(self, on: bool) -> None:
        if on == self._large_text:
            self.header.set_large_text(on)
            return
        self._large_text = on
        set_active_theme(theme_for(on))
        banner = (self.banner.label.text(), self.banner.property("kind"))
        self._build()
        self._rebuilt()
        self._restore_view(banner)
        self.large_text_changed.emit(on)

    def _rebuilt(self) -> None:
        """The widgets were built anew at the other scale: a subclass rebuilds what it
        added (its screens, overlays) here, before the view is restored."""

    def _restore_view(self, banner: tuple[str, object]) -> None:
        """Show again what was shown before the rebuild, with its banner."""
        if self._view == "home":
            self.go_home()
        elif self._view == "coming_soon":
            self.start_service(self.coming_soon_service)
        else:
            self.go_attract()
        if banner[0]:
            self._show_banner(banner[0], str(banner[1] or "info"))

    @property
    def coming_soon_service(self) -> str:
        return self.coming_soon.icon.kind

    def help_step(self) -> str:
        """The screen the resident asked for help on, as the platform takes it."""
        name = self.current_screen_name().removeprefix("screen_").lower()
        return (
            "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in name)[:64]
            or "unknown"
        )

    def call_staff(self) -> None:
        """呼叫工作人员: ``staff_called`` goes to whoever holds the help desk."""
        log.info("staff called", extra={"screen": self.current_screen_name()})
        self.staff_called.emit()

    def call_staff_in_person(self) -> None:
        """The assisted check's call: a clerk must come over with the staff card, so it is
        the help desk's plain call whatever the hours (a video call could not confirm)."""
        log.info("staff called to the kiosk", extra={"screen": self.current_screen_name()})
        self.staff_called_in_person.emit()

    # ------------------------------------------------------------------ for tours and tests
    def current_screen(self) -> QWidget:
        widget = self.stack.currentWidget()
        assert widget is not None
        return widget

    def current_screen_name(self) -> str:
        """``screen_<id>``, e.g. ``screen_attract``, ``screen_reading_card``, ``screen_done``."""
        return self.current_screen().objectName()

    def find_button(self, name: str) -> QAbstractButton | None:
        """The visible button ``name`` on an overlay (the topmost first), the current
        screen, the on-screen keyboard, the header or footer."""
        overlays = self.findChildren(
            OverlayPanel, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        # a later sibling is drawn over an earlier one
        scopes: list[QWidget] = [o for o in reversed(overlays) if not o.isHidden()]
        scopes.append(self.current_screen())
        if not self.keyboard.isHidden():
            scopes.append(self.keyboard)
        scopes += [self.header, self.footer]
        for scope in scopes:
            for button in scope.findChildren(QAbstractButton, name):
                if not button.isHidden() and (button.isVisibleTo(self) or not self.isVisible()):
                    return button
        return None

    def click(self, name: str) -> None:
        """Click the button ``name`` (see :meth:`find_button`); raises if it is not there."""
        button = self.find_button(name)
        if button is None:
            raise LookupError(f"no button {name!r} on {self.current_screen_name()}")
        if not button.isEnabled():
            raise LookupError(f"button {name!r} is disabled on {self.current_screen_name()}")
        button.click()

    def screenshot(self, path: str | Path) -> Path:
        """Save the whole window as a PNG (works offscreen)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not self.grab().save(str(target), "PNG"):
            raise OSError(f"could not save a screenshot to {target}")
        return target
