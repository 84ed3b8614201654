"""The monthly financial data of the general government statistics (genel yönetim mali
istatistikleri) that a municipality enters into the Hazine ve Maliye Bakanlığı's system
(KBS) every month.

What is entered (Genel Yönetim Mali İstatistikleri Genel Tebliği (Mahalli İdareler Mali
Verileri) Sıra No 1, RG 25.10.2008/27035, m.5/2 and m.6 as amended by Sıra No 3,
15.06.2009): the mizan in the detail the Bakanlık sets under MİBMY and its detailed chart
of accounts, the budget estimates, and the economic classification of financing; the
*cumulative* figures of each month by the end of the following month, those of the whole
year (January–December) by the end of February of the next year.  Here that is three
tables, cumulative from 1 January to the month's last day:

1. the mizan of every account and sub-account (the opening voucher of the year included);
2. the budget lines (tertip) with their appropriation and what was spent of it at the
   month's end, from the budget lines' movements up to that day;
3. budget revenue by the four levels of the gelir ekonomik kodu: collected (800), refunded
   (810) and net.

[U] The KBS's own upload layout is not public: the tables are shown, exported as CSV/XLSX
and marked as entered by a person (``isaretle``), who keys or uploads them.  The
financing table is not kept (the module records no borrowing).  The year-end closing
voucher is left out of tables 2 and 3 (it closes 800/810 against each other) but not out
of the mizan [U: whether the KBS's December mizan is taken before the closing entries].

A mark keeps a fingerprint of the three tables: a voucher approved later for that month
changes it, and the month shows as changed since it was entered, to be entered again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from ebelediye import audit
from ebelediye.extensions import db

from ..models import ButceHareketi, ButceKalemi, Fis, FisSatiri, MaliVeriGirisi
from . import KAPANIS, MuhasebeConflict, MuhasebeError, acilis_haric
from .rapor import Mizan, mizan


def ay_sonu(yil: int, ay: int) -> date:
    return date(yil + ay // 12, ay % 12 + 1, 1) - timedelta(days=1)


def son_gun(yil: int, ay: int) -> date:
    """The last day to enter a month: the end of the month after it; December (the whole
    year) by the end of February of the next year (Sıra No 1 m.6 as amended by Sıra No 3)."""
    if ay == 12:
        return date(yil + 1, 3, 1) - timedelta(days=1)
    return ay_sonu(yil + (ay + 1) // 13, ay % 12 + 1)


@dataclass(frozen=True)
class OdenekSatiri:
    kurumsal: str
    fonksiyonel: str
    finansman: str
    ekonomik: str
    ad: str
    odenek: Decimal
    harcama: Decimal

    @property
    def kalan(self) -> Decimal:
        return self.odenek - self.harcama


@dataclass(frozen=True)
class GelirSatiri:
    ekonomik: str
    tahsilat: Decimal
    iade: Decimal

    @property
    def net(self) -> Decimal:
        return self.tahsilat - self.iade


@dataclass
class AylikVeri:
    yil: int
    ay: int
    mizan: Mizan
    odenekler: list[OdenekSatiri]
    gelirler: list[GelirSatiri]
    girisler: list[MaliVeriGirisi] = field(default_factory=list)

    @property
    def bas(self) -> date:
        return date(self.yil, 1, 1)

    @property
    def bit(self) -> date:
        return ay_sonu(self.yil, self.ay)

    @property
    def son_gun(self) -> date:
        return son_gun(self.yil, self.ay)

    @property
    def parmak_izi(self) -> str:
        return parmak_izi(self)

    @property
    def son_giris(self) -> MaliVeriGirisi | None:
        return self.girisler[0] if self.girisler else None

    @property
    def durum(self) -> str:
        """``girilmedi``, ``girildi`` or ``degisti`` (a voucher changed the month since)."""
        if self.son_giris is None:
            return "girilmedi"
        return "girildi" if self.son_giris.parmak_izi == self.parmak_izi else "degisti"


def _odenekler(yil: int, bit: date) -> list[OdenekSatiri]:
    """Each budget line of the year with its appropriation and spending up to ``bit``, from its
    movements (an appropriation reduced or a spending cancelled counts negative)."""
    signed = case((ButceHareketi.tur.in_(("odenek", "harcama")), ButceHareketi.tutar), else_=-ButceHareketi.tutar)
    granted = func.coalesce(func.sum(case((ButceHareketi.tur.in_(("odenek", "odenek_dusum")), signed))), 0)
    spent = func.coalesce(func.sum(case((ButceHareketi.tur.in_(("harcama", "harcama_iptal")), signed))), 0)
    rows = db.session.execute(
        select(ButceKalemi.kurumsal, ButceKalemi.fonksiyonel, ButceKalemi.finansman, ButceKalemi.ekonomik,
               ButceKalemi.ad, granted, spent)
        .join(ButceHareketi, (ButceHareketi.kalem_id == ButceKalemi.id) & (ButceHareketi.tarih <= bit), isouter=True)
        .where(ButceKalemi.yil == yil)
        .group_by(ButceKalemi.id)
        .order_by(ButceKalemi.kurumsal, ButceKalemi.fonksiyonel, ButceKalemi.finansman, ButceKalemi.ekonomik))
    return [OdenekSatiri(k, f, fin, e, ad, Decimal(g), Decimal(s)) for k, f, fin, e, ad, g, s in rows]


def _gelirler(yil: int, bit: date) -> list[GelirSatiri]:
    """800 (collected, credit less debit) and 810 (refunded, debit less credit) by the first
    four levels of the gelir ekonomik kodu, 1 January to ``bit``."""
    parts = [func.split_part(FisSatiri.ekonomik, ".", i) for i in range(1, 5)]
    level = func.concat_ws(".", parts[0], *[func.nullif(p, "") for p in parts[1:]])
    main = func.split_part(FisSatiri.hesap_kod, ".", 1)
    rows = db.session.execute(
        select(level, main, func.sum(FisSatiri.borc), func.sum(FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", FisSatiri.tarih.between(date(yil, 1, 1), bit),
               Fis.id.not_in(acilis_haric()), main.in_(("800", "810")), func.coalesce(FisSatiri.ekonomik, "") != "",
               func.coalesce(Fis.kaynak, "") != KAPANIS.format(yil=yil))
        .group_by(level, main))
    found: dict[str, list[Decimal]] = {}
    for kod, hesap, borc, alacak in rows:
        pair = found.setdefault(kod, [Decimal(0), Decimal(0)])
        if hesap == "800":
            pair[0] += Decimal(alacak) - Decimal(borc)
        else:
            pair[1] += Decimal(borc) - Decimal(alacak)
    return [GelirSatiri(k, *found[k]) for k in sorted(found) if any(found[k])]


def parmak_izi(veri: AylikVeri) -> str:
    """SHA-256 of the three tables in a fixed text form: any change of a figure changes it."""
    lines = [f"M|{r.kod}|{r.borc}|{r.alacak}" for r in veri.mizan.satirlar]
    lines += [f"O|{r.kurumsal}|{r.fonksiyonel}|{r.finansman}|{r.ekonomik}|{r.odenek}|{r.harcama}"
              for r in veri.odenekler]
    lines += [f"G|{r.ekonomik}|{r.tahsilat}|{r.iade}" for r in veri.gelirler]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def girisler(yil: int, ay: int) -> list[MaliVeriGirisi]:
    return list(db.session.scalars(select(MaliVeriGirisi).where(MaliVeriGirisi.yil == yil, MaliVeriGirisi.ay == ay)
                                   .order_by(MaliVeriGirisi.id.desc())))


def aylik_veri(yil: int, ay: int) -> AylikVeri:
    """The month's three tables, cumulative from 1 January, and its marks (newest first)."""
    bit = ay_sonu(yil, ay)
    return AylikVeri(yil=yil, ay=ay, mizan=mizan(date(yil, 1, 1), bit), odenekler=_odenekler(yil, bit),
                     gelirler=_gelirler(yil, bit), girisler=girisler(yil, ay))


