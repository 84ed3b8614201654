"""SGK reports (Vizite): matched to the staff by TCKN, recorded as leave once per report, a
conflict with annual leave shown and refused, the employer's notice idempotent, SGK's
failures refusing with nothing written, the payroll's missing days (APHB code 01) and the
first two days' pay, the page and the API."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ebelediye.connectors import AgencyTimeout, AgencyUnavailable, CircuitOpen
from ebelediye.connectors.clients import SgkClient
from ebelediye.connectors.factory import connectors
from ebelediye.connectors.mock.people import add_report
from ebelediye.connectors.types import DeclarationReceipt
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik import hesap
from modules.ik.models import IzinTalebi, SgkRaporu
from modules.ik.services import ayarlar, bordro, izin, rapor, tis
from tenants import services
from tests.modules.ik.conftest import ACTOR, kisi
from tests.plugin import host, staff_with

D = Decimal
H = {"Host": host("alfa")}
YONET = "ik.personel.yonet"
_n = itertools.count()
#: the listing period of the reports planted below
BAS, BIT = date(2026, 2, 1), date(2026, 2, 28)


def numara() -> str:
    return f"TR{uuid.uuid4().hex[:10].upper()}{next(_n)}"


def rapor_ekle(tckn: str, baslangic: date, bitis: date, tur: str = "hastalik") -> str:
    number = numara()
    add_report(connectors().agencies, rapor_no=number, tckn=tckn, isveren_vkn=ayarlar().isveren_vkn,
               baslangic=baslangic, bitis=bitis, tur=tur, tesis="Devlet Hastanesi")
    return number


def _row(number: str, baslangic: date = BAS, bitis: date = BIT) -> rapor.RaporSatiri:
    return next(r for r in rapor.raporlar(baslangic, bitis, actor=ACTOR) if r.rapor.rapor_no == number)


def _leaves(number: str) -> int:
    return db.session.scalar(select(func.count()).select_from(IzinTalebi).where(IzinTalebi.rapor_no == number))


@pytest.fixture
def isci(kadrolar):
    from tests.modules.ik.conftest import ise_al

    return ise_al(kadrolar, "isci", "40000.00")


def test_reports_are_matched_to_the_staff_by_tckn(kadrolar, isci):
    from tests.modules.ik.conftest import ise_al

    memur = ise_al(kadrolar, "memur")
    mine = rapor_ekle(isci.tckn, date(2026, 2, 9), date(2026, 2, 13))
    civil = rapor_ekle(memur.tckn, date(2026, 2, 9), date(2026, 2, 10))
    stranger = rapor_ekle(kisi(), date(2026, 2, 16), date(2026, 2, 17))
    row = _row(mine)
    assert row.personel.id == isci.id and row.durum == "bekliyor" and row.rapor.gun == 5
    assert (row.rapor.tur, row.rapor.tesis, row.rapor.kontrol_tarihi) == ("hastalik", "Devlet Hastanesi",
                                                                          date(2026, 2, 14))
    assert _row(civil).durum == "kapsam_disi"  # 4/1-c: not in Vizite
    assert _row(stranger).durum == "personel_yok" and _row(stranger).personel is None
    for number in (civil, stranger):
        with pytest.raises(UserError) as caught:
            rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR)
        assert caught.value.status == 422 and "rapor_no" in caught.value.errors
        assert _leaves(number) == 0


def test_a_report_is_recorded_as_leave_once_with_sgks_dates(isci):
    number = rapor_ekle(isci.tckn, date(2026, 2, 7), date(2026, 2, 9), tur="is_kazasi")
    row = rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR)
    leave = db.session.get(IzinTalebi, row.izin_talebi_id)
    assert (leave.personel_id, leave.tur, leave.baslangic, leave.bitis, leave.gun, leave.durum, leave.rapor_no) == (
        isci.id, "is_kazasi", date(2026, 2, 7), date(2026, 2, 9), 3, "onaylandi", number)
    assert (row.tur, row.baslangic, row.bitis, row.bildirim) == ("is_kazasi", date(2026, 2, 7), date(2026, 2, 9), None)
    assert _row(number).durum == "kaydedildi"
    with pytest.raises(UserError) as caught:
        rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR)
    assert caught.value.status == 409 and _leaves(number) == 1
    # the database keeps one leave per report whatever the service does
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(IzinTalebi(personel_id=isci.id, tur="hastalik", baslangic=date(2026, 2, 20),
                                  bitis=date(2026, 2, 20), gun=1, durum="onaylandi", talep_eden=ACTOR,
                                  rapor_no=number))
        db.session.flush()
    # it shows on the leave calendar with its own letter
    cal = izin.takvim("2026-02")
    assert any(r.personel_id == isci.id and r.gunler[6] == "K" for r in cal.satirlar)


def test_a_report_overlapping_annual_leave_is_a_conflict(isci):
    izin.hak_tanimla(isci.id, 2026, actor=ACTOR)
    annual = izin.talep(isci.id, "yillik", date(2026, 2, 16), date(2026, 2, 18), actor=ACTOR)
    izin.karar(annual.id, True, actor="amir@test")
    number = rapor_ekle(isci.tckn, date(2026, 2, 17), date(2026, 2, 20))
    row = _row(number)
    assert row.durum == "cakisma" and row.cakisma.id == annual.id
    with pytest.raises(UserError) as caught:
        rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR)
    assert caught.value.status == 409 and "16.02.2026" in str(caught.value.message)
    assert _leaves(number) == 0 and db.session.scalar(select(SgkRaporu).where(SgkRaporu.rapor_no == number)) is None


def test_the_notice_is_idempotent_and_never_changes(isci):
    number = rapor_ekle(isci.tckn, date(2026, 2, 2), date(2026, 2, 3))
    mock = connectors().agencies
    row = rapor.bildir(number, BAS, BIT, False, actor=ACTOR)
    assert row.bildirim == "calismadi" and row.bildirim_referans.startswith("SGK-V-") and row.bildiren == ACTOR
    again = rapor.bildir(number, BAS, BIT, False, actor=ACTOR)
    assert again.id == row.id and again.bildirim_referans == row.bildirim_referans
    assert sum(1 for (_vkn, n) in mock.report_notices if n == number) == 1
    with pytest.raises(UserError) as caught:
        rapor.bildir(number, BAS, BIT, True, "Nöbet", actor=ACTOR)
    assert caught.value.status == 409
    listed = _row(number)
    assert listed.bildirim == "calismadi" and listed.bildirim_referans == row.bildirim_referans
    # recorded leave afterwards still works; "worked" on a recorded report is refused
    rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR)
    other = rapor_ekle(isci.tckn, date(2026, 2, 23), date(2026, 2, 24))
    rapor.izin_kaydet(other, BAS, BIT, actor=ACTOR)
    with pytest.raises(UserError) as caught:
        rapor.bildir(other, BAS, BIT, True, "Nöbet", actor=ACTOR)
    assert caught.value.status == 409


def test_worked_needs_a_reason_and_refuses_the_leave(isci):
    number = rapor_ekle(isci.tckn, date(2026, 2, 4), date(2026, 2, 4))
    with pytest.raises(UserError) as caught:
        rapor.bildir(number, BAS, BIT, True, "  ", actor=ACTOR)
    assert "neden" in caught.value.errors
    row = rapor.bildir(number, BAS, BIT, True, "Yarım gün çalıştı", actor=ACTOR)
    assert (row.bildirim, row.bildirim_nedeni) == ("calisti", "Yarım gün çalıştı")
    assert _row(number).durum == "calisti"
    with pytest.raises(UserError) as caught:
        rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR)
    assert caught.value.status == 409 and _leaves(number) == 0


def test_a_notice_sgk_took_before_a_timeout_is_picked_up(isci):
    """The notice went through but the answer was lost: SGK lists it, and sending it again
    records SGK's first reference here (no second notice)."""
    number = rapor_ekle(isci.tckn, date(2026, 2, 5), date(2026, 2, 6))
    from ebelediye import connectors as clients

    first = clients.get("sgk").report_confirmation(ayarlar().isveren_vkn, number, isci.tckn, False,
                                                   caller=rapor._caller(ACTOR))
    assert _row(number).bildirim_referans == first.referans
    assert rapor.bildir(number, BAS, BIT, False, actor=ACTOR).bildirim_referans == first.referans


