"""Site setup for the technician: the editor's fields, validation, saving with a
backup, and live device tests. Implements :class:`flows.site_setup.SiteSetup`.

The site config model (:mod:`kiosk.site_config`) stays the one schema: the
editor's fields are read from its pydantic sections, and a save is checked by
writing the draft as TOML and parsing it back with :func:`parse_site_config`,
exactly as ``kiosk config check`` and the next start will read it. Which drivers a
kind has, the options they declare, the values a newly chosen driver starts with
and the options with a fixed set of values all come from the drivers' manifests
(``devices/<folder>/manifest.py``, through :mod:`devices.registry`); a real
driver's option whose value's type differs from its starting value is refused
with its key.

Saving writes a temporary file next to the config, fsyncs it and renames it over
the old one (atomic); the old one is first copied to
``<name>.<YYYYmmdd-HHMMSS>.bak`` beside it. The draft is merged into the file's
current text (tomlkit), so the comments a technician or the template wrote, the
order of the sections and the layout of every value left alone survive a save. No
Qt here.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import stat
import tempfile
import tomllib
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import tomlkit
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from tomlkit.container import Container
from tomlkit.items import Table

from device_contracts import (
    Completion,
    CompletionCode,
    Device,
    DeviceSet,
    DeviceState,
    DocumentCamera,
    IdCardReader,
    Image,
    LockerBank,
    Operation,
    QrScanner,
    ReceiptPrinter,
    Text,
)
from devices.declaration import DEMO_PLACEHOLDER, DriverDeclaration
from devices.registry import (
    DeviceConfigError,
    build_device,
    declaration,
    declarations,
    known_drivers,
)
from flows import staff_messages as msg
from flows.handover import test_receipt
from flows.site_setup import ConfigProblem, DeviceTestReport, LoadedConfig, SaveOutcome
from kiosk.site_config import SiteConfig, SiteConfigError, parse_site_config, section_model

log = logging.getLogger(__name__)

FieldKind = Literal["text", "secret", "int", "float", "bool", "choice", "source"]


class _StartingOptions(Mapping[tuple[str, str], Mapping[str, object]]):
    """(kind, driver) -> the options a newly chosen real driver starts with, as the
    drivers' manifests declare them (read each time: a new vendor folder shows at once)."""

    def _all(self) -> dict[tuple[str, str], Mapping[str, object]]:
        return {(d.kind.value, d.name): d.starts_with for d in declarations() if d.starts_with}

    def __getitem__(self, key: tuple[str, str]) -> Mapping[str, object]:
        return self._all()[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


#: the drivers' starting options; their modules read and check them (devices/<folder>/drivers.py)
DRIVER_OPTIONS: Mapping[tuple[str, str], Mapping[str, object]] = _StartingOptions()
#: keys a port or URL lives in: a changed device that keeps its port is tested as it runs
PORT_KEYS = ("port", "url", "source")


@dataclass(frozen=True)
class SetupField:
    """One editable value of a section, as the setup screen shows it."""

    key: str  # dotted, e.g. "devices.lockers.baudrate"
    kind: FieldKind
    value: object
    choices: tuple[str, ...] = ()
    optional: bool = False  # empty text removes the key

    @property
    def name(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    def display(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)

    def parse(self, text: str) -> object:
        """The value typed into the field, as the config stores it. Text that is not a
        number where one is wanted is kept as typed: the save names it."""
        text = text.strip()
        if not text and self.optional:
            return None
        if self.kind == "int":
            with contextlib.suppress(ValueError):
                return int(text)
        elif self.kind == "float":
            with contextlib.suppress(ValueError):
                number = float(text)
                return int(number) if number.is_integer() and "." not in text else number
        elif self.kind == "source" and text.isascii() and text.isdigit():  # int("²") raises
            return int(text)
        elif self.kind == "bool":
            return text.lower() in {"1", "true", "yes", "on"}
        return text


# --------------------------------------------------------------------------- fields


def _kind_of(annotation: object) -> tuple[FieldKind, tuple[str, ...], bool]:
    """The field kind of a pydantic annotation: (kind, choices, optional)."""
    optional = False
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        optional = len(rest) < len(args)
        annotation = rest[0] if len(rest) == 1 else str
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation)), optional
    if annotation is bool:
        return "bool", (), optional
    if annotation is int:
        return "int", (), optional
    if annotation is float:
        return "float", (), optional
    if annotation is SecretStr:
        return "secret", (), optional
    return "text", (), optional


