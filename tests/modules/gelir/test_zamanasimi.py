"""Tahsil zamanaşımı (6183 m.102–103): the period of each debt from the acts the module
records, and the year-end list staff review.  Every day is given (a dated fixture): the
services take the day as an argument, so nothing depends on the machine's clock."""

import uuid
from datetime import date
from decimal import Decimal

import pytest

from ebelediye.extensions import db
from modules.gelir.models import OdemeEmri, ZamanasimiKalemi
from modules.gelir.services import GelirError, tahsilat, tecil, zamanasimi
from tenants import services

from .conftest import MukellefFactory, borc

VADE = date(2019, 11, 30)  # the second emlak installment of 2019


def _emir(m, debt, teblig: date, durum: str = "teblig_edildi") -> OdemeEmri:
    row = OdemeEmri(yil=teblig.year, sira=int(uuid.uuid4().int % 1_000_000_000), no=f"OE-T-{uuid.uuid4().hex[:10]}",
                    mukellef_id=m.id, duzenleme_tarihi=teblig, anapara=debt.tutar, gecikme=Decimal("0"),
                    durum=durum, teblig_tarihi=teblig, olusturan="test",
                    kalemler=[{"tahakkuk_id": debt.id, "gelir_adi": "Arsa Vergisi", "yil": debt.yil,
                               "taksit": debt.taksit, "vade": debt.vade.isoformat(), "anapara": str(debt.tutar),
                               "gecikme": "0"}])
    db.session.add(row)
    db.session.flush()
    return row


def test_the_period_starts_the_year_after_the_vade_year_or_after_the_last_act():
    plain = zamanasimi.sure(1, VADE, [])
    assert (plain.baslangic, plain.son_gun) == (date(2020, 1, 1), date(2024, 12, 31))  # m.102
    assert not plain.doldu_mu(date(2024, 12, 31)) and plain.doldu_mu(date(2025, 1, 1))
    cut = zamanasimi.sure(1, VADE, [(date(2021, 3, 5), "odeme"), (date(2022, 12, 31), "tecil")])
    assert (cut.kesilme_tarihi, cut.kesilme_nedeni) == (date(2022, 12, 31), "tecil")
    assert (cut.baslangic, cut.son_gun) == (date(2023, 1, 1), date(2027, 12, 31))  # m.103: from the next year
    same_year = zamanasimi.sure(1, VADE, [(date(2019, 12, 20), "odeme_emri")])
    assert same_year.son_gun == date(2024, 12, 31)  # an act in the vade year moves nothing


def test_each_interrupting_act_restarts_the_period():
    with services.bound("alfa"):
        m = MukellefFactory()
        plain = borc(m, "100.00", VADE)
        by_order = borc(m, "200.00", VADE)
        _emir(m, by_order, date(2020, 6, 1))
        cancelled_order = borc(m, "300.00", VADE)
        _emir(m, cancelled_order, date(2020, 6, 1), durum="iptal")  # upheld objection: no interruption [U]
        by_payment = borc(m, "1000.00", date(2019, 5, 31), taksit=1)
        tahsilat.tahsil(m.id, "10.00", "nakit", date(2021, 4, 1), actor="kasiyer", secili=[by_payment.id])
        reversed_payment = borc(m, "400.00", VADE, taksit=2, gelir_kodu="ctv_konut")
        taken = tahsilat.tahsil(m.id, "5.00", "nakit", date(2022, 4, 1), actor="kasiyer", secili=[reversed_payment.id])
        tahsilat.ters_kayit(taken.tahsilat.id, date(2022, 4, 1), actor="kasiyer")
        assert zamanasimi.borc_suresi(plain.id).son_gun == date(2024, 12, 31)
        assert zamanasimi.borc_suresi(by_order.id).son_gun == date(2025, 12, 31)
        assert zamanasimi.borc_suresi(cancelled_order.id).son_gun == date(2024, 12, 31)
        period = zamanasimi.borc_suresi(by_payment.id)  # the late fee accrued by that payment is paid first
        assert (period.kesilme_nedeni, period.son_gun) == ("odeme", date(2026, 12, 31))
        assert zamanasimi.borc_suresi(reversed_payment.id).son_gun == date(2024, 12, 31)


