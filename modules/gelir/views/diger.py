"""The other revenues' pages: leases and ecrimisil (``/gelir/kira``), permits charged from the
tariff (``/gelir/harclar``). A charge is cancelled on its accrual (the tahakkuk cancel form)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.inputs import load_args, load_form
from ebelediye.rbac import requires
from ebelediye.web import FormPage, actor, today

from ..models import GelirTuru, Mukellef
from ..schemas.diger import GunInput, HarcInput, KiraInput, ListeQuery
from ..services import harc, kira
from . import bp
from ._common import without_blanks

OLUSTUR = "gelir.tahakkuk.olustur"


def _liste(query_of, turler: dict) -> dict:
    args = load_args(ListeQuery())
    tur = args["tur"] if args["tur"] in turler else ""
    pagination = db.paginate(query_of(args["ara"], tur or None), page=args["sayfa"], per_page=50, error_out=False)
    names = {m.id: m for m in db.session.scalars(db.select(Mukellef).where(
        Mukellef.id.in_({r.mukellef_id for r in pagination.items})))} if pagination.items else {}
    return {"pagination": pagination, "mukellefler": names, "ara": args["ara"], "tur": tur,
            "args": urlencode({k: v for k, v in (("ara", args["ara"]), ("tur", tur)) if v})}


@bp.route("/kira", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(OLUSTUR)
def kira_sozlesmeleri():
    page = FormPage("gelir/diger/kira_liste.html", KiraInput(), values={"tur": "kira", "donem": "ay", "artis": "yok"},
                    turler=kira.TURLER, donemler=kira.DONEMLER, artislar=kira.ARTISLAR, **_liste(kira.liste, kira.TURLER))
    if page.submitted:
        with page.attempt():
            row = kira.olustur(load_form(KiraInput(), without_blanks(request.form, "artis_orani", "son_odeme")),
                              actor=actor())
            flash(_("Ecrimisil kaydedildi ve tahakkuk edildi.") if row.tur == "ecrimisil"
                  else _("Sözleşme kaydedildi. Başlamış dönemleri tahakkuk edebilirsiniz."), "success")
            return redirect(url_for(".kira_sozlesmesi", sozlesme_id=row.id), 303)
    return page.render()


@bp.route("/kira/<int:sozlesme_id>")
@access("tenant", "staff")
@requires(OLUSTUR)
def kira_sozlesmesi(sozlesme_id: int):
    row = kira.sozlesme(sozlesme_id)
    page = FormPage("gelir/diger/kira_detay.html", sozlesme=row, mukellef=db.session.get(Mukellef, row.mukellef_id),
                    yillar=kira.artislar(row) if row.tur == "kira" else [], tahakkuklar=kira.tahakkuklar(row),
                    turler=kira.TURLER, donemler=kira.DONEMLER, artislar=kira.ARTISLAR, gun=today(),
                    kinds={k.kod: k for k in db.session.scalars(db.select(GelirTuru))})
    return page.render()


@bp.route("/kira/<int:sozlesme_id>/tahakkuk", methods=["POST"])
@access("tenant", "staff")
@requires(OLUSTUR)
def kira_tahakkuk(sozlesme_id: int):
    row = kira.sozlesme(sozlesme_id)
    data = load_form(GunInput(), without_blanks(request.form, "gun"))
    page = FormPage("gelir/diger/kira_detay.html", sozlesme=row, mukellef=db.session.get(Mukellef, row.mukellef_id),
                    turler=kira.TURLER, donemler=kira.DONEMLER, artislar=kira.ARTISLAR, gun=today(),
                    kinds={k.kod: k for k in db.session.scalars(db.select(GelirTuru))})
    with page.attempt():
        count = kira.sozlesme_tahakkuk(sozlesme_id, data["gun"] or today(), actor=actor())
        flash(_("%(n)s dönem tahakkuk edildi.", n=count) if count else _("Tahakkuk edilecek yeni dönem yok."),
              "success")
        return redirect(url_for(".kira_sozlesmesi", sozlesme_id=sozlesme_id), 303)
    return page.render(yillar=kira.artislar(row), tahakkuklar=kira.tahakkuklar(row))


@bp.route("/harclar", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(OLUSTUR)
def harc_izinleri():
    secili = request.values.get("tur") if request.values.get("tur") in harc.TURLER else "isgaliye"
    page = FormPage("gelir/diger/harc_liste.html", HarcInput(), values={"tur": secili, "baslangic": today().isoformat()},
                    turler=harc.TURLER, sureli=harc.SURELI, kodlar=harc.tarife_kodlari(secili),
                    **_liste(harc.liste, harc.TURLER))
    if page.submitted:
        with page.attempt():
            row = harc.olustur(load_form(HarcInput(), without_blanks(request.form, "bitis")), actor=actor())
            flash(_("İzin verildi; harcı %(tutar)s TL olarak tahakkuk edildi.", tutar=row.tutar), "success")
            return redirect(url_for(".harc_izni", izin_id=row.id), 303)
    return page.render()


@bp.route("/harclar/<int:izin_id>")
@access("tenant", "staff")
@requires(OLUSTUR)
def harc_izni(izin_id: int):
    row = harc.izin(izin_id)
    return FormPage("gelir/diger/harc_detay.html", izin=row, mukellef=db.session.get(Mukellef, row.mukellef_id),
                    turler=harc.TURLER, tahakkuklar=harc.tahakkuklar(row),
                    kinds={k.kod: k for k in db.session.scalars(db.select(GelirTuru))}).render()
