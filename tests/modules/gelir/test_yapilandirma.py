"""Restructuring campaigns (yapılandırma): the campaign as dated data, which debts it takes,
the preview's figures, the plan and its reversal rows, paying it, breaking it (idempotent
job), permissions, bad input and tenant isolation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ebelediye import clock, events
from ebelediye.extensions import db
from modules.gelir import hesap
from modules.gelir.models import Tahakkuk, TecilPlani, YapilandirmaKampanyasi
from modules.gelir.services import GelirError, tahsilat, tecil, yapilandirma
from modules.gelir.services import borc as borc_service
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, borc, staff_with

D = Decimal
T = date(2026, 2, 1)  # the application day of the worked example
A = {"Host": host("alfa")}


def _veri(**over) -> dict:
    data = {
        "ad": "Deneme yapılandırması", "kanun_no": "9999", "kanun_tarihi": date(2026, 1, 15), "dayanak": "test",
        "basvuru_baslangic": date(2026, 1, 15), "basvuru_bitis": date(2026, 2, 28),
        "kapsam_vade_sonu": date(2025, 12, 31), "gelir_kodlari": ["emlak_arsa", "emlak_bina"],
        "gecikme_yontemi": "aylik_oran", "aylik_oran": D("2"), "hesap_sonu": None, "pesin_indirim": D("90"),
        "secenekler": "1=1; 2=1,045; 6=1,105", "ilk_taksit_vadesi": date(2026, 3, 31), "taksit_araligi_ay": 1,
        "tolerans": 1,
    }
    data.update(over)
    return data


def _kampanya(**over) -> YapilandirmaKampanyasi:
    return yapilandirma.kampanya_olustur(_veri(**over), actor="memur@alfa")


def test_worked_example_by_hand():
    """10,000.00 TL due 30.11.2025, the campaign's rate 2 % a month to the law's day 15.01.2026,
    by the late fee's own method (one whole month 01.12–31.12: 200.00; 15 days at 2 % ÷ 30 =
    0.000667 a day: 100.05) → 300.05 in place of the late fee.  In 2 installments at 1.045:
    (10,000 + 300.05) × 1.045 = 10,763.55, increase 463.50; installments 5,000.00 + 381.78
    and 5,000.00 + 381.77.  At once: 90 % of 300.05 waived (270.05), 10,030.00."""
    rate = [(date(2025, 12, 1), date(2026, 1, 15), D("2"))]
    debts = [(1, date(2025, 11, 30), D("10000.00"), D("740.00"), rate)]
    days = [date(2026, 3, 31), date(2026, 4, 30)]
    plan = hesap.yapilandirma_plani(debts, days, yontem="aylik_oran", hesap_sonu=date(2026, 1, 15),
                                    katsayi=D("1.045"), pesin_indirim=D("90"))
    assert plan.borclar[0].yeni == D("300.05") and plan.yeni == D("300.05") and plan.indirim == 0
    assert plan.artis == D("463.50") and plan.toplam == D("10763.55")
    assert [(t.anapara, t.faiz) for t in plan.taksitler] == [(D("5000.00"), D("381.78")), (D("5000.00"), D("381.77"))]
    assert plan.gecikme == D("740.00") and plan.kazanc == D("-23.55")
    cash = hesap.yapilandirma_plani(debts, days[:1], yontem="aylik_oran", hesap_sonu=date(2026, 1, 15),
                                    katsayi=D("1"), pesin_indirim=D("90"))
    assert (cash.indirim, cash.yeni, cash.artis, cash.toplam) == (D("270.05"), D("30.00"), D("0.00"), D("10030.00"))
    waived = hesap.yapilandirma_plani(debts, days[:1], yontem="vazgec", hesap_sonu=date(2026, 1, 15),
                                      katsayi=D("1"), pesin_indirim=D("0"))
    assert waived.toplam == D("10000.00") and waived.kazanc == D("740.00")
    assert hesap.ay_ekle(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_yi_ufe_months_by_the_laws_rule():
    """6736/7256 m.1: the late fee's method with Yİ-ÜFE monthly changes for its rates; the
    first month of delay takes vade's own month (also for a month-end vade), the law's own
    month the month before's.  Due 30.11.2025, law of 15.02.2026, changes Nov 1 %, Dec 2 %,
    Jan 3 %: Dec at 1 % (100.00), Jan at 2 % (200.00), 01–15.02 at Jan's 3 % ÷ 30 (150.00)."""
    monthly = [(date(2025, 11, 30), date(2025, 11, 30), D("1")), (date(2025, 12, 1), date(2025, 12, 31), D("2")),
               (date(2026, 1, 1), date(2026, 1, 31), D("3"))]
    rates = hesap.ufe_oranlari(monthly, date(2025, 11, 30), date(2026, 2, 15), date(2026, 2, 15))
    amount, steps = hesap.yapilandirma_tutari(D("10000.00"), date(2025, 11, 30), date(2026, 2, 15), "yi_ufe", rates)
    assert amount == D("450.00") and [s.deger for s in steps] == ["100,00", "200,00", "150,00"]
    # due mid-month: the first month (16.03–15.04) takes March's change
    spring = [(date(2025, 3, 15), date(2025, 3, 31), D("1")), (date(2025, 4, 1), date(2025, 4, 30), D("5"))]
    rates = hesap.ufe_oranlari(spring, date(2025, 3, 15), date(2025, 5, 15), date(2025, 5, 20))
    assert hesap.yapilandirma_tutari(D("1000.00"), date(2025, 3, 15), date(2025, 5, 15), "yi_ufe", rates)[0] == D("60.00")


