"""Revenue reports: the API's query inputs and the tables it answers (the same figures as
the report pages, ``services.rapor``)."""

from __future__ import annotations

from marshmallow import Schema, fields

from ebelediye.api import DAY_PATTERN
from ebelediye.inputs import Integer

from ..services.rapor import EN_COK_BORCLU


def _day(description: str) -> fields.String:
    """A day in the query: ISO in the document (GG.AA.YYYY is read too), as the service parses it."""
    return fields.String(metadata={"description": description, "format": "date", "pattern": DAY_PATTERN})


class AralikQuery(Schema):
    baslangic = _day("Başlangıç günü, YYYY-AA-GG (varsayılan: ayın ilk günü)")
    bitis = _day("Bitiş günü, YYYY-AA-GG (varsayılan: bugün); başlangıçtan önce olamaz")


class GunQuery(Schema):
    gun = _day("Hangi gün itibarıyla, YYYY-AA-GG (varsayılan: bugün)")


class BorcluQuery(GunQuery):
    adet = Integer(minimum=1, maximum=EN_COK_BORCLU,
                   metadata={"description": f"1–{EN_COK_BORCLU} (varsayılan 20)"})
    gecikme = fields.Boolean(load_default=False, metadata={"description": "gecikme zammını tahmin et"})


class YilQuery(Schema):
    yil_baslangic = Integer(minimum=1990, maximum=2200, metadata={"description": "varsayılan: dört yıl önce"})
    yil_bitis = Integer(minimum=1990, maximum=2200, metadata={"description": "varsayılan: bu yıl"})


# --- the answers ----------------------------------------------------------------------------

class SutunSchema(Schema):
    anahtar = fields.String()
    baslik = fields.String()
    tur = fields.String(metadata={"description": "metin | para | oran | sayi | tarih"})


class TabloSchema(Schema):
    """A report table: money and rates as decimal strings with two decimals, dates ISO."""

    ad = fields.String()
    baslik = fields.String()
    sutunlar = fields.List(fields.Nested(SutunSchema))
    satirlar = fields.List(fields.Dict(keys=fields.String()),
                           metadata={"description": "sütun anahtarı → değer"})
    toplam = fields.Dict(keys=fields.String(), allow_none=True)
    notlar = fields.List(fields.String())


class TahsilatRaporuSchema(Schema):
    baslangic = fields.String(metadata={"format": "date"})
    bitis = fields.String(metadata={"format": "date"})
    toplam = fields.String(metadata={"format": "decimal"})
    tablolar = fields.List(fields.Nested(TabloSchema))


class YasRaporuSchema(Schema):
    gun = fields.String(metadata={"format": "date"})
    toplam = fields.String(metadata={"format": "decimal"})
    tablo = fields.Nested(TabloSchema)


class BorcluRaporuSchema(Schema):
    gun = fields.String(metadata={"format": "date"})
    tablo = fields.Nested(TabloSchema)


class YillikRaporSchema(Schema):
    yil_baslangic = fields.Integer()
    yil_bitis = fields.Integer()
    tablo = fields.Nested(TabloSchema)
