"""On-screen keyboard for the kiosk's text fields: pinyin, English letters, numbers.

A touch-only kiosk has no keyboard; without this a resident could not type a
child's name, a company name or an address the ID card does not carry. Docked
above the footer, it appears when a text field takes focus and goes when focus
leaves it or the resident taps Done.

Modes: pinyin (letters compose, tapping a candidate writes the characters; the
field shows the letters as pre-edit text), English letters (with a one-shot
shift), numbers and symbols (with X for ID numbers). A field whose input hints ask
for digits, a phone number or a date opens in numbers; a hidden one (a password)
or a Latin-only one in letters, in capitals when it prefers uppercase (a case code);
others in pinyin in Chinese and in letters in English.

Keys never take focus, so the field keeps it; text goes to the field as input-method
events (commit and pre-edit) and backspace as a key event, so validators and
``textEdited`` work as with a hardware keyboard. Buttons are named ``btn_osk_<letter>``,
``btn_osk_backspace``, ``btn_osk_space``, ``btn_osk_done``, ``btn_osk_shift``,
``btn_osk_symbols``, ``btn_osk_lang``, ``btn_osk_cand_<i>``, ``btn_osk_prev``/``_next``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QInputMethodEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ime.pinyin import Candidate, PinyinEngine, shared_engine, shared_engine_if_loaded
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton, TrLabel, current_lang

log = logging.getLogger(__name__)

PINYIN, LATIN, SYMBOLS = "pinyin", "latin", "symbols"

LETTER_ROWS = ("qwertyuiop", "asdfghjkl'", "zxcvbnm,.@")
SYMBOL_ROWS = ("1234567890", "-/:;()#X·、", "_+*&.,?!%￥")

#: candidates on one page of the bar
PAGE = 8

#: hints that open the keyboard in numbers
NUMERIC_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhFormattedNumbersOnly
    | Qt.InputMethodHint.ImhDialableCharactersOnly
    | Qt.InputMethodHint.ImhDate
    | Qt.InputMethodHint.ImhPreferNumbers
)
#: hints that keep capitals on (shift locked) until the field changes
UPPERCASE_HINTS = Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhUppercaseOnly
#: hints that never compose pinyin
LATIN_HINTS = (
    Qt.InputMethodHint.ImhHiddenText
    | Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhLatinOnly
    | Qt.InputMethodHint.ImhEmailCharactersOnly
    | Qt.InputMethodHint.ImhUrlCharactersOnly
)


def _no_focus(button: TrButton) -> TrButton:
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


class OnScreenKeyboard(QWidget):
    #: True when the keyboard appears, False when it goes (the window makes room)
    shown_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._target: QLineEdit | None = None
        self._mode = PINYIN
        self._shift = False
        #: capitals until the field changes (case codes, cell ids: uppercase hints)
        self._caps = False
        self._composition = ""
        self._candidates: list[Candidate] = []
        self._page = 0
        t = active_theme()
        root = QVBoxLayout(self)
        root.setContentsMargins(t.px(24), t.px(8), t.px(24), t.px(12))
        root.setSpacing(t.px(8))
        root.addWidget(self._build_bar())
        self._letter_keys: dict[str, TrButton] = {}
        self._letters = self._build_rows(LETTER_ROWS, letters=True)
        self._symbols = self._build_rows(SYMBOL_ROWS, letters=False)
        root.addWidget(self._letters)
        root.addWidget(self._symbols)
        root.addLayout(self._build_bottom_row())
        self._symbols.hide()
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # ------------------------------------------------------------------ building
    def _build_bar(self) -> QWidget:
        t = active_theme()
        host = QWidget()
        # one height whether candidates show or not: the keyboard never jumps as one types
        host.setFixedHeight(t.px(60))
        bar = QHBoxLayout(host)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(t.px(8))
        self.mode_label = TrLabel(K("osk.mode.pinyin"), "body", wrap=False, name="osk_mode")
        self.composition_label = TrLabel("", "body", wrap=False, name="osk_composition")
        bar.addWidget(self.mode_label)
        bar.addWidget(self.composition_label)
        self.candidate_buttons: list[TrButton] = []
        for i in range(PAGE):
            button = _no_focus(TrButton("", "oskcandidate", name=f"btn_osk_cand_{i}"))
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, i=i: self.choose(self._page * PAGE + i))
            bar.addWidget(button)
            self.candidate_buttons.append(button)
        bar.addStretch(1)
        self.prev_button = _no_focus(TrButton("‹", "oskpage", name="btn_osk_prev"))
        self.next_button = _no_focus(TrButton("›", "oskpage", name="btn_osk_next"))
        for button, step in ((self.prev_button, -1), (self.next_button, 1)):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(t.px(72))
            button.clicked.connect(lambda _=False, s=step: self._turn(s))
            bar.addWidget(button)
        return host

    def _build_rows(self, rows: Sequence[str], *, letters: bool) -> QWidget:
        t = active_theme()
        host = QWidget()
        box = QVBoxLayout(host)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(t.px(8))
        for r, keys in enumerate(rows):
            row = QHBoxLayout()
            row.setSpacing(t.px(8))
            if letters and r == 2:
                self.shift_button = _no_focus(
                    TrButton(K("osk.shift"), "oskaction", name="btn_osk_shift")
                )
                self.shift_button.setCheckable(True)
                self.shift_button.clicked.connect(self._toggle_shift)
                row.addWidget(self.shift_button, 3)
            elif r == 1:
                row.addSpacing(t.px(36))  # the staggered rows of a keyboard
            for key in keys:
                name = key if key.isalnum() and key.isascii() else f"u{ord(key):04x}"
                prefix = "btn_osk_" if letters else "btn_osk_sym_"
                # "&" marks a shortcut in a button's text: doubled, it is shown
                button = _no_focus(TrButton(key.replace("&", "&&"), "osk", name=prefix + name))
                button.clicked.connect(lambda _=False, k=key: self.press(k))
                row.addWidget(button, 2)
                if letters:
                    self._letter_keys[key] = button
            if r == 0:
                backspace = _no_focus(
                    TrButton(
                        K("osk.delete"),
                        "oskaction",
                        name=f"btn_osk_backspace{'' if letters else '_sym'}",
                    )
                )
                backspace.setAutoRepeat(True)  # held down, it keeps deleting
                backspace.clicked.connect(self.backspace)
                row.addWidget(backspace, 3)
            elif r == 1:
                row.addSpacing(t.px(36))
            box.addLayout(row)
        return host

    def _build_bottom_row(self) -> QHBoxLayout:
        t = active_theme()
        row = QHBoxLayout()
        row.setSpacing(t.px(8))
        self.symbols_button = _no_focus(
            TrButton(K("osk.symbols"), "oskaction", name="btn_osk_symbols")
        )
        self.symbols_button.clicked.connect(self._toggle_symbols)
        self.lang_button = _no_focus(TrButton(K("osk.lang"), "oskaction", name="btn_osk_lang"))
        self.lang_button.clicked.connect(self._toggle_lang)
        space = _no_focus(TrButton(K("osk.space"), "oskaction", name="btn_osk_space"))
        space.clicked.connect(self.space)
        done = _no_focus(TrButton(K("osk.done"), "oskdone", name="btn_osk_done"))
        done.clicked.connect(self.done)
        row.addWidget(self.symbols_button, 2)
        row.addWidget(self.lang_button, 2)
        row.addWidget(space, 8)
        row.addWidget(done, 3)
        return row

    # ------------------------------------------------------------------ state
    @property
    def mode(self) -> str:
        return self._mode

    @property
    def composition(self) -> str:
        return self._composition

    @property
    def target(self) -> QLineEdit | None:
        return self._target

    def candidates(self) -> list[str]:
        return [c.text for c in self._candidates]

    def attach(self, field: QLineEdit) -> None:
        """Type into ``field`` (it has just taken focus) and show the keyboard."""
        if self._target is not field:
            self._drop_composition()
            self._target = field
            self.set_mode(self._mode_for(field))
            if field.inputMethodHints() & UPPERCASE_HINTS:
                self._caps = self._shift = True
                self.shift_button.setChecked(True)
                self._sync_letter_labels()
        if self.isHidden():
            self._fix_height()
            self.show()
            self.updateGeometry()  # visible now: the window's layout takes the new height
        QTimer.singleShot(0, self._reveal_target)

    def _fix_height(self) -> None:
        """Its full height, from its keys as styled: the window's layout would otherwise
        take the height from before the style sheet applied, and the rows would overlap."""
        self.ensurePolished()
        for child in self.findChildren(QWidget):
            child.ensurePolished()
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
            self.setFixedHeight(layout.totalSizeHint().height())

    def detach(self) -> None:
        self._drop_composition()
        self._target = None
        self.hide()

    def set_mode(self, mode: str) -> None:
        self._mode = mode
        self._shift = self._caps = False
        self.shift_button.setChecked(False)
        self._letters.setVisible(mode != SYMBOLS)
        self._symbols.setVisible(mode == SYMBOLS)
        self.symbols_button.set_source(K("osk.letters") if mode == SYMBOLS else K("osk.symbols"))
        self.lang_button.setVisible(mode != SYMBOLS)
        self.mode_label.set_source(K(f"osk.mode.{mode}"))
        self._sync_letter_labels()
        self._refresh_bar()

    # ------------------------------------------------------------------ keys
    def press(self, key: str) -> None:
        if self._target is None:
            return
        if self._mode == PINYIN and (key.isalpha() or (key == "'" and self._composition)):
            self._composition += key.lower()
            self._update_composition()
            return
        if self._composition:  # punctuation after pinyin: the best candidate first
            self.choose(0)
        text = key.upper() if self._shift and key.isalpha() else key
        if self._shift and not self._caps:
            self._shift = False
            self.shift_button.setChecked(False)
            self._sync_letter_labels()
        self._commit(text, "")

    def backspace(self) -> None:
        if self._target is None:
            return
        if self._composition:
            self._composition = self._composition[:-1]
            self._update_composition()
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(self._target, event)

    def space(self) -> None:
        if self._composition:
            self.choose(0)  # as on any pinyin keyboard: space takes the first candidate
        elif self._target is not None:
            self._commit(" ", "")

    def done(self) -> None:
        """Write what is composed as typed (letters), close the keyboard, release the field
        (a tap on it focuses it again and brings the keyboard back)."""
        target = self._target
        if self._composition and target is not None:
            self._commit(self._composition, "")
            self._composition = ""
        self.detach()
        if target is not None:
            target.clearFocus()

    def choose(self, index: int) -> None:
        """Write candidate ``index``; the letters it does not cover stay composed."""
        if not 0 <= index < len(self._candidates):
            return  # no candidate for these letters: the resident corrects them
        chosen = self._candidates[index]
        rest = self._composition[chosen.consumed :].lstrip("'")
        self._composition = rest
        self._commit(chosen.text, rest)
        self._update_composition(send=False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown_changed.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.shown_changed.emit(False)

    # ------------------------------------------------------------------ internals
    def _mode_for(self, field: QLineEdit) -> str:
        hints = field.inputMethodHints()
        if hints & NUMERIC_HINTS:
            return SYMBOLS
        if hints & LATIN_HINTS or field.echoMode() != QLineEdit.EchoMode.Normal:
            return LATIN
        return PINYIN if current_lang() == "zh" else LATIN

    def _engine(self) -> PinyinEngine | None:
        engine = shared_engine_if_loaded()
        if engine is None:
            # the warm-up thread loads it at start; only a resident typing in the first
            # second after start gets here, and waits ~0.3 s once
            engine = shared_engine()
        return engine

    def _update_composition(self, *, send: bool = True) -> None:
        engine = self._engine() if self._composition else None
        self._candidates = engine.candidates(self._composition) if engine else []
        self._page = 0
        if send and self._target is not None:
            self._send(QInputMethodEvent(self._composition, []))
        self._refresh_bar()

    def _commit(self, text: str, preedit: str) -> None:
        if self._target is None:
            return
        event = QInputMethodEvent(preedit, [])
        event.setCommitString(text)
        self._send(event)

    def _send(self, event: QEvent) -> None:
        if self._target is not None:
            QApplication.sendEvent(self._target, event)

    def _drop_composition(self) -> None:
        if self._composition and self._target is not None:
            self._send(QInputMethodEvent("", []))  # clear the field's pre-edit text
        self._composition = ""
        self._candidates = []
        self._refresh_bar()

    def _turn(self, step: int) -> None:
        pages = max(1, -(-len(self._candidates) // PAGE))
        self._page = min(max(0, self._page + step), pages - 1)
        self._refresh_bar()

    def _refresh_bar(self) -> None:
        composing = bool(self._composition)
        self.mode_label.setVisible(not composing)
        self.composition_label.setVisible(composing)
        self.composition_label.set_source(self._composition)
        page = self._candidates[self._page * PAGE : (self._page + 1) * PAGE]
        for i, button in enumerate(self.candidate_buttons):
            if i < len(page):
                button.set_source(page[i].text)
                button.setEnabled(True)
                button.show()
            elif i == 0 and composing:
                button.set_source(K("osk.none"))
                button.setEnabled(False)
                button.show()
            else:
                button.hide()
        self.prev_button.setVisible(composing and self._page > 0)
        self.next_button.setVisible(composing and (self._page + 1) * PAGE < len(self._candidates))

    def _toggle_shift(self) -> None:
        self._shift = self.shift_button.isChecked()
        self._caps = False  # the resident took over: one-shot again
        self._sync_letter_labels()

    def _toggle_symbols(self) -> None:
        self._drop_composition()
        if self._mode == SYMBOLS:
            self.set_mode(PINYIN if current_lang() == "zh" else LATIN)
        else:
            self.set_mode(SYMBOLS)

    def _toggle_lang(self) -> None:
        self._drop_composition()
        self.set_mode(LATIN if self._mode == PINYIN else PINYIN)

    def _sync_letter_labels(self) -> None:
        upper = self._shift
        for key, button in self._letter_keys.items():
            if key.isalpha():
                button.setText(key.upper() if upper else key)

    def _reveal_target(self) -> None:
        """Scroll the field into view above the keyboard (the content area just shrank)."""
        field = self._target
        if field is None:
            return
        host = self.parentWidget()
        host_layout = host.layout() if host is not None else None
        if host_layout is not None:
            host_layout.invalidate()
            host_layout.activate()  # the room the keyboard leaves, now, not next turn
        parent = field.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            # the whole field (ensureWidgetVisible would settle for a line edit's cursor),
            # with a small margin: the view may be short in large text
            content = parent.widget()
            if content is not None:
                centre = field.mapTo(content, field.rect().center())
                margin = field.height() // 2 + active_theme().px(8)
                parent.ensureVisible(centre.x(), centre.y(), 0, margin)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if (
            isinstance(new, QLineEdit)
            and not new.isReadOnly()
            and new.window() is self.window()
            and new.isVisible()
        ):
            self.attach(new)
        elif self._target is not None:
            self.detach()
