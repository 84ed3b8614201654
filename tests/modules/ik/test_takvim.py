"""The leave calendar (who is away, by unit, a month) and the service record (hizmet
cetveli) derived from the movements, with SGK's service statement."""

from __future__ import annotations

from datetime import date

import pytest

from ebelediye.errors import UserError
from modules.ik.services import hizmet, izin, personel
from tenants import services
from tests.modules.ik.conftest import ACTOR, ise_al, kisi
from tests.plugin import host, staff_with

MUDUR = "mudur@alfa"


def _izinli(kadrolar, tur: str, start: date, end: date, *, kind: str = "isci"):
    p = ise_al(kadrolar, kind, ise_giris=date(2020, 1, 1))
    izin.hak_tanimla(p.id, 2026, actor=MUDUR)
    t = izin.talep(p.id, tur, start, end, actor=f"kendisi:{p.id}")
    izin.karar(t.id, True, actor=MUDUR)
    return p


def test_the_month_calendar_marks_each_day_of_approved_leave_by_unit(kadrolar):
    # Mon 27 Apr - Tue 5 May 2026: 1 May (Emek ve Dayanışma Günü) is a holiday, 2-3 May a weekend
    a = _izinli(kadrolar, "yillik", date(2026, 4, 27), date(2026, 5, 5))
    b = _izinli(kadrolar, "hastalik", date(2026, 5, 4), date(2026, 5, 4))
    other = personel.birim_ekle(f"46.06.95.{kisi()[-3:]}", "Zabıta Müdürlüğü", actor=ACTOR)
    kadro = personel.kadro_ekle(other.id, "isci", "İşçi", "Zabıta", actor=ACTOR, ekonomik_kod="01.3.1.01")
    c = _izinli({"isci": kadro}, "mazeret", date(2026, 5, 20), date(2026, 5, 21))
    pending = ise_al(kadrolar, "isci", ise_giris=date(2020, 1, 1))
    izin.hak_tanimla(pending.id, 2026, actor=MUDUR)
    izin.talep(pending.id, "yillik", date(2026, 5, 11), date(2026, 5, 12), actor=MUDUR)  # not decided

    cal = izin.takvim("2026-05")
    rows = {r.personel_id: r for r in cal.satirlar}
    assert pending.id not in rows and {a.id, b.id, c.id} <= set(rows)
    assert len(cal.gunler) == 31
    assert rows[a.id].gunler[:5] == ("Y", "Y", "Y", "Y", "Y") and rows[a.id].gunler[5] == ""
    assert rows[a.id].gun_sayisi == 2  # in May: 4 and 5 May (1 May a holiday, 2-3 a weekend)
    assert rows[b.id].gunler[3] == "H" and rows[b.id].gun_sayisi == 1
    assert rows[c.id].gunler[19:21] == ("M", "M") and rows[c.id].birim == "Zabıta Müdürlüğü"
    assert cal.gunler[0] == (date(2026, 5, 1), False) and cal.gunler[1][1] is False  # holiday, Saturday
    assert cal.gunler[3] == (date(2026, 5, 4), True)
    assert cal.disarida[3] >= 2  # a and b on 4 May

    only_c = izin.takvim("2026-05", birim_id=other.id)
    assert [r.personel_id for r in only_c.satirlar] == [c.id] and only_c.toplam == 1
    april = izin.takvim("2026-04")
    assert {r.personel_id: r.gunler[26:] for r in april.satirlar}[a.id] == ("Y", "Y", "Y", "Y")
    paged = izin.takvim("2026-05", sayfa=2, boyut=1)
    assert len(paged.satirlar) == 1 and paged.toplam == cal.toplam
    with pytest.raises(UserError):
        izin.takvim("2026-13")


