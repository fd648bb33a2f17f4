"""The trade ledger: durable states with their history, the trade number's shape, the
reference sealed, a writer killed mid-write leaving every committed step."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows.payment_ports import PayMethod, TradePurpose, TradeState
from offline_cache.crypto import PayloadCipher
from payments.trade_ledger import DB_FILE, SqliteTradeLedger, UnknownTrade
from payments.trade_numbers import MAX_LENGTH, new_trade_number, refund_request_number
from payments.trade_states import IllegalTransition

ROOT = Path(__file__).resolve().parents[2]
KEY = bytes(range(32))


class StepClock:
    """A clock that moves one second per reading, from a fixed start."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[SqliteTradeLedger]:
    book = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(KEY), "BJTZ-0001")
    yield book
    book.close()


def _bill(ledger: SqliteTradeLedger, bill_id: str = "bill-1", amount: int = 8650) -> str:
    return ledger.open_trade(TradePurpose.UTILITY_BILL, bill_id, amount, PayMethod.QR).out_trade_no


def test_a_trade_is_opened_created_with_a_fresh_number(ledger: SqliteTradeLedger) -> None:
    first = ledger.open_trade(TradePurpose.MATTER_FEE, "case-key-1", 2000, PayMethod.CODE)
    second = ledger.open_trade(TradePurpose.MATTER_FEE, "case-key-1", 2000, PayMethod.CODE)
    assert first.state is TradeState.CREATED
    assert first.out_trade_no != second.out_trade_no
    assert first.out_trade_no.startswith("KBJTZ0001-")
    assert ledger.get(first.out_trade_no) == first
    assert [c.state for c in ledger.history(first.out_trade_no)] == [TradeState.CREATED]


def test_each_step_is_kept_with_its_history(ledger: SqliteTradeLedger) -> None:
    no = _bill(ledger)
    ledger.advance(no, TradeState.SENT)
    ledger.advance(no, TradeState.PAID, trade_no="2026120722001")
    done = ledger.advance(no, TradeState.COMPLETED)
    assert done.state is TradeState.COMPLETED
    assert done.trade_no == "2026120722001"  # kept once the gateway gave it
    assert done.reference == "bill-1"
    history = ledger.history(no)
    assert [c.state for c in history] == [
        TradeState.CREATED,
        TradeState.SENT,
        TradeState.PAID,
        TradeState.COMPLETED,
    ]
    assert [c.trade_no for c in history] == [None, None, "2026120722001", "2026120722001"]


def test_a_settled_trade_never_moves_again(ledger: SqliteTradeLedger) -> None:
    no = _bill(ledger)
    ledger.advance(no, TradeState.SENT)
    ledger.advance(no, TradeState.CANCELLED)
    with pytest.raises(IllegalTransition, match="cancelled -> paid"):
        ledger.advance(no, TradeState.PAID)
    assert ledger.get(no).state is TradeState.CANCELLED
    assert len(ledger.history(no)) == 3  # nothing written by the refused step
    assert ledger.advance(no, TradeState.CANCELLED).state is TradeState.CANCELLED


def test_a_paid_trade_is_completed_or_refunded_never_cancelled(ledger: SqliteTradeLedger) -> None:
    no = _bill(ledger)
    ledger.advance(no, TradeState.SENT)
    ledger.advance(no, TradeState.PAID)
    with pytest.raises(IllegalTransition):
        ledger.advance(no, TradeState.CANCELLED)
    ledger.advance(no, TradeState.REFUNDING)
    assert ledger.advance(no, TradeState.REFUNDED).state is TradeState.REFUNDED


def test_an_unknown_trade_is_named(ledger: SqliteTradeLedger) -> None:
    with pytest.raises(UnknownTrade):
        ledger.advance("K-nothing", TradeState.SENT)


def test_amounts_are_positive_fen(ledger: SqliteTradeLedger) -> None:
    with pytest.raises(ValueError, match="positive"):
        ledger.open_trade(TradePurpose.UTILITY_BILL, "bill-1", 0, PayMethod.QR)


def test_unsettled_trades_come_oldest_first(ledger: SqliteTradeLedger) -> None:
    done, sent, paid, created = (_bill(ledger, f"bill-{n}") for n in range(4))
    ledger.advance(done, TradeState.SENT)
    ledger.advance(done, TradeState.CANCELLED)
    ledger.advance(sent, TradeState.SENT)
    ledger.advance(paid, TradeState.SENT)
    ledger.advance(paid, TradeState.PAID)
    assert [t.out_trade_no for t in ledger.unsettled()] == [sent, paid, created]
    counts = ledger.counts()
    assert counts[TradeState.CANCELLED] == 1
    assert counts[TradeState.REFUNDED] == 0
    assert sum(counts.values()) == 4


