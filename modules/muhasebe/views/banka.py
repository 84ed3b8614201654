"""Bank statement pages: import a statement, its lines and matches, the unmatched list with
suggestions, matching by hand."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id

from ..schemas import HesapIbanInput
from ..services import MuhasebeError, banka, hesaplar
from . import bp

GORUNTULE, HAZIRLA = "muhasebe.goruntule", "muhasebe.fis.hazirla"


class _EslestirInput(inputs.Input):
    fis_satiri_id = inputs.Id(required=True)


class _BankaCikisiInput(inputs.Input):
    odeme_emri_id = inputs.Id(required=True)


class _BordroCikisiInput(inputs.Input):
    bordro_fis_id = inputs.Id(required=True)


class _IbanInput(HesapIbanInput):
    hesap_kod = inputs.Text(required=True, max_length=40)


def _index(errors: dict | None = None, message: str | None = None, status: int = 200):
    accounts = [h for h in hesaplar.hesaplar(sadece_aktif=True) if h.ana_kod == "102"]
    rows = [(e, banka.eslesmeyen_sayisi(e.id)) for e in banka.ekstreler()]
    return render_template("muhasebe/banka.html", ekstreler=rows, hesaplar=accounts, errors=errors or {},
                           message=message, bicimler=banka.BICIMLER), status


@bp.route("/banka")
@access("tenant", "staff")
@requires(GORUNTULE)
def banka_index():
    return _index()


@bp.route("/banka", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def banka_ice_al():
    upload = request.files.get("dosya")
    if upload is None or not upload.filename:
        return _index({"dosya": [_("Bir ekstre dosyası seçin.")]}, _("Dosya seçilmedi."), 422)
    try:
        row = banka.ice_al(upload.read(), request.form.get("bicim", ""), request.form.get("hesap_kod", ""),
                           actor=actor(), dosya_adi=upload.filename)
    except MuhasebeError as exc:
        return _index(exc.errors, str(exc.message), exc.status if exc.status != 400 else 422)
    flash(_("Ekstre alındı: %(n)s satır, %(eslesmeyen)s satır eşleşmeyi bekliyor.", n=row.satir_sayisi,
            eslesmeyen=banka.eslesmeyen_sayisi(row.id)), "success")
    return redirect(url_for(".banka_ekstre", ekstre_id=row.id), 303)


@bp.route("/banka/<int:ekstre_id>")
@access("tenant", "staff")
@requires(GORUNTULE)
def banka_ekstre(ekstre_id: int):
    row = banka.ekstre(ekstre_id)
    unmatched = banka.eslesmeyenler(row.id)
    out = [s for s, _o in unmatched if s.tutar < 0]
    return render_template("muhasebe/banka_ekstre.html", row=row, satirlar=banka.satirlar(row.id),
                           eslesmeyenler=unmatched, emirler={s.id: banka.odeme_onerileri(s.id) for s in out},
                           bordrolar={s.id: banka.bordro_onerileri(s.id) for s in out})


@bp.route("/banka/<int:ekstre_id>/eslestir", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def banka_eslestir(ekstre_id: int):
    count = banka.yeniden_eslestir(ekstre_id, actor=actor())
    flash(_("%(n)s satır eşleşti.", n=count), "success")
    return redirect(url_for(".banka_ekstre", ekstre_id=ekstre_id), 303)


@bp.route("/banka/satir/<int:satir_id>/eslestir", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def banka_elle_eslestir(satir_id: int):
    data = inputs.load_form(_EslestirInput())
    line = banka.elle_eslestir(satir_id, data["fis_satiri_id"], actor=actor())
    flash(_("Ekstre satırı eşleştirildi."), "success")
    return redirect(url_for(".banka_ekstre", ekstre_id=line.ekstre_id), 303)


@bp.route("/banka/satir/<int:satir_id>/kaldir", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def banka_eslesme_kaldir(satir_id: int):
    line = banka.eslesme_kaldir(satir_id, actor=actor())
    flash(_("Eşleşme kaldırıldı."), "success")
    return redirect(url_for(".banka_ekstre", ekstre_id=line.ekstre_id), 303)


@bp.route("/banka/satir/<int:satir_id>/odeme-emri", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def banka_cikisi(satir_id: int):
    data = inputs.load_form(_BankaCikisiInput())
    voucher = banka.banka_cikisi(satir_id, data["odeme_emri_id"], actor=actor(), actor_id=actor_id())
    flash(_("Ödeme emrinin banka çıkışı (103 B / 102 A) taslak olarak hazırlandı; başka bir kullanıcı onaylayınca "
            "ekstre satırı eşleşir."), "success")
    return redirect(url_for(".fis", fis_id=voucher.id), 303)


@bp.route("/banka/satir/<int:satir_id>/bordro-odemesi", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def banka_bordro_cikisi(satir_id: int):
    data = inputs.load_form(_BordroCikisiInput())
    voucher = banka.bordro_banka_cikisi(satir_id, data["bordro_fis_id"], actor=actor(), actor_id=actor_id())
    flash(_("Bordro ödemesinin banka çıkışı (103 B / 102 A) taslak olarak hazırlandı; başka bir kullanıcı onaylayınca "
            "ekstre satırı eşleşir."), "success")
    return redirect(url_for(".fis", fis_id=voucher.id), 303)


@bp.route("/banka/iban", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.hesap.yonet")
def banka_iban():
    try:
        data = inputs.load_form(_IbanInput())
        row = hesaplar.iban_kaydet(data["hesap_kod"], data.get("iban"), actor=actor())
    except inputs.InvalidInput as exc:
        return _index(exc.errors, _("IBAN kaydedilmedi."), 422)
    except MuhasebeError as exc:
        return _index(exc.errors, str(exc.message), exc.status if exc.status != 400 else 422)
    flash(_("%(kod)s hesabının IBAN'ı kaydedildi.", kod=row.kod) if row.iban else
          _("%(kod)s hesabının IBAN'ı kaldırıldı.", kod=row.kod), "success")
    return redirect(url_for(".banka_index"), 303)
