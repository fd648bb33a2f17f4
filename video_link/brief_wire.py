"""The flow's case brief as the platform's wire carries it (nothing personal either side)."""

from __future__ import annotations

from flows.video_call_ports import CallBrief
from platform_contract.video_calls import VideoCaseIn, VideoMaterialIn


def case_summary(brief: CallBrief) -> VideoCaseIn:
    name = brief.matter_name
    return VideoCaseIn(
        step=brief.step,
        matter_code=brief.matter_code,
        matter_zh=name.zh if name is not None else "",
        matter_en=name.en if name is not None else "",
        materials=[
            VideoMaterialIn(
                code=m.code,
                name_zh=m.name.zh,
                name_en=m.name.en,
                state=m.state.value,
                deferrable=m.deferrable,
            )
            for m in brief.materials
        ],
    )
