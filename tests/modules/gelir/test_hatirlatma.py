"""Due-date reminders: who is reminded of what, once per due date and channel, and the
three ways to opt out (the citizen on e-hizmet, the link in a reminder, staff)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from ebelediye.mail import OutboxMessage
from ebelediye.sms import SmsOutboxMessage, mobile_number
from modules.gelir import jobs as gelir_jobs
from modules.gelir import parametre
from modules.gelir.models import Hatirlatma, Mukellef, Tahakkuk
from modules.gelir.services import hatirlatma, tahsilat
from tenants import services
from tests.plugin import host, sign_in_citizen

from .conftest import MukellefFactory, new_tckn, staff_with

A = {"Host": host("alfa")}
TODAY = date(2026, 5, 24)
DUE = TODAY + timedelta(days=7)  # the default lead time


def debt(m: Mukellef, tutar: str, vade: date = DUE, kaynak: str = "t") -> Tahakkuk:
    row = Tahakkuk(mukellef_id=m.id, gelir_kodu="emlak_arsa", kaynak=f"{kaynak}:{m.id}:{tutar}", yil=vade.year,
                   taksit=1, surum=1, vade=vade, tutar=Decimal(tutar), olusturan="test")
    db.session.add(row)
    db.session.flush()
    return row


def outbox() -> tuple[list[OutboxMessage], list[SmsOutboxMessage]]:
    """The messages to the test's taxpayers (the tenant's own mail to its staff aside)."""
    return (list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address.like("%@example.com"))
                                    .order_by(OutboxMessage.id))),
            list(db.session.scalars(select(SmsOutboxMessage).order_by(SmsOutboxMessage.id))))


def test_mobile_numbers_are_read_as_the_gateways_take_them():
    for typed in ("0532 123 45 67", "+90 (532) 123-45-67", "5321234567", "905321234567"):
        assert mobile_number(typed) == "905321234567"
    for typed in ("0312 123 45 67", "12345", "", None, "0532 123 45 6"):  # a landline, too short
        assert mobile_number(typed) is None


def test_each_taxpayer_is_reminded_once_of_the_open_total_due_that_day():
    with services.bound("alfa"):
        both = MukellefFactory(ad="Ayşe", soyad="Yılmaz", eposta="ayse@example.com", telefon="0532 123 45 67")
        debt(both, "1000.00")
        debt(both, "250.50", kaynak="ikinci")
        mail_only = MukellefFactory(eposta="ali@example.com", telefon="0312 444 00 00")  # a landline: no SMS
        paid = debt(mail_only, "300.00")
        tahsilat.tahsil(mail_only.id, "100.00", "nakit", TODAY, actor="kasiyer", secili=[paid.id])
        nobody = MukellefFactory()  # no contact: nothing to send
        debt(nobody, "80.00")
        opted_out = MukellefFactory(eposta="istemiyor@example.com", hatirlatma_kapali_at=TODAY)
        debt(opted_out, "90.00")
        settled = MukellefFactory(eposta="odedi@example.com")
        row = debt(settled, "70.00")
        tahsilat.tahsil(settled.id, "70.00", "nakit", TODAY, actor="kasiyer", secili=[row.id])
        later = MukellefFactory(eposta="sonra@example.com")
        debt(later, "60.00", vade=DUE + timedelta(days=1))

        result = hatirlatma.gonder(TODAY, actor="test")
        assert (result.vade, result.eposta, result.sms, result.zaten) == (DUE, 2, 1, 0)
        mails, texts = outbox()
        assert [m.to_address for m in mails] == ["ayse@example.com", "ali@example.com"]
        assert "1.250,50 TL" in mails[0].body and "Sayın Ayşe Yılmaz" in mails[0].body
        assert f"{DUE:%d.%m.%Y}" in mails[0].subject
        assert "200,00 TL" in mails[1].body  # what is still open, not what was accrued
        assert [t.to_number for t in texts] == ["905321234567"] and "1.250,50 TL" in texts[0].body
        link = re.search(r"https?://alfa\.\S+/e-hizmet/hatirlatma/(\S+)", mails[0].body)
        assert link and hatirlatma.anahtar_coz(link.group(1)) == both.id

        again = hatirlatma.gonder(TODAY, actor="test")  # the rerun of the day sends nothing twice
        assert (again.eposta, again.sms, again.zaten) == (0, 0, 3)
        assert [len(x) for x in outbox()] == [2, 1]
        assert db.session.scalar(select(func.count()).select_from(Hatirlatma)) == 3
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "gelir.hatirlatma.gonder")) == 1


def test_the_lead_time_is_the_municipalitys_and_zero_sends_none():
    with services.bound("alfa"):
        m = MukellefFactory(eposta="x@example.com")
        debt(m, "10.00", vade=TODAY + timedelta(days=3))
        parametre.ayarlar().hatirlatma_gun = 3
        assert hatirlatma.gonder(TODAY, actor="test").eposta == 1
        parametre.ayarlar().hatirlatma_gun = 0
        assert hatirlatma.gonder(TODAY + timedelta(days=1), actor="test").vade is None


def test_the_job_runs_the_day_given(monkeypatch):
    with services.bound("alfa"):
        m = MukellefFactory(eposta="is@example.com")
        debt(m, "10.00")
        assert gelir_jobs.hatirlat(TODAY.isoformat()) == {"vade": DUE.isoformat(), "eposta": 1, "sms": 0, "zaten": 0}


def test_a_link_of_another_tenant_or_a_forged_one_does_nothing(client):
    with services.bound("beta"):
        foreign = hatirlatma.iptal_anahtari(MukellefFactory().id)
        db.session.commit()
    assert client.get(f"/e-hizmet/hatirlatma/{foreign}", headers=A).status_code == 404
    assert client.post(f"/e-hizmet/hatirlatma/{foreign}", headers=A).status_code == 404
    assert client.get("/e-hizmet/hatirlatma/sahte.imza", headers=A).status_code == 404
    assert client.get("/e-hizmet/hatirlatma/" + "x" * 300, headers=A).status_code == 404


def test_the_link_in_a_reminder_opts_out_after_a_click_not_on_the_visit(client):
    with services.bound("alfa"):
        m = MukellefFactory(ad="Ayşe", soyad="Yılmaz", eposta="a@example.com")
        token = hatirlatma.iptal_anahtari(m.id)
        mid = m.id
        db.session.commit()
    page = client.get(f"/e-hizmet/hatirlatma/{token}", headers=A)
    assert page.status_code == 200 and "Ay** Yı****" in page.get_data(as_text=True)
    with services.bound("alfa"):
        assert db.session.get(Mukellef, mid).hatirlatma_kapali_at is None  # a mail scanner's visit changes nothing
    done = client.post(f"/e-hizmet/hatirlatma/{token}", headers=A)
    assert done.status_code == 200 and "hatırlatma gönderilmeyecek" in done.get_data(as_text=True)
    with services.bound("alfa"):
        row = db.session.get(Mukellef, mid)
        assert row.hatirlatma_kapali_at is not None and row.hatirlatma_kapatan == "baglanti"
        assert db.session.scalar(select(AuditEntry.realm).where(AuditEntry.action == "gelir.hatirlatma.kapat",
                                                                AuditEntry.object_id == str(mid))) == "citizen"


def test_the_citizen_turns_reminders_off_and_on_under_borclarim(client):
    tckn = new_tckn()
    with services.bound("alfa"):
        m = MukellefFactory(tckn=tckn, eposta="v@example.com")
        debt(m, "10.00")
        mid = m.id
        db.session.commit()
    sign_in_citizen(client, "alfa", tckn)
    page = client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    assert "Hatırlatmaları kapat" in page
    assert client.post("/e-hizmet/hatirlatmalar", data={"istiyorum": "0"}, headers=A).status_code == 302
    with services.bound("alfa"):
        assert db.session.get(Mukellef, mid).hatirlatma_kapatan == "vatandas"
    assert "Hatırlatmaları aç" in client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    client.post("/e-hizmet/hatirlatmalar", data={"istiyorum": "1"}, headers=A)
    with services.bound("alfa"):
        assert db.session.get(Mukellef, mid).hatirlatma_kapali_at is None
        assert [e.action for e in db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_id == str(mid), AuditEntry.action.like("gelir.hatirlatma.%")).order_by(AuditEntry.id))] \
            == ["gelir.hatirlatma.kapat", "gelir.hatirlatma.ac"]


def test_staff_record_the_wish_and_the_settings_take_the_lead_time(client):
    with services.bound("alfa"):
        mid = MukellefFactory(eposta="s@example.com").id
        db.session.commit()
    staff_with(client, "alfa", "gelir.mukellef.goruntule")
    assert client.post(f"/gelir/mukellefler/{mid}/hatirlatma", data={"istiyorum": "0"}, headers=A).status_code == 403
    staff_with(client, "alfa", "gelir.mukellef.goruntule", "gelir.mukellef.yonet", "gelir.tarife.yonet")
    assert "Son ödeme günü hatırlatmaları" in client.get(f"/gelir/mukellefler/{mid}", headers=A).get_data(as_text=True)
    assert client.post(f"/gelir/mukellefler/{mid}/hatirlatma", data={"istiyorum": "0"}, headers=A).status_code == 302
    with services.bound("alfa"):
        row = db.session.get(Mukellef, mid)
        assert row.hatirlatma_kapali_at is not None and "@" in row.hatirlatma_kapatan  # the staff member
    settings = {"il": "Ankara", "ilce": "Çankaya", "makbuz_on_eki": "M"}
    bad = client.post("/gelir/tarifeler/ayarlar", data={**settings, "hatirlatma_gun": "99"}, headers=A)
    assert bad.status_code == 422 and "0 ile 60 arasında" in bad.get_data(as_text=True)
    assert client.post("/gelir/tarifeler/ayarlar", data={**settings, "hatirlatma_gun": "3"},
                       headers=A).status_code == 302
    with services.bound("alfa"):
        assert parametre.ayarlar().hatirlatma_gun == 3


def test_the_daily_command_enqueues_the_job_and_refuses_bad_input(app):
    from ebelediye.jobs import JobRecord

    runner = app.test_cli_runner()
    assert runner.invoke(args=["gelir", "hatirlat", "--belediye", "alfa", "--gun", "2026-13-40"]).exit_code == 2
    unknown = runner.invoke(args=["gelir", "hatirlat", "--belediye", "yok"])
    assert unknown.exit_code == 1 and "Gelir modülü etkin bir 'yok' belediyesi yok" in unknown.output
    done = runner.invoke(args=["gelir", "hatirlat", "--belediye", "alfa", "--gun", TODAY.isoformat()])
    assert done.exit_code == 0 and "Hatırlatmalar kuyruğa kondu" in done.output
    record = db.session.scalars(select(JobRecord).where(JobRecord.func_path == "modules.gelir.jobs:hatirlat")).one()
    assert record.tenant_slug == "alfa" and record.args == [TODAY.isoformat()]


def test_an_installment_of_a_tecil_plan_is_reminded_whole_once():
    """The plan of test_tecil's worked example: installment 1 is 5,532.50 TL due 02.03.2026."""
    from modules.gelir.services import tecil

    from .conftest import borc

    with services.bound("alfa"):
        m = MukellefFactory(eposta="plan@example.com")
        debt = borc(m, "10000.00", date(2025, 11, 30))
        tecil.onayla(m.id, [debt.id], 2, date(2026, 2, 1), bugun=date(2026, 2, 1), actor="memur@alfa")
        result = hatirlatma.gonder(date(2026, 3, 2) - timedelta(days=7), actor="test")
        assert (result.vade, result.eposta) == (date(2026, 3, 2), 1)
        [mail] = outbox()[0]
        assert "1 borç kaleminizin" in mail.body and "5.532,50 TL" in mail.body


def test_a_day_sent_in_chunks_reminds_everyone_once(monkeypatch):
    monkeypatch.setattr(hatirlatma, "PARCA", 2)
    with services.bound("alfa"):
        for i in range(5):
            debt(MukellefFactory(eposta=f"parca{i}@example.com"), "10.00", kaynak=f"p{i}")
        first = hatirlatma.gonder(TODAY, actor="test")
        again = hatirlatma.gonder(TODAY, actor="test")
        assert (first.eposta, again.eposta, again.zaten) == (5, 0, 5)
        assert len(outbox()[0]) == 5
