"""Valuation and the other pure computations of ``hesap``, with figures worked by hand:
no database, so the mutation check's fast pass (bench/mutation.py) reaches them."""

from datetime import date
from decimal import Decimal

import pytest

from modules.gelir import hesap

D = Decimal


def test_land_is_area_times_unit_value_and_a_building_adds_its_land_share_and_its_cost():
    value, steps = hesap.takdir_degeri("arsa", arsa_alani=D("500"), arsa_payi_alani=D("0"), bina_alani=D("0"),
                                       birim_deger=D("1000.005"), insaat_maliyeti=None)
    assert value == D("500002.50") and steps[0].deger == "500.002,50"  # rounded half up to kuruş
    land, _ = hesap.takdir_degeri("arazi", arsa_alani=D("1500"), arsa_payi_alani=D("9"), bina_alani=D("9"),
                                  birim_deger=D("5"), insaat_maliyeti=D("1"))
    assert land == D("7500.00")  # arazi ignores the building figures
    value, steps = hesap.takdir_degeri("bina", arsa_alani=D("999"), arsa_payi_alani=D("20"), bina_alani=D("80"),
                                       birim_deger=D("1000"), insaat_maliyeti=D("3920"))
    assert value == D("333600.00")  # 20 × 1000 + 80 × 3920
    assert [s.deger for s in steps] == ["20.000,00", "313.600,00"]
    with pytest.raises(ValueError):
        hesap.takdir_degeri("bina", arsa_alani=D("1"), arsa_payi_alani=D("1"), bina_alani=D("1"),
                            birim_deger=D("1"), insaat_maliyeti=None)


def test_the_2026_value_is_capped_at_three_times_last_year_and_not_below():
    takdir = (D("2000000.00"), [])
    capped = hesap.yillik_deger(takdir=takdir, onceki=D("250000.00"), takdir_yili_mi=True, ydo=None,
                                tavan_katsayisi=D("3"))
    assert (capped.vergi_degeri, capped.yontem) == (D("750000.00"), "tavan")
    assert capped.adimlar[-1].deger == "750.000,00"
    exactly = hesap.yillik_deger(takdir=(D("750000.00"), []), onceki=D("250000.00"), takdir_yili_mi=True,
                                 ydo=None, tavan_katsayisi=D("3"))
    assert (exactly.vergi_degeri, exactly.yontem) == (D("750000.00"), "takdir")  # at the cap: not capped
    new = hesap.yillik_deger(takdir=takdir, onceki=None, takdir_yili_mi=True, ydo=None, tavan_katsayisi=D("3"))
    assert (new.vergi_degeri, new.yontem) == (D("2000000.00"), "takdir")  # no last year: nothing to cap by
    no_cap = hesap.yillik_deger(takdir=takdir, onceki=D("1"), takdir_yili_mi=True, ydo=None, tavan_katsayisi=None)
    assert no_cap.vergi_degeri == D("2000000.00")
    with pytest.raises(ValueError):
        hesap.yillik_deger(takdir=None, onceki=None, takdir_yili_mi=True, ydo=None, tavan_katsayisi=None)


def test_between_takdir_years_last_year_s_value_is_indexed_by_the_dated_share_of_the_ydo():
    assert hesap.endeks_carpani(D("25.49"), D("1")) == D("1.2549")
    assert hesap.endeks_carpani(D("25.49"), D("0.5")) == D("1.12745")
    half = hesap.yillik_deger(takdir=None, onceki=D("100000.00"), takdir_yili_mi=False, ydo=D("25.49"),
                              tavan_katsayisi=D("3"), ydo_katsayisi=D("0.5"))
    assert (half.vergi_degeri, half.yontem) == (D("112745.00"), "endeks")
    full = hesap.yillik_deger(takdir=(D("1"), []), onceki=D("100000.01"), takdir_yili_mi=False, ydo=D("25.49"),
                              tavan_katsayisi=None, ydo_katsayisi=D("1"))
    assert full.vergi_degeri == D("125490.01")  # 125,490.012549 → kuruş; the takdir is not used
    assert "%25,49 YDO × 1" in full.adimlar[0].adim and full.adimlar[0].deger == "125.490,01"
    # the takdir year values from the unit values even when last year's exists
    takdir_year = hesap.yillik_deger(takdir=(D("5.00"), []), onceki=D("4.00"), takdir_yili_mi=True, ydo=D("10"),
                                     tavan_katsayisi=None, ydo_katsayisi=D("1"))
    assert takdir_year.vergi_degeri == D("5.00")
    with pytest.raises(ValueError):
        hesap.yillik_deger(takdir=None, onceki=D("1"), takdir_yili_mi=False, ydo=None, tavan_katsayisi=None,
                           ydo_katsayisi=D("1"))


