"""Citizens' debt inquiry and online card payment: what the API reads and answers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ebelediye import inputs

from .kayit import BorcSchema


class GecikmeAdimiSchema(Schema):
    adim = fields.String()
    deger = fields.String()


class VatandasBorcSchema(BorcSchema):
    gecikme_adimlari = fields.List(fields.Nested(GecikmeAdimiSchema),
                                   metadata={"description": "gecikme zammının nasıl hesaplandığı"})


class VatandasBorclariSchema(Schema):
    kayitli = fields.Boolean(metadata={"description": "bu belediyede mükellef kaydı var mı"})
    gun = fields.Date()
    borclar = fields.List(fields.Nested(VatandasBorcSchema))
    toplam = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2, allow_none=True)


class OdemeBaslatInput(inputs.Input):
    tahakkuk_idleri = fields.List(inputs.Id(), required=True, validate=validate.Length(min=1, max=500),
                                  metadata={"description": "ödenecek borçların (tahakkuk) numaraları"})
    taksit = inputs.Integer(minimum=1, maximum=12, load_default=1,
                            metadata={"description": "taksit sayısı (1: tek çekim; belediyenin sunduklarından biri)"})


class OnlineOdemeSchema(Schema):
    siparis_no = fields.String()
    durum = fields.String(metadata={"description": "baslatildi | odendi | basarisiz | iade_edildi"})
    tutar = fields.Decimal(as_string=True, places=2)
    sonuc = fields.String()
    secim = fields.List(fields.Dict())
    tahsilat_id = fields.Integer(allow_none=True)
    taksit = fields.Integer(metadata={"description": "kartın çekildiği taksit sayısı (1: tek çekim)"})
    yonlendirme_url = fields.String(metadata={"description": "bankanın 3-D Secure sayfası (yalnızca başlatınca)"})
