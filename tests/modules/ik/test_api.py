"""İK's API for what the pages offer beyond the first edition of the API (issue 14): the
payslip lines a page at a time, assignments and leaving, leave balances, requests and the
manager's decision, the calendar, the year's entitlements, the payroll's later steps.  Each
operation: success, 422 with field messages (NUL bytes, huge numbers, ids past bigint), 403
without its permission, 404 for another tenant's record, pages (page 2, past the last)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.ik import api as ik_api
from modules.ik.api import izinler
from modules.ik.services import bordro, izin, personel
from tenants import services
from tests.factories import new_tckn
from tests.modules.ik.conftest import ACTOR, kisi
from tests.plugin import host, ids_apart, staff_with

H = {"Host": host("alfa")}
GORUNTULE, YONET, HAZIRLA, KAPAT, ONAYLA = ("ik.personel.goruntule", "ik.personel.yonet", "ik.bordro.hazirla",
                                            "ik.bordro.kapat", "ik.izin.onayla")
PAST_BIGINT = 2**63
HUGE = "9" * 30


def _kadrolar(slug: str = "alfa") -> dict[str, int]:
    with services.bound(slug):
        unit = personel.birim_ekle(f"46.06.97.{new_tckn()[:4]}", "Zabıta Müdürlüğü", actor=ACTOR)
        ids = {tur: personel.kadro_ekle(unit.id, tur, "GİH" if tur == "memur" else "İşçi", f"{tur} unvanı",
                                        actor=ACTOR, derece=8 if tur == "memur" else None,
                                        ekonomik_kod="01.1.1.01" if tur == "memur" else "01.3.1.01").id
               for tur in ("memur", "isci")}
        db.session.commit()
    return ids


def _hire(kadro_id: int, slug: str = "alfa", *, ise_giris: date = date(2020, 1, 1), brut: str = "40000.00") -> int:
    with services.bound(slug):
        row = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadro_id, "ise_giris": ise_giris,
                               "brut_ucret": Decimal(brut), "iban": "TR330006100519786457841326"}, actor=ACTOR)
        db.session.commit()
        return row.id


def _run(slug: str = "alfa", donem: str = "2026-04", *, close: bool = False) -> int:
    """The month's regular payroll computed (what its job does) and closed if asked."""
    with services.bound(slug):
        run_id = bordro.baslat(donem, actor=ACTOR).id
        bordro.hesapla(run_id)
        if close:
            bordro.kapat(run_id, date(2026, 4, 30), actor=ACTOR)
        db.session.commit()
    return run_id


def _audited(action: str, object_id: int) -> bool:
    with services.bound("alfa"):
        found = db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == action,
                                                              AuditEntry.object_id == str(object_id)).limit(1))
        db.session.commit()
    return found is not None


