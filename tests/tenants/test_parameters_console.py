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


def test_next_year_s_ctv_amounts_are_proposed_by_revaluation_and_written_only_when_confirmed(client):
    """Issue 12 item 5: ÇTV amounts are rows per year; 2023 = 2022 × (1 + the 2022 YDO, 122.93 %)."""
    sign_in_ministry(client, "param4@bakanlik.gov.tr")
    key = "ctv.konut_m3.diger"
    assert parameters.maybe_value_on(key, date(2023, 1, 1)) is None  # the 2022 row ends with 2022
    page = client.get("/konsol/parametreler/oneri?yil=2023", headers=ADMIN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and key in text and "ctv.isyeri.diger.g1d1" in text
    assert ">1.11<" in text  # 0.50 × 2.2293 = 1.11465 → 1.11; 6,000 × 2.2293 = 13,375.80
    assert ">13375.80<" in text
    assert parameters.maybe_value_on(key, date(2023, 1, 1)) is None  # showing writes nothing
    nothing = client.post("/konsol/parametreler/oneri", data={"yil": "2023"}, headers=ADMIN)
    assert nothing.status_code == 422 and "en az bir öneri" in nothing.get_data(as_text=True)
    done = client.post("/konsol/parametreler/oneri", data={"yil": "2023", "key": [key, "ctv.isyeri.diger.g1d1"]},
                       headers=ADMIN)
    assert done.status_code == 302
    row = parameters.rows(key)[-1]
    assert (row.valid_from, row.valid_to, row.value) == (date(2023, 1, 1), date(2023, 12, 31), Decimal("1.11"))
    assert "122.93" in row.source and "param4@bakanlik.gov.tr" in row.source
    assert parameters.value_on("ctv.isyeri.diger.g1d1", date(2023, 6, 1)) == Decimal("13375.80")
    entry = db.session.scalars(db.select(PlatformAuditEntry).where(PlatformAuditEntry.action == "parameter.add")
                               .order_by(PlatformAuditEntry.id.desc())).first()
    assert entry.after["proposal"] is True
    # confirmed keys are no longer proposed; the others still are
    again = client.get("/konsol/parametreler/oneri?yil=2023", headers=ADMIN).get_data(as_text=True)
    assert f"<code>{key}</code>" not in again and "ctv.isyeri.diger.g2d1" in again
    # nothing to propose from: 2027 has no 2026 row to start from
    empty = client.get("/konsol/parametreler/oneri?yil=2027", headers=ADMIN)
    assert empty.status_code == 200 and "önerilecek tutar yok" in empty.get_data(as_text=True)
    # year by year up to 2026; then 2027 needs the 2026 YDO, which nobody entered: it is named
    for year in (2024, 2025, 2026):
        assert client.post("/konsol/parametreler/oneri", data={"yil": str(year), "key": key},
                           headers=ADMIN).status_code == 302
    assert [r.valid_from.year for r in parameters.rows(key)] == [2022, 2023, 2024, 2025, 2026]
    missing = client.get("/konsol/parametreler/oneri?yil=2027", headers=ADMIN)
    assert missing.status_code == 422 and "emlak.ydo" in missing.get_data(as_text=True)
    assert client.get("/konsol/parametreler/oneri?yil=abc", headers=ADMIN).status_code == 422


def test_the_platform_migration_closes_only_open_seeded_ctv_rows_at_their_year_s_end():
    import importlib.util
    from pathlib import Path

    from sqlalchemy import text

    from ebelediye.parameters import NationalParameter

    path = Path(__file__).resolve().parents[2] / "migrations/platform/versions/0007_yearly_ctv_amounts.py"
    spec = importlib.util.spec_from_file_location("p0007", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    rows = {key: NationalParameter(module="gelir", key=key, valid_from=date(2022, 1, 1), value=Decimal("1"),
                                   created_by=by, source="t")
            for key, by in [("ctv.deneme.seed", "seed"), ("ctv.deneme.elle", "ministry:x"), ("emlak.deneme", "seed")]}
    db.session.add_all(rows.values())
    db.session.flush()
    db.session.execute(text(migration.CLOSE_SQL))
    db.session.expire_all()
    assert rows["ctv.deneme.seed"].valid_to == date(2022, 12, 31)
    assert rows["ctv.deneme.elle"].valid_to is None and rows["emlak.deneme"].valid_to is None
    db.session.rollback()
