"""Statistics of the marriage office: ceremonies per month, hall usage, lead time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, text

from ebelediye.extensions import db

from .. import hesap
from ..models import KapaliGun
from . import ayarlar, tatil_mi, tz
from .takvim import sablon_listesi


@dataclass(frozen=True)
class Ozet:
    aylik: list[dict]
    salonlar: list[dict]
    bekleme: dict
    iptal: dict


def ozet(baslangic: date, bitis: date) -> Ozet:
    """The figures of [baslangic, bitis]: each a handful of grouped statements."""
    params = {"a": baslangic, "b": bitis, "tz": str(tz())}
    monthly = [dict(r) for r in db.session.execute(text("""
        SELECT to_char(baslangic AT TIME ZONE :tz, 'YYYY-MM') AS ay,
               count(*) FILTER (WHERE durum = 'kiyildi') AS kiyildi,
               count(*) FILTER (WHERE durum IN ('kesin', 'tutuldu')) AS bekleyen,
               count(*) FILTER (WHERE durum = 'gelmedi') AS gelmedi,
               count(*) FILTER (WHERE yer = 'dis' AND durum IN ('kiyildi', 'kesin')) AS dis
        FROM nikahlar
        WHERE (baslangic AT TIME ZONE :tz)::date BETWEEN :a AND :b
          AND durum IN ('kiyildi', 'kesin', 'tutuldu', 'gelmedi')
        GROUP BY 1 ORDER BY 1"""), params).mappings()]
    used = {r.salon_id: r.n for r in db.session.execute(text("""
        SELECT salon_id, count(*) AS n FROM nikahlar
        WHERE salon_id IS NOT NULL AND durum IN ('kiyildi', 'kesin', 'tutuldu', 'gelmedi')
          AND (baslangic AT TIME ZONE :tz)::date BETWEEN :a AND :b GROUP BY salon_id"""), params)}
    capacity: dict[int, int] = {}
    templates = sablon_listesi()
    closed = set(db.session.scalars(select(KapaliGun.tarih).where(KapaliGun.tarih.between(baslangic, bitis),
                                                                 KapaliGun.salon_id.is_(None))))
    on_holidays = ayarlar().tatilde_nikah
    day = baslangic
    while day <= bitis:
        if day not in closed and (on_holidays or not tatil_mi(day)):
            for slot in hesap.gunun_slotlari(day, templates, tz()):
                capacity[slot.salon_id] = capacity.get(slot.salon_id, 0) + 1
        day += timedelta(days=1)
    halls = [dict(r) for r in db.session.execute(text("SELECT id, ad FROM nikah_salonlari ORDER BY ad")).mappings()]
    for hall in halls:
        hall["dolu"] = used.get(hall["id"], 0)
        hall["kapasite"] = capacity.get(hall["id"], 0)
        hall["oran"] = round(100 * hall["dolu"] / hall["kapasite"], 1) if hall["kapasite"] else None
    lead = db.session.execute(text("""
        SELECT count(*) AS n,
               avg((n.baslangic AT TIME ZONE :tz)::date - b.basvuru_tarihi) AS ortalama,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY (n.baslangic AT TIME ZONE :tz)::date - b.basvuru_tarihi) AS ortanca,
               max((n.baslangic AT TIME ZONE :tz)::date - b.basvuru_tarihi) AS en_uzun
        FROM nikahlar n JOIN nikah_basvurulari b ON b.id = n.basvuru_id
        WHERE n.durum = 'kiyildi' AND (n.baslangic AT TIME ZONE :tz)::date BETWEEN :a AND :b"""), params).mappings().one()
    cancelled = db.session.execute(text("""
        SELECT count(*) FILTER (WHERE durum = 'iptal') AS iptal,
               count(*) FILTER (WHERE durum = 'ertelendi') AS ertelendi,
               count(*) FILTER (WHERE durum = 'suresi_doldu') AS suresi_doldu
        FROM nikahlar WHERE (baslangic AT TIME ZONE :tz)::date BETWEEN :a AND :b"""), params).mappings().one()
    return Ozet(monthly, halls, {k: (float(v) if v is not None else None) for k, v in dict(lead).items()},
                dict(cancelled))
