"""The API shell: flask-smorest under ``/api/v1``, OpenAPI 3 at ``/api/openapi.json``,
Swagger UI at ``/api/docs`` served from the ``swagger-ui-bundle`` package (no CDN); both
on tenant hosts only (``DOCS_ACCESS``).

Every error has one shape: ``{"code", "message", "errors": {field: [messages]}}``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from flask import Flask, jsonify, send_from_directory
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Api, Blueprint
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from .access import access
from .inputs import Money, Number, translate
from .tenancy import current_tenant

MESSAGES = {
    400: "İstek anlaşılamadı.",
    401: "Bu işlem için giriş yapmalısınız.",
    403: "Bu işlem için yetkiniz yok.",
    404: "Aradığınız kayıt bulunamadı.",
    405: "Bu yöntem bu adreste kullanılamaz.",
    409: "İşlem mevcut kayıtla çakışıyor.",
    422: "Gönderilen veri geçersiz.",
    429: "Çok fazla istek gönderildi; lütfen biraz bekleyip tekrar deneyin.",
}


def flatten_errors(errors: object) -> dict[str, list[str]]:
    """webargs nests messages by location ({"json": {"field": [...]}}); clients want fields."""
    if not isinstance(errors, dict):
        return {}
    if set(errors) <= {"json", "query", "form", "headers", "files", "path", "cookies"}:
        merged: dict[str, list[str]] = {}
        for part in errors.values():
            merged.update(flatten_errors(part))
        return merged
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        if isinstance(value, dict):
            for sub, messages in flatten_errors(value).items():
                flat[f"{key}.{sub}"] = messages
        else:
            flat[str(key)] = [translate(m) for m in (value if isinstance(value, list) else [value])]
    return flat


class EBelediyeApi(Api):
    def handle_http_exception(self, error: HTTPException):
        code = error.code or 500
        data = getattr(error, "data", {}) or {}
        body = {
            "code": code,
            "message": data.get("message") or MESSAGES.get(code, error.description or "Hata"),
            "errors": flatten_errors(data.get("messages", {})),
        }
        headers = data.get("headers") or {}
        return jsonify(body), code, headers


api = EBelediyeApi()

core_api = Blueprint("core_api", __name__, url_prefix="/api/v1", description="Oturum ve belediye bilgisi")


class SessionSchema(Schema):
    realm = fields.String(metadata={"description": "staff | ministry | citizen"})
    name = fields.String()
    email = fields.String()
    tenant = fields.String(allow_none=True)


@core_api.route("/oturum")
class SessionView(MethodView):
    @access("any", "signed_in")
    @core_api.response(200, SessionSchema)
    def get(self):
        """Oturumdaki kullanıcı (who am I)."""
        tenant = current_tenant()
        return {"realm": current_user.realm, "name": current_user.full_name,
                "email": current_user.email, "tenant": tenant.slug if tenant else None}


def init_app(app: Flask) -> None:
    import swagger_ui_bundle

    app.config.setdefault("OPENAPI_SWAGGER_UI_PATH", "docs")
    app.config.setdefault("OPENAPI_SWAGGER_UI_URL", "/api/swagger-ui/")
    api.init_app(app)
    for field_class in (Money, Number):  # money and measures travel as decimal strings
        api.register_field(field_class, "string", "decimal")
    api.register_blueprint(core_api)
    assets = Path(swagger_ui_bundle.swagger_ui_path)

    @access(*DOCS_ACCESS)
    def swagger_assets(filename: str):
        return send_from_directory(assets, filename)

    app.add_url_rule("/api/swagger-ui/<path:filename>", "swagger_ui_assets", swagger_assets)
    _declare_docs_access(app)


#: The API lives on tenant hosts: so do its OpenAPI document and Swagger UI (the console and
#: the platform home have no API to describe).  Open to read there, as an integrator reads
#: the contract before holding a token; every endpoint it describes has its own rule.
DOCS_ACCESS = ("tenant", "public")


def _declare_docs_access(app: Flask) -> None:
    """flask-smorest's document views (bound methods, which take no attributes) wrapped in
    functions that carry ``@access``, so the front door and the route matrix treat them
    like every other route."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith("api-docs."):
            def declared(*args, _view=view, **kwargs):
                return _view(*args, **kwargs)

            app.view_functions[endpoint] = access(*DOCS_ACCESS)(functools.wraps(view)(declared))
