"""Factories and helpers for Gelir tests.

Every test runs in the shared tenants (``alfa``, ``beta``; Gelir enabled) inside a
rolled-back transaction.  Use ``bound("alfa")`` from ``tenants.services`` to work in one.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import factory

from ebelediye.extensions import db
from modules.gelir.models import Emlak, EmlakHissesi, Mukellef, Tahakkuk, Tarife
from tests.factories import ModelFactory, new_tckn  # noqa: F401  (new_tckn re-exported)
from tests.plugin import staff_with  # noqa: F401  (re-exported for Gelir's tests)


class MukellefFactory(ModelFactory):
    class Meta:
        model = Mukellef

    tur = "gercek"
    tckn = factory.LazyFunction(new_tckn)
    ad = factory.Faker("first_name", locale="tr_TR")
    soyad = factory.Faker("last_name", locale="tr_TR")
    adres = "Cumhuriyet Mah. Atatürk Cad. No: 1"


class EmlakFactory(ModelFactory):
    class Meta:
        model = Emlak

    tur = "arsa"
    mahalle = "Cumhuriyet"
    sokak = "Atatürk Caddesi"
    deger_bolgesi = "B1"
    ada = factory.Sequence(lambda n: 100 + n)
    parsel = factory.Sequence(lambda n: 1 + n)
    bagimsiz_bolum = ""
    arsa_alani = Decimal("500")
    arsa_payi_alani = Decimal("0")
    bina_alani = Decimal("0")
    buyuksehir_mucavir = False
    dinlenme_amacli = False


def hisse(emlak: Emlak, mukellef: Mukellef, pay: int = 1, payda: int = 1, baslangic: int = 2020,
          bitis: int | None = None) -> EmlakHissesi:
    row = EmlakHissesi(emlak_id=emlak.id, mukellef_id=mukellef.id, pay=pay, payda=payda,
                       baslangic_yili=baslangic, bitis_yili=bitis)
    db.session.add(row)
    db.session.flush()
    return row


def birim_deger(kod: str = "B1", tutar: str = "1000", tur: str = "arsa_birim",
                baslangic: date = date(2025, 1, 1)) -> Tarife:
    row = Tarife(tur=tur, kod=kod, ad=f"Değer bölgesi {kod}", birim="TL/m²", tutar=Decimal(tutar),
                 gecerlilik_baslangic=baslangic, olusturan="test")
    db.session.add(row)
    db.session.flush()
    return row


def borc(mukellef: Mukellef, tutar: str, vade: date, gelir_kodu: str = "emlak_arsa", yil: int | None = None,
         taksit: int = 1, kaynak: str | None = None) -> Tahakkuk:
    """An accrued debt, straight into the table (for payment and late-fee tests)."""
    row = Tahakkuk(mukellef_id=mukellef.id, gelir_kodu=gelir_kodu, kaynak=kaynak or f"test:{uuid.uuid4().hex[:8]}",
                   yil=yil or vade.year, taksit=taksit, surum=1, vade=vade, tutar=Decimal(tutar), olusturan="test")
    db.session.add(row)
    db.session.flush()
    return row


def at_once(app, call: Callable, arguments: list) -> list:
    """``call(client, argument)`` for each argument, from threads released together, each
    with its own test client (and so its own database connection); the answers in the order
    they came."""
    gate = threading.Barrier(len(arguments))
    answers: list = []

    def run(argument) -> None:
        client = app.test_client()
        gate.wait()
        answers.append(call(client, argument))

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers
