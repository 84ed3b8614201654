"""Revenue reports as JSON: the same figures as the report pages (``services.rapor``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields

from ebelediye import clock
from ebelediye.access import access
from ebelediye.api import DAY_PATTERN
from ebelediye.inputs import Integer
from ebelediye.rbac import requires

from ..services import GelirError
from ..services import rapor as service
from . import blp


def _day(description: str) -> fields.String:
    """A day in the query: ISO in the document (GG.AA.YYYY is read too), as the service parses it."""
    return fields.String(metadata={"description": description, "format": "date", "pattern": DAY_PATTERN})


class AralikQuery(Schema):
    baslangic = _day("Başlangıç günü, YYYY-AA-GG (varsayılan: ayın ilk günü)")
    bitis = _day("Bitiş günü, YYYY-AA-GG (varsayılan: bugün); başlangıçtan önce olamaz")


class GunQuery(Schema):
    gun = _day("Hangi gün itibarıyla, YYYY-AA-GG (varsayılan: bugün)")


class BorcluQuery(GunQuery):
    adet = Integer(minimum=1, maximum=service.EN_COK_BORCLU,
                   metadata={"description": f"1–{service.EN_COK_BORCLU} (varsayılan 20)"})
    gecikme = fields.Boolean(load_default=False, metadata={"description": "gecikme zammını tahmin et"})


class YilQuery(Schema):
    yil_baslangic = Integer(minimum=1990, maximum=2200, metadata={"description": "varsayılan: dört yıl önce"})
    yil_bitis = Integer(minimum=1990, maximum=2200, metadata={"description": "varsayılan: bu yıl"})


# --- the answers ----------------------------------------------------------------------------

class SutunSchema(Schema):
    anahtar = fields.String()
    baslik = fields.String()
    tur = fields.String(metadata={"description": "metin | para | oran | sayi | tarih"})


class TabloSchema(Schema):
    """A report table: money and rates as decimal strings with two decimals, dates ISO."""

    ad = fields.String()
    baslik = fields.String()
    sutunlar = fields.List(fields.Nested(SutunSchema))
    satirlar = fields.List(fields.Dict(keys=fields.String()),
                           metadata={"description": "sütun anahtarı → değer"})
    toplam = fields.Dict(keys=fields.String(), allow_none=True)
    notlar = fields.List(fields.String())


class TahsilatRaporuSchema(Schema):
    baslangic = fields.String(metadata={"format": "date"})
    bitis = fields.String(metadata={"format": "date"})
    toplam = fields.String(metadata={"format": "decimal"})
    tablolar = fields.List(fields.Nested(TabloSchema))


class YasRaporuSchema(Schema):
    gun = fields.String(metadata={"format": "date"})
    toplam = fields.String(metadata={"format": "decimal"})
    tablo = fields.Nested(TabloSchema)


class BorcluRaporuSchema(Schema):
    gun = fields.String(metadata={"format": "date"})
    tablo = fields.Nested(TabloSchema)


class YillikRaporSchema(Schema):
    yil_baslangic = fields.Integer()
    yil_bitis = fields.Integer()
    tablo = fields.Nested(TabloSchema)


def _tablo(tablo: service.Tablo) -> dict:
    """A report table as JSON: money and rates as strings with two decimals, dates ISO."""
    def value(v, kind):
        if v is None:
            return None
        if kind in ("para", "oran") and isinstance(v, (Decimal, int)):
            return f"{v:.2f}"
        if isinstance(v, date):
            return v.isoformat()
        return v

    def row(r):
        return {c.anahtar: value(r.get(c.anahtar), c.tur) for c in tablo.sutunlar}

    return {"ad": tablo.ad, "baslik": tablo.baslik,
            "sutunlar": [{"anahtar": c.anahtar, "baslik": c.baslik, "tur": c.tur} for c in tablo.sutunlar],
            "satirlar": [row(r) for r in tablo.satirlar],
            "toplam": row(tablo.toplam) if tablo.toplam else None, "notlar": tablo.notlar}


def _problem(exc: GelirError):
    abort(exc.status, message=exc.message, messages=exc.errors)


@blp.route("/raporlar/tahsilat")
class TahsilatRaporu(MethodView):
    @access("tenant", "staff")
    @requires("gelir.rapor.goruntule")
    @blp.arguments(AralikQuery, location="query")
    @blp.response(200, TahsilatRaporuSchema)
    def get(self, args):
        """Tarih aralığında tahsilat: günlük, gelir türüne ve ödeme kanalına göre."""
        try:
            bas, bit = service.aralik(args.get("baslangic"), args.get("bitis"), clock.today())
        except GelirError as exc:
            _problem(exc)
        report = service.tahsilat_raporu(bas, bit)
        return {"baslangic": bas.isoformat(), "bitis": bit.isoformat(), "toplam": f"{report.toplam:.2f}",
                "tablolar": [_tablo(t) for t in report.tablolar()]}


@blp.route("/raporlar/gecikmis-alacak")
class YasRaporu(MethodView):
    @access("tenant", "staff")
    @requires("gelir.rapor.goruntule")
    @blp.arguments(GunQuery, location="query")
    @blp.response(200, YasRaporuSchema)
    def get(self, args):
        """Vadesi geçmiş açık alacak, gecikme süresine göre (0–30, 31–90, 91–365 gün, 1–2 yıl, 2+ yıl)."""
        try:
            day = service.tarih(args.get("gun"), "gun", clock.today())
        except GelirError as exc:
            _problem(exc)
        report = service.gecikmis_alacak_yaslari(day)
        return {"gun": day.isoformat(), "toplam": f"{report.toplam:.2f}", "tablo": _tablo(report.tablo)}


@blp.route("/raporlar/borclular")
class BorcluRaporu(MethodView):
    @access("tenant", "staff")
    @requires("gelir.rapor.goruntule")
    @blp.arguments(BorcluQuery, location="query")
    @blp.response(200, BorcluRaporuSchema)
    def get(self, args):
        """Vadesi geçmiş açık borcu en yüksek mükellefler (isteğe bağlı gecikme zammı tahmini)."""
        try:
            day = service.tarih(args.get("gun"), "gun", clock.today())
            count = service.adet(args.get("adet"))
        except GelirError as exc:
            _problem(exc)
        return {"gun": day.isoformat(),
                "tablo": _tablo(service.en_borclular(day, count, gecikme_tahmini=args["gecikme"]))}


@blp.route("/raporlar/tahakkuk-tahsilat")
class YillikRapor(MethodView):
    @access("tenant", "staff")
    @requires("gelir.rapor.goruntule")
    @blp.arguments(YilQuery, location="query")
    @blp.response(200, YillikRaporSchema)
    def get(self, args):
        """Yıllara göre net tahakkuk (iptaller düşülmüş), tahsil edilen ve tahsilat oranı."""
        try:
            first, last = service.yil_araligi(args.get("yil_baslangic"), args.get("yil_bitis"), clock.today())
        except GelirError as exc:
            _problem(exc)
        return {"yil_baslangic": first, "yil_bitis": last, "tablo": _tablo(service.tahakkuk_tahsilat(first, last))}
