"""Gelir's printable documents as PDF (reportlab): receipts (makbuz) and the no-debt letter.

The font is reportlab's bundled Bitstream Vera, which covers the Turkish letters; amounts
are written with "TL" (Vera has no ₺ glyph).  A receipt carries a QR code of its public
verification page on the municipality's host.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from flask import current_app, has_request_context, url_for
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
from ebelediye.exports import paragraph, pdf_text
from ebelediye.extensions import db
from ebelediye.formatting import local, moment
from ebelediye.tenancy import require_tenant

from .models import Mukellef, Tahsilat
from .services import tahsilat as tahsilat_service
from .yazi import tutar_yaziyla

KANAL_ADLARI = {"nakit": "Nakit (vezne)", "kart": "Kredi kartı (vezne)", "havale": "Havale / EFT",
                "online": "İnternet (kredi kartı)", "banka": "Anlaşmalı banka"}
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
        "kucuk": ParagraphStyle("kucuk", fontName=_FONT, fontSize=8, leading=10, textColor=colors.grey),
    }


def tl(amount: Decimal | int | None) -> str:
    """Turkish money format: 1.250,40 TL."""
    value = Decimal(amount or 0).quantize(Decimal("0.01"))
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents} TL"


def maskeli_ad(mukellef: Mukellef) -> str:
    """A name as a public page may show it: "Ay** Yı****"."""
    return " ".join(part[:2] + "*" * max(len(part) - 2, 1) for part in mukellef.gorunen_ad.split())


def maskeli_no(no: str) -> str:
    return no[:3] + "*" * max(len(no) - 5, 0) + no[-2:] if len(no) > 5 else "*****"


def dogrulama_url(kod: str) -> str:
    """The public verification page of a receipt, on the municipality's host."""
    if has_request_context():
        return url_for("gelir_vatandas.makbuz_dogrula", kod=kod, _external=True)
    return f"https://{require_tenant().slug}.{current_app.config['BASE_DOMAIN']}/e-hizmet/makbuz/dogrula/{kod}"


