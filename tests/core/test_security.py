"""Security and reliability (issue 10): each test here failed on the code before it."""

from __future__ import annotations

from sqlalchemy import text

from ebelediye.extensions import db
from tenants import services
from tests.plugin import ADMIN_HOST, host, sign_in_ministry, sign_in_staff

H = {"Host": host("alfa")}
A = {"Host": ADMIN_HOST}


# --- 2: the audit trail's second page, and its times in Europe/Istanbul -------------------

def _many_audit_rows(table: str, n: int, **extra: str) -> None:
    columns = ", ".join(["at", "actor", "action", *extra])
    values = ", ".join([":at", "'denetci@alfa.bel.tr'", "'deneme.' || g", *(f"'{v}'" for v in extra.values())])
    db.session.execute(text(f"INSERT INTO {table} ({columns}) SELECT {values} FROM generate_series(1, :n) g"),
                       {"n": n, "at": "2026-12-01 21:17:00+00"})


def test_the_tenant_audit_trail_pages_and_shows_istanbul_time(client):
    with services.bound("alfa"):
        _many_audit_rows("audit_entries", 120)
        db.session.commit()
    sign_in_staff(client, "alfa", admin=True)
    for page in ("1", "2", "3"):
        response = client.get(f"/yonetim/denetim?kim=denetci&sayfa={page}", headers=H)
        assert response.status_code == 200, page
        body = response.get_data(as_text=True)
        # stored 21:17 UTC on 1 December is 00:17 on 2 December in Ankara
        assert "02.12.2026 00:17:00" in body and "01.12.2026 21:17" not in body
    assert "sayfa=3" in client.get("/yonetim/denetim?kim=denetci&sayfa=2", headers=H).get_data(as_text=True)
    assert "kim=denetci" in client.get("/yonetim/denetim?kim=denetci&sayfa=2", headers=H).get_data(as_text=True)


def test_the_console_audit_trail_pages(client):
    _many_audit_rows("public.platform_audit_entries", 120, tenant_slug="alfa")
    db.session.commit()
    sign_in_ministry(client)
    for page in ("1", "2", "3"):
        response = client.get(f"/konsol/denetim?belediye=alfa&sayfa={page}", headers=A)
        assert response.status_code == 200, page
        assert "02.12.2026 00:17:00" in response.get_data(as_text=True)


# --- 9: times shown in Europe/Istanbul everywhere -----------------------------------------

AT = "2026-12-01 21:17:00+00"  # 00:17 on 2 December in Ankara


def test_the_kvkk_log_shows_istanbul_time(client):
    with services.bound("alfa"):
        db.session.execute(text(
            "INSERT INTO personal_data_lookups (at, actor, purpose, agency, operation, outcome, duration_ms) "
            "VALUES (:at, 'kvkk@alfa.bel.tr', 'emlak_vergisi', 'kps', 'kisi_sorgula', 'ok', 5)"), {"at": AT})
        db.session.commit()
    sign_in_staff(client, "alfa", admin=True)
    body = client.get("/kvkk/sorgular", headers=H).get_data(as_text=True)
    assert "02.12.2026 00:17:00" in body and "01.12.2026 21:17" not in body


def test_the_console_shows_istanbul_time(client):
    _many_audit_rows("public.platform_audit_entries", 1, tenant_slug="alfa")
    db.session.commit()
    sign_in_ministry(client)
    body = client.get("/konsol/belediye/alfa", headers=A).get_data(as_text=True)
    assert "02.12.2026 00:17" in body and "01.12.2026 21:17" not in body
