"""The payslip (maaş bordrosu / ücret pusulası) as PDF (reportlab).

Every value that came from a person or a form is escaped with ``xml.sax.saxutils.escape``
before it reaches a Paragraph, so no one can put reportlab markup into a payslip; figures
and labels go into table cells as plain strings, which reportlab draws as text (and much
faster than a Paragraph).
"""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from flask_babel import lazy_gettext as _l
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.tenancy import require_tenant

from .. import hesap
from ..models import Birim, Bordro, BordroSatiri, Personel

_FONT, _BOLD = "Vera", "VeraBd"
TURLER = {"memur": "Memur (657)", "isci": "İşçi (4857)", "sozlesmeli": "Sözleşmeli", "gecici": "Geçici"}


def _fonts() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(_BOLD, "VeraBd.ttf"))


def _p(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text: escaped, so ``<b>`` or ``<font>`` stay literal."""
    return Paragraph(escape("" if value is None else str(value)), style)


def _grid(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), _FONT, 8.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 3)]))
    return table


def satir(satir_id: int, *, personel_id: int | None = None) -> tuple[BordroSatiri, Bordro, Personel]:
    """A payslip with its run and person; ``personel_id`` restricts it to one person (self-service)."""
    row = db.session.get(BordroSatiri, satir_id)
    if row is None or (personel_id is not None and row.personel_id != personel_id):
        raise NotFound(_l("Bordro satırı bulunamadı."))
    return row, db.session.get_one(Bordro, row.bordro_id), db.session.get_one(Personel, row.personel_id)


def bordro_pdf(satir_id: int, *, personel_id: int | None = None) -> bytes:
    """One person's payslip of one run as a PDF."""
    row, run, person = satir(satir_id, personel_id=personel_id)
    unit = db.session.scalar(db.select(Birim.ad).where(Birim.kod == row.birim_kodu)) or row.birim_kodu
    _fonts()
    title = ParagraphStyle("baslik", fontName=_BOLD, fontSize=14, leading=18, spaceAfter=4)
    text = ParagraphStyle("metin", fontName=_FONT, fontSize=9, leading=12)
    small = ParagraphStyle("kucuk", fontName=_FONT, fontSize=7.5, leading=9.5, textColor=colors.grey)
    buffer = io.BytesIO()
    tenant = require_tenant()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=f"Bordro {run.donem} {person.sicil_no}", author=tenant.name,
                            leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm)
    kind = "Fark bordrosu" if run.tur == "fark" else "Maaş bordrosu"
    story: list = [
        _p(tenant.name, title),
        _p(f"{kind} — {run.donem}", text),
        Spacer(1, 4 * mm),
        _grid([
            ["Ad soyad", _p(person.ad_soyad, text), "Sicil no", _p(person.sicil_no, text)],
            ["Birim", _p(unit, text), "Personel türü", TURLER.get(person.tur, person.tur)],
            ["IBAN", row.iban or "", "Gün", str(row.gun)],
        ], [30 * mm, 60 * mm, 30 * mm, 54 * mm]),
        Spacer(1, 4 * mm),
    ]
    money = [
        ("Brüt", row.brut, "SGK işçi payı", row.sgk_isci),
        ("SGK matrahı", row.sgk_matrahi, "İşsizlik işçi payı", row.issizlik_isci),
        ("Gelir vergisi matrahı", row.gv_matrahi, "Gelir vergisi", row.gelir_vergisi),
        ("Kümülatif matrah", row.kumulatif_matrah, "Damga vergisi", row.damga_vergisi),
        ("GV istisnası", row.gv_istisnasi, "Diğer kesintiler", row.diger_kesintiler),
        ("DV istisnası", row.dv_istisnasi, "NET ÖDENEN", row.net),
        ("İşveren SGK payı", row.sgk_isveren, "İşveren işsizlik payı", row.issizlik_isveren),
    ]
    # plain strings in a Table are drawn as text, never parsed as markup
    story.append(_grid([[a, hesap.tl(Decimal(b)), c, hesap.tl(Decimal(d))] for a, b, c, d in money],
                       [44 * mm, 43 * mm, 44 * mm, 43 * mm]))
    steps = (row.adimlar or {}).get("adimlar", [])
    if steps:
        story += [Spacer(1, 4 * mm), _p("Hesap adımları", text)]
        story.append(_grid([[str(s["adim"])[:120], str(s["deger"]), "", ""] for s in steps],
                           [110 * mm, 30 * mm, 17 * mm, 17 * mm]))
    story += [Spacer(1, 6 * mm),
              _p("Gelir vergisi kümülatif matrah üzerinden (GVK m.103), asgari ücret istisnaları GVK m.23/18 ve "
                 "DVK 2 sayılı tablo uyarınca uygulanmıştır.", small)]
    doc.build(story)
    return buffer.getvalue()
