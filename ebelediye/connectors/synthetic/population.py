"""A deterministic synthetic population: people in households, companies, land parcels,
employment records and taxpayer registrations.

Nothing is stored.  Record ``i`` of each kind is derived from ``(seed, kind, i)`` through its
own ``random.Random``, so the same seed gives the same data in any order, in any process,
and a population of a million parcels costs no memory until a record is asked for.
Lookups are arithmetic, not scans:

- a person's index is ``household * 8 + slot`` and is encoded in the TCKN (``ids.py``);
- a company's index is encoded in its VKN;
- parcel ``i`` lies in district ``i mod K`` at ada/parsel derived from ``i div K``, so
  il/ilçe/ada/parsel gives ``i`` back;
- a privately owned parcel ``i`` belongs to household ``(i·A) mod H`` (A coprime to H), so
  the parcels of a household are ``i ≡ h·A⁻¹ (mod H)``: about P/H candidates, each checked.

Names come from Faker's ``tr_TR`` lists (read once, chosen with our own generator, so the
data does not depend on Faker's random streams).  A Faker release that edits its name
lists changes names; numbers, dates and links do not move.

Dates are relative to ``REFERENCE_DATE`` rather than today, so the data never drifts.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from faker.providers.company.tr_TR import Provider as _CompanyNames
from faker.providers.person.tr_TR import Provider as _PersonNames

from . import places
from .ids import TcknCodec, VknCodec, coprime_multiplier

REFERENCE_DATE = date(2026, 1, 1)
SLOTS = 8  # members per household at most: 0 head, 1 spouse, 2.. children
PARCELS_PER_ADA = 40
FIRST_ADA = 101

MALE_NAMES: tuple[str, ...] = tuple(_PersonNames.first_names_male)
FEMALE_NAMES: tuple[str, ...] = tuple(_PersonNames.first_names_female)
SURNAMES: tuple[str, ...] = tuple(_PersonNames.last_names)
SECTORS = ("İnşaat", "Gıda", "Tekstil", "Otomotiv", "Turizm", "Nakliyat", "Elektrik", "Mobilya",
           "Tarım Ürünleri", "Bilişim", "Kimya", "Makine", "Enerji", "Ambalaj")
LEGAL_FORMS = ("A.Ş.", "Ltd. Şti.")
_LARGE = tuple(getattr(_CompanyNames, "large_companies", ()))


def _rng(seed: object, kind: str, index: object) -> random.Random:
    return random.Random(f"{seed}:{kind}:{index}")


def _day(r: random.Random, start: date, end: date) -> date:
    span = (end - start).days
    return start + timedelta(days=r.randrange(max(1, span)))


def _birth(r: random.Random, age: int) -> date:
    return REFERENCE_DATE - timedelta(days=age * 365 + 1 + r.randrange(365) + age // 4)


def _years(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _m2(r: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(r.randrange(low * 100, high * 100)) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class Member:
    slot: int
    tckn: str
    ad: str
    soyad: str
    onceki_soyad: str | None
    cinsiyet: str  # "E" / "K"
    dogum_tarihi: date
    dogum_yeri: str
    baba_adi: str
    anne_adi: str
    medeni_hal: str  # bekar / evli / bosanmis / dul
    olum_tarihi: date | None = None

    @property
    def alive(self) -> bool:
        return self.olum_tarihi is None

    def age(self, on: date = REFERENCE_DATE) -> int:
        return _years(self.dogum_tarihi, on)


@dataclass(frozen=True, slots=True)
class Address:
    il: str
    ilce: str
    mahalle: str
    sokak: str
    dis_kapi_no: str
    ic_kapi_no: str | None

    @property
    def acik_adres(self) -> str:
        door = self.dis_kapi_no + (f"/{self.ic_kapi_no}" if self.ic_kapi_no else "")
        return f"{self.mahalle} Mah. {self.sokak} No:{door} {self.ilce}/{self.il}"


@dataclass(frozen=True, slots=True)
class Household:
    index: int
    district: int
    address: Address
    members: dict[int, Member]
    evlenme_tarihi: date | None


@dataclass(frozen=True, slots=True)
class Company:
    index: int
    vkn: str
    unvan: str
    il: str
    ilce: str
    kurulus_tarihi: date
    terk_tarihi: date | None
    vergi_dairesi: str
    vergi_dairesi_kodu: str


@dataclass(frozen=True, slots=True)
class Owner:
    kimlik: str | None  # TCKN, VKN, or None for the Treasury
    kimlik_turu: str  # tckn / vkn / kurum
    ad: str
    hisse_pay: int
    hisse_payda: int


@dataclass(frozen=True, slots=True)
class Parcel:
    index: int
    il: str
    ilce: str
    mahalle: str
    ada: int
    parsel: int
    nitelik: str  # arsa / arazi / bina
    alan_m2: Decimal
    kat_alani_m2: Decimal | None
    kullanim: str | None  # mesken / isyeri (bina only)
    yapim_yili: int | None
    malikler: tuple[Owner, ...]
    edinme_tarihi: date
    edinme_sekli: str  # satis / intikal / hibe / ilk_tescil
    onceki_malikler: tuple[Owner, ...] = field(default=())

    @property
    def tasinmaz_no(self) -> str:
        return f"{self.index + 1:09d}"


@dataclass(frozen=True, slots=True)
class ServicePeriod:
    statu: str  # 4a (hizmet akdi) / 4b (bağımsız) / 4c (kamu)
    isveren_vkn: str | None
    isveren_unvan: str
    baslangic: date
    bitis: date | None

    @property
    def gun(self) -> int:
        """Days of service on a 360-day year (SGK counts 30 days a month)."""
        end = self.bitis or REFERENCE_DATE
        return max(0, round((end - self.baslangic).days * 360 / 365))


@dataclass(frozen=True, slots=True)
class Employment:
    tckn: str
    emekli: bool
    donemler: tuple[ServicePeriod, ...]


class Population:
    """The whole synthetic country for one seed; every method is O(1) or O(P/H)."""

    def __init__(self, seed: object = 2026, *, households: int = 400_000, parcels: int = 1_000_000,
                 companies: int = 20_000) -> None:
        if households < 1 or companies < 1 or parcels < 0:
            raise ValueError("population sizes must be positive")
        if households * SLOTS > 900_000_000 or companies > 900_000_000:
            raise ValueError("population too large for the number space")
        self.seed = seed
        self.households = households
        self.parcels = parcels
        self.companies = companies
        self._tckn = TcknCodec(seed)
        self._vkn = VknCodec(seed)
        self._hh_mult, self._hh_inv = coprime_multiplier(seed, "parcel-household", households)
        self._co_mult, self._co_inv = coprime_multiplier(seed, "parcel-company", companies)
        self._districts = len(places.DISTRICTS)

    def describe(self) -> dict:
        return {"seed": self.seed, "households": self.households, "parcels": self.parcels,
                "companies": self.companies}

    # --- people -----------------------------------------------------------------------

    def tckn_of(self, household: int, slot: int) -> str:
        return self._tckn.number(household * SLOTS + slot)

    def locate(self, tckn: str) -> tuple[int, int] | None:
        """(household, slot) a valid TCKN encodes, if it is inside this population."""
        n = self._tckn.index(tckn)
        household, slot = divmod(n, SLOTS)
        if household >= self.households or self._tckn.number(n) != tckn:
            return None
        return household, slot

    def household(self, h: int) -> Household:
        if not 0 <= h < self.households:
            raise IndexError(h)
        r = _rng(self.seed, "hh", h)
        province = bisect.bisect_right(places.CUMULATIVE_WEIGHTS, r.randrange(places.CUMULATIVE_WEIGHTS[-1]))
        district = r.choice(places.DISTRICTS_OF[province])
        il, ilce = places.PROVINCES[province][0], places.DISTRICTS[district][1]
        address = Address(il, ilce, r.choice(places.NEIGHBOURHOODS), r.choice(places.STREETS),
                          str(r.randint(1, 140)), str(r.randint(1, 24)) if r.random() < 0.7 else None)
        surname = r.choice(SURNAMES)
        roll = r.random()
        members: dict[int, Member] = {}
        married_on: date | None = None

        def birthplace() -> str:
            return il if r.random() < 0.6 else places.PROVINCES[r.randrange(len(places.PROVINCES))][0]

        def adult(slot: int, sex: str, age: int, status: str, maiden: str | None = None,
                  died: date | None = None) -> Member:
            names = MALE_NAMES if sex == "E" else FEMALE_NAMES
            return Member(slot, self.tckn_of(h, slot), r.choice(names), surname, maiden, sex, _birth(r, age),
                          birthplace(), r.choice(MALE_NAMES), r.choice(FEMALE_NAMES), status, died)

        if roll < 0.65:  # a couple, with children in 3 of 4 cases
            head_age = r.randint(24, 82)
            spouse_age = max(19, head_age + r.randint(-7, 2))
            young = min(head_age, spouse_age)
            married_on = REFERENCE_DATE - timedelta(days=365 * (young - r.randint(19, min(young, 30))) + r.randrange(365))
            earliest_death = max(married_on + timedelta(days=365), REFERENCE_DATE - timedelta(days=365 * 12))
            head_dies = earliest_death < REFERENCE_DATE and r.random() < (0.04 if head_age < 60 else 0.25)
            died = _day(r, earliest_death, REFERENCE_DATE) if head_dies else None
            members[0] = adult(0, "E", head_age, "evli", died=died)
            members[1] = adult(1, "K", spouse_age, "dul" if died else "evli", maiden=r.choice(SURNAMES))
            children = r.choice((0, 1, 2, 2, 3, 4)) if r.random() < 0.75 else 0
            oldest = max(0, _years(married_on, REFERENCE_DATE) - 1)
            youngest = _years(died, REFERENCE_DATE) if died else 0  # born before the father died
            if youngest > oldest:
                children = 0
            for k in range(children):
                sex = "E" if r.random() < 0.51 else "K"
                age = r.randint(youngest, oldest)
                names = MALE_NAMES if sex == "E" else FEMALE_NAMES
                members[2 + k] = Member(2 + k, self.tckn_of(h, 2 + k), r.choice(names), surname, None, sex,
                                        _birth(r, age), il, members[0].ad, members[1].ad, "bekar")
        elif roll < 0.85:  # one adult living alone
            sex = "E" if r.random() < 0.5 else "K"
            age = r.randint(18, 85)
            status = "bekar" if age < 30 or r.random() < 0.6 else ("bosanmis" if r.random() < 0.6 else "dul")
            members[0] = adult(0, sex, age, status)
        else:  # a divorced parent with children
            sex = "K" if r.random() < 0.8 else "E"
            age = r.randint(27, 60)
            parent = adult(0 if sex == "E" else 1, sex, age, "bosanmis")
            members[parent.slot] = parent
            for k in range(r.randint(1, 3)):
                csex = "E" if r.random() < 0.51 else "K"
                cage = r.randint(0, max(0, age - 20))
                names = MALE_NAMES if csex == "E" else FEMALE_NAMES
                father = parent.ad if sex == "E" else r.choice(MALE_NAMES)
                mother = parent.ad if sex == "K" else r.choice(FEMALE_NAMES)
                members[2 + k] = Member(2 + k, self.tckn_of(h, 2 + k), r.choice(names), surname, None, csex,
                                        _birth(r, cage), il, father, mother, "bekar")
        return Household(h, district, address, members, married_on)

    def member(self, tckn: str) -> tuple[Household, Member] | None:
        """The household and member a TCKN names, or None (a valid number of nobody here)."""
        where = self.locate(tckn)
        if where is None:
            return None
        hh = self.household(where[0])
        m = hh.members.get(where[1])
        return (hh, m) if m is not None else None

    def iter_people(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[Household, Member]]:
        """Every person of households [start, stop), lazily."""
        for h in range(start, min(stop if stop is not None else self.households, self.households)):
            hh = self.household(h)
            for slot in sorted(hh.members):
                yield hh, hh.members[slot]

    # --- companies --------------------------------------------------------------------

    def company(self, c: int) -> Company:
        if not 0 <= c < self.companies:
            raise IndexError(c)
        r = _rng(self.seed, "co", c)
        province = bisect.bisect_right(places.CUMULATIVE_WEIGHTS, r.randrange(places.CUMULATIVE_WEIGHTS[-1]))
        district = r.choice(places.DISTRICTS_OF[province])
        il, plate = places.PROVINCES[province][0], places.PROVINCES[province][1]
        ilce = places.DISTRICTS[district][1]
        if _LARGE and r.random() < 0.01:
            name = f"{r.choice(_LARGE)} {r.choice(SECTORS)} {r.choice(LEGAL_FORMS)}"
        else:
            name = f"{r.choice(SURNAMES)} {r.choice(SECTORS)} San. ve Tic. {r.choice(LEGAL_FORMS)}"
        founded = _day(r, date(1975, 1, 1), REFERENCE_DATE - timedelta(days=30))
        closed = _day(r, founded + timedelta(days=200), REFERENCE_DATE) if r.random() < 0.1 else None
        office = f"{il if ilce == 'Merkez' else ilce} Vergi Dairesi Müdürlüğü"
        return Company(c, self._vkn.number(c), name, il, ilce, founded, closed, office,
                       f"{plate:03d}{district % 1000:03d}")

    def company_by_vkn(self, vkn: str) -> Company | None:
        c = self._vkn.index(vkn)
        if c >= self.companies or self._vkn.number(c) != vkn:
            return None
        return self.company(c)

    # --- parcels ----------------------------------------------------------------------

    def parcel_index(self, il: str, ilce: str, ada: int, parsel: int) -> int | None:
        district = places.DISTRICT_INDEX.get((places.fold(il), places.fold(ilce)))
        if district is None or ada < FIRST_ADA or not 1 <= parsel <= PARCELS_PER_ADA:
            return None
        j = (ada - FIRST_ADA) * PARCELS_PER_ADA + (parsel - 1)
        i = district + self._districts * j
        return i if i < self.parcels else None

    def parcel(self, i: int) -> Parcel:
        if not 0 <= i < self.parcels:
            raise IndexError(i)
        district, j = i % self._districts, i // self._districts
        province = places.DISTRICTS[district][0]
        il, ilce = places.PROVINCES[province][0], places.DISTRICTS[district][1]
        ada, parsel = FIRST_ADA + j // PARCELS_PER_ADA, 1 + j % PARCELS_PER_ADA
        hood = places.NEIGHBOURHOODS[(district * 7 + (ada // 25) * 13) % len(places.NEIGHBOURHOODS)]
        r = _rng(self.seed, "p", i)
        roll = r.random()
        if roll < 0.5:
            nitelik, area = "bina", _m2(r, 150, 2500)
            kullanim = "mesken" if r.random() < 0.8 else "isyeri"
            floor = _m2(r, 55, 420) if kullanim == "mesken" else _m2(r, 40, 2000)
            built = r.randint(1960, REFERENCE_DATE.year - 1)
        elif roll < 0.8:
            nitelik, area, kullanim, floor, built = "arsa", _m2(r, 120, 1500), None, None, None
        else:
            nitelik, area, kullanim, floor, built = "arazi", _m2(r, 800, 60000), None, None, None
        owners, acquired, how, previous = self._owners(i, r)
        return Parcel(i, il, ilce, hood, ada, parsel, nitelik, area, floor, kullanim, built,
                      owners, acquired, how, previous)

    def _owner_kind(self, r: random.Random) -> str:
        roll = r.random()
        return "hazine" if roll < 0.04 else "company" if roll < 0.14 else "household"

    def _owners(self, i: int, r: random.Random) -> tuple[tuple[Owner, ...], date, str, tuple[Owner, ...]]:
        kind = self._owner_kind(r)
        since = date(1985, 1, 1)
        if kind == "hazine":
            return (Owner(None, "kurum", "Maliye Hazinesi", 1, 1),), _day(r, date(1950, 1, 1), since), "ilk_tescil", ()
        if kind == "company":
            co = self.company((i * self._co_mult) % self.companies)
            when = _day(r, max(since, co.kurulus_tarihi), REFERENCE_DATE)
            return (Owner(co.vkn, "vkn", co.unvan, 1, 1),), when, "satis", self._sellers(i, r)
        hh = self.household((i * self._hh_mult) % self.households)
        adults = [hh.members[s] for s in (0, 1) if s in hh.members]
        children = [m for s, m in sorted(hh.members.items()) if s >= 2]
        dead = [m for m in adults if not m.alive]

        def owner(m: Member, pay: int, payda: int) -> Owner:
            return Owner(m.tckn, "tckn", f"{m.ad} {m.soyad}", pay, payda)

        if dead and (children or len(adults) > 1):
            # the deceased's share passed to the heirs: spouse 1/4, children 3/4 (TMK m.499)
            deceased = dead[0]
            heirs_spouse = [m for m in adults if m.alive]
            n = len(children)
            if heirs_spouse and n:
                owners = [owner(heirs_spouse[0], n, 4 * n)] + [owner(c, 3, 4 * n) for c in children]
            elif n:
                owners = [owner(c, 1, n) for c in children]
            else:
                owners = [owner(heirs_spouse[0], 1, 1)]
            assert deceased.olum_tarihi is not None  # the deceased of an inheritance has a date of death
            when = min(REFERENCE_DATE - timedelta(days=1), deceased.olum_tarihi + timedelta(days=r.randint(20, 400)))
            return tuple(owners), when, "intikal", (owner(deceased, 1, 1),)
        when = _day(r, since, REFERENCE_DATE)
        how = "hibe" if r.random() < 0.05 else "satis"
        if len(adults) == 2 and r.random() < 0.5:
            owners = [owner(adults[0], 1, 2), owner(adults[1], 1, 2)]
        else:
            owners = [owner(r.choice(adults), 1, 1)]
        return tuple(owners), when, how, self._sellers(i, r) if how == "satis" else ()

    def _sellers(self, i: int, r: random.Random) -> tuple[Owner, ...]:
        if self.households < 2:
            return ()
        own = (i * self._hh_mult) % self.households
        other = (own + 1 + r.randrange(self.households - 1)) % self.households
        hh = self.household(other)
        adults = [m for s, m in sorted(hh.members.items()) if s in (0, 1)]
        seller = adults[0]
        return (Owner(seller.tckn, "tckn", f"{seller.ad} {seller.soyad}", 1, 1),)

    def parcels_of(self, number: str) -> list[tuple[Parcel, Owner]]:
        """The parcels a TCKN or VKN holds a share of, with the share: O(P/H) or O(P/C)."""
        if len(number) == 10:
            co = self.company_by_vkn(number)
            if co is None:
                return []
            modulus, start = self.companies, (co.index * self._co_inv) % self.companies
        else:
            where = self.locate(number)
            if where is None:
                return []
            modulus, start = self.households, (where[0] * self._hh_inv) % self.households
        found = []
        for i in range(start, self.parcels, modulus):
            parcel = self.parcel(i)
            for o in parcel.malikler:
                if o.kimlik == number:
                    found.append((parcel, o))
        return found

    def district_parcels(self, il: str, ilce: str, start: int = 0) -> Iterator[Parcel]:
        """Parcels of one district in ada/parsel order, from position ``start`` (a cursor)."""
        district = places.DISTRICT_INDEX.get((places.fold(il), places.fold(ilce)))
        if district is None:
            return
        i = district + self._districts * start
        while i < self.parcels:
            yield self.parcel(i)
            i += self._districts

    def iter_parcels(self, start: int = 0, stop: int | None = None) -> Iterator[Parcel]:
        for i in range(start, min(self.parcels, stop if stop is not None else self.parcels)):
            yield self.parcel(i)

    # --- employment and tax -----------------------------------------------------------

    def employment(self, hh: Household, m: Member) -> Employment:
        """The SGK service record of a person, derived (before any notices)."""
        r = _rng(self.seed, "sgk", hh.index * SLOTS + m.slot)
        start_age = 18 + r.randint(0, 7)
        first = m.dogum_tarihi + timedelta(days=365 * start_age + r.randrange(365))
        end_of_life = m.olum_tarihi or REFERENCE_DATE
        if m.age() < 18 or first >= end_of_life or r.random() < 0.12:
            return Employment(m.tckn, False, ())
        periods: list[ServicePeriod] = []
        cursor = first
        retired = m.age(end_of_life) >= 58 and r.random() < 0.85
        work_until = min(end_of_life, m.dogum_tarihi + timedelta(days=365 * r.randint(52, 62))) if retired else end_of_life
        for _ in range(r.randint(1, 4)):
            if cursor >= work_until:
                break
            roll = r.random()
            if roll < 0.75:
                co = self.company(r.randrange(self.companies))
                period: tuple[str, str | None, str] = ("4a", co.vkn, co.unvan)
            elif roll < 0.88:
                period = ("4b", None, "Kendi adına bağımsız çalışma")
            else:
                period = ("4c", None, "Kamu idaresi")
            length = timedelta(days=r.randint(200, 365 * 12))
            end = cursor + length
            open_ended = end >= work_until
            periods.append(ServicePeriod(period[0], period[1], period[2], cursor,
                                         None if open_ended and not retired and m.alive else min(end, work_until)))
            if open_ended:
                break
            cursor = end + timedelta(days=r.randint(0, 400))
        if periods and periods[-1].bitis is None and r.random() < 0.25:
            last = periods[-1]
            periods[-1] = ServicePeriod(last.statu, last.isveren_vkn, last.isveren_unvan, last.baslangic,
                                        _day(r, last.baslangic + timedelta(days=30), REFERENCE_DATE))
        return Employment(m.tckn, retired, tuple(periods))
