"""Gelir's printed documents: the receipt (makbuz) as PDF, with a QR code for verification.

Minimal version written with the cash desk; the documents helper may replace this file.
"""

from __future__ import annotations

import io
import os

import reportlab
from flask import current_app
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ebelediye.tenancy import require_tenant

from .hesap import tl
from .models import Mukellef, Tahsilat

FONT = "Vera"
_KANAL = {"nakit": "Nakit", "kart": "Kredi kartı", "havale": "Havale/EFT", "online": "Online (kart)"}


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    return FONT


def dogrulama_adresi(tahsilat: Tahsilat) -> str:
    """The public URL the receipt's QR code carries."""
    tenant = require_tenant()
    return f"https://{tenant.slug}.{current_app.config['BASE_DOMAIN']}/makbuz/dogrula/{tahsilat.dogrulama_kodu}"


def makbuz_pdf(tahsilat: Tahsilat) -> bytes:
    """The receipt of a payment as a one-page A5 PDF."""
    from ebelediye.extensions import db

    from .services.tahsilat import dagilim_satirlari

    font = _font()
    tenant = require_tenant()
    payer = db.session.get(Mukellef, tahsilat.mukellef_id)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setTitle(f"Makbuz {tahsilat.makbuz_no}")
    width, height = A5
    y = height - 18 * mm
    pdf.setFont(font, 13)
    pdf.drawString(12 * mm, y, tenant.name)
    y -= 7 * mm
    pdf.setFont(font, 11)
    pdf.drawString(12 * mm, y, "Tahsilat Makbuzu")
    pdf.setFont(font, 9)
    for label, value in (
        ("Makbuz no", tahsilat.makbuz_no),
        ("Tarih", f"{tahsilat.tarih:%d.%m.%Y}"),
        ("Mükellef", f"{payer.gorunen_ad} ({payer.kimlik_no})" if payer else str(tahsilat.mukellef_id)),
        ("Ödeme şekli", _KANAL.get(tahsilat.kanal, tahsilat.kanal)
         + (f" — dekont {tahsilat.belge_no}" if tahsilat.belge_no else "")),
        ("Tahsil eden", tahsilat.alan),
    ):
        y -= 6 * mm
        pdf.drawString(12 * mm, y, f"{label}: {value}")
    y -= 9 * mm
    pdf.drawString(12 * mm, y, "Ödenen borçlar")
    pdf.line(12 * mm, y - 1.5 * mm, width - 12 * mm, y - 1.5 * mm)
    applied = 0
    for line in dagilim_satirlari(tahsilat.id):
        y -= 5.5 * mm
        if y < 40 * mm:
            pdf.drawString(12 * mm, y, "…")
            break
        pdf.drawString(12 * mm, y, f"{line['ad']} {line['yil']}/{line['taksit']} (vade {line['vade']:%d.%m.%Y})"[:70])
        pdf.drawRightString(width - 12 * mm, y, f"{tl(line['tutar'])} TL")
        applied += line["tutar"]
    credit = tahsilat.tutar - applied
    if credit > 0:
        y -= 5.5 * mm
        pdf.drawString(12 * mm, y, "Alacak olarak kaydedilen")
        pdf.drawRightString(width - 12 * mm, y, f"{tl(credit)} TL")
    y -= 8 * mm
    pdf.setFont(font, 11)
    pdf.drawString(12 * mm, y, "Toplam")
    pdf.drawRightString(width - 12 * mm, y, f"{tl(tahsilat.tutar)} TL")

    url = dogrulama_adresi(tahsilat)
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    size = 28 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.drawOn(pdf, width - 12 * mm - size, 10 * mm)
    pdf.setFont(font, 7)
    pdf.drawString(12 * mm, 14 * mm, "Doğrulama:")
    pdf.drawString(12 * mm, 10 * mm, url[:80])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