def _pages(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


# --- payslip lines, a page at a time ---------------------------------------------------------

def test_payslip_lines_come_a_page_at_a_time_with_the_pager_header(client, monkeypatch):
    kadrolar = _kadrolar()
    people = [_hire(kadrolar["isci"]) for _ in range(3)]
    run_id = _run()
    monkeypatch.setattr(ik_api, "SATIR_SAYFASI", 2)
    staff_with(client, "alfa", HAZIRLA)
    first = client.get(f"/api/v1/ik/bordro/{run_id}/satirlar", headers=H)
    assert first.status_code == 200 and len(first.json) == 2
    assert _pages(first) == {"total": 3, "total_pages": 2, "first_page": 1, "last_page": 2, "page": 1,
                             "next_page": 2}
    second = client.get(f"/api/v1/ik/bordro/{run_id}/satirlar?sayfa=2", headers=H)
    assert len(second.json) == 1 and _pages(second)["previous_page"] == 1
    assert {r["personel_id"] for r in first.json + second.json} == set(people)
    for r in first.json + second.json:  # a payslip tells its whole sum
        d = {k: Decimal(v) for k, v in r.items() if isinstance(v, str) and k not in ("donem",)}
        assert d["net"] == (d["brut"] - d["sgk_isci"] - d["issizlik_isci"] - d["gelir_vergisi"] - d["damga_vergisi"]
                            - d["diger_kesintiler"])  # the taxes are after their exemptions
    past = client.get(f"/api/v1/ik/bordro/{run_id}/satirlar?sayfa=3", headers=H)
    assert past.status_code == 200 and past.json == [] and "page" not in _pages(past)
    with services.bound("alfa"):
        sicil = personel.personel(people[1]).sicil_no
        db.session.commit()
    found = client.get(f"/api/v1/ik/bordro/{run_id}/satirlar?q={sicil}", headers=H)
    assert [r["personel_id"] for r in found.json] == [people[1]] and _pages(found)["total"] == 1
    for bad, field in (("sayfa=0", "sayfa"), ("sayfa=iki", "sayfa"), ("q=a%00b", "q"), (f"q={'x' * 81}", "q")):
        refused = client.get(f"/api/v1/ik/bordro/{run_id}/satirlar?{bad}", headers=H)
        assert refused.status_code == 422 and field in refused.json["errors"], bad
    # a page past the platform's bound (``inputs.PAGE_MAX``) is no page at all (``security``)
    assert client.get(f"/api/v1/ik/bordro/{run_id}/satirlar?sayfa={HUGE}", headers=H).status_code == 404


def test_payslip_lines_need_the_permission_and_stay_in_their_tenant(client):
    ids_apart("ik_bordrolar")
    with services.bound("beta"):
        other = bordro.baslat("2026-04", actor=ACTOR).id
        db.session.commit()
    staff_with(client, "alfa", GORUNTULE)
    assert client.get(f"/api/v1/ik/bordro/{other}/satirlar", headers=H).status_code == 403
    staff_with(client, "alfa", HAZIRLA)
    for missing in (other, PAST_BIGINT, 999_999_999):
        response = client.get(f"/api/v1/ik/bordro/{missing}/satirlar", headers=H)
        assert response.status_code == 404 and response.json["code"] == 404, missing


# --- assignments and leaving -------------------------------------------------------------------

def test_a_new_assignment_ends_the_open_one_and_is_audited(client):
    kadrolar = _kadrolar()
    pid = _hire(kadrolar["isci"], ise_giris=date(2025, 1, 1))
    staff_with(client, "alfa", GORUNTULE, YONET)
    created = client.post(f"/api/v1/ik/personel/{pid}/atamalar", headers=H, json={
        "kadro_id": kadrolar["isci"], "baslangic": "2026-03-01", "brut_ucret": "45000.00", "gerekce": "Terfi"})
    assert created.status_code == 201, created.json
    assert created.json["brut_ucret"] == "45000.00" and created.json["bitis"] is None
    assert created.json["unvan"] == "isci unvanı"
    history = client.get(f"/api/v1/ik/personel/{pid}/atamalar", headers=H).json
    assert [a["baslangic"] for a in history] == ["2026-03-01", "2025-01-01"]
    assert history[1]["bitis"] == "2026-02-28"
    assert _audited("ik.personel.ata", pid)


@pytest.mark.parametrize("body, field", [
    ({"kadro_id": PAST_BIGINT, "baslangic": "2026-03-01", "brut_ucret": "1000.00"}, "kadro_id"),
    ({"kadro_id": 1, "baslangic": "2026-03-01", "brut_ucret": HUGE}, "brut_ucret"),
    ({"kadro_id": 1, "baslangic": "2026-03-01", "brut_ucret": "1000.00", "gerekce": "a\x00b"}, "gerekce"),
    ({"kadro_id": 1, "baslangic": "2026-02-30", "brut_ucret": "1000.00"}, "baslangic"),
    ({"kadro_id": 1, "baslangic": "2026-03-01", "gosterge": 10**12}, "gosterge"),
])
def test_a_bad_assignment_is_422_with_its_field_and_writes_nothing(client, body, field):
    kadrolar = _kadrolar()
    pid = _hire(kadrolar["isci"])
    staff_with(client, "alfa", GORUNTULE, YONET)
    body = {**body, "kadro_id": kadrolar["isci"]} if body["kadro_id"] == 1 else body
    response = client.post(f"/api/v1/ik/personel/{pid}/atamalar", headers=H, json=body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert len(client.get(f"/api/v1/ik/personel/{pid}/atamalar", headers=H).json) == 1


def test_an_assignment_to_a_position_of_another_kind_is_refused(client):
    kadrolar = _kadrolar()
    pid = _hire(kadrolar["isci"])
    staff_with(client, "alfa", GORUNTULE, YONET)
    response = client.post(f"/api/v1/ik/personel/{pid}/atamalar", headers=H, json={
        "kadro_id": kadrolar["memur"], "baslangic": "2026-03-01", "gosterge": 1320})
    assert response.status_code == 422 and "kadro_id" in response.json["errors"]


def test_assignments_need_their_permissions_and_stay_in_their_tenant(client):
    alfa = _kadrolar()
    beta = _kadrolar("beta")
    pid = _hire(alfa["isci"])
    ids_apart("ik_personeller")
    other = _hire(beta["isci"], "beta")
    body = {"kadro_id": alfa["isci"], "baslangic": "2026-03-01", "brut_ucret": "45000.00"}
    staff_with(client, "alfa", HAZIRLA)
    assert client.get(f"/api/v1/ik/personel/{pid}/atamalar", headers=H).status_code == 403
    staff_with(client, "alfa", GORUNTULE)
    assert client.post(f"/api/v1/ik/personel/{pid}/atamalar", headers=H, json=body).status_code == 403
    assert client.post(f"/api/v1/ik/personel/{pid}/ayrilis", headers=H, json={
        "cikis_tarihi": "2026-03-31", "cikis_kodu": "03", "neden": "İstifa"}).status_code == 403
    staff_with(client, "alfa", GORUNTULE, YONET)
    for missing in (other, PAST_BIGINT):
        assert client.get(f"/api/v1/ik/personel/{missing}/atamalar", headers=H).status_code == 404
        assert client.post(f"/api/v1/ik/personel/{missing}/atamalar", headers=H, json=body).status_code == 404
        assert client.post(f"/api/v1/ik/personel/{missing}/ayrilis", headers=H, json={
            "cikis_tarihi": "2026-03-31", "cikis_kodu": "03", "neden": "İstifa"}).status_code == 404


def test_leaving_sends_the_notice_once_and_refuses_bad_input(client):
    kadrolar = _kadrolar()
    pid = _hire(kadrolar["isci"])
    staff_with(client, "alfa", GORUNTULE, YONET)
    for body, field in (({"cikis_tarihi": "2026-03-31", "cikis_kodu": "99", "neden": "İstifa"}, "cikis_kodu"),
                        ({"cikis_tarihi": "2026-03-31", "cikis_kodu": "03", "neden": "\x00"}, "neden"),
                        ({"cikis_tarihi": "2026-03-31", "cikis_kodu": "03", "neden": "x" * 201}, "neden")):
        refused = client.post(f"/api/v1/ik/personel/{pid}/ayrilis", headers=H, json=body)
        assert refused.status_code == 422 and field in refused.json["errors"]
    left = client.post(f"/api/v1/ik/personel/{pid}/ayrilis", headers=H, json={
        "cikis_tarihi": "2026-03-31", "cikis_kodu": "03", "neden": "İstifa"})
    assert left.status_code == 200 and left.json["ayrilis_tarihi"] == "2026-03-31"
    assert _audited("ik.personel.ayir", pid)
    again = client.post(f"/api/v1/ik/personel/{pid}/ayrilis", headers=H, json={
        "cikis_tarihi": "2026-04-30", "cikis_kodu": "03", "neden": "İstifa"})
    assert again.status_code == 422 and again.json["message"]


# --- leave ---------------------------------------------------------------------------------------

def _with_entitlement(kadro_id: int, slug: str = "alfa") -> int:
    pid = _hire(kadro_id, slug, ise_giris=date(2022, 5, 1))
    with services.bound(slug):
        izin.hak_tanimla(pid, 2026, actor=ACTOR)  # 14 days (4857 m.53, four years)
        db.session.commit()
    return pid


def _request(pid: int, slug: str = "alfa", start: date = date(2026, 4, 6), end: date = date(2026, 4, 10)) -> int:
    with services.bound(slug):
        row = izin.talep(pid, "yillik", start, end, actor=f"kendisi:{pid}")
        db.session.commit()
        return row.id


def test_the_balance_by_year_and_the_managers_decision(client):
    kadrolar = _kadrolar()
    pid = _with_entitlement(kadrolar["isci"])
    staff_with(client, "alfa", GORUNTULE, ONAYLA)
    balance = client.get(f"/api/v1/ik/personel/{pid}/izin-bakiyesi", headers=H)
    assert balance.status_code == 200 and balance.json == {"personel_id": pid, "bakiye": 14,
                                                           "yillar": [{"hak_yili": 2026, "gun": 14}]}
    talep_id = _request(pid)
    waiting = client.get("/api/v1/ik/izin/talepler", headers=H).json
    assert talep_id in [t["id"] for t in waiting]
    decided = client.post(f"/api/v1/ik/izin/talepler/{talep_id}/karar", headers=H, json={"onay": True})
    assert decided.status_code == 200 and decided.json["durum"] == "onaylandi" and decided.json["karar_veren"]
    assert client.get(f"/api/v1/ik/personel/{pid}/izin-bakiyesi", headers=H).json["bakiye"] == 9
    assert _audited("ik.izin.karar", talep_id)
    again = client.post(f"/api/v1/ik/izin/talepler/{talep_id}/karar", headers=H, json={"onay": False})
    assert again.status_code == 409
    refused_id = _request(pid, start=date(2026, 5, 4), end=date(2026, 5, 5))
    refused = client.post(f"/api/v1/ik/izin/talepler/{refused_id}/karar", headers=H, json={})
    assert refused.json["durum"] == "reddedildi"
    assert client.get(f"/api/v1/ik/personel/{pid}/izin-bakiyesi", headers=H).json["bakiye"] == 9


def test_nobody_decides_their_own_request(client):
    kadrolar = _kadrolar()
    pid = _with_entitlement(kadrolar["isci"])
    staff_with(client, "alfa", GORUNTULE, YONET, ONAYLA)
    mine = client.post(f"/api/v1/ik/personel/{pid}/izin", headers=H, json={
        "tur": "yillik", "baslangic": "2026-04-06", "bitis": "2026-04-07"})
    assert mine.status_code == 201
    own = client.post(f"/api/v1/ik/izin/talepler/{mine.json['id']}/karar", headers=H, json={"onay": True})
    assert own.status_code == 403 and own.json["message"]


def test_leave_requests_are_paged_filtered_and_checked(client, monkeypatch):
    kadrolar = _kadrolar()
    pid = _with_entitlement(kadrolar["isci"])
    ids = [_request(pid, start=date(2026, 4, d), end=date(2026, 4, d)) for d in (6, 7, 8)]
    monkeypatch.setattr(izinler, "TALEP_SAYFASI", 2)
    staff_with(client, "alfa", ONAYLA)
    first = client.get("/api/v1/ik/izin/talepler?durum=bekliyor", headers=H)
    total = _pages(first)["total"]
    assert len(first.json) == 2 and total >= 3
    rest = [client.get(f"/api/v1/ik/izin/talepler?sayfa={n}", headers=H).json for n in range(2, _pages(first)
                                                                                              ["total_pages"] + 1)]
    seen = [t["id"] for t in first.json] + [t["id"] for page in rest for t in page]
    assert set(ids) <= set(seen) and len(seen) == total == len(set(seen))
    with services.bound("alfa"):
        izin.karar(ids[0], True, actor=ACTOR)
        db.session.commit()
    approved = client.get("/api/v1/ik/izin/talepler?durum=onaylandi", headers=H).json
    assert ids[0] in [t["id"] for t in approved] and {t["durum"] for t in approved} == {"onaylandi"}
    for bad, field in (("durum=hepsi", "durum"), ("sayfa=0", "sayfa"), ("durum=%00", "durum")):
        refused = client.get(f"/api/v1/ik/izin/talepler?{bad}", headers=H)
        assert refused.status_code == 422 and field in refused.json["errors"], bad
    assert client.get(f"/api/v1/ik/izin/talepler?sayfa={HUGE}", headers=H).status_code == 404


def test_leave_operations_need_the_permission_and_stay_in_their_tenant(client):
    beta = _kadrolar("beta")
    ids_apart("ik_personeller")
    ids_apart("ik_izin_talepleri")
    other_person = _with_entitlement(beta["isci"], "beta")
    other_request = _request(other_person, "beta")
    staff_with(client, "alfa", GORUNTULE)
    assert client.get("/api/v1/ik/izin/talepler", headers=H).status_code == 403
    assert client.get("/api/v1/ik/izin/takvim", headers=H).status_code == 403
    assert client.post("/api/v1/ik/izin/yil", headers=H, json={"yil": 2026, "islem": "hak"}).status_code == 403
    assert client.post(f"/api/v1/ik/izin/talepler/{other_request}/karar", headers=H,
                       json={"onay": True}).status_code == 403
    staff_with(client, "alfa", GORUNTULE, ONAYLA)
    for missing in (other_request, PAST_BIGINT):
        response = client.post(f"/api/v1/ik/izin/talepler/{missing}/karar", headers=H, json={"onay": True})
        assert response.status_code == 404, missing
    for missing in (other_person, PAST_BIGINT):
        assert client.get(f"/api/v1/ik/personel/{missing}/izin-bakiyesi", headers=H).status_code == 404
    assert other_request not in [t["id"] for t in client.get("/api/v1/ik/izin/talepler", headers=H).json]
    with services.bound("beta"):
        assert izin.talepler(durum="bekliyor")[0].id == other_request  # untouched
        db.session.commit()


def test_the_calendar_shows_who_is_away_a_page_at_a_time(client, monkeypatch):
    kadrolar = _kadrolar()
    people = [_with_entitlement(kadrolar["isci"]) for _ in range(2)]
    with services.bound("alfa"):
        for pid in people:
            izin.karar(izin.talep(pid, "yillik", date(2026, 4, 6), date(2026, 4, 7), actor=f"kendisi:{pid}").id,
                       True, actor=ACTOR)
        db.session.commit()
    monkeypatch.setattr(izinler, "TAKVIM_SAYFASI", 1)
    staff_with(client, "alfa", ONAYLA)
    first = client.get("/api/v1/ik/izin/takvim?ay=2026-04", headers=H)
    assert first.status_code == 200 and first.json["ay"] == "2026-04" and len(first.json["satirlar"]) == 1
    assert len(first.json["gunler"]) == 30 and first.json["gunler"][5]["disarida"] >= 2
    assert first.json["gunler"][4] == {"gun": "2026-04-05", "is_gunu": False, "disarida": 0}  # a Sunday
    pages = _pages(first)
    assert pages["total"] >= 2 and pages["next_page"] == 2
    second = client.get("/api/v1/ik/izin/takvim?ay=2026-04&sayfa=2", headers=H).json["satirlar"]
    assert second and second[0]["personel_id"] != first.json["satirlar"][0]["personel_id"]
    assert first.json["satirlar"][0]["gunler"][5] == "Y"
    for bad, field in (("ay=2026-13", "ay"), ("ay=26-04", "ay"), (f"birim={PAST_BIGINT}", "birim"),
                       ("sayfa=0", "sayfa")):
        refused = client.get(f"/api/v1/ik/izin/takvim?{bad}", headers=H)
        assert refused.status_code == 422 and field in refused.json["errors"], bad


def test_the_years_entitlements_are_made_once(client):
    kadrolar = _kadrolar()
    pid = _hire(kadrolar["isci"], ise_giris=date(2022, 5, 1))
    staff_with(client, "alfa", GORUNTULE, ONAYLA)
    made = client.post("/api/v1/ik/izin/yil", headers=H, json={"yil": 2026, "islem": "hak"})
    assert made.status_code == 200 and made.json["islem"] == "hak" and made.json["kisi"] >= 1
    assert client.get(f"/api/v1/ik/personel/{pid}/izin-bakiyesi", headers=H).json["bakiye"] == 14
    assert client.post("/api/v1/ik/izin/yil", headers=H, json={"yil": 2026, "islem": "hak"}).json["kisi"] == 0
    lapse = client.post("/api/v1/ik/izin/yil", headers=H, json={"yil": 2027, "islem": "dusme"})
    assert lapse.status_code == 200  # işçi leave does not lapse (4857): the balance stays
    assert client.get(f"/api/v1/ik/personel/{pid}/izin-bakiyesi", headers=H).json["bakiye"] == 14
    for body, field in (({"yil": 10**20, "islem": "hak"}, "yil"), ({"yil": 2026, "islem": "sil"}, "islem"),
                        ({"yil": 2026}, "islem")):
        refused = client.post("/api/v1/ik/izin/yil", headers=H, json=body)
        assert refused.status_code == 422 and field in refused.json["errors"]


# --- the payroll's later steps ------------------------------------------------------------------

def test_a_closed_run_is_paid_declared_and_corrected_by_a_difference_run(client):
    kadrolar = _kadrolar()
    _hire(kadrolar["isci"])
    run_id = _run(close=True)
    staff_with(client, "alfa", HAZIRLA)
    for step in ("odendi", "aphb", "kesenek"):
        assert client.post(f"/api/v1/ik/bordro/{run_id}/{step}", headers=H).status_code == 403, step
    staff_with(client, "alfa", HAZIRLA, KAPAT)
    declared = client.post(f"/api/v1/ik/bordro/{run_id}/aphb", headers=H)
    assert declared.status_code == 200 and declared.json["aphb_referans"]
    assert client.post(f"/api/v1/ik/bordro/{run_id}/aphb", headers=H).status_code == 409  # once
    assert client.post(f"/api/v1/ik/bordro/{run_id}/kesenek", headers=H).status_code == 409  # no 4/1-c staff
    assert client.post(f"/api/v1/ik/bordro/{run_id}/devam", headers=H).status_code == 409  # closed
    paid = client.post(f"/api/v1/ik/bordro/{run_id}/odendi", headers=H)
    assert paid.status_code == 200 and paid.json["durum"] == "odendi"
    assert client.post(f"/api/v1/ik/bordro/{run_id}/odendi", headers=H).status_code == 409
    assert _audited("ik.bordro.odendi", run_id)
    bad = client.post(f"/api/v1/ik/bordro/{run_id}/fark", headers=H, json={"aciklama": "a\x00"})
    assert bad.status_code == 422 and "aciklama" in bad.json["errors"]
    fark = client.post(f"/api/v1/ik/bordro/{run_id}/fark", headers=H, json={"aciklama": "Geriye dönük zam"})
    assert fark.status_code == 202 and fark.json["tur"] == "fark" and fark.json["duzeltilen_id"] == run_id
    assert client.post(f"/api/v1/ik/bordro/{run_id}/fark", headers=H, json={}).status_code == 409  # one open
    resumed = client.post(f"/api/v1/ik/bordro/{fark.json['id']}/devam", headers=H)
    assert resumed.status_code == 202 and resumed.json["job_id"] != fark.json["job_id"]


def test_payroll_steps_refuse_an_open_run_and_another_tenants(client):
    ids_apart("ik_bordrolar")
    with services.bound("beta"):
        other = bordro.baslat("2026-04", actor=ACTOR).id
        db.session.commit()
    kadrolar = _kadrolar()
    _hire(kadrolar["isci"])
    run_id = _run()
    staff_with(client, "alfa", HAZIRLA, KAPAT)
    assert client.post(f"/api/v1/ik/bordro/{run_id}/odendi", headers=H).status_code == 409
    assert client.post(f"/api/v1/ik/bordro/{run_id}/aphb", headers=H).status_code == 409
    assert client.post(f"/api/v1/ik/bordro/{run_id}/fark", headers=H, json={}).status_code == 409
    for step in ("odendi", "aphb", "kesenek", "fark", "devam"):
        for missing in (other, PAST_BIGINT):
            response = client.post(f"/api/v1/ik/bordro/{missing}/{step}", headers=H, json={})
            assert response.status_code == 404, (step, missing)


# --- organisation, service record, settings -------------------------------------------------------

def test_units_and_positions_are_listed_for_a_hire(client):
    kadrolar = _kadrolar()
    staff_with(client, "alfa", HAZIRLA)
    assert client.get("/api/v1/ik/kadrolar", headers=H).status_code == 403
    assert client.get("/api/v1/ik/birimler", headers=H).status_code == 403
    staff_with(client, "alfa", GORUNTULE)
    positions = {k["id"]: k for k in client.get("/api/v1/ik/kadrolar", headers=H).json}
    assert positions[kadrolar["memur"]]["tur"] == "memur" and positions[kadrolar["memur"]]["derece"] == 8
    assert positions[kadrolar["isci"]]["birim"] == "Zabıta Müdürlüğü"
    units = client.get("/api/v1/ik/birimler", headers=H).json
    assert positions[kadrolar["isci"]]["birim_id"] in [u["id"] for u in units]
    ids_apart("ik_kadrolar")
    beta = _kadrolar("beta")
    assert beta["isci"] not in positions and beta["isci"] not in {
        k["id"] for k in client.get("/api/v1/ik/kadrolar", headers=H).json}


def test_the_service_record_counts_the_assignments(client):
    kadrolar = _kadrolar()
    pid = _hire(kadrolar["isci"], ise_giris=date(2024, 1, 1))
    with services.bound("alfa"):
        personel.ata(pid, kadrolar["isci"], date(2025, 1, 1), actor=ACTOR, brut_ucret=Decimal("45000.00"),
                     gerekce="Ücret artışı")
        db.session.commit()
    staff_with(client, "alfa", GORUNTULE)
    record = client.get(f"/api/v1/ik/personel/{pid}/hizmet-cetveli", headers=H)
    assert record.status_code == 200 and record.json["personel"]["id"] == pid
    assert [s["baslangic"] for s in record.json["satirlar"]] == ["2024-01-01", "2025-01-01"]
    assert record.json["satirlar"][0]["sure"] == {"yil": 1, "ay": 0, "gun": 0}
    assert record.json["satirlar"][1]["gerekce"] == "Ücret artışı" and record.json["kurumda"]["yil"] >= 2
    ids_apart("ik_personeller")
    other = _hire(_kadrolar("beta")["isci"], "beta")
    for missing in (other, PAST_BIGINT):
        assert client.get(f"/api/v1/ik/personel/{missing}/hizmet-cetveli", headers=H).status_code == 404
    staff_with(client, "alfa", HAZIRLA)
    assert client.get(f"/api/v1/ik/personel/{pid}/hizmet-cetveli", headers=H).status_code == 403


def test_the_employer_settings_are_read_and_changed_with_their_permission(client):
    staff_with(client, "alfa", *(GORUNTULE, YONET, HAZIRLA, KAPAT, ONAYLA))
    assert client.get("/api/v1/ik/ayarlar", headers=H).status_code == 403
    assert client.put("/api/v1/ik/ayarlar", headers=H, json={"isveren_vkn": "1234567890",
                                                            "isveren_unvan": "X"}).status_code == 403
    staff_with(client, "alfa", "ik.ayar.yonet")
    for body, field in (({"isveren_vkn": "1234567891", "isveren_unvan": "Alfa Belediyesi"}, "isveren_vkn"),
                        ({"isveren_vkn": "1234567890", "isveren_unvan": "\x00"}, "isveren_unvan"),
                        ({"isveren_vkn": "1234567890"}, "isveren_unvan"),
                        ({"isveren_vkn": HUGE, "isveren_unvan": "Alfa"}, "isveren_vkn"),
                        ({"isveren_vkn": "1234567890", "isveren_unvan": "Alfa", "belge_azami_mb": 11}, "belge_azami_mb"),
                        ({"isveren_vkn": "1234567890", "isveren_unvan": "Alfa", "belge_azami_mb": 0}, "belge_azami_mb")):
        refused = client.put("/api/v1/ik/ayarlar", headers=H, json=body)
        assert refused.status_code == 422 and field in refused.json["errors"], body
    changed = client.put("/api/v1/ik/ayarlar", headers=H, json={"isveren_vkn": "4600000002",
                                                               "isveren_unvan": "Alfa Belediyesi"})
    assert changed.status_code == 200, changed.json
    assert client.get("/api/v1/ik/ayarlar", headers=H).json == {"isveren_vkn": "4600000002",
                                                               "isveren_unvan": "Alfa Belediyesi",
                                                               "belge_azami_mb": 5}  # absent: unchanged
    assert client.put("/api/v1/ik/ayarlar", headers=H, json={"isveren_vkn": "4600000002",
                                                            "isveren_unvan": "Alfa Belediyesi",
                                                            "belge_azami_mb": 8}).json["belge_azami_mb"] == 8
    with services.bound("alfa"):
        from modules.ik.services import ayarlar

        assert _audited("ik.ayar", ayarlar().id)
        db.session.commit()
    with services.bound("beta"):
        assert ayarlar().isveren_unvan != "Alfa Belediyesi"  # beta's own settings
        db.session.commit()


# --- self-service ------------------------------------------------------------------------------------

def test_self_service_shows_my_record_and_takes_my_leave_request(client):
    kadrolar = _kadrolar()
    email = f"kendim{uuid.uuid4().hex[:6]}@alfa.bel.tr"
    with services.bound("alfa"):
        me = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadrolar["isci"],
                              "ise_giris": date(2022, 5, 1), "brut_ucret": Decimal("33030.00"), "eposta": email},
                             actor=ACTOR)
        izin.hak_tanimla(me.id, 2026, actor=ACTOR)
        db.session.commit()
        me_id = me.id
    _hire(kadrolar["isci"])  # someone else on the same run
    run_id = _run(close=True)
    staff_with(client, "alfa", email=email)  # no permission at all
    mine = client.get("/api/v1/ik/benim", headers=H)
    assert mine.status_code == 200 and mine.json["personel"]["id"] == me_id
    assert [s["bordro_id"] for s in mine.json["bordrolar"]] == [run_id]
    assert {s["personel_id"] for s in mine.json["bordrolar"]} == {me_id}
    assert mine.json["bordrolar"][0]["net"] == "28075.50" and mine.json["izin_bakiyesi"] == 14
    asked = client.post("/api/v1/ik/benim/izin", headers=H, json={
        "tur": "yillik", "baslangic": "2026-04-06", "bitis": "2026-04-08"})
    assert asked.status_code == 201 and asked.json["personel_id"] == me_id and asked.json["durum"] == "bekliyor"
    too_much = client.post("/api/v1/ik/benim/izin", headers=H, json={
        "tur": "yillik", "baslangic": "2026-06-01", "bitis": "2026-06-30"})
    assert too_much.status_code == 422 and "bitis" in too_much.json["errors"]
    for body, field in (({"tur": "tatil", "baslangic": "2026-04-06", "bitis": "2026-04-08"}, "tur"),
                        ({"tur": "yillik", "baslangic": "2026-04-06", "bitis": "2026-04-08", "aciklama": "\x00"},
                         "aciklama"),
                        ({"tur": "yillik", "baslangic": "20260406", "bitis": "2026-04-08"}, "baslangic")):
        refused = client.post("/api/v1/ik/benim/izin", headers=H, json=body)
        assert refused.status_code == 422 and field in refused.json["errors"], body
    assert [t["id"] for t in client.get("/api/v1/ik/benim", headers=H).json["izin_talepleri"]] == [asked.json["id"]]


