"""The özlük dosyası (issue 14): a person's documents — PDF, JPEG and PNG by their bytes, the
size limit, the same file once, "geçersiz" instead of delete, another person's or another
tenant's id not found, self-service read only, the download's headers, the "ending soon"
list and card, the API round trip — and ``flask ik fark-bordrosu``."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import uuid
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from sqlalchemy import func, select, text
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from ebelediye import clock, jobs
from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.ik.models import BelgeTuru, Bordro
from modules.ik.services import bordro, ozluk, personel
from modules.ik.views import pano
from tenants import services
from tests.factories import new_tckn
from tests.modules.ik.conftest import ACTOR, kisi
from tests.plugin import host, ids_apart, staff_with

H = {"Host": host("alfa")}
GORUNTULE, YONET, HAZIRLA = "ik.personel.goruntule", "ik.personel.yonet", "ik.bordro.hazirla"
_n = itertools.count()


def pdf_bytes(label: str = "") -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, f"Belge {label} {next(_n)} {uuid.uuid4().hex}")
    c.showPage()
    c.save()
    return out.getvalue()


def image_bytes(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (next(_n) % 256, 40, 90)).save(out, kind)
    return out.getvalue()


def _person(slug: str = "alfa", eposta: str | None = None) -> int:
    with services.bound(slug):
        unit = personel.birim_ekle(f"46.08.{uuid.uuid4().int % 10**6:06d}", "İnsan Kaynakları Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Memur yardımcısı", actor=ACTOR, ekonomik_kod="01.3.1.01")
        p = personel.ise_al({"tckn": kisi(), "tur": "isci", "kadro_id": kadro.id, "ise_giris": date(2020, 1, 1),
                             "brut_ucret": Decimal("40000.00"), "eposta": eposta}, actor=ACTOR)
        db.session.commit()
        return p.id


def _kind(kod: str, slug: str = "alfa") -> int:
    with services.bound(slug):
        kind = db.session.scalar(select(BelgeTuru.id).where(BelgeTuru.kod == kod))
        db.session.commit()
    assert kind is not None
    return kind


def _multipart(client, url: str, form: dict):
    """POST ``form`` as multipart, encoded in memory (the test client spools a large body to a
    temporary file it never closes)."""
    boundary, body = encode_multipart(MultiDict(form))
    return client.post(url, headers=H, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _upload(client, pid: int, data: bytes, name: str, kod: str = "diploma", **more):
    form = {"tur_id": str(_kind(kod)), "belge_tarihi": "2026-01-15",
            "dosya": FileStorage(io.BytesIO(data), name, content_type="application/pdf"), **more}
    return _multipart(client, f"/ik/personel/{pid}/belgeler", form)


def _docs(pid: int, slug: str = "alfa") -> list[SimpleNamespace]:
    """The person's documents (newest first) as plain values, without their bytes."""
    with services.bound(slug):
        rows = [SimpleNamespace(**{c.key: getattr(b, c.key) for c in b.__table__.columns if c.key != "icerik"})
                for b, _t in ozluk.belgeler(pid, boyut=100)[0]]
        db.session.commit()
    return rows


# --- the service ----------------------------------------------------------------------------------

def test_the_seed_puts_the_usual_kinds_and_the_office_adds_its_own(alfa):
    kods = {t.kod for t in ozluk.turler()}
    assert {"nufus", "diploma", "askerlik", "saglik", "adli_sicil", "sgk_giris", "atama", "sertifika", "disiplin",
            "diger"} <= kods
    own = ozluk.tur_ekle("Ehliyet sureti", actor=ACTOR, sureli=True)
    assert own.kod == "ehliyet_sureti" and own.sureli
    with pytest.raises(ozluk.IkError) as refused:
        ozluk.tur_ekle("ehliyet SURETI", actor=ACTOR)
    assert "ad" in refused.value.field_messages()


def test_file_names_are_sanitised_and_take_the_extension_of_the_bytes():
    assert ozluk.dosya_adi("C:\\Belgeler\\sağlık raporu.PDF", "application/pdf") == "sağlık raporu.pdf"
    assert ozluk.dosya_adi('../../"evil"\r\nX-Header: 1.exe', "image/png") == "evil_X-Header_1.png"
    assert ozluk.dosya_adi("", "image/jpeg") == "belge.jpg"
    assert ozluk.dosya_adi("a" * 300 + ".pdf", "application/pdf") == "a" * 100 + ".pdf"
    assert ozluk.icerik_turu(b"MZ\x90\x00") is None and ozluk.icerik_turu(b"<html>%PDF-") is None


