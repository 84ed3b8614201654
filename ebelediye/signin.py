"""The one sign-in flow behind every password form (staff portal, ministry console)."""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email

from . import audit, mfa, throttle, uow
from .urls import is_local_path


class LoginForm(FlaskForm):
    email = EmailField(_l("E-posta"), validators=[DataRequired(_l("E-posta gerekli.")), Email(_l("Geçerli bir e-posta girin."))])
    password = PasswordField(_l("Parola"), validators=[DataRequired(_l("Parola gerekli."))])


def handle(form: LoginForm, find_user: Callable[[str], object], realm: str, slug: str | None) -> int | None:
    """Validate ``form``, apply the throttle and the lock, sign in, audit the attempt.

    Returns None when the password step passed (the user is signed in, or, when they need
    a second factor, half-signed-in: see ``awaiting_code``), else the HTTP status for the re-rendered form
    (200 for a first view, 422 for bad input, 429 when locked).
    """
    if not form.validate_on_submit():
        return 422 if request.method == "POST" else 200
    email = form.email.data.strip().lower()
    user = find_user(email)
    key = throttle.account_key(realm, email, slug)
    verdict = throttle.check(key, user, form.password.data, request.remote_addr)
    problem = verdict.problem
    notify = verdict.locked_now and user is not None and throttle.first_notice(key)
    second = problem is None and mfa.required(user)

    def write_audit() -> None:
        audit.record(
            ("oturum.parola" if second else "oturum.ac") if problem is None else "oturum.hata", actor=email, realm=realm,
            object_type=f"{realm}_user", object_id=getattr(user, "id", None),
            after=None if problem is None else {"sonuc": problem}, platform=slug is None,
        )

    def after_refusal() -> None:
        # a refused sign-in answers 422/429, which rolls the request's unit back: its audit
        # row and the owner's notice are written again in their own transaction
        write_audit()
        if notify:
            from . import jobs

            if slug is None:  # a ministry user: the platform's own outbox, the console's link
                _tell_the_ministry_user(user, key)
                record = jobs.create_record(None, "ebelediye.mail:deliver_platform_pending", queue_name="mail",
                                            description="Posta gönderimi (platform)")
            else:
                _tell_the_owner(user, key)
                record = jobs.create_record(slug, "ebelediye.mail:deliver_pending", queue_name="mail",
                                            description="Posta gönderimi")
            jobs.dispatch_after_commit(record)

    write_audit()
    if problem is not None:
        uow.after_rollback(after_refusal)
    if problem is None:
        if second:
            mfa.begin(user, safe_next_raw())  # not signed in until the code step
        else:
            login_user(user)
        return None
    # ``problem`` is the Turkish text the audit keeps; the form shows it in the page's language.
    if problem == throttle.WRONG_CREDENTIALS:
        form.password.errors.append(_(throttle.WRONG_CREDENTIALS))
        return 422
    locked = throttle.locked_for(throttle.source_key(key, request.remote_addr)) or throttle.locked_for(key)
    form.password.errors.append(throttle.lock_message(locked, translate=True))
    return 429


def _tell_the_owner(user, key: str) -> None:
    """Mail a staff member that wrong passwords locked sign-in to their account, with a link
    that lifts the lock for the browser that opens it (``portal.unlock``)."""
    from flask import current_app, url_for

    from . import mail
    from .tenancy import require_tenant

    tenant = require_tenant()
    link = url_for("portal.unlock", token=throttle.unlock_token(key), _external=True)
    minutes = max(1, current_app.config["LOGIN_LOCK_SECONDS"] // 60)
    mail.queue_mail(
        user.email, f"{tenant.name} e-Belediye: hesabınıza hatalı giriş denemeleri",
        f"Merhaba {user.full_name},\n\nHesabınıza ({user.email}) art arda hatalı parolayla giriş denendi; "
        f"denemelerin geldiği adres {minutes} dakika giriş yapamaz (son deneme: {request.remote_addr}).\n\n"
        f"Bu siz değilseniz parolanızı değiştirmeniz iyi olur. Siz iseniz ve şimdi giriş yapmanız gerekiyorsa "
        f"bu bağlantı kilidi açtığınız tarayıcı için kaldırır:\n\n{link}\n")


def _tell_the_ministry_user(user, key: str) -> None:
    """The same notice for a ministry user, from the platform's outbox, with the console's
    unlock link (``console.unlock``)."""
    from flask import current_app, url_for

    from . import mail

    link = url_for("console.unlock", token=throttle.unlock_token(key), _external=True)
    minutes = max(1, current_app.config["LOGIN_LOCK_SECONDS"] // 60)
    mail.queue_platform_mail(
        user.email, "e-Belediye Bakanlık konsolu: hesabınıza hatalı giriş denemeleri",
        f"Merhaba {user.full_name},\n\nBakanlık konsolundaki hesabınıza ({user.email}) art arda hatalı parolayla "
        f"giriş denendi; denemelerin geldiği adres {minutes} dakika giriş yapamaz (son deneme: {request.remote_addr}).\n\n"
        f"Bu siz değilseniz parolanızı değiştirmeniz iyi olur. Siz iseniz ve şimdi giriş yapmanız gerekiyorsa "
        f"bu bağlantı kilidi açtığınız tarayıcı için kaldırır:\n\n{link}\n")


def awaiting_code() -> bool:
    """Whether the password step just passed and a second factor is still due."""
    from flask import session

    return mfa.PENDING in session


def safe_next_raw() -> str:
    return request.args.get("next", "")


def safe_next(default: str, prefix: str = "/") -> str:
    """The ?next= target when it stays on this host (and under ``prefix``), else ``default``."""
    target = request.args.get("next", "")
    return target if is_local_path(target, prefix) else default
