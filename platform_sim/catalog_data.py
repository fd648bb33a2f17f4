"""Seed catalogue: Beijing matters (政务服务事项) grouped as on the 一体化政务服务平台.

Plain data in the wire shape of :class:`platform_contract.schemas.MatterOut`;
small helpers keep the 60-odd matters readable. Processing days and materials
follow the public service guides in spirit; they are demo data, not legal advice.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def _t(zh: str, en: str) -> Json:
    return {"zh": zh, "en": en}


#: materials Beijing's platform issues as electronic licences (电子证照); the guide says
#: "may be taken from your e-licence" for them (the demo people's: platform_sim/licences.py)
E_LICENCES = frozenset(
    {
        "hukou",
        "marriage_cert",
        "birth_cert",
        "business_licence",
        "property_cert",
        "disability_cert",
        "driving_licence",
        "vehicle_licence",
        "residence_permit",
        "diploma",
    }
)


def mat(code: str, zh: str, en: str, doc_type: str = "", required: bool = True) -> Json:
    return {
        "code": code,
        "name": _t(zh, en),
        "required": required,
        "deferrable": False,
        "deferral_days": 0,
        "doc_type": doc_type or code,
        "e_licence": code in E_LICENCES,
    }


def defer(material: Json, days: int) -> Json:
    """The same material under 容缺受理: accepted now, handed in within ``days``."""
    return {**material, "deferrable": True, "deferral_days": days}


def optional(material: Json) -> Json:
    return {**material, "required": False}


def fld(
    key: str,
    zh: str,
    en: str,
    kind: str = "text",
    prefill: str = "",
    required: bool = True,
    choices: tuple[tuple[str, str], ...] = (),
) -> Json:
    return {
        "key": key,
        "label": _t(zh, en),
        "kind": kind,
        "required": required,
        "prefill": prefill,
        "choices": [_t(z, e) for z, e in choices],
    }


# --------------------------------------------------------------------------- materials

ID_CARD = mat("id_card", "居民身份证", "Resident ID card")
HUKOU = mat("hukou", "居民户口簿", "Household register (hukou booklet)")
PHOTO = mat("photo", "近期免冠证件照片", "Recent passport-style photo")
APPLICATION = mat("application_form", "申请表", "Application form")
MARRIAGE = mat("marriage_cert", "结婚证", "Marriage certificate")
BIRTH = mat("birth_cert", "出生医学证明", "Medical birth certificate")
LICENCE = mat("business_licence", "营业执照", "Business licence")
LEASE = mat("lease", "房屋租赁合同", "Tenancy agreement", "lease")
PROPERTY = mat("property_cert", "不动产权证书", "Real estate title certificate")
LABOUR = mat("labour_contract", "劳动合同", "Employment contract")
INVOICE = mat("medical_invoice", "医疗费用票据", "Medical bills")
DISABILITY = mat("disability_cert", "残疾人证", "Disability certificate")
DIPLOMA = mat("diploma", "学历证明", "Diploma")
BANK = mat("bank_card", "本人银行卡", "Own bank card")
DEATH = mat("death_cert", "死亡医学证明", "Medical certificate of death")
VEHICLE = mat("vehicle_licence", "机动车行驶证", "Vehicle registration licence")
DRIVING = mat("driving_licence", "机动车驾驶证", "Driving licence")
INCOME = mat("income_proof", "收入证明", "Proof of income")
RESIDENCE = mat("residence_permit", "北京市居住证", "Beijing residence permit")
ARTICLES = mat("articles", "公司章程", "Articles of association")
PASSPORT = mat("passport", "护照", "Passport")
MEDICAL_RECORD = mat("medical_record", "病历资料", "Medical records")
HEALTH_CHECK = mat("health_check", "体检证明", "Medical examination report")
DIVORCE = mat("divorce_agreement", "离婚协议书", "Divorce agreement")
CONTRACT = mat("sale_contract", "房屋买卖合同", "Property sale contract")
TAX_FORM = mat("tax_return", "纳税申报表", "Tax return")

# --------------------------------------------------------------------------- form fields

NAME = fld("name", "姓名", "Name", prefill="card.name")
ID_NUMBER = fld("id_number", "公民身份号码", "ID number", prefill="card.id_number")
GENDER = fld(
    "gender",
    "性别",
    "Gender",
    "choice",
    "card.gender",
    choices=(("男", "Male"), ("女", "Female")),
)
BIRTH_DATE = fld("birth_date", "出生日期", "Date of birth", "date", "card.birth_date")
ADDRESS = fld("address", "住址", "Address", prefill="card.address")
PHONE = fld("phone", "联系电话", "Phone", "phone", "person.phone")
PERSON = (NAME, ID_NUMBER, PHONE)
PERSON_ADDR = (NAME, ID_NUMBER, ADDRESS, PHONE)
DELIVERY = fld(
    "delivery",
    "领取方式",
    "How to receive",
    "choice",
    choices=(("自助柜取件", "Pickup locker"), ("邮寄", "By post")),
)


def fields(*extra: Json, base: tuple[Json, ...] = PERSON) -> list[Json]:
    return [*base, *extra, DELIVERY]


# --------------------------------------------------------------------------- departments

PSB = _t("北京市公安局", "Beijing Municipal Public Security Bureau")
HRSS = _t(
    "北京市人力资源和社会保障局", "Beijing Municipal Human Resources and Social Security Bureau"
)
MEDICAL = _t("北京市医疗保障局", "Beijing Municipal Medical Insurance Bureau")
FUND = _t("北京住房公积金管理中心", "Beijing Housing Provident Fund Management Centre")
CIVIL = _t("北京市民政局", "Beijing Municipal Civil Affairs Bureau")
HEALTH = _t("北京市卫生健康委员会", "Beijing Municipal Health Commission")
EDU = _t("北京市教育委员会", "Beijing Municipal Education Commission")
HOUSING = _t(
    "北京市住房和城乡建设委员会",
    "Beijing Municipal Commission of Housing and Urban-Rural Development",
)
TRAFFIC = _t("北京市公安局公安交通管理局", "Beijing Traffic Management Bureau")
TRANSPORT = _t("北京市交通委员会", "Beijing Municipal Commission of Transport")
SAMR = _t("北京市市场监督管理局", "Beijing Municipal Administration for Market Regulation")
TAX = _t("国家税务总局北京市税务局", "Beijing Municipal Tax Service, State Taxation Administration")
CDPF = _t("北京市残疾人联合会", "Beijing Disabled Persons' Federation")
ELDERLY = _t("北京市老龄工作委员会办公室", "Beijing Municipal Office on Ageing")
EXIT_ENTRY = _t("北京市公安局出入境管理总队", "Beijing Exit and Entry Administration")
REAL_ESTATE = _t("北京市不动产登记中心", "Beijing Real Estate Registration Centre")
TZ_CIVIL = _t("通州区民政局", "Tongzhou District Civil Affairs Bureau")
TZ_HRSS = _t(
    "通州区人力资源和社会保障局", "Tongzhou District Human Resources and Social Security Bureau"
)

# --------------------------------------------------------------------------- categories

CATEGORIES: list[Json] = [
    {"code": "hukou", "name": _t("户籍办理", "Household registration"), "icon": "hukou"},
    {"code": "social_security", "name": _t("社会保障", "Social security"), "icon": "shield"},
    {"code": "medical_insurance", "name": _t("医疗保障", "Medical insurance"), "icon": "medical"},
    {"code": "housing_fund", "name": _t("公积金", "Housing provident fund"), "icon": "fund"},
    {"code": "marriage", "name": _t("婚姻登记", "Marriage registration"), "icon": "rings"},
    {"code": "birth_adoption", "name": _t("生育收养", "Birth and adoption"), "icon": "baby"},
    {"code": "education", "name": _t("教育", "Education"), "icon": "school"},
    {"code": "employment", "name": _t("就业创业", "Jobs and start-ups"), "icon": "briefcase"},
    {"code": "housing", "name": _t("住房保障", "Housing support"), "icon": "house"},
    {"code": "transport", "name": _t("交通出行", "Transport"), "icon": "car"},
    {"code": "market_entity", "name": _t("市场主体登记", "Business registration"), "icon": "shop"},
    {"code": "tax", "name": _t("税务", "Taxes"), "icon": "tax"},
    {
        "code": "disability",
        "name": _t("残疾人服务", "Services for disabled people"),
        "icon": "accessible",
    },
    {"code": "elderly", "name": _t("老年人服务", "Services for older people"), "icon": "elderly"},
    {"code": "social_assistance", "name": _t("民政救助", "Social assistance"), "icon": "hands"},
    {"code": "exit_entry", "name": _t("出入境", "Exit and entry"), "icon": "passport"},
    {"code": "real_estate", "name": _t("不动产", "Real estate"), "icon": "deed"},
]


def matter(
    code: str,
    category: str,
    zh: str,
    en: str,
    department: Json,
    days: int,
    materials: list[Json],
    form: list[Json],
    drop: str = "M",
    keywords: tuple[str, ...] = (),
) -> Json:
    fee = FEES.get(code)
    return {
        "code": code,
        "name": _t(zh, en),
        "category": category,
        "department": department,
        "processing_days": days,
        "materials": materials,
        "fields": form,
        "drop_size": drop,
        "keywords": list(keywords),
        "fee": _t(*fee) if fee else _t("不收费", "Free of charge"),
        "delivery": list(DELIVERY_OF.get(code, ("locker", "post"))),
        "guide_url": f"/guides/{code}",  # served by platform_sim/guides.py
    }


#: 收费标准 as Beijing's guides state them (demo data, not legal advice); not listed: free
FEES: dict[str, tuple[str, str]] = {
    "HJ001": ("工本费 20 元", "Card fee 20 yuan"),
    "HJ002": ("工本费 20 元", "Card fee 20 yuan"),
    "JT001": ("工本费 10 元", "Licence fee 10 yuan"),
    "JT002": ("工本费 10 元", "Licence fee 10 yuan"),
    "CRJ001": ("证件费 120 元", "Passport fee 120 yuan"),
    "CRJ002": ("证件费 60 元", "Permit fee 60 yuan"),
    "CRJ003": ("证件费 60 元", "Permit fee 60 yuan"),
    "CRJ004": ("证件费 120 元", "Passport fee 120 yuan"),
    "BDC002": ("登记费 80 元（住宅）", "Registration fee 80 yuan (homes)"),
}

#: 送达方式 where it is not "pickup locker or post": registrations that need the
#: resident at the window, travel documents that come by EMS or at the window
DELIVERY_OF: dict[str, tuple[str, ...]] = {
    "HJ001": ("locker", "post", "in_person"),
    "HJ002": ("locker", "post", "in_person"),
    "HY001": ("in_person",),
    "HY003": ("in_person",),
    "SY004": ("in_person",),
    "CRJ001": ("post", "in_person"),
    "CRJ002": ("post", "in_person"),
    "CRJ003": ("post", "in_person"),
    "CRJ004": ("post", "in_person"),
}

REASON_ID = fld(
    "reason",
    "申领原因",
    "Reason",
    "choice",
    choices=(("有效期满", "Expired"), ("损坏", "Damaged"), ("遗失", "Lost")),
)
SPOUSE_NAME = fld("spouse_name", "配偶姓名", "Spouse's name")
SPOUSE_ID = fld("spouse_id_number", "配偶身份号码", "Spouse's ID number")
CHILD_NAME = fld("child_name", "子女姓名", "Child's name")
CHILD_BIRTH = fld("child_birth_date", "子女出生日期", "Child's date of birth", "date")
COMPANY = fld("company_name", "企业名称", "Company name")
CREDIT_CODE = fld("credit_code", "统一社会信用代码", "Unified social credit code")
PLATE = fld("plate", "号牌号码", "Licence plate")
BANK_ACCOUNT = fld("bank_account", "银行账号", "Bank account number")
PROPERTY_ADDR = fld("property_address", "房屋坐落", "Property address")
AMOUNT = fld("amount", "申请金额（元）", "Amount (yuan)")
DESTINATION = fld("destination", "前往国家或地区", "Destination")

MATTERS: list[Json] = [
    # 户籍办理
    matter(
        "HJ001",
        "hukou",
        "居民身份证换领",
        "Renew a resident ID card",
        PSB,
        15,
        [ID_CARD, defer(HUKOU, 5), PHOTO],
        fields(REASON_ID, base=PERSON_ADDR),
        "S",
        ("身份证", "换证", "id card"),
    ),
    matter(
        "HJ002",
        "hukou",
        "居民身份证补领",
        "Replace a lost resident ID card",
        PSB,
        15,
        [defer(HUKOU, 5), PHOTO, APPLICATION],
        fields(base=PERSON_ADDR),
        "S",
        ("身份证", "补证", "丢失"),
    ),
    matter(
        "HJ003",
        "hukou",
        "出生登记",
        "Register a birth in the hukou",
        PSB,
        5,
        [ID_CARD, HUKOU, BIRTH, defer(MARRIAGE, 10)],
        fields(CHILD_NAME, CHILD_BIRTH),
        "M",
        ("落户", "新生儿", "出生"),
    ),
    matter(
        "HJ004",
        "hukou",
        "户口迁入（投靠）",
        "Move a hukou in to join family",
        PSB,
        20,
        [ID_CARD, HUKOU, MARRIAGE, PROPERTY, APPLICATION],
        fields(base=PERSON_ADDR),
        "L",
        ("迁户口", "投靠", "落户"),
    ),
    matter(
        "HJ005",
        "hukou",
        "居住证申领",
        "Apply for a Beijing residence permit",
        PSB,
        15,
        [ID_CARD, LEASE, PHOTO, defer(LABOUR, 7)],
        fields(base=PERSON_ADDR),
        "M",
        ("居住证", "暂住"),
    ),
    matter(
        "HJ006",
        "hukou",
        "户籍证明开具",
        "Certificate of household registration",
        PSB,
        1,
        [ID_CARD, HUKOU],
        fields(fld("purpose", "用途", "Purpose")),
        "S",
        ("证明", "户籍"),
    ),
    # 社会保障
    matter(
        "SB001",
        "social_security",
        "社会保障卡申领",
        "Apply for a social security card",
        HRSS,
        10,
        [ID_CARD, PHOTO],
        fields(base=PERSON_ADDR),
        "S",
        ("社保卡", "social security card"),
    ),
    matter(
        "SB002",
        "social_security",
        "社会保障卡补换",
        "Replace a social security card",
        HRSS,
        10,
        [ID_CARD, optional(PHOTO)],
        fields(REASON_ID),
        "S",
        ("社保卡", "挂失", "补卡"),
    ),
    matter(
        "SB003",
        "social_security",
        "城乡居民养老保险参保登记",
        "Join the residents' pension scheme",
        TZ_HRSS,
        5,
        [ID_CARD, defer(HUKOU, 7)],
        fields(base=PERSON_ADDR),
        "S",
        ("养老", "参保", "pension"),
    ),
    matter(
        "SB004",
        "social_security",
        "养老保险待遇申领",
        "Claim a basic pension",
        HRSS,
        20,
        [ID_CARD, HUKOU, BANK, APPLICATION],
        fields(BANK_ACCOUNT),
        "M",
        ("退休", "养老金", "retire"),
    ),
    matter(
        "SB005",
        "social_security",
        "失业保险金申领",
        "Claim unemployment benefit",
        HRSS,
        10,
        [ID_CARD, LABOUR, BANK],
        fields(BANK_ACCOUNT),
        "M",
        ("失业", "失业金"),
    ),
    matter(
        "SB006",
        "social_security",
        "工伤认定申请",
        "Apply for work-injury recognition",
        HRSS,
        60,
        [ID_CARD, LABOUR, MEDICAL_RECORD, APPLICATION],
        fields(COMPANY),
        "L",
        ("工伤",),
    ),
    # 医疗保障
    matter(
        "YB001",
        "medical_insurance",
        "城乡居民医保参保登记",
        "Join the residents' medical insurance",
        MEDICAL,
        5,
        [ID_CARD, defer(HUKOU, 7)],
        fields(base=PERSON_ADDR),
        "S",
        ("医保", "参保"),
    ),
    matter(
        "YB002",
        "medical_insurance",
        "医疗费用手工报销",
        "Claim back medical costs",
        MEDICAL,
        30,
        [ID_CARD, INVOICE, MEDICAL_RECORD, BANK],
        fields(BANK_ACCOUNT, AMOUNT),
        "L",
        ("报销", "医药费", "reimbursement"),
    ),
    matter(
        "YB003",
        "medical_insurance",
        "异地就医备案",
        "Register for medical care outside Beijing",
        MEDICAL,
        1,
        [ID_CARD, optional(RESIDENCE)],
        fields(DESTINATION),
        "S",
        ("异地", "备案"),
    ),
    matter(
        "YB004",
        "medical_insurance",
        "门诊特殊病申请",
        "Apply for chronic-illness outpatient cover",
        MEDICAL,
        15,
        [ID_CARD, MEDICAL_RECORD, APPLICATION],
        fields(fld("illness", "病种", "Illness")),
        "M",
        ("慢病", "特病"),
    ),
    # 公积金
    matter(
        "GJJ001",
        "housing_fund",
        "公积金提取（租房）",
        "Withdraw housing fund for rent",
        FUND,
        3,
        [ID_CARD, LEASE, BANK],
        fields(BANK_ACCOUNT),
        "S",
        ("提取", "租房", "公积金"),
    ),
    matter(
        "GJJ002",
        "housing_fund",
        "公积金提取（购房）",
        "Withdraw housing fund to buy a home",
        FUND,
        5,
        [ID_CARD, CONTRACT, defer(MARRIAGE, 10), BANK],
        fields(BANK_ACCOUNT, PROPERTY_ADDR),
        "M",
        ("提取", "购房"),
    ),
    matter(
        "GJJ003",
        "housing_fund",
        "公积金个人账户转移",
        "Transfer a housing fund account",
        FUND,
        10,
        [ID_CARD, APPLICATION],
        fields(COMPANY),
        "S",
        ("转移", "转入"),
    ),
    matter(
        "GJJ004",
        "housing_fund",
        "公积金贷款申请",
        "Apply for a housing fund loan",
        FUND,
        15,
        [ID_CARD, HUKOU, MARRIAGE, CONTRACT, INCOME],
        fields(PROPERTY_ADDR, AMOUNT),
        "L",
        ("贷款", "房贷"),
    ),
    # 婚姻登记
    matter(
        "HY001",
        "marriage",
        "结婚登记预约",
        "Book a marriage registration",
        CIVIL,
        1,
        [ID_CARD, HUKOU, PHOTO],
        fields(SPOUSE_NAME, SPOUSE_ID),
        "S",
        ("结婚", "领证"),
    ),
    matter(
        "HY002",
        "marriage",
        "补领结婚证",
        "Replace a marriage certificate",
        CIVIL,
        5,
        [ID_CARD, HUKOU, PHOTO, APPLICATION],
        fields(SPOUSE_NAME),
        "S",
        ("补办", "结婚证"),
    ),
    matter(
        "HY003",
        "marriage",
        "离婚登记预约",
        "Book a divorce registration",
        CIVIL,
        30,
        [ID_CARD, HUKOU, MARRIAGE, DIVORCE],
        fields(SPOUSE_NAME, SPOUSE_ID),
        "M",
        ("离婚",),
    ),
    matter(
        "HY004",
        "marriage",
        "婚姻登记记录证明",
        "Certificate of marriage records",
        CIVIL,
        3,
        [ID_CARD, defer(HUKOU, 5)],
        fields(fld("purpose", "用途", "Purpose")),
        "S",
        ("证明", "婚姻状况"),
    ),
    # 生育收养
    matter(
        "SY001",
        "birth_adoption",
        "生育登记",
        "Register a birth (family planning)",
        HEALTH,
        1,
        [ID_CARD, defer(MARRIAGE, 10)],
        fields(SPOUSE_NAME, SPOUSE_ID),
        "S",
        ("生育", "准生"),
    ),
    matter(
        "SY002",
        "birth_adoption",
        "生育津贴申领",
        "Claim maternity allowance",
        HRSS,
        15,
        [ID_CARD, BIRTH, MEDICAL_RECORD, BANK],
        fields(BANK_ACCOUNT, COMPANY),
        "M",
        ("生育津贴", "产假"),
    ),
    matter(
        "SY003",
        "birth_adoption",
        "出生医学证明补发",
        "Reissue a medical birth certificate",
        HEALTH,
        10,
        [ID_CARD, HUKOU, APPLICATION],
        fields(CHILD_NAME, CHILD_BIRTH),
        "S",
        ("出生证", "补办"),
    ),
    matter(
        "SY004",
        "birth_adoption",
        "收养登记",
        "Register an adoption",
        CIVIL,
        30,
        [ID_CARD, HUKOU, MARRIAGE, HEALTH_CHECK, INCOME, APPLICATION],
        fields(CHILD_NAME),
        "L",
        ("收养",),
    ),
    # 教育
    matter(
        "JY001",
        "education",
        "义务教育入学信息采集",
        "Register a child for compulsory schooling",
        EDU,
        10,
        [ID_CARD, HUKOU, BIRTH, defer(PROPERTY, 15)],
        fields(CHILD_NAME, CHILD_BIRTH),
        "M",
        ("入学", "小学", "school"),
    ),
    matter(
        "JY002",
        "education",
        "学历证明补办",
        "Replace a diploma certificate",
        EDU,
        20,
        [ID_CARD, APPLICATION, PHOTO],
        fields(fld("school", "毕业学校", "School")),
        "S",
        ("毕业证", "学历"),
    ),
    matter(
        "JY003",
        "education",
        "教师资格认定",
        "Apply for teacher certification",
        EDU,
        30,
        [ID_CARD, DIPLOMA, HEALTH_CHECK, PHOTO],
        fields(fld("subject", "任教学科", "Subject")),
        "M",
        ("教师资格证",),
    ),
    matter(
        "JY004",
        "education",
        "学生资助申请",
        "Apply for student financial aid",
        EDU,
        20,
        [ID_CARD, HUKOU, INCOME],
        fields(CHILD_NAME, fld("school", "就读学校", "School")),
        "M",
        ("助学", "资助"),
    ),
    # 就业创业
    matter(
        "JYCY001",
        "employment",
        "就业登记",
        "Register employment",
        TZ_HRSS,
        3,
        [ID_CARD, LABOUR],
        fields(COMPANY),
        "S",
        ("就业", "登记"),
    ),
    matter(
        "JYCY002",
        "employment",
        "失业登记",
        "Register as unemployed",
        TZ_HRSS,
        1,
        [ID_CARD, optional(LABOUR)],
        fields(base=PERSON_ADDR),
        "S",
        ("失业",),
    ),
    matter(
        "JYCY003",
        "employment",
        "创业担保贷款申请",
        "Apply for a start-up guaranteed loan",
        HRSS,
        20,
        [ID_CARD, LICENCE, APPLICATION, INCOME],
        fields(COMPANY, AMOUNT),
        "M",
        ("创业", "贷款"),
    ),
    matter(
        "JYCY004",
        "employment",
        "职业技能培训补贴申领",
        "Claim a vocational training subsidy",
        HRSS,
        15,
        [ID_CARD, DIPLOMA, BANK],
        fields(BANK_ACCOUNT),
        "S",
        ("培训", "补贴"),
    ),
    # 住房保障
    matter(
        "ZF001",
        "housing",
        "公共租赁住房资格申请",
        "Apply for public rental housing",
        HOUSING,
        30,
        [ID_CARD, HUKOU, MARRIAGE, INCOME, APPLICATION],
        fields(base=PERSON_ADDR),
        "L",
        ("公租房", "保障房"),
    ),
    matter(
        "ZF002",
        "housing",
        "共有产权住房申购",
        "Apply for shared-ownership housing",
        HOUSING,
        30,
        [ID_CARD, HUKOU, defer(MARRIAGE, 10), INCOME],
        fields(base=PERSON_ADDR),
        "L",
        ("共有产权", "买房"),
    ),
    matter(
        "ZF003",
        "housing",
        "市场租房补贴申请",
        "Apply for a rent subsidy",
        HOUSING,
        20,
        [ID_CARD, LEASE, INCOME, BANK],
        fields(BANK_ACCOUNT),
        "M",
        ("租房补贴",),
    ),
    matter(
        "ZF004",
        "housing",
        "房屋租赁登记备案",
        "Register a tenancy",
        HOUSING,
        3,
        [ID_CARD, LEASE, PROPERTY],
        fields(PROPERTY_ADDR),
        "M",
        ("租赁", "备案"),
    ),
    # 交通出行
    matter(
        "JT001",
        "transport",
        "机动车驾驶证换证",
        "Renew a driving licence",
        TRAFFIC,
        10,
        [ID_CARD, DRIVING, HEALTH_CHECK, PHOTO],
        fields(base=PERSON_ADDR),
        "S",
        ("驾照", "换证"),
    ),
    matter(
        "JT002",
        "transport",
        "机动车驾驶证补证",
        "Replace a lost driving licence",
        TRAFFIC,
        10,
        [ID_CARD, PHOTO],
        fields(base=PERSON_ADDR),
        "S",
        ("驾照", "补证"),
    ),
    matter(
        "JT003",
        "transport",
        "机动车检验标志申领",
        "Claim a vehicle inspection mark",
        TRAFFIC,
        3,
        [ID_CARD, VEHICLE],
        fields(PLATE),
        "S",
        ("年检", "车检"),
    ),
    matter(
        "JT004",
        "transport",
        "小客车指标申请",
        "Enter the car licence-plate lottery",
        TRANSPORT,
        30,
        [ID_CARD, defer(RESIDENCE, 7), DRIVING],
        fields(base=PERSON_ADDR),
        "S",
        ("摇号", "指标"),
    ),
    matter(
        "JT005",
        "transport",
        "残疾人专用车辆登记",
        "Register a vehicle for a disabled driver",
        TRAFFIC,
        10,
        [ID_CARD, DISABILITY, VEHICLE],
        fields(PLATE),
        "M",
        ("残疾人", "车辆"),
    ),
    # 市场主体登记
    matter(
        "SC001",
        "market_entity",
        "个体工商户设立登记",
        "Register a sole proprietorship",
        SAMR,
        3,
        [ID_CARD, APPLICATION, LEASE, PHOTO],
        fields(COMPANY, fld("business_scope", "经营范围", "Business scope")),
        "M",
        ("个体户", "开店"),
    ),
    matter(
        "SC002",
        "market_entity",
        "有限责任公司设立登记",
        "Register a limited company",
        SAMR,
        3,
        [ID_CARD, APPLICATION, ARTICLES, LEASE],
        fields(COMPANY, fld("capital", "注册资本（万元）", "Registered capital")),
        "L",
        ("注册公司", "开公司"),
    ),
    matter(
        "SC003",
        "market_entity",
        "营业执照变更登记",
        "Change a business licence",
        SAMR,
        3,
        [ID_CARD, LICENCE, APPLICATION],
        fields(COMPANY, CREDIT_CODE),
        "M",
        ("变更", "执照"),
    ),
    matter(
        "SC004",
        "market_entity",
        "营业执照补领",
        "Replace a business licence",
        SAMR,
        3,
        [ID_CARD, defer(APPLICATION, 5)],
        fields(COMPANY, CREDIT_CODE),
        "S",
        ("补领", "执照"),
    ),
    matter(
        "SC005",
        "market_entity",
        "企业注销登记",
        "Deregister a company",
        SAMR,
        10,
        [ID_CARD, LICENCE, APPLICATION],
        fields(COMPANY, CREDIT_CODE),
        "M",
        ("注销",),
    ),
    # 税务
    matter(
        "SW001",
        "tax",
        "个人所得税完税证明开具",
        "Individual income tax certificate",
        TAX,
        1,
        [ID_CARD],
        fields(fld("year", "所属年度", "Tax year")),
        "S",
        ("完税证明", "个税"),
    ),
    matter(
        "SW002",
        "tax",
        "个人所得税汇算清缴",
        "Annual income tax reconciliation",
        TAX,
        15,
        [ID_CARD, TAX_FORM, BANK],
        fields(BANK_ACCOUNT),
        "S",
        ("个税", "退税"),
    ),
    matter(
        "SW003",
        "tax",
        "发票领用",
        "Obtain invoices for a business",
        TAX,
        1,
        [ID_CARD, LICENCE],
        fields(COMPANY, CREDIT_CODE),
        "S",
        ("发票",),
    ),
    matter(
        "SW004",
        "tax",
        "契税申报",
        "Declare deed tax",
        TAX,
        1,
        [ID_CARD, CONTRACT, defer(MARRIAGE, 10)],
        fields(PROPERTY_ADDR),
        "M",
        ("契税", "买房"),
    ),
    # 残疾人服务
    matter(
        "CJ001",
        "disability",
        "残疾人证新办",
        "Apply for a disability certificate",
        CDPF,
        30,
        [ID_CARD, HUKOU, PHOTO, MEDICAL_RECORD],
        fields(base=PERSON_ADDR),
        "M",
        ("残疾证",),
    ),
    matter(
        "CJ002",
        "disability",
        "残疾人证换领",
        "Renew a disability certificate",
        CDPF,
        20,
        [ID_CARD, DISABILITY, PHOTO],
        fields(base=PERSON_ADDR),
        "S",
        ("残疾证", "换证"),
    ),
    matter(
        "CJ003",
        "disability",
        "困难残疾人生活补贴申请",
        "Living subsidy for disabled people in need",
        CDPF,
        20,
        [ID_CARD, DISABILITY, INCOME, BANK],
        fields(BANK_ACCOUNT),
        "M",
        ("补贴", "两项补贴"),
    ),
    matter(
        "CJ004",
        "disability",
        "残疾人辅助器具申请",
        "Apply for assistive devices",
        CDPF,
        15,
        [ID_CARD, DISABILITY],
        fields(fld("device", "辅具名称", "Device")),
        "S",
        ("辅具", "轮椅"),
    ),
    # 老年人服务
    matter(
        "LN001",
        "elderly",
        "北京通-养老助残卡申领",
        "Apply for the Beijing elderly care card",
        ELDERLY,
        15,
        [ID_CARD, PHOTO],
        fields(base=PERSON_ADDR),
        "S",
        ("养老助残卡", "老年卡", "北京通"),
    ),
    matter(
        "LN002",
        "elderly",
        "高龄老年人津贴申请",
        "Allowance for people over 80",
        CIVIL,
        15,
        [ID_CARD, defer(HUKOU, 7), BANK],
        fields(BANK_ACCOUNT),
        "S",
        ("高龄津贴", "老人"),
    ),
    matter(
        "LN003",
        "elderly",
        "居家养老服务申请",
        "Apply for home care services",
        TZ_CIVIL,
        10,
        [ID_CARD, MEDICAL_RECORD],
        fields(fld("care_need", "服务需求", "Care needed")),
        "S",
        ("居家养老", "护理"),
    ),
    matter(
        "LN004",
        "elderly",
        "养老机构入住申请",
        "Apply for a place in a care home",
        TZ_CIVIL,
        20,
        [ID_CARD, HUKOU, HEALTH_CHECK, APPLICATION],
        fields(base=PERSON_ADDR),
        "M",
        ("养老院",),
    ),
    # 民政救助
    matter(
        "MZ001",
        "social_assistance",
        "最低生活保障申请",
        "Apply for minimum living allowance (dibao)",
        TZ_CIVIL,
        30,
        [ID_CARD, HUKOU, INCOME, BANK, APPLICATION],
        fields(BANK_ACCOUNT, base=PERSON_ADDR),
        "L",
        ("低保",),
    ),
    matter(
        "MZ002",
        "social_assistance",
        "临时救助申请",
        "Apply for temporary assistance",
        TZ_CIVIL,
        10,
        [ID_CARD, APPLICATION, optional(INCOME)],
        fields(AMOUNT),
        "M",
        ("救助", "困难"),
    ),
    matter(
        "MZ003",
        "social_assistance",
        "特困人员供养申请",
        "Support for people in extreme poverty",
        TZ_CIVIL,
        30,
        [ID_CARD, HUKOU, INCOME, MEDICAL_RECORD],
        fields(base=PERSON_ADDR),
        "L",
        ("特困", "供养"),
    ),
    matter(
        "MZ004",
        "social_assistance",
        "丧葬补贴申领",
        "Claim a funeral allowance",
        CIVIL,
        15,
        [ID_CARD, DEATH, BANK],
        fields(fld("deceased_name", "逝者姓名", "Name of the deceased"), BANK_ACCOUNT),
        "M",
        ("丧葬", "抚恤"),
    ),
    # 出入境
    matter(
        "CRJ001",
        "exit_entry",
        "普通护照申领",
        "Apply for an ordinary passport",
        EXIT_ENTRY,
        7,
        [ID_CARD, PHOTO],
        fields(DESTINATION),
        "S",
        ("护照", "passport"),
    ),
    matter(
        "CRJ002",
        "exit_entry",
        "往来港澳通行证申领",
        "Apply for a Hong Kong/Macao travel permit",
        EXIT_ENTRY,
        7,
        [ID_CARD, PHOTO],
        fields(DESTINATION),
        "S",
        ("港澳通行证", "签注"),
    ),
    matter(
        "CRJ003",
        "exit_entry",
        "往来台湾通行证申领",
        "Apply for a Taiwan travel permit",
        EXIT_ENTRY,
        10,
        [ID_CARD, PHOTO],
        fields(),
        "S",
        ("台湾通行证",),
    ),
    matter(
        "CRJ004",
        "exit_entry",
        "护照补发",
        "Replace a lost passport",
        EXIT_ENTRY,
        10,
        [ID_CARD, PHOTO, defer(APPLICATION, 5)],
        fields(REASON_ID),
        "S",
        ("护照", "遗失"),
    ),
    # 不动产
    matter(
        "BDC001",
        "real_estate",
        "不动产登记资料查询",
        "Search real estate records",
        REAL_ESTATE,
        1,
        [ID_CARD],
        fields(PROPERTY_ADDR),
        "S",
        ("查档", "房产证明"),
    ),
    matter(
        "BDC002",
        "real_estate",
        "二手房转移登记",
        "Register a second-hand home transfer",
        REAL_ESTATE,
        5,
        [ID_CARD, PROPERTY, CONTRACT, defer(MARRIAGE, 10)],
        fields(PROPERTY_ADDR),
        "L",
        ("过户", "二手房"),
    ),
    matter(
        "BDC003",
        "real_estate",
        "不动产权证书补发",
        "Replace a real estate title certificate",
        REAL_ESTATE,
        10,
        [ID_CARD, APPLICATION],
        fields(PROPERTY_ADDR),
        "S",
        ("房本", "补证"),
    ),
    matter(
        "BDC004",
        "real_estate",
        "抵押权注销登记",
        "Cancel a mortgage registration",
        REAL_ESTATE,
        1,
        [ID_CARD, PROPERTY, APPLICATION],
        fields(PROPERTY_ADDR),
        "M",
        ("解押", "抵押"),
    ),
]
