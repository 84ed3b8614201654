"""Payslip PDFs: one at a time, and a closed run's payslips as one PDF per unit made by the
payslip job (resumable by unit, refused for an open run), downloaded as a ZIP."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from ebelediye import jobs
from ebelediye.audit import AuditEntry
from ebelediye.errors import NotFound, UserError
from ebelediye.extensions import db
from modules.ik.models import BordroBelgesi
from modules.ik.services import belge, bordro, personel
from tenants import services
from tests.modules.ik.conftest import ACTOR, ise_al, kisi
from tests.plugin import host, staff_with


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_payslip_pdf_with_markup_in_a_name_renders_it_literally(kadrolar):
    p = ise_al(kadrolar, "isci", "33030.00")
    db.session.execute(text("UPDATE ik_personeller SET ad = '<b>Ali</b> & <font size=40>' WHERE id = :i"),
                       {"i": p.id})
    db.session.expire_all()
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    (slip, _person), = bordro.satirlar(run.id, personel_id=p.id)
    pdf = belge.bordro_pdf(slip.id)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    (page,) = _text(pdf)
    assert "<b>Ali</b> & <font size=40>" in page
    assert "28.075,50" in page and "NET ÖDENEN" in page and "Fen İşleri Müdürlüğü" in page  # 2026 minimum wage
    with pytest.raises(NotFound):
        belge.bordro_pdf(slip.id, personel_id=p.id + 1)  # someone else's payslip
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    assert [s.id for s, _b in bordro.bordrolarim(p.id)] == [slip.id]


def test_steps_that_do_not_fit_go_on_to_another_page_and_long_text_is_cut():
    b = belge.Baslik("Alfa Belediyesi", "2026-01", False)
    steps = tuple((f"Adım {i}", f"{i},00") for i in range(130))
    p = belge.Pusula("Ş" * 300, "P-000001", "Birim", "Memur (657)", "", 30, tuple([0] * 14), steps)
    pdf, count = belge.render(b, [p])
    pages = _text(pdf)
    assert count == 1 and len(pages) == 3  # 130 steps: about 36 on the first page, 60 on each after
    assert "(devam)" in pages[1] and "Adım 129" in pages[2] and "Adım 129" not in pages[1]
    assert "…" in pages[0] and "Ş" * 300 not in pages[0]


@pytest.fixture
def iki_birim(kadrolar):
    """A closed run with two people in the fixture's unit and one in a second unit."""
    other = personel.birim_ekle(f"46.06.97.{kisi()[-3:]}", "Zabıta Müdürlüğü", actor=ACTOR)
    kadro = personel.kadro_ekle(other.id, "isci", "İşçi", "Zabıta", actor=ACTOR, ekonomik_kod="01.3.1.01")
    people = [ise_al(kadrolar, "isci", "40000.00"), ise_al(kadrolar, "isci", "33030.00"),
              ise_al({"isci": kadro}, "isci", "50000.00")]
    run = bordro.baslat("2026-02", actor=ACTOR)
    bordro.hesapla(run.id)
    return run.id, people


def _documents(run_id: int) -> dict[str, BordroBelgesi]:
    return {d.birim_kodu: d for d in db.session.scalars(select(BordroBelgesi).where(BordroBelgesi.bordro_id == run_id))}


