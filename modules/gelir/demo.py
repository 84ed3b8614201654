"""Demo revenue picture for ``make run``: the municipality's parcels from the synthetic Tapu
register (real synthetic owners, who can sign in through the mock e-Devlet), 2024 values
carried over, 2025 and 2026 accrued by the real batch, most of it paid, some overdue.

Idempotent: a second run finds the register and only reports the citizen to try.
Receipts of on-time payments are written set-based (they carry no late fee); late
payments go through the payment service, so they accrue their late fees like real ones.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select, text

from ebelediye import clock
from ebelediye.connectors.settings import Settings
from ebelediye.connectors.synthetic.population import Population
from ebelediye.extensions import db

from .models import Banka, Emlak, EmlakHissesi, Mukellef, OdemeEmri, Tarife, TecilPlani
from .services import banka, borc, tahakkuk, tahsilat, takip, tecil

PARCELS = 2500
ACTOR = "demo"


def _zone(mahalle: str) -> str:
    return "Z-" + re.sub(r"[^A-Z0-9]", "", mahalle.upper().translate(str.maketrans("ÇĞİÖŞÜ", "CGIOSU")))[:20]


def run(session, tenant) -> list[str]:
    """Seed the register and the revenue history once; return the lines to print."""
    if session.scalar(select(func.count()).select_from(Emlak)) == 0:
        place = session.execute(text("SELECT province, district FROM public.tenants WHERE slug = :s"),
                                {"s": tenant.slug}).one_or_none()
        if place is None or not place.province:
            return []
        _register(place.province, place.district)
        session.commit()
        for year in (2025, 2026):
            run_ = tahakkuk.toplu_baslat(year, "emlak", actor=ACTOR)
            session.commit()
            tahakkuk.toplu_calistir(run_.id)
        _payments()
        borc.hepsi_degisti()
        session.commit()
        _takip()
        session.commit()
    lines = _citizen_lines(tenant) + _takip_lines() + _bank_lines(tenant)
    session.commit()
    return lines


def _register(il: str, ilce: str) -> None:
    from . import parametre

    settings = parametre.ayarlar()
    settings.il, settings.ilce = il, ilce
    population = Population(Settings.from_config(current_app.config).seed,
                            **Settings.from_config(current_app.config).population)
    people: dict[str, Mukellef] = {}
    zones: dict[str, int] = {}
    r = random.Random(f"demo:{il}:{ilce}")
    count = 0
    for parcel in population.district_parcels(il, ilce):
        if count >= PARCELS:
            break
        owners = [o for o in parcel.malikler if o.kimlik]
        if not owners:
            continue
        zone = _zone(parcel.mahalle) if parcel.nitelik != "arazi" else "ARAZI"
        zones.setdefault(zone, r.randint(1800, 7500) if zone != "ARAZI" else 45)
        emlak = Emlak(tur=parcel.nitelik, mahalle=parcel.mahalle, sokak="", deger_bolgesi=zone, ada=parcel.ada,
                      parsel=parcel.parsel, bagimsiz_bolum="", arsa_alani=parcel.alan_m2,
                      arsa_payi_alani=(parcel.alan_m2 / 8).quantize(Decimal("0.01")) if parcel.nitelik == "bina" else 0,
                      bina_alani=parcel.kat_alani_m2 or 0, kullanim=parcel.kullanim,
                      insaat_sinifi=("3A" if (parcel.yapim_yili or 0) >= 1995 else "2B") if parcel.nitelik == "bina"
                      else None, yapim_yili=parcel.yapim_yili, buyuksehir_mucavir=True)
        db.session.add(emlak)
        db.session.flush()
        count += 1
        for owner in owners:
            payer = people.get(owner.kimlik)
            if payer is None:
                if owner.kimlik_turu == "vkn":
                    payer = Mukellef(tur="tuzel", vkn=owner.kimlik, unvan=owner.ad)
                else:  # as KPS knows them: the synthetic register is the one KPS answers from
                    first, _, last = owner.ad.rpartition(" ")
                    found = population.member(owner.kimlik)
                    payer = Mukellef(tur="gercek", tckn=owner.kimlik, ad=first, soyad=last,
                                     adres=found[0].address.acik_adres[:500] if found else "",
                                     kps_dogrulandi_at=datetime.now(UTC))
                db.session.add(payer)
                db.session.flush()
                people[owner.kimlik] = payer
            db.session.add(EmlakHissesi(emlak_id=emlak.id, mukellef_id=payer.id, pay=owner.hisse_pay,
                                        payda=owner.hisse_payda, baslangic_yili=min(parcel.edinme_tarihi.year + 1, 2024)))
        # the previous system's 2024 value, about a third of today's unit values
        unit = Decimal(zones[zone])
        value = parcel.alan_m2 * unit / Decimal("3.4")
        if parcel.nitelik == "bina":
            value = (parcel.alan_m2 / 8) * unit / Decimal("3.4") + (parcel.kat_alani_m2 or 0) * Decimal("2600")
        db.session.execute(text("INSERT INTO degerlemeler (emlak_id, yil, vergi_degeri, yontem, created_at) "
                                "VALUES (:e, 2024, :v, 'devir', now())"), {"e": emlak.id, "v": round(value, 2)})
    for zone, unit in zones.items():
        db.session.add(Tarife(tur="arazi_birim" if zone == "ARAZI" else "arsa_birim", kod=zone,
                              ad=f"Değer bölgesi {zone}", birim="TL/m²", tutar=unit,
                              gecerlilik_baslangic=date(2026, 1, 1), karar="Takdir komisyonu 2025 (demo)",
                              olusturan=ACTOR))
    db.session.flush()


def _payments() -> None:
    """Most taxpayers paid 2025 and the first 2026 installment on time; some late, some not at all."""
    payers = db.session.execute(text("SELECT id, coalesce(tckn, vkn) AS no FROM mukellefler ORDER BY id")).all()
    on_time: list[tuple[int, int, list[int]]] = []  # (mukellef, year, installments)
    late: list[int] = []
    for payer in payers:
        r = random.Random(f"demo-pay:{payer.no}")
        roll = r.random()
        if roll < 0.82:
            on_time.append((payer.id, 2025, [1, 2]))
        elif roll < 0.90:
            late.append(payer.id)
        if r.random() < 0.78 and roll < 0.90:
            on_time.append((payer.id, 2026, [1]))
            if r.random() < 0.3:  # early payers of the November installment: the last weeks' collections
                on_time.append((payer.id, 2026, [2]))
    db.session.execute(text("CREATE TEMP TABLE demo_odeme (mukellef_id bigint, yil int, taksitler int[]) ON COMMIT DROP"))
    db.session.execute(text("INSERT INTO demo_odeme VALUES (:m, :y, :t)"),
                       [{"m": m, "y": y, "t": t} for m, y, t in on_time])
    db.session.execute(text("""
        WITH due AS (
            SELECT t.mukellef_id, t.yil, d.taksitler, sum(t.tutar) AS tutar, min(t.vade) AS vade,
                   array_agg(t.id) AS ids,
                   md5('demo' || t.mukellef_id || ':' || t.yil || ':' || array_to_string(d.taksitler, ',')) AS kod
            FROM tahakkuklar t JOIN demo_odeme d ON d.mukellef_id = t.mukellef_id AND d.yil = t.yil
                                               AND t.taksit = ANY (d.taksitler)
            WHERE t.gelir_kodu LIKE 'emlak_%' AND t.iptal_edilen_id IS NULL
            GROUP BY t.mukellef_id, t.yil, d.taksitler
        ), receipts AS (
            INSERT INTO tahsilatlar (makbuz_no, dogrulama_kodu, mukellef_id, kanal, tutar, tarih, alan, belge_no,
                                     created_at)
            SELECT 'M' || yil || '-' || lpad((row_number() OVER (PARTITION BY yil ORDER BY mukellef_id, taksitler))::text,
                                             6, '0'),
                   kod, mukellef_id, (ARRAY['nakit', 'kart', 'havale', 'online'])[1 + mukellef_id % 4], tutar,
                   LEAST(vade - (mukellef_id % 40)::int, CAST(:bugun AS date)),
                   CASE WHEN mukellef_id % 4 = 3 THEN 'online' ELSE 'vezne@demo' END,
                   CASE WHEN mukellef_id % 4 = 2 THEN 'DEKONT-' || mukellef_id ELSE '' END, now()
            FROM due
            RETURNING id, dogrulama_kodu
        )
        INSERT INTO tahsilat_dagilimlari (tahsilat_id, tahakkuk_id, tutar)
        SELECT r.id, t.id, t.tutar FROM receipts r
        JOIN due d ON d.kod = r.dogrulama_kodu
        JOIN tahakkuklar t ON t.id = ANY (d.ids)"""), {"bugun": clock.today()})
    db.session.execute(text("""
        INSERT INTO makbuz_sayaclari (yil, son)
        SELECT extract(year FROM tarih)::int, count(*) FROM tahsilatlar GROUP BY 1
        ON CONFLICT (yil) DO UPDATE SET son = EXCLUDED.son"""))
    db.session.flush()
    for mukellef_id in late:  # paid 2025 in February 2026: the late fee is accrued and paid with it
        owed = db.session.execute(text(
            "SELECT sum(tutar) FROM tahakkuklar WHERE mukellef_id = :m AND yil = 2025"), {"m": mukellef_id}).scalar()
        if owed:
            day = date(2026, 2, 2) + timedelta(days=mukellef_id % 20)
            fee_margin = (owed * Decimal("0.40")).quantize(Decimal("0.01"))
            tahsilat.tahsil(mukellef_id, owed + fee_margin, "nakit", day, actor="vezne@demo",
                            secili=_ids(mukellef_id, 2025))


def _ids(mukellef_id: int, year: int) -> list[int]:
    return list(db.session.scalars(text(
        "SELECT id FROM tahakkuklar WHERE mukellef_id = :m AND yil = :y AND iptal_edilen_id IS NULL"),
        {"m": mukellef_id, "y": year}))


# Citizens with at least two unpaid overdue installments, in id order (the first is printed
# for the online payment demo; the second gets the demo's tecil plan).
_OVERDUE_SQL = text("""
    SELECT m.id, m.tckn, m.ad, m.soyad, count(*) AS n FROM mukellefler m
    JOIN tahakkuklar t ON t.mukellef_id = m.id AND t.iptal_edilen_id IS NULL AND t.vade < current_date
        AND t.gelir_kodu NOT IN ('gecikme_zammi', 'tecil_faizi', 'yapilandirma')
    WHERE m.tur = 'gercek' AND NOT EXISTS (SELECT 1 FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id)
    GROUP BY m.id HAVING count(*) >= 2 ORDER BY m.id LIMIT 1 OFFSET :offset""")


#: the demo's contracted bank (its token is given on its page: a token is shown once)
DEMO_BANKA = ("0010", "Ziraat Bankası")


def _bank_lines(tenant) -> list[str]:
    """A contracted bank to try the bank API with (made once, without a token)."""
    kod, ad = DEMO_BANKA
    row = db.session.scalar(select(Banka).where(Banka.kod == kod))
    if row is None:
        row = banka.olustur(kod, ad, "102", "", actor=ACTOR)
    return [f"  {tenant.name}: anlaşmalı banka {ad} ({kod}) — API anahtarını /gelir/bankalar/{row.id} sayfasından "
            "verin; çağrılar /api/docs içinde /api/v1/gelir/banka/..."]


def _citizen_lines(tenant) -> list[str]:
    """A citizen with overdue debts, to try the online payment with."""
    row = db.session.execute(_OVERDUE_SQL.bindparams(offset=0)).one_or_none()
    if row is None:
        return []
    return [f"  {tenant.name}: borçlu vatandaş {row.tckn} ({row.ad} {row.soyad}), {row.n} vadesi geçmiş taksit — "
            "/e-hizmet/borclarim, test kartı 4111 1111 1111 1111"]


def _takip() -> None:
    """6183 collection to look at: ödeme emirleri for the larger 2025 arrears, the first one
    notified, and a tecil plan of 6 installments for the second citizen with overdue debts
    (the first is left for the online payment demo)."""
    today = clock.today()
    run_ = takip.parti_olustur(2025, None, "2000", today, actor=ACTOR)
    takip.calistir(run_.id)
    first = db.session.scalar(select(OdemeEmri).where(OdemeEmri.parti_id == run_.id).order_by(OdemeEmri.sira).limit(1))
    if first is not None:
        takip.teblig_et(first.id, today, bugun=today, actor=ACTOR)
    row = db.session.execute(_OVERDUE_SQL.bindparams(offset=1)).one_or_none()
    if row is None:
        return
    ids = [d.tahakkuk_id for d in borc.acik_borclar(row.id, today) if d.vade < today and d.tecil_taksiti_id is None]
    if ids:
        tecil.onayla(row.id, ids, 6, today, bugun=today, actor=ACTOR)


def _takip_lines() -> list[str]:
    orders = db.session.scalar(select(func.count()).select_from(OdemeEmri)) or 0
    plan = db.session.scalar(select(TecilPlani).order_by(TecilPlani.id).limit(1))
    if plan is None:
        return []
    tckn = db.session.scalar(select(Mukellef.tckn).where(Mukellef.id == plan.mukellef_id))
    return [f"  Takip (6183): {orders} ödeme emri (/gelir/takip/odeme-emirleri); vatandaş {tckn} için "
            f"{plan.taksit_sayisi} taksitli tecil planı (/gelir/takip/tecil/{plan.id}, e-Hizmet Borçlarım)"]
