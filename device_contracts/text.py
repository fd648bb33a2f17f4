"""A sentence for a person, in both languages the kiosk speaks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A sentence for a person, in both languages the kiosk speaks."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en
