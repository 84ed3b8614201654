"""What every module's factories build on: factory-boy over the request's ORM session,
flushed (not committed) so each test's rollback takes the rows away.

::

    class MukellefFactory(ModelFactory):
        class Meta:
            model = Mukellef

        tckn = factory.LazyFunction(new_tckn)
        ad = factory.Faker("first_name", locale="tr_TR")

Call factories inside ``services.bound(slug)``: tenant rows go into that tenant's schema.
"""

from __future__ import annotations

import factory
from stdnum.tr import tckimlik

from ebelediye.extensions import db


class ModelFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


_counter = iter(range(10_000_000, 99_999_999))


def new_tckn() -> str:
    """A checksum-valid TCKN no other test uses (KPS's mock does not know it: use
    ``known_person()`` for someone KPS answers for)."""
    body = f"{next(_counter) * 7 % 899_999_999 + 100_000_000}"
    return body + tckimlik.calc_check_digits(body)


def known_person(household: int = 1, slot: int = 0) -> str:
    """The TCKN of a member of the synthetic population (KPS, SGK and Tapu know them)."""
    from ebelediye.connectors.factory import connectors

    return connectors().agencies.population.tckn_of(household, slot)
