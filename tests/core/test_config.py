"""Configuration: environment overrides, and production refusing to start half-configured."""

import pytest

from ebelediye.app import create_app
from ebelediye.config import Config, ConfigurationError, from_environment


def test_environment_overrides_are_typed():
    values = from_environment(Config, {
        "EBELEDIYE_BASE_DOMAIN": "belediye.gov.tr", "EBELEDIYE_DB_POOL_SIZE": "7",
        "EBELEDIYE_TENANT_CACHE_SECONDS": "2.5", "EBELEDIYE_MODULES": "gelir, ik",
        "EBELEDIYE_SESSION_COOKIE_SECURE": "true", "DATABASE_URL": "postgresql://x/y",
    })
    assert values["BASE_DOMAIN"] == "belediye.gov.tr" and values["DB_POOL_SIZE"] == 7
    assert values["TENANT_CACHE_SECONDS"] == 2.5 and values["MODULES"] == ["gelir", "ik"]
    assert values["SESSION_COOKIE_SECURE"] is True and values["DATABASE_URL"] == "postgresql://x/y"


def test_production_refuses_to_start_without_its_secrets(monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EBELEDIYE_DATABASE_URL",
                 "EBELEDIYE_REDIS_URL", "EBELEDIYE_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY, DATABASE_URL, REDIS_URL"):
        create_app({"ENV": "production"})


def test_create_app_touches_no_database(app):
    """The factory only computes addresses: an unreachable database is fine until used.

    (Redis stays the test one: the rate limiter is one object per process, and a second app
    given another Redis would move every app's limits there.)
    """
    app = create_app({"ENV": "testing", "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
                      "REDIS_URL": app.config["REDIS_URL"]})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_passwords_are_hashed_by_the_configured_method(app):
    """Production hashes with scrypt; the suite with a cheap method (hundreds of sign-ins)."""
    from ebelediye import config
    from ebelediye.identity import StaffUser

    assert config.Config.PASSWORD_HASH_METHOD == config.ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"
    user = StaffUser(email="x@alfa.bel.tr", full_name="X")
    user.set_password("parolaParola2026")
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"].split(":")[0] + ":")
    assert user.check_password("parolaParola2026") and not user.check_password("parolaParola2027")
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    try:
        user.set_password("parolaParola2026")
        assert user.password_hash.startswith("scrypt:") and user.check_password("parolaParola2026")
    finally:
        app.config["PASSWORD_HASH_METHOD"] = config.TestingConfig.PASSWORD_HASH_METHOD
