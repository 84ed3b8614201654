"""Gelir's inputs and outputs, one file per area, used by the pages and the API alike.

- ``kayit``: the registry (taxpayers, properties, tariffs) and the debt inquiry.
- ``vezne``: the cash desk (a counter payment, the day close) and refunds.

Inputs extend ``ebelediye.inputs.Input`` and type money with ``inputs.Money``: the three
Turkish forms (``2.843,29``, ``2843,29``, ``2843.29``) are accepted everywhere; ``2,843.29``,
``1e400``, control characters and more than two decimals are refused with a field message.
"""

from .kayit import (
    BirlestirmeSchema,
    BirlestirSchema,
    BorcListesiSchema,
    BorcSchema,
    EmlakSchema,
    GunQuerySchema,
    HisseSchema,
    IletisimSchema,
    MukellefAramaSchema,
    MukellefListesiSchema,
    MukellefOlusturSchema,
    MukellefSchema,
    TapuFarkiSchema,
    TarifeQuerySchema,
    TarifeSchema,
)
from .vezne import IadeApiInput, IadeInput, KapanisInput, TahsilatApiInput, TahsilatInput

__all__ = [
    "BirlestirSchema",
    "BirlestirmeSchema",
    "BorcListesiSchema",
    "BorcSchema",
    "EmlakSchema",
    "GunQuerySchema",
    "HisseSchema",
    "IadeApiInput",
    "IadeInput",
    "IletisimSchema",
    "KapanisInput",
    "MukellefAramaSchema",
    "MukellefListesiSchema",
    "MukellefOlusturSchema",
    "MukellefSchema",
    "TahsilatApiInput",
    "TahsilatInput",
    "TapuFarkiSchema",
    "TarifeQuerySchema",
    "TarifeSchema",
]
