"""Monthly national figures (TÜİK's Yİ-ÜFE changes for restructuring, the 12-month averages
for rent increases) entered as TÜİK's table pasted whole: parsed strictly, shown before they
are written, only new months added, a figure already entered never corrected."""

from datetime import date
from decimal import Decimal

import pytest

from ebelediye import parameters
from ebelediye.audit import PlatformAuditEntry
from ebelediye.extensions import db
from tests.plugin import ADMIN_HOST, sign_in_ministry

ADMIN = {"Host": ADMIN_HOST}
KEY = "yi_ufe.aylik_degisim"

# the layout of TÜİK's "Yurt içi üretici fiyat endeksi ve değişim oranı" tables: a heading,
# the months in two languages, newest year first, months not published yet left empty.
# The figures are made up for the test, not TÜİK's.
TABLE = """Yurt içi üretici fiyat endeksi, bir önceki aya göre değişim oranı (%)
Yıl | Ocak | Şubat | Mart | Nisan | Mayıs | Haziran | Temmuz | Ağustos | Eylül | Ekim | Kasım | Aralık |
Year | Jan. | Feb. | March | April | May | June | July | August | Sep. | Oct. | Nov. | Dec. |
2041 | 1,10 | -0,20 | 0,40 | | | | | | | | | |
2040 | 1,14 | 1,20 | 1,63 | 2,52 | 3,50 | 4,30 | 5,33 | 6,18 | 6,89 | 7,71 | 8,27 | 8,52 |
"""


def _monthly(table: str) -> list[tuple[int, int, str]]:
    return [(f.year, f.month, str(f.value)) for f in parameters.parse_monthly_table(table)]


def test_tuik_s_table_is_read_oldest_month_first_with_negative_changes():
    figures = _monthly(TABLE)
    assert len(figures) == 15
    assert figures[0] == (2040, 1, "1.14") and figures[11] == (2040, 12, "8.52")
    assert figures[12:] == [(2041, 1, "1.10"), (2041, 2, "-0.20"), (2041, 3, "0.40")]
    # semicolons, tabs and a decimal point read the same
    assert _monthly("2040;1.14;1,20\n") == _monthly("2040\t1,14\t1.20") == [(2040, 1, "1.14"), (2040, 2, "1.20")]
    last = parameters.parse_monthly_table("2040 1 2 3 4 5 6 7 8 9 10 11 12")[-1]
    assert (last.first_day, last.last_day) == (date(2040, 12, 1), date(2040, 12, 31))


@pytest.mark.parametrize("table, fault", [
    ("", "yıl ile başlayan satır"),
    ("2040 | 1,0 | abc", "bir oran değil"),
    ("2040 | 1,0 | | 2,0", "Şubat boş"),  # a gap inside a year
    ("2040 " + " ".join(["1"] * 13), "12'den çok"),
    ("2040 1\n2040 2", "iki kez"),
    ("2040 1 2\n2041 3", "2 ayla bitiyor"),
    ("2039 " + " ".join(["1"] * 12) + "\n2041 1", "yıl eksik"),
    ("1066 1", "kabul edilmiyor"),
    ("2040 1,0\x00", "Denetim karakteri"),
    ("2040 1234,5", "bir oran değil"),
    ("2040 1e9", "bir oran değil"),
    ("2040 " + "1" * 30_000, "en çok"),
])
def test_a_bad_table_is_refused_whole_with_its_line(table, fault):
    with pytest.raises(parameters.MonthlyTableError) as caught:
        parameters.parse_monthly_table(table)
    assert fault in str(caught.value)


def test_the_console_shows_the_months_first_then_adds_only_new_ones_and_audits(client):
    sign_in_ministry(client, "aylik1@bakanlik.gov.tr")
    form = {"key": KEY, "source": "TÜİK bülteni (test)", "tablo": TABLE}
    preview = client.post("/konsol/parametreler/aylik", data=form, headers=ADMIN)
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Şubat 2041" in text and "-0.2" in text
    assert parameters.rows(KEY) == []  # the preview wrote nothing
    done = client.post("/konsol/parametreler/aylik", data={**form, "onay": "1"}, headers=ADMIN)
    assert done.status_code == 302
    rows = parameters.rows(KEY)
    assert len(rows) == 15 and rows[13].value == Decimal("-0.200000")
    assert (rows[13].valid_from, rows[13].valid_to) == (date(2041, 2, 1), date(2041, 2, 28))
    assert parameters.value_on(KEY, date(2040, 7, 19)) == Decimal("5.33")
    entry = db.session.scalars(db.select(PlatformAuditEntry).where(
        PlatformAuditEntry.action == "parameter.import_monthly")).one()
    assert entry.after["added"] == 15 and entry.actor == "ministry:aylik1@bakanlik.gov.tr"
    # next month TÜİK's whole table is pasted again: only April is new
    april = TABLE.replace("0,40 | |", "0,40 | 0,90 |")
    again = client.post("/konsol/parametreler/aylik", data={**form, "tablo": april, "onay": "1"}, headers=ADMIN)
    assert again.status_code == 302 and len(parameters.rows(KEY)) == 16
    assert parameters.value_on(KEY, date(2041, 4, 30)) == Decimal("0.9")


def test_a_changed_figure_or_a_gap_is_refused_and_nothing_is_written(client):
    sign_in_ministry(client, "aylik2@bakanlik.gov.tr")
    base = {"key": KEY, "source": "TÜİK", "onay": "1"}
    assert client.post("/konsol/parametreler/aylik", data={**base, "tablo": "2040 1 2 3"},
                       headers=ADMIN).status_code == 302
    # February differs from what was entered
    response = client.post("/konsol/parametreler/aylik", data={**base, "tablo": "2040 1 2,5 3 4"}, headers=ADMIN)
    assert response.status_code == 422 and "kayıtlı değer düzeltilmez" in response.get_data(as_text=True)
    assert len(parameters.rows(KEY)) == 3
    with pytest.raises(parameters.MonthlyTableError, match="aradaki aylar eksik"):
        parameters.plan_monthly(KEY, [parameters.MonthlyFigure(2040, 6, Decimal("1"))])
    with pytest.raises(parameters.MonthlyTableError, match="eski bir ay"):
        parameters.plan_monthly(KEY, parameters.parse_monthly_table("2039 " + " ".join(["1"] * 12)))
    for data, field in [({**base, "key": "emlak.tek_konut_azami_m2", "tablo": "2040 4"}, "aylik-key"),
                        ({**base, "source": "", "tablo": "2040 1 2 3 4"}, "aylik-source"),
                        ({**base, "tablo": "2040 1 2 3"}, "aylik-tablo")]:  # nothing new
        response = client.post("/konsol/parametreler/aylik", data=data, headers=ADMIN)
        assert response.status_code == 422, data
        assert f'aria-describedby="{field}-hata"' in response.get_data(as_text=True), data
    assert len(parameters.rows(KEY)) == 3


def test_a_single_negative_value_is_allowed_only_for_a_monthly_parameter(client):
    sign_in_ministry(client, "aylik3@bakanlik.gov.tr")
    ok = client.post("/konsol/parametreler", data={"key": KEY, "value": "-0,5", "valid_from": "2040-01-01",
                                                   "valid_to": "2040-01-31", "source": "TÜİK"}, headers=ADMIN)
    assert ok.status_code == 302 and parameters.rows(KEY)[-1].value == Decimal("-0.5")
    refused = client.post("/konsol/parametreler", data={"key": "emlak.tek_konut_azami_m2", "value": "-1",
                                                        "valid_from": "2040-01-01", "source": "s"}, headers=ADMIN)
    assert refused.status_code == 422
