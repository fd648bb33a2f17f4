"""The whole document read on generated, badly photographed pages (real OCR models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from device_contracts import Image
from devices.sim.page_images import sample_pages
from tests.vision.docgen import Doc, documents, edit_distance, id_number, photograph, render
from vision.imaging import decode
from vision.ocr import Engine, OcrEngine
from vision.pipeline import read_page, read_page_operation, read_raw
from vision.tool import ocr_command

pytestmark = pytest.mark.usefixtures("ocr_engine")

MAX_CER = 0.02


@pytest.fixture(scope="module")
def readings() -> list[tuple[Doc, dict[str, str], str]]:
    out = []
    for i, doc in enumerate(documents()):
        reading = read_page(photograph(render(doc), seed=10 + i), [doc.doc_type, "id_card"])
        out.append((doc, dict(reading.fields.fields), reading.doc_type))
    return out


def test_field_character_error_rate_under_two_percent(
    readings: list[tuple[Doc, dict[str, str], str]],
) -> None:
    errors = total = 0
    for doc, fields, _t in readings:
        for key, expected in doc.fields.items():
            errors += edit_distance(expected, fields.get(key, ""))
            total += len(expected)
    assert total > 150
    assert errors / total < MAX_CER


def test_each_page_is_classified_as_its_material(
    readings: list[tuple[Doc, dict[str, str], str]],
) -> None:
    assert [t for _d, _f, t in readings] == [doc.doc_type for doc, _f, _t in readings]


def test_wrong_id_check_digit_is_flagged_through_ocr() -> None:
    bad = id_number("11010519880716301", wrong=True)
    doc = Doc(
        "application_form",
        "政务服务事项申请表",
        ("申请人姓名：陈建国", f"证件号码：{bad}", "联系电话：13812345678"),
        {},
    )
    reading = read_page(photograph(render(doc), seed=99))
    assert reading.fields.fields["id_number"] == bad
    assert ("id_number", "check_digit") in [(p.field, p.code) for p in reading.fields.problems]


def test_simulated_camera_pages_read_and_classify() -> None:
    types = [read_page(page).doc_type for page in sample_pages()]
    assert types == ["hukou", "marriage_cert", "application_form"]


def test_raw_engine_reads_the_uncropped_photo_too(ocr_engine: Engine) -> None:
    lines = read_raw(sample_pages()[0])
    assert any("常住人口登记卡" in line.text for line in lines)


def test_read_page_runs_as_an_operation() -> None:
    op = read_page_operation(sample_pages()[1], ["marriage_cert"])
    completion = op.result(timeout=60)
    assert completion.ok and completion.value is not None
    assert completion.value.doc_type == "marriage_cert"
    assert "王芳" not in repr(completion.value)  # personal data stays out of reprs


def test_ocr_command_json(tmp_path: Path) -> None:
    page: Image = sample_pages()[0]
    path = tmp_path / "page.jpg"
    path.write_bytes(page.data)
    code, out = ocr_command(str(path), as_json=True)
    assert code == 0
    data = json.loads(out)
    assert data["doc_type"] == "hukou"
    assert data["fields"]["id_number"] == "110112198503121238"
    assert {"text", "box", "score"} <= set(data["lines"][0])
    assert len(data["lines"][0]["box"]) == 4


def test_ocr_command_rejects_a_non_image(tmp_path: Path) -> None:
    path = tmp_path / "not.jpg"
    path.write_bytes(b"no picture here")
    code, out = ocr_command(str(path), as_json=True)
    assert code == 2
    assert "cannot read" in out


def test_models_load_from_the_wheels_without_network() -> None:
    """The in-process engines, built with every connection refused (nothing downloads)."""
    from tests.vision.conftest import no_network
    from vision.face_models import FaceModels

    with no_network():
        engine = OcrEngine()
        models = FaceModels()
    assert any("户口簿" in line.text for line in engine.read(decode(sample_pages()[0])))
    assert models.detect(decode(sample_pages()[0])) == []  # no face on a page