@pytest.mark.parametrize("error", [CircuitOpen("sgk"), AgencyTimeout("sgk"), AgencyUnavailable("sgk")])
def test_sgk_failures_refuse_with_nothing_written(isci, monkeypatch, error):
    number = rapor_ekle(isci.tckn, date(2026, 2, 10), date(2026, 2, 11))

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(SgkClient, "sick_reports", fail)
    for call in (lambda: rapor.raporlar(BAS, BIT, actor=ACTOR), lambda: rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR),
                 lambda: rapor.bildir(number, BAS, BIT, False, actor=ACTOR)):
        with pytest.raises(UserError) as caught:
            call()
        assert caught.value.status == 503 and error.message_tr in str(caught.value.message)
    assert _leaves(number) == 0 and db.session.scalar(select(SgkRaporu).where(SgkRaporu.rapor_no == number)) is None


def test_an_unknown_outcome_of_the_notice_says_it_may_be_sent_again(isci, monkeypatch):
    number = rapor_ekle(isci.tckn, date(2026, 2, 12), date(2026, 2, 12))

    def lost(*args, **kwargs):
        raise AgencyUnavailable("sgk", outcome_unknown=True)

    monkeypatch.setattr(SgkClient, "report_confirmation", lost)
    with pytest.raises(UserError) as caught:
        rapor.bildir(number, BAS, BIT, False, actor=ACTOR)
    assert caught.value.status == 503 and "yeniden gönderebilirsiniz" in str(caught.value.message)
    assert db.session.scalar(select(SgkRaporu).where(SgkRaporu.rapor_no == number)) is None


