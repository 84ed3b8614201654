"""Fixtures of Evlendirme's tests: a controllable clock (the app's and mock KPS's), the
office's set-up (halls, slot templates, officiants) in a shared tenant, people picked from
the synthetic population by what KPS says of them, and the civil-registry events the
mock KPS lets a test register (divorces, births, family links).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from ebelediye import clock
from ebelediye.connectors.factory import connectors
from ebelediye.extensions import db
from modules.evlendirme.models import MemurCalismaSaati, NikahMemuru, NikahSalonu, SlotSablonu
from modules.evlendirme.services import basvuru

IST = ZoneInfo("Europe/Istanbul")
#: a Monday with no public holiday around it: the tests' "today"
BUGUN = date(2026, 12, 7)


@dataclass
class Saat:
    """The app's and mock KPS's clock, set by the test."""

    an: datetime

    def ileri(self, **kwargs) -> None:
        self.an += timedelta(**kwargs)

    def gun(self, day: date, hour: int = 9) -> None:
        self.an = datetime.combine(day, time(hour), IST)


@pytest.fixture
def saat(monkeypatch):
    state = Saat(datetime.combine(BUGUN, time(9), IST))
    monkeypatch.setattr(clock, "now", lambda: state.an)
    agencies = connectors().agencies
    monkeypatch.setattr(agencies, "clock", lambda: state.an)
    return state


@pytest.fixture
def kps():
    """The in-process mock KPS's civil registry, forgotten after the test."""
    agencies = connectors().agencies
    touched_marriages = dict(agencies.marriages)
    yield agencies
    agencies.civil.records.clear()
    for key in list(agencies.marriages):
        if key not in touched_marriages:
            agencies.marriages.pop(key)
    for key in list(agencies.marriage_requests):
        agencies.marriage_requests.pop(key)


def population():
    return connectors().agencies.population


_picked: dict[tuple, list[str]] = {}


def kisiler(*, sex: str | None = None, status: str | None = None, min_age: int = 20, max_age: int = 60,
            n: int = 1, on: date = BUGUN, skip: set[str] | None = None, alone: bool = True) -> list[str]:
    """``n`` living people of the synthetic population matching what KPS would say of them
    (sex, marital status, age on ``on``); people living alone by default, so no family link
    between two picks exists unless a test registers one."""
    key = (sex, status, min_age, max_age, alone)
    cache = _picked.setdefault(key, [])
    skip = skip or set()
    found = [t for t in cache if t not in skip]
    if len(found) < n:
        for hh, m in population().iter_people(0, 6000):
            if (not m.alive or (sex and m.cinsiyet != sex) or (status and m.medeni_hal != status)
                    or not min_age <= m.age(on) <= max_age or (alone and len(hh.members) != 1)):
                continue
            if m.tckn not in cache:
                cache.append(m.tckn)
                if m.tckn not in skip:
                    found.append(m.tckn)
            if len(found) >= n + 12:
                break
    return found[:n]


def cift(skip: set[str] | None = None, i: int = 0) -> tuple[str, str]:
    """The ``i``-th unmarried man and woman, strangers to each other."""
    man = kisiler(sex="E", status="bekar", min_age=22, max_age=40, skip=skip, n=i + 1)[i]
    woman = kisiler(sex="K", status="bekar", min_age=22, max_age=40, skip=skip, n=i + 1)[i]
    return man, woman


def taniklar(skip: set[str] | None = None) -> list[str]:
    return kisiler(min_age=25, max_age=70, n=2, status="bosanmis", skip=skip)


@dataclass
class Kurulum:
    salon: NikahSalonu
    salon2: NikahSalonu
    memurlar: list[NikahMemuru]


def kur(slots_from: time = time(10, 0), slots_to: time = time(12, 0), memur_sayisi: int = 2) -> Kurulum:
    """Two halls with slots every 30 minutes (20-minute ceremonies) on every weekday,
    officiants working 09:00-18:00 every day."""
    halls = [NikahSalonu(ad="Belediye Nikâh Salonu", adres="Cumhuriyet Meydanı 1", kapasite=120),
             NikahSalonu(ad="Park Nikâh Salonu", adres="Kent Parkı", kapasite=60)]
    db.session.add_all(halls)
    db.session.flush()
    for hall in halls:
        for weekday in range(7):
            db.session.add(SlotSablonu(salon_id=hall.id, hafta_gunu=weekday, baslangic=slots_from, bitis=slots_to,
                                       aralik_dk=30, sure_dk=20, gecerli_baslangic=date(2026, 1, 1)))
    officers = [NikahMemuru(ad_soyad=f"Memur {i}", unvan="Evlendirme Memuru", yetki_karari="Başkan oluru")
                for i in range(memur_sayisi)]
    db.session.add_all(officers)
    db.session.flush()
    for officer in officers:
        for weekday in range(7):
            db.session.add(MemurCalismaSaati(memur_id=officer.id, hafta_gunu=weekday, baslangic=time(9), bitis=time(18)))
    db.session.flush()
    return Kurulum(halls[0], halls[1], officers)


def saglik_ve_foto(basvuru_id: int, gun: date = BUGUN) -> None:
    """The documents every file needs: a health report and photos for each party."""
    for side in (1, 2):
        basvuru.belge_ekle(basvuru_id, tur="saglik_raporu", taraf_sira=side, belge_tarihi=gun - timedelta(days=5),
                           gecerlilik_bitis=gun + timedelta(days=170), actor="test", veren="Aile Sağlığı Merkezi")
        basvuru.belge_ekle(basvuru_id, tur="fotograf", taraf_sira=side, belge_tarihi=gun - timedelta(days=3),
                           gecerlilik_bitis=gun + timedelta(days=180), actor="test")


def dosya(man: str | None = None, woman: str | None = None, witnesses: list[str] | None = None, *,
          kanal: str = "masa", gun: date = BUGUN, belgeler: bool = True, **kwargs):
    """A file of a man and a woman at the desk, with the documents it needs."""
    if man is None or woman is None:
        man, woman = cift(i=kwargs.pop("i", 0))
    row = basvuru.ac(kanal=kanal, taraf1=man, taraf2=woman, taniklar=witnesses or taniklar({man, woman}), gun=gun,
                     actor="memur@alfa.bel.tr", actor_id=1, **kwargs)
    if belgeler:
        saglik_ve_foto(row.id, gun)
    return row


def slot(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), IST)
