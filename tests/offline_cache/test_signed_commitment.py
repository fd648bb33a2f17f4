"""告知承诺制 (issue 21.6) through the kiosk's own platform port against the running
simulator: the terminal's key is made once in the data directory, registered with the
platform and signs the commitment as the case is stored; the platform accepts it in
place of the material it replaces. A commitment on another form is refused with the
platform's words and the outbox keeps the case (failed, for staff). A catalogue form
whose text no longer matches its hash is not offered (the material is asked for)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from flows.commitment import CommitmentForm, SignedCommitment
from flows.domain import CaseDraft, MaterialPage, SubmitState
from offline_cache import from_wire
from offline_cache.errors import PlatformRejected
from offline_cache.outbox_items import OutboxState
from offline_cache.platform_port import KioskPlatform
from offline_cache.terminal_key import KEY_FILE
from platform_contract.schemas import CatalogOut
from tests.fakes.signatures import WRITTEN_NAME
from tests.offline_cache.conftest import SwitchablePlatform
from tests.offline_cache.test_instant_decision import _kiosk
from tests.platform.helpers import draft, session

MATTER = "JY004"  # 学生资助申请: the household_income commitment replaces income_proof
STROKES = WRITTEN_NAME


def _form(kiosk: KioskPlatform, matter: str) -> CommitmentForm:
    form = kiosk.catalog().matter(matter).commitment
    assert form is not None
    return form


def _committed(form: CommitmentForm) -> CaseDraft:
    d = draft(matter=MATTER)
    image = d.pages[0].image
    return replace(
        d,
        form={**d.form, "child_name": "张小明", "school": "北京市第一中学"},
        pages=(*d.pages, MaterialPage("hukou", image)),
        commitment=SignedCommitment(form, STROKES, datetime.now().astimezone()),
    )


def test_a_signed_commitment_is_accepted_in_place_of_the_material(
    platform_server: SwitchablePlatform, data_dir: Path
) -> None:
    platform_server.start()
    kiosk = _kiosk(platform_server.url, data_dir)
    try:
        key_id = kiosk.client.terminal_key.key_id
        result = kiosk.submit_case(_committed(_form(kiosk, MATTER)))
    finally:
        kiosk.close()
    assert result.state is SubmitState.ACCEPTED
    assert (data_dir / KEY_FILE).stat().st_mode & 0o077 == 0  # the seed is the kiosk's only
    again = _kiosk(platform_server.url, data_dir)
    try:
        assert again.client.terminal_key.key_id == key_id  # kept across restarts
    finally:
        again.close()


def test_a_commitment_on_another_form_is_refused_and_the_case_kept(
    platform_server: SwitchablePlatform, data_dir: Path
) -> None:
    platform_server.start()
    kiosk = _kiosk(platform_server.url, data_dir)
    try:
        # the business-premises form of SC001, signed correctly, on a JY004 case
        d = _committed(_form(kiosk, "SC001"))
        with pytest.raises(PlatformRejected) as refused:
            kiosk.submit_case(d)
        kept = kiosk.outbox.lookup_case(d.idempotency_key)
    finally:
        kiosk.close()
    assert refused.value.code == "commitment_not_verified"
    assert refused.value.message.zh == "承诺书签名校验未通过，请联系工作人员"
    assert kept is not None and kept.state is OutboxState.FAILED


def test_a_form_whose_text_was_changed_is_not_offered(
    platform_server: SwitchablePlatform,
) -> None:
    platform_server.start()
    catalog = session().get(platform_server.url + "/api/v1/catalog", timeout=5).json()
    for matter in catalog["matters"]:
        if matter["code"] == MATTER:  # a lighter commitment, the platform's hash kept
            matter["commitment"]["consequences"] = matter["commitment"]["consequences"][:1]
    # the client's conversion of the answer (the proxy would drop the ETag it needs)
    matter = from_wire.catalog(CatalogOut.model_validate(catalog)).matter(MATTER)
    assert matter.commitment is None
    assert "income_proof" in {m.code for m in matter.materials if m.required}


def test_a_commitment_signed_offline_is_verified_once_forwarded(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    """The key is registered when the case first reaches the platform, by the forwarder
    as well as by the resident's own submit."""
    platform_server.start()
    form = _form(kiosk_platform, MATTER)  # the catalogue, cached while the platform was up
    platform_server.stop()
    d = _committed(form)
    assert kiosk_platform.submit_case(d).state is SubmitState.QUEUED
    platform_server.start()
    assert kiosk_platform.forwarder is not None
    assert kiosk_platform.forwarder.flush()
    kept = kiosk_platform.outbox.lookup_case(d.idempotency_key)
    assert kept is not None and kept.state is OutboxState.ACCEPTED