def _qr(data: str, size: float = 32 * mm) -> Drawing:
    widget = QrCodeWidget(data)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def _doc(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(buffer, pagesize=A4, title=title, author=require_tenant().name,
                             leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm)


def _grid(rows: list[list], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [("FONT", (0, 0), (-1, -1), _FONT, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 3)]
    if header:
        style += [("FONT", (0, 0), (-1, 0), _BOLD, 9), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                  ("ALIGN", (-1, 0), (-1, -1), "RIGHT")]
    table.setStyle(TableStyle(style))
    return table


def makbuz_pdf(tahsilat: Tahsilat) -> bytes:
    """The receipt of a payment (online or at the counter) as PDF bytes."""
    s = _styles()
    mukellef = db.session.get(Mukellef, tahsilat.mukellef_id)
    lines = tahsilat_service.dagilim_satirlari(tahsilat.id)
    applied = sum((Decimal(r["tutar"]) for r in lines), Decimal("0.00"))
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Makbuz {tahsilat.makbuz_no}")
    story: list = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Tahsilat Makbuzu", s["alt"]),
        _grid([
            ["Makbuz no", tahsilat.makbuz_no],
            ["Tarih", f"{tahsilat.tarih:%d.%m.%Y}"],
            ["Mükellef", mukellef.gorunen_ad if mukellef else "-"],
            ["T.C. Kimlik / Vergi No", maskeli_no(mukellef.kimlik_no) if mukellef else "-"],
            ["Ödeme şekli", KANAL_ADLARI.get(tahsilat.kanal, tahsilat.kanal)],
            *([["Belge / onay no", tahsilat.belge_no]] if tahsilat.belge_no else []),
            ["Tahsil eden", paragraph(tahsilat_service.tahsil_eden(tahsilat), s["metin"])],
            *([["Ödeyen", paragraph(tahsilat.odeyen, s["metin"])]] if tahsilat.odeyen else []),
        ], [45 * mm, 120 * mm], header=False),
        Spacer(1, 6 * mm),
    ]
    rows = [["Gelir türü", "Yıl / taksit", "Vade", "Açıklama", "Tutar"]]
    for r in lines:
        label = f"{r['ad']} ({r['borc']} borcunun)" if r.get("borc") else r["ad"]
        rows.append([paragraph(label, s["metin"]), f"{r['yil']}/{r['taksit']}", f"{r['vade']:%d.%m.%Y}",
                     paragraph(r["aciklama"], s["metin"]), tl(r["tutar"])])
    rows += [["", "", "", "Borçlara uygulanan", tl(applied)],
             ["", "", "", "Alacak olarak kalan", tl(tahsilat.tutar - applied)],
             ["", "", "", "Ödenen toplam", tl(tahsilat.tutar)]]
    table = _grid(rows, [42 * mm, 22 * mm, 22 * mm, 50 * mm, 30 * mm])
    table.setStyle(TableStyle([("FONT", (3, -1), (-1, -1), _BOLD, 9.5),
                               ("LINEABOVE", (3, -3), (-1, -3), 0.6, colors.black)]))
    story += [table, Spacer(1, 3 * mm),
              Paragraph(f"Yalnız {pdf_text(tutar_yaziyla(tahsilat.tutar))}", s["metin"]), Spacer(1, 6 * mm)]
    url = dogrulama_url(tahsilat.dogrulama_kodu)
    story.append(Table([[_qr(url), Paragraph(
        f"Bu makbuzun gerçekliğini karekodu okutarak ya da şu adreste doğrulayabilirsiniz:<br/>{pdf_text(url)}", s["metin"])]],
        colWidths=[36 * mm, 130 * mm], hAlign="LEFT", style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [Spacer(1, 6 * mm), Paragraph("Bu belge elektronik ortamda üretilmiştir.", s["kucuk"])]
    doc.build(story)
    return buffer.getvalue()


def borcu_yoktur_pdf(mukellef: Mukellef, gun: date) -> bytes:
    """The "borcu yoktur" letter: the taxpayer has no open debt to the municipality on ``gun``."""
    s = _styles()
    buffer = io.BytesIO()
    doc = _doc(buffer, "Borcu yoktur yazısı")
    tenant = require_tenant()
    story = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Borcu Yoktur Yazısı", s["alt"]),
        _grid([["Tarih", f"{gun:%d.%m.%Y}"], ["Mükellef", mukellef.gorunen_ad],
               ["T.C. Kimlik / Vergi No", maskeli_no(mukellef.kimlik_no)]], [45 * mm, 120 * mm], header=False),
        Spacer(1, 8 * mm),
        Paragraph(f"Yukarıda bilgileri yazılı mükellefin {gun:%d.%m.%Y} tarihi itibarıyla {pdf_text(tenant.name)} "
                  "gelirlerinden vadesi gelmiş ya da gelmemiş ödenmemiş borcu bulunmamaktadır.", s["metin"]),
        Spacer(1, 4 * mm),
        Paragraph("Bu yazı, düzenlendiği gün itibarıyla geçerlidir; sonradan tahakkuk edecek borçları kapsamaz.",
                  s["metin"]),
        Spacer(1, 8 * mm),
        Paragraph("Bu belge e-Hizmet üzerinden elektronik ortamda üretilmiştir.", s["kucuk"]),
    ]
    doc.build(story)
    return buffer.getvalue()


def dogrulama_adresi(tahsilat: Tahsilat) -> str:
    """The public verification URL of a receipt (the cash desk's receipt page shows it)."""
    return dogrulama_url(tahsilat.dogrulama_kodu)


def kapanis_pdf(rapor) -> bytes:
    """The cashier's day-close report (kasa kapanış tutanağı) of a closed or open session."""
    s = _styles()
    session = rapor.oturum
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Kasa kapanışı {session.id}")
    counted = session.sayilan_nakit
    story: list = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Vezne Kasa Kapanış Tutanağı", s["alt"]),
        _grid([
            ["Oturum", f"#{session.id}"],
            ["Gün", f"{session.tarih:%d.%m.%Y}"],
            ["Kasiyer", session.kasiyer],
            ["Açılış", moment(session.acilis_at)],
            ["Kapanış", moment(session.kapanis_at) if session.kapanis_at else "açık"],
        ], [45 * mm, 120 * mm], header=False),
        Spacer(1, 6 * mm),
    ]
    rows = [["Ödeme şekli", "Makbuz", "Beklenen"]]
    for kanal, amount in rapor.beklenen.items():
        rows.append([KANAL_ADLARI.get(kanal, kanal), str(rapor.adetler.get(kanal, 0)), tl(amount)])
    rows.append(["Toplam", str(sum(rapor.adetler.values())), tl(rapor.toplam)])
    story += [_grid(rows, [60 * mm, 30 * mm, 40 * mm]), Spacer(1, 5 * mm)]
    if counted is not None:
        story.append(_grid([["Sayılan nakit", tl(counted)], ["Fark (sayılan − beklenen nakit)", tl(session.fark)],
                            *([["Açıklama", paragraph(session.aciklama, s["metin"])]] if session.aciklama else [])],
                           [60 * mm, 105 * mm], header=False))
        story.append(Spacer(1, 5 * mm))
    receipts = [["Makbuz no", "Saat", "Ödeme şekli", "Tutar"]]
    receipts += [[r.makbuz_no, f"{local(r.created_at):%H:%M}", KANAL_ADLARI.get(r.kanal, r.kanal), tl(r.tutar)]
                 for r in rapor.makbuzlar]
    story += [Paragraph("Makbuzlar", s["alt"]), _grid(receipts, [45 * mm, 20 * mm, 40 * mm, 35 * mm]),
              Spacer(1, 12 * mm),
              _grid([["Teslim eden (kasiyer)", "Teslim alan (veznedar / muhasebe)"], ["", ""]],
                    [80 * mm, 80 * mm], header=True),
              Spacer(1, 4 * mm), Paragraph("Bu belge elektronik ortamda üretilmiştir.", s["kucuk"])]
    doc.build(story)
    return buffer.getvalue()


def odeme_emri_pdf(emir) -> bytes:
    """An ödeme emri (6183 m.55) on the municipality's letterhead: the debts, the 15 days to
    pay or declare assets, and the objection route (m.58); user text is markup-escaped."""
    s = _styles()
    mukellef = db.session.get(Mukellef, emir.mukellef_id)
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Ödeme emri {emir.no}")
    rows = [["Gelir türü", "Yıl/taksit", "Vade", "Anapara", "Gecikme zammı"]]
    rows += [[pdf_text(k["gelir_adi"]), f"{k['yil']}/{k['taksit']}", date.fromisoformat(k["vade"]).strftime("%d.%m.%Y"),
              tl(Decimal(k["anapara"])), tl(Decimal(k["gecikme"]))] for k in emir.kalemler]
    rows.append(["Toplam", "", "", tl(emir.anapara), tl(emir.gecikme)])
    story = [
        *pdf.flowables(pdf.letterhead(), s["baslik"], s["kucuk"]),
        Paragraph("Ödeme Emri (6183 sayılı Kanun m.55)", s["alt"]),
        _grid([["Ödeme emri no", emir.no], ["Düzenleme tarihi", f"{emir.duzenleme_tarihi:%d.%m.%Y}"],
               ["Borçlu", paragraph(mukellef.gorunen_ad if mukellef else "", s["metin"])],
               ["T.C. Kimlik / Vergi No", maskeli_no(mukellef.kimlik_no) if mukellef else ""],
               ["Adres", paragraph(mukellef.adres if mukellef else "", s["metin"])]],
              [45 * mm, 120 * mm], header=False),
        Spacer(1, 6 * mm),
        _grid(rows, [55 * mm, 25 * mm, 25 * mm, 30 * mm, 30 * mm]),
        Spacer(1, 6 * mm),
        Paragraph(f"Yukarıda yazılı amme borcunun toplam {tl(emir.toplam)} tutarını, gecikme zammı ödeme gününe "
                  "kadar ayrıca hesaplanmak üzere, bu ödeme emrinin tebliğinden itibaren 15 gün içinde ödemeniz "
                  "veya aynı süre içinde mal bildiriminde bulunmanız gerekir. Süresinde ödenmeyen borç 6183 "
                  "sayılı Kanun hükümlerine göre cebren tahsil edilir.", s["metin"]),
        Spacer(1, 3 * mm),
        Paragraph("Borcun bulunmadığı, kısmen ödendiği veya zamanaşımına uğradığı iddiasıyla tebliğden itibaren "
                  "15 gün içinde vergi mahkemesinde dava açabilirsiniz (m.58).", s["metin"]),
        Spacer(1, 10 * mm),
        _grid([["Tebliğ eden", "Tebliğ alan", "Tebliğ tarihi"], ["", "", ""]], [55 * mm, 55 * mm, 55 * mm]),
        Spacer(1, 4 * mm), Paragraph("Bu belge elektronik ortamda üretilmiştir.", s["kucuk"]),
    ]
    doc.build(story)
    return buffer.getvalue()
