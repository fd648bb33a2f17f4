"""The live materials screen's strings: what the document camera sees now
(:class:`device_contracts.PagePrompt`: its step and hint), the material the next page goes
to, and the page just taken (issue 18)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

CAPTURE_LIVE_STRINGS: Mapping[str, T] = {
    # the step, large, under the live picture
    "capture.live.step.place": T("请将材料平放在拍摄区", "Lay the page flat under the camera"),
    "capture.live.step.hold": T("请保持材料不动", "Hold the page still"),
    "capture.live.step.steady": T("保持不动，即将自动拍摄", "Keep still: taking the picture"),
    "capture.live.step.taken": T("已拍好，请放下一页", "Taken: lay the next page"),
    # a page is there but cannot be taken as it lies: the hint under it says why
    "capture.live.step.adjust": T("请调整材料", "Please adjust the page"),
    # the heading's line when the picture is live
    "capture.live.subtitle": T(
        "将材料正面朝上平放在高拍仪下方，放稳后自动拍摄；也可点“拍摄”。",
        "Lay each page face up under the camera: it is taken once it lies still. Or tap 'Capture'.",
    ),
    # why the page cannot be taken as it lies (shown under the step)
    "capture.live.hint.too_dark": T("光线太暗，请打开照明", "Too dark: please turn the light on"),
    "capture.live.hint.blurred": T(
        "画面模糊，请将材料放平压稳", "The picture is blurred: lay the page flat"
    ),
    "capture.live.hint.glare": T(
        "有反光，请移开或调整材料", "There is glare: move or tilt the page a little"
    ),
    "capture.live.hint.cut_off": T(
        "材料超出拍摄区，请放到框内", "The page runs off the picture: move it inside"
    ),
    "capture.live.hint.hand": T("请将手移开", "Please take your hand away"),
    # the page last taken was read (OCR) as another kind of document, surely
    "capture.live.hint.wrong_kind": T(
        "刚拍的这页不像「{name}」，请核对", "The last page does not look like {name}: please check"
    ),
    # which material the next still page goes to
    "capture.live.target": T("正在拍摄：{name}", "Now taking: {name}"),
    "capture.live.all_done": T(
        "材料已齐；如需补拍，请点该材料的「拍摄」",
        "All in: tap Capture on a material to add a page",
    ),
    "capture.live.taken": T("✓ 已拍好", "✓ Taken"),
    # spoken when the camera took a page by itself (the resident may be looking at it)
    "voice.page_taken": T("已拍好，请放下一页", "Taken. Lay the next page"),
}