@pytest.mark.parametrize(("number", "start", "end", "field", "status"), [
    ("TRX0000001", BIT, BAS, "bitis", 422),                      # reversed
    ("TRX0000001", date(2025, 1, 1), BIT, "bitis", 422),         # more than a year
    ("tr\x00abc", BAS, BIT, "rapor_no", 422),                      # NUL, lower case
    ("TRYOKBOYLERAPOR", BAS, BIT, "rapor_no", 404),               # SGK lists no such report
])
def test_bad_input_is_refused(isci, number, start, end, field, status):
    for call in (lambda: rapor.izin_kaydet(number, start, end, actor=ACTOR),
                 lambda: rapor.bildir(number, start, end, False, actor=ACTOR)):
        with pytest.raises(UserError) as caught:
            call()
        assert caught.value.status == status and field in caught.value.errors


# --- payroll ----------------------------------------------------------------------------

def test_missing_days_of_a_month(isci):
    feb1, feb28 = date(2026, 2, 1), date(2026, 2, 28)
    assert hesap.rapor_eksik_gun([("hastalik", date(2026, 2, 9), date(2026, 2, 13))], feb1, feb28, 30, False)[0] == 5
    assert hesap.rapor_eksik_gun([("hastalik", date(2026, 2, 9), date(2026, 2, 13))], feb1, feb28, 30, True)[0] == 3
    # SGK pays an accident from the first day: the employer pays none of it
    assert hesap.rapor_eksik_gun([("is_kazasi", date(2026, 2, 9), date(2026, 2, 13))], feb1, feb28, 30, True)[0] == 5
    # a report from January: its first two days were January's, none paid in February
    assert hesap.rapor_eksik_gun([("hastalik", date(2026, 1, 30), date(2026, 2, 3))], feb1, feb28, 30, True)[0] == 3
    # every day of the month away: no premium day at all
    assert hesap.rapor_eksik_gun([("hastalik", date(2026, 1, 20), date(2026, 3, 3))], feb1, feb28, 30, False)[0] == 30


def _aphb_lines(monkeypatch) -> list:
    sent = []

    def capture(self, isveren_vkn, donem, lines, *, caller, tur="asil", budget=None):
        sent.extend(lines)
        return DeclarationReceipt(f"SGK-B-TEST-{uuid.uuid4().hex[:6]}", donem, tur, len(lines),
                                  sum(x.gun for x in lines), sum((x.kazanc for x in lines), D("0")))

    monkeypatch.setattr(SgkClient, "submit_premium_declaration", capture)
    return sent


def _run(donem: str):
    run = bordro.baslat(donem, actor=ACTOR)
    bordro.hesapla(run.id)
    return run


