"""Inputs and outputs of the other revenues (issue 12, item 7): leases and ecrimisil,
permits charged from the tariff; and paying a relative's debt (item 9)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ebelediye.inputs import Choice, Day, Id, Input, Integer, Money, Number, Page, Tckn, Text

_MONEY = {"as_string": True, "places": 2}


class KiraInput(Input):
    """A lease of municipal property, or an ecrimisil for a period of occupation."""

    tur = Choice(("kira", "ecrimisil"), load_default="kira")
    mukellef_id = Id(required=True, metadata={"description": "Kiracı / işgalci mükellef no"})
    tasinmaz = Text(max_length=300, required=True, metadata={"description": "Taşınmaz: ada/parsel, bölüm, nitelik"})
    baslangic = Day(required=True)
    bitis = Day(required=True)
    donem = Choice(("ay", "yil"), load_default="ay")
    tutar = Money(required=True, metadata={"description": "İlk yılın dönem kirası (ecrimisil: toplam tutar), TL"})
    artis = Choice(("yok", "sabit", "tufe", "ufe"), load_default="yok")
    artis_orani = Number(places=4, minimum=0, maximum=1000, load_default=None,
                         metadata={"description": "Sabit yıllık artış, %"})
    dayanak = Text(max_length=300, load_default="", metadata={"description": "İhale kararı / takdir komisyonu kararı"})
    son_odeme = Day(load_default=None, metadata={"description": "Ecrimisil: ihbarnamedeki son ödeme günü"})


class ListeQuery(Input):
    ara = Text(max_length=100, load_default="")
    tur = Text(max_length=20, load_default="")
    sayfa = Page()


class GunInput(Input):
    gun = Day(load_default=None, metadata={"description": "Hangi güne kadar başlayan dönemler (boş: bugün)"})


class HarcInput(Input):
    """A permit charged from the tariff: kind, tariff code, place, m², period."""

    tur = Choice(("isgaliye", "pazar_yeri", "ruhsat_harci", "insaat_harci"), required=True)
    mukellef_id = Id(required=True)
    tarife_kod = Text(max_length=80, required=True)
    yer = Text(max_length=300, required=True, metadata={"description": "Yer / adres / yapı"})
    alan = Number(places=2, minimum="0.01", maximum="10000000", required=True, metadata={"description": "m²"})
    baslangic = Day(required=True)
    bitis = Day(load_default=None, metadata={"description": "İşgaliye ve pazar yeri: iznin son günü"})


class TahakkukOzetSchema(Schema):
    id = fields.Integer()
    gelir_kodu = fields.String()
    kaynak = fields.String()
    yil = fields.Integer()
    vade = fields.Date()
    tutar = fields.Decimal(**_MONEY)
    aciklama = fields.String()
    iptal_edilen_id = fields.Integer(allow_none=True)


class KiraSchema(Schema):
    id = fields.Integer()
    tur = fields.String()
    mukellef_id = fields.Integer()
    tasinmaz = fields.String()
    baslangic = fields.Date()
    bitis = fields.Date()
    donem = fields.String()
    tutar = fields.Decimal(**_MONEY)
    artis = fields.String()
    artis_orani = fields.Decimal(as_string=True, allow_none=True)
    dayanak = fields.String()
    son_odeme = fields.Date(allow_none=True)


class KiraDetaySchema(KiraSchema):
    tahakkuklar = fields.List(fields.Nested(TahakkukOzetSchema))


class KiraListesiSchema(Schema):
    toplam = fields.Integer()
    sayfa = fields.Integer()
    kayitlar = fields.List(fields.Nested(KiraSchema))


class KiraTahakkukSchema(Schema):
    sozlesme_id = fields.Integer()
    tahakkuk = fields.Integer()


class HarcSchema(Schema):
    id = fields.Integer()
    tur = fields.String()
    mukellef_id = fields.Integer()
    tarife_kod = fields.String()
    yer = fields.String()
    alan = fields.Decimal(as_string=True, places=2)
    baslangic = fields.Date()
    bitis = fields.Date(allow_none=True)
    tutar = fields.Decimal(**_MONEY)
    hesap = fields.Dict()


class HarcDetaySchema(HarcSchema):
    tahakkuklar = fields.List(fields.Nested(TahakkukOzetSchema))


class HarcListesiSchema(Schema):
    toplam = fields.Integer()
    sayfa = fields.Integer()
    kayitlar = fields.List(fields.Nested(HarcSchema))


class YakinSorguInput(Input):
    """Whose debt a citizen pays: the person's TCKN and taxpayer number (both must match one record)."""

    tckn = Tckn(required=True)
    mukellef_no = Id(required=True)


class YakinBorcSchema(Schema):
    """One open amount of the person looked up: kind, year/installment, due day and amounts only
    (no name, address, description or history)."""

    tahakkuk_id = fields.Integer()
    gelir_adi = fields.String()
    yil = fields.Integer()
    taksit = fields.Integer()
    vade = fields.Date()
    anapara = fields.Decimal(**_MONEY)
    gecikme_zammi = fields.Decimal(attribute="gecikme", **_MONEY)
    toplam = fields.Decimal(**_MONEY)


class YakinBorclariSchema(Schema):
    anahtar = fields.String(metadata={"description": "the signed key of this answer; the payment needs it back"})
    gecerlilik_saniye = fields.Integer(metadata={"description": "how long the key may be paid from"})
    gun = fields.Date()
    borclar = fields.List(fields.Nested(YakinBorcSchema))
    toplam = fields.Decimal(**_MONEY)


class YakinOdemeInput(Input):
    """Pay some of the open amounts a lookup answered (``anahtar``), as the payer."""

    anahtar = Text(required=True, max_length=2000)
    tahakkuk_idleri = fields.List(Id(), required=True, validate=validate.Length(min=1, max=500),
                                  metadata={"description": "the chosen amounts' tahakkuk_id"})
    taksit = Integer(minimum=1, maximum=12, load_default=1,
                     metadata={"description": "installments (1: one payment; one the municipality offers)"})
