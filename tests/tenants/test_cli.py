"""`flask tenants ...`: bad input exits non-zero with a clear message and changes nothing."""

import pytest
from sqlalchemy import text

from ebelediye.extensions import db
from tests.plugin import REAL_MODULES

BAD_SLUGS = ["A", "x;drop schema public", "çankaya", "a" * 200, "public", "admin", "pg_catalog"]


def counts():
    return (
        db.session.scalar(text("SELECT count(*) FROM public.tenants")),
        db.session.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%'")),
        db.session.scalar(text("SELECT count(*) FROM public.job_records")),
    )


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_create_refuses_bad_slugs_and_creates_nothing(app, slug):
    before = counts()
    result = app.test_cli_runner().invoke(args=["tenants", "create", slug, "--name", "Deneme"])
    assert result.exit_code == 2
    assert "Hata (slug)" in result.output
    assert counts() == before


def test_create_refuses_unknown_module_and_bad_email(app):
    before = counts()
    result = app.test_cli_runner().invoke(
        args=["tenants", "create", "gecerli", "--name", "Geçerli", "--modules", "yok", "--admin-email", "e-posta-degil"])
    assert result.exit_code == 2
    assert "'yok' adlı modül" in result.output and "Geçerli bir e-posta" in result.output
    assert counts() == before


def test_create_refuses_taken_slug(app):
    result = app.test_cli_runner().invoke(args=["tenants", "create", "alfa", "--name", "Alfa 2"])
    assert result.exit_code == 2 and "zaten kullanılıyor" in result.output


def test_create_provisions_and_prints_the_admin_link(app):
    result = app.test_cli_runner().invoke(args=[
        "tenants", "create", "gama", "--name", "Gama Belediyesi", "--modules", "ornek_ek",
        "--admin-email", "bt@gama.bel.tr"])
    assert result.exit_code == 0, result.output
    assert "ornek, ornek_ek" in result.output  # requirement pulled in
    assert "/sifre-belirle/" in result.output


@pytest.mark.parametrize("args, message", [
    (["suspend", "yok"], "'yok' adlı belediye yok"),
    (["resume", "alfa"], "askıda değil"),
    (["enable-module", "alfa", "yok"], "yüklü değil"),
    (["disable-module", "beta", "ornek_ek"], "zaten kapalı"),
    (["restore", "/yok/boyle.tar"], "dosyası yok"),
    (["migrate"], "--all"),
])
def test_refusals_exit_non_zero(app, args, message):
    result = app.test_cli_runner().invoke(args=["tenants", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_list_json(app):
    import json

    result = app.test_cli_runner().invoke(args=["tenants", "list", "--json"])
    rows = {row["slug"]: row for row in json.loads(result.output)}
    # every real module of modules/ is enabled in the shared tenants (tests/plugin.py)
    assert rows["alfa"]["state"] == "active" and rows["alfa"]["modules"] == sorted(["ornek", *REAL_MODULES])


def test_modules_list(app):
    result = app.test_cli_runner().invoke(args=["modules", "list"])
    assert "ornek_ek" in result.output and "gerektirir: ornek" in result.output
