"""Payments and advances as their pages handle them: the approved payment orders waiting
for the bank and the bank payment files, making a file, and the iş avansı: giving one (its
payment order a draft) and closing it (what was spent and returned, a draft voucher)."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id

from ..schemas import AvansInput, AvansKapatInput, AvansOut, BankaDosyasiOut, FisOut, OdemelerOut
from ..services import borclar
from . import GORUNTULE, HAZIRLA, ONAYLA, blp, fis_out

AVANS_ALANLARI = ("id", "kimlik_no", "ad_soyad", "iban", "tutar", "kalem_id", "aciklama", "fis_id", "kapanis_fis_id")


def _avans(row) -> dict:
    return {**{k: getattr(row, k) for k in AVANS_ALANLARI}, "durum": borclar.avans_durumu(row)}


@blp.route("/odemeler")
class Odemeler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, OdemelerOut)
    def get(self):
        """Approved payment orders not yet in a bank file, and the latest 50 bank files."""
        return {"bekleyen": borclar.gonderilecekler(), "dosyalar": borclar.banka_dosyalari()}


@blp.route("/odemeler/banka-dosyasi")
class BankaDosyasi(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.response(201, BankaDosyasiOut)
    def post(self):
        """Put every approved payment order waiting into one bank payment file (its CSV is on
        the payments page)."""
        return borclar.banka_dosyasi_olustur(actor=actor())


@blp.route("/avanslar")
class Avanslar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, AvansOut(many=True))
    def get(self):
        """The latest 100 advances with their state."""
        return [_avans(row) for row in borclar.avanslar()]

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(AvansInput)
    @blp.response(201, AvansOut)
    def post(self, data):
        """Give an iş avansı to an official (TCKN, IBAN) on a budget line: its payment order
        (160 B / 103 A) is a draft another person approves."""
        row = borclar.avans_ver(data["kimlik_no"], data["ad_soyad"], data["iban"], data["tutar"], data["kalem_id"],
                                data["tarih"], actor=actor(), actor_id=actor_id(), aciklama=data["aciklama"])
        return _avans(row)


@blp.route("/avanslar/<int:avans_id>/kapat")
class AvansKapat(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(AvansKapatInput)
    @blp.response(201, FisOut)
    def post(self, data, avans_id: int):
        """Close a paid advance: spent (on its budget line) plus returned must be the advance; a draft voucher."""
        voucher = borclar.avans_kapat(avans_id, data["harcanan"], data["iade"], data["tarih"], actor=actor(),
                                      actor_id=actor_id(), gider_ekonomik=data["gider_ekonomik"])
        return fis_out(voucher.id)
