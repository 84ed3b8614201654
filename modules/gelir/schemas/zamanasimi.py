"""Inputs of the year-end zamanaşımı list and of terkin (write-off) requests and decisions."""

from __future__ import annotations

from marshmallow import fields

from ebelediye.inputs import Choice, Day, Id, Input, Integer, Money, Page, Text

from ..services.terkin import NEDENLER


class ZamanasimiInput(Input):
    """The year at whose end the lapsed debts are listed."""

    yil = Integer(minimum=2000, maximum=2200, required=True,
                  metadata={"description": "Bu yılın sonunda zamanaşımına uğrayan borçlar"})


class ZamanasimiSayfaInput(Input):
    sayfa = Page()
    mukellef_id = Id(load_default=None)


class TerkinInput(Input):
    """A write-off request: the reason (a legal ground), its reference and the justification."""

    neden = Choice(tuple(n.kod for n in NEDENLER), required=True)
    dayanak = Text(max_length=300, load_default="")
    gerekce = Text(max_length=500, multiline=True, required=True)
    zamanasimi_kalemi_id = Id(load_default=None)


class TerkinApiInput(TerkinInput):
    tahakkuk_id = Id(required=True)


class TerkinOnayInput(Input):
    karar_notu = Text(max_length=500, multiline=True, load_default="")


class TerkinRetInput(Input):
    karar_notu = Text(max_length=500, multiline=True, required=True)


class TerkinListeInput(Input):
    sayfa = Page()
    durum = Choice(("bekliyor", "onaylandi", "reddedildi"), load_default=None)


class MahsupInput(Input):
    """A mahsup at the desk: the whole credit, or part of it."""

    tutar = Money(load_default=None, metadata={"description": "Boş: alacağın tamamı"})


class MahsupApiInput(MahsupInput):
    mukellef_id = Id(required=True)


class HacizInput(Input):
    """A haciz: its kind, day, amount, what was attached and the debts it secures."""

    tur = Choice(("banka", "maas", "arac", "tasinmaz"), required=True)
    tarih = Day(required=True)
    tutar = Money(required=True)
    konu = Text(max_length=300, required=True)
    maas_net = Money(load_default=None)
    tahakkuk = fields.List(Id(), required=True)


class HacizApiInput(HacizInput):
    mukellef_id = Id(required=True)


class HacizKaldirInput(Input):
    tarih = Day(required=True)
    neden = Text(max_length=500, required=True)
