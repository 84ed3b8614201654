"""Online card payments: exactly once however the bank's callbacks arrive; forged or
tampered callbacks change nothing; a debt paid elsewhere is not charged twice."""

import uuid
from decimal import Decimal

import pytest

from ebelediye import clock, connectors, events, jobs
from ebelediye.connectors import signing as sig
from ebelediye.connectors.mock.bank import CALLBACK_FIELDS, merchant_key
from ebelediye.extensions import db
from modules.gelir.models import Iade, OnlineOdeme
from modules.gelir.services import GelirError, online, tahsilat
from modules.gelir.services import borc as borc_service
from tenants import services

from .online_helpers import RED_KARTI, banka_sayfasi, baslat, borclu, denetim, tahsilat_sayisi


def test_the_amount_is_computed_here_and_fixed_with_the_choice():
    with services.bound("alfa"):
        m, (first, second) = borclu(None, "1000.00", "250.00")
        open_now = {d.tahakkuk_id: d.toplam for d in borc_service.acik_borclar(m.id, clock.today())}
        started = baslat(m, [first])
        odeme = started.odeme
        assert odeme.tutar == open_now[first.id] > Decimal("1000.00")  # with today's late fee
        assert odeme.secim == [{"tahakkuk_id": first.id, "tutar": str(open_now[first.id])}]
        assert odeme.siparis_no.startswith(f"alfa-{odeme.id}-") and odeme.odeme_no
        assert "/pos/3d/" in started.yonlendirme_url
        assert denetim("gelir.online.baslat")


def test_a_debt_that_is_not_open_or_not_his_cannot_be_chosen():
    with services.bound("alfa"):
        m, _ = borclu()
        other, (not_his,) = borclu()
        for bad in ([], [not_his.id], [987654]):
            with pytest.raises(GelirError):
                online.baslat(m.id, bad, clock.today(), "https://alfa.ebelediye.test/x")
        assert db.session.query(OnlineOdeme).filter_by(mukellef_id=m.id).count() == 0


def test_the_same_callback_three_times_pays_once():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        fields = banka_sayfasi(started.yonlendirme_url)
        results = [online.geri_cagrim(dict(fields)) for _ in range(3)]
        assert [r.durum for r in results] == ["odendi"] * 3
        odeme = db.session.get(OnlineOdeme, started.odeme.id)
        assert odeme.geri_cagrim_sayisi == 3 and odeme.tahsilat_id is not None
        assert tahsilat_sayisi(m.id) == 1
        assert borc_service.acik_borclar(m.id, clock.today()) == []
        receipt = tahsilat.makbuz(odeme.tahsilat_id)
        assert receipt.kanal == "online" and receipt.tutar == odeme.tutar and receipt.online_odeme_id == odeme.id


def test_a_failure_after_a_success_changes_nothing():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        ok = banka_sayfasi(started.yonlendirme_url)
        failed = banka_sayfasi(started.yonlendirme_url, sms="000000")  # 3-D Secure failed, genuinely signed
        assert online.geri_cagrim(ok).durum == "odendi"
        assert online.geri_cagrim(failed).durum == "odendi"
        assert tahsilat_sayisi(m.id) == 1


def test_a_success_after_a_failure_does_not_charge():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        failed = banka_sayfasi(started.yonlendirme_url, sms="000000")
        ok = banka_sayfasi(started.yonlendirme_url)
        first = online.geri_cagrim(failed)
        assert first.durum == "basarisiz" and "çekim yapılmadı" in first.mesaj
        assert online.geri_cagrim(ok).durum == "basarisiz"
        assert tahsilat_sayisi(m.id) == 0
        assert connectors.get("pos").status(started.odeme.odeme_no).durum == "reddedildi"  # the bank agrees


def test_a_declined_card_is_a_failure_with_the_reason():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        result = online.geri_cagrim(banka_sayfasi(started.yonlendirme_url, kart=RED_KARTI))
        assert result.durum == "basarisiz" and "yetersiz bakiye" in result.mesaj
        assert tahsilat_sayisi(m.id) == 0 and borc_service.acik_borclar(m.id, clock.today())


