"""The mock agency server: KPS, Tapu, SGK, GİB and the bank POS over HTTP, the bank's
3-D Secure page and a mock e-Devlet sign-in page, with fault injection.

    flask --app ebelediye.connectors.mockserver run --port 5001

``make run`` starts it on the web port + 1.  Settings (environment, or the dict given to
``create_app``):

- ``EBELEDIYE_CONNECTORS_SEED`` / ``EBELEDIYE_CONNECTORS_POPULATION`` (JSON): the synthetic
  population; use the same values as the app so both see the same people.
- ``EBELEDIYE_CONNECTORS_POS_SECRET`` / ``EBELEDIYE_CONNECTORS_EDEVLET_SECRET``: shared
  with the app (``make run`` passes them to both).
- ``EBELEDIYE_MOCK_FAULTS`` (JSON): start-up faults, e.g. ``{"tapu": {"error_rate": 0.3}}``.
- ``EBELEDIYE_MOCK_ADMIN_TOKEN``: when set, ``/_admin`` wants ``X-Admin-Token``.

Admin (run time): ``GET /_admin/faults``, ``PUT /_admin/faults/<agency|*>`` with a JSON body
of fault settings (``faults.py``), ``DELETE /_admin/faults``, ``GET /_admin/stats``,
``POST /_admin/reset`` (forget marriages, notices, payments and counters).

It binds where ``flask run`` is told (127.0.0.1 by default) and is for development and
tests only.
"""

from __future__ import annotations

import json
import os
import time
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, abort, jsonify, redirect, render_template_string, request
from stdnum.tr import tckimlik

from .. import edevlet
from ..mock import MockAgencies, MockError
from ..mock.bank import read_handoff, threeds_result
from ..operations import OPERATIONS, Operation
from ..settings import Settings
from ..synthetic.population import Population
from . import pages
from .faults import FaultBoard, Faults


def _from_environment() -> dict:
    env = os.environ
    secret = env.get("EBELEDIYE_SECRET_KEY") or env.get("SECRET_KEY") or "development"
    config = {"SECRET_KEY": secret}
    for key in ("CONNECTORS_SEED", "CONNECTORS_POS_SECRET", "CONNECTORS_EDEVLET_SECRET", "MOCK_ADMIN_TOKEN",
                "MOCK_PUBLIC_URL", "BASE_DOMAIN"):
        if env.get(f"EBELEDIYE_{key}"):
            config[key] = env[f"EBELEDIYE_{key}"]
    for key in ("CONNECTORS_POPULATION", "MOCK_FAULTS"):
        if env.get(f"EBELEDIYE_{key}"):
            config[key] = json.loads(env[f"EBELEDIYE_{key}"])
    return config


def create_app(config: dict | None = None) -> Flask:
    """The mock agency server (settings from ``config``, else the environment)."""
    values = _from_environment() if config is None else dict(config)
    settings = Settings.from_config(values)
    app = Flask(__name__)
    app.config.update(values)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # the default provider has it
    population = Population(settings.seed, **settings.population)
    agencies = MockAgencies(population, pos_secret=settings.pos_secret, public_url=values.get("MOCK_PUBLIC_URL", ""))
    board = FaultBoard(values.get("MOCK_FAULTS"))
    app.extensions["mock.agencies"] = agencies
    app.extensions["mock.faults"] = board
    app.extensions["mock.settings"] = settings

    @app.before_request
    def _public_url():
        if not agencies.public_url:
            agencies.public_url = request.host_url.rstrip("/")

    for op in OPERATIONS.values():
        app.add_url_rule(op.path, endpoint=op.key, view_func=_agency_view(op, agencies, board), methods=[op.method])
    _admin(app, agencies, board)
    _pages(app, agencies, settings)
    app.register_error_handler(404, lambda e: (jsonify(MockError(404, "no_route", "Böyle bir adres yok.").body()), 404))
    app.register_error_handler(405, lambda e: (jsonify(MockError(405, "method", "Yöntem desteklenmiyor.").body()), 405))
    return app