def _kind_of_value(value: object) -> FieldKind:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "text"


def _model_fields(
    fields: Mapping[str, FieldInfo], prefix: str, values: Mapping[str, Any]
) -> list[SetupField]:
    found = []
    for name, info in fields.items():
        kind, choices, optional = _kind_of(info.annotation)
        default = None if info.is_required() else info.default
        if isinstance(default, SecretStr):
            default = default.get_secret_value()
        value = values.get(name, default)
        found.append(SetupField(f"{prefix}.{name}", kind, value, choices, optional))
    return found


def _declared_options(kind: str) -> Mapping[str, FieldInfo]:
    """The options the site config checks for ``kind`` (any of its drivers declares)."""
    model = section_model(kind)
    return model.model_fields if model is not None else {}


def _driver(kind: str, driver: str) -> DriverDeclaration | None:
    try:
        return declaration(kind, driver)
    except ValueError:  # a kind the registry does not know
        return None


def section_fields(data: Mapping[str, Any], section: str) -> list[SetupField]:
    """The editable values of ``section`` ("terminal", "devices.printer" ...) in ``data``.
    Compartments are edited on the grid, not here."""
    if section == "lockers":
        return []
    if not section.startswith("devices."):
        info = SiteConfig.model_fields.get(section)
        model = info.annotation if info is not None else None
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        return _model_fields(model.model_fields, section, data.get(section) or {})
    kind = section.removeprefix("devices.")
    values: Mapping[str, Any] = (data.get("devices") or {}).get(kind) or {}
    driver = str(values.get("driver", "sim"))
    try:
        drivers = tuple(known_drivers(kind))
    except ValueError:  # a kind the registry does not know (yet): its driver as typed
        drivers = (driver,)
    fields = [SetupField(f"{section}.driver", "choice", driver, drivers)]
    declared = _declared_options(kind)
    found = _driver(kind, driver)
    if found is not None and found.options is not None:  # the site config knows them all
        own = {o.name: declared[o.name] for o in found.options}
        fields += _model_fields(own, section, values)
        names = {f.name for f in fields}
    else:
        names = {"driver"}
        template = DRIVER_OPTIONS.get((kind, driver), {})
        choices = found.choices if found is not None else {}
        for option in [*template, *values]:
            if option in names:
                continue
            names.add(option)
            value = values.get(option, template.get(option))
            start = template.get(option)
            fields.append(_option_field(section, option, value, start, declared, choices))
        return fields
    for option, value in values.items():  # options the model does not declare
        if option not in names:
            fields.append(SetupField(f"{section}.{option}", _kind_of_value(value), value))
    return fields


def _option_field(
    section: str,
    option: str,
    value: object,
    start: object,
    declared: Mapping[str, FieldInfo],
    fixed: Mapping[str, tuple[str, ...]],
) -> SetupField:
    key = f"{section}.{option}"
    if option in fixed:
        return SetupField(key, "choice", value, fixed[option])
    if option == "source":
        return SetupField(key, "source", value)
    if option in declared:
        kind, choices, optional = _kind_of(declared[option].annotation)
        return SetupField(key, kind, value, choices, optional)
    return SetupField(key, _kind_of_value(start if start is not None else value), value)