def test_a_yi_ufe_campaign_reads_the_national_table_and_refuses_a_missing_month():
    from ebelediye.parameters import NationalParameter, ParameterMissing

    with services.bound("alfa"):
        k = _kampanya(gecikme_yontemi="yi_ufe", aylik_oran=None, kanun_tarihi=date(2026, 1, 15))
        assert k.aylik_oran is None
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        with pytest.raises(ParameterMissing):
            yapilandirma.onizle(k.id, m.id, [debt.id], 1, T, bugun=T)
        for start, end, value in ((date(2025, 11, 1), date(2025, 11, 30), "1"),
                                  (date(2025, 12, 1), date(2025, 12, 31), "2")):
            db.session.add(NationalParameter(module="gelir", key=yapilandirma.UFE_KODU, valid_from=start,
                                             valid_to=end, value=D(value), source="test"))
        db.session.flush()
        preview = yapilandirma.onizle(k.id, m.id, [debt.id], 2, T, bugun=T)
        # Dec at Nov's 1 % (100.00); 01–15.01 (the law's month) at Dec's 2 % ÷ 30 × 15 (100.05)
        assert preview.hesap.borclar[0].yeni == D("200.05")


def test_only_covered_debts_are_eligible():
    with services.bound("alfa"):
        k = _kampanya()
        m = MukellefFactory()
        old = borc(m, "1000.00", date(2025, 11, 30))
        late = borc(m, "1000.00", date(2026, 1, 10))  # due after the cut-off
        other_kind = borc(m, "1000.00", date(2025, 11, 30), gelir_kodu="ucret")
        deferred = borc(m, "1000.00", date(2025, 10, 31))
        tecil.onayla(m.id, [deferred.id], 2, T, bugun=T, actor="memur@alfa")
        eligible = [d.tahakkuk_id for d in yapilandirma.uygun_borclar(k, m.id, T)]
        assert eligible == [old.id]
        for wrong in (late, other_kind, deferred):
            with pytest.raises(GelirError) as refused:
                yapilandirma.onizle(k.id, m.id, [wrong.id], 2, T, bugun=T)
            assert "tahakkuk" in refused.value.errors


def _with_accrued_fee(m):
    """A debt with a late fee accrued at a payment on 10.01.2026 (as the cash desk does)."""
    debt = borc(m, "10000.00", date(2025, 11, 30))
    (line,) = [d for d in borc_service.acik_borclar(m.id, date(2026, 1, 10)) if d.tahakkuk_id == debt.id]
    fee = tahsilat.gecikme_tahakkuku(line, m.id, line.gecikme_yeni, date(2026, 1, 10), "kasiyer")
    return debt, fee


