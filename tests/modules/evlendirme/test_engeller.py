"""The impediment rules (RULES §8.1-8.2, TMK m.124-133), each with KPS mock data built to
trigger it, and the bad input the issue lists: each refused with its reason, nothing written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.evlendirme import hesap
from modules.evlendirme.models import NikahBasvurusu, Tanik, Taraf
from modules.evlendirme.services import basvuru, takvim
from tenants import services
from tests.modules.evlendirme.conftest import (
    BUGUN,
    cift,
    dosya,
    kisiler,
    kur,
    population,
    slot,
    taniklar,
)


def _rows() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (NikahBasvurusu, Taraf, Tanik))


def _refused(man, woman, witnesses=None, **kwargs) -> UserError:
    before = _rows()
    with pytest.raises(UserError) as caught:
        dosya(man, woman, witnesses, belgeler=False, **kwargs)
    assert _rows() == before  # nothing written
    return caught.value


def _check(row, kod, sira=None):
    return next(k for k in basvuru.son_kontroller(row.id) if k.kod == kod and (sira is None or k.taraf_sira == sira))


def _age_person(years: int, sex: str) -> str:
    """Someone aged exactly ``years`` on BUGUN (a child of a household: 15, 16, 17)."""
    for _hh, m in population().iter_people(0, 20000):
        if m.alive and m.cinsiyet == sex and m.medeni_hal == "bekar" and m.age(BUGUN) == years:
            return m.tckn
    raise LookupError(years)


def test_a_15_year_old_is_refused_outright(saat, kps):
    """TMK m.124: under 16 never, whatever the permissions (not even a court's)."""
    with services.bound("alfa"):
        man, _ = cift()
        girl = _age_person(15, "K")
        error = _refused(man, girl)
        assert "16 yaşını doldurmamış" in str(error.message)
        assert "taraf2_tckn" in error.field_messages()


def test_16_needs_a_judges_permission_17_the_legal_representatives_consent(saat, kps):
    """TMK m.124/2 (16, hâkim izni) and m.126 (17, yasal temsilcinin izni)."""
    with services.bound("alfa"):
        kur()
        man, _ = cift()
        sixteen = _age_person(16, "K")
        row = dosya(man, sixteen)
        age = _check(row, "yas", 2)
        assert age.sonuc == "eksik" and "hâkimin evlenme izni" in age.gerekce and "TMK m.124" in age.kaynak
        with pytest.raises(UserError, match="hâkimin evlenme izni"):
            basvuru.onayla(row.id, actor="onay@alfa", actor_id=9, gun=BUGUN)
        basvuru.belge_ekle(row.id, tur="mahkeme_izni", taraf_sira=2, belge_tarihi=BUGUN - timedelta(days=10),
                           belge_no="2026/123 D.İş", veren="Aile Mahkemesi", actor="t")
        assert basvuru.onayla(row.id, actor="onay@alfa", actor_id=9, gun=BUGUN).durum == "onaylandi"

        man2, _ = cift(skip={man})
        seventeen = _age_person(17, "E")
        woman2 = kisiler(sex="K", status="bekar", skip={sixteen})[0]
        row2 = dosya(seventeen, woman2, taniklar({man, man2}))
        assert _check(row2, "yas", 1).sonuc == "eksik" and "yasal temsilcinin" in _check(row2, "yas", 1).gerekce
        basvuru.belge_ekle(row2.id, tur="veli_izni", taraf_sira=1, belge_tarihi=BUGUN - timedelta(days=2), actor="t")
        basvuru.kontrol_et(row2.id, actor="t", gun=BUGUN)
        assert _check(row2, "yas", 1).sonuc == "uygun"


def test_a_married_party_is_refused(saat, kps):
    """TMK m.130: KPS says married (a couple of the population)."""
    with services.bound("alfa"):
        married = kisiler(sex="E", status="evli", alone=False, min_age=25)[0]
        _, woman = cift()
        error = _refused(married, woman)
        assert "evli olarak kayıtlı" in str(error.message)


def test_a_marriage_registered_at_kps_bars_a_second_one(saat, kps):
    """Someone single in the population who married through KPS since is married now."""
    with services.bound("alfa"):
        man, woman = cift()
        kps.civil.set_status(man, "evli")
        error = _refused(man, woman)
        assert "önceki evlilik sona ermemiş" in str(error.message)


def test_a_woman_200_days_after_divorce_waits_unless_a_court_lifts_it(saat, kps):
    """TMK m.132: 300 days from the end of the marriage; KPS knows the divorce date."""
    with services.bound("alfa"):
        k = kur()
        man, woman = cift()
        ex = kisiler(sex="E", status="bekar", skip={man})[0]
        kps.civil.divorce(woman, ex, BUGUN - timedelta(days=200))
        row = dosya(man, woman)
        wait = _check(row, "iddet", 2)
        assert wait.sonuc == "engel" and "200 gün geçmiş" in wait.gerekce
        assert (BUGUN + timedelta(days=100)).strftime("%d.%m.%Y") in wait.gerekce and "TMK m.132" in wait.kaynak
        with pytest.raises(UserError, match="bekleme süresi|Bekleme süresi|gün geçmiş"):
            basvuru.onayla(row.id, actor="onay@alfa", actor_id=9, gun=BUGUN)
        assert basvuru.dosya_al(row.id).durum == "inceleme"
        # the ceremony day is checked too: a slot before the 300 days is refused, one after is not
        with pytest.raises(UserError, match="gün geçmiş"):
            takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=5)), actor="t")
        assert takvim.aktif_nikah(row.id) is None
        later = takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=101)), actor="t")
        assert later.durum in ("tutuldu", "kesin")
        # the court decision lifts it today
        basvuru.belge_ekle(row.id, tur="iddet_karari", taraf_sira=2, belge_tarihi=BUGUN - timedelta(days=1),
                           belge_no="2026/77", veren="Aile Mahkemesi", actor="t")
        assert basvuru.onayla(row.id, actor="onay@alfa", actor_id=9, gun=BUGUN).durum == "onaylandi"
        today_run = basvuru.kontrol_et(row.id, actor="t", gun=BUGUN)
        assert "mahkeme kaldırmış" in next(k for k in today_run if k.kod == "iddet" and k.taraf_sira == 2).gerekce


def test_a_birth_after_the_divorce_ends_the_waiting_period(saat, kps):
    with services.bound("alfa"):
        man, woman = cift()
        ex = kisiler(sex="E", status="bekar", skip={man})[0]
        kps.civil.divorce(woman, ex, BUGUN - timedelta(days=250))
        kps.civil.birth(woman, BUGUN - timedelta(days=20))
        row = dosya(man, woman)
        wait = _check(row, "iddet", 2)
        assert wait.sonuc == "uygun" and "doğumla" in wait.gerekce


def test_kinship_of_tmk_129_as_far_as_kps_family_data_shows_it(saat, kps):
    with services.bound("alfa"):
        a, b = cift()
        uncle = kisiler(sex="E", status="bekar", skip={a})[0]
        father = kisiler(sex="E", status="bosanmis", min_age=45, max_age=80)[0]
        # the woman's father's brother: amca
        kps.civil.link(b, father, "baba")
        kps.civil.link(father, uncle, "kardes")
        error = _refused(uncle, b)
        assert "amca, dayı, hala ya da teyze" in str(error.message)
        # siblings through a registered parent
        kps.civil.link(a, father, "baba")
        assert "kardeş" in str(_refused(a, b).message)


def test_cousins_are_not_barred_and_in_laws_are_even_after_divorce(saat, kps):
    with services.bound("alfa"):
        man, woman = cift()
        p1 = kisiler(sex="K", status="bosanmis", min_age=45, max_age=80)[0]
        p2 = kisiler(sex="E", status="bosanmis", min_age=45, max_age=80)[0]
        grandmother = kisiler(sex="K", status="dul", min_age=65, max_age=95)[0]
        kps.civil.link(man, p1, "anne")
        kps.civil.link(woman, p2, "baba")
        kps.civil.link(p1, grandmother, "anne")
        kps.civil.link(p2, grandmother, "anne")
        row = dosya(man, woman)
        kin = _check(row, "akrabalik")
        assert kin.sonuc == "uygun" and any("kuzen" in s for s in kin.adimlar)
        # a man and his former wife's mother (TMK m.129/2: even after the marriage ended)
        ex_wife = kisiler(sex="K", status="bekar", skip={woman})[0]
        mother_in_law = kisiler(sex="K", status="bosanmis", min_age=45, max_age=80, skip={p1})[0]
        other_man = kisiler(sex="E", status="bekar", skip={man})[0]
        kps.civil.divorce(other_man, ex_wife, BUGUN - timedelta(days=900))
        kps.civil.link(ex_wife, mother_in_law, "anne")
        assert "eşinin (ya da eski eşinin)" in str(_refused(other_man, mother_in_law).message)


def test_adopter_and_adoptee(saat, kps):
    with services.bound("alfa"):
        man, woman = cift()
        kps.civil.link(woman, man, "evlat_edinen")
        assert "evlat edinen" in str(_refused(man, woman).message)


def test_witnesses_under_18_or_a_party_are_refused(saat, kps):
    with services.bound("alfa"):
        man, woman = cift()
        minor = _age_person(17, "E")
        adult = taniklar({man, woman})[0]
        error = _refused(man, woman, [minor, adult])
        assert "18 yaşından küçük" in str(error.message)
        with pytest.raises(UserError, match="tanık olamaz"):
            dosya(man, woman, [man, adult], belgeler=False)


def test_same_registered_sex_and_a_deceased_party_are_refused(saat, kps):
    with services.bound("alfa"):
        man, _ = cift()
        other_man = kisiler(sex="E", status="bekar", skip={man})[0]
        assert "kayıtlı cinsiyeti aynı" in str(_refused(man, other_man).message)
        dead = next(m.tckn for _hh, m in population().iter_people(0, 20000) if not m.alive)
        _, woman = cift()
        assert "ölü olarak kayıtlı" in str(_refused(dead, woman).message)


def test_an_override_needs_a_reason_and_a_second_approver(saat, kps):
    with services.bound("alfa"):
        man, woman = cift()
        ex = kisiler(sex="E", status="bekar", skip={man})[0]
        kps.civil.divorce(woman, ex, BUGUN - timedelta(days=100))
        row = dosya(man, woman)
        with pytest.raises(UserError, match="gerekçe"):
            basvuru.asim_iste(row.id, "iddet", 2, "kısa", actor="a@alfa", actor_id=1)
        request = basvuru.asim_iste(row.id, "iddet", 2, "Mahkeme kararının aslı görüldü, nüfusa işlenmesi bekleniyor",
                                    actor="a@alfa", actor_id=1)
        with pytest.raises(UserError, match="ikinci bir yetkili"):
            basvuru.asim_karar(request.id, True, actor="a@alfa", actor_id=1)
        assert basvuru.asim_karar(request.id, True, actor="b@alfa", actor_id=2).durum == "onaylandi"
        assert basvuru.onayla(row.id, actor="b@alfa", actor_id=2, gun=BUGUN).durum == "onaylandi"
        # the absolute bars cannot be overridden at all
        assert not hesap.yas_kontrolu(hesap.Kisi(1, "X", "K", date(2011, 1, 1), "bekar"), BUGUN, [],
                                      hesap.Kurallar()).asilabilir


def test_a_foreigners_documents_follow_their_legalisation_track(saat, kps):
    with services.bound("alfa"):
        man, _ = cift()
        row = basvuru.ac(kanal="masa", taraf1=man, taraf2=basvuru.YabanciTaraf(
            ad="Anna", soyad="Schmidt", cinsiyet="K", dogum_tarihi=date(1994, 3, 1), medeni_hal="bekar",
            uyruk="Almanya", pasaport_no="C01X00T47"), taniklar=taniklar({man}), gun=BUGUN, actor="t")
        assert _check(row, "yabanci", 2).sonuc == "eksik"
        assert _check(row, "akrabalik").sonuc == "uyari"
        for tur in ("ehliyet_belgesi", "dogum_belgesi"):
            basvuru.belge_ekle(row.id, tur=tur, taraf_sira=2, belge_tarihi=BUGUN - timedelta(days=30),
                               gecerlilik_bitis=BUGUN + timedelta(days=150), tasdik_yolu="apostil", actor="t")
        basvuru.belge_ekle(row.id, tur="pasaport", taraf_sira=2, belge_tarihi=date(2020, 1, 1),
                           gecerlilik_bitis=date(2030, 1, 1), actor="t")
        basvuru.kontrol_et(row.id, actor="t", gun=BUGUN)
        foreign = _check(row, "yabanci", 2)
        assert foreign.sonuc == "eksik" and "noter onaylı tercüme" in foreign.gerekce
        for tur in ("ehliyet_belgesi", "dogum_belgesi"):
            basvuru.belge_ekle(row.id, tur=tur, taraf_sira=2, belge_tarihi=BUGUN - timedelta(days=30),
                               gecerlilik_bitis=BUGUN + timedelta(days=150), tasdik_yolu="ciec", actor="t")
        basvuru.kontrol_et(row.id, actor="t", gun=BUGUN)
        assert _check(row, "yabanci", 2).sonuc == "uygun"


def test_the_file_is_valid_six_months_and_the_ceremony_must_fall_inside(saat, kps):
    with services.bound("alfa"):
        k = kur()
        row = dosya()
        assert row.gecerlilik_bitis == date(2027, 6, 7)
        with pytest.raises(UserError, match="geçerliliği içinde"):
            takvim.tut(row.id, k.salon.id, slot(date(2027, 6, 8)), actor="t")
