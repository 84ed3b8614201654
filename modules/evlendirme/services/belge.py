"""Printable documents as PDF (reportlab): the marriage certificate (evlenme belgesi), the
multilingual extract of the marriage record (CIEC Formül B style: Turkish, English,
French, German labels), the evlenme izin belgesi and the desk receipt.

Every value that came from a person or a form is escaped before it reaches a Paragraph,
so no one can put reportlab markup into a certificate.  Each certificate carries a QR
code of its public verification page on the municipality's host.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ebelediye import pdf
from ebelediye.exports import pdf_text
from ebelediye.extensions import db
from ebelediye.tenancy import require_tenant

from ..models import Nikah, NikahBasvurusu, NikahMakbuzu, NikahMemuru, NikahSalonu, Tanik, Taraf
from . import tz

_FONT, _BOLD = "Vera", "VeraBd"


def _fonts() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(_BOLD, "VeraBd.ttf"))


def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    return {
        "baslik": ParagraphStyle("baslik", fontName=_BOLD, fontSize=15, leading=19, spaceAfter=4),
        "alt": ParagraphStyle("alt", fontName=_BOLD, fontSize=12, leading=15, spaceAfter=8),
        "metin": ParagraphStyle("metin", fontName=_FONT, fontSize=9.5, leading=13),
        "kucuk": ParagraphStyle("kucuk", fontName=_FONT, fontSize=7.5, leading=9.5, textColor=colors.grey),
    }


def _p(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text: escaped, so ``<b>`` or ``<font>`` stay literal."""
    return Paragraph(pdf_text(value), style)


def _qr(data: str, size: float = 30 * mm) -> Drawing:
    widget = QrCodeWidget(data)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def _doc(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(buffer, pagesize=A4, title=title, author=require_tenant().name,
                             leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm)


def _grid(rows: list[list], widths: list[float], header: bool = False) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [("FONT", (0, 0), (-1, -1), _FONT, 8.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 3),
             ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey)]
    if header:
        style += [("FONT", (0, 0), (-1, 0), _BOLD, 8.5), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]
    table.setStyle(TableStyle(style))
    return table


