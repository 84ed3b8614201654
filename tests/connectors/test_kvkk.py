"""A KVKK row per personal-data read, in the calling tenant's schema; caches and rows never
cross tenants; the staff screen and the citizen's "who looked me up"."""

import re

import pytest
from sqlalchemy import func, select, text

from ebelediye import jobs
from ebelediye.connectors import AgencyUnavailable, Caller, InvalidInput, NotFound, purposes
from ebelediye.connectors.kvkk import PersonalDataLookup, who_looked_me_up
from ebelediye.connectors.mockserver.faults import Faults
from ebelediye.extensions import db
from ebelediye.tenancy import NoTenantBound
from tests.connectors.conftest import adult, tenant
from tests.plugin import host, sign_in_staff

CLERK = Caller("memur@alfa.bel.tr", "sosyal_yardim")


class Row(dict):
    __getattr__ = dict.__getitem__


def rows() -> list[Row]:
    """The bound tenant's audit rows as plain values (they outlive the tenant binding)."""
    table = PersonalDataLookup.__table__
    return [Row(r) for r in db.session.execute(select(table).order_by(table.c.id)).mappings()]


def test_each_read_writes_one_row(kind, make_client, population):
    _, member = adult(population)
    with tenant("alfa"):
        before = len(rows())
        make_client(kind, "kps").person(member.tckn, caller=CLERK)
        make_client(kind, "kps").person(member.tckn, caller=CLERK)  # second: from the cache
        new = rows()[before:]
    assert len(new) == 2
    first, second = new
    assert (first.actor, first.purpose, first.agency, first.operation, first.subject_id, first.outcome) == (
        "memur@alfa.bel.tr", "sosyal_yardim", "kps", "person", member.tckn, "ok")
    assert first.realm == "staff" and first.duration_ms >= 0 and first.at is not None and not first.cached
    assert second.cached and second.outcome == "ok"
    assert purposes.label(first.purpose) == "Sosyal yardım başvurusunun değerlendirilmesi"


def test_failed_and_not_found_reads_are_recorded(make_client, faults, population):
    faults.set("sgk", Faults(down=True))
    _, member = adult(population)
    with tenant("alfa"):
        with pytest.raises(AgencyUnavailable):
            make_client("http", "sgk", retries=0).employment(member.tckn, caller=CLERK)
        with pytest.raises(NotFound):
            make_client("inprocess", "kps").person("10000000146", caller=CLERK)
        last = rows()[-2:]
    assert [(r.agency, r.outcome, r.subject_id) for r in last] == [
        ("sgk", "unavailable", member.tckn), ("kps", "not_found", "10000000146")]


def test_invalid_input_writes_no_row_and_calls_nothing(make_client, faults):
    kps = make_client("http", "kps")
    with tenant("alfa"):
        before = len(rows())
        for bad in ("17291716050", "123", "abcdefghijk"):
            with pytest.raises(InvalidInput):
                kps.person(bad, caller=CLERK)
        with pytest.raises(InvalidInput):
            make_client("http", "gib").taxpayer("4540536921", caller=CLERK)
        assert len(rows()) == before
    assert faults.snapshot()["stats"] == {}


def test_a_purpose_from_the_list_and_an_actor_are_required(make_client):
    with pytest.raises(InvalidInput):
        Caller("memur@alfa.bel.tr", "merak")
    with pytest.raises(InvalidInput):
        Caller("", "nikah")
    with tenant("alfa"), pytest.raises(TypeError):
        make_client("inprocess", "kps").person("10000000146", caller=None)


def test_no_tenant_no_lookup(make_client, population):
    _, member = adult(population)
    db.session.commit()
    with pytest.raises(NoTenantBound):
        make_client("inprocess", "kps").person(member.tckn, caller=CLERK)


def test_rows_and_cache_stay_with_their_tenant(kind, make_client, population):
    hh, member = adult(population)
    kps = make_client(kind, "kps")
    with tenant("alfa"):
        kps.person(member.tckn, caller=CLERK)
        alfa_rows = [r for r in rows() if r.subject_id == member.tckn]
    keys = [k.decode() for k in jobs.redis_connection().scan_iter("*conn*")]
    assert keys and all(k.startswith("t:alfa:conn:kps.person:") for k in keys)
    assert member.tckn not in " ".join(keys)  # key names carry a digest, not the number
    with tenant("beta"):
        assert [r for r in rows() if r.subject_id == member.tckn] == []
        assert who_looked_me_up(member.tckn) == []
        beta = Caller("memur@beta.bel.tr", "kimlik_dogrulama")
        kps.person(member.tckn, caller=beta)  # alfa's cached answer is not served to beta
        beta_rows = [r for r in rows() if r.subject_id == member.tckn]
    assert len(alfa_rows) == 1 and len(beta_rows) == 1 and not beta_rows[0].cached
    assert beta_rows[0].actor == "memur@beta.bel.tr"
    assert {k.decode().split(":")[1] for k in jobs.redis_connection().scan_iter("*conn*")} == {"alfa", "beta"}


