"""The cash desk's inputs, for its pages and its API: a counter payment, the day close, a refund.

The channel, the payment-slip number and the IBAN are checked by the services (their
rules depend on one another: a transfer needs its slip, a bank refund its IBAN); what is
typed is bounded and typed here, money first.
"""

from __future__ import annotations

from marshmallow import fields

from ebelediye.inputs import Id, Input, Money, Text


class TahsilatInput(Input):
    """A counter payment on the taxpayer's page; without an amount the chosen debts are paid in full."""

    tutar = Money(load_default=None, metadata={"description": "Tutar: 2.843,29 / 2843,29 / 2843.29"})
    kanal = Text(max_length=20, metadata={"description": "nakit | kart | havale"})
    belge_no = Text(max_length=60, metadata={"description": "Havale dekont numarası"})
    secili = fields.List(Id(), load_default=None, allow_none=True,
                         metadata={"description": "Yalnız bu tahakkuklara uygula"})


class TahsilatApiInput(TahsilatInput):
    """A counter payment through the API: the taxpayer and the amount are required."""

    mukellef_id = Id(required=True)
    tutar = Money(required=True, metadata={"description": "Tutar: 2.843,29 / 2843,29 / 2843.29"})
    kanal = Text(required=True, max_length=20, metadata={"description": "nakit | kart | havale"})


class KapanisInput(Input):
    """The day close: the cash counted in the till (zero allowed) and a note."""

    sayilan_nakit = Money(required=True, minimum=0, metadata={"description": "Sayılan nakit, ör. 1.250,40"})
    aciklama = Text(max_length=500, multiline=True)


class IadeInput(Input):
    """A refund request on the taxpayer's page."""

    tutar = Money(required=True, metadata={"description": "İade tutarı (alacaktan fazla olamaz)"})
    gerekce = Text(max_length=500, multiline=True)
    odeme_sekli = Text(max_length=20, metadata={"description": "nakit | havale | kart", "enum": ["nakit", "havale", "kart"]})
    iban = Text(max_length=40)
    tahsilat_id = Id(load_default=None, allow_none=True,
                     metadata={"description": "karta iade: mükellefin online ödemesinin makbuzu"})


class IadeApiInput(IadeInput):
    """A refund request through the API."""

    mukellef_id = Id(required=True)
    gerekce = Text(required=True, max_length=500, multiline=True)
    odeme_sekli = Text(required=True, max_length=20,
                       metadata={"description": "nakit | havale | kart", "enum": ["nakit", "havale", "kart"]})
