"""The contracted banks' channel (issue 12, item 8): a bank's own credentials, the inquiry,
payments applied once per bank reference, the same-day cancellation, the reconciliation
file and the staff's comparison with the bank's list."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select, text

from ebelediye import clock
from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.gelir.models import BankaTahsilati, Tahsilat
from modules.gelir.services import GelirError
from modules.gelir.services import banka as service
from modules.gelir.services import banka_mutabakat as gun_sonu
from modules.gelir.services import borc as borc_service
from tenants import services
from tests.plugin import host, sign_in_staff

from .conftest import MukellefFactory, borc

API = "/api/v1/gelir/banka"


def yeni_banka(slug: str = "alfa", kod: str = "0010", hesap: str = "102") -> tuple[int, dict]:
    """A bank with one token: its id and the headers its calls carry."""
    with services.bound(slug):
        row = service.olustur(kod, "Ziraat Bankası", hesap, "", actor="yonetici@test")
        plain = service.anahtar_ver(row.id, "şube", actor="yonetici@test")
        db.session.commit()
        return row.id, {"Host": host(slug), "Authorization": f"Bearer {plain}"}


def borclu(slug: str = "alfa", *tutarlar: str) -> tuple[int, str, list[int]]:
    """A taxpayer with debts (overdue, so late fees count): id, TCKN and the debts' ids."""
    with services.bound(slug):
        payer = MukellefFactory()
        debts = [borc(payer, t, date(2025, 11, 30), taksit=i + 1) for i, t in enumerate(tutarlar or ("1000.00",))]
        db.session.commit()
        return payer.id, payer.tckn, [d.id for d in debts]


def ode_istegi(client, headers, tckn, ids, referans="R-1", tutar=None):
    if tutar is None:
        inquiry = client.get(f"{API}/borclar?tckn={tckn}", headers=headers).get_json()
        tutar = str(sum(Decimal(b["toplam"]) for b in inquiry["borclar"] if b["tahakkuk_id"] in ids))
    return client.post(f"{API}/odemeler", headers=headers,
                       json={"banka_referans": referans, "tckn": tckn, "tahakkuk_idleri": ids, "tutar": tutar})


def bugunku_toplam(client, headers, tckn) -> str:
    return client.get(f"{API}/borclar?tckn={tckn}", headers=headers).get_json()["toplam"]


def tahsilat_sayisi(slug: str, mukellef_id: int) -> int:
    with services.bound(slug):
        return db.session.scalar(select(func.count()).select_from(Tahsilat).where(
            Tahsilat.mukellef_id == mukellef_id, Tahsilat.iptal_edilen_id.is_(None)))


def test_the_inquiry_shows_only_what_a_bank_needs(client):
    _bank, headers = yeni_banka()
    payer_id, tckn, ids = borclu("alfa", "1000.00", "250.00")
    answer = client.get(f"{API}/borclar?tckn={tckn}", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["mukellef_no"] == payer_id and [b["tahakkuk_id"] for b in body["borclar"]] == ids
    assert set(body["borclar"][0]) == {"tahakkuk_id", "gelir_kodu", "gelir_adi", "yil", "taksit", "vade", "anapara",
                                       "gecikme_zammi", "toplam"}
    assert Decimal(body["borclar"][0]["gecikme_zammi"]) > 0  # late fee as of today
    assert Decimal(body["toplam"]) == sum(Decimal(b["toplam"]) for b in body["borclar"])
    assert "*" in body["ad"]  # a masked name, never the whole of it
    by_number = client.get(f"{API}/borclar?mukellef_no={payer_id}", headers=headers).get_json()
    assert by_number["toplam"] == body["toplam"]
    assert client.get(f"{API}/borclar?tckn=10000000146", headers=headers).status_code == 404
    both = client.get(f"{API}/borclar?tckn={tckn}&mukellef_no={payer_id}", headers=headers)
    assert both.status_code == 422
    with services.bound("alfa"):
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "gelir.banka.sorgu", AuditEntry.object_id == str(payer_id))) == 2


