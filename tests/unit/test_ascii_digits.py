"""Digits typed or configured are ASCII (issue 13 item 14): ``"²".isdigit()`` is true but
``int("²")`` raises, so a camera source of "²" crashed instead of being taken as a path."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.camera.sources import CaptureSource, open_source
from kiosk.site_setup import SetupField


def test_a_camera_source_of_a_superscript_digit_is_a_path_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    index = open_source("2")
    assert isinstance(index, CaptureSource) and index.source == 2
    source = open_source("²")  # a device path that may appear later, like /dev/video2
    assert isinstance(source, CaptureSource) and source.source == "²"


def test_a_typed_source_of_a_superscript_digit_is_kept_as_typed() -> None:
    field = SetupField("source", "source", 0)
    assert field.parse("1") == 1
    assert field.parse("²") == "²"  # kept as typed: the save names it
