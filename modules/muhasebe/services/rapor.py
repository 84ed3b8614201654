"""The books (RULES §6.4, §6.5): yevmiye (approved vouchers in number order), büyük defter
(an account's lines with the running balance), mizan for any date range with the
Muhasebat's control rules, the cash position of the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select, text

from ebelediye.extensions import db

from .. import hesap
from ..models import Fis, FisSatiri, Hesap
from . import acilis_haric


def _approved(bas: date, bit: date):
    return (Fis.durum == "onaylandi", Fis.tarih >= bas, Fis.tarih <= bit)


def hareketler(bas: date, bit: date) -> dict[str, tuple[Decimal, Decimal]]:
    """Σ borç and Σ alacak per account over approved vouchers dated bas..bit: one GROUP BY of
    the lines (they carry their voucher's day), leaving out the few vouchers not approved."""
    not_approved = select(Fis.id).where(Fis.durum != "onaylandi")
    rows = db.session.execute(
        select(FisSatiri.hesap_kod, func.sum(FisSatiri.borc), func.sum(FisSatiri.alacak))
        .where(FisSatiri.tarih >= bas, FisSatiri.tarih <= bit, FisSatiri.fis_id.not_in(not_approved),
               FisSatiri.fis_id.not_in(acilis_haric(bas)))
        .group_by(FisSatiri.hesap_kod))
    return {kod: (debit, credit) for kod, debit, credit in rows}


def adlar() -> dict[str, str]:
    return dict(db.session.execute(select(Hesap.kod, Hesap.ad)).all())


@dataclass(frozen=True)
class Mizan:
    bas: date
    bit: date
    satirlar: list[hesap.MizanSatiri]
    kontroller: list[hesap.Kontrol]

    @property
    def borc(self) -> Decimal:
        return sum((r.borc for r in self.satirlar if r.ana), Decimal(0))

    @property
    def alacak(self) -> Decimal:
        return sum((r.alacak for r in self.satirlar if r.ana), Decimal(0))


def mizan(bas: date, bit: date) -> Mizan:
    rows = hesap.mizan(hareketler(bas, bit), adlar())
    return Mizan(bas, bit, rows, hesap.kontroller(rows))


def yevmiye(bas: date, bit: date, page: int = 1, per_page: int = 50) -> tuple[list[tuple[Fis, list[FisSatiri]]], int]:
    query = select(Fis).where(*_approved(bas, bit))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    vouchers = list(db.session.scalars(query.order_by(Fis.yil, Fis.no).limit(per_page)
                                       .offset((max(page, 1) - 1) * per_page)))
    lines: dict[int, list[FisSatiri]] = {v.id: [] for v in vouchers}
    if vouchers:
        for line in db.session.scalars(select(FisSatiri).where(FisSatiri.fis_id.in_(list(lines)))
                                       .order_by(FisSatiri.fis_id, FisSatiri.sira)):
            lines[line.fis_id].append(line)
    return [(v, lines[v.id]) for v in vouchers], total


@dataclass(frozen=True)
class DefterSatiri:
    tarih: date
    fis_no: str
    fis_id: int
    hesap_kod: str
    aciklama: str
    borc: Decimal
    alacak: Decimal
    bakiye: Decimal  # running debit minus credit


def _account(kod: str):
    return or_(FisSatiri.hesap_kod == kod, FisSatiri.hesap_kod.like(f"{kod}.%"))


def buyuk_defter(kod: str, bas: date, bit: date, limit: int = 5000) -> tuple[Decimal, list[DefterSatiri]]:
    """The account (with its sub-accounts): the balance brought forward and its lines."""
    devir = db.session.scalar(
        select(func.coalesce(func.sum(FisSatiri.borc - FisSatiri.alacak), 0)).join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.tarih < bas, _account(kod), Fis.id.not_in(acilis_haric())))
    devir = Decimal(devir or 0)
    running = devir
    out = []
    for line, voucher in db.session.execute(
            select(FisSatiri, Fis).join(Fis, Fis.id == FisSatiri.fis_id)
            .where(*_approved(bas, bit), _account(kod), Fis.id.not_in(acilis_haric())).order_by(Fis.tarih, Fis.no, FisSatiri.sira).limit(limit)):
        running += line.borc - line.alacak
        out.append(DefterSatiri(voucher.tarih, voucher.numara, voucher.id, line.hesap_kod,
                                line.aciklama or voucher.aciklama, line.borc, line.alacak, running))
    return devir, out


