"""Reading the dated figures Gelir needs: national parameters (``public``), the
municipality's tariffs and due-date calendar, and Turkish public holidays."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ebelediye import parameters
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.parameters import ParameterMissing

from . import hesap
from .models import GelirAyari, Tarife, VadeTakvimi

__all__ = ["ParameterMissing", "TarifeYok", "ayarlar", "deger", "tarife", "tatil_mi", "vade", "gecikme_oranlari",
           "gecikme_parametreleri"]


class TarifeYok(UserError, LookupError):
    """No tariff line of that kind and code is in force on the day."""

    code = "gelir.tarife_yok"

    def __init__(self, tur: str, kod: str, day: date) -> None:
        self.message_tr = f"'{kod}' için {day:%d.%m.%Y} tarihinde geçerli bir tarife ({tur}) yok."
        super().__init__(self.message_tr)


def deger(key: str, day: date):
    return parameters.value_on(key, day)


def ayarlar() -> GelirAyari:
    row = db.session.scalar(select(GelirAyari).limit(1))
    if row is None:  # seeded on enable; a tenant restored from before keeps working
        row = GelirAyari(buyuksehir=False, il="", ilce="", makbuz_on_eki="M")
        db.session.add(row)
        db.session.flush()
    return row


def tarife(tur: str, kod: str, day: date) -> Tarife:
    row = db.session.scalar(
        select(Tarife).where(Tarife.tur == tur, Tarife.kod == kod, Tarife.gecerlilik_baslangic <= day,
                             (Tarife.gecerlilik_bitis.is_(None)) | (Tarife.gecerlilik_bitis >= day))
        .order_by(Tarife.gecerlilik_baslangic.desc()).limit(1))
    if row is None:
        raise TarifeYok(tur, kod, day)
    return row


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    import holidays  # its calendars cost every process ~25 ms at start-up: load on first use

    return frozenset(holidays.country_holidays("TR", years=year))


def tatil_mi(day: date) -> bool:
    return day in _holidays(day.year)


def vade(grup: str, taksit: int, yil: int) -> date:
    """The due date of an installment of a revenue group in a year, moved past weekends and holidays."""
    row = db.session.scalar(
        select(VadeTakvimi).where(VadeTakvimi.grup == grup, VadeTakvimi.taksit == taksit,
                                  VadeTakvimi.gecerlilik_baslangic <= date(yil, 12, 31),
                                  (VadeTakvimi.gecerlilik_bitis.is_(None))
                                  | (VadeTakvimi.gecerlilik_bitis >= date(yil, 1, 1)))
        .order_by(VadeTakvimi.gecerlilik_baslangic.desc()).limit(1))
    if row is None:
        raise LookupError(f"{grup} {taksit}. taksit için {yil} yılında vade tanımlı değil.")
    return hesap.vade_gunu(date(yil, row.ay, row.gun), tatil_mi)


def gecikme_oranlari(bas: date, son: date):
    """The monthly late-fee rates in force over the days after ``bas`` up to ``son``."""
    from datetime import timedelta

    if son <= bas:
        return []
    return parameters.spans("gecikme_zammi.aylik_oran", bas + timedelta(days=1), son)


def gecikme_parametreleri(bas: date, son: date) -> tuple[list[tuple[date, date, Decimal]], Decimal]:
    """``gecikme_oranlari(bas, son)`` and the minimum late fee in force on ``son``, read in
    one statement (the debt inquiry needs both; each statement is a good part of its cost)."""
    from datetime import timedelta

    rate_key, minimum_key = "gecikme_zammi.aylik_oran", "gecikme_zammi.asgari"
    found = parameters.history((rate_key, minimum_key))
    rates = parameters.spans(rate_key, bas + timedelta(days=1), son, found[rate_key]) if son > bas else []
    return rates, parameters.value_in(minimum_key, son, found[minimum_key])
