"""TİS wage scales (dated, increases by date, used by the payroll) and a memur's özel hizmet
tazminatı, ek ödeme and makam tazminatı; worked examples by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye.audit import AuditEntry
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik import hesap
from modules.ik.models import Tis
from modules.ik.services import bordro, katsayilar, kurallar, personel, tis
from tenants import services
from tests.modules.ik.conftest import ACTOR, ise_al
from tests.plugin import host, staff_with

D = Decimal


def test_a_tis_wage_compounds_its_increases_in_date_order():
    """By hand: 40,000.00 from 1 Jul 2025; +10 % and +500 TL on 1 Jan 2026 → 44,500.00;
    +7.5 % on 1 Jul 2026 → 47,837.50 (44,500 × 1.075)."""
    raises = [hesap.TisZammi(date(2026, 7, 1), D("7.5")), hesap.TisZammi(date(2026, 1, 1), D("10"), D("500"))]
    assert hesap.tis_ucreti(D("40000.00"), raises, date(2025, 12, 31))[0] == D("40000.00")
    assert hesap.tis_ucreti(D("40000.00"), raises, date(2026, 1, 1))[0] == D("44500.00")
    wage, steps = hesap.tis_ucreti(D("40000.00"), raises, date(2026, 7, 1))
    assert wage == D("47837.50") and [s.deger for s in steps] == ["40.000,00", "44.500,00", "47.837,50"]
    # rounded to the kuruş at each step: 33,333.33 × 1.033 = 34,433.33 (34,433.32989)
    assert hesap.tis_ucreti(D("33333.33"), [hesap.TisZammi(date(2026, 1, 1), D("3.3"))], date(2026, 2, 1))[0] \
        == D("34433.33")


def test_a_memur_with_special_service_pay_additional_pay_and_a_post_allowance(alfa):
    """By hand, 2026 first half (aylık katsayı 1.387871, RULES §7.7): en yüksek Devlet memuru
    aylığı 9,500 × 1.387871 = 13,184.77 [C2]; özel hizmet tazminatı at 80 % = 10,547.82
    (10,547.816); ek ödeme at 90 % = 11,866.29 (11,866.293); makam tazminatı 2,000 × 1.387871 =
    2,775.74."""
    c = katsayilar(date(2026, 1, 15))
    plain = hesap.memur_brut(c, gosterge=1320, ek_gosterge=2200, hizmet_yili=12, yan_odeme_puan=1000)
    gross = hesap.memur_brut(c, gosterge=1320, ek_gosterge=2200, hizmet_yili=12, yan_odeme_puan=1000,
                             ozel_hizmet_orani=D("80"), ek_odeme_orani=D("90"), makam_gosterge=2000)
    assert (gross.ozel_hizmet, gross.ek_odeme, gross.makam) == (D("10547.82"), D("11866.29"), D("2775.74"))
    assert gross.brut == plain.brut + D("10547.82") + D("11866.29") + D("2775.74")
    # özel hizmet and makam tazminatı are outside income tax, inside the stamp tax (docs/ik.md
    # "Memur pay items", C2) and ([U]) the 4/1-c premium base; ek ödeme is taxed [U]
    assert gross.vergiye_tabi == gross.brut - D("10547.82") - D("2775.74")
    assert gross.damgaya_tabi == gross.brut and gross.sgk_matrahi == gross.brut
    assert any(s.adim.startswith("Özel hizmet tazminatı") for s in gross.adimlar)
    with pytest.raises(ValueError):
        hesap.memur_brut(c, gosterge=1320, ozel_hizmet_orani=D("-1"))


def _tis(start=date(2025, 7, 1), end=date(2027, 6, 30)):
    return tis.tis_ekle("Belediye TİS 2025-2027", "Genel-İş", start, end, {"1": D("40000.00"), "2": D("45000.00")},
                        [(date(2026, 1, 1), D("10"), D("500")), (date(2026, 7, 1), D("7.5"), D("0"))], actor=ACTOR)


def test_the_tis_in_force_gives_a_grade_its_wage_and_refuses_what_it_does_not_cover(alfa):
    _tis()
    assert tis.ucret("1", date(2026, 3, 1))[0] == D("44500.00")
    assert tis.ucret("2", date(2025, 9, 1))[0] == D("45000.00")
    with pytest.raises(UserError) as unknown:
        tis.ucret("9", date(2026, 3, 1))
    assert "tis_derece" in unknown.value.field_messages()
    with pytest.raises(UserError):
        tis.ucret("1", date(2027, 7, 1))  # after the agreement
    before = db.session.scalar(select(func.count()).select_from(Tis))
    with pytest.raises(UserError) as overlap:
        tis.tis_ekle("Sonraki", "", date(2027, 1, 1), date(2028, 12, 31), {"1": D("50000")}, [], actor=ACTOR)
    assert "baslangic" in overlap.value.field_messages()
    with pytest.raises(UserError):
        tis.tis_ekle("X", "", date(2028, 1, 1), date(2028, 12, 31), {"1": D("1000")},
                     [(date(2029, 1, 1), D("5"), D("0"))], actor=ACTOR)  # an increase outside the period
    with pytest.raises(UserError):
        tis.tis_ekle("X", "", date(2028, 1, 1), date(2028, 12, 31), {"1": D("0")}, [], actor=ACTOR)
    assert db.session.scalar(select(func.count()).select_from(Tis)) == before


def test_the_payroll_pays_a_worker_on_a_tis_grade_the_wage_in_force_that_month(kadrolar):
    _tis()
    on_tis = ise_al(kadrolar, "isci", brut=None, tis_derece="1", ise_giris=date(2025, 7, 1))
    typed = ise_al(kadrolar, "isci", "44500.00", ise_giris=date(2025, 7, 1))
    run = bordro.baslat("2026-03", actor=ACTOR)
    bordro.hesapla(run.id)
    slips = {s.personel_id: s for s, _p in bordro.satirlar(run.id)}
    assert slips[on_tis.id].brut == D("44500.00")  # 40,000 × 1.10 + 500 (the July raise not yet)
    assert slips[on_tis.id].net == slips[typed.id].net  # the same wage typed gives the same payslip
    steps = [s["adim"] for s in slips[on_tis.id].adimlar["adimlar"]]
    assert steps[0].startswith("TİS: Belediye TİS 2025-2027, derece 1") and "TİS zammı 01.01.2026: %10 + 500,00" in steps
    # the same person in a month of the new raise: 47,837.50 (computed alone, no run needed)
    atama = personel.atama_on(on_tis.id, date(2026, 8, 1))
    slip, _days = bordro.kisi_hesabi(on_tis, atama, "2026-08", D("0"))
    assert slip.brut == D("47837.50")
    assert slip.net == hesap.bordro(kurallar(date(2026, 8, 1), "4a"), brut=D("47837.50"), ay=8,
                                    kumulatif_once=D("0")).net


def test_a_hire_on_a_grade_no_tis_has_is_refused_with_nothing_written(kadrolar):
    from modules.ik.models import Personel

    before = db.session.scalar(select(func.count()).select_from(Personel))
    with pytest.raises(UserError) as refused:
        ise_al(kadrolar, "isci", brut=None, tis_derece="1")  # no TİS recorded in this test
    assert "tis_derece" in refused.value.field_messages()
    _tis()
    with pytest.raises(UserError):
        ise_al(kadrolar, "memur", tis_derece="1")  # not for a memur
    assert db.session.scalar(select(func.count()).select_from(Personel)) == before


def test_the_tis_page_records_an_agreement_and_refuses_bad_lines(client):
    staff_with(client, "alfa", "ik.bordro.hazirla")
    h = {"Host": host("alfa")}
    assert "Kayıtlı TİS yok." in client.get("/ik/tis", headers=h).get_data(as_text=True)
    form = {"ad": "TİS 2030", "sendika": "Genel-İş", "baslangic": "01.01.2030", "bitis": "31.12.2031",
            "ucretler": "1;40.000,00\n2;45000", "zamlar": "01.01.2031;12,5\n01.07.2031;0;1.000,00"}
    bad = client.post("/ik/tis", headers=h, data={**form, "ucretler": "1;abc"})
    assert bad.status_code == 422 and "Geçersiz tutar" in bad.get_data(as_text=True)
    assert client.post("/ik/tis", headers=h, data={**form, "zamlar": "2031-13-01;5"}).status_code == 422
    assert client.post("/ik/tis", headers=h, data={**form, "ucretler": "1;100\n1;200"}).status_code == 422
    with services.bound("alfa"):
        assert db.session.scalar(select(func.count()).select_from(Tis).where(Tis.ad == "TİS 2030")) == 0
        db.session.commit()
    ok = client.post("/ik/tis", headers=h, data=form)
    assert ok.status_code == 303
    page = client.get("/ik/tis", headers=h).get_data(as_text=True)
    assert "TİS 2030" in page and "45.000,00" in page
    with services.bound("alfa"):
        assert tis.ucret("1", date(2031, 8, 1))[0] == D("46000.00")  # 40,000 × 1.125 + 1,000
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "ik.tis.ekle")) >= 1
        db.session.commit()
