"""İK and Muhasebe together in ``alfa``: a closed payroll is posted in the same transaction
to the budget line (tertip) of the unit's kurumsal and fonksiyonel codes and the staff's
economic item; without an appropriation the payroll does not close and nothing is written."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik.models import Bordro
from modules.ik.services import bordro, personel
from modules.muhasebe.models import ButceKalemi, Fis, FisSatiri
from modules.muhasebe.services import butce, fis, odenek

from .conftest import ACTOR, ise_al


@pytest.fixture
def _without_accounting():
    """Muhasebe stays on here (overrides the package's autouse fixture)."""


@pytest.fixture
def birim(alfa):
    unit = personel.birim_ekle("46.06.97.01", "Zabıta Müdürlüğü", actor=ACTOR, fonksiyonel_kod="03.1.0.00")
    kadrolar = {tur: personel.kadro_ekle(unit.id, tur, "GİH" if tur == "memur" else "İşçi", f"{tur} unvanı",
                                         actor=ACTOR, derece=8 if tur == "memur" else None,
                                         ekonomik_kod="01.1.1.01" if tur == "memur" else "01.3.1.01")
                for tur in ("memur", "isci")}
    ise_al(kadrolar, "isci", "40000.00")
    ise_al(kadrolar, "memur")
    return unit


def _appropriate(economic: str, amount: str) -> ButceKalemi:
    row = butce.kalem_ac(2026, "46.06.97.01", "03.1.0.00", economic, f"Personel {economic}", actor="hazirlayan")
    draft = odenek.odenek_ver(row.id, Decimal(amount), date(2026, 1, 2), actor="hazirlayan")
    fis.onayla(draft.id, actor="onaylayan")
    return row


def _vouchers_of(run_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Fis).where(Fis.kaynak.like(f"%bordro:2026-01:{run_id}%")))


def test_a_closed_payroll_is_spent_from_its_budget_lines_in_the_same_transaction(birim):
    lines = [_appropriate(code, "10000000.00") for code in ("01.1", "01.3", "02.1", "02.3")]
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    assert _vouchers_of(run.id) == 1
    for row in lines:
        db.session.refresh(row)
    used = {row.ekonomik: row.kullanilan for row in lines}
    assert used["01.1"] > 0 and used["01.3"] > 0  # the wages
    assert used["02.1"] > 0 and used["02.3"] > 0  # the employer's premiums, from the 02 items
    assert sum(used.values()) == sum(
        db.session.scalars(select(FisSatiri.borc).join(Fis, Fis.id == FisSatiri.fis_id)
                           .where(Fis.kaynak.like(f"%bordro:2026-01:{run.id}%"), FisSatiri.hesap_kod.like("630%"))))


def test_without_an_appropriation_the_payroll_does_not_close(birim):
    _appropriate("01.3", "10000000.00")  # the memur's 01.1 and the 02 items have none
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    with pytest.raises(UserError) as refused, db.session.begin_nested():
        bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    assert "ödeneği yok" in str(refused.value)
    assert db.session.get(Bordro, run.id).durum == "hesaplandi" and _vouchers_of(run.id) == 0
