"""Demo data for ``make run``: a ministry user and two municipalities with staff.

Idempotent: a second run finds everything in place and only prints the logins.
The passwords are for a local demo only and are printed on every start.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from ebelediye import jobs
from ebelediye.extensions import db
from ebelediye.identity import StaffUser

from . import services
from .models import MinistryUser, Tenant

MINISTRY_EMAIL = "bakanlik@ebelediye.gov.tr"
MINISTRY_PASSWORD = "Bakanlik2026demo"
STAFF_PASSWORD = "Belediye2026demo"
TENANTS = [
    ("cankaya", "Çankaya Belediyesi", "Ankara", "Çankaya", "250k+"),
    ("nilufer", "Nilüfer Belediyesi", "Bursa", "Nilüfer", "250k+"),
]
ACTOR = "demo"


def seed() -> list[str]:
    """Create what is missing; return the lines of logins to print."""
    if db.session.scalar(select(func.count()).select_from(MinistryUser).where(MinistryUser.email == MINISTRY_EMAIL)) == 0:
        user = MinistryUser(email=MINISTRY_EMAIL, full_name="Bakanlık Demo Kullanıcısı")
        user.set_password(MINISTRY_PASSWORD)
        db.session.add(user)
        db.session.commit()
    all_modules = services.registry().keys()
    for number, (slug, name, province, district, band) in enumerate(TENANTS, 1):
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        _progress(f"{name} ({number}/{len(TENANTS)}): " + ("kuruluyor" if tenant is None else "hazır, eksikler tamamlanıyor"))
        if tenant is None:
            _, record = services.request_tenant(
                services.ProvisionRequest(slug=slug, name=name, modules=all_modules, province=province,
                                          district=district, population_band=band),
                ACTOR,
            )
            jobs.execute(record)  # the worker's path, run here so the demo is ready at start
        elif tenant.state in ("requested", "provisioning"):
            services.provision(slug, ACTOR)
        with services.bound(slug):
            for email, full_name, admin in (
                (f"yonetici@{slug}.bel.tr", "Demo Yönetici", True),
                (f"personel@{slug}.bel.tr", "Demo Personel", False),
            ):
                if db.session.scalar(select(StaffUser).where(StaffUser.email == email)) is None:
                    user = StaffUser(email=email, full_name=full_name, is_tenant_admin=admin)
                    user.set_password(STAFF_PASSWORD)
                    db.session.add(user)
            db.session.commit()
            _module_lines[slug] = _module_demos(slug)
    return logins()


#: what each tenant's module demos asked to print (e.g. a citizen to try online payment with)
_module_lines: dict[str, list[str]] = {}


def _module_demos(slug: str) -> list[str]:
    """Run the demo hook of every module the tenant has (idempotent); collect their lines."""
    from werkzeug.utils import import_string

    tenant = services.get_tenant(slug)
    info = current_app.extensions["ebelediye.tenants"].by_slug(slug)
    lines: list[str] = []
    keys = services.registry().closure(tenant.enabled_modules())
    for key in sorted(keys, key=lambda k: services.registry().get(k).demo_order):  # stable: then as listed
        spec = services.registry().get(key)
        if spec.demo:
            _progress(f"{spec.name_tr} demo verisi", level=1)
            with services.bound(slug):
                lines += import_string(spec.demo.replace(":", "."))(db.session, info)
                db.session.commit()
    return lines


def _progress(text: str, level: int = 0) -> None:
    """A line of progress on stdout, so a first `make run` never sits silent for minutes."""
    import click

    click.echo(f"{'  ' * (level + 1)}· {text}")


def logins(port: int | None = None) -> list[str]:
    suffix = f":{port}" if port else ""
    from flask import current_app

    base = current_app.config["BASE_DOMAIN"]
    lines = [f"Bakanlık konsolu : http://admin.{base}{suffix}/konsol/   {MINISTRY_EMAIL} / {MINISTRY_PASSWORD}"]
    for slug, name, *_ in TENANTS:
        lines.append(f"{name:<19}: http://{slug}.{base}{suffix}/   yonetici@{slug}.bel.tr / {STAFF_PASSWORD}")
        lines += _module_lines.get(slug, [])
    return lines



