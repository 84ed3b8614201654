"""Turkish by default, English on request (/dil/en), and a catalog that matches the code."""

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ebelediye import audit
from ebelediye.extensions import db
from tenants import services
from tests.plugin import ADMIN_HOST, host

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "ebelediye" / "translations"
ALFA = {"Host": host("alfa")}
ADMIN = {"Host": ADMIN_HOST}


def switch(client, code, headers, next_=None):
    query = {"next": next_} if next_ is not None else {}
    return client.get(f"/dil/{code}", query_string=query, headers=headers)


def test_turkish_is_the_default_whatever_the_browser_asks(client):
    page = client.get("/giris", headers={**ALFA, "Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="tr">' in page
    assert "Personel girişi" in page and "Parolamı unuttum" in page
    # the switch is there, each link in its own language
    assert 'href="/dil/en?next=/giris"' in page and 'lang="en"' in page and '>English<' in page


def test_the_portal_login_page_switches_to_english_and_back(client):
    response = switch(client, "en", ALFA, "/giris")
    assert response.status_code == 302 and urlsplit(response.location).path == "/giris"
    page = client.get("/giris", headers=ALFA).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Staff sign-in" in page and "Forgot my password" in page and ">Sign in<" in page
    assert "Personel girişi" not in page
    # class-level form labels and validator messages follow the request's language
    assert "E-mail" in page and ">Password<" in page
    empty = client.post("/giris", data={}, headers=ALFA)
    assert empty.status_code == 422 and "E-mail is required." in empty.get_data(as_text=True)

    switch(client, "tr", ALFA)
    assert "Personel girişi" in client.get("/giris", headers=ALFA).get_data(as_text=True)


def test_wrong_credentials_in_english_keep_422_and_a_turkish_audit(client):
    switch(client, "en", ALFA)
    response = client.post("/giris", data={"email": "yok-i18n@alfa.bel.tr", "password": "yanlis-parola-1"},
                           headers=ALFA)
    assert response.status_code == 422
    assert "Incorrect e-mail or password." in response.get_data(as_text=True)
    with services.bound("alfa"):
        entry = db.session.scalars(
            db.select(audit.AuditEntry).where(audit.AuditEntry.actor == "yok-i18n@alfa.bel.tr")
            .order_by(audit.AuditEntry.id.desc())).first()
        assert entry.after == {"sonuc": "E-posta ya da parola hatalı."}
        db.session.commit()


def test_the_console_login_page_switches_to_english(client):
    switch(client, "en", ADMIN, "/konsol/giris")
    page = client.get("/konsol/giris", headers=ADMIN).get_data(as_text=True)
    assert "Ministry console sign-in" in page and "Ministry Console" in page
    assert "Bakanlık konsolu girişi" not in page


def test_the_citizen_page_switches_to_english(client):
    switch(client, "en", ALFA, "/e-hizmet/")
    page = client.get("/e-hizmet/", headers=ALFA).get_data(as_text=True)
    assert "Sign in with e-Devlet" in page and "does not keep a password for you" in page
    assert "e-Devlet ile giriş" not in page


def test_error_pages_follow_the_language(client):
    switch(client, "en", ALFA)
    missing = client.get("/yok-boyle-bir-sayfa", headers=ALFA)
    assert missing.status_code == 404 and "could not be found" in missing.get_data(as_text=True)


@pytest.mark.parametrize("headers", [ALFA, ADMIN, {"Host": "ebelediye.test"}])
def test_unknown_languages_are_404(client, headers):
    assert switch(client, "xx", headers).status_code == 404
    assert switch(client, "EN", headers).status_code == 404


@pytest.mark.parametrize("target", ["//evil.example/giris", "https://evil.example/", "/\\evil.example", "/\t/evil.example",
                                    "giris", "javascript:alert(1)"])
def test_next_never_leaves_the_host(client, target):
    response = switch(client, "en", ALFA, target)
    if "\t" in target:  # a control character in a query string is refused before any view (ebelediye.security)
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert not urlsplit(response.location).netloc or urlsplit(response.location).netloc == host("alfa")
    assert urlsplit(response.location).path == "/"


def test_next_keeps_the_query_and_skips_pages_answering_a_post(client):
    response = switch(client, "en", ALFA, "/yonetim/kullanicilar?q=ali")
    assert response.location.endswith("/yonetim/kullanicilar?q=ali")
    # the switch on a page rendered by POST /hesabim/parola: that URL cannot be fetched again
    assert urlsplit(switch(client, "en", ALFA, "/hesabim/parola").location).path == "/"


def test_the_platform_home_page_switches_too(client):
    headers = {"Host": "ebelediye.test"}
    switch(client, "en", headers)
    page = client.get("/", headers=headers).get_data(as_text=True)
    assert "Ministry staff sign in to the console at <code>admin.ebelediye.test</code>" in page


# --- the catalogs: the core's and one per module ------------------------------------------

CATALOGS = [("core", ROOT / "babel.cfg", ROOT, TRANSLATIONS)] + [
    (path.name, path / "babel.cfg", path, path / "translations")
    for path in sorted((ROOT / "modules").iterdir()) if (path / "babel.cfg").exists()
]
CATALOG_IDS = [name for name, *_ in CATALOGS]


def _po(translations: Path):
    with (translations / "en" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale="en")


def test_every_module_with_pages_has_a_catalog():
    for path in (ROOT / "modules").iterdir():
        if (path / "templates").is_dir():
            assert (path / "babel.cfg").exists() and (path / "translations").is_dir(), path.name


@pytest.mark.parametrize("name,config,source,translations", CATALOGS, ids=CATALOG_IDS)
def test_every_message_has_a_consistent_english_translation(name, config, source, translations):
    catalog = _po(translations)
    messages = [m for m in catalog if m.id]
    assert messages
    assert [m.id for m in messages if not m.string or m.fuzzy] == []
    # placeholders agree between the Turkish msgid and the English text
    assert [(m.id, errors) for m, errors in catalog.check()] == []
    # rendered unescaped inside attributes and markup: no quote or tag the msgid lacks
    assert [m.id for m in messages if any(c in m.string and c not in m.id for c in '"<>')] == []


@pytest.mark.parametrize("name,config,source,translations", CATALOGS, ids=CATALOG_IDS)
def test_the_committed_mo_is_compiled_from_the_po(name, config, source, translations):
    with (translations / "en" / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = {m.id: m.string for m in read_mo(f) if m.id}
    assert compiled == {m.id: m.string for m in _po(translations) if m.id and not m.fuzzy}


@pytest.mark.parametrize("name,config,source,translations", CATALOGS, ids=CATALOG_IDS)
def test_extraction_finds_no_message_missing_from_the_po(tmp_path, name, config, source, translations):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()",
         "-q", "extract", "-F", str(config), "-o", str(pot), str(source)],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as f:
        extracted = {m.id for m in read_po(f) if m.id}
    assert extracted, "extraction found nothing: is babel.cfg right?"
    assert sorted(extracted - {m.id for m in _po(translations) if m.id}) == [], "run `make i18n`"


def test_console_pages_in_english_keep_their_markup(client):
    from tests.plugin import sign_in_ministry

    sign_in_ministry(client, "i18n@bakanlik.gov.tr")
    switch(client, "en", ADMIN)
    page = client.get("/konsol/belediye/alfa", headers=ADMIN).get_data(as_text=True)
    assert "Province / district" in page and "Schema size" in page
    # archiving is a confirmation step of its own, in English too
    assert "Archive…" in page
    step = client.get("/konsol/belediye/alfa/arsivle", headers=ADMIN).get_data(as_text=True)
    assert "Archive Alfa Belediyesi?" in step and "the municipality's schema is removed" in step
    new = client.get("/konsol/belediye/yeni", headers=ADMIN).get_data(as_text=True)
    assert "Short name (address)" in new and "e.g. cankaya → cankaya.&lt;domain&gt;" in new
    assert "Up to 10,000" in new


def test_states_and_module_names_follow_the_language(client):
    from tests.plugin import ADMIN_HOST, sign_in_ministry

    sign_in_ministry(client)
    client.get("/dil/en", headers={"Host": ADMIN_HOST})
    page = client.get("/konsol/belediye/alfa", headers={"Host": ADMIN_HOST}).get_data(as_text=True)
    assert "Active" in page and "Sample module" in page and "Örnek Modül" not in page
    client.get("/dil/tr", headers={"Host": ADMIN_HOST})
    page = client.get("/konsol/belediye/alfa", headers={"Host": ADMIN_HOST}).get_data(as_text=True)
    assert "Etkin" in page and "Örnek Modül" in page


@pytest.mark.parametrize("path,word,english", [
    ("/gelir/tahakkuk", "Borç", "Debt"),  # a taxpayer's debt
    ("/muhasebe/fisler", "Borç", "Debit"),  # the debit side of a voucher
    ("/gelir/tahakkuk", "Tahakkuk", "Accrual"),
    ("/muhasebe/fisler", "Kapat", "Close"),  # closing a period
    ("/yonetim/kullanicilar", "Kapat", "Disable"),  # a core page: the core's word
])
def test_a_module_s_pages_read_its_own_catalog_and_other_pages_the_core_s(app, path, word, english):
    """Modules translate the same Turkish word differently; one merged catalog kept only
    the last module's (Gelir's accrual page read "Accrued", Muhasebe's column word)."""
    from flask import request, session
    from flask_babel import gettext

    from ebelediye import i18n

    with app.test_request_context(path, headers=ALFA):
        assert request.url_rule is not None, path  # a real page
        session["lang"] = "en"
        i18n._forget_locale()
        i18n._use_module_catalog()
        assert gettext(word) == english

