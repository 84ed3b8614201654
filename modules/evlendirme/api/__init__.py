"""Evlendirme's JSON API under ``/api/v1/evlendirme`` (flask-smorest): the same inputs and
services as the staff pages.  A refused request answers the platform's one error shape
(``{code, reason, message, errors}``, 422 / 404 / 409) and writes nothing."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id, today

from ..schemas import basvuru as bsch
from ..schemas import takvim as tsch
from ..services import EvlendirmeError, dosya_al, istatistik, nikah, takvim, ucret
from ..services import basvuru as service

blp = Blueprint("evlendirme_api", __name__, url_prefix="/api/v1/evlendirme",
                description="Evlendirme: başvuru, engel denetimi, nikâh takvimi, nikâh ve tescil")

GORUNTULE, YONET, ONAYLA, TAKVIM = ("evlendirme.basvuru.goruntule", "evlendirme.basvuru.yonet",
                                    "evlendirme.basvuru.onayla", "evlendirme.takvim.yonet")


class SlotSchema(Schema):
    salon_id = fields.Integer()
    salon = fields.String()
    baslangic = fields.DateTime()
    bitis = fields.DateTime()
    bos = fields.Boolean()
    neden = fields.String(allow_none=True)


class GunSchema(Schema):
    gun = fields.Date()
    kapali = fields.String(allow_none=True, metadata={"description": "the day's closure reason, if closed"})
    slotlar = fields.List(fields.Nested(SlotSchema))


class TarafSchema(Schema):
    sira = fields.Integer()
    tckn = fields.String(allow_none=True)
    ad = fields.String()
    soyad = fields.String()
    cinsiyet = fields.String()
    dogum_tarihi = fields.Date()
    medeni_hal = fields.String()
    evlilik_bitis_tarihi = fields.Date(allow_none=True)
    onay_at = fields.DateTime(allow_none=True)


class KontrolSchema(Schema):
    kod = fields.String()
    taraf_sira = fields.Integer(allow_none=True)
    sonuc = fields.String()
    baslik = fields.String()
    gerekce = fields.String()
    kaynak = fields.String()
    adimlar = fields.List(fields.String())
    gun = fields.Date()


class NikahSchema(Schema):
    id = fields.Integer()
    basvuru_id = fields.Integer()
    yer = fields.String()
    salon_id = fields.Integer(allow_none=True)
    memur_id = fields.Integer()
    baslangic = fields.DateTime()
    bitis = fields.DateTime()
    durum = fields.String()
    tutma_bitis = fields.DateTime(allow_none=True)
    kutuk_no = fields.String(allow_none=True)
    aile_cuzdani_no = fields.String(allow_none=True)
    kps_durum = fields.String(allow_none=True)


class UcretSchema(Schema):
    id = fields.Integer()
    aciklama = fields.String()
    tutar = fields.Decimal(as_string=True, places=2)
    kanal = fields.String()
    durum = fields.String()
    referans = fields.String()
    hesap = fields.List(fields.String())


class BasvuruSchema(Schema):
    id = fields.Integer()
    no = fields.String()
    kanal = fields.String()
    amac = fields.String()
    durum = fields.String()
    basvuru_tarihi = fields.Date()
    gecerlilik_bitis = fields.Date()
    taraflar = fields.List(fields.Nested(TarafSchema))
    kontroller = fields.List(fields.Nested(KontrolSchema))
    nikah = fields.Nested(NikahSchema, allow_none=True)
    ucretler = fields.List(fields.Nested(UcretSchema))


def _file(basvuru_id: int) -> dict:
    row = dosya_al(basvuru_id)
    return {**{k: getattr(row, k) for k in ("id", "no", "kanal", "amac", "durum", "basvuru_tarihi", "gecerlilik_bitis")},
            "taraflar": service.taraflar(row.id), "kontroller": service.son_kontroller(row.id),
            "nikah": takvim.aktif_nikah(row.id), "ucretler": ucret.fees(row.id)}


@blp.route("/slotlar")
class Slotlar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(tsch.GunInput, location="query")
    @blp.response(200, GunSchema)
    def get(self, args):
        """The slots of a day with whether each can be booked (and why not)."""
        day: date = args["gun"] or today()
        # already in GunSchema's shape (and cached): returned as it is, not dumped again
        return current_app.response_class(takvim.gun_slotlari_json(day, args["salon_id"]), mimetype="application/json")


@blp.route("/basvurular")
class Basvurular(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(bsch.BasvuruInput)
    @blp.response(201, BasvuruSchema)
    def post(self, data):
        """Open a file at the desk (parties and witnesses read from KPS, absolute bars refused)."""
        row = service.ac(kanal="masa", gun=today(), actor=actor(), actor_id=actor_id(), **service.girdiden(data))
        return _file(row.id)


@blp.route("/basvurular/<int:basvuru_id>")
class Basvuru(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, BasvuruSchema)
    def get(self, basvuru_id: int):
        """A file with its parties, latest checks, booking and fees."""
        return _file(basvuru_id)


@blp.route("/basvurular/<int:basvuru_id>/kontrol")
class Kontrol(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.response(200, BasvuruSchema)
    def post(self, basvuru_id: int):
        """Run the impediment checks again from fresh KPS data."""
        service.kontrol_et(basvuru_id, actor=actor(), gun=today())
        return _file(basvuru_id)


@blp.route("/basvurular/<int:basvuru_id>/onay")
class Onay(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.response(200, BasvuruSchema)
    def post(self, basvuru_id: int):
        """Approve the file (refused with the open impediments)."""
        service.onayla(basvuru_id, actor=actor(), actor_id=actor_id(), gun=today())
        return _file(basvuru_id)


@blp.route("/basvurular/<int:basvuru_id>/randevu")
class Randevu(MethodView):
    @access("tenant", "staff")
    @requires(TAKVIM)
    @blp.arguments(tsch.RandevuInput)
    @blp.response(201, NikahSchema)
    def post(self, data, basvuru_id: int):
        """Hold a hall slot for the file; the fee is charged at once."""
        return takvim.tut(basvuru_id, data["salon_id"], data["baslangic"], actor=actor())


@blp.route("/nikahlar/<int:nikah_id>/ertele")
class Ertele(MethodView):
    @access("tenant", "staff")
    @requires(TAKVIM)
    @blp.arguments(tsch.ErteleInput)
    @blp.response(200, NikahSchema)
    def post(self, data, nikah_id: int):
        """Move a booking to another slot within the file's validity."""
        return takvim.ertele(nikah_id, data["baslangic"], salon_id=data["salon_id"], actor=actor())