def option_problems(data: Mapping[str, Any]) -> list[ConfigProblem]:
    """Real drivers' options whose value is not of its starting value's type."""
    problems = []
    for kind, section in ((data.get("devices") or {}) or {}).items():
        if not isinstance(section, Mapping):
            continue
        declared = _declared_options(str(kind))
        for f in section_fields(data, f"devices.{kind}"):
            if f.value is None or f.name == "driver" or f.name in declared:
                continue  # the model's own options are checked by the model
            wrong = (
                (f.kind == "int" and (isinstance(f.value, bool) or not isinstance(f.value, int)))
                or (f.kind == "float" and not isinstance(f.value, int | float))
                or (f.kind == "bool" and not isinstance(f.value, bool))
                or (f.kind == "choice" and f.value not in f.choices)
            )
            if wrong:
                words = {
                    "int": "must be a whole number",
                    "float": "must be a number",
                    "bool": "must be true or false",
                    "choice": f"must be one of {', '.join(f.choices)}",
                }
                problems.append(ConfigProblem(f.key, words.get(f.kind, "invalid")))
    return problems


# --------------------------------------------------------------------------- checking


#: the first line a save writes; dropped from the previous text before the next save
SAVED_HEADER = "# Saved by the kiosk's site setup"


def to_toml(data: Mapping[str, Any], previous: str | None = None) -> str:
    """``data`` as TOML. With ``previous`` (the file's text now), ``data`` is merged
    into it: what did not change keeps its comments and layout, what did is rewritten
    in place, keys that are gone are removed, new ones are appended to their table."""
    if previous is None:
        return tomlkit.dumps(dict(data))
    lines = previous.splitlines(keepends=True)
    if lines and lines[0].startswith(SAVED_HEADER):
        lines = lines[1:]
    document = tomlkit.parse("".join(lines))
    _merge(document, data)
    return tomlkit.dumps(document)


def _merge(table: Container | Table, data: Mapping[str, Any]) -> None:
    for key in [k for k in table if k not in data]:
        del table[key]
    for key, value in data.items():
        current = table.get(key)
        if isinstance(value, Mapping) and isinstance(current, Container | Table):
            _merge(current, value)
        elif current is None or _plain(current) != value:
            table[key] = value


def _plain(item: object) -> object:
    unwrap = getattr(item, "unwrap", None)
    return unwrap() if callable(unwrap) else item


def check(data: Mapping[str, Any]) -> list[ConfigProblem]:
    """Every problem of ``data`` as a site config, each naming its key."""
    problems = option_problems(data)
    try:
        text = to_toml(data)
    except (TypeError, ValueError) as exc:
        return [*problems, ConfigProblem("", f"cannot be written as TOML: {exc}")]
    try:
        parse_site_config(text, "site setup")
    except SiteConfigError as exc:
        problems += [ConfigProblem(i.key, i.message) for i in exc.issues]
    return problems


# --------------------------------------------------------------------------- the port


