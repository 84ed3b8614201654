"""The registry API: taxpayers (search, get, create from KPS/GİB, contact, merge),
properties (create with owners, get, Tapu comparison) and tariffs (list, add)."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye import clock
from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..schemas import (
    BirlestirInput,
    BirlestirmeSchema,
    EmlakInput,
    EmlakSchema,
    IletisimInput,
    MukellefAramaInput,
    MukellefListesiSchema,
    MukellefOlusturInput,
    MukellefSchema,
    TapuFarkiSchema,
    TarifeAramaInput,
    TarifeInput,
    TarifeSchema,
)
from ..services import emlak as emlak_service
from ..services import mukellef as mukellef_service
from ..services import tarife as tarife_service
from . import blp

VIEW, MANAGE = "gelir.mukellef.goruntule", "gelir.mukellef.yonet"


@blp.route("/mukellefler")
class Mukellefler(MethodView):
    @access("tenant", "staff")
    @requires(VIEW)
    @blp.arguments(MukellefAramaInput, location="query")
    @blp.response(200, MukellefListesiSchema)
    def get(self, args):
        """Mükellef ara (TCKN/VKN ya da ad), 50'şer."""
        page = db.paginate(mukellef_service.arama(args["q"]), page=args["sayfa"], per_page=50, error_out=False)
        return {"sayfa": page.page, "toplam": page.total, "kayitlar": page.items}

    @access("tenant", "staff")
    @requires(MANAGE)
    @blp.arguments(MukellefOlusturInput)
    @blp.response(201, MukellefSchema)
    def post(self, data):
        """Mükellef kaydet: gerçek kişi KPS'den, tüzel kişi GİB durumuyla."""
        return mukellef_service.olustur(data, actor=actor())


@blp.route("/mukellefler/<int:mukellef_id>")
class MukellefKaydi(MethodView):
    @access("tenant", "staff")
    @requires(VIEW)
    @blp.response(200, MukellefSchema)
    def get(self, mukellef_id: int):
        """Bir mükellef."""
        return mukellef_service.getir(mukellef_id)


@blp.route("/mukellefler/<int:mukellef_id>/iletisim")
class MukellefIletisim(MethodView):
    @access("tenant", "staff")
    @requires(MANAGE)
    @blp.arguments(IletisimInput)
    @blp.response(200, MukellefSchema)
    def put(self, data, mukellef_id: int):
        """Adres ve iletişim bilgilerini değiştir (önce/sonra denetim kaydıyla)."""
        current = mukellef_service.getir(mukellef_id)
        values = {key: data.get(key, getattr(current, key) or "") for key in ("adres", "telefon", "eposta")}
        return mukellef_service.iletisim_guncelle(mukellef_id, actor=actor(), **values)


@blp.route("/mukellefler/<int:mukellef_id>/birlestir")
class MukellefBirlestir(MethodView):
    @access("tenant", "staff")
    @requires(MANAGE)
    @blp.arguments(BirlestirInput)
    @blp.response(201, BirlestirmeSchema)
    def post(self, data, mukellef_id: int):
        """Mükerrer kaydı hedef kayda birleştir: hisseler, borçlar, ödemeler taşınır; geçmiş kalır."""
        mukellef_service.getir(mukellef_id)
        return mukellef_service.birlestir(mukellef_id, data["hedef_id"], data["gerekce"], actor=actor())


def _emlak_out(e) -> dict:
    out = {name: getattr(e, name) for name in emlak_service.ALANLAR}
    out["id"] = e.id
    out["hisseler"] = [h for h, _ in emlak_service.hisseler(e.id)]
    return out


@blp.route("/emlaklar")
class Emlaklar(MethodView):
    @access("tenant", "staff")
    @requires("gelir.emlak.yonet")
    @blp.arguments(EmlakInput)
    @blp.response(201, EmlakSchema)
    def post(self, data):
        """Emlak kaydet, malikleri ve hisseleriyle (ilk beyan olarak)."""
        owners = [emlak_service.HisseGirdisi(**h) for h in data.pop("hisseler")]  # HisseInput checked each
        return _emlak_out(emlak_service.olustur(data, owners, actor=actor(), tarih=clock.today()))


@blp.route("/emlaklar/<int:emlak_id>")
class EmlakKaydi(MethodView):
    @access("tenant", "staff")
    @requires(VIEW)
    @blp.response(200, EmlakSchema)
    def get(self, emlak_id: int):
        """Bir emlak ve hisseleri."""
        return _emlak_out(emlak_service.getir(emlak_id))


@blp.route("/emlaklar/<int:emlak_id>/tapu-farklari")
class EmlakTapu(MethodView):
    @access("tenant", "staff")
    @requires("gelir.emlak.yonet")
    @blp.response(200, TapuFarkiSchema(many=True))
    def get(self, emlak_id: int):
        """Belediye kaydı ile Tapu arasındaki farklar."""
        emlak_service.getir(emlak_id)
        return emlak_service.tapu_karsilastir(emlak_id, actor=actor())


@blp.route("/tarifeler")
class Tarifeler(MethodView):
    @access("tenant", "staff")
    @requires("gelir.tarife.yonet")
    @blp.arguments(TarifeAramaInput, location="query")
    @blp.response(200, TarifeSchema(many=True))
    def get(self, args):
        """Tarife satırları (türe ve koda göre)."""
        return tarife_service.liste(args["tur"] or None, args["kod"])

    @access("tenant", "staff")
    @requires("gelir.tarife.yonet")
    @blp.arguments(TarifeInput)
    @blp.response(201, TarifeSchema)
    def post(self, data):
        """Bir tarihten geçerli yeni tutar; önceki açık satır bir gün önce kapanır."""
        return tarife_service.ekle(data["tur"], data["kod"], data["tutar"], data["gecerlilik_baslangic"],
                                   actor=actor(), ad=data["ad"], birim=data["birim"], karar=data["karar"])
