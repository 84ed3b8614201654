"""Leave for managers, as the leave pages offer it: a person's balance by entitlement year,
the requests waiting for a decision and the decision, the month's calendar of who is away,
and the year's entitlements or lapse."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.api import PAGED, paged
from ebelediye.rbac import requires
from ebelediye.web import Pager, actor, today

from ..schemas import KararInput, TakvimInput, TalepAramaInput, YilInput
from ..services import izin, personel
from . import GORUNTULE, IzinTalebiSchema, blp

ONAYLA = "ik.izin.onayla"
TALEP_SAYFASI = TAKVIM_SAYFASI = 50


class BakiyeYiliSchema(Schema):
    hak_yili = fields.Integer()
    gun = fields.Integer(metadata={"description": "o yılın haklarından kalan gün"})


class BakiyeSchema(Schema):
    personel_id = fields.Integer()
    bakiye = fields.Integer(metadata={"description": "kullanılabilir yıllık izin (gün), hareketlerin toplamı"})
    yillar = fields.List(fields.Nested(BakiyeYiliSchema))


@blp.route("/personel/<int:personel_id>/izin-bakiyesi")
class IzinBakiyesi(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, BakiyeSchema)
    def get(self, personel_id: int):
        """A person's annual leave balance by entitlement year (oldest is used first)."""
        row = personel.personel(personel_id)
        by_year = izin.yillara_gore(row.id)
        return {"personel_id": row.id, "bakiye": sum(by_year.values()),
                "yillar": [{"hak_yili": y, "gun": g} for y, g in sorted(by_year.items())]}


@blp.route("/izin/talepler")
class IzinTalepleri(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.arguments(TalepAramaInput, location="query")
    @blp.response(200, IzinTalebiSchema(many=True), headers=PAGED)
    def get(self, args):
        """Leave requests in a state (default: waiting for a decision), newest first, 50 a page."""
        rows, total = izin.talep_sayfasi(durum=args["durum"], sayfa=args["sayfa"], boyut=TALEP_SAYFASI)
        return paged(rows, Pager(args["sayfa"], total, TALEP_SAYFASI))


@blp.route("/izin/talepler/<int:talep_id>/karar")
class IzinKarari(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.arguments(KararInput)
    @blp.response(200, IzinTalebiSchema)
    def post(self, data, talep_id: int):
        """Approve (``onay: true``) or refuse a request; annual leave uses the oldest entitlement
        first; nobody decides their own request."""
        return izin.karar(talep_id, data["onay"], actor=actor())


class TakvimGunuSchema(Schema):
    gun = fields.Date()
    is_gunu = fields.Boolean()
    disarida = fields.Integer(metadata={"description": "o gün izinde olan kişi sayısı (bütün sayfalar)"})


class TakvimSatiriSchema(Schema):
    personel_id = fields.Integer()
    sicil_no = fields.String()
    ad_soyad = fields.String()
    birim = fields.String()
    gunler = fields.List(fields.String(), metadata={"description": "her gün için izin harfi (Y, M, H, Ü) ya da boş"})
    gun_sayisi = fields.Integer(metadata={"description": "ayda onaylı izindeki iş günü"})


class TakvimSchema(Schema):
    ay = fields.String()
    gunler = fields.List(fields.Nested(TakvimGunuSchema))
    satirlar = fields.List(fields.Nested(TakvimSatiriSchema))


@blp.route("/izin/takvim")
class IzinTakvimi(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.arguments(TakvimInput, location="query")
    @blp.response(200, TakvimSchema, headers=PAGED)
    def get(self, args):
        """Who is away in a month (default: this one), by unit: 50 people a page."""
        cal = izin.takvim(args["ay"] or f"{today():%Y-%m}", birim_id=args["birim"], sayfa=args["sayfa"],
                          boyut=TAKVIM_SAYFASI)
        body = {"ay": cal.ay, "satirlar": cal.satirlar,
                "gunler": [{"gun": d, "is_gunu": working, "disarida": n}
                           for (d, working), n in zip(cal.gunler, cal.disarida, strict=True)]}
        return paged(body, Pager(args["sayfa"], cal.toplam, TAKVIM_SAYFASI))


class YilSonucuSchema(Schema):
    yil = fields.Integer()
    islem = fields.String()
    kisi = fields.Integer(metadata={"description": "hak tanımlanan ya da izni düşen kişi sayısı"})


@blp.route("/izin/yil")
class IzinYili(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.arguments(YilInput)
    @blp.response(200, YilSonucuSchema)
    def post(self, data):
        """``hak``: the year's annual leave entitlements for everyone; ``dusme``: the year-end
        lapse of the year before's unused leave (657 m.103).  Both idempotent."""
        if data["islem"] == "hak":
            count = izin.hak_tanimla_hepsi(data["yil"], actor=actor())
        else:
            count = izin.dusur(data["yil"], actor=actor())
        return {"yil": data["yil"], "islem": data["islem"], "kisi": count}
