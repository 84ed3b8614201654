"""Gelir's exports and documents with hostile user text (issue 10, 3-4): a taxpayer named
like a formula stays text in CSV and XLSX; markup in every free-text field of every PDF
stays literal (no 500, no embedded server file)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import text

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir import belge
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, borc, staff_with

A = {"Host": host("alfa")}
FORMULA = '=HYPERLINK("http://kotu.example/","Tikla")'
MARKUP = ['<b>x</b> & <unclosed', '<img src="/etc/passwd"/>']


def _no_image(pdf: bytes) -> bool:
    return b"/Subtype /Image" not in pdf


def test_a_formula_named_taxpayer_is_text_in_the_top_debtors_csv_and_xlsx(client):
    staff_with(client, "alfa", "gelir.rapor.goruntule")
    with services.bound("alfa"):
        m = MukellefFactory(ad=FORMULA, soyad="-2+3")
        borc(m, "99999.00", date(2024, 11, 30), gelir_kodu="emlak_bina")
        db.session.commit()
    query = {"gun": "2026-12-15", "gecikme": "1"}
    response = client.get("/gelir/raporlar/borclular", query_string={**query, "bicim": "csv"}, headers=A)
    assert response.status_code == 200
    cells = [c for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";") for c in row]
    named = [c for c in cells if "HYPERLINK" in c]
    assert named and all(c.startswith("'=") for c in named)
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    response = client.get("/gelir/raporlar/borclular", query_string={**query, "bicim": "xlsx"}, headers=A)
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in x or b"<f " in x for x in sheets)
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    named = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert named and all(c.data_type == "s" for c in named)
    assert any(isinstance(c.value, (int, float)) for row in sheet.iter_rows(min_row=2) for c in row)  # money stays money


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_in_the_receipt_and_the_day_close_stays_text(client, markup):
    """The cashier's close note, the taxpayer's name, the debt's description and the
    revenue type's name on the receipt; the close report; the no-debt letter."""
    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    with services.bound("alfa"):
        m = MukellefFactory(ad=markup, soyad=markup)
        debt = borc(m, "300.00", clock.today() + timedelta(days=30))
        db.session.execute(text("UPDATE tahakkuklar SET aciklama = :a WHERE id = :id"), {"a": markup, "id": debt.id})
        db.session.commit()
        mid = m.id
    assert client.post("/gelir/vezne/ac", headers=A).status_code == 302
    paid = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A, data={"tutar": "300.00", "kanal": "nakit"})
    assert paid.status_code == 302, paid.get_data(as_text=True)
    receipt_page = client.get(paid.location, headers=A).get_data(as_text=True)
    pdf = client.get(re.search(r'href="([^"]+\.pdf)"', receipt_page).group(1), headers=A)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and _no_image(pdf.data)
    closed = client.post("/gelir/vezne/kapanis", headers=A, data={"sayilan_nakit": "300", "aciklama": markup})
    assert closed.status_code == 302, closed.get_data(as_text=True)
    report = client.get(closed.location.split("?")[0] + ".pdf", headers=A)
    assert report.status_code == 200 and report.data.startswith(b"%PDF") and _no_image(report.data)
    with services.bound("alfa"):
        letter = belge.borcu_yoktur_pdf(db.session.get(type(m), mid), date(2026, 12, 1))
        db.session.rollback()
    assert letter.startswith(b"%PDF") and _no_image(letter)


def test_cash_sessions_show_istanbul_time_on_the_page_and_the_pdf(client):
    """A day opened at 00:17 in Ankara is stored as 21:17 UTC of the day before (issue 10, 9)."""
    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    assert client.post("/gelir/vezne/ac", headers=A).status_code == 302
    with services.bound("alfa"):
        session_id = db.session.execute(text(
            "UPDATE vezne_oturumlari SET acilis_at = '2026-12-01 21:17:00+00' RETURNING id")).scalar_one()
        db.session.commit()
    page = client.get(f"/gelir/vezne/oturumlar/{session_id}", headers=A)
    body = page.get_data(as_text=True)
    assert "02.12.2026 00:17" in body and "21:17" not in body
    assert page.headers["Cache-Control"] == "no-store"
    pdf = client.get(f"/gelir/vezne/oturumlar/{session_id}.pdf", headers=A)
    assert pdf.status_code == 200 and pdf.headers["Cache-Control"] == "no-store"