def _d(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


def _facts(booking: Nikah) -> tuple[NikahBasvurusu, list[Taraf], list[Tanik], str, str]:
    row = db.session.get_one(NikahBasvurusu, booking.basvuru_id)
    parties = list(db.session.scalars(db.select(Taraf).where(Taraf.basvuru_id == row.id).order_by(Taraf.sira)))
    witnesses = list(db.session.scalars(db.select(Tanik).where(Tanik.basvuru_id == row.id).order_by(Tanik.sira)))
    officer = db.session.get(NikahMemuru, booking.memur_id)
    hall = db.session.get(NikahSalonu, booking.salon_id) if booking.salon_id else None
    place = hall.ad if hall else booking.dis_adres
    return row, parties, witnesses, officer.ad_soyad if officer else "—", place


def _id_of(p: Taraf) -> str:
    return p.tckn if p.tckn else f"{p.uyruk} / {p.pasaport_no}"


def evlenme_belgesi(booking: Nikah, dogrulama_url: str) -> bytes:
    """The marriage certificate handed to the couple (with the family booklet number once
    KPS registered the marriage)."""
    s = _styles()
    row, parties, witnesses, officer, place = _facts(booking)
    when = booking.kiyildi_at.astimezone(tz()) if booking.kiyildi_at else None
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Evlenme belgesi {booking.kutuk_no}")
    w = [48 * mm, 62 * mm, 62 * mm]
    rows = [["", _p("Koca / Eş 1", s["metin"]), _p("Karı / Eş 2", s["metin"])]]
    for label, getter in (("Adı soyadı", lambda p: f"{p.ad} {p.soyad}"), ("T.C. kimlik / pasaport", _id_of),
                          ("Baba adı", lambda p: p.baba_adi), ("Anne adı", lambda p: p.anne_adi),
                          ("Doğum yeri ve tarihi", lambda p: f"{p.dogum_yeri} {_d(p.dogum_tarihi)}"),
                          ("Önceki medeni hali", lambda p: p.medeni_hal)):
        rows.append([_p(label, s["metin"]), *(_p(getter(p), s["metin"]) for p in parties)])
    story: list = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Evlenme Belgesi", s["alt"]),
        _grid([["Evlenme kütüğü no", _p(booking.kutuk_no, s["metin"])],
               ["Dosya no", _p(row.no, s["metin"])],
               ["Nikâh tarihi ve saati", _p(when.strftime("%d.%m.%Y %H:%M") if when else "—", s["metin"])],
               ["Yeri", _p(place, s["metin"])],
               ["Evlendirme memuru", _p(officer, s["metin"])],
               ["Aile cüzdanı no", _p(booking.aile_cuzdani_no or "KPS tescili bekleniyor", s["metin"])]],
              [55 * mm, 117 * mm]),
        Spacer(1, 5 * mm),
        _grid(rows, w, header=True),
        Spacer(1, 4 * mm),
        _grid([[_p("Tanık", s["metin"]), _p(f"{t.ad} {t.soyad}", s["metin"]), _p(t.tckn, s["metin"])]
               for t in witnesses], [48 * mm, 62 * mm, 62 * mm]),
        Spacer(1, 4 * mm),
        _p("Taraflar, iki tanığın huzurunda evlendirme memurunun sorusuna ayrı ayrı 'evet' demiş; evlilik "
           "Türk Medeni Kanunu m.142 uyarınca kurulmuştur.", s["metin"]),
        Spacer(1, 6 * mm),
        Table([[_qr(dogrulama_url), _p(f"Doğrulama: {dogrulama_url}", s["kucuk"])]], colWidths=[34 * mm, 138 * mm]),
    ]
    doc.build(story)
    return buffer.getvalue()


#: Formül B labels: Turkish / English / French / German
LABELS = [
    ("Yer / Place / Lieu / Ort", "yer"), ("Tarih / Date / Date / Datum", "tarih"),
    ("Kütük no / Record no / N° d'acte / Registernummer", "kutuk"),
]
PARTY_LABELS = [
    ("Soyadı / Surname / Nom / Familienname", lambda p: p.soyad),
    ("Adı / Forenames / Prénoms / Vornamen", lambda p: p.ad),
    ("Doğum tarihi / Date of birth / Date de naissance / Geburtsdatum", lambda p: _d(p.dogum_tarihi)),
    ("Doğum yeri / Place of birth / Lieu de naissance / Geburtsort", lambda p: p.dogum_yeri or "—"),
    ("Kimlik / Identity / Identité / Identität", _id_of),
    ("Evlilikten sonraki soyadı / Surname after marriage / Nom après le mariage / Name nach der Eheschließung",
     lambda p: p.soyad),
]


