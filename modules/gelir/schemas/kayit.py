"""marshmallow schemas of Gelir's API (in and out)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validates_schema


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


class GunQuerySchema(Schema):
    gun = fields.Date(metadata={"description": "Hangi günkü gecikme zammıyla (varsayılan: bugün)"})


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


class MukellefAramaSchema(Schema):
    q = fields.String(load_default="", metadata={"description": "TCKN/VKN başı ya da ad/unvan"})
    sayfa = fields.Integer(load_default=1, validate=lambda n: n >= 1)


class MukellefListesiSchema(Schema):
    sayfa = fields.Integer()
    toplam = fields.Integer()
    kayitlar = fields.List(fields.Nested(MukellefSchema))


class MukellefOlusturSchema(Schema):
    tur = fields.String(required=True, metadata={"description": "gercek (KPS'den) | tuzel (GİB durumuyla)",
                                                 "enum": ["gercek", "tuzel"]})
    tckn = fields.String(load_default="")
    vkn = fields.String(load_default="")
    unvan = fields.String(load_default="")
    adres = fields.String(load_default="")
    telefon = fields.String(load_default="")
    eposta = fields.String(load_default="")


class IletisimSchema(Schema):
    """What is sent changes; what is left out keeps its value (an empty body is refused, so a
    blank request can never wipe a taxpayer's address)."""

    adres = fields.String()
    telefon = fields.String()
    eposta = fields.String()

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError(_l("Adres, telefon ya da e-postadan en az birini gönderin."), "_schema")


class BirlestirSchema(Schema):
    hedef_id = fields.Integer(required=True)
    gerekce = fields.String(required=True)


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


class TarifeQuerySchema(Schema):
    tur = fields.String(load_default="")
    kod = fields.String(load_default="")
# --- end of h-kayit schemas -------------------------------------------------------------------
