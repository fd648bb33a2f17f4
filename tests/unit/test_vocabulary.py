"""One vocabulary in both languages (issue 19 item 9): every text a resident or a
member of staff reads (the UI strings, the flows' messages, the paper receipts)
uses the glossary's one term per concept (assets/glossary.toml), never a second
name for the same thing; Chinese screens carry no raw keys or English words;
English counts its pages right."""

from __future__ import annotations

import importlib
import re
import string
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from device_contracts import Compartment, CompartmentRole, CompartmentSize, Text
from flows.domain import MaterialSpec, Matter, PickupTicket, SubmitResult, SubmitState
from flows.receipts import case_receipt, pickup_receipt
from kiosk import i18n

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = tomllib.loads((ROOT / "assets" / "glossary.toml").read_text(encoding="utf-8"))

#: ASCII words a Chinese screen may show: names of things that have no other name
#: there (ID, PDF, USB, QR codes ...), units, and the sizes' letters (S M L; the A of the
#: paper size A4)
ALLOWED_ASCII = frozenset(
    {"ID", "PDF", "JPG", "PNG", "USB", "U", "QR", "SMS", "PIN", "OCR", "CASE", "S", "M", "L", "A"}
    | {"English", "URL", "IP", "PC", "SC", "SAM", "TCP", "HTTP", "HTTPS", "API", "CPU", "EMS"}
)

#: the flows' modules whose module-level Text constants are shown or spoken
MESSAGE_MODULES = ("messages", "staff_messages", "lookup", "validation", "collection")


def ui_texts() -> Iterator[tuple[str, Text]]:
    """(where, text) for every string on a screen, in the voice or on a receipt."""
    for key, text in i18n.STRINGS.items():
        yield f"i18n {key}", text
    for module_name in MESSAGE_MODULES:
        module = importlib.import_module(f"flows.{module_name}")
        for name, value in vars(module).items():
            if isinstance(value, Text):
                yield f"flows.{module_name}.{name}", value
    for i, line in enumerate(_receipt_lines()):
        yield f"receipt line {i}", Text(line, "")


def _receipt_lines() -> list[str]:
    spec = MaterialSpec("hukou_book", Text("居民户口簿", "Household register"))
    matter = Matter(
        "M1", Text("户口迁入", "Hukou transfer"), "户籍", Text("公安局", "Police"), 10, (spec,), ()
    )
    at = datetime(2026, 12, 6, 3, 0)
    compartment = Compartment("A01", 1, 1, CompartmentSize.M, CompartmentRole.DROP)
    lines: list[str] = []
    for provisional in (False, True):
        receipt = case_receipt(
            terminal_id="T1",
            submitted_at=at,
            matter=matter,
            applicant_name="张三",
            result=SubmitResult(
                SubmitState.QUEUED if provisional else SubmitState.ACCEPTED, "C1", "k"
            ),
            compartment=compartment,
            deferred=(spec,),
            licensed=(spec,),
        )
        lines += [line.text for line in receipt.lines]
    ticket = PickupTicket("C1", Text("户口迁入", "Hukou transfer"), "B01")
    lines += [
        line.text for line in pickup_receipt(terminal_id="T1", collected_at=at, ticket=ticket).lines
    ]
    return lines


