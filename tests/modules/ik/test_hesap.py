"""The payroll computation against published figures (each test cites its source) and
hypothesis properties.  The figures come from the seeded national parameters, so these
tests also check the seed rows of RULES §7."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebelediye.parameters import ParameterMissing
from modules.ik import hesap
from modules.ik.seed import NATIONAL_PARAMETERS
from modules.ik.services import katsayilar, kurallar

D = Decimal


def _from_seed(day: date, statu: str = "4a") -> hesap.Kurallar:
    """The rules of ``day`` straight from the seed rows (for hypothesis, no database)."""
    def v(key: str) -> Decimal:
        for p in NATIONAL_PARAMETERS:
            if p.key == f"ik.{key}":
                for start, end, value, _src in p.seeds:
                    if start <= day and (end is None or day <= end):
                        return D(value)
        raise LookupError(key)

    tarife = hesap.Tarife(tuple(v(f"gv.sinir{n}") for n in range(1, 5)), tuple(v(f"gv.oran{n}") for n in range(1, 6)))
    four_a = statu == "4a"
    return hesap.Kurallar(v("asgari_ucret"), v("sgk.taban"), v("sgk.tavan"), v(f"sgk.{statu}.isci"),
                          v("sgk.4a.issizlik_isci") if four_a else D(0), v(f"sgk.{statu}.isveren"),
                          v("sgk.4a.issizlik_isveren") if four_a else D(0), v("sgk.4a.isci"),
                          v("sgk.4a.issizlik_isci"), tarife, v("dv.oran"))


K25, K26 = _from_seed(date(2025, 6, 1)), _from_seed(date(2026, 6, 1))


def test_the_minimum_wage_earner_nets_22104_67_in_2025(alfa):
    """RULES §7.1 (yenisafak.com, ulusal.com.tr): brüt 26,005.50, SGK 3,640.77, işsizlik
    260.06, net 22,104.67; income and stamp tax fully exempt (GVK m.23/18, DVK 2 sayılı tablo)."""
    k = kurallar(date(2025, 1, 15), "4a")
    slip = hesap.bordro(k, brut=D("26005.50"), ay=1, kumulatif_once=D(0))
    assert (slip.sgk_isci, slip.issizlik_isci, slip.net) == (D("3640.77"), D("260.06"), D("22104.67"))
    assert slip.gelir_vergisi == slip.damga_vergisi == 0
    assert (slip.gv_istisnasi, slip.dv_istisnasi) == (D("3315.70"), D("197.38"))
    # the employer's cost: 20.5 % + 2 % (the Ministry's 2025 minimum-wage cost without the incentive)
    assert slip.sgk_isveren + slip.issizlik_isveren == D("5851.24")


def test_the_minimum_wage_earner_nets_28075_50_in_2026(alfa):
    """RULES §7.1 (disktekstil.org, tgrthaber.com): brüt 33,030.00, SGK 4,624.20, işsizlik
    330.30, net 28,075.50; DV istisnası 250.70 (RULES §7.4)."""
    k = kurallar(date(2026, 1, 15), "4a")
    slip = hesap.bordro(k, brut=D("33030.00"), ay=1, kumulatif_once=D(0))
    assert (slip.sgk_isci, slip.issizlik_isci, slip.net) == (D("4624.20"), D("330.30"), D("28075.50"))
    assert (slip.gv_istisnasi, slip.dv_istisnasi) == (D("4211.33"), D("250.70"))


def test_a_whole_year_at_minimum_wage_nets_the_same_every_month():
    """The exemption follows the minimum wage's own cumulative tariff, so a minimum-wage
    earner never pays income tax (RULES §7.4)."""
    for k, net in ((K25, D("22104.67")), (K26, D("28075.50"))):
        assert {s.net for s in hesap.yil_bordrosu([k] * 12, [k.asgari_brut] * 12)} == {net}


def test_the_monthly_exemptions_are_the_published_figures():
    """RULES §7.4: 2025 GV istisnası Jan-Jul 3,315.70, Aug 4,257.57, Sep-Dec 4,420.93;
    2026 Jan-Jun 4,211.33, Jul 4,537.75, Aug-Dec 5,615.10."""
    assert [hesap.gv_istisnasi(K25, m) for m in range(1, 13)] == (
        [D("3315.70")] * 7 + [D("4257.57")] + [D("4420.93")] * 4)
    assert [hesap.gv_istisnasi(K26, m) for m in range(1, 13)] == (
        [D("4211.33")] * 6 + [D("4537.75")] + [D("5615.10")] * 5)


def test_the_tariff_gives_the_cumulative_tax_at_each_limit():
    """RULES §7.3 (GVK m.103; ntv.com.tr 01.01.2026): 23,700 / 58,100 / 293,000 / 1,378,000 (2025);
    28,500 / 70,500 / 367,500 / 1,697,500 (2026)."""
    assert [K25.tarife.vergi(x) for x in K25.tarife.sinirlar] == [D(23700), D(58100), D(293000), D(1378000)]
    assert [K26.tarife.vergi(x) for x in K26.tarife.sinirlar] == [D(28500), D(70500), D(367500), D(1697500)]


def test_a_worker_crosses_into_the_second_bracket_in_may_2025():
    """40,000 TL gross a month in 2025: matrah 34,000 a month (40,000 − 14 % − 1 %); the
    cumulative matrah passes 158,000 in May (136,000 → 170,000), so May's tax is
    22,000 × 15 % + 12,000 × 20 % = 5,700 less the exemption 3,315.70 = 2,384.30 (RULES §7.3,
    §7.4; recomputed by hand from the GVK m.103 tariff)."""
    slips = hesap.yil_bordrosu([K25] * 12, [D("40000.00")] * 12)
    assert [s.dilim for s in slips[:6]] == [1, 1, 1, 1, 2, 2]
    april, may = slips[3], slips[4]
    assert april.gelir_vergisi_hesaplanan == D("5100.00") and april.gelir_vergisi == D("1784.30")
    assert may.gelir_vergisi_hesaplanan == D("5700.00") and may.gelir_vergisi == D("2384.30")
    # DV: 40,000 × 0.00759 = 303.60 less 197.38; net = 40,000 − 6,000 − 2,384.30 − 106.22
    assert may.damga_vergisi == D("106.22") and may.net == D("31509.48")
    assert slips[9].dilim == 3  # October: 340,000 > 330,000


def test_the_sgk_ceiling_caps_the_premiums():
    """RULES §7.1: 2026 ceiling 297,270.00 (9 × the minimum wage)."""
    slip = hesap.bordro(K26, brut=D("400000.00"), ay=1, kumulatif_once=D(0))
    assert slip.sgk_matrahi == D("297270.00") and slip.sgk_isci == D("41617.80")


def test_a_memur_with_family_allowances_in_january_2026(alfa):
    """RULES §7.7 (Hazine ve Maliye genelgesi 06.01.2026, ntv.com.tr; mondaq.com): aile yardımı
    3,154.63 = 2,273 × 1.387871; çocuk yardımı 693.94 (0-6) and 346.97 (over 6)."""
    c = katsayilar(date(2026, 1, 15))
    gross = hesap.memur_brut(c, gosterge=1320, ek_gosterge=2200, hizmet_yili=12, yan_odeme_puan=1000,
                             es_yardimi=True, cocuk_0_6=1, cocuk_6_ustu=1)
    assert gross.aile_yardimi == D("3154.63")
    assert gross.cocuk_yardimi == D("693.94") + D("346.97")
    assert gross.aylik == D("1831.99")  # 1,320 × 1.387871
    assert gross.taban == D("22722.79")  # [U] 1,000 × 22.722793
    slip = hesap.bordro(kurallar(date(2026, 1, 15), "4c"), brut=gross.brut, ay=1, kumulatif_once=D(0),
                        vergiye_tabi=gross.vergiye_tabi, sgk_matrahi=gross.sgk_matrahi)
    assert slip.issizlik_isci == 0  # no unemployment insurance for 4/1-c
    assert slip.net == slip.brut - slip.kesintiler
    # the allowances reach the net untaxed ([U]: their tax treatment is not verified)
    assert slip.vergiye_tabi == gross.brut - gross.aile_yardimi - gross.cocuk_yardimi


def test_a_day_no_parameter_covers_is_a_clear_error(alfa):
    with pytest.raises(ParameterMissing):
        kurallar(date(2024, 6, 1), "4a")
    with pytest.raises(ParameterMissing):
        katsayilar(date(2025, 6, 1))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        hesap.bordro(K26, brut=D("-1"), ay=1, kumulatif_once=D(0))
    with pytest.raises(ValueError):
        hesap.bordro(K26, brut=D("1"), ay=13, kumulatif_once=D(0))
    with pytest.raises(ValueError):
        hesap.memur_brut(hesap.Katsayilar(D(1), D(1), D(1), D(1), D(1), 25, D(1), D(1), D(1)), gosterge=-1)


@pytest.mark.parametrize("tur, yil, yas, gun", [
    ("memur", 0, 30, 0), ("memur", 1, 30, 20), ("memur", 10, 40, 20), ("memur", 11, 40, 30),
    ("isci", 0, 30, 0), ("isci", 1, 30, 14), ("isci", 5, 30, 14), ("isci", 6, 30, 20), ("isci", 14, 40, 20),
    ("isci", 15, 40, 26), ("isci", 2, 18, 20), ("isci", 2, 50, 20), ("sozlesmeli", 11, 40, 30),
])
def test_annual_leave_by_seniority(tur, yil, yas, gun):
    """RULES §7.6: 657 m.102 (20 / 30 days) and 4857 m.53 (14 / 20 / 26; at least 20 at ≤ 18 or ≥ 50)."""
    assert hesap.yillik_izin_hakki(tur, yil, yas) == gun


# --- properties -----------------------------------------------------------------------------

money = st.decimals(min_value=D("0"), max_value=D("600000"), places=2, allow_nan=False, allow_infinity=False)
years = st.sampled_from([K25, K26])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(k=years, brutler=st.lists(money, min_size=12, max_size=12))
def test_net_is_gross_less_every_deduction_and_the_base_never_falls(k, brutler):
    slips = hesap.yil_bordrosu([k] * 12, brutler)
    previous = D(0)
    for slip in slips:
        assert slip.net == slip.brut - slip.sgk_isci - slip.issizlik_isci - slip.gelir_vergisi - slip.damga_vergisi
        assert slip.net == slip.brut - slip.kesintiler
        assert slip.kumulatif_once == previous <= slip.kumulatif_sonra
        previous = slip.kumulatif_sonra


@settings(max_examples=300, deadline=None)
@given(k=years, brut=money, ay=st.integers(1, 12), once=money)
def test_the_exemptions_never_exceed_the_tax(k, brut, ay, once):
    slip = hesap.bordro(k, brut=brut, ay=ay, kumulatif_once=once * 3)
    assert D(0) <= slip.gv_istisnasi <= slip.gelir_vergisi_hesaplanan
    assert D(0) <= slip.dv_istisnasi <= slip.damga_hesaplanan
    assert slip.gelir_vergisi >= 0 and slip.damga_vergisi >= 0


@settings(max_examples=200, deadline=None)
@given(k=years, a=money, b=money, once=money)
def test_more_gross_never_means_less_net(k, a, b, once):
    low, high = sorted((a, b))
    assert (hesap.bordro(k, brut=low, ay=6, kumulatif_once=once).net
            <= hesap.bordro(k, brut=high, ay=6, kumulatif_once=once).net)


def test_a_memur_in_july_2026_is_paid_by_the_second_half_coefficients(alfa):
    """2026 second half [C2]: aylık katsayı 1.575512, taban 25.794915, yan ödeme 0.499649
    (Mali ve Sosyal Haklar genelgesi 03.07.2026, as quoted by code sources; docs/ik.md). By
    hand: aylık 1,320 × 1.575512 = 2,079.68 (2,079.67584); taban 1,000 × 25.794915 =
    25,794.92; yan ödeme 1,000 × 0.499649 = 499.65; aile yardımı 2,273 × 1.575512 = 3,581.14
    (3,581.138776); ÖHT base 9,500 × 1.575512 = 14,967.36."""
    june, july = katsayilar(date(2026, 6, 30)), katsayilar(date(2026, 7, 1))
    assert (june.aylik, july.aylik) == (D("1.387871"), D("1.575512"))
    gross = hesap.memur_brut(july, gosterge=1320, yan_odeme_puan=1000, es_yardimi=True, ozel_hizmet_orani=D("100"))
    assert gross.aylik == D("2079.68") and gross.taban == D("25794.92") and gross.yan_odeme == D("499.65")
    assert gross.aile_yardimi == D("3581.14") and gross.ozel_hizmet == D("14967.36")