def test_a_closed_run_is_printed_one_pdf_per_unit_with_a_page_per_payslip(iki_birim):
    run_id, people = iki_birim
    with pytest.raises(UserError) as refused:
        belge.paket_hazirla(run_id)  # not closed: the payslips may still change
    assert refused.value.status == 409
    bordro.kapat(run_id, date(2026, 2, 28), actor=ACTOR)
    seen = []
    result = belge.paket_hazirla(run_id, progress=lambda done, total, message: seen.append((done, total)))
    slips = {s.personel_id: (s, p) for s, p in bordro.satirlar(run_id)}
    units = {s.birim_kodu for s, _p in slips.values()}
    documents = _documents(run_id)
    assert set(documents) == units and result["pusula"] == len(slips)
    assert sum(d.pusula_sayisi for d in documents.values()) == len(slips)
    assert seen[0][0] == 0 and seen[-1] == (len(slips), len(slips))
    for person in people:
        slip, _p = slips[person.id]
        document = documents[slip.birim_kodu]
        pages = _text(document.icerik)
        assert len(pages) == document.pusula_sayisi == sum(1 for s, _p in slips.values()
                                                         if s.birim_kodu == slip.birim_kodu)
        (page,) = [p for p in pages if person.sicil_no in p]
        assert person.ad_soyad in page
    (worker_page,) = [p for p in _text(documents[slips[people[1].id][0].birim_kodu].icerik)
                      if people[1].sicil_no in p]
    assert "28.075,50" in worker_page  # the 2026 minimum-wage earner's net
    archive = zipfile.ZipFile(io.BytesIO(belge.paket_zip(run_id)))
    assert len(archive.namelist()) == len(units)
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_the_payslip_job_killed_after_a_unit_resumes_with_the_next_and_makes_none_twice(iki_birim):
    run_id, _people = iki_birim
    bordro.kapat(run_id, date(2026, 2, 28), actor=ACTOR)

    class Killed(Exception):
        pass

    calls = []

    def die_after_the_first_unit(done, total, message):
        calls.append(done)
        if len(calls) == 2:  # the first unit is committed: its progress came after it
            raise Killed

    with pytest.raises(Killed):
        belge.paket_hazirla(run_id, progress=die_after_the_first_unit)
    assert len(_documents(run_id)) == 1
    belge.paket_hazirla(run_id)
    counts = db.session.execute(text("SELECT count(*), count(DISTINCT birim_kodu) FROM ik_bordro_belgeleri "
                                     "WHERE bordro_id = :b"), {"b": run_id}).one()
    assert counts[0] == counts[1] == len(belge.birimler(run_id))
    belge.paket_hazirla(run_id)  # nothing left to make
    assert db.session.scalar(select(func.count()).select_from(BordroBelgesi)
                             .where(BordroBelgesi.bordro_id == run_id)) == counts[0]
    with pytest.raises(DBAPIError):  # append-only
        with db.session.begin_nested():
            db.session.execute(text("DELETE FROM ik_bordro_belgeleri WHERE bordro_id = :b"), {"b": run_id})


def test_the_run_page_queues_the_payslip_job_and_gives_the_zip(client):
    staff_with(client, "alfa", "ik.bordro.hazirla", "ik.bordro.kapat")
    h = {"Host": host("alfa")}
    with services.bound("alfa"):
        unit = personel.birim_ekle(f"46.06.96.{kisi()[-3:]}", "Kültür Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Rehber", actor=ACTOR, ekonomik_kod="01.3.1.01")
        ise_al({"isci": kadro}, "isci", "33030.00")
        run = bordro.baslat("2026-05", actor=ACTOR)
        run_id = run.id
        db.session.commit()
    early = client.post(f"/ik/bordro/{run_id}/pusulalar", headers=h)
    assert early.status_code in (302, 303, 409)  # not computed, not closed: refused
    with services.bound("alfa"):
        bordro.hesapla(run_id)
        bordro.kapat(run_id, date(2026, 5, 31), actor=ACTOR)
        db.session.commit()
    assert client.get(f"/ik/bordro/{run_id}/pusulalar.zip", headers=h).status_code in (302, 303, 409)
    page = client.get(f"/ik/bordro/{run_id}", headers=h).get_data(as_text=True)
    assert "Henüz pusula hazırlanmadı." in page
    assert client.post(f"/ik/bordro/{run_id}/pusulalar", headers=h).status_code == 303
    with services.bound("alfa"):
        record = belge.paket_kaydi(run_id)
        assert record is not None and record.state == "queued"
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "ik.bordro.pusula_paketi", AuditEntry.object_id == str(run_id))) == 1
        record_id = record.id
        db.session.commit()
    waiting = client.get(f"/ik/bordro/{run_id}", headers=h).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "paket-bar" in waiting
    assert client.post(f"/ik/bordro/{run_id}/pusulalar", headers=h).status_code in (302, 303, 409)  # queued
    result = jobs.execute(db.session.get(jobs.JobRecord, uuid.UUID(str(record_id))))
    assert result["pusula"] >= 1
    # the worker writes the record's state on a connection of its own, which cannot see this
    # test's uncommitted record: write what it writes
    db.session.execute(update(jobs.JobRecord).where(jobs.JobRecord.id == record_id).values(state="finished"))
    done = client.get(f"/ik/bordro/{run_id}", headers=h).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in done and "Kültür Müdürlüğü" in done and "pusula-zip" in done
    archive = client.get(f"/ik/bordro/{run_id}/pusulalar.zip", headers=h)
    assert archive.status_code == 200 and archive.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    assert len(names) >= 1 and all(n.endswith(".pdf") for n in names)


