"""Gelir's inputs and outputs, one file per area, used by the pages and the API alike.

- ``kayit``: the registry (taxpayers, properties, tariffs) and the debt inquiry.
- ``banka``: the contracted banks' API (inquiry, payment, reconciliation) and their page.
- ``vezne``: the cash desk (a counter payment, the day close) and refunds.
- ``tahakkuk``: accruals (the yearly batch, a property's year, a fee, a cancellation).
- ``takip``: collection of overdue debt (ödeme emri, objection, tecil).
- ``rapor``: the reports' query inputs and tables.
- ``online``: the citizen's debt inquiry and card payment.

Inputs extend ``ebelediye.inputs.Input`` and type money with ``inputs.Money``: the three
Turkish forms (``2.843,29``, ``2843,29``, ``2843.29``) are accepted everywhere; ``2,843.29``,
``1e400``, control characters and more than two decimals are refused with a field message.
"""

from .banka import (
    AnahtarInput,
    BankaBorcSorguSchema,
    BankaDurumInput,
    BankaInput,
    BankaKimlikInput,
    BankaMakbuzSchema,
    BankaOdemeInput,
    MutabakatQuery,
    MutabakatSchema,
)
from .kayit import (
    BirlestirInput,
    BirlestirmeSchema,
    BorcListesiSchema,
    BorcSchema,
    EmlakInput,
    EmlakSchema,
    GunQuerySchema,
    HisseInput,
    HisseSchema,
    IletisimInput,
    MukellefAramaInput,
    MukellefListesiSchema,
    MukellefOlusturInput,
    MukellefSchema,
    TapuFarkiSchema,
    TarifeAramaInput,
    TarifeInput,
    TarifeSchema,
)
from .vezne import IadeApiInput, IadeInput, KapanisInput, TahsilatApiInput, TahsilatInput

__all__ = [
    "AnahtarInput",
    "BankaBorcSorguSchema",
    "BankaDurumInput",
    "BankaInput",
    "BankaKimlikInput",
    "BankaMakbuzSchema",
    "BankaOdemeInput",
    "BirlestirInput",
    "BirlestirmeSchema",
    "BorcListesiSchema",
    "BorcSchema",
    "EmlakInput",
    "EmlakSchema",
    "GunQuerySchema",
    "HisseInput",
    "HisseSchema",
    "IadeApiInput",
    "IadeInput",
    "IletisimInput",
    "KapanisInput",
    "MukellefAramaInput",
    "MukellefListesiSchema",
    "MukellefOlusturInput",
    "MukellefSchema",
    "MutabakatQuery",
    "MutabakatSchema",
    "TahsilatApiInput",
    "TahsilatInput",
    "TapuFarkiSchema",
    "TarifeAramaInput",
    "TarifeInput",
    "TarifeSchema",
]
