"""Language of the UI: Turkish by default, English on request.

Turkish is the source language (the msgids), so a missing translation still reads right to
municipal staff.  The browser's Accept-Language is deliberately ignored: staff expect
Turkish whatever their browser says; ``/dil/en`` switches the session to English.

Catalogs: the core's in ``ebelediye/translations`` and one per module in
``modules/<key>/translations``.  Modules translate the same Turkish word differently ("Borç"
is a taxpayer's debt in Gelir and a debit in Muhasebe; "Kapat" is closing a period in
Muhasebe and disabling a module in the console), and Flask-Babel's single catalog keeps one
of them.  So each module's pages (requests to its blueprints) read a catalog of their own,
the core's with the module's over it (``module_catalogs``); every other page reads all of
them with the core's over the modules'.  ``make i18n`` extracts and updates them all; translate the new entries in
each ``en/LC_MESSAGES/messages.po`` and run it again to compile (tests/core/test_i18n.py
fails when a catalog is stale).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    session,
)
from flask_babel import Domain, get_locale
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .access import access
from .urls import is_local_path

LANGUAGES = ("tr", "en")
DEFAULT = "tr"

bp = Blueprint("i18n", __name__)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (it is translated where shown)."""
    return message


def locale_selector() -> str:
    """The session's choice when it is a language we ship, else Turkish (also in jobs and
    the CLI, where a lazily translated message is read with no request)."""
    if not has_request_context():
        return DEFAULT
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT


def _safe_next() -> str:
    """A same-host path from ``?next=`` that answers GET, else "/"."""
    target = request.args.get("next", "")
    if not is_local_path(target):
        return "/"
    try:
        current_app.url_map.bind(request.host).match(target.split("?", 1)[0], method="GET")
    except MethodNotAllowed:
        return "/"  # the switch was used on a page answering a POST: it cannot be fetched again
    except HTTPException:
        pass  # unknown or redirected paths answer for themselves
    return target


@bp.route("/dil/<code>")
@access("any")
def switch(code: str):
    if code not in LANGUAGES:
        abort(404)
    session["lang"] = code
    return redirect(_safe_next())


def _forget_locale() -> None:
    # Flask-Babel caches the locale in g, which outlives a request when a caller keeps the
    # app context (as tests do); each request picks its own.
    g.pop("_flask_babel", None)


def module_catalogs(app: Flask) -> dict[str, Domain]:
    """Module key -> the Flask-Babel domain of its pages: the core's catalog, then the
    module's (merged later, so it wins).  A module without a catalog has none here."""
    registry = app.extensions["ebelediye.registry"]
    core = app.config["EBELEDIYE_CORE_TRANSLATIONS"]
    domains = {}
    for spec in registry:
        own = spec.translations_dir(registry.packages.get(spec.key, ""))
        if own is not None:
            domains[spec.key] = Domain(translation_directories=[core, str(own)])
    return domains


def _use_module_catalog() -> None:
    """On a module's page, its own catalog (the owner of the request's blueprint)."""
    owner = current_app.extensions["ebelediye.registry"].blueprint_owner.get(request.blueprint or "")
    domain = current_app.extensions["ebelediye.module_catalogs"].get(owner) if owner else None
    if domain is not None:
        domain.as_default()


def _template_globals() -> dict:
    locale = get_locale()
    return {"current_lang": locale.language if locale is not None else DEFAULT}


def bilingual(obj: object, field: str) -> str:
    """``obj.<field>_en`` in English, else ``obj.<field>_tr``: for names that modules declare
    in both languages (ModuleSpec, MenuEntry, Permission)."""
    locale = get_locale()
    if locale is not None and locale.language == "en":
        return getattr(obj, f"{field}_en", None) or getattr(obj, f"{field}_tr")
    return getattr(obj, f"{field}_tr")


def init_app(app: Flask) -> None:
    """Install the locale selector (after ``babel.init_app``) and the ``/dil/<code>`` route."""
    app.extensions["babel"].locale_selector = locale_selector
    app.before_request(_forget_locale)
    app.extensions["ebelediye.module_catalogs"] = module_catalogs(app)
    app.before_request(_use_module_catalog)  # after _forget_locale, which clears the domain too
    app.register_blueprint(bp)
    app.context_processor(_template_globals)
    app.add_template_filter(bilingual, "bilingual")
