"""A first version of the kesin hesap tables (RULES §6.5): the year's bütçe gider kesin hesap
cetveli and bütçe gelir kesin hesap cetveli by economic code.

Gider (from the budget lines' movements, ``muh_butce_hareketleri``, which the approvals of
901 and 905 lines write): per two-level gider ekonomik kodu the initial appropriation, the
appropriations added, the transfers in and out, the total, what was spent and what is
cancelled (the unused appropriation, once the year's closing is approved; before that it
is "left").  How a movement is read from its voucher:

- a voucher moving 901 both ways (``odenek`` and ``odenek_dusum`` of the year) is a
  transfer (aktarma), in and out;
- the first appropriation voucher of a line is its initial appropriation (bütçe ödeneği),
  every later one an added appropriation (eklenen ödenek) [U: MİBMY distinguishes them by
  the decision behind them, which the voucher does not carry];
- a reversing voucher counts as the kind of the voucher it reverses, negated.

Gelir (from the ledger): per two-level gelir ekonomik kodu the accrual (120 debit), the
collected budget revenue (800 credit), the refunds (810 debit) and the net (800 − 810)
[U: the municipality's revenue estimates are not kept, so the "bütçe tahmini" column is
not there].
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye.extensions import db

from ..models import ButceHareketi, ButceKalemi, Fis, FisSatiri
from . import KAPANIS, acilis_haric, yil_kapali

SIFIR = Decimal("0.00")


@dataclass
class GiderSatiri:
    ekonomik: str
    baslangic: Decimal = SIFIR
    eklenen: Decimal = SIFIR
    aktarma_gelen: Decimal = SIFIR
    aktarma_giden: Decimal = SIFIR
    harcanan: Decimal = SIFIR

    @property
    def toplam(self) -> Decimal:
        return self.baslangic + self.eklenen + self.aktarma_gelen - self.aktarma_giden

    @property
    def kalan(self) -> Decimal:
        return self.toplam - self.harcanan


@dataclass
class GelirSatiri:
    ekonomik: str
    tahakkuk: Decimal = SIFIR
    tahsilat: Decimal = SIFIR
    iade: Decimal = SIFIR

    @property
    def net(self) -> Decimal:
        return self.tahsilat - self.iade


@dataclass
class KesinHesap:
    yil: int
    kapali: bool
    gider: list[GiderSatiri] = field(default_factory=list)
    gelir: list[GelirSatiri] = field(default_factory=list)

    def gider_toplam(self) -> GiderSatiri:
        t = GiderSatiri("")
        for r in self.gider:
            t.baslangic += r.baslangic
            t.eklenen += r.eklenen
            t.aktarma_gelen += r.aktarma_gelen
            t.aktarma_giden += r.aktarma_giden
            t.harcanan += r.harcanan
        return t

    def gelir_toplam(self) -> GelirSatiri:
        t = GelirSatiri("")
        for r in self.gelir:
            t.tahakkuk += r.tahakkuk
            t.tahsilat += r.tahsilat
            t.iade += r.iade
        return t


def _gider(yil: int) -> list[GiderSatiri]:
    moves = db.session.execute(
        select(ButceHareketi.kalem_id, ButceHareketi.fis_id, ButceHareketi.tur, ButceHareketi.tutar,
               ButceKalemi.ekonomik, Fis.ters_fis_id)
        .join(ButceKalemi, ButceKalemi.id == ButceHareketi.kalem_id)
        .join(Fis, Fis.id == ButceHareketi.fis_id)
        .where(ButceKalemi.yil == yil)
        .order_by(ButceHareketi.fis_id, ButceHareketi.id)).all()
    kinds: dict[int, set[str]] = defaultdict(set)
    for _k, fis_id, tur, *_rest in moves:
        kinds[fis_id].add(tur)
    first: dict[int, int] = {}  # budget line → its first appropriation voucher (not a transfer, not a reversal)
    for kalem_id, fis_id, tur, _t, _e, ters in moves:
        if tur == "odenek" and ters is None and kinds[fis_id] == {"odenek"}:
            first.setdefault(kalem_id, fis_id)

    def kind(kalem_id: int, fis_id: int, tur: str) -> str:
        if tur in ("harcama", "harcama_iptal"):
            return "harcanan"
        if {"odenek", "odenek_dusum"} <= kinds[fis_id]:
            return "aktarma"
        return "baslangic" if first.get(kalem_id) == fis_id else "eklenen"

    out: dict[str, GiderSatiri] = {}
    for kalem_id, fis_id, tur, tutar, ekonomik, ters in moves:
        row = out.setdefault(ekonomik, GiderSatiri(ekonomik))
        amount = Decimal(tutar)
        sign = 1 if tur in ("odenek", "harcama") else -1
        base_fis = fis_id
        if ters is not None:  # a reversal: the kind of what it reverses
            base_fis = ters
        k = kind(kalem_id, base_fis, "harcama" if tur.startswith("harcama") else ("odenek" if sign > 0 else
                                                                                   "odenek_dusum"))
        if k == "harcanan":
            row.harcanan += sign * amount
        elif k == "aktarma":
            if ters is None:
                if sign > 0:
                    row.aktarma_gelen += amount
                else:
                    row.aktarma_giden += amount
            elif sign > 0:  # the reversal of a transfer out gives back
                row.aktarma_giden -= amount
            else:
                row.aktarma_gelen -= amount
        elif k == "baslangic":
            row.baslangic += sign * amount
        else:
            row.eklenen += sign * amount
    return [out[k] for k in sorted(out)]


def _gelir(yil: int) -> list[GelirSatiri]:
    level = func.concat_ws(".", func.split_part(FisSatiri.ekonomik, ".", 1),
                           func.nullif(func.split_part(FisSatiri.ekonomik, ".", 2), ""))
    main = func.split_part(FisSatiri.hesap_kod, ".", 1)
    rows = db.session.execute(
        select(level, main, func.sum(FisSatiri.borc), func.sum(FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", FisSatiri.tarih.between(date(yil, 1, 1), date(yil, 12, 31)),
               Fis.id.not_in(acilis_haric()), main.in_(("120", "800", "810")),
               func.coalesce(FisSatiri.ekonomik, "") != "",
               # the year-end closing voucher closes 800/810 against each other: not revenue
               func.coalesce(Fis.kaynak, "") != KAPANIS.format(yil=yil))
        .group_by(level, main))
    out: dict[str, GelirSatiri] = {}
    for kod, hesap, borc, alacak in rows:
        row = out.setdefault(kod, GelirSatiri(kod))
        if hesap == "120":
            row.tahakkuk += Decimal(borc)
        elif hesap == "800":
            row.tahsilat += Decimal(alacak) - Decimal(borc)
        else:
            row.iade += Decimal(borc) - Decimal(alacak)
    return [out[k] for k in sorted(out) if out[k].tahakkuk or out[k].tahsilat or out[k].iade]


def kesin_hesap(yil: int) -> KesinHesap:
    """The year's kesin hesap tables (gider and gelir by economic code)."""
    return KesinHesap(yil=yil, kapali=yil_kapali(yil), gider=_gider(yil), gelir=_gelir(yil))
