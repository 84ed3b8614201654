"""Accrual API: the yearly batch, single accruals, fees, valuation with its steps, cancellation."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from ebelediye import jobs
from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor

from ..models import TopluTahakkuk
from ..services import tahakkuk as service
from . import blp
from ._common import PROBLEMS, fail


class TopluInSchema(Schema):
    yil = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    grup = fields.String(required=True, validate=validate.OneOf(service.GRUPLAR))


class TopluSchema(Schema):
    id = fields.Integer()
    yil = fields.Integer()
    grup = fields.String()
    durum = fields.String(metadata={"description": "bekliyor | calisiyor | bitti"})
    imlec = fields.Integer(metadata={"description": "son işlenen kaynak no (kaldığı yer)"})
    toplam_kaynak = fields.Integer(allow_none=True)
    olusan = fields.Integer()
    tutar = fields.Decimal(as_string=True, places=2)
    hata = fields.String(allow_none=True)
    is_kaydi = fields.String(allow_none=True)
    is_durumu = fields.String(allow_none=True)


class TahakkukSchema(Schema):
    id = fields.Integer()
    mukellef_id = fields.Integer()
    gelir_kodu = fields.String()
    kaynak = fields.String()
    yil = fields.Integer()
    taksit = fields.Integer()
    surum = fields.Integer()
    vade = fields.Date()
    tutar = fields.Decimal(as_string=True, places=2)
    aciklama = fields.String()
    iptal_edilen_id = fields.Integer(allow_none=True)


class YilSchema(Schema):
    yil = fields.Integer(required=True, validate=validate.Range(2000, 2100))


class IptalSchema(Schema):
    gerekce = fields.String(required=True, validate=validate.Length(min=3, max=250))


class UcretInSchema(Schema):
    mukellef_id = fields.Integer(required=True)
    tarife_kod = fields.String(required=True, validate=validate.Length(min=1, max=80))
    gun = fields.Date(required=True)
    referans = fields.String(required=True, validate=validate.Length(min=1, max=70),
                             metadata={"description": "çağıran modülün belgesi, ör. nikah:123 (iki kez alınmaz)"})


class AdimSchema(Schema):
    adim = fields.String()
    deger = fields.String()


class DegerlemeSchema(Schema):
    emlak_id = fields.Integer()
    yil = fields.Integer()
    vergi_degeri = fields.Decimal(as_string=True, places=2)
    yontem = fields.String(metadata={"description": "takdir | endeks | tavan"})
    adimlar = fields.List(fields.Nested(AdimSchema))
    sahipler = fields.List(fields.Dict())


def _run_dict(run: TopluTahakkuk) -> dict:
    record = db.session.get(jobs.JobRecord, uuid.UUID(run.is_kaydi)) if run.is_kaydi else None
    return {**{c: getattr(run, c) for c in ("id", "yil", "grup", "durum", "imlec", "toplam_kaynak", "olusan",
                                            "tutar", "hata", "is_kaydi")},
            "is_durumu": record.state if record else None}


@blp.route("/tahakkuk/toplu")
class TopluBaslat(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.toplu")
    @blp.arguments(TopluInSchema)
    @blp.response(202, TopluSchema)
    def post(self, data):
        """Yıllık toplu tahakkuku başlat (start the yearly batch accrual as a job)."""
        try:
            run = service.toplu_baslat(data["yil"], data["grup"], actor=actor())
        except PROBLEMS as exc:
            fail(exc)
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
            abort(404)
        return _run_dict(run)


@blp.route("/emlaklar/<int:emlak_id>/tahakkuk")
class EmlakTahakkuk(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.olustur")
    @blp.arguments(YilSchema)
    @blp.response(201, TahakkukSchema(many=True))
    def post(self, data, emlak_id: int):
        """Bir emlakın yılını tahakkuk et (accrue one property's year for each liable owner)."""
        try:
            return service.emlak_tahakkuk(emlak_id, data["yil"], actor=actor())
        except PROBLEMS as exc:
            fail(exc)


@blp.route("/emlaklar/<int:emlak_id>/degerleme")
class EmlakDegerleme(MethodView):
    @access("tenant", "staff")
    @requires("gelir.mukellef.goruntule")
    @blp.arguments(YilSchema, location="query")
    @blp.response(200, DegerlemeSchema)
    def get(self, args, emlak_id: int):
        """Emlak vergi değeri ve vergi, adım adım (valuation and tax with every step)."""
        try:
            valuation = service.degerle(emlak_id, args["yil"])
            owners = service.vergi_dokumu(emlak_id, args["yil"], valuation)
        except PROBLEMS as exc:
            fail(exc)
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
        try:
            return service.ilan_tahakkuk(ilan_id, actor=actor())
        except PROBLEMS as exc:
            fail(exc)


@blp.route("/ucretler")
class Ucret(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.olustur")
    @blp.arguments(UcretInSchema)
    @blp.response(201, TahakkukSchema)
    def post(self, data):
        """Tarifeden ücret tahakkuk et (charge a fee from the municipality's tariff)."""
        try:
            return service.ucret_tahakkuk(data["mukellef_id"], data["tarife_kod"], data["gun"], data["referans"],
                                          actor=actor())
        except PROBLEMS as exc:
            fail(exc)


@blp.route("/tahakkuklar/<int:tahakkuk_id>/iptal")
class Iptal(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tahakkuk.iptal")
    @blp.arguments(IptalSchema)
    @blp.response(201, TahakkukSchema)
    def post(self, data, tahakkuk_id: int):
        """Tahakkukun açık kısmını ters kayıtla iptal et (cancel by a reversing entry)."""
        try:
            return service.iptal(tahakkuk_id, data["gerekce"], actor=actor())
        except PROBLEMS as exc:
            fail(exc)
