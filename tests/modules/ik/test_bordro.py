"""The monthly payroll run: one payslip per person, resumable, closed with the payroll
event, refusing changes once closed, corrected by a difference run; the bank file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from ebelediye import events, jobs
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.parameters import ParameterMissing
from modules.ik.models import Bordro, BordroSatiri
from modules.ik.services import bordro, personel
from tests.modules.ik.conftest import ACTOR, ise_al

D = Decimal


def _slips(run_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(BordroSatiri).where(BordroSatiri.bordro_id == run_id))


@pytest.fixture
def kadro(kadrolar):
    """Three staff: a worker on 40,000, a minimum-wage worker, a memur with a family."""
    people = [ise_al(kadrolar, "isci", "40000.00"), ise_al(kadrolar, "isci", "33030.00"),
              ise_al(kadrolar, "memur", es_yardimi=True, cocuk_0_6=1, hizmet_baslangic=date(2014, 1, 1))]
    return kadrolar, people


def _only_ours(people, run_id):
    ids = {p.id for p in people}
    return {s.personel_id: s for s, _p in bordro.satirlar(run_id) if s.personel_id in ids}


def test_a_run_gives_one_payslip_per_person_and_a_rerun_adds_none(kadro):
    _kadrolar, people = kadro
    run = bordro.baslat("2026-01", actor=ACTOR)
    assert run.job_id and db.session.get(jobs.JobRecord, run.job_id) is not None
    seen = []
    bordro.hesapla(run.id, progress=lambda done, total, msg: seen.append((done, total)))
    ours = _only_ours(people, run.id)
    assert len(ours) == 3
    assert ours[people[1].id].net == D("28075.50")  # RULES §7.1, 2026
    assert ours[people[0].id].brut == D("40000.00")
    assert seen[-1][0] == seen[-1][1] == run.kisi_sayisi
    count = _slips(run.id)
    bordro.hesapla(run.id)
    assert _slips(run.id) == count
    # the same month again resumes the same run, never a second one
    assert bordro.baslat("2026-01", actor=ACTOR).id == run.id


def test_a_run_that_dies_mid_way_resumes_without_doubling(kadro):
    _kadrolar, people = kadro

    class Killed(Exception):
        pass

    def die_after_first_chunk(done, total, message):
        raise Killed

    run = bordro.baslat("2026-02", actor=ACTOR)
    with pytest.raises(Killed):
        bordro.hesapla(run.id, progress=die_after_first_chunk, chunk=1)
    assert _slips(run.id) == 1  # the first chunk was committed
    assert db.session.get(Bordro, run.id).durum == "hesaplaniyor"
    bordro.hesapla(run.id, chunk=1)
    rows = db.session.execute(text("SELECT count(*), count(DISTINCT personel_id) FROM ik_bordro_satirlari "
                                   "WHERE bordro_id = :b"), {"b": run.id}).one()
    assert rows[0] == rows[1] == db.session.get(Bordro, run.id).kisi_sayisi
    assert len(_only_ours(people, run.id)) == 3


def test_closing_sends_the_payroll_event_whose_costs_equal_its_credits(kadro):
    _kadrolar, people = kadro
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    received = []
    with events.payroll_accrued.connected_to(lambda sender, event: received.append(event)):
        bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    (event,) = received
    costs = sum(line.amount for line in event.lines if line.kind in events.PAYROLL_COSTS)
    credits = sum(line.amount for line in event.lines if line.kind in events.PAYROLL_CREDITS)
    assert costs == credits > 0
    assert event.period == "2026-01" and event.reference == f"bordro:2026-01:{run.id}"
    assert sum(line.amount for line in event.lines if line.kind == "net") == run.toplam_net
    assert {line.economic_code for line in event.lines} >= {"01.1.1.01", "01.3.1.01"}


def test_a_closed_payroll_refuses_changes(kadro):
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    with pytest.raises(UserError):
        bordro.hesapla(run.id)
    with pytest.raises(UserError) as caught:
        bordro.baslat("2026-01", actor=ACTOR)
    assert caught.value.status == 409
    with pytest.raises(UserError):
        bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    # and the payslips are append-only in the database, whatever the code does
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.execute(text("UPDATE ik_bordro_satirlari SET net = 0 WHERE bordro_id = :b"), {"b": run.id})


def test_a_difference_run_corrects_a_closed_payroll(kadro):
    kadrolar, people = kadro
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    worker = people[0]
    # a raise from January was decided late: 40,000 → 45,000
    old = personel.acik_atama(worker.id)
    db.session.execute(text("UPDATE ik_atamalar SET brut_ucret = 45000 WHERE id = :a"), {"a": old.id})
    fark = bordro.fark_baslat(run.id, actor=ACTOR, aciklama="Ocak zammı")
    bordro.hesapla(fark.id)
    rows = _only_ours(people, fark.id)
    assert list(rows) == [worker.id]  # only who changed
    diff = rows[worker.id]
    assert diff.brut == D("5000.00") and diff.sgk_isci == D("700.00")
    original = _only_ours(people, run.id)[worker.id]
    assert original.net + diff.net == bordro.kisi_hesabi(worker, old, "2026-01", D(0))[0].net
    received = []
    with events.payroll_accrued.connected_to(lambda sender, event: received.append(event)):
        bordro.kapat(fark.id, date(2026, 2, 5), actor=ACTOR)
    assert received[0].reference.startswith("fark:2026-01:")
    # February's cumulative base includes the corrected January
    feb = bordro.baslat("2026-02", actor=ACTOR)
    bordro.hesapla(feb.id)
    feb_row = _only_ours(people, feb.id)[worker.id]
    assert feb_row.kumulatif_matrah == original.gv_matrahi + diff.gv_matrahi + feb_row.gv_matrahi


def test_a_difference_run_needs_a_closed_payroll(kadro):
    run = bordro.baslat("2026-01", actor=ACTOR)
    with pytest.raises(UserError):
        bordro.fark_baslat(run.id, actor=ACTOR)


def test_the_bank_file_lists_every_net_with_its_iban(kadro):
    _kadrolar, people = kadro
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    with pytest.raises(UserError):
        bordro.banka_dosyasi(run.id)  # not before it is closed
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    lines = bordro.banka_dosyasi(run.id).splitlines()
    assert lines[0].startswith("sicil_no;tckn;ad_soyad;iban;tutar")
    assert len(lines) == 1 + run.kisi_sayisi
    assert any(line.startswith(people[1].sicil_no) and ";28075,50;" in line for line in lines)
    paid = []
    with events.payroll_paid.connected_to(lambda sender, event: paid.append(event)):
        bordro.odendi(run.id, date(2026, 2, 1), actor=ACTOR)
    assert sum(line.amount for line in paid[0].lines) == run.toplam_net and paid[0].channel == "banka"


@pytest.mark.parametrize("donem", ["2026-13", "2026/01", "abc", "1999-01"])
def test_a_bad_period_is_refused(alfa, donem):
    with pytest.raises(UserError) as caught:
        bordro.baslat(donem, actor=ACTOR)
    assert "donem" in caught.value.field_messages()
    assert db.session.scalar(select(func.count()).select_from(Bordro).where(Bordro.donem == donem)) == 0


def test_a_month_no_parameter_covers_is_refused_before_anything_is_queued(alfa):
    with pytest.raises(ParameterMissing):
        bordro.baslat("2024-05", actor=ACTOR)
    assert db.session.scalar(select(func.count()).select_from(Bordro).where(Bordro.donem == "2024-05")) == 0


def test_the_job_runs_the_payroll_for_a_starter_with_the_permission(kadro):
    user = StaffUser(email="tahakkuk@alfa.bel.tr", full_name="Tahakkuk", is_tenant_admin=True)
    db.session.add(user)
    db.session.flush()
    run = bordro.baslat("2026-03", actor=f"staff:{user.id}")
    job_id = run.job_id
    db.session.commit()
    result = jobs.execute(db.session.get(jobs.JobRecord, job_id))
    assert result["donem"] == "2026-03" and result["kisi"] >= 3


def test_the_monthly_premium_declaration_goes_to_sgk_once_from_a_closed_run(kadro):
    _kadrolar, people = kadro
    run = bordro.baslat("2026-09", actor=ACTOR)
    bordro.hesapla(run.id)
    with pytest.raises(UserError):
        bordro.aphb_gonder(run.id, actor=ACTOR)  # not before it is closed
    bordro.kapat(run.id, date(2026, 9, 30), actor=ACTOR)
    bordro.aphb_gonder(run.id, actor=ACTOR)
    assert run.aphb_referans.startswith("SGK-B-202609-")
    with pytest.raises(UserError):
        bordro.aphb_gonder(run.id, actor=ACTOR)  # once
