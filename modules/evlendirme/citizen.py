"""Citizen pages of Evlendirme under ``/e-hizmet/evlendirme``: the couple apply online,
each party confirms through their own e-Devlet sign-in, they book and reschedule their
ceremony within the file's validity, see the fee and its payment, and download the
certificate; anyone can verify a certificate from its QR code."""

from __future__ import annotations

import io
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ebelediye import inputs, ports
from ebelediye.access import access
from ebelediye.citizen import CitizenItem
from ebelediye.web import FormPage, actor, today

from .schemas import basvuru as bsch
from .schemas import takvim as tsch
from .services import EvlendirmeError, ayarlar, belge, dosya_al, nikah, takvim, ucret
from .services import basvuru as service

bp = Blueprint("evlendirme_vatandas", __name__, url_prefix="/e-hizmet/evlendirme", template_folder="templates")


def items(tckn: str) -> list[CitizenItem]:
    """"Başvurularım": the citizen's marriage files with their state."""
    out = []
    for row, _parties in service.vatandas_dosyalari(tckn):
        out.append(CitizenItem(kind="basvuru", title=_("Evlenme başvurusu %(no)s", no=row.no),
                               status=str(service.DURUMLAR[row.durum]), on=row.basvuru_tarihi,
                               url=url_for("evlendirme_vatandas.dosya", basvuru_id=row.id)))
    return out


def _own(basvuru_id: int):
    if not service.taraf_mi(basvuru_id, current_user.tckn):
        abort(404)  # another couple's file is not found, not forbidden: its existence is private too
    return dosya_al(basvuru_id)


@bp.route("/basvuru", methods=["GET", "POST"])
@access("tenant", "citizen")
def basvur():
    page = FormPage("evlendirme/vatandas/basvur.html", bsch.OnlineBasvuruInput(), soyad=bsch.SOYAD)
    if not ayarlar().online_basvuru:
        page.fail(EvlendirmeError(_("Bu belediye evlenme başvurusunu yalnız masada alıyor.")))
        return page.render()
    if page.submitted:
        with page.attempt():
            data = page.load()
            row = service.ac(kanal="online", taraf1=current_user.tckn, taraf2=data["es_tckn"],
                             taniklar=[data["tanik1"], data["tanik2"]], gun=today(), actor=actor(),
                             davetli_sayisi=data["davetli_sayisi"], soyad_tercihi=data["soyad_tercihi"],
                             eposta=data["eposta"], telefon=data["telefon"])
            flash(_("Başvurunuz %(no)s alındı. Eşinizin de e-Devlet ile girip onaylaması gerekiyor.", no=row.no),
                  "success")
            return redirect(url_for(".dosya", basvuru_id=row.id), 303)
    return page.render()


@bp.route("/dosyalarim")
@access("tenant", "citizen")
def dosyalarim():
    return render_template("evlendirme/vatandas/dosyalarim.html", rows=service.vatandas_dosyalari(current_user.tckn),
                           durumlar=service.DURUMLAR)


@bp.route("/dosya/<int:basvuru_id>")
@access("tenant", "citizen")
def dosya(basvuru_id: int):
    row = _own(basvuru_id)
    args = inputs.load_args(tsch.GunInput())
    booking = takvim.aktif_nikah(row.id)
    done = nikah.tamamlanan(row.id)
    day = args["gun"] or today() + timedelta(days=1)
    closed, slots = (None, [])
    if row.durum in takvim.BOOKABLE and row.amac == "nikah":
        closed, slots = takvim.gun_slotlari(day, args["salon_id"], haric=booking.id if booking else None)
    parties = service.taraflar(row.id)
    me = next(p for p in parties if p.tckn == current_user.tckn)
    return render_template(
        "evlendirme/vatandas/dosya.html", row=row, taraflar=parties, ben=me, nikah=booking or done,
        kontroller=service.son_kontroller(row.id), durumlar=service.DURUMLAR, nikah_durumlari=takvim.NIKAH_DURUMLARI,
        ucretler=ucret.fees(row.id), ucret_durumlari=ucret.DURUMLAR, gelir=ports.available(ports.FeeCharger),
        gun=day, kapali=closed, slotlar=slots, iki_onay=service.iki_taraf_onayli(row.id),
        salonlar={s.salon_id: s.salon for s in slots}, onceki=day - timedelta(days=1), sonraki=day + timedelta(days=1),
        dogrulama=url_for(".dogrula", kod=done.dogrulama_kodu, _external=True) if done else None)


