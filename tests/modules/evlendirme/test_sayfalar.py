"""Staff and citizen pages, the API and tenant isolation of Evlendirme."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ebelediye.extensions import db
from modules.evlendirme.models import NikahBasvurusu
from tenants import services
from tests.modules.evlendirme.conftest import BUGUN, cift, dosya, kur, slot, taniklar
from tests.plugin import host, sign_in_citizen, staff_with

H = {"Host": host("alfa")}
ALL = ("evlendirme.basvuru.goruntule", "evlendirme.basvuru.yonet", "evlendirme.basvuru.onayla",
       "evlendirme.takvim.yonet", "evlendirme.nikah.kiy", "evlendirme.ucret.tahsil", "evlendirme.ayar.yonet",
       "evlendirme.rapor.goruntule")


def _count(slug="alfa") -> int:
    with services.bound(slug):
        n = db.session.scalar(select(func.count()).select_from(NikahBasvurusu))
        db.session.commit()
    return n


def test_staff_open_a_file_at_the_desk_and_see_its_checks(client, saat, kps):
    with services.bound("alfa"):
        kur()
        db.session.commit()
    staff_with(client, "alfa", *ALL)
    man, woman = cift()
    w1, w2 = taniklar({man, woman})
    assert client.get("/evlendirme/basvurular/yeni", headers=H).status_code == 200
    response = client.post("/evlendirme/basvurular/yeni", headers=H, data={
        "taraf1_tckn": man, "taraf2_tckn": woman, "tanik1": w1, "tanik2": w2, "davetli_sayisi": "40"})
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get(response.location, headers=H).get_data(as_text=True)
    assert "Engel denetimi" in page and "TMK m.129" in page and "Sağlık raporu dosyada yok." in page
    listing = client.get("/evlendirme/basvurular?ara=" + man, headers=H).get_data(as_text=True)
    assert "1 dosya" in listing
    for path in ("/evlendirme/takvim", f"/evlendirme/takvim?gun={BUGUN + timedelta(days=1)}", "/evlendirme/gunum",
                 "/evlendirme/istatistik", "/evlendirme/ayarlar"):
        assert client.get(path, headers=H).status_code == 200, path


def test_bad_input_on_the_desk_form_is_shown_again_and_writes_nothing(client, saat, kps):
    staff_with(client, "alfa", *ALL)
    before = _count()
    response = client.post("/evlendirme/basvurular/yeni", headers=H, data={
        "taraf1_tckn": "12345678901", "taraf2_tckn": "<b>x</b>", "tanik1": "", "davetli_sayisi": "9" * 30})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Geçerli bir T.C. kimlik numarası girin" in text and "<b>x</b>" not in text
    nul = client.post("/evlendirme/basvurular/yeni", headers=H, data={"taraf1_tckn": "x\x00"})
    assert nul.status_code == 422 and "denetim karakteri" in nul.get_data(as_text=True)
    assert _count() == before


def test_api_refuses_bad_input_with_422_and_field_messages(client, saat):
    staff_with(client, "alfa", *ALL)
    response = client.post("/api/v1/evlendirme/basvurular", headers=H, json={"taraf1_tckn": "1", "tanik1": "<b>"})
    assert response.status_code == 422
    body = response.get_json()
    assert "taraf1_tckn" in str(body) and "tanik2" in str(body)
    assert client.get("/api/v1/evlendirme/basvurular/99999999999999999999", headers=H).status_code == 404
    assert client.get("/api/v1/evlendirme/slotlar?gun=2026-13-01", headers=H).status_code == 422


def test_another_municipality_sees_nothing_of_a_file(client, saat, kps):
    with services.bound("alfa"):
        kur()
        row = dosya()
        file_id = row.id
        db.session.commit()
    staff_with(client, "beta", *ALL)
    beta = {"Host": host("beta")}
    assert client.get(f"/evlendirme/basvurular/{file_id}", headers=beta).status_code == 404
    assert client.get(f"/api/v1/evlendirme/basvurular/{file_id}", headers=beta).status_code == 404


def test_couple_apply_online_each_confirms_and_book_a_slot(client, saat, kps):
    with services.bound("alfa"):
        k = kur()
        hall = k.salon.id
        db.session.commit()
    man, woman = cift()
    w1, w2 = taniklar({man, woman})
    sign_in_citizen(client, "alfa", man)
    assert client.get("/e-hizmet/evlendirme/basvuru", headers=H).status_code == 200
    response = client.post("/e-hizmet/evlendirme/basvuru", headers=H, data={
        "es_tckn": woman, "tanik1": w1, "tanik2": w2, "eposta": "cift@ornek.com.tr"})
    assert response.status_code == 303, response.get_data(as_text=True)
    file_url = response.location
    page = client.get(file_url, headers=H).get_data(as_text=True)
    assert "onay bekleniyor" in page and "İki tarafın da onayı gelince" in page
    assert "Evlenme başvurusu" in client.get("/e-hizmet/basvurularim", headers=H).get_data(as_text=True)
    client.post("/e-hizmet/cikis", headers=H)
    sign_in_citizen(client, "alfa", woman)
    file_id = int(file_url.rstrip("/").split("/")[-1])
    assert client.post(f"/e-hizmet/evlendirme/dosya/{file_id}/onayla", headers=H).status_code == 303
    when = slot(BUGUN + timedelta(days=3))
    page = client.get(f"{file_url}?gun={when.date()}", headers=H).get_data(as_text=True)
    assert "10:00" in page
    booked = client.post(f"/e-hizmet/evlendirme/dosya/{file_id}/randevu", headers=H,
                         data={"salon_id": hall, "baslangic": when.isoformat()})
    assert booked.status_code == 303
    page = client.get(file_url, headers=H).get_data(as_text=True)
    assert "Ücret bekleniyor" in page and "Nikâh ücretini öde" in page  # Gelir is on in alfa
    # a stranger to the file does not find it
    client.post("/e-hizmet/cikis", headers=H)
    sign_in_citizen(client, "alfa", w1)
    assert client.get(file_url, headers=H).status_code == 404
