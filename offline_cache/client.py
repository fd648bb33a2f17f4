"""HTTP client of the central platform: timeouts, retries, answers read through the
wire contract and mapped to the flows' types (:mod:`offline_cache.from_wire`), plain errors.

Two sessions: reads (GET, and the read-only pickup check) go through urllib3
``Retry`` with backoff; case and event POSTs are sent once per call, because the
outbox owns their resending (with the original Idempotency-Key / event id).

URLs can hold an ID number (``/persons/{id}/photo``), so exceptions from requests
are never logged or re-raised with their text, only with their type.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import requests
from pydantic import BaseModel
from urllib3.util.retry import Retry

from device_contracts import Image, Text
from flows.domain import (
    Appointment,
    CaseStatus,
    CaseStatusKind,
    CaseSummary,
    Catalog,
    ELicence,
    InstantDecision,
    PickupTicket,
    UploadedFile,
    UploadSession,
)
from flows.help import HelpAnswer, HelpState
from flows.ports import PlatformError
from offline_cache import from_wire, log_redaction
from offline_cache.answers import InvalidAnswers, checked, refuse
from offline_cache.deadline import Deadline, DeadlineAdapter
from offline_cache.errors import (
    NOT_AUTHORISED,
    PLATFORM_FAULT,
    UNEXPECTED_ANSWER,
    PlatformRejected,
    unavailable,
)
from offline_cache.seal_check import PICKUP_NOT_VERIFIED, SealRefused, SealVerifier
from offline_cache.terminal_key import TerminalKey
from offline_cache.tls import ClientTls
from offline_cache.wire import Json
from platform_contract.commitment import SigningKeyIn, SigningKeyOut
from platform_contract.evaluation import EvaluationOut
from platform_contract.schemas import (
    AppointmentListOut,
    AppointmentOut,
    CaseListOut,
    CaseOut,
    CatalogOut,
    ELicenceListOut,
    ErrorOut,
    EventOut,
    HealthOut,
    HelpCallOut,
    PhotoOut,
    PickupTicketOut,
    ProfileOut,
)
from platform_contract.seal import SealKeyOut, pickup_ticket_fields
from platform_contract.uploads import UploadFilesOut, UploadSessionOut

log = logging.getLogger(__name__)
log_redaction.install()  # urllib3's DEBUG request lines would carry ID numbers

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
API_PREFIX = "/api/v1"
Timeout = float | tuple[float, float]


@dataclass(frozen=True)
class CaseAccepted:
    """The platform's answer to a case submission."""

    case_code: str
    provisional_code: str
    status: CaseStatusKind
    created: bool  # False: the platform already had this Idempotency-Key
    deferral_notice: Text | None = None
    #: 秒批: the decision that came back with the case, its seal verified
    decision: InstantDecision | None = None


@dataclass(frozen=True)
class CatalogDocument:
    """The catalogue as the platform sent it (``body``, what the cache keeps) and as
    the contract reads it (``answer``)."""

    etag: str
    body: Json
    answer: CatalogOut


#: the reads' adapter (retries with backoff) and the sends' (no retries), in that order
ClientAdapters = tuple[DeadlineAdapter, DeadlineAdapter]


