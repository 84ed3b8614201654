"""SGK reports (Vizite) as the page offers them: the reports SGK lists for a period matched to
the staff, recording one as leave, the employer's notice on one."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..schemas import RaporAramaInput, RaporBildirimInput, RaporIzinInput
from ..services import rapor
from . import YONET, blp


class SgkHatasiSchema(Schema):
    """SGK could not be reached (a timeout, the circuit breaker open) or its answer to a notice
    is unknown: nothing was written; try again later (a notice may be sent again safely)."""

    code = fields.Integer()
    reason = fields.String()
    message = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class RaporSchema(Schema):
    rapor_no = fields.String()
    tckn = fields.String()
    personel_id = fields.Integer(allow_none=True)
    ad_soyad = fields.String()
    tur = fields.String(metadata={"description": "hastalik, is_kazasi, meslek_hastaligi, analik"})
    baslangic = fields.Date()
    bitis = fields.Date()
    gun = fields.Integer(metadata={"description": "raporun takvim günü"})
    tesis = fields.String()
    kontrol_tarihi = fields.Date(allow_none=True)
    durum = fields.String(metadata={"description": "bekliyor, kaydedildi, cakisma, calisti, personel_yok, kapsam_disi"})
    izin_talebi_id = fields.Integer(allow_none=True)
    cakisan_izin_id = fields.Integer(allow_none=True)
    bildirim = fields.String(allow_none=True, metadata={"description": "calismadi, calisti ya da yok"})
    bildirim_referans = fields.String(allow_none=True)


class SgkRaporuSchema(Schema):
    id = fields.Integer()
    rapor_no = fields.String()
    personel_id = fields.Integer()
    tur = fields.String()
    baslangic = fields.Date()
    bitis = fields.Date()
    izin_talebi_id = fields.Integer(allow_none=True)
    bildirim = fields.String(allow_none=True)
    bildirim_referans = fields.String(allow_none=True)
    bildirim_tarihi = fields.Date(allow_none=True)


def _view(r: rapor.RaporSatiri) -> dict:
    rp = r.rapor
    return {"rapor_no": rp.rapor_no, "tckn": rp.tckn, "personel_id": r.personel.id if r.personel else None,
            "ad_soyad": r.personel.ad_soyad if r.personel else f"{rp.ad} {rp.soyad}".strip(), "tur": rp.tur,
            "baslangic": rp.baslangic, "bitis": rp.bitis, "gun": rp.gun, "tesis": rp.tesis,
            "kontrol_tarihi": rp.kontrol_tarihi, "durum": r.durum, "izin_talebi_id": r.izin.id if r.izin else None,
            "cakisan_izin_id": r.cakisma.id if r.cakisma else None, "bildirim": r.bildirim,
            "bildirim_referans": r.bildirim_referans}


@blp.route("/sgk-raporlari")
class SgkRaporlari(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(RaporAramaInput, location="query")
    @blp.response(200, RaporSchema(many=True))
    @blp.alt_response(503, schema=SgkHatasiSchema, description="SGK'ya ulaşılamadı (zaman aşımı, devre açık)")
    def get(self, args):
        """The SGK reports (Vizite) of the employer's insured overlapping the days (at most a
        year), matched to the staff by TCKN, with their state here and at SGK."""
        return [_view(r) for r in rapor.raporlar(args["baslangic"], args["bitis"], actor=actor())]


@blp.route("/sgk-raporlari/izin")
class SgkRaporuIzin(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(RaporIzinInput)
    @blp.response(201, SgkRaporuSchema)
    @blp.alt_response(503, schema=SgkHatasiSchema, description="SGK'ya ulaşılamadı (zaman aşımı, devre açık)")
    def post(self, data):
        """Record the report as the leave of its kind with SGK's dates (once per report; 409 for
        a report already recorded or overlapping another leave)."""
        return rapor.izin_kaydet(data["rapor_no"], data["baslangic"], data["bitis"], actor=actor())


@blp.route("/sgk-raporlari/bildirim")
class SgkRaporuBildirim(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(RaporBildirimInput)
    @blp.response(200, SgkRaporuSchema)
    @blp.alt_response(503, schema=SgkHatasiSchema, description="SGK'ya ulaşılamadı ya da yanıtı belli değil")
    def post(self, data):
        """The employer's notice to SGK: did not work (``calisti: false``), or worked with a
        ``neden``; the same notice again is answered as before, a different one is 409."""
        return rapor.bildir(data["rapor_no"], data["baslangic"], data["bitis"], data["calisti"], data["neden"],
                            actor=actor())