def test_the_same_payment_sent_three_times_is_applied_once(client):
    _bank, headers = yeni_banka()
    payer_id, tckn, ids = borclu()
    tutar = bugunku_toplam(client, headers, tckn)
    answers = [ode_istegi(client, headers, tckn, ids, referans="ZB-2026-0001", tutar=tutar) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200], [a.get_json() for a in answers]
    receipts = {a.get_json()["makbuz_no"] for a in answers}
    assert len(receipts) == 1 and answers[0].get_json()["durum"] == "odendi"
    assert tahsilat_sayisi("alfa", payer_id) == 1
    with services.bound("alfa"):
        assert borc_service.acik_borclar(payer_id, clock.today()) == []
        receipt = db.session.scalar(select(Tahsilat).where(Tahsilat.mukellef_id == payer_id))
        assert receipt.kanal == "banka" and receipt.belge_no == "0010:ZB-2026-0001"


def test_a_different_payment_with_a_used_reference_is_a_conflict(client):
    _bank, headers = yeni_banka()
    payer_id, tckn, ids = borclu("alfa", "1000.00", "300.00")
    assert ode_istegi(client, headers, tckn, ids[:1], referans="R-9").status_code == 201
    again = ode_istegi(client, headers, tckn, ids[1:], referans="R-9")
    assert again.status_code == 409
    assert set(again.get_json()) >= {"code", "message", "errors"} and "banka_referans" in again.get_json()["errors"]
    assert tahsilat_sayisi("alfa", payer_id) == 1
    with services.bound("alfa"):
        assert [d.tahakkuk_id for d in borc_service.acik_borclar(payer_id, clock.today())] == ids[1:]


def test_a_payment_must_be_the_items_total_of_today(client):
    _bank, headers = yeni_banka()
    payer_id, tckn, ids = borclu()
    short = ode_istegi(client, headers, tckn, ids, tutar="1000.00")  # the late fee left out
    assert short.status_code == 422 and "tutar" in short.get_json()["errors"]
    not_theirs = ode_istegi(client, headers, tckn, [ids[0] + 10_000_000], tutar="10.00")
    assert not_theirs.status_code == 422
    assert tahsilat_sayisi("alfa", payer_id) == 0


def test_every_call_of_a_bank_is_audited_refusals_too(client):
    _bank, headers = yeni_banka()
    payer_id, tckn, ids = borclu()
    assert ode_istegi(client, headers, tckn, ids, referans="A-1", tutar="1.00").status_code == 422
    tutar = bugunku_toplam(client, headers, tckn)
    assert ode_istegi(client, headers, tckn, ids, referans="A-2", tutar=tutar).status_code == 201
    assert ode_istegi(client, headers, tckn, ids, referans="A-2", tutar=tutar).status_code == 200
    assert client.get(f"{API}/odemeler/A-2", headers=headers).status_code == 200
    assert client.get(f"{API}/mutabakat", headers=headers).status_code == 200
    with services.bound("alfa"):
        actions = list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.startswith("gelir.banka.")).order_by(AuditEntry.id)))
    assert actions[-6:] == ["gelir.banka.red", "gelir.banka.sorgu", "gelir.banka.tahsilat",
                            "gelir.banka.tekrar", "gelir.banka.durum_sorgu", "gelir.banka.mutabakat_sorgu"]


def test_bad_input_is_a_422_with_field_messages(client):
    _bank, headers = yeni_banka()
    _payer, tckn, ids = borclu()
    bodies = {
        "banka_referans": {"banka_referans": "R\x001", "tckn": tckn, "tahakkuk_idleri": ids, "tutar": "10.00"},
        "tutar": {"banka_referans": "R-2", "tckn": tckn, "tahakkuk_idleri": ids, "tutar": "1e400"},
    }
    for field, body in bodies.items():
        answer = client.post(f"{API}/odemeler", headers=headers, json=body)
        assert answer.status_code == 422 and field in answer.get_json()["errors"], (field, answer.get_json())
    for tutar in ("99999999999999999999.00", "-5.00", "12.345"):
        answer = client.post(f"{API}/odemeler", headers=headers,
                             json={"banka_referans": "R-3", "tckn": tckn, "tahakkuk_idleri": ids, "tutar": tutar})
        assert answer.status_code == 422 and "tutar" in answer.get_json()["errors"], tutar
    past_bigint = client.post(f"{API}/odemeler", headers=headers, json={
        "banka_referans": "R-4", "tckn": tckn, "tahakkuk_idleri": [2**63], "tutar": "10.00"})
    assert past_bigint.status_code == 422 and "tahakkuk_idleri" in json.dumps(past_bigint.get_json()["errors"])
    assert client.get(f"{API}/borclar?mukellef_no={2**63}", headers=headers).status_code == 422
    assert client.get(f"{API}/borclar?vkn=12%0034", headers=headers).status_code in (400, 422)
    assert client.post(f"{API}/odemeler", headers=headers, json=["x"]).status_code == 422


