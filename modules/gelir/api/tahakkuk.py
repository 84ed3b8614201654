"""Accrual API: the yearly batch, single accruals, fees, valuation with its steps, cancellation."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ebelediye import jobs
from ebelediye.access import access
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor

from ..models import TopluTahakkuk
from ..schemas.tahakkuk import (
    DegerlemeSchema,
    TahakkukIptalInput,
    TahakkukSchema,
    TahakkukYiliInput,
    TopluInput,
    TopluSchema,
    UcretInput,
)
from ..services import tahakkuk as service
from . import blp


def _run_dict(run: TopluTahakkuk) -> dict:
    record = db.session.get(jobs.JobRecord, uuid.UUID(run.is_kaydi)) if run.is_kaydi else None
    return {**{c: getattr(run, c) for c in ("id", "yil", "grup", "durum", "imlec", "toplam_kaynak", "olusan",
                                            "tutar", "hata", "is_kaydi")},
            "is_durumu": record.state if record else None}


@blp.route("/tahakkuk/toplu")
class TopluBaslat(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.toplu")
    @blp.arguments(TopluInput)
    @blp.response(202, TopluSchema)
    def post(self, data):
        """Yıllık toplu tahakkuku başlat (start the yearly batch accrual as a job)."""
        run = service.toplu_baslat(data["yil"], data["grup"], actor=actor())
        service.toplu_kuyruga_al(run, require_tenant().slug, starter=f"staff:{current_user.id}")
        return _run_dict(run)


@blp.route("/tahakkuk/toplu/<int:run_id>")
class TopluDurum(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.olustur")
    @blp.response(200, TopluSchema)
    def get(self, run_id: int):
        """Toplu tahakkukun durumu ve ilerlemesi (batch status and progress)."""
        run = db.session.get(TopluTahakkuk, run_id)
        if run is None:
            raise NotFound(_l("Toplu tahakkuk bulunamadı."))
        return _run_dict(run)


@blp.route("/emlaklar/<int:emlak_id>/tahakkuk")
class EmlakTahakkuk(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.olustur")
    @blp.arguments(TahakkukYiliInput)
    @blp.response(201, TahakkukSchema(many=True))
    def post(self, data, emlak_id: int):
        """Bir emlakın yılını tahakkuk et (accrue one property's year for each liable owner)."""
        return service.emlak_tahakkuk(emlak_id, data["yil"], actor=actor())


@blp.route("/emlaklar/<int:emlak_id>/degerleme")
class EmlakDegerleme(MethodView):
    @access("tenant", "staff")
    @requires("gelir.mukellef.goruntule")
    @blp.arguments(TahakkukYiliInput, location="query")
    @blp.response(200, DegerlemeSchema)
    def get(self, args, emlak_id: int):
        """Emlak vergi değeri ve vergi, adım adım (valuation and tax with every step)."""
        valuation = service.degerle(emlak_id, args["yil"])
        owners = service.vergi_dokumu(emlak_id, args["yil"], valuation)
        return {"emlak_id": emlak_id, "yil": args["yil"], "vergi_degeri": valuation.vergi_degeri,
                "yontem": valuation.yontem, "adimlar": [a.as_dict() for a in valuation.adimlar],
                "sahipler": [{"mukellef_id": o["mukellef"].id, "pay": o["pay"], "payda": o["payda"],
                              "vergi": str(o["vergi"]), "taksitler": [str(t) for t in o["taksitler"]],
                              "adimlar": o["adimlar"]} for o in owners]}


@blp.route("/ilanlar/<int:ilan_id>/tahakkuk")
class IlanTahakkuk(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.olustur")
    @blp.response(201, TahakkukSchema(many=True))
    def post(self, ilan_id: int):
        """İlan ve reklam vergisini tahakkuk et (accrue an advertisement permit)."""
        return service.ilan_tahakkuk(ilan_id, actor=actor())


@blp.route("/ucretler")
class Ucret(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.olustur")
    @blp.arguments(UcretInput)
    @blp.response(201, TahakkukSchema)
    def post(self, data):
        """Tarifeden ücret tahakkuk et (charge a fee from the municipality's tariff)."""
        return service.ucret_tahakkuk(data["mukellef_id"], data["tarife_kod"], data["gun"], data["referans"],
                                      actor=actor())


@blp.route("/tahakkuklar/<int:tahakkuk_id>/iptal")
class Iptal(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.iptal")
    @blp.arguments(TahakkukIptalInput)
    @blp.response(201, TahakkukSchema)
    def post(self, data, tahakkuk_id: int):
        """Tahakkukun açık kısmını ters kayıtla iptal et (cancel by a reversing entry)."""
        return service.iptal(tahakkuk_id, data["gerekce"], actor=actor())