def son_biten_ay(bugun: date) -> tuple[int, int]:
    """The latest month that has ended: the one to enter now."""
    first = bugun.replace(day=1) - timedelta(days=1)
    return first.year, first.month


def kart_durumu(yil: int, ay: int) -> str | None:
    """The dashboard's cheap reading of ``AylikVeri.durum`` (no tables computed): None when the
    year has no approved voucher up to the month's end, ``girilmedi`` without a mark,
    ``degisti`` when a voucher of the months up to it was approved after the latest mark."""
    bit = ay_sonu(yil, ay)
    in_months = (Fis.durum == "onaylandi", Fis.tarih >= date(yil, 1, 1), Fis.tarih <= bit)
    latest = db.session.scalar(select(func.max(MaliVeriGirisi.created_at))
                               .where(MaliVeriGirisi.yil == yil, MaliVeriGirisi.ay == ay))
    if latest is None:
        return "girilmedi" if db.session.scalar(select(Fis.id).where(*in_months).limit(1)) else None
    later = db.session.scalar(select(Fis.id).where(*in_months, Fis.onay_at > latest).limit(1))
    return "degisti" if later else "girildi"


def isaretle(yil: int, ay: int, aciklama: str, bugun: date, *, actor: str) -> MaliVeriGirisi:
    """Record that the month's tables, as they stand now, were entered into the KBS.  A month
    not over yet cannot be entered; a month already entered as it stands is refused (409)."""
    if ay_sonu(yil, ay) >= bugun:
        raise MuhasebeError(_l("%(ay)s henüz bitmedi; bir ayın verisi ay bittikten sonra girilir.",
                               ay=f"{ay:02d}/{yil}"), {"ay": [_l("Bitmiş bir ay seçin.")]})
    veri = aylik_veri(yil, ay)
    if veri.durum == "girildi":
        raise MuhasebeConflict(_l("%(ay)s verisi bu haliyle zaten girildi olarak işaretli.", ay=f"{ay:02d}/{yil}"))
    # the mark's time as the approvals' (``Fis.onay_at``, the clock's, not the transaction's
    # start), so ``kart_durumu`` compares like with like
    row = MaliVeriGirisi(yil=yil, ay=ay, parmak_izi=veri.parmak_izi, borc_toplam=veri.mizan.borc,
                         alacak_toplam=veri.mizan.alacak, aciklama=aciklama, giren=actor,
                         created_at=datetime.now(UTC))
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.mali_veri.girildi", actor=actor, realm="staff", object_type="mali_veri_girisi",
                 object_id=row.id, after={"yil": yil, "ay": ay, "parmak_izi": row.parmak_izi,
                                          "borc_toplam": str(row.borc_toplam), "alacak_toplam": str(row.alacak_toplam),
                                          "yeniden": veri.son_giris is not None, "aciklama": aciklama})
    return row