def test_approval_reverses_the_late_fees_and_accrues_the_new_amount(monkeypatch):
    sent = []
    monkeypatch.setattr(events.revenue_cancelled, "send", lambda sender, event: sent.append(("iptal", event)))
    monkeypatch.setattr(events.revenue_accrued, "send", lambda sender, event: sent.append(("tahakkuk", event)))
    with services.bound("alfa"):
        k = _kampanya()
        m = MukellefFactory()
        debt, fee = _with_accrued_fee(m)
        preview = yapilandirma.onizle(k.id, m.id, [debt.id], 2, T, bugun=T)
        (line,) = [d for d in borc_service.acik_borclar(m.id, T - timedelta(days=1)) if d.tahakkuk_id == debt.id]
        assert line.gecikme_acik == fee.tutar and line.gecikme_yeni > 0
        assert preview.hesap.gecikme == line.gecikme  # accrued + not yet accrued, to 31.01.2026
        assert preview.hesap.toplam == D("10763.55")
        plan = yapilandirma.onayla(k.id, m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")
        assert plan.kampanya_id == k.id and plan.durum == "aktif" and plan.toplam == D("10763.55")
        back = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.iptal_edilen_id == fee.id))
        assert back.tutar == -fee.tutar  # reversed, never edited
        assert db.session.get(Tahakkuk, fee.id).tutar == fee.tutar
        amounts = db.session.scalars(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"yapilandirma:{plan.id}")
                                     .order_by(Tahakkuk.taksit)).all()
        assert [(a.gelir_kodu, a.tutar) for a in amounts] == [("yapilandirma", D("381.78")),
                                                             ("yapilandirma", D("381.77"))]
        kinds = [(what, e.reference, [(x.revenue_code, x.amount) for x in e.lines]) for what, e in sent]
        assert ("iptal", f"yapilandirma:{plan.id}", [("gecikme_zammi", fee.tutar)]) in kinds
        assert ("tahakkuk", f"yapilandirma:{plan.id}", [("yapilandirma", D("763.55"))]) in kinds
        lines = borc_service.acik_borclar(m.id, date(2026, 6, 1))  # no late fee under the plan
        assert [(x.gelir_adi, x.toplam) for x in lines] == [("Yapılandırma taksiti 1/2", D("5381.78")),
                                                           ("Yapılandırma taksiti 2/2", D("5381.77"))]
        # one active restructuring per debt; a tecil cannot take it either
        with pytest.raises(GelirError):
            yapilandirma.onayla(k.id, m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")
        with pytest.raises(GelirError):
            tecil.onayla(m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")
        with pytest.raises(GelirError) as not_tecil:
            tecil.iptal(plan.id, "deneme", T, actor="memur")
        assert not_tecil.value.status == 409
        assert tecil.ihlal_denetle(date(2026, 12, 1)) == []  # tecil's check leaves it to its own


def test_installments_are_paid_whole_and_it_closes():
    with services.bound("alfa"):
        k = _kampanya()
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = yapilandirma.onayla(k.id, m.id, [debt.id], 1, T, bugun=T, actor="memur@alfa")
        assert plan.toplam == D("10030.00")
        (line,) = borc_service.acik_borclar(m.id, date(2026, 3, 1))
        tahsilat.tahsil(m.id, "10030.00", "nakit", date(2026, 3, 1), actor="kasiyer", secili=[line.tahakkuk_id])
        db.session.refresh(plan)
        assert plan.durum == "kapandi" and borc_service.acik_borclar(m.id, date(2026, 3, 1)) == []


def test_missing_more_than_tolerated_breaks_it_and_brings_the_late_fee_back(monkeypatch):
    sent = []
    monkeypatch.setattr(events.revenue_accrued, "send", lambda sender, event: sent.append(event))
    with services.bound("alfa"):
        k = _kampanya(tolerans=1)
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = yapilandirma.onayla(k.id, m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")
        assert yapilandirma.ihlal_denetle(date(2026, 4, 1)) == []  # one missed: tolerated
        assert yapilandirma.ihlal_denetle(date(2026, 5, 1)) == [plan.id]
        assert plan.durum == "bozuldu"
        assert yapilandirma.ihlal_denetle(date(2026, 5, 1)) == []  # idempotent
        reversed_rows = db.session.scalars(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"yapilandirma:{plan.id}",
                                                                     Tahakkuk.iptal_edilen_id.isnot(None))).all()
        assert sorted(-r.tutar for r in reversed_rows) == [D("381.77"), D("381.78")]
        restored = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"gz:{debt.id}",
                                                               Tahakkuk.iptal_edilen_id.is_(None)))
        assert restored.tutar == D("740.00") and restored.vade == date(2026, 1, 31)
        assert sent[-1].lines[0].revenue_code == "gecikme_zammi" and sent[-1].lines[0].amount == D("740.00")
        (line,) = borc_service.acik_borclar(m.id, date(2026, 5, 1))
        assert line.tahakkuk_id == debt.id and line.anapara == D("10000.00") and line.gecikme_acik == D("740.00")
        assert line.gecikme_yeni > 0  # the late fee runs again from the application day


