"""Restructuring online: a citizen applies on /e-hizmet (the campaigns open today, his
eligible debts, the preview that writes nothing, the law's conditions, the confirmation as
the citizen), lands on Borçlarım and pays; another citizen's debts, bad input and a second
confirmation write nothing; staff see the channel; the staff page of a taxpayer's eligible
debts across campaigns."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir.models import Tahakkuk, TecilPlani
from modules.gelir.services import yapilandirma
from tenants import services
from tests.plugin import host, sign_in_citizen

from .conftest import MukellefFactory, borc, new_tckn, staff_with
from .online_helpers import banka_sayfasi, denetim

D = Decimal
A = {"Host": host("alfa")}


def _kampanya(**over):
    today = clock.today()
    data = {
        "ad": "Çevrimiçi deneme", "kanun_no": "9998", "kanun_tarihi": today - timedelta(days=30), "dayanak": "test",
        "basvuru_baslangic": today - timedelta(days=10), "basvuru_bitis": today + timedelta(days=30),
        "kapsam_vade_sonu": today - timedelta(days=60), "gelir_kodlari": ["emlak_arsa"],
        "gecikme_yontemi": "aylik_oran", "aylik_oran": D("2"), "hesap_sonu": None, "pesin_indirim": D("90"),
        "secenekler": "1=1; 2=1,045", "ilk_taksit_vadesi": today + timedelta(days=40), "taksit_araligi_ay": 1,
        "tolerans": 0,
    }
    data.update(over)
    return yapilandirma.kampanya_olustur(data, actor="memur@alfa")


def _citizen(client, slug="alfa", n=1):
    """A signed-in citizen with ``n`` eligible debts and an open campaign; (tckn, campaign id, debt ids)."""
    tckn = new_tckn()
    sign_in_citizen(client, slug, tckn)
    with services.bound(slug):
        k = _kampanya()
        m = MukellefFactory(tckn=tckn)
        due = clock.today() - timedelta(days=120)
        ids = [borc(m, "1000.00", due, taksit=i + 1).id for i in range(n)]
        db.session.commit()
        return tckn, k.id, m.id, ids


def _plans(mukellef_id: int) -> list[dict]:
    with services.bound("alfa"):
        return [{"id": p.id, "kampanya_id": p.kampanya_id, "kanal": (p.yapilandirma or {}).get("kanal"),
                 "taksit_sayisi": p.taksit_sayisi}
                for p in db.session.scalars(db.select(TecilPlani).where(TecilPlani.mukellef_id == mukellef_id))]


def _form(ids, n="2", **extra):
    return {"tahakkuk": [str(i) for i in ids], "taksit_sayisi": n, **extra}


def test_the_citizen_applies_sees_the_plan_and_pays_the_first_installment(client):
    tckn, k_id, m_id, ids = _citizen(client)
    listing = client.get("/e-hizmet/yapilandirma", headers=A)
    html = listing.get_data(as_text=True)
    assert listing.status_code == 200 and "Çevrimiçi deneme" in html and "borç sayınız: 1." in html
    assert "/e-hizmet/yapilandirma" in client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    url = f"/e-hizmet/yapilandirma/{k_id}"
    form = client.get(url, headers=A)
    assert form.status_code == 200 and f'value="{ids[0]}"' in form.get_data(as_text=True)
    preview = client.post(url, data=_form(ids, islem="hesapla"), headers=A)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Başvurudan önce" in page and "Şartları okudum" in page
    assert _plans(m_id) == []  # the preview writes nothing
    done = client.post(url, data=_form(ids, islem="onayla", sartlar="1"), headers=A)
    assert done.status_code == 303 and "/e-hizmet/borclarim" in done.location
    (plan,) = _plans(m_id)
    assert plan["kampanya_id"] == k_id and plan["kanal"] == "e-hizmet" and plan["taksit_sayisi"] == 2
    with services.bound("alfa"):
        (row,) = [a for a in denetim("gelir.yapilandirma.onayla") if a.object_id == str(plan["id"])]
        assert row.actor.startswith("vatandas:") and row.realm == "citizen" and row.after["kanal"] == "e-hizmet"
    mine = client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    assert "Yapılandırma taksiti 1/2" in mine and f'id="plan-{plan["id"]}"' in mine
    # the first installment is paid online by the existing path (confirmation, bank page, callback)
    with services.bound("alfa"):
        first = db.session.scalar(db.select(Tahakkuk.id).where(Tahakkuk.kaynak == f"yapilandirma:{plan['id']}",
                                                                Tahakkuk.taksit == 1))
    chosen = re.search(r'name="tahakkuk" value="(\d+)" id="t\d+"[^>]*>\s*</td>\s*<td[^>]*><label[^>]*>Yapılandırma '
                       r'taksiti 1/2', mine)
    assert chosen is not None, mine
    confirm = client.post("/e-hizmet/odeme", data={"tahakkuk": [chosen.group(1)]}, headers=A)
    assert confirm.status_code == 200
    onay = re.search(r'name="onay" value="([^"]+)"', confirm.get_data(as_text=True)).group(1)
    started = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    assert started.status_code == 303
    back = client.post("/e-hizmet/odeme/donus", data=banka_sayfasi(started.location), headers=A)
    assert back.status_code == 303
    with services.bound("alfa"):
        row = db.session.get(TecilPlani, plan["id"])
        assert [t.tahsilat_id is not None for t in row.taksitler] == [True, False]
        assert first is not None


def test_not_signed_in_is_sent_to_sign_in(client):
    for url in ("/e-hizmet/yapilandirma", "/e-hizmet/yapilandirma/1"):
        page = client.get(url, headers=A)
        assert page.status_code in (302, 401, 403)
    assert client.post("/e-hizmet/yapilandirma/1", data={}, headers=A).status_code in (302, 401, 403)


def test_empty_states(client):
    sign_in_citizen(client, "alfa", new_tckn())
    page = client.get("/e-hizmet/yapilandirma", headers=A).get_data(as_text=True)
    assert "Şu anda başvuru süresi açık bir yapılandırma yok" in page or "kayıtlı borcunuz yok" in page
    tckn, k_id, m_id, ids = _citizen(client)
    with services.bound("alfa"):
        other = _kampanya(ad="Kapsamsız", gelir_kodlari=["emlak_bina"]).id
        db.session.commit()
    page = client.get("/e-hizmet/yapilandirma", headers=A).get_data(as_text=True)
    assert "Kapsamsız" in page and "yapılandırılabilecek borcunuz yok" in page
    assert "yapılandırılabilecek borcunuz yok" in client.get(f"/e-hizmet/yapilandirma/{other}",
                                                            headers=A).get_data(as_text=True)


def test_a_campaign_not_open_today_is_not_found(client):
    tckn, k_id, m_id, ids = _citizen(client)
    today = clock.today()
    with services.bound("alfa"):
        closed = _kampanya(basvuru_baslangic=today - timedelta(days=50), basvuru_bitis=today - timedelta(days=1),
                           ilk_taksit_vadesi=today + timedelta(days=5), kapsam_vade_sonu=today - timedelta(days=90)).id
        db.session.commit()
    assert client.get(f"/e-hizmet/yapilandirma/{closed}", headers=A).status_code == 404
    assert client.post(f"/e-hizmet/yapilandirma/{closed}", data=_form(ids, islem="onayla", sartlar="1"),
                       headers=A).status_code == 404
    assert client.get(f"/e-hizmet/yapilandirma/{2**63}", headers=A).status_code == 404
    assert _plans(m_id) == []


def test_another_citizens_debts_are_refused_and_nothing_is_written(client):
    _, k_id, other_m, other_ids = _citizen(client)
    _, k2, m_id, ids = _citizen(client)  # now signed in as the second citizen
    refused = client.post(f"/e-hizmet/yapilandirma/{k_id}", data=_form(other_ids, islem="onayla", sartlar="1"),
                          headers=A)
    assert refused.status_code == 422 and "kapsamında değil" in refused.get_data(as_text=True)
    assert _plans(other_m) == [] and _plans(m_id) == []


def test_bad_input_is_a_form_error_and_writes_nothing(client):
    _, k_id, m_id, ids = _citizen(client)
    url = f"/e-hizmet/yapilandirma/{k_id}"
    for data in (_form([], islem="hesapla"), _form(ids, n="7", islem="hesapla"), _form(ids, n="abc"),
                 {"tahakkuk": ["x\x00"], "taksit_sayisi": "2"}, _form([2**63], islem="onayla", sartlar="1"),
                 _form(ids, n="9" * 30, islem="onayla", sartlar="1"), _form(ids, islem="onayla"),
                 _form(ids, islem="onayla", sartlar="<b>1</b>")):
        page = client.post(url, data=data, headers=A)
        assert page.status_code == 422, (data, page.status_code)
        assert 'class="invalid-feedback' in page.get_data(as_text=True), (data, page.get_data(as_text=True)[-3000:])
    no_tick = client.post(url, data=_form(ids, islem="onayla"), headers=A).get_data(as_text=True)
    assert "Şartları okuyup kabul ettiğinizi işaretleyin" in no_tick and "Başvurudan önce" in no_tick
    assert _plans(m_id) == []


def test_a_second_confirmation_makes_no_second_plan(client):
    _, k_id, m_id, ids = _citizen(client, n=2)
    url = f"/e-hizmet/yapilandirma/{k_id}"
    first = client.post(url, data=_form(ids, islem="onayla", sartlar="1"), headers=A)
    again = client.post(url, data=_form(ids, islem="onayla", sartlar="1"), headers=A)
    assert first.status_code == again.status_code == 303
    (plan,) = _plans(m_id)
    assert f"plan-{plan['id']}" in again.location
    assert "zaten alındı" in client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    # one of the two debts again, with a debt never chosen: refused with the message, no plan
    partly = client.post(url, data=_form(ids[:1], islem="onayla", sartlar="1"), headers=A)
    assert partly.status_code == 303 and len(_plans(m_id)) == 1


def test_staff_see_the_channel_and_the_taxpayers_eligible_debts(client):
    _, k_id, m_id, ids = _citizen(client)
    client.post(f"/e-hizmet/yapilandirma/{k_id}", data=_form(ids, islem="onayla", sartlar="1"), headers=A)
    (plan,) = _plans(m_id)
    client.get("/cikis", headers=A)
    staff_with(client, "alfa", "gelir.takip.yonet")
    page = client.get(f"/gelir/takip/yapilandirma/{plan['id']}", headers=A).get_data(as_text=True)
    assert "e-Hizmet (vatandaş)" in page
    assert "e-Hizmet (vatandaş)" in client.get("/gelir/takip/yapilandirma", headers=A).get_data(as_text=True)


def test_the_staff_page_lists_a_taxpayers_eligible_debts_across_open_campaigns(client):
    staff_with(client, "alfa", "gelir.takip.yonet", "gelir.mukellef.goruntule")
    with services.bound("alfa"):
        first = _kampanya(ad="Birinci kampanya").id
        second = _kampanya(ad="İkinci kampanya", gelir_kodlari=["emlak_bina"]).id
        m = MukellefFactory()
        due = clock.today() - timedelta(days=120)
        arsa = borc(m, "1000.00", due).id
        bina = borc(m, "500.00", due, gelir_kodu="emlak_bina", taksit=2).id
        recent = borc(m, "700.00", clock.today() - timedelta(days=5), taksit=3).id  # after the cut-off
        db.session.commit()
        m_id = m.id
    card = client.get(f"/gelir/mukellefler/{m_id}", headers=A)
    assert card.status_code == 200 and f"/gelir/takip/yapilandirma/mukellef/{m_id}" in card.get_data(as_text=True)
    page = client.get(f"/gelir/takip/yapilandirma/mukellef/{m_id}", headers=A)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Birinci kampanya" in html and "İkinci kampanya" in html
    assert f"/kampanya/{first}/yeni/{m_id}?tahakkuk={arsa}" in html
    assert f"/kampanya/{second}/yeni/{m_id}?tahakkuk={bina}" in html
    assert f"tahakkuk={recent}" not in html
    # the preparation form opens with that choice
    form = client.get(f"/gelir/takip/yapilandirma/kampanya/{first}/yeni/{m_id}?tahakkuk={arsa}", headers=A)
    assert re.search(rf'value="{arsa}" id="t{arsa}" checked', form.get_data(as_text=True))
    none = client.get(f"/gelir/takip/yapilandirma/kampanya/{first}/yeni/{m_id}?tahakkuk={bina}", headers=A)
    assert not re.search(rf'value="{arsa}" id="t{arsa}" checked', none.get_data(as_text=True))
    assert client.get(f"/gelir/takip/yapilandirma/mukellef/{2**63}", headers=A).status_code == 404
    client.get("/cikis", headers=A)
    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    assert client.get(f"/gelir/takip/yapilandirma/mukellef/{m_id}", headers=A).status_code == 403
