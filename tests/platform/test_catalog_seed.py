"""The seed catalogue is data (platform_sim/seed_data/catalog.toml), checked when read:
a typo in the file stops the simulator with the matter's code, not a half catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from platform_sim.catalog_seed import CATALOG_FILE, CatalogFileError, load_seed_catalog


def test_the_shipped_catalogue_reads_into_the_wire_shape() -> None:
    categories, matters = load_seed_catalog()
    codes = {c["code"] for c in categories}
    assert len(matters) >= 60 and all(m["category"] in codes for m in matters)
    renew = next(m for m in matters if m["code"] == "HJ001")
    hukou = next(x for x in renew["materials"] if x["code"] == "hukou")
    # a material under 容缺受理, issued as an e-licence, by reference in the file
    assert (hukou["deferrable"], hukou["deferral_days"], hukou["e_licence"]) == (True, 5, True)
    keys = [f["key"] for f in renew["fields"]]
    assert keys[:4] == ["name", "id_number", "address", "phone"] and "delivery" not in keys
    assert renew["guide_url"] == "/guides/HJ001" and renew["fee"]["zh"] == "工本费 20 元"


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = CATALOG_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "catalog.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unknown_material_names_the_matter(tmp_path: Path) -> None:
    path = _edited(tmp_path, '"id_card", { code = "hukou", defer_days = 5 }', '"id_cardd"')
    with pytest.raises(CatalogFileError, match=r"matter HJ001: unknown material 'id_cardd'"):
        load_seed_catalog(path)


def test_an_unknown_category_names_the_matter(tmp_path: Path) -> None:
    path = _edited(tmp_path, 'code = "HJ001"\ncategory = "hukou"', 'code = "HJ001"\ncategory = "x"')
    with pytest.raises(CatalogFileError, match=r"matter HJ001: unknown category 'x'"):
        load_seed_catalog(path)


def test_a_misspelt_setting_is_refused(tmp_path: Path) -> None:
    path = _edited(tmp_path, "processing_days = 15", "procesing_days = 15")
    with pytest.raises(ValidationError, match="procesing_days"):
        load_seed_catalog(path)
