"""Browser tests: a live server on loopback, a real rq worker, Debian's chromium.

Chromium comes from Debian's package (/usr/bin/chromium; `.ci/run` installs it), driven by
Playwright for Python; no browser is downloaded.  Screenshots go to tests/e2e/artifacts/
(or ``$EBELEDIYE_ARTIFACTS``), which git ignores.
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
from tests.plugin import ROOT, STAFF_PASSWORD, app_config, subprocess_env

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("EBELEDIYE_ARTIFACTS") or Path(__file__).parent / "artifacts")


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


#: the apps ``live_server`` serves (latest last): a test that plants mock agency data the
#: in-process connectors of the served app answer with reaches them here
SERVED: list = []


@pytest.fixture(scope="module")
def live_server(app, mock_agencies):
    """The app served by a threaded WSGI server on 127.0.0.1 plus one rq worker process."""
    server_app = create_app(app_config(CONNECTORS_URL=mock_agencies, CONNECTORS_EDEVLET_SECRET=E2E_EDEVLET_SECRET,
                                       CONNECTORS_POS_SECRET=E2E_POS_SECRET))
    SERVED.append(server_app)
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
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--host-resolver-rules=MAP *.ebelediye.test 127.0.0.1, MAP ebelediye.test 127.0.0.1"],
        )
        yield chromium
        chromium.close()


#: how long a step (and an ``expect``) waits for the page
TIMEOUT_MS = 30_000


def open_page(browser, width: int = 1280, height: int = 900):
    """A page in a context of its own at ``width`` px, and the list the Content-Security-Policy
    violations Chromium reports on its console are collected in (the caller asserts it empty)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="tr-TR")
    page = context.new_page()
    # generous: a loaded CI machine (two xdist workers, a live server and an rq worker on two
    # cores) once took longer than 15 s for a page; a passing step does not wait for it
    page.set_default_timeout(TIMEOUT_MS)
    # the pages must satisfy their Content-Security-Policy (ebelediye.security): Chromium
    # reports every refused script, style or frame on the console
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return context, page, violations


@pytest.fixture
def page(browser, request):
    context, page, violations = open_page(browser)
    yield page
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-son.png"), full_page=True)
    context.close()
    assert violations == [], violations


@pytest.fixture
def phone(browser, request):
    """A page 390 px wide (an iPhone 12-14), for the journeys people make on a phone."""
    context, page, violations = open_page(browser, 390, 844)
    yield page
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-son.png"), full_page=True)
    context.close()
    assert violations == [], violations


def sign_in_staff(page, base: str, email: str, login: str = "/") -> None:
    """Signs a staff (or ministry) user in through the sign-in form at ``login``."""
    page.goto(base + login)
    page.get_by_label("E-posta").fill(email)
    page.get_by_label("Parola").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_load_state()


def horizontal_overflow(page) -> tuple[int, int]:
    """(scrollWidth, clientWidth) of the document: the page scrolls sideways when the first is larger."""
    page.wait_for_load_state()  # a click that navigates may still be loading: measure the new page
    return tuple(page.evaluate("() => { const e = document.scrollingElement || document.documentElement;"
                               " return [e.scrollWidth, e.clientWidth]; }"))


#: axe-core from the npm package (tests/e2e/vendor/axe-core, MPL-2.0), so no network is needed
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "critical" || v.impact === "serious").map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 4).map(n => n.target.join(" ")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The critical and serious axe-core violations of the page as it stands.

    The script is evaluated through the DevTools protocol, which the page's CSP does not
    govern, so the pages keep their nonce-only policy."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(_AXE_RUN)


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")
