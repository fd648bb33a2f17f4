"""Durable store-and-forward of cases, case events, help calls and ratings (好差评)
(ADR 0003: store before send).

A row is committed before any network call. States:

* ``queued``: waiting to be sent (payload encrypted);
* ``sending``: claimed by one sender; reset to queued on restart (a kill -9
  mid-send resends with the same Idempotency-Key, so the platform never makes two);
* ``accepted``: the platform confirmed (a case code for cases). The encrypted
  payload is purged in the same transaction; the metadata (codes, matter,
  times: no personal data) stays for ``prune`` to remove after the retention;
* ``failed``: the platform refused it for good (4xx); kept, payload and all,
  for staff to see in the technician screen;
* ``damaged``: its payload cannot be opened (a flipped byte on disk, another key
  than the one it was sealed with): set aside so the rows behind it still go,
  kept as it is. The process that owns sending tries them again at start and
  queues those that open, so putting the right key back brings them through.

Provisional codes are ``<terminal id>-<EPOCH>-NNNNNN``: a random epoch drawn once
per outbox and a durable local sequence (:mod:`offline_cache.provisional`), so a
fresh data directory for an existing terminal does not repeat codes. A code the
platform still finds taken is re-issued; the old one stays an alias of the case,
as the resident's printed receipt may show it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.domain import CaseDraft, CaseEvent
from offline_cache.crypto import PayloadCipher
from offline_cache.key_source import DEMO_KEY_FILE, outbox_key
from offline_cache.outbox_items import (
    OutboxCase,
    OutboxState,
    PendingCase,
    PendingEvaluation,
    PendingEvent,
    PendingHelp,
)
from offline_cache.outbox_status import OutboxStatus
from offline_cache.owner_lock import release, try_own
from offline_cache.provisional import MAX_SEQUENCE, new_epoch, provisional_code
from offline_cache.sealed_store import (
    RowKind,
    RowOutcomes,
    SealedStore,
    count_sealed,
    sealed_table,
)
from offline_cache.sqlite_store import open_db
from offline_cache.wire import draft_to_wire, event_to_wire

__all__ = [
    "DB_FILE",
    "KEY_FILE",
    "Outbox",
    "OutboxCase",
    "OutboxState",
    "OutboxStatus",
    "PendingCase",
    "PendingEvaluation",
    "PendingEvent",
    "PendingHelp",
]

log = logging.getLogger(__name__)

KEY_FILE = DEMO_KEY_FILE  # only where no credential or key file is configured
DB_FILE = "outbox.sqlite3"

_CASES = RowKind("cases", "case", "idempotency_key", "case")
_EVENTS = RowKind("events", "event", "event_id", "event")
_HELP = RowKind("help_calls", "help", "call_id", "help call")
_EVALUATIONS = RowKind("evaluations", "evaluation", "evaluation_id", "evaluation")
_KINDS = (_CASES, _EVENTS, _HELP, _EVALUATIONS)
#: a case in these states waits for nothing more: a rating of it may go
_CASE_SETTLED = (OutboxState.ACCEPTED, OutboxState.FAILED)

SCHEMA = "".join(
    (
        "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);\n",
        sealed_table(
            _CASES,
            "provisional_code TEXT NOT NULL UNIQUE",
            "matter_code TEXT NOT NULL",
            "case_code TEXT",
        ),
        sealed_table(_EVENTS, "case_ref TEXT NOT NULL", "kind TEXT NOT NULL"),
        sealed_table(_HELP, "kind TEXT NOT NULL"),
        sealed_table(_EVALUATIONS, "case_ref TEXT NOT NULL"),
        """
