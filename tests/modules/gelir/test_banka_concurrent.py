"""A bank sending the same payment twice at the same moment (a timeout on its side, a
retry on another of its servers): two server threads with their own connections, one
receipt."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir.models import BankaTahsilati, Tahsilat
from modules.gelir.services import banka as service
from modules.gelir.services import borc as borc_service
from tenants import services
from tests.plugin import host, purge_tenant

from .conftest import MukellefFactory, at_once, borc


def _post(headers: dict):
    def post(client, body: dict) -> tuple[int, dict]:
        answer = client.post("/api/v1/gelir/banka/odemeler", json=body, headers=headers)
        return answer.status_code, answer.get_json()

    return post


@pytest.mark.committed
def test_the_same_payment_sent_twice_at_once_is_applied_once(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Banka", modules=["gelir"]), "test")
        services.provision(slug, "test")
        with services.bound(slug):
            bank = service.olustur("0010", "Ziraat Bankası", "102", "", actor="yonetici@test")
            headers = {"Host": host(slug), "Authorization": f"Bearer {service.anahtar_ver(bank.id, 'x', actor='t')}"}
            db.session.commit()
        for round_ in range(3):  # the race is real, so it runs a few times, each on a fresh debt
            with services.bound(slug):
                payer = MukellefFactory()
                debt = borc(payer, "1000.00", date(2025, 11, 30))
                db.session.commit()
                payer_id, total = payer.id, borc_service.acik_borclar(payer.id, clock.today())[0].toplam
                body = {"banka_referans": f"E-{round_}", "mukellef_no": payer_id, "tahakkuk_idleri": [debt.id],
                        "tutar": f"{total:.2f}"}
                db.session.commit()
            answers = at_once(app, _post(headers), [body, body])
            assert sorted(code for code, _ in answers) == [200, 201], answers
            assert answers[0][1]["makbuz_no"] == answers[1][1]["makbuz_no"]
            with services.bound(slug):
                assert db.session.scalar(select(func.count()).select_from(Tahsilat)
                                         .where(Tahsilat.mukellef_id == payer_id)) == 1
                assert db.session.scalar(select(func.count()).select_from(BankaTahsilati)
                                         .where(BankaTahsilati.referans == f"E-{round_}")) == 1
                assert borc_service.acik_borclar(payer_id, clock.today()) == []
                db.session.commit()
    finally:
        purge_tenant(slug)
