"""Accruals: the yearly batch, one property's year, a fee from the tariff, a cancellation
(the accrual page and the API read the same inputs), and what the API answers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ebelediye.inputs import Choice, Day, Id, Input, Integer, Text

from ..services.tahakkuk import GRUPLAR


class TopluInput(Input):
    yil = Integer(minimum=2000, maximum=2100, required=True)
    grup = Choice(GRUPLAR, required=True)


class TahakkukYiliInput(Input):
    yil = Integer(minimum=2000, maximum=2100, required=True)


class EmlakYiliInput(TahakkukYiliInput):
    """The accrual page's "one property's year" form."""

    emlak_id = Id(required=True)


class TahakkukIptalInput(Input):
    gerekce = Text(max_length=250, required=True, validate=validate.Length(min=3))


class UcretInput(Input):
    mukellef_id = Id(required=True)
    tarife_kod = Text(max_length=80, required=True)
    gun = Day(required=True)
    referans = Text(max_length=70, required=True,
                    metadata={"description": "çağıran modülün belgesi, ör. nikah:123 (iki kez alınmaz)"})


class TopluSchema(Schema):
    id = fields.Integer()
    yil = fields.Integer()
    grup = fields.String()
    durum = fields.String(metadata={"description": "bekliyor | calisiyor | bitti"})
    imlec = fields.Integer(metadata={"description": "son işlenen kaynak no (kaldığı yer)"})
    toplam_kaynak = fields.Integer(allow_none=True)
    olusan = fields.Integer()
    tutar = fields.Decimal(as_string=True, places=2)
    hata = fields.String(allow_none=True)
    is_kaydi = fields.String(allow_none=True)
    is_durumu = fields.String(allow_none=True)


class TahakkukSchema(Schema):
    id = fields.Integer()
    mukellef_id = fields.Integer()
    gelir_kodu = fields.String()
    kaynak = fields.String()
    yil = fields.Integer()
    taksit = fields.Integer()
    surum = fields.Integer()
    vade = fields.Date()
    tutar = fields.Decimal(as_string=True, places=2)
    aciklama = fields.String()
    iptal_edilen_id = fields.Integer(allow_none=True)


class AdimSchema(Schema):
    adim = fields.String()
    deger = fields.String()


class DegerlemeSchema(Schema):
    emlak_id = fields.Integer()
    yil = fields.Integer()
    vergi_degeri = fields.Decimal(as_string=True, places=2)
    yontem = fields.String(metadata={"description": "takdir | endeks | tavan"})
    adimlar = fields.List(fields.Nested(AdimSchema))
    sahipler = fields.List(fields.Dict())