def _unchanged(odeme_id: int) -> None:
    odeme = db.session.get(OnlineOdeme, odeme_id)
    db.session.refresh(odeme)
    assert odeme.durum == "baslatildi" and odeme.geri_cagrim_sayisi == 0 and odeme.tahsilat_id is None


def test_a_forged_signature_changes_nothing_and_is_audited():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        fields = banka_sayfasi(started.yonlendirme_url)
        forged = dict(fields, hash=sig.fields_signature(merchant_key("not-the-bank", "alfa"), fields, CALLBACK_FIELDS))
        result = online.geri_cagrim(forged)
        assert result.durum == "dogrulanamadi" and result.odeme is None
        _unchanged(started.odeme.id)
        assert tahsilat_sayisi(m.id) == 0
        rows = denetim("gelir.online.dogrulanamadi")
        assert rows and rows[-1].after["neden"] == "signature" and rows[-1].object_id == started.odeme.siparis_no
        # the genuine callback still works afterwards
        assert online.geri_cagrim(fields).durum == "odendi"


def test_a_tampered_amount_is_refused():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        fields = banka_sayfasi(started.yonlendirme_url)
        assert online.geri_cagrim(dict(fields, tutar="1.00")).durum == "dogrulanamadi"
        # re-signed with the right key but a different amount than we asked for: refused too
        cheaper = dict(fields, tutar="1.00")
        secret = connectors.get("pos").settings.pos_secret
        cheaper["hash"] = sig.fields_signature(merchant_key(secret, "alfa"), cheaper, CALLBACK_FIELDS)
        result = online.geri_cagrim(cheaper)
        assert result.durum == "dogrulanamadi" and "tutar" in result.mesaj.lower()
        _unchanged(started.odeme.id)
        assert [r.after["neden"] for r in denetim("gelir.online.dogrulanamadi")] == ["signature", "amount"]


def test_another_municipalitys_signature_is_refused():
    with services.bound("beta"):
        m_beta, debts_beta = borclu()
        beta_fields = banka_sayfasi(baslat(m_beta, debts_beta).yonlendirme_url)
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        # beta's genuine callback, pointed at alfa's order: beta's key does not verify in alfa
        result = online.geri_cagrim(dict(beta_fields, siparis_no=started.odeme.siparis_no))
        assert result.durum == "dogrulanamadi"
        _unchanged(started.odeme.id)
        # and a callback for an order alfa does not have is refused without touching anything
        assert online.geri_cagrim(beta_fields).durum == "dogrulanamadi"
        assert tahsilat_sayisi(m.id) == 0


def test_two_tabs_paying_the_same_debt_apply_once():
    with services.bound("alfa"):
        m, debts = borclu()
        tab1, tab2 = baslat(m, debts), baslat(m, debts)
        f1, f2 = banka_sayfasi(tab1.yonlendirme_url), banka_sayfasi(tab2.yonlendirme_url)
        assert online.geri_cagrim(f2).durum == "odendi"
        refused = online.geri_cagrim(f1)
        assert refused.durum == "basarisiz" and refused.mesaj == online.KAPANDI
        assert tahsilat_sayisi(m.id) == 1 and borc_service.alacak_bakiyesi(m.id) == 0
        # the refused tab's card was never charged
        assert not connectors.get("pos").status(tab1.odeme.odeme_no).paid


def test_a_cashier_paying_first_means_the_card_is_not_charged():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        fields = banka_sayfasi(started.yonlendirme_url)
        tahsilat.tahsil(m.id, started.odeme.tutar, "nakit", clock.today(), actor="kasiyer@alfa")
        assert online.geri_cagrim(fields).durum == "basarisiz"
        assert tahsilat_sayisi(m.id) == 1


def test_reconciliation_settles_a_payment_whose_callback_never_came_exactly_once():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        m_id, odeme_id = m.id, started.odeme.id
        fields = banka_sayfasi(started.yonlendirme_url)
        pos = connectors.get("pos")
        # the bank charged, and our process died before it recorded anything
        pos.confirm_callback(fields, siparis_no=started.odeme.siparis_no, tutar=started.odeme.tutar)
        db.session.commit()  # the request that started the payment ended
    record = jobs.create_record("alfa", "modules.gelir.jobs:uzlastir", None, 0)
    db.session.commit()
    result = jobs.execute(record)
    assert result["sonuclar"] == {"odendi": 1}
    with services.bound("alfa"):
        assert tahsilat_sayisi(m_id) == 1
        # the late callback and a second run change nothing
        assert online.geri_cagrim(fields).durum == "odendi"
        from modules.gelir.jobs import uzlastir

        assert uzlastir(None, 0)["incelenen"] == 0
        assert tahsilat_sayisi(m_id) == 1
        assert db.session.get(OnlineOdeme, odeme_id).geri_cagrim_sayisi == 1


