"""The workers' collective agreements (TİS) as the TİS page keeps them: each with its wage
scale at the start and its increases by date (the payroll reads a worker's wage on a TİS
grade from them)."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..schemas import TisInput
from ..services import tis
from . import HAZIRLA, MONEY, blp


class TisUcretiSchema(Schema):
    derece = fields.String()
    aylik_brut = fields.Decimal(**MONEY)


class TisZammiSchema(Schema):
    yururluk = fields.Date()
    oran = fields.Decimal(as_string=True, places=4, metadata={"description": "yüzde"})
    sabit = fields.Decimal(**MONEY)


class TisSchema(Schema):
    id = fields.Integer()
    ad = fields.String()
    sendika = fields.String()
    baslangic = fields.Date()
    bitis = fields.Date()
    ucretler = fields.List(fields.Nested(TisUcretiSchema))
    zamlar = fields.List(fields.Nested(TisZammiSchema))
    rapor_ilk_iki_gun = fields.Boolean(allow_none=True, metadata={
        "description": "hastalık raporunun ilk iki gününü işveren öder mi (boş: ulusal parametre)"})


def _tis(row, wages, increases) -> dict:
    return {"id": row.id, "ad": row.ad, "sendika": row.sendika, "baslangic": row.baslangic, "bitis": row.bitis,
            "ucretler": wages, "zamlar": increases, "rapor_ilk_iki_gun": row.rapor_ilk_iki_gun}

#: the TİS form's answer on a sick report's first two days
ILK_IKI_GUN = {"evet": True, "hayir": False}


@blp.route("/tis")
class Tisler(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, TisSchema(many=True))
    def get(self):
        """Every TİS, newest first, with its grades' wages and its increases."""
        return [_tis(*entry) for entry in tis.tisler()]

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(TisInput)
    @blp.response(201, TisSchema)
    def post(self, data):
        """Record a TİS as the page takes it: ``ucretler`` a ``derece;ücret`` line per grade,
        ``zamlar`` a ``GG.AA.YYYY;oran;sabit tutar`` line per increase; periods never overlap."""
        row = tis.tis_ekle(data["ad"], data["sendika"], data["baslangic"], data["bitis"], data["ucretler"],
                           data["zamlar"], actor=actor(),
                           rapor_ilk_iki_gun=ILK_IKI_GUN.get(data["rapor_ilk_iki_gun"] or ""))
        return next(_tis(*entry) for entry in tis.tisler() if entry[0].id == row.id)