class SiteSetupService:
    """:class:`flows.site_setup.SiteSetup` over a site config file and the running devices.

    ``source`` is the file the kiosk started with; ``target`` the file a save
    writes (the same on a site; in the demo, the packaged demo config is not
    overwritten: saves go to the data dir). ``running`` are the sections the
    running ``devices`` were built from, ``resolved`` the same with demo
    placeholders replaced by the peers' ports.
    """

    def __init__(
        self,
        source: Path,
        target: Path,
        *,
        devices: DeviceSet | None = None,
        running: Mapping[str, Any] | None = None,
        resolved: Mapping[str, Mapping[str, object]] | None = None,
        terminal_id: str = "",
        clock: Callable[[], datetime] = datetime.now,
        test_timeout_s: float = 20.0,
    ) -> None:
        self.source = source
        self.target = target
        self.devices = devices
        self.running = dict(running or {})
        self.resolved = dict(resolved or {})
        self.terminal_id = terminal_id
        self._clock = clock
        self.test_timeout_s = test_timeout_s

    # ------------------------------------------------------------ load / save
    def load(self) -> LoadedConfig:
        path = self.target if self.target.exists() else self.source
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return LoadedConfig(data, str(path), str(self.target))

    def driver_options(self, kind: str, driver: str) -> dict[str, object]:
        return dict(DRIVER_OPTIONS.get((kind, driver), {}))

    def save(self, data: Mapping[str, Any]) -> SaveOutcome:
        problems = check(data)
        if problems:
            return SaveOutcome(tuple(problems))
        now = self._clock()
        target = self.target
        current = target if target.exists() else self.source
        previous = current.read_text(encoding="utf-8") if current.exists() else None
        body = to_toml(data, previous)
        target.parent.mkdir(parents=True, exist_ok=True)
        backup = self._backup(target, now)
        header = f"{SAVED_HEADER} on {now:%Y-%m-%d %H:%M:%S}"
        header += f"; the previous file is {backup.name}\n" if backup else "\n"
        _write_atomically(target, header + body)
        log.info("site config written", extra={"backup": backup is not None})
        return SaveOutcome((), str(target), str(backup) if backup else None)

    def _backup(self, target: Path, now: datetime) -> Path | None:
        current = target if target.exists() else self.source
        if not current.exists():
            return None
        stamp = f"{now:%Y%m%d-%H%M%S}"
        backup = target.with_name(f"{target.name}.{stamp}.bak")
        n = 1
        while backup.exists():
            backup = target.with_name(f"{target.name}.{stamp}-{n}.bak")
            n += 1
        shutil.copy2(current, backup)
        return backup

    # ------------------------------------------------------------ live tests
    def test_device(
        self, kind: str, data: Mapping[str, Any], target: str | None
    ) -> Operation[DeviceTestReport]:
        def work(op: Operation[DeviceTestReport]) -> Completion[DeviceTestReport]:
            return self._test(op, kind, data, target)

        return Operation[DeviceTestReport].spawn(
            f"setup.test.{kind}", work, timeout=self.test_timeout_s + 10
        )

    def _test(
        self,
        op: Operation[DeviceTestReport],
        kind: str,
        data: Mapping[str, Any],
        target: str | None,
    ) -> Completion[DeviceTestReport]:
        section = dict((data.get("devices") or {}).get(kind) or {})
        compartments = (data.get("lockers") or {}).get("compartments") or []
        running = self._running_device(kind)
        same = section == self.running.get(kind) and (
            kind != "lockers" or compartments == self.running.get("lockers.compartments")
        )
        same_port = any(
            k in section and section.get(k) == (self.running.get(kind) or {}).get(k)
            for k in PORT_KEYS
        )
        note: Text | None = None
        if running is not None and (same or same_port):
            device, temporary = running, False
            if not same:
                note = msg.SETUP_TESTED_RUNNING
        else:
            try:
                device = self._build(kind, section, data)
            except (DeviceConfigError, ValueError, TypeError) as exc:
                text = Text(f"配置有误：{exc}", f"Config problem: {exc}")
                return Completion.failure(CompletionCode.INVALID_DATA, text, str(exc))
            temporary = True
            device.open()
        try:
            done = self._exercise(op, kind, device, target)
        finally:
            if temporary:
                device.close()
        if done.ok and done.value is not None and note is not None:
            report = done.value
            joined = Text(f"{report.text.zh}（{note.zh}）", f"{report.text.en} ({note.en})")
            return Completion.success(DeviceTestReport(joined, report.image))
        return done

    def _running_device(self, kind: str) -> Device | None:
        if self.devices is None:
            return None
        device = getattr(self.devices, kind, None) or self.devices.extra.get(kind)
        return device if isinstance(device, Device) else None

    def _build(self, kind: str, section: Mapping[str, object], data: Mapping[str, Any]) -> Device:
        resolved = dict(section)
        for key, value in section.items():
            if value == DEMO_PLACEHOLDER and key in self.resolved.get(kind, {}):
                resolved[key] = self.resolved[kind][key]
        compartments = []
        if kind == "lockers":
            from kiosk.site_config import CompartmentConfig

            compartments = [
                CompartmentConfig.model_validate(c).to_compartment()
                for c in (data.get("lockers") or {}).get("compartments") or []
            ]
        return build_device(kind, resolved, compartments)

    def _exercise(
        self, op: Operation[DeviceTestReport], kind: str, device: Device, target: str | None
    ) -> Completion[DeviceTestReport]:
        wait = self.test_timeout_s
        if isinstance(device, IdCardReader):
            card = _run(op, device.read_card(wait), wait)
            if not card.ok or card.value is None:
                return _failed(card)
            return Completion.success(DeviceTestReport(msg.card_tested(card.value.id_number[-2:])))
        if isinstance(device, ReceiptPrinter):
            receipt = test_receipt(terminal_id=self.terminal_id, at=self._clock())
            printed = _run(op, device.print_receipt(receipt, wait), wait)
            if not printed.ok:
                return _failed(printed)
            return Completion.success(DeviceTestReport(msg.TEST_PRINTED, _preview(device, receipt)))
        if isinstance(device, LockerBank):
            if target is None:
                return Completion.failure(CompletionCode.INVALID_DATA, msg.NO_COMPARTMENT_SELECTED)
            opened = _run(op, device.open_door(target, wait), wait)
            if not opened.ok:
                return _failed(opened)
            return Completion.success(DeviceTestReport(msg.door_tested(target)))
        if isinstance(device, DocumentCamera):
            frame = _run(op, device.capture_page(wait), wait)
            if not frame.ok or frame.value is None:
                return _failed(frame)
            return Completion.success(DeviceTestReport(msg.TEST_OK, frame.value))
        if isinstance(device, QrScanner):
            scanned = _run(op, device.scan(wait), wait)
            if not scanned.ok or scanned.value is None:
                return _failed(scanned)
            return Completion.success(DeviceTestReport(msg.code_scanned(scanned.value)))
        status = device.status()
        if status.state is DeviceState.ONLINE:
            return Completion.success(DeviceTestReport(msg.TEST_OK))
        text = status.message or Text(
            f"设备状态：{status.state.value}", f"State: {status.state.value}"
        )
        return Completion.failure(CompletionCode.DEVICE_NOT_READY, text, status.detail)


