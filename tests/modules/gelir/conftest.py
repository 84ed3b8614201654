"""Factories and helpers for Gelir tests.

Every test runs in the shared tenants (``alfa``, ``beta``; Gelir enabled) inside a
rolled-back transaction.  Use ``bound("alfa")`` from ``tenants.services`` to work in one.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import factory
from stdnum.tr import tckimlik

from ebelediye.extensions import db
from ebelediye.rbac import Role, RolePermission, StaffRole
from modules.gelir.models import Emlak, EmlakHissesi, Mukellef, Tahakkuk, Tarife
from tests.plugin import STAFF_PASSWORD, host

_counter = iter(range(10_000_000, 99_999_999))


def new_tckn() -> str:
    """A valid, unused-looking TCKN (checksum right, never starting with 0)."""
    body = f"{next(_counter) * 7 % 899_999_999 + 100_000_000}"
    return body + tckimlik.calc_check_digits(body)


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class MukellefFactory(_Base):
    class Meta:
        model = Mukellef

    tur = "gercek"
    tckn = factory.LazyFunction(new_tckn)
    ad = factory.Faker("first_name", locale="tr_TR")
    soyad = factory.Faker("last_name", locale="tr_TR")
    adres = "Cumhuriyet Mah. Atatürk Cad. No: 1"


class EmlakFactory(_Base):
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


def staff_with(client, slug: str, *permissions: str, email: str | None = None) -> str:
    """Create a staff member of ``slug`` holding exactly ``permissions`` and sign in; returns the email."""
    from ebelediye.identity import StaffUser
    from tenants import services

    email = email or f"gelir{uuid.uuid4().hex[:6]}@{slug}.bel.tr"
    with services.bound(slug):
        user = StaffUser(email=email, full_name="Gelir Personeli", is_tenant_admin=False)
        user.set_password(STAFF_PASSWORD)
        role = Role(key=f"r{uuid.uuid4().hex[:8]}", name="Test rolü")
        db.session.add_all([user, role])
        db.session.flush()
        db.session.add_all([RolePermission(role_id=role.id, permission=p) for p in permissions])
        db.session.add(StaffRole(staff_id=user.id, role_id=role.id))
        db.session.commit()
    response = client.post("/giris", data={"email": email, "password": STAFF_PASSWORD},
                           headers={"Host": host(slug)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return email
