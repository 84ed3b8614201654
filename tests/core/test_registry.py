"""The module registry: discovery, requirements, per-tenant 404s and menus."""

import pytest

from ebelediye.registry import ModuleSpec, Registry, RegistryError, discover
from tenants import services
from tests.plugin import host, sign_in_staff


def spec(key, requires=()):
    return ModuleSpec(key=key, name_tr=key, name_en=key, version="1", requires=requires)


def test_dependency_order_puts_requirements_first():
    registry = Registry([spec("c", ("b",)), spec("b", ("a",)), spec("a")], [])
    assert registry.keys() == ["a", "b", "c"]
    assert registry.closure({"c"}) == ["a", "b", "c"]


def test_cycle_is_refused():
    with pytest.raises(RegistryError, match="döngü"):
        Registry([spec("a", ("b",)), spec("b", ("a",))], [])


def test_missing_requirement_is_refused_at_load():
    with pytest.raises(RegistryError, match="gerektiriyor"):
        Registry([spec("b", ("a",))], [])


def test_listed_but_not_installed_is_reported_not_loaded():
    registry = discover(["ornek", "yok_boyle"], {"ornek": "tests.fixtures.ornek:spec"})
    assert registry.keys() == ["ornek"]
    assert registry.missing == ["yok_boyle"]


def test_installed_but_not_listed_is_not_loaded():
    registry = discover([], {"ornek": "tests.fixtures.ornek:spec"})
    assert len(registry) == 0


def test_a_path_that_is_not_a_spec_is_refused():
    with pytest.raises(RegistryError):
        discover(["ornek"], {"ornek": "tests.fixtures.ornek_ek:spec"})


def test_enabling_without_requirement_is_refused_with_clear_message():
    with pytest.raises(RegistryError, match="Önce bunları etkinleştirin"):
        services.registry().check_enable("ornek_ek", set())


def test_disabled_module_routes_404_per_tenant(client):
    assert client.get("/ornek/", headers={"Host": host("alfa")}).status_code == 200
    services.disable_module("alfa", "ornek", "test")
    assert client.get("/ornek/", headers={"Host": host("alfa")}).status_code == 404
    # beta still has it
    assert client.get("/ornek/", headers={"Host": host("beta")}).status_code == 200
    # ornek_ek is loaded but not enabled anywhere
    assert client.get("/ornek-ek/", headers={"Host": host("beta")}).status_code == 404


def test_module_routes_404_off_tenant_hosts(client):
    assert client.get("/ornek/", headers={"Host": "admin.ebelediye.test"}).status_code == 404
    assert client.get("/ornek/", headers={"Host": "ebelediye.test"}).status_code == 404


def test_enable_runs_migrations_and_seed_and_keeps_data_on_disable(client):
    sign_in_staff(client, "beta")
    services.enable_module("beta", "ornek_ek", "test")
    assert client.get("/ornek-ek/", headers={"Host": host("beta")}).json == {"notes": 0}
    with pytest.raises(RegistryError, match="gerektirdiği"):
        services.disable_module("beta", "ornek", "test")
    services.disable_module("beta", "ornek_ek", "test")
    services.enable_module("beta", "ornek_ek", "test")  # again: idempotent, data kept
    assert client.get("/ornek-ek/", headers={"Host": host("beta")}).status_code == 200


def test_menu_shows_only_enabled_modules(client, app):
    from ebelediye.extensions import db
    from ebelediye.identity import StaffUser

    with services.bound("alfa"):
        user = StaffUser(email="menu@alfa.bel.tr", full_name="Menü")
        user.set_password("parola12345")
        db.session.add(user)
        db.session.commit()
    client.post("/giris", data={"email": "menu@alfa.bel.tr", "password": "parola12345"},
                headers={"Host": host("alfa")})
    page = client.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
    assert 'href="/ornek/"' in page
    services.disable_module("alfa", "ornek", "test")
    page = client.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
    assert 'href="/ornek/"' not in page


def test_dashboard_shows_cards_of_enabled_modules_by_permission(client, app):
    sign_in_staff(client, "alfa")
    page = client.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
    assert "Örnek kayıtlar" in page and "Gizli örnek kart" not in page
    admin = app.test_client()
    sign_in_staff(admin, "alfa", admin=True)
    assert "Gizli örnek kart" in admin.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
    services.disable_module("alfa", "ornek", "test")
    assert "Örnek kayıtlar" not in admin.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)


def test_menu_entries_follow_permissions(client, app):
    sign_in_staff(client, "alfa")
    page = client.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
    assert ">Örnek<" in page and "Örnek yönetimi" not in page
    admin = app.test_client()
    sign_in_staff(admin, "alfa", admin=True)
    assert "Örnek yönetimi" in admin.get("/", headers={"Host": host("alfa")}).get_data(as_text=True)
