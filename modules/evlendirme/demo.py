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

from sqlalchemy import func, select

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
from .services import EvlendirmeError, ayarlar, basvuru, sonraki_no, takvim, tatil_mi, ucret

ACTOR = "demo"
PAST_DAYS = 90
UPCOMING_FILES = 12


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
        if len(men) >= count and len(women) >= count and len(witnesses) >= 20:
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


def _party(row_id: int, sira: int, m) -> Taraf:
    return Taraf(basvuru_id=row_id, sira=sira, tckn=m.tckn, ad=m.ad, soyad=m.soyad, baba_adi=m.baba_adi,
                 anne_adi=m.anne_adi, cinsiyet=m.cinsiyet, dogum_tarihi=m.dogum_tarihi, dogum_yeri=m.dogum_yeri,
                 medeni_hal=m.medeni_hal, olu=False, onay_at=clock.now(), onay_kanal="masa")


def _history(session, halls, officers, men, women, witnesses, today: date) -> int:
    """Past ceremonies, one to three a day, with their files, checks, fees and receipts."""
    r = random.Random(f"evlendirme-demo:{today.isoformat()}")
    tz = clock.timezone()
    rows = ucret.tarife_satirlari()
    count = 0
    for back in range(PAST_DAYS, 0, -1):
        day = today - timedelta(days=back)
        if tatil_mi(day) or not men or not women:
            continue
        slots = hesap.gunun_slotlari(day, takvim.sablon_listesi(), tz)
        for slot in r.sample(slots, min(len(slots), r.choice((1, 1, 2, 3)))):
            man, woman = men.pop(), women.pop()
            w1, w2 = r.sample(witnesses, 2)
            opened = day - timedelta(days=r.randint(10, 80))
            row = NikahBasvurusu(no=f"{opened.year}/{sonraki_no('basvuru', opened.year):06d}", kanal=r.choice(("masa", "online")),
                                 durum="tamamlandi", amac="nikah", basvuru_tarihi=opened,
                                 gecerlilik_bitis=hesap.ay_ekle(opened, 6), davetli_sayisi=r.randint(20, 150),
                                 soyad_tercihi="es", olusturan=ACTOR, onaylayan=ACTOR,
                                 onay_at=datetime.combine(opened + timedelta(days=3), time(11), tz))
            session.add(row)
            session.flush()
            session.add_all([_party(row.id, 1, man), _party(row.id, 2, woman)])
            session.add_all([Tanik(basvuru_id=row.id, sira=i, tckn=w.tckn, ad=w.ad, soyad=w.soyad,
                                   dogum_tarihi=w.dogum_tarihi) for i, w in ((1, w1), (2, w2))])
            session.add(Kontrol(basvuru_id=row.id, calisma=1, gun=day, kod="tum", sonuc="uygun",
                                baslik="Engel denetimi (demo geçmişi)", gerekce="Tüm denetimler uygun.",
                                kaynak="KPS; TMK m.124-136", adimlar=[], asilabilir=True, yapan=ACTOR))
            done = slot.baslangic + timedelta(minutes=r.randint(0, 8))
            booking = Nikah(basvuru_id=row.id, yer="salon", salon_id=slot.salon_id, memur_id=r.choice(officers).id,
                            baslangic=slot.baslangic, bitis=slot.bitis, memur_baslangic=slot.baslangic,
                            memur_bitis=slot.bitis, durum="kiyildi", kiyildi_at=done, taniklar_hazir=True,
                            kutuk_no=f"{day.year}/{sonraki_no('kutuk', day.year):06d}",
                            dogrulama_kodu=secrets.token_urlsafe(18), kps_durum="tescil",
                            aile_cuzdani_no=f"D{r.randrange(10**8):08d}", tescil_tarihi=day, olusturan=ACTOR)
            session.add(booking)
            session.flush()
            price = hesap.ucret_hesapla("salon", day, hesap.gun_turu(day, tatil_mi), rows)
            fee = NikahUcreti(basvuru_id=row.id, nikah_id=booking.id, referans=f"{ucret.PREFIX}demo:{booking.id}",
                              tarife_id=price.satir.id if price.satir else None,
                              tarife_kod=price.satir.kod if price.satir else "", aciklama=f"Nikâh ücreti {day:%d.%m.%Y}",
                              tutar=price.tutar, hesap=list(price.adimlar), kanal="masa", durum="odendi",
                              odeme_tarihi=opened + timedelta(days=4), olusturan=ACTOR)
            session.add(fee)
            session.flush()
            paid_on = opened + timedelta(days=4)
            number = sonraki_no("makbuz", paid_on.year)
            receipt_no = f"{ayarlar().makbuz_on_eki}-{paid_on.year}-{number:06d}"
            fee.makbuz_no = receipt_no
            session.add(NikahMakbuzu(yil=paid_on.year, sira=number, no=receipt_no, ucret_id=fee.id, tutar=fee.tutar,
                                     tarih=paid_on, odeyen=f"{man.ad} {man.soyad}", odeme_sekli="kart", kasiyer=ACTOR))
            count += 1
    session.flush()
    return count


def _upcoming(men, women, witnesses, halls, today: date) -> int:
    """Files opened through the real services and booked into the coming weeks."""
    r = random.Random("evlendirme-demo-upcoming")
    booked = 0
    day = today + timedelta(days=2)
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
            try:
                takvim.tut(row.id, free[0].salon_id, r.choice(free).baslangic, actor=ACTOR)
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
    men, women, witnesses = _people(PAST_DAYS * 2 + UPCOMING_FILES + 4)
    couple = (men.pop(0), women.pop(0)) if men and women else None
    if session.scalar(select(func.count()).select_from(NikahSalonu)) == 0:
        today = clock.today()
        halls, officers = _setup(session)
        past = _history(session, halls, officers, men, women, witnesses, today)
        upcoming = _upcoming(men, women, witnesses, halls, today)
        session.commit()
        lines.append(f"Evlendirme: 2 salon, 3 memur, {past} geçmiş nikâh, {upcoming} randevu.")
    else:
        couple = _couple_to_try(session, *_people(2)[:2])
    if couple:
        lines.append(f"Evlendirme e-Hizmet: {couple[0].ad} {couple[0].soyad} ({couple[0].tckn}) ile "
                     f"{couple[1].ad} {couple[1].soyad} ({couple[1].tckn}) online başvurabilir.")
    return lines