def test_a_same_day_cancellation_reverses_the_receipt_once(client):
    bank_id, headers = yeni_banka(hesap="102")
    payer_id, tckn, ids = borclu()
    tutar = bugunku_toplam(client, headers, tckn)
    paid = ode_istegi(client, headers, tckn, ids, referans="IPT-1", tutar=tutar).get_json()
    first = client.post(f"{API}/odemeler/IPT-1/iptal", headers=headers)
    assert first.status_code == 200 and first.get_json()["durum"] == "iptal"
    assert first.get_json()["iptal_makbuz_no"] == paid["makbuz_no"] + "-IPTAL"
    again = client.post(f"{API}/odemeler/IPT-1/iptal", headers=headers)
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert client.post(f"{API}/odemeler/YOK-1/iptal", headers=headers).status_code == 404
    with services.bound("alfa"):
        open_again = borc_service.acik_borclar(payer_id, clock.today())
        assert [d.tahakkuk_id for d in open_again] == ids  # the debt is owed again
        assert borc_service.alacak_bakiyesi(payer_id) == 0
        rows = db.session.scalars(select(Tahsilat.tutar).where(Tahsilat.mukellef_id == payer_id)).all()
        assert sorted(rows) == [-Decimal(paid["tutar"]), Decimal(paid["tutar"])]
        # accounting: the receipt went to the bank's 102 and the reversal took it out again
        bank_lines = db.session.execute(text(
            "SELECT sum(s.borc), sum(s.alacak) FROM muh_fis_satirlari s JOIN muh_fisler f ON f.id = s.fis_id "
            "WHERE s.hesap_kod = '102' AND f.kaynak LIKE :k"), {"k": f"gelir:makbuz:{paid['makbuz_no']}:%"}).one()
        assert bank_lines == (Decimal(paid["tutar"]), Decimal(paid["tutar"]))
    # the same reference paid again after the cancellation is still the cancelled payment
    assert ode_istegi(client, headers, tckn, ids, referans="IPT-1", tutar=tutar).get_json()["durum"] == "iptal"


def test_a_cancellation_on_a_later_day_is_refused(client):
    bank_id, headers = yeni_banka()
    _payer, tckn, ids = borclu()
    assert ode_istegi(client, headers, tckn, ids, referans="G-1").status_code == 201
    with services.bound("alfa"):
        bank = service.banka(bank_id)
        try:
            service.iptal(bank, "G-1", clock.today() + timedelta(days=1), actor="banka")
        except GelirError as exc:
            assert exc.status == 409
        else:
            raise AssertionError("a later day's cancellation was accepted")


