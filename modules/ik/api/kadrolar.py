"""The organisation and a person's record beyond the hire, as the pages show them: the units
and positions (a hire or an assignment names a position), a person's service record
(hizmet cetveli) and the office's SGK settings."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..schemas import AyarInput
from ..services import ayar_kaydet, ayarlar, hizmet, personel
from . import GORUNTULE, MONEY, PersonelSchema, blp

AYAR = "ik.ayar.yonet"


class BirimSchema(Schema):
    id = fields.Integer()
    kod = fields.String(metadata={"description": "kurumsal kod"})
    ad = fields.String()
    fonksiyonel_kod = fields.String()
    ust_id = fields.Integer(allow_none=True)


class KadroSchema(Schema):
    id = fields.Integer()
    birim_id = fields.Integer()
    birim = fields.String()
    tur = fields.String(metadata={"description": "memur | isci | sozlesmeli | gecici"})
    sinif = fields.String()
    unvan = fields.String()
    derece = fields.Integer(allow_none=True)
    ekonomik_kod = fields.String()


@blp.route("/birimler")
class Birimler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, BirimSchema(many=True))
    def get(self):
        """The active units (müdürlükler), by code."""
        return personel.birimler()


@blp.route("/kadrolar")
class Kadrolar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, KadroSchema(many=True))
    def get(self):
        """The active positions with their unit: what a hire or an assignment may name."""
        return [{**{c.key: getattr(k, c.key) for c in k.__table__.columns}, "birim": b.ad}
                for k, b in personel.kadrolar()]


class SureSchema(Schema):
    yil = fields.Integer()
    ay = fields.Integer()
    gun = fields.Integer()


class CetvelSatiriSchema(Schema):
    baslangic = fields.Date()
    bitis = fields.Date(allow_none=True)
    birim = fields.String()
    sinif = fields.String()
    unvan = fields.String()
    derece = fields.Integer(allow_none=True)
    gosterge = fields.Integer(allow_none=True)
    ek_gosterge = fields.Integer()
    yan_odeme_puan = fields.Integer()
    brut_ucret = fields.Decimal(allow_none=True, **MONEY)
    gerekce = fields.String()
    sure = fields.Nested(SureSchema)


class CetvelIzniSchema(Schema):
    yil = fields.Integer()
    hak = fields.Integer()
    kullanim = fields.Integer()
    dusme = fields.Integer()
    turler = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "o yıl başlayan onaylı izinler, türe göre iş günü"})


class CetvelSchema(Schema):
    personel = fields.Nested(PersonelSchema)
    satirlar = fields.List(fields.Nested(CetvelSatiriSchema))
    kurumda = fields.Nested(SureSchema, metadata={"description": "bu belediyedeki hizmet"})
    toplam = fields.Nested(SureSchema, metadata={"description": "sayılan bütün hizmet"})
    izinler = fields.List(fields.Nested(CetvelIzniSchema))


@blp.route("/personel/<int:personel_id>/hizmet-cetveli")
class HizmetCetveli(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, CetvelSchema)
    def get(self, personel_id: int):
        """The service record from the movements: assignments with their length, service in
        this municipality and in all, leave by year."""
        return hizmet.cetvel(personel_id, today())


class AyarSchema(Schema):
    isveren_vkn = fields.String()
    isveren_unvan = fields.String()
    belge_azami_mb = fields.Integer(metadata={"description": "en büyük özlük belgesi (MB)"})


@blp.route("/ayarlar")
class Ayarlar(MethodView):
    @access("tenant", "staff")
    @requires(AYAR)
    @blp.response(200, AyarSchema)
    def get(self):
        """The employer's VKN and name as SGK knows them."""
        return ayarlar()

    @access("tenant", "staff")
    @requires(AYAR)
    @blp.arguments(AyarInput)
    @blp.response(200, AyarSchema)
    def put(self, data):
        """Change the employer's VKN and name (every SGK notice and declaration names them)."""
        return ayar_kaydet(data["isveren_vkn"], data["isveren_unvan"], belge_azami_mb=data["belge_azami_mb"],
                           actor=actor())
