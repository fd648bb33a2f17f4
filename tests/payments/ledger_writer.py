"""A child process for the kill -9 test of the trade ledger: opens trades and walks each
to its end as fast as it can, printing each committed step (``<out_trade_no> <state>``)
only after the ledger returned, until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

from flows.payment_ports import PayMethod, TradePurpose, TradeState
from offline_cache.crypto import PayloadCipher
from payments.trade_ledger import DB_FILE, SqliteTradeLedger

WALK = (TradeState.SENT, TradeState.PAID, TradeState.COMPLETED)


def main(data_dir: Path, key_file: Path) -> None:
    cipher = PayloadCipher.from_key_file(key_file)
    ledger = SqliteTradeLedger(data_dir / DB_FILE, cipher, "BJTZ-0001")
    n = 0
    while True:
        n += 1
        trade = ledger.open_trade(TradePurpose.UTILITY_BILL, f"bill-{n}", 100 + n, PayMethod.QR)
        print(trade.out_trade_no, trade.state.value, flush=True)
        for state in WALK:
            ledger.advance(trade.out_trade_no, state, trade_no=f"T{n}")
            print(trade.out_trade_no, state.value, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
