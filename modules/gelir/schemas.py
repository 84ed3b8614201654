"""marshmallow schemas of Gelir's API (in and out)."""

from __future__ import annotations

from marshmallow import Schema, fields


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


class BorcListesiSchema(Schema):
    mukellef_id = fields.Integer()
    gun = fields.Date()
    borclar = fields.List(fields.Nested(BorcSchema))
    toplam = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2, metadata={"description": "kullanılmamış fazla ödeme"})


class GunQuerySchema(Schema):
    gun = fields.Date(metadata={"description": "Hangi günkü gecikme zammıyla (varsayılan: bugün)"})
