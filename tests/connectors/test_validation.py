"""Identity numbers, IBANs and amounts are checked with python-stdnum before any call;
the synthetic population's numbers always pass."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.tr import tckimlik, vkn

from ebelediye.connectors import InvalidInput, validation
from ebelediye.connectors.synthetic.ids import SPACE, TcknCodec, VknCodec
from ebelediye.connectors.synthetic.population import Population


@pytest.mark.parametrize("number", ["10000000146", "17291716060", "10562272296"])
def test_known_valid_tckn(number):
    assert validation.tckn(number) == number
    assert validation.tckn(f"  {number} ") == number


@pytest.mark.parametrize("number, words", [
    ("17291716050", "kontrol haneleri"),  # RULES.md §1.1: invalid
    ("1729171606", "11 haneli"),
    ("172917160601", "11 haneli"),
    ("1729171606a", "yalnızca rakam"),
    ("17291-16060", "yalnızca rakam"),
    ("01729171606", "0 ile başlayamaz"),
    ("１７２９１７１６０６０", "yalnızca rakam"),  # full-width digits
    ("", "boş"),
])
def test_invalid_tckn_says_why(number, words):
    with pytest.raises(InvalidInput) as caught:
        validation.tckn(number)
    assert words in caught.value.message_tr
    assert caught.value.message_en and caught.value.field == "tckn"


def test_tckn_must_be_text():
    with pytest.raises(InvalidInput):
        validation.tckn(17291716060)


def test_vkn_vectors():
    assert validation.vkn("4540536920") == "4540536920"
    for bad, words in (("4540536921", "kontrol hanesi"), ("454053692", "10 haneli"), ("454053692A", "rakam")):
        with pytest.raises(InvalidInput) as caught:
            validation.vkn(bad)
        assert words in caught.value.message_tr


def test_tckn_or_vkn_picks_by_length():
    assert validation.tckn_or_vkn("4540536920") == "4540536920"
    assert validation.tckn_or_vkn("10000000146") == "10000000146"
    for bad in ("454053692", "4540536921", "17291716050", "1234567890123"):
        with pytest.raises(InvalidInput):
            validation.tckn_or_vkn(bad)


def test_iban_vectors():
    assert validation.iban("TR33 0006 1005 1978 6457 8413 26") == "TR330006100519786457841326"
    assert validation.iban("TR470000100100000350930001") == "TR470000100100000350930001"
    for bad in ("TR470000100100000350930002", "DE89370400440532013000", "TR33000610051978645784132",
                "tr330006100519786457841326"):
        with pytest.raises(InvalidInput):
            validation.iban(bad)


def test_amount_is_decimal_never_float():
    assert validation.amount(Decimal("12.5")) == Decimal("12.50")
    assert validation.amount("100") == Decimal("100.00")
    for bad in (12.5, Decimal("0"), Decimal("-1"), Decimal("1.005"), "abc", Decimal("NaN"), True):
        with pytest.raises(InvalidInput):
            validation.amount(bad)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=SPACE - 1))
def test_generated_numbers_always_validate(seed, index):
    """Check digits are computed by hand (RULES.md §1) and checked by python-stdnum."""
    tckn = TcknCodec(seed).number(index)
    assert tckimlik.is_valid(tckn), tckn
    assert TcknCodec(seed).index(tckn) == index
    number = VknCodec(seed).number(index)
    assert vkn.is_valid(number), number
    assert VknCodec(seed).index(number) == index


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=4999))
def test_population_numbers_validate(household):
    population = Population(7, households=5000, parcels=1000, companies=50)
    for member in population.household(household).members.values():
        assert tckimlik.is_valid(member.tckn)
        assert population.locate(member.tckn) == (household, member.slot)
    assert vkn.is_valid(population.company(household % 50).vkn)
