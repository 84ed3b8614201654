"""The module platform's second edition: declared receivers gated per tenant, ports, one
unit of work, one error shape, declared CLI groups."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from ebelediye import events, ports, uow
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.ports import FeeCharger, FeeRequest, PortUnavailable
from modules.gelir.models import Tahsilat
from modules.gelir.services import tahsilat
from tenants import services
from tests.fixtures.defter import handlers as defter
from tests.modules.gelir.conftest import MukellefFactory, borc

DAY = date(2026, 3, 2)


@pytest.fixture
def ledger_in_alfa():
    """The ledger enabled in alfa only (beta has never installed it)."""
    services.enable_module("alfa", "defter", "test")
    defter.CALLS.clear()
    defter.FAIL["on"] = False
    yield
    defter.FAIL["on"] = False
    defter.CALLS.clear()


def _pay(slug: str, amount: str = "100.00") -> str:
    with services.bound(slug):
        payer = MukellefFactory()
        borc(payer, amount, date(2026, 5, 31))
        result = tahsilat.tahsil(payer.id, amount, "nakit", DAY, actor="test")
        number = result.tahsilat.makbuz_no
        db.session.commit()
    return number


def _ledger_rows(slug: str) -> list[tuple[str, Decimal]]:
    with services.bound(slug):
        rows = db.session.execute(text("SELECT referans, tutar FROM defter_satirlari ORDER BY id")).all()
        db.session.commit()
    return [tuple(r) for r in rows]


def test_a_receiver_runs_only_in_tenants_that_enabled_its_module(ledger_in_alfa):
    alfa_receipt = _pay("alfa")
    _pay("beta")  # beta has no ledger table at all: reaching the receiver there would fail
    assert defter.CALLS == ["alfa"]
    assert _ledger_rows("alfa") == [(f"makbuz:{alfa_receipt}", Decimal("100.00"))]


def test_the_receiver_writes_in_the_senders_transaction(ledger_in_alfa):
    with services.bound("alfa"):
        payer = MukellefFactory()
        borc(payer, "40.00", date(2026, 5, 31))
        step = uow.savepoint()
        tahsilat.tahsil(payer.id, "40.00", "nakit", DAY, actor="test")
        assert db.session.execute(text("SELECT count(*) FROM defter_satirlari")).scalar_one() == 1
        step.rollback()  # the collection goes, and so does its posting
        assert db.session.execute(text("SELECT count(*) FROM defter_satirlari")).scalar_one() == 0
        db.session.rollback()


def test_a_raising_receiver_rolls_back_that_tenants_collection_and_only_its(ledger_in_alfa):
    defter.FAIL["on"] = True
    with services.bound("alfa"):
        payer = MukellefFactory()
        borc(payer, "75.00", date(2026, 5, 31))
        alfa_payer = payer.id
        db.session.commit()
    with services.bound("alfa"):
        before = db.session.scalar(select(db.func.count()).select_from(Tahsilat))
        db.session.commit()
    with pytest.raises(RuntimeError, match="defter"):
        with services.bound("alfa"), uow.unit_of_work():
            tahsilat.tahsil(alfa_payer, "75.00", "nakit", DAY, actor="test")
    with services.bound("alfa"):
        assert db.session.scalar(select(db.func.count()).select_from(Tahsilat)) == before
        db.session.commit()
    # beta, where the ledger is not enabled, keeps taking payments
    assert _pay("beta", "12.00")
    assert defter.CALLS == ["alfa"]


def test_signals_know_nothing_of_modules_a_receiver_is_connected_once_per_process(app):
    receivers = [r for r in events.revenue_collected.receivers.values()
                 if getattr(r, "module", None) == "defter"]
    assert len(receivers) == 1
    from ebelediye.app import create_app
    from tests.plugin import app_config

    create_app(app_config())  # a second app in the process does not connect it again
    receivers = [r for r in events.revenue_collected.receivers.values()
                 if getattr(r, "module", None) == "defter"]
    assert len(receivers) == 1


# --- ports -------------------------------------------------------------------------------

def test_a_port_resolves_where_its_provider_is_enabled_and_is_unavailable_elsewhere():
    with services.bound("alfa"):
        fees = ports.resolve(FeeCharger)
        assert isinstance(fees, FeeCharger)
        assert ports.available(FeeCharger)
        db.session.commit()
    services.disable_module("beta", "gelir", "test")
    with services.bound("beta"):
        assert not ports.available(FeeCharger)
        with pytest.raises(PortUnavailable) as refused:
            ports.resolve(FeeCharger)
        assert refused.value.providers == ("gelir",) and refused.value.status == 409
        assert "gelir" in str(refused.value.message)
        db.session.commit()


def test_gelir_charges_a_fee_once_per_reference_and_reports_it_paid():
    from tests.modules.gelir.conftest import new_tckn

    paid: list[events.FeeEvent] = []

    def listen(sender, event):
        paid.append(event)

    events.fee_paid.connect(listen)
    try:
        with services.bound("alfa"):
            fees = ports.resolve(FeeCharger)
            payer = MukellefFactory(tckn=new_tckn())
            request = FeeRequest(reference="test:nikah:1", identity_number=payer.tckn, tariff_code="nikah.test",
                                 on=DAY, actor="test", amount=Decimal("4000.00"), description="Nikah ücreti")
            charge = fees.charge(request)
            assert (charge.state, charge.amount, charge.due) == ("open", Decimal("4000.00"), DAY)
            assert fees.charge(request).debt_id == charge.debt_id  # idempotent per reference
            tahsilat.tahsil(payer.id, "1000.00", "nakit", DAY, actor="test")
            assert fees.status("test:nikah:1").state == "open" and paid == []
            tahsilat.tahsil(payer.id, "3000.00", "nakit", DAY, actor="test")
            status = fees.status("test:nikah:1")
            assert (status.state, status.paid_amount, status.paid_on) == ("paid", Decimal("4000.00"), DAY)
            assert [(e.reference, e.amount) for e in paid] == [("test:nikah:1", Decimal("3000.00"))]
            assert fees.status("test:yok") is None
            db.session.commit()
    finally:
        events.fee_paid.disconnect(listen)


def test_an_unpaid_fee_is_cancelled_by_reversal():
    with services.bound("alfa"):
        fees = ports.resolve(FeeCharger)
        payer = MukellefFactory()
        fees.charge(FeeRequest(reference="test:nikah:2", identity_number=payer.tckn, tariff_code="nikah.test",
                               on=DAY, actor="test", amount=Decimal("500")))
        assert fees.cancel("test:nikah:2", "Başvuru geri çekildi", actor="test").state == "cancelled"
        db.session.commit()


# --- unit of work -------------------------------------------------------------------------

def test_the_outermost_unit_commits_once_and_a_nested_one_joins_it():
    committed = []
    with services.bound("alfa"):
        with uow.unit_of_work() as outer:
            uow.after_commit(lambda: committed.append("outer"))
            with uow.unit_of_work() as inner:
                assert inner is outer
                uow.after_commit(lambda: committed.append("inner"))
            assert committed == []  # the inner unit did not commit
        assert committed == ["outer", "inner"]


def test_follow_ups_wait_for_the_commit_not_for_a_released_savepoint():
    """SQLAlchemy calls after_commit for a released savepoint as well; a follow-up (a queued
    job, a mail, a cache bump) must not run before the data is durable."""
    committed = []
    with services.bound("alfa"):
        with uow.unit_of_work():
            MukellefFactory(ad="Kalici")
            uow.after_commit(lambda: committed.append("after"))
            with uow.savepoint():
                MukellefFactory(ad="Adim")
            assert committed == []  # the savepoint's release is not the commit
        assert committed == ["after"]


def test_a_unit_that_raises_rolls_back_and_drops_its_follow_ups():
    followed = []
    with services.bound("alfa"):
        with pytest.raises(UserError):
            with uow.unit_of_work():
                MukellefFactory(ad="Geri")
                uow.after_commit(lambda: followed.append(1))
                raise UserError("hayır")
        assert db.session.execute(text("SELECT count(*) FROM mukellefler WHERE ad = 'Geri'")).scalar_one() == 0
        db.session.commit()
    assert followed == []


def test_a_savepoint_undoes_only_its_own_step():
    with services.bound("alfa"):
        with uow.unit_of_work():
            MukellefFactory(ad="Kalan")
            with pytest.raises(UserError):
                with uow.savepoint():
                    MukellefFactory(ad="Giden")
                    raise UserError("bu adım olmadı")
        names = set(db.session.scalars(text("SELECT ad FROM mukellefler WHERE ad IN ('Kalan', 'Giden')")))
        db.session.commit()
    assert names == {"Kalan"}


def test_a_commit_inside_an_open_unit_is_refused_when_strict(app, monkeypatch):
    monkeypatch.setitem(app.config, "UOW_STRICT", True)
    with services.bound("alfa"):
        with pytest.raises(uow.ServiceCommitted):
            with uow.unit_of_work():
                db.session.commit()


def test_a_savepoint_that_succeeds_is_not_a_commit(app, monkeypatch):
    monkeypatch.setitem(app.config, "UOW_STRICT", True)
    with services.bound("alfa"):
        with uow.unit_of_work():
            with uow.savepoint():
                MukellefFactory(ad="Kalan")
        assert db.session.scalar(text("SELECT count(*) FROM mukellefler WHERE ad = 'Kalan'")) == 1


def test_the_suite_runs_strict(app):
    """Every test runs with UOW_STRICT: a service that commits inside a request, a CLI
    command or a job fails the suite (ebelediye/config.py TestingConfig)."""
    assert app.config["UOW_STRICT"] is True


# --- CLI hooks ------------------------------------------------------------------------------

def test_a_module_cli_group_is_mounted_and_a_user_error_exits_2(app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["defter", "yaz", "12,50"])
    assert ok.exit_code == 0 and "yazıldı: 12,50" in ok.output
    refused = runner.invoke(args=["defter", "yaz", "--", "-1"])
    assert refused.exit_code == 2
    assert "Tutar negatif olamaz." in refused.output and "Sıfırdan büyük" in refused.output


def test_what_a_refusal_must_leave_behind_survives_the_rollback():
    from ebelediye import audit

    with services.bound("alfa"):
        with pytest.raises(UserError):
            with uow.unit_of_work():
                MukellefFactory(ad="Reddedilen")
                uow.after_rollback(lambda: audit.record("test.reddedildi", actor="test", object_type="deneme"))
                raise UserError("geri çevrildi")
        assert db.session.execute(text("SELECT count(*) FROM mukellefler WHERE ad = 'Reddedilen'")).scalar() == 0
        assert db.session.execute(text("SELECT count(*) FROM audit_entries WHERE action = 'test.reddedildi'")).scalar() == 1
        with uow.unit_of_work():  # a unit that commits drops its after-rollback work
            uow.after_rollback(lambda: audit.record("test.hic", actor="test"))
        assert db.session.execute(text("SELECT count(*) FROM audit_entries WHERE action = 'test.hic'")).scalar() == 0
        db.session.commit()
