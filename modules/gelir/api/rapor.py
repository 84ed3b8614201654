"""Revenue reports as JSON: the same figures as the report pages (``services.rapor``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask.views import MethodView

from ebelediye import clock
from ebelediye.access import access
from ebelediye.rbac import requires

from ..schemas.rapor import (
    AralikQuery,
    BorcluQuery,
    BorcluRaporuSchema,
    GunQuery,
    TahsilatRaporuSchema,
    YasRaporuSchema,
    YillikRaporSchema,
    YilQuery,
)
from ..services import rapor as service
from . import blp


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


@blp.route("/raporlar/tahsilat")
class TahsilatRaporu(MethodView):
    @access("tenant", "staff")
    @requires("gelir.rapor.goruntule")
    @blp.arguments(AralikQuery, location="query")
    @blp.response(200, TahsilatRaporuSchema)
    def get(self, args):
        """Tarih aralığında tahsilat: günlük, gelir türüne ve ödeme kanalına göre."""
        bas, bit = service.aralik(args.get("baslangic"), args.get("bitis"), clock.today())
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
        day = service.tarih(args.get("gun"), "gun", clock.today())
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
        day = service.tarih(args.get("gun"), "gun", clock.today())
        count = service.adet(args.get("adet"))
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
        first, last = service.yil_araligi(args.get("yil_baslangic"), args.get("yil_bitis"), clock.today())
        return {"yil_baslangic": first, "yil_bitis": last, "tablo": _tablo(service.tahakkuk_tahsilat(first, last))}
