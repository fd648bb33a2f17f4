"""A journey's message says its kind where the flow makes it: a clerk's words and the
pages being read inform; every other message is an error (flows/message_kind.py)."""

from __future__ import annotations

from device_contracts import Text
from flows import messages
from flows.message_kind import Information, MessageKind, kind_of
from flows.video_call_case import clerk_approved_words, clerk_note_words


def test_what_informs_is_information_and_the_rest_errors() -> None:
    informing = (
        clerk_note_words("户口簿可以稍后补交"),
        clerk_approved_words(Text("户口簿", "Household register")),
        messages.READING_PAGES,
        messages.values_read(3),
    )
    assert [kind_of(m) for m in informing] == [MessageKind.INFO] * 4
    for error in (messages.SUBMIT_FAILED, messages.NOT_DEFERRABLE, Text("x", "x"), None):
        assert kind_of(error) is MessageKind.ERROR
    # the banner's own names for its looks
    assert (MessageKind.INFO.value, MessageKind.ERROR.value) == ("info", "error")


def test_information_reads_as_the_text_it_is() -> None:
    note = Information("已收到", "Received")
    assert note.get("zh") == "已收到" and note.get("en") == "Received"
    assert note != Text("已收到", "Received")  # the kind is part of the message