@blp.route("/nikahlar/<int:nikah_id>/iptal")
class Iptal(MethodView):
    @access("tenant", "staff")
    @requires(TAKVIM)
    @blp.arguments(bsch.NedenInput)
    @blp.response(200, NikahSchema)
    def post(self, data, nikah_id: int):
        """Cancel a booking (an unpaid fee is cancelled, a paid one is kept)."""
        return takvim.iptal(nikah_id, data["neden"], actor=actor())


@blp.route("/nikahlar/<int:nikah_id>/tamamla")
class Tamamla(MethodView):
    @access("tenant", "staff")
    @requires("evlendirme.nikah.kiy")
    @blp.arguments(tsch.TamamlaInput)
    @blp.response(200, NikahSchema)
    def post(self, data, nikah_id: int):
        """Record the ceremony; KPS is notified on the connectors queue."""
        return nikah.tamamla(nikah_id, taniklar_hazir=data["taniklar_hazir"], iki_taraf_evet=data["iki_taraf_evet"],
                             actor=actor(), actor_id=actor_id())


class IstatistikSchema(Schema):
    aylik = fields.List(fields.Dict())
    salonlar = fields.List(fields.Dict())
    bekleme = fields.Dict()
    iptal = fields.Dict()


class DonemQuery(Schema):
    baslangic = fields.Date(required=True)
    bitis = fields.Date(required=True)


@blp.route("/istatistik")
class Istatistik(MethodView):
    @access("tenant", "staff")
    @requires("evlendirme.rapor.goruntule")
    @blp.arguments(DonemQuery, location="query")
    @blp.response(200, IstatistikSchema)
    def get(self, args):
        """Ceremonies per month, hall usage and lead time of a period (at most three years)."""
        if args["bitis"] < args["baslangic"] or (args["bitis"] - args["baslangic"]).days > 1100:
            raise EvlendirmeError(_l("Dönem en çok üç yıl olabilir."),
                                  {"bitis": [_l("Başlangıçtan sonra ve üç yıl içinde bir gün girin.")]})
        return istatistik.ozet(args["baslangic"], args["bitis"])
