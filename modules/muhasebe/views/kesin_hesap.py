"""The kesin hesap tables of a year (bütçe gider and gelir kesin hesap cetvelleri by
economic code), on a page and as CSV/XLSX/PDF."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import today

from ..services import belge
from ..services import kesin_hesap as service
from . import bp
from ._common import download, export

GORUNTULE = "muhasebe.goruntule"


class _KesinHesapInput(inputs.Input):
    yil = inputs.Integer(minimum=2000, maximum=2100, load_default=None)
    bicim = inputs.Choice(("", "csv", "xlsx", "pdf"), load_default="")


def gider_basliklari() -> list[str]:
    return [_("Ekonomik kod"), _("Bütçe ödeneği"), _("Eklenen ödenek"), _("Aktarma (+)"), _("Aktarma (−)"),
            _("Toplam ödenek"), _("Harcama"), _("İptal edilen / kalan ödenek")]


def gelir_basliklari() -> list[str]:
    return [_("Ekonomik kod"), _("Tahakkuk"), _("Tahsilat"), _("Ret ve iade"), _("Net tahsilat")]


@bp.route("/kesin-hesap")
@access("tenant", "staff")
@requires(GORUNTULE)
def kesin_hesap():
    args = inputs.load_args(_KesinHesapInput())
    yil = args["yil"] or today().year
    k = service.kesin_hesap(yil)
    if args["bicim"] == "pdf":
        state = _("Yıl kapatılmış: kalan ödenek iptal edilmiştir.") if k.kapali else \
            _("Yıl kapatılmamış: son sütun henüz iptal edilmemiş, kalan ödenektir.")
        content = belge.kesin_hesap_pdf(
            k, _("Kesin hesap cetvelleri"), state, _("Bütçe gider kesin hesap cetveli"), gider_basliklari(),
            _("Bütçe gelir kesin hesap cetveli"), gelir_basliklari(), _("Toplam"),
            [_("Hazırlayan: muhasebe yetkilisi"), _("Mali hizmetler birimi yöneticisi"),
             _("Üst yönetici (belediye başkanı)")])
        return download(content, f"kesin-hesap-{yil}.pdf", "application/pdf")
    if args["bicim"]:
        gider, gelir = _("Gider kesin hesabı"), _("Gelir kesin hesabı")
        rows: list[list] = [[gider, r.ekonomik, r.baslangic, r.eklenen, r.aktarma_gelen, r.aktarma_giden, r.toplam,
                             r.harcanan, r.kalan] for r in k.gider]
        rows += [[gelir, r.ekonomik, r.tahakkuk, r.tahsilat, r.iade, r.net, None, None, None] for r in k.gelir]
        header = [_("Cetvel"), *gider_basliklari()]
        return export(args["bicim"], f"kesin-hesap-{yil}", _("Kesin hesap"), header, rows)
    return render_template("muhasebe/kesin_hesap.html", k=k, yil=yil, gider_basliklari=gider_basliklari(),
                           gelir_basliklari=gelir_basliklari())
