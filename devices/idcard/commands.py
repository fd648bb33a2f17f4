"""The GA 467 commands the adapter sends: (CMD, PARA) and the SW3 each succeeds on."""

from __future__ import annotations

from dataclasses import dataclass

from devices.idcard.status import CARD_FOUND, OK


@dataclass(frozen=True)
class CommandSpec:
    name: str  # log-safe
    cmd: int
    para: int
    success: int  # the SW3 that means it worked
    #: data bytes of a successful reply (None: any); a success reply of another size is a
    #: late answer to an earlier command (GA 467 has no sequence numbers) and is skipped
    reply_len: int | None = None

    def is_stale(self, sw3: int, data_len: int) -> bool:
        return sw3 in (0x90, 0x9F) and self.reply_len is not None and data_len != self.reply_len


SAM_STATUS = CommandSpec("sam_status", 0x11, 0xFF, OK, 0)
SAM_ID = CommandSpec("sam_id", 0x12, 0xFF, OK, 16)
FIND_CARD = CommandSpec("find_card", 0x20, 0x01, CARD_FOUND, 4)
SELECT_CARD = CommandSpec("select_card", 0x20, 0x02, OK, 8)
READ_BASE = CommandSpec("read_base", 0x30, 0x01, OK, 4 + 256 + 1024)
READ_BASE_FP = CommandSpec("read_base_fp", 0x30, 0x10, OK, 6 + 256 + 2048)

ALL = (SAM_STATUS, SAM_ID, FIND_CARD, SELECT_CARD, READ_BASE, READ_BASE_FP)