def test_a_paid_installment_keeps_its_benefit():
    with services.bound("alfa"):
        k = _kampanya(tolerans=0)
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = yapilandirma.onayla(k.id, m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")
        first = borc_service.acik_borclar(m.id, date(2026, 3, 31))[0]
        tahsilat.tahsil(m.id, "5381.78", "nakit", date(2026, 3, 31), actor="kasiyer", secili=[first.tahakkuk_id])
        assert yapilandirma.ihlal_denetle(date(2026, 5, 1)) == [plan.id]
        restored = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"gz:{debt.id}",
                                                               Tahakkuk.iptal_edilen_id.is_(None)))
        assert restored.tutar == D("370.00")  # the late fee of the half still unpaid
        assert plan.yapilandirma["geri"] == [[restored.id, "370.00"]]


def test_the_check_resumes_after_a_crash_without_breaking_twice():
    """Each broken restructuring is made durable before the next (``commit``); a crash after
    the first leaves the second for the rerun, which does not touch the first again."""
    with services.bound("alfa"):
        k = _kampanya(tolerans=0)
        plans = []
        for _ in range(2):
            m = MukellefFactory()
            debt = borc(m, "1000.00", date(2025, 11, 30))
            plans.append(yapilandirma.onayla(k.id, m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa").id)
        day = date(2026, 4, 2)
        assert yapilandirma.ihlal_adaylari(day) == plans

        def crash():
            raise RuntimeError("worker killed")

        with pytest.raises(RuntimeError):
            yapilandirma.ihlal_denetle(day, commit=crash)
        assert yapilandirma.ihlal_adaylari(day) == plans[1:]
        assert yapilandirma.ihlal_denetle(day, commit=lambda: None) == plans[1:]
        assert yapilandirma.ihlal_denetle(day) == []
        fees = db.session.scalars(db.select(Tahakkuk).where(Tahakkuk.gelir_kodu == "gecikme_zammi",
                                                            Tahakkuk.olusturan == "sistem")).all()
        assert len(fees) == 2  # one late fee brought back per restructuring, none twice


@pytest.mark.parametrize("over, field", [
    ({"secenekler": "2=0,9"}, "secenekler"), ({"secenekler": "x"}, "secenekler"),
    ({"secenekler": "2=1; 2=1,1"}, "secenekler"), ({"secenekler": "999999999=1"}, "secenekler"),
    ({"basvuru_bitis": date(2026, 1, 1)}, "basvuru_bitis"), ({"gelir_kodlari": ["yok"]}, "gelir_kodlari"),
    ({"gelir_kodlari": ["gecikme_zammi"]}, "gelir_kodlari"), ({"aylik_oran": None}, "aylik_oran"),
    ({"ilk_taksit_vadesi": date(2026, 2, 1)}, "ilk_taksit_vadesi"),
    ({"kapsam_vade_sonu": date(2026, 6, 1)}, "kapsam_vade_sonu"),
])
def test_a_bad_campaign_is_refused_with_the_field(over, field):
    with services.bound("alfa"):
        with pytest.raises(GelirError) as refused:
            _kampanya(**over)
        assert field in refused.value.errors


@pytest.mark.parametrize("n, day, field", [(3, T, "taksit_sayisi"), (2, date(2026, 3, 1), "basvuru_tarihi"),
                                           (2, date(2026, 1, 1), "basvuru_tarihi")])
def test_a_bad_application_is_refused_and_writes_nothing(n, day, field):
    with services.bound("alfa"):
        k = _kampanya()
        m = MukellefFactory()
        debt = borc(m, "100.00", date(2025, 11, 30))
        with pytest.raises(GelirError) as refused:
            yapilandirma.onayla(k.id, m.id, [debt.id], n, day, bugun=date(2026, 3, 5), actor="memur")
        assert field in refused.value.errors
        assert db.session.scalar(db.select(TecilPlani).where(TecilPlani.mukellef_id == m.id)) is None


def test_the_seeded_campaign_is_data():
    with services.bound("alfa"):
        seeded = db.session.scalar(db.select(YapilandirmaKampanyasi).where(YapilandirmaKampanyasi.kanun_no == "7440"))
        assert seeded is not None and seeded.olusturan == "seed"
        assert [o["taksit"] for o in seeded.secenekler] == [1, 6, 9, 12, 18]


def _api_body(client, headers):
    today = clock.today()
    body = {"ad": "API kampanyası", "kanun_no": "9998", "kanun_tarihi": (today - timedelta(days=5)).isoformat(),
            "basvuru_baslangic": (today - timedelta(days=5)).isoformat(),
            "basvuru_bitis": (today + timedelta(days=30)).isoformat(),
            "kapsam_vade_sonu": date(today.year - 1, 12, 31).isoformat(), "gelir_kodlari": ["emlak_arsa"],
            "gecikme_yontemi": "vazgec", "secenekler": "1=1; 3=1,05",
            "ilk_taksit_vadesi": (today + timedelta(days=40)).isoformat()}
    return body


def _token(slug="alfa") -> dict:
    from ebelediye.identity import StaffUser, issue_api_token

    with services.bound(slug):
        user = StaffUser(email=f"api-yap@{slug}.bel.tr", full_name="API", is_tenant_admin=True)
        db.session.add(user)
        db.session.flush()
        _, plain = issue_api_token(user, "test")
        db.session.commit()
    return {"Host": host(slug), "Authorization": f"Bearer {plain}"}


def test_api_campaign_preview_plan_and_bad_input(client):
    headers = _token()
    body = _api_body(client, headers)
    for bad, field in (({**body, "kanun_no": "a\x00b"}, "kanun_no"), ({**body, "pesin_indirim": "1e400"}, "pesin_indirim"),
                       ({**body, "tolerans": 10**30}, "tolerans"), ({**body, "secenekler": "2=9999999999"}, "secenekler"),
                       ({**body, "gecikme_yontemi": "x"}, "gecikme_yontemi"), ({**body, "gelir_kodlari": "emlak"},
                                                                             "gelir_kodlari")):
        refused = client.post("/api/v1/gelir/yapilandirma/kampanyalar", json=bad, headers=headers)
        assert refused.status_code == 422 and field in refused.json["errors"], refused.json
    made = client.post("/api/v1/gelir/yapilandirma/kampanyalar", json=body, headers=headers)
    assert made.status_code == 201, made.json
    k_id = made.json["id"]
    assert client.get(f"/api/v1/gelir/yapilandirma/kampanyalar/{k_id}", headers=headers).json["kanun_no"] == "9998"
    assert client.get(f"/api/v1/gelir/yapilandirma/kampanyalar/{2**63}", headers=headers).status_code == 404
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", date(clock.today().year - 1, 11, 30))
        db.session.commit()
        plan_body = {"kampanya_id": k_id, "mukellef_id": m.id, "tahakkuk": [debt.id], "taksit_sayisi": 3,
                     "basvuru_tarihi": clock.today().isoformat()}
    preview = client.post("/api/v1/gelir/yapilandirma/onizleme", json=plan_body, headers=headers)
    assert preview.status_code == 200, preview.json
    assert preview.json["anapara"] == "1000.00" and preview.json["yeni"] == "0.00"
    assert preview.json["toplam"] == "1050.00" and len(preview.json["taksitler"]) == 3
    for bad, field in (({**plan_body, "taksit_sayisi": 2}, "taksit_sayisi"),
                       ({**plan_body, "kampanya_id": 2**64}, "kampanya_id"),
                       ({**plan_body, "tahakkuk": [2**70]}, "tahakkuk.0")):
        refused = client.post("/api/v1/gelir/yapilandirma", json=bad, headers=headers)
        assert refused.status_code == 422 and field in refused.json["errors"], refused.json
    made = client.post("/api/v1/gelir/yapilandirma", json=plan_body, headers=headers)
    assert made.status_code == 201 and made.json["toplam"] == preview.json["toplam"]
    plan_id = made.json["id"]
    assert client.get(f"/api/v1/gelir/yapilandirma/{plan_id}", headers=headers).json["kampanya_id"] == k_id
    # another municipality sees neither the campaign nor the restructuring
    other = _token("beta")
    assert client.get(f"/api/v1/gelir/yapilandirma/{plan_id}", headers=other).status_code == 404
    assert client.get(f"/api/v1/gelir/yapilandirma/kampanyalar/{k_id}", headers=other).status_code == 404


def test_pages_need_the_permission_and_walk_the_flow(client):
    from tests.plugin import sign_in_citizen

    from .conftest import new_tckn

    assert client.get("/api/v1/gelir/yapilandirma/kampanyalar", headers=A).status_code in (401, 403)  # anonymous
    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    assert client.get("/gelir/takip/yapilandirma", headers=A).status_code == 403
    assert client.get("/api/v1/gelir/yapilandirma/kampanyalar", headers=A).status_code == 403
    assert client.post("/api/v1/gelir/yapilandirma", json={}, headers=A).status_code == 403
    client.get("/cikis", headers=A)
    staff_with(client, "alfa", "gelir.takip.yonet")
    page = client.get("/gelir/takip/yapilandirma", headers=A)
    assert page.status_code == 200 and "7440" in page.get_data(as_text=True)
    assert client.get("/gelir/takip/yapilandirma/kampanya/yeni", headers=A).status_code == 200
    with services.bound("alfa"):
        seeded = db.session.scalar(db.select(YapilandirmaKampanyasi.id).where(YapilandirmaKampanyasi.kanun_no == "7440"))
    assert "Yİ-ÜFE" in client.get(f"/gelir/takip/yapilandirma/kampanya/{seeded}", headers=A).get_data(as_text=True)
    form = {k: (v if isinstance(v, str) else v) for k, v in _api_body(client, A).items() if k != "gelir_kodlari"}
    bad = client.post("/gelir/takip/yapilandirma/kampanya/yeni", data={**form, "secenekler": "abc",
                                                                      "gelir_kodlari": "emlak_arsa"}, headers=A)
    assert bad.status_code == 422
    made = client.post("/gelir/takip/yapilandirma/kampanya/yeni", data={**form, "gelir_kodlari": "emlak_arsa"},
                       headers=A)
    assert made.status_code == 302, made.get_data(as_text=True)
    k_url = made.headers["Location"]
    k_id = int(k_url.rstrip("/").rsplit("/", 1)[1])
    tckn = new_tckn()
    with services.bound("alfa"):
        m = MukellefFactory(tckn=tckn)
        debt = borc(m, "1000.00", date(clock.today().year - 1, 11, 30))
        db.session.commit()
        m_id, debt_id = m.id, debt.id
    url = f"/gelir/takip/yapilandirma/kampanya/{k_id}/yeni/{m_id}"
    assert client.get(url, headers=A).status_code == 200
    data = {"tahakkuk": str(debt_id), "taksit_sayisi": "3", "basvuru_tarihi": clock.today().isoformat()}
    preview = client.post(url, data={**data, "islem": "hesapla"}, headers=A)
    assert preview.status_code == 200 and "1.050,00" in preview.get_data(as_text=True)
    assert client.post(url, data={**data, "taksit_sayisi": "abc"}, headers=A).status_code == 422
    approved = client.post(url, data={**data, "islem": "onayla"}, headers=A)
    assert approved.status_code == 302
    plan_page = client.get(approved.headers["Location"], headers=A).get_data(as_text=True)
    assert "Aktif" in plan_page and "1.050,00" in plan_page
    assert client.get(f"/gelir/takip/yapilandirma/kampanya/{k_id}", headers=A).status_code == 200
    assert client.get(f"/gelir/takip/yapilandirma/kampanya/{k_id}/yeni/{2**63}", headers=A).status_code == 404
    plan_id = int(approved.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    sign_in_citizen(client, "alfa", tckn)
    mine = client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    assert "Yapılandırma taksiti 3/3" in mine and f"Yapılandırma {plan_id}, başvuru tarihi" in mine


def test_the_cli_queues_the_daily_check(app):
    """The job runs in its own transaction (it does not see this test's rows; what it breaks
    is tested on the service above): queued for the tenant, it runs and reports the day."""
    import uuid

    from rq import SimpleWorker

    from ebelediye import jobs

    runner = app.test_cli_runner()
    result = runner.invoke(args=["gelir", "yapilandirma-ihlal", "--belediye", "alfa"])
    assert result.exit_code == 0, result.output
    [waiting] = jobs.queue("default").get_jobs()
    record = db.session.get(jobs.JobRecord, uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.tenant_slug) == ("modules.gelir.jobs:yapilandirma_ihlal", "alfa")
    assert SimpleWorker([jobs.queue("default")], connection=jobs.redis_connection()).work(burst=True)
    assert waiting.return_value() == {"gun": clock.today().isoformat(), "bozulan": []}
    assert runner.invoke(args=["gelir", "yapilandirma-ihlal", "--belediye", "yok"]).exit_code != 0
