"""Staff pages of the marriage file: list, opening at the desk, the file with its checks,
documents, witnesses, overrides, fees and decisions."""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ebelediye import inputs, ports
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, Pager, actor, actor_id, query_string, today

from .. import hesap
from ..schemas import basvuru as sch
from ..schemas import ucret as usch
from ..services import ayar, belge, dosya_al, takvim, ucret
from ..services import basvuru as service
from . import bp
from ._common import to_file

GORUNTULE, YONET, ONAYLA = "evlendirme.basvuru.goruntule", "evlendirme.basvuru.yonet", "evlendirme.basvuru.onayla"


@bp.route("/basvurular")
@access("tenant", "staff")
@requires(GORUNTULE)
def basvurular():
    args = inputs.load_args(sch.AramaInput())
    rows, total = service.liste(ara=args["ara"], durum=args["durum"], sayfa=args["sayfa"])
    query = query_string(args, "ara", "durum")
    return render_template("evlendirme/basvurular.html", rows=rows, args=args, durumlar=service.DURUMLAR,
                           sayfa=Pager(args["sayfa"], total, service.PAGE), query=query, total=total)


@bp.route("/basvurular/yeni", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(YONET)
def basvuru_yeni():
    page = FormPage("evlendirme/basvuru_yeni.html", sch.BasvuruInput(), soyad=sch.SOYAD, amac=sch.AMAC,
                    cinsiyet=sch.CINSIYET, medeni=sch.MEDENI, muafiyetler=ayar.muafiyetler())
    if page.submitted:
        with page.attempt():
            row = service.ac(kanal="masa", gun=today(), actor=actor(), actor_id=actor_id(), **service.girdiden(page.load()))
            flash(_("Başvuru %(no)s açıldı.", no=row.no), "success")
            return to_file(row.id)
    return page.render()


def _detail(basvuru_id: int, **extra):
    row = dosya_al(basvuru_id)
    booking = takvim.aktif_nikah(row.id)
    return dict(
        row=row, taraflar=service.taraflar(row.id), taniklar=service.taniklar(row.id),
        belgeler=service.belgeler(row.id, hepsi=True), kontroller=service.son_kontroller(row.id),
        asimlar=service.asimlar(row.id), lifted=service.onayli_asimlar(row.id), nikah=booking,
        ucretler=ucret.fees(row.id), makbuzlar=ucret.makbuzlar(row.id), belge_turleri=hesap.BELGE_TURLERI,
        tasdik=hesap.TASDIK_YOLLARI, durumlar=service.DURUMLAR, nikah_durumlari=takvim.NIKAH_DURUMLARI,
        ucret_durumlari=ucret.DURUMLAR, kanallar=ucret.KANALLAR, salonlar=ayar.salonlar(), memurlar=ayar.memurlar(),
        gelir=ports.available(ports.FeeCharger), bugun=today(), values=extra.pop("values", {}),
        errors=extra.pop("errors", {}), message=extra.pop("message", None), **extra)


@bp.route("/basvurular/<int:basvuru_id>")
@access("tenant", "staff")
@requires(GORUNTULE)
def basvuru(basvuru_id: int):
    return render_template("evlendirme/basvuru.html", **_detail(basvuru_id))


def _form_action(basvuru_id: int, schema, run, done: str, anchor: str = ""):
    """A form on the file's page: run it, or show the page again with its messages."""
    page = FormPage("evlendirme/basvuru.html", schema)
    with page.attempt():
        run(page.load())
        flash(done, "success")
        return to_file(basvuru_id, anchor)
    context = _detail(basvuru_id, values=page.values, errors=page.problem.field_messages() if page.problem else {},
                      message=str(page.problem.message) if page.problem else None)
    return render_template("evlendirme/basvuru.html", **context), page.problem.status if page.problem else 422


@bp.route("/basvurular/<int:basvuru_id>/belge", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def belge_ekle(basvuru_id: int):
    return _form_action(basvuru_id, sch.BelgeInput(), lambda d: service.belge_ekle(basvuru_id, actor=actor(), **d),
                        _("Belge kaydedildi."), "belgeler")


@bp.route("/belgeler/<int:belge_id>/geri-al", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def belge_geri_al(belge_id: int):
    doc = service.belge_geri_al(belge_id, actor=actor())
    flash(_("Belge geri alındı."), "success")
    return to_file(doc.basvuru_id, "belgeler")


@bp.route("/basvurular/<int:basvuru_id>/tanik", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def tanik_degistir(basvuru_id: int):
    return _form_action(basvuru_id, sch.TanikInput(),
                        lambda d: service.tanik_degistir(basvuru_id, d["sira"], d["tckn"], actor=actor(), gun=today()),
                        _("Tanık değiştirildi."), "taniklar")


@bp.route("/basvurular/<int:basvuru_id>/kontrol", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def kontrol(basvuru_id: int):
    service.kontrol_et(basvuru_id, actor=actor(), gun=today())
    flash(_("Engel denetimi yeniden yapıldı."), "success")
    return to_file(basvuru_id, "kontroller")


@bp.route("/basvurular/<int:basvuru_id>/taraf-onay/<int:sira>", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def taraf_imza(basvuru_id: int, sira: int):
    """The party signed the beyanname at the desk."""
    party = next((p for p in service.taraflar(basvuru_id) if p.sira == sira), None)
    if party is None or not party.tckn:
        return to_file(basvuru_id)
    service.taraf_onayla(basvuru_id, party.tckn, actor=actor())
    flash(_("Tarafın onayı kaydedildi."), "success")
    return to_file(basvuru_id)


@bp.route("/basvurular/<int:basvuru_id>/asim", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def asim_iste(basvuru_id: int):
    return _form_action(basvuru_id, sch.AsimInput(), lambda d: service.asim_iste(
        basvuru_id, d["kod"], d["taraf_sira"], d["gerekce"], actor=actor(), actor_id=actor_id()),
        _("Aşım isteği ikinci onaya gönderildi."), "kontroller")


@bp.route("/asimlar/<int:asim_id>/<karar>", methods=["POST"])
@access("tenant", "staff")
@requires("evlendirme.asim.onayla")
def asim_karar(asim_id: int, karar: str):
    row = service.asim_karar(asim_id, karar == "onayla", actor=actor(), actor_id=actor_id())
    flash(_("Aşım isteği karara bağlandı."), "success")
    return to_file(row.basvuru_id, "kontroller")


@bp.route("/basvurular/<int:basvuru_id>/onayla", methods=["POST"])
@access("tenant", "staff")
@requires(ONAYLA)
def onayla(basvuru_id: int):
    service.onayla(basvuru_id, actor=actor(), actor_id=actor_id(), gun=today())
    flash(_("Dosya onaylandı."), "success")
    return to_file(basvuru_id)


@bp.route("/basvurular/<int:basvuru_id>/reddet", methods=["POST"])
@access("tenant", "staff")
@requires(ONAYLA)
def reddet(basvuru_id: int):
    return _form_action(basvuru_id, sch.NedenInput(), lambda d: service.reddet(basvuru_id, d["neden"], actor=actor()),
                        _("Dosya reddedildi."))


@bp.route("/basvurular/<int:basvuru_id>/geri-cek", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def geri_cek(basvuru_id: int):
    return _form_action(basvuru_id, sch.NedenInput(), lambda d: service.geri_cek(basvuru_id, d["neden"], actor=actor()),
                        _("Başvuru geri çekildi."))


@bp.route("/basvurular/<int:basvuru_id>/izin-ucreti", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def izin_ucreti(basvuru_id: int):
    ucret.izin_belgesi_ucreti(basvuru_id, actor=actor())
    flash(_("İzin belgesi ücreti yazıldı."), "success")
    return to_file(basvuru_id, "ucretler")


@bp.route("/basvurular/<int:basvuru_id>/izin-belgesi", methods=["POST"])
@access("tenant", "staff")
@requires(ONAYLA)
def izin_belgesi(basvuru_id: int):
    row = service.izin_belgesi_ver(basvuru_id, actor=actor(), gun=today())
    flash(_("Evlenme izin belgesi %(no)s verildi.", no=row.izin_belgesi_no), "success")
    return to_file(basvuru_id)


@bp.route("/basvurular/<int:basvuru_id>/izin-belgesi.pdf")
@access("tenant", "staff")
@requires(GORUNTULE)
def izin_belgesi_pdf(basvuru_id: int):
    row = dosya_al(basvuru_id)
    if not row.izin_belgesi_no:
        return to_file(basvuru_id)
    return send_file(io.BytesIO(belge.izin_belgesi_pdf(row, service.taraflar(row.id))), mimetype="application/pdf",
                     as_attachment=True, download_name=f"izin-belgesi-{row.izin_belgesi_no}.pdf")


@bp.route("/ucretler/<int:ucret_id>/tahsil", methods=["POST"])
@access("tenant", "staff")
@requires("evlendirme.ucret.tahsil")
def tahsil(ucret_id: int):
    data = inputs.load_form(usch.TahsilInput())
    receipt = ucret.masa_tahsil(ucret_id, data["odeme_sekli"], actor=actor(), odeyen=data["odeyen"])
    flash(_("Makbuz %(no)s kesildi.", no=receipt.no), "success")
    return to_file(ucret.ucret(ucret_id).basvuru_id, "ucretler")


@bp.route("/ucretler/<int:ucret_id>/esitle", methods=["POST"])
@access("tenant", "staff")
@requires(GORUNTULE)
def esitle(ucret_id: int):
    fee = ucret.durum_esitle(ucret_id, actor=actor())
    flash(_("Ödeme durumu Gelir'den okundu: %(durum)s.", durum=ucret.DURUMLAR[fee.durum]), "success")
    return to_file(fee.basvuru_id, "ucretler")


@bp.route("/makbuzlar/<int:makbuz_id>.pdf")
@access("tenant", "staff")
@requires(GORUNTULE)
def makbuz_pdf(makbuz_id: int):
    receipt = ucret.makbuz(makbuz_id)
    return send_file(io.BytesIO(belge.makbuz_pdf(receipt, _("Nikâh ücreti"))), mimetype="application/pdf",
                     as_attachment=True, download_name=f"makbuz-{receipt.no}.pdf")


@bp.route("/makbuzlar/<int:makbuz_id>/iptal", methods=["POST"])
@access("tenant", "staff")
@requires("evlendirme.ucret.tahsil")
def makbuz_iptal(makbuz_id: int):
    data = inputs.load_form(sch.NedenInput())
    reversal = ucret.makbuz_iptal(makbuz_id, data["neden"], actor=actor())
    flash(_("Makbuz iptal edildi: %(no)s.", no=reversal.no), "success")
    return redirect(request.referrer or url_for(".basvurular"), 303)
