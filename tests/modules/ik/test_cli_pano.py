"""İK's ``flask ik ...`` commands and the "Birime göre bordro maliyeti" dashboard card."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye import clock, jobs
from ebelediye.extensions import db
from modules.ik.hesap import tl
from modules.ik.models import Bordro, IzinHareketi, Personel
from modules.ik.services import bordro, personel
from modules.ik.views import pano
from tenants import services
from tests.modules.ik.conftest import ACTOR, kisi
from tests.plugin import host, staff_with


def _isci(slug: str, birim_ad: str, brut: str) -> int:
    """A unit of ``slug`` with one worker paid ``brut``; the person's id."""
    with services.bound(slug):
        unit = personel.birim_ekle(f"46.07.{uuid.uuid4().int % 10**6:06d}", birim_ad, actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Bahçıvan", actor=ACTOR, ekonomik_kod="01.3.1.01")
        p = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadro.id, "ise_giris": date(2020, 1, 1),
                             "brut_ucret": Decimal(brut)}, actor=ACTOR)
        db.session.commit()
        return p.id


def _run(slug: str, donem: str, *, close: bool) -> None:
    with services.bound(slug):
        run = bordro.baslat(donem, actor=ACTOR)
        bordro.hesapla(run.id)
        if close:
            bordro.kapat(run.id, bordro.donem_coz(donem)[1], actor=ACTOR)
        db.session.commit()


def _card(slug: str):
    with services.bound(slug):
        card = pano.maliyet_card()
        db.session.commit()
    return card


def test_the_card_shows_the_latest_closed_month_by_unit_and_never_another_tenants(client):
    assert _card("beta").value == "—"  # empty state: no closed payroll yet
    _isci("alfa", "Park ve Bahçeler Müdürlüğü", "40000.00")
    _isci("alfa", "Zabıta Müdürlüğü", "30000.00")
    _run("alfa", "2026-05", close=True)
    _run("alfa", "2026-06", close=False)  # a draft is not yet a cost: May stays on the card
    with services.bound("alfa"):
        expected = sum(bordro.maliyet_birim("2026-05").values(), Decimal("0"))
        units = bordro.maliyet_birimleri("2026-05")
        assert bordro.maliyet_birim("2026-06") == {}
        db.session.commit()
    assert expected > Decimal("70000")  # gross plus the employer's shares
    assert [row.ad for row in units][:2] == ["Park ve Bahçeler Müdürlüğü", "Zabıta Müdürlüğü"]
    card = _card("alfa")
    assert card.title == "Birime göre bordro maliyeti" and card.permission == "ik.bordro.hazirla"
    assert "2026-05" in card.detail and "Park ve Bahçeler Müdürlüğü" in card.detail
    assert card.value == f"{tl(expected)} TL"
    # beta's payroll is beta's alone, and alfa's never shows on beta's card
    _isci("beta", "Kültür Müdürlüğü", "50000.00")
    _run("beta", "2026-04", close=True)
    beta = _card("beta")
    assert "Kültür Müdürlüğü" in beta.detail and "Park ve Bahçeler" not in beta.detail
    assert "Kültür" not in _card("alfa").detail
    staff_with(client, "alfa", "ik.personel.goruntule")
    assert "Birime göre bordro maliyeti" not in client.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
    staff_with(client, "alfa", "ik.bordro.hazirla")
    home = client.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
    assert "Birime göre bordro maliyeti" in home and "Zabıta Müdürlüğü" in home


def _runs(slug: str) -> int:
    with services.bound(slug):
        n = db.session.scalar(select(func.count()).select_from(Bordro))
        db.session.commit()
    return n


def test_bordro_hesapla_queues_the_run_for_a_permitted_starter_and_refuses_bad_input(app, client):
    runner = app.test_cli_runner()
    yetkili = staff_with(client, "alfa", "ik.bordro.hazirla")
    yetkisiz = staff_with(client, "alfa", "ik.personel.goruntule")
    before = _runs("alfa")
    for args, code in ((["--belediye", "yok", "--donem", "2026-06", "--kullanici", yetkili], 1),
                       (["--belediye", "alfa", "--donem", "2026-13", "--kullanici", yetkili], 2),
                       (["--belediye", "alfa", "--donem", "haziran", "--kullanici", yetkili], 2),
                       (["--belediye", "alfa", "--donem", "2026-06", "--kullanici", yetkisiz], 2),
                       (["--belediye", "alfa", "--donem", "2026-06", "--kullanici", "yok@alfa.bel.tr"], 2)):
        result = runner.invoke(args=["ik", "bordro-hesapla", *args])
        assert result.exit_code == code, (args, result.output)
    assert _runs("alfa") == before and not jobs.queue("batch").get_jobs()
    result = runner.invoke(args=["ik", "bordro-hesapla", "--belediye", "alfa", "--donem", "2026-06",
                                 "--kullanici", yetkili])
    assert result.exit_code == 0, result.output
    [waiting] = jobs.queue("batch").get_jobs()
    record = db.session.get(jobs.JobRecord, uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.tenant_slug) == ("modules.ik.jobs:bordro_hesapla", "alfa")
    assert record.actor.startswith("staff:")
    record_id = str(record.id)
    db.session.commit()
    with services.bound("alfa"):
        run = db.session.scalar(select(Bordro).where(Bordro.donem == "2026-06", Bordro.tur == "asil"))
        assert run is not None and run.job_id == record_id
        db.session.commit()