def coklu_dil_ornegi(booking: Nikah, dogrulama_url: str) -> bytes:
    """The multilingual extract of the marriage record (uluslararası evlenme kayıt örneği)."""
    s = _styles()
    row, parties, _, _, place = _facts(booking)
    when = booking.kiyildi_at.astimezone(tz()).date() if booking.kiyildi_at else None
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Formül B {booking.kutuk_no}")
    head = {"yer": f"{require_tenant().name}, {place}", "tarih": _d(when), "kutuk": booking.kutuk_no}
    rows = [[_p(label, s["kucuk"]), _p(head[key], s["metin"])] for label, key in LABELS]
    party_rows = [[_p("", s["kucuk"]), _p("Eş 1 / Spouse 1 / Époux 1 / Ehegatte 1", s["kucuk"]),
                   _p("Eş 2 / Spouse 2 / Époux 2 / Ehegatte 2", s["kucuk"])]]
    for label, getter in PARTY_LABELS:
        values = []
        for p in parties:
            value = getter(p)
            if label.startswith("Evlilikten") and p.cinsiyet == "K":
                husband = next((q for q in parties if q.cinsiyet == "E"), None)
                value = {"es": husband.soyad if husband else p.soyad,
                         "onceki_ve_es": f"{p.soyad} {husband.soyad}" if husband else p.soyad,
                         "yalniz_onceki": p.soyad}[row.soyad_tercihi]
            values.append(_p(value, s["metin"]))
        party_rows.append([_p(label, s["kucuk"]), *values])
    story: list = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Evlenme Kayıt Örneği (Formül B) / Extract of the marriage record / Extrait d'acte de mariage / "
                  "Auszug aus dem Heiratseintrag", s["alt"]),
        _grid(rows, [70 * mm, 102 * mm]),
        Spacer(1, 4 * mm),
        _grid(party_rows, [62 * mm, 55 * mm, 55 * mm], header=True),
        Spacer(1, 6 * mm),
        Table([[_qr(dogrulama_url), _p(f"Doğrulama / Verification: {dogrulama_url}", s["kucuk"])]],
              colWidths=[34 * mm, 138 * mm]),
    ]
    doc.build(story)
    return buffer.getvalue()


def makbuz_pdf(receipt: NikahMakbuzu, aciklama: str) -> bytes:
    """A desk receipt (or its reversal)."""
    s = _styles()
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Makbuz {receipt.no}")
    amount = Decimal(receipt.tutar).quantize(Decimal("0.01"))
    whole, _, cents = f"{abs(amount):,.2f}".partition(".")
    shown = f"{'-' if amount < 0 else ''}{whole.replace(',', '.')},{cents} TL"
    story = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Evlendirme Tahsilat Makbuzu" + (" (İPTAL)" if receipt.iptal_edilen_id else ""), s["alt"]),
        _grid([["Makbuz no", _p(receipt.no, s["metin"])], ["Tarih", _p(_d(receipt.tarih), s["metin"])],
               ["Ödeyen", _p(receipt.odeyen, s["metin"])], ["Açıklama", _p(aciklama, s["metin"])],
               ["Ödeme şekli", _p(receipt.odeme_sekli, s["metin"])], ["Tutar", _p(shown, s["metin"])],
               ["Tahsil eden", _p(receipt.kasiyer, s["metin"])]], [45 * mm, 127 * mm]),
    ]
    doc.build(story)
    return buffer.getvalue()


def izin_belgesi_pdf(row: NikahBasvurusu, parties: list[Taraf]) -> bytes:
    """The evlenme izin (ehliyet) belgesi for a ceremony in another municipality."""
    s = _styles()
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Evlenme izin belgesi {row.izin_belgesi_no}")
    story = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Evlenme İzin Belgesi", s["alt"]),
        _grid([["Belge no", _p(row.izin_belgesi_no, s["metin"])], ["Dosya no", _p(row.no, s["metin"])],
               ["Nikâhın kıyılacağı yer", _p(row.izin_belgesi_yeri or "—", s["metin"])],
               ["Geçerlilik", _p(f"{_d(row.gecerlilik_bitis)} gününe dek", s["metin"])]], [55 * mm, 117 * mm]),
        Spacer(1, 4 * mm),
        _grid([[_p(f"{p.ad} {p.soyad}", s["metin"]), _p(_id_of(p), s["metin"]), _p(_d(p.dogum_tarihi), s["metin"])]
               for p in parties], [72 * mm, 55 * mm, 45 * mm]),
        Spacer(1, 4 * mm),
        _p("Tarafların evlenmesine Türk Medeni Kanunu'na göre engel bir durum bulunmadığı, belediyemizde yapılan "
           "inceleme sonucunda anlaşılmıştır.", s["metin"]),
    ]
    doc.build(story)
    return buffer.getvalue()
