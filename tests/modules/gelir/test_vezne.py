"""The cash desk: a cashier's session, counter payments, receipts and the day close."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir.models import Tahsilat, VezneOturumu
from modules.gelir.services import GelirError, vezne
from modules.gelir.services import borc as borc_service
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, borc, staff_with

A = {"Host": host("alfa")}
B = {"Host": host("beta")}
KASA = "gelir.tahsilat.olustur"
DAY = date(2026, 2, 9)


def _count(table: str) -> int:
    return db.session.execute(db.text(f"SELECT count(*) FROM {table}")).scalar_one()


def _taxpayer(*debts: tuple[str, date], **fields) -> tuple[int, str, list[int]]:
    """A committed taxpayer of alfa with debts; returns (id, TCKN, debt ids)."""
    with services.bound("alfa"):
        m = MukellefFactory(**fields)
        ids = [borc(m, amount, due, taksit=i + 1).id for i, (amount, due) in enumerate(debts)]
        db.session.commit()
        return m.id, m.tckn, ids


# --- services --------------------------------------------------------------------------

def test_one_open_session_per_cashier_and_a_closed_one_takes_nothing():
    with services.bound("alfa"):
        m = MukellefFactory()
        session = vezne.ac(901, "kasiyer@alfa", DAY, actor="kasiyer@alfa")
        with pytest.raises(GelirError) as twice:
            vezne.ac(901, "kasiyer@alfa", DAY, actor="kasiyer@alfa")
        assert twice.value.status == 409
        vezne.tahsil(901, m.id, "100.00", "nakit", DAY, actor="kasiyer@alfa")
        vezne.kapat(session.id, 901, "100", actor="kasiyer@alfa")
        with pytest.raises(GelirError) as closed:
            vezne.tahsil(901, m.id, "10.00", "nakit", DAY, actor="kasiyer@alfa")
        assert "oturum" in closed.value.errors
        with pytest.raises(GelirError) as again:
            vezne.kapat(session.id, 901, "100", actor="kasiyer@alfa")
        assert "kapatıldı" in again.value.message
        # a new day is a new session
        assert vezne.ac(901, "kasiyer@alfa", DAY + timedelta(days=1), actor="kasiyer@alfa").id != session.id


def test_day_close_totals_match_the_receipts_and_the_difference_is_recorded():
    with services.bound("alfa"):
        m = MukellefFactory()
        old = borc(m, "10000.00", date(2025, 11, 30))
        session = vezne.ac(902, "k@alfa", DAY, actor="k@alfa")
        vezne.tahsil(902, m.id, "5000.00", "nakit", DAY, actor="k@alfa")
        vezne.tahsil(902, m.id, "1250.40", "kart", DAY, actor="k@alfa")
        vezne.tahsil(902, m.id, "6000.00", "havale", DAY, actor="k@alfa", belge_no="DK-1")
        vezne.tahsil(902, m.id, "0.60", "nakit", DAY, actor="k@alfa")
        # another cashier's receipt is not in this session
        vezne.ac(903, "b@alfa", DAY, actor="b@alfa")
        vezne.tahsil(903, m.id, "7.00", "nakit", DAY, actor="b@alfa")
        closed = vezne.kapat(session.id, 902, "4990.00", actor="k@alfa", aciklama="10 TL eksik")
        receipts = db.session.scalars(db.select(Tahsilat).where(Tahsilat.vezne_oturumu_id == session.id)).all()
        for kanal in ("nakit", "kart", "havale"):
            assert Decimal(closed.beklenen[kanal]) == sum((r.tutar for r in receipts if r.kanal == kanal), Decimal(0))
        assert closed.beklenen == {"nakit": "5000.60", "kart": "1250.40", "havale": "6000.00"}
        assert closed.sayilan_nakit == Decimal("4990.00") and closed.fark == Decimal("-10.60")
        report = vezne.rapor(session.id)
        assert report.toplam == Decimal("12251.00") and report.adetler == {"nakit": 2, "kart": 1, "havale": 1}
        # the payment went oldest first, late fee (851.06 on 09.02.2026) before principal; the rest is credit
        assert borc_service.acik_borclar(m.id, DAY) == []
        assert borc_service.alacak_bakiyesi(m.id) == Decimal("12258.00") - Decimal("10851.06")
        # the old debt is paid in full: its principal, and its late fee accrued as a debt of its own
        from modules.gelir.models import Tahakkuk, TahsilatDagilimi
        fee = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.gelir_kodu == "gecikme_zammi", Tahakkuk.kaynak == f"gz:{old.id}"))
        paid = {t: db.session.scalar(db.select(db.func.sum(TahsilatDagilimi.tutar)).where(TahsilatDagilimi.tahakkuk_id == t))
                for t in (old.id, fee.id)}
        assert fee.tutar == Decimal("851.06") and paid == {old.id: Decimal("10000.00"), fee.id: Decimal("851.06")}


def test_a_session_of_another_day_must_be_closed_first():
    with services.bound("alfa"):
        m = MukellefFactory()
        vezne.ac(904, "k@alfa", DAY, actor="k@alfa")
        with pytest.raises(GelirError) as caught:
            vezne.tahsil(904, m.id, "1.00", "nakit", DAY + timedelta(days=1), actor="k@alfa")
        assert "kasasını kapatın" in caught.value.message


@pytest.mark.parametrize("counted, message", [("-1", "sıfır ya da daha büyük"), ("abc", "Geçerli"), ("1.234", "iki ondalık"),
                                              ("", "gerekli")])
def test_counted_cash_must_be_a_sane_amount(counted, message):
    with services.bound("alfa"):
        session = vezne.ac(905, "k@alfa", DAY, actor="k@alfa")
        with pytest.raises(GelirError) as caught:
            vezne.kapat(session.id, 905, counted, actor="k@alfa")
        assert message in " ".join(caught.value.field_messages()["sayilan_nakit"])
        assert db.session.get(VezneOturumu, session.id).kapanis_at is None


def test_only_the_cashier_closes_his_session():
    with services.bound("alfa"):
        session = vezne.ac(906, "k@alfa", DAY, actor="k@alfa")
        with pytest.raises(GelirError) as caught:
            vezne.kapat(session.id, 907, "0", actor="x@alfa")
        assert caught.value.status == 403


def test_taxpayer_search_by_number_and_name_paginates_and_leaves_merged_records_out():
    with services.bound("alfa"):
        m = MukellefFactory(ad="Zeynep", soyad="Vezneoğlu")
        merged = MukellefFactory(ad="Zeynep", soyad="Vezneoğlu")
        merged.birlestigi_id = m.id
        db.session.flush()
        assert db.session.scalars(vezne.mukellef_sorgusu(m.tckn[:6])).all().count(m) == 1
        by_name = db.session.scalars(vezne.mukellef_sorgusu("zeynep vezneoğlu")).all()
        assert by_name == [m]


# --- pages -----------------------------------------------------------------------------

def test_cashier_opens_the_day_takes_a_cash_payment_and_closes(client):
    email = staff_with(client, "alfa", KASA)
    mid, tckn, _ = _taxpayer(("300.00", clock.today() + timedelta(days=30)), ad="Ayşe", soyad="Kasatest")
    page = client.get("/gelir/vezne", headers=A)
    assert page.status_code == 200 and "Günü aç" in page.get_data(as_text=True)
    assert client.post("/gelir/vezne/ac", headers=A).status_code == 302
    found = client.get("/gelir/vezne/mukellefler", query_string={"q": tckn}, headers=A).get_data(as_text=True)
    assert "Ayşe Kasatest" in found
    debts = client.get(f"/gelir/vezne/mukellefler/{mid}", headers=A).get_data(as_text=True)
    assert "300,00" in debts
    paid = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A,
                       data={"tutar": "350.00", "kanal": "nakit"})
    assert paid.status_code == 302, paid.get_data(as_text=True)
    receipt = client.get(paid.location, headers=A).get_data(as_text=True)
    assert "350,00 TL" in receipt and "50,00 TL" in receipt  # overpayment shown as credit
    assert "Yalnız üç yüz elli Türk lirası" in receipt  # the amount in words
    with services.bound("alfa"):
        from ebelediye.identity import StaffUser

        name = db.session.scalar(db.select(StaffUser.full_name).where(StaffUser.email == email))
    assert re.search(r'id="tahsil-eden">([^<]*)<', receipt).group(1) == name  # the cashier's name
    pdf_link = re.search(r'href="([^"]+\.pdf)"', receipt).group(1)
    pdf = client.get(pdf_link, headers=A)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    listed = client.get("/gelir/vezne/makbuzlar", query_string={"q": "Kasatest"}, headers=A).get_data(as_text=True)
    assert "Ayşe Kasatest" in listed
    form = client.get("/gelir/vezne/kapanis", headers=A).get_data(as_text=True)
    assert "350,00 TL" in form
    closed = client.post("/gelir/vezne/kapanis", headers=A, data={"sayilan_nakit": "340"})
    assert closed.status_code == 302
    report = client.get(closed.location, headers=A).get_data(as_text=True)
    assert "-10,00 TL" in report and "kasa açığı" in report
    tutanak = client.get(closed.location.split("?")[0] + ".pdf", headers=A)
    assert tutanak.status_code == 200 and tutanak.data.startswith(b"%PDF")
    with services.bound("alfa"):
        session = db.session.scalar(db.select(VezneOturumu).where(VezneOturumu.kasiyer == email))
        assert session.kapanis_at is not None and session.fark == Decimal("-10.00")
        assert borc_service.alacak_bakiyesi(mid) == Decimal("50.00")
    # after the close nothing more is taken
    again = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A, data={"tutar": "1", "kanal": "nakit"})
    assert again.status_code == 422 and "günü (vezne oturumunu) açın" in again.get_data(as_text=True)


def test_picking_debts_without_an_amount_pays_them_in_full(client):
    staff_with(client, "alfa", KASA)
    mid, _, (first, second) = _taxpayer(("100.00", clock.today() + timedelta(days=10)),
                                        ("200.00", clock.today() + timedelta(days=20)))
    client.post("/gelir/vezne/ac", headers=A)
    paid = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A,
                       data={"tutar": "", "kanal": "kart", "secili": [str(second)]})
    assert paid.status_code == 302
    with services.bound("alfa"):
        left = borc_service.acik_borclar(mid, clock.today())
        assert [d.tahakkuk_id for d in left] == [first]


@pytest.mark.parametrize("data, field", [
    ({"tutar": "10,005", "kanal": "nakit"}, "iki ondalık"),  # "10.005" is ten thousand and five
    ({"tutar": "-5", "kanal": "nakit"}, "sıfırdan büyük"),
    ({"tutar": "0", "kanal": "nakit"}, "sıfırdan büyük"),
    ({"tutar": "on lira", "kanal": "nakit"}, "Geçerli bir sayı"),
    ({"tutar": "10", "kanal": "havale", "belge_no": ""}, "Dekont numarasını"),
    ({"tutar": "10", "kanal": "online"}, "Nakit, kart ya da havale"),
    ({"tutar": "", "kanal": "nakit"}, "Tutar girin"),
])
def test_bad_counter_input_is_a_form_error_and_writes_nothing(client, data, field):
    staff_with(client, "alfa", KASA)
    mid, _, _ = _taxpayer(("100.00", clock.today() + timedelta(days=5)))
    client.post("/gelir/vezne/ac", headers=A)
    response = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A, data=data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    # every refused field is marked, except the channel, whose refusal the page shows only as a message
    assert field in body and ('aria-invalid="true"' in body or data["kanal"] == "online")
    with services.bound("alfa"):
        assert _count("tahsilatlar") == 0 and _count("tahakkuklar") == 1


def test_no_open_session_means_no_payment(client):
    staff_with(client, "alfa", KASA)
    mid, _, _ = _taxpayer()
    response = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A, data={"tutar": "5", "kanal": "nakit"})
    assert response.status_code == 422 and "Açık vezne oturumu yok" in response.get_data(as_text=True)
    with services.bound("alfa"):
        assert _count("tahsilatlar") == 0


def test_a_bad_day_close_is_a_form_error(client):
    staff_with(client, "alfa", KASA)
    client.post("/gelir/vezne/ac", headers=A)
    response = client.post("/gelir/vezne/kapanis", headers=A, data={"sayilan_nakit": "12,345"})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    with services.bound("alfa"):
        assert db.session.scalar(db.select(db.func.count()).select_from(VezneOturumu)
                                 .where(VezneOturumu.kapanis_at.is_not(None))) == 0


def test_a_user_without_the_permission_is_refused(client):
    staff_with(client, "alfa", "gelir.mukellef.goruntule")
    assert client.get("/gelir/vezne", headers=A).status_code == 403
    assert client.post("/api/v1/gelir/vezne/oturum", headers=A).status_code == 403


def test_beta_staff_cannot_see_alfa_receipts_or_sessions(client, app):
    staff_with(client, "alfa", KASA)
    mid, _, _ = _taxpayer(ad="Gizli", soyad="Alfalı")
    client.post("/gelir/vezne/ac", headers=A)
    paid = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A, data={"tutar": "20", "kanal": "nakit"})
    receipt_id = int(paid.location.rsplit("/", 1)[1])
    with services.bound("alfa"):
        receipt = db.session.get(Tahsilat, receipt_id)
        makbuz_no, session_id = receipt.makbuz_no, receipt.vezne_oturumu_id
    other = app.test_client()
    staff_with(other, "beta", KASA)
    assert other.get(f"/gelir/vezne/makbuzlar/{receipt_id}", headers=B).status_code == 404
    assert other.get(f"/gelir/vezne/makbuzlar/{receipt_id}.pdf", headers=B).status_code == 404
    assert other.get(f"/gelir/vezne/oturumlar/{session_id}", headers=B).status_code == 404
    assert other.get(f"/api/v1/gelir/vezne/makbuzlar/{receipt_id}", headers=B).status_code == 404
    assert other.get(f"/api/v1/gelir/vezne/oturumlar/{session_id}", headers=B).status_code == 404
    for path in ("/gelir/vezne/makbuzlar", "/gelir/vezne/oturumlar"):
        body = other.get(path, query_string={"q": "Alfalı"}, headers=B).get_data(as_text=True)
        assert makbuz_no not in body and "Gizli" not in body
    assert other.get("/api/v1/gelir/vezne/makbuzlar", headers=B).json == []
    # and alfa's own cashier sees it
    assert client.get(f"/gelir/vezne/makbuzlar/{receipt_id}", headers=A).status_code == 200


# --- API -------------------------------------------------------------------------------

def test_api_session_payment_and_close(client):
    staff_with(client, "alfa", KASA)
    mid, _, _ = _taxpayer(("80.00", clock.today() + timedelta(days=3)))
    assert client.get("/api/v1/gelir/vezne/oturum", headers=A).status_code == 404
    opened = client.post("/api/v1/gelir/vezne/oturum", headers=A)
    assert opened.status_code == 201
    assert client.post("/api/v1/gelir/vezne/oturum", headers=A).status_code == 409
    paid = client.post("/api/v1/gelir/vezne/tahsilat", headers=A,
                       json={"mukellef_id": mid, "tutar": "100.00", "kanal": "havale", "belge_no": "DK-9"})
    assert paid.status_code == 201, paid.json
    assert paid.json["uygulanan"] == "80.00" and paid.json["alacaga"] == "20.00"
    assert paid.json["makbuz"]["belge_no"] == "DK-9"
    closed = client.post("/api/v1/gelir/vezne/oturum/kapat", headers=A, json={"sayilan_nakit": "0"})
    assert closed.status_code == 200 and closed.json["beklenen"]["havale"] == "100.00"
    assert closed.json["fark"] == "0.00"
    late = client.post("/api/v1/gelir/vezne/tahsilat", headers=A,
                       json={"mukellef_id": mid, "tutar": "1", "kanal": "nakit"})
    assert late.status_code == 422 and "oturum" in late.json["errors"]


@pytest.mark.parametrize("body, field", [
    ({"tutar": "1,001", "kanal": "nakit"}, "tutar"),
    ({"tutar": "-1", "kanal": "nakit"}, "tutar"),
    ({"tutar": 0, "kanal": "nakit"}, "tutar"),
    ({"tutar": "abc", "kanal": "nakit"}, "tutar"),
    ({"tutar": "5", "kanal": "havale"}, "belge_no"),
    ({"tutar": "5", "kanal": "cek"}, "kanal"),
])
def test_api_bad_payment_is_422_with_field_errors_and_writes_nothing(client, body, field):
    staff_with(client, "alfa", KASA)
    mid, _, _ = _taxpayer()
    client.post("/api/v1/gelir/vezne/oturum", headers=A)
    response = client.post("/api/v1/gelir/vezne/tahsilat", headers=A, json={"mukellef_id": mid, **body})
    assert response.status_code == 422
    # the platform's one error shape (a service's refusal also names its reason)
    assert {"code", "message", "errors"} <= set(response.json) <= {"code", "reason", "message", "errors"}
    assert field in response.json["errors"]
    with services.bound("alfa"):
        assert _count("tahsilatlar") == 0


def test_api_payment_without_a_session_is_422(client):
    staff_with(client, "alfa", KASA)
    mid, _, _ = _taxpayer()
    response = client.post("/api/v1/gelir/vezne/tahsilat", headers=A, json={"mukellef_id": mid, "tutar": "5",
                                                                             "kanal": "nakit"})
    assert response.status_code == 422 and "oturum" in response.json["errors"]


def test_an_approved_cash_refund_is_paid_out_once_from_the_till_and_the_close_subtracts_it():
    from modules.gelir.services import iade

    with services.bound("alfa"):
        m = MukellefFactory()
        session = vezne.ac(904, "k@alfa", DAY, actor="k@alfa")
        vezne.tahsil(904, m.id, "500.00", "nakit", DAY, actor="k@alfa")  # no debt: all credit
        refund = iade.talep(m.id, "120.00", "Fazla ödeme", "nakit", actor="hazirlayan", actor_id=905)
        with pytest.raises(GelirError):  # not approved yet
            vezne.nakit_iade_ode(session.id, 904, refund.id, actor="k@alfa")
        iade.onayla(refund.id, DAY, actor="onaylayan", actor_id=906)
        assert refund in vezne.odenecek_nakit_iadeler()
        vezne.nakit_iade_ode(session.id, 904, refund.id, actor="k@alfa")
        assert refund not in vezne.odenecek_nakit_iadeler()
        with pytest.raises(GelirError) as twice:
            vezne.nakit_iade_ode(session.id, 904, refund.id, actor="k@alfa")
        assert twice.value.status == 409
        closed = vezne.kapat(session.id, 904, "380.00", actor="k@alfa")
        assert closed.beklenen["nakit"] == "380.00" and closed.fark == 0  # 500 in, 120 out


def test_a_cash_refund_larger_than_the_till_is_refused():
    from modules.gelir.services import iade

    with services.bound("alfa"):
        m = MukellefFactory()
        vezne.ac(907, "k@alfa", DAY, actor="k@alfa")
        other = vezne.ac(908, "b@alfa", DAY, actor="b@alfa")
        vezne.tahsil(907, m.id, "300.00", "nakit", DAY, actor="k@alfa")
        refund = iade.talep(m.id, "200.00", "Fazla ödeme", "nakit", actor="a", actor_id=909)
        iade.onayla(refund.id, DAY, actor="b", actor_id=910)
        with pytest.raises(GelirError) as empty:  # the other cashier's till holds nothing
            vezne.nakit_iade_ode(other.id, 908, refund.id, actor="b@alfa")
        assert "yetmiyor" in empty.value.message


def test_a_cash_payment_naming_a_debt_that_is_not_open_is_refused_and_writes_nothing(client):
    """Issue 10 item 7: a debt id that does not exist, or is another taxpayer's, used to be
    taken as credit."""
    staff_with(client, "alfa", KASA)
    mid, _, (mine,) = _taxpayer(("300.00", clock.today() + timedelta(days=30)))
    _, _, (theirs,) = _taxpayer(("80.00", clock.today() + timedelta(days=30)))
    assert client.post("/gelir/vezne/ac", headers=A).status_code == 302
    before = _count("t_alfa.tahsilatlar")
    for wrong in ([999_999_999], [theirs], [mine, theirs]):
        response = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A,
                               data={"tutar": "300,00", "kanal": "nakit", "secili": [str(i) for i in wrong]})
        assert response.status_code == 422, response.get_data(as_text=True)[:300]
        assert "açık borcu değil" in response.get_data(as_text=True)
    assert _count("t_alfa.tahsilatlar") == before
    paid = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A,
                       data={"tutar": "300,00", "kanal": "nakit", "secili": [str(mine)]})
    assert paid.status_code == 302
