"""The synthetic population: same seed, same data; lookups by construction; a million
parcels without holding them."""

import tracemalloc
from fractions import Fraction

from ebelediye.connectors.synthetic import places
from ebelediye.connectors.synthetic.population import REFERENCE_DATE, Population


def test_same_seed_same_data_in_any_order():
    a, b = Population(11), Population(11)
    forward = [a.household(h) for h in range(50)]
    backward = [b.household(h) for h in reversed(range(50))][::-1]
    assert forward == backward
    assert [a.parcel(i) for i in (5, 999_999, 123)] == [b.parcel(i) for i in (5, 999_999, 123)]
    assert a.company(17) == b.company(17)
    other = Population(12)
    assert other.household(3) != a.household(3)


def test_households_are_plausible():
    population = Population(3, households=2000, parcels=100, companies=10)
    for hh, m in population.iter_people(0, 2000):
        assert m.cinsiyet in ("E", "K") and m.medeni_hal in ("bekar", "evli", "bosanmis", "dul")
        assert m.dogum_tarihi < REFERENCE_DATE
        if m.olum_tarihi:
            assert m.dogum_tarihi < m.olum_tarihi <= REFERENCE_DATE
        if m.slot >= 2:  # children carry their parents' names and were born after the marriage
            assert m.medeni_hal == "bekar"
            for slot, name in ((0, m.baba_adi), (1, m.anne_adi)):
                if slot in hh.members:
                    assert hh.members[slot].ad == name
            if hh.evlenme_tarihi:
                assert m.dogum_tarihi.year >= hh.evlenme_tarihi.year - 1
        if m.slot == 1 and 0 in hh.members:
            assert m.soyad == hh.members[0].soyad and m.onceki_soyad
        assert (places.fold(hh.address.il), places.fold(hh.address.ilce)) in places.DISTRICT_INDEX


def test_a_million_parcels_lazily():
    tracemalloc.start()
    population = Population(2026, households=400_000, parcels=1_000_000, companies=20_000)
    last = population.parcel(999_999)
    assert population.parcel_index(last.il, last.ilce, last.ada, last.parsel) == 999_999
    assert population.parcel_index(last.il.upper(), last.ilce.lower(), last.ada, last.parsel) == 999_999
    for parcel in population.iter_parcels(500_000, 500_300):
        assert sum(Fraction(o.hisse_pay, o.hisse_payda) for o in parcel.malikler) == 1
        assert parcel.nitelik in ("arsa", "arazi", "bina")
        assert (parcel.kat_alani_m2 is not None) == (parcel.nitelik == "bina")
        for owner in parcel.malikler:
            if owner.kimlik:  # reverse lookup by construction finds the same share
                held = {p.index: o for p, o in population.parcels_of(owner.kimlik)}
                assert held[parcel.index] == owner
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert population.parcel_index(last.il, last.ilce, last.ada + 10_000, 1) is None
    assert peak < 20_000_000, peak  # nothing close to a million records in memory


def test_district_scan_and_people_lookup_by_number():
    population = Population(5, households=1000, parcels=20_000, companies=50)
    il, ilce = places.PROVINCES[places.DISTRICTS[7][0]][0], places.DISTRICTS[7][1]
    parcels = list(population.district_parcels(il, ilce))
    assert parcels and all((p.il, p.ilce) == (il, ilce) for p in parcels)
    assert [(p.ada, p.parsel) for p in parcels] == sorted((p.ada, p.parsel) for p in parcels)
    hh = population.household(999)
    for member in hh.members.values():
        assert population.member(member.tckn) == (hh, member)
    # a valid number that nobody in this population has
    assert population.member("10000000146") is None
