"""``KioskPlatform``: the flows' Platform port, composed of client + outbox + cache.

Submissions and events are stored before they are sent; one short synchronous
attempt follows so a resident usually leaves with the real case code; anything
that could not go stays queued for the Forwarder.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from device_contracts import Image, Text
from flows.domain import (
    Appointment,
    CaseDraft,
    CaseEvent,
    CaseStatus,
    CaseStatusKind,
    CaseSummary,
    Catalog,
    ELicence,
    PickupTicket,
    SubmitResult,
    SubmitState,
    UploadedFile,
    UploadSession,
)
from flows.evaluation import Evaluation
from flows.help import HelpAnswer, HelpKind, HelpRequest, HelpState
from flows.ports import PlatformError, PlatformUnavailable
from offline_cache import catalog_cache, ledger, seal_check, terminal_key
from offline_cache.catalog_cache import CatalogCache
from offline_cache.client import PlatformClient, Timeout
from offline_cache.delivery import (
    Outcome,
    deliver_case,
    deliver_evaluation,
    deliver_event,
    deliver_help,
)
from offline_cache.forwarder import Forwarder
from offline_cache.ledger import SqliteLedger
from offline_cache.outbox import Outbox, OutboxState, OutboxStatus
from offline_cache.terminal_key import TerminalKey
from offline_cache.tls import ClientTls
from offline_cache.wire import evaluation_to_wire

log = logging.getLogger(__name__)

#: a claimed outbox item, and what the platform answers it with
Item = TypeVar("Item")
Answer = TypeVar("Answer")

NOT_SENT_YET = Text(
    "该办件尚在本机排队发送，请稍后再查", "This case is still queued at this kiosk; try again later"
)


class KioskPlatform:
    def __init__(
        self,
        client: PlatformClient,
        outbox: Outbox,
        catalog: CatalogCache,
        forwarder: Forwarder | None = None,
        *,
        sync_timeout: float = 5.0,
    ) -> None:
        self.client = client
        self.outbox = outbox
        self.catalog_cache = catalog
        self.forwarder = forwarder
        self._sync_timeout = (min(2.0, sync_timeout), sync_timeout)

    @classmethod
    def open(
        cls,
        base_url: str,
        token: str,
        terminal_id: str,
        data_dir: Path,
        *,
        timeout: float = 10.0,
        sync_timeout: float = 5.0,
        start_forwarder: bool = True,
        tls: ClientTls | None = None,
        key_file: Path | None = None,
        key_beside_data_ok: bool = True,
    ) -> KioskPlatform:
        """Everything under ``data_dir`` (outbox, catalogue cache; the key too unless
        ``key_file`` or a credential names another place), forwarder started."""
        seal_pin = data_dir / seal_check.PIN_FILE  # pinned on first use (docs/SECURITY.md)
        signing = TerminalKey.load_or_create(data_dir / terminal_key.KEY_FILE)  # 告知承诺
        client = PlatformClient(
            base_url, token, timeout, tls=tls, seal_pin=seal_pin, terminal_key=signing
        )
        outbox = Outbox.open(
            data_dir, terminal_id, key_file=key_file, key_beside_data_ok=key_beside_data_ok
        )
        cache = CatalogCache(data_dir / catalog_cache.DB_FILE, client)
        forwarder = Forwarder(outbox, client, send_timeout=timeout)
        platform = cls(client, outbox, cache, forwarder, sync_timeout=sync_timeout)
        if start_forwarder:
            forwarder.start()
        return platform

    @staticmethod
    def open_ledger(data_dir: Path) -> SqliteLedger:
        return SqliteLedger(data_dir / ledger.DB_FILE)

    def close(self) -> None:
        if self.forwarder is not None:
            self.forwarder.stop()
        self.client.close()
        self.outbox.close()
        self.catalog_cache.close()

    # --------------------------------------------------------------------- the port

    def catalog(self) -> Catalog:
        return self.catalog_cache.get()

    def submit_case(self, draft: CaseDraft) -> SubmitResult:
        # the commitment is signed before it is stored: the outbox keeps the signed bytes
        stored = self.outbox.add_case(self.client.terminal_key.sign(draft))
        if stored.state is OutboxState.ACCEPTED and stored.case_code:
            return SubmitResult(SubmitState.ACCEPTED, stored.case_code, draft.idempotency_key)
        answer = self._send_now(self.outbox.claim_case(draft.idempotency_key), deliver_case)
        if answer is not None:
            key = draft.idempotency_key
            return SubmitResult(SubmitState.ACCEPTED, answer.case_code, key, answer.decision)
        # the code printed on the receipt: re-read, a taken code was re-issued meanwhile
        now = self.outbox.lookup_case(draft.idempotency_key) or stored
        log.info("case queued", extra={"provisional_code": now.provisional_code})
        return SubmitResult(SubmitState.QUEUED, now.provisional_code, draft.idempotency_key)

    def report_event(self, event: CaseEvent) -> None:
        if not event.event_id:
            event = replace(event, event_id=uuid.uuid4().hex)
        self.outbox.add_event(event)
        item = self.outbox.claim_event(event.event_id)
        if item is None:
            return  # its case, or an earlier event of it, is still queued
        outcome, _ = deliver_event(self.outbox, self.client, item, self._sync_timeout)
        if outcome is Outcome.DELIVERED:
            self._platform_answered()
        # a refused event is recorded as failed for the technician; the resident's
        # journey goes on (the door did open, the paper is in)

    def request_help(self, request: HelpRequest) -> HelpAnswer:
        """Store the call in the outbox, then one short attempt: QUEUED if the platform
        is away (the forwarder sends it when it is back), else the platform's answer.
        A call the platform refuses (a flood limit) raises, for the screen to say."""
        body: dict[str, object] = {
            "call_id": request.call_id,
            "kind": request.kind.value,
            "step": request.step,
            "called_at": request.called_at.isoformat(),
        }
        if request.kind is HelpKind.CALLBACK:
            body["phone"] = request.phone
        self.outbox.add_help(request.call_id, request.kind.value, body)
        answer = self._send_now(self.outbox.claim_help(request.call_id), deliver_help)
        return answer if answer is not None else HelpAnswer(request.call_id, HelpState.QUEUED)

    def help_answer(self, call_id: str) -> HelpAnswer:
        state = self.outbox.help_state(call_id)
        if state is not None and state is not OutboxState.ACCEPTED:
            return HelpAnswer(call_id, HelpState.QUEUED)  # the platform has not got it yet
        answer = self.client.help_call(call_id)
        self._platform_answered()
        return answer

    def submit_evaluation(self, evaluation: Evaluation) -> None:
        """Store the rating in the outbox, then one short attempt (if its case is not
        still queued here): the forwarder sends it when the platform is back."""
        body = evaluation_to_wire(evaluation)
        self.outbox.add_evaluation(evaluation.evaluation_id, evaluation.case_code or "", body)
        self._send_now(self.outbox.claim_evaluation(evaluation.evaluation_id), deliver_evaluation)

    def hold_evaluation(self, evaluation: Evaluation) -> None:
        """Keep a low rating in the outbox at the tap, not sent until its reasons come
        (:meth:`submit_evaluation`) or a restart finds it there."""
        body = evaluation_to_wire(evaluation)
        self.outbox.hold_evaluation(evaluation.evaluation_id, evaluation.case_code or "", body)

    def verify_pickup_code(self, code: str) -> PickupTicket:
        return self.client.verify_pickup_code(code)

    def case_status(self, case_code: str) -> CaseStatus:
        local = self.outbox.lookup_case(case_code)
        if local is not None and local.state is not OutboxState.ACCEPTED:
            # still in this kiosk's outbox: the platform has not seen it yet
            return CaseStatus(
                case_code=local.provisional_code,
                matter_code=local.matter_code,
                status=CaseStatusKind.SUBMITTED,
                updated_at=datetime.fromtimestamp(local.created_at).isoformat(),
            )
        return self.client.case_status(local.code if local is not None else case_code)

    def reference_photo(self, id_number: str) -> Image | None:
        return self.client.reference_photo(id_number)

    # --------------------------------------------------------------------- lookups (added)

    def terminal_cases(self, status: CaseStatusKind | None = None) -> list[CaseSummary]:
        return self.client.terminal_cases(status.value if status else None)

    def case_summary(self, case_code: str) -> CaseSummary:
        local = self.outbox.lookup_case(case_code)
        if local is not None and local.state is not OutboxState.ACCEPTED:
            raise PlatformUnavailable(NOT_SENT_YET, "case still queued")
        return self.client.case_summary(local.code if local is not None else case_code)

    def person_cases(self, id_number: str) -> list[CaseSummary]:
        return self.client.person_cases(id_number)

    def appointment(self, token: str) -> Appointment:
        return self.client.appointment(token)

    def person_appointments(self, id_number: str) -> list[Appointment]:
        return self.client.person_appointments(id_number)

    def pickup_for_person(self, id_number: str) -> PickupTicket:
        return self.client.pickup_for_person(id_number)

    def person_profile(self, id_number: str) -> dict[str, str]:
        return self.client.person_profile(id_number)

    def person_licences(self, id_number: str) -> list[ELicence]:
        return self.client.person_licences(id_number)

    def open_upload(self) -> UploadSession:
        return self.client.open_upload()

    def uploaded_files(self, token: str) -> list[UploadedFile]:
        return self.client.uploaded_files(token)

    def close_upload(self, token: str) -> None:
        self.client.close_upload(token)

    def reachable(self) -> bool:
        """The platform answers its health check (for the technician, ``kiosk doctor``
        and the metrics probe). An answer wakes the forwarder: a backlog left from an
        outage goes now, not at the end of its backoff."""
        up = self.client.health()
        if up:
            self._platform_answered()
        return up

    # --------------------------------------------------------------------- for the technician

    def queue_status(self) -> OutboxStatus:
        return self.outbox.status()

    def _send_now(
        self,
        item: Item | None,
        deliver: Callable[
            [Outbox, PlatformClient, Item, Timeout | None], tuple[Outcome, Answer | PlatformError]
        ],
    ) -> Answer | None:
        """The short first attempt at an item just stored while the resident waits: the
        platform's answer; None if the item was not claimed (sent meanwhile) or the
        platform is away (it stays queued for the forwarder); a refusal is raised (the
        resident is still here: tell them why)."""
        if item is None:
            return None
        outcome, answer = deliver(self.outbox, self.client, item, self._sync_timeout)
        if outcome is Outcome.REJECTED:
            assert isinstance(answer, PlatformError)
            raise answer
        if outcome is not Outcome.DELIVERED or isinstance(answer, PlatformError):
            return None
        self._platform_answered()
        return answer

    def _platform_answered(self) -> None:
        if self.forwarder is not None and self.outbox.pending_count():
            self.forwarder.wake()