def test_the_database_keeps_documents_and_allows_only_the_withdrawal_once(alfa):
    pid = _person()
    with services.bound("alfa"):
        doc = ozluk.yukle(pid, pdf_bytes(), "x.pdf", tur_id=_kind("diploma"), belge_tarihi=date(2026, 1, 1),
                          actor=ACTOR)
        db.session.commit()
        with pytest.raises(Exception, match="append-only|not allowed|reject|izin"):
            with db.session.begin_nested():
                db.session.execute(text("UPDATE ik_personel_belgeleri SET aciklama = 'x' WHERE id = :i"), {"i": doc.id})
        with pytest.raises(Exception, match="append-only|not allowed|reject|izin"):
            with db.session.begin_nested():
                db.session.execute(text("DELETE FROM ik_personel_belgeleri WHERE id = :i"), {"i": doc.id})
        ozluk.gecersiz_kil(pid, doc.id, "Yenisi geldi", actor=ACTOR)
        db.session.flush()
        with pytest.raises(Exception, match="append-only|not allowed|reject|izin"):
            with db.session.begin_nested():
                db.session.execute(text("UPDATE ik_personel_belgeleri SET gecersiz_nedeni = 'y' WHERE id = :i"),
                                   {"i": doc.id})
        db.session.commit()


# --- pages ----------------------------------------------------------------------------------------

def test_each_type_uploads_and_downloads_with_safe_headers(client):
    pid = _person()
    staff_with(client, "alfa", GORUNTULE, YONET)
    files = {"application/pdf": (pdf_bytes(), "Diploma ŞÜ.pdf"), "image/jpeg": (image_bytes("JPEG"), "foto.jpeg"),
             "image/png": (image_bytes("PNG"), "tarama.png")}
    for data, name in files.values():
        response = _upload(client, pid, data, name, aciklama="Aslı gibidir")
        assert response.status_code == 303, response.get_data(as_text=True)
    docs = {d.icerik_turu: d for d in _docs(pid)}
    assert set(docs) == set(files)
    for kind, (data, _name) in files.items():
        d = docs[kind]
        assert (d.boyut, d.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        got = client.get(f"/ik/personel/{pid}/belgeler/{d.id}", headers=H)
        assert got.status_code == 200 and got.data == data and got.mimetype == kind
        assert got.headers["Content-Disposition"].startswith("attachment;")
        assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''Diploma%20%C5%9E%C3%9C.pdf" in client.get(
        f"/ik/personel/{pid}/belgeler/{docs['application/pdf'].id}", headers=H).headers["Content-Disposition"]
    page = client.get(f"/ik/personel/{pid}/belgeler", headers=H).get_data(as_text=True)
    assert "foto.jpg" in page and "tarama.png" in page and "Aslı gibidir" in page
    assert "tarama.png" in client.get(f"/ik/personel/{pid}", headers=H).get_data(as_text=True)
    with services.bound("alfa"):
        logged = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "ik.belge.yukle", AuditEntry.object_id == str(pid)))
        db.session.commit()
    assert logged == 3


@pytest.mark.parametrize(("data", "name"), [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64, "rapor.pdf"),  # an .exe renamed
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "diploma.pdf"),  # HTML named .pdf
    (b"GIF89a\x01\x00\x01\x00", "resim.png"),
])
def test_other_content_is_refused_whatever_its_name(client, data, name):
    pid = _person()
    staff_with(client, "alfa", GORUNTULE, YONET)
    response = _upload(client, pid, data, name)
    assert response.status_code == 422 and "PDF, JPEG ya da PNG" in response.get_data(as_text=True)
    assert _docs(pid) == []


