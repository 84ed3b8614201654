"""Muhasebe's JSON API under ``/api/v1/muhasebe`` (flask-smorest): vouchers (prepare,
approve, reverse), the chart of accounts and the mizan, with the same inputs and services
as the staff pages.  A refused request answers the platform's one error shape and writes
nothing."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id, today

from ..schemas import (
    AltHesapInput,
    AralikInput,
    ButceKalemiOut,
    FisInput,
    FisOut,
    HesapOut,
    MizanOut,
    satirlar_of,
)
from ..services import butce, fis, hesaplar, rapor

blp = Blueprint("muhasebe_api", __name__, url_prefix="/api/v1/muhasebe",
                description="Muhasebe: fişler, hesap planı, mizan (MİBMY)")

GORUNTULE, HAZIRLA, ONAYLA, HESAP = ("muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla",
                                     "muhasebe.hesap.yonet")


def _out(fis_id: int) -> dict:
    row = fis.fis(fis_id)
    return {**{k: getattr(row, k) for k in ("id", "yil", "no", "numara", "tur", "tarih", "aciklama", "durum", "kaynak",
                                            "ters_fis_id", "toplam", "hazirlayan", "onaylayan")},
            "satirlar": fis.satirlari(row.id)}


@blp.route("/fisler")
class Fisler(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(FisInput)
    @blp.response(201, FisOut)
    def post(self, data):
        """Prepare a voucher (a draft): it must balance, on active accounts, in an open month."""
        row = fis.hazirla(data["tarih"], satirlar_of(data), actor=actor(), actor_id=actor_id(), tur=data["tur"],
                          aciklama=data["aciklama"])
        return _out(row.id)


@blp.route("/fisler/<int:fis_id>")
class FisView(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, FisOut)
    def get(self, fis_id: int):
        """A voucher with its lines."""
        return _out(fis_id)


@blp.route("/fisler/<int:fis_id>/onay")
class Onay(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.response(200, FisOut)
    def post(self, fis_id: int):
        """Approve a draft (not by its preparer): it gets its yearly number and never changes."""
        fis.onayla(fis_id, actor=actor(), actor_id=actor_id())
        return _out(fis_id)


@blp.route("/fisler/<int:fis_id>/ters")
class Ters(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(201, FisOut)
    def post(self, fis_id: int):
        """Prepare the reversing voucher of an approved one (to be approved by someone else)."""
        row = fis.ters_kayit(fis_id, actor=actor(), actor_id=actor_id(), tarih=today())
        return _out(row.id)


@blp.route("/hesaplar")
class Hesaplar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, HesapOut(many=True))
    def get(self):
        """The chart of accounts."""
        return hesaplar.hesaplar()

    @access("tenant", "staff")
    @requires(HESAP)
    @blp.arguments(AltHesapInput)
    @blp.response(201, HesapOut)
    def post(self, data):
        """Add a sub-account (``102.01``) under the account its code extends."""
        return hesaplar.alt_hesap_ekle(data["kod"], data["ad"], actor=actor())


@blp.route("/mizan")
class MizanView(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(AralikInput, location="query")
    @blp.response(200, MizanOut)
    def get(self, args):
        """The trial balance of approved vouchers dated baslangic..bitis (default: this year)."""
        bas, bit = aralik(args)
        m = rapor.mizan(bas, bit)
        return {"bas": m.bas, "bit": m.bit, "borc": m.borc, "alacak": m.alacak, "satirlar": m.satirlar,
                "kontroller": m.kontroller}


class _YilArgs(Schema):
    yil = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


@blp.route("/butce")
class Butce(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(_YilArgs, location="query")
    @blp.response(200, ButceKalemiOut(many=True))
    def get(self, args):
        """The year's budget lines (tertip) with appropriation, use and what is left."""
        return butce.kalemler(args["yil"] or today().year)


def aralik(args: dict) -> tuple[date, date]:
    end = args.get("bitis") or today()
    start = args.get("baslangic") or date(end.year, 1, 1)
    if start > end:
        start, end = end, start
    return start, end
