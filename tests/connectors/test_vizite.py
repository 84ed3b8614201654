"""SGK Vizite: the employer's incapacity reports and its notice on each — the same cases in
process and over HTTP, then the faults (retries of the read, none of the notice, the
breaker, a hung agency)."""

from datetime import date, timedelta

import pytest

from ebelediye.connectors import (
    AgencyTimeout,
    AgencyUnavailable,
    Caller,
    CircuitOpen,
    InvalidInput,
    NotFound,
    Rejected,
)
from ebelediye.connectors.breaker import OPEN, CircuitBreaker
from ebelediye.connectors.mock.people import add_report
from ebelediye.connectors.mockserver.faults import Faults
from tests.connectors.conftest import adult
from tests.connectors.test_resilience import FakeClock

HR = Caller("ik@alfa.bel.tr", "personel")
EMPLOYER = "4540536920"
OTHER = "1234567890"

pytestmark = pytest.mark.usefixtures("alfa")


def agencies(kind, make_client, mock_server):
    return make_client.agencies if kind == "inprocess" else mock_server[1].extensions["mock.agencies"]


def hired(sgk, population, n=1, start=date(2025, 1, 2)):
    people = []
    for _hh, m in population.iter_people(0, 200):
        if m.alive and m.age() >= 25 and len(people) < n:
            sgk.hire(m.tckn, EMPLOYER, start, caller=HR)
            people.append(m)
    return people


def test_reports_of_the_employers_insured(kind, make_client, mock_server, population):
    sgk = make_client(kind, "sgk")
    person = hired(sgk, population)[0]
    mock = agencies(kind, make_client, mock_server)
    add_report(mock, rapor_no="T0000001", tckn=person.tckn, isveren_vkn=EMPLOYER, baslangic=date(2026, 3, 2),
               bitis=date(2026, 3, 5), tur="is_kazasi", tesis="Şehir Hastanesi")
    add_report(mock, rapor_no="T0000002", tckn=person.tckn, isveren_vkn=OTHER, baslangic=date(2026, 3, 2),
               bitis=date(2026, 3, 5))
    reports = sgk.sick_reports(EMPLOYER, date(2026, 3, 1), date(2026, 3, 31), caller=HR)
    planted = [r for r in reports if r.rapor_no == "T0000001"]
    assert len(planted) == 1 and "T0000002" not in {r.rapor_no for r in reports}  # another employer's
    r = planted[0]
    assert (r.tckn, r.ad, r.soyad, r.tur, r.tesis, r.gun) == (person.tckn, person.ad, person.soyad, "is_kazasi",
                                                              "Şehir Hastanesi", 4)
    assert r.kontrol_tarihi == date(2026, 3, 6) and r.bildirim is None
    # the generated ones are derived, not random: the same answer again, each within the range
    again = sgk.sick_reports(EMPLOYER, date(2026, 3, 1), date(2026, 3, 31), caller=HR)
    assert again == reports
    year = sgk.sick_reports(EMPLOYER, date(2025, 6, 1), date(2026, 5, 31), caller=HR)
    assert len(year) >= 2 and all(x.bitis >= date(2025, 6, 1) and x.baslangic <= date(2026, 5, 31) for x in year)
    assert all(x.baslangic >= date(2025, 1, 2) for x in year)  # not before the hire
    assert sgk.sick_reports(OTHER, date(2026, 3, 1), date(2026, 3, 31), caller=HR)[0].rapor_no == "T0000002"


