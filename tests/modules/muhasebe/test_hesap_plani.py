"""The chart of accounts: seeded on enable (RULES §6.1), extended by the municipality, and
an account with movements keeps its type and cannot be deleted."""

import pytest

from modules.muhasebe.seed import ALT_HESAPLAR, HESAP_PLANI
from modules.muhasebe.services import MuhasebeError, hesaplar
from modules.muhasebe.services.fis import MuhasebeConflict
from tests.modules.muhasebe.conftest import HAZIRLAYAN, kaydet, satirlar


def test_enabling_seeds_the_mibmy_accounts(alfa):
    codes = {h.kod: h for h in hesaplar.hesaplar()}
    for kod in ("100", "102", "103", "109", "120", "121", "122", "222", "140", "320", "330", "333", "360", "361",
                "600", "630", "690", "800", "805", "810", "830", "835", "900", "901", "905"):
        assert kod in codes, kod
    assert len([c for c in codes.values() if c.standart]) == len(HESAP_PLANI) + len(ALT_HESAPLAR)
    # the withholdings' sub-accounts of 360 (an invoice's taxes), under 360 with its side
    assert [(codes[k].ust_kod, codes[k].bakiye_yonu) for k in ("360.01", "360.03", "360.05")] == [("360", "A")] * 3
    assert codes["320"].tur == "kaynak" and codes["320"].bakiye_yonu == "A"
    assert codes["100"].ters_bakiye_yasak


def test_a_sub_account_inherits_its_parent_and_a_bad_code_is_refused(alfa):
    row = hesaplar.alt_hesap_ekle("102.01", "Ziraat Bankası Çankaya Şubesi", actor=HAZIRLAYAN[0])
    assert (row.ust_kod, row.tur, row.bakiye_yonu) == ("102", "varlik", "B")
    with pytest.raises(MuhasebeError) as exc:
        hesaplar.alt_hesap_ekle("999.01", "Yok", actor="x")
    assert "kod" in exc.value.errors
    with pytest.raises(MuhasebeError):
        hesaplar.alt_hesap_ekle("102;DROP", "Kötü", actor="x")
    with pytest.raises(MuhasebeConflict):
        hesaplar.alt_hesap_ekle("102.01", "İkinci", actor="x")


def test_an_account_with_movements_keeps_its_type_and_stays(alfa):
    hesaplar.alt_hesap_ekle("102.07", "Halkbank", actor="x")
    hesaplar.alt_hesap_ekle("102.08", "Vakıfbank", actor="x")
    kaydet(satirlar(("102.07", "B", "50.00"), ("600", "A", "50.00")))
    with pytest.raises(MuhasebeConflict):
        hesaplar.degistir("102.07", tur="kaynak", actor="x")
    with pytest.raises(MuhasebeConflict):
        hesaplar.sil("102.07", actor="x")
    hesaplar.degistir("102.08", tur="kaynak", actor="x")  # no movements: allowed
    hesaplar.sil("102.08", actor="x")
    assert {h.kod for h in hesaplar.hesaplar()} >= {"102.07"}
    with pytest.raises(MuhasebeConflict):
        hesaplar.sil("100", actor="x")  # a standard account is deactivated, not deleted
