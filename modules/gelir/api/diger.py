"""The other revenues through the API: leases and ecrimisil (with the accrual of a lease's
periods), permits charged from the council's tariff (işgaliye, pazar yeri, işyeri ruhsatı
harcı, bina inşaat harcı).  Cancelling a charge is the accrual's own cancel operation
(``POST /tahakkuklar/<id>/iptal``)."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..schemas.diger import (
    GunInput,
    HarcDetaySchema,
    HarcInput,
    HarcListesiSchema,
    KiraDetaySchema,
    KiraInput,
    KiraListesiSchema,
    KiraTahakkukSchema,
    ListeQuery,
)
from ..services import harc, kira
from . import blp

OLUSTUR = "gelir.tahakkuk.olustur"
SAYFA = 50


def _sayfa(query, sayfa: int) -> dict:
    page = db.paginate(query, page=sayfa, per_page=SAYFA, error_out=False)
    return {"toplam": page.total, "sayfa": page.page, "kayitlar": page.items}


def _kira_detay(row) -> dict:
    return {**{c: getattr(row, c) for c in KiraDetaySchema().fields if c != "tahakkuklar"},
            "tahakkuklar": kira.tahakkuklar(row)}


def _harc_detay(row) -> dict:
    return {**{c: getattr(row, c) for c in HarcDetaySchema().fields if c != "tahakkuklar"},
            "tahakkuklar": harc.tahakkuklar(row)}


@blp.route("/kira-sozlesmeleri")
class KiraSozlesmeleri(MethodView):
    @access("tenant", "staff")
    @requires(OLUSTUR)
    @blp.arguments(ListeQuery, location="query")
    @blp.response(200, KiraListesiSchema)
    def get(self, args):
        """Kira sözleşmeleri ve ecrimisil kayıtları (search: property, basis, taxpayer; paged by 50)."""
        return _sayfa(kira.liste(args["ara"], args["tur"] or None), args["sayfa"])

    @access("tenant", "staff")
    @requires(OLUSTUR)
    @blp.arguments(KiraInput)
    @blp.response(201, KiraDetaySchema)
    def post(self, data):
        """Kira sözleşmesi ya da ecrimisil kaydet (an ecrimisil is accrued at once)."""
        return _kira_detay(kira.olustur(data, actor=actor()))


@blp.route("/kira-sozlesmeleri/<int:sozlesme_id>")
class KiraSozlesmesiKaydi(MethodView):
    @access("tenant", "staff")
    @requires(OLUSTUR)
    @blp.response(200, KiraDetaySchema)
    def get(self, sozlesme_id: int):
        """Bir sözleşme ve tahakkukları (a lease with its accruals and reversals)."""
        return _kira_detay(kira.sozlesme(sozlesme_id))


@blp.route("/kira-sozlesmeleri/<int:sozlesme_id>/tahakkuk")
class KiraSozlesmesiTahakkuk(MethodView):
    @access("tenant", "staff")
    @requires(OLUSTUR)
    @blp.arguments(GunInput)
    @blp.response(200, KiraTahakkukSchema)
    def post(self, data, sozlesme_id: int):
        """Başlamış dönemleri tahakkuk et (each period once; a repeat accrues nothing)."""
        count = kira.sozlesme_tahakkuk(sozlesme_id, data["gun"] or today(), actor=actor())
        return {"sozlesme_id": sozlesme_id, "tahakkuk": count}


@blp.route("/harc-izinleri")
class HarcIzinleri(MethodView):
    @access("tenant", "staff")
    @requires(OLUSTUR)
    @blp.arguments(ListeQuery, location="query")
    @blp.response(200, HarcListesiSchema)
    def get(self, args):
        """İşgaliye, pazar yeri, ruhsat ve inşaat harcı izinleri (search; paged by 50)."""
        return _sayfa(harc.liste(args["ara"], args["tur"] or None), args["sayfa"])

    @access("tenant", "staff")
    @requires(OLUSTUR)
    @blp.arguments(HarcInput)
    @blp.response(201, HarcDetaySchema)
    def post(self, data):
        """İzin ver ve harcını tarifeden tahakkuk et (no tariff row for the day: 422)."""
        return _harc_detay(harc.olustur(data, actor=actor()))


@blp.route("/harc-izinleri/<int:izin_id>")
class HarcIzniKaydi(MethodView):
    @access("tenant", "staff")
    @requires(OLUSTUR)
    @blp.response(200, HarcDetaySchema)
    def get(self, izin_id: int):
        """Bir izin, hesabı ve tahakkuku (a permit, its computation and accrual)."""
        return _harc_detay(harc.izin(izin_id))
