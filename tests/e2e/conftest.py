"""Browser tests: a live server on loopback, a real rq worker, Debian's chromium.

Chromium comes from Debian's package (/usr/bin/chromium; `.ci/run` installs it), driven by
Playwright for Python; no browser is downloaded.  Screenshots go to tests/e2e/artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from ebelediye.app import create_app
from ebelediye.extensions import db
from tests.plugin import ROOT, app_config, subprocess_env

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) is None:
        skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install -y chromium)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


E2E_EDEVLET_SECRET = "e2e-edevlet-secret"
#: shared by the app's bank client and the mock bank's 3-D Secure page
E2E_POS_SECRET = "e2e-pos-secret"


@pytest.fixture(scope="module")
def mock_agencies():
    """The mock agency server (e-Devlet page, 3-D Secure page, agencies) on loopback."""
    from ebelediye.connectors.mockserver import create_app as create_mock_app

    mock = create_mock_app({"SECRET_KEY": "e2e", "BASE_DOMAIN": "ebelediye.test",
                            "CONNECTORS_EDEVLET_SECRET": E2E_EDEVLET_SECRET,
                            "CONNECTORS_POS_SECRET": E2E_POS_SECRET,
                            "CONNECTORS_POPULATION": {"households": 500, "parcels": 2000, "companies": 50}})
    server = make_server("127.0.0.1", 0, mock, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def live_server(app, mock_agencies):
    """The app served by a threaded WSGI server on 127.0.0.1 plus one rq worker process."""
    server_app = create_app(app_config(CONNECTORS_URL=mock_agencies, CONNECTORS_EDEVLET_SECRET=E2E_EDEVLET_SECRET,
                                       CONNECTORS_POS_SECRET=E2E_POS_SECRET))
    port = _free_port()
    server = make_server("127.0.0.1", port, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "rq", "worker"],
        cwd=ROOT, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    yield f"http://{{host}}:{port}", port
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()  # reap it (an unreaped Popen is a ResourceWarning, an error in this suite)
    server.shutdown()
    with server_app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--host-resolver-rules=MAP *.ebelediye.test 127.0.0.1, MAP ebelediye.test 127.0.0.1"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="tr-TR")
    page = context.new_page()
    page.set_default_timeout(15000)
    # the pages must satisfy their Content-Security-Policy (ebelediye.security): Chromium
    # reports every refused script, style or frame on the console
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-son.png"), full_page=True)
    context.close()
    assert violations == [], violations


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")