def test_oversize_nul_duplicate_and_bad_dates_are_refused_with_nothing_written(client):
    pid = _person()
    staff_with(client, "alfa", GORUNTULE, YONET)
    big = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)
    too_big = _upload(client, pid, big, "buyuk.pdf")
    assert too_big.status_code == 422 and "en çok 5 MB" in too_big.get_data(as_text=True)
    nul = _upload(client, pid, pdf_bytes(), "a.pdf", aciklama="not\x00x")
    assert nul.status_code == 422 and "NUL" in nul.get_data(as_text=True)
    backwards = _upload(client, pid, pdf_bytes(), "a.pdf", gecerlilik_bitis="2025-01-01")
    assert backwards.status_code == 422
    no_file = client.post(f"/ik/personel/{pid}/belgeler", headers=H, data={"tur_id": str(_kind("diploma")),
                                                                         "belge_tarihi": "2026-01-15"})
    assert no_file.status_code == 422 and "Bir dosya seçin" in no_file.get_data(as_text=True)
    bad_kind = _upload(client, pid, pdf_bytes(), "a.pdf", tur_id=str(2**63))
    assert bad_kind.status_code == 422
    assert _docs(pid) == []
    same = pdf_bytes()
    assert _upload(client, pid, same, "ilk.pdf").status_code == 303
    again = _upload(client, pid, same, "ikinci.pdf", kod="diger")
    assert again.status_code == 409 and "zaten var" in again.get_data(as_text=True)
    assert [d.dosya_adi for d in _docs(pid)] == ["ilk.pdf"]
    other = _person()
    assert _upload(client, other, same, "ilk.pdf").status_code == 303  # another person may hold the same file


def test_the_limit_is_the_offices_setting(client):
    pid = _person()
    staff_with(client, "alfa", GORUNTULE, YONET, "ik.ayar.yonet")
    with services.bound("alfa"):
        ayar = ozluk.ayarlar()
        vkn, unvan = ayar.isveren_vkn, ayar.isveren_unvan
        db.session.commit()
    assert client.post("/ik/ayarlar", headers=H, data={"isveren_vkn": vkn, "isveren_unvan": unvan,
                                                       "belge_azami_mb": "11"}).status_code == 422
    assert client.post("/ik/ayarlar", headers=H, data={"isveren_vkn": vkn, "isveren_unvan": unvan,
                                                       "belge_azami_mb": "1"}).status_code == 303
    data = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    refused = _upload(client, pid, data, "a.pdf")
    assert refused.status_code == 422 and "en çok 1 MB" in refused.get_data(as_text=True)


def test_withdrawn_documents_stay_listed_struck_with_who_and_why(client):
    pid = _person()
    email = staff_with(client, "alfa", GORUNTULE, YONET)
    assert _upload(client, pid, pdf_bytes(), "eski.pdf", kod="saglik").status_code == 303
    assert _upload(client, pid, pdf_bytes(), "yeni.pdf", kod="saglik").status_code == 303
    old = next(d for d in _docs(pid) if d.dosya_adi == "eski.pdf")
    no_reason = client.post(f"/ik/personel/{pid}/belgeler/{old.id}/gecersiz", headers=H, data={"neden": " "})
    assert no_reason.status_code == 422
    done = client.post(f"/ik/personel/{pid}/belgeler/{old.id}/gecersiz", headers=H, data={"neden": "Yenisi geldi"})
    assert done.status_code == 303
    twice = client.post(f"/ik/personel/{pid}/belgeler/{old.id}/gecersiz", headers=H, data={"neden": "Yine"})
    assert twice.status_code == 409
    page = client.get(f"/ik/personel/{pid}/belgeler", headers=H).get_data(as_text=True)
    assert "<del>" in page and "Yenisi geldi" in page and email in page and "yeni.pdf" in page
    assert page.index("yeni.pdf") < page.index("eski.pdf")  # newest first
    only = client.get(f"/ik/personel/{pid}/belgeler?tur={_kind('diploma')}", headers=H).get_data(as_text=True)
    assert "eski.pdf" not in only and "Bu türde belge yok" in only
    assert client.get(f"/ik/personel/{pid}/belgeler/{old.id}", headers=H).status_code == 200  # still there


