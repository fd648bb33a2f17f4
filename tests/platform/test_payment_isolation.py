"""One payment pays one case, on PostgreSQL too: the platform looks for another case paid
by the trade, then keeps the payment on its own case, with no unique key between them.
Two such transactions are held between the look and the write by a barrier: at a plain
snapshot both would go through (one trade, two cases); a case with a payment runs
SERIALIZABLE (``routes_cases``: ``counts_then_inserts``), and the second is told to run
again, when it sees the first's case (409 ``payment_used``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from platform_contract.case_payment import CasePayment
from platform_sim.db import Database, StoreConflict
from platform_sim.errors import ApiError
from platform_sim.matter_fees import check_payment, keep_payment
from platform_sim.pg_cluster import PgCluster

PAYMENT = CasePayment(
    out_trade_no="K01-20261207120000-aa", trade_no="2026120722001", amount_fen=4000
)
FEE_MATTER = {"fee_fen": 4000}


_DAY_TWICE = ("2026-12-07", "2026-12-07")


def _case_keys(n: int) -> tuple[str, str, str]:
    """(code, provisional code, idempotency key) of the ``n``-th case."""
    return f"CASE-20261207-00000{n}", f"K01-0000-00000{n}", f"key-{n}"


@pytest.fixture
def db(pg_cluster: PgCluster) -> Iterator[Database]:
    database = Database(pg_cluster.create_database("payment_isolation"))
    with database.tx() as conn:
        for n in (1, 2):
            conn.execute(
                "INSERT INTO cases (code, provisional_code, idempotency_key, request_sha256,"
                " terminal_id, matter_code, applicant, form, status, page_count, created_at,"
                " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (*_case_keys(n), "", "K01", "HJ002", "{}", "{}", "submitted", 0, *_DAY_TWICE),
            )
    yield database
    database.close()


def _both(db: Database, serializable: bool) -> list[str]:
    barrier = threading.Barrier(2)
    results: list[str] = []

    def declare(case_code: str) -> None:
        try:
            with db.tx(counts_then_inserts=serializable) as conn:
                check_payment(conn, FEE_MATTER, PAYMENT)
                barrier.wait(timeout=30)
                keep_payment(conn, case_code, PAYMENT)
            results.append("kept")
        except StoreConflict:
            results.append("conflict")
        except ApiError as refused:
            results.append(refused.code)

    threads = [threading.Thread(target=declare, args=(f"CASE-20261207-00000{n}",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(results)


def _paid_cases(db: Database) -> int:
    with db.tx() as conn:
        return int(
            conn.execute("SELECT COUNT(*) FROM cases WHERE payment IS NOT NULL").fetchone()[0]
        )


def test_one_payment_pays_one_case_when_two_race(db: Database) -> None:
    assert _both(db, serializable=True) == ["conflict", "kept"]
    assert _paid_cases(db) == 1
    with pytest.raises(ApiError) as run_again, db.tx(counts_then_inserts=True) as conn:
        check_payment(conn, FEE_MATTER, PAYMENT)  # the loser's second run
    assert run_again.value.code == "payment_used"


def test_a_plain_snapshot_would_let_one_payment_pay_two_cases(db: Database) -> None:
    # why a case with a payment asks for SERIALIZABLE
    assert _both(db, serializable=False) == ["kept", "kept"]
    assert _paid_cases(db) == 2
