"""Identity numbers that encode an index, so a lookup by number needs no table.

The nine free digits of a TCKN (and of a VKN) are an affine permutation of the record's
index over [0, 9·10^8): ``y = (x·M + C) mod N`` with M coprime to N, chosen from the seed,
so numbers look scattered, never collide, and invert in O(1).  Check digits are computed
here from RULES.md §1 by hand, and the tests check every generated number with
python-stdnum: two independent implementations must agree.
"""

from __future__ import annotations

import math
import random

SPACE = 900_000_000  # nine digits, the first one 1..9


class IndexCodec:
    """A seeded bijection between indices [0, SPACE) and nine-digit strings."""

    def __init__(self, seed: object, kind: str) -> None:
        r = random.Random(f"{seed}:codec:{kind}")
        multiplier = r.randrange(10_000_000, SPACE)
        while math.gcd(multiplier, SPACE) != 1:
            multiplier += 1
        self.multiplier = multiplier
        self.inverse = pow(multiplier, -1, SPACE)
        self.offset = r.randrange(SPACE)

    def encode(self, index: int) -> str:
        if not 0 <= index < SPACE:
            raise ValueError(f"index {index} out of range")
        return str(100_000_000 + (index * self.multiplier + self.offset) % SPACE)

    def decode(self, nine: str) -> int:
        return ((int(nine) - 100_000_000 - self.offset) * self.inverse) % SPACE


def tckn_check_digits(nine: str) -> str:
    """d10 and d11 of a TCKN from d1..d9 (RULES.md §1.1)."""
    d = [int(c) for c in nine]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return f"{d10}{d11}"


def vkn_check_digit(nine: str) -> str:
    """d10 of a VKN from d1..d9 (RULES.md §1.2)."""
    total = 0
    for i, c in enumerate(nine):
        t = (int(c) + (9 - i)) % 10
        if t:
            p = (t * 2 ** (9 - i)) % 9
            total += p or 9
    return str((10 - total % 10) % 10)


class TcknCodec(IndexCodec):
    def __init__(self, seed: object) -> None:
        super().__init__(seed, "tckn")

    def number(self, index: int) -> str:
        nine = self.encode(index)
        return nine + tckn_check_digits(nine)

    def index(self, tckn: str) -> int:
        return self.decode(tckn[:9])


class VknCodec(IndexCodec):
    def __init__(self, seed: object) -> None:
        super().__init__(seed, "vkn")

    def number(self, index: int) -> str:
        nine = self.encode(index)
        return nine + vkn_check_digit(nine)

    def index(self, vkn: str) -> int:
        return self.decode(vkn[:9])


def coprime_multiplier(seed: object, kind: str, modulus: int) -> tuple[int, int]:
    """A multiplier coprime to ``modulus`` and its inverse, for index scrambles."""
    if modulus <= 1:
        return 1, 1
    r = random.Random(f"{seed}:mult:{kind}")
    m = r.randrange(1, modulus) | 1
    while math.gcd(m, modulus) != 1:
        m += 2
        if m >= modulus:
            m = 1
    return m, pow(m, -1, modulus)
