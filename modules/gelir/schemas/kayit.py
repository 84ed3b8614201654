"""marshmallow schemas of Gelir's API (in and out)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, missing, validate, validates_schema

from ebelediye import inputs


class BorcSchema(Schema):
    tahakkuk_id = fields.Integer()
    gelir_kodu = fields.String()
    gelir_adi = fields.String()
    yil = fields.Integer()
    taksit = fields.Integer()
    vade = fields.Date()
    aciklama = fields.String()
    anapara = fields.Decimal(as_string=True, places=2)
    gecikme_zammi = fields.Decimal(as_string=True, places=2, attribute="gecikme")
    toplam = fields.Decimal(as_string=True, places=2)
    gecikme_adimlari = fields.List(fields.Dict(), metadata={
        "description": "gecikme zammının hesap adımları (yalnızca vatandaş sorgusunda)"})


class BorcListesiSchema(Schema):
    mukellef_id = fields.Integer()
    gun = fields.Date()
    borclar = fields.List(fields.Nested(BorcSchema))
    toplam = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2, metadata={"description": "kullanılmamış fazla ödeme"})


class GunQuerySchema(inputs.Input):
    gun = inputs.Day(load_default=None, metadata={"description": "Hangi günkü gecikme zammıyla (varsayılan: bugün)"})


# --- kayıt (registry): taxpayers, properties, tariffs — h-kayit ------------------------------

class MukellefSchema(Schema):
    id = fields.Integer(dump_only=True)
    tur = fields.String(metadata={"description": "gercek | tuzel", "enum": ["gercek", "tuzel"]})
    tckn = fields.String(allow_none=True)
    vkn = fields.String(allow_none=True)
    ad = fields.String()
    soyad = fields.String()
    unvan = fields.String()
    gorunen_ad = fields.String(dump_only=True)
    adres = fields.String()
    telefon = fields.String()
    eposta = fields.String()
    gib_durumu = fields.Dict(allow_none=True)
    kps_dogrulandi_at = fields.DateTime(allow_none=True)
    birlestigi_id = fields.Integer(allow_none=True)


class MukellefAramaInput(inputs.Input):
    q = inputs.Text(max_length=200, metadata={"description": "TCKN/VKN başı ya da ad/unvan"})
    sayfa = inputs.Page()


class MukellefListesiSchema(Schema):
    sayfa = fields.Integer()
    toplam = fields.Integer()
    kayitlar = fields.List(fields.Nested(MukellefSchema))


class MukellefOlusturInput(inputs.Input):
    """The service checks the numbers (KPS, GİB) and the contact details; this keeps out
    what no field can hold."""

    tur = inputs.Choice(["gercek", "tuzel"], required=True,
                        metadata={"description": "gercek (KPS'den) | tuzel (GİB durumuyla)"})
    tckn = inputs.Text(max_length=11)
    vkn = inputs.Text(max_length=10)
    unvan = inputs.Text(max_length=250)
    adres = inputs.Text(max_length=500)
    telefon = inputs.Text(max_length=20)
    eposta = inputs.Text(max_length=200)
    elle = inputs.Flag(metadata={"description": "KPS'ye ulaşılamıyorsa kimlik belgesinden elle kayıt "
                                                "(ad ve soyad ile; KPS doğrulaması sonra)"})
    ad = inputs.Text(max_length=100, metadata={"description": "yalnızca elle kayıtta"})
    soyad = inputs.Text(max_length=100, metadata={"description": "yalnızca elle kayıtta"})


class IletisimInput(inputs.Input):
    """What is sent changes; what is left out keeps its value (an empty body is refused, so a
    blank request can never wipe a taxpayer's address)."""

    adres = inputs.Text(max_length=500, load_default=missing)
    telefon = inputs.Text(max_length=20, load_default=missing)
    eposta = inputs.Text(max_length=200, load_default=missing)

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError(_l("Adres, telefon ya da e-postadan en az birini gönderin."), "_schema")


class BirlestirInput(inputs.Input):
    hedef_id = inputs.Id(required=True)
    gerekce = inputs.Text(max_length=500, required=True, multiline=True)


class BirlestirmeSchema(Schema):
    id = fields.Integer()
    kaynak_id = fields.Integer()
    hedef_id = fields.Integer()
    tasinanlar = fields.Dict()
    gerekce = fields.String()
    yapan = fields.String()
    created_at = fields.DateTime()


class HisseSchema(Schema):
    id = fields.Integer(dump_only=True)
    mukellef_id = fields.Integer(required=True)
    pay = fields.Integer(required=True)
    payda = fields.Integer(required=True)
    baslangic_yili = fields.Integer(required=True)
    bitis_yili = fields.Integer(dump_only=True, allow_none=True)


class HisseInput(inputs.Input):
    """An owner's share of a property, as the API sends it and as each owner row of the
    property page is read."""

    mukellef_id = inputs.Id(required=True)
    pay = inputs.Integer(minimum=1, maximum=1_000_000_000, required=True)
    payda = inputs.Integer(minimum=1, maximum=1_000_000_000, required=True)
    baslangic_yili = inputs.Integer(minimum=1900, maximum=2200, required=True)

    @validates_schema
    def _at_most_whole(self, data, **kwargs):
        if data.get("pay") and data.get("payda") and data["pay"] > data["payda"]:
            raise ValidationError(_l("Pay paydadan büyük olamaz (hisse %100'ü aşamaz)."), "pay")


#: an EmlakInput field the page's form may leave blank (its default applies)
EMLAK_BOS_OLABILIR = ("arsa_alani", "arsa_payi_alani", "bina_alani", "kullanim", "insaat_sinifi", "yapim_yili")


class EmlakInput(inputs.Input):
    """A property as sent to the API; areas typed the Turkish way or as decimals.  The
    service checks what depends on the kind and the tariffs (a building's class, a zone's
    unit value)."""

    tur = inputs.Choice(["bina", "arsa", "arazi"], required=True)
    mahalle = inputs.Text(max_length=120)
    sokak = inputs.Text(max_length=200)
    deger_bolgesi = inputs.Text(max_length=80, required=True)
    ada = inputs.Integer(minimum=1, maximum=2_000_000_000, required=True)
    parsel = inputs.Integer(minimum=1, maximum=2_000_000_000, required=True)
    bagimsiz_bolum = inputs.Text(max_length=20)
    arsa_alani = inputs.Number(maximum=Decimal("999999999999.99"), load_default=None, allow_none=True)
    arsa_payi_alani = inputs.Number(maximum=Decimal("999999999999.99"), load_default=None, allow_none=True)
    bina_alani = inputs.Number(maximum=Decimal("999999999999.99"), load_default=None, allow_none=True)
    kullanim = inputs.Choice(["mesken", "isyeri"], load_default=None, allow_none=True)
    insaat_sinifi = inputs.Text(max_length=10, load_default=None, allow_none=True)
    yapim_yili = inputs.Integer(minimum=1800, maximum=2200, load_default=None, allow_none=True)
    buyuksehir_mucavir = inputs.Flag()
    dinlenme_amacli = inputs.Flag()
    hisseler = fields.List(fields.Nested(HisseInput), load_default=list, validate=validate.Length(max=500))


class EmlakSchema(Schema):
    id = fields.Integer(dump_only=True)
    tur = fields.String(required=True, metadata={"description": "bina | arsa | arazi", "enum": ["bina", "arsa", "arazi"]})
    mahalle = fields.String(load_default="")
    sokak = fields.String(load_default="")
    deger_bolgesi = fields.String(required=True)
    ada = fields.Integer(required=True, metadata={"minimum": 1, "maximum": 2_000_000_000})
    parsel = fields.Integer(required=True, metadata={"minimum": 1, "maximum": 2_000_000_000})
    bagimsiz_bolum = fields.String(load_default="")
    arsa_alani = fields.Decimal(as_string=True, load_default=None, allow_none=True)
    arsa_payi_alani = fields.Decimal(as_string=True, load_default=None, allow_none=True)
    bina_alani = fields.Decimal(as_string=True, load_default=None, allow_none=True)
    kullanim = fields.String(load_default=None, allow_none=True)
    insaat_sinifi = fields.String(load_default=None, allow_none=True)
    yapim_yili = fields.Integer(load_default=None, allow_none=True)
    buyuksehir_mucavir = fields.Boolean(load_default=False)
    dinlenme_amacli = fields.Boolean(load_default=False)
    hisseler = fields.List(fields.Nested(HisseSchema), load_default=list)


class TapuFarkiSchema(Schema):
    alan = fields.String()
    etiket = fields.String()
    bizde = fields.String()
    tapuda = fields.String()


class TarifeSchema(Schema):
    id = fields.Integer(dump_only=True)
    tur = fields.String(required=True, metadata={"description": "arsa_birim | arazi_birim | ilan_reklam | ucret",
                                                 "enum": ["arsa_birim", "arazi_birim", "ilan_reklam", "ucret"]})
    kod = fields.String(required=True)
    ad = fields.String(load_default="")
    birim = fields.String(load_default="")
    tutar = fields.Decimal(as_string=True, required=True)
    gecerlilik_baslangic = fields.Date(required=True)
    gecerlilik_bitis = fields.Date(dump_only=True, allow_none=True)
    karar = fields.String(load_default="", allow_none=True)


class TarifeInput(inputs.Input):
    """A tariff figure from a date, on the page and in the API: the amount typed the Turkish
    way, at most four decimals (unit values per m² have them)."""

    tur = inputs.Choice(["arsa_birim", "arazi_birim", "ilan_reklam", "ucret"], required=True)
    kod = inputs.Text(max_length=80, required=True)
    ad = inputs.Text(max_length=200)
    birim = inputs.Text(max_length=40)
    # not negative: the service says so, in the same words for every caller
    tutar = inputs.Money(places=4, minimum=None, maximum=Decimal("99999999999999.9999"), required=True)
    gecerlilik_baslangic = inputs.Day(required=True)
    karar = inputs.Text(max_length=200)


class TarifeAramaInput(inputs.Input):
    tur = inputs.Text(max_length=40)
    kod = inputs.Text(max_length=80)
# --- end of h-kayit schemas -------------------------------------------------------------------
