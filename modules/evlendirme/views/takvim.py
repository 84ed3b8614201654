"""Staff pages of scheduling and the ceremony: the day's calendar, booking a file a hall
slot or an outside ceremony, reschedules, cancellations, the officiant's day, completion
and the documents of a completed marriage."""

from __future__ import annotations

import io
from datetime import timedelta

from flask import abort, flash, render_template, send_file, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id, today

from ..schemas import basvuru as bsch
from ..schemas import takvim as sch
from ..services import ayar, belge, nikah, takvim
from ..services import basvuru as dosyalar
from . import bp
from ._common import to_file

TAKVIM = "evlendirme.takvim.yonet"


@bp.route("/takvim", endpoint="takvim")
@access("tenant", "staff")
@requires("evlendirme.basvuru.goruntule")
def takvim_gunu():
    args = inputs.load_args(sch.GunInput())
    gun = args["gun"] or today()
    closed, slots = takvim.gun_slotlari(gun, args["salon_id"])
    ceremonies = takvim.gunun_nikahlari(gun)
    files = {n.basvuru_id: dosyalar.taraflar(n.basvuru_id) for n in ceremonies}
    return render_template("evlendirme/takvim.html", gun=gun, kapali=closed, slotlar=slots, nikahlar=ceremonies,
                           taraflar=files, memurlar={m.id: m for m in ayar.memurlar(hepsi=True)},
                           salonlar=ayar.salonlar(), salon_id=args["salon_id"], durumlar=takvim.NIKAH_DURUMLARI,
                           bekleyenler=takvim.bekleme_sirasi(gun), onceki=gun - timedelta(days=1),
                           sonraki=gun + timedelta(days=1), ozet=takvim.bos_gunler(today(), 14))


@bp.route("/basvurular/<int:basvuru_id>/randevu", methods=["POST"])
@access("tenant", "staff")
@requires(TAKVIM)
def randevu(basvuru_id: int):
    data = inputs.load_form(sch.RandevuInput())
    booking = takvim.tut(basvuru_id, data["salon_id"], data["baslangic"], actor=actor())
    flash(_("Nikâh randevusu verildi: %(an)s.", an=booking.baslangic.strftime("%d.%m.%Y %H:%M")), "success")
    return to_file(basvuru_id, "nikah")


@bp.route("/basvurular/<int:basvuru_id>/dis-randevu", methods=["POST"])
@access("tenant", "staff")
@requires(TAKVIM)
def dis_randevu(basvuru_id: int):
    data = inputs.load_form(sch.DisRandevuInput())
    booking = takvim.dis_tut(basvuru_id, data["baslangic"], adres=data["adres"], mesafe_km=data["mesafe_km"],
                             sure_dk=data["sure_dk"], yol_dk=data["yol_dk"], memur_id=data["memur_id"], actor=actor())
    flash(_("Salon dışı nikâh randevusu verildi: %(an)s.", an=booking.baslangic.strftime("%d.%m.%Y %H:%M")), "success")
    return to_file(basvuru_id, "nikah")


@bp.route("/basvurular/<int:basvuru_id>/bekleme", methods=["POST"])
@access("tenant", "staff")
@requires(TAKVIM)
def bekleme(basvuru_id: int):
    data = inputs.load_form(sch.BeklemeInput())
    takvim.bekleme_ekle(basvuru_id, data["tarih"], salon_id=data["salon_id"], actor=actor())
    flash(_("Dosya bekleme listesine alındı."), "success")
    return to_file(basvuru_id, "nikah")


@bp.route("/nikahlar/<int:nikah_id>/ertele", methods=["POST"])
@access("tenant", "staff")
@requires(TAKVIM)
def ertele(nikah_id: int):
    data = inputs.load_form(sch.ErteleInput())
    new = takvim.ertele(nikah_id, data["baslangic"], salon_id=data["salon_id"], actor=actor())
    flash(_("Nikâh ertelendi: %(an)s.", an=new.baslangic.strftime("%d.%m.%Y %H:%M")), "success")
    return to_file(new.basvuru_id, "nikah")


@bp.route("/nikahlar/<int:nikah_id>/iptal", methods=["POST"])
@access("tenant", "staff")
@requires(TAKVIM)
def iptal(nikah_id: int):
    data = inputs.load_form(bsch.NedenInput())
    row = takvim.iptal(nikah_id, data["neden"], actor=actor())
    flash(_("Nikâh iptal edildi."), "success")
    return to_file(row.basvuru_id, "nikah")