@bp.route("/dosya/<int:basvuru_id>/onayla", methods=["POST"])
@access("tenant", "citizen")
def onayla(basvuru_id: int):
    _own(basvuru_id)
    service.taraf_onayla(basvuru_id, current_user.tckn, actor=actor())
    flash(_("Başvuruyu onayladınız."), "success")
    return redirect(url_for(".dosya", basvuru_id=basvuru_id), 303)


@bp.route("/dosya/<int:basvuru_id>/randevu", methods=["POST"])
@access("tenant", "citizen")
def randevu(basvuru_id: int):
    _own(basvuru_id)
    data = inputs.load_form(tsch.RandevuInput())
    current = takvim.aktif_nikah(basvuru_id)
    if current is not None and current.durum in ("tutuldu", "kesin"):
        booking = takvim.ertele(current.id, data["baslangic"], salon_id=data["salon_id"], actor=actor())
        flash(_("Nikâhınız %(an)s saatine alındı.", an=booking.baslangic.strftime("%d.%m.%Y %H:%M")), "success")
    else:
        booking = takvim.tut(basvuru_id, data["salon_id"], data["baslangic"], actor=actor())
        flash(_("Nikâh saatiniz ayrıldı: %(an)s. Ücret ödenince kesinleşir.",
                an=booking.baslangic.strftime("%d.%m.%Y %H:%M")), "success")
    return redirect(url_for(".dosya", basvuru_id=basvuru_id), 303)


@bp.route("/dosya/<int:basvuru_id>/iptal", methods=["POST"])
@access("tenant", "citizen")
def iptal(basvuru_id: int):
    _own(basvuru_id)
    booking = takvim.aktif_nikah(basvuru_id)
    if booking is None:
        abort(404)
    takvim.iptal(booking.id, _("Çift e-Hizmet'ten iptal etti"), actor=actor())
    flash(_("Nikâh randevunuz iptal edildi."), "success")
    return redirect(url_for(".dosya", basvuru_id=basvuru_id), 303)


@bp.route("/dosya/<int:basvuru_id>/bekleme", methods=["POST"])
@access("tenant", "citizen")
def bekleme(basvuru_id: int):
    _own(basvuru_id)
    data = inputs.load_form(tsch.BeklemeInput())
    takvim.bekleme_ekle(basvuru_id, data["tarih"], actor=actor())
    flash(_("Bekleme listesine alındınız; bir saat boşalırsa e-posta ile haber verilecek."), "success")
    return redirect(url_for(".dosya", basvuru_id=basvuru_id, gun=data["tarih"].isoformat()), 303)


def _certificate(basvuru_id: int):
    _own(basvuru_id)
    done = nikah.tamamlanan(basvuru_id)
    if done is None:
        abort(404)
    return done, url_for(".dogrula", kod=done.dogrulama_kodu, _external=True)


@bp.route("/dosya/<int:basvuru_id>/evlenme-belgesi.pdf")
@access("tenant", "citizen")
def evlenme_belgesi(basvuru_id: int):
    done, url = _certificate(basvuru_id)
    return send_file(io.BytesIO(belge.evlenme_belgesi(done, url)), mimetype="application/pdf", as_attachment=True,
                     download_name=f"evlenme-belgesi-{done.kutuk_no.replace('/', '-')}.pdf")


@bp.route("/dosya/<int:basvuru_id>/formul-b.pdf")
@access("tenant", "citizen")
def formul_b(basvuru_id: int):
    done, url = _certificate(basvuru_id)
    return send_file(io.BytesIO(belge.coklu_dil_ornegi(done, url)), mimetype="application/pdf", as_attachment=True,
                     download_name=f"formul-b-{done.kutuk_no.replace('/', '-')}.pdf")


@bp.route("/dogrula/<kod>")
@access("tenant", "public")
def dogrula(kod: str):
    """Public verification of a certificate: the marriage exists, with masked names."""
    found = nikah.dogrula(kod)
    if found is None:
        return render_template("evlendirme/vatandas/dogrula.html", nikah=None), 404
    booking, parties = found
    masked = [" ".join(part[:2] + "*" * max(len(part) - 2, 1) for part in f"{p.ad} {p.soyad}".split()) for p in parties]
    return render_template("evlendirme/vatandas/dogrula.html", nikah=booking, adlar=masked)