def test_another_persons_or_tenants_document_is_not_found_and_reading_is_not_managing(client):
    ids_apart("ik_personel_belgeleri")
    theirs = _person("beta")
    with services.bound("beta"):
        beta_doc = ozluk.yukle(theirs, pdf_bytes(), "b.pdf", tur_id=_kind("diploma", "beta"),
                               belge_tarihi=date(2026, 1, 1), actor=ACTOR).id
        db.session.commit()
    a, b = _person(), _person()
    staff_with(client, "alfa", GORUNTULE, YONET)
    assert _upload(client, a, pdf_bytes(), "a.pdf").status_code == 303
    [doc] = _docs(a)
    assert client.get(f"/ik/personel/{b}/belgeler/{doc.id}", headers=H).status_code == 404
    assert client.post(f"/ik/personel/{b}/belgeler/{doc.id}/gecersiz", headers=H,
                       data={"neden": "x"}).status_code == 404
    assert client.get(f"/ik/personel/{a}/belgeler/{beta_doc}", headers=H).status_code == 404
    assert client.get(f"/api/v1/ik/personel/{a}/belgeler/{beta_doc}/icerik", headers=H).status_code == 404
    staff_with(client, "alfa", GORUNTULE)
    assert client.get(f"/ik/personel/{a}/belgeler/{doc.id}", headers=H).status_code == 200
    assert _upload(client, a, pdf_bytes(), "c.pdf").status_code == 403
    assert client.post(f"/ik/personel/{a}/belgeler/{doc.id}/gecersiz", headers=H,
                       data={"neden": "x"}).status_code == 403
    staff_with(client, "alfa", HAZIRLA)
    assert client.get(f"/ik/personel/{a}/belgeler", headers=H).status_code == 403
    assert client.get(f"/ik/personel/{a}/belgeler/{doc.id}", headers=H).status_code == 403


def test_self_service_lists_and_downloads_my_documents_only(client):
    email = f"ozluk{new_tckn()[:6]}@alfa.bel.tr"
    me, other = _person(eposta=email), _person()
    with services.bound("alfa"):
        mine = ozluk.yukle(me, pdf_bytes(), "benim.pdf", tur_id=_kind("diploma"), belge_tarihi=date(2026, 1, 1),
                           actor=ACTOR).id
        theirs = ozluk.yukle(other, pdf_bytes(), "onun.pdf", tur_id=_kind("diploma"), belge_tarihi=date(2026, 1, 1),
                             actor=ACTOR).id
        db.session.commit()
    staff_with(client, "alfa", email=email)
    page = client.get("/ik/benim", headers=H).get_data(as_text=True)
    assert "benim.pdf" in page and "onun.pdf" not in page and "Geçersiz kıl" not in page
    got = client.get(f"/ik/benim/belge/{mine}", headers=H)
    assert got.status_code == 200 and got.data.startswith(b"%PDF") and got.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/ik/benim/belge/{theirs}", headers=H).status_code == 404
    api = client.get("/api/v1/ik/benim/belgeler", headers=H)
    assert [r["dosya_adi"] for r in api.json] == ["benim.pdf"] and "icerik" not in api.json[0]
    assert client.get(f"/api/v1/ik/benim/belgeler/{theirs}/icerik", headers=H).status_code == 404
    assert client.get(f"/api/v1/ik/benim/belgeler/{mine}/icerik", headers=H).data.startswith(b"%PDF")
    assert client.get(f"/ik/personel/{me}/belgeler", headers=H).status_code == 403  # not the office's page
    staff_with(client, "alfa")  # no staff record
    assert client.get(f"/ik/benim/belge/{mine}", headers=H).status_code == 404


def test_documents_ending_within_30_days_are_listed_and_counted(client):
    today = clock.today()
    pid = _person()
    with services.bound("alfa"):
        kind = _kind("saglik")
        before = pano.belge_card().value
        soon = ozluk.yukle(pid, pdf_bytes(), "yakin.pdf", tur_id=kind, belge_tarihi=today - timedelta(days=300),
                           gecerlilik_bitis=today + timedelta(days=10), actor=ACTOR)
        ozluk.yukle(pid, pdf_bytes(), "uzak.pdf", tur_id=kind, belge_tarihi=today - timedelta(days=300),
                    gecerlilik_bitis=today + timedelta(days=90), actor=ACTOR)
        withdrawn = ozluk.yukle(pid, pdf_bytes(), "iptal.pdf", tur_id=kind, belge_tarihi=today - timedelta(days=300),
                                gecerlilik_bitis=today + timedelta(days=5), actor=ACTOR)
        ozluk.gecersiz_kil(pid, withdrawn.id, "Yanlış kişi", actor=ACTOR)
        after = pano.belge_card().value
        soon_id = soon.id
        db.session.commit()
    assert int(after) == int(before) + 1
    staff_with(client, "alfa", GORUNTULE)
    page = client.get("/ik/belgeler/suresi-dolan", headers=H).get_data(as_text=True)
    assert "yakin.pdf" in page and "uzak.pdf" not in page and "iptal.pdf" not in page
    api = client.get("/api/v1/ik/belgeler/suresi-dolan", headers=H)
    assert soon_id in {r["id"] for r in api.json} and "X-Pagination" in api.headers
    staff_with(client, "alfa", HAZIRLA)
    assert client.get("/ik/belgeler/suresi-dolan", headers=H).status_code == 403