def _run(op: Operation[DeviceTestReport], inner: Operation[Any], wait: float) -> Completion[Any]:
    """Wait for a device command, passing a cancel of the test on to it."""
    deadline = wait + 10
    while not inner.done() and deadline > 0:
        if op.wait_cancelled(0.05):
            inner.cancel()
        deadline -= 0.05
    return inner.result(1.0)


def _failed(c: Completion[Any]) -> Completion[DeviceTestReport]:
    return Completion.failure(c.code, c.message, c.detail)


def _preview(device: ReceiptPrinter, receipt: Any) -> Image | None:
    """The test receipt as the paper shows it (the printer's own bytes when it says them)."""
    try:
        from devices.printer.encoder import encode_receipt
        from devices.printer.render import render_job

        job_bytes = getattr(device, "job_bytes", None)
        job = job_bytes(receipt) if callable(job_bytes) else encode_receipt(receipt)
        picture = render_job(job)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        return Image(buffer.getvalue(), "image/png", picture.width, picture.height)
    except Exception:  # a preview must never fail the test print
        log.exception("receipt preview failed")
        return None


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a crash leaves either the old file or the new one."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def running_sections(config: SiteConfig) -> dict[str, Any]:
    """The sections the running devices were built from, as the file has them."""
    found: dict[str, Any] = dict(config.devices.as_mapping())
    found["lockers.compartments"] = [c.model_dump(mode="json") for c in config.lockers.compartments]
    return found
