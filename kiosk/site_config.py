"""The site configuration: one TOML file per kiosk, chosen by the technician.

Pydantic checks the shape and types; :func:`check_site_config` then checks
the rules that span fields (unique compartment ids and board channels, the
idle warning shorter than the idle timeout, options the sim driver does not
know). Every problem is reported at once, each naming its key the way the
technician sees it in the file: ``lockers.compartments[3].size: must be S, M or L``.
"""

from __future__ import annotations

import enum
import functools
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from device_contracts import Compartment, CompartmentRole, CompartmentSize
from devices.declaration import Option
from devices.registry import (
    OPTIONAL_KINDS,
    DeviceKind,
    declaration,
    declarations,
    generation,
    known_drivers,
)
from flows.help import StaffHours
from offline_cache.tls import ClientTls


@dataclass(frozen=True)
class ConfigIssue:
    key: str  # dotted, with [i] for list items; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


class SiteConfigError(Exception):
    """The site config cannot be used; ``issues`` lists every bad key."""

    def __init__(self, source: str, issues: list[ConfigIssue]) -> None:
        self.source = source
        self.issues = issues
        lines = "\n".join(f"  {issue}" for issue in issues)
        count = f"{len(issues)} problem" + ("s" if len(issues) != 1 else "")
        super().__init__(f"{source}: {count}\n{lines}")


class _Section(BaseModel):
    # unknown keys are errors: a misspelt key must not silently fall back to a default
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- sections


class TerminalConfig(_Section):
    #: goes into provisional case codes, so kept to safe characters
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    name: str = Field(min_length=1)
    address: str = ""
    #: the site's local time for screens and receipts (kiosk/site_time.py): a POSIX
    #: TZ string (default: China Standard Time, UTC+8) or a zone name such as Asia/Shanghai
    timezone: str = Field(default="CST-8", pattern=r"^[A-Za-z0-9_+\-:/,.<>]{1,64}$")


class PlatformTlsConfig(_Section):
    """``[platform.tls]``: mutual TLS. The terminal presents its own certificate
    and trusts only the platform's CA, not the system store (a site's proxy or a
    compromised public CA must not be able to stand in for the platform)."""

    #: this terminal's certificate (PEM), issued by the platform's terminal CA
    client_cert: Path
    #: its private key (PEM); must be readable by the kiosk user only (mode 0600)
    client_key: Path
    #: the CA that signed the platform's server certificate
    ca: Path

    @field_validator("client_cert", "client_key", "ca")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    def client_tls(self) -> ClientTls:
        return ClientTls(self.client_cert, self.client_key, self.ca)


class PlatformConfig(_Section):
    #: empty: the demo starts the embedded platform simulator
    url: str = ""
    token: SecretStr = SecretStr("")  # a credential: kept out of reprs and logs
    timeout_s: float = Field(default=15.0, gt=0)
    #: absent: server-authenticated TLS (or plain HTTP to a simulator) only
    tls: PlatformTlsConfig | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be empty (embedded simulator) or an http:// or https:// URL")
        return value.rstrip("/")

    @property
    def embedded_simulator(self) -> bool:
        return not self.url

    def client_tls(self) -> ClientTls | None:
        return self.tls.client_tls() if self.tls is not None else None


class UiConfig(_Section):
    lang: Literal["zh", "en"] = "zh"
    large_text: bool = False
    idle_timeout_s: int = Field(default=90, gt=0)
    idle_warning_s: int = Field(default=20, ge=0)
    fullscreen: bool = True


