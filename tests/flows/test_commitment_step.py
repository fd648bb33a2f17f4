"""告知承诺制 in the declaration (issue 21.6): for a matter that offers a commitment, the
form leads to the commitment, 签署 waits until it was read to its end, a dot on the pad
is refused with the reason and 重签 clears it, a signature leads to the materials with
the replaced material no longer asked for, and the case carries the signed commitment.
A matter without one goes from the form to the materials as before."""

from __future__ import annotations

from device_contracts import Text
from flows.commitment import READ_TO_END, TOO_FEW_POINTS, Stroke
from flows.declaration import DeclarationFlow, DeclarationState
from flows.domain import CaseDraft, Catalog, SubmitResult
from flows.ports import PlatformError
from tests.fakes.commitment import FORM, with_commitment
from tests.fakes.platform import RESIDENCE, SOCIAL, FakePlatform, sample_catalog

from .conftest import Env, to_capturing, to_form

S = DeclarationState
NOT_VERIFIED = Text(
    "承诺书签名校验未通过，请联系工作人员",
    "The signed commitment could not be verified, please ask staff",
)
DOT: tuple[Stroke, ...] = (((5000, 5000, 0), (5002, 5001, 16)),)
NAME: tuple[Stroke, ...] = (
    tuple((1000 + 60 * i, 4000 + (i % 10) * 150, 12 * i) for i in range(60)),
    tuple((6000 + 40 * i, 6000 - (i % 7) * 200, 900 + 12 * i) for i in range(50)),
)


class CommitmentPlatform(FakePlatform):
    """The fake platform whose residence matter offers a commitment for its permit."""

    def catalog(self) -> Catalog:
        return with_commitment(sample_catalog())


def _to_commitment(platform: FakePlatform | None = None) -> tuple[Env, DeclarationFlow]:
    env = Env(platform=platform or CommitmentPlatform())
    flow = env.declaration()
    to_form(env, flow, RESIDENCE)
    flow.set_field("phone", "13800138000")
    flow.next()
    assert flow.state is S.COMMITMENT
    return env, flow


def test_sign_waits_until_the_commitment_was_read_to_its_end() -> None:
    _, flow = _to_commitment()
    flow.begin_signing()
    assert flow.state is S.COMMITMENT and flow.session.message == READ_TO_END
    flow.commitment_read()
    assert flow.session.message is None
    flow.begin_signing()
    assert flow.state is S.SIGNING


def test_a_dot_is_refused_with_the_reason_and_cleared_for_another_try() -> None:
    _, flow = _to_commitment()
    flow.commitment_read()
    flow.begin_signing()
    flow.sign(DOT)
    assert flow.state is S.SIGNING
    assert flow.session.commitment.refusal == TOO_FEW_POINTS
    assert flow.session.commitment.signed is None
    flow.clear_signature()
    assert flow.session.commitment.refusal is None


def test_the_signed_commitment_replaces_the_material_in_the_case() -> None:
    env, flow = _to_commitment()
    flow.commitment_read()
    flow.begin_signing()
    flow.sign(NAME)
    assert flow.state is S.CAPTURING
    check = flow.material_check()
    assert check.complete and [m.code for m in check.committed] == ["permit"]
    flow.back()
    assert flow.state is S.COMMITMENT  # back from the materials: the commitment again
    _sign_and_submit(flow)
    env.settle(lambda: bool(env.platform.drafts))
    draft = env.platform.drafts[0]
    assert draft.pages == () and draft.commitment is not None
    assert draft.commitment.form == FORM and draft.commitment.strokes == NAME
    assert "strokes" not in repr(draft.commitment) and "5000" not in repr(draft.commitment)
    env.settle(lambda: bool(env.devices.printer.printed))
    text = env.devices.printer.printed[0].plain_text()
    assert "已签署告知承诺书，免交纸质材料" in text and "居住证" in text


def _sign_and_submit(flow: DeclarationFlow) -> None:
    """From the commitment (read): signed, no paper, the locker, submitted."""
    flow.commitment_read()
    flow.begin_signing()
    flow.sign(NAME)
    flow.next()
    choose = getattr(flow, "choose_delivery", None)  # 物流服务, when the step is there
    if choose is not None and str(flow.state) == "choosing_delivery":
        choose("locker")
    assert flow.state is S.REVIEWING
    flow.submit()


def test_a_matter_without_a_commitment_goes_to_the_materials() -> None:
    env = Env(platform=CommitmentPlatform())
    flow = env.declaration()
    to_capturing(env, flow, SOCIAL)
    assert flow.state is S.CAPTURING


class RefusingPlatform(CommitmentPlatform):
    """The port as the client makes it when the platform refuses the signature."""

    def submit_case(self, draft: CaseDraft) -> SubmitResult:
        raise PlatformError(NOT_VERIFIED, "422 commitment_not_verified")


def test_a_refused_commitment_is_said_in_the_platform_s_words() -> None:
    env, flow = _to_commitment(RefusingPlatform())
    _sign_and_submit(flow)
    env.settle(lambda: flow.state is S.REVIEWING and flow.session.message is not None)
    assert flow.session.message == NOT_VERIFIED
