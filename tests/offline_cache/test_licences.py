"""The kiosk's side of electronic licences (电子证照): the lookup through the real client,
and a case naming a licence through the outbox, the wire format and the simulator."""

from __future__ import annotations

import dataclasses

import pytest

from device_contracts import Image
from flows.domain import MaterialPage
from flows.ports import PlatformUnavailable
from offline_cache.platform_port import KioskPlatform
from offline_cache.wire import draft_to_wire
from tests.offline_cache.conftest import SwitchablePlatform
from tests.platform.helpers import PEOPLE, PNG, draft

LI = PEOPLE[1]  # 李秀英: her household register is on file


def test_the_wire_names_licences_only_when_used() -> None:
    plain = draft()
    assert "e_licences" not in draft_to_wire(plain, "BJTZ-0001-000001")
    used = dataclasses.replace(plain, e_licences=(("hukou", "HK-110101-1998-020417"),))
    assert draft_to_wire(used, "BJTZ-0001-000001")["e_licences"] == [
        {"material_code": "hukou", "licence_no": "HK-110101-1998-020417"}
    ]


def test_licences_through_the_client_and_a_case_that_uses_one(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.start()
    licences = kiosk_platform.person_licences(LI["id_number"])
    assert sorted(e.material_code for e in licences) == ["disability_cert", "hukou"]
    hukou = next(e for e in licences if e.material_code == "hukou")
    assert hukou.holder_id_number == LI["id_number"]
    assert hukou.issuer.zh == "北京市公安局东城分局"
    assert "HK-" not in repr(hukou), "no licence number in a log line"
    assert kiosk_platform.person_licences("110101199001011237") == []

    base = draft(person=1, matter="HJ001")
    case = dataclasses.replace(
        base,
        form={**base.form, "address": LI["address"], "reason": "有效期满"},
        pages=(
            MaterialPage("id_card", Image(PNG, "image/png", 8, 8)),
            MaterialPage("photo", Image(PNG, "image/png", 8, 8)),
        ),
        e_licences=(("hukou", hukou.licence_no),),
    )
    result = kiosk_platform.submit_case(case)
    assert not result.provisional, "the platform accepted it with the licence for the paper"


def test_no_answer_is_unavailable_not_an_empty_list(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    # the flow must tell "none on file" from "could not ask": the resident then hands
    # in the paper, and is not told the platform has nothing
    with pytest.raises(PlatformUnavailable):
        kiosk_platform.person_licences(LI["id_number"])
