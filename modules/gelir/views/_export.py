"""Report exports: CSV that Excel opens right in a Turkish locale, and XLSX (openpyxl).

CSV: ``;`` as separator, UTF-8 with a BOM (so Excel reads ı, ş, ğ right), decimal comma
and no thousands separator (so Excel in Turkish reads money as numbers), dates GG.AA.YYYY.
XLSX: money as numbers with two decimals, dates as dates, one sheet per table.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from flask import Response

from ebelediye.exports import csv_row, neutralise_sheet

from ..services.rapor import Tablo

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("para", "oran") and isinstance(value, (Decimal, int, float)):
        return f"{Decimal(value):.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def csv_bytes(tablo: Tablo) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    # every cell through the core's formula guard (ebelediye.exports: OWASP CSV injection)
    writer.writerow(csv_row(c.baslik for c in tablo.sutunlar))
    for row in tablo.satirlar:
        writer.writerow(csv_row(_csv_value(row.get(c.anahtar), c.tur) for c in tablo.sutunlar))
    if tablo.toplam:
        writer.writerow(csv_row(_csv_value(tablo.toplam.get(c.anahtar), c.tur) for c in tablo.sutunlar))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(tablolar: list[Tablo], baslik: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for tablo in tablolar:
        sheet = book.create_sheet(tablo.baslik[:31])
        sheet.append([c.baslik for c in tablo.sutunlar])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        rows = list(tablo.satirlar) + ([tablo.toplam] if tablo.toplam else [])
        for row in rows:
            sheet.append([_xlsx_value(row.get(c.anahtar), c.tur) for c in tablo.sutunlar])
        for index, column in enumerate(tablo.sutunlar, start=1):
            letter = get_column_letter(index)
            fmt = {"para": "#,##0.00", "oran": "0.00", "tarih": "DD.MM.YYYY", "sayi": "0"}.get(column.tur)
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = fmt
            sheet.column_dimensions[letter].width = max(12, min(50, len(column.baslik) + 4))
        if tablo.toplam:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        neutralise_sheet(sheet)  # no text cell is a formula (ebelediye.exports)
    book.properties.title = baslik
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind in ("para", "oran") and isinstance(value, (Decimal, int)):
        # openpyxl writes Decimal as a number; quantize so the cell holds exactly two decimals
        return Decimal(value).quantize(Decimal("0.01"))
    return value


def download(content: bytes, filename: str, mimetype: str) -> Response:
    """An attachment response; the file name is ASCII with a UTF-8 variant (RFC 6266)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "rapor"
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}")
    return response


def csv_response(tablo: Tablo, filename: str) -> Response:
    return download(csv_bytes(tablo), filename, "text/csv; charset=utf-8")


def xlsx_response(tablolar: list[Tablo], filename: str, baslik: str) -> Response:
    return download(xlsx_bytes(tablolar, baslik), filename, XLSX_MIME)
