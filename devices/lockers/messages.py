"""What the locker bank says when a command fails, in the words of the real adapter and
of the simulation alike (a journey shows the same sentence whichever one runs)."""

from __future__ import annotations

from device_contracts import Text

JAMMED = Text("柜门未能打开，请联系工作人员", "The door did not open, please ask staff for help")
LEFT_OPEN = Text("柜门未关闭，请关好柜门", "The door is still open, please close it")
NO_BOARD = Text(
    "储物柜控制板无响应，请联系工作人员",
    "The locker controller does not answer, please ask staff for help",
)
NO_COMPARTMENT = Text(
    "没有这个柜格，请联系工作人员", "There is no such compartment, please ask staff"
)
