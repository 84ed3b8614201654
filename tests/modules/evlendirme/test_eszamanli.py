"""Fifty couples try to book the last slot of a day at the same moment, each on its own
thread and its own database connection: exactly one gets it, the others are told the
slot was just taken.  The exclusion constraint decides, not a check two requests pass."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

import pytest

from ebelediye import tenancy, uow
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.evlendirme.models import (
    MemurCalismaSaati,
    NikahBasvurusu,
    NikahMemuru,
    NikahSalonu,
    SlotSablonu,
    Tanik,
    Taraf,
)
from modules.evlendirme.services import takvim
from tenants import services
from tests.modules.evlendirme.conftest import BUGUN, IST, cift, taniklar
from tests.plugin import app_config, purge_tenant

N = 50


def _files(n: int, hall_day: date) -> tuple[int, list[int]]:
    """A hall with one slot on ``hall_day``, one officiant, ``n`` approved files (written
    directly: the race is about the booking, not about opening files)."""
    hall = NikahSalonu(ad="Tek Salon", adres="", kapasite=100)
    officer = NikahMemuru(ad_soyad="Tek Memur", unvan="Evlendirme Memuru", yetki_karari="")
    db.session.add_all([hall, officer])
    db.session.flush()
    db.session.add(SlotSablonu(salon_id=hall.id, hafta_gunu=hall_day.weekday(), baslangic=time(10), bitis=time(10, 30),
                               aralik_dk=30, sure_dk=20, gecerli_baslangic=date(2026, 1, 1)))
    db.session.add(MemurCalismaSaati(memur_id=officer.id, hafta_gunu=hall_day.weekday(), baslangic=time(9), bitis=time(18)))
    man, woman = cift()
    w1, w2 = taniklar({man, woman})
    ids = []
    now = datetime.combine(BUGUN, time(9), IST)
    for i in range(n):
        row = NikahBasvurusu(no=f"2026/{900000 + i}", kanal="masa", durum="onaylandi", amac="nikah", basvuru_tarihi=BUGUN,
                             gecerlilik_bitis=BUGUN + timedelta(days=180), olusturan="test")
        db.session.add(row)
        db.session.flush()
        for sira, (tckn, sex) in enumerate(((man, "E"), (woman, "K")), 1):
            db.session.add(Taraf(basvuru_id=row.id, sira=sira, tckn=tckn, ad=f"Ad{i}", soyad="Soyad", cinsiyet=sex,
                                 dogum_tarihi=date(1995, 1, 1), medeni_hal="bekar", onay_at=now, onay_kanal="masa"))
        for sira, tckn in enumerate((w1, w2), 1):
            db.session.add(Tanik(basvuru_id=row.id, sira=sira, tckn=tckn, ad="T", soyad="T", dogum_tarihi=date(1980, 1, 1)))
        ids.append(row.id)
    db.session.flush()
    return hall.id, ids


@pytest.mark.committed
def test_fifty_parallel_attempts_on_the_last_slot_one_wins(app, unique_slug, saat, kps):
    slug = unique_slug
    racing = None
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Yarış", modules=["evlendirme"]), "test")
        services.provision(slug, "test")
        day = BUGUN + timedelta(days=2)
        with services.bound(slug):
            hall_id, file_ids = _files(N, day)
            db.session.commit()
        from ebelediye.app import create_app

        racing = create_app(app_config(DB_POOL_SIZE=N, DB_MAX_OVERFLOW=0))  # one connection per thread
        tenant = racing.extensions["ebelediye.tenants"].by_slug(slug)
        gate = threading.Barrier(N)
        results: list[str] = []
        lock = threading.Lock()
        when = datetime.combine(day, time(10), IST)

        def attempt(file_id: int) -> None:
            with racing.app_context():
                try:
                    gate.wait(timeout=30)
                    with tenancy.bind(tenant, db.session), uow.unit_of_work():
                        takvim.tut(file_id, hall_id, when, actor=f"vatandas:{file_id}")
                    outcome = "ok"
                except UserError as exc:
                    outcome = str(exc.message)
                except Exception as exc:  # noqa: BLE001  (the property: nothing but a user's message)
                    outcome = f"HATA {type(exc).__name__}: {exc}"
                finally:
                    db.session.remove()
                with lock:
                    results.append(outcome)

        threads = [threading.Thread(target=attempt, args=(f,)) for f in file_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert len(results) == N
        assert results.count("ok") == 1, results
        refused = [r for r in results if r != "ok"]
        assert all("başka bir çifte verildi" in r or "memur" in r for r in refused), set(refused)
        with services.bound(slug):
            live = takvim.gunun_nikahlari(day)
            assert len(live) == 1 and live[0].durum == "tutuldu"
            db.session.commit()
    finally:
        if racing is not None:
            with racing.app_context():
                db.engine.dispose()
        purge_tenant(slug)
