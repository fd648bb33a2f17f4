"""Electronic licences (电子证照) the simulated platform holds for its demo people, the
lookup a terminal makes, and the check a submitted case's licences must pass.

电子证照对比核验 "减材料": the terminal asks which of a matter's materials the platform
already holds as an electronic licence of the applicant, and the resident hands in no
paper for those. The platform checks on submit that each licence a case names exists,
is of that material and belongs to the applicant, so a terminal cannot waive a
material with a made-up or borrowed licence number.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from platform_contract.schemas import Bilingual, ELicenceIn, ELicenceListOut, ELicenceOut
from platform_sim.auth import Db, Terminal
from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.routes_public import AUTH_ERRORS
from platform_sim.store.transaction import StoreRow, Tx

router = APIRouter()
IdNumber = Annotated[str, Path(pattern=r"^[0-9A-Z]{15,18}$")]


#: the demo people's licences (assets/sample/identities.json); fictional numbers
DEMO_LICENCES = (
    # 张伟: his marriage certificate is on file (his household register is not: the demo
    # tour hands that in later, 容缺)
    (
        "JZ-110112-2012-000832",
        "110112198503121238",
        "marriage_cert",
        ("结婚证", "Marriage certificate"),
        ("通州区民政局", "Tongzhou District Civil Affairs Bureau"),
        "2012-10-08",
    ),
    # 李秀英: her household register and her disability certificate
    (
        "HK-110101-1998-020417",
        "110101195211082465",
        "hukou",
        ("居民户口簿", "Household register (hukou booklet)"),
        ("北京市公安局东城分局", "Dongcheng Branch, Beijing Public Security Bureau"),
        "1998-03-02",
    ),
    (
        "CJ-110101-2019-017733",
        "110101195211082465",
        "disability_cert",
        ("残疾人证", "Disability certificate"),
        ("东城区残疾人联合会", "Dongcheng District Disabled Persons' Federation"),
        "2019-04-22",
    ),
    # 刘洋: his driving licence
    (
        "JSZ-131082-2021-550912",
        "131082200101303176",
        "driving_licence",
        ("机动车驾驶证", "Driving licence"),
        ("北京市公安局公安交通管理局", "Beijing Traffic Management Bureau"),
        "2021-09-15",
    ),
)


def ensure_schema(db: Database) -> None:
    """The table, and the demo licences (also into a database seeded before they existed)."""
    with db.tx() as conn:
        _insert_demo(conn)


def _insert_demo(conn: Tx) -> None:
    conn.executemany(
        "INSERT INTO e_licences (licence_no, id_number, material_code, name_zh,"
        " name_en, issuer_zh, issuer_en, issued_on) VALUES (?,?,?,?,?,?,?,?)"
        " ON CONFLICT DO NOTHING",
        [(no, who, code, *name, *issuer, on) for no, who, code, name, issuer, on in DEMO_LICENCES],
    )


@router.get(
    "/persons/{id_number}/licences",
    tags=["persons"],
    summary="The person's electronic licences (电子证照), for 减材料",
    responses={**AUTH_ERRORS},
)
def person_licences(id_number: IdNumber, _who: Terminal, db: Db) -> ELicenceListOut:
    with db.tx() as conn:
        rows = conn.execute(
            "SELECT * FROM e_licences WHERE id_number = ? ORDER BY licence_no", (id_number,)
        ).fetchall()
    # an unknown person simply has none: the answer does not say who is on file
    return ELicenceListOut(licences=[_out(r) for r in rows])


def _out(r: StoreRow) -> ELicenceOut:
    return ELicenceOut(
        material_code=r["material_code"],
        name=Bilingual(zh=r["name_zh"], en=r["name_en"]),
        licence_no=r["licence_no"],
        holder_id_number=r["id_number"],
        issuer=Bilingual(zh=r["issuer_zh"], en=r["issuer_en"]),
        issued_on=r["issued_on"],
    )


def check_case_licences(
    conn: Tx,
    matter: dict[str, Any],
    id_number: str,
    licences: list[ELicenceIn],
) -> None:
    """Each licence a case names: a material of this matter, on file, of that material,
    held by the applicant. Raises 422 with the reason otherwise."""
    materials = {m["code"] for m in matter["materials"]}
    for used in licences:
        row = conn.execute(
            "SELECT id_number, material_code FROM e_licences WHERE licence_no = ?",
            (used.licence_no,),
        ).fetchone()
        if (
            used.material_code not in materials
            or row is None
            or row["material_code"] != used.material_code
            or row["id_number"] != id_number
        ):
            raise ApiError(
                422,
                "licence_not_verified",
                "电子证照核验未通过，请提交纸质材料",
                "The electronic licence could not be verified; hand in the paper material",
            )
