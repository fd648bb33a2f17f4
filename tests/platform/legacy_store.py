"""A database file as the simulator made it before its store had migrations: the
first release's tables, without the columns added later (identity checks, licences)."""

FIRST_RELEASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS categories (
    code TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS matters (
    code TEXT PRIMARY KEY, position INTEGER NOT NULL, category TEXT NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS persons (
    id_number TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '',
    photo BLOB, photo_mime TEXT, photo_width INTEGER, photo_height INTEGER
);
CREATE TABLE IF NOT EXISTS terminals (
    terminal_id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('terminal', 'backoffice')), site TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS appointments (
    token TEXT PRIMARY KEY, id_number TEXT NOT NULL, matter_code TEXT NOT NULL,
    scheduled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS day_sequence (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cases (
    code TEXT PRIMARY KEY,
    provisional_code TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_sha256 TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    matter_code TEXT NOT NULL,
    applicant TEXT NOT NULL,
    form TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    compartment_id TEXT NOT NULL DEFAULT '',
    deferral_notice TEXT,
    page_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_by_terminal ON cases (terminal_id, status);
CREATE TABLE IF NOT EXISTS case_pages (
    case_code TEXT NOT NULL REFERENCES cases (code), idx INTEGER NOT NULL,
    material_code TEXT NOT NULL, mime TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (case_code, idx)
);
CREATE TABLE IF NOT EXISTS case_events (
    event_id TEXT PRIMARY KEY,
    case_code TEXT NOT NULL REFERENCES cases (code),
    request_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL, compartment_id TEXT NOT NULL, actor TEXT NOT NULL,
    at TEXT NOT NULL, terminal_id TEXT NOT NULL, status_after TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pickup_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL,
    case_code TEXT NOT NULL REFERENCES cases (code),
    terminal_id TEXT NOT NULL, compartment_id TEXT NOT NULL,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT
);
-- a code is unique among the live ones; spent codes may come round again
CREATE UNIQUE INDEX IF NOT EXISTS pickup_live_code ON pickup_codes (code) WHERE used_at IS NULL;
-- pickup-code checks of the last ten minutes, for the rate limits (pickup_limits.py)
CREATE TABLE IF NOT EXISTS pickup_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    terminal_id TEXT NOT NULL, code TEXT NOT NULL, at REAL NOT NULL, refused INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pickup_attempts_by_terminal ON pickup_attempts (terminal_id, at);
CREATE INDEX IF NOT EXISTS pickup_attempts_by_code ON pickup_attempts (code, at);
-- a case's decision (审批决定); its seal is made from these fields (decisions.py)
CREATE TABLE IF NOT EXISTS case_decisions (
    case_code TEXT PRIMARY KEY REFERENCES cases (code),
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    decided_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_code TEXT NOT NULL, channel TEXT NOT NULL, phone TEXT NOT NULL,
    text_zh TEXT NOT NULL, text_en TEXT NOT NULL, created_at TEXT NOT NULL
);
"""