def _agency_view(op: Operation, agencies: MockAgencies, board: FaultBoard):
    def view(**path_args):
        faults = board.get(op.agency)
        board.count(op.agency, "requests")
        injected = _inject_before(op, faults, board)
        if injected is not None:
            return injected
        args = {k: v for k, v in request.args.items()}
        if request.method != "GET":
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                return jsonify(MockError(400, "gecersiz_istek", "Gövde bir JSON nesnesi olmalı.").body()), 400
            args.update(body)
        args.update(path_args)
        try:
            result = agencies.handle(op.agency, op.name, args)
        except MockError as exc:
            return jsonify(exc.body()), exc.status
        return _deliver(op, result, faults, board)

    view.__name__ = f"mock_{op.agency}_{op.name}"
    return view


def _inject_before(op: Operation, faults: Faults, board: FaultBoard):
    if faults.latency_ms or faults.jitter_ms:
        time.sleep((faults.latency_ms + board.roll(op.agency) * faults.jitter_ms) / 1000)
    if faults.down:
        board.count(op.agency, "down")
        return jsonify(MockError(503, "servis_kapali", "Servis bakımda.", "Service down.").body()), 503
    if faults.hang_rate and board.roll(op.agency) < faults.hang_rate:
        board.count(op.agency, "hangs")
        board.hang(faults.hang_seconds)
        return jsonify(MockError(504, "zaman_asimi", "Arka uç yanıt vermedi.").body()), 504
    if faults.error_rate and board.roll(op.agency) < faults.error_rate:
        board.count(op.agency, "errors")
        return jsonify(MockError(faults.error_status, "ic_hata", "Sunucu hatası.", "Server error.").body()), \
            faults.error_status
    return None


