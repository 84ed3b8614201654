"""The confirmation page before the bank's card page: what it shows is what the bank is asked
for; going back changes nothing; a double submit starts one payment; a stale one is refused."""

import re
from datetime import date
from decimal import Decimal

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir.models import OnlineOdeme, Tahakkuk
from modules.gelir.services import borc as borc_servisi
from tenants import services

from .online_helpers import banka_sayfasi
from .test_online_vatandas import A, citizen_with_debts, confirm


def _odemeler():
    with services.bound("alfa"):
        return [{"tutar": o.tutar, "onay_anahtari": o.onay_anahtari, "yonlendirme_url": o.yonlendirme_url,
                 "durum": o.durum} for o in db.session.query(OnlineOdeme).order_by(OnlineOdeme.id)]


def test_the_page_lists_each_debt_with_todays_amounts_and_the_total(client):
    tckn, ids = citizen_with_debts(client, tutarlar=("1000.00", "250.00"))
    html, _ = confirm(client, ids)
    with services.bound("alfa"):
        debts = borc_servisi.acik_borclar(db.session.get(Tahakkuk, ids[0]).mukellef_id, clock.today())
        total = sum((d.toplam for d in debts), Decimal("0.00"))
        assert all(d.gecikme > 0 for d in debts)  # overdue: the late fee is part of what is shown
    for d in debts:
        for amount in (d.anapara, d.gecikme, d.toplam):
            assert f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in html
    shown = re.search(r'id="odenecek-toplam">([^<]+)<', html).group(1)
    assert shown == f"{total:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " TL"
    assert "Ödeyen" in html and "Geri dön" in html
    assert _odemeler() == []  # showing the page starts nothing


def test_confirming_starts_the_payment_with_the_total_shown(client):
    _, ids = citizen_with_debts(client, tutarlar=("1000.00", "250.00"))
    html, onay = confirm(client, ids)
    shown = re.search(r'id="odenecek-toplam">([^<]+)<', html).group(1)
    started = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    assert started.status_code == 303 and "/pos/3d/" in started.location
    (odeme,) = _odemeler()
    assert shown == f"{odeme['tutar']:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " TL"
    assert odeme["onay_anahtari"] and odeme["yonlendirme_url"] == started.location
    # the bank's callback still checks the amount: it goes through and lands on the receipt
    back = client.post("/e-hizmet/odeme/donus", data=banka_sayfasi(started.location), headers=A)
    assert back.status_code == 303
    assert _odemeler()[0]["durum"] == "odendi"


def test_a_double_submit_starts_one_payment(client):
    _, ids = citizen_with_debts(client)
    _, onay = confirm(client, ids)
    first = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    second = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    assert first.status_code == second.status_code == 303 and first.location == second.location
    assert len(_odemeler()) == 1
    # once the bank answered, the same confirmation leads to the result, not to a new charge
    client.post("/e-hizmet/odeme/donus", data=banka_sayfasi(first.location), headers=A)
    third = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    assert third.status_code == 303 and "/e-hizmet/odeme/" in third.location and len(_odemeler()) == 1
    # a new confirmation page is a new key
    assert confirm_again_differs(client, onay)


def confirm_again_differs(client, onay):
    page = client.get("/e-hizmet/odeme/onay", headers=A).get_data(as_text=True)
    other = re.search(r'name="onay" value="([^"]+)"', page)
    return other is None or other.group(1) != onay  # nothing is left to pay: no form at all


def test_going_back_keeps_the_choice_and_changes_nothing(client):
    _, (first, second) = citizen_with_debts(client, tutarlar=("1000.00", "250.00"))
    html, _ = confirm(client, [second])
    back = re.search(r'href="(/e-hizmet/borclarim\?[^"]+)"', html).group(1).replace("&amp;", "&")
    page = client.get(back, headers=A).get_data(as_text=True)
    assert re.search(rf'value="{second}" id="t{second}" checked', page)
    assert not re.search(rf'value="{first}" id="t{first}" checked', page)
    assert _odemeler() == []


def test_a_stale_confirmation_is_refused(client):
    _, (first, second) = citizen_with_debts(client, tutarlar=("1000.00", "250.00"))
    _, onay = confirm(client, [first, second])
    with services.bound("alfa"):  # the office corrects an amount meanwhile
        db.session.get(Tahakkuk, second).vade = date(2025, 12, 31)
        db.session.commit()
    refused = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    assert refused.status_code == 409
    assert "Onay sayfası açıldıktan sonra borçlarınız değişti" in refused.get_data(as_text=True)
    assert _odemeler() == []


def test_a_confirmation_for_debts_paid_meanwhile_is_refused(client):
    _, ids = citizen_with_debts(client)
    _, stale = confirm(client, ids)
    _, onay = confirm(client, ids)  # a second tab pays them
    started = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    client.post("/e-hizmet/odeme/donus", data=banka_sayfasi(started.location), headers=A)
    refused = client.post("/e-hizmet/odeme", data={"onay": stale}, headers=A)
    assert refused.status_code == 409 and "borçlarınız değişti" in refused.get_data(as_text=True)
    assert len(_odemeler()) == 1


def test_a_forged_or_foreign_confirmation_is_a_form_error(client):
    _, ids = citizen_with_debts(client)
    _, onay = confirm(client, ids)
    forged = client.post("/e-hizmet/odeme", data={"onay": onay[:-3] + "AAA"}, headers=A)
    assert forged.status_code == 422 and "Onay sayfası anlaşılamadı" in forged.get_data(as_text=True)
    citizen_with_debts(client)  # another citizen signs in on the same browser
    foreign = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A)
    assert foreign.status_code == 422
    assert _odemeler() == []


def test_two_submits_at_once_meet_at_the_key(monkeypatch):
    """The second of two simultaneous submits does not see the first before inserting: the
    unique key stops it, and it answers with the first payment (no second order at the bank)."""
    from modules.gelir.services import online

    from .online_helpers import DONUS, borclu

    with services.bound("alfa"):
        m, debts = borclu()
        ids = [d.id for d in debts]
        first = online.baslat(m.id, ids, clock.today(), DONUS, anahtar="k" * 32)
        real = online.onaylanmis
        calls = []

        def blind_first_look(anahtar):  # as if the first request had not committed yet
            calls.append(anahtar)
            return None if len(calls) == 1 else real(anahtar)

        monkeypatch.setattr(online, "onaylanmis", blind_first_look)
        second = online.baslat(m.id, ids, clock.today(), DONUS, anahtar="k" * 32)
        assert len(calls) == 2  # the race path was taken
        assert second.odeme.id == first.odeme.id and second.yonlendirme_url == first.yonlendirme_url
        assert db.session.query(OnlineOdeme).filter_by(mukellef_id=m.id).count() == 1
