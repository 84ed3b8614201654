"""One input path: what users type, refused the same way on pages and in the API."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebelediye import formatting, inputs
from ebelediye.extensions import db
from tenants import services
from tests.plugin import host, sign_in_staff

ALFA = {"Host": host("alfa")}


class Amounts(inputs.Input):
    tutar = inputs.Money(required=True)
    alan = inputs.Number(places=2, load_default=None)
    kayit_id = inputs.Id(load_default=None)
    sayfa = inputs.Page()
    ad = inputs.Text(max_length=20, load_default="")
    not_ = inputs.Text(data_key="not", multiline=True, max_length=500, load_default="")
    gun = inputs.Day(load_default=None)
    tur = inputs.Choice(("nakit", "kart"), load_default="nakit")


def load(**data):
    return inputs.load(Amounts(), data)


@pytest.mark.parametrize("typed", ["2.843,29", "2843,29", "2843.29", " 2 843,29 ", 2843.29, "+2843,29"])
def test_money_accepts_the_forms_turkish_users_type(typed):
    assert load(tutar=typed)["tutar"] == Decimal("2843.29")


@pytest.mark.parametrize("typed,reason", [
    ("2,843.29", "Türkçe biçimde"), ("1e400", "Geçerli bir sayı"), ("-1.37e145", "Geçerli bir sayı"),
    ("12\x00", "denetim karakteri"), ("2843,291", "iki ondalık"), ("2843.291", "iki ondalık"),
    ("10000000000000000", "çok büyük"), ("0", "sıfırdan büyük"), ("-5", "sıfırdan büyük"),
    ("", "Bir sayı"), (True, "Bir sayı"), ([], "Bir sayı"), (float("inf"), "Geçerli bir sayı"), ("NaN", "Geçerli"),
])
def test_money_refuses_everything_else_with_a_field_message(typed, reason):
    with pytest.raises(inputs.InvalidInput) as refused:
        load(tutar=typed)
    assert list(refused.value.errors) == ["tutar"]
    assert reason in " ".join(refused.value.field_messages()["tutar"])
    assert refused.value.status == 422


def test_a_thousands_dot_is_read_as_thousands():
    assert load(tutar="1.500")["tutar"] == Decimal("1500.00")
    assert load(tutar="1.234.567,8")["tutar"] == Decimal("1234567.80")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999999999.99"), places=2))
def test_what_we_show_we_read_back(amount):
    assert formatting.parse_decimal(formatting.money(amount)) == amount


@pytest.mark.parametrize("value", ["0", "-1", str(2**63), "1e3", "2.0", "abc", 10**30])
def test_ids_stay_inside_bigint(value):
    with pytest.raises(inputs.InvalidInput) as refused:
        load(tutar="1", kayit_id=value)
    assert "kayit_id" in refused.value.errors
    assert load(tutar="1", kayit_id=str(2**63 - 1))["kayit_id"] == 2**63 - 1


def test_pages_are_bounded_and_default_to_one():
    assert load(tutar="1")["sayfa"] == 1
    with pytest.raises(inputs.InvalidInput):
        load(tutar="1", sayfa="10000000000000000000000")


def test_text_refuses_control_characters_and_length_and_keeps_lines_where_allowed():
    assert load(tutar="1", ad="  Ayşe  ")["ad"] == "Ayşe"
    for bad in ("Ay\x00şe", "Ay\x07şe", "satır\nsatır"):
        with pytest.raises(inputs.InvalidInput) as refused:
            load(tutar="1", ad=bad)
        assert "ad" in refused.value.errors
    assert load(tutar="1", **{"not": "bir\nbirden çok satır\ttab"})["not_"] == "bir\nbirden çok satır\ttab"
    with pytest.raises(inputs.InvalidInput):
        load(tutar="1", ad="x" * 21)


def test_every_string_is_checked_even_in_fields_that_are_not_text():
    with pytest.raises(inputs.InvalidInput) as refused:
        load(tutar="1", tur="nakit\x00")
    assert "tur" in refused.value.errors


def test_days_come_in_both_forms_and_within_range():
    assert load(tutar="1", gun="2026-03-02")["gun"] == date(2026, 3, 2)
    assert load(tutar="1", gun="2.3.2026")["gun"] == date(2026, 3, 2)
    for bad in ("2026-02-30", "30.02.2026", "9999-01-01", "yarın", "2026-03-02T00:00"):
        with pytest.raises(inputs.InvalidInput) as refused:
            load(tutar="1", gun=bad)
        assert "gun" in refused.value.errors


def test_choices_and_marshmallow_messages_are_turkish():
    with pytest.raises(inputs.InvalidInput) as refused:
        inputs.load(Amounts(), {"tur": "çek"})
    messages = refused.value.field_messages()
    assert messages["tutar"] == ["Bu alan gerekli."]
    assert "nakit, kart" in messages["tur"][0]


def test_numbers_are_shown_one_way():
    assert formatting.money(Decimal("2843.29")) == "2.843,29"
    assert formatting.plain(Decimal("735.3200")) == "735,32"
    assert formatting.plain(Decimal("45.0000")) == "45"
    assert formatting.percent(Decimal("3.70")) == "%3,7"
    from datetime import UTC, datetime

    assert formatting.moment(datetime(2026, 11, 30, 21, 17, tzinfo=UTC)) == "01.12.2026 00:17"
    assert formatting.day(datetime(2026, 11, 30, 21, 17, tzinfo=UTC)) == "01.12.2026"


# --- pages and API --------------------------------------------------------------------------

def test_a_refused_form_is_shown_again_with_its_values_and_field_messages(client):
    sign_in_staff(client, "alfa")
    page = client.post("/ornek/yeni", data={"baslik": "Deneme", "tutar": "2,843.29", "tarih": "2026-02-30"},
                       headers=ALFA)
    body = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'value="2,843.29"' in body and "Türkçe biçimde" in body and "Geçerli bir tarih" in body
    assert 'aria-invalid="true"' in body
    ok = client.post("/ornek/yeni", data={"baslik": "Deneme", "tutar": "2.843,29"}, headers=ALFA)
    assert ok.status_code == 302


def test_a_rule_refusal_is_a_form_error_and_writes_nothing(client):
    sign_in_staff(client, "alfa")
    assert client.post("/ornek/yeni", data={"baslik": "Bir kez"}, headers=ALFA).status_code == 302
    again = client.post("/ornek/yeni", data={"baslik": "Bir kez"}, headers=ALFA)
    assert again.status_code == 409 and "Bu başlıkla bir kayıt zaten var." in again.get_data(as_text=True)
    with services.bound("alfa"):
        count = db.session.execute(db.text("SELECT count(*) FROM ornek_kayitlar WHERE baslik = 'Bir kez'")).scalar()
        db.session.commit()
    assert count == 1


def test_the_api_answers_the_same_refusals_as_json(client):
    bad = client.post("/ornek/", json={"baslik": "", "tutar": "1e400"}, headers=ALFA)
    assert bad.status_code == 422
    assert bad.json["reason"] == "invalid_input" and set(bad.json["errors"]) == {"baslik", "tutar"}
    assert client.post("/ornek/", json={"baslik": "JSON"}, headers=ALFA).status_code == 201
    clash = client.post("/ornek/", json={"baslik": "JSON"}, headers=ALFA)
    assert clash.status_code == 409 and clash.json["errors"] == {"baslik": ["Başka bir başlık seçin."]}


def test_ids_past_bigint_in_a_path_are_404_not_500(client):
    sign_in_staff(client, "alfa")
    assert client.get(f"/ornek/{2**63}", headers=ALFA).status_code == 404
    assert client.get(f"/ornek/{10**30}", headers=ALFA).status_code == 404
