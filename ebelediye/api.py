"""The API shell: flask-smorest under ``/api/v1``, OpenAPI 3 at ``/api/openapi.json``,
Swagger UI at ``/api/docs`` served from the ``swagger-ui-bundle`` package (no CDN); both
on tenant hosts only (``DOCS_ACCESS``).

Every error has one shape: ``{"code", "reason"?, "message", "errors": {field: [messages]}}``.

The document tells the truth about every answer (issue 10; schemathesis checks it with all of
its checks, ``tests/core/test_security_schemathesis.py``), and that is kept here, once, for
the core and every module (``truthful``):

- no catch-all ``default`` response: every operation lists the errors it can give, with the
  error schema: 401, 403, 404 and 422 everywhere (no token, no permission, an unknown record
  or a module switched off, bad input), and for an operation with a body also 400
  (unreadable JSON) and 413 (too large), and for every change 409 (a conflict with the
  current state);
- 405 is not an operation's answer (OpenAPI has no place for a method a path lacks): every
  405 carries ``Allow`` with the methods the document lists (``ebelediye.security``);
- money and measures are decimal strings (``Money``, ``Number``, ``fields.Decimal(as_string=True)``);
- what the input path refuses before any rule is in the schema: control characters
  (``pattern``), an empty required text (``minLength``), days outside 1900–2200 and
  amounts outside their decimals (``pattern``), unknown or control-character keys
  (``additionalProperties: false``: unknown keys are ignored, never used).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, send_from_directory
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Api, Blueprint
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from .access import access
from .inputs import Day, Iban, Money, Number, Tckn, Text, translate
from .tenancy import current_tenant
from .web import Pager

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
    DEFAULT_ERROR_RESPONSE_NAME = None  # every error is listed by status (``truthful``)

    def _init_spec(self, *args, **kwargs):
        super()._init_spec(*args, **kwargs)
        self.ma_plugin.converter.add_attribute_function(_field_properties)
        generate = self.spec.to_dict
        self.spec.to_dict = lambda: truthful(generate())

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


# --- the document's truth -----------------------------------------------------------------

#: no C0 control character, no DEL (query strings: ``security.check_input``; single-line text)
NO_CONTROL = "^[^\\x00-\\x1f\\x7f]*$"
#: multi-line text: line breaks and tabs allowed
NO_CONTROL_MULTILINE = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"
#: ``inputs.Day`` in the ISO form the document announces, years 1900–2200
DAY_PATTERN = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

ERROR_BODY = {
    "type": "object",
    "description": "Hata: HTTP kodu, makine okur neden, ileti ve alan iletileri",
    "properties": {
        "code": {"type": "integer", "description": "HTTP durum kodu"},
        "reason": {"type": "string", "description": "makine okur neden (ör. invalid_input, not_found, conflict)"},
        "message": {"type": "string", "description": "kullanıcıya gösterilecek ileti"},
        "errors": {"type": "object", "description": "alan adı → iletiler",
                   "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["code", "message"],
    "additionalProperties": False,
}

#: status → (component name, description); every operation gets ``ALWAYS``, every change
#: (POST, PUT, PATCH, DELETE) ``CHANGES``, one with a body ``WITH_BODY`` as well
ERROR_RESPONSES = {
    400: ("BAD_REQUEST", "İstek gövdesi okunamadı (geçersiz JSON)"),
    401: ("UNAUTHORIZED", "Giriş yok ya da anahtar geçersiz"),
    403: ("FORBIDDEN", "Bu işlem için yetki yok"),
    404: ("NOT_FOUND", "Kayıt yok ya da modül bu belediyede açık değil"),
    409: ("CONFLICT", "İşlem kaydın şimdiki durumuyla çakışıyor"),
    413: ("CONTENT_TOO_LARGE", "İstek gövdesi çok büyük"),
    422: ("UNPROCESSABLE_ENTITY", "Gönderilen veri geçersiz ya da bir kural izin vermiyor"),
    # declared only by the operations that are rate-limited: ``@blp.alt_response(429, response="TOO_MANY_REQUESTS")``
    429: ("TOO_MANY_REQUESTS", "Çok fazla istek; biraz bekleyip yeniden deneyin"),
}
ALWAYS = (401, 403, 404, 422)
CHANGES = (409,)
WITH_BODY = (400, 413)


def _field_properties(self, field, **kwargs) -> dict:
    """apispec attribute function: what the core's fields refuse, written into the schema."""
    ret: dict = {}
    if "pattern" in field.metadata or "enum" in field.metadata:
        return ret  # the field says it more precisely itself
    if isinstance(field, Money):
        ret.update(type="string", format="decimal", pattern=_decimal_pattern(field))
    elif isinstance(field, fields.Decimal) and field.as_string:
        places = field.places if field.places is not None else 6
        ret.update(type="string", format="decimal", pattern=f"^-?[0-9]{{1,16}}(\\.[0-9]{{1,{places}}})?$")
    elif isinstance(field, Tckn):
        ret.update(pattern="^[1-9][0-9]{10}$", example="10000000146")
    elif isinstance(field, Iban):
        ret.update(pattern="^TR[0-9]{24}$")
    elif isinstance(field, Day):
        ret.update(pattern=DAY_PATTERN)
    elif isinstance(field, Text):
        ret["pattern"] = NO_CONTROL_MULTILINE if field.multiline else NO_CONTROL
        if field.required:
            ret["minLength"] = 1
            # stripped before it is read: at least one character that is not a space
            ret["pattern"] = ret["pattern"][:-1] + "[^\\s\\x00-\\x1f\\x7f]" + ret["pattern"][1:]
    return ret


