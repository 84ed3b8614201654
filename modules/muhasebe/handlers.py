"""Receivers of other modules' events (declared in the spec, gated per tenant): each
posts its voucher in the sender's transaction; if posting fails the sender's change
rolls back with it."""

from __future__ import annotations

from ebelediye.events import PayrollEvent, RevenueEvent

from .services import otomatik


def tahakkuk(sender: object, event: RevenueEvent) -> None:
    otomatik.tahakkuk(event)


def tahsilat(sender: object, event: RevenueEvent) -> None:
    otomatik.tahsilat(event)


def tahsilat_iptali(sender: object, event: RevenueEvent) -> None:
    otomatik.tahsilat_iptali(event)


def iptal(sender: object, event: RevenueEvent) -> None:
    otomatik.iptal(event)


def iade(sender: object, event: RevenueEvent) -> None:
    otomatik.iade(event)


def mahsup(sender: object, event: RevenueEvent) -> None:
    otomatik.mahsup(event)


def mahsup_iptali(sender: object, event: RevenueEvent) -> None:
    otomatik.mahsup_iptali(event)


def bordro_tahakkuk(sender: object, event: PayrollEvent) -> None:
    otomatik.bordro_tahakkuk(event)


def bordro_odeme(sender: object, event: PayrollEvent) -> None:
    otomatik.bordro_odeme(event)