def test_a_days_trades_by_their_opening_time(tmp_path: Path) -> None:
    start = datetime(2026, 12, 6, 23, 59, 58, tzinfo=UTC)
    book = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(KEY), "T1", StepClock(start))
    try:
        before = _bill(book)  # 23:59:59
        on_day = _bill(book)  # 00:00:00 the next day
        day = datetime(2026, 12, 7, tzinfo=UTC)
        assert [t.out_trade_no for t in book.opened_between(day, day + timedelta(days=1))] == [
            on_day
        ]
        assert before.split("-")[1] == "20261206235959"
        assert [t.out_trade_no for t in book.recent(1)] == [on_day]
    finally:
        book.close()


def test_the_reference_is_sealed_and_the_numbers_are_not(tmp_path: Path) -> None:
    book = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(KEY), "BJTZ-0001")
    no = _bill(book, "bill-water-1000000001", 8650)
    book.advance(no, TradeState.SENT)
    book.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob(DB_FILE + "*"))
    assert b"1000000001" not in raw
    assert no.encode() in raw  # reconciliation reads trade numbers, amounts, times


def test_a_reference_sealed_with_another_key_is_not_guessed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    book = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(KEY), "BJTZ-0001")
    no = _bill(book)
    book.close()
    other = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(os.urandom(32)), "BJTZ-0001")
    try:
        with caplog.at_level(logging.ERROR):
            trade = other.get(no)
        assert trade.reference == ""
        assert trade.amount_fen == 8650
        assert "cannot be opened" in caplog.text
    finally:
        other.close()


def test_trades_survive_a_restart(tmp_path: Path) -> None:
    book = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(KEY), "BJTZ-0001")
    no = _bill(book)
    book.advance(no, TradeState.SENT)
    book.close()
    again = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(KEY), "BJTZ-0001")
    try:
        assert [(t.out_trade_no, t.state, t.reference) for t in again.unsettled()] == [
            (no, TradeState.SENT, "bill-1")
        ]
    finally:
        again.close()


def test_the_ledger_takes_the_outbox_key(tmp_path: Path) -> None:
    book = SqliteTradeLedger.open(tmp_path / "outbox", "BJTZ-0001")
    no = _bill(book)
    book.close()
    again = SqliteTradeLedger.open(tmp_path / "outbox", "BJTZ-0001")
    try:
        assert again.get(no).reference == "bill-1"
    finally:
        again.close()


def test_trade_numbers_fit_the_gateway() -> None:
    now = datetime(2026, 12, 7, 8, 5, 9, tzinfo=UTC)
    long = new_trade_number("站点/" + "X" * 100, now)
    assert len(long) == MAX_LENGTH
    assert len(refund_request_number(long)) == 64
    assert long.isascii()
    assert long.split("-")[1:2] == ["20261207080509"]
    assert new_trade_number("---", now).startswith("K0-")
    assert refund_request_number("KA-1-ff") == "KA-1-ff-R"


def test_a_writer_killed_mid_write_leaves_every_committed_step(tmp_path: Path) -> None:
    key_file = tmp_path / "ledger.key"
    key_file.write_bytes(KEY)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.payments.ledger_writer", str(tmp_path), str(key_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    told: dict[str, TradeState] = {}
    for line in child.stdout:  # each line is written only after its commit returned
        no, state = line.split()
        told[no] = TradeState(state)
        if len(told) >= 40:
            break
    child.send_signal(signal.SIGKILL)  # while it writes the next steps
    assert child.wait(timeout=60) == -signal.SIGKILL
    child.stdout.close()

    conn = sqlite3.connect(tmp_path / DB_FILE)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    book = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(KEY), "BJTZ-0001")
    try:
        order = list(TradeState)
        for no, state in told.items():
            trade = book.get(no)
            assert order.index(trade.state) >= order.index(state)  # never behind what was told
            history = book.history(no)
            assert history[-1].state is trade.state  # the history ends where the trade is
            assert trade.reference  # and its sealed reference opens
        print(
            f"steps told before the kill: {len(told)} trades; unsettled after: "
            f"{len(book.unsettled())}"
        )
    finally:
        book.close()
