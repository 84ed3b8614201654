"""Budget vouchers prepared from the budget page: an appropriation, a transfer between
lines, an expense (ödeme emri belgesi).  Each is a draft voucher that a second person
approves; the approval applies it to the budget lines (``butce.uygula``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..models import Fis
from . import butce, fis


def odenek_ver(kalem_id: int, tutar: Decimal, tarih: date, *, actor: str, actor_id: int | None = None,
               aciklama: str = "") -> Fis:
    row = butce.kalem(kalem_id)
    return fis.hazirla(tarih, butce.odenek_satirlari(row, tutar), actor=actor, actor_id=actor_id,
                       aciklama=aciklama or f"Ödenek: {row.ad}")


def aktar(kaynak_id: int, hedef_id: int, tutar: Decimal, tarih: date, *, actor: str, actor_id: int | None = None,
          aciklama: str = "") -> Fis:
    kaynak, hedef = butce.kalem(kaynak_id), butce.kalem(hedef_id)
    return fis.hazirla(tarih, butce.aktarim_satirlari(kaynak, hedef, tutar), actor=actor, actor_id=actor_id,
                       aciklama=aciklama or f"Aktarma: {kaynak.ad} → {hedef.ad}")


def harca(kalem_id: int, tutar: Decimal, tarih: date, *, actor: str, actor_id: int | None = None,
          gider_ekonomik: str = "", aciklama: str = "") -> Fis:
    row = butce.kalem(kalem_id)
    return fis.hazirla(tarih, butce.harcama_satirlari(row, tutar, gider_ekonomik), actor=actor, actor_id=actor_id,
                       tur="oeb", aciklama=aciklama or f"Ödeme emri: {row.ad}")