class HelpConfig(_Section):
    """``[help]``: who answers 呼叫工作人员. Outside ``staff_hours`` (the site's local
    time) the kiosk says no one is on duty and offers a callback request instead."""

    #: "08:00-20:00"; "20:00-08:00" spans midnight; "00:00-24:00": always staffed
    staff_hours: str = "00:00-24:00"

    @field_validator("staff_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        return str(StaffHours.parse(value))

    def hours(self) -> StaffHours:
        return StaffHours.parse(self.staff_hours)


class DataConfig(_Section):
    #: outbox, ledger and caches; relative paths are relative to the working directory
    dir: Path = Path("data")
    #: the outbox's AES key: a root-only file outside ``dir`` (created on first
    #: start). A systemd credential ``outbox-key`` still wins over it; absent, the
    #: kiosk falls back to $KIOSK_OUTBOX_KEY_FILE, then (demo only) a key beside the data.
    outbox_key_file: Path | None = None

    @field_validator("dir", "outbox_key_file")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None


class PaymentsConfig(_Section):
    """``[payments]``: the payment gateway (便民缴费, a matter's fee; issue 23). Without
    the section the payment tiles say "coming soon". An empty ``gateway_url`` is the
    demo's embedded gateway simulator (its own keys, made at start); a site names its
    gateway and the two keys (PEM files; the app's private key readable by the kiosk
    user only)."""

    gateway_url: str = ""
    app_id: str = ""
    #: the kiosk's private key its requests are signed with (RSA2)
    app_private_key: Path | None = None
    #: the gateway's public key its answers are checked with
    gateway_public_key: Path | None = None
    #: the SDK's wait for an answer; the result is queried after it
    timeout_s: float = Field(default=5.0, gt=0)

    @field_validator("app_private_key", "gateway_public_key")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @model_validator(mode="after")
    def _a_named_gateway_has_its_keys(self) -> PaymentsConfig:
        if self.gateway_url and not (
            self.app_id and self.app_private_key and self.gateway_public_key
        ):
            raise ValueError("a gateway_url needs app_id, app_private_key and gateway_public_key")
        return self

    @property
    def embedded_simulator(self) -> bool:
        return not self.gateway_url


class DeviceSection(BaseModel):
    """``[devices.<kind>]``: ``driver`` plus the driver's options.

    Each kind's section is made by :func:`section_model` from what its drivers'
    manifests declare (``devices/<folder>/manifest.py``): the options any of them
    declares are checked here, whatever the driver; other keys are allowed while a
    driver of the kind reads its own options (checked when it is built), and a
    driver that declares its options rejects every other key
    (:func:`check_site_config`).
    """

    model_config = ConfigDict(extra="allow", frozen=True)
    kind: ClassVar[DeviceKind]
    driver: str

    @field_validator("driver")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        known = known_drivers(cls.kind)
        if value not in known:
            raise ValueError(f"unknown driver {value!r} (known: {', '.join(known)})")
        return value

    def as_mapping(self) -> dict[str, object]:
        """Plain data for :func:`devices.registry.build_devices` (unset options left out)."""
        return self.model_dump(exclude_unset=True)


class _ClosedDeviceSection(DeviceSection):
    # every driver of the kind declares its options: a misspelt key is an error here
    model_config = ConfigDict(extra="forbid", frozen=True)


class DevicesConfig(_Section):
    """``[devices]``: one section a kind; their options come from :func:`section_model`."""

    id_reader: DeviceSection
    document_camera: DeviceSection
    face: DeviceSection
    printer: DeviceSection
    lockers: DeviceSection
    qr_scanner: DeviceSection
    staff_card: DeviceSection | None = None  # optional (DeviceKind.STAFF_CARD)

    def section(self, kind: DeviceKind) -> DeviceSection | None:
        section: DeviceSection | None = getattr(self, kind.value)
        return section

    def as_mapping(self) -> dict[str, dict[str, object]]:
        return {
            kind.value: section.as_mapping()
            for kind in DeviceKind
            if (section := self.section(kind)) is not None
        }


#: a compartment's fields with a fixed set of values, and how the error names them
_COMPARTMENT_CHOICES: dict[str, tuple[type[enum.Enum], str]] = {
    "size": (CompartmentSize, "S, M or L"),
    "role": (CompartmentRole, "drop or pickup"),
}


class CompartmentConfig(_Section):
    id: str = Field(pattern=r"^[A-Za-z0-9-]{1,8}$")  # the label on the door, e.g. "A03"
    board: int = Field(ge=0, le=255)  # lock-control board address on the bus
    channel: int = Field(ge=1, le=255)  # lock channel on that board
    size: CompartmentSize
    role: CompartmentRole

    @field_validator("size", "role", mode="before")
    @classmethod
    def _one_of(cls, value: object, info: ValidationInfo) -> object:
        # the technician's words, not pydantic's list of enum members
        allowed, words = _COMPARTMENT_CHOICES[str(info.field_name)]
        if value not in {member.value for member in allowed}:
            raise ValueError(f"must be {words}")
        return value

    def to_compartment(self) -> Compartment:
        return Compartment(self.id, self.board, self.channel, self.size, self.role)


class LockersConfig(_Section):
    compartments: list[CompartmentConfig] = Field(min_length=1)

    def to_compartments(self) -> list[Compartment]:
        return [c.to_compartment() for c in self.compartments]


class SiteConfig(_Section):
    terminal: TerminalConfig
    platform: PlatformConfig = PlatformConfig()
    ui: UiConfig = UiConfig()
    help: HelpConfig = HelpConfig()
    data: DataConfig = DataConfig()
    #: absent: no payments at this kiosk
    payments: PaymentsConfig | None = None
    devices: DevicesConfig
    lockers: LockersConfig


# --------------------------------------------------------------------------- the drivers' options


def _option_field(option: Option) -> tuple[Any, Any]:
    """A declared option as a pydantic (annotation, field)."""
    annotation: Any = option.type
    if option.check is not None:
        check = option.check

        def checked(value: Any) -> Any:
            check(value)  # raises ValueError with the sentence the technician reads
            return value

        annotation = Annotated[annotation, AfterValidator(checked)]
    if option.default is None:
        annotation = annotation | None
    return annotation, Field(default=option.default, ge=option.ge, gt=option.gt, le=option.le)


@functools.cache
def _section_model(kind: DeviceKind, generation: int) -> type[DeviceSection]:
    del generation  # the cache key: the declared drivers changed
    drivers = declarations(kind)
    fields: dict[str, Any] = {}
    for declared in drivers:
        for option in declared.options or ():
            fields.setdefault(option.name, _option_field(option))
    closed = bool(drivers) and all(d.options is not None for d in drivers)
    base = _ClosedDeviceSection if closed else DeviceSection
    name = "".join(part.title() for part in kind.value.split("_")) + "Config"
    model: type[DeviceSection] = create_model(name, __base__=base, __module__=__name__, **fields)
    model.kind = kind
    return model


def section_model(kind: DeviceKind | str) -> type[DeviceSection] | None:
    """The model of ``[devices.<kind>]`` as the drivers declare it now; None for no kind."""
    try:
        return _section_model(DeviceKind(kind), generation())
    except ValueError:
        return None


@functools.cache
def _site_model(generation: int) -> type[SiteConfig]:
    sections: dict[str, Any] = {}
    for kind in DeviceKind:
        model = _section_model(kind, generation)
        sections[kind.value] = (model | None, None) if kind in OPTIONAL_KINDS else (model, ...)
    devices = create_model("DevicesConfig", __base__=DevicesConfig, __module__=__name__, **sections)
    return create_model("SiteConfig", __base__=SiteConfig, __module__=__name__, devices=devices)


def site_config_model() -> type[SiteConfig]:
    """:class:`SiteConfig` with each device section checked as its drivers declare."""
    return _site_model(generation())


# --------------------------------------------------------------------------- loading


def load_site_config(path: Path) -> SiteConfig:
    """Read and validate a site config file; SiteConfigError lists every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SiteConfigError(
            str(path), [ConfigIssue("", f"cannot read: {exc.strerror}")]
        ) from None
    return parse_site_config(text, str(path))


def parse_site_config(text: str, source: str = "<string>") -> SiteConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SiteConfigError(source, [ConfigIssue("", f"not valid TOML: {exc}")]) from None
    try:
        config = site_config_model().model_validate(data)
    except ValidationError as exc:
        raise SiteConfigError(source, [_issue(e) for e in exc.errors()]) from None
    issues = check_site_config(config)
    if issues:
        raise SiteConfigError(source, issues)
    return config


def check_site_config(config: SiteConfig) -> list[ConfigIssue]:
    """The rules pydantic's per-field checks cannot see."""
    issues: list[ConfigIssue] = []
    ui = config.ui
    if ui.idle_warning_s >= ui.idle_timeout_s:
        issues.append(
            ConfigIssue(
                "ui.idle_warning_s",
                f"must be less than ui.idle_timeout_s ({ui.idle_timeout_s})",
            )
        )
    issues.extend(_undeclared_option_issues(config.devices))
    issues.extend(_compartment_issues(config.lockers.compartments))
    issues.extend(_secret_file_issues(config))
    return issues


def _undeclared_option_issues(devices: DevicesConfig) -> list[ConfigIssue]:
    """Keys a driver that declares its options does not know (the kind's section
    allows them for its other drivers)."""
    issues: list[ConfigIssue] = []
    for kind in DeviceKind:
        section = devices.section(kind)
        found = None if section is None else declaration(kind, section.driver)
        if section is None or found is None or found.options is None:
            continue
        given = set(section.model_extra or {}) | (section.model_fields_set - {"driver"})
        for option in sorted(given - {o.name for o in found.options}):
            issues.append(
                ConfigIssue(
                    f"devices.{kind.value}.{option}", f"unknown option for driver {found.name!r}"
                )
            )
    return issues


def _secret_file_issues(config: SiteConfig) -> list[ConfigIssue]:
    """Certificates that cannot be read, and keys others could read or back up with the data."""
    issues: list[ConfigIssue] = []
    tls = config.platform.tls
    if tls is not None:
        if not config.platform.url.startswith("https://"):
            issues.append(ConfigIssue("platform.tls", "needs an https:// platform.url"))
        for name in ("client_cert", "client_key", "ca"):
            path: Path = getattr(tls, name)
            if not path.is_file():
                issues.append(ConfigIssue(f"platform.tls.{name}", f"no such file: {path}"))
        key = tls.client_key
        if key.is_file() and key.stat().st_mode & 0o077:
            issues.append(
                ConfigIssue(
                    "platform.tls.client_key",
                    f"{key} is readable by other users: chmod 600 it",
                )
            )
    key_file = config.data.outbox_key_file
    if key_file is not None:
        if key_file.resolve().is_relative_to(config.data.dir.resolve()):
            issues.append(
                ConfigIssue(
                    "data.outbox_key_file",
                    "must be outside data.dir, so the key is never copied with the data",
                )
            )
        elif key_file.is_file() and key_file.stat().st_mode & 0o077:
            issues.append(
                ConfigIssue(
                    "data.outbox_key_file",
                    f"{key_file} is readable by other users: chmod 600 it",
                )
            )
    return issues


def _compartment_issues(compartments: list[CompartmentConfig]) -> list[ConfigIssue]:
    issues: list[ConfigIssue] = []
    first_id: dict[str, int] = {}
    first_slot: dict[tuple[int, int], int] = {}
    for i, c in enumerate(compartments):
        if c.id in first_id:
            issues.append(
                ConfigIssue(
                    f"lockers.compartments[{i}].id",
                    f"{c.id!r} is already used by lockers.compartments[{first_id[c.id]}]",
                )
            )
        first_id.setdefault(c.id, i)
        slot = (c.board, c.channel)
        if slot in first_slot:
            issues.append(
                ConfigIssue(
                    f"lockers.compartments[{i}].channel",
                    f"board {c.board} channel {c.channel} is already used by "
                    f"lockers.compartments[{first_slot[slot]}]",
                )
            )
        first_slot.setdefault(slot, i)
    roles = Counter(c.role for c in compartments)
    for role in CompartmentRole:
        if not roles[role]:
            issues.append(
                ConfigIssue("lockers.compartments", f"no compartment with role {role.value!r}")
            )
    return issues


_PLAIN_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "unknown key",
}


def _issue(error: Any) -> ConfigIssue:
    return ConfigIssue(_key(error["loc"]), _message(error))


def _key(loc: tuple[int | str, ...]) -> str:
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else part)
    return key


def _message(error: Any) -> str:
    kind: str = error["type"]
    if kind in _PLAIN_MESSAGES:
        return _PLAIN_MESSAGES[kind]
    message: str = error["msg"]
    # pydantic prefixes messages from our validators with "Value error, "
    message = message.removeprefix("Value error, ")
    return message[:1].lower() + message[1:]
