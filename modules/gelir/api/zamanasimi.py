"""6183 collection through the API, continued: the year-end zamanaşımı list (m.102–103),
each debt's period, and terkin (write-off) requests with a second approver."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor, today

from ..schemas.zamanasimi import (
    HacizApiInput,
    HacizKaldirInput,
    MahsupApiInput,
    TerkinApiInput,
    TerkinListeInput,
    TerkinOnayInput,
    TerkinRetInput,
    ZamanasimiInput,
    ZamanasimiSayfaInput,
)
from ..services import haciz, mahsup, terkin, zamanasimi
from . import blp

TAKIP = "gelir.takip.yonet"
TALEP, ONAY = "gelir.terkin.talep", "gelir.terkin.onayla"
TAHSIL = "gelir.tahsilat.olustur"
_MONEY = {"as_string": True, "places": 2}


class ZamanasimiCalismaSchema(Schema):
    id = fields.Integer()
    yil = fields.Integer()
    durum = fields.String()
    olusan = fields.Integer()
    tutar = fields.Decimal(**_MONEY)
    is_kaydi = fields.String(allow_none=True)


class ZamanasimiKalemSchema(Schema):
    id = fields.Integer()
    tahakkuk_id = fields.Integer()
    mukellef_id = fields.Integer()
    gelir_kodu = fields.String()
    borc_yili = fields.Integer()
    vade = fields.Date()
    anapara = fields.Decimal(**_MONEY)
    gecikme = fields.Decimal(**_MONEY)
    kesilme_tarihi = fields.Date(allow_none=True)
    kesilme_nedeni = fields.String(allow_none=True)
    son_gun = fields.Date()


class ZamanasimiKalemListesiSchema(Schema):
    sayfa = fields.Integer()
    toplam = fields.Integer()
    kalemler = fields.List(fields.Nested(ZamanasimiKalemSchema))


class ZamanasimiSureSchema(Schema):
    tahakkuk_id = fields.Integer()
    vade = fields.Date()
    kesilme_tarihi = fields.Date(allow_none=True)
    kesilme_nedeni = fields.String(allow_none=True)
    baslangic = fields.Date(metadata={"description": "sürenin başladığı gün (m.102, m.103)"})
    son_gun = fields.Date(metadata={"description": "sürenin son günü; ertesi gün zamanaşımı dolmuş olur"})
    doldu = fields.Boolean()


class TerkinSchema(Schema):
    id = fields.Integer()
    mukellef_id = fields.Integer()
    tahakkuk_id = fields.Integer()
    neden = fields.String()
    dayanak = fields.String()
    gerekce = fields.String()
    durum = fields.String()
    anapara = fields.Decimal(allow_none=True, **_MONEY)
    gecikme = fields.Decimal(allow_none=True, **_MONEY)
    kayitlar = fields.List(fields.Dict(), allow_none=True)
    zamanasimi_kalemi_id = fields.Integer(allow_none=True)
    talep_eden = fields.String()
    onaylayan = fields.String(allow_none=True)
    karar_tarihi = fields.Date(allow_none=True)
    karar_notu = fields.String()


@blp.route("/zamanasimi-listeleri")
class ZamanasimiListeleri(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(ZamanasimiInput)
    @blp.response(201, ZamanasimiCalismaSchema)
    def post(self, data):
        """Yıl sonu zamanaşımı listesini başlat (lists lapsed debts for review; writes nothing off)."""
        run, _queued = zamanasimi.baslat(data["yil"], today(), actor=actor(), starter=f"staff:{current_user.id}",
                                         slug=require_tenant().slug)
        return run


@blp.route("/zamanasimi-listeleri/<int:run_id>")
class ZamanasimiListesi(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, ZamanasimiCalismaSchema)
    def get(self, run_id: int):
        """Bir zamanaşımı listesi ve ilerlemesi (a year-end run and its progress)."""
        return zamanasimi.calisma(run_id)


@blp.route("/zamanasimi-listeleri/<int:run_id>/kalemler")
class ZamanasimiKalemleri(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(ZamanasimiSayfaInput, location="query")
    @blp.response(200, ZamanasimiKalemListesiSchema)
    def get(self, args, run_id: int):
        """Listedeki zamanaşımına uğramış borçlar, 50'şer (the lapsed debts of a run)."""
        run = zamanasimi.calisma(run_id)
        page = db.paginate(zamanasimi.kalemler(run.id, mukellef_id=args["mukellef_id"]), page=args["sayfa"],
                           per_page=50, error_out=False)
        return {"sayfa": page.page, "toplam": page.total, "kalemler": page.items}


@blp.route("/tahakkuklar/<int:tahakkuk_id>/zamanasimi")
class BorcZamanasimi(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, ZamanasimiSureSchema)
    def get(self, tahakkuk_id: int):
        """Bir borcun zamanaşımı süresi: son kesen işlem ve sürenin son günü (6183 m.102–103)."""
        period = zamanasimi.borc_suresi(tahakkuk_id)
        return {"tahakkuk_id": period.tahakkuk_id, "vade": period.vade, "kesilme_tarihi": period.kesilme_tarihi,
                "kesilme_nedeni": period.kesilme_nedeni, "baslangic": period.baslangic, "son_gun": period.son_gun,
                "doldu": period.doldu_mu(today())}


