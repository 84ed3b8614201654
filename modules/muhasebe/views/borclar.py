"""Payables pages: suppliers and their invoices, payment orders, the bank payment file, advances."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import Pager, actor, actor_id, today

from ..schemas import (
    AramaInput,
    AvansInput,
    AvansKapatInput,
    FaturaInput,
    KesintiAyiInput,
    OdemeEmriInput,
    TedarikciInput,
)
from ..services import borclar as service
from ..services import butce, vergi
from . import bp
from ._common import download

GORUNTULE, HAZIRLA, ONAYLA = "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla"
PAGE = 25
KESINTI_SAYFASI = 50
VERGI_ALANLARI = ("matrah", "kdv_turu", "tevkifat", "damga", "stopaj", "kdv", "odenecek")
FIS_DURUMU = {"taslak": _l("Onay bekliyor"), "onaylandi": _l("Onaylandı"), "yok": _l("İptal / ters kayıt")}
AVANS_DURUMU = {"odeme_bekliyor": _l("Ödeme emri onay bekliyor"), "acik": _l("Açık (kapatılmadı)"),
                "kapanis_bekliyor": _l("Kapanış onay bekliyor"), "kapandi": _l("Kapandı"), "iptal": _l("İptal")}


@bp.route("/tedarikciler")
@access("tenant", "staff")
@requires(GORUNTULE)
def tedarikciler():
    args = inputs.load_args(AramaInput())
    rows, total = service.tedarikciler(args["ara"], args["sayfa"], PAGE)
    return render_template("muhasebe/tedarikciler.html", rows=rows, args=args, sayfa=Pager(args["sayfa"], total, PAGE),
                           query=f"ara={args['ara']}" if args["ara"] else "")


@bp.route("/tedarikciler", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def tedarikci_kaydet():
    data = inputs.load_form(TedarikciInput())
    row = service.tedarikci_kaydet(data["kimlik_no"], data["unvan"], data["iban"], data["adres"], actor=actor())
    flash(_("Tedarikçi kaydedildi: %(unvan)s.", unvan=row.unvan), "success")
    return redirect(url_for(".tedarikci", tedarikci_id=row.id), 303)


@bp.route("/tedarikciler/<int:tedarikci_id>")
@access("tenant", "staff")
@requires(GORUNTULE)
def tedarikci(tedarikci_id: int):
    row = service.tedarikci(tedarikci_id)
    invoices = [(f, service.fatura_durumu(f)) for f in service.faturalar(row.id)]
    return render_template("muhasebe/tedarikci.html", row=row, faturalar=invoices, durumlar=FIS_DURUMU,
                           kalemler=butce.kalemler(today().year), bugun=today(), secenek=vergi.secenekler(today()))


@bp.route("/tedarikciler/<int:tedarikci_id>/fatura", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def fatura_kaydet(tedarikci_id: int):
    data = inputs.load_form(FaturaInput())
    row = service.fatura_kaydet(tedarikci_id, data["fatura_no"], data["fatura_tarihi"], data["tutar"], data["kalem_id"],
                                actor=actor(), actor_id=actor_id(), gider_ekonomik=data["gider_ekonomik"],
                                aciklama=data["aciklama"], **{k: data[k] for k in VERGI_ALANLARI})
    flash(_("Fatura kaydedildi; ödeme emri belgesi başka bir yetkilinin onayını bekliyor."), "success")
    return redirect(url_for(".fis", fis_id=row.fis_id), 303)


@bp.route("/faturalar/<int:fatura_id>/odeme-emri", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def odeme_emri(fatura_id: int):
    data = inputs.load_form(OdemeEmriInput())
    row = service.odeme_emri(fatura_id, data["tutar"], data["tarih"], actor=actor(), actor_id=actor_id())
    flash(_("Ödeme emri hazırlandı; başka bir yetkili onaylayınca banka dosyasına girer."), "success")
    return redirect(url_for(".fis", fis_id=row.fis_id), 303)


@bp.route("/odemeler")
@access("tenant", "staff")
@requires(GORUNTULE)
def odemeler():
    return render_template("muhasebe/odemeler.html", bekleyen=service.gonderilecekler(),
                           dosyalar=service.banka_dosyalari())


@bp.route("/odemeler/banka-dosyasi", methods=["POST"])
@access("tenant", "staff")
@requires(ONAYLA)
def banka_dosyasi_olustur():
    row = service.banka_dosyasi_olustur(actor=actor())
    flash(_("Banka dosyası hazırlandı: %(adet)s ödeme.", adet=row.adet), "success")
    return redirect(url_for(".odemeler"), 303)


@bp.route("/odemeler/banka-dosyasi/<int:dosya_id>.csv")
@access("tenant", "staff")
@requires(ONAYLA)
def banka_dosyasi(dosya_id: int):
    content = service.banka_dosyasi_csv(dosya_id)
    return download(("\ufeff" + content).encode("utf-8"), f"odeme-{dosya_id}.csv", "text/csv; charset=utf-8")


@bp.route("/avanslar")
@access("tenant", "staff")
@requires(GORUNTULE)
def avanslar():
    rows = [(a, service.avans_durumu(a)) for a in service.avanslar()]
    return render_template("muhasebe/avanslar.html", rows=rows, durumlar=AVANS_DURUMU,
                           kalemler=butce.kalemler(today().year), bugun=today())


@bp.route("/avanslar", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def avans_ver():
    data = inputs.load_form(AvansInput())
    row = service.avans_ver(data["kimlik_no"], data["ad_soyad"], data["iban"], data["tutar"], data["kalem_id"],
                            data["tarih"], actor=actor(), actor_id=actor_id(), aciklama=data["aciklama"])
    flash(_("Avans ödeme emri hazırlandı; başka bir yetkili onaylamalı."), "success")
    return redirect(url_for(".fis", fis_id=row.fis_id), 303)


@bp.route("/avanslar/<int:avans_id>/kapat", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def avans_kapat(avans_id: int):
    data = inputs.load_form(AvansKapatInput())
    voucher = service.avans_kapat(avans_id, data["harcanan"], data["iade"], data["tarih"], actor=actor(),
                                  actor_id=actor_id(), gider_ekonomik=data["gider_ekonomik"])
    flash(_("Avans kapanış fişi hazırlandı; başka bir yetkili onaylamalı."), "success")
    return redirect(url_for(".fis", fis_id=voucher.id), 303)


def _ay(args: dict) -> tuple[int, int]:
    gun = today()
    return args["yil"] or gun.year, args["ay"] or gun.month


@bp.route("/vergi-kesintileri")
@access("tenant", "staff")
@requires(GORUNTULE)
def vergi_kesintileri():
    """The month's withholdings (KDV tevkifatı, damga, stopaj): totals per kind and the rows."""
    args = inputs.load_args(KesintiAyiInput())
    yil, ay = _ay(args)
    rows, total = vergi.ay_satirlari(yil, ay, args["sayfa"], KESINTI_SAYFASI)
    return render_template("muhasebe/vergi_kesintileri.html", yil=yil, ay=ay, ozet=vergi.ay_ozeti(yil, ay), rows=rows,
                           turler=vergi.KESINTI_TURLERI, sayfa=Pager(args["sayfa"], total, KESINTI_SAYFASI),
                           query=f"yil={yil}&ay={ay}")


@bp.route("/vergi-kesintileri.csv")
@access("tenant", "staff")
@requires(GORUNTULE)
def vergi_kesintileri_csv():
    args = inputs.load_args(KesintiAyiInput())
    yil, ay = _ay(args)
    content = vergi.ay_csv(yil, ay)
    return download(("\ufeff" + content).encode("utf-8"), f"vergi-kesintileri-{yil}-{ay:02d}.csv",
                    "text/csv; charset=utf-8")