def test_self_service_without_a_staff_record_is_404(client):
    staff_with(client, "alfa")
    assert client.get("/api/v1/ik/benim", headers=H).status_code == 404
    response = client.post("/api/v1/ik/benim/izin", headers=H, json={
        "tur": "yillik", "baslangic": "2026-04-06", "bitis": "2026-04-08"})
    assert response.status_code == 404 and response.json["message"]


# --- collective agreements -------------------------------------------------------------------------

TIS = {"ad": "TİS 2040", "sendika": "Genel-İş", "baslangic": "2040-01-01", "bitis": "2041-12-31",
       "ucretler": "1;40.000,00\n2;45000", "zamlar": "01.01.2041;12,5\n01.07.2041;0;1.000,00"}


def test_a_tis_is_recorded_with_its_scale_and_increases(client):
    staff_with(client, "alfa", GORUNTULE)
    assert client.get("/api/v1/ik/tis", headers=H).status_code == 403
    assert client.post("/api/v1/ik/tis", headers=H, json=TIS).status_code == 403
    staff_with(client, "alfa", HAZIRLA)
    made = client.post("/api/v1/ik/tis", headers=H, json=TIS)
    assert made.status_code == 201, made.json
    assert made.json["ucretler"] == [{"derece": "1", "aylik_brut": "40000.00"}, {"derece": "2", "aylik_brut": "45000.00"}]
    assert made.json["zamlar"][0] == {"yururluk": "2041-01-01", "oran": "12.5000", "sabit": "0.00"}
    assert made.json["id"] in [t["id"] for t in client.get("/api/v1/ik/tis", headers=H).json]
    assert _audited("ik.tis.ekle", made.json["id"])
    overlap = client.post("/api/v1/ik/tis", headers=H, json={**TIS, "ad": "Çakışan"})
    assert overlap.status_code == 422 and "baslangic" in overlap.json["errors"]
    with services.bound("beta"):
        from modules.ik.services import tis

        assert all(row.ad != "TİS 2040" for row, _u, _z in tis.tisler())
        db.session.commit()


@pytest.mark.parametrize("change, field", [
    ({"ucretler": "1;abc"}, "ucretler"),
    ({"ucretler": f"1;{HUGE}"}, "ucretler"),
    ({"ucretler": "1;100\n1;200"}, "ucretler"),
    ({"zamlar": "2041-13-01;5"}, "zamlar"),
    ({"ad": "TİS\x00"}, "ad"),
    ({"bitis": "2039-12-31"}, "bitis"),
])
def test_a_bad_tis_is_422_with_its_field_and_writes_nothing(client, change, field):
    staff_with(client, "alfa", HAZIRLA)
    before = len(client.get("/api/v1/ik/tis", headers=H).json)
    response = client.post("/api/v1/ik/tis", headers=H, json={**TIS, **change})
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert len(client.get("/api/v1/ik/tis", headers=H).json) == before
