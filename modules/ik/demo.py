"""Demo HR office for ``make run``: five units (müdürlükler) with positions of every kind,
150 staff of the three kinds taken from the synthetic population (the people KPS knows),
their 2026 leave entitlements with a few approved leaves, and the payrolls of the last three
closed months computed by the real payroll service and closed (each sends its payroll event).

Half of the workers are paid by a demo TİS (three grades, a raise six months in); every
fourth memur has özel hizmet tazminatı and ek ödeme rates, every third is a union member (the
toplu sözleşme ikramiyesi).

The staff are written set-based rather than through the hire service: the demo must start
in seconds and the SGK mock's notices are not needed for it.  Idempotent: a second run finds
the units and only prints what is there.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye import clock, uow
from ebelediye.connectors.factory import connectors
from ebelediye.errors import UserError

from .models import Atama, BelgeTuru, Birim, Bordro, Personel, SendikaUyeligi
from .services import bordro, izin, ozluk, personel, tis

ACTOR = "demo"
STAFF = 150
UNITS = [("46.06.99.01", "Fen İşleri Müdürlüğü"), ("46.06.99.02", "Temizlik İşleri Müdürlüğü"),
         ("46.06.99.03", "Mali Hizmetler Müdürlüğü"), ("46.06.99.04", "İnsan Kaynakları ve Eğitim Müdürlüğü"),
         ("46.06.99.05", "Zabıta Müdürlüğü")]
#: every demo unit's payroll is spent under "01.3.9.00" (diğer genel hizmetler); the
#: Muhasebe demo appropriates the personnel items of these units under the same code
FONKSIYONEL = "01.3.9.00"
POSITIONS = [("memur", "GİH", "Memur", 8, "01.1.1.01"), ("memur", "THS", "Mühendis", 5, "01.1.1.01"),
             ("isci", "İşçi", "Sürekli işçi", None, "01.3.1.01"),
             ("sozlesmeli", "Sözleşmeli", "Tekniker (5393/49)", None, "01.2.1.01")]


def _months_back(today: date, n: int) -> list[str]:
    out, year, month = [], today.year, today.month
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(f"{year}-{month:02d}")
    return list(reversed(out))


def run(session, tenant) -> list[str]:
    if session.scalar(select(func.count()).select_from(Birim)):
        count = session.scalar(select(func.count()).select_from(Personel))
        return [f"İK: {count} personel zaten var; /ik/personel, /ik/bordro"]
    rng = random.Random(14)
    today = clock.today()
    positions = []
    for kod, ad in UNITS:
        unit = personel.birim_ekle(kod, ad, actor=ACTOR, fonksiyonel_kod=FONKSIYONEL)
        for tur, sinif, unvan, derece, code in POSITIONS:
            positions.append(personel.kadro_ekle(unit.id, tur, sinif, unvan, actor=ACTOR, derece=derece,
                                                 ekonomik_kod=code))
    people = []
    for _hh, m in connectors().agencies.population.iter_people(0, 20_000):
        if m.alive and 25 <= m.age(today) <= 60:
            people.append(m)
        if len(people) >= STAFF:
            break
    # demo data, not law: an agreement from a year ago for three years, a raise six months in
    tis_start = date(today.year - 1, today.month, 1)
    raise_day = date(tis_start.year + (tis_start.month + 5) // 12, (tis_start.month + 5) % 12 + 1, 1)
    tis.tis_ekle("Demo Belediye TİS", "Genel-İş (demo)", tis_start, date(tis_start.year + 3, tis_start.month, 1)
                 - timedelta(days=1), {"1": Decimal("40000.00"), "2": Decimal("46000.00"), "3": Decimal("52000.00")},
                 [(raise_day, Decimal("10"), Decimal("500.00"))], actor=ACTOR)
    prefix = "P"
    for n, m in enumerate(people, start=1):
        kadro = rng.choice(positions)
        start = date(rng.randint(2000, 2025), rng.randint(1, 12), 1)
        if m.age(start) < 18:
            start = date(today.year - 3, 1, 1)
        p = Personel(sicil_no=f"{prefix}-{n:06d}", tckn=m.tckn, ad=m.ad, soyad=m.soyad, cinsiyet=m.cinsiyet,
                     dogum_tarihi=m.dogum_tarihi, tur=kadro.tur, sgk_statu=personel.VARSAYILAN_STATU[kadro.tur],
                     ise_giris=start, hizmet_baslangic=start, iban=None, es_yardimi=kadro.tur == "memur" and n % 2 == 0,
                     cocuk_0_6=n % 3 if kadro.tur == "memur" else 0, cocuk_6_ustu=n % 2 if kadro.tur == "memur" else 0,
                     sgk_giris_referans=f"DEMO-{n:06d}", olusturan=ACTOR)
        session.add(p)
        session.flush()
        on_tis = kadro.tur == "isci" and n % 2 == 0
        allowances = kadro.tur == "memur" and n % 4 == 0
        session.add(Atama(personel_id=p.id, kadro_id=kadro.id, birim_id=kadro.birim_id, baslangic=start,
                          tis_derece=str(1 + n % 3) if on_tis else None,
                          ozel_hizmet_orani=Decimal("60") if allowances else Decimal("0"),
                          ek_odeme_orani=Decimal("70") if allowances else Decimal("0"),
                          brut_ucret=None if kadro.tur == "memur" or on_tis else Decimal(rng.randrange(33030, 90000, 10)),
                          gosterge=rng.choice((1100, 1155, 1320, 1500)) if kadro.tur == "memur" else None,
                          ek_gosterge=rng.choice((0, 0, 1600, 2200)) if kadro.tur == "memur" else 0,
                          yan_odeme_puan=rng.choice((800, 1000, 1300)) if kadro.tur == "memur" else 0,
                          gerekce="Demo", olusturan=ACTOR))
        if kadro.tur == "memur" and n % 3 == 0:  # a union member: the toplu sözleşme ikramiyesi
            session.add(SendikaUyeligi(personel_id=p.id, sendika="Demo Kamu-Sen", baslangic=start, olusturan=ACTOR))
    session.flush()
    ids = list(session.scalars(select(Personel.id).order_by(Personel.id)))
    for pid in ids:
        izin.hak_tanimla(pid, today.year, actor=ACTOR)
    for pid in ids[:8]:
        try:
            start = today + timedelta(days=7 + pid % 10)
            with uow.savepoint():
                t = izin.talep(pid, "yillik", start, start + timedelta(days=4), actor=f"demo:{pid}")
                izin.karar(t.id, True, actor=ACTOR)
        except UserError:  # no entitlement yet, or a range without working days: skip that one
            continue
    documents = _belgeler(session, ids[:6], today)
    lines = [f"İK: {len(ids)} personel, {len(UNITS)} birim, {documents} özlük belgesi"]
    for donem in _months_back(today, 3):
        row = session.scalar(select(Bordro).where(Bordro.donem == donem, Bordro.tur == "asil"))
        if row is None:
            row = Bordro(donem=donem, tur="asil", durum="taslak", olusturan=ACTOR)
            session.add(row)
            session.flush()
        try:
            bordro.hesapla(row.id)
            bordro.kapat(row.id, today, actor=ACTOR)
            lines.append(f"İK: {donem} bordrosu: {row.kisi_sayisi} kişi, net {row.toplam_net} TL")
        except Exception as exc:  # noqa: BLE001 (a month no parameter covers: say so and go on)
            lines.append(f"İK: {donem} bordrosu hesaplanamadı: {exc}")
    return lines


def _pdf(title: str, who: str, day: date) -> bytes:
    """A one-page demo document on the municipality's letterhead (the core's pdf helper)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ebelediye import pdf

    from .services.belge import _BOLD, _FONT, _fonts

    _fonts()
    lh = pdf.letterhead()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    top = A4[1] - 50
    left = pdf.draw(c, lh, 50, top)
    c.setFont(_BOLD, 12)
    c.drawString(left, top - 14, lh.name)
    y = top - max(lh.height, 20) - 40
    c.setFont(_BOLD, 14)
    c.drawString(50, y, title)
    c.setFont(_FONT, 11)
    c.drawString(50, y - 25, f"{who} · {day:%d.%m.%Y}")
    c.drawString(50, y - 45, "Örnek belge (demo verisi).")
    c.showPage()
    c.save()
    return out.getvalue()


