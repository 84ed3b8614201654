"""The staff portal shell on a tenant host: sign-in, one-time set-password link,
dashboard with the menu of the enabled modules.  Roles, lockout and the rest of identity
arrive with the identity issue.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from . import audit, frontdoor
from .extensions import db
from .identity import MIN_PASSWORD_LENGTH, StaffUser, password_problems, staff_by_token
from .tenancy import require_tenant

bp = Blueprint("portal", __name__)


@bp.before_request
def _tenant_hosts_only():
    # "/" is shared: the console and the platform home page take it on their own hosts.
    if request.endpoint == "portal.home" and g.get("front_door") == frontdoor.ADMIN:
        return redirect("/konsol/")
    if request.endpoint == "portal.home" and g.get("front_door") == frontdoor.PLATFORM_HOME:
        return render_template("platform_home.html")
    frontdoor.require_door(frontdoor.TENANT)
    return None


class LoginForm(FlaskForm):
    email = EmailField("E-posta", validators=[DataRequired("E-posta gerekli."), Email("Geçerli bir e-posta girin.")])
    password = PasswordField("Parola", validators=[DataRequired("Parola gerekli.")])


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Yeni parola",
        validators=[DataRequired("Parola gerekli."), Length(min=MIN_PASSWORD_LENGTH, message=f"En az {MIN_PASSWORD_LENGTH} karakter.")],
    )
    confirm = PasswordField(
        "Yeni parola (tekrar)", validators=[EqualTo("password", message="Parolalar aynı değil.")]
    )


@bp.route("/")
@login_required
def home():
    tenant = require_tenant()
    staff_count = db.session.scalar(select(func.count()).select_from(StaffUser))
    return render_template("portal/dashboard.html", tenant=tenant, staff_count=staff_count)


@bp.route("/giris", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email))
        if user is not None and user.is_active and user.check_password(form.password.data):
            login_user(user)
            audit.record("oturum.ac", actor=email, realm="staff", object_type="staff_user", object_id=user.id)
            db.session.commit()
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("portal.home"))
        form.password.errors.append("E-posta ya da parola hatalı.")
    return render_template("portal/login.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/cikis", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("portal.login"))


@bp.route("/sifre-belirle/<token>", methods=["GET", "POST"])
def set_password(token: str):
    user = staff_by_token(token)
    if user is None:
        return render_template("portal/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        problems = password_problems(form.password.data)
        if problems:
            form.password.errors.extend(problems)
        else:
            user.set_password(form.password.data)
            audit.record("parola.belirle", actor=user.email, realm="staff", object_type="staff_user", object_id=user.id)
            db.session.commit()
            flash("Parolanız kaydedildi. Şimdi giriş yapabilirsiniz.", "success")
            return redirect(url_for("portal.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("portal/set_password.html", form=form, user=user,
                           hours=current_app.config["SET_PASSWORD_LINK_HOURS"]), status
