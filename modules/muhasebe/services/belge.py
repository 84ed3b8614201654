"""The mizan, the yevmiye, an account statement (büyük defter) and the financial statements
as PDF (reportlab).

Account names and line descriptions are the municipality's text: they go through
``ebelediye.exports.paragraph`` (markup escaped, control characters dropped), so a
sub-account named ``<img src="/etc/passwd"/>`` is printed, never run.  Figures go into
table cells as plain strings.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from ebelediye import exports, pdf
from ebelediye.tenancy import require_tenant

from ..models import Fis, FisSatiri
from .kesin_hesap import KesinHesap
from .rapor import DefterSatiri, Mizan

_FONT, _BOLD = "Vera", "VeraBd"


def _fonts() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(_BOLD, "VeraBd.ttf"))


def _tl(value: Decimal | None) -> str:
    if value is None or value == 0:
        return ""
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _gun(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _doc(title: str) -> tuple[io.BytesIO, SimpleDocTemplate, dict]:
    _fonts()
    buffer = io.BytesIO()
    tenant = require_tenant()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=title, author=tenant.name, leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm)
    styles = {"baslik": ParagraphStyle("baslik", fontName=_BOLD, fontSize=13, leading=16, spaceAfter=3),
              "metin": ParagraphStyle("metin", fontName=_FONT, fontSize=8, leading=10),
              "antet": pdf.letterhead()}
    return buffer, doc, styles


def _table(rows: list[list], widths: list[float], numeric_from: int) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), _FONT, 7.5), ("FONT", (0, 0), (-1, 0), _BOLD, 7.5),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))
    return table


def mizan_pdf(m: Mizan, headers: list[str], title: str) -> bytes:
    """The trial balance: every account (main accounts bold in the CSV's order), the totals and the control rules."""
    buffer, doc, st = _doc(title)
    rows: list[list] = [headers]
    for r in m.satirlar:
        rows.append([r.kod, exports.paragraph(r.ad, st["metin"]), _tl(r.borc), _tl(r.alacak), _tl(r.borc_bakiye),
                     _tl(r.alacak_bakiye)])
    rows.append(["Σ", "", _tl(m.borc), _tl(m.alacak), "", ""])
    story = [*pdf.flowables(st["antet"], st["baslik"], st["metin"]),
             exports.paragraph(f"{title} {_gun(m.bas)} – {_gun(m.bit)}", st["metin"]), Spacer(1, 3 * mm),
             _table(rows, [28 * mm, 110 * mm, 32 * mm, 32 * mm, 32 * mm, 32 * mm], 2), Spacer(1, 3 * mm)]
    for k in m.kontroller:
        story.append(exports.paragraph(f"{k.kural}: {_tl(k.sol) or '0,00'} / {_tl(k.sag) or '0,00'} — "
                                       f"{'✓' if k.tutuyor else '✗'}", st["metin"]))
    doc.build(story)
    return buffer.getvalue()


def defter_pdf(kod: str, ad: str, bas: date, bit: date, devir: Decimal, lines: list[DefterSatiri],
               headers: list[str], title: str, devir_label: str) -> bytes:
    """An account's statement: the balance brought forward, each line and the running balance."""
    buffer, doc, st = _doc(title)
    rows: list[list] = [headers, ["", "", kod, exports.paragraph(devir_label, st["metin"]), "", "", _tl(devir) or "0,00"]]
    for s in lines:
        rows.append([_gun(s.tarih), s.fis_no, s.hesap_kod, exports.paragraph(s.aciklama, st["metin"]), _tl(s.borc),
                     _tl(s.alacak), _tl(s.bakiye) or "0,00"])
    story = [*pdf.flowables(st["antet"], st["baslik"], st["metin"]),
             exports.paragraph(f"{title}: {kod} {ad} — {_gun(bas)} – {_gun(bit)}", st["metin"]), Spacer(1, 3 * mm),
             _table(rows, [22 * mm, 26 * mm, 24 * mm, 104 * mm, 30 * mm, 30 * mm, 30 * mm], 4)]
    doc.build(story)
    return buffer.getvalue()


def tablolar_pdf(title: str, bas: date, bit: date, sections: list[tuple[str, list[str], list[list]]]) -> bytes:
    """The financial statements: each section a title, a header and rows of (label, amount)."""
    buffer, doc, st = _doc(title)
    story: list = [*pdf.flowables(st["antet"], st["baslik"], st["metin"]),
                   exports.paragraph(f"{title} {_gun(bas)} – {_gun(bit)}", st["metin"])]
    for heading, header, rows in sections:
        body = [[exports.paragraph(label, st["metin"]), _tl(value) or "0,00"] for label, value in rows]
        story += [Spacer(1, 4 * mm), exports.paragraph(heading, st["baslik"]),
                  _table([header, *body] if body else [header], [180 * mm, 40 * mm], 1)]
    doc.build(story)
    return buffer.getvalue()


def yevmiye_pdf(vouchers: list[tuple[Fis, list[FisSatiri]]], headers: list[str], title: str, bas: date,
                bit: date) -> bytes:
    """The journal: each approved voucher in number order with its lines and the range's totals."""
    buffer, doc, st = _doc(title)
    rows: list[list] = [headers]
    borc = alacak = Decimal(0)
    for v, lines in vouchers:
        rows.append([v.numara, _gun(v.tarih), "", exports.paragraph(v.aciklama, st["metin"]), "", ""])
        for s in lines:
            rows.append(["", "", s.hesap_kod, exports.paragraph(s.aciklama, st["metin"]), _tl(s.borc), _tl(s.alacak)])
            borc += s.borc
            alacak += s.alacak
    rows.append(["Σ", "", "", "", _tl(borc) or "0,00", _tl(alacak) or "0,00"])
    story = [*pdf.flowables(st["antet"], st["baslik"], st["metin"]),
             exports.paragraph(f"{title} {_gun(bas)} – {_gun(bit)}", st["metin"]), Spacer(1, 3 * mm),
             _table(rows, [26 * mm, 22 * mm, 28 * mm, 132 * mm, 32 * mm, 32 * mm], 4)]
    doc.build(story)
    return buffer.getvalue()


def kesin_hesap_pdf(k: KesinHesap, title: str, state: str, gider_title: str, gider_headers: list[str],
                    gelir_title: str, gelir_headers: list[str], total: str, signatures: list[str]) -> bytes:
    """The kesin hesap tables of a year: the bütçe gider cetveli (appropriation to what is
    left or cancelled) and the bütçe gelir cetveli (accrued to net), each with its totals,
    and the signature blocks of those who sign the kesin hesap."""
    buffer, doc, st = _doc(title)
    gider: list[list] = [gider_headers]
    for r in [*k.gider, k.gider_toplam()]:
        gider.append([r.ekonomik or total, _tl(r.baslangic), _tl(r.eklenen), _tl(r.aktarma_gelen),
                      _tl(r.aktarma_giden), _tl(r.toplam) or "0,00", _tl(r.harcanan), _tl(r.kalan) or "0,00"])
    gelir: list[list] = [gelir_headers]
    for g in [*k.gelir, k.gelir_toplam()]:
        gelir.append([g.ekonomik or total, _tl(g.tahakkuk), _tl(g.tahsilat), _tl(g.iade), _tl(g.net) or "0,00"])
    story: list = [*pdf.flowables(st["antet"], st["baslik"], st["metin"]),
                   exports.paragraph(f"{title} {k.yil}", st["metin"]), exports.paragraph(state, st["metin"]),
                   Spacer(1, 3 * mm), exports.paragraph(gider_title, st["baslik"]),
                   _totals(_table(gider, [34 * mm] + [30.5 * mm] * 7, 1)),
                   Spacer(1, 5 * mm), exports.paragraph(gelir_title, st["baslik"]),
                   _totals(_table(gelir, [34 * mm] + [40 * mm] * 4, 1)), Spacer(1, 14 * mm)]
    blocks = Table([[exports.paragraph(name, st["metin"]) for name in signatures],
                    [exports.paragraph("……………………………", st["metin"]) for _name in signatures]],
                   colWidths=[80 * mm] * len(signatures), hAlign="LEFT")
    story.append(blocks)
    doc.build(story)
    return buffer.getvalue()


def _totals(table: Table) -> Table:
    """The last row (the totals) in bold, above a rule."""
    table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), _BOLD, 7.5),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]))
    return table
