"""What contracted banks call (anlaşmalı banka tahsilatı), signed in with a bank's own
token: the debt inquiry, the payment (idempotent per bank reference), its same-day
cancellation and the day's reconciliation.  Nothing else answers a bank's token: its
service account holds ``gelir.banka.tahsilat`` only."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_login import current_user

from ebelediye import clock
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..schemas import (
    BankaBorcSorguSchema,
    BankaKimlikInput,
    BankaMakbuzSchema,
    BankaOdemeInput,
    MutabakatQuery,
    MutabakatSchema,
)
from ..services import banka as service
from ..services import banka_mutabakat as gun_sonu
from . import blp

IZIN = service.IZIN
REFERANS = "<string(maxlength=64):referans>"


def _banka():
    return service.hesabin_bankasi(current_user.id)


def _makbuz(row) -> dict:
    from ..services import tahsilat

    reversal = tahsilat.makbuz(row.iptal_tahsilat_id).makbuz_no if row.iptal_tahsilat_id else None
    return {"banka_referans": row.referans, "makbuz_no": service.makbuz_no(row), "tarih": row.tarih,
            "mukellef_no": row.mukellef_id, "tutar": row.tutar, "durum": "iptal" if reversal else "odendi",
            "iptal_makbuz_no": reversal}


@blp.route("/banka/borclar")
class BankaBorclar(MethodView):
    @access("tenant", "staff")
    @requires(IZIN)
    @blp.arguments(BankaKimlikInput, location="query")
    @blp.response(200, BankaBorcSorguSchema)
    def get(self, args):
        """Banka: mükellefin bugünkü borçları (TCKN, VKN ya da mükellef no ile; gecikme zammı bugüne göre)."""
        return service.sorgu(_banka(), clock.today(), actor=actor(), **args)


@blp.route("/banka/odemeler")
class BankaOdemeler(MethodView):
    @access("tenant", "staff")
    @requires(IZIN)
    @blp.arguments(BankaOdemeInput)
    @blp.response(201, BankaMakbuzSchema)
    @blp.alt_response(200, schema=BankaMakbuzSchema, description="Aynı istek daha önce alınmış: aynı makbuz")
    def post(self, args):
        """Banka: tahsilat. Aynı ``banka_referans`` ile aynı istek tekrar gelirse aynı makbuz döner (200);
        aynı referansla farklı istek 409 alır."""
        bank = _banka()
        paid = service.ode(bank, args.pop("banka_referans"), args.pop("tahakkuk_idleri"), args.pop("tutar"),
                           clock.today(), actor=actor(), **args)
        return _makbuz(paid.kayit), 201 if paid.yeni else 200


@blp.route(f"/banka/odemeler/{REFERANS}")
class BankaOdeme(MethodView):
    @access("tenant", "staff")
    @requires(IZIN)
    @blp.response(200, BankaMakbuzSchema)
    def get(self, referans: str):
        """Banka: bir ödemenin durumu, bankanın referansıyla."""
        return _makbuz(service.odeme(_banka(), referans, actor=actor()))


@blp.route(f"/banka/odemeler/{REFERANS}/iptal")
class BankaOdemeIptal(MethodView):
    @access("tenant", "staff")
    @requires(IZIN)
    @blp.response(200, BankaMakbuzSchema)
    def post(self, referans: str):
        """Banka: ödemenin aynı gün iptali (ters kayıt; borçlar yeniden açılır). Tekrarı aynı sonucu verir."""
        return _makbuz(service.iptal(_banka(), referans, clock.today(), actor=actor()))


@blp.route("/banka/mutabakat")
class BankaMutabakat(MethodView):
    @access("tenant", "staff")
    @requires(IZIN)
    @blp.arguments(MutabakatQuery, location="query")
    @blp.response(200, MutabakatSchema)
    def get(self, args):
        """Banka: günün mutabakatı — ödemeler, geçerli olanların sayısı ve toplamı."""
        m = gun_sonu.mutabakat(_banka(), args["gun"] or clock.today(), actor=actor())
        return {"banka": m.banka.kod, "gun": m.gun, "adet": m.adet, "toplam": m.toplam, "iptal_adet": m.iptal_adet,
                "odemeler": [{**line, "iptal_makbuz_no": None} for line in m.satirlar]}


@blp.route("/banka/mutabakat.csv")
class BankaMutabakatDosyasi(MethodView):
    @access("tenant", "staff")
    @requires(IZIN)
    @blp.arguments(MutabakatQuery, location="query")
    @blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self, args):
        """Banka: günün mutabakat dosyası (CSV, ``;`` ayraçlı, UTF-8; son satır sayı ve toplam)."""
        m = gun_sonu.mutabakat(_banka(), args["gun"] or clock.today(), actor=actor())
        response = Response(gun_sonu.mutabakat_csv(m), mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="mutabakat-{m.banka.kod}-{m.gun}.csv"'
        return response
