"""Helpers of Muhasebe's tests: vouchers by hand, balances as the ledger holds them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye.extensions import db
from modules.muhasebe.hesap import Satir
from modules.muhasebe.models import Fis, FisSatiri
from modules.muhasebe.services import butce, fis
from tenants import services

GUN = date(2026, 3, 16)
HAZIRLAYAN = ("hazirlayan@alfa.bel.tr", 101)
ONAYLAYAN = ("onaylayan@alfa.bel.tr", 202)
TERTIP = {"kurumsal": "46.06.99.02", "fonksiyonel": "01.3.9.00", "ekonomik": "03.05"}


@pytest.fixture
def alfa():
    with services.bound("alfa"):
        yield


def D(value: str) -> Decimal:
    return Decimal(value)


def satirlar(*pairs: tuple[str, str, str]) -> list[Satir]:
    """("100", "B", "10.00"), ("600", "A", "10.00") -> lines."""
    return [Satir(kod, borc=D(t) if side == "B" else D(0), alacak=D(t) if side == "A" else D(0))
            for kod, side, t in pairs]


def hazirla(lines, gun: date = GUN, **kw):
    return fis.hazirla(gun, lines, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1], **kw)


def onayla(fis_id: int):
    return fis.onayla(fis_id, actor=ONAYLAYAN[0], actor_id=ONAYLAYAN[1])


def kaydet(lines, gun: date = GUN, **kw):
    return onayla(hazirla(lines, gun, **kw).id)


def bakiye(kod: str) -> Decimal:
    """Debit minus credit of ``kod`` over approved vouchers."""
    value = db.session.scalar(select(func.coalesce(func.sum(FisSatiri.borc - FisSatiri.alacak), 0))
                              .join(Fis, Fis.id == FisSatiri.fis_id)
                              .where(Fis.durum == "onaylandi", FisSatiri.hesap_kod == kod))
    return Decimal(value)


def kaynakli(prefix: str) -> list[FisSatiri]:
    return list(db.session.scalars(select(FisSatiri).join(Fis, Fis.id == FisSatiri.fis_id)
                                   .where(Fis.kaynak.like(f"{prefix}%")).order_by(FisSatiri.id)))


def kalem(odenek: str = "1000.00", yil: int = 2026, **codes):
    row = butce.kalem_ac(yil, **{**TERTIP, **codes}, ad="Kırtasiye alımları", actor=HAZIRLAYAN[0])
    if D(odenek) > 0:
        kaydet(butce.odenek_satirlari(row, D(odenek)), date(yil, 1, 2))
    return row
