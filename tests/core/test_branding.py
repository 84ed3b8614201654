"""The municipality's look: the tenant admin sets its display name, colour and logo; the
header shows them; unreadable colours and anything but a real PNG/JPEG are refused."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from ebelediye import branding
from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from tenants import services
from tests.plugin import host, sign_in_staff, staff_with

H = {"Host": host("alfa")}


def png(size=(64, 64), colour=(10, 74, 127)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def post(client, data, logo=None, name="logo.png"):
    body = {"gorunen_ad": "", "renk": "", **data}
    if logo is not None:
        body["logo"] = (io.BytesIO(logo), name)
    return client.post("/yonetim/kurum", data=body, headers=H, content_type="multipart/form-data")


def test_contrast_is_wcag_s():
    assert branding.contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert branding.contrast_with_white("#000000") == pytest.approx(21.0)
    assert branding.contrast_with_white("#0d6efd") < 4.51  # Bootstrap's primary, at the very edge
    assert branding.contrast_with_white(branding.DEFAULT_COLOUR) >= 4.5


def test_tenant_admin_sets_name_colour_and_logo_and_every_page_shows_them(client):
    sign_in_staff(client, "alfa", admin=True)
    assert client.get("/yonetim/kurum", headers=H).status_code == 200
    response = post(client, {"gorunen_ad": "T.C. Alfa Belediye Başkanlığı", "renk": "#7A1F1F"}, logo=png())
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/", headers=H).get_data(as_text=True)
    assert "T.C. Alfa Belediye Başkanlığı" in page
    assert "--eb-brand: #7a1f1f;" in page
    logo_url = page.split('class="eb-logo" src="')[1].split('"')[0]
    logo = client.get(logo_url, headers=H)
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert Image.open(io.BytesIO(logo.data)).size == (64, 64)
    assert "immutable" in logo.headers["Cache-Control"]
    # the citizen pages and the sign-in page show them too (the logo is public)
    client.post("/cikis", headers=H)
    assert "T.C. Alfa Belediye Başkanlığı" in client.get("/e-hizmet/", headers=H).get_data(as_text=True)
    assert client.get(logo_url, headers=H).status_code == 200
    with services.bound("alfa"):
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "kurum.gorunum")).one()
        assert entry.before == {"gorunen_ad": None, "renk": None, "logo": None}
        assert entry.after["renk"] == "#7a1f1f" and len(entry.after["logo"]) == 64
        db.session.rollback()


def test_the_logo_can_be_removed_and_the_name_falls_back(client):
    sign_in_staff(client, "alfa", admin=True)
    assert post(client, {"gorunen_ad": "Özel Ad"}, logo=png()).status_code == 302
    assert post(client, {"gorunen_ad": "", "logo_kaldir": "1"}).status_code == 302
    page = client.get("/", headers=H).get_data(as_text=True)
    assert "eb-logo" not in page and "Alfa Belediyesi" in page and "Özel Ad" not in page
    assert client.get("/kurum/logo", headers=H).status_code == 404


@pytest.mark.parametrize("data, logo, name, field_message", [
    ({"renk": "#3d8bfd"}, None, None, "beyaz yazı okunmuyor"),
    ({"renk": "#ffff00"}, None, None, "beyaz yazı okunmuyor"),
    ({"renk": "kırmızı"}, None, None, "#RRGGBB"),
    ({"renk": "#12345"}, None, None, "#RRGGBB"),
    ({"gorunen_ad": "x" * 121}, None, None, "120 karakter"),
    ({}, b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "logo.svg", "resim olarak açılamadı"),
    ({}, b"GIF89a" + b"\0" * 100, "logo.gif", "resim olarak açılamadı"),
    ({}, b"\x89PNG\r\n\x1a\n" + b"bozuk" * 20, "logo.png", "resim olarak açılamadı"),
    ({}, "GIF", "logo.gif", "PNG ya da JPEG"),
    ({}, "huge", "logo.png", "1000 piksel"),
    ({}, "big", "logo.png", "256 KB"),
])
def test_bad_input_is_refused_with_the_field_message_and_nothing_changes(client, data, logo, name, field_message):
    sign_in_staff(client, "alfa", admin=True)
    if logo == "GIF":
        out = io.BytesIO()
        Image.new("RGB", (32, 32)).save(out, "GIF")
        logo = out.getvalue()
    elif logo == "huge":
        logo = png((1200, 40))
    elif logo == "big":
        logo = b"\x89PNG" + b"\0" * (branding.MAX_LOGO_BYTES + 10)
    response = post(client, data, logo=logo, name=name)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert field_message in text and "is-invalid" in text
    with services.bound("alfa"):
        assert db.session.scalars(select(branding.KurumGorunumu)).all() == []
        db.session.rollback()


def test_only_the_tenant_admin_changes_the_look(client):
    staff_with(client, "alfa", "cekirdek.kullanici.yonet")
    assert client.get("/yonetim/kurum", headers=H).status_code == 403
    assert post(client, {"renk": "#000000"}).status_code == 403
