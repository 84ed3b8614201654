"""Staff pages, the API and self-service of İK: hire with KPS pre-fill, the payroll run with
its progress page, payslip downloads, leave; bad input 422 with nothing written."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye import clock, jobs
from ebelediye.extensions import db
from modules.ik.models import Bordro, Personel
from modules.ik.services import bordro, izin, personel
from tenants import services
from tests.factories import new_tckn
from tests.modules.ik.conftest import ACTOR, kisi
from tests.plugin import host, staff_with

H = {"Host": host("alfa")}
ALL = ("ik.personel.goruntule", "ik.personel.yonet", "ik.bordro.hazirla", "ik.bordro.kapat", "ik.izin.onayla")


def _kadro() -> int:
    with services.bound("alfa"):
        unit = personel.birim_ekle(f"46.06.98.{new_tckn()[:4]}", "Park ve Bahçeler Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Bahçıvan", actor=ACTOR, ekonomik_kod="01.3.1.01")
        db.session.commit()
        return kadro.id


def _count() -> int:
    with services.bound("alfa"):
        n = db.session.scalar(select(func.count()).select_from(Personel))
        db.session.commit()
    return n


def test_hr_hires_with_kps_prefill_and_finds_the_person(client):
    kadro_id = _kadro()
    staff_with(client, "alfa", *ALL)
    tckn = kisi()
    assert client.get("/ik/personel/yeni", headers=H).status_code == 200
    prefill = client.post("/ik/personel/yeni", headers=H, data={"adim": "kps", "tckn": tckn})
    text = prefill.get_data(as_text=True)
    with services.bound("alfa"):
        known = personel.kps_kisi(tckn, actor=ACTOR)
        db.session.commit()
    assert prefill.status_code == 200 and known.soyad in text and 'value="kaydet"' in text
    response = client.post("/ik/personel/yeni", headers=H, data={
        "adim": "kaydet", "tckn": tckn, "tur": "isci", "kadro_id": str(kadro_id), "ise_giris": "2026-02-01",
        "brut_ucret": "45.000,00", "iban": "TR330006100519786457841326"})
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get(response.location, headers=H).get_data(as_text=True)
    assert known.soyad in page and "SGK-G-" in page
    listing = client.get(f"/ik/personel?q={tckn}", headers=H).get_data(as_text=True)
    assert "1 personel" in listing


def test_a_tckn_kps_does_not_know_and_bad_numbers_are_422_with_nothing_written(client):
    kadro_id = _kadro()
    staff_with(client, "alfa", *ALL)
    before = _count()
    unknown = client.post("/ik/personel/yeni", headers=H, data={"adim": "kps", "tckn": new_tckn()})
    assert unknown.status_code == 422 and "KPS" in unknown.get_data(as_text=True)
    bad = client.post("/ik/personel/yeni", headers=H, data={
        "adim": "kaydet", "tckn": kisi(), "tur": "stajyer", "kadro_id": str(kadro_id), "ise_giris": "2026-02-01",
        "brut_ucret": "-5"})
    assert bad.status_code == 422
    api = client.post("/api/v1/ik/personel", headers=H, json={
        "tckn": kisi(), "tur": "isci", "kadro_id": kadro_id, "ise_giris": "2026-02-01", "brut_ucret": "-1000",
        "cocuk_0_6": -1})
    assert api.status_code == 422
    assert {"brut_ucret", "cocuk_0_6"} <= set(api.json["errors"])
    assert _count() == before


def test_the_payroll_page_starts_the_job_shows_progress_and_gives_the_payslip(client):
    kadro_id = _kadro()
    staff_with(client, "alfa", *ALL)
    with services.bound("alfa"):
        p = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadro_id, "ise_giris": date(2025, 1, 1),
                             "brut_ucret": Decimal("33030.00")}, actor=ACTOR)
        db.session.commit()
        pid = p.id
    bad = client.post("/ik/bordro", headers=H, data={"donem": "2026-13"})
    assert bad.status_code == 422
    response = client.post("/ik/bordro", headers=H, data={"donem": "2026-04"})
    assert response.status_code == 303
    waiting = client.get(response.location, headers=H).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "progressbar" in waiting
    with services.bound("alfa"):
        run = db.session.scalar(select(Bordro).where(Bordro.donem == "2026-04", Bordro.tur == "asil"))
        job_id, run_id = run.job_id, run.id
        db.session.commit()
    result = jobs.execute(db.session.get(jobs.JobRecord, uuid.UUID(job_id)))
    assert result["donem"] == "2026-04"
    done = client.get(f"/ik/bordro/{run_id}", headers=H).get_data(as_text=True)
    assert "100%" in done and 'http-equiv="refresh"' not in done and "28.075,50" in done
    assert client.get(f"/ik/bordro/{run_id}?format=json", headers=H).json["durum"] == "hesaplandi"
    assert client.post(f"/ik/bordro/{run_id}/kapat", headers=H).status_code == 303
    with services.bound("alfa"):
        (slip, _p), = bordro.satirlar(run_id, personel_id=pid)
        slip_id = slip.id
        db.session.commit()
    pdf = client.get(f"/ik/bordro/satir/{slip_id}.pdf", headers=H)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    csv = client.get(f"/ik/bordro/{run_id}/banka.csv", headers=H)
    assert csv.status_code == 200 and "28075,50" in csv.get_data(as_text=True)
    assert client.post(f"/ik/bordro/{run_id}/kapat", headers=H).status_code in (302, 303, 409)
    api = client.get(f"/api/v1/ik/bordro/{run_id}", headers=H)
    assert api.status_code == 200 and api.json["durum"] == "kapali"


def test_self_service_shows_only_my_payslips_and_takes_a_leave_request(client):
    kadro_id = _kadro()
    email = f"calisan{new_tckn()[:6]}@alfa.bel.tr"
    with services.bound("alfa"):
        me = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadro_id, "ise_giris": date(2020, 1, 1),
                              "brut_ucret": Decimal("50000.00"), "eposta": email},
                             actor=ACTOR)
        other = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadro_id, "ise_giris": date(2020, 1, 1),
                                 "brut_ucret": Decimal("50000.00")}, actor=ACTOR)
        izin.hak_tanimla(me.id, 2026, actor=ACTOR)
        run = bordro.baslat("2026-05", actor=ACTOR)
        bordro.hesapla(run.id)
        bordro.kapat(run.id, date(2026, 5, 31), actor=ACTOR)
        mine = bordro.satirlar(run.id, personel_id=me.id)[0][0].id
        theirs = bordro.satirlar(run.id, personel_id=other.id)[0][0].id
        me_id = me.id
        db.session.commit()
    staff_with(client, "alfa", email=email)
    page = client.get("/ik/benim", headers=H).get_data(as_text=True)
    assert "2026-05" in page and 'id="izin-bakiye">20<' in page  # 6 years: 4857 m.53 → 20 days
    assert client.get(f"/ik/benim/bordro/{mine}.pdf", headers=H).data.startswith(b"%PDF")
    assert client.get(f"/ik/benim/bordro/{theirs}.pdf", headers=H).status_code == 404
    too_long = client.post("/ik/benim", headers=H, data={"tur": "yillik", "baslangic": "2026-06-01",
                                                          "bitis": "2026-06-30"})
    assert too_long.status_code == 422 and "bakiyesi yetersiz" in too_long.get_data(as_text=True)
    ok = client.post("/ik/benim", headers=H, data={"tur": "yillik", "baslangic": "2026-06-01",
                                                    "bitis": "2026-06-05"})
    assert ok.status_code == 303
    with services.bound("alfa"):
        assert [t.durum for t in izin.talepler(personel_id=me_id)] == ["bekliyor"]
        db.session.commit()


def test_a_staff_member_without_a_record_sees_a_note(client):
    staff_with(client, "alfa")
    page = client.get("/ik/benim", headers=H)
    assert page.status_code == 200 and "personel kaydı yok" in page.get_data(as_text=True)


def test_the_leave_office_grants_the_year_and_the_dashboard_shows_the_cards(client):
    kadro_id = _kadro()
    with services.bound("alfa"):
        p = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadro_id, "ise_giris": date(2018, 1, 1),
                             "brut_ucret": Decimal("40000.00")}, actor=ACTOR)
        run = bordro.baslat("2026-06", actor=ACTOR)
        bordro.hesapla(run.id)
        bordro.kapat(run.id, date(2026, 6, 30), actor=ACTOR)
        db.session.commit()
        pid = p.id
    staff_with(client, "alfa", *ALL)
    year = clock.today().year
    response = client.post("/ik/izin/yil", headers=H, data={"yil": str(year), "islem": "hak"})
    assert response.status_code == 303
    with services.bound("alfa"):
        assert izin.bakiye(pid) == 20  # 8 years: 4857 m.53 → 20 days
        db.session.commit()
    bad = client.post("/ik/izin/yil", headers=H, data={"yil": "1500", "islem": "hak"})
    assert bad.status_code in (302, 303, 422)
    home = client.get("/", headers=H).get_data(as_text=True)
    assert "Personel sayısı" in home and "Birime göre bordro maliyeti" in home


def test_the_employer_vkn_is_set_on_the_settings_page_and_checked(client):
    staff_with(client, "alfa", "ik.ayar.yonet")
    page = client.get("/ik/ayarlar", headers=H).get_data(as_text=True)
    assert "örnek değerde" in page
    bad = client.post("/ik/ayarlar", headers=H, data={"isveren_vkn": "1234567891", "isveren_unvan": "Alfa"})
    assert bad.status_code == 422 and "vergi kimlik" in bad.get_data(as_text=True)
    ok = client.post("/ik/ayarlar", headers=H, data={"isveren_vkn": "1234567890", "isveren_unvan": "Alfa Belediyesi"})
    assert ok.status_code == 303
    with services.bound("alfa"):
        from modules.ik.services import ayarlar

        assert ayarlar().isveren_unvan == "Alfa Belediyesi"
        db.session.commit()