def test_report_days_are_missing_days_with_code_01(isci, kadrolar, monkeypatch):
    from tests.modules.ik.conftest import ise_al

    memur = ise_al(kadrolar, "memur")
    number = rapor_ekle(isci.tckn, date(2026, 2, 9), date(2026, 2, 13))
    rapor.izin_kaydet(number, BAS, BIT, actor=ACTOR)
    run = _run("2026-02")
    slips = {s.personel_id: s for s, _p in bordro.satirlar(run.id)}
    slip = slips[isci.id]
    assert (slip.gun, slip.eksik_gun, slip.eksik_gun_nedeni) == (25, 5, "01")
    assert slip.brut == D("33333.33")  # 40,000 × 25 / 30: SGK pays the allowance, the employer nothing
    assert any("SGK raporu 09.02.2026" in step["adim"] for step in slip.adimlar["adimlar"])
    assert (slips[memur.id].gun, slips[memur.id].eksik_gun) == (30, 0)  # a memur is not in Vizite
    bordro.kapat(run.id, date(2026, 2, 28), actor=ACTOR)
    sent = _aphb_lines(monkeypatch)
    bordro.aphb_gonder(run.id, actor=ACTOR)
    line = next(x for x in sent if x.tckn == isci.tckn)
    assert (line.gun, line.eksik_gun, line.eksik_gun_nedeni) == (25, 5, "01")
    assert all(x.tckn != memur.tckn for x in sent)


def test_a_tis_paying_the_first_two_days_keeps_them_paid(isci, monkeypatch):
    tis.tis_ekle("TİS 2026", "Genel-İş", date(2026, 1, 1), date(2026, 12, 31), {"1": D("40000.00")}, [],
                 actor=ACTOR, rapor_ilk_iki_gun=True)
    number = rapor_ekle(isci.tckn, date(2026, 3, 9), date(2026, 3, 13))
    rapor.izin_kaydet(number, date(2026, 3, 1), date(2026, 3, 31), actor=ACTOR)
    run = _run("2026-03")
    slip = next(s for s, _p in bordro.satirlar(run.id) if s.personel_id == isci.id)
    assert (slip.gun, slip.eksik_gun, slip.eksik_gun_nedeni) == (27, 3, "01")
    assert slip.brut == D("36000.00")


def test_no_report_no_missing_days(isci):
    run = _run("2026-04")
    slip = next(s for s, _p in bordro.satirlar(run.id) if s.personel_id == isci.id)
    assert (slip.gun, slip.eksik_gun, slip.eksik_gun_nedeni, slip.brut) == (30, 0, None, D("40000.00"))


# --- page and API -----------------------------------------------------------------------

def _committed_report() -> tuple[str, int]:
    from tests.modules.ik.conftest import ise_al
    from tests.modules.ik.test_api import _kadrolar

    ids = _kadrolar()
    with services.bound("alfa"):
        from modules.ik.models import Kadro

        kadro = db.session.get(Kadro, ids["isci"])
        person = ise_al({"isci": kadro}, "isci", "40000.00")
        number = rapor_ekle(person.tckn, date(2026, 2, 16), date(2026, 2, 18))
        db.session.commit()
        return number, person.id


def test_the_page_lists_records_and_notifies(client):
    number, pid = _committed_report()
    staff_with(client, "alfa", YONET, "ik.personel.goruntule")
    page = client.get("/ik/sgk-raporlari?baslangic=2026-02-01&bitis=2026-02-28", headers=H)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and number in text and "İzin olarak kaydet" in text
    form = {"rapor_no": number, "baslangic": "2026-02-01", "bitis": "2026-02-28"}
    done = client.post("/ik/sgk-raporlari/izin", headers=H, data=form)
    assert done.status_code == 303 and "baslangic=2026-02-01" in done.headers["Location"]
    assert client.post("/ik/sgk-raporlari/izin", headers=H, data=form).status_code in (303, 409)
    told = client.post("/ik/sgk-raporlari/bildirim", headers=H, data={**form, "calisti": "0"})
    assert told.status_code == 303
    after = client.get("/ik/sgk-raporlari?baslangic=2026-02-01&bitis=2026-02-28", headers=H).get_data(as_text=True)
    assert "İzin kaydedildi" in after and "çalışmadı bildirildi" in after, after[after.find("<main"):][:3000]
    with services.bound("alfa"):
        assert db.session.scalar(select(func.count()).select_from(IzinTalebi).where(IzinTalebi.rapor_no == number)) == 1
        db.session.rollback()
    # reversed dates: the form's message, not an error page
    bad = client.get("/ik/sgk-raporlari?baslangic=2026-02-28&bitis=2026-02-01", headers=H)
    assert bad.status_code == 422 and "Bitiş tarihi başlangıçtan önce olamaz" in bad.get_data(as_text=True)
    assert client.post("/ik/sgk-raporlari/izin", headers=H, data={**form, "rapor_no": "A\x00B"}).status_code == 422