def test_the_kinds_page_adds_a_kind_for_managers_only(client):
    staff_with(client, "alfa", GORUNTULE)
    assert "Sağlık raporu" in client.get("/ik/belge-turleri", headers=H).get_data(as_text=True)
    name = f"Tür {uuid.uuid4().hex[:6]}"
    assert client.post("/ik/belge-turleri", headers=H, data={"ad": name}).status_code == 403
    staff_with(client, "alfa", GORUNTULE, YONET)
    assert client.post("/ik/belge-turleri", headers=H, data={"ad": name}).status_code == 303
    assert client.post("/ik/belge-turleri", headers=H, data={"ad": name}).status_code == 422
    assert client.post("/ik/belge-turleri", headers=H, data={"ad": "a\x00b"}).status_code == 422
    assert name in client.get("/ik/belge-turleri", headers=H).get_data(as_text=True)


# --- the API --------------------------------------------------------------------------------------

def test_the_api_round_trip_upload_list_details_download_withdraw(client):
    pid = _person()
    staff_with(client, "alfa", GORUNTULE, YONET)
    data = image_bytes("PNG")
    body = {"tur_id": _kind("sertifika"), "belge_tarihi": "2026-02-01", "gecerlilik_bitis": "2027-02-01",
            "dosya_adi": "sertifika.png", "icerik": base64.b64encode(data).decode(), "aciklama": "Yangın eğitimi"}
    made = client.post(f"/api/v1/ik/personel/{pid}/belgeler", headers=H, json=body)
    assert made.status_code == 201, made.json
    doc = made.json
    assert (doc["icerik_turu"], doc["boyut"], doc["sha256"], doc["tur"], doc["gecersiz"]) == (
        "image/png", len(data), hashlib.sha256(data).hexdigest(), "Kurs ve sertifika", False)
    assert client.post(f"/api/v1/ik/personel/{pid}/belgeler", headers=H, json=body).status_code == 409
    listing = client.get(f"/api/v1/ik/personel/{pid}/belgeler", headers=H)
    assert [r["id"] for r in listing.json] == [doc["id"]] and "X-Pagination" in listing.headers
    assert client.get(f"/api/v1/ik/personel/{pid}/belgeler/{doc['id']}", headers=H).json["dosya_adi"] == \
        "sertifika.png"
    got = client.get(f"/api/v1/ik/personel/{pid}/belgeler/{doc['id']}/icerik", headers=H)
    assert got.data == data and got.mimetype == "image/png" and "attachment" in got.headers["Content-Disposition"]
    withdrawn = client.post(f"/api/v1/ik/personel/{pid}/belgeler/{doc['id']}/gecersiz", headers=H,
                            json={"neden": "Süresi uzatıldı"})
    assert withdrawn.status_code == 200 and withdrawn.json["gecersiz"] and withdrawn.json["gecersiz_eden"]
    assert client.post(f"/api/v1/ik/personel/{pid}/belgeler/{doc['id']}/gecersiz", headers=H,
                       json={"neden": "x"}).status_code == 409
    assert client.get(f"/api/v1/ik/personel/{pid}/belgeler", headers=H).json[0]["gecersiz"] is True
    for bad, field in (({"icerik": "bu base64 değil!"}, "icerik"), ({"aciklama": "a\x00b"}, "aciklama"),
                       ({"icerik": base64.b64encode(b"<html></html>").decode()}, "dosya"),
                       ({"tur_id": 2**63}, "tur_id"), ({"belge_tarihi": "2026-13-01"}, "belge_tarihi"),
                       ({"dosya_adi": "a\x00.pdf"}, "dosya_adi")):
        refused = client.post(f"/api/v1/ik/personel/{pid}/belgeler", headers=H, json={**body, **bad})
        assert refused.status_code == 422 and field in refused.json["errors"], (bad, refused.json)
    assert client.get(f"/api/v1/ik/personel/{2**63}/belgeler", headers=H).status_code == 404
    kinds = client.get("/api/v1/ik/belge-turleri", headers=H).json
    assert "saglik" in {k["kod"] for k in kinds}
    staff_with(client, "alfa", GORUNTULE)
    assert client.post(f"/api/v1/ik/personel/{pid}/belgeler", headers=H,
                       json={**body, "icerik": base64.b64encode(pdf_bytes()).decode()}).status_code == 403