def test_unit_values_are_indexed_year_by_year_then_capped():
    # the Seri 89 example: 4,000 over a 600 TL/m² 2025 value → 1,800
    value, steps = hesap.birim_deger(D("4000"), onceki=D("600"), tavan=D("3"))
    assert value == D("1800.00") and "600,00 × 3" in steps[-1].adim
    assert hesap.birim_deger(D("1800"), onceki=D("600"), tavan=D("3"))[0] == D("1800")  # at the cap
    assert hesap.birim_deger(D("4000"), onceki=None, tavan=D("3"))[0] == D("4000")
    assert hesap.birim_deger(D("4000"), onceki=D("600"), tavan=None)[0] == D("4000")
    indexed, steps = hesap.birim_deger(D("1000"), endeksler=[(2027, D("30"), D("1")), (2028, D("20.005"), D("0.5"))])
    # 1000 × 1.30 = 1300.00; × 1.100025 = 1430.0325 → 1430.03
    assert indexed == D("1430.03") and [s.deger for s in steps] == ["1.300,00", "1.430,03"]
    assert steps[0].adim.startswith("2027 birim değeri: 1.000,00 × (1 + %30 YDO × 1)")


def test_property_tax_is_share_less_exemption_times_rate_and_multiplier():
    tax = hesap.emlak_vergisi(D("333000.00"), pay=2, payda=3, oran_binde=D("3"), carpan=D("1"))
    assert (tax.matrah, tax.vergi) == (D("222000.00"), D("666.00"))
    metro = hesap.emlak_vergisi(D("333600.00"), pay=1, payda=1, oran_binde=D("2"), carpan=D("2"))
    assert metro.vergi == D("1334.40") and "büyükşehir" in metro.adimlar[-1].adim
    land = hesap.emlak_vergisi(D("12500.00"), pay=1, payda=1, oran_binde=D("1"), carpan=D("1"), istisna=D("6250.00"))
    assert (land.matrah, land.vergi) == (D("6250.00"), D("6.25")) and len(land.adimlar) == 3
    under = hesap.emlak_vergisi(D("100.00"), pay=1, payda=1, oran_binde=D("1"), carpan=D("1"), istisna=D("500.00"))
    assert (under.matrah, under.vergi) == (D("0.00"), D("0.00"))  # never below zero
    relief = hesap.emlak_vergisi(D("500000.00"), pay=1, payda=2, oran_binde=D("1"), carpan=D("2"), sifir_oran=True)
    assert (relief.matrah, relief.vergi) == (D("250000.00"), D("0"))
    half = hesap.emlak_vergisi(D("1005.00"), pay=1, payda=1, oran_binde=D("0.5"), carpan=D("1"))
    assert half.vergi == D("0.50")  # 0.5025 → 0.50; and 0.505 rounds up:
    assert hesap.emlak_vergisi(D("1010.00"), pay=1, payda=1, oran_binde=D("0.5"), carpan=D("1")).vergi == D("0.51")


def test_land_exemption_parts_add_up_and_follow_the_values():
    assert hesap.arazi_istisnalari([D("7500"), D("12500")], D("10000")) == [D("3750.00"), D("6250.00")]
    assert hesap.arazi_istisnalari([D("3000"), D("2000")], D("10000")) == [D("3000.00"), D("2000.00")]
    assert hesap.arazi_istisnalari([D("0"), D("0")], D("10000")) == [D("0"), D("0")]
    thirds = hesap.arazi_istisnalari([D("1"), D("1"), D("1")], D("1"))
    assert thirds == [D("0.34"), D("0.33"), D("0.33")] and sum(thirds) == D("1")


def test_installments_and_other_revenues():
    assert hesap.taksitler(D("100.01")) == [D("50.01"), D("50.00")]
    assert hesap.taksitler(D("100.00"), 1) == [D("100.00")]
    assert hesap.taksitler(D("10.00"), 3) == [D("3.34"), D("3.33"), D("3.33")]
    ad = hesap.ilan_reklam_vergisi(D("3.5"), 2, D("100"), 3)
    assert ad.vergi == D("2100.00") and ad.matrah == D("2100.00")
    assert hesap.ctv_konut(D("14.5"), D("0.50")) == D("7.25")
    assert hesap.ctv_konut(D("0.01"), D("0.50")) == D("0.01")  # 0.005 rounds half up


def test_money_formatting_and_working_days():
    assert hesap.tl(D("1234567.891")) == "1.234.567,89" and hesap.tl(D("0.005")) == "0,01"
    assert hesap.kurus(D("2.345")) == D("2.35") and hesap.kurus(D("-2.345")) == D("-2.35")
    never = lambda day: False  # noqa: E731
    assert hesap.is_gunu_mu(date(2026, 12, 4), never) and not hesap.is_gunu_mu(date(2026, 12, 5), never)
    assert not hesap.is_gunu_mu(date(2026, 12, 6), never)
    assert not hesap.is_gunu_mu(date(2026, 12, 4), lambda day: day == date(2026, 12, 4))
    assert hesap.vade_gunu(date(2026, 12, 5), never) == date(2026, 12, 7)
    assert hesap.Adim("a", "1").as_dict() == {"adim": "a", "deger": "1"}


CHANGES = [(date(2024, 5, 21), date(2025, 11, 12), D("4.50")), (date(2025, 11, 13), date(2099, 12, 31), D("3.70"))]


def test_a_month_starting_on_a_rate_s_first_or_last_day_takes_that_day_s_rate():
    # 13.11.2025, the first day of 3.70 %: the month 13.11–12.12 at 3.70
    assert hesap.gecikme_zammi(D("10000"), date(2025, 11, 12), date(2025, 12, 12), CHANGES, D("1")).tutar == D("370.00")
    # 12.11.2025, the last day of 4.50 %: the month 12.11–11.12 at 4.50
    assert hesap.gecikme_zammi(D("10000"), date(2025, 11, 11), date(2025, 12, 11), CHANGES, D("1")).tutar == D("450.00")


def test_a_fee_exactly_at_the_minimum_is_not_marked_as_raised_to_it():
    one_percent = [(date(2000, 1, 1), date(2099, 12, 31), D("1"))]
    fee = hesap.gecikme_zammi(D("100"), date(2026, 1, 15), date(2026, 2, 15), one_percent, D("1.00"))
    assert fee.tutar == D("1.00") and all("Asgari" not in a.adim for a in fee.adimlar)


def test_the_unit_value_cap_bites_only_above_it():
    assert hesap.birim_deger(D("1000"), onceki=D("600"), tavan=D("3")) == (D("1000"), [])  # under 1,800: kept
    assert hesap.birim_deger(D("1800.00"), onceki=D("600"), tavan=D("3")) == (D("1800.00"), [])  # at it: no step


def test_a_debt_with_no_new_late_fee_accrues_none():
    plan = hesap.dagit(D("10.00"), [hesap.AcikKalem(1, date(2026, 1, 1), 10, D("50.00"))])
    assert plan.yeni_gecikme == {} and plan.anaparaya == {1: D("10.00")} and plan.gecikmeye == {}
    # a late fee of exactly the 1 TL minimum is accrued as any other
    plan = hesap.dagit(D("10.00"), [hesap.AcikKalem(1, date(2026, 1, 1), 10, D("50.00"), gecikme_yeni=D("1.00"))])
    assert plan.yeni_gecikme == {1: D("1.00")} and plan.gecikmeye == {1: D("1.00")}
