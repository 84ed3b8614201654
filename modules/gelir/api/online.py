"""Citizens' debt inquiry and online card payment (session of an e-Devlet sign-in)."""

from __future__ import annotations

import json

from flask import Response, url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from ebelediye import clock
from ebelediye.access import access
from ebelediye.web import actor

from ..schemas import BorcSchema
from ..services import GelirError, borc, online
from . import blp


class GecikmeAdimiSchema(Schema):
    adim = fields.String()
    deger = fields.String()


class VatandasBorcSchema(BorcSchema):
    gecikme_adimlari = fields.List(fields.Nested(GecikmeAdimiSchema),
                                   metadata={"description": "gecikme zammının nasıl hesaplandığı"})


class VatandasBorclariSchema(Schema):
    kayitli = fields.Boolean(metadata={"description": "bu belediyede mükellef kaydı var mı"})
    gun = fields.Date()
    borclar = fields.List(fields.Nested(VatandasBorcSchema))
    toplam = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2, allow_none=True)


class OdemeBaslatSchema(Schema):
    tahakkuk_idleri = fields.List(fields.Integer(strict=True, validate=validate.Range(min=1)), required=True,
                                  validate=validate.Length(min=1, max=500),
                                  metadata={"description": "ödenecek borçların (tahakkuk) numaraları"})


class OnlineOdemeSchema(Schema):
    siparis_no = fields.String()
    durum = fields.String(metadata={"description": "baslatildi | odendi | basarisiz | iade_edildi"})
    tutar = fields.Decimal(as_string=True, places=2)
    sonuc = fields.String()
    secim = fields.List(fields.Dict())
    tahsilat_id = fields.Integer(allow_none=True)
    yonlendirme_url = fields.String(metadata={"description": "bankanın 3-D Secure sayfası (yalnızca başlatınca)"})


@blp.route("/borclarim")
class VatandasBorclari(MethodView):
    @access("tenant", "citizen")
    @blp.response(200, VatandasBorclariSchema)
    def get(self):
        """Vatandaşın bu belediyedeki açık borçları, bugünkü gecikme zammıyla (citizen's open debts)."""
        gun = clock.today()
        mukellef = online.mukellef_bul(current_user.tckn)
        if mukellef is None:
            return {"kayitli": False, "gun": gun, "borclar": [], "toplam": 0, "alacak": None}
        body = json.loads(borc.sorgu(mukellef.id, gun, adimlar=True))  # cached per taxpayer and day
        return Response(json.dumps({**body, "kayitli": True}, ensure_ascii=False), mimetype="application/json")


@blp.route("/odemeler")
class Odemeler(MethodView):
    @access("tenant", "citizen")
    @blp.arguments(OdemeBaslatSchema)
    @blp.response(201, OnlineOdemeSchema)
    def post(self, args):
        """Seçilen borçlar için kartla ödeme başlat; tarayıcıyı ``yonlendirme_url``'ye gönderin (start a payment)."""
        mukellef = online.mukellef_bul(current_user.tckn)
        if mukellef is None:
            abort(422, message="Bu belediyede kayıtlı borcunuz yok.",
                  messages={"tahakkuk_idleri": ["Bu belediyede mükellef kaydınız yok."]})
        try:
            started = online.baslat(mukellef.id, args["tahakkuk_idleri"], clock.today(),
                                    url_for("gelir_vatandas.odeme_donus", _external=True),
                                    actor=actor())
        except GelirError as exc:
            abort(exc.status, message=exc.message, messages=exc.errors)
        odeme = started.odeme
        return {"siparis_no": odeme.siparis_no, "durum": odeme.durum, "tutar": odeme.tutar, "sonuc": odeme.sonuc,
                "secim": odeme.secim, "tahsilat_id": None, "yonlendirme_url": started.yonlendirme_url}


@blp.route("/odemeler/<siparis_no>")
class OdemeDurumu(MethodView):
    @access("tenant", "citizen")
    @blp.response(200, OnlineOdemeSchema)
    def get(self, siparis_no: str):
        """Bir online ödemenin durumu (only the citizen's own payments)."""
        odeme = online.gorunen(siparis_no, current_user.tckn)
        if odeme is None:
            abort(404)
        return odeme