def test_ik_not_enabled_is_refused(app):
    from tests.plugin import disable_modules

    disable_modules("beta", "ik")
    runner = app.test_cli_runner()
    for args in (["personel-listesi", "--belediye", "beta"], ["izin-devir", "--belediye", "beta", "--yil", "2026"]):
        result = runner.invoke(args=["ik", *args])
        assert result.exit_code != 0 and "İK modülü etkin" in result.output


def test_izin_devir_lapses_last_years_memur_leave_once_and_checks_the_year(app):
    from modules.ik.services import izin

    runner = app.test_cli_runner()
    assert runner.invoke(args=["ik", "izin-devir", "--belediye", "alfa", "--yil", "1500"]).exit_code != 0
    with services.bound("alfa"):
        unit = personel.birim_ekle(f"46.08.{uuid.uuid4().int % 10**6:06d}", "Yazı İşleri Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "memur", "GİH", "Memur", actor=ACTOR, derece=8,
                                    ekonomik_kod="01.1.1.01")
        p = personel.ise_al({"tckn": kisi(), "tur": "memur", "kadro_id": kadro.id, "ise_giris": date(2015, 1, 1),
                             "gosterge": 1500}, actor=ACTOR)
        year = clock.today().year
        izin.hak_tanimla(p.id, year - 1, actor=ACTOR)
        db.session.commit()
        pid = p.id
    first = runner.invoke(args=["ik", "izin-devir", "--belediye", "alfa", "--yil", str(year)])
    assert first.exit_code == 0 and f"{year - 1} yılından" in first.output, first.output
    again = runner.invoke(args=["ik", "izin-devir", "--belediye", "alfa", "--yil", str(year)])
    assert again.exit_code == 0 and again.output.startswith("0 kişinin"), again.output
    with services.bound("alfa"):
        assert izin.yillara_gore(pid).get(year - 1, 0) == 0
        assert db.session.scalar(select(func.count()).select_from(IzinHareketi).where(
            IzinHareketi.personel_id == pid, IzinHareketi.tur == "dusme")) == 1
        db.session.commit()


def test_personel_listesi_lists_the_tenants_staff_as_text_and_json(app):
    pid = _isci("alfa", "Fen İşleri Müdürlüğü", "35000.00")
    with services.bound("alfa"):
        sicil = db.session.get(Personel, pid).sicil_no
        db.session.commit()
    runner = app.test_cli_runner()
    text = runner.invoke(args=["ik", "personel-listesi", "--belediye", "alfa"])
    assert text.exit_code == 0 and sicil in text.output and "Toplam" in text.output
    rows = json.loads(runner.invoke(args=["ik", "personel-listesi", "--belediye", "alfa", "--json"]).output)
    assert sicil in {r["sicil_no"] for r in rows}
    beta = json.loads(runner.invoke(args=["ik", "personel-listesi", "--belediye", "beta", "--json"]).output)
    assert sicil not in {r["sicil_no"] for r in beta}


def test_the_cost_page_lists_a_closed_months_units_pages_them_and_exports_csv(client, monkeypatch):
    monkeypatch.setattr("modules.ik.views.bordro.MALIYET_SAYFASI", 2)  # three units make two pages
    h = {"Host": host("alfa")}
    staff_with(client, "alfa", "ik.personel.goruntule")
    assert client.get("/ik/bordro/maliyet", headers=h).status_code == 403
    assert client.get("/ik/bordro/maliyet.csv", headers=h).status_code == 403
    staff_with(client, "alfa", "ik.bordro.hazirla")
    empty = client.get("/ik/bordro/maliyet", headers=h)
    assert empty.status_code == 200 and "Henüz kapatılmış bordro yok." in empty.get_data(as_text=True)
    for i in range(3):
        _isci("alfa", f"Birim {i:02d} Müdürlüğü", f"{30000 + i * 100}.00")
    _run("alfa", "2026-05", close=True)
    _isci("beta", "Beta Kültür Müdürlüğü", "50000.00")
    _run("beta", "2026-05", close=True)
    first = client.get("/ik/bordro/maliyet", headers=h).get_data(as_text=True)
    assert "2026-05" in first and "Birim 02 Müdürlüğü" in first and "Birim 00 Müdürlüğü" not in first
    assert "Beta Kültür" not in first and "sayfa=2" in first
    second = client.get("/ik/bordro/maliyet?donem=2026-05&sayfa=2", headers=h).get_data(as_text=True)
    assert "Birim 00 Müdürlüğü" in second
    assert "Bu dönemin kapatılmış bordrosu yok." in client.get(
        "/ik/bordro/maliyet?donem=2026-01", headers=h).get_data(as_text=True)
    assert client.get("/ik/bordro/maliyet?donem=2026-13", headers=h).status_code == 422
    csv_file = client.get("/ik/bordro/maliyet.csv?donem=2026-05", headers=h)
    lines = csv_file.get_data(as_text=True).splitlines()
    assert csv_file.status_code == 200 and csv_file.mimetype == "text/csv"
    assert lines[0].lstrip("\ufeff").startswith("birim_kodu;") and len(lines) == 4 and "Beta Kültür" not in csv_file.get_data(as_text=True)
