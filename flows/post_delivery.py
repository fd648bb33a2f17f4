"""Where a certificate sent by post goes (物流服务, 邮寄送达): the recipient, a mobile
number for the courier and the address. Personal data: its ``repr`` hides all of it,
and a public screen or receipt shows it only masked (flows/masking.py: mask_address)."""

from __future__ import annotations

from dataclasses import dataclass

#: the address's parts, in the order an envelope is written
ADDRESS_PARTS = ("province", "city", "district", "street")


@dataclass(frozen=True, repr=False)
class PostDelivery:
    recipient: str
    phone: str
    province: str
    city: str
    district: str
    street: str

    def region(self) -> str:
        """Province, city and district (a municipality, 北京市北京市, said once)."""
        city = "" if self.city == self.province else self.city
        return f"{self.province}{city}{self.district}"

    def address(self) -> str:
        """The whole address as the courier writes it."""
        return self.region() + self.street

    def __repr__(self) -> str:
        return "PostDelivery(***)"