@bp.route("/gunum")
@access("tenant", "staff")
@requires("evlendirme.nikah.kiy")
def gunum():
    """The officiant's screen for the day: their ceremonies (all, for an unlinked account)."""
    args = inputs.load_args(sch.GunInput())
    gun = args["gun"] or today()
    officer = nikah.memur_of_staff(actor_id())
    ceremonies = takvim.gunun_nikahlari(gun, memur_id=officer.id if officer else None)
    return render_template("evlendirme/gunum.html", gun=gun, memur=officer, nikahlar=ceremonies,
                           taraflar={n.basvuru_id: dosyalar.taraflar(n.basvuru_id) for n in ceremonies},
                           taniklar={n.basvuru_id: dosyalar.taniklar(n.basvuru_id) for n in ceremonies},
                           dosyalar={n.basvuru_id: dosyalar.dosya_al(n.basvuru_id) for n in ceremonies},
                           salonlar={s.id: s for s in ayar.salonlar(hepsi=True)}, durumlar=takvim.NIKAH_DURUMLARI,
                           onceki=gun - timedelta(days=1), sonraki=gun + timedelta(days=1))


@bp.route("/nikahlar/<int:nikah_id>/tamamla", methods=["POST"])
@access("tenant", "staff")
@requires("evlendirme.nikah.kiy")
def tamamla(nikah_id: int):
    data = inputs.load_form(sch.TamamlaInput())
    row = nikah.tamamla(nikah_id, taniklar_hazir=data["taniklar_hazir"], iki_taraf_evet=data["iki_taraf_evet"],
                        actor=actor(), actor_id=actor_id())
    flash(_("Nikâh kıyıldı; evlenme kütüğü no %(no)s. KPS'ye bildiriliyor.", no=row.kutuk_no), "success")
    return to_file(row.basvuru_id, "nikah")


@bp.route("/nikahlar/<int:nikah_id>/gelmedi", methods=["POST"])
@access("tenant", "staff")
@requires("evlendirme.nikah.kiy")
def gelmedi(nikah_id: int):
    row = nikah.gelmedi(nikah_id, actor=actor())
    flash(_("Gelinmedi olarak kaydedildi."), "success")
    return to_file(row.basvuru_id, "nikah")


@bp.route("/nikahlar/<int:nikah_id>/kps", methods=["POST"])
@access("tenant", "staff")
@requires("evlendirme.nikah.kiy")
def kps_yeniden(nikah_id: int):
    row = takvim.nikah(nikah_id)
    result = nikah.kps_bildir(nikah_id, actor=actor())
    flash(_("KPS: %(durum)s", durum=result.get("aile_cuzdani_no") or result.get("neden") or result["durum"]),
          "success" if result["durum"] == "tescil" else "error")
    return to_file(row.basvuru_id, "nikah")


def _completed(nikah_id: int):
    row = takvim.nikah(nikah_id)
    if row.durum != "kiyildi" or not row.dogrulama_kodu:
        abort(404)
    return row, url_for("evlendirme_vatandas.dogrula", kod=row.dogrulama_kodu, _external=True)


@bp.route("/nikahlar/<int:nikah_id>/evlenme-belgesi.pdf")
@access("tenant", "staff")
@requires("evlendirme.basvuru.goruntule")
def evlenme_belgesi(nikah_id: int):
    row, url = _completed(nikah_id)
    return send_file(io.BytesIO(belge.evlenme_belgesi(row, url)), mimetype="application/pdf", as_attachment=True,
                     download_name=f"evlenme-belgesi-{row.kutuk_no.replace('/', '-')}.pdf")


@bp.route("/nikahlar/<int:nikah_id>/formul-b.pdf")
@access("tenant", "staff")
@requires("evlendirme.basvuru.goruntule")
def formul_b(nikah_id: int):
    row, url = _completed(nikah_id)
    return send_file(io.BytesIO(belge.coklu_dil_ornegi(row, url)), mimetype="application/pdf", as_attachment=True,
                     download_name=f"formul-b-{row.kutuk_no.replace('/', '-')}.pdf")