def _decimal_pattern(field: Money) -> str:
    """A decimal string inside the field's sign and decimals.  Up to two decimals after a
    dot (``2843.29``); with three or more the decimals follow a comma (``1,500``: a dot
    before three digits separates thousands, ``formatting.parse_decimal``).  The other
    Turkish forms the field reads are in its description; a positive minimum excludes zero."""
    separator = "\\." if field.places <= 2 else ","
    fraction = f"({separator}[0-9]{{1,{field.places}}})?" if field.places else ""
    if field.minimum is not None and field.minimum > 0:
        small = f"|0{separator}[0-9]{{0,{field.places - 1}}}[1-9]" if field.places else ""
        return f"^([1-9][0-9]{{0,15}}{fraction}{small})$"
    sign = "-?" if field.minimum is None or field.minimum < 0 else ""
    return f"^{sign}(0|[1-9][0-9]{{0,15}}){fraction}$"


def truthful(doc: dict) -> dict:
    """The generated document with every error answer declared (see the module docstring)."""
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_BODY
    responses = components.setdefault("responses", {})
    responses.pop("DEFAULT_ERROR", None)
    for name, description in ERROR_RESPONSES.values():
        responses[name] = {"description": description,
                           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    bodies: list[dict] = []
    for item in doc.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            answers = operation.setdefault("responses", {})
            answers.pop("default", None)
            statuses = ALWAYS + (CHANGES if method != "get" else ()) \
                + (WITH_BODY if "requestBody" in operation else ())
            for status in statuses:
                answers.setdefault(str(status), {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"})
            for parameter in list(item.get("parameters", [])) + list(operation.get("parameters", [])):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string" and "pattern" not in schema \
                        and "enum" not in schema:
                    schema["pattern"] = DAY_PATTERN if schema.get("format") == "date" else NO_CONTROL
            for media in operation.get("requestBody", {}).get("content", {}).values():
                bodies.append(media.get("schema", {}))
    seen: set[str] = set()
    while bodies:
        schema = bodies.pop()
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name in seen or name not in components["schemas"]:
                continue
            seen.add(name)
            schema = components["schemas"][name]
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
        bodies.extend(schema.get("properties", {}).values())
        if isinstance(schema.get("items"), dict):
            bodies.append(schema["items"])
    return doc

# --- a list's pages -------------------------------------------------------------------------

#: how a paginated list tells its page: the body stays the page's rows, the ``X-Pagination``
#: header carries flask-smorest's metadata (``total``, ``total_pages``, ``first_page``,
#: ``last_page``, ``page``, ``previous_page``, ``next_page``); ``@blp.response(..., headers=PAGED)``
PAGED = {"X-Pagination": {"description": "Sayfa bilgisi (JSON): total, total_pages, first_page, last_page, page, "
                                         "previous_page, next_page",
                          "schema": {"type": "string"}}}


def paged(body: Any, pager: Pager) -> tuple[Any, dict[str, str]]:
    """A page of a list as a view returns it: its rows with the ``X-Pagination`` header of
    the platform's ``Pager`` (a page past the last is an empty list, not an error)."""
    meta = Blueprint._make_pagination_metadata(pager.page, pager.per_page, pager.total)
    return body, {"X-Pagination": json.dumps(meta)}


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
