"""What Muhasebe's pages share: exports that spreadsheets cannot
turn into formulas (``ebelediye.exports``: a text cell starting with = + - @ tab or CR gets
a quote in CSV and is a quoted text cell in XLSX), date ranges."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from flask import Response

from ebelediye import exports
from ebelediye.web import attachment

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def aralik(args: dict, today: date) -> tuple[date, date]:
    end = args.get("bitis") or today
    start = args.get("baslangic") or date(end.year, 1, 1)
    if start > end:
        start, end = end, start
    return start, end


def _csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(exports.csv_cell(str(value)))


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv(h) for h in header])
    for row in rows:
        writer.writerow([_csv(v) for v in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    exports.neutralise_sheet(sheet)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(content: bytes, filename: str, mimetype: str) -> Response:
    return attachment(content, filename, mimetype, fallback="rapor")


def export(bicim: str, name: str, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Response:
    if bicim == "xlsx":
        return download(xlsx_bytes(title, header, rows), f"{name}.xlsx", XLSX_MIME)
    return download(csv_bytes(header, rows), f"{name}.csv", "text/csv; charset=utf-8")
