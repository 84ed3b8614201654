"""A memur's union memberships (the toplu sözleşme ikramiyesi the payroll pays while one
lasts) and a position's makam, temsil and görev tazminatı indicators by date."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..models import Kadro
from ..schemas import KadroTazminatInput, SendikaUyelikInput, UyelikBitirInput
from ..services import personel, sendika
from . import GORUNTULE, HAZIRLA, YONET, blp


class SendikaUyeligiSchema(Schema):
    id = fields.Integer()
    personel_id = fields.Integer()
    sendika = fields.String()
    baslangic = fields.Date()
    bitis = fields.Date(allow_none=True)
    baraj_alti = fields.Boolean()


@blp.route("/personel/<int:personel_id>/sendika-uyelikleri")
class SendikaUyelikleri(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, SendikaUyeligiSchema(many=True))
    def get(self, personel_id: int):
        """A person's union memberships, the latest first."""
        return sendika.uyelikler(personel.personel(personel_id).id)

    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(SendikaUyelikInput)
    @blp.response(201, SendikaUyeligiSchema)
    def post(self, data, personel_id: int):
        """A memur's membership of a union from a day (one union at a time: no overlap)."""
        return sendika.uye_yap(personel.personel(personel_id).id, data["sendika"], data["baslangic"],
                               bitis=data["bitis"], baraj_alti=data["baraj_alti"], actor=actor())


@blp.route("/personel/<int:personel_id>/sendika-uyelikleri/<int:uyelik_id>/bitir")
class SendikaUyeligiBitir(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(UyelikBitirInput)
    @blp.response(200, SendikaUyeligiSchema)
    def post(self, data, personel_id: int, uyelik_id: int):
        """End an open membership on its last day (409 once ended)."""
        return sendika.uyelik_bitir(personel.personel(personel_id).id, uyelik_id, data["bitis"], actor=actor())


class KadroTazminatiSchema(Schema):
    id = fields.Integer()
    kadro_id = fields.Integer()
    tur = fields.String(metadata={"description": "makam | temsil | gorev"})
    gosterge = fields.Integer()
    baslangic = fields.Date()
    kaynak = fields.String()


def _kadro(kadro_id: int) -> Kadro:
    row = db.session.get(Kadro, kadro_id)
    if row is None:
        raise NotFound(_l("Kadro bulunamadı."))
    return row


@blp.route("/kadrolar/<int:kadro_id>/tazminatlar")
class KadroTazminatlari(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, KadroTazminatiSchema(many=True))
    def get(self, kadro_id: int):
        """A position's makam, temsil and görev tazminatı rows by kind, the latest first."""
        return sendika.tazminatlar(_kadro(kadro_id).id)

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(KadroTazminatInput)
    @blp.response(201, KadroTazminatiSchema)
    def post(self, data, kadro_id: int):
        """A position's tazminat indicator from a day (a memur position; 0 ends the tazminat)."""
        return sendika.tazminat_ekle(_kadro(kadro_id).id, data["tur"], data["gosterge"], data["baslangic"],
                                     kaynak=data["kaynak"], actor=actor())
