"""The books: mizan, yevmiye and büyük defter for a date range (CSV/XLSX too), the
monthly lock, and the dashboard's cash card."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.registry import DashboardCard
from ebelediye.web import Pager, actor, actor_id, today

from ..schemas import AralikInput, AyInput, DefterInput, DonemAcmaInput
from ..services import acilis, belge, butce, donem, kilitli_donemler, rapor, yilsonu
from . import bp
from ._common import aralik, download, export

GORUNTULE = "muhasebe.goruntule"
#: the most vouchers one yevmiye PDF holds (a month of a large municipality; CSV/XLSX take any range)
YEVMIYE_PDF_SINIRI = 5000


@bp.route("/mizan")
@access("tenant", "staff")
@requires(GORUNTULE)
def mizan():
    args = inputs.load_args(AralikInput())
    bas, bit = aralik(args, today())
    m = rapor.mizan(bas, bit)
    if args["bicim"]:
        header = [_("Hesap kodu"), _("Hesap adı"), _("Borç"), _("Alacak"), _("Borç bakiyesi"), _("Alacak bakiyesi")]
        if args["bicim"] == "pdf":
            return download(belge.mizan_pdf(m, header, _("Mizan")), f"mizan-{bas}-{bit}.pdf", "application/pdf")
        rows = [[r.kod, r.ad, r.borc, r.alacak, r.borc_bakiye, r.alacak_bakiye] for r in m.satirlar]
        rows.append([_("Toplam"), "", m.borc, m.alacak, "", ""])
        return export(args["bicim"], f"mizan-{bas}-{bit}", _("Mizan"), header, rows)
    return render_template("muhasebe/mizan.html", m=m, bas=bas, bit=bit, donemler=kilitli_donemler(), pdf=True,
                           talepler=donem.acma_talepleri())


@bp.route("/yevmiye")
@access("tenant", "staff")
@requires(GORUNTULE)
def yevmiye():
    args = inputs.load_args(AralikInput())
    bas, bit = aralik(args, today())
    page = inputs.load_args(_PageInput())["sayfa"]
    if args["bicim"] == "pdf":
        vouchers, total = rapor.yevmiye(bas, bit, 1, per_page=YEVMIYE_PDF_SINIRI)
        if total > YEVMIYE_PDF_SINIRI:
            raise inputs.InvalidInput({"bicim": [_("Aralıkta %(n)s fiş var; PDF en çok %(m)s fiş alır. Aralığı "
                                                   "daraltın ya da CSV/XLSX seçin.", n=total, m=YEVMIYE_PDF_SINIRI)]})
        header = [_("Yevmiye no"), _("Tarih"), _("Hesap kodu"), _("Açıklama"), _("Borç"), _("Alacak")]
        return download(belge.yevmiye_pdf(vouchers, header, _("Yevmiye defteri"), bas, bit),
                        f"yevmiye-{bas}-{bit}.pdf", "application/pdf")
    if args["bicim"]:
        vouchers, _total = rapor.yevmiye(bas, bit, 1, per_page=100_000)
        header = [_("Yevmiye no"), _("Tarih"), _("Hesap kodu"), _("Açıklama"), _("Borç"), _("Alacak")]
        rows = [[v.numara, v.tarih, s.hesap_kod, s.aciklama or v.aciklama, s.borc, s.alacak]
                for v, lines in vouchers for s in lines]
        return export(args["bicim"], f"yevmiye-{bas}-{bit}", _("Yevmiye"), header, rows)
    vouchers, total = rapor.yevmiye(bas, bit, page)
    return render_template("muhasebe/yevmiye.html", vouchers=vouchers, bas=bas, bit=bit,
                           sayfa=Pager(page, total, 50), query=f"baslangic={bas}&bitis={bit}", pdf=True)


class _PageInput(inputs.Input):
    sayfa = inputs.Page(load_default=1)


@bp.route("/defter")
@access("tenant", "staff")
@requires(GORUNTULE)
def defter():
    args = inputs.load_args(DefterInput())
    bas, bit = aralik(args, today())
    devir, lines = rapor.buyuk_defter(args["hesap"], bas, bit)
    if args["bicim"]:
        header = [_("Tarih"), _("Yevmiye no"), _("Hesap kodu"), _("Açıklama"), _("Borç"), _("Alacak"), _("Bakiye")]
        if args["bicim"] == "pdf":
            content = belge.defter_pdf(args["hesap"], rapor.adlar().get(args["hesap"], ""), bas, bit, devir, lines,
                                       header, _("Büyük defter"), _("Devir"))
            return download(content, f"defter-{args['hesap']}-{bas}-{bit}.pdf", "application/pdf")
        rows = [[None, "", args["hesap"], _("Devir"), None, None, devir]]
        rows += [[s.tarih, s.fis_no, s.hesap_kod, s.aciklama, s.borc, s.alacak, s.bakiye] for s in lines]
        return export(args["bicim"], f"defter-{args['hesap']}-{bas}-{bit}", _("Büyük defter"), header, rows)
    return render_template("muhasebe/defter.html", hesap=args["hesap"], devir=devir, lines=lines, bas=bas, bit=bit, pdf=True,
                           adlar=rapor.adlar())


@bp.route("/donem/kilitle", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.donem.kilitle")
def donem_kilitle():
    data = inputs.load_form(AyInput())
    donem.kilitle(data["yil"], data["ay"], actor=actor())
    flash(_("%(ay)02d/%(yil)s dönemi kapatıldı.", ay=data["ay"], yil=data["yil"]), "success")
    return redirect(url_for(".mizan"), 303)


@bp.route("/donem/kilit-ac", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.donem.kilitle")
def donem_acma_talebi():
    data = inputs.load_form(DonemAcmaInput())
    donem.acma_talebi(data["yil"], data["ay"], data["gerekce"], actor=actor(), actor_id=actor_id())
    flash(_("Kilit açma talebi kaydedildi; başka bir yetkili onaylayınca dönem açılır."), "success")
    return redirect(url_for(".mizan"), 303)


@bp.route("/donem/kilit-ac/<int:talep_id>/onayla", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.donem.kilitle")
def donem_acma_onayla(talep_id: int):
    row = donem.acma_onayla(talep_id, actor=actor(), actor_id=actor_id())
    flash(_("%(ay)02d/%(yil)s döneminin kilidi açıldı.", ay=row.ay, yil=row.yil), "success")
    return redirect(url_for(".mizan"), 303)


@bp.route("/donem/kilit-ac/<int:talep_id>/reddet", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.donem.kilitle")
def donem_acma_reddet(talep_id: int):
    donem.acma_reddet(talep_id, actor=actor(), actor_id=actor_id())
    flash(_("Kilit açma talebi reddedildi; dönem kilitli kalıyor."), "success")
    return redirect(url_for(".mizan"), 303)


class _YilInput(inputs.Input):
    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)


@bp.route("/acilis", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.donem.kilitle")
def acilis_hazirla():
    data = inputs.load_form(_YilInput())
    row = acilis.hazirla(data["yil"], actor=actor(), actor_id=actor_id())
    flash(_("Açılış fişi hazırlandı; başka bir yetkili onaylayınca yeni yıl devir bakiyeleriyle açılır."), "success")
    return redirect(url_for(".fis", fis_id=row.id), 303)


@bp.route("/yil-sonu", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.donem.kilitle")
def yil_sonu():
    data = inputs.load_form(_YilInput())
    row = yilsonu.hazirla(data["yil"], actor=actor(), actor_id=actor_id())
    flash(_("Kapanış fişi hazırlandı; başka bir yetkili onaylayınca yıl kapanır."), "success")
    return redirect(url_for(".fis", fis_id=row.id), 303)


def nakit_card() -> DashboardCard:
    """Cash position: kasa, banka and POS receivables less the payment orders sent (one statement)."""
    return DashboardCard(_("Nakit durumu"), f"{rapor.nakit(today()):,.2f} ₺".replace(",", "X").replace(".", ",")
                         .replace("X", "."), _("100 + 102 + 109 − 103"), endpoint="muhasebe.mizan",
                         permission=GORUNTULE)


@bp.route("/tablolar")
@access("tenant", "staff")
@requires(GORUNTULE)
def tablolar():
    """Bilanço at the end of the range; faaliyet sonuçları (600/630 by economic code) and
    bütçe uygulama sonuçları (800 and 830 by economic code) for the range."""
    args = inputs.load_args(AralikInput())
    bas, bit = aralik(args, today())
    gelir = [(k, -v) for k, v in rapor.ekonomik_dagilim("600", bas, bit, 2)]
    gider = rapor.ekonomik_dagilim("630", bas, bit, 2)
    butce_gelir = [(k, -v) for k, v in rapor.ekonomik_dagilim("800", bas, bit, 2)]
    butce_gider = rapor.ekonomik_dagilim("830", bas, bit, 2)
    b = rapor.bilanco(bit)
    fonksiyonel = rapor.kod_dagilimi("830", "fonksiyonel", bas, bit)
    kurumsal = rapor.kod_dagilimi("830", "kurumsal", bas, bit)
    if args["bicim"]:
        tutar = _("Tutar")
        sections = [
            (_("Bilanço: varlıklar"), [_("Hesap"), tutar], [[f"{k} {ad}", v] for k, ad, v in b.varliklar]),
            (_("Bilanço: kaynaklar"), [_("Hesap"), tutar], [[f"{k} {ad}", v] for k, ad, v in b.kaynaklar]
             + [[_("Dönem faaliyet sonucu (kapanış yapılmamış)"), b.donem_sonucu]]),
            (_("Faaliyet sonuçları: gelirler (600)"), [_("Ekonomik kod"), tutar], [list(r) for r in gelir]),
            (_("Faaliyet sonuçları: giderler (630)"), [_("Ekonomik kod"), tutar], [list(r) for r in gider]),
            (_("Bütçe geliri (800)"), [_("Ekonomik kod"), tutar], [list(r) for r in butce_gelir]),
            (_("Bütçe gideri (830)"), [_("Ekonomik kod"), tutar], [list(r) for r in butce_gider]),
            (_("Bütçe giderleri fonksiyonel sınıflandırmaya göre"), [_("Fonksiyonel kod"), tutar],
             [list(r) for r in fonksiyonel]),
            (_("Bütçe giderleri kurumsal sınıflandırmaya göre"), [_("Kurumsal kod"), tutar], [list(r) for r in kurumsal]),
        ]
        if args["bicim"] == "pdf":
            return download(belge.tablolar_pdf(_("Mali tablolar"), bas, bit, sections),
                            f"mali-tablolar-{bas}-{bit}.pdf", "application/pdf")
        rows = [[heading, label, value] for heading, _header, body in sections for label, value in body]
        return export(args["bicim"], f"mali-tablolar-{bas}-{bit}", _("Mali tablolar"),
                      [_("Tablo"), _("Hesap / kod"), tutar], rows)
    return render_template("muhasebe/tablolar.html", b=b, bas=bas, bit=bit, gelir=gelir,
                           gider=gider, butce_gelir=butce_gelir, butce_gider=butce_gider,
                           fonksiyonel=fonksiyonel, kurumsal=kurumsal, pdf=True,
                           toplam=lambda rows: sum((v for _, v in rows), 0))


def butce_card() -> DashboardCard | None:
    """Budget usage of the year: used / appropriated (one statement)."""
    granted, used = butce.yil_toplami(today().year)
    if not granted:
        return None
    return DashboardCard(_("Bütçe kullanımı"), f"%{used / granted * 100:.1f}".replace(".", ","),
                         _("ödeneğin kullanılan kısmı"), endpoint="muhasebe.butce", permission=GORUNTULE)
