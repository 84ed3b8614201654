"""Receipt amounts in Turkish words (modules/gelir/yazi.py)."""

from decimal import Decimal

import pytest

from modules.gelir.yazi import sayi_yaziyla, tutar_yaziyla


@pytest.mark.parametrize(("n", "words"), [
    (0, "sıfır"), (1, "bir"), (10, "on"), (11, "on bir"), (19, "on dokuz"), (40, "kırk"), (99, "doksan dokuz"),
    (100, "yüz"), (101, "yüz bir"), (200, "iki yüz"), (999, "dokuz yüz doksan dokuz"),
    (1000, "bin"), (1001, "bin bir"), (1100, "bin yüz"), (2000, "iki bin"), (11_000, "on bir bin"),
    (101_000, "yüz bir bin"), (1234, "bin iki yüz otuz dört"),
    (1_000_000, "bir milyon"), (1_001_000, "bir milyon bin"), (2_500_000, "iki milyon beş yüz bin"),
    (1_000_000_001, "bir milyar bir"), (12_345_678, "on iki milyon üç yüz kırk beş bin altı yüz yetmiş sekiz"),
])
def test_whole_numbers(n, words):
    assert sayi_yaziyla(n) == words


def test_money_in_words():
    assert tutar_yaziyla(Decimal("1234.50")) == "bin iki yüz otuz dört Türk lirası elli kuruş"
    assert tutar_yaziyla(Decimal("100")) == "yüz Türk lirası"
    assert tutar_yaziyla(Decimal("0.05")) == "sıfır Türk lirası beş kuruş"
    assert tutar_yaziyla(Decimal("851.06")) == "sekiz yüz elli bir Türk lirası altı kuruş"
    assert tutar_yaziyla(Decimal("0.995")) == "bir Türk lirası"  # rounded to kuruş first
    with pytest.raises(ValueError):
        sayi_yaziyla(-1)
    with pytest.raises(ValueError):
        sayi_yaziyla(10**15)
