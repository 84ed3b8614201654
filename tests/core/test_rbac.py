"""Roles from declared permissions, assigned by the tenant admin, enforced on views."""

import pytest
from sqlalchemy import select, text

from ebelediye import rbac
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.rbac import Role
from tenants import services
from tests.plugin import STAFF_PASSWORD, host, sign_in_staff

H = {"Host": host("alfa")}


def role_id(key):
    with services.bound("alfa"):
        value = db.session.scalar(select(Role.id).where(Role.key == key))
        db.session.commit()
    return value


def staff_id(email):
    with services.bound("alfa"):
        value = db.session.scalar(select(StaffUser.id).where(StaffUser.email == email))
        db.session.commit()
    return value


def test_builtin_roles_exist_in_every_tenant():
    for slug in ("alfa", "beta"):
        with services.bound(slug):
            keys = db.session.scalars(select(Role.key).where(Role.builtin.is_(True)).order_by(Role.key)).all()
            db.session.commit()
        assert keys == ["denetci", "yonetici"]


def test_staff_without_roles_is_forbidden_admin_pages(client):
    sign_in_staff(client, "alfa")
    assert client.get("/yonetim/kullanicilar", headers=H).status_code == 403
    assert client.get("/yonetim/denetim", headers=H).status_code == 403


def test_admin_composes_a_role_creates_a_user_and_assigns_it(app):
    admin, clerk = app.test_client(), app.test_client()
    sign_in_staff(admin, "alfa", "bt@alfa.bel.tr", admin=True)
    form = admin.get("/yonetim/roller/yeni", headers=H).get_data(as_text=True)
    assert "ornek.kayit.olustur" in form and "cekirdek.denetim.goruntule" in form  # module + core perms
    response = admin.post("/yonetim/roller/yeni", headers=H, data={
        "key": "denetim_okur", "name": "Denetim okuru", "permissions": ["cekirdek.denetim.goruntule"]})
    assert response.status_code == 302
    response = admin.post("/yonetim/kullanicilar", headers=H, data={"email": "Ayse@alfa.bel.tr", "full_name": "Ayşe Kaya"})
    assert response.status_code == 302
    clerk_id = staff_id("ayse@alfa.bel.tr")
    response = admin.post(f"/yonetim/kullanicilar/{clerk_id}", headers=H,
                          data={"roles": [str(role_id("denetim_okur"))], "active": "1"})
    assert response.status_code == 302
    with services.bound("alfa"):
        user = db.session.get(StaffUser, clerk_id)
        user.set_password(STAFF_PASSWORD)
        db.session.commit()
    assert clerk.post("/giris", data={"email": "ayse@alfa.bel.tr", "password": STAFF_PASSWORD}, headers=H).status_code == 302
    assert clerk.get("/yonetim/denetim", headers=H).status_code == 200
    assert clerk.get("/yonetim/kullanicilar", headers=H).status_code == 403
    # the admin's changes are in the audit log the clerk may read
    page = clerk.get("/yonetim/denetim?islem=rol", headers=H).get_data(as_text=True)
    assert "rol.kaydet" in page
    page = clerk.get(f"/yonetim/denetim?nesne=staff_user:{clerk_id}", headers=H).get_data(as_text=True)
    assert "kullanici.guncelle" in page and "denetim_okur" in page


def test_auditor_builtin_role_reads_but_does_not_manage(app):
    client = app.test_client()
    email = sign_in_staff(client, "alfa")
    with services.bound("alfa"):
        db.session.execute(text("INSERT INTO staff_roles (staff_id, role_id) SELECT s.id, r.id FROM staff_users s, roles r "
                                "WHERE s.email = :e AND r.key = 'denetci'"), {"e": email})
        db.session.commit()
    assert client.get("/yonetim/denetim", headers=H).status_code == 200
    assert client.get("/yonetim/roller", headers=H).status_code == 403


def test_bad_role_input_changes_nothing(client):
    sign_in_staff(client, "alfa", admin=True)
    with services.bound("alfa"):
        before = db.session.execute(text("SELECT key, name FROM roles ORDER BY key")).all()
        db.session.commit()
    bad = client.post("/yonetim/roller/yeni", headers=H, data={"key": "Kötü Anahtar", "name": "", "permissions": ["yok.boyle.yetki"]})
    assert bad.status_code == 422 and "Bilinmeyen yetki" in bad.get_data(as_text=True)
    bad = client.post("/yonetim/roller/yeni", headers=H, data={"key": "Kötü Anahtar", "name": ""})
    assert bad.status_code == 422 and "Küçük harf" in bad.get_data(as_text=True)
    duplicate = client.post("/yonetim/roller/yeni", headers=H, data={"key": "yonetici", "name": "Kopya"})
    assert duplicate.status_code == 422 and "zaten var" in duplicate.get_data(as_text=True)
    with services.bound("alfa"):
        assert db.session.execute(text("SELECT key, name FROM roles ORDER BY key")).all() == before
        assert [k for k, _ in before] == ["denetci", "yonetici"]  # the two built-in roles, untouched
        db.session.commit()


def test_builtin_roles_cannot_be_edited(client):
    sign_in_staff(client, "alfa", admin=True)
    response = client.post(f"/yonetim/roller/{role_id('denetci')}", headers=H,
                           data={"key": "denetci", "name": "Her şey", "permissions": ["cekirdek.kullanici.yonet"]},
                           follow_redirects=True)
    assert "Yerleşik roller değiştirilemez" in response.get_data(as_text=True)


def test_admin_cannot_deactivate_self_and_deactivated_users_cannot_sign_in(app):
    admin = app.test_client()
    email = sign_in_staff(admin, "alfa", admin=True)
    response = admin.post(f"/yonetim/kullanicilar/{staff_id(email)}", headers=H, data={}, follow_redirects=True)
    assert "Kendi hesabınızı devre dışı bırakamazsınız" in response.get_data(as_text=True)
    other = app.test_client()
    other_email = sign_in_staff(other, "alfa")
    admin.post(f"/yonetim/kullanicilar/{staff_id(other_email)}", headers=H, data={})
    assert app.test_client().post("/giris", data={"email": other_email, "password": STAFF_PASSWORD}, headers=H).status_code == 422


def test_user_form_refuses_duplicates_and_bad_addresses(client):
    sign_in_staff(client, "alfa", "bt@alfa.bel.tr", admin=True)
    assert client.post("/yonetim/kullanicilar", headers=H, data={"email": "bt@alfa.bel.tr", "full_name": "Tekrar"}).status_code == 422
    assert client.post("/yonetim/kullanicilar", headers=H, data={"email": "adres", "full_name": "X"}).status_code == 422


def test_maker_checker():
    rule = rbac.SodRule("muhasebe.fis.hazirla", "muhasebe.fis.onayla")
    rbac.check_maker_checker(rule, maker_id=1, checker_id=2)
    with pytest.raises(rbac.PermissionDenied, match="görevler ayrılığı"):
        rbac.check_maker_checker(rule, maker_id=7, checker_id=7)


def test_require_for_services_and_jobs():
    with services.bound("alfa"):
        user = StaffUser(email="rol@alfa.bel.tr", full_name="Rolsüz")
        db.session.add(user)
        db.session.flush()
        with pytest.raises(rbac.PermissionDenied):
            rbac.require(user, "cekirdek.kullanici.yonet")
        user.is_tenant_admin = True
        rbac.require(user, "cekirdek.kullanici.yonet")
        db.session.rollback()
