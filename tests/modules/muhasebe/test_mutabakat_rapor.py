"""The nightly reconciliation of 120 with Gelir's open debts, PDF exports of the mizan and
an account statement (user text escaped), bütçe uygulama sonuçları by functional and
institutional code."""

from datetime import date

import pytest

from ebelediye import events, ports
from modules.gelir.services import tahsilat
from modules.muhasebe.jobs import mutabakat as mutabakat_job
from modules.muhasebe.services import belge, hesaplar, mutabakat, rapor
from modules.muhasebe.views.mutabakat import mutabakat_card
from tests.modules.gelir.conftest import MukellefFactory, borc
from tests.modules.muhasebe.conftest import D, kalem, kaydet, onayla, satirlar
from tests.plugin import disable_modules, host, staff_with

GUN = date(2026, 3, 2)
HOSTILE = '<b>kapanmamış & <img src="/etc/passwd"/>'


def test_live_postings_reconcile_and_a_hand_entry_on_120_shows_as_a_difference(alfa):
    payer = MukellefFactory()
    base = mutabakat.calistir(date(2026, 12, 31), actor="t")
    borc(payer, "100.00", date(2026, 5, 31), gelir_kodu="emlak_arsa")  # straight into Gelir: no posting
    events.revenue_accrued.send("gelir", event=events.RevenueEvent(  # what Gelir's accrual would send
        module="gelir", reference="tahakkuk:t1", on=GUN,
        lines=(events.RevenueLine("emlak_arsa", "01.2.9.52", D("100.00"), 2026),)))
    tahsilat.tahsil(payer.id, "60.00", "nakit", GUN, actor="vezne")  # posted live: 120 A 60
    same = mutabakat.calistir(date(2026, 12, 31), actor="t")
    assert same.fark == base.fark and same.defter - base.defter == D("40.00") == same.yardimci - base.yardimci
    kaydet(satirlar(("120", "B", "7.00"), ("600", "A", "7.00")), GUN)  # on 120 by hand, no Gelir record
    off = mutabakat.calistir(date(2026, 12, 31), actor="t")
    assert off.fark - base.fark == D("7.00")
    assert any(d["ekonomik"] == "" and D(d["fark"]) >= D("7.00") for d in off.ayrinti)
    assert mutabakat.son().id == off.id
    card = mutabakat_card()
    assert card is not None and "7" in card.value
    assert mutabakat_job("2026-12-31")["fark"] == str(off.fark)


def test_without_gelir_the_reconciliation_is_unavailable(alfa):
    disable_modules("alfa", "gelir")
    with pytest.raises(ports.PortUnavailable):
        mutabakat.calistir(GUN)


def test_pdfs_print_hostile_account_names_as_text(alfa):
    hesaplar.alt_hesap_ekle("102.07", HOSTILE, actor="t")
    kaydet(satirlar(("102.07", "B", "1234.50"), ("600", "A", "1234.50")), GUN)
    m = rapor.mizan(GUN, GUN)
    pdf = belge.mizan_pdf(m, ["Hesap", "Ad", "Borç", "Alacak", "B. bakiye", "A. bakiye"], "Mizan")
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    devir, lines = rapor.buyuk_defter("102", GUN, GUN)
    pdf = belge.defter_pdf("102", "Banka", GUN, GUN, devir, lines, ["Tarih", "No", "Hesap", "Açıklama", "Borç",
                                                                   "Alacak", "Bakiye"], "Büyük defter", HOSTILE)
    assert pdf.startswith(b"%PDF")
    pdf = belge.tablolar_pdf("Mali tablolar", GUN, GUN, [("Bilanço", ["Hesap", "Tutar"], [[HOSTILE, D("1.00")]]),
                                                          ("Boş", ["Hesap", "Tutar"], [])])
    assert pdf.startswith(b"%PDF")


def test_budget_results_by_functional_and_institutional_code(alfa):
    line = kalem("5000.00")
    onayla(rapor_harcama(line, "1200.00").id)
    by_function = dict(rapor.kod_dagilimi("830", "fonksiyonel", date(2026, 1, 1), date(2026, 12, 31)))
    by_unit = dict(rapor.kod_dagilimi("830", "kurumsal", date(2026, 1, 1), date(2026, 12, 31)))
    assert by_function.get("01.3", D(0)) >= D("1200.00") and by_unit.get("46.06", D(0)) >= D("1200.00")


def rapor_harcama(line, tutar):
    from modules.muhasebe.services import odenek
    from tests.modules.muhasebe.conftest import HAZIRLAYAN
    return odenek.harca(line.id, D(tutar), GUN, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1])


def test_the_pages(client):
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.onayla")
    H = {"Host": host("alfa")}
    assert client.get("/muhasebe/mutabakat", headers=H).status_code == 200
    assert client.post("/muhasebe/mutabakat", headers=H).status_code == 303
    assert "mutabakatlar" in client.get("/muhasebe/mutabakat", headers=H).get_data(as_text=True)
    pdf = client.get("/muhasebe/mizan?baslangic=2026-01-01&bitis=2026-12-31&bicim=pdf", headers=H)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    pdf = client.get("/muhasebe/defter?hesap=100&bicim=pdf", headers=H)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    pdf = client.get("/muhasebe/tablolar?baslangic=2026-01-01&bitis=2026-12-31&bicim=pdf", headers=H)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    pdf = client.get("/muhasebe/yevmiye?bicim=pdf", headers=H)  # issue 13: the yevmiye has a PDF now
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    page = client.get("/muhasebe/tablolar?baslangic=2026-01-01&bitis=2026-12-31", headers=H)
    assert page.status_code == 200 and "fonksiyonel" in page.get_data(as_text=True).lower()


def test_mizan_statement_and_tables_carry_the_municipalitys_name_and_its_own_logo(alfa):
    from tests.pdfs import assert_letterhead

    hesaplar.alt_hesap_ekle("102.08", "Banka", actor="t")
    kaydet(satirlar(("102.08", "B", "10.00"), ("600", "A", "10.00")), GUN)
    from ebelediye.extensions import db

    db.session.commit()  # the helper binds the tenants again
    headers = ["Hesap", "Ad", "Borç", "Alacak", "B. bakiye", "A. bakiye"]
    assert_letterhead(lambda: belge.mizan_pdf(rapor.mizan(GUN, GUN), headers, "Mizan"))
    assert_letterhead(lambda: belge.defter_pdf("102", "Banka", GUN, GUN, *rapor.buyuk_defter("102", GUN, GUN),
                                               headers + ["Bakiye"], "Büyük defter", "Devir"))
    assert_letterhead(lambda: belge.tablolar_pdf("Mali tablolar", GUN, GUN, [("Bilanço", ["Hesap", "Tutar"], [])]))