def test_the_run_page_lists_payslips_a_page_at_a_time_and_searches_them(client, monkeypatch):
    import re

    from modules.ik.models import BordroSatiri
    from modules.ik.views import bordro as run_page

    monkeypatch.setattr(run_page, "PUSULA_SAYFASI", 2)
    staff_with(client, "alfa", "ik.bordro.hazirla")
    h = {"Host": host("alfa")}
    with services.bound("alfa"):
        unit = personel.birim_ekle(f"46.06.95.{kisi()[-3:]}", "Park ve Bahçeler Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Bahçıvan", actor=ACTOR, ekonomik_kod="01.3.1.01")
        people = [ise_al({"isci": kadro}, "isci", "33030.00") for _ in range(3)]
        run = bordro.baslat("2026-06", actor=ACTOR)
        bordro.hesapla(run.id)
        run_id, first_sicil = run.id, people[0].sicil_no
        total = db.session.scalar(select(func.count()).select_from(BordroSatiri)
                                  .where(BordroSatiri.bordro_id == run_id))
        db.session.commit()
    pages = -(-total // 2)
    assert total >= 3

    seen: list[str] = []
    for number in range(1, pages + 1):
        page = client.get(f"/ik/bordro/{run_id}?sayfa={number}", headers=h).get_data(as_text=True)
        assert f"Sayfa {number} / {pages}" in page
        seen += re.findall(r"/ik/bordro/satir/(\d+)\.pdf", page)
    assert len(seen) == len(set(seen)) == total  # every payslip once, a page at a time

    found = client.get(f"/ik/bordro/{run_id}?q={first_sicil}", headers=h).get_data(as_text=True)
    assert "1 kişi" in found and first_sicil in found and "Sayfa 1 /" not in found
    none = client.get(f"/ik/bordro/{run_id}?q=yok-boyle-biri", headers=h).get_data(as_text=True)
    assert "Aramanıza uyan bordro satırı yok." in none
    assert client.get(f"/ik/bordro/{run_id}?sayfa=0", headers=h).status_code == 422
    assert client.get(f"/ik/bordro/{run_id}?q=a%00b", headers=h).status_code == 400  # the core refuses it first


def test_payslips_carry_the_municipalitys_name_and_its_own_logo_once_per_document(iki_birim):
    from tests.pdfs import assert_letterhead, image_sizes, upload_logo

    run_id, _people = iki_birim
    bordro.kapat(run_id, date(2026, 2, 28), actor=ACTOR)
    slip, _p = bordro.satirlar(run_id)[0]
    slip_id, unit = slip.id, slip.birim_kodu
    db.session.commit()  # the helper binds the tenants again
    assert_letterhead(lambda: belge.bordro_pdf(slip_id))
    assert_letterhead(lambda: belge.birim_pdf(run_id, unit)[0])
    upload_logo("alfa")
    belge.paket_hazirla(run_id)
    for document in _documents(run_id).values():
        assert (60, 30) in image_sizes(document.icerik)
        assert document.icerik.count(b"/Subtype /Image") == 1  # drawn in the form: one image for every page