def test_tecil_interrupts():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", VADE)
        tecil.onayla(m.id, [debt.id], 2, date(2022, 3, 1), bugun=date(2022, 3, 1), actor="memur")
        period = zamanasimi.borc_suresi(debt.id)
        assert (period.kesilme_tarihi, period.kesilme_nedeni, period.son_gun) == \
            (date(2022, 3, 1), "tecil", date(2027, 12, 31))


def test_the_year_end_run_lists_only_lapsed_debts_once_and_writes_nothing_off():
    with services.bound("alfa"):
        m = MukellefFactory()
        lapsed = borc(m, "100.00", VADE)
        by_order = borc(m, "200.00", VADE)
        _emir(m, by_order, date(2020, 6, 1))
        next_year = borc(m, "50.00", date(2020, 5, 31))  # lapses at the end of 2025
        paid = borc(m, "70.00", VADE, gelir_kodu="ctv_konut")
        tahsilat.tahsil(m.id, "70.00", "nakit", VADE, actor="kasiyer", secili=[paid.id])
        run = zamanasimi.calisma_olustur(2024, date(2026, 1, 5), actor="memur")
        zamanasimi.calistir(run.id, parca=1)
        mine = db.session.scalars(zamanasimi.kalemler(run.id, mukellef_id=m.id)).all()
        assert [(k.tahakkuk_id, k.son_gun, k.anapara) for k in mine] == [(lapsed.id, date(2024, 12, 31),
                                                                          Decimal("100.00"))]
        assert run.durum == "bitti" and run.olusan >= 1
        from modules.gelir.services.tahakkuk import acik_tutar

        assert acik_tutar(lapsed.id) == Decimal("100.00")  # only listed: staff write it off (terkin)
        run.durum, run.imlec = "calisiyor", 0  # a rerun (after a crash) lists nothing twice
        zamanasimi.calistir(run.id)
        assert db.session.scalar(db.select(db.func.count()).select_from(ZamanasimiKalemi).where(
            ZamanasimiKalemi.calisma_id == run.id, ZamanasimiKalemi.mukellef_id == m.id)) == 1
        later = zamanasimi.calisma_olustur(2025, date(2026, 1, 5), actor="memur")
        zamanasimi.calistir(later.id)
        assert {k.tahakkuk_id for k in db.session.scalars(zamanasimi.kalemler(later.id, mukellef_id=m.id))} == \
            {lapsed.id, by_order.id, next_year.id}


@pytest.mark.parametrize("yil", ["1999", "2027", "abc", "", "99999999999999999999"])
def test_a_bad_year_is_refused_with_the_field(yil):
    with services.bound("alfa"), pytest.raises(GelirError) as refused:
        zamanasimi.calisma_olustur(yil, date(2026, 1, 5), actor="memur")
    assert "yil" in refused.value.errors


def test_another_municipalitys_debt_is_not_found():
    from tests.plugin import ids_apart

    ids_apart("tahakkuklar")
    with services.bound("beta"):
        m = MukellefFactory()
        debt_id = borc(m, "100.00", VADE).id
    with services.bound("alfa"):
        with pytest.raises(GelirError) as missing:
            zamanasimi.borc_suresi(debt_id)
        assert missing.value.status == 404


def test_the_cli_queues_the_year_end_job_and_it_runs(app):
    """The job runs in a transaction of its own, which does not see this test's rows: what
    it lists is tested on the service above; here, that it is queued for the tenant and runs."""
    import uuid as _uuid

    from rq import SimpleWorker

    from ebelediye import jobs

    runner = app.test_cli_runner()
    result = runner.invoke(args=["gelir", "zamanasimi", "--belediye", "alfa", "--yil", "2020"])
    assert result.exit_code == 0, result.output
    [waiting] = jobs.queue("batch").get_jobs()
    record = db.session.get(jobs.JobRecord, _uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.tenant_slug) == ("modules.gelir.jobs:zamanasimi", "alfa")
    assert SimpleWorker([jobs.queue("batch")], connection=jobs.redis_connection()).work(burst=True)
    assert waiting.return_value()["yil"] == 2020
    assert runner.invoke(args=["gelir", "zamanasimi", "--belediye", "yok", "--yil", "2020"]).exit_code != 0
    assert runner.invoke(args=["gelir", "zamanasimi", "--belediye", "alfa", "--yil", "x"]).exit_code != 0


