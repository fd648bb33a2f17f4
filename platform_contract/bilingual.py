"""A text in both languages the kiosk speaks: its own module so the wire's models in
other files (the commitment forms) share it without importing every schema."""

from __future__ import annotations

from pydantic import BaseModel


class Bilingual(BaseModel):
    zh: str
    en: str
