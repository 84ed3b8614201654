"""The ministry console's national parameters page: dated rows by module, appending a value."""

from datetime import date
from decimal import Decimal

from ebelediye import parameters
from ebelediye.audit import PlatformAuditEntry
from ebelediye.extensions import db
from tests.plugin import ADMIN_HOST, host, sign_in_ministry

ADMIN = {"Host": ADMIN_HOST}
KEY = "emlak.tek_konut_azami_m2"


def test_list_groups_keys_by_module_and_flags_uncertain_ones(client):
    sign_in_ministry(client, "param1@bakanlik.gov.tr")
    page = client.get("/konsol/parametreler", headers=ADMIN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Gelir" in text and KEY in text and "emlak.insaat_maliyeti.3A" in text and "[U]" in text
    assert "1319 m.8/2" in text  # the source of the row


def test_append_a_dated_value_closes_the_open_row_and_is_audited(client):
    sign_in_ministry(client, "param2@bakanlik.gov.tr")
    response = client.post("/konsol/parametreler", data={"key": KEY, "value": "250", "valid_from": "2027-01-01",
                                                        "source": "RG test"}, headers=ADMIN)
    assert response.status_code == 302
    rows = parameters.rows(KEY)
    assert rows[-1].value == Decimal("250") and rows[-2].valid_to == date(2026, 12, 31)
    entry = db.session.scalars(db.select(PlatformAuditEntry).where(PlatformAuditEntry.action == "parameter.add")
                               .order_by(PlatformAuditEntry.id.desc())).first()
    assert entry.after["key"] == KEY and entry.actor == "ministry:param2@bakanlik.gov.tr"


def test_bad_input_is_a_form_error_and_nothing_is_written(client):
    sign_in_ministry(client, "param3@bakanlik.gov.tr")
    before = len(parameters.rows(KEY))
    for data, field in [({"key": KEY, "value": "x", "valid_from": "2027-01-01", "source": "s"}, "value"),
                        ({"key": KEY, "value": "1", "valid_from": "2027-13-01", "source": "s"}, "valid_from"),
                        ({"key": KEY, "value": "1", "valid_from": "1999-01-01", "source": "s"}, "valid_from"),
                        ({"key": "yok.boyle", "value": "1", "valid_from": "2027-01-01", "source": "s"}, "key"),
                        ({"key": KEY, "value": "-1", "valid_from": "2027-01-01", "source": "s"}, "value"),
                        ({"key": KEY, "value": "1", "valid_from": "2027-01-01", "valid_to": "2026-01-01",
                          "source": "s"}, "valid_to"),
                        ({"key": KEY, "value": "1", "valid_from": "2027-01-01", "source": ""}, "source")]:
        response = client.post("/konsol/parametreler", data=data, headers=ADMIN)
        assert response.status_code == 422, data
        assert f'aria-describedby="p-{field}-hata"' in response.get_data(as_text=True), data
    assert len(parameters.rows(KEY)) == before


def test_tenant_staff_cannot_reach_the_console_page(client):
    assert client.get("/konsol/parametreler", headers={"Host": host("alfa")}).status_code == 404
    assert client.get("/konsol/parametreler", headers=ADMIN).status_code in (302, 401, 403)