def client_adapters(
    retries: int = 2, backoff_factor: float = 0.2, pool_size: int = 10
) -> ClientAdapters:
    """A client's two connection pools. Many clients may share one pair (the fleet
    bench holds 2 000 kiosks' clients on ``pool_size`` sockets each, not 2 each)."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff_factor,
        status_forcelist=(502, 503, 504),
        # POST here is only the read-only pickup check; submissions use the other
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    no_retry = Retry(total=0, raise_on_status=False)
    return (
        DeadlineAdapter(max_retries=retry, pool_maxsize=pool_size),
        DeadlineAdapter(max_retries=no_retry, pool_maxsize=pool_size),
    )


class PlatformClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        timeout: float = 10.0,
        *,
        connect_timeout: float = 3.0,
        retries: int = 2,
        backoff_factor: float = 0.2,
        tls: ClientTls | None = None,
        seal_pin: Path | None = None,
        terminal_key: TerminalKey | None = None,
        adapters: ClientAdapters | None = None,
    ) -> None:
        """``seal_pin``: where the platform's sealing key is pinned (the data directory's
        :data:`offline_cache.seal_check.PIN_FILE`); None pins it in memory only.
        ``adapters``: connection pools shared with other clients (see
        :func:`client_adapters`); by default this client's own."""
        self.base_url = base_url.rstrip("/")
        self._timeout: tuple[float, float] = (connect_timeout, timeout)
        auth = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        reads, once = adapters or client_adapters(retries, backoff_factor)
        self._reads = requests.Session()
        self._reads.headers.update(auth)
        self._reads.mount("http://", reads)
        self._reads.mount("https://", reads)
        self._once = requests.Session()
        self._once.headers.update(auth)
        self._once.mount("http://", once)
        self._once.mount("https://", once)
        #: answers that did not match the contract (kiosk_platform_invalid_answers)
        self.invalid_answers = InvalidAnswers()
        #: the platform's electronic seal, checked before a sealed answer is acted on
        self.seals = SealVerifier(self.seal_key, seal_pin)
        #: signs the hand-signed commitments; registered before the first is sent
        self.terminal_key = terminal_key or TerminalKey.load_or_create(None)
        self._key_registered = threading.Event()
        #: per request, because requests lets $REQUESTS_CA_BUNDLE override a session's verify
        self._verify: str | bool = True
        if tls is not None:
            tls.apply(self._reads)
            tls.apply(self._once)
            self._verify = str(tls.platform_ca)

    def close(self) -> None:
        self._reads.close()
        self._once.close()

    # --------------------------------------------------------------------- calls

    def health(self) -> bool:
        try:
            resp = self._request(self._once, "GET", "/health", timeout=self._timeout[0])
            self._answer(HealthOut, resp, "health")
        except PlatformError:
            return False
        return True

    def fetch_catalog(self, etag: str | None = None) -> CatalogDocument | None:
        """The catalogue document, or None when ``etag`` is still current (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._request(self._reads, "GET", "/catalog", headers=headers, ok=(200, 304))
        if resp.status_code == 304:
            return None
        body = self._json(resp)
        answer = self._checked(CatalogOut, body, "catalogue")
        new_etag = resp.headers.get("ETag", "")
        if not new_etag:
            raise unavailable("catalogue without ETag", UNEXPECTED_ANSWER)
        return CatalogDocument(new_etag, body, answer)

    def catalog(self) -> Catalog:
        doc = self.fetch_catalog()
        assert doc is not None  # no If-None-Match, so never 304
        return from_wire.catalog(doc.answer, self.base_url)

    def submit_case(
        self, body: Json, idempotency_key: str, timeout: Timeout | None = None
    ) -> CaseAccepted:
        if "commitment" in body and not self._key_registered.is_set():
            self.register_signing_key(timeout)  # else the platform cannot verify it
        resp = self._request(
            self._once,
            "POST",
            "/cases",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
            timeout=timeout,
            ok=(200, 201),
        )
        out = self._answer(CaseOut, resp, "case")
        # the contract's shape is not enough: it must be a case, and this one
        if not out.case_code.strip():
            refuse("case", self.invalid_answers, ["case_code:empty"])
        if out.provisional_code != body.get("provisional_code"):
            refuse("case", self.invalid_answers, ["provisional_code:another case"])
        notice = out.deferral_notice
        return CaseAccepted(
            case_code=out.case_code,
            provisional_code=out.provisional_code,
            status=CaseStatusKind(out.status),  # the wire's word, as the flows spell it
            created=resp.status_code == 201,
            deferral_notice=Text(notice.text.zh, notice.text.en) if notice else None,
            decision=self._instant_decision(out),
        )

    def post_event(self, case_code: str, body: Json, timeout: Timeout | None = None) -> str:
        """Send one event; returns the case's status afterwards."""
        resp = self._request(
            self._once, "POST", f"/cases/{case_code}/events", json=body, timeout=timeout
        )
        out = self._answer(EventOut, resp, "event")
        if out.event_id != body.get("event_id"):
            refuse("event", self.invalid_answers, ["event_id:another event"])
        return out.status.value

    def post_help_call(self, body: Json, timeout: Timeout | None = None) -> HelpAnswer:
        """Send one help call (once: the outbox owns resending, with the same call_id)."""
        resp = self._request(
            self._once, "POST", "/help-calls", json=body, timeout=timeout, ok=(200, 201)
        )
        out = self._answer(HelpCallOut, resp, "help call")
        if out.call_id != body.get("call_id"):
            refuse("help call", self.invalid_answers, ["call_id:another call"])
        return _help_answer(out)

    def post_evaluation(self, body: Json, timeout: Timeout | None = None) -> None:
        """Send one rating (once: the outbox owns resending, with the same id)."""
        path, ok = "/evaluations", (200, 201)  # 200: a resend, the rating as stored
        resp = self._request(self._once, "POST", path, json=body, timeout=timeout, ok=ok)
        if self._answer(EvaluationOut, resp, "evaluation").evaluation_id != body["evaluation_id"]:
            refuse("evaluation", self.invalid_answers, ["evaluation_id:another rating"])

    def help_call(self, call_id: str) -> HelpAnswer:
        out = self._get(f"/help-calls/{call_id}", HelpCallOut, "help call")
        if out.call_id != call_id:
            refuse("help call", self.invalid_answers, ["call_id:another call"])
        return _help_answer(out)

    def verify_pickup_code(self, code: str) -> PickupTicket:
        resp = self._request(self._reads, "POST", "/pickup/verify", json={"code": code})
        return self._sealed_ticket(resp)

    def register_signing_key(self, timeout: Timeout | None = None) -> None:
        """Register the terminal's public signing key (idempotent: once per process)."""
        key = self.terminal_key
        body = SigningKeyIn(public_key=key.public_key).model_dump()
        resp = self._request(self._once, "POST", "/signing-keys", json=body, timeout=timeout)
        if self._answer(SigningKeyOut, resp, "signing key").key_id != key.key_id:
            refuse("signing key", self.invalid_answers, ["key_id:another key"])
        self._key_registered.set()

    def seal_key(self) -> SealKeyOut:
        """The platform's public sealing key (pinned by ``self.seals`` on first use)."""
        return self._get("/seal", SealKeyOut, "seal key")

    def case_status(self, code: str) -> CaseStatus:
        return from_wire.status(self._decided(self._get(f"/cases/{code}", CaseOut, "case status")))

    def reference_photo(self, id_number: str) -> Image | None:
        try:
            resp = self._request(self._reads, "GET", f"/persons/{id_number}/photo")
        except PlatformRejected as exc:
            if exc.status == 404:
                return None
            raise
        photo = self._answer(PhotoOut, resp, "photo")
        return self._convert(from_wire.image, photo)

    # --------------------------------------------------------------------- lookups (added
    # for the clerk, progress, appointment and pickup-by-ID journeys)

    def terminal_cases(self, status: str | None = None) -> list[CaseSummary]:
        path = "/cases" + (f"?status={status}" if status else "")
        listed = self._get(path, CaseListOut, "case list")
        return [from_wire.summary(self._decided(c)) for c in listed.cases]

    def case_summary(self, code: str) -> CaseSummary:
        return from_wire.summary(
            self._decided(self._get(f"/cases/{code}", CaseOut, "case summary"))
        )

    def person_cases(self, id_number: str) -> list[CaseSummary]:
        listed = self._get(f"/persons/{id_number}/cases", CaseListOut, "case list")
        return [from_wire.summary(self._decided(c)) for c in listed.cases]

    def appointment(self, token: str) -> Appointment:
        return from_wire.appointment(
            self._get(f"/appointments/{token}", AppointmentOut, "appointment")
        )

    def person_appointments(self, id_number: str) -> list[Appointment]:
        path = f"/persons/{id_number}/appointments"
        listed = self._get(path, AppointmentListOut, "appointment list")
        return [from_wire.appointment(a) for a in listed.appointments]

    def pickup_for_person(self, id_number: str) -> PickupTicket:
        resp = self._request(
            self._reads, "POST", "/pickup/by-person", json={"id_number": id_number}
        )
        return self._sealed_ticket(resp)

    def open_upload(self) -> UploadSession:
        resp = self._request(self._once, "POST", "/uploads")
        return from_wire.upload_session(self._answer(UploadSessionOut, resp, "upload"))

    def uploaded_files(self, token: str) -> list[UploadedFile]:
        listed = self._get(f"/uploads/{token}", UploadFilesOut, "upload list")
        return [self._convert(from_wire.uploaded_file, f) for f in listed.files]

    def close_upload(self, token: str) -> None:
        self._request(self._once, "DELETE", f"/uploads/{token}")

    def person_licences(self, id_number: str) -> list[ELicence]:
        listed = self._get(f"/persons/{id_number}/licences", ELicenceListOut, "licence list")
        return [from_wire.licence(e) for e in listed.licences]

    def person_profile(self, id_number: str) -> dict[str, str]:
        try:
            resp = self._request(self._reads, "GET", f"/persons/{id_number}/profile")
        except PlatformRejected as exc:
            if exc.status == 404:
                return {}
            raise
        profile = self._answer(ProfileOut, resp, "profile")
        return {k: v for k, v in profile.model_dump().items() if v}

    # --------------------------------------------------------------------- plumbing

    def _decided(self, out: CaseOut) -> CaseOut:
        """The case, once its decision (if it has one) is the platform's, sealed."""
        if out.decision is not None:
            self.seals.check_decision(out.case_code, out.matter_code, out.decision)
        return out

    def _instant_decision(self, out: CaseOut) -> InstantDecision | None:
        """The decision that came back with a new case, once its seal verifies. A forged
        one is dropped (the seal check logs it), not the case: the platform did accept
        it, and the real decision still comes through the progress lookup."""
        if out.decision is None:
            return None
        try:
            self._decided(out)
        except SealRefused:
            return None
        return from_wire.instant_decision(out.decision)

    def _sealed_ticket(self, resp: requests.Response) -> PickupTicket:
        """The ticket, only once its seal verifies: a door opens on nothing else."""
        out = self._answer(PickupTicketOut, resp, "pickup ticket")
        name = out.matter_name
        fields = pickup_ticket_fields(out.case_code, out.compartment_id, name.zh, name.en)
        self.seals.check(fields, out.seal, PICKUP_NOT_VERIFIED)
        return from_wire.ticket(out)

    def _request(
        self,
        session: requests.Session,
        method: str,
        path: str,
        *,
        json: Json | None = None,
        headers: dict[str, str] | None = None,
        timeout: Timeout | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> requests.Response:
        connect, read = _split(timeout if timeout is not None else self._timeout)
        # the read figure is the whole call's deadline: connect, send, headers and
        # every byte of the body (and the retries of reads), not each socket read
        total = max(connect, read)
        deadline = Deadline(total)
        try:
            with deadline:
                resp = session.request(
                    method,
                    self.base_url + API_PREFIX + path,
                    json=json,
                    headers=headers,
                    timeout=(min(connect, total), read),
                    verify=self._verify,
                )
        except requests.RequestException as exc:
            if deadline.fired:
                log.warning("platform call cut at its deadline", extra={"deadline_s": total})
                raise unavailable(f"deadline of {total:g} s exceeded") from None
            # the exception text carries the URL: keep only its type
            raise unavailable(type(exc).__name__) from None
        if resp.status_code in ok:
            return resp
        raise self._error(resp)

    def _checked(self, model: type[M], body: Json, what: str) -> M:
        """``body`` as the contract's ``model``; an answer that is not one is counted."""
        return checked(model, body, what, self.invalid_answers)

    def _answer(self, model: type[M], resp: requests.Response, what: str) -> M:
        """The answer's body as the contract's ``model`` (or PlatformUnavailable)."""
        return self._checked(model, self._json(resp), what)

    def _get(self, path: str, model: type[M], what: str) -> M:
        """A read (retried on the way, see ``_reads``) answered as the contract's ``model``."""
        return self._answer(model, self._request(self._reads, "GET", path), what)

    @staticmethod
    def _error(resp: requests.Response) -> PlatformError:
        status = resp.status_code
        try:
            refusal = ErrorOut.model_validate(resp.json())
            code, message = refusal.error, from_wire.text(refusal.message)
        except ValueError:  # not JSON, or not the contract's error (a gateway's page)
            code, message = f"http_{status}", PLATFORM_FAULT
        log.info("platform refused", extra={"status": status, "error": code})
        if status >= 500:
            return unavailable(f"{status} {code}", PLATFORM_FAULT)
        if status == 429:
            # "not now" (a rate limit): try later, as when down, never a refusal a flow
            # counts as a wrong answer or the outbox drops; the platform's words say when
            return unavailable(f"{status} {code}", message)
        if status in (401, 403) and code in ("unauthorized", "forbidden"):
            return PlatformRejected(NOT_AUTHORISED, status, code)
        return PlatformRejected(message, status, code)

    def _json(self, resp: requests.Response) -> Json:
        try:
            d = resp.json()
        except ValueError:
            refuse("any", self.invalid_answers, ["<root>:not JSON"])
        if not isinstance(d, dict):
            refuse("any", self.invalid_answers, ["<root>:not an object"])
        return d

    @staticmethod
    def _convert(fn: Callable[[M], T], answer: M) -> T:
        """``fn`` of a validated answer whose content may still not decode (base64)."""
        try:
            return fn(answer)
        except from_wire.WireError as exc:
            raise unavailable(str(exc), UNEXPECTED_ANSWER) from None


def _help_answer(out: HelpCallOut) -> HelpAnswer:
    return HelpAnswer(
        out.call_id,
        HelpState(out.state),
        out.wait_minutes,
        out.acknowledged_at,
    )


def _split(timeout: Timeout) -> tuple[float, float]:
    """(connect, read) seconds from a single figure or a pair."""
    if isinstance(timeout, tuple):
        return timeout
    return timeout, timeout
