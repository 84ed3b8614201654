"""The contracted banks' API and pages: who the bank asks about, what it pays, which day
it reconciles; and the staff's form for a new bank."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from ebelediye.inputs import Day, Flag, Id, Input, Money, Tckn, Text

#: the bank's own reference: letters, digits and . _ - (no spaces: it is compared as sent; no
#: slash: it is a path segment of the status and cancellation calls)
REFERANS = "^[A-Za-z0-9._-]{1,64}$"
VKN = "^[0-9]{10}$"


class BankaKimlikInput(Input):
    """The taxpayer, by exactly one of TCKN, VKN or the taxpayer number (``mukellef_no``)."""

    tckn = Tckn(load_default=None, metadata={"description": "T.C. kimlik numarası"})
    vkn = Text(load_default=None, max_length=10, strip=False,
               validate=validate.Regexp(VKN, error=_l("Vergi kimlik numarası 10 rakam olmalı.")),
               metadata={"description": "Vergi kimlik numarası (şirketler)", "pattern": VKN})
    mukellef_no = Id(load_default=None, metadata={"description": "Belediyenin mükellef numarası"})


class BankaOdemeInput(BankaKimlikInput):
    """A bank's payment of whole items, at the total the inquiry gave for today."""

    banka_referans = Text(required=True, max_length=64, strip=False,
                          validate=validate.Regexp(REFERANS, error=_l("Referans 1-64 harf, rakam ya da . _ - olmalı.")),
                          metadata={"description": "Bankanın bu ödemeye verdiği tekil referans", "pattern": REFERANS})
    tahakkuk_idleri = fields.List(Id(), required=True, validate=validate.Length(min=1, max=500),
                                  metadata={"description": "Ödenen borçların (tahakkuk) numaraları"})
    tutar = Money(required=True, metadata={"description": "Ödenen toplam: seçilen borçların bugünkü toplamı"})


class MutabakatQuery(Input):
    gun = Day(load_default=None, metadata={"description": "Mutabakat günü (varsayılan: bugün)"})


class BankaInput(Input):
    """A new contracted bank (staff page)."""

    kod = Text(required=True, max_length=20, metadata={"description": "Banka kodu (ör. EFT kodu 0010)"})
    ad = Text(required=True, max_length=120)
    muhasebe_hesabi = Text(required=True, max_length=20, metadata={"description": "102 ya da alt hesabı"})
    iban = Text(max_length=34)


class BankaDurumInput(Input):
    """Stop (``aktif`` off) or reopen a bank."""

    aktif = Flag()


class AnahtarInput(Input):
    ad = Text(max_length=100, metadata={"description": "Anahtarın adı (ör. şube sistemi)"})


# --- answers ---------------------------------------------------------------------------------

class BankaBorcSchema(Schema):
    tahakkuk_id = fields.Integer()
    gelir_kodu = fields.String()
    gelir_adi = fields.String()
    yil = fields.Integer()
    taksit = fields.Integer()
    vade = fields.Date()
    anapara = fields.Decimal(as_string=True, places=2)
    gecikme_zammi = fields.Decimal(as_string=True, places=2, metadata={"description": "bugüne göre"})
    toplam = fields.Decimal(as_string=True, places=2)


class BankaBorcSorguSchema(Schema):
    mukellef_no = fields.Integer()
    ad = fields.String(metadata={"description": "maskeli ad (ör. Ay*** Yı****)"})
    gun = fields.Date()
    borclar = fields.List(fields.Nested(BankaBorcSchema))
    toplam = fields.Decimal(as_string=True, places=2)


class BankaMakbuzSchema(Schema):
    banka_referans = fields.String()
    makbuz_no = fields.String()
    tarih = fields.Date()
    mukellef_no = fields.Integer()
    tutar = fields.Decimal(as_string=True, places=2)
    durum = fields.String(metadata={"description": "odendi | iptal", "enum": ["odendi", "iptal"]})
    iptal_makbuz_no = fields.String(allow_none=True)


class MutabakatSchema(Schema):
    banka = fields.String(metadata={"description": "banka kodu"})
    gun = fields.Date()
    adet = fields.Integer(metadata={"description": "geçerli (iptal edilmemiş) ödeme sayısı"})
    toplam = fields.Decimal(as_string=True, places=2)
    iptal_adet = fields.Integer()
    odemeler = fields.List(fields.Nested(BankaMakbuzSchema))