def test_who_looked_me_up(make_client, population):
    hh, member = next((hh, m) for hh, m in population.iter_people() if m.slot == 0 and len(hh.members) >= 3)
    child = hh.members[2]
    with tenant("alfa"):
        sign_in_name = "Nikah Memuru"
        from ebelediye.identity import StaffUser

        db.session.add(StaffUser(email="nikah@alfa.bel.tr", full_name=sign_in_name))
        db.session.flush()
        make_client("inprocess", "kps").family(member.tckn, caller=Caller("nikah@alfa.bel.tr", "nikah"))
        make_client("inprocess", "gib").taxpayer(member.tckn, caller=Caller("job:42", "emlak_vergisi", "job"))
        mine = who_looked_me_up(member.tckn)
        childs = who_looked_me_up(child.tckn)  # named in the family answer
    assert [(x.who, x.agency, x.purpose) for x in mine] == [
        ("Otomatik işlem (belediye sistemi)", "GİB", "Emlak vergisi bildirim, tarh ve tahakkuku"),
        (sign_in_name, "Kimlik Paylaşım (MERNİS)", "Evlendirme işlemleri")]
    assert [x.operation for x in childs] == ["Aile bireyleri"]
    with pytest.raises(InvalidInput):
        who_looked_me_up("17291716050")


def test_staff_screen_lists_filters_and_pages(client, make_client, population):
    people = [m.tckn for _, m in population.iter_people(0, 40) if m.alive][:55]
    with tenant("alfa"):
        kps = make_client("inprocess", "kps")
        for tckn in people:
            kps.person(tckn, caller=CLERK)
        make_client("inprocess", "gib").taxpayer(people[0], caller=Caller("gelir@alfa.bel.tr", "emlak_vergisi"))
        db.session.commit()
    sign_in_staff(client, "alfa", admin=True)
    h = {"Host": host("alfa")}
    page = client.get("/kvkk/sorgular", headers=h)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Kişisel veri sorguları" in body
    assert "gelir@alfa.bel.tr" in body and "Sonraki" in body  # newest first, 50 a page
    second = client.get("/kvkk/sorgular?sayfa=2", headers=h).get_data(as_text=True)
    assert "Önceki" in second and people[0] in second
    only = client.get(f"/kvkk/sorgular?kimlik={people[0]}&kurum=gib", headers=h).get_data(as_text=True)
    assert "gelir@alfa.bel.tr" in only and "memur@alfa.bel.tr" not in only
    by_purpose = client.get("/kvkk/sorgular?amac=emlak_vergisi", headers=h).get_data(as_text=True)
    assert len(re.findall(r"<tr>", by_purpose)) == 2  # header + one row
    bad = client.get("/kvkk/sorgular?kimlik=17291716050&baslangic=dun", headers=h)
    assert bad.status_code == 422 and "kontrol haneleri" in bad.get_data(as_text=True)
    assert "YYYY-AA-GG" in bad.get_data(as_text=True)
    # beta's admin sees none of alfa's lookups
    beta_client = client.application.test_client()
    sign_in_staff(beta_client, "beta", admin=True)
    beta = beta_client.get(f"/kvkk/sorgular?kimlik={people[0]}", headers={"Host": host("beta")})
    assert beta.status_code == 200 and "Bu süzgece uyan kayıt yok" in beta.get_data(as_text=True)


def test_staff_screen_needs_the_kvkk_permission(client, app):
    assert client.get("/kvkk/sorgular", headers={"Host": host("alfa")}).status_code == 302
    email = sign_in_staff(client, "alfa", admin=False)
    assert client.get("/kvkk/sorgular", headers={"Host": host("alfa")}).status_code == 403
    # the built-in auditor role includes it
    from sqlalchemy import text

    from ebelediye.extensions import db
    from tenants import services

    with services.bound("alfa"):
        db.session.execute(text("INSERT INTO staff_roles (staff_id, role_id) SELECT s.id, r.id FROM staff_users s, roles r "
                                "WHERE s.email = :e AND r.key = 'denetci'"), {"e": email})
        db.session.commit()
    assert client.get("/kvkk/sorgular", headers={"Host": host("alfa")}).status_code == 200


def test_rows_are_append_only(make_client, population):
    _, member = adult(population)
    with tenant("alfa"):
        make_client("inprocess", "kps").person(member.tckn, caller=CLERK)
        with pytest.raises(Exception, match="append-only|yalnızca|not allowed|reject"):
            with db.session.begin_nested():
                db.session.execute(text("UPDATE personal_data_lookups SET actor = 'x'"))


@pytest.mark.committed
def test_the_row_survives_the_callers_rollback(app, make_client, population):
    """Outside tests' pinned connection the row is written in its own transaction."""
    _, member = adult(population, start=500)
    actor = "rollback-test@alfa.bel.tr"
    try:
        with tenant("alfa"):
            db.session.execute(text("SELECT 1"))  # the caller has a transaction open...
            make_client("inprocess", "kps").person(member.tckn, caller=Caller(actor, "denetim"))
            db.session.rollback()  # ...and throws it away
            count = db.session.scalar(select(func.count()).select_from(PersonalDataLookup)
                                      .where(PersonalDataLookup.actor == actor))
        assert count == 1
    finally:
        db.session.rollback()
        with db.engine.begin() as conn:  # test clean-up past the append-only trigger
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text('DELETE FROM "t_alfa".personal_data_lookups WHERE actor = :a'), {"a": actor})
