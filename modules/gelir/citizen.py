"""Citizen pages of Gelir under ``/e-hizmet``: debts, online payment, receipts, no-debt letter."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ebelediye import clock, security
from ebelediye.access import access
from ebelediye.citizen import CitizenItem
from ebelediye.extensions import csrf, db
from ebelediye.web import actor

from . import belge
from .models import Mukellef, Tahsilat
from .services import GelirError, borc, online, tahsilat

bp = Blueprint("gelir_vatandas", __name__, url_prefix="/e-hizmet", template_folder="templates")


def _borclar_sayfasi(errors: dict | None = None, secili: set[int] | None = None, status: int = 200):
    gun = clock.today()
    mukellef = online.mukellef_bul(current_user.tckn)
    debts = borc.acik_borclar(mukellef.id, gun) if mukellef else []
    if secili is None:  # by default everything overdue
        secili = {d.tahakkuk_id for d in debts if d.vade < gun}
    security.allow_bank_3ds()  # the payment form goes on to the bank's 3-D Secure page
    return render_template("gelir/vatandas/borclarim.html", mukellef=mukellef, borclar=debts, gun=gun,
                           toplam=borc.toplam(debts), secili=secili, errors=errors or {}, tl=belge.tl,
                           alacak=borc.alacak_bakiyesi(mukellef.id) if mukellef else None), status


@bp.route("/borclarim")
@access("tenant", "citizen")
def borclarim():
    return _borclar_sayfasi()


@bp.route("/odeme", methods=["POST"])
@access("tenant", "citizen")
def odeme_baslat():
    mukellef = online.mukellef_bul(current_user.tckn)
    if mukellef is None:
        abort(404)
    raw = request.form.getlist("tahakkuk")
    chosen = {int(x) for x in raw if x.isdigit()}
    try:
        if len(chosen) != len(set(raw)):
            raise GelirError(_("Seçim geçersiz."), {"tahakkuk": [_("Borç seçimi anlaşılamadı; sayfayı yenileyin.")]})
        started = online.baslat(mukellef.id, sorted(chosen), clock.today(),
                                url_for("gelir_vatandas.odeme_donus", _external=True), actor=actor())
    except GelirError as exc:
        flash(exc.message, "error")
        errors = {"tahakkuk": [m for ms in exc.errors.values() for m in ms] or [exc.message]}
        return _borclar_sayfasi(errors, chosen, 503 if exc.status == 503 else 422)
    return redirect(started.yonlendirme_url, 303)


@bp.route("/odeme/donus", methods=["POST"])
@access("tenant", "public")
@csrf.exempt  # the bank's page posts here; the callback's HMAC signature is what protects it
def odeme_donus():
    result = online.geri_cagrim(request.form)
    if result.odeme is None:
        return render_template("gelir/vatandas/odeme_hata.html", mesaj=result.mesaj), 400
    return redirect(url_for("gelir_vatandas.odeme_sonuc", siparis_no=result.odeme.siparis_no), 303)


@bp.route("/odeme/<siparis_no>")
@access("tenant", "citizen")
def odeme_sonuc(siparis_no: str):
    odeme = online.gorunen(siparis_no, current_user.tckn)
    if odeme is None:
        abort(404)
    receipt = db.session.get(Tahsilat, odeme.tahsilat_id) if odeme.tahsilat_id else None
    lines = tahsilat.dagilim_satirlari(receipt.id) if receipt else []
    return render_template("gelir/vatandas/odeme_sonuc.html", odeme=odeme, makbuz=receipt, satirlar=lines,
                           durum=online.DURUMLAR.get(odeme.durum, odeme.durum), tl=belge.tl)


def _own_receipt(tahsilat_id: int) -> Tahsilat:
    row = db.session.get(Tahsilat, tahsilat_id)
    if row is None or row.mukellef_id not in online.mukellef_idleri(current_user.tckn):
        abort(404)  # someone else's receipt is not found, not forbidden: its existence is private too
    return row


@bp.route("/makbuz/<int:tahsilat_id>.pdf")
@access("tenant", "citizen")
def makbuz_pdf(tahsilat_id: int):
    row = _own_receipt(tahsilat_id)
    return send_file(io.BytesIO(belge.makbuz_pdf(row)), mimetype="application/pdf", as_attachment=True,
                     download_name=f"makbuz-{row.makbuz_no}.pdf")


@bp.route("/makbuz/dogrula/<kod>")
@access("tenant", "public")
def makbuz_dogrula(kod: str):
    row = tahsilat.dogrula(kod) if len(kod) <= 40 else None
    if row is None:
        return render_template("gelir/vatandas/dogrula.html", makbuz=None), 404
    mukellef = db.session.get(Mukellef, row.mukellef_id)
    return render_template("gelir/vatandas/dogrula.html", makbuz=row, ad=belge.maskeli_ad(mukellef),
                           tutar=belge.tl(row.tutar))


@bp.route("/borcu-yoktur")
@access("tenant", "citizen")
def borcu_yoktur():
    mukellef = online.mukellef_bul(current_user.tckn)
    debts = borc.acik_borclar(mukellef.id, clock.today()) if mukellef else []
    return render_template("gelir/vatandas/borcu_yoktur.html", mukellef=mukellef, borclar=debts,
                           toplam=borc.toplam(debts)["toplam"], tl=belge.tl)


@bp.route("/borcu-yoktur.pdf")
@access("tenant", "citizen")
def borcu_yoktur_pdf():
    gun = clock.today()
    mukellef = online.mukellef_bul(current_user.tckn)
    if mukellef is None or borc.acik_borclar(mukellef.id, gun):
        flash(_("Borcu yoktur yazısı verilemiyor: ödenmemiş borcunuz var ya da kaydınız yok."), "error")
        return redirect(url_for("gelir_vatandas.borcu_yoktur"))
    return send_file(io.BytesIO(belge.borcu_yoktur_pdf(mukellef, gun)), mimetype="application/pdf",
                     as_attachment=True, download_name=f"borcu-yoktur-{gun:%Y%m%d}.pdf")


def items(tckn: str) -> list[CitizenItem]:
    """The citizen's payments to this municipality, for "ödemelerim"."""
    ids = online.mukellef_idleri(tckn)
    if not ids:
        return []
    rows = db.session.scalars(select(Tahsilat).where(Tahsilat.mukellef_id.in_(ids))
                              .order_by(Tahsilat.tarih.desc(), Tahsilat.id.desc()).limit(200))
    return [CitizenItem(kind="odeme", title=_("Makbuz %(receipt)s — %(channel)s", receipt=r.makbuz_no,
                                                   channel=belge.KANAL_ADLARI.get(r.kanal, r.kanal)),
                        status=_("Ödendi"), on=r.tarih, amount=belge.tl(r.tutar),
                        url=url_for("gelir_vatandas.makbuz_pdf", tahsilat_id=r.id))
            for r in rows]
