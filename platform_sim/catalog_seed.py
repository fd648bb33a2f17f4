"""The seed catalogue, read from ``seed_data/catalog.toml`` and expanded into the wire
shape the simulator serves.

The file names materials, form fields and departments once and lets each matter
refer to them by key (``{ code = "hukou", defer_days = 5 }`` for a material under
容缺受理, an inline ``{ key, zh, en }`` for a field labelled otherwise in one
matter). A mistake in the file (an unknown key, a category that does not exist, a
matter the wire could not carry) stops the simulator at start with the matter's
code, never half a catalogue in the database.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from platform_contract.commitment import CommitmentFormOut, FormId, form_fields, form_sha256
from platform_contract.schemas import Bilingual, CategoryOut, FieldOut, MaterialOut, MatterOut

CATALOG_FILE = Path(__file__).with_name("seed_data") / "catalog.toml"
Json = dict[str, Any]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Material(_Strict):
    zh: str
    en: str
    doc_type: str = ""


class _MaterialRef(_Strict):
    code: str
    optional: bool = False
    #: 容缺受理: accepted now, handed in within this many days
    defer_days: int = Field(default=0, ge=0)


class _Field(_Strict):
    zh: str
    en: str
    kind: Literal["text", "phone", "date", "choice"] = "text"
    prefill: str = ""
    choices: list[tuple[str, str]] = []


class _FieldRef(_Strict):
    """A shared field's key with the label this matter gives it."""

    key: str
    zh: str
    en: str


class _Matter(_Strict):
    code: str
    category: str
    name: Bilingual
    department: str
    processing_days: int = Field(ge=0)
    materials: list[str | _MaterialRef]
    form_base: str = "person"
    fields: list[str | _FieldRef] = []
    drop_size: Literal["S", "M", "L"] = "M"
    keywords: list[str] = []
    fee: Bilingual | None = None
    #: paid at the kiosk before submit (issue 23); the ``fee`` line says it in words
    fee_fen: int = Field(default=0, ge=0)
    delivery: list[Literal["locker", "post", "in_person"]] | None = None
    #: 秒批: decided by rule on submit (no paper to check)
    instant_approval: bool = False
    #: 告知承诺制: the commitment form signed instead of the materials it replaces
    commitment: FormId | None = None


class _Commitment(_Strict):
    version: int = Field(ge=1)
    title: Bilingual
    text: Bilingual
    consequences: list[Bilingual] = Field(min_length=1)
    replaces: list[str] = Field(min_length=1)


class _CatalogFile(_Strict):
    e_licences: frozenset[str]
    materials: dict[str, _Material]
    fields: dict[str, _Field]
    form_bases: dict[str, list[str]]
    departments: dict[str, Bilingual]
    categories: list[CategoryOut]
    matters: list[_Matter]
    commitments: dict[FormId, _Commitment] = {}


class CatalogFileError(ValueError):
    """The seed file names something it does not define."""


def _material(book: _CatalogFile, ref: str | _MaterialRef) -> MaterialOut:
    ref = ref if isinstance(ref, _MaterialRef) else _MaterialRef(code=ref)
    found = book.materials.get(ref.code)
    if found is None:
        raise CatalogFileError(f"unknown material {ref.code!r}")
    return MaterialOut(
        code=ref.code,
        name=Bilingual(zh=found.zh, en=found.en),
        required=not ref.optional,
        deferrable=ref.defer_days > 0,
        deferral_days=ref.defer_days,
        doc_type=found.doc_type or ref.code,
        e_licence=ref.code in book.e_licences,
    )


def _field(book: _CatalogFile, ref: str | _FieldRef) -> FieldOut:
    key = ref.key if isinstance(ref, _FieldRef) else ref
    found = book.fields.get(key)
    if found is None:
        raise CatalogFileError(f"unknown field {key!r}")
    label = (ref.zh, ref.en) if isinstance(ref, _FieldRef) else (found.zh, found.en)
    return FieldOut(
        key=key,
        label=Bilingual(zh=label[0], en=label[1]),
        kind=found.kind,
        prefill=found.prefill,
        choices=[Bilingual(zh=zh, en=en) for zh, en in found.choices],
    )


def _matter(book: _CatalogFile, m: _Matter, categories: set[str]) -> MatterOut:
    if m.category not in categories:
        raise CatalogFileError(f"unknown category {m.category!r}")
    if m.department not in book.departments:
        raise CatalogFileError(f"unknown department {m.department!r}")
    if m.form_base not in book.form_bases:
        raise CatalogFileError(f"unknown form base {m.form_base!r}")
    # the person's fields first (pre-filled from the card); the delivery (locker or post)
    # is the declaration's own step after the materials (物流服务), not a form field
    form: list[str | _FieldRef] = [*book.form_bases[m.form_base], *m.fields]
    extra: Json = {}
    if m.fee is not None:
        extra["fee"] = m.fee
    if m.delivery is not None:
        extra["delivery"] = m.delivery
    if m.commitment is not None:
        extra["commitment"] = _commitment(book, m)
    return MatterOut(
        code=m.code,
        name=m.name,
        category=m.category,
        department=book.departments[m.department],
        processing_days=m.processing_days,
        materials=[_material(book, ref) for ref in m.materials],
        fields=[_field(book, ref) for ref in form],
        drop_size=m.drop_size,
        keywords=m.keywords,
        guide_url=f"/guides/{m.code}",  # served by platform_sim/guides.py
        instant_approval=m.instant_approval,
        fee_fen=m.fee_fen,
        **extra,
    )


def _commitment(book: _CatalogFile, m: _Matter) -> CommitmentFormOut:
    """The matter's commitment form with its hash; it may replace only its own materials."""
    assert m.commitment is not None
    found = book.commitments.get(m.commitment)
    if found is None:
        raise CatalogFileError(f"unknown commitment form {m.commitment!r}")
    own = {ref if isinstance(ref, str) else ref.code for ref in m.materials}
    foreign = [code for code in found.replaces if code not in own]
    if foreign:
        raise CatalogFileError(f"commitment {m.commitment!r} replaces {foreign[0]!r}, not asked")
    f = found
    fields = form_fields(m.commitment, f.version, f.title, f.text, f.consequences, f.replaces)
    return CommitmentFormOut(
        form_id=m.commitment,
        version=f.version,
        title=f.title,
        text=f.text,
        consequences=f.consequences,
        replaces=f.replaces,
        sha256=form_sha256(fields),
    )


@cache
def load_seed_catalog(path: Path = CATALOG_FILE) -> tuple[list[Json], list[Json]]:
    """(categories, matters) as the wire's JSON, in the file's order."""
    book = _CatalogFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    codes = {c.code for c in book.categories}
    matters: list[Json] = []
    for m in book.matters:
        try:
            matters.append(_matter(book, m, codes).model_dump(mode="json"))
        except CatalogFileError as exc:
            raise CatalogFileError(f"{path.name}: matter {m.code}: {exc}") from None
    if len({m["code"] for m in matters}) != len(matters):
        raise CatalogFileError(f"{path.name}: a matter code is used twice")
    return [c.model_dump(mode="json") for c in book.categories], matters
