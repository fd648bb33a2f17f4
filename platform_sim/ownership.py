"""Which terminal may see a case, and which may report each of its events.

A terminal token is a credential of one kiosk; a case is the business of the
kiosks of its site (the declaring terminal's ``site``), because a resident may
ask about progress at the next kiosk of the same service centre and a clerk may
load a certificate into whichever kiosk of the centre has room. Any other
terminal is told the case does not exist (404, the answer for an unknown code),
so case codes, which are sequential, cannot be used to probe other sites.

Within the site each event belongs to the terminal that holds the thing it
is about:

* the drop box's events (deposited, retrieved, missing): the declaring terminal,
  the only one whose drop box the originals went into;
* ``certificate_loaded``: any terminal of the site, which then holds it;
* ``certificate_collected``: the terminal holding the certificate (the one its
  live pickup code belongs to), so no other kiosk can spend a resident's code.

Any other is 403 ``not_this_terminal``: it may see the case, so nothing leaks.
"""

from __future__ import annotations

from platform_contract.vocabulary import CaseEventKind
from platform_sim.cases import find_case, unknown_case
from platform_sim.errors import ApiError
from platform_sim.store.transaction import StoreRow, Tx

_DROP_BOX_EVENTS = frozenset(
    {
        CaseEventKind.MATERIALS_DEPOSITED,
        CaseEventKind.MATERIALS_RETRIEVED,
        CaseEventKind.MATERIALS_MISSING,
    }
)


def _site(conn: Tx, terminal_id: str) -> str | None:
    row = conn.execute(
        "SELECT site FROM terminals WHERE terminal_id = ? AND kind = 'terminal'", (terminal_id,)
    ).fetchone()
    return None if row is None else str(row["site"])


def certificate_holder(conn: Tx, case_code: str) -> str | None:
    """The terminal the case's certificate was last loaded into, None before loading."""
    row = conn.execute(
        "SELECT terminal_id FROM pickup_codes WHERE case_code = ? ORDER BY id DESC LIMIT 1",
        (case_code,),
    ).fetchone()
    return None if row is None else str(row["terminal_id"])


def visible_case(conn: Tx, code: str, terminal_id: str) -> StoreRow:
    """The case by case or provisional code, if ``terminal_id`` may see it; else 404."""
    case = find_case(conn, code)
    if case["terminal_id"] == terminal_id:
        return case
    own_site = _site(conn, case["terminal_id"])
    if own_site is not None and own_site == _site(conn, terminal_id):
        return case
    if certificate_holder(conn, case["code"]) == terminal_id:
        return case
    raise unknown_case()


def check_event_terminal(conn: Tx, case: StoreRow, kind: CaseEventKind, terminal_id: str) -> None:
    """403 unless ``terminal_id`` is the one to report ``kind`` on this (visible) case."""
    if kind in _DROP_BOX_EVENTS:
        allowed = case["terminal_id"] == terminal_id
    elif kind is CaseEventKind.CERTIFICATE_COLLECTED:
        # never loaded: no one holds it, and the status rule answers 409 invalid_transition
        holder = certificate_holder(conn, case["code"])
        allowed = holder is None or holder == terminal_id
    else:  # certificate_loaded: any kiosk of the site, which visible_case already checked
        allowed = True
    if not allowed:
        raise ApiError(
            403,
            "not_this_terminal",
            "该办件的此项操作须在存放材料或证件的终端上进行",
            "This must be done at the terminal that holds the case's materials or certificate",
        )
