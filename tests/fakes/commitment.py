"""A commitment form (告知承诺制) for the fake platform's residence matter: it stands in
for the residence permit. Long enough that the commitment page scrolls."""

from __future__ import annotations

from dataclasses import replace

from device_contracts import Text
from flows.commitment import CommitmentForm
from flows.domain import Catalog
from tests.fakes.platform import RESIDENCE

_CLAUSES_ZH = (
    "本人承诺所申报的居住地址真实，本人在该地址连续居住满半年。",
    "本人承诺所填写的身份、就业和社会保险信息真实、完整、有效。",
    "本人同意有关部门依法核查上述情况，并配合提供核查所需的信息。",
    "本人已知晓并理解承诺不实所应承担的全部法律后果。",
)
_CLAUSES_EN = (
    "I commit that the address I declare is true and that I have lived there for half a year.",
    "I commit that what I state about my identity, work and social insurance is true.",
    "I agree to the lawful verification of the above and will provide what it needs.",
    "I know and understand every legal consequence of a false commitment.",
)

FORM = CommitmentForm(
    form_id="residence_commitment",
    version=2,
    title=Text("居住情况告知承诺书", "Commitment on residence"),
    text=Text("\n\n".join(_CLAUSES_ZH * 3), "\n\n".join(_CLAUSES_EN * 3)),
    consequences=(
        Text("承诺不实的，撤销已作出的签注决定。", "If false, the endorsement is revoked."),
        Text("虚假承诺记入个人信用记录（失信）。", "A false commitment enters your credit record."),
        Text("构成违法犯罪的，依法追究法律责任。", "Where it is an offence, you are held liable."),
    ),
    replaces=("permit",),
    sha256="ab" * 32,
)


def with_commitment(catalog: Catalog) -> Catalog:
    """``catalog`` with the residence matter offering :data:`FORM`."""
    matters = tuple(
        replace(m, commitment=FORM) if m.code == RESIDENCE else m for m in catalog.matters
    )
    return replace(catalog, matters=matters)