def test_the_service_record_follows_the_assignments_grades_and_leave(kadrolar):
    p = ise_al(kadrolar, "memur", ise_giris=date(2015, 1, 1), hizmet_baslangic=date(2010, 3, 1))
    higher = personel.kadro_ekle(kadrolar["memur"].birim_id, "memur", "GİH", "Şef", actor=ACTOR, derece=5,
                                 ekonomik_kod="01.1.1.01")
    personel.ata(p.id, higher.id, date(2020, 7, 1), actor=ACTOR, gosterge=1500, ek_gosterge=2200,
                 yan_odeme_puan=1200, gerekce="Terfi")
    izin.hak_tanimla(p.id, 2026, actor=MUDUR)
    t = izin.talep(p.id, "yillik", date(2026, 2, 2), date(2026, 2, 6), actor=f"kendisi:{p.id}")
    izin.karar(t.id, True, actor=MUDUR)
    s = izin.talep(p.id, "hastalik", date(2026, 2, 16), date(2026, 2, 17), actor=f"kendisi:{p.id}")
    izin.karar(s.id, True, actor=MUDUR)

    cv = hizmet.cetvel(p.id, date(2026, 3, 16))
    first, second = cv.satirlar
    assert (first.baslangic, first.bitis, first.derece, first.gosterge) == (date(2015, 1, 1), date(2020, 6, 30), 8,
                                                                             1320)
    assert first.degisiklikler == (("ilk", "", ""),)
    assert first.sure == hizmet.Sure(5, 6, 0)  # 1 Jan 2015 - 30 Jun 2020
    assert second.bitis is None and second.unvan == "Şef" and second.gerekce == "Terfi"
    assert ("derece", "8", "5") in second.degisiklikler and ("gosterge", "1320 / 0", "1500 / 2200") in \
        second.degisiklikler and ("yan_odeme", "0", "1200") in second.degisiklikler
    assert second.sure == hizmet.Sure(5, 8, 16)  # 1 Jul 2020 - 16 Mar 2026
    assert cv.kurumda == hizmet.Sure(11, 2, 16) and cv.toplam == hizmet.Sure(16, 0, 16)
    (year,) = cv.izinler
    assert (year.yil, year.hak, year.kullanim, year.dusme, year.kalan) == (2026, 30, 5, 0, 25)  # 16 years: 30
    assert year.turler == {"yillik": 5, "hastalik": 2}


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2026, 1, 1), date(2026, 1, 1), (0, 0, 1)),
    (date(2026, 1, 1), date(2026, 1, 31), (0, 1, 0)),
    (date(2026, 2, 1), date(2026, 2, 28), (0, 1, 0)),
    (date(2026, 1, 15), date(2026, 3, 14), (0, 2, 0)),
    (date(2026, 1, 15), date(2026, 3, 13), (0, 1, 27)),  # 15 Jan - 14 Feb, then 15 Feb - 13 Mar: 27 days
    # a month from the 31st ends where the next month ends (clamped): 31 Jan + 1 month = 28 Feb
    (date(2026, 1, 31), date(2026, 2, 27), (0, 1, 0)),
    (date(2026, 1, 31), date(2026, 2, 28), (0, 1, 1)),
    (date(2023, 3, 1), date(2024, 2, 29), (1, 0, 0)),
    (date(2015, 1, 1), date(2014, 12, 31), (0, 0, 0)),
])
def test_a_length_of_service_counts_both_days_in_calendar_units(start, end, expected):
    assert tuple(hizmet.sure(start, end).__dict__.values()) == expected


def test_the_calendar_and_the_service_record_pages(client):
    staff_with(client, "alfa", "ik.izin.onayla", "ik.personel.goruntule")
    h = {"Host": host("alfa")}
    with services.bound("alfa"):
        unit = personel.birim_ekle(f"46.06.94.{kisi()[-3:]}", "Kültür Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Rehber", actor=ACTOR, ekonomik_kod="01.3.1.01")
        p = _izinli({"isci": kadro}, "yillik", date(2026, 6, 8), date(2026, 6, 10))
        pid, unit_id, name = p.id, unit.id, p.ad_soyad
        from ebelediye.extensions import db

        db.session.commit()
    page = client.get(f"/ik/izin/takvim?ay=2026-06&birim={unit_id}", headers=h)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "izin-takvimi" in body and name in body and "table-responsive" in body
    assert "?ay=2026-05" in body and "?ay=2026-07" in body
    assert client.get("/ik/izin/takvim?ay=2026-13", headers=h).status_code in (302, 303, 422)
    assert client.get("/ik/izin/takvim?birim=abc", headers=h).status_code == 422
    assert "Bu ay onaylanmış izin yok." in client.get(f"/ik/izin/takvim?ay=2026-01&birim={unit_id}",
                                                       headers=h).get_data(as_text=True)
    record = client.get(f"/ik/personel/{pid}/hizmet", headers=h)
    text = record.get_data(as_text=True)
    assert record.status_code == 200 and "Rehber" in text and "İlk atama" in text and "SGK hizmet dökümü" in text
    sgk = client.post(f"/ik/personel/{pid}/hizmet", headers=h)
    assert sgk.status_code == 200 and "sgk-donemler" in sgk.get_data(as_text=True)
    assert client.get("/ik/personel/999999999/hizmet", headers=h).status_code == 404
