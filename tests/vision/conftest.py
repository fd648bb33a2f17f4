"""Vision fixtures: the OCR and face models, loaded once per test session with the
network blocked (nothing may download at run time), and the face photos."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from vision.face import get_models
from vision.face_analysis import FaceAnalyser
from vision.imaging import Pixels, read_file
from vision.ocr import Engine, get_engine

DATA = Path(__file__).resolve().parent.parent / "data"


class NetworkUsed(AssertionError):
    pass


@contextmanager
def no_network() -> Iterator[None]:
    """Any attempt to open a connection fails the test."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise NetworkUsed("a model tried to use the network")

    saved = socket.socket.connect, socket.create_connection, socket.getaddrinfo
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def ocr_engine() -> Engine:
    with no_network():
        return get_engine()


@pytest.fixture(scope="session")
def face_models() -> FaceAnalyser:
    with no_network():
        return get_models()


@pytest.fixture(scope="session")
def astronaut() -> Pixels:
    """Eileen Collins, NASA portrait (public domain); via scikit-image's data."""
    return read_file(str(DATA / "astronaut.jpg"))


@pytest.fixture(scope="session")
def hopper() -> Pixels:
    """Grace Hopper, U.S. Navy portrait (public domain); via matplotlib's sample data."""
    return read_file(str(DATA / "grace_hopper.jpg"))