def test_the_page_shows_sgk_down_clearly(client, monkeypatch):
    staff_with(client, "alfa", YONET)

    def down(*args, **kwargs):
        raise CircuitOpen("sgk")

    monkeypatch.setattr(SgkClient, "sick_reports", down)
    page = client.get("/ik/sgk-raporlari", headers=H)
    assert page.status_code == 503 and "SGK servisine şu anda ulaşılamıyor" in page.get_data(as_text=True)
    api = client.get("/api/v1/ik/sgk-raporlari?baslangic=2026-02-01&bitis=2026-02-28", headers=H)
    assert api.status_code == 503 and "ulaşılamıyor" in api.json["message"]


def test_the_api(client):
    number, pid = _committed_report()
    staff_with(client, "alfa", YONET)
    listed = client.get("/api/v1/ik/sgk-raporlari?baslangic=2026-02-01&bitis=2026-02-28", headers=H)
    assert listed.status_code == 200
    mine = next(r for r in listed.json if r["rapor_no"] == number)
    assert (mine["personel_id"], mine["durum"], mine["gun"], mine["tur"]) == (pid, "bekliyor", 3, "hastalik")
    body = {"rapor_no": number, "baslangic": "2026-02-01", "bitis": "2026-02-28"}
    made = client.post("/api/v1/ik/sgk-raporlari/izin", headers=H, json=body)
    assert made.status_code == 201 and made.json["izin_talebi_id"]
    assert client.post("/api/v1/ik/sgk-raporlari/izin", headers=H, json=body).status_code == 409
    told = client.post("/api/v1/ik/sgk-raporlari/bildirim", headers=H, json={**body, "calisti": False})
    assert told.status_code == 200 and told.json["bildirim"] == "calismadi"
    again = client.post("/api/v1/ik/sgk-raporlari/bildirim", headers=H, json={**body, "calisti": False})
    assert again.json["bildirim_referans"] == told.json["bildirim_referans"]
    assert client.post("/api/v1/ik/sgk-raporlari/bildirim", headers=H,
                       json={**body, "calisti": True, "neden": "x"}).status_code == 409
    for bad, field in (({**body, "rapor_no": "T\x00"}, "rapor_no"), ({**body, "bitis": "2026-01-01"}, "bitis"),
                       ({**body, "baslangic": "9" * 30}, "baslangic"), ({**body, "neden": "a\x00"}, "neden")):
        answer = client.post("/api/v1/ik/sgk-raporlari/bildirim", headers=H, json=bad)
        assert answer.status_code == 422 and field in answer.json["errors"], (bad, answer.json)
    assert client.get("/api/v1/ik/sgk-raporlari?baslangic=2026-02-28&bitis=2026-02-01",
                      headers=H).status_code == 422


def test_the_routes_need_the_permission(client):
    staff_with(client, "alfa", "ik.personel.goruntule")
    body = {"rapor_no": "TRABCDEF", "baslangic": "2026-02-01", "bitis": "2026-02-28"}
    assert client.get("/ik/sgk-raporlari", headers=H).status_code == 403
    assert client.post("/ik/sgk-raporlari/izin", headers=H, data=body).status_code == 403
    assert client.get("/api/v1/ik/sgk-raporlari?baslangic=2026-02-01&bitis=2026-02-28", headers=H).status_code == 403
    assert client.post("/api/v1/ik/sgk-raporlari/bildirim", headers=H, json=body).status_code == 403


def test_the_tis_page_and_api_take_the_first_two_days_rule(client):
    staff_with(client, "alfa", "ik.bordro.hazirla")
    form = {"ad": f"TİS {uuid.uuid4().hex[:6]}", "baslangic": "01.01.2090", "bitis": "31.12.2090",
            "ucretler": "1;40.000,00"}
    assert client.post("/ik/tis", headers=H, data={**form, "rapor_ilk_iki_gun": "belki"}).status_code == 422
    assert client.post("/ik/tis", headers=H, data={**form, "rapor_ilk_iki_gun": "evet"}).status_code == 303
    page = client.get("/ik/tis", headers=H).get_data(as_text=True)
    assert "Hastalık raporunun ilk iki günü: İşveren öder" in page
    listed = client.get("/api/v1/ik/tis", headers=H).json
    assert next(t for t in listed if t["ad"] == form["ad"])["rapor_ilk_iki_gun"] is True
    with services.bound("alfa"):
        assert tis.rapor_ilk_iki_gun(date(2090, 6, 1)) is True
        db.session.rollback()
