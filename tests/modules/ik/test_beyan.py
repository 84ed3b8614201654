"""The kesenek declaration of 4/1-c and 5434 staff through the SGK connector, and the
payroll part of MUHSGK as a workbook; figures by hand for January 2026."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from ebelediye.audit import AuditEntry
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik.services import bordro
from tenants import services
from tests.modules.ik.conftest import ACTOR, ise_al
from tests.plugin import host, staff_with

D = Decimal


@pytest.fixture
def ocak(kadrolar):
    """January 2026, closed: a minimum-wage worker, a worker on 40,000, a 4/1-c memur and a
    5434 memur."""
    people = {"asgari": ise_al(kadrolar, "isci", "33030.00"), "isci": ise_al(kadrolar, "isci", "40000.00"),
              "memur": ise_al(kadrolar, "memur", hizmet_baslangic=date(2014, 1, 1)),
              "sandik": ise_al(kadrolar, "memur", sgk_statu="5434", hizmet_baslangic=date(2000, 1, 1))}
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    return run, people


def test_the_kesenek_declaration_sends_each_civil_servants_shares_once(ocak):
    run, people = ocak
    with pytest.raises(UserError) as early:
        bordro.kesenek_gonder(run.id, actor=ACTOR)
    assert early.value.status == 409  # not closed
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    slips = {s.personel_id: s for s, _p in bordro.satirlar(run.id)}
    memur, sandik = slips[people["memur"].id], slips[people["sandik"].id]
    # RULES §7.2: 4/1-c 14 % employee, 19.5 % employer; 5434 21 % and 27.5 % of the same base
    assert memur.sgk_isci == (memur.sgk_matrahi * D("0.14")).quantize(D("0.01"))
    assert sandik.sgk_isveren == (sandik.sgk_matrahi * D("0.275")).quantize(D("0.01"))
    bordro.kesenek_gonder(run.id, actor=ACTOR)
    assert run.kesenek_referans.startswith("SGK-K-202601-")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ik.bordro.kesenek",
                                                       AuditEntry.object_id == str(run.id)))
    assert entry.after["kisi"] == 2  # the two civil servants, not the workers
    assert D(entry.after["matrah"]) == memur.sgk_matrahi + sandik.sgk_matrahi
    assert D(entry.after["kisi_payi"]) == memur.sgk_isci + sandik.sgk_isci
    assert D(entry.after["kurum_payi"]) == memur.sgk_isveren + sandik.sgk_isveren
    with pytest.raises(UserError):
        bordro.kesenek_gonder(run.id, actor=ACTOR)  # once


def test_a_run_without_civil_servants_has_no_kesenek_declaration(kadrolar):
    ise_al(kadrolar, "isci", "33030.00")
    run = bordro.baslat("2026-02", actor=ACTOR)
    bordro.hesapla(run.id)
    bordro.kapat(run.id, date(2026, 2, 28), actor=ACTOR)
    with pytest.raises(UserError) as refused:
        bordro.kesenek_gonder(run.id, actor=ACTOR)
    assert refused.value.status == 409 and run.kesenek_referans is None


def test_muhsgk_sums_the_months_tax_and_the_4a_premiums(ocak):
    """By hand, January 2026 (RULES §7.1-7.4): the minimum-wage earner's GV matrahı is
    33,030 − 4,624.20 − 330.30 = 28,075.50, tax 4,211.33 all exempt, DV 250.70 all exempt; on
    40,000: matrah 34,000.00, tax 5,100.00 − 4,211.33 = 888.67, DV 303.60 − 250.70 = 52.90.
    Premiums of the two 4/1-a workers on 73,030.00: 33,030 × (14 + 1 + 21.75 + 2) % =
    4,624.20 + 330.30 + 7,184.03 + 660.60 and 40,000 × the same = 15,500.00; 28,299.13 in all."""
    run, people = ocak
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    data = bordro.muhsgk(run.id)
    rows = {p.id: v for p, v in data["kisiler"]}
    assert rows[people["asgari"].id]["gv_matrahi"] == D("28075.50")
    assert (rows[people["asgari"].id]["gelir_vergisi"], rows[people["asgari"].id]["gv_istisnasi"]) == (D("0.00"),
                                                                                                       D("4211.33"))
    assert (rows[people["isci"].id]["gelir_vergisi"], rows[people["isci"].id]["damga_vergisi"]) == (D("888.67"),
                                                                                                   D("52.90"))
    assert data["sgk_kisi_sayisi"] == 2 and data["sgk_gun"] == 60
    assert data["sgk_matrah"] == D("73030.00") and data["sgk_prim"] == D("28299.13")
    assert data["kisi_sayisi"] == 4  # the tax part has the civil servants too
    assert data["toplam"]["gelir_vergisi"] == sum((v["gelir_vergisi"] for v in rows.values()), D("0"))


def test_muhsgk_adds_a_closed_difference_run_of_the_month(ocak):
    run, people = ocak
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    before = {p.id: v for p, v in bordro.muhsgk(run.id)["kisiler"]}
    from modules.ik.services import ekkalem

    ekkalem.ekle(people["isci"].id, "2026-01", "ikramiye", tutar=D("1000.00"), actor=ACTOR)
    fark = bordro.fark_baslat(run.id, actor=ACTOR)
    bordro.hesapla(fark.id)
    bordro.kapat(fark.id, date(2026, 2, 5), actor=ACTOR)
    after = {p.id: v for p, v in bordro.muhsgk(fark.id)["kisiler"]}
    assert after[people["isci"].id]["brut"] == before[people["isci"].id]["brut"] + D("1000.00")
    assert after[people["isci"].id]["gun"] == 30  # the same month's days, not twice


def test_the_run_page_sends_the_kesenek_declaration_and_gives_the_workbook(client):
    staff_with(client, "alfa", "ik.bordro.hazirla", "ik.bordro.kapat")
    h = {"Host": host("alfa")}
    with services.bound("alfa"):
        from modules.ik.services import personel

        unit = personel.birim_ekle("46.06.93.01", "Destek Hizmetleri Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "memur", "GİH", "Memur", actor=ACTOR, derece=8, ekonomik_kod="01.1.1.01")
        ise_al({"memur": kadro}, "memur")
        run = bordro.baslat("2026-03", actor=ACTOR)
        bordro.hesapla(run.id)
        run_id = run.id
        db.session.commit()
    assert client.get(f"/ik/bordro/{run_id}/muhsgk.xlsx", headers=h).status_code in (302, 303, 409)
    with services.bound("alfa"):
        bordro.kapat(run_id, date(2026, 3, 31), actor=ACTOR)
        db.session.commit()
    assert client.post(f"/ik/bordro/{run_id}/kesenek", headers=h).status_code == 303
    page = client.get(f"/ik/bordro/{run_id}", headers=h).get_data(as_text=True)
    assert "kesenek-referans" in page and "SGK-K-202603-" in page
    book = client.get(f"/ik/bordro/{run_id}/muhsgk.xlsx", headers=h)
    assert book.status_code == 200
    sheets = load_workbook(io.BytesIO(book.data))
    summary = {r[0]: r[1] for r in sheets["Özet"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Dönem"] == "2026-03" and summary["Sigortalı sayısı"] == 0
    assert sheets["Çalışanlar"].max_row >= 2
    with services.bound("alfa"):
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "ik.bordro.kesenek", AuditEntry.object_id == str(run_id))) == 1
        db.session.commit()
