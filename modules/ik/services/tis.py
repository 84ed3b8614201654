"""The workers' wage scales of the municipality's toplu iş sözleşmeleri (TİS): each TİS a
dated period with a monthly gross wage per grade at its start and its increases by date
(a percentage, then a fixed amount, compounding in date order).  A worker's assignment may
name a grade instead of a typed wage: the payroll then pays the TİS wage in force on the
month's first day.  Periods never overlap and their rows are append-only (dated data: a new
agreement is a new period).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text

from ebelediye import audit
from ebelediye.extensions import db

from .. import hesap
from ..models import Tis, TisUcreti, TisZammi
from . import _CACHE, IkError


def _refuse(message, field: str) -> IkError:
    return IkError(message, {field: [message]})


def tis_ekle(ad: str, sendika: str, baslangic: date, bitis: date, ucretler: dict[str, Decimal],
             zamlar: list[tuple[date, Decimal, Decimal]], *, actor: str, rapor_ilk_iki_gun: bool | None = None) -> Tis:
    """Record a TİS: its period, the wage of each grade at its start, its increases by date,
    and (optionally) whether the employer pays the first two days of a sick report."""
    if bitis < baslangic:
        raise _refuse(_l("TİS bitişi başlangıcından önce olamaz."), "bitis")
    if not ucretler:
        raise _refuse(_l("En az bir derecenin ücreti girilmeli."), "ucretler")
    for grade, wage in ucretler.items():
        if not grade or len(grade) > 10 or wage is None or wage <= 0:
            raise _refuse(_l("Her derecenin adı (en çok 10 karakter) ve sıfırdan büyük bir ücreti olmalı."),
                          "ucretler")
    seen = set()
    for day, rate, fixed in zamlar:
        if not baslangic < day <= bitis:
            raise _refuse(_l("Zam tarihi TİS döneminin içinde ve başlangıcından sonra olmalı."), "zamlar")
        if rate < 0 or fixed < 0 or (rate == 0 and fixed == 0):
            raise _refuse(_l("Zam oranı ya da tutarı sıfırdan büyük olmalı."), "zamlar")
        if day in seen:
            raise _refuse(_l("Aynı tarihte iki zam olamaz."), "zamlar")
        seen.add(day)
    # one writer at a time, so two overlapping periods cannot both pass the check
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('ik_tisler'))"))
    overlap = db.session.scalar(select(func.count()).select_from(Tis).where(Tis.baslangic <= bitis,
                                                                           Tis.bitis >= baslangic))
    if overlap:
        raise _refuse(_l("Bu dönemle çakışan bir TİS var."), "baslangic")
    row = Tis(ad=ad[:160], sendika=sendika[:160], baslangic=baslangic, bitis=bitis, olusturan=actor,
              rapor_ilk_iki_gun=rapor_ilk_iki_gun)
    db.session.add(row)
    db.session.flush()
    db.session.add_all([TisUcreti(tis_id=row.id, derece=g, aylik_brut=w) for g, w in sorted(ucretler.items())])
    db.session.add_all([TisZammi(tis_id=row.id, yururluk=d, oran=r, sabit=f) for d, r, f in sorted(zamlar)])
    db.session.flush()
    audit.record("ik.tis.ekle", actor=actor, object_type="ik_tis", object_id=row.id,
                 after={"ad": row.ad, "baslangic": baslangic.isoformat(), "bitis": bitis.isoformat(),
                        "rapor_ilk_iki_gun": rapor_ilk_iki_gun,
                        "ucretler": {g: str(w) for g, w in ucretler.items()},
                        "zamlar": [[d.isoformat(), str(r), str(f)] for d, r, f in sorted(zamlar)]})
    return row


def _in_force(gun: date) -> tuple[Tis, dict[str, Decimal], tuple[hesap.TisZammi, ...]] | None:
    cache = db.session.info.setdefault(_CACHE, {})
    key = ("tis", gun)
    if key not in cache:
        row = db.session.scalar(select(Tis).where(Tis.baslangic <= gun, Tis.bitis >= gun))
        if row is None:
            cache[key] = None
        else:
            wages = dict(db.session.execute(select(TisUcreti.derece, TisUcreti.aylik_brut)
                                            .where(TisUcreti.tis_id == row.id)).all())
            raises = tuple(hesap.TisZammi(z.yururluk, z.oran, z.sabit) for z in db.session.scalars(
                select(TisZammi).where(TisZammi.tis_id == row.id).order_by(TisZammi.yururluk)))
            cache[key] = (row, wages, raises)
    return cache[key]


def rapor_ilk_iki_gun(gun: date) -> bool | None:
    """What the TİS in force on ``gun`` says of a sick report's first two days (None: nothing)."""
    found = _in_force(gun)
    return None if found is None else found[0].rapor_ilk_iki_gun


def ucret(derece: str, gun: date) -> tuple[Decimal, tuple[hesap.Adim, ...]]:
    """The monthly gross wage of grade ``derece`` on ``gun`` under the TİS in force, with its steps.
    A day no TİS covers, or a grade the TİS does not have, is refused."""
    found = _in_force(gun)
    if found is None:
        raise _refuse(_l("%(gun)s tarihinde yürürlükte bir TİS yok.", gun=f"{gun:%d.%m.%Y}"), "tis_derece")
    row, wages, raises = found
    if derece not in wages:
        raise _refuse(_l("TİS'te bu derece yok: %(derece)s", derece=derece), "tis_derece")
    wage, steps = hesap.tis_ucreti(wages[derece], raises, gun)
    return wage, (hesap.Adim(f"TİS: {row.ad}, derece {derece}", ""), *steps)


def tisler() -> list[tuple[Tis, list[TisUcreti], list[TisZammi]]]:
    """Every TİS, newest first, with its grades and increases."""
    out = []
    for row in db.session.scalars(select(Tis).order_by(Tis.baslangic.desc())):
        out.append((row, list(db.session.scalars(select(TisUcreti).where(TisUcreti.tis_id == row.id)
                                                 .order_by(TisUcreti.derece))),
                    list(db.session.scalars(select(TisZammi).where(TisZammi.tis_id == row.id)
                                            .order_by(TisZammi.yururluk)))))
    return out