@blp.route("/terkinler")
class Terkinler(MethodView):
    @access("tenant", "staff")
    @requires(TALEP)
    @blp.arguments(TerkinListeInput, location="query")
    @blp.response(200, TerkinSchema(many=True))
    def get(self, args):
        """Terkin talepleri, en yenisi önce, 50'şer (durum: bekliyor | onaylandi | reddedildi)."""
        return db.paginate(terkin.terkinler(durum=args["durum"]), page=args["sayfa"], per_page=50,
                           error_out=False).items

    @access("tenant", "staff")
    @requires(TALEP)
    @blp.arguments(TerkinApiInput)
    @blp.response(201, TerkinSchema)
    def post(self, data):
        """Terkin talebi hazırla; borç, başka bir kullanıcı onaylayınca kapanır."""
        return terkin.talep(data["tahakkuk_id"], data["neden"], data["gerekce"], data["dayanak"], today(),
                            actor=actor(), actor_id=current_user.id,
                            zamanasimi_kalemi_id=data["zamanasimi_kalemi_id"])


@blp.route("/terkinler/<int:terkin_id>")
class TerkinKaydi(MethodView):
    @access("tenant", "staff")
    @requires(TALEP)
    @blp.response(200, TerkinSchema)
    def get(self, terkin_id: int):
        """Bir terkin kaydı (one write-off)."""
        return terkin.terkin(terkin_id)


@blp.route("/terkinler/<int:terkin_id>/onay")
class TerkinOnay(MethodView):
    @access("tenant", "staff")
    @requires(ONAY)
    @blp.arguments(TerkinOnayInput)
    @blp.response(200, TerkinSchema)
    def post(self, data, terkin_id: int):
        """Terkini onayla: borç ters kayıtla kapanır (talep eden onaylayamaz)."""
        return terkin.onayla(terkin_id, today(), actor=actor(), actor_id=current_user.id, not_=data["karar_notu"])


@blp.route("/terkinler/<int:terkin_id>/ret")
class TerkinRet(MethodView):
    @access("tenant", "staff")
    @requires(ONAY)
    @blp.arguments(TerkinRetInput)
    @blp.response(200, TerkinSchema)
    def post(self, data, terkin_id: int):
        """Terkin talebini reddet (borç açık kalır)."""
        return terkin.reddet(terkin_id, data["karar_notu"], today(), actor=actor(), actor_id=current_user.id)


class MahsupSchema(Schema):
    id = fields.Integer()
    makbuz_no = fields.String()
    mukellef_id = fields.Integer()
    tutar = fields.Decimal(**_MONEY)
    tarih = fields.Date()
    iptal_edilen_id = fields.Integer(allow_none=True)


@blp.route("/mahsuplar")
class Mahsuplar(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.arguments(MahsupApiInput)
    @blp.response(201, MahsupSchema)
    def post(self, data):
        """Mükellefin alacağını açık borçlarına mahsup et (en eski borç önce, gecikme zammı bugüne kadar)."""
        return mahsup.mahsup_et(data["mukellef_id"], today(), actor=actor(), tutar=data["tutar"])


@blp.route("/mahsuplar/<int:tahsilat_id>/iptal")
class MahsupIptal(MethodView):
    @access("tenant", "staff")
    @requires(TAHSIL)
    @blp.response(200, MahsupSchema)
    def post(self, tahsilat_id: int):
        """Mahsubu ters kayıtla geri al (borçlar yeniden açık, alacak geri gelir)."""
        return mahsup.ters_kayit(tahsilat_id, today(), actor=actor())


class HacizSchema(Schema):
    id = fields.Integer()
    mukellef_id = fields.Integer()
    tur = fields.String()
    tarih = fields.Date()
    tutar = fields.Decimal(**_MONEY)
    konu = fields.String()
    maas_net = fields.Decimal(allow_none=True, **_MONEY)
    tahakkuklar = fields.List(fields.Integer())
    durum = fields.String()
    kaldirma_tarihi = fields.Date(allow_none=True)
    kaldirma_nedeni = fields.String()


@blp.route("/hacizler")
class Hacizler(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(HacizApiInput)
    @blp.response(201, HacizSchema)
    def post(self, data):
        """Haciz kaydet (banka, maaş — net maaşın ¼'ü [U] —, araç, taşınmaz); zamanaşımını keser."""
        return haciz.kaydet(data["mukellef_id"], data["tur"], data["tarih"], data["tutar"], data["konu"],
                            data["tahakkuk"], bugun=today(), actor=actor(), maas_net=data["maas_net"])


@blp.route("/hacizler/<int:haciz_id>")
class HacizKaydi(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.response(200, HacizSchema)
    def get(self, haciz_id: int):
        """Bir haciz kaydı (one attachment)."""
        return haciz.haciz(haciz_id)


@blp.route("/hacizler/<int:haciz_id>/kaldir")
class HacizKaldir(MethodView):
    @access("tenant", "staff")
    @requires(TAKIP)
    @blp.arguments(HacizKaldirInput)
    @blp.response(200, HacizSchema)
    def post(self, data, haciz_id: int):
        """Haczi kaldır (tarih ve neden ile)."""
        return haciz.kaldir(haciz_id, data["tarih"], data["neden"], bugun=today(), actor=actor())
