"""Inputs of 6183 collection: an ödeme emri batch, its tebliğ and objection, a tecil plan."""

from __future__ import annotations

from marshmallow import fields

from ebelediye.inputs import Choice, Day, Id, Input, Integer, Money, Text


class PartiInput(Input):
    """Which overdue debts a batch of ödeme emirleri covers."""

    yil = Integer(minimum=2000, maximum=2200, load_default=None, metadata={"description": "Borç yılı (boş: hepsi)"})
    gelir_kodu = Text(max_length=40, load_default=None)
    asgari = Money(minimum=0, load_default=None, metadata={"description": "Asgari toplam borç (TL)"})


class TebligInput(Input):
    teblig_tarihi = Day(required=True)


class ItirazInput(Input):
    itiraz_tarihi = Day(required=True)
    aciklama = Text(max_length=500, multiline=True, load_default="")


class ItirazSonucInput(Input):
    sonuc = Choice(("kabul", "ret"), required=True)
    karar_tarihi = Day(required=True)


class TecilInput(Input):
    """A tecil plan: the chosen overdue debts, the number of monthly installments, the application day."""

    tahakkuk = fields.List(Id(), required=True)
    taksit_sayisi = Integer(minimum=1, maximum=120, required=True)
    tecil_tarihi = Day(required=True)
    teminat = Text(max_length=300, load_default="")


class IptalInput(Input):
    gerekce = Text(max_length=500, required=True)


class TecilApiInput(TecilInput):
    """A tecil plan through the API: the taxpayer too."""

    mukellef_id = Id(required=True)