def test_the_reconciliation_matches_the_payments_and_the_banks_list(client):
    bank_id, headers = yeni_banka()
    _a, tckn_a, ids_a = borclu("alfa", "1000.00")
    _b, tckn_b, ids_b = borclu("alfa", "420.50")
    _c, tckn_c, ids_c = borclu("alfa", "99.90")
    paid = [ode_istegi(client, headers, tckn, ids, referans=ref).get_json()
            for tckn, ids, ref in ((tckn_a, ids_a, "M-1"), (tckn_b, ids_b, "M-2"), (tckn_c, ids_c, "=M-3"[1:]))]
    assert client.post(f"{API}/odemeler/M-3/iptal", headers=headers).status_code == 200
    standing = sum(Decimal(p["tutar"]) for p in paid[:2])

    day = client.get(f"{API}/mutabakat", headers=headers).get_json()
    assert (day["adet"], Decimal(day["toplam"]), day["iptal_adet"]) == (2, standing, 1)
    assert sorted(p["banka_referans"] for p in day["odemeler"]) == ["M-1", "M-2", "M-3"]

    csv_answer = client.get(f"{API}/mutabakat.csv", headers=headers)
    assert csv_answer.status_code == 200 and csv_answer.mimetype == "text/csv"
    lines = csv_answer.data.decode("utf-8-sig").strip().split("\r\n")
    assert lines[0] == ";".join(gun_sonu.SUTUNLAR) and len(lines) == 5
    assert lines[-1].split(";")[:2] == ["TOPLAM", "2"] and lines[-1].split(";")[4] == f"{standing:.2f}"

    sign_in_staff(client, "alfa", admin=True)
    page = f"/gelir/bankalar/{bank_id}/mutabakat"
    staff = {"Host": host("alfa")}
    shown = client.get(page, headers=staff)
    assert shown.status_code == 200 and "M-2" in shown.get_data(as_text=True)
    same = client.post(page, headers=staff, data={"dosya": (io.BytesIO(csv_answer.data), "banka.csv")},
                       content_type="multipart/form-data")
    body = same.get_data(as_text=True)
    assert same.status_code == 200 and 'id="eslesen">2<' in body and 'id="eksik">0<' in body
    theirs = ("banka_referans;tutar\r\nM-1;" + paid[0]["tutar"] + "\r\nX-7;15.00\r\n").encode()
    differs = client.post(page, headers=staff, data={"dosya": (io.BytesIO(theirs), "banka.csv")},
                          content_type="multipart/form-data").get_data(as_text=True)
    assert 'id="eslesen">1<' in differs and 'id="eksik">1<' in differs and 'id="fazla">1<' in differs
    assert "X-7" in differs
    broken = client.post(page, headers=staff, data={"dosya": (io.BytesIO(b"a;b\r\n1;2\r\n"), "x.csv")},
                         content_type="multipart/form-data")
    assert broken.status_code == 422


def test_the_reconciliation_file_is_formula_safe(client):
    with services.bound("alfa"):
        bank_id, _headers = yeni_banka()
        bank = service.banka(bank_id)
        m = gun_sonu.Mutabakat(bank, clock.today(), [{"banka_referans": "=HYPERLINK(1)", "makbuz_no": "M1",
                                                     "tarih": clock.today(), "mukellef_no": 1,
                                                     "tutar": Decimal("1.00"), "durum": "odendi"}],
                              1, Decimal("1.00"), 0)
        assert "'=HYPERLINK(1)" in gun_sonu.mutabakat_csv(m).decode("utf-8-sig")


def test_a_banks_token_does_not_work_for_another_tenant(client):
    _bank, headers = yeni_banka("alfa")
    _payer, tckn, ids = borclu("beta")
    elsewhere = {**headers, "Host": host("beta")}
    assert client.get(f"{API}/borclar?tckn={tckn}", headers=elsewhere).status_code == 401
    answer = client.post(f"{API}/odemeler", headers=elsewhere,
                         json={"banka_referans": "B-1", "tckn": tckn, "tahakkuk_idleri": ids, "tutar": "10.00"})
    assert answer.status_code == 401


def test_a_banks_token_reaches_no_other_operation(client):
    _bank, headers = yeni_banka()
    document = client.get("/api/openapi.json", headers={"Host": host("alfa")}).get_json()
    reached, tried = [], 0
    for path, item in document["paths"].items():
        if path.startswith("/api/v1/gelir/banka/") or path == "/api/v1/oturum":
            continue
        concrete = re.sub(r"\{[^}]+\}", "1", path)  # every path parameter: an id or a code
        for method in set(item) & {"get", "post", "put", "delete", "patch"}:
            body = {} if method != "get" else None
            status = client.open(concrete, method=method.upper(), headers=headers, json=body).status_code
            tried += 1
            # İK's self-service is any staff member's own record: a bank's service account has
            # none, so it gets "no such record" (or its input refused first), never someone's data
            if path.startswith("/api/v1/ik/benim") and status in (404, 422):
                continue
            if status != 403:
                reached.append((method, path, status))
    assert reached == [] and tried > 50


def test_a_staff_member_holding_the_permission_is_not_a_bank(client):
    from tests.plugin import staff_with

    staff_with(client, "alfa", "gelir.banka.tahsilat")
    _payer, tckn, _ids = borclu()
    assert client.get(f"{API}/borclar?tckn={tckn}", headers={"Host": host("alfa")}).status_code == 403


