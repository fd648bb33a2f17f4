"""Every table of the platform simulator, declared once for SQLite and PostgreSQL.

Times are ISO text (as the wire carries them) except the rate limiter's and the upload
links' epoch seconds (DOUBLE PRECISION); images and uploads are LargeBinary (BLOB on
SQLite, BYTEA on PostgreSQL). Flags stay INTEGER 0/1, as the first SQLite files had
them. Changing a table means a new revision under migrations/versions as well.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    text,
)

metadata = MetaData()


def _text(name: str, *, nullable: bool = False, default: str | None = None) -> Column[str]:
    """A TEXT column; ``default`` is also the server default, so raw INSERTs may omit it."""
    server_default = None if default is None else text(f"'{default}'")
    return Column(name, Text, nullable=nullable, server_default=server_default)


def _int(name: str, *, nullable: bool = False, default: int | None = None) -> Column[int]:
    server_default = None if default is None else text(str(default))
    return Column(name, Integer, nullable=nullable, server_default=server_default)


def _key(name: str) -> Column[str]:
    return Column(name, Text, primary_key=True)


def _texts(*names: str) -> list[Column[str]]:
    return [_text(name) for name in names]


def _optional(*names: str) -> list[Column[str]]:
    return [_text(name, nullable=True) for name in names]


def _child(table: str, parent: tuple[str, str], number: str, *columns: Column[Any]) -> Table:
    """Rows numbered within a parent row: the key is (the parent's key, ``number``)."""
    name, target = parent
    key = Column(name, Text, ForeignKey(target), primary_key=True)
    return Table(table, metadata, key, Column(number, Integer, primary_key=True), *columns)


def _serial() -> Column[int]:
    """A row number that is never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL)."""
    return Column("id", Integer, primary_key=True, autoincrement=True)


meta = Table("meta", metadata, _key("key"), _text("value"))
categories = Table("categories", metadata, _key("code"), _int("position"), _text("body"))
matters = Table(
    "matters", metadata, _key("code"), _int("position"), _text("category"), _text("body")
)
persons = Table(
    "persons",
    metadata,
    _key("id_number"),
    _text("name"),
    _text("phone", default=""),
    Column("photo", LargeBinary),
    _text("photo_mime", nullable=True),
    _int("photo_width", nullable=True),
    _int("photo_height", nullable=True),
)
terminals = Table(
    "terminals",
    metadata,
    _key("terminal_id"),
    Column("token_sha256", Text, nullable=False, unique=True),  # token lookup by its digest
    *_texts("kind", "site"),
    CheckConstraint("kind IN ('terminal', 'backoffice')", name="terminals_kind"),
)
appointments = Table(
    "appointments",
    metadata,
    _key("token"),
    _text("id_number"),
    _text("matter_code"),
    _text("scheduled_at"),
)
day_sequence = Table("day_sequence", metadata, _key("day"), _int("last"))
cases = Table(
    "cases",
    metadata,
    _key("code"),
    Column("provisional_code", Text, nullable=False, unique=True),
    # a retried POST /cases finds its first case by this key: unique on both engines
    Column("idempotency_key", Text, nullable=False, unique=True),
    _text("request_sha256"),
    _text("terminal_id"),
    _text("matter_code"),
    _text("applicant"),
    _text("form"),
    _text("phone", default=""),
    _text("status"),
    _text("compartment_id", default=""),
    *_optional("deferral_notice"),
    _int("page_count"),
    *_texts("created_at", "updated_at"),
    *_optional("identity_check", "e_licences"),
    _text("payment", nullable=True),  # a fee's trade numbers, JSON (issue 23)
    Index("cases_by_terminal", "terminal_id", "status"),  # a terminal's list of its cases
)
case_pages = _child(
    "case_pages",
    ("case_code", "cases.code"),
    "idx",
    *_texts("material_code", "mime"),
    Column("data", LargeBinary, nullable=False),
)
case_events = Table(
    "case_events",
    metadata,
    _key("event_id"),
    Column("case_code", Text, ForeignKey("cases.code"), nullable=False),
    _text("request_sha256"),
    _text("kind"),
    _text("compartment_id"),
    _text("actor"),
    _text("at"),
    _text("terminal_id"),
    _text("status_after"),
    _text("received_at"),
    _text("identity_check", nullable=True),
    # the order received within its case (PostgreSQL has no rowid to order by)
    _int("seq", nullable=True),
)
# a case's events, and the next one's number (MAX(seq) of the case on every insert):
# without it each event read the whole table, PostgreSQL's CPU growing with the fleet
Index("case_events_by_case", case_events.c.case_code, case_events.c.seq)
pickup_codes = Table(
    "pickup_codes",
    metadata,
    _serial(),
    _text("code"),
    Column("case_code", Text, ForeignKey("cases.code"), nullable=False),
    _text("terminal_id"),
    _text("compartment_id"),
    _text("created_at"),
    _text("expires_at"),
    _text("used_at", nullable=True),
    sqlite_autoincrement=True,
)
# a code is unique among the live ones; spent codes may come round again
_LIVE = text("used_at IS NULL")
Index(
    "pickup_live_code",
    pickup_codes.c.code,
    unique=True,
    sqlite_where=_LIVE,
    postgresql_where=_LIVE,
)
# a code's every row, spent ones too (the check says "used" or "elsewhere"), and a case's
# codes (spent at collection): both were whole-table reads
Index("pickup_codes_by_code", pickup_codes.c.code, pickup_codes.c.id)
Index("pickup_codes_by_case", pickup_codes.c.case_code)
# pickup-code checks of the last ten minutes, for the rate limits (pickup_limits.py)
pickup_attempts = Table(
    "pickup_attempts",
    metadata,
    _serial(),
    _text("terminal_id"),
    _text("code"),
    Column("at", Double, nullable=False),
    _int("refused"),
    sqlite_autoincrement=True,
)
Index("pickup_attempts_by_terminal", pickup_attempts.c.terminal_id, pickup_attempts.c.at)
Index("pickup_attempts_by_code", pickup_attempts.c.code, pickup_attempts.c.at)
# a case's decision (审批决定); its seal is made from these fields (decisions.py)
case_decisions = Table(
    "case_decisions",
    metadata,
    Column("case_code", Text, ForeignKey("cases.code"), primary_key=True),
    *_texts("decision", "decided_at"),
    CheckConstraint("decision IN ('approved', 'rejected')", name="case_decisions_decision"),
)
notifications = Table(
    "notifications",
    metadata,
    _serial(),
    _text("case_code"),
    _text("channel"),
    _text("phone"),
    _text("text_zh"),
    _text("text_en"),
    _text("created_at"),
    sqlite_autoincrement=True,
)
# 好差评: a resident's rating of the service (evaluations.py)
evaluations = Table(
    "evaluations",
    metadata,
    _key("evaluation_id"),
    _text("terminal_id"),
    _text("journey"),
    _text("case_code", nullable=True),
    _text("matter_code", nullable=True),
    _text("level"),
    _text("reasons"),
    _text("rated_at"),
    _text("received_at"),
    _text("received_day"),
    _text("request"),
)
Index("evaluations_day", evaluations.c.received_day)
# electronic licences (电子证照) of the demo people (licences.py)
e_licences = Table(
    "e_licences",
    metadata,
    _key("licence_no"),
    *_texts("id_number", "material_code", "name_zh", "name_en"),
    *_texts("issuer_zh", "issuer_en", "issued_on"),
)
Index("e_licences_by_person", e_licences.c.id_number)
# 打印证照: documents a resident prints, and their verification token (printable_documents.py)
printable_documents = Table(
    "printable_documents",
    metadata,
    _key("doc_no"),
    *_texts("id_number", "kind", "title_zh", "title_en", "issuer_zh"),
    *_texts("issuer_en", "issued_on", "lines"),
    Column("verify_token", Text, nullable=False, unique=True),
)
Index("printable_documents_by_person", printable_documents.c.id_number)
# 远程视频: a call with a clerk and the clerk's messages in it (video_calls.py)
video_calls = Table(
    "video_calls",
    metadata,
    _key("call_id"),
    *_texts("terminal_id", "state", "offer_sdp"),
    *_optional("answer_sdp"),
    *_texts("case_json", "called_at", "received_at", "rings_until", "kiosk_seen_at"),
    *_optional("ended_by"),
)
Index("video_calls_live", video_calls.c.state, video_calls.c.received_at)
video_call_messages = _child(
    "video_call_messages",
    ("call_id", "video_calls.call_id"),
    "seq",
    _text("kind"),
    _text("note", default=""),
    _text("material_code", default=""),
    _text("posted_at"),
)
# the fleet: registration, heartbeats, resets, pushed config (routes_terminals.py)
terminal_status = Table(
    "terminal_status",
    metadata,
    _key("terminal_id"),
    _text("registered_at"),
    _text("software_version", default=""),
    _text("last_seen", nullable=True),
    _int("heartbeats", default=0),
    _int("busy", default=0),
    _text("devices", default="{}"),
    _int("outbox_depth", default=0),
    Column("outbox_oldest_age_s", Double),
    _int("config_applied", default=0),
)
terminal_resets = Table("terminal_resets", metadata, _key("terminal_id"), _text("expires_at"))
terminal_config = Table(
    "terminal_config",
    metadata,
    _key("terminal_id"),
    _int("version"),
    _text("body"),
    _text("updated_at"),
)
# 呼叫工作人员: a kiosk's call for staff and the clerk's answer (help_calls.py)
help_calls = Table(
    "help_calls",
    metadata,
    _key("call_id"),
    *_texts("terminal_id", "kind", "step"),
    _text("phone", default=""),
    *_texts("called_at", "received_at", "state"),
    _int("wait_minutes", nullable=True),
    _text("acknowledged_at", nullable=True),
)
Index("help_calls_open", help_calls.c.state, help_calls.c.received_at)
# one-time phone upload links and their files (routes_journeys.py)
uploads = Table(
    "uploads",
    metadata,
    _key("token"),
    _text("terminal_id"),
    Column("expires_at", Double, nullable=False),
    _int("closed", default=0),
)
upload_files = Table(
    "upload_files",
    metadata,
    Column("token", Text, primary_key=True),
    Column("idx", Integer, primary_key=True),
    *_texts("name", "mime"),
    Column("data", LargeBinary, nullable=False),
)
# 物流服务: where a case's certificate is posted (postal.py)
case_deliveries = Table(
    "case_deliveries",
    metadata,
    Column("case_code", Text, ForeignKey("cases.code"), primary_key=True),
    *_texts("recipient", "phone", "province", "city", "district", "street"),
    _text("carrier", default=""),
    _text("tracking_number", default=""),
    *_optional("posted_at"),
)
# 告知承诺制: the terminals' signing keys and the signed commitments (commitments.py)
terminal_signing_keys = Table(
    "terminal_signing_keys",
    metadata,
    Column("terminal_id", Text, primary_key=True),
    Column("key_id", Text, primary_key=True),
    *_texts("public_key", "registered_at"),
)
case_commitments = Table(
    "case_commitments",
    metadata,
    _key("idempotency_key"),
    _text("form_id"),
    _int("version"),
    *_texts("form_sha256", "key_id", "signed_at", "strokes", "signature"),
)
# 便民缴费: the utilities' bills and which trade paid each (utility_bills.py)
utility_bills = Table(
    "utility_bills",
    metadata,
    _key("bill_id"),
    *_texts("utility", "account", "holder_name", "period"),
    _int("amount_fen"),
    _text("status", default="due"),
    *_optional("out_trade_no", "terminal_id", "settled_at"),
    CheckConstraint("status IN ('due', 'paid', 'closed')", name="utility_bills_status"),
    Index("utility_bills_by_account", "utility", "account", "status"),
    Index("utility_bills_one_a_period", "utility", "account", "period", unique=True),
)
# the payment gateway's asynchronous notifies, each once, and where each trade stands
# by them (payment_notices.py)
_NOTICE = ("out_trade_no", "trade_no", "trade_status", "notify_time")
payment_notices = Table(
    "payment_notices", metadata, _key("notify_id"), *_texts(*_NOTICE, "received_at")
)
payment_notices.append_column(_int("total_amount_fen"))
payment_trades = Table(
    "payment_trades", metadata, _key("out_trade_no"), *_texts(*_NOTICE[1:], "updated_at")
)
payment_trades.append_column(_int("amount_fen"))  # the amounts are numbers, as reconciled
