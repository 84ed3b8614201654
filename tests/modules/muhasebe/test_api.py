"""Muhasebe's API for what only had pages (issue 13): the voucher list and cancelling a
draft, the journal, a ledger and the financial tables, the budget's changes (line,
appropriation, transfer, expense), the monthly lock with its two-person unlock, the
year's closing and opening.  Each operation: success, 422 with field messages (NUL bytes,
huge numbers, ids past bigint), 403 without its permission, 404 for another tenant's
record, pages (page 2, past the last)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.muhasebe import api as muhasebe_api
from modules.muhasebe.api import defterler
from modules.muhasebe.models import Donem
from tenants import services
from tests.modules.muhasebe.conftest import TERTIP, hazirla, kalem, kaydet, satirlar
from tests.plugin import host, ids_apart, staff_with

H = {"Host": host("alfa")}
GORUNTULE, HAZIRLA, ONAYLA = "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla"
BUTCE, KILITLE = "muhasebe.butce.yonet", "muhasebe.donem.kilitle"
PAST_BIGINT = 2**63
HUGE = "9" * 30


def _pages(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


def _audited(action: str, object_id: object) -> bool:
    with services.bound("alfa"):
        found = db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == action,
                                                              AuditEntry.object_id == str(object_id)).limit(1))
        db.session.commit()
    return found is not None


def _drafts(slug: str, aciklama: str, count: int, gun: date = date(2026, 3, 17)) -> list[int]:
    with services.bound(slug):
        ids = [hazirla(satirlar(("102", "B", "10.00"), ("600", "A", "10.00")), gun, aciklama=aciklama).id
               for _ in range(count)]
        db.session.commit()
    return ids


def _approved(slug: str, gun: date, count: int = 1) -> list[int]:
    with services.bound(slug):
        ids = [kaydet(satirlar(("102", "B", "25.00"), ("600", "A", "25.00")), gun, aciklama="Tahsilat").id
               for _ in range(count)]
        db.session.commit()
    return ids


def _second(app, *permissions: str):
    """Another signed-in person (a voucher's approver is never its preparer)."""
    other = app.test_client()
    staff_with(other, "alfa", *permissions)
    return other


# --- vouchers ----------------------------------------------------------------------------------

def test_the_voucher_list_is_searched_and_paged(client, monkeypatch):
    tag = f"api-{uuid.uuid4().hex[:8]}"
    ids = _drafts("alfa", tag, 3)
    _drafts("beta", tag, 1)
    monkeypatch.setattr(muhasebe_api, "FIS_SAYFASI", 2)
    staff_with(client, "alfa", GORUNTULE)
    first = client.get(f"/api/v1/muhasebe/fisler?ara={tag}", headers=H)
    assert first.status_code == 200 and len(first.json) == 2 and "satirlar" not in first.json[0]
    assert _pages(first) == {"total": 3, "total_pages": 2, "first_page": 1, "last_page": 2, "page": 1,
                             "next_page": 2}
    second = client.get(f"/api/v1/muhasebe/fisler?ara={tag}&sayfa=2", headers=H)
    assert {f["id"] for f in first.json + second.json} == set(ids)  # beta's is not among them
    past = client.get(f"/api/v1/muhasebe/fisler?ara={tag}&sayfa=3", headers=H)
    assert past.status_code == 200 and past.json == []
    assert client.get(f"/api/v1/muhasebe/fisler?ara={tag}&durum=onaylandi", headers=H).json == []
    for bad, field in (("durum=silindi", "durum"), ("sayfa=0", "sayfa"), ("ara=a%00", "ara"),
                       (f"ara={'x' * 101}", "ara")):
        refused = client.get(f"/api/v1/muhasebe/fisler?{bad}", headers=H)
        assert refused.status_code == 422 and field in refused.json["errors"], bad
    assert client.get(f"/api/v1/muhasebe/fisler?sayfa={HUGE}", headers=H).status_code == 404
    staff_with(client, "alfa", HAZIRLA)
    assert client.get("/api/v1/muhasebe/fisler", headers=H).status_code == 403


def test_a_draft_is_cancelled_once_and_an_approved_voucher_never(client):
    draft, = _drafts("alfa", "İptal edilecek", 1)
    approved, = _approved("alfa", date(2026, 3, 18))
    ids_apart("muh_fisler")
    other, = _drafts("beta", "Başka belediye", 1)
    staff_with(client, "alfa", GORUNTULE)
    assert client.post(f"/api/v1/muhasebe/fisler/{draft}/iptal", headers=H).status_code == 403
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    cancelled = client.post(f"/api/v1/muhasebe/fisler/{draft}/iptal", headers=H)
    assert cancelled.status_code == 200 and cancelled.json["durum"] == "iptal" and cancelled.json["satirlar"]
    assert _audited("muhasebe.fis.iptal", draft)
    assert client.post(f"/api/v1/muhasebe/fisler/{draft}/iptal", headers=H).status_code == 409
    refused = client.post(f"/api/v1/muhasebe/fisler/{approved}/iptal", headers=H)
    assert refused.status_code == 409 and refused.json["message"]
    for missing in (other, PAST_BIGINT):
        assert client.post(f"/api/v1/muhasebe/fisler/{missing}/iptal", headers=H).status_code == 404
    with services.bound("beta"):
        from modules.muhasebe.services import fis

        assert fis.fis(other).durum == "taslak"
        db.session.commit()


# --- books -------------------------------------------------------------------------------------

def test_the_journal_pages_approved_vouchers_with_their_lines(client, monkeypatch):
    gun = date(2026, 2, 11)
    ids = _approved("alfa", gun, 2)
    _drafts("alfa", "Taslak yevmiyeye girmez", 1, gun)
    monkeypatch.setattr(defterler, "YEVMIYE_SAYFASI", 1)
    staff_with(client, "alfa", GORUNTULE)
    query = "baslangic=2026-02-11&bitis=2026-02-11"
    first = client.get(f"/api/v1/muhasebe/yevmiye?{query}", headers=H)
    assert first.status_code == 200 and len(first.json) == 1
    total = _pages(first)["total"]
    assert total >= 2 and _pages(first)["next_page"] == 2
    seen = [v["id"] for n in range(1, total + 1)
            for v in client.get(f"/api/v1/muhasebe/yevmiye?{query}&sayfa={n}", headers=H).json]
    assert set(ids) <= set(seen) and len(seen) == total
    entry = first.json[0]
    assert entry["durum"] == "onaylandi" and entry["no"] and len(entry["satirlar"]) == 2
    assert client.get(f"/api/v1/muhasebe/yevmiye?{query}&sayfa={total + 1}", headers=H).json == []
    for bad, field in (("baslangic=2026-02-30", "baslangic"), ("bitis=%00", "bitis"), ("sayfa=-1", "sayfa"),
                       ("baslangic=1850-01-01", "baslangic")):
        refused = client.get(f"/api/v1/muhasebe/yevmiye?{bad}", headers=H)
        assert refused.status_code == 422 and field in refused.json["errors"], bad


def test_the_ledger_brings_forward_and_runs_the_balance(client):
    _approved("alfa", date(2026, 1, 20))
    _approved("alfa", date(2026, 2, 12))
    staff_with(client, "alfa", GORUNTULE)
    ledger = client.get("/api/v1/muhasebe/defter?hesap=102&baslangic=2026-02-12&bitis=2026-02-12", headers=H)
    assert ledger.status_code == 200 and ledger.json["hesap"] == "102" and ledger.json["ad"]
    lines = ledger.json["satirlar"]
    assert lines and all(s["tarih"] == "2026-02-12" for s in lines)
    devir = Decimal(ledger.json["devir"])
    assert devir >= Decimal("25.00")  # January's collection is brought forward
    assert Decimal(lines[0]["bakiye"]) == devir + Decimal(lines[0]["borc"]) - Decimal(lines[0]["alacak"])
    for bad, field in (("", "hesap"), (f"hesap={'1' * 41}", "hesap"), ("hesap=1%00", "hesap"),
                       ("hesap=102&bitis=yarin", "bitis")):
        refused = client.get(f"/api/v1/muhasebe/defter?{bad}", headers=H)
        assert refused.status_code == 422 and field in refused.json["errors"], bad
    staff_with(client, "alfa", HAZIRLA)
    assert client.get("/api/v1/muhasebe/defter?hesap=102", headers=H).status_code == 403
    assert client.get("/api/v1/muhasebe/yevmiye", headers=H).status_code == 403
    assert client.get("/api/v1/muhasebe/tablolar", headers=H).status_code == 403


def test_the_financial_tables_show_revenue_and_the_balance_sheet(client):
    with services.bound("alfa"):
        from modules.muhasebe.hesap import Satir
        from tests.modules.muhasebe.conftest import D

        kaydet([Satir("102", borc=D("70.00")), Satir("600", alacak=D("70.00"), ekonomik="03.01.01")],
               date(2026, 2, 13))
        db.session.commit()
    staff_with(client, "alfa", GORUNTULE)
    tables = client.get("/api/v1/muhasebe/tablolar?baslangic=2026-02-13&bitis=2026-02-13", headers=H)
    assert tables.status_code == 200 and tables.json["bas"] == "2026-02-13"
    assert {"kod": "03.01", "tutar": "70.00"} in tables.json["faaliyet_gelirleri"]
    assert any(v["kod"] == "102" for v in tables.json["varliklar"])
    bad = client.get("/api/v1/muhasebe/tablolar?bitis=2026-13-01", headers=H)
    assert bad.status_code == 422 and "bitis" in bad.json["errors"]


# --- the budget ----------------------------------------------------------------------------------

def test_a_budget_line_is_opened_granted_and_spent_through_approved_vouchers(client, app):
    staff_with(client, "alfa", GORUNTULE, HAZIRLA, BUTCE)
    codes = {**TERTIP, "kurumsal": f"46.06.{uuid.uuid4().int % 90 + 10}.01"}
    opened = client.post("/api/v1/muhasebe/butce/kalemler", headers=H, json={"yil": 2026, **codes, "ad": "Yakıt"})
    assert opened.status_code == 201 and opened.json["odenek"] == "0.00"
    kalem_id = opened.json["id"]
    assert _audited("muhasebe.butce.kalem_ac", kalem_id)
    twice = client.post("/api/v1/muhasebe/butce/kalemler", headers=H, json={"yil": 2026, **codes, "ad": "Yakıt"})
    assert twice.status_code == 409
    grant = client.post(f"/api/v1/muhasebe/butce/kalemler/{kalem_id}/odenek", headers=H,
                        json={"tutar": "500.00", "tarih": "2026-01-05"})
    assert grant.status_code == 201 and grant.json["durum"] == "taslak"
    approver = _second(app, GORUNTULE, ONAYLA)
    assert approver.post(f"/api/v1/muhasebe/fisler/{grant.json['id']}/onay", headers=H).status_code == 200

    def line() -> dict:
        return next(r for r in client.get("/api/v1/muhasebe/butce?yil=2026", headers=H).json if r["id"] == kalem_id)

    assert line()["odenek"] == "500.00"
    over = client.post(f"/api/v1/muhasebe/butce/kalemler/{kalem_id}/harcama", headers=H,
                       json={"tutar": "500.01", "tarih": "2026-03-17"})
    assert over.status_code == 201  # a draft; the appropriation is checked when it is approved
    refused = approver.post(f"/api/v1/muhasebe/fisler/{over.json['id']}/onay", headers=H)
    assert refused.status_code in (409, 422) and refused.json["message"]
    assert line()["kullanilan"] == "0.00"
    spent = client.post(f"/api/v1/muhasebe/butce/kalemler/{kalem_id}/harcama", headers=H,
                        json={"tutar": "120.00", "tarih": "2026-03-17", "gider_ekonomik": "03.05.01"})
    assert spent.status_code == 201 and spent.json["tur"] == "oeb"
    assert approver.post(f"/api/v1/muhasebe/fisler/{spent.json['id']}/onay", headers=H).status_code == 200
    assert line()["kullanilan"] == "120.00" and line()["kalan"] == "380.00"
    with services.bound("alfa"):
        target = kalem("0.00", kurumsal=codes["kurumsal"], ekonomik="03.02").id
        db.session.commit()
    moved = client.post("/api/v1/muhasebe/butce/aktarmalar", headers=H, json={
        "kaynak_id": kalem_id, "hedef_id": target, "tutar": "80.00", "tarih": "2026-03-17"})
    assert moved.status_code == 201, moved.json
    assert approver.post(f"/api/v1/muhasebe/fisler/{moved.json['id']}/onay", headers=H).status_code == 200
    assert line()["odenek"] == "420.00"


@pytest.mark.parametrize("path, body, field", [
    ("/butce/kalemler", {"yil": 10**12, **TERTIP, "ad": "Yakıt"}, "yil"),
    ("/butce/kalemler", {"yil": 2026, **TERTIP, "ad": "Ya\x00kıt"}, "ad"),
    ("/butce/kalemler", {"yil": 2026, "fonksiyonel": "01.3.9.00", "ekonomik": "03.05", "ad": "Yakıt"}, "kurumsal"),
    ("/butce/kalemler/{kalem}/odenek", {"tutar": HUGE, "tarih": "2026-01-05"}, "tutar"),
    ("/butce/kalemler/{kalem}/odenek", {"tutar": "-5.00", "tarih": "2026-01-05"}, "tutar"),
    ("/butce/kalemler/{kalem}/odenek", {"tutar": "5.00", "tarih": "2026-02-31"}, "tarih"),
    ("/butce/aktarmalar", {"kaynak_id": PAST_BIGINT, "hedef_id": 1, "tutar": "1.00", "tarih": "2026-03-17"},
     "kaynak_id"),
    ("/butce/kalemler/{kalem}/harcama", {"tutar": "1.00", "tarih": "2026-03-17", "aciklama": "\x00"}, "aciklama"),
])
def test_bad_budget_input_is_422_with_its_field_and_writes_nothing(client, path, body, field):
    with services.bound("alfa"):
        kalem_id = kalem("100.00", kurumsal=f"46.06.{uuid.uuid4().int % 90 + 10}.02").id
        db.session.commit()
    staff_with(client, "alfa", GORUNTULE, HAZIRLA, BUTCE)
    before = client.get("/api/v1/muhasebe/fisler?durum=taslak", headers=H)
    response = client.post(f"/api/v1/muhasebe{path.format(kalem=kalem_id)}", headers=H, json=body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    after = client.get("/api/v1/muhasebe/fisler?durum=taslak", headers=H)
    assert _pages(after)["total"] == _pages(before)["total"]


def test_budget_changes_need_their_permission_and_stay_in_their_tenant(client):
    ids_apart("muh_butce_kalemleri")
    with services.bound("beta"):
        other = kalem("100.00").id
        db.session.commit()
    with services.bound("alfa"):
        mine = kalem("100.00", kurumsal=f"46.06.{uuid.uuid4().int % 90 + 10}.03").id
        db.session.commit()
    grant = {"tutar": "5.00", "tarih": "2026-03-17"}
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    assert client.post("/api/v1/muhasebe/butce/kalemler", headers=H,
                       json={"yil": 2026, **TERTIP, "ad": "Yakıt"}).status_code == 403
    assert client.post(f"/api/v1/muhasebe/butce/kalemler/{mine}/odenek", headers=H, json=grant).status_code == 403
    assert client.post("/api/v1/muhasebe/butce/aktarmalar", headers=H, json={
        "kaynak_id": mine, "hedef_id": mine, **grant}).status_code == 403
    staff_with(client, "alfa", GORUNTULE)
    assert client.post(f"/api/v1/muhasebe/butce/kalemler/{mine}/harcama", headers=H, json=grant).status_code == 403
    staff_with(client, "alfa", GORUNTULE, HAZIRLA, BUTCE)
    for missing in (other, PAST_BIGINT):
        for step in ("odenek", "harcama"):
            response = client.post(f"/api/v1/muhasebe/butce/kalemler/{missing}/{step}", headers=H, json=grant)
            assert response.status_code == 404, (step, missing)
    moved = client.post("/api/v1/muhasebe/butce/aktarmalar", headers=H, json={
        "kaynak_id": mine, "hedef_id": other, **grant})
    assert moved.status_code == 404


# --- periods -------------------------------------------------------------------------------------

def test_a_month_is_locked_and_unlocked_by_two_people(client, app):
    staff_with(client, "alfa", GORUNTULE, KILITLE)
    locked = client.post("/api/v1/muhasebe/donemler", headers=H, json={"yil": 2026, "ay": 1})
    assert locked.status_code == 201 and locked.json["yil"] == 2026 and locked.json["kilitleyen"]
    assert {"yil": 2026, "ay": 1} in [{"yil": d["yil"], "ay": d["ay"]}
                                      for d in client.get("/api/v1/muhasebe/donemler", headers=H).json]
    assert client.post("/api/v1/muhasebe/donemler", headers=H, json={"yil": 2026, "ay": 1}).status_code == 409
    short = client.post("/api/v1/muhasebe/donemler/acma-talepleri", headers=H,
                        json={"yil": 2026, "ay": 1, "gerekce": "düzelt"})
    assert short.status_code == 422 and "gerekce" in short.json["errors"]
    asked = client.post("/api/v1/muhasebe/donemler/acma-talepleri", headers=H,
                        json={"yil": 2026, "ay": 1, "gerekce": "Sayıştay bulgusu: 102 eşleşmesi düzeltilecek"})
    assert asked.status_code == 201 and asked.json["durum"] == "bekliyor"
    talep_id = asked.json["id"]
    assert talep_id in [t["id"] for t in client.get("/api/v1/muhasebe/donemler/acma-talepleri", headers=H).json]
    own = client.post(f"/api/v1/muhasebe/donemler/acma-talepleri/{talep_id}/onay", headers=H)
    assert own.status_code == 403 and own.json["message"]
    other = _second(app, GORUNTULE, KILITLE)
    approved = other.post(f"/api/v1/muhasebe/donemler/acma-talepleri/{talep_id}/onay", headers=H)
    assert approved.status_code == 200 and approved.json["durum"] == "onaylandi" and approved.json["karar_veren"]
    assert other.post(f"/api/v1/muhasebe/donemler/acma-talepleri/{talep_id}/ret", headers=H).status_code == 409
    with services.bound("alfa"):
        assert db.session.get(Donem, (2026, 1)) is None
        db.session.commit()
    assert _audited("muhasebe.donem.kilit_ac", "2026-01")
    decided = client.get("/api/v1/muhasebe/donemler/acma-talepleri?durum=onaylandi", headers=H).json
    assert talep_id in [t["id"] for t in decided]


def test_a_rejected_unlock_keeps_the_month_locked(client, app):
    staff_with(client, "alfa", GORUNTULE, KILITLE)
    assert client.post("/api/v1/muhasebe/donemler", headers=H, json={"yil": 2026, "ay": 2}).status_code == 201
    talep_id = client.post("/api/v1/muhasebe/donemler/acma-talepleri", headers=H, json={
        "yil": 2026, "ay": 2, "gerekce": "Banka ekstresi geç geldi, düzeltme gerekli"}).json["id"]
    rejected = _second(app, GORUNTULE, KILITLE).post(f"/api/v1/muhasebe/donemler/acma-talepleri/{talep_id}/ret",
                                                    headers=H)
    assert rejected.status_code == 200 and rejected.json["durum"] == "reddedildi"
    with services.bound("alfa"):
        assert db.session.get(Donem, (2026, 2)) is not None
        db.session.commit()


def test_period_operations_check_input_permission_and_tenant(client):
    ids_apart("muh_donem_acmalar")
    with services.bound("beta"):
        from modules.muhasebe.services import donem

        donem.kilitle(2026, 3, actor="beta@test")
        other = donem.acma_talebi(2026, 3, "Başka belediyenin talebi, dokunulmaz", actor="beta@test").id
        db.session.commit()
    staff_with(client, "alfa", GORUNTULE)
    assert client.post("/api/v1/muhasebe/donemler", headers=H, json={"yil": 2026, "ay": 4}).status_code == 403
    assert client.post("/api/v1/muhasebe/yil-sonu", headers=H, json={"yil": 2026}).status_code == 403
    assert client.post("/api/v1/muhasebe/acilis", headers=H, json={"yil": 2027}).status_code == 403
    assert client.post(f"/api/v1/muhasebe/donemler/acma-talepleri/{other}/onay", headers=H).status_code == 403
    assert other not in [t["id"] for t in client.get("/api/v1/muhasebe/donemler/acma-talepleri", headers=H).json]
    staff_with(client, "alfa", GORUNTULE, KILITLE)
    for missing in (other, PAST_BIGINT):
        for step in ("onay", "ret"):
            response = client.post(f"/api/v1/muhasebe/donemler/acma-talepleri/{missing}/{step}", headers=H)
            assert response.status_code == 404, (step, missing)
    for path, body, field in (("/donemler", {"yil": 2026, "ay": 13}, "ay"),
                              ("/donemler", {"yil": 10**30, "ay": 1}, "yil"),
                              ("/donemler/acma-talepleri", {"yil": 2026, "ay": 5, "gerekce": "x\x00" * 6}, "gerekce"),
                              ("/donemler/acma-talepleri", {"yil": 2026, "ay": 5, "gerekce": "Kilitli olmayan ay"},
                               "ay"),
                              ("/yil-sonu", {"yil": "iki bin"}, "yil"),
                              ("/acilis", {}, "yil")):
        refused = client.post(f"/api/v1/muhasebe{path}", headers=H, json=body)
        assert refused.status_code == 422 and field in refused.json["errors"], (path, body)
    refused = client.get("/api/v1/muhasebe/donemler/acma-talepleri?durum=hepsi", headers=H)
    assert refused.status_code == 422 and "durum" in refused.json["errors"]


def test_the_years_closing_voucher_is_a_draft_for_a_second_person(client):
    _approved("alfa", date(2026, 3, 19))
    staff_with(client, "alfa", GORUNTULE, KILITLE)
    closing = client.post("/api/v1/muhasebe/yil-sonu", headers=H, json={"yil": 2026})
    assert closing.status_code == 201, closing.json
    assert closing.json["durum"] == "taslak" and closing.json["satirlar"]
    assert any(s["hesap_kod"].startswith("690") for s in closing.json["satirlar"])


# --- bank statements -------------------------------------------------------------------------------

def _statement_text(*rows: str) -> str:
    return "\r\n".join(("tarih;tutar;referans;aciklama", *rows)) + "\r\n"


def test_a_statement_is_imported_matched_and_matched_by_hand(client):
    with services.bound("alfa"):
        incoming = kaydet(satirlar(("102", "B", "4321.09"), ("600", "A", "4321.09")), date(2026, 3, 11))
        late = kaydet(satirlar(("102", "B", "1234.56"), ("600", "A", "1234.56")), date(2026, 3, 13))
        from modules.muhasebe.services import fis

        incoming_line, late_line = (next(s.id for s in fis.satirlari(v.id) if s.hesap_kod == "102")
                                    for v in (incoming, late))
        db.session.commit()
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    text = _statement_text("11.03.2026;4321,09;;Havale", f"12.03.2026;1234,56;{uuid.uuid4().hex[:6]};EFT")
    imported = client.post("/api/v1/muhasebe/banka/ekstreler", headers=H, json={
        "hesap_kod": "102", "bicim": "basit", "icerik": text, "dosya_adi": "mart.csv"})
    assert imported.status_code == 201, imported.json
    assert imported.json["satir_sayisi"] == 2 and imported.json["eslesmeyen"] == 1
    ekstre_id = imported.json["id"]
    assert _audited("muhasebe.ekstre.ice_al", ekstre_id)
    again = client.post("/api/v1/muhasebe/banka/ekstreler", headers=H, json={
        "hesap_kod": "102", "bicim": "basit", "icerik": text})
    assert again.status_code == 409  # the same file twice
    assert ekstre_id in [e["id"] for e in client.get("/api/v1/muhasebe/banka/ekstreler", headers=H).json]
    detail = client.get(f"/api/v1/muhasebe/banka/ekstreler/{ekstre_id}", headers=H).json
    matched = next(s for s in detail["satirlar"] if s["satir_no"] == 2)
    assert matched["eslesme"] == "otomatik" and matched["fis_satiri_id"] == incoming_line
    unmatched = client.get(f"/api/v1/muhasebe/banka/ekstreler/{ekstre_id}/eslesmeyenler", headers=H).json
    assert len(unmatched) == 1 and late_line in [o["fis_satiri_id"] for o in unmatched[0]["oneriler"]]
    satir_id = unmatched[0]["satir"]["id"]
    assert client.post(f"/api/v1/muhasebe/banka/ekstreler/{ekstre_id}/eslestir", headers=H).json == {"eslesen": 0}
    by_hand = client.post(f"/api/v1/muhasebe/banka/satirlar/{satir_id}/eslestir", headers=H,
                          json={"fis_satiri_id": late_line})
    assert by_hand.status_code == 200 and by_hand.json["eslesme"] == "elle"
    assert client.post(f"/api/v1/muhasebe/banka/satirlar/{satir_id}/eslestir", headers=H,
                       json={"fis_satiri_id": late_line}).status_code == 409
    undone = client.post(f"/api/v1/muhasebe/banka/satirlar/{satir_id}/kaldir", headers=H)
    assert undone.status_code == 200 and undone.json["fis_satiri_id"] is None
    assert client.post(f"/api/v1/muhasebe/banka/satirlar/{satir_id}/kaldir", headers=H).status_code == 409
    wrong = client.post(f"/api/v1/muhasebe/banka/satirlar/{satir_id}/eslestir", headers=H,
                        json={"fis_satiri_id": PAST_BIGINT})
    assert wrong.status_code == 422 and "fis_satiri_id" in wrong.json["errors"]


@pytest.mark.parametrize("body, field", [
    ({"hesap_kod": "600", "bicim": "basit"}, "hesap_kod"),
    ({"hesap_kod": "102", "bicim": "swift"}, "bicim"),
    ({"hesap_kod": "102", "bicim": "basit", "icerik": "tarih;tutar;referans;aciklama\r\n11.03.2026;1,00;a\x00;x"},
     "icerik"),
    ({"hesap_kod": "102", "bicim": "basit", "icerik": "tarih;tutar;referans;aciklama\n31.02.2026;1,00;;x\n"},
     "satir.2"),
    ({"hesap_kod": "102", "bicim": "basit", "icerik": f"tarih;tutar;referans;aciklama\n11.03.2026;{HUGE};;x\n"},
     "satir.2"),
    ({"hesap_kod": "102", "bicim": "basit", "icerik": "tutar;tarih\n1;2\n"}, "dosya"),
])
def test_a_bad_statement_is_422_naming_the_field_or_line_and_nothing_is_written(client, body, field):
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    before = len(client.get("/api/v1/muhasebe/banka/ekstreler", headers=H).json)
    response = client.post("/api/v1/muhasebe/banka/ekstreler", headers=H,
                           json={"icerik": _statement_text("11.03.2026;7,00;;x"), **body})
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert len(client.get("/api/v1/muhasebe/banka/ekstreler", headers=H).json) == before


def test_statements_need_their_permission_and_stay_in_their_tenant(client):
    ids_apart("muh_banka_ekstreleri")
    ids_apart("muh_ekstre_satirlari")
    with services.bound("beta"):
        from modules.muhasebe.services import banka

        other = banka.ice_al(_statement_text("11.03.2026;17,00;;beta").encode(), "basit", "102", actor="beta@test")
        other_id, other_line = other.id, banka.satirlar(other.id)[0].id
        db.session.commit()
    staff_with(client, "alfa", HAZIRLA)
    assert client.get("/api/v1/muhasebe/banka/ekstreler", headers=H).status_code == 403
    staff_with(client, "alfa", GORUNTULE)
    assert client.post("/api/v1/muhasebe/banka/ekstreler", headers=H, json={
        "hesap_kod": "102", "bicim": "basit", "icerik": _statement_text("11.03.2026;7,00;;x")}).status_code == 403
    assert client.post(f"/api/v1/muhasebe/banka/ekstreler/{other_id}/eslestir", headers=H).status_code == 403
    assert other_id not in [e["id"] for e in client.get("/api/v1/muhasebe/banka/ekstreler", headers=H).json]
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    for missing in (other_id, PAST_BIGINT):
        assert client.get(f"/api/v1/muhasebe/banka/ekstreler/{missing}", headers=H).status_code == 404
        assert client.get(f"/api/v1/muhasebe/banka/ekstreler/{missing}/eslesmeyenler", headers=H).status_code == 404
        assert client.post(f"/api/v1/muhasebe/banka/ekstreler/{missing}/eslestir", headers=H).status_code == 404
    for missing in (other_line, PAST_BIGINT):
        assert client.post(f"/api/v1/muhasebe/banka/satirlar/{missing}/eslestir", headers=H,
                           json={"fis_satiri_id": 1}).status_code == 404
        assert client.post(f"/api/v1/muhasebe/banka/satirlar/{missing}/kaldir", headers=H).status_code == 404


# --- advances and payments --------------------------------------------------------------------------

ADVANCE = {"kimlik_no": "10000000146", "ad_soyad": "Ayşe Yılmaz", "iban": "TR330006100519786457841326",
           "tutar": "300.00", "tarih": "2026-03-17"}


def test_an_advance_is_paid_put_in_a_bank_file_and_closed(client, app):
    with services.bound("alfa"):
        kalem_id = kalem("1000.00", kurumsal=f"46.06.{uuid.uuid4().int % 90 + 10}.04").id
        db.session.commit()
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    given = client.post("/api/v1/muhasebe/avanslar", headers=H, json={**ADVANCE, "kalem_id": kalem_id})
    assert given.status_code == 201, given.json
    assert given.json["durum"] == "odeme_bekliyor" and given.json["fis_id"]
    avans_id = given.json["id"]
    assert _audited("muhasebe.avans.ver", avans_id)
    early = client.post(f"/api/v1/muhasebe/avanslar/{avans_id}/kapat", headers=H,
                        json={"harcanan": "300.00", "tarih": "2026-03-20"})
    assert early.status_code == 409  # not before its payment order is approved
    approver = _second(app, GORUNTULE, ONAYLA)
    assert approver.post(f"/api/v1/muhasebe/fisler/{given.json['fis_id']}/onay", headers=H).status_code == 200
    waiting = client.get("/api/v1/muhasebe/odemeler", headers=H).json["bekleyen"]
    assert avans_id in [o["avans_id"] for o in waiting]
    assert client.post("/api/v1/muhasebe/odemeler/banka-dosyasi", headers=H).status_code == 403
    made = approver.post("/api/v1/muhasebe/odemeler/banka-dosyasi", headers=H)
    assert made.status_code == 201 and made.json["adet"] >= 1
    after = client.get("/api/v1/muhasebe/odemeler", headers=H).json
    assert avans_id not in [o["avans_id"] for o in after["bekleyen"]]
    assert made.json["id"] in [d["id"] for d in after["dosyalar"]]
    uneven = client.post(f"/api/v1/muhasebe/avanslar/{avans_id}/kapat", headers=H,
                         json={"harcanan": "200.00", "iade": "50.00", "tarih": "2026-03-20"})
    assert uneven.status_code == 422 and "harcanan" in uneven.json["errors"]
    closed = client.post(f"/api/v1/muhasebe/avanslar/{avans_id}/kapat", headers=H,
                         json={"harcanan": "250.00", "iade": "50.00", "tarih": "2026-03-20"})
    assert closed.status_code == 201 and closed.json["durum"] == "taslak"
    state = next(a for a in client.get("/api/v1/muhasebe/avanslar", headers=H).json if a["id"] == avans_id)
    assert state["durum"] == "kapanis_bekliyor" and state["kapanis_fis_id"] == closed.json["id"]


@pytest.mark.parametrize("change, field", [
    ({"kimlik_no": "12345678901"}, "kimlik_no"),
    ({"iban": "TR00"}, "iban"),
    ({"tutar": HUGE}, "tutar"),
    ({"kalem_id": PAST_BIGINT}, "kalem_id"),
    ({"ad_soyad": "Ay\x00şe"}, "ad_soyad"),
])
def test_a_bad_advance_is_422_with_its_field(client, change, field):
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    before = len(client.get("/api/v1/muhasebe/avanslar", headers=H).json)
    response = client.post("/api/v1/muhasebe/avanslar", headers=H, json={**ADVANCE, "kalem_id": 1, **change})
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert len(client.get("/api/v1/muhasebe/avanslar", headers=H).json) == before


def test_advances_need_their_permission_and_stay_in_their_tenant(client):
    ids_apart("muh_avanslar")
    ids_apart("muh_butce_kalemleri")
    with services.bound("beta"):
        from modules.muhasebe.services import borclar

        line = kalem("500.00").id
        other = borclar.avans_ver("10000000146", "Beta Kişi", "TR330006100519786457841326", Decimal("300.00"), line,
                                  date(2026, 3, 17), actor="beta@test").id
        db.session.commit()
    staff_with(client, "alfa", HAZIRLA)
    assert client.get("/api/v1/muhasebe/avanslar", headers=H).status_code == 403
    assert client.get("/api/v1/muhasebe/odemeler", headers=H).status_code == 403
    staff_with(client, "alfa", GORUNTULE)
    assert client.post("/api/v1/muhasebe/avanslar", headers=H, json={**ADVANCE, "kalem_id": 1}).status_code == 403
    assert client.post(f"/api/v1/muhasebe/avanslar/{other}/kapat", headers=H,
                       json={"harcanan": "300.00", "tarih": "2026-03-20"}).status_code == 403
    assert other not in [a["id"] for a in client.get("/api/v1/muhasebe/avanslar", headers=H).json]
    staff_with(client, "alfa", GORUNTULE, HAZIRLA)
    for missing in (other, PAST_BIGINT):
        assert client.post(f"/api/v1/muhasebe/avanslar/{missing}/kapat", headers=H,
                           json={"harcanan": "300.00", "tarih": "2026-03-20"}).status_code == 404
    assert client.post("/api/v1/muhasebe/avanslar", headers=H,
                       json={**ADVANCE, "kalem_id": line}).status_code == 404  # beta's budget line



# --- back-posting ------------------------------------------------------------------------------------

def _run_row(slug: str) -> int:
    from datetime import UTC, datetime

    from modules.muhasebe.models import GeriAktarim

    with services.bound(slug):
        row = GeriAktarim(kaynak_modul="gelir", kesim=datetime(2026, 3, 1, tzinfo=UTC), bas=date(2025, 1, 2),
                          bit=date(2026, 3, 1), durum="bitti", fis_sayisi=3, kayit_sayisi=12, tutar=Decimal("90.00"),
                          baslatan=f"{slug}@test")
        db.session.add(row)
        db.session.commit()
        return row.id


def test_back_posting_runs_are_listed_and_a_run_with_nothing_to_post_is_refused(client):
    mine = _run_row("alfa")
    ids_apart("muh_geri_aktarimlar")
    other = _run_row("beta")
    staff_with(client, "alfa", GORUNTULE, ONAYLA)
    runs = client.get("/api/v1/muhasebe/geri-aktarim", headers=H)
    assert runs.status_code == 200 and [r["id"] for r in runs.json] == [mine]
    one = client.get(f"/api/v1/muhasebe/geri-aktarim/{mine}", headers=H).json
    assert one["durum"] == "bitti" and one["tutar"] == "90.00" and one["kayit_sayisi"] == 12
    for missing in (other, PAST_BIGINT):
        assert client.get(f"/api/v1/muhasebe/geri-aktarim/{missing}", headers=H).status_code == 404
    # the shared tenant has no Gelir record older than Muhasebe: refused, nothing queued
    refused = client.post("/api/v1/muhasebe/geri-aktarim", headers=H)
    assert refused.status_code == 422 and "aktarılacak bir şey yok" in refused.json["message"]
    assert len(client.get("/api/v1/muhasebe/geri-aktarim", headers=H).json) == 1
    staff_with(client, "alfa", GORUNTULE)
    assert client.post("/api/v1/muhasebe/geri-aktarim", headers=H).status_code == 403
    staff_with(client, "alfa", HAZIRLA)
    assert client.get("/api/v1/muhasebe/geri-aktarim", headers=H).status_code == 403
    assert client.get(f"/api/v1/muhasebe/geri-aktarim/{mine}", headers=H).status_code == 403


# --- suppliers -----------------------------------------------------------------------------------------

def test_suppliers_are_paged_and_one_is_read_in_its_own_tenant(client, monkeypatch):
    from modules.muhasebe.services import borclar

    tag = f"Tedarik {uuid.uuid4().hex[:6]}"
    with services.bound("alfa"):
        ids = [borclar.tedarikci_kaydet(tckn, f"{tag} {n}", actor="muhasebe@alfa").id
               for n, tckn in enumerate(("10000000146", "10000000078"))]
        db.session.commit()
    ids_apart("muh_tedarikciler")
    with services.bound("beta"):
        other = borclar.tedarikci_kaydet("10000000146", f"{tag} beta", actor="beta@test").id
        db.session.commit()
    monkeypatch.setattr(muhasebe_api, "TEDARIKCI_SAYFASI", 1)
    staff_with(client, "alfa", GORUNTULE)
    first = client.get(f"/api/v1/muhasebe/tedarikciler?ara={tag}", headers=H)
    assert first.status_code == 200 and len(first.json) == 1 and _pages(first)["total"] == 2
    second = client.get(f"/api/v1/muhasebe/tedarikciler?ara={tag}&sayfa=2", headers=H).json
    assert {first.json[0]["id"], second[0]["id"]} == set(ids)
    assert client.get(f"/api/v1/muhasebe/tedarikciler?ara={tag}&sayfa=3", headers=H).json == []
    one = client.get(f"/api/v1/muhasebe/tedarikciler/{ids[0]}", headers=H)
    assert one.status_code == 200 and one.json["unvan"] == f"{tag} 0"
    for missing in (other, PAST_BIGINT):
        assert client.get(f"/api/v1/muhasebe/tedarikciler/{missing}", headers=H).status_code == 404
    staff_with(client, "alfa", HAZIRLA)
    assert client.get(f"/api/v1/muhasebe/tedarikciler/{ids[0]}", headers=H).status_code == 403
