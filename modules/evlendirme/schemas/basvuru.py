"""Inputs of the marriage file: opening it, documents, witnesses, overrides, decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validates_schema

from ebelediye import inputs

from .. import hesap
from . import Girdi

SOYAD = {"es": _l("Eşinin soyadı"), "onceki_ve_es": _l("Önceki soyadı ve eşinin soyadı"),
         "yalniz_onceki": _l("Yalnız önceki soyadı (AYM 2023/38)")}
AMAC = {"nikah": _l("Nikâh bu belediyede kıyılacak"), "izin_belgesi": _l("Başka belediyede evlenecek (izin belgesi)")}
CINSIYET = {"E": _l("Erkek"), "K": _l("Kadın")}
MEDENI = {"bekar": _l("Bekâr"), "bosanmis": _l("Boşanmış"), "dul": _l("Dul"), "evli": _l("Evli")}


class BasvuruInput(Girdi):
    """A file at the desk: two parties (a TCKN, or a foreigner's particulars), two witnesses."""

    taraf1_tckn = inputs.Tckn(load_default=None)
    taraf2_tckn = inputs.Tckn(load_default=None)
    taraf2_yabanci = inputs.Flag()
    taraf2_ad = inputs.Text(max_length=60)
    taraf2_soyad = inputs.Text(max_length=60)
    taraf2_cinsiyet = inputs.Choice(CINSIYET, load_default=None)
    taraf2_dogum_tarihi = inputs.Day(load_default=None)
    taraf2_medeni_hal = inputs.Choice(MEDENI, load_default="bekar")
    taraf2_uyruk = inputs.Text(max_length=60)
    taraf2_pasaport_no = inputs.Text(max_length=30)
    taraf2_koruma = inputs.Flag()
    tanik1 = inputs.Tckn(required=True)
    tanik2 = inputs.Tckn(required=True)
    amac = inputs.Choice(AMAC, load_default="nikah")
    davetli_sayisi = inputs.Integer(minimum=0, maximum=5000, load_default=0)
    soyad_tercihi = inputs.Choice(SOYAD, load_default="es")
    eposta = inputs.Text(max_length=254)
    telefon = inputs.Text(max_length=30)
    tercuman = inputs.Text(max_length=200)
    izin_belgesi_yeri = inputs.Text(max_length=200)
    muafiyet_id = inputs.Id(load_default=None)

    @validates_schema
    def _parties(self, data, **kwargs):
        if not data.get("taraf1_tckn"):
            raise ValidationError({"taraf1_tckn": [str(_l("Bu alan gerekli."))]})
        if data.get("taraf2_yabanci"):
            missing = [k for k in ("taraf2_ad", "taraf2_soyad", "taraf2_cinsiyet", "taraf2_dogum_tarihi",
                                   "taraf2_uyruk", "taraf2_pasaport_no") if not data.get(k)]
            if missing:
                raise ValidationError({k: [str(_l("Yabancı uyruklu taraf için gerekli."))] for k in missing})
        elif not data.get("taraf2_tckn"):
            raise ValidationError({"taraf2_tckn": [str(_l("Bu alan gerekli."))]})
        if data.get("eposta") and "@" not in data["eposta"]:
            raise ValidationError({"eposta": [str(_l("Geçerli bir e-posta adresi girin."))]})


class OnlineBasvuruInput(Girdi):
    """The couple's online application: the signed-in citizen is the first party."""

    es_tckn = inputs.Tckn(required=True)
    tanik1 = inputs.Tckn(required=True)
    tanik2 = inputs.Tckn(required=True)
    davetli_sayisi = inputs.Integer(minimum=0, maximum=5000, load_default=0)
    soyad_tercihi = inputs.Choice(SOYAD, load_default="es")
    eposta = inputs.Text(max_length=254, required=True)
    telefon = inputs.Text(max_length=30)

    @validates_schema
    def _mail(self, data, **kwargs):
        if "@" not in data.get("eposta", ""):
            raise ValidationError({"eposta": [str(_l("Geçerli bir e-posta adresi girin."))]})


class BelgeInput(Girdi):
    tur = inputs.Choice(hesap.BELGE_TURLERI, required=True)
    taraf_sira = inputs.Integer(minimum=1, maximum=2, load_default=None)
    belge_tarihi = inputs.Day(required=True)
    gecerlilik_bitis = inputs.Day(load_default=None)
    belge_no = inputs.Text(max_length=60)
    veren = inputs.Text(max_length=200)
    tasdik_yolu = inputs.Choice({"": "—", **hesap.TASDIK_YOLLARI}, load_default="")
    tercume = inputs.Flag()


class TanikInput(Girdi):
    sira = inputs.Integer(minimum=1, maximum=2, required=True)
    tckn = inputs.Tckn(required=True)


class AsimInput(Girdi):
    kod = inputs.Text(max_length=40, required=True)
    taraf_sira = inputs.Integer(minimum=1, maximum=2, load_default=None)
    gerekce = inputs.Text(max_length=2000, multiline=True, required=True)


class NedenInput(Girdi):
    neden = inputs.Text(max_length=300, required=True)


class AramaInput(Girdi):
    ara = inputs.Text(max_length=60)
    durum = inputs.Choice({"": "—", "taslak": "", "inceleme": "", "onaylandi": "", "tamamlandi": "", "reddedildi": "",
                           "geri_cekildi": "", "suresi_doldu": ""}, load_default="")
    sayfa = inputs.Page()
