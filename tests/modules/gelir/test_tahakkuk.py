"""Accrual: the yearly batch agrees with the explained computation, is idempotent and
resumes; single accruals, fees and cancellation by reversal."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from ebelediye import events
from ebelediye.extensions import db
from modules.gelir.models import Degerleme, EmlakHissesi, Muafiyet, Tahakkuk, TopluTahakkuk
from modules.gelir.services import GelirError, tahsilat
from modules.gelir.services import tahakkuk as service
from tenants import services

from .conftest import EmlakFactory, MukellefFactory, birim_deger, borc, hisse


def _register():
    """A small municipality: plots, a shared plot, a home with a relief, land, a metropolitan shop."""
    birim_deger("B1", "1000")
    birim_deger("A1", "5", tur="arazi_birim")
    a, b, c = MukellefFactory(), MukellefFactory(), MukellefFactory()
    plot = EmlakFactory(tur="arsa", arsa_alani=Decimal("500"))
    hisse(plot, a)
    shared = EmlakFactory(tur="arsa", arsa_alani=Decimal("333"))
    hisse(shared, a, 1, 3)
    hisse(shared, b, 2, 3)
    home = EmlakFactory(tur="bina", kullanim="mesken", insaat_sinifi="3A", arsa_payi_alani=Decimal("40"),
                        bina_alani=Decimal("120"))
    hisse(home, b)
    db.session.add(Muafiyet(mukellef_id=b.id, emlak_id=home.id, tur="tek_konut", gerekce="emekli",
                            basvuru_tarihi=date(2025, 12, 1), baslangic_yili=2026, kaydeden="test"))
    land1 = EmlakFactory(tur="arazi", deger_bolgesi="A1", arsa_alani=Decimal("1500"))
    land2 = EmlakFactory(tur="arazi", deger_bolgesi="A1", arsa_alani=Decimal("2500"))
    hisse(land1, c)
    hisse(land2, c)
    shop = EmlakFactory(tur="bina", kullanim="isyeri", insaat_sinifi="2A", arsa_payi_alani=Decimal("20"),
                        bina_alani=Decimal("80"), buyuksehir_mucavir=True)
    hisse(shop, c)
    # last year's value of the plot, far below today's unit values: the 2026 cap (3×) applies
    db.session.add(Degerleme(emlak_id=plot.id, yil=2025, vergi_degeri=Decimal("100000.00"), yontem="devir"))
    db.session.flush()
    return {"plot": plot, "shared": shared, "home": home, "land1": land1, "land2": land2, "shop": shop}


def _run(yil=2026, grup="emlak", **kwargs):
    run = service.toplu_baslat(yil, grup, actor="tahakkuk@alfa")
    db.session.flush()
    return service.toplu_calistir(run.id, **kwargs)


def test_due_dates_move_past_weekends_and_holidays():
    from modules.gelir import parametre

    with services.bound("alfa"):
        assert parametre.vade("emlak", 1, 2026) == date(2026, 6, 1)  # 31 May 2026 is a Sunday
        assert parametre.vade("emlak", 1, 2025) == date(2025, 6, 2)  # Saturday
        assert parametre.vade("emlak", 2, 2026) == date(2026, 11, 30)  # a Monday


def test_the_batch_agrees_with_the_explained_computation_for_every_owner():
    with services.bound("alfa"):
        props = _register()
        sent = []
        def keep(sender, event):
            sent.append(event)

        events.revenue_accrued.connect(keep, weak=False)
        try:
            run = _run()
        finally:  # only this test's receiver: the registry's are connected once per process
            events.revenue_accrued.disconnect(keep)
        assert run.durum == "bitti" and run.hata is None
        rows = db.session.scalars(select(Tahakkuk).where(Tahakkuk.calisma_id == run.id)).all()
        by_key = {(r.mukellef_id, r.kaynak, r.taksit): r.tutar for r in rows}
        # every owner's two installments, worked by hand (RULES §2.2–2.4; the first takes the remainder)
        by_hand = {("plot", 1, 1): ("450.00", "450.00"),  # 500 m² × 1000 capped at 3 × 100,000; × ‰3 = 900
                   ("shared", 1, 3): ("166.50", "166.50"), ("shared", 2, 3): ("333.00", "333.00"),  # 333,000 × ‰3
                   ("land1", 1, 1): ("1.88", "1.87"), ("land2", 1, 1): ("3.13", "3.12"),  # (7,500 | 12,500) − its part of 10,000, × ‰1
                   ("shop", 1, 1): ("667.20", "667.20")}  # (20 × 1000 + 80 × 3920) × ‰2 × 2; the home pays nothing
        expected = {}
        for (name, pay, payda), installments in by_hand.items():
            owner = db.session.scalar(select(EmlakHissesi.mukellef_id).where(
                EmlakHissesi.emlak_id == props[name].id, EmlakHissesi.pay == pay, EmlakHissesi.payda == payda))
            for taksit, amount in enumerate(installments, start=1):
                expected[(owner, f"emlak:{props[name].id}", taksit)] = Decimal(amount)
        assert by_key == expected
        # and the explained computation (the property page's) says the same
        for prop in props.values():
            for owner in service.vergi_dokumu(prop.id, 2026):
                if owner["vergi"] > 0:
                    assert tuple(owner["taksitler"]) == tuple(expected[(owner["mukellef"].id, f"emlak:{prop.id}", t)]
                                                              for t in (1, 2))
        # the figures themselves, by hand (RULES §2.2–2.4)
        plot = db.session.scalar(select(Degerleme).where(Degerleme.emlak_id == props["plot"].id, Degerleme.yil == 2026))
        assert plot.vergi_degeri == Decimal("300000.00") and plot.yontem == "tavan"  # 500 m² × 1000 capped at 3×
        assert sum(v for (m, k, t), v in by_key.items() if k == f"emlak:{props['plot'].id}") == Decimal("900.00")  # ‰3
        assert not any(k == f"emlak:{props['home'].id}" for (_, k, _) in by_key)  # zero-rate relief
        # land: 7,500 + 12,500 TL; the first 10,000 TL exempt → 10,000 × ‰1 = 10 TL over both
        land = sum(v for (m, k, t), v in by_key.items() if k in (f"emlak:{props['land1'].id}", f"emlak:{props['land2'].id}"))
        assert land == Decimal("10.00")
        # metropolitan shop: (20 × 1000 + 80 × 3920) × ‰2 × 2
        shop = sum(v for (m, k, t), v in by_key.items() if k == f"emlak:{props['shop'].id}")
        assert shop == Decimal("1334.40")
        assert {r.vade for r in rows} == {date(2026, 6, 1), date(2026, 11, 30)}
        assert sum(e.total for e in sent) == sum(by_key.values()) == run.tutar


@pytest.mark.parametrize("chunk", [1, 2])
def test_small_chunks_accrue_what_the_explained_computation_says(chunk):
    """Each chunk accrues the land of the owners whose last land property it holds: with
    one or two properties a chunk, the land owner's exemption spans chunks (and the plots
    and the shop fall in chunks of their own) and still agrees, owner by owner."""
    with services.bound("alfa"):
        props = _register()
        run = _run(chunk=chunk)
        assert run.durum == "bitti" and run.hata is None
        rows = db.session.scalars(select(Tahakkuk).where(Tahakkuk.calisma_id == run.id)).all()
        by_key = {(r.mukellef_id, r.kaynak, r.taksit): r.tutar for r in rows}
        expected = {}
        for prop in props.values():
            for owner in service.vergi_dokumu(prop.id, 2026):
                if owner["vergi"] > 0:
                    for taksit, amount in enumerate(owner["taksitler"], start=1):
                        expected[(owner["mukellef"].id, f"emlak:{prop.id}", taksit)] = amount
        assert by_key == expected
        land = sum(v for (m, k, t), v in by_key.items() if k in (f"emlak:{props['land1'].id}", f"emlak:{props['land2'].id}"))
        assert land == Decimal("10.00")
        assert sum(by_key.values()) == run.tutar == Decimal("3243.40")  # 900 + 999 + 10 + 1334.40


def test_a_property_accrued_by_hand_before_the_batch_keeps_its_accrual_and_the_rest_is_accrued():
    """The chunk's plain insert meets the hand-made key, is rolled back to its savepoint,
    and the statement that skips existing keys accrues everything else."""
    with services.bound("alfa"):
        props = _register()
        by_hand = service.emlak_tahakkuk(props["shop"].id, 2026, actor="x")
        run = _run()
        assert run.durum == "bitti" and run.hata is None
        rows = db.session.scalars(select(Tahakkuk).where(Tahakkuk.calisma_id == run.id)).all()
        assert not any(r.kaynak == f"emlak:{props['shop'].id}" for r in rows)
        assert sum(r.tutar for r in rows) == run.tutar == Decimal("3243.40") - sum(r.tutar for r in by_hand)
        assert sum(r.tutar for r in by_hand) == Decimal("1334.40")
        assert db.session.scalar(select(func.count()).select_from(Degerleme).where(
            Degerleme.emlak_id == props["shop"].id, Degerleme.yil == 2026)) == 1


def test_rerunning_a_finished_year_adds_nothing_and_a_crashed_run_resumes_from_its_cursor():
    with services.bound("alfa"):
        _register()
        calls = []

        def crash_after_first_chunk(done, total, message):
            calls.append(done)
            if len(calls) == 1:
                raise RuntimeError("worker died")

        run = service.toplu_baslat(2026, "emlak", actor="tahakkuk@alfa")
        db.session.flush()
        with pytest.raises(RuntimeError):
            service.toplu_calistir(run.id, progress=crash_after_first_chunk, chunk=2)
        db.session.rollback()
        half = db.session.get(TopluTahakkuk, run.id)
        assert half.durum == "calisiyor" and half.imlec > 0
        first_count = db.session.scalar(select(func.count()).select_from(Tahakkuk))
        service.toplu_calistir(run.id, chunk=2)
        total = db.session.scalar(select(func.count()).select_from(Tahakkuk))
        assert total > first_count
        assert _run().olusan == 0  # a new run of the same year: nothing new
        assert db.session.scalar(select(func.count()).select_from(Tahakkuk)) == total
        dupes = db.session.execute(text(
            "SELECT count(*) FROM (SELECT 1 FROM tahakkuklar GROUP BY mukellef_id, gelir_kodu, kaynak, yil, taksit, "
            "surum HAVING count(*) > 1) d")).scalar_one()
        assert dupes == 0


def test_a_run_without_the_year_s_figures_is_refused_before_any_work():
    with services.bound("alfa"):
        with pytest.raises(GelirError) as caught:
            service.toplu_baslat(2027, "emlak", actor="x")
        assert "2026 yılının yeniden değerleme oranı" in caught.value.message
        assert db.session.scalar(select(func.count()).select_from(TopluTahakkuk)) == 0


def test_cancelling_reverses_only_what_is_open_and_never_twice():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", date(2026, 11, 30), taksit=2)
        tahsilat.tahsil(m.id, "400.00", "nakit", date(2026, 11, 24), actor="kasa")
        cancelled = []
        def keep(sender, event):
            cancelled.append(event)

        events.revenue_cancelled.connect(keep, weak=False)
        try:
            reversal = service.iptal(debt.id, "Mükerrer tahakkuk", actor="sef")
        finally:  # only this test's receiver: the registry's are connected once per process
            events.revenue_cancelled.disconnect(keep)
        assert reversal.tutar == Decimal("-600.00") and reversal.iptal_edilen_id == debt.id
        assert cancelled[0].total == Decimal("600.00")
        assert service.acik_tutar(debt.id) == 0
        assert db.session.get(Tahakkuk, debt.id).tutar == Decimal("1000.00")  # never edited
        with pytest.raises(GelirError):
            service.iptal(debt.id, "yine", actor="sef")
        with pytest.raises(GelirError) as no_reason:
            service.iptal(borc(m, "5.00", date(2026, 5, 31)).id, "  ", actor="sef")
        assert "gerekce" in no_reason.value.errors


def test_a_fee_is_charged_once_per_reference():
    with services.bound("alfa"):
        m = MukellefFactory()
        fee = service.ucret_tahakkuk(m.id, "nikah.hafta_sonu", date(2026, 12, 5), "nikah:77", actor="evlendirme")
        assert fee.tutar == Decimal("5000.00") and fee.gelir_kodu == "ucret" and fee.vade == date(2026, 12, 5)
        with pytest.raises(GelirError) as again:
            service.ucret_tahakkuk(m.id, "nikah.hafta_sonu", date(2026, 12, 5), "nikah:77", actor="evlendirme")
        assert again.value.status == 409


def test_a_correction_reverses_the_year_and_accrues_the_next_version():
    with services.bound("alfa"):
        birim_deger("B1", "1000")
        owner = MukellefFactory()
        plot = EmlakFactory(tur="arsa", arsa_alani=Decimal("100"))
        hisse(plot, owner)
        first = service.emlak_tahakkuk(plot.id, 2026, actor="x")
        assert sum(r.tutar for r in first) == Decimal("300.00")
        plot.arsa_alani = Decimal("200")
        second = service.duzelt(plot.id, 2026, "Alan düzeltildi (beyan)", actor="x")
        assert sum(r.tutar for r in second) == Decimal("600.00") and {r.surum for r in second} == {2}
        live = db.session.execute(text(
            "SELECT sum(tutar) FROM tahakkuklar WHERE kaynak = :k"), {"k": f"emlak:{plot.id}"}).scalar_one()
        assert live == Decimal("600.00")  # 300 accrued, 300 reversed, 600 accrued


def _ydo(year: int, value: str) -> None:
    from ebelediye import parameters

    parameters.add("gelir", "emlak.ydo", date(year, 1, 1), Decimal(value), actor="test",
                   valid_to=date(year, 12, 31), source="test")


def test_from_2027_values_the_revaluation_is_the_full_ydo_and_the_factor_is_dated_data():
    """1319 m.29 after Law 7566: 2027 = 2026 × (1 + the 2026 YDO), not half (RULES §2.2)."""
    from ebelediye import parameters

    with services.bound("alfa"):
        birim_deger("B1", "1000")
        owner = MukellefFactory()
        plot = EmlakFactory(tur="arsa", arsa_alani=Decimal("500"))
        hisse(plot, owner)
        db.session.add(Degerleme(emlak_id=plot.id, yil=2026, vergi_degeri=Decimal("300000.00"), yontem="takdir"))
        db.session.flush()
        _ydo(2026, "30.00")
        run = _run(2027)
        value = db.session.scalar(select(Degerleme).where(Degerleme.emlak_id == plot.id, Degerleme.yil == 2027))
        assert value.vergi_degeri == Decimal("390000.00") and value.yontem == "endeks"  # × 1.30, not × 1.15
        assert run.tutar == Decimal("1170.00")  # 390,000 × ‰3
        explained = service.degerle(plot.id, 2027)
        assert explained.vergi_degeri == value.vergi_degeri
        assert "%30 YDO × 1" in explained.adimlar[0].adim
        # the Cumhurbaşkanı lowers the share to a quarter from 2028: the 2028 values follow the row
        parameters.add("gelir", "emlak.ydo_katsayisi", date(2028, 1, 1), Decimal("0.25"), actor="test", source="test")
        _ydo(2027, "20.00")
        assert service.degerle(plot.id, 2028).vergi_degeri == Decimal("409500.00")  # 390,000 × (1 + 20 % × ¼)


def test_before_law_7566_the_revaluation_was_half_the_ydo():
    from modules.gelir import hesap

    with services.bound("alfa"):
        figures = service.EmlakYili.oku(2025)
        assert figures.ydo_katsayisi == Decimal("0.5") and figures.ydo_onceki == Decimal("43.93")
        assert figures.endeks == Decimal("1.21965")
    assert hesap.yillik_deger(takdir=None, onceki=Decimal("100000"), takdir_yili_mi=False, ydo=Decimal("43.93"),
                              tavan_katsayisi=None, ydo_katsayisi=Decimal("0.5")).vergi_degeri == Decimal("121965.00")
    with pytest.raises(ValueError):
        hesap.yillik_deger(takdir=None, onceki=Decimal("1"), takdir_yili_mi=False, ydo=Decimal("10"),
                           tavan_katsayisi=None, ydo_katsayisi=None)


def test_the_2026_unit_value_cap_applies_to_a_new_liability_without_a_2025_value():
    """Seri 89 tebliğ: a 2026 takdir of 4,000 TL/m² over a 2025 unit value of 600 → 1,800 TL/m²
    for a new liability; a property with a 2025 value keeps the value cap (3× its value)."""
    from modules.gelir.models import Tarife

    with services.bound("alfa"):
        old_row = birim_deger("Z9", "600", baslangic=date(2025, 1, 1))
        old_row.gecerlilik_bitis = date(2025, 12, 31)
        birim_deger("Z9", "4000", baslangic=date(2026, 1, 1))
        new_owner, old_owner = MukellefFactory(), MukellefFactory()
        new_plot = EmlakFactory(tur="arsa", deger_bolgesi="Z9", arsa_alani=Decimal("500"))
        old_plot = EmlakFactory(tur="arsa", deger_bolgesi="Z9", arsa_alani=Decimal("500"))
        hisse(new_plot, new_owner, baslangic=2026)
        hisse(old_plot, old_owner)
        db.session.add(Degerleme(emlak_id=old_plot.id, yil=2025, vergi_degeri=Decimal("250000.00"), yontem="devir"))
        db.session.flush()
        explained = service.degerle(new_plot.id, 2026)
        assert explained.vergi_degeri == Decimal("900000.00")  # 500 m² × 1,800, not × 4,000
        assert any("Birim değer tavanı" in a.adim and a.deger == "1.800,00" for a in explained.adimlar)
        _run(2026)
        stored = dict(db.session.execute(select(Degerleme.emlak_id, Degerleme.vergi_degeri).where(
            Degerleme.yil == 2026, Degerleme.emlak_id.in_((new_plot.id, old_plot.id)))).all())
        assert stored == {new_plot.id: Decimal("900000.00"),  # the batch caps the unit value the same way
                          old_plot.id: Decimal("750000.00")}  # 2,000,000 capped at 3 × 250,000
        assert service.degerle(old_plot.id, 2026).vergi_degeri == stored[old_plot.id]
        assert db.session.scalar(select(func.count()).select_from(Tarife).where(Tarife.kod == "Z9")) == 2


def test_unit_values_are_indexed_yearly_between_takdir_years():
    """1319 m.29: a property first taxed in 2027 or 2028 is valued at the 2026 unit value
    indexed by each year's YDO × share, though nobody typed a new tariff row."""
    with services.bound("alfa"):
        birim_deger("Z8", "1000", baslangic=date(2026, 1, 1))
        owner = MukellefFactory()
        plot = EmlakFactory(tur="arsa", deger_bolgesi="Z8", arsa_alani=Decimal("100"))
        hisse(plot, owner, baslangic=2027)
        _ydo(2026, "30.00")
        units = service.birim_degeri("arsa_birim", "Z8", 2027, service.EmlakYili.oku(2027))
        assert units.tutar == units.yeni == Decimal("1300.00")
        run = _run(2027)
        stored = db.session.scalar(select(Degerleme.vergi_degeri).where(Degerleme.emlak_id == plot.id,
                                                                        Degerleme.yil == 2027))
        assert stored == Decimal("130000.00") == service.degerle(plot.id, 2027).vergi_degeri
        assert run.tutar == Decimal("390.00")  # 130,000 × ‰3
        _ydo(2027, "20.00")
        later = service.birim_degeri("arsa_birim", "Z8", 2028, service.EmlakYili.oku(2028))
        assert later.tutar == Decimal("1560.00") and len(later.adimlar) == 2  # 1,300 × 1.20
        # a year whose YDO (2028) was never entered: the missing figure is named, not defaulted
        from ebelediye.parameters import ParameterMissing

        with pytest.raises(ParameterMissing) as caught:
            service.birim_degeri("arsa_birim", "Z8", 2029, service.EmlakYili.oku(2029))
        assert caught.value.key == "emlak.ydo"
