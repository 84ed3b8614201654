"""Earnings and deductions besides the wage, per person and month: overtime hours, a bonus,
union dues, an advance to settle, an icra order.  Rows are append-only; the month's run
picks them up, and once the month is closed a difference run does."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye import audit
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from .. import hesap
from ..models import EkKalem, Personel
from . import IkError
from .bordro import donem_coz

TURLER = ("fazla_mesai", "ikramiye", "sendika", "avans", "icra")


def ekle(personel_id: int, donem: str, tur: str, *, actor: str, saat: Decimal | None = None,
         tutar: Decimal | None = None, aciklama: str = "") -> EkKalem:
    """Record an item; overtime takes hours (not for memurs), the others an amount."""
    donem_coz(donem)
    if tur not in TURLER:
        raise IkError(_l("Bilinmeyen ek kalem türü."), {"tur": [_l("Bilinmeyen ek kalem türü.")]})
    p = db.session.get(Personel, personel_id)
    if p is None:
        raise NotFound(_l("Personel bulunamadı."))
    if tur == "fazla_mesai":
        if p.tur == "memur":
            raise IkError(_l("Memura saatle fazla mesai yazılmaz."), {"tur": [_l("Memur için geçerli değil.")]})
        if saat is None or saat <= 0:
            raise IkError(_l("Fazla mesai saati sıfırdan büyük olmalı."),
                          {"saat": [_l("Saat sıfırdan büyük olmalı.")]})
        tutar = None
    else:
        if tutar is None or tutar <= 0:
            raise IkError(_l("Tutar sıfırdan büyük olmalı."), {"tutar": [_l("Tutar sıfırdan büyük olmalı.")]})
        saat = None
    row = EkKalem(personel_id=p.id, donem=donem, tur=tur, saat=saat, tutar=tutar, aciklama=aciklama[:200],
                  olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.ek_kalem.ekle", actor=actor, object_type="ik_personel", object_id=p.id,
                 after={"donem": donem, "tur": tur, "saat": str(saat) if saat else None,
                        "tutar": str(tutar) if tutar else None})
    return row


def ozet(personel_ids: list[int], donem: str) -> dict[int, hesap.EkKalemler]:
    """Each person's items of ``donem`` summed by kind."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for pid, tur, saat, tutar in db.session.execute(
            select(EkKalem.personel_id, EkKalem.tur, func.sum(EkKalem.saat), func.sum(EkKalem.tutar))
            .where(EkKalem.personel_id.in_(personel_ids), EkKalem.donem == donem)
            .group_by(EkKalem.personel_id, EkKalem.tur)):
        sums[pid][tur] = (saat if tur == "fazla_mesai" else tutar) or hesap.ZERO
    return {pid: hesap.EkKalemler(fazla_mesai_saat=v.get("fazla_mesai") or hesap.ZERO,
                                  ikramiye=v.get("ikramiye") or hesap.ZERO, sendika=v.get("sendika") or hesap.ZERO,
                                  avans=v.get("avans") or hesap.ZERO, icra=v.get("icra") or hesap.ZERO)
            for pid, v in sums.items()}


def kalemler(personel_id: int) -> list[EkKalem]:
    return list(db.session.scalars(select(EkKalem).where(EkKalem.personel_id == personel_id)
                                   .order_by(EkKalem.donem.desc(), EkKalem.id.desc()).limit(50)))
