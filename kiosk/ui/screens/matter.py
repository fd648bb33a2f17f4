"""Choose the matter: categories on the left, a search box and the results list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from flows.domain import Catalog, Matter
from kiosk import i18n
from kiosk.ime.pinyin import shared_engine
from kiosk.ui.screens.base import Screen, clear_layout, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel, current_lang

MAX_RESULTS = 60


class MatterScreen(Screen):
    """Category buttons ``btn_category_<code>`` (``btn_category_all``), search box
    ``matter_search``, result buttons ``btn_matter_<code>``."""

    matter_chosen = Signal(str)
    retry_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("choosing_matter", parent)
        t = active_theme()
        self.add_heading(K("matter.title"))
        self._catalog: Catalog | None = None
        #: matter code -> its name and keywords in pinyin (the catalogue's, built on demand)
        self._spelling_cache: dict[str, tuple[str, ...]] = {}
        self._preparing: Catalog | None = None  # built in a later event-loop turn
        self._category: str | None = None
        row = QHBoxLayout()
        row.setSpacing(t.px(32))
        # categories
        self._categories = QWidget()
        self._cat_layout = QVBoxLayout(self._categories)
        self._cat_layout.setContentsMargins(0, 0, t.px(8), 0)
        self._cat_layout.setSpacing(t.px(10))
        self._cat_group = QButtonGroup(self)
        self._cat_group.setExclusive(True)
        cat_area = scroll(self._categories)
        cat_area.setMinimumWidth(t.px(360))
        cat_area.setMaximumWidth(t.px(440))
        row.addWidget(cat_area, 3)
        # search and results
        right = QVBoxLayout()
        right.setSpacing(t.px(14))
        self.search = QLineEdit()
        self.search.setObjectName("matter_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._rebuild_results())
        # pinyin still being composed (any input method, the on-screen keyboard too) is
        # not the field's text yet: the list follows it as the resident types
        self._preedit = ""
        self.search.installEventFilter(self)
        right.addWidget(self.search)
        status = QHBoxLayout()
        self.count = TrLabel(None, "muted", name="matter_count")
        status.addWidget(self.count, 1)
        self.retry = TrButton(K("card.retry"), "primary", name="btn_retry")
        self.retry.clicked.connect(self.retry_clicked)
        self.retry.hide()
        status.addWidget(self.retry)
        right.addLayout(status)
        self._results = QWidget()
        self._res_layout = QVBoxLayout(self._results)
        self._res_layout.setContentsMargins(0, 0, t.px(8), 0)
        self._res_layout.setSpacing(t.px(12))
        right.addWidget(scroll(self._results), 1)
        row.addLayout(right, 7)
        self.root.addLayout(row, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(i18n.tr("matter.search", current_lang()))

    # -- data ----------------------------------------------------------------
    def set_catalog(self, catalog: Catalog | None) -> None:
        self._preparing = None
        if catalog is self._catalog:
            return
        self._catalog = catalog
        self._spelling_cache = {}
        self._preedit = ""
        self._category = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._rebuild_categories()
        self._rebuild_results()

    def prepare(self, catalog: Catalog) -> None:
        """Build the list ahead of being shown, in event-loop turns of its own: the
        buttons in one, their layout in the next (each 15-25 ms), never in the same
        turn as a screen switch. A no-op when it already shows ``catalog``."""
        if catalog is self._catalog or catalog is self._preparing:
            return
        self._preparing = catalog

        def build() -> None:
            if self._preparing is not catalog:
                return  # another catalogue came, or the screen was shown meanwhile
            self._preparing = None
            self.set_catalog(catalog)
            QTimer.singleShot(0, self._lay_out)

        QTimer.singleShot(0, build)

    def _lay_out(self) -> None:
        layout = self.layout()
        if layout is not None and not self.isVisible():
            layout.activate()

    def show_loading(self, *, busy: bool, failed: bool) -> None:
        """While the catalogue loads say so; when it failed offer a retry."""
        self.retry.setVisible(failed)
        if self._catalog is None:
            self.count.set_source(K("matter.loading") if busy else None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and isinstance(event, QInputMethodEvent):
            preedit = event.preeditString()
            if preedit != self._preedit:
                self._preedit = preedit
                QTimer.singleShot(0, self._rebuild_results)  # after the field took it
        return False

    def results(self) -> list[Matter]:
        if self._catalog is None:
            return []
        query = self.search.text()
        found = self._catalog.search(query)
        if self._preedit:
            # letters being composed: what the text already finds, narrowed by them
            composing = _spelled_query(self._preedit)
            return [
                m
                for m in found
                if (self._category is None or m.category == self._category)
                and (not composing or any(composing in h for h in self._spellings(m)))
            ]
        spelled = _spelled_query(query)
        if spelled:
            # pinyin or its initials, as residents search on Chinese kiosks: "sfz", "hukou"
            have = {m.code for m in found}
            found += [
                m
                for m in self._catalog.matters
                if m.code not in have and any(spelled in h for h in self._spellings(m))
            ]
        if self._category is not None:
            found = [m for m in found if m.category == self._category]
        return found

    def _spellings(self, matter: Matter) -> tuple[str, ...]:
        """The matter's name and keywords in pinyin, whole and by initials (cached)."""
        cached = self._spelling_cache.get(matter.code)
        if cached is None:
            dictionary = shared_engine().dictionary  # loaded at start by the warm-up
            cached = tuple(
                form
                for text in (matter.name.zh, *matter.keywords)
                for form in dictionary.spell(text)
                if form
            )
            self._spelling_cache[matter.code] = cached
        return cached

    def select_category(self, code: str | None) -> None:
        self._category = code
        button = self.findChild(TrButton, f"btn_category_{code or 'all'}")
        if button is not None:
            button.setChecked(True)
        self._rebuild_results()

    # -- building ---------------------------------------------------------------
    def _rebuild_categories(self) -> None:
        for b in self._cat_group.buttons():
            self._cat_group.removeButton(b)
        clear_layout(self._cat_layout)
        if self._catalog is None:
            self._cat_layout.addStretch(1)
            return
        entries: list[tuple[str | None, Source]] = [(None, K("matter.all"))]
        entries += [(c.code, c.name) for c in self._catalog.categories]
        for code, name in entries:
            button = TrButton(name, "tile", name=f"btn_category_{code or 'all'}")
            button.setCheckable(True)
            button.setChecked(code is None)
            button.clicked.connect(lambda _=False, c=code: self.select_category(c))
            self._cat_group.addButton(button)
            self._cat_layout.addWidget(button)
        self._cat_layout.addStretch(1)

    def _rebuild_results(self) -> None:
        clear_layout(self._res_layout)
        if self._catalog is None:
            self.count.set_source(K("matter.loading"))
            self._res_layout.addStretch(1)
            return
        found = self.results()
        self.count.set_source(K("matter.results", n=len(found)) if found else K("matter.none"))
        for matter in found[:MAX_RESULTS]:
            button = TrButton(_describe(matter), "tile", name=f"btn_matter_{matter.code}")
            button.setMinimumHeight(active_theme().px(104))
            button.clicked.connect(lambda _=False, c=matter.code: self.matter_chosen.emit(c))
            self._res_layout.addWidget(button)
        self._res_layout.addStretch(1)


def _describe(matter: Matter) -> Callable[[str], str]:
    def render(lang: str) -> str:
        detail = i18n.tr(
            "matter.days", lang, dept=matter.department.get(lang), days=matter.processing_days
        )
        return f"{matter.name.get(lang)}\n{detail}"

    return render


def _spelled_query(query: str) -> str:
    """The query as pinyin letters to look for ("" when it is not only Latin letters, or
    too short to mean anything: one letter would match nearly every matter)."""
    q = query.strip().lower().replace(" ", "").replace("'", "")
    return q if len(q) >= 2 and q.isascii() and q.isalpha() else ""
