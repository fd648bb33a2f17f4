"""What a terminal and the platform say about the terminal itself: enrolment, the
heartbeat (device states and the outbox's depth, never personal data), the config
the back office pushes, and the back office's list of terminals.

Shared by the platform simulator (which serves them) and the kiosk's fleet agent
(which checks every answer against them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

DeviceStateName = Literal["online", "busy", "offline", "hardware_error", "no_device"]
_NAME = r"^[A-Za-z0-9_.-]{1,40}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterIn(_Strict):
    terminal_id: str = Field(pattern=r"^[A-Za-z0-9-]{1,40}$")
    site: str = Field(min_length=1, max_length=200)
    software_version: str = Field(default="", max_length=40)


class RegisterOut(BaseModel):
    terminal_id: str
    token: str
    heartbeat_interval_s: int
    rotated: bool


class ResetOut(BaseModel):
    terminal_id: str
    enrol_by: datetime = Field(description="the kiosk must enrol again before this")


#: bounds far above anything real, below what SQLite's 64-bit integers hold: a
#: number beyond them is a 422, never an overflow in the database (a 500)
MAX_OUTBOX_DEPTH = 10_000_000
MAX_AGE_S = 10 * 365 * 24 * 3600.0
MAX_CONFIG_VERSION = 2**31 - 1


class OutboxIn(_Strict):
    depth: int = Field(ge=0, le=MAX_OUTBOX_DEPTH)
    oldest_age_s: float | None = Field(default=None, ge=0, le=MAX_AGE_S, allow_inf_nan=False)


class HeartbeatIn(_Strict):
    software_version: str = Field(default="", max_length=40)
    busy: bool = False
    devices: dict[Annotated[str, Field(pattern=_NAME)], DeviceStateName] = Field(
        default_factory=dict, max_length=32
    )
    outbox: OutboxIn
    config_version: int = Field(default=0, ge=0, le=MAX_CONFIG_VERSION)


class HeartbeatOut(BaseModel):
    config_version: int
    heartbeat_interval_s: int


class Announcement(_Strict):
    zh: str = Field(max_length=200)
    en: str = Field(max_length=200)


#: "HH:MM-HH:MM", ASCII digits only (pydantic's regex engine takes ``\d`` for any Unicode digit)
_TIME_OF_DAY = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_RESTART_WINDOW = rf"^{_TIME_OF_DAY}-{_TIME_OF_DAY}$"


class PushedConfig(_Strict):
    """The part of a site's configuration the platform may change remotely.

    Hardware (ports, drivers, the locker map) stays with the technician's TOML."""

    idle_timeout_s: int | None = Field(default=None, ge=30, le=600)
    idle_warning_s: int | None = Field(default=None, ge=5, le=120)
    lang: Literal["zh", "en"] | None = None
    large_text: bool | None = None
    #: Beijing local time, e.g. "03:00-05:00": when a planned restart may happen
    restart_window: str | None = Field(default=None, max_length=11, pattern=_RESTART_WINDOW)
    announcement: Announcement | None = None


class ConfigOut(BaseModel):
    terminal_id: str
    version: int
    config: PushedConfig


class TerminalOut(BaseModel):
    terminal_id: str
    site: str
    software_version: str
    registered_at: str
    last_seen: str | None
    online: bool
    degraded: bool
    busy: bool
    heartbeats: int
    devices: dict[str, str]
    outbox_depth: int
    outbox_oldest_age_s: float | None
    config_version: int
    config_applied: int


class TerminalListOut(BaseModel):
    terminals: list[TerminalOut]