def _english(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", re.IGNORECASE)


def test_the_glossary_has_one_zh_and_one_en_term_per_concept() -> None:
    assert len(GLOSSARY) >= 10
    seen: dict[str, str] = {}
    for concept, entry in GLOSSARY.items():
        assert entry["zh"] and entry["en"], concept
        for term in (entry["zh"], entry["en"].lower()):
            assert term not in seen, f"{term!r}: both {seen.get(term)} and {concept}"
            seen[term] = concept
        # a concept's own term is never on another's list of second names
    for concept, entry in GLOSSARY.items():
        for other in GLOSSARY.values():
            assert entry["zh"] not in other["avoid_zh"], concept
            assert entry["en"].lower() not in {t.lower() for t in other["avoid_en"]}, concept


def test_no_second_name_for_a_concept() -> None:
    wrong: list[str] = []
    texts = list(ui_texts())
    assert len(texts) > 300  # the walk found the strings
    for concept, entry in GLOSSARY.items():
        patterns = [(t, _english(t)) for t in entry["avoid_en"]]
        for where, text in texts:
            wrong += [
                f"{where}: {t!r} (say {entry['zh']!r}, {concept})"
                for t in entry["avoid_zh"]
                if t in text.zh
            ]
            wrong += [
                f"{where}: {t!r} (say {entry['en']!r}, {concept})"
                for t, p in patterns
                if text.en and p.search(text.en)
            ]
    assert not wrong, "\n".join(wrong)


def test_the_glossary_terms_are_the_ones_in_use() -> None:
    """A glossary that names terms no screen uses has drifted from the screens."""
    zh = "\n".join(t.zh for _, t in ui_texts())
    en = "\n".join(t.en for _, t in ui_texts())
    unused = [c for c, e in GLOSSARY.items() if e["zh"] not in zh]
    unused += [c for c, e in GLOSSARY.items() if not _english(e["en"]).search(en)]
    assert not unused, unused


def test_chinese_strings_carry_no_english_words_or_raw_keys() -> None:
    wrong: list[str] = []
    for where, text in ui_texts():
        if where.startswith("receipt"):
            continue  # filled with codes and ids, which are ASCII
        shown = re.sub(r"\{[a-z_]+\}", "", text.zh)  # fields are filled in
        shown = re.sub(r"[A-Z]+-\d[\d-]*", "", shown)  # an example code (CASE-20261123-1)
        words = set(re.findall(r"[A-Za-z][A-Za-z_.]*", shown)) - ALLOWED_ASCII
        if words:
            wrong.append(f"{where}: {sorted(words)} in {text.zh!r}")
    assert not wrong, "\n".join(wrong)


def test_every_site_setup_field_and_section_has_a_chinese_label() -> None:
    """The technician's site setup shows a label for each config key, never the key
    itself (``timezone``) on a Chinese screen."""
    from kiosk.site_config import load_site_config
    from kiosk.site_setup import DRIVER_OPTIONS, section_fields

    data = load_site_config(ROOT / "assets" / "site" / "demo.toml").model_dump(mode="json")
    sections = [k for k, v in data.items() if isinstance(v, dict) and k != "devices"]
    sections += [f"devices.{k}" for k in data.get("devices", {})]
    missing: set[str] = set()
    for section in sections:
        if i18n.tr(f"setup.section.{section}", "zh") == f"setup.section.{section}":
            missing.add(f"setup.section.{section}")
        for f in section_fields(data, section):
            if f"setup.key.{f.name}" not in i18n.STRINGS:
                missing.add(f"setup.key.{f.name}")
    for options in DRIVER_OPTIONS.values():
        missing |= {f"setup.key.{o}" for o in options if f"setup.key.{o}" not in i18n.STRINGS}
    assert not missing, sorted(missing)


@pytest.mark.parametrize(("n", "en"), [(1, "1 page"), (2, "2 pages"), (0, "0 pages")])
def test_english_counts_pages_right(n: int, en: str) -> None:
    assert i18n.tr("review.pages", "en", n=n) == en
    assert i18n.tr("review.pages", "zh", n=n) == f"{n} 页"


def test_english_says_one_of_a_thing_in_the_singular() -> None:
    """Every counted string rendered with 1: never "1 attempts left", "1 days"."""
    wrong: list[str] = []
    for key, text in i18n.STRINGS.items():
        if key.endswith(".one"):
            continue
        fields = {name for _, name, _, _ in string.Formatter().parse(text.en) if name}
        if not fields & set(i18n.COUNT_FIELDS):
            continue
        shown = i18n.tr(key, "en", **{name: 1 for name in fields})
        if re.search(r"\b1 (working )?(pages|attempts|matters|days|compartments)\b", shown):
            wrong.append(f"{key}: {shown!r}")
    assert not wrong, wrong


def test_no_english_string_hedges_its_plural() -> None:
    hedged = [k for k, t in i18n.STRINGS.items() if re.search(r"\w\((s|es)\)", t.en)]
    assert not hedged, hedged


def test_site_setup_labels_carry_no_config_key_in_chinese() -> None:
    from kiosk.site_setup import SetupField
    from kiosk.ui.screens.site_setup import _field_label
    from kiosk.ui.widgets.tr import render

    field = SetupField("terminal.timezone", "text", "Asia/Shanghai")
    assert render(_field_label(field), "zh") == "时区"
    assert render(_field_label(field), "en") == "Time zone · timezone"
