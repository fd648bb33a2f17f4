"""Checking the pages a resident captured against the matter's material list (申请材料)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flows.domain import MaterialPage, MaterialSpec, Matter


@dataclass(frozen=True)
class MaterialCheck:
    """Where a declaration's materials stand."""

    #: required, not deferred, and no page yet: these block the next step
    missing: tuple[MaterialSpec, ...]
    #: the missing ones the resident may hand in later instead (容缺受理)
    deferrable: tuple[MaterialSpec, ...]
    #: materials the resident chose to hand in later
    deferred: tuple[MaterialSpec, ...]
    #: materials the platform holds as the applicant's electronic licence and that no
    #: page was captured for: the licence stands in for the paper (减材料)
    licensed: tuple[MaterialSpec, ...] = ()
    #: materials the resident's signed commitment stands in for (告知承诺制)
    committed: tuple[MaterialSpec, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def check_materials(
    matter: Matter,
    pages: Iterable[MaterialPage],
    deferred: Collection[str],
    licensed: Collection[str] = (),
    committed: Collection[str] = (),
) -> MaterialCheck:
    """Compare captured pages, electronic licences and deferrals with what ``matter``
    asks for.

    A deferral only counts for a material the matter marks deferrable, so a
    stale or forged code in ``deferred`` cannot waive a material. ``licensed`` are
    the material codes of the applicant's verified electronic licences; captured
    pages win over a licence (the resident chose to hand in the paper), and a
    licensed material needs no deferral. ``committed``: the materials a signed
    commitment stands in for (no page is asked for them, none is needed).
    """
    committed_specs = tuple(m for m in matter.materials if m.code in committed)
    have = {page.material_code for page in pages} | {m.code for m in committed_specs}
    licensed_specs = tuple(m for m in matter.materials if m.code in licensed and m.code not in have)
    covered = have | {m.code for m in licensed_specs}
    deferred_specs = tuple(
        m for m in matter.materials if m.deferrable and m.code in deferred and m.code not in covered
    )
    waived = {m.code for m in deferred_specs}
    missing = tuple(
        m for m in matter.materials if m.required and m.code not in covered and m.code not in waived
    )
    return MaterialCheck(
        missing=missing,
        deferrable=tuple(m for m in missing if m.deferrable),
        deferred=deferred_specs,
        licensed=licensed_specs,
        committed=committed_specs,
    )


def is_deferrable(matter: Matter, material_code: str) -> bool:
    return any(m.code == material_code and m.deferrable for m in matter.materials)


def supplement_deadline(spec: MaterialSpec, submitted: date) -> date:
    """The date by which a deferred material must be added (补齐补正).

    Calendar days: the platform's notice (补齐补正通知书) is authoritative and
    may move it for holidays; the receipt shows the kiosk's estimate.
    """
    return submitted + timedelta(days=spec.deferral_days)