CREATE TABLE IF NOT EXISTS provisional_aliases (
    code TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL
);
""",
    )
)

#: a case row by any code a resident or an event may hold for it
_CASE_BY_REF = (
    "SELECT * FROM cases WHERE provisional_code = ? OR idempotency_key = ? OR case_code = ?"
    " OR idempotency_key = (SELECT idempotency_key FROM provisional_aliases WHERE code = ?)"
    " ORDER BY seq DESC LIMIT 1"
)


class Outbox(SealedStore):
    """The cases, case events, help calls and ratings waiting for the platform, sealed on
    disk."""

    def __init__(
        self,
        path: Path,
        cipher: PayloadCipher,
        terminal_id: str,
        clock: Callable[[], float] = time.time,
        *,
        recover: bool = True,
    ) -> None:
        super().__init__(open_db(path), cipher, clock, _KINDS)
        self.terminal_id = terminal_id
        # a send that did not go through, recorded per kind (acceptance: *_accepted)
        self.case_outcomes = RowOutcomes(self, _CASES)
        self.event_outcomes = RowOutcomes(self, _EVENTS)
        self.help_outcomes = RowOutcomes(self, _HELP)
        self.evaluation_outcomes = RowOutcomes(self, _EVALUATIONS)
        self._conn.executescript(SCHEMA)
        # only the process that owns sending may requeue rows left in 'sending'
        self._owner_fd = try_own(path) if recover else None
        if self._owner_fd is not None:
            self._requeue_interrupted()
        elif recover:
            log.info("outbox: another process owns sending; not requeueing its rows")

    @classmethod
    def open(
        cls,
        data_dir: Path,
        terminal_id: str,
        *,
        recover: bool = True,
        key_file: Path | None = None,
        key_beside_data_ok: bool = True,
    ) -> Outbox:
        """The outbox of ``data_dir`` (created if needed); its key from
        :func:`offline_cache.key_source.outbox_key` (credential, root-only file, or
        demo: beside the data, unless ``key_beside_data_ok`` is False)."""
        db = data_dir / DB_FILE
        key = outbox_key(
            data_dir,
            key_file=key_file,
            replaceable=lambda: not count_sealed(db, _KINDS),
            beside_data_ok=key_beside_data_ok,
        )
        return cls(db, PayloadCipher(key), terminal_id, recover=recover)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            release(self._owner_fd)
            self._owner_fd = None

    # --------------------------------------------------------------------- cases

    def add_case(self, draft: CaseDraft) -> OutboxCase:
        """Store a case (idempotent on the draft's key) and give it a provisional code."""
        now = self._clock()
        with self._tx() as c:
            row = c.execute(
                "SELECT * FROM cases WHERE idempotency_key = ?", (draft.idempotency_key,)
            ).fetchone()
            if row is None:
                provisional = self._next_provisional(c)
                body = json.dumps(draft_to_wire(draft, provisional), ensure_ascii=False).encode()
                c.execute(
                    "INSERT INTO cases (idempotency_key, provisional_code, matter_code, state,"
                    " payload, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?, ?)",
                    (
                        draft.idempotency_key,
                        provisional,
                        draft.matter_code,
                        self._seal(_CASES, draft.idempotency_key, body),
                        now,
                        now,
                    ),
                )
                row = c.execute(
                    "SELECT * FROM cases WHERE idempotency_key = ?", (draft.idempotency_key,)
                ).fetchone()
                log.info("outbox: case stored", extra={"provisional_code": provisional})
        return OutboxCase.from_row(row)

    def _next_provisional(self, c: sqlite3.Connection) -> str:
        epoch = _counter(c, "epoch")
        if epoch is None:
            epoch = new_epoch()
            _set_counter(c, "epoch", epoch)
        n = (_counter(c, "provisional") or 0) + 1
        if n > MAX_SEQUENCE:
            epoch = new_epoch(avoid=epoch)
            _set_counter(c, "epoch", epoch)
            n = 1
        _set_counter(c, "provisional", n)
        return provisional_code(self.terminal_id, epoch, n)

    def reissue_case_code(self, idempotency_key: str) -> PendingCase | None:
        """The platform holds this case's provisional code for another case (another
        outbox of this terminal drew the same epoch): give the case, still claimed, a
        code under a new epoch, keeping the old one as an alias. None if not claimed."""
        with self._tx() as c:
            row = c.execute(
                "SELECT * FROM cases WHERE idempotency_key = ? AND state = 'sending'",
                (idempotency_key,),
            ).fetchone()
            if row is None:
                return None
            old = row["provisional_code"]
            body = self._open(_CASES, row)
            # every later code of this epoch would collide too: draw a new one
            _set_counter(c, "epoch", new_epoch(avoid=_counter(c, "epoch")))
            _set_counter(c, "provisional", 0)
            new = self._next_provisional(c)
            body["provisional_code"] = new
            sealed = self._seal(
                _CASES, idempotency_key, json.dumps(body, ensure_ascii=False).encode()
            )
            c.execute(
                "UPDATE cases SET provisional_code = ?, payload = ?, updated_at = ? WHERE seq = ?",
                (new, sealed, self._clock(), row["seq"]),
            )
            c.execute(
                "INSERT OR IGNORE INTO provisional_aliases (code, idempotency_key) VALUES (?, ?)",
                (old, idempotency_key),
            )
        log.warning(
            "outbox: provisional code taken at the platform; re-issued (a printed receipt "
            "shows the old one, which stays an alias here)",
            extra={"provisional_code": old, "new_provisional_code": new},
        )
        return PendingCase(idempotency_key, new, body)

    def claim_case(self, idempotency_key: str) -> PendingCase | None:
        """Take a queued case for sending; None if it is not queued (sent, being sent)."""
        return self._claim_case(idempotency_key)

    def claim_next_case(self) -> PendingCase | None:
        """The oldest queued case that can be opened; damaged ones on the way are set aside."""
        return self._claim_case(None)

    def _claim_case(self, idempotency_key: str | None) -> PendingCase | None:
        claimed = self._claim_queued(
            _CASES, idempotency_key, lambda row: {"provisional_code": row["provisional_code"]}
        )
        if claimed is None:
            return None
        row, body = claimed
        return PendingCase(row["idempotency_key"], row["provisional_code"], body)

    def case_accepted(self, idempotency_key: str, case_code: str) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE cases SET state = 'accepted', case_code = ?, payload = NULL,"
                " last_error = '', updated_at = ? WHERE idempotency_key = ?",
                (case_code, self._clock(), idempotency_key),
            )
        log.info("outbox: case accepted, payload purged", extra={"case_code": case_code})

    def lookup_case(self, ref: str) -> OutboxCase | None:
        """A case by provisional code (also one it had before a re-issue), idempotency
        key or case code."""
        with self._lock:
            return self._resolve(self._conn, ref)

    # --------------------------------------------------------------------- events

    def add_event(self, event: CaseEvent) -> None:
        """Store an event (idempotent on its ``event_id``, which must be set)."""
        if not event.event_id:
            raise ValueError("a stored event needs an event_id")
        body = event_to_wire(event)
        self._insert_sealed(
            _EVENTS, event.event_id, body, case_ref=event.case_ref, kind=event.kind.value
        )
        log.info(
            "outbox: event stored", extra={"event_id": event.event_id, "kind": event.kind.value}
        )

    def claim_event(self, event_id: str) -> PendingEvent | None:
        """Claim this event if it may go now: queued, its case known to the platform,
        and no earlier event of the same case still waiting."""
        return self._claim_event(lambda row: row["event_id"] == event_id)

    def claim_next_event(self) -> PendingEvent | None:
        return self._claim_event(lambda _row: True)

    def _claim_event(self, wanted: Callable[[sqlite3.Row], bool]) -> PendingEvent | None:
        with self._tx() as c:
            rows = c.execute(
                "SELECT * FROM events WHERE state IN ('queued', 'sending') ORDER BY seq"
            ).fetchall()
            blocked: set[str] = set()
            for row in rows:
                case = self._resolve(c, row["case_ref"])
                key = case.idempotency_key if case else row["case_ref"]
                if case is not None and case.state is OutboxState.FAILED:
                    c.execute(
                        "UPDATE events SET state = 'failed', last_error = 'case failed',"
                        " updated_at = ? WHERE seq = ?",
                        (self._clock(), row["seq"]),
                    )
                    continue
                if case is not None and case.state is OutboxState.DAMAGED:
                    blocked.add(key)  # waits with its case: the right key may come back
                    continue
                ready = row["state"] == "queued" and (
                    case is None or case.state is OutboxState.ACCEPTED
                )
                if ready and key not in blocked and wanted(row):
                    body = self._claim_row(c, _EVENTS, row, {"event_id": row["event_id"]})
                    if body is None:
                        # set aside; the case's later events still go (the platform
                        # refuses any that needed this one, and they are kept as failed)
                        continue
                    code = case.case_code if case and case.case_code else row["case_ref"]
                    return PendingEvent(row["event_id"], code, body)
                # events of one case go in order: this one waits, so do its successors
                blocked.add(key)
        return None

    def _resolve(self, c: sqlite3.Connection, ref: str) -> OutboxCase | None:
        row = c.execute(_CASE_BY_REF, (ref, ref, ref, ref)).fetchone()
        return None if row is None else OutboxCase.from_row(row)

    def event_accepted(self, event_id: str) -> None:
        self._purge_accepted(_EVENTS, event_id)

    # --------------------------------------------------------------------- help calls

    def add_help(self, call_id: str, kind: str, body: dict[str, Any]) -> None:
        """Store a help call (idempotent on ``call_id``) before it is sent: a call made
        while the platform is away goes when it is back (issue 19 item 1)."""
        self._insert_sealed(_HELP, call_id, body, kind=kind)
        log.info("outbox: help call stored", extra={"call_id": call_id, "kind": kind})

    def claim_help(self, call_id: str | None = None) -> PendingHelp | None:
        """Claim this queued help call (or the oldest, with None) for sending."""
        claimed = self._claim_queued(_HELP, call_id, lambda row: {"call_id": row["call_id"]})
        if claimed is None:
            return None
        row, body = claimed
        return PendingHelp(row["call_id"], body)

    def help_accepted(self, call_id: str) -> None:
        """The platform has the call: its payload (a callback's phone number) is purged."""
        self._purge_accepted(_HELP, call_id)

    def help_state(self, call_id: str) -> OutboxState | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT state FROM help_calls WHERE call_id = ?", (call_id,)
            ).fetchone()
        return None if row is None else OutboxState(row["state"])

    # --------------------------------------------------------------------- ratings

    def add_evaluation(self, evaluation_id: str, case_ref: str, body: dict[str, Any]) -> None:
        """Store a resident's rating (好差评, idempotent on ``evaluation_id``) before it is
        sent; ``case_ref``: the case's code as the kiosk knows it, '' for none. A rating
        held under that id (:meth:`hold_evaluation`) is queued with ``body`` instead."""
        if self._release_held(_EVALUATIONS, evaluation_id, body):
            log.info("outbox: held evaluation released", extra={"evaluation_id": evaluation_id})
            return
        self._insert_sealed(_EVALUATIONS, evaluation_id, body, case_ref=case_ref)
        log.info("outbox: evaluation stored", extra={"evaluation_id": evaluation_id})

    def hold_evaluation(self, evaluation_id: str, case_ref: str, body: dict[str, Any]) -> None:
        """Store a low rating at the tap, not to be sent yet: its reasons may still
        come (:meth:`add_evaluation` then queues it as it ends up). If this process stops
        first, the next one that owns sending queues it as it stands. A rating stored
        already under that id (sent before this came) changes nothing."""
        self._insert_sealed(
            _EVALUATIONS, evaluation_id, body, state=OutboxState.HELD, case_ref=case_ref
        )
        log.info("outbox: evaluation held", extra={"evaluation_id": evaluation_id})

    def claim_evaluation(self, evaluation_id: str | None = None) -> PendingEvaluation | None:
        """Claim this queued rating (or the oldest that may go, with None). The rating of
        a case still waiting here waits for it (the platform would not know its code);
        it goes with the code the platform gave the case, and without a case the
        platform refused for good (the rating is still the resident's)."""
        with self._tx() as c:
            rows = c.execute(
                "SELECT * FROM evaluations WHERE state = 'queued' ORDER BY seq"
            ).fetchall()
            for row in rows:
                if evaluation_id not in (None, row["evaluation_id"]):
                    continue
                case = self._resolve(c, row["case_ref"]) if row["case_ref"] else None
                if case is not None and case.state not in _CASE_SETTLED:
                    continue
                extra = {"evaluation_id": row["evaluation_id"]}
                body = self._claim_row(c, _EVALUATIONS, row, extra)
                if body is None:
                    continue
                if case is not None and case.state is OutboxState.FAILED:
                    body.pop("case_code", None)
                elif case is not None:
                    body["case_code"] = case.code
                return PendingEvaluation(row["evaluation_id"], body)
        return None

    def evaluation_accepted(self, evaluation_id: str) -> None:
        self._purge_accepted(_EVALUATIONS, evaluation_id)

    # --------------------------------------------------------------------- housekeeping

    def prune(self, retention: float) -> int:
        """Delete accepted rows (metadata only) older than ``retention`` seconds."""
        cutoff = self._clock() - retention
        with self._tx() as c:
            n = c.execute(
                "DELETE FROM cases WHERE state = 'accepted' AND updated_at < ?"
                " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.state IN ('queued', 'sending')"
                " AND e.case_ref IN (cases.provisional_code, cases.idempotency_key))",
                (cutoff,),
            ).rowcount
            for kind in (_EVENTS, _HELP, _EVALUATIONS):
                n += c.execute(
                    f"DELETE FROM {kind.table} WHERE state = 'accepted' AND updated_at < ?",
                    (cutoff,),
                ).rowcount
            c.execute(
                "DELETE FROM provisional_aliases WHERE idempotency_key NOT IN"
                " (SELECT idempotency_key FROM cases)"
            )
        return int(n)


def _counter(c: sqlite3.Connection, name: str) -> int | None:
    row = c.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def _set_counter(c: sqlite3.Connection, name: str, value: int) -> None:
    c.execute(
        "INSERT INTO counters (name, value) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )
