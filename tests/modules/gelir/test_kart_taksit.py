"""Card installments: offered as the municipality set them (count, minimum amount), sent to
the bank, refused by a debit card with a message, and recorded as the bank charged them."""

import re
from decimal import Decimal

import pytest

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir import parametre
from modules.gelir.models import OnlineOdeme
from modules.gelir.services import GelirError, online, tarife
from tenants import services
from tests.plugin import host, sign_in_citizen

from .conftest import new_tckn, staff_with
from .online_helpers import DONUS, banka_sayfasi, borclu, denetim

BANKA_KARTI = "9792000000000011"


def _taksitli(en_cok=6, alt="500.00"):
    ayar = parametre.ayarlar()
    ayar.kart_taksit_en_cok, ayar.kart_taksit_alt_tutar = en_cok, Decimal(alt)
    db.session.flush()


def test_without_the_setting_only_one_payment_is_offered_and_installments_are_refused():
    with services.bound("alfa"):
        m, debts = borclu(None, "1000.00")
        assert online.taksit_secenekleri(Decimal("1000.00")) == [1]
        with pytest.raises(GelirError) as caught:
            online.baslat(m.id, [debts[0].id], clock.today(), DONUS, taksit=3)
        assert "taksit" in caught.value.errors
        assert db.session.query(OnlineOdeme).filter_by(mukellef_id=m.id).count() == 0


def test_the_counts_offered_follow_the_municipality_s_maximum_and_minimum_amount():
    with services.bound("alfa"):
        _taksitli(en_cok=6, alt="500.00")
        assert online.taksit_secenekleri(Decimal("499.99")) == [1]
        assert online.taksit_secenekleri(Decimal("500.00")) == [1, 2, 3, 4, 6]
        _taksitli(en_cok=12, alt="0")
        assert online.taksit_secenekleri(Decimal("10.00")) == [1, 2, 3, 4, 6, 9, 12]


def test_an_installment_payment_is_sent_to_the_bank_and_recorded_as_charged():
    with services.bound("alfa"):
        _taksitli()
        m, debts = borclu(None, "1000.00")
        started = online.baslat(m.id, [debts[0].id], clock.today(), DONUS, taksit=3)
        assert started.odeme.taksit == 3
        fields = banka_sayfasi(started.yonlendirme_url)
        assert fields["taksit"] == "3"
        result = online.geri_cagrim(fields)
        assert result.durum == "odendi"
        odeme = db.session.get(OnlineOdeme, started.odeme.id)
        assert odeme.taksit == 3 and "3 taksit" in odeme.sonuc
        assert denetim("gelir.online.odendi")[-1].after["taksit"] == 3
        assert denetim("gelir.online.baslat")[-1].after["taksit"] == 3


def test_a_debit_card_refuses_installments_and_nothing_is_collected():
    with services.bound("alfa"):
        _taksitli()
        m, debts = borclu(None, "1000.00")
        started = online.baslat(m.id, [debts[0].id], clock.today(), DONUS, taksit=6)
        result = online.geri_cagrim(banka_sayfasi(started.yonlendirme_url, kart=BANKA_KARTI))
        assert result.durum == "basarisiz" and "Tek çekimle" in result.mesaj
        assert db.session.get(OnlineOdeme, started.odeme.id).tahsilat_id is None


def test_settings_validate_the_installment_fields():
    with services.bound("alfa"):
        row = parametre.ayarlar()
        common = {"actor": "memur", "buyuksehir": row.buyuksehir, "il": row.il or "Ankara",
                  "ilce": row.ilce or "Çankaya", "makbuz_on_eki": row.makbuz_on_eki}
        for field, bad in (("kart_taksit_en_cok", "13"), ("kart_taksit_en_cok", "0"), ("kart_taksit_en_cok", "\x00"),
                           ("kart_taksit_alt_tutar", "-5"), ("kart_taksit_alt_tutar", "1e400"),
                           ("kart_taksit_alt_tutar", "abc")):
            with pytest.raises(GelirError) as caught:
                tarife.ayar_guncelle(**common, **{field: bad})
            assert field in caught.value.errors, (field, bad)
        saved = tarife.ayar_guncelle(**common, kart_taksit_en_cok="9", kart_taksit_alt_tutar="250.50")
        assert (saved.kart_taksit_en_cok, saved.kart_taksit_alt_tutar) == (9, Decimal("250.50"))


def test_the_citizen_chooses_installments_on_the_confirmation_page(client):
    A = {"Host": host("alfa")}
    tckn = new_tckn()
    with services.bound("alfa"):
        _taksitli(en_cok=3, alt="0")
        m, debts = borclu(tckn, "1000.00")
        mukellef_id, debt_id = m.id, debts[0].id
        db.session.commit()
    sign_in_citizen(client, "alfa", tckn)
    page = client.get(f"/e-hizmet/odeme/onay?tahakkuk={debt_id}", headers=A).get_data(as_text=True)
    assert 'name="taksit"' in page and ">3 taksit" in page and "Tek çekim" in page
    onay = re.search(r'name="onay" value="([^"]+)"', page).group(1)
    bad = client.post("/e-hizmet/odeme", data={"onay": onay, "taksit": "6"}, headers=A)
    assert bad.status_code == 422  # not offered: nothing starts
    went = client.post("/e-hizmet/odeme", data={"onay": onay, "taksit": "3"}, headers=A)
    assert went.status_code == 303 and "/pos/3d/" in went.headers["Location"]
    with services.bound("alfa"):
        assert db.session.query(OnlineOdeme).filter_by(mukellef_id=mukellef_id).one().taksit == 3
        db.session.rollback()


def test_staff_set_installments_on_the_settings_page(client):
    A = {"Host": host("alfa")}
    staff_with(client, "alfa", "gelir.tarife.yonet")
    page = client.get("/gelir/tarifeler/ayarlar", headers=A)
    assert page.status_code == 200 and 'name="kart_taksit_en_cok"' in page.get_data(as_text=True)