def nakit(bit: date) -> Decimal:
    """Cash position: 100 + 102 + 109 − 103 balances up to ``bit`` (approved vouchers)."""
    value = db.session.scalar(
        select(func.coalesce(func.sum(FisSatiri.borc - FisSatiri.alacak), 0))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.tarih <= bit, Fis.id.not_in(acilis_haric()),
               func.split_part(FisSatiri.hesap_kod, ".", 1).in_(("100", "102", "103", "109"))))
    return Decimal(value or 0)


def bakiyeler(bit: date) -> dict[str, Decimal]:
    """Debit minus credit per main account over approved vouchers up to ``bit``."""
    not_approved = select(Fis.id).where(Fis.durum != "onaylandi")
    main = func.split_part(FisSatiri.hesap_kod, ".", 1)
    rows = db.session.execute(select(main, func.sum(FisSatiri.borc - FisSatiri.alacak))
                              .where(FisSatiri.tarih <= bit, FisSatiri.fis_id.not_in(not_approved),
                                     FisSatiri.fis_id.not_in(acilis_haric())).group_by(text("1")))
    return {kod: Decimal(v) for kod, v in rows}


@dataclass(frozen=True)
class Bilanco:
    bit: date
    varliklar: list[tuple[str, str, Decimal]]  # (kod, ad, tutar) debit positive
    kaynaklar: list[tuple[str, str, Decimal]]  # credit positive
    donem_sonucu: Decimal  # the activity accounts not yet closed, credit (surplus) positive

    @property
    def aktif(self) -> Decimal:
        return sum((v for _, _, v in self.varliklar), Decimal(0))

    @property
    def pasif(self) -> Decimal:
        return sum((v for _, _, v in self.kaynaklar), Decimal(0)) + self.donem_sonucu


def bilanco(bit: date) -> Bilanco:
    """The balance sheet at ``bit``: accounts 1xx–2xx as assets, 3xx–5xx as liabilities and
    equity, and the activity accounts (6xx) not closed yet as the period's result."""
    balances, names = bakiyeler(bit), adlar()
    assets = [(k, names.get(k, ""), v) for k, v in sorted(balances.items()) if k[:1] in "12" and v]
    liabilities = [(k, names.get(k, ""), -v) for k, v in sorted(balances.items()) if k[:1] in "345" and v]
    result = -sum((v for k, v in balances.items() if k[:1] == "6"), Decimal(0))
    return Bilanco(bit, assets, liabilities, result)


def ekonomik_dagilim(kod: str, bas: date, bit: date, seviye: int = 1) -> list[tuple[str, Decimal]]:
    """An account's net movement by the first ``seviye`` levels of the economic code (the
    faaliyet sonuçları and the bütçe uygulama sonuçları tables): debit positive."""
    return _dagilim(FisSatiri.ekonomik, kod, bas, bit, seviye)


#: the budget codes a bütçe uygulama sonuçları table can be drawn by (RULES §6.3)
KOD_ALANLARI = {"fonksiyonel": FisSatiri.fonksiyonel, "kurumsal": FisSatiri.kurumsal}


def kod_dagilimi(kod: str, alan: str, bas: date, bit: date, seviye: int = 2) -> list[tuple[str, Decimal]]:
    """An account's net movement (debit positive) by the first ``seviye`` levels of its
    functional or institutional code: the bütçe uygulama sonuçları by fonksiyonel / kurumsal
    sınıflandırma (830 for expenses)."""
    return _dagilim(KOD_ALANLARI[alan], kod, bas, bit, seviye)


def _dagilim(column, kod: str, bas: date, bit: date, seviye: int) -> list[tuple[str, Decimal]]:
    """Net movement (debit positive) of ``kod`` and its sub-accounts by the first ``seviye`` levels of ``column``."""
    parts = [func.split_part(column, ".", i) for i in range(1, seviye + 1)]
    level = func.concat_ws(".", *[parts[0]] + [func.nullif(p, "") for p in parts[1:]])
    not_approved = select(Fis.id).where(Fis.durum != "onaylandi")
    rows = db.session.execute(
        select(level, func.sum(FisSatiri.borc - FisSatiri.alacak))
        .where(FisSatiri.tarih >= bas, FisSatiri.tarih <= bit, FisSatiri.fis_id.not_in(not_approved),
               or_(FisSatiri.hesap_kod == kod, FisSatiri.hesap_kod.like(f"{kod}.%")))
        .group_by(text("1")).order_by(text("1")))
    return [(code or "—", Decimal(v)) for code, v in rows if v]
