"""Exports of issue 13: the yevmiye as PDF (user text printed as text, a range too large for
one PDF refused with its message) and the financial statements as CSV and XLSX (cells that
would be formulas quoted through ``ebelediye.exports``)."""

import io
from datetime import date

from openpyxl import load_workbook

from ebelediye.extensions import db
from modules.muhasebe.services import belge, rapor
from modules.muhasebe.views import _common
from modules.muhasebe.views import rapor as rapor_views
from tenants import services
from tests.modules.muhasebe.conftest import D, kaydet, satirlar
from tests.plugin import host, staff_with

GUN = date(2026, 3, 3)
HOSTILE = '=HYPERLINK("http://x") <img src="/etc/passwd"/> & <b>'
H = {"Host": host("alfa")}
RANGE = "baslangic=2026-03-03&bitis=2026-03-03"


def test_yevmiye_pdf_prints_hostile_text(alfa):
    kaydet(satirlar(("102", "B", "12.50"), ("600", "A", "12.50")), GUN, aciklama=HOSTILE)
    vouchers, total = rapor.yevmiye(GUN, GUN, 1, per_page=100)
    assert total >= 1
    pdf = belge.yevmiye_pdf(vouchers, ["No", "Tarih", "Hesap", "Açıklama", "Borç", "Alacak"], "Yevmiye", GUN, GUN)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")


def test_exports_quote_formulas_and_keep_numbers():
    content = _common.csv_bytes(["a", "b"], [[HOSTILE, D("-12.50")], ["-12,50", "@SUM(A1)"]]).decode("utf-8-sig")
    assert "'=HYPERLINK" in content and ";-12,50" in content and "\r\n-12,50;'@SUM(A1)" in content
    sheet = load_workbook(io.BytesIO(_common.xlsx_bytes("t", ["a", "b"], [[HOSTILE, D("1.00")]]))).active
    cell = sheet["A2"]
    assert cell.value == HOSTILE and cell.data_type == "s" and cell.quotePrefix
    assert sheet["B2"].value == 1


def test_statement_exports_and_yevmiye_pdf_pages(client, monkeypatch):
    with services.bound("alfa"):
        kaydet(satirlar(("102", "B", "1234.50"), ("600", "A", "1234.50")), GUN, aciklama=HOSTILE)
        db.session.commit()
    staff_with(client, "alfa", "muhasebe.goruntule")
    csv = client.get(f"/muhasebe/tablolar?{RANGE}&bicim=csv", headers=H)
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True).lstrip("\ufeff")
    assert text.splitlines()[0] == "Tablo;Hesap / kod;Tutar" and "Bilanço: varlıklar" in text
    assert any(line.startswith("Faaliyet sonuçları: gelirler (600);") for line in text.splitlines())
    xlsx = client.get(f"/muhasebe/tablolar?{RANGE}&bicim=xlsx", headers=H)
    assert xlsx.status_code == 200 and xlsx.mimetype == _common.XLSX_MIME
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[1]] == ["Tablo", "Hesap / kod", "Tutar"] and sheet.max_row > 2
    pdf = client.get(f"/muhasebe/yevmiye?{RANGE}&bicim=pdf", headers=H)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    monkeypatch.setattr(rapor_views, "YEVMIYE_PDF_SINIRI", 0)
    refused = client.get(f"/muhasebe/yevmiye?{RANGE}&bicim=pdf", headers=H)
    assert refused.status_code == 422 and "Aralığı" in refused.get_data(as_text=True)
    assert client.get(f"/muhasebe/tablolar?{RANGE}&bicim=docx", headers=H).status_code == 422
    assert client.get("/muhasebe/tablolar?baslangic=2026-02-30&bicim=csv", headers=H).status_code == 422
    staff_with(client, "alfa", "gelir.goruntule")
    assert client.get(f"/muhasebe/tablolar?{RANGE}&bicim=csv", headers=H).status_code == 403
    assert client.get(f"/muhasebe/yevmiye?{RANGE}&bicim=pdf", headers=H).status_code == 403
