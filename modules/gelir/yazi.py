"""Amounts in Turkish words, as receipts print them ("yalnız bin iki yüz otuz dört Türk
lirası elli kuruş"): a small function, since the receipt is the only user and a dependency
would be a whole library for it.

Turkish drops "bir" before "yüz" and "bin" (yüz, bin, iki bin; but bir milyon), and writes
the groups from the largest down.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_BIRLER = ("", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz")
_ONLAR = ("", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan")
_GRUPLAR = ("", "bin", "milyon", "milyar", "trilyon")


def _yuzler(n: int) -> list[str]:
    """Words of 0 ≤ n < 1000."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words += ([_BIRLER[hundreds]] if hundreds > 1 else []) + ["yüz"]
    tens, ones = divmod(rest, 10)
    words += [w for w in (_ONLAR[tens], _BIRLER[ones]) if w]
    return words


def sayi_yaziyla(n: int) -> str:
    """A whole number ≥ 0 in Turkish words: 1234 → "bin iki yüz otuz dört"."""
    if n < 0:
        raise ValueError("Negatif tutar yazıyla yazılmaz.")
    if n == 0:
        return "sıfır"
    groups = []
    while n:
        n, part = divmod(n, 1000)
        groups.append(part)
    if len(groups) > len(_GRUPLAR):
        raise ValueError("Tutar çok büyük.")
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        part = groups[index]
        if not part:
            continue
        if index == 1 and part == 1:
            words.append("bin")  # "bin", not "bir bin"
        else:
            words += _yuzler(part) + ([_GRUPLAR[index]] if index else [])
    return " ".join(words)


def tutar_yaziyla(tutar: Decimal) -> str:
    """Money in words: 1234.50 → "bin iki yüz otuz dört Türk lirası elli kuruş"; 0.05 →
    "sıfır Türk lirası beş kuruş"; 100 → "yüz Türk lirası"."""
    cents = int(Decimal(tutar).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    lira, kurus = divmod(cents, 100)
    text = f"{sayi_yaziyla(lira)} Türk lirası"
    if kurus:
        text += f" {sayi_yaziyla(kurus)} kuruş"
    return text