def _deliver(op: Operation, result: dict, faults: Faults, board: FaultBoard):
    body = json.dumps(result, ensure_ascii=False)
    if faults.malformed_rate and board.roll(op.agency) < faults.malformed_rate:
        board.count(op.agency, "malformed")
        kind = faults.malformed_kind
        if kind == "truncated":
            body = body[: max(1, len(body) // 2)]
        elif kind == "html":
            return Response("<html><body><h1>Bakım çalışması</h1></body></html>", 200, mimetype="text/html")
        elif kind == "shape":
            body = json.dumps({"sonuc": "tamam"})
        else:  # money and counts as JSON numbers of the wrong type
            body = json.dumps({k: (1.1 if isinstance(v, str) else v) for k, v in result.items()})
    if faults.drip_ms:
        data = body.encode()

        def trickle():
            for i in range(0, len(data), 16):
                time.sleep(faults.drip_ms / 1000)
                yield data[i:i + 16]

        return Response(trickle(), 200, mimetype="application/json")
    return Response(body, 200, mimetype="application/json")


def _admin(app: Flask, agencies: MockAgencies, board: FaultBoard) -> None:
    def guard():
        token = app.config.get("MOCK_ADMIN_TOKEN")
        if token and request.headers.get("X-Admin-Token") != token:
            abort(403)

    @app.get("/_admin/faults")
    def admin_faults():
        guard()
        return jsonify(board.snapshot()["faults"])

    @app.put("/_admin/faults/<agency>")
    def admin_set_faults(agency: str):
        guard()
        targets = list(dict.fromkeys(op.agency for op in OPERATIONS.values())) if agency == "*" else [agency]
        if any(t not in {op.agency for op in OPERATIONS.values()} for t in targets):
            return jsonify(MockError(404, "not_found", "Bilinmeyen kurum.").body()), 404
        try:
            faults = Faults.from_dict(request.get_json(silent=True))
        except (TypeError, ValueError) as exc:
            return jsonify(MockError(400, "gecersiz_istek", str(exc)).body()), 400
        for target in targets:
            board.set(target, faults)
        return jsonify(board.snapshot()["faults"])

    @app.delete("/_admin/faults")
    def admin_clear_faults():
        guard()
        board.clear()
        return jsonify({})

    @app.get("/_admin/stats")
    def admin_stats():
        guard()
        return jsonify(board.snapshot()["stats"])

    @app.post("/_admin/reset")
    def admin_reset():
        guard()
        agencies.reset()
        board.reset_stats()
        return jsonify({"ok": True})

    @app.post("/_admin/sgk/raporlar")
    def admin_plant_report():
        """Plant an SGK Vizite report (demos, browser tests): ``{rapor_no, tckn, isveren_vkn,
        baslangic, bitis, tur?, tesis?}``; the employer's report list then shows it."""
        guard()
        from datetime import date

        from ..mock.people import add_report
        from ..types import RAPOR_TURLERI

        body = request.get_json(silent=True) or {}
        try:
            report = add_report(agencies, rapor_no=str(body["rapor_no"])[:30], tckn=str(body["tckn"]),
                                isveren_vkn=str(body["isveren_vkn"]), baslangic=date.fromisoformat(body["baslangic"]),
                                bitis=date.fromisoformat(body["bitis"]),
                                tur=body.get("tur") if body.get("tur") in RAPOR_TURLERI else "hastalik",
                                tesis=str(body.get("tesis") or "Devlet Hastanesi")[:200])
        except (KeyError, TypeError, ValueError) as exc:
            return jsonify(MockError(400, "gecersiz_istek", str(exc)).body()), 400
        return jsonify(report), 201

    @app.get("/_admin/health")
    def admin_health():
        return jsonify({"ok": True, "population": agencies.population.describe()})


def _allowed_redirect(app: Flask, uri: str) -> bool:
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    base = str(app.config.get("BASE_DOMAIN") or "localhost").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False
    return host in ("127.0.0.1", "localhost", base) or host.endswith(".localhost") or host.endswith("." + base)


def _pages(app: Flask, agencies: MockAgencies, settings: Settings) -> None:
    @app.route("/edevlet/giris", methods=["GET", "POST"])
    def edevlet_login():
        source = request.form if request.method == "POST" else request.args
        params = {k: source.get(k, "") for k in ("client_id", "redirect_uri", "state", "nonce")}
        if not all(params.values()) or not _allowed_redirect(app, params["redirect_uri"]):
            return render_template_string(pages.ERROR, message="Geçersiz giriş isteği (istemci, dönüş adresi, "
                                                               "state ve nonce gerekli)."), 400
        error = None
        if request.method == "POST":
            back = params["redirect_uri"] + ("&" if "?" in params["redirect_uri"] else "?")
            if request.form.get("iptal"):
                return redirect(back + urlencode({"error": "access_denied", "state": params["state"]}))
            tckn = request.form.get("tckn", "").strip()
            found = agencies.population.member(tckn) if tckimlik.is_valid(tckn) else None
            if found is None or not found[1].alive:
                error = "Geçerli ve kayıtlı bir T.C. Kimlik No girin."
            else:
                person = found[1]
                assertion = edevlet.sign_assertion(settings.edevlet_secret, client_id=params["client_id"], tckn=tckn,
                                                   ad=person.ad, soyad=person.soyad, nonce=params["nonce"])
                return redirect(back + urlencode({"assertion": assertion, "state": params["state"]}))
        samples = [m for _, m in agencies.population.iter_people(0, 40) if m.alive and m.age() >= 18][:10]
        return render_template_string(pages.EDEVLET, params=params, samples=samples, error=error), \
            422 if error else 200

    @app.route("/pos/3d/<token>", methods=["GET", "POST"])
    def threeds(token: str):
        try:
            handoff = read_handoff(agencies, token)
        except MockError as exc:
            return render_template_string(pages.ERROR, message=exc.message_tr), 404
        error = None
        if request.method == "POST":
            try:
                target, fields = threeds_result(agencies, token, request.form.get("kart_no", ""),
                                                request.form.get("sms_kodu", ""))
            except MockError as exc:
                error = exc.message_tr
            else:
                return render_template_string(pages.CALLBACK, target=target, fields=fields)
        return render_template_string(pages.THREEDS, handoff=handoff, error=error), 422 if error else 200