def test_the_admin_registers_a_bank_its_token_is_shown_once_and_revoked(client, app):
    sign_in_staff(client, "alfa", admin=True)
    staff = {"Host": host("alfa")}
    bad = client.post("/gelir/bankalar", headers=staff, data={"kod": "x", "ad": "", "muhasebe_hesabi": "100"})
    assert bad.status_code == 422
    made = client.post("/gelir/bankalar", headers=staff,
                       data={"kod": "0062", "ad": "Garanti BBVA", "muhasebe_hesabi": "102", "iban": ""})
    assert made.status_code == 303
    bank_url = made.headers["Location"]
    issued = client.post(bank_url + "/anahtar", headers=staff, data={"ad": "internet şubesi"})
    assert issued.status_code == 201
    page = issued.get_data(as_text=True)
    plain = page.split('id="yeni-anahtar">')[1].split("<")[0]
    assert plain.startswith("ebt_") and plain not in client.get(bank_url, headers=staff).get_data(as_text=True)
    _payer, tckn, _ids = borclu()
    bank_headers = {"Host": host("alfa"), "Authorization": f"Bearer {plain}"}
    bank = app.test_client()  # the bank's own client: no staff session (a session would be who acts)
    assert bank.get(f"{API}/borclar?tckn={tckn}", headers=bank_headers).status_code == 200
    with services.bound("alfa"):
        row = db.session.scalar(select(service.Banka).where(service.Banka.kod == "0062"))
        token_id = service.anahtarlar(row.id)[0].id
        actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "banka",
                                                                         AuditEntry.object_id == str(row.id))))
        assert {"gelir.banka.olustur", "gelir.banka.anahtar_ver"} <= actions
    revoked = client.post(f"{bank_url}/anahtarlar/{token_id}/iptal", headers=staff)
    assert revoked.status_code == 303
    assert bank.get(f"{API}/borclar?tckn={tckn}", headers=bank_headers).status_code == 401
    listing = client.get("/gelir/bankalar", headers=staff).get_data(as_text=True)
    assert "Garanti BBVA" in listing


def test_a_stopped_bank_cannot_call_until_reopened(client, app):
    bank_id, headers = yeni_banka()
    _payer, tckn, _ids = borclu()
    bank = app.test_client()
    sign_in_staff(client, "alfa", admin=True)
    stop = client.post(f"/gelir/bankalar/{bank_id}/durum", headers={"Host": host("alfa")}, data={"aktif": "0"})
    assert stop.status_code == 303
    assert bank.get(f"{API}/borclar?tckn={tckn}", headers=headers).status_code == 401
    assert client.post(f"/gelir/bankalar/{bank_id}/durum", headers={"Host": host("alfa")},
                       data={"aktif": "1"}).status_code == 303
    assert bank.get(f"{API}/borclar?tckn={tckn}", headers=headers).status_code == 200


def test_a_bank_collection_posts_to_the_banks_sub_account(client):
    with services.bound("alfa"):
        db.session.execute(text("INSERT INTO muh_hesaplar (kod, ad, tur, bakiye_yonu, ters_bakiye_yasak, ust_kod, "
                                "standart, aktif, olusturan) SELECT '102.77', 'Test Bankası', tur, bakiye_yonu, "
                                "ters_bakiye_yasak, '102', false, true, 'test' FROM muh_hesaplar WHERE kod = '102'"))
        db.session.commit()
    _bank, headers = yeni_banka(kod="0077", hesap="102.77")
    _payer, tckn, ids = borclu()
    paid = ode_istegi(client, headers, tckn, ids, referans="S-1").get_json()
    with services.bound("alfa"):
        debit = db.session.scalar(text(
            "SELECT sum(s.borc) FROM muh_fis_satirlari s JOIN muh_fisler f ON f.id = s.fis_id "
            "WHERE s.hesap_kod = '102.77' AND f.kaynak LIKE :k"), {"k": f"gelir:makbuz:{paid['makbuz_no']}:%"})
        assert debit == Decimal(paid["tutar"])
        assert db.session.scalar(select(func.count()).select_from(BankaTahsilati)
                                 .where(BankaTahsilati.referans == "S-1")) == 1
