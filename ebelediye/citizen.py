"""Citizen pages under ``/e-hizmet`` on a tenant host, and the e-Devlet sign-in.

A citizen is national (one row in ``public.citizens`` per TC Kimlik No) but a citizen
session is bound to the municipality whose host minted it (``citizen:<slug>:<id>``).  The
municipality never stores a citizen password: sign-in is an OIDC-style round trip to the
e-Devlet Kapısı (mocked by the agency mock server), with ``state`` against cross-site
request forgery and a ``nonce`` against replay, and a signed assertion whose audience is
this municipality.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy import BigInteger, DateTime, Identity, String, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.utils import import_string

from . import audit, uow
from .access import access
from .connectors import edevlet, kvkk, signing
from .connectors.settings import Settings
from .extensions import Model, db
from .i18n import N_
from .tenancy import current_tenant, require_tenant
from .urls import is_local_path

bp = Blueprint("e_hizmet", __name__, url_prefix="/e-hizmet")


class Citizen(UserMixin, Model):
    __tablename__ = "citizens"
    __table_args__ = {"schema": "public"}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    tckn: Mapped[str] = mapped_column(String(11), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    realm = "citizen"
    email = None

    def get_id(self) -> str:
        tenant = current_tenant()
        return f"citizen:{tenant.slug if tenant else '?'}:{self.id}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_tckn(self) -> str:
        return self.tckn[:3] + "*****" + self.tckn[-3:]


@dataclass(frozen=True)
class CitizenItem:
    """A row of "başvurularım" (kind "basvuru") or "ödemelerim" (kind "odeme"), from a module."""

    kind: str
    title: str
    status: str
    on: date | None = None
    url: str | None = None
    amount: str | None = None


def load_citizen(rest: str):
    """Flask-Login loader for ``citizen:<slug>:<id>``: valid only on that tenant's host."""
    slug, _, local_id = rest.partition(":")
    tenant = current_tenant()
    if tenant is None or tenant.slug != slug or not local_id.isdigit():
        return None
    return db.session.get(Citizen, int(local_id))


def _settings() -> Settings:
    return Settings.from_config(current_app.config)


def _items(kind: str) -> list[CitizenItem]:
    tenant = require_tenant()
    items: list[CitizenItem] = []
    for spec in current_app.extensions["ebelediye.registry"]:
        if spec.key in tenant.modules and spec.citizen_items:
            items.extend(i for i in import_string(spec.citizen_items.replace(":", "."))(current_user.tckn) if i.kind == kind)
    return sorted(items, key=lambda i: i.on or date.min, reverse=True)


@bp.route("/")
@access("tenant")
def home():
    tenant = require_tenant()
    services = [entry for spec in current_app.extensions["ebelediye.registry"]
                if spec.key in tenant.modules for entry in spec.citizen_menu]
    return render_template("e_hizmet/home.html", services=services)


@bp.route("/giris")
@access("tenant")
def sign_in():
    """Send the browser to e-Devlet with a fresh state and nonce kept in the session."""
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    session["edevlet"] = {"state": state, "nonce": nonce, "next": request.args.get("next", "")}
    return redirect(edevlet.authorize_url(
        _settings(), client_id=require_tenant().slug, state=state, nonce=nonce,
        redirect_uri=url_for("e_hizmet.sign_in_return", _external=True)))


@bp.route("/giris/donus")
@access("tenant")
def sign_in_return():
    pending = session.pop("edevlet", None)
    tenant = require_tenant()
    problem = None
    if request.args.get("error") == "access_denied":
        problem = N_("e-Devlet girişi iptal edildi.")
    elif not pending or not secrets.compare_digest(pending["state"], request.args.get("state", "")):
        problem = N_("Giriş isteği bulunamadı ya da süresi doldu; lütfen yeniden deneyin.")
    else:
        try:
            identity = edevlet.verify_assertion(_settings(), request.args.get("assertion", ""),
                                                client_id=tenant.slug, nonce=pending["nonce"])
        except signing.TokenError:
            problem = N_("e-Devlet yanıtı doğrulanamadı; lütfen yeniden deneyin.")
    if problem:
        # the answer is a 400, which rolls the request's unit back: the audit row is written after it
        uow.after_rollback(lambda: audit.record("vatandas.giris_hata", actor=None, realm="citizen",
                                                after={"sonuc": problem}))
        flash(_(problem), "error")  # the audit above keeps the Turkish text
        return render_template("e_hizmet/home.html", services=[]), 400
    citizen = db.session.scalar(select(Citizen).where(Citizen.tckn == identity.tckn))
    if citizen is None:
        citizen = Citizen(tckn=identity.tckn, first_name=identity.ad, last_name=identity.soyad)
        db.session.add(citizen)
    citizen.first_name, citizen.last_name = identity.ad, identity.soyad
    citizen.last_sign_in_at = datetime.now(UTC)
    db.session.flush()
    audit.record("vatandas.giris", actor=citizen.masked_tckn, realm="citizen", object_type="citizen",
                 object_id=citizen.id)
    login_user(citizen)
    target = pending.get("next", "")
    return redirect(target if is_local_path(target, "/e-hizmet/") else url_for("e_hizmet.home"))


@bp.route("/cikis", methods=["POST"])
@access("tenant", "citizen")
def sign_out():
    logout_user()
    return redirect(url_for("e_hizmet.home"))


@bp.route("/basvurularim")
@access("tenant", "citizen")
def applications():
    return render_template("e_hizmet/items.html", title=_("Başvurularım"), items=_items("basvuru"),
                           empty=_("Bu belediyede başvurunuz yok."))


@bp.route("/odemelerim")
@access("tenant", "citizen")
def payments():
    return render_template("e_hizmet/items.html", title=_("Ödemelerim"), items=_items("odeme"),
                           empty=_("Bu belediyeye yaptığınız ödeme yok."))


@bp.route("/kisisel-verilerim")
@access("tenant", "citizen")
def who_looked_me_up():
    """KVKK: who at this municipality looked up the citizen's data at an agency, and why."""
    return render_template("e_hizmet/lookups.html", rows=kvkk.who_looked_me_up(current_user.tckn))
