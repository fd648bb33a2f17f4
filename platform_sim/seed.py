"""First-start seed: catalogue, demo persons, terminals with tokens, appointments.

Seeding runs only when the database is empty (``meta.seeded`` is absent), so a
restarted simulator keeps its cases.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from platform_sim.catalog import load_catalog
from platform_sim.catalog_copy import stamp_catalog
from platform_sim.catalog_seed import load_seed_catalog
from platform_sim.clock import now
from platform_sim.db import Database
from platform_sim.paths import SAMPLE_IDENTITIES, SAMPLE_REFERENCE_PHOTO
from platform_sim.store.transaction import Tx

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TerminalSeed:
    terminal_id: str
    token: str
    site: str
    kind: str = "terminal"


#: demo credentials; a real platform issues them per terminal at installation
TERMINALS: tuple[TerminalSeed, ...] = (
    TerminalSeed("BJTZ-0001", "demo-terminal-token-0001", "通州区政务服务中心 24小时自助服务区"),
    TerminalSeed("BJDC-0001", "demo-terminal-token-0002", "东城区政务服务中心 24小时自助服务区"),
    TerminalSeed("BACKOFFICE", "demo-backoffice-token", "后台审批", "backoffice"),
)
DEMO_TERMINAL_ID = TERMINALS[0].terminal_id
DEMO_TERMINAL_TOKEN = TERMINALS[0].token
SECOND_TERMINAL_ID = TERMINALS[1].terminal_id
SECOND_TERMINAL_TOKEN = TERMINALS[1].token
BACKOFFICE_TOKEN = TERMINALS[2].token

#: appointment QR token -> (index into the sample identities, matter, "<days from the
#: seeding day>T<Beijing time>"): relative, so the demo's bookings are for today
#: whenever it runs; one of yesterday and one of 13 days ago are past their check-in
#: day, and one of tomorrow is not yet due (platform_sim/appointments.py)
APPOINTMENTS: tuple[tuple[str, int, str, str], ...] = (
    ("APPT-7Q2K9X", 0, "HJ001", "+0T09:30"),
    ("APPT-3M8D4W", 1, "LN001", "+0T10:00"),
    ("APPT-9F6T1B", 2, "GJJ001", "+1T14:30"),
    ("APPT-5Y1D7Q", 0, "HJ001", "-1T09:30"),
    ("APPT-8C13DX", 1, "LN001", "-13T10:00"),
)


def scheduled_at(spec: str, today: date) -> str:
    """``"+1T14:30"`` -> the ISO time (Beijing) that many days from ``today``."""
    days, at = spec.split("T")
    day = today + timedelta(days=int(days))
    return f"{day.isoformat()}T{at}:00+08:00"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


#: (width, height) of SAMPLE_REFERENCE_PHOTO
REFERENCE_PHOTO_SIZE = (102, 126)


def seed_if_empty(
    db: Database,
    identities: Path = SAMPLE_IDENTITIES,
    reference_photo: Path | None = SAMPLE_REFERENCE_PHOTO,
) -> bool:
    """Fill an empty database. Returns True when it seeded.

    Every demo person gets ``reference_photo`` (the sample face, see kiosk/paths.py)
    as the photo the face check compares with; None: no photos on file."""
    with db.tx() as conn:
        if conn.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone():
            return False
        _seed_catalog(conn)
        people = json.loads(identities.read_text(encoding="utf-8"))["people"]
        photo = reference_photo.read_bytes() if reference_photo is not None else None
        width, height = REFERENCE_PHOTO_SIZE if photo is not None else (None, None)
        conn.executemany(
            "INSERT INTO persons (id_number, name, phone, photo, photo_mime, photo_width,"
            " photo_height) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    p["id_number"],
                    p["name"],
                    p.get("phone", ""),
                    photo,
                    "image/jpeg" if photo is not None else None,
                    width,
                    height,
                )
                for p in people
            ],
        )
        conn.executemany(
            "INSERT INTO terminals (terminal_id, token_sha256, kind, site) VALUES (?, ?, ?, ?)",
            [(t.terminal_id, token_digest(t.token), t.kind, t.site) for t in TERMINALS],
        )
        conn.executemany(
            "INSERT INTO appointments (token, id_number, matter_code, scheduled_at)"
            " VALUES (?, ?, ?, ?)",
            [
                (tok, people[i]["id_number"], m, scheduled_at(at, now().date()))
                for tok, i, m, at in APPOINTMENTS
            ],
        )
        conn.execute("INSERT INTO meta (key, value) VALUES ('seeded', '1')")
    log.info(
        "platform database seeded",
        extra={"catalogue": "seed_data/catalog.toml", "persons": len(people)},
    )
    return True


def _seed_catalog(conn: Tx) -> None:
    """The catalogue's rows, and its version stamped where the served copy looks."""
    categories, matters = load_seed_catalog()
    conn.executemany(
        "INSERT INTO categories (code, position, body) VALUES (?, ?, ?)",
        [(c["code"], i, json.dumps(c, ensure_ascii=False)) for i, c in enumerate(categories)],
    )
    conn.executemany(
        "INSERT INTO matters (code, position, category, body) VALUES (?, ?, ?, ?)",
        [
            (m["code"], i, m["category"], json.dumps(m, ensure_ascii=False))
            for i, m in enumerate(matters)
        ],
    )
    stamp_catalog(conn, load_catalog(conn)["version"])
