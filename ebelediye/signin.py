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

from . import audit, throttle, uow
from .urls import is_local_path


class LoginForm(FlaskForm):
    email = EmailField(_l("E-posta"), validators=[DataRequired(_l("E-posta gerekli.")), Email(_l("Geçerli bir e-posta girin."))])
    password = PasswordField(_l("Parola"), validators=[DataRequired(_l("Parola gerekli."))])


def handle(form: LoginForm, find_user: Callable[[str], object], realm: str, slug: str | None) -> int | None:
    """Validate ``form``, apply the throttle and the lock, sign in, audit the attempt.

    Returns None when the user is signed in, else the HTTP status for the re-rendered form
    (200 for a first view, 422 for bad input, 429 when locked).
    """
    if not form.validate_on_submit():
        return 422 if request.method == "POST" else 200
    email = form.email.data.strip().lower()
    user = find_user(email)
    key = throttle.account_key(realm, email, slug)
    problem = throttle.verify(key, user, form.password.data)

    def write_audit() -> None:
        audit.record(
            "oturum.ac" if problem is None else "oturum.hata", actor=email, realm=realm,
            object_type=f"{realm}_user", object_id=getattr(user, "id", None),
            after=None if problem is None else {"sonuc": problem}, platform=slug is None,
        )

    write_audit()
    if problem is not None:  # a refused sign-in answers 422/429, which rolls the request's unit back
        uow.after_rollback(write_audit)
    if problem is None:
        login_user(user)
        return None
    # ``problem`` is the Turkish text the audit keeps; the form shows it in the page's language.
    if problem == throttle.WRONG_CREDENTIALS:
        form.password.errors.append(_(throttle.WRONG_CREDENTIALS))
        return 422
    form.password.errors.append(throttle.lock_message(throttle.locked_for(key), translate=True))
    return 429


def safe_next(default: str, prefix: str = "/") -> str:
    """The ?next= target when it stays on this host (and under ``prefix``), else ``default``."""
    target = request.args.get("next", "")
    return target if is_local_path(target, prefix) else default
