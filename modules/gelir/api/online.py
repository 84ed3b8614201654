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
from ebelediye.throttle import limiter
from ebelediye.web import actor

from .. import limits
from ..schemas.diger import YakinBorclariSchema, YakinOdemeInput, YakinSorguInput
from ..schemas.online import (
    OdemeBaslatInput,
    OnlineOdemeSchema,
    VatandasBorclariSchema,
)
from ..services import GelirError, borc, online, yakin
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


# --- paying a relative's debt (issue 12, item 9): the page flow's two steps as operations --

@blp.route("/yakin-borclari")
class YakinBorclari(MethodView):
    # the page's limit and key: a citizen's lookups count together, page and API
    decorators = [limiter.shared_limit(limits.yakin_limit, scope=limits.YAKIN_SCOPE, methods=["POST"],
                                       key_func=limits.yakin_anahtari)]

    @access("tenant", "citizen")
    @blp.arguments(YakinSorguInput)
    @blp.response(200, YakinBorclariSchema)
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, args):
        """Başka bir kişinin açık borçları: T.C. kimlik no ve mükellef no birlikte eşleşmeli
        (another person's open amounts, by kind only; every lookup is in the KVKK trail)."""
        row = yakin.bul(args["tckn"], args["mukellef_no"], odeyen_tckn=current_user.tckn)
        if row is None:  # which of the two did not match is never told
            raise GelirError(_l(yakin.UYUSMADI), {"mukellef_no": [_l(yakin.UYUSMADI)]})
        gun = clock.today()
        debts = borc.acik_borclar(row.id, gun, adimlar=False)
        return {"anahtar": yakin.anahtar(row.id, current_user.tckn), "gecerlilik_saniye": yakin.SURE, "gun": gun,
                "borclar": debts, "toplam": borc.toplam(debts)["toplam"]}


@blp.route("/yakin-odemeler")
class YakinOdemeleri(MethodView):
    @access("tenant", "citizen")
    @blp.arguments(YakinOdemeInput)
    @blp.response(201, OnlineOdemeSchema)
    def post(self, args):
        """Bir sorgunun cevabındaki borçlardan seçilenleri öde; ödeyen siz olarak kaydedilir
        (pay the chosen amounts of a lookup; the receipt names you as the payer)."""
        mukellef_id = yakin.coz(args["anahtar"], current_user.tckn)
        if mukellef_id is None:
            raise GelirError(_l("Sorgunun süresi doldu; kişiyi yeniden sorgulayın."),
                             {"anahtar": [_l("Sorgunun süresi doldu; kişiyi yeniden sorgulayın.")]})
        payer = (current_user.tckn, f"{current_user.first_name} {current_user.last_name}")
        started = online.baslat(mukellef_id, args["tahakkuk_idleri"], clock.today(),
                                url_for("gelir_vatandas.odeme_donus", _external=True), actor=actor(),
                                odeyen=payer, taksit=args["taksit"])
        odeme = started.odeme
        return {"siparis_no": odeme.siparis_no, "durum": odeme.durum, "tutar": odeme.tutar, "sonuc": odeme.sonuc,
                "secim": odeme.secim, "tahsilat_id": None, "taksit": odeme.taksit,
                "yonlendirme_url": started.yonlendirme_url}
