"""Receipts and the no-debt letter as PDF, with the verification URL on the municipality's host."""

from datetime import date
from decimal import Decimal

from modules.gelir import belge
from modules.gelir.services import tahsilat
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, borc


def test_a_counter_receipt_is_a_pdf_with_its_number():
    with services.bound("alfa"):
        m = MukellefFactory(ad="Şükrü", soyad="Güneşoğlu")
        borc(m, "1000.00", date(2026, 5, 31))
        receipt = tahsilat.tahsil(m.id, "1200.00", "nakit", date(2026, 5, 1), actor="kasiyer@alfa").tahsilat
        pdf = belge.makbuz_pdf(receipt)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert f"Makbuz {receipt.makbuz_no}".encode() in pdf  # the document title


def test_the_verification_url_is_on_the_tenant_host(app):
    with services.bound("beta"):
        assert belge.dogrulama_url("KOD") == "https://beta.ebelediye.test/e-hizmet/makbuz/dogrula/KOD"
    with app.test_request_context("/", headers={"Host": host("alfa")}), services.bound("alfa"):
        assert belge.dogrulama_url("KOD") == "http://alfa.ebelediye.test/e-hizmet/makbuz/dogrula/KOD"


def test_no_debt_letter_is_a_pdf():
    with services.bound("alfa"):
        m = MukellefFactory(ad="İlkay", soyad="Çağlar")
        pdf = belge.borcu_yoktur_pdf(m, date(2026, 3, 1))
    assert pdf.startswith(b"%PDF") and b"Borcu yoktur" in pdf


def test_money_and_masks():
    assert belge.tl(Decimal("1250.4")) == "1.250,40 TL" and belge.tl(Decimal("0")) == "0,00 TL"
    assert belge.tl(Decimal("1234567.891").quantize(Decimal("0.01"))) == "1.234.567,89 TL"
    assert belge.maskeli_no("12345678901") == "123******01"
    with services.bound("alfa"):
        assert belge.maskeli_ad(MukellefFactory(ad="Ayşe", soyad="Yılmaz")) == "Ay** Yı****"


def test_receipt_letter_and_day_close_carry_the_municipalitys_name_and_its_own_logo():
    from ebelediye.extensions import db
    from modules.gelir.services import vezne
    from tests.pdfs import assert_letterhead

    with services.bound("alfa"):
        m = MukellefFactory()
        borc(m, "100.00", date(2026, 5, 31))
        receipt = tahsilat.tahsil(m.id, "100.00", "nakit", date(2026, 5, 1), actor="kasiyer@alfa").tahsilat
        session = vezne.ac(902, "k@alfa", date(2026, 5, 4), actor="k@alfa")
        vezne.tahsil(902, m.id, "5.00", "nakit", date(2026, 5, 4), actor="k@alfa")
        ids = receipt.id, m.id, session.id  # objects do not outlive ``bound``: each PDF reads them again
        db.session.commit()  # the helper binds the tenants again
    from modules.gelir.models import Mukellef, Tahsilat

    assert_letterhead(lambda: belge.makbuz_pdf(db.session.get(Tahsilat, ids[0])))
    assert_letterhead(lambda: belge.borcu_yoktur_pdf(db.session.get(Mukellef, ids[1]), date(2026, 3, 1)))
    assert_letterhead(lambda: belge.kapanis_pdf(vezne.rapor(ids[2])))
