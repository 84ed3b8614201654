"""The staff portal shell on a tenant host: sign-in, one-time set-password link,
dashboard with the menu of the enabled modules.  Roles, lockout and the rest of identity
arrive with the identity issue.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.utils import import_string
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from . import audit, branding, jobs, mail, mfa, rbac, sessions, signin, sms, throttle, uow
from .access import ADMIN, PLATFORM_HOME, access
from .extensions import db
from .identity import (
    MIN_PASSWORD_LENGTH,
    ApiToken,
    StaffUser,
    issue_api_token,
    password_problems,
    staff_by_token,
)
from .signin import LoginForm
from .tenancy import require_tenant
from .throttle import limiter
from .urls import page_number

bp = Blueprint("portal", __name__)


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Yeni parola"),
        validators=[DataRequired(_l("Parola gerekli.")), Length(min=MIN_PASSWORD_LENGTH, message=_l("En az %(min)d karakter."))],
    )
    confirm = PasswordField(
        _l("Yeni parola (tekrar)"), validators=[EqualTo("password", message=_l("Parolalar aynı değil."))]
    )


@bp.route("/")
@access("any", "public", who_by_door={"tenant": "staff"})
def home():
    # "/" is shared: the console and the platform home page take it on their own hosts.
    if g.front_door == ADMIN:
        return redirect("/konsol/")
    if g.front_door == PLATFORM_HOME:
        return render_template("platform_home.html")
    tenant = require_tenant()
    staff_count = db.session.scalar(select(func.count()).select_from(StaffUser))
    cards = []
    for spec in current_app.extensions["ebelediye.registry"]:
        if spec.key not in tenant.modules:
            continue
        for path in spec.dashboard_cards:
            card = import_string(path.replace(":", "."))()
            if card is not None and (card.permission is None or rbac.can(current_user, card.permission)):
                cards.append(card)
    return render_template("portal/dashboard.html", tenant=tenant, staff_count=staff_count, cards=cards)


@bp.route("/giris", methods=["GET", "POST"])
@access("tenant")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    status = signin.handle(
        form, lambda email: db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email)),
        "staff", require_tenant().slug,
    )
    if status is None:
        if signin.awaiting_code():
            return redirect(url_for("portal.second_factor"))
        return redirect(signin.safe_next(url_for("portal.home")))
    return render_template("portal/login.html", form=form), status


@bp.route("/giris/iki-adim", methods=["GET", "POST"])
@access("tenant")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def second_factor():
    """The code step after a right password, for staff who turned the second factor on."""
    from .urls import is_local_path

    found = mfa.pending()
    if found is None:
        return redirect(url_for("portal.login"))
    user, target = found
    form = mfa.CodeForm()
    signed_in, status = mfa.answer(user, form)
    if signed_in:
        return redirect(target if is_local_path(target) else url_for("portal.home"))
    return render_template("mfa/code.html", base="base.html", form=form), status


@bp.route("/giris/kilit-ac/<token>")
@access("tenant")
def unlock(token: str):
    """The owner's link from the lock notice: lifts the lock for this browser's address."""
    key = throttle.key_of_unlock_token(token)
    if key is None or not key.startswith(f"t:{require_tenant().slug}:"):
        return render_template("portal/link_invalid.html"), 404
    throttle.unlock(key, request.remote_addr)
    flash(_("Giriş kilidi bu tarayıcı için kaldırıldı; şimdi giriş yapabilirsiniz."), "success")
    return redirect(url_for("portal.login"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-posta"), validators=[DataRequired(_l("E-posta gerekli.")), Email(_l("Geçerli bir e-posta girin."))])


RESET_SENT = _l("Bu e-posta adresi kayıtlıysa parola sıfırlama bağlantısı gönderildi. "
                "Bağlantı %(minutes)d dakika geçerlidir.")


@bp.route("/parolami-unuttum", methods=["GET", "POST"])
@access("tenant")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotForm()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email))
        tenant = require_tenant()
        if user is not None and user.is_active:
            token = user.issue_set_password_token(minutes / 60)
            link = url_for("portal.set_password", token=token, _external=True)
            mail.queue_mail(
                user.email, f"{tenant.name} e-Belediye parola sıfırlama",
                f"Merhaba {user.full_name},\n\nParolanızı sıfırlamak için bu bağlantıyı kullanın "
                f"(tek kullanımlık, {minutes} dakika geçerli):\n\n{link}\n\n"
                "Bu isteği siz yapmadıysanız bu iletiyi yok sayabilirsiniz.\n",
            )
            audit.record("parola.sifirlama_istegi", actor=email, realm="staff", object_type="staff_user", object_id=user.id)
            jobs.enqueue(tenant.slug, "ebelediye.mail:deliver_pending", queue_name="mail",
                         description="Posta gönderimi")
        # The same answer either way: the page must not reveal which addresses exist.
        flash(str(RESET_SENT) % {"minutes": minutes}, "success")
        return redirect(url_for("portal.login"))
    return render_template("portal/forgot.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/gelistirme/posta")
@access("tenant", "tenant_admin")
def dev_inbox():
    """Development only: the tenant's outbox, so one-time links can be followed locally.

    A tenant admin's only (the links in it take over accounts); a newly provisioned
    municipality's first admin finds their link in the ministry console's copy of it."""
    if not mail.dev_inbox_enabled():
        abort(404)
    messages = mail.outbox_page(page_number())
    return render_template("portal/dev_inbox.html", messages=messages, sms_messages=sms.recent(20),
                           layout="base.html")


@bp.route("/cikis", methods=["POST"])
@access("tenant")
def logout():
    logout_user()
    return redirect(url_for("portal.login"))


@bp.route("/sifre-belirle/<token>", methods=["GET", "POST"])
@access("tenant")
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
            theirs = user.get_id()
            uow.after_commit(lambda: sessions.end_all(theirs))  # whoever held a session before the reset loses it
            flash(_("Parolanız kaydedildi. Şimdi giriş yapabilirsiniz."), "success")
            return redirect(url_for("portal.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("portal/set_password.html", form=form, user=user,
                           hours=current_app.config["SET_PASSWORD_LINK_HOURS"]), status


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Şu anki parola"), validators=[DataRequired(_l("Şu anki parolanız gerekli."))])
    password = PasswordField(
        _l("Yeni parola"),
        validators=[DataRequired(_l("Parola gerekli.")), Length(min=MIN_PASSWORD_LENGTH, message=_l("En az %(min)d karakter."))],
    )
    confirm = PasswordField(_l("Yeni parola (tekrar)"), validators=[EqualTo("password", message=_l("Parolalar aynı değil."))])


class TokenForm(FlaskForm):
    name = StringField(_l("Anahtarın adı"), validators=[DataRequired(_l("Bir ad verin (ör. 'muhasebe entegrasyonu').")), Length(max=100)])


def _account_page(password_form=None, token_form=None, new_token=None, status=200, mfa_form=None):
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.staff_id == current_user.id).order_by(ApiToken.id.desc())
    ).all()
    return render_template("portal/account.html", password_form=password_form or PasswordChangeForm(),
                           token_form=token_form or TokenForm(), tokens=tokens, new_token=new_token,
                           mfa_form=mfa_form or mfa.DisableForm(),
                           recovery_left=len(current_user.mfa_recovery or []),
                           mfa_required=mfa.required_for_staff()), status


@bp.route("/hesabim/iki-adim", methods=["GET", "POST"])
@access("tenant", "staff")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def enrol():
    """Turn the second factor on: scan the QR code, confirm with a code, see the recovery codes once."""
    user = current_user._get_current_object()
    if user.mfa_secret:
        return redirect(url_for("portal.account"))
    form = mfa.CodeForm()
    status = 200
    if form.validate_on_submit():
        locked = mfa.locked_message(user)
        codes = None if locked else mfa.enrol(user, form.code.data)
        if codes is not None:
            return render_template("mfa/codes.html", base="base.html", codes=codes, next_url=url_for("portal.account"))
        form.code.errors.append(locked or mfa.refused(user))
        status = 429 if locked else 422
    elif request.method == "POST":
        status = 422
    secret = mfa.enrolment_secret(user)
    return render_template("mfa/enrol.html", base="base.html", form=form, secret=secret,
                           qr=mfa.qr_data_uri(mfa.provisioning_uri(user, secret))), status


def _second_factor_or_password(form) -> bool:
    """Whether the form proves the owner: a current code (spent) or the password."""
    return mfa.owner_proven(current_user._get_current_object(), form)


@bp.route("/hesabim/iki-adim/kapat", methods=["POST"])
@access("tenant", "staff")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def disable_second_factor():
    form = mfa.DisableForm()
    if current_user.mfa_secret and mfa.required_for_staff():
        form.code.errors = [*form.code.errors, _("Kurumunuz iki adımlı doğrulamayı zorunlu kıldı; kapatılamaz.")]
        return _account_page(mfa_form=form, status=422)
    if current_user.mfa_secret and form.validate_on_submit() and _second_factor_or_password(form):
        mfa.disable(current_user._get_current_object())
        flash(_("İki adımlı doğrulama kapatıldı."), "success")
        return redirect(url_for("portal.account"))
    return _account_page(mfa_form=form, status=422)


@bp.route("/hesabim/iki-adim/kodlar", methods=["POST"])
@access("tenant", "staff")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def regenerate_recovery_codes():
    form = mfa.DisableForm()
    if current_user.mfa_secret and form.validate_on_submit() and _second_factor_or_password(form):
        codes = mfa.regenerate(current_user._get_current_object())
        return render_template("mfa/codes.html", base="base.html", codes=codes, next_url=url_for("portal.account"))
    return _account_page(mfa_form=form, status=422)


@bp.route("/kurum/logo")
@access("tenant", "public")
def logo():
    """The municipality's logo (set at /yonetim/kurum), for its pages' header; public, since
    the sign-in and the citizen pages show it too. The URL carries the logo's digest, so it
    is cached for a year and a new logo is a new URL."""
    found = branding.logo()
    if found is None:
        abort(404)
    data, mimetype, digest = found
    response = current_app.response_class(data, mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline"
    response.set_etag(digest)
    return response.make_conditional(request)


@bp.route("/hesabim")
@access("tenant", "staff")
def account():
    return _account_page()


@bp.route("/hesabim/parola", methods=["POST"])
@access("tenant", "staff")
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Şu anki parola hatalı."))
        else:
            problems = password_problems(form.password.data)
            if problems:
                form.password.errors.extend(problems)
            else:
                current_user.set_password(form.password.data)
                audit.record("parola.degistir", actor=current_user.email, realm="staff",
                             object_type="staff_user", object_id=current_user.id)
                mine = current_user.get_id()
                uow.after_commit(lambda: sessions.end_others(mine))  # other devices sign in again
                flash(_("Parolanız değiştirildi."), "success")
                return redirect(url_for("portal.account"))
    return _account_page(password_form=form, status=422)


@bp.route("/hesabim/oturumlar/kapat", methods=["POST"])
@access("tenant", "staff")
def sign_out_everywhere():
    """End every session of the signed-in staff member, this one included."""
    user_id = current_user.get_id()
    ended = sessions.end_all(user_id)
    audit.record("oturum.hepsini_kapat", actor=current_user.email, realm="staff", object_type="staff_user",
                 object_id=current_user.id, after={"oturum": ended})
    logout_user()
    flash(_("Bütün cihazlardaki oturumlarınız kapatıldı."), "success")
    return redirect(url_for("portal.login"))


@bp.route("/hesabim/anahtarlar", methods=["POST"])
@access("tenant", "staff")
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _account_page(token_form=form, status=422)
    token, plain = issue_api_token(current_user, form.name.data.strip())
    db.session.flush()
    audit.record("api_anahtari.olustur", actor=current_user.email, realm="staff", object_type="api_token",
                 object_id=token.id, after={"name": token.name, "prefix": token.prefix})
    # Shown once: only its hash is kept.
    return _account_page(new_token=plain, status=201)


@bp.route("/hesabim/anahtarlar/<int:token_id>/iptal", methods=["POST"])
@access("tenant", "staff")
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.staff_id != current_user.id:
        abort(404)
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        audit.record("api_anahtari.iptal", actor=current_user.email, realm="staff", object_type="api_token",
                     object_id=token.id)
    flash(_("Anahtar iptal edildi."), "success")
    return redirect(url_for("portal.account"))
