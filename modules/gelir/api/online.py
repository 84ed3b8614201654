"""Citizens' debt inquiry and online card payment (session of an e-Devlet sign-in)."""

from __future__ import annotations

import json

from flask import Response, url_for
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ebelediye import clock
from ebelediye.access import access
from ebelediye.errors import NotFound
from ebelediye.web import actor

from ..schemas.online import (
    OdemeBaslatInput,
    OnlineOdemeSchema,
    VatandasBorclariSchema,
)
from ..services import GelirError, borc, online
from . import blp


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
    @blp.arguments(OdemeBaslatInput)
    @blp.response(201, OnlineOdemeSchema)
    def post(self, args):
        """Seçilen borçlar için kartla ödeme başlat; tarayıcıyı ``yonlendirme_url``'ye gönderin (start a payment)."""
        mukellef = online.mukellef_bul(current_user.tckn)
        if mukellef is None:
            raise GelirError(_l("Bu belediyede kayıtlı borcunuz yok."),
                             {"tahakkuk_idleri": [_l("Bu belediyede mükellef kaydınız yok.")]})
        started = online.baslat(mukellef.id, args["tahakkuk_idleri"], clock.today(),
                                url_for("gelir_vatandas.odeme_donus", _external=True), actor=actor(),
                                taksit=args["taksit"])
        odeme = started.odeme
        return {"siparis_no": odeme.siparis_no, "durum": odeme.durum, "tutar": odeme.tutar, "sonuc": odeme.sonuc,
                "secim": odeme.secim, "tahsilat_id": None, "taksit": odeme.taksit,
                "yonlendirme_url": started.yonlendirme_url}


@blp.route("/odemeler/<siparis_no>")
class OdemeDurumu(MethodView):
    @access("tenant", "citizen")
    @blp.response(200, OnlineOdemeSchema)
    def get(self, siparis_no: str):
        """Bir online ödemenin durumu (only the citizen's own payments)."""
        odeme = online.gorunen(siparis_no, current_user.tckn)
        if odeme is None:
            raise NotFound(_l("Böyle bir ödeme yok."))
        return odeme
