"""İK's JSON API under ``/api/v1/ik`` (flask-smorest): the same inputs and services as the
staff pages.  A refused request answers the platform's one error shape
(``{code, reason, message, errors}``, 422 / 404 / 409) and writes nothing."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.api import PAGED, paged
from ebelediye.rbac import requires
from ebelediye.web import Pager, actor, today

from ..schemas import (
    AramaInput,
    DonemInput,
    EkKalemInput,
    IseAlisInput,
    IzinTalepInput,
    PusulaAramaInput,
)
from ..services import bordro, ekkalem, izin, personel

blp = Blueprint("ik_api", __name__, url_prefix="/api/v1/ik",
                description="İK: personel, işe giriş ve SGK bildirimi, aylık bordro, izin")

GORUNTULE, YONET, HAZIRLA, KAPAT = ("ik.personel.goruntule", "ik.personel.yonet", "ik.bordro.hazirla",
                                    "ik.bordro.kapat")
MONEY = {"as_string": True, "places": 2}


class PersonelSchema(Schema):
    id = fields.Integer()
    sicil_no = fields.String()
    tckn = fields.String()
    ad = fields.String()
    soyad = fields.String()
    tur = fields.String()
    sgk_statu = fields.String()
    ise_giris = fields.Date()
    ayrilis_tarihi = fields.Date(allow_none=True)
    ayrilis_nedeni = fields.String(allow_none=True)
    sgk_giris_referans = fields.String(allow_none=True)


class PersonelListeSchema(Schema):
    toplam = fields.Integer()
    kayitlar = fields.List(fields.Nested(PersonelSchema))


class BordroSchema(Schema):
    id = fields.Integer()
    donem = fields.String()
    tur = fields.String()
    durum = fields.String()
    kisi_sayisi = fields.Integer()
    toplam_brut = fields.Decimal(**MONEY)
    toplam_net = fields.Decimal(**MONEY)
    job_id = fields.String(allow_none=True)
    duzeltilen_id = fields.Integer(allow_none=True, metadata={"description": "fark bordrosunun düzelttiği bordro"})
    aphb_referans = fields.String(allow_none=True)
    kesenek_referans = fields.String(allow_none=True)


class SatirSchema(Schema):
    id = fields.Integer()
    personel_id = fields.Integer()
    donem = fields.String()
    gun = fields.Integer()
    brut = fields.Decimal(**MONEY)
    sgk_matrahi = fields.Decimal(**MONEY)
    sgk_isci = fields.Decimal(**MONEY)
    issizlik_isci = fields.Decimal(**MONEY)
    gv_matrahi = fields.Decimal(**MONEY)
    kumulatif_matrah = fields.Decimal(**MONEY)
    gelir_vergisi = fields.Decimal(**MONEY)
    gv_istisnasi = fields.Decimal(**MONEY)
    damga_vergisi = fields.Decimal(**MONEY)
    dv_istisnasi = fields.Decimal(**MONEY)
    diger_kesintiler = fields.Decimal(**MONEY, metadata={"description": "sendika, avans, icra"})
    net = fields.Decimal(**MONEY, metadata={"description": "brüt − SGK ve işsizlik işçi payı − gelir ve damga vergisi "
                                                          "(istisnalar düşülmüş) − diğer kesintiler"})
    sgk_isveren = fields.Decimal(**MONEY)
    issizlik_isveren = fields.Decimal(**MONEY)


class IzinTalebiSchema(Schema):
    id = fields.Integer()
    personel_id = fields.Integer()
    tur = fields.String()
    baslangic = fields.Date()
    bitis = fields.Date()
    gun = fields.Integer()
    durum = fields.String()
    aciklama = fields.String()
    talep_eden = fields.String()
    karar_veren = fields.String(allow_none=True)


class KpsKisiSchema(Schema):
    tckn = fields.String()
    ad = fields.String()
    soyad = fields.String()
    dogum_tarihi = fields.Date()
    cinsiyet = fields.String()


class KpsInput(inputs.Input):
    tckn = inputs.Tckn(required=True)


@blp.route("/personel")
class PersonelListesi(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(AramaInput, location="query")
    @blp.response(200, PersonelListeSchema)
    def get(self, args):
        rows, total = personel.liste(args["q"], tur=args["tur"], sayfa=args["sayfa"])
        return {"toplam": total, "kayitlar": rows}

    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(IseAlisInput)
    @blp.response(201, PersonelSchema)
    def post(self, data):
        """Hire: identity from KPS, the first assignment, the SGK hire notice."""
        return personel.ise_al(data, actor=actor())


@blp.route("/kps")
class Kps(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(KpsInput)
    @blp.response(200, KpsKisiSchema)
    def post(self, data):
        """The identity KPS registers for a TCKN (the hire form's pre-fill)."""
        return personel.kps_kisi(data["tckn"], actor=actor())


@blp.route("/personel/<int:personel_id>")
class PersonelKaydi(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, PersonelSchema)
    def get(self, personel_id: int):
        return personel.personel(personel_id)


@blp.route("/bordro")
class Bordrolar(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, BordroSchema(many=True))
    def get(self):
        return bordro.bordrolar()

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(DonemInput)
    @blp.response(202, BordroSchema)
    def post(self, data):
        """Start (or resume) the month's payroll job."""
        return bordro.baslat(data["donem"], aciklama=data["aciklama"], actor=actor(),
                             starter=f"staff:{current_user.id}")


@blp.route("/bordro/<int:bordro_id>")
class BordroKaydi(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, BordroSchema)
    def get(self, bordro_id: int):
        return bordro.bordro(bordro_id)


SATIR_SAYFASI = 50


@blp.route("/bordro/<int:bordro_id>/satirlar")
class BordroSatirlari(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(PusulaAramaInput, location="query")
    @blp.response(200, SatirSchema(many=True), headers=PAGED)
    def get(self, args, bordro_id: int):
        """A run's payslips by staff number, 50 a page, searched by name, staff number or TCKN."""
        rows, total = bordro.satir_sayfasi(bordro.bordro(bordro_id).id, args["q"], sayfa=args["sayfa"],
                                           boyut=SATIR_SAYFASI)
        return paged([s for s, _p in rows], Pager(args["sayfa"], total, SATIR_SAYFASI))


@blp.route("/bordro/<int:bordro_id>/kapat")
class BordroKapat(MethodView):
    @access("tenant", "staff")
    @requires(KAPAT)
    @blp.response(200, BordroSchema)
    def post(self, bordro_id: int):
        """Approve and close: the payroll event goes to accounting."""
        return bordro.kapat(bordro_id, today(), actor=actor())


@blp.route("/personel/<int:personel_id>/izin")
class Izin(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, IzinTalebiSchema(many=True))
    def get(self, personel_id: int):
        return izin.talepler(personel_id=personel.personel(personel_id).id)

    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(IzinTalepInput)
    @blp.response(201, IzinTalebiSchema)
    def post(self, data, personel_id: int):
        """A leave request on a person's behalf (refused beyond the balance)."""
        return izin.talep(personel.personel(personel_id).id, data["tur"], data["baslangic"], data["bitis"],
                          aciklama=data["aciklama"], actor=actor())


class EkKalemSchema(Schema):
    id = fields.Integer()
    personel_id = fields.Integer()
    donem = fields.String()
    tur = fields.String()
    saat = fields.Decimal(as_string=True, places=2, allow_none=True)
    tutar = fields.Decimal(allow_none=True, **MONEY)
    aciklama = fields.String()


@blp.route("/personel/<int:personel_id>/ek-kalem")
class EkKalemler(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, EkKalemSchema(many=True))
    def get(self, personel_id: int):
        return ekkalem.kalemler(personel.personel(personel_id).id)

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(EkKalemInput)
    @blp.response(201, EkKalemSchema)
    def post(self, data, personel_id: int):
        """Overtime hours, a bonus, union dues, an advance or an icra order for a month."""
        return ekkalem.ekle(personel_id, data["donem"], data["tur"], saat=data["saat"], tutar=data["tutar"],
                            aciklama=data["aciklama"], actor=actor())


from . import (  # noqa: E402,F401  (routes)
    atamalar,
    belgeler,
    benim,
    bordro_adimlari,
    izinler,
    kadrolar,
    raporlar,
    sendika,
    tisler,
)
