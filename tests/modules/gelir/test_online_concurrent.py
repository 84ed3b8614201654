"""Two browser tabs paying the same debt, their bank callbacks arriving at the same moment
on two server threads with their own database connections: one payment is applied, the
other is refused before its card is charged."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ebelediye import clock, connectors
from ebelediye.extensions import db
from modules.gelir.models import OnlineOdeme, Tahsilat
from modules.gelir.services import borc as borc_service
from modules.gelir.services import online
from tenants import services
from tests.plugin import host, purge_tenant

from .conftest import MukellefFactory, at_once, borc
from .online_helpers import banka_sayfasi


def _at_once(app, slug: str, forms: list[dict]) -> list[int]:
    """Post the bank's callbacks from two threads released together."""
    return at_once(app, lambda client, fields: client.post(
        "/e-hizmet/odeme/donus", data=dict(fields), headers={"Host": host(slug)}).status_code, forms)


@pytest.mark.committed
def test_simultaneous_callbacks_for_one_debt_apply_one_payment(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Eşzamanlı", modules=["gelir"]), "test")
        services.provision(slug, "test")
        donus = f"https://{slug}.ebelediye.test/e-hizmet/odeme/donus"
        for _round in range(3):  # the race is real, so it runs a few times, each on a fresh debt
            with services.bound(slug):
                payer = MukellefFactory()
                debt = borc(payer, "1000.00", date(2025, 11, 30))
                db.session.commit()
                payer_id = payer.id
                tabs = [online.baslat(payer_id, [debt.id], clock.today(), donus) for _ in range(2)]
                forms = [banka_sayfasi(tab.yonlendirme_url) for tab in tabs]
                orders = {tab.odeme.id: tab.odeme.odeme_no for tab in tabs}
                db.session.commit()
            answers = _at_once(app, slug, forms)
            assert len(answers) == 2 and all(code < 500 for code in answers), answers
            with services.bound(slug):
                states = sorted(db.session.scalars(select(OnlineOdeme.durum).where(OnlineOdeme.id.in_(orders))))
                assert states == ["basarisiz", "odendi"]
                assert db.session.scalar(select(func.count()).select_from(Tahsilat)
                                         .where(Tahsilat.mukellef_id == payer_id)) == 1
                assert borc_service.acik_borclar(payer_id, clock.today()) == []
                assert borc_service.alacak_bakiyesi(payer_id) == 0
                charged = sorted(connectors.get("pos").status(order).paid for order in orders.values())
                assert charged == [False, True]  # the refused tab's card was never charged
                db.session.commit()
    finally:
        purge_tenant(slug)
