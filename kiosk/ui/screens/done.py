"""Declaration done: the case code, a QR to follow it, where the papers went."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from device_contracts import Text
from flows.domain import MaterialSpec, SubmitResult
from kiosk.ui.screens.base import Screen, card, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import ResultMark
from kiosk.ui.widgets.qr import QrCodeWidget
from kiosk.ui.widgets.rating_strip import RatingStrip
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


class DoneScreen(Screen):
    """``done_code`` holds the case code, ``qr_code`` its QR; ``btn_finish`` ends."""

    finish_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("done", parent)
        t = active_theme()
        row = QHBoxLayout()
        row.setSpacing(t.px(48))
        left = QVBoxLayout()
        left.setSpacing(t.px(14))
        head = QHBoxLayout()
        head.setSpacing(t.px(24))
        self.mark = ResultMark("ok")
        head.addWidget(self.mark)
        self.title = TrLabel(K("done.title"), "h1", name="done_title")
        head.addWidget(self.title, 1)
        left.addLayout(head)
        self.queued = TrLabel(K("done.queued"), "body", name="done_queued")
        left.addWidget(self.queued)
        self.instant = TrLabel(None, "body", name="done_instant")
        left.addWidget(self.instant)
        left.addWidget(TrLabel(K("done.code"), "muted"))
        self.code = TrLabel(None, "code", wrap=False, name="done_code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        left.addWidget(self.code)
        # the details below the code scroll when they must (licences and deferrals in
        # large text are taller than the page); the code stays in view, whole
        details_host = QWidget()
        details = QVBoxLayout(details_host)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(t.px(14))
        self.compartment = TrLabel(None, "title", name="done_compartment")
        details.addWidget(self.compartment)
        self.delivery = TrLabel(None, "body", name="done_delivery")
        details.addWidget(self.delivery)
        self.paid = TrLabel(None, "body", name="done_paid")
        details.addWidget(self.paid)
        self.licensed = TrLabel(None, "body", name="done_licensed")
        details.addWidget(self.licensed)
        self.committed = TrLabel(None, "body", name="done_committed")
        details.addWidget(self.committed)
        self.deferred_title = TrLabel(K("done.deferred"), "title")
        details.addWidget(self.deferred_title)
        self.deferred = TrLabel(None, "body", name="done_deferred")
        details.addWidget(self.deferred)
        self.receipt = TrLabel(None, "body", name="done_receipt")
        details.addWidget(self.receipt)
        details.addStretch(1)
        left.addWidget(scroll(details_host), 1)
        row.addLayout(left, 3)
        right, right_layout = card()
        right_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # the QR is for a phone's camera, not for the eyes: large text does not grow it
        # (at 1.4x it pushed its caption and 完成 under itself once 请取回身份证 took its
        # strip of the height, issue 19 item 10)
        self.qr = QrCodeWidget(min(t.px(300), 300))
        right_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right_layout.addWidget(TrLabel(K("done.scan"), "body", align=Qt.AlignmentFlag.AlignCenter))
        right_layout.addStretch(1)
        self.finish = TrButton(K("done.finish"), "primary", name="btn_finish")
        self.finish.setMinimumWidth(t.px(360))
        self.finish.clicked.connect(self.finish_clicked)
        right_layout.addWidget(self.finish)
        row.addWidget(right, 2, Qt.AlignmentFlag.AlignTop)
        self.root.addLayout(row, 1)
        self.rating = RatingStrip()  # 好差评, under the page; hidden until offered
        self.root.addWidget(self.rating)

    def show_result(
        self,
        result: SubmitResult | None,
        compartment_id: str | None,
        deferred: Sequence[MaterialSpec],
        *,
        qr: str | None,
        receipt_failed: bool,
        licensed: Sequence[MaterialSpec] = (),
        committed: Sequence[MaterialSpec] = (),
        delivery: Source = None,
        paid: Source = None,
    ) -> None:
        """``licensed``: materials the platform's electronic licences stood in for;
        ``committed``: those the signed commitment stood in for (告知承诺制);
        ``delivery``: where the certificate will be posted (物流服务), masked;
        ``paid``: the matter's fee as paid, with its trade number (issue 23)."""
        queued = result is not None and result.provisional
        # 秒批: the platform's sealed approval came back with the case (the client verified it)
        decision = result.decision if result is not None else None
        approved = decision is not None and decision.approved
        title = (
            "done.queued_title" if queued else "done.instant_title" if approved else "done.title"
        )
        self.title.set_source(K(title))
        self.queued.setVisible(queued)
        self.instant.setVisible(approved)
        if decision is not None:
            at = decision.decided_at.strftime("%Y-%m-%d %H:%M")
            self.instant.set_source(K("done.instant", time=at))
        self.code.set_source(result.code if result else "")
        self.qr.set_data(qr or (result.code if result else ""))
        self.compartment.set_source(
            K("done.compartment", compartment=compartment_id)
            if compartment_id
            else K("done.no_compartment")
        )
        self.delivery.setVisible(delivery is not None)
        self.delivery.set_source(delivery)
        self.paid.setVisible(paid is not None)
        self.paid.set_source(paid)
        self.licensed.setVisible(bool(licensed))
        self.licensed.set_source(_listed(tuple(m.name for m in licensed)))
        self.committed.setVisible(bool(committed))
        self.committed.set_source(_listed(tuple(m.name for m in committed), "done.committed"))
        self.deferred_title.setVisible(bool(deferred))
        self.deferred.setVisible(bool(deferred))
        specs = tuple(deferred)

        def deferred_text(lang: str) -> str:
            return "\n".join(
                "• " + K("done.deferred_item", name=s.name, days=s.deferral_days)(lang)
                for s in specs
            )

        self.deferred.set_source(deferred_text)
        self.receipt.set_source(K("done.receipt_failed" if receipt_failed else "done.receipt"))
        self.receipt.setProperty("role", "warn" if receipt_failed else "body")
        self.receipt.style().unpolish(self.receipt)
        self.receipt.style().polish(self.receipt)


def _listed(names: Sequence[Text], key: str = "done.licensed") -> Callable[[str], str]:
    """ "Electronic licences used: A, B" (or ``key``'s words) in one label (no room to
    spare in large text)."""

    def render(lang: str) -> str:
        listed = ("、" if lang == "zh" else ", ").join(name.get(lang) for name in names)
        return K(key, names=listed)(lang)

    return render