def test_notice_is_idempotent_by_report_number(kind, make_client, mock_server, population):
    sgk = make_client(kind, "sgk")
    person = hired(sgk, population)[0]
    mock = agencies(kind, make_client, mock_server)
    add_report(mock, rapor_no="T0000010", tckn=person.tckn, isveren_vkn=EMPLOYER, baslangic=date(2026, 4, 6),
               bitis=date(2026, 4, 8))
    first = sgk.report_confirmation(EMPLOYER, "T0000010", person.tckn, False, caller=HR)
    assert first.durum == "calismadi" and first.referans.startswith("SGK-V-")
    # sent again (a retry after a timeout): the same receipt, not a second notice
    assert sgk.report_confirmation(EMPLOYER, "T0000010", person.tckn, False, caller=HR) == first
    with pytest.raises(Rejected) as caught:  # a different notice for the same report
        sgk.report_confirmation(EMPLOYER, "T0000010", person.tckn, True, neden="Nöbet", caller=HR)
    assert caught.value.reason == "bildirim_var"
    listed = sgk.sick_reports(EMPLOYER, date(2026, 4, 1), date(2026, 4, 30), caller=HR)
    assert next(r for r in listed if r.rapor_no == "T0000010").bildirim == first
    # "worked" with a reason
    add_report(mock, rapor_no="T0000011", tckn=person.tckn, isveren_vkn=EMPLOYER, baslangic=date(2026, 5, 4),
               bitis=date(2026, 5, 4))
    assert sgk.report_confirmation(EMPLOYER, "T0000011", person.tckn, True, neden="Yarım gün çalıştı",
                                   caller=HR).durum == "calisti"


def test_notice_refusals(kind, make_client, mock_server, population):
    sgk = make_client(kind, "sgk")
    person = hired(sgk, population)[0]
    mock = agencies(kind, make_client, mock_server)
    with pytest.raises(NotFound):
        sgk.report_confirmation(EMPLOYER, "YOK00001", person.tckn, False, caller=HR)
    today = mock.today()
    add_report(mock, rapor_no="T0000020", tckn=person.tckn, isveren_vkn=EMPLOYER, baslangic=today - timedelta(days=1),
               bitis=today + timedelta(days=3))
    with pytest.raises(Rejected) as caught:
        sgk.report_confirmation(EMPLOYER, "T0000020", person.tckn, False, caller=HR)
    assert caught.value.reason == "rapor_bitmedi"
    other = adult(population, skip={person.tckn})[1]
    add_report(mock, rapor_no="T0000021", tckn=person.tckn, isveren_vkn=EMPLOYER, baslangic=date(2026, 2, 2),
               bitis=date(2026, 2, 3))
    with pytest.raises(NotFound):  # the report is someone else's
        sgk.report_confirmation(EMPLOYER, "T0000021", other.tckn, False, caller=HR)


@pytest.mark.parametrize("call", [
    lambda s: s.sick_reports(EMPLOYER, date(2026, 3, 31), date(2026, 3, 1), caller=HR),
    lambda s: s.sick_reports(EMPLOYER, date(2025, 1, 1), date(2026, 3, 1), caller=HR),
    lambda s: s.sick_reports(EMPLOYER, "2026-03-01", date(2026, 3, 1), caller=HR),
    lambda s: s.sick_reports("123", date(2026, 3, 1), date(2026, 3, 2), caller=HR),
    lambda s: s.report_confirmation(EMPLOYER, "t\x00", "10000000146", False, caller=HR),
    lambda s: s.report_confirmation(EMPLOYER, "T0000001", "10000000146", True, neden="", caller=HR),
    lambda s: s.report_confirmation(EMPLOYER, "T0000001", "10000000146", True, neden="a\x00b", caller=HR),
    lambda s: s.report_confirmation(EMPLOYER, "T0000001", "10000000146", "no", caller=HR),
])
def test_bad_input_makes_no_call(make_client, faults, call):
    sgk = make_client("http", "sgk")
    with pytest.raises(InvalidInput):
        call(sgk)
    assert faults.snapshot()["stats"].get("sgk", {}).get("requests", 0) == 0


def test_the_read_is_retried_through_errors(make_client, faults, population):
    sgk = make_client("http", "sgk", retries=6)
    hired(sgk, population)
    faults.set("sgk", Faults(error_rate=0.5, error_status=503, seed=3))
    for _ in range(6):
        sgk.sick_reports(EMPLOYER, date(2026, 1, 1), date(2026, 3, 31), caller=HR)
    stats = faults.snapshot()["stats"]["sgk"]
    assert stats["errors"] >= 1 and sgk.backend.stats["retries"] >= stats["errors"]


