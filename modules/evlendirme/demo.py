"""Demo marriage office for ``make run``: two halls with weekly slots, three officiants,
the council's example tariff (from the seed), three months of past ceremonies and the
coming weeks' bookings, and a couple from the synthetic population who can apply online.

Upcoming files go through the real services (KPS, checks, slot booking, the fee through
the FeeCharger port where Gelir is on).  The history of past ceremonies is written
set-based with the same tables (a completed ceremony cannot be booked in the past), with
desk receipts numbered from the module's gap-free counter.

Idempotent: a second run finds the halls and only prints the couple to try.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from ebelediye import clock
from ebelediye.connectors.factory import connectors

from . import hesap
from .models import (
    Kontrol,
    MemurCalismaSaati,
    Nikah,
    NikahBasvurusu,
    NikahMakbuzu,
    NikahMemuru,
    NikahSalonu,
    NikahUcreti,
    SlotSablonu,
    Tanik,
    Taraf,
)
from .services import EvlendirmeError, ayarlar, basvuru, takvim, tatil_mi, ucret

ACTOR = "demo"
PAST_DAYS = 90
AHEAD_DAYS = 45
UPCOMING_FILES = 3


def _people(count: int) -> tuple[list, list, list]:
    """Unmarried adults living alone (men, women) and divorced adults as witnesses."""
    men, women, witnesses = [], [], []
    population = connectors().agencies.population
    for hh, m in population.iter_people(0, min(population.households, 40_000)):
        if not m.alive or len(hh.members) != 1:
            continue
        age = m.age()
        if m.medeni_hal == "bekar" and 22 <= age <= 40:
            (men if m.cinsiyet == "E" else women).append(m)
        elif m.medeni_hal == "bosanmis" and 30 <= age <= 70:
            witnesses.append(m)
        if len(men) >= count and len(women) >= count and len(witnesses) >= min(count, 20):
            break
    return men, women, witnesses


def _setup(session) -> tuple[list[NikahSalonu], list[NikahMemuru]]:
    halls = [NikahSalonu(ad="Belediye Sarayı Nikâh Salonu", adres="Cumhuriyet Meydanı No:1", kapasite=180),
             NikahSalonu(ad="Kent Parkı Nikâh Salonu", adres="Kent Parkı içi", kapasite=80)]
    session.add_all(halls)
    session.flush()
    start = date(2026, 1, 1)
    for hall, (open_, close) in zip(halls, ((time(10), time(17)), (time(11), time(19))), strict=True):
        for weekday in range(7):
            if hall is halls[0] and weekday == 0:
                continue  # the main hall is closed on Mondays
            session.add(SlotSablonu(salon_id=hall.id, hafta_gunu=weekday, baslangic=open_, bitis=close, aralik_dk=30,
                                    sure_dk=20, gecerli_baslangic=start))
    officers = [NikahMemuru(ad_soyad=name, unvan=title, yetki_karari="Belediye Başkanı oluru 2026/14", aktif=True)
                for name, title in (("Ayşe Demir", "Evlendirme Memuru"), ("Mehmet Kaya", "Evlendirme Memuru"),
                                    ("Fatma Şahin", "Başkan Yardımcısı"))]
    session.add_all(officers)
    session.flush()
    for officer in officers:
        for weekday in range(7):
            session.add(MemurCalismaSaati(memur_id=officer.id, hafta_gunu=weekday, baslangic=time(9, 30),
                                          bitis=time(19, 30)))
    session.flush()
    return halls, officers


def _insert(session, model, rows: list[dict]) -> list[int]:
    """Insert rows in one statement and return their ids in order."""
    if not rows:
        return []
    return list(session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))


def _block(session, tur: str, year: int, n: int) -> int:
    """Reserve ``n`` consecutive numbers of a gap-free counter; returns the first."""
    last = session.execute(text(
        "INSERT INTO nikah_sayaclari (tur, yil, son) VALUES (:t, :y, :n) "
        "ON CONFLICT (tur, yil) DO UPDATE SET son = nikah_sayaclari.son + :n RETURNING son"),
        {"t": tur, "y": year, "n": n}).scalar_one()
    return int(last) - n + 1


def _history(session, halls, officers, men, women, witnesses, today: date) -> tuple[int, int]:
    """Past ceremonies and the coming weeks' firm bookings, up to three a day, with their
    files, checks, fees paid at the desk and receipts, written set-based (one statement per
    table).  Returns (past, ahead)."""
    r = random.Random(f"evlendirme-demo:{today.isoformat()}")
    tz = clock.timezone()
    rows = ucret.tarife_satirlari()
    templates = takvim.sablon_listesi()
    plan = []
    for offset in [*range(-PAST_DAYS, 0), *range(2, AHEAD_DAYS)]:
        day = today + timedelta(days=offset)
        if tatil_mi(day):
            continue
        slots = hesap.gunun_slotlari(day, templates, tz)
        for slot in r.sample(slots, min(len(slots), r.choice((0, 1, 1, 2)))):
            if not men or not women:
                break
            opened = min(day, today) - timedelta(days=r.randint(10, 80))
            plan.append((day, slot, opened, men.pop(), women.pop(), r.sample(witnesses, 2)))
    if not plan:
        return 0, 0
    prefix = ayarlar().makbuz_on_eki
    files, booking_rows, fees, numbers = [], [], [], {}
    for day, _slot, opened, _man, _woman, _ in plan:
        numbers.setdefault(("basvuru", opened.year), 0)
        numbers[("basvuru", opened.year)] += 1
        if day < today:
            numbers.setdefault(("kutuk", day.year), 0)
            numbers[("kutuk", day.year)] += 1
        numbers.setdefault(("makbuz", (opened + timedelta(days=4)).year), 0)
        numbers[("makbuz", (opened + timedelta(days=4)).year)] += 1
    first = {key: _block(session, key[0], key[1], n) for key, n in numbers.items()}
    used = dict.fromkeys(first, 0)

    def take(tur: str, year: int) -> int:
        number = first[(tur, year)] + used[(tur, year)]
        used[(tur, year)] += 1
        return number

    for day, _slot, opened, _man, _woman, _ in plan:
        files.append(dict(no=f"{opened.year}/{take('basvuru', opened.year):06d}", kanal=r.choice(("masa", "online")),
                          durum="tamamlandi" if day < today else "onaylandi", amac="nikah", basvuru_tarihi=opened, gecerlilik_bitis=hesap.ay_ekle(opened, 6),
                          davetli_sayisi=r.randint(20, 150), soyad_tercihi="es", tercuman="", iletisim_eposta="",
                          iletisim_telefon="", izin_belgesi_yeri="", olusturan=ACTOR, onaylayan=ACTOR, ret_nedeni="",
                          onay_at=datetime.combine(opened + timedelta(days=3), time(11), tz)))
    file_ids = _insert(session, NikahBasvurusu, files)
    parties, witness_rows, checks = [], [], []
    for file_id, (day, slot, opened, man, woman, pair) in zip(file_ids, plan, strict=True):
        for sira, m in ((1, man), (2, woman)):
            parties.append(dict(basvuru_id=file_id, sira=sira, tckn=m.tckn, yabanci=False, uyruk="", pasaport_no="",
                                koruma_statusu=False, ad=m.ad, soyad=m.soyad, baba_adi=m.baba_adi, anne_adi=m.anne_adi,
                                cinsiyet=m.cinsiyet, dogum_tarihi=m.dogum_tarihi, dogum_yeri=m.dogum_yeri,
                                medeni_hal=m.medeni_hal, olu=False, eposta="", onay_kanal="masa",
                                onay_at=datetime.combine(opened, time(10), tz)))
        witness_rows += [dict(basvuru_id=file_id, sira=i, tckn=w.tckn, ad=w.ad, soyad=w.soyad, dogum_tarihi=w.dogum_tarihi)
                         for i, w in enumerate(pair, 1)]
        checks.append(dict(basvuru_id=file_id, calisma=1, gun=day, kod="tum", taraf_sira=None, sonuc="uygun",
                           baslik="Engel denetimi (demo geçmişi)", gerekce="Tüm denetimler uygun.",
                           kaynak="KPS; TMK m.124-136", adimlar=[], asilabilir=True, yapan=ACTOR))
        past = day < today
        done = slot.baslangic + timedelta(minutes=r.randint(0, 8))
        booking_rows.append(dict(
            basvuru_id=file_id, yer="salon", salon_id=slot.salon_id, dis_adres="", yol_dk=0,
            memur_id=officers[len(booking_rows) % len(officers)].id, baslangic=slot.baslangic, bitis=slot.bitis,
            memur_baslangic=slot.baslangic, memur_bitis=slot.bitis, durum="kiyildi" if past else "kesin",
            kiyildi_at=done if past else None, taniklar_hazir=True if past else None,
            kutuk_no=f"{day.year}/{take('kutuk', day.year):06d}" if past else None,
            dogrulama_kodu=secrets.token_urlsafe(18) if past else None, kps_durum="tescil" if past else None,
            kps_deneme=1 if past else 0, kps_hata="", aile_cuzdani_no=f"D{r.randrange(10**8):08d}" if past else None,
            tescil_tarihi=day if past else None, iptal_nedeni="", olusturan=ACTOR))
    session.execute(insert(Taraf), parties)
    session.execute(insert(Tanik), witness_rows)
    session.execute(insert(Kontrol), checks)
    booking_ids = _insert(session, Nikah, booking_rows)
    receipts = []
    for file_id, booking_id, (day, _slot, opened, man, _woman, _) in zip(file_ids, booking_ids, plan, strict=True):
        price = hesap.ucret_hesapla("salon", day, hesap.gun_turu(day, tatil_mi), rows)
        paid_on = opened + timedelta(days=4)
        number = take("makbuz", paid_on.year)
        receipt_no = f"{prefix}-{paid_on.year}-{number:06d}"
        fees.append(dict(basvuru_id=file_id, nikah_id=booking_id, referans=f"{ucret.PREFIX}demo:{booking_id}",
                         tarife_id=price.satir.id if price.satir else None, tarife_kod=price.satir.kod if price.satir else "",
                         aciklama=f"Nikâh ücreti {day:%d.%m.%Y}", tutar=price.tutar, hesap=list(price.adimlar),
                         kanal="masa", durum="odendi", odeme_tarihi=paid_on, makbuz_no=receipt_no, olusturan=ACTOR))
        receipts.append(dict(yil=paid_on.year, sira=number, no=receipt_no, tutar=price.tutar, tarih=paid_on,
                             odeyen=f"{man.ad} {man.soyad}", odeme_sekli="kart", kasiyer=ACTOR))
    fee_ids = _insert(session, NikahUcreti, fees)
    session.execute(insert(NikahMakbuzu), [{**receipt, "ucret_id": fee_id} for receipt, fee_id in zip(receipts, fee_ids,
                                                                                                        strict=True)])
    session.flush()
    return sum(1 for p in plan if p[0] < today), sum(1 for p in plan if p[0] >= today)


def _upcoming(men, women, witnesses, halls, today: date) -> int:
    """Files opened through the real services and booked into the coming weeks."""
    r = random.Random("evlendirme-demo-upcoming")
    booked = 0
    day = today
    for _ in range(UPCOMING_FILES):
        if not men or not women:
            break
        man, woman = men.pop(), women.pop()
        w1, w2 = r.sample(witnesses, 2)
        row = basvuru.ac(kanal="masa", taraf1=man.tckn, taraf2=woman.tckn, taniklar=[w1.tckn, w2.tckn], gun=today,
                         actor=ACTOR, davetli_sayisi=r.randint(20, 70), eposta=f"cift{booked}@ornek.com.tr")
        for side in (1, 2):
            basvuru.belge_ekle(row.id, tur="saglik_raporu", taraf_sira=side, belge_tarihi=today - timedelta(days=7),
                               gecerlilik_bitis=today + timedelta(days=170), veren="Aile Sağlığı Merkezi", actor=ACTOR)
            basvuru.belge_ekle(row.id, tur="fotograf", taraf_sira=side, belge_tarihi=today - timedelta(days=7),
                               gecerlilik_bitis=today + timedelta(days=180), actor=ACTOR)
        basvuru.onayla(row.id, actor=ACTOR, actor_id=None, gun=today)
        for _attempt in range(20):
            day += timedelta(days=r.choice((1, 2, 3)))
            closed, slots = takvim.gun_slotlari(day)
            free = [s for s in slots if s.bos]
            if closed or not free:
                continue
            chosen = r.choice(free)
            try:
                takvim.tut(row.id, chosen.salon_id, chosen.baslangic, actor=ACTOR)
            except EvlendirmeError:
                continue
            booked += 1
            break
    return booked


def _couple_to_try(session, men, women):
    """The first unmarried man and woman living alone who have no file here yet."""
    used = set(session.scalars(select(Taraf.tckn).where(Taraf.tckn.is_not(None))))
    man = next((m for m in men if m.tckn not in used), None)
    woman = next((w for w in women if w.tckn not in used), None)
    return (man, woman) if man and woman else None


def run(session, tenant) -> list[str]:
    """Build the demo office once; return the lines to print."""
    lines = []
    if session.scalar(select(func.count()).select_from(NikahSalonu)) == 0:
        today = clock.today()
        men, women, witnesses = _people(PAST_DAYS + AHEAD_DAYS + UPCOMING_FILES + 2)
        couple = (men.pop(0), women.pop(0)) if men and women else None
        halls, officers = _setup(session)
        past, ahead = _history(session, halls, officers, men, women, witnesses, today)
        upcoming = _upcoming(men, women, witnesses, halls, today)
        session.commit()
        lines.append(f"Evlendirme: 2 salon, 3 memur, {past} geçmiş nikâh, {ahead + upcoming} randevu "
                     f"({upcoming} tanesi ücret bekliyor).")
    else:
        couple = _couple_to_try(session, *_people(2)[:2])
    if couple:
        lines.append(f"Evlendirme e-Hizmet: {couple[0].ad} {couple[0].soyad} ({couple[0].tckn}) ile "
                     f"{couple[1].ad} {couple[1].soyad} ({couple[1].tckn}) online başvurabilir.")
    return lines
