"""A person's assignments (positions with their pay, with history) and leaving, as the
personnel page offers them."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..schemas import AtamaInput, AyrilisInput
from ..services import personel
from . import GORUNTULE, MONEY, YONET, PersonelSchema, blp


class AtamaSchema(Schema):
    id = fields.Integer()
    personel_id = fields.Integer()
    kadro_id = fields.Integer()
    birim_id = fields.Integer()
    birim = fields.String()
    sinif = fields.String()
    unvan = fields.String()
    derece = fields.Integer(allow_none=True)
    baslangic = fields.Date()
    bitis = fields.Date(allow_none=True, metadata={"description": "boş: yürürlükteki atama"})
    brut_ucret = fields.Decimal(allow_none=True, **MONEY)
    tis_derece = fields.String(allow_none=True)
    gosterge = fields.Integer(allow_none=True)
    ek_gosterge = fields.Integer()
    yan_odeme_puan = fields.Integer()
    ozel_hizmet_orani = fields.Decimal(as_string=True, places=2)
    ek_odeme_orani = fields.Decimal(as_string=True, places=2)
    makam_gosterge = fields.Integer()
    gerekce = fields.String()


def _atama(atama, kadro, birim) -> dict:
    return {**{c.key: getattr(atama, c.key) for c in atama.__table__.columns},
            "birim": birim.ad, "sinif": kadro.sinif, "unvan": kadro.unvan, "derece": kadro.derece}


def _atama_of(personel_id: int, atama_id: int) -> dict:
    return next(_atama(*row) for row in personel.atamalar(personel_id) if row[0].id == atama_id)


@blp.route("/personel/<int:personel_id>/atamalar")
class Atamalar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, AtamaSchema(many=True))
    def get(self, personel_id: int):
        """A person's assignments, newest first (the open one has no end day)."""
        return [_atama(*row) for row in personel.atamalar(personel.personel(personel_id).id)]

    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(AtamaInput)
    @blp.response(201, AtamaSchema)
    def post(self, data, personel_id: int):
        """A new assignment (position and pay) from a day; the open one ends the day before."""
        row = personel.ata(personel_id, data["kadro_id"], data["baslangic"], actor=actor(),
                           brut_ucret=data["brut_ucret"], gosterge=data["gosterge"], ek_gosterge=data["ek_gosterge"],
                           yan_odeme_puan=data["yan_odeme_puan"], gerekce=data["gerekce"],
                           tis_derece=data["tis_derece"], ozel_hizmet_orani=data["ozel_hizmet_orani"],
                           ek_odeme_orani=data["ek_odeme_orani"], makam_gosterge=data["makam_gosterge"])
        return _atama_of(row.personel_id, row.id)


@blp.route("/personel/<int:personel_id>/ayrilis")
class Ayrilis(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(AyrilisInput)
    @blp.response(200, PersonelSchema)
    def post(self, data, personel_id: int):
        """The person leaves: the SGK leave notice, the open assignment ends, the reason is kept."""
        return personel.ayir(personel_id, data["cikis_tarihi"], data["cikis_kodu"], data["neden"], actor=actor())