def test_the_pages_start_a_list_show_it_and_lead_to_a_terkin_request(client):
    from tests.plugin import host, staff_with

    headers = {"Host": host("alfa")}
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "321.00", date(2015, 11, 30))
        db.session.commit()
        m_id, debt_id = m.id, debt.id
    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    assert client.get("/gelir/takip/zamanasimi", headers=headers).status_code == 403
    staff_with(client, "alfa", "gelir.takip.yonet", "gelir.terkin.talep")
    page = client.get("/gelir/takip/zamanasimi", headers=headers)
    assert page.status_code == 200 and "Listeyi hazırla" in page.get_data(as_text=True)
    bad = client.post("/gelir/takip/zamanasimi", data={"yil": "19\x0090"}, headers=headers)
    assert bad.status_code == 422
    made = client.post("/gelir/takip/zamanasimi", data={"yil": "2020"}, headers=headers)
    assert made.status_code == 302
    listed = client.get(made.location + f"?mukellef_id={m_id}", headers=headers).get_data(as_text=True)
    assert "321,00" in listed and f"/gelir/takip/terkin/yeni/{debt_id}" in listed
    form = client.get(f"/gelir/takip/terkin/yeni/{debt_id}", headers=headers).get_data(as_text=True)
    assert "Doldu" in form
    refused = client.post(f"/gelir/takip/terkin/yeni/{debt_id}", data={"neden": "zamanasimi", "gerekce": ""},
                          headers=headers)
    assert refused.status_code == 422 and "Gerekçe" in refused.get_data(as_text=True)
    asked = client.post(f"/gelir/takip/terkin/yeni/{debt_id}", data={"neden": "zamanasimi", "gerekce": "Süre doldu"},
                        headers=headers)
    assert asked.status_code == 302
    assert "Onay bekliyor" in client.get(asked.location, headers=headers).get_data(as_text=True)
    assert client.get("/gelir/takip/terkin/yeni/9223372036854775807", headers=headers).status_code == 404


def test_the_api_lists_a_year_and_tells_a_debts_period(client):
    from tests.plugin import host, ids_apart, staff_with

    headers = {"Host": host("alfa")}
    ids_apart("tahakkuklar")
    with services.bound("beta"):
        other = borc(MukellefFactory(), "10.00", VADE).id
        db.session.commit()
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "99.00", date(2016, 5, 31))
        db.session.commit()
        m_id, debt_id = m.id, debt.id
    staff_with(client, "alfa", "gelir.takip.yonet")
    made = client.post("/api/v1/gelir/zamanasimi-listeleri", json={"yil": 2021}, headers=headers)
    assert made.status_code == 201 and made.json["durum"] == "bitti", made.json
    items = client.get(f"/api/v1/gelir/zamanasimi-listeleri/{made.json['id']}/kalemler?mukellef_id={m_id}",
                       headers=headers)
    assert items.status_code == 200 and [k["tahakkuk_id"] for k in items.json["kalemler"]] == [debt_id]
    assert items.json["kalemler"][0]["son_gun"] == "2021-12-31"
    period = client.get(f"/api/v1/gelir/tahakkuklar/{debt_id}/zamanasimi", headers=headers)
    assert period.status_code == 200 and period.json["doldu"] is True and period.json["kesilme_tarihi"] is None
    assert client.get(f"/api/v1/gelir/tahakkuklar/{other}/zamanasimi", headers=headers).status_code == 404
    for bad in ({"yil": 1e400}, {"yil": "20\x0021"}, {"yil": 99999999999999999999}, {}):
        refused = client.post("/api/v1/gelir/zamanasimi-listeleri", json=bad, headers=headers)
        assert refused.status_code == 422 and "yil" in refused.json["errors"], refused.json
    assert client.get("/api/v1/gelir/zamanasimi-listeleri/9223372036854775807", headers=headers).status_code == 404