def test_the_openapi_document_describes_the_upload_and_the_download(client):
    doc = client.get("/api/openapi.json", headers=H).json
    upload = doc["paths"]["/api/v1/ik/personel/{personel_id}/belgeler"]["post"]
    ref = upload["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert doc["components"]["schemas"][ref]["properties"]["icerik"]["format"] == "byte"
    download = doc["paths"]["/api/v1/ik/personel/{personel_id}/belgeler/{belge_id}/icerik"]["get"]
    assert set(download["responses"]["200"]["content"]) == {"application/pdf", "image/jpeg", "image/png"}


# --- flask ik fark-bordrosu -----------------------------------------------------------------------

def _runs(slug: str, donem: str) -> list[tuple[str, str]]:
    with services.bound(slug):
        rows = [(r.tur, r.durum) for r in db.session.scalars(select(Bordro).where(Bordro.donem == donem)
                                                              .order_by(Bordro.id))]
        db.session.commit()
    return rows


def test_fark_bordrosu_starts_the_difference_run_of_a_closed_month(app, client):
    runner = app.test_cli_runner()
    _person()
    yetkili = staff_with(client, "alfa", HAZIRLA)
    yetkisiz = staff_with(client, "alfa", GORUNTULE)
    donem = "2026-07"
    with services.bound("alfa"):
        original = bordro.baslat(donem, actor=ACTOR).id
        bordro.hesapla(original)
        db.session.commit()
    for q in jobs.queue("batch").get_jobs():
        q.delete()
    base = ["ik", "fark-bordrosu", "--belediye", "alfa", "--donem", donem, "--kullanici", yetkili]
    not_closed = runner.invoke(args=base)
    assert not_closed.exit_code == 2 and "kapatılmış aylık bordrosu yok" in not_closed.output
    with services.bound("alfa"):
        bordro.kapat(original, date(2026, 7, 31), actor=ACTOR)
        db.session.commit()
    before = _runs("alfa", donem)
    for args, code in ((["--belediye", "yok", "--donem", donem, "--kullanici", yetkili], 1),
                       (["--belediye", "alfa", "--donem", "2026-13", "--kullanici", yetkili], 2),
                       (["--belediye", "alfa", "--donem", "temmuz", "--kullanici", yetkili], 2),
                       (["--belediye", "alfa", "--donem", "2026-08", "--kullanici", yetkili], 2),
                       (["--belediye", "alfa", "--donem", donem, "--kullanici", yetkisiz], 2),
                       (["--belediye", "alfa", "--donem", donem, "--kullanici", "yok@alfa.bel.tr"], 2),
                       (["--belediye", "alfa", "--donem", donem, "--kullanici", yetkili, "--aciklama", "a\x00b"], 2),
                       (["--belediye", "alfa", "--donem", donem, "--kullanici", yetkili, "--aciklama", "x" * 301], 2),
                       (["--belediye", "alfa", "--donem", donem], 2)):
        result = runner.invoke(args=["ik", "fark-bordrosu", *args])
        assert result.exit_code == code, (args, result.output)
    assert _runs("alfa", donem) == before and not jobs.queue("batch").get_jobs()
    result = runner.invoke(args=[*base, "--aciklama", "Fazla mesai unutulmuş"])
    assert result.exit_code == 0, result.output
    [waiting] = jobs.queue("batch").get_jobs()
    record = db.session.get(jobs.JobRecord, uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.tenant_slug) == ("modules.ik.jobs:bordro_hesapla", "alfa")
    assert record.actor.startswith("staff:")
    db.session.commit()
    with services.bound("alfa"):
        fark = db.session.scalar(select(Bordro).where(Bordro.donem == donem, Bordro.tur == "fark"))
        assert fark is not None and fark.duzeltilen_id == original and fark.aciklama == "Fazla mesai unutulmuş"
        audited = db.session.scalar(select(AuditEntry.actor).where(AuditEntry.action == "ik.bordro.baslat",
                                                                   AuditEntry.object_id == str(fark.id)))
        db.session.commit()
    assert audited == f"cli:ik ({yetkili})"
    again = runner.invoke(args=base)  # the page's rule: one open difference run a month
    assert again.exit_code == 2 and "açık bir fark bordrosu" in again.output
