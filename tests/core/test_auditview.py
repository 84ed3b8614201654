"""The audit trail reads as sentences: the actor by name, the action in words, the object
named, a before/after table with Turkish letters as they are, times in Europe/Istanbul."""

from datetime import UTC, datetime

from ebelediye import audit, auditview
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from tenants import services
from tests.plugin import host, sign_in_staff

H = {"Host": host("alfa")}


def test_changes_show_what_changed_first_and_keep_turkish_letters():
    rows = auditview.changes({"aciklama": "Lisans ödemesi", "tutar": "10.00", "etiket": ["çay", "şeker"]},
                             {"aciklama": "Lisans ödemesi", "tutar": "12.50", "etiket": {"ğ": 1}})
    assert [r.field for r in rows if r.changed] == ["tutar", "etiket"]
    assert rows[0].before == "10.00" and rows[0].after == "12.50"
    assert rows[1].before == "çay, şeker" and rows[1].after == '{"ğ": 1}'
    assert rows[2].before == rows[2].after == "Lisans ödemesi"
    created = auditview.changes(None, {"aktif": True})
    assert created[0].before == "" and created[0].after == "evet"
    assert auditview.changes(None, None) == []


def test_actions_and_objects_are_words():
    assert auditview.action_words("kullanici.olustur") == ("kullanıcı oluşturdu", True)
    assert auditview.action_words("gelir.tahsilat.olustur") == ("tahsilat oluşturdu", False)
    assert auditview.action_words("muhasebe.fis.ters_kayit") == ("fiş ters kayıtla düzeltti", False)
    assert auditview.object_words("staff_user", "12") == "Kullanıcı #12"
    assert auditview.object_words("tenant", "alfa") == "Belediye alfa"
    assert auditview.actor_words("ministry:a@b.gov.tr", {"a@b.gov.tr": "Ayşe Kaya"}) == ("Ayşe Kaya", "ministry:a@b.gov.tr")
    assert auditview.actor_words(None, {})[0] == "sistem"


def test_the_audit_page_names_the_actor_and_shows_a_readable_diff(client):
    email = sign_in_staff(client, "alfa", admin=True)
    with services.bound("alfa"):
        db.session.query(StaffUser).filter_by(email=email).one().full_name = "Zeynep Öztürk"
        audit.record("gelir.tahakkuk.iptal", actor=email, realm="staff", object_type="tahakkuk", object_id=7,
                     before={"aciklama": "Lisans ödemesi", "durum": "açık"}, after={"aciklama": "Lisans ödemesi", "durum": "iptal"})
        entry = db.session.query(audit.AuditEntry).order_by(audit.AuditEntry.id.desc()).first()
        db.session.flush()
        entry_id = entry.id
        db.session.commit()
    page = client.get("/yonetim/denetim?islem=gelir.tahakkuk.iptal", headers=H).get_data(as_text=True)
    assert "Zeynep Öztürk" in page and "tahakkuk iptal etti" in page and "Tahakkuk #7" in page
    assert "Lisans ödemesi" in page and "\\u00f6" not in page
    assert 'class="eb-changed"' in page  # "durum" changed: marked in the before/after table
    assert "Europe/Istanbul" in page
    with services.bound("alfa"):
        at = db.session.get(audit.AuditEntry, entry_id).at
        db.session.rollback()
    local = at.astimezone(UTC).replace(tzinfo=None)
    assert f"{(local.hour + 3) % 24:02d}:{local.minute:02d}" in page  # Istanbul is UTC+3 all year
    assert isinstance(at, datetime)


def test_in_english_module_actions_and_objects_are_english_words(app):
    from flask_babel import force_locale

    with app.test_request_context("/"):
        with force_locale("en"):
            assert auditview.action_words("gelir.tahakkuk.iptal") == ("cancelled assessment", False)
            assert auditview.action_words("ik.bordro.kilitle") == ("locked payroll", False)
            assert auditview.action_words("tenant.suspended") == ("suspended the municipality", True)
            assert auditview.object_words("tahakkuk", "7") == "Assessment #7"
        assert auditview.action_words("gelir.tahakkuk.iptal") == ("tahakkuk iptal etti", False)
