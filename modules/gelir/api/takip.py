"""6183 collection through the API: ödeme emri batches and orders (tebliğ, objection), tecil
plans (schedule before approval, approval, cancellation), restructuring campaigns and
restructurings."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor, today

from ..schemas.takip import (
    IptalInput,
    ItirazInput,
    ItirazSonucInput,
    KampanyaInput,
    PartiInput,
    TebligInput,
    TecilApiInput,
    YapilandirmaApiInput,
)
from ..services import takip, tecil, yapilandirma
from . import blp

TAKIP = "gelir.takip.yonet"
_MONEY = {"as_string": True, "places": 2}


class TaksitSchema(Schema):
    sira = fields.Integer()
    vade = fields.Date()
    anapara = fields.Decimal(**_MONEY)
    gecikme = fields.Decimal(**_MONEY)
    faiz = fields.Decimal(**_MONEY)
    toplam = fields.Decimal(**_MONEY)
    odendi = fields.Function(lambda t: getattr(t, "tahsilat_id", None) is not None)


class PlanSchema(Schema):
    id = fields.Integer()
    mukellef_id = fields.Integer()
    durum = fields.String()
    tecil_tarihi = fields.Date()
    taksit_sayisi = fields.Integer()
    anapara = fields.Decimal(**_MONEY)
    gecikme = fields.Decimal(**_MONEY)
    faiz = fields.Decimal(**_MONEY)
    toplam = fields.Decimal(**_MONEY)
    teminat = fields.String()
    kapanis_tarihi = fields.Date(allow_none=True)
    kapanis_nedeni = fields.String()
    taksitler = fields.List(fields.Nested(TaksitSchema))
    hesap = fields.List(fields.Dict(), allow_none=True)


class OnizlemeSchema(Schema):
    anapara = fields.Decimal(**_MONEY)
    gecikme = fields.Decimal(**_MONEY)
    faiz = fields.Decimal(**_MONEY)
    toplam = fields.Decimal(**_MONEY)
    teminat_gerekli = fields.Boolean()
    taksitler = fields.List(fields.Nested(TaksitSchema))


class EmirSchema(Schema):
    id = fields.Integer()
    no = fields.String()
    mukellef_id = fields.Integer()
    parti_id = fields.Integer(allow_none=True)
    durum = fields.String()
    duzenleme_tarihi = fields.Date()
    anapara = fields.Decimal(**_MONEY)
    gecikme = fields.Decimal(**_MONEY)
    teblig_tarihi = fields.Date(allow_none=True)
    odeme_son_gun = fields.Date(allow_none=True)
    itiraz_son_gun = fields.Date(allow_none=True)
    itiraz_tarihi = fields.Date(allow_none=True)
    itiraz_sonucu = fields.String(allow_none=True)
    kalemler = fields.List(fields.Dict())


class PartiSchema(Schema):
    id = fields.Integer()
    durum = fields.String()
    kriterler = fields.Dict()
    olusan = fields.Integer()
    tutar = fields.Decimal(**_MONEY)
    is_kaydi = fields.String(allow_none=True)


@blp.route("/odeme-emri-partileri")
class OdemeEmriPartileri(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(PartiInput)
    @blp.response(201, PartiSchema)
    def post(self, data):
        """Ödeme emri partisi başlat (a batch of ödeme emirleri; large ones run as a job)."""
        run, _queued = takip.parti_baslat(data["yil"], data["gelir_kodu"], data["asgari"], today(), actor=actor(),
                                          starter=f"staff:{current_user.id}", slug=require_tenant().slug)
        return run


@blp.route("/odeme-emirleri/<int:emir_id>")
class OdemeEmriKaydi(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, EmirSchema)
    def get(self, emir_id: int):
        """Bir ödeme emri (one payment order)."""
        return takip.emir(emir_id)


@blp.route("/odeme-emirleri/<int:emir_id>/teblig")
class OdemeEmriTeblig(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(TebligInput)
    @blp.response(200, EmirSchema)
    def post(self, data, emir_id: int):
        """Tebliğ tarihini kaydet (record the notification day; the 15-day periods start)."""
        return takip.teblig_et(emir_id, data["teblig_tarihi"], bugun=today(), actor=actor())


@blp.route("/odeme-emirleri/<int:emir_id>/itiraz")
class OdemeEmriItiraz(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(ItirazInput)
    @blp.response(200, EmirSchema)
    def post(self, data, emir_id: int):
        """İtirazı kaydet (record an objection, 6183 m.58)."""
        return takip.itiraz_et(emir_id, data["itiraz_tarihi"], data["aciklama"], bugun=today(), actor=actor())


@blp.route("/odeme-emirleri/<int:emir_id>/itiraz-sonucu")
class OdemeEmriItirazSonucu(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(ItirazSonucInput)
    @blp.response(200, EmirSchema)
    def post(self, data, emir_id: int):
        """İtiraz kararını kaydet (kabul: the order is cancelled; ret: it stands)."""
        return takip.itiraz_sonucu(emir_id, data["sonuc"], data["karar_tarihi"], bugun=today(), actor=actor())


def _schedule(preview: tecil.Onizleme) -> dict:
    plan = preview.hesap
    return {"anapara": plan.anapara, "gecikme": plan.gecikme, "faiz": plan.faiz, "toplam": plan.toplam,
            "teminat_gerekli": preview.teminat_gerekli, "taksitler": plan.taksitler}


@blp.route("/tecil/onizleme")
class TecilOnizleme(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(TecilApiInput)
    @blp.response(200, OnizlemeSchema)
    def post(self, data):
        """Tecil planını hesapla, kaydetme (the schedule before approval; nothing is written)."""
        return _schedule(tecil.onizle(data["mukellef_id"], data["tahakkuk"], data["taksit_sayisi"],
                                      data["tecil_tarihi"], bugun=today()))


@blp.route("/tecil")
class TecilPlanlari(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(TecilApiInput)
    @blp.response(201, PlanSchema)
    def post(self, data):
        """Tecil planını onayla (approve a plan: its installments become payable)."""
        return tecil.onayla(data["mukellef_id"], data["tahakkuk"], data["taksit_sayisi"], data["tecil_tarihi"],
                            bugun=today(), actor=actor(), teminat=data["teminat"])


@blp.route("/tecil/<int:plan_id>")
class TecilPlaniKaydi(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, PlanSchema)
    def get(self, plan_id: int):
        """Bir tecil planı ve taksitleri (a plan with its installments)."""
        return tecil.plan(plan_id)


@blp.route("/tecil/<int:plan_id>/iptal")
class TecilIptal(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(IptalInput)
    @blp.response(200, PlanSchema)
    def post(self, data, plan_id: int):
        """Tecil planını iptal et (reversal: the unpaid installments' interest is reversed)."""
        return tecil.iptal(plan_id, data["gerekce"], today(), actor=actor())


# --- yapılandırma (restructuring campaigns) ---------------------------------------------

class KampanyaSchema(Schema):
    id = fields.Integer()
    ad = fields.String()
    kanun_no = fields.String()
    kanun_tarihi = fields.Date()
    dayanak = fields.String()
    basvuru_baslangic = fields.Date()
    basvuru_bitis = fields.Date()
    kapsam_vade_sonu = fields.Date()
    gelir_kodlari = fields.List(fields.String())
    gecikme_yontemi = fields.String()
    aylik_oran = fields.Decimal(as_string=True, allow_none=True)
    hesap_sonu = fields.Date()
    pesin_indirim = fields.Decimal(as_string=True)
    secenekler = fields.List(fields.Dict())
    ilk_taksit_vadesi = fields.Date()
    taksit_araligi_ay = fields.Integer()
    tolerans = fields.Integer()
    son_taksit_ek_ay = fields.Integer()
    dava_vazgecme = fields.Boolean()


class YapilandirmaSchema(PlanSchema):
    kampanya_id = fields.Integer()
    yapilandirma = fields.Dict(allow_none=True)


class YapilandirmaOnizlemeSchema(Schema):
    anapara = fields.Decimal(**_MONEY)
    gecikme = fields.Decimal(**_MONEY, metadata={"description": "Kaldırılan gecikme zammı"})
    yeni = fields.Decimal(**_MONEY, metadata={"description": "Yerine konan tutar (indirimden sonra)"})
    indirim = fields.Decimal(**_MONEY)
    artis = fields.Decimal(**_MONEY, metadata={"description": "Katsayı farkı"})
    katsayi = fields.Decimal(as_string=True)
    toplam = fields.Decimal(**_MONEY)
    taksitler = fields.List(fields.Nested(TaksitSchema))


@blp.route("/yapilandirma/kampanyalar")
class Kampanyalar(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, KampanyaSchema(many=True))
    def get(self):
        """Yapılandırma kampanyaları (restructuring campaigns, newest first; at most 200)."""
        return yapilandirma.kampanya_listesi(200)

    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(KampanyaInput)
    @blp.response(201, KampanyaSchema)
    def post(self, data):
        """Kampanya tanımla (a law's rules as dated data)."""
        return yapilandirma.kampanya_olustur(data, actor=actor())


@blp.route("/yapilandirma/kampanyalar/<int:kampanya_id>")
class KampanyaKaydi(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, KampanyaSchema)
    def get(self, kampanya_id: int):
        """Bir kampanya (one campaign)."""
        return yapilandirma.kampanya(kampanya_id)


@blp.route("/yapilandirma/onizleme")
class YapilandirmaOnizleme(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(YapilandirmaApiInput)
    @blp.response(200, YapilandirmaOnizlemeSchema)
    def post(self, data):
        """Yapılandırmayı hesapla, kaydetme (the figures and schedule; nothing is written)."""
        preview = yapilandirma.onizle(data["kampanya_id"], data["mukellef_id"], data["tahakkuk"],
                                      data["taksit_sayisi"], data["basvuru_tarihi"], bugun=today())
        return preview.hesap


@blp.route("/yapilandirma")
class Yapilandirmalar(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(YapilandirmaApiInput)
    @blp.response(201, YapilandirmaSchema)
    def post(self, data):
        """Yapılandırmayı onayla (late fees reversed, the campaign's amount accrued per installment)."""
        return yapilandirma.onayla(data["kampanya_id"], data["mukellef_id"], data["tahakkuk"], data["taksit_sayisi"],
                                   data["basvuru_tarihi"], bugun=today(), actor=actor())


@blp.route("/yapilandirma/<int:plan_id>")
class YapilandirmaKaydi(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, YapilandirmaSchema)
    def get(self, plan_id: int):
        """Bir yapılandırma ve taksitleri (a restructuring with its installments)."""
        return yapilandirma.yapilandirma(plan_id)