def test_reconciliation_refunds_a_charge_for_debts_paid_meanwhile():
    with services.bound("alfa"):
        m, debts = borclu()
        started = baslat(m, debts)
        fields = banka_sayfasi(started.yonlendirme_url)
        pos = connectors.get("pos")
        pos.confirm_callback(fields, siparis_no=started.odeme.siparis_no, tutar=started.odeme.tutar)
        tahsilat.tahsil(m.id, started.odeme.tutar, "nakit", clock.today(), actor="kasiyer@alfa")  # then the cashier
        from modules.gelir.jobs import uzlastir

        refunded = []
        def keep(sender, event):
            refunded.append(event)

        events.revenue_refunded.connect(keep, weak=False)
        try:
            assert uzlastir(None, 0)["sonuclar"] == {"iade_edildi": 1}
        finally:  # only this test's receiver: the registry's are connected once per process
            events.revenue_refunded.disconnect(keep)
        assert [(e.channel, e.total) for e in refunded] == [("pos", started.odeme.tutar)]  # for accounting
        odeme = db.session.get(OnlineOdeme, started.odeme.id)
        assert odeme.durum == "iade_edildi" and odeme.tahsilat_id
        refund = db.session.query(Iade).filter_by(mukellef_id=m.id).one()
        assert refund.tutar == odeme.tutar and refund.odeme_sekli == "kart" and refund.banka_iade_no
        assert borc_service.alacak_bakiyesi(m.id) == 0  # received and given back
        assert pos.status(odeme.odeme_no).durum == "iade_edildi"
        assert denetim("gelir.online.iade")
        assert uzlastir(None, 0)["incelenen"] == 0  # nothing left to do


def test_reconciliation_fails_abandoned_and_declined_payments():
    with services.bound("alfa"):
        m, debts = borclu()
        abandoned = baslat(m, debts)  # the citizen closed the bank's page
        declined = baslat(m, debts)
        fields = banka_sayfasi(declined.yonlendirme_url, kart=RED_KARTI)
        pos = connectors.get("pos")
        pos.complete(pos.verify_callback(fields, siparis_no=declined.odeme.siparis_no, tutar=declined.odeme.tutar))
        from modules.gelir.jobs import uzlastir

        assert uzlastir(None, 0)["sonuclar"] == {"basarisiz": 1, "bekliyor": 1}
        assert uzlastir(None, 0, 0)["sonuclar"] == {"basarisiz": 1}  # past the abandon time
        assert db.session.get(OnlineOdeme, abandoned.odeme.id).durum == "basarisiz"
        assert tahsilat_sayisi(m.id) == 0


def test_the_cli_enqueues_the_reconciliation(app):
    from rq import SimpleWorker

    runner = app.test_cli_runner()
    result = runner.invoke(args=["gelir", "uzlastir", "--belediye", "alfa"])
    assert result.exit_code == 0, result.output
    [waiting] = jobs.queue("default").get_jobs()
    record = db.session.get(jobs.JobRecord, uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.tenant_slug, waiting.meta["tenant"]) == ("modules.gelir.jobs:uzlastir", "alfa", "alfa")
    assert SimpleWorker([jobs.queue("default")], connection=jobs.redis_connection()).work(burst=True)
    assert waiting.get_status(refresh=True) == "finished"
    # the job's own report: today's reconciliation, nothing waiting in alfa, the bank answered
    result = waiting.return_value()
    assert (result["gun"], result["incelenen"], result["banka_hatasi"]) == (clock.today().isoformat(), 0, 0)
    assert runner.invoke(args=["gelir", "uzlastir", "--belediye", "yok"]).exit_code != 0
    assert runner.invoke(args=["gelir", "uzlastir", "--belediye", "alfa", "--gun", "dün"]).exit_code != 0
