"""Scheduling, fees and the ceremony: slots, holds, reschedules, the waiting list, outside
ceremonies with travel, the fee through Gelir's port or the desk's own receipt, completion
and the notification to KPS, the certificate and its verification."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from ebelediye import jobs, ports
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.mail import OutboxMessage
from ebelediye.ports import FeeCharger
from modules.evlendirme.models import Nikah
from modules.evlendirme.services import Dolu, ayar, basvuru, belge, nikah, takvim, ucret
from tenants import services
from tests.modules.evlendirme.conftest import BUGUN, dosya, kur, slot
from tests.plugin import disable_modules


def _approved(**kwargs):
    row = dosya(**kwargs)
    return basvuru.onayla(row.id, actor="onay@alfa", actor_id=9, gun=BUGUN)


def test_a_slot_in_the_past_on_a_public_holiday_or_a_closed_day_is_refused(saat, kps):
    with services.bound("alfa"):
        k = kur()
        row = dosya()
        saat.an = slot(BUGUN, 11)
        with pytest.raises(UserError, match="Geçmiş"):
            takvim.tut(row.id, k.salon.id, slot(BUGUN, 10), actor="t")
        with pytest.raises(UserError, match="Geçmiş bir güne"):
            takvim.tut(row.id, k.salon.id, slot(BUGUN - timedelta(days=1)), actor="t")
        with pytest.raises(UserError, match="resmî tatil") as holiday:
            takvim.tut(row.id, k.salon.id, slot(date(2027, 1, 1)), actor="t")
        assert "Yılbaşı" in str(holiday.value.message)
        ayar.kapali_gun_ekle(tarih=BUGUN + timedelta(days=2), neden="Seçim günü", actor="t")
        with pytest.raises(UserError, match="Seçim günü"):
            takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=2)), actor="t")
        with pytest.raises(UserError, match="bu saatte nikâh yok"):
            takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=3), 10, 10), actor="t")
        assert db.session.scalar(select(func.count()).select_from(Nikah)) == 0
        closed, slots = takvim.gun_slotlari(date(2027, 1, 1))
        assert "resmî tatil" in closed and slots == []


def test_holidays_are_bookable_where_the_office_works_on_them_at_the_holiday_fee(saat, kps):
    with services.bound("alfa"):
        k = kur()
        ayarlar = ayar.ayarlar()
        ayarlar.tatilde_nikah = True
        row = dosya()
        booking = takvim.tut(row.id, k.salon.id, slot(date(2027, 1, 1)), actor="t")
        fee = ucret.fees(row.id)[0]
        assert fee.tutar == Decimal("6000.00") and "resmî tatil" in fee.hesap[0] and booking.durum == "tutuldu"


def test_one_slot_one_couple_a_hold_lapses_and_frees_the_slot(saat, kps):
    with services.bound("alfa"):
        k = kur()
        first = dosya()
        other = dosya(i=1)
        when = slot(BUGUN + timedelta(days=3))
        held = takvim.tut(first.id, k.salon.id, when, actor="t")
        assert held.durum == "tutuldu" and held.tutma_bitis == saat.an + timedelta(hours=48)
        with pytest.raises(Dolu, match="başka bir çifte"):
            takvim.tut(other.id, k.salon.id, when, actor="t")
        free = [s for s in takvim.gun_slotlari(when.date(), k.salon.id)[1] if s.baslangic == when]
        assert free[0].bos is False and free[0].neden == "Dolu"
        saat.ileri(hours=49)
        assert [s for s in takvim.gun_slotlari(when.date(), k.salon.id)[1] if s.baslangic == when][0].bos
        taken = takvim.tut(other.id, k.salon.id, when, actor="t")
        assert taken.durum == "tutuldu"
        assert db.session.get(Nikah, held.id).durum == "suresi_doldu"
        assert ucret.fees(first.id)[0].durum == "iptal"  # its unpaid fee went with it


def test_reschedule_and_cancel_within_the_validity_and_the_waiting_list_is_told(saat, kps):
    with services.bound("alfa"):
        k = kur(slots_from=slot(BUGUN).time(), slots_to=slot(BUGUN, 10, 30).time(), memur_sayisi=1)
        row = dosya(eposta="a@ornek.com.tr")
        waiting = dosya(i=1, eposta="bekleyen@ornek.com.tr")
        day = BUGUN + timedelta(days=4)
        booking = takvim.tut(row.id, k.salon.id, slot(day), actor="t")
        takvim.tut(waiting.id, k.salon2.id, slot(day + timedelta(days=1)), actor="t")
        # the second hall of that day needs the only officiant, who is in the first: full
        closed, slots = takvim.gun_slotlari(day)
        assert not any(s.bos for s in slots) and any(s.neden == "Müsait evlendirme memuru yok" for s in slots)
        entry = takvim.bekleme_ekle(waiting.id, day, actor="t")
        moved = takvim.ertele(booking.id, slot(day + timedelta(days=2)), actor="t")
        assert db.session.get(Nikah, booking.id).durum == "ertelendi" and moved.onceki_id == booking.id
        assert entry.durum == "haber_verildi"
        told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "bekleyen@ornek.com.tr")).all()
        assert any("boşaldı" in m.subject for m in told)
        assert [f.nikah_id for f in ucret.fees(row.id) if f.durum != "iptal"] == [moved.id]  # the fee followed it
        takvim.iptal(moved.id, "Çift vazgeçti", actor="t")
        assert takvim.aktif_nikah(row.id) is None
        with pytest.raises(UserError, match="boş saat var"):
            takvim.bekleme_ekle(row.id, day + timedelta(days=3), actor="t")


def test_an_outside_ceremony_keeps_its_officiant_away_for_the_travel_too(saat, kps):
    with services.bound("alfa"):
        k = kur(memur_sayisi=1)
        outside = dosya()
        inside = dosya(i=1)
        day = BUGUN + timedelta(days=5)
        booking = takvim.dis_tut(outside.id, slot(day, 11), adres="Kır Düğün Salonu, <b>Köy</b> Yolu",
                                 mesafe_km=Decimal("25"), actor="t")
        assert booking.yol_dk == 50 and booking.memur_baslangic == slot(day, 10, 10)
        fee = ucret.fees(outside.id)[0]
        assert fee.tutar == Decimal("10010.00") and "20–∞ km" in " ".join(fee.hesap)
        with pytest.raises(Dolu, match="memur"):
            takvim.tut(inside.id, k.salon.id, slot(day, 10, 30), actor="t")  # the officiant is on the road


def test_the_fee_goes_through_gelir_and_its_payment_makes_the_booking_firm(saat, kps):
    from modules.gelir.services import tahsilat

    with services.bound("alfa"):
        k = kur()
        row = _approved()
        booking = takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=6)), actor="t")  # a Sunday
        fee = ucret.fees(row.id)[0]
        assert fee.kanal == "gelir" and fee.tutar == Decimal("5000.00") and fee.referans == f"evlendirme:ucret:{fee.id}"
        charge = ports.resolve(FeeCharger).status(fee.referans)
        assert charge.state == "open" and charge.amount == Decimal("5000.00")
        tahsilat.tahsil(charge.extras["mukellef_id"], "5000.00", "nakit", BUGUN, actor="vezne@alfa")
        assert ucret.fees(row.id)[0].durum == "odendi"
        assert db.session.get(Nikah, booking.id).durum == "kesin"


def test_without_gelir_the_desk_takes_the_fee_with_gap_free_receipts(saat, kps):
    disable_modules("beta", "gelir")
    with services.bound("beta"):
        assert not ports.available(FeeCharger)
        k = kur()
        first, second = _approved(), _approved(i=1)
        b1 = takvim.tut(first.id, k.salon.id, slot(BUGUN + timedelta(days=2)), actor="t")
        takvim.tut(second.id, k.salon.id, slot(BUGUN + timedelta(days=2), 10, 30), actor="t")
        f1, f2 = ucret.fees(first.id)[0], ucret.fees(second.id)[0]
        assert (f1.kanal, f1.durum, f1.tutar) == ("masa", "acik", Decimal("4000.00"))
        with pytest.raises(UserError, match="Ödeme şekli"):
            ucret.masa_tahsil(f1.id, "cek", actor="kasa")
        r1 = ucret.masa_tahsil(f1.id, "nakit", actor="kasa")
        r2 = ucret.masa_tahsil(f2.id, "kart", actor="kasa")
        assert (r1.sira + 1, r1.yil) == (r2.sira, r2.yil) and r1.no.startswith("EVL-2026-")
        assert db.session.get(Nikah, b1.id).durum == "kesin"
        with pytest.raises(UserError, match="zaten|ödendi"):
            ucret.masa_tahsil(f1.id, "nakit", actor="kasa")
        reversal = ucret.makbuz_iptal(r1.id, "Yanlış kişi", actor="kasa")
        assert reversal.tutar == -r1.tutar and reversal.sira == r2.sira + 1
        assert ucret.fees(first.id)[0].durum == "acik" and db.session.get(Nikah, b1.id).durum == "tutuldu"
        pdf = belge.makbuz_pdf(r2, "Nikâh ücreti")
        assert pdf.startswith(b"%PDF")
        with pytest.raises(Exception, match="append-only"):
            with db.session.begin_nested():
                db.session.execute(text("UPDATE nikah_makbuzlari SET tutar = 1"))


def test_a_waiver_by_council_decision_makes_the_booking_firm_at_once(saat, kps):
    with services.bound("alfa"):
        k = kur()
        waiver = ayar.muafiyetler()[0]
        row = _approved(muafiyet_id=waiver.id)
        booking = takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=2)), actor="t")
        fee = ucret.fees(row.id)[0]
        assert (fee.kanal, fee.tutar, fee.durum) == ("muaf", Decimal("0.00"), "odendi")
        assert booking.durum == "kesin" and "Muafiyet" in fee.hesap[-1]


def test_the_ceremony_is_recorded_notified_to_kps_and_certified(saat, kps, monkeypatch):
    with services.bound("alfa"):
        k = kur()
        waiver = ayar.muafiyetler()[0]
        row = _approved(muafiyet_id=waiver.id)
        day = BUGUN + timedelta(days=1)
        booking = takvim.tut(row.id, k.salon.id, slot(day, 11), actor="t")
        with pytest.raises(UserError, match="randevu gününde"):
            nikah.tamamla(booking.id, taniklar_hazir=True, iki_taraf_evet=True, actor="memur", actor_id=None)
        saat.gun(day, 11)
        with pytest.raises(UserError, match="iki tanığın huzurunda"):
            nikah.tamamla(booking.id, taniklar_hazir=False, iki_taraf_evet=True, actor="memur", actor_id=None)
        # KPS is down at the first attempt: recorded, retried by the sweep
        kps_client = __import__("ebelediye.connectors", fromlist=["get"]).get("kps")
        from ebelediye.connectors import AgencyUnavailable

        real = type(kps_client).register_marriage
        calls = {"n": 0}

        def flaky(self, *args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 1:
                raise AgencyUnavailable("kps")
            return real(self, *args, **kwargs)

        monkeypatch.setattr(type(kps_client), "register_marriage", flaky)
        done = nikah.tamamla(booking.id, taniklar_hazir=True, iki_taraf_evet=True, actor="memur", actor_id=None)
        assert done.durum == "kiyildi" and done.kutuk_no == "2026/000001" and done.kps_durum == "bekliyor"
        assert basvuru.dosya_al(row.id).durum == "tamamlandi"
        first = nikah.kps_bildir(done.id, actor="job")
        assert first["durum"] == "hata" and done.kps_durum == "hata"
        assert nikah.kps_bekleyenler(actor="job") == 1
        record = db.session.scalars(select(jobs.JobRecord).where(jobs.JobRecord.func_path == nikah.KPS_JOB)
                                    .order_by(jobs.JobRecord.created_at.desc())).first()
        assert record.queue == "connectors" and record.args == [done.id]
        second = nikah.kps_bildir(done.id, actor="job")
        assert second["durum"] == "tescil" and done.aile_cuzdani_no and done.kps_deneme == 2
        assert nikah.kps_bildir(done.id, actor="job")["durum"] == "tescil" and calls["n"] == 2  # acknowledged: no resend
        person = __import__("ebelediye.connectors", fromlist=["get"]).get("kps").person(
            basvuru.taraflar(row.id)[0].tckn, caller=__import__("ebelediye.connectors", fromlist=["Caller"]).Caller(
                "t", "nikah"))
        assert person.medeni_hal == "evli"
        url = f"https://alfa.ebelediye.test/e-hizmet/evlendirme/dogrula/{done.dogrulama_kodu}"
        for pdf in (belge.evlenme_belgesi(done, url), belge.coklu_dil_ornegi(done, url)):
            assert pdf.startswith(b"%PDF") and len(pdf) > 2000
        assert nikah.dogrula(done.dogrulama_kodu)[0].id == done.id and nikah.dogrula("yok") is None


def test_user_text_reaches_the_pdf_escaped(saat, kps):
    with services.bound("alfa"):
        kur()
        row = _approved(muafiyet_id=ayar.muafiyetler()[0].id)
        day = BUGUN + timedelta(days=1)
        booking = takvim.dis_tut(row.id, slot(day, 12), adres='<font name="x">Bahçe</font> & <b>', actor="t",
                                 mesafe_km=Decimal("5"))
        saat.gun(day, 12)
        done = nikah.tamamla(booking.id, taniklar_hazir=True, iki_taraf_evet=True, actor="m", actor_id=None)
        assert belge.evlenme_belgesi(done, "https://x/dogrula/k").startswith(b"%PDF")


def test_a_no_show_ends_the_booking_and_statistics_count_it(saat, kps):
    from modules.evlendirme.services import istatistik

    with services.bound("alfa"):
        k = kur()
        row = _approved(muafiyet_id=ayar.muafiyetler()[0].id)
        day = BUGUN + timedelta(days=1)
        booking = takvim.tut(row.id, k.salon.id, slot(day), actor="t")
        with pytest.raises(UserError, match="saati geçmeden"):
            nikah.gelmedi(booking.id, actor="m")
        saat.gun(day, 12)
        assert nikah.gelmedi(booking.id, actor="m").durum == "gelmedi"
        summary = istatistik.ozet(BUGUN, day)
        assert summary.aylik[0]["gelmedi"] == 1
        hall = next(h for h in summary.salonlar if h["id"] == k.salon.id)
        assert hall["dolu"] == 1 and hall["kapasite"] == 8  # two days × four slots


def test_reminders_go_to_the_outbox_once(saat, kps):
    with services.bound("alfa"):
        k = kur()
        row = _approved(eposta="cift@ornek.com.tr", muafiyet_id=ayar.muafiyetler()[0].id)
        takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=3), 11), actor="t")
        assert nikah.hatirlat(BUGUN) == 1 and nikah.hatirlat(BUGUN) == 0
        mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "cift@ornek.com.tr")
                                  .order_by(OutboxMessage.id.desc())).first()
        assert "Nikâhınız" in mail.subject and "11:00" in mail.body


def test_certificate_and_receipt_carry_the_municipalitys_name_and_its_own_logo(saat, kps):
    from tests.pdfs import assert_letterhead

    disable_modules("beta", "gelir")
    with services.bound("beta"):
        k = kur()
        row = _approved()
        day = BUGUN + timedelta(days=2)
        booking = takvim.tut(row.id, k.salon.id, slot(day), actor="t")
        receipt = ucret.masa_tahsil(ucret.fees(row.id)[0].id, "nakit", actor="kasa")
        saat.gun(day, 9)
        done = nikah.tamamla(booking.id, taniklar_hazir=True, iki_taraf_evet=True, actor="m", actor_id=None)
        ids = receipt.id, done.id  # objects do not outlive ``bound``: each PDF reads them again
        db.session.commit()  # the helper binds the tenants again
    from modules.evlendirme.models import NikahMakbuzu

    assert_letterhead(lambda: belge.makbuz_pdf(db.session.get(NikahMakbuzu, ids[0]), "Nikâh ücreti"), slug="beta")
    assert_letterhead(lambda: belge.evlenme_belgesi(db.session.get(Nikah, ids[1]), "https://x/dogrula/k"), slug="beta")
    assert_letterhead(lambda: belge.coklu_dil_ornegi(db.session.get(Nikah, ids[1]), "https://x/dogrula/k"),
                      slug="beta")