def test_the_notice_is_sent_once(make_client, faults, mock_server, population):
    sgk = make_client("http", "sgk", retries=4)
    person = hired(sgk, population)[0]
    add_report(mock_server[1].extensions["mock.agencies"], rapor_no="T0000030", tckn=person.tckn,
               isveren_vkn=EMPLOYER, baslangic=date(2026, 6, 1), bitis=date(2026, 6, 2))
    before = faults.snapshot()["stats"]["sgk"]["requests"]
    faults.set("sgk", Faults(error_rate=1.0, error_status=500))
    with pytest.raises(AgencyUnavailable) as caught:
        sgk.report_confirmation(EMPLOYER, "T0000030", person.tckn, False, caller=HR)
    assert caught.value.outcome_unknown
    assert faults.snapshot()["stats"]["sgk"]["requests"] == before + 1
    faults.clear()  # the manual retry is safe
    assert sgk.report_confirmation(EMPLOYER, "T0000030", person.tckn, False, caller=HR).durum == "calismadi"


def test_timeout_then_breaker(make_client, faults):
    faults.set("sgk", Faults(hang_rate=1.0, hang_seconds=5))
    clock = FakeClock()
    sgk = make_client("http", "sgk", retries=0, read_timeout=0.25, budget=2.0,
                      breaker=CircuitBreaker(2, 0.5, clock=clock))
    for _ in range(2):
        with pytest.raises(AgencyTimeout) as caught:
            sgk.sick_reports(EMPLOYER, date(2026, 1, 1), date(2026, 1, 31), caller=HR)
        assert "zamanında yanıt vermedi" in caught.value.message_tr
    assert sgk.backend.breaker.state == OPEN
    with pytest.raises(CircuitOpen):
        sgk.sick_reports(EMPLOYER, date(2026, 1, 1), date(2026, 1, 31), caller=HR)
    assert faults.snapshot()["stats"]["sgk"]["requests"] == 2


def test_premium_lines_carry_missing_days_and_their_reason(kind, make_client, population):
    from decimal import Decimal

    from ebelediye.connectors.types import PremiumLine

    sgk = make_client(kind, "sgk")
    people = [m for _, m in population.iter_people(0, 30) if m.alive and m.age() >= 18][:2]
    lines = [PremiumLine(people[0].tckn, 25, Decimal("33333.33"), 5, "01"), PremiumLine(people[1].tckn, 30,
                                                                                        Decimal("40000.00"))]
    assert sgk.submit_premium_declaration(EMPLOYER, "2026-02", lines, caller=HR).toplam_gun == 55
    with pytest.raises(Rejected):  # no such reason code
        sgk.submit_premium_declaration(EMPLOYER, "2026-03", [PremiumLine(people[0].tckn, 25, Decimal("1.00"), 5, "99")],
                                       caller=HR)
    for bad in (PremiumLine(people[0].tckn, 25, Decimal("1.00"), 5, None),
                PremiumLine(people[0].tckn, 28, Decimal("1.00"), 5, "01")):  # over 30 in all
        with pytest.raises(InvalidInput):
            sgk.submit_premium_declaration(EMPLOYER, "2026-04", [bad], caller=HR)


def test_the_mock_servers_admin_plants_a_report(mock_server, faults, make_client):
    _, app = mock_server
    admin = app.test_client()
    body = {"rapor_no": "ADM00001", "tckn": "10000000146", "isveren_vkn": EMPLOYER, "baslangic": "2026-02-09",
            "bitis": "2026-02-11", "tur": "analik"}
    assert admin.post("/_admin/sgk/raporlar", json=body).status_code == 201
    assert admin.post("/_admin/sgk/raporlar", json={**body, "baslangic": "09.02.2026"}).status_code == 400
    listed = make_client("http", "sgk").sick_reports(EMPLOYER, date(2026, 2, 1), date(2026, 2, 28), caller=HR)
    assert [(r.rapor_no, r.tur, r.gun) for r in listed if r.rapor_no == "ADM00001"] == [("ADM00001", "analik", 3)]
