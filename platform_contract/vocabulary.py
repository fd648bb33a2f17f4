"""The wire's words for what happens to a case and where it stands.

The platform and the kiosk's client both speak these strings. The flows keep
their own enums (``flows.domain``) because the flows know nothing of the wire;
a test holds the two vocabularies equal value for value, so neither can drift.
"""

from __future__ import annotations

import enum


class CaseEventKind(enum.StrEnum):
    MATERIALS_DEPOSITED = "materials_deposited"
    MATERIALS_RETRIEVED = "materials_retrieved"
    CERTIFICATE_LOADED = "certificate_loaded"
    CERTIFICATE_COLLECTED = "certificate_collected"
    MATERIALS_MISSING = "materials_missing"


class CaseStatusKind(enum.StrEnum):
    SUBMITTED = "submitted"
    MATERIALS_DEPOSITED = "materials_deposited"
    MATERIALS_RECEIVED = "materials_received"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    CERTIFICATE_READY = "certificate_ready"
    COLLECTED = "collected"
    REJECTED = "rejected"
    POSTED = "posted"
