"""Prefill, validation, materials and receipts: the flows' pure helpers."""

from __future__ import annotations

from datetime import datetime

from device_contracts import Compartment, CompartmentRole, CompartmentSize, Text
from flows.domain import MaterialPage, PickupTicket, SubmitResult, SubmitState
from flows.materials import check_materials, supplement_deadline
from flows.prefill import applicant_from_card, prefill_form
from flows.receipts import case_receipt, mask_name, pickup_receipt
from flows.validation import validate_form
from tests.fakes.devices import page_image, sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT, sample_catalog

MATTER = sample_catalog().matter(HUKOU)


def page(code: str) -> MaterialPage:
    return MaterialPage(code, page_image())


def test_prefill_from_card_and_from_applicant_alone() -> None:
    card = sample_card()
    form = prefill_form(MATTER.fields, card=card, person={"phone": "13900000000"})
    assert form["name"] == "张三" and form["gender"] == "男" and form["phone"] == "13900000000"
    assert form["move_date"] == "" and form["remark"] == ""
    assert set(form) == {f.key for f in MATTER.fields}
    from_applicant = prefill_form(MATTER.fields, applicant=applicant_from_card(card))
    assert from_applicant["id_number"] == card.id_number and from_applicant["gender"] == "男"


def test_validation_kinds() -> None:
    ok = prefill_form(MATTER.fields, card=sample_card()) | {
        "phone": "010-12345678",
        "move_date": "2026-12-01",
    }
    assert validate_form(MATTER.fields, ok) == {}
    bad = ok | {"gender": "其他", "phone": "abc"}
    assert set(validate_form(MATTER.fields, bad)) == {"gender", "phone"}


def test_material_check_missing_deferrable_and_forged_deferral() -> None:
    check = check_materials(MATTER, [page("hukou_book")], deferred={"id_card_copy"})
    assert [m.code for m in check.missing] == ["id_card_copy", MARRIAGE_CERT]
    assert [m.code for m in check.deferrable] == [MARRIAGE_CERT]
    assert not check.complete
    done = check_materials(
        MATTER, [page("hukou_book"), page("id_card_copy")], deferred={MARRIAGE_CERT}
    )
    assert done.complete and [m.code for m in done.deferred] == [MARRIAGE_CERT]


def test_material_check_with_licences() -> None:
    # the register by licence, the marriage certificate both licensed and deferred: the
    # licence covers it, so nothing is left to hand in later
    check = check_materials(
        MATTER,
        [page("id_card_copy")],
        deferred={MARRIAGE_CERT},
        licensed={"hukou_book", MARRIAGE_CERT},
    )
    assert check.complete
    assert [m.code for m in check.licensed] == ["hukou_book", MARRIAGE_CERT]
    assert check.deferred == ()
    # a page for a licensed material: the paper is used, the licence is not
    paper = check_materials(
        MATTER, [page("hukou_book"), page("id_card_copy")], set(), {"hukou_book"}
    )
    assert paper.licensed == () and [m.code for m in paper.missing] == [MARRIAGE_CERT]


def test_mask_name() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("") == ""


def test_case_receipt_contents() -> None:
    at = datetime(2026, 11, 3, 21, 15)
    spec = MATTER.materials[2]
    compartment = Compartment("A02", 1, 2, CompartmentSize.M, CompartmentRole.DROP)
    receipt = case_receipt(
        terminal_id="T1",
        submitted_at=at,
        matter=MATTER,
        applicant_name="张三",
        result=SubmitResult(SubmitState.ACCEPTED, "CASE-1", "k"),
        compartment=compartment,
        deferred=[spec],
    )
    text = receipt.plain_text()
    assert text.startswith("北京市政务服务 24小时自助服务区\n办件回执")
    for part in ("T1", "2026-11-03 21:15", MATTER.name.zh, "张*", "CASE-1", "A02", "结婚证"):
        assert part in text
    assert supplement_deadline(spec, at.date()).isoformat() == "2026-11-13"
    assert "2026年11月13日前" in text
    assert receipt.qr == "CASE-1" and "临时" not in text

    queued = case_receipt(
        terminal_id="T1",
        submitted_at=at,
        matter=MATTER,
        applicant_name="张三",
        result=SubmitResult(SubmitState.QUEUED, "T1-000007", "k"),
        compartment=None,
    )
    assert "临时编码：T1-000007" in queued.plain_text() and "短信" in queued.plain_text()
    assert "工作人员" in queued.plain_text()


def test_pickup_receipt() -> None:
    receipt = pickup_receipt(
        terminal_id="T1",
        collected_at=datetime(2026, 11, 4, 8, 0),
        ticket=PickupTicket("CASE-9", Text("居住证签注", "Permit"), "B02"),
    )
    assert "取件回执" in receipt.plain_text() and "B02" in receipt.plain_text()
