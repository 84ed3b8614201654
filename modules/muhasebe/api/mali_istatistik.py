"""The month's data for the Hazine's general government statistics (KBS) and the mark that
it was entered (``services.mali_istatistik``)."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..schemas import AyInput
from ..services import mali_istatistik as service
from . import GORUNTULE, blp

GIREN = "muhasebe.donem.kilitle"


class _VeriArgs(inputs.Input):
    yil = inputs.Integer(minimum=2000, maximum=2100, load_default=None)
    ay = inputs.Integer(minimum=1, maximum=12, load_default=None)


class _GirisInput(AyInput):
    aciklama = inputs.Text(load_default="", max_length=500)


class MizanSatiriOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    borc = fields.Decimal(as_string=True)
    alacak = fields.Decimal(as_string=True)
    borc_bakiye = fields.Decimal(as_string=True)
    alacak_bakiye = fields.Decimal(as_string=True)


class OdenekSatiriOut(inputs.Input):
    kurumsal = fields.String()
    fonksiyonel = fields.String()
    finansman = fields.String()
    ekonomik = fields.String()
    ad = fields.String()
    odenek = fields.Decimal(as_string=True)
    harcama = fields.Decimal(as_string=True)
    kalan = fields.Decimal(as_string=True)


class GelirSatiriOut(inputs.Input):
    ekonomik = fields.String()
    tahsilat = fields.Decimal(as_string=True)
    iade = fields.Decimal(as_string=True)
    net = fields.Decimal(as_string=True)


class GirisOut(inputs.Input):
    id = fields.Integer()
    yil = fields.Integer()
    ay = fields.Integer()
    parmak_izi = fields.String()
    borc_toplam = fields.Decimal(as_string=True)
    alacak_toplam = fields.Decimal(as_string=True)
    aciklama = fields.String()
    giren = fields.String()
    created_at = fields.DateTime()


class AylikVeriOut(inputs.Input):
    yil = fields.Integer()
    ay = fields.Integer()
    bas = fields.Date()
    bit = fields.Date()
    son_gun = fields.Date(metadata={"description": "the last day to enter the month into the KBS"})
    durum = fields.String(metadata={"description": "girilmedi, girildi or degisti (changed since it was entered)"})
    parmak_izi = fields.String()
    mizan = fields.Method("_mizan")
    odenekler = fields.List(fields.Nested(OdenekSatiriOut))
    gelirler = fields.List(fields.Nested(GelirSatiriOut))
    girisler = fields.List(fields.Nested(GirisOut))

    def _mizan(self, veri) -> list:
        return MizanSatiriOut(many=True).dump(veri.mizan.satirlar)


@blp.route("/mali-istatistik")
class MaliIstatistik(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(_VeriArgs, location="query")
    @blp.response(200, AylikVeriOut)
    def get(self, args):
        """A month's three tables for the KBS (mizan, budget lines, budget revenue), cumulative
        from 1 January; the latest month ended unless ``yil`` and ``ay`` are given."""
        yil, ay = service.son_biten_ay(today())
        return service.aylik_veri(args["yil"] or yil, args["ay"] or ay)


@blp.route("/mali-istatistik/girisler")
class MaliVeriGirisleri(MethodView):
    @access("tenant", "staff")
    @requires(GIREN)
    @blp.arguments(_GirisInput)
    @blp.response(201, GirisOut)
    def post(self, data):
        """Mark the month's tables, as they stand now, as entered into the KBS (422 for a month
        not over yet, 409 when it is already entered as it stands)."""
        return service.isaretle(data["yil"], data["ay"], data["aciklama"], today(), actor=actor())