def _belgeler(session, ids: list[int], today: date) -> int:
    """A few personnel documents: an identity copy and a health report (some ending within
    30 days, one superseded), so the özlük pages and the card have something to show."""
    kinds = {kod: kid for kod, kid in session.execute(select(BelgeTuru.kod, BelgeTuru.id))}
    made = 0
    for n, pid in enumerate(ids):
        p = session.get(Personel, pid)
        ozluk.yukle(pid, _pdf("Nüfus cüzdanı sureti", p.ad_soyad, p.ise_giris), "nufus-cuzdani.pdf",
                    tur_id=kinds["nufus"], belge_tarihi=p.ise_giris, actor=ACTOR)
        issued = today - timedelta(days=365 - 7 * (n + 1))
        report = ozluk.yukle(pid, _pdf("Sağlık raporu", p.ad_soyad, issued), "saglik-raporu.pdf",
                             tur_id=kinds["saglik"], belge_tarihi=issued, gecerlilik_bitis=issued + timedelta(days=365),
                             aciklama="İşe giriş sağlık raporu (demo)", actor=ACTOR)
        made += 2
        if n == 0:
            ozluk.gecersiz_kil(pid, report.id, "Yenilendi (demo)", actor=ACTOR)
            renewed = today - timedelta(days=3)
            ozluk.yukle(pid, _pdf("Sağlık raporu (yenilenen)", p.ad_soyad, renewed), "saglik-raporu-2.pdf",
                        tur_id=kinds["saglik"], belge_tarihi=renewed, gecerlilik_bitis=renewed + timedelta(days=365),
                        actor=ACTOR)
            made += 1
    return made
