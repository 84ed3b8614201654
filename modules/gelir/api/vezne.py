"""The cash desk and refunds: a cashier's session, counter payments, receipts, the day
close, and refunds with maker/checker approval."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import Schema, fields

from ebelediye import clock
from ebelediye.access import access
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..schemas import IadeApiInput, KapanisInput, TahsilatApiInput
from ..services import GelirError, iade, tahsilat
from ..services import vezne as kasa
from . import blp

TAHSIL = "gelir.tahsilat.olustur"


# --- schemas -------------------------------------------------------------------------

class OturumSchema(Schema):
    id = fields.Integer()
    kasiyer = fields.String()
    tarih = fields.Date()
    acilis_at = fields.DateTime()
    kapanis_at = fields.DateTime(allow_none=True)
    beklenen = fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True)
    sayilan_nakit = fields.Decimal(as_string=True, places=2, allow_none=True)
    fark = fields.Decimal(as_string=True, places=2, allow_none=True)
    aciklama = fields.String()


class DagilimSchema(Schema):
    id = fields.Integer(metadata={"description": "tahakkuk id"})
    gelir_kodu = fields.String()
    ad = fields.String()
    yil = fields.Integer()
    taksit = fields.Integer()
    vade = fields.Date()
    tutar = fields.Decimal(as_string=True, places=2)


class MakbuzSchema(Schema):
    id = fields.Integer()
    makbuz_no = fields.String()
    dogrulama_kodu = fields.String()
    mukellef_id = fields.Integer()
    kanal = fields.String()
    tutar = fields.Decimal(as_string=True, places=2)
    tarih = fields.Date()
    vezne_oturumu_id = fields.Integer(allow_none=True)
    alan = fields.String()
    belge_no = fields.String()


class TahsilatSonucSchema(Schema):
    makbuz = fields.Nested(MakbuzSchema)
    uygulanan = fields.Decimal(as_string=True, places=2)
    alacaga = fields.Decimal(as_string=True, places=2, metadata={"description": "alacak olarak kalan"})
    dagilim = fields.List(fields.Nested(DagilimSchema))


class MakbuzListeQuery(Schema):
    oturum_id = fields.Integer()
    gun = fields.Date()
    q = fields.String(load_default="")
    sayfa = fields.Integer(load_default=1)


class IadeSchema(Schema):
    id = fields.Integer()
    mukellef_id = fields.Integer()
    tahsilat_id = fields.Integer(allow_none=True)
    tutar = fields.Decimal(as_string=True, places=2)
    gerekce = fields.String()
    durum = fields.String()
    odeme_sekli = fields.String()
    iban = fields.String()
    talep_eden = fields.String()
    onaylayan = fields.String(allow_none=True)
    karar_at = fields.DateTime(allow_none=True)
    banka_iade_no = fields.String(allow_none=True)


class IadeKararSchema(Schema):
    karar = fields.String(required=True, metadata={"description": "onayla | reddet", "enum": ["onayla", "reddet"]})
    gerekce = fields.String(load_default="")


class IadeListeQuery(Schema):
    durum = fields.String(load_default=None)
    sayfa = fields.Integer(load_default=1)


# --- cashier session ---------------------------------------------------------------------

@blp.route("/vezne/oturum")
class VezneOturumView(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.response(200, OturumSchema)
    def get(self):
        """Kasiyerin açık vezne oturumu (404: açık oturum yok)."""
        row = kasa.acik_oturum(current_user.id)
        if row is None:
            raise NotFound(_l("Açık vezne oturumunuz yok."))
        return row

    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.response(201, OturumSchema)
    def post(self):
        """Günü aç: yeni vezne oturumu (kasiyer başına bir açık oturum)."""
        return kasa.ac(current_user.id, actor(), clock.today(), actor=actor())


@blp.route("/vezne/oturum/kapat")
class VezneKapanis(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.arguments(KapanisInput)
    @blp.response(200, OturumSchema)
    def post(self, args):
        """Kasa kapanışı: sayılan nakitle günü kapat; fark kaydedilir."""
        row = kasa.acik_oturum(current_user.id)
        if row is None:
            raise GelirError(_l("Kapatılacak açık vezne oturumunuz yok."), {"oturum": [_l("Açık vezne oturumu yok.")]})
        return kasa.kapat(row.id, current_user.id, args["sayilan_nakit"], actor=actor(),
                          aciklama=args["aciklama"])


@blp.route("/vezne/oturumlar/<int:oturum_id>")
class VezneOturumDetay(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.response(200, OturumSchema)
    def get(self, oturum_id: int):
        """Bir vezne oturumu (kapanış raporu özeti)."""
        report = kasa.rapor(oturum_id)
        row = report.oturum
        if row.beklenen is None:
            return {**{c.key: getattr(row, c.key) for c in row.__table__.columns},
                    "beklenen": {k: str(v) for k, v in report.beklenen.items()}}
        return row


# --- counter payment and receipts -----------------------------------------------------------

@blp.route("/vezne/tahsilat")
class VezneTahsilat(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.arguments(TahsilatApiInput)
    @blp.response(201, TahsilatSonucSchema)
    def post(self, args):
        """Vezne tahsilatı: en eski borca, önce gecikme zammına; artan alacak olur."""
        result = kasa.tahsil(current_user.id, args["mukellef_id"], args["tutar"], args["kanal"], clock.today(),
                             actor=actor(), belge_no=args["belge_no"], secili=args["secili"])
        return {"makbuz": result.tahsilat, "uygulanan": result.dagitim.uygulanan, "alacaga": result.dagitim.artan,
                "dagilim": tahsilat.dagilim_satirlari(result.tahsilat.id)}


@blp.route("/vezne/makbuzlar")
class VezneMakbuzlar(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.arguments(MakbuzListeQuery, location="query")
    @blp.response(200, MakbuzSchema(many=True))
    def get(self, args):
        """Bir oturumun ya da günün makbuzları (50'şer), arama ile."""
        query = kasa.makbuz_sorgusu(oturum_id=args.get("oturum_id"), gun=args.get("gun"), q=args["q"])
        return db.paginate(query, page=max(1, args["sayfa"]), per_page=50, error_out=False).items


@blp.route("/vezne/makbuzlar/<int:tahsilat_id>")
class VezneMakbuz(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.response(200, TahsilatSonucSchema)
    def get(self, tahsilat_id: int):
        """Bir makbuz ve neye uygulandığı."""
        receipt = tahsilat.makbuz(tahsilat_id)
        lines = tahsilat.dagilim_satirlari(receipt.id)
        applied = sum((line["tutar"] for line in lines), 0)
        return {"makbuz": receipt, "uygulanan": applied, "alacaga": receipt.tutar - applied, "dagilim": lines}


# --- refunds ---------------------------------------------------------------------------------

@blp.route("/iadeler")
class Iadeler(MethodView):
    @access("tenant", "staff")
    @requires("gelir.iade.talep")
    @blp.arguments(IadeListeQuery, location="query")
    @blp.response(200, IadeSchema(many=True))
    def get(self, args):
        """İade talepleri (durum: bekliyor | onaylandi | reddedildi)."""
        return db.paginate(iade.iade_sorgusu(durum=args["durum"]), page=max(1, args["sayfa"]), per_page=50,
                           error_out=False).items

    @access("tenant", "staff")
    @requires("gelir.iade.talep")
    @blp.arguments(IadeApiInput)
    @blp.response(201, IadeSchema)
    def post(self, args):
        """İade talebi hazırla (alacaktan fazla olamaz); başka bir kullanıcının onayını bekler."""
        return iade.talep(args["mukellef_id"], args["tutar"], args["gerekce"], args["odeme_sekli"],
                          actor=actor(), actor_id=current_user.id, iban=args["iban"],
                          tahsilat_id=args["tahsilat_id"])


@blp.route("/iadeler/<int:iade_id>/karar")
class IadeKarar(MethodView):
    @access("tenant", "staff")
    @requires("gelir.iade.onayla")
    @blp.arguments(IadeKararSchema)
    @blp.response(200, IadeSchema)
    def post(self, args, iade_id: int):
        """İadeyi onayla ya da reddet (hazırlayan kişi karar veremez)."""
        if args["karar"] == "onayla":
            return iade.onayla(iade_id, clock.today(), actor=actor(), actor_id=current_user.id)
        if args["karar"] == "reddet":
            return iade.reddet(iade_id, actor=actor(), actor_id=current_user.id, gerekce=args["gerekce"])
        raise GelirError("Karar geçersiz.", {"karar": ["onayla ya da reddet olmalı."]})
