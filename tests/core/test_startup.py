"""Start-up at the scale of four modules (issue 9): a CLI command registers no route and
imports no module code it does not use; what it defers still arrives when first needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from ebelediye import registry as registry_module
from ebelediye.app import create_app
from tests.plugin import app_config, host

ROOT = Path(__file__).resolve().parents[2]


def test_a_lazy_app_registers_the_modules_routes_when_they_are_first_read():
    lazy = create_app(app_config(), lazy_routes=True)
    registered = lazy.__dict__["_blueprints"]  # read past the property, which would register
    assert "console" in registered  # the platform's console is added eagerly
    assert not {"gelir", "evlendirme", "api-docs"} & set(registered)
    assert lazy.extensions["ebelediye.registry"].blueprint_owner == {}

    response = lazy.test_client().get("/api/openapi.json", headers={"Host": host("alfa")})

    assert response.status_code == 200 and "/api/v1/gelir/mukellefler" in json.dumps(response.get_json()["paths"])
    assert {"gelir", "evlendirme", "api-docs"} <= set(lazy.blueprints)
    assert lazy.extensions["ebelediye.registry"].blueprint_owner["gelir"] == "gelir"


def test_an_eager_app_has_every_route_at_once(app):
    assert app.config["LAZY_ROUTES"] is False
    assert {"gelir", "evlendirme", "ik", "muhasebe", "api-docs"} <= set(app.__dict__["_blueprints"])


def test_a_cli_process_loads_no_module_code_until_a_route_is_read():
    script = (
        "import json, sys\n"
        "import wsgi\n"
        "heavy = ('modules.gelir.views', 'modules.gelir.models', 'modules.evlendirme.services', "
        "'alembic', 'flask_smorest', 'reportlab', 'openpyxl')\n"
        "before = [m for m in heavy if m in sys.modules]\n"
        "rules = sum(1 for _ in wsgi.app.url_map.iter_rules())\n"
        "after = [m for m in heavy if m in sys.modules]\n"
        "print(json.dumps([before, after, rules]))\n"
    )
    env = dict(os.environ, FLASK_RUN_FROM_CLI="true", DATABASE_URL=os.environ["EBELEDIYE_TEST_DATABASE_URL"],
               REDIS_URL=os.environ["EBELEDIYE_TEST_REDIS_URL"])
    env.pop("EBELEDIYE_LAZY_ROUTES", None)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    before, after, rules = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == []
    assert {"modules.gelir.views", "modules.gelir.models", "flask_smorest"} <= set(after)
    assert rules > 200


def test_a_declared_session_listener_waits_for_its_module():
    name = "tests_lazy_listener_module"
    listener = registry_module._when_loaded(f"{name}:heard")
    calls = []
    assert listener("session") is None and name not in sys.modules  # not loaded: not imported by us

    module = types.ModuleType(name)
    module.heard = lambda session: calls.append(session) or "ok"  # type: ignore[attr-defined]
    sys.modules[name] = module
    try:
        assert listener("session") == "ok"
        assert calls == ["session"]
    finally:
        del sys.modules[name]


def test_the_modules_session_listeners_listen_once_on_every_session(app):
    registry = app.extensions["ebelediye.registry"]
    declared = [(d.event, d.listener) for spec in registry for d in spec.session_listeners]
    assert ("after_commit", "modules.gelir.services.borc:counters.after_commit") in declared
    assert ("after_flush", "modules.evlendirme.services.takvim:_note_flush") in declared
    for key in declared:
        assert event.contains(Session, key[0], registry_module._SESSION_LISTENERS[key])
    registry.install_session_listeners()  # a second app in the process: no second listener
    assert len(registry_module._SESSION_LISTENERS) == len(set(declared))
