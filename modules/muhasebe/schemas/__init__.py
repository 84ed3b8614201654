"""Muhasebe's inputs and outputs (``ebelediye.inputs``), for pages and the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import fields, pre_load, validate

from ebelediye import inputs

from ..hesap import Satir

FIS_TURLERI = {"mif": _l("Muhasebe işlem fişi"), "oeb": _l("Ödeme emri belgesi"), "gonderme": _l("Gönderme emri")}
DURUMLAR = {"taslak": _l("Taslak"), "onaylandi": _l("Onaylandı"), "iptal": _l("İptal")}


class Girdi(inputs.Input):
    """An optional number, day or choice sent as an empty form field is an absent one."""

    @pre_load
    def _empty_is_absent(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        by_key = {field.data_key or name: field for name, field in self.fields.items()}
        return {key: value for key, value in data.items()
                if not (value == "" and key in by_key and not isinstance(by_key[key], inputs.Text)
                        and not by_key[key].required)}


class SatirInput(Girdi):
    hesap = inputs.Text(required=True, max_length=40)
    kurumsal = inputs.Text(max_length=20, load_default="")
    fonksiyonel = inputs.Text(max_length=20, load_default="")
    finansman = inputs.Text(max_length=4, load_default="")
    ekonomik = inputs.Text(max_length=20, load_default="")
    borc = inputs.Money(minimum=0, load_default=Decimal("0"))
    alacak = inputs.Money(minimum=0, load_default=Decimal("0"))
    aciklama = inputs.Text(max_length=300, load_default="")


class FisInput(Girdi):
    tarih = inputs.Day(required=True)
    tur = inputs.Choice(FIS_TURLERI, load_default="mif")
    aciklama = inputs.Text(max_length=500, load_default="")
    satirlar = fields.List(fields.Nested(SatirInput), required=True, validate=validate.Length(min=1, max=500))


class AramaInput(Girdi):
    ara = inputs.Text(max_length=100, load_default="")
    durum = inputs.Choice({"": "", **DURUMLAR}, load_default="")
    sayfa = inputs.Page(load_default=1)


class AralikInput(Girdi):
    baslangic = inputs.Day(load_default=None)
    bitis = inputs.Day(load_default=None)
    bicim = inputs.Choice(("", "csv", "xlsx", "pdf"), load_default="")


class DefterInput(AralikInput):
    hesap = inputs.Text(max_length=40, load_default="100")


class AltHesapInput(Girdi):
    kod = inputs.Text(required=True, max_length=40)
    ad = inputs.Text(required=True, max_length=200)


class DonemInput(Girdi):
    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)
    ay = inputs.Integer(minimum=1, maximum=12, required=True)


class DonemAcmaInput(DonemInput):
    gerekce = inputs.Text(required=True, max_length=500)


class KalemInput(Girdi):
    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)
    kurumsal = inputs.Text(required=True, max_length=20)
    fonksiyonel = inputs.Text(required=True, max_length=20)
    finansman = inputs.Text(max_length=4, load_default="5")
    ekonomik = inputs.Text(required=True, max_length=20)
    ad = inputs.Text(required=True, max_length=200)


class TutarInput(Girdi):
    tutar = inputs.Money(required=True)
    tarih = inputs.Day(required=True)
    aciklama = inputs.Text(max_length=500, load_default="")


class AktarmaInput(TutarInput):
    kaynak_id = inputs.Id(required=True)
    hedef_id = inputs.Id(required=True)


class HarcamaInput(TutarInput):
    gider_ekonomik = inputs.Text(max_length=20, load_default="")


def satirlar_of(data: dict) -> list[Satir]:
    """A loaded ``FisInput``'s lines as the services take them."""
    return [Satir(s["hesap"], s["borc"], s["alacak"], s["kurumsal"], s["fonksiyonel"], s["finansman"], s["ekonomik"],
                  s["aciklama"]) for s in data["satirlar"]]


# --- outputs (API) ---------------------------------------------------------------------

class SatirOut(inputs.Input):
    sira = fields.Integer()
    hesap_kod = fields.String()
    kurumsal = fields.String()
    fonksiyonel = fields.String()
    finansman = fields.String()
    ekonomik = fields.String()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    aciklama = fields.String()


class FisOut(inputs.Input):
    id = fields.Integer()
    yil = fields.Integer()
    no = fields.Integer(allow_none=True)
    numara = fields.String()
    tur = fields.String()
    tarih = fields.Date()
    aciklama = fields.String()
    durum = fields.String()
    kaynak = fields.String(allow_none=True)
    ters_fis_id = fields.Integer(allow_none=True)
    toplam = fields.Decimal(as_string=True, places=2)
    hazirlayan = fields.String()
    onaylayan = fields.String(allow_none=True)
    satirlar = fields.List(fields.Nested(SatirOut))


class HesapOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    tur = fields.String()
    bakiye_yonu = fields.String()
    ust_kod = fields.String(allow_none=True)
    standart = fields.Boolean()
    aktif = fields.Boolean()


class MizanSatirOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    ana = fields.Boolean()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    borc_bakiye = fields.Decimal(as_string=True, places=2)
    alacak_bakiye = fields.Decimal(as_string=True, places=2)


class KontrolOut(inputs.Input):
    kural = fields.String()
    sol = fields.Decimal(as_string=True, places=2)
    sag = fields.Decimal(as_string=True, places=2)
    tutuyor = fields.Boolean()


class MizanOut(inputs.Input):
    bas = fields.Date()
    bit = fields.Date()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    satirlar = fields.List(fields.Nested(MizanSatirOut))
    kontroller = fields.List(fields.Nested(KontrolOut))


class ButceKalemiOut(inputs.Input):
    id = fields.Integer()
    yil = fields.Integer()
    kurumsal = fields.String()
    fonksiyonel = fields.String()
    finansman = fields.String()
    ekonomik = fields.String()
    ad = fields.String()
    odenek = fields.Decimal(as_string=True, places=2)
    kullanilan = fields.Decimal(as_string=True, places=2)
    kalan = fields.Decimal(as_string=True, places=2)


class TedarikciInput(Girdi):
    kimlik_no = inputs.Text(required=True, max_length=20)
    unvan = inputs.Text(required=True, max_length=250)
    iban = inputs.Text(max_length=40, load_default="")
    adres = inputs.Text(max_length=500, load_default="")


class FaturaInput(Girdi):
    fatura_no = inputs.Text(required=True, max_length=40)
    fatura_tarihi = inputs.Day(required=True)
    tutar = inputs.Money(required=True)
    kalem_id = inputs.Id(required=True)
    gider_ekonomik = inputs.Text(max_length=20, load_default="")
    aciklama = inputs.Text(max_length=300, load_default="")


class OdemeEmriInput(Girdi):
    tutar = inputs.Money(required=True)
    tarih = inputs.Day(required=True)


class AvansInput(Girdi):
    kimlik_no = inputs.Text(required=True, max_length=20)
    ad_soyad = inputs.Text(required=True, max_length=200)
    iban = inputs.Text(required=True, max_length=40)
    tutar = inputs.Money(required=True)
    kalem_id = inputs.Id(required=True)
    tarih = inputs.Day(required=True)
    aciklama = inputs.Text(max_length=300, load_default="")


class AvansKapatInput(Girdi):
    harcanan = inputs.Money(minimum=0, load_default=Decimal("0"))
    iade = inputs.Money(minimum=0, load_default=Decimal("0"))
    tarih = inputs.Day(required=True)
    gider_ekonomik = inputs.Text(max_length=20, load_default="")


class TedarikciOut(inputs.Input):
    id = fields.Integer()
    kimlik_no = fields.String()
    unvan = fields.String()
    iban = fields.String()
    adres = fields.String()
    aktif = fields.Boolean()


class FaturaOut(inputs.Input):
    id = fields.Integer()
    tedarikci_id = fields.Integer()
    fatura_no = fields.String()
    fatura_tarihi = fields.Date()
    tutar = fields.Decimal(as_string=True, places=2)
    kalem_id = fields.Integer()
    fis_id = fields.Integer()
    #: its ÖEB: "taslak", "onaylandi" or "yok" (cancelled or reversed)
    fis_durumu = fields.String()
    odeme_emri = fields.Decimal(as_string=True, places=2)
    acik = fields.Decimal(as_string=True, places=2)


class OdemeEmriOut(inputs.Input):
    id = fields.Integer()
    fatura_id = fields.Integer(allow_none=True)
    avans_id = fields.Integer(allow_none=True)
    alici = fields.String()
    iban = fields.String()
    tutar = fields.Decimal(as_string=True, places=2)
    fis_id = fields.Integer()
    dosya_id = fields.Integer(allow_none=True)


class MutabakatOut(inputs.Input):
    id = fields.Integer()
    gun = fields.Date()
    defter = fields.Decimal(as_string=True, places=2)
    yardimci = fields.Decimal(as_string=True, places=2)
    fark = fields.Decimal(as_string=True, places=2)
    ayrinti = fields.List(fields.Dict())
    created_at = fields.DateTime()
