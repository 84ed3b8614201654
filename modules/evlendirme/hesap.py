"""Evlendirme's pure computations: the impediment checks, slots, day kinds and fees.

No SQLAlchemy, no Flask: facts in (what KPS says of the parties and their families, the
documents on file, the tenant's templates and tariff rows), results out, each with the
steps that led to it and the source it rests on, so staff see why a check passed or
failed and hypothesis can test the rules.

Figures of law (ages, the 300-day waiting period) come in as ``Kurallar`` read from the
dated national parameters; nothing here is a literal of law.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

# --- the parties and their families ------------------------------------------------------

@dataclass(frozen=True)
class Kisi:
    """A party or a witness as KPS (or the foreigner's documents) registers them."""

    sira: int
    ad: str
    cinsiyet: str  # E / K
    dogum_tarihi: date
    medeni_hal: str  # bekar / evli / bosanmis / dul
    tckn: str | None = None
    evlilik_bitis_tarihi: date | None = None
    olu: bool = False
    yabanci: bool = False
    koruma_statusu: bool = False
    kaynak: str = "KPS"


@dataclass(frozen=True)
class BelgeBilgisi:
    """A document on file: kind, party, its dates and (foreign ones) legalisation track."""

    tur: str
    taraf_sira: int | None
    belge_tarihi: date
    gecerlilik_bitis: date | None = None
    tasdik_yolu: str = ""
    tercume: bool = False
    no: str = ""

    def gecerli(self, gun: date) -> bool:
        return self.belge_tarihi <= gun and (self.gecerlilik_bitis is None or gun <= self.gecerlilik_bitis)


@dataclass(frozen=True)
class Kurallar:
    """The national figures in force on the day checked (``ebelediye.parameters``)."""

    ergin_yas: int = 18  # TMK m.124/1, m.11
    veli_izni_yas: int = 17  # TMK m.126
    mahkeme_izni_yas: int = 16  # TMK m.124/2
    iddet_gun: int = 300  # TMK m.132
    tanik_yas: int = 18  # TMK m.141, EY m.28


#: KPS family relations: what ``b`` is to ``a`` in an edge (a, relation, b)
PARENT = ("anne", "baba")
SPOUSE = ("es", "eski_es")
ADOPTION = ("evlat_edinen", "evlatlik")


@dataclass
class Aile:
    """The family graph KPS showed: for each person asked, their relatives by relation.

    ``uyeler[tckn]`` is the list of (relation, relative's TCKN, relative's birth day) as
    ``KpsClient.family(tckn)`` answered; people not asked are absent, which the kinship
    check reports as the limit of what it could see.
    """

    uyeler: dict[str, list[tuple[str, str, date | None]]] = field(default_factory=dict)

    def of(self, tckn: str, *relations: str) -> set[str]:
        return {other for rel, other, _ in self.uyeler.get(tckn, ()) if not relations or rel in relations}

    def parents(self, tckn: str) -> set[str]:
        found = self.of(tckn, *PARENT)
        for other, rels in self.uyeler.items():  # a parent who was asked lists the child
            if any(rel == "cocuk" and who == tckn for rel, who, _ in rels):
                found.add(other)
        return found

    def children(self, tckn: str) -> set[str]:
        found = self.of(tckn, "cocuk")
        for other, rels in self.uyeler.items():
            if any(rel in PARENT and who == tckn for rel, who, _ in rels):
                found.add(other)
        return found

    def births_of_children(self, tckn: str) -> list[date]:
        return sorted(born for rel, _, born in self.uyeler.get(tckn, ()) if rel == "cocuk" and born)


def yas(dogum: date, gun: date) -> int:
    """Completed years on ``gun`` (a birthday counts on the day)."""
    return gun.year - dogum.year - ((gun.month, gun.day) < (dogum.month, dogum.day))


# --- the checks --------------------------------------------------------------------------

@dataclass(frozen=True)
class Sonuc:
    """The result of one check: ``uygun`` (passes), ``engel`` (an impediment), ``eksik`` (a
    document is missing), ``uyari`` (staff should look); why, on which source."""

    kod: str
    sonuc: str
    baslik: str
    gerekce: str
    kaynak: str
    taraf_sira: int | None = None
    adimlar: tuple[str, ...] = ()
    #: False where the law leaves no room (under 16, a registered death): no override
    asilabilir: bool = True

    @property
    def gecti(self) -> bool:
        return self.sonuc in ("uygun", "uyari")


def _tr(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


def yas_kontrolu(k: Kisi, gun: date, belgeler: list[BelgeBilgisi], r: Kurallar) -> Sonuc:
    """TMK m.124, m.126: 18 freely; 17 with the legal representative's consent; 16 with a
    judge's permission; never under 16."""
    age = yas(k.dogum_tarihi, gun)
    steps = [f"Doğum tarihi {_tr(k.dogum_tarihi)} ({k.kaynak}), {_tr(gun)} günü yaşı {age}."]
    kaynak = f"TMK m.124, m.126; doğum tarihi: {k.kaynak}"
    title = f"{k.ad}: yaş"

    def doc(tur: str) -> BelgeBilgisi | None:
        return next((b for b in belgeler if b.tur == tur and b.taraf_sira == k.sira and b.gecerli(gun)), None)

    if age >= r.ergin_yas:
        steps.append(f"{r.ergin_yas} yaşını doldurmuş: kimsenin iznine gerek yok.")
        return Sonuc("yas", "uygun", title, f"{age} yaşında, ergin.", kaynak, k.sira, tuple(steps))
    if age < r.mahkeme_izni_yas:
        steps.append(f"{r.mahkeme_izni_yas} yaşından küçük biri hiçbir izinle evlenemez.")
        return Sonuc("yas", "engel", title, f"{age} yaşında: {r.mahkeme_izni_yas} yaşını doldurmamış biri evlenemez.",
                     kaynak, k.sira, tuple(steps), asilabilir=False)
    if age < r.veli_izni_yas:
        permit = doc("mahkeme_izni")
        if permit:
            steps.append(f"Mahkeme izni dosyada: {permit.no or 'numarasız'} ({_tr(permit.belge_tarihi)}).")
            return Sonuc("yas", "uygun", title, f"{age} yaşında; hâkimin izni var.", kaynak, k.sira, tuple(steps))
        steps.append("16 yaşında biri yalnız hâkimin izniyle evlenebilir (olağanüstü durum, pek önemli sebep).")
        return Sonuc("yas", "eksik", title, f"{age} yaşında: hâkimin evlenme izni kararı gerekli.", kaynak, k.sira,
                     tuple(steps))
    consent = doc("veli_izni")
    if consent:
        steps.append(f"Yasal temsilcinin noter onaylı izni dosyada ({_tr(consent.belge_tarihi)}).")
        return Sonuc("yas", "uygun", title, f"{age} yaşında; yasal temsilcinin izni var.", kaynak, k.sira, tuple(steps))
    steps.append("17 yaşında biri yasal temsilcisinin izniyle evlenebilir.")
    return Sonuc("yas", "eksik", title, f"{age} yaşında: yasal temsilcinin (veli) yazılı izni gerekli.", kaynak,
                 k.sira, tuple(steps))


def medeni_hal_kontrolu(k: Kisi, gun: date) -> Sonuc:
    """TMK m.130-131: a married person cannot marry; a previous marriage must be shown ended."""
    title, kaynak = f"{k.ad}: medeni hal", f"TMK m.130-131; medeni hal: {k.kaynak}"
    steps = [f"{k.kaynak} medeni hali: {MEDENI_HAL.get(k.medeni_hal, k.medeni_hal)}."]
    if k.medeni_hal == "evli":
        steps.append("Evli biri, evliliği sona erdiği kanıtlanmadan yeniden evlenemez.")
        return Sonuc("medeni_hal", "engel", title, "Kişi evli olarak kayıtlı: önceki evlilik sona ermemiş.", kaynak,
                     k.sira, tuple(steps))
    if k.medeni_hal in ("bosanmis", "dul"):
        if k.evlilik_bitis_tarihi is None:
            steps.append("Önceki evliliğin bitiş tarihi kayıtta yok.")
            return Sonuc("medeni_hal", "eksik", title, "Önceki evliliğin sona erdiğini gösteren belge gerekli.",
                         kaynak, k.sira, tuple(steps))
        steps.append(f"Önceki evlilik {_tr(k.evlilik_bitis_tarihi)} tarihinde sona ermiş ({k.kaynak}).")
        return Sonuc("medeni_hal", "uygun", title, "Önceki evlilik sona ermiş.", kaynak, k.sira, tuple(steps))
    return Sonuc("medeni_hal", "uygun", title, "Bekâr.", kaynak, k.sira, tuple(steps))


def iddet_kontrolu(k: Kisi, gun: date, belgeler: list[BelgeBilgisi], aile: Aile, r: Kurallar) -> Sonuc:
    """TMK m.132: a woman whose marriage ended waits 300 days; a birth ends the wait, a
    court (aile mahkemesi) may lift it.  Checked on the day given (the ceremony day too)."""
    title, kaynak = f"{k.ad}: bekleme süresi (iddet)", f"TMK m.132; bitiş tarihi ve doğumlar: {k.kaynak}"
    if k.cinsiyet != "K" or k.medeni_hal not in ("bosanmis", "dul") or k.evlilik_bitis_tarihi is None:
        return Sonuc("iddet", "uygun", title, "Bekleme süresi uygulanmaz.", kaynak, k.sira,
                     ("Kadın olup evliliği sona ermiş biri değil.",))
    end = k.evlilik_bitis_tarihi
    until = end + timedelta(days=r.iddet_gun)
    steps = [f"Evlilik {_tr(end)} tarihinde sona ermiş; {r.iddet_gun} gün {_tr(until)} günü doluyor."]
    if gun >= until:
        steps.append(f"{_tr(gun)} günü süre dolmuş.")
        return Sonuc("iddet", "uygun", title, "300 günlük bekleme süresi dolmuş.", kaynak, k.sira, tuple(steps))
    steps.append(f"{_tr(gun)} günü {(until - gun).days} gün daha var.")
    births = [b for b in aile.births_of_children(k.tckn or "") if b >= end]
    if births:
        steps.append(f"Evliliğin sona ermesinden sonra {_tr(births[0])} tarihinde doğum yapmış (KPS aile kaydı): "
                     "süre doğumla sona erer.")
        return Sonuc("iddet", "uygun", title, "Bekleme süresi doğumla sona ermiş.", kaynak, k.sira, tuple(steps))
    ruling = next((b for b in belgeler if b.tur == "iddet_karari" and b.taraf_sira == k.sira
                   and b.belge_tarihi >= end and b.belge_tarihi <= gun), None)
    if ruling:
        steps.append(f"Aile mahkemesinin süreyi kaldıran kararı dosyada: {ruling.no or 'numarasız'} "
                     f"({_tr(ruling.belge_tarihi)}).")
        return Sonuc("iddet", "uygun", title, "Bekleme süresini mahkeme kaldırmış.", kaynak, k.sira, tuple(steps))
    steps.append("Ne doğum ne de süreyi kaldıran bir mahkeme kararı var.")
    return Sonuc("iddet", "engel", title,
                 f"Evliliğin sona ermesinden bu yana {(gun - end).days} gün geçmiş; {r.iddet_gun} gün "
                 f"{_tr(until)} günü doluyor. Süreyi kaldıran mahkeme kararı ya da doğum kaydı yok.",
                 kaynak, k.sira, tuple(steps))


RELATION_NAMES = {
    "ustsoy": "üstsoy (anne, baba, büyükanne, büyükbaba …)", "altsoy": "altsoy (çocuk, torun …)",
    "kardes": "kardeş", "amca_dayi_hala_teyze": "amca, dayı, hala ya da teyze ile yeğeni",
    "kayin": "eşinin (ya da eski eşinin) üstsoyu veya altsoyu",
    "evlatlik": "evlat edinen ile evlatlık (ya da onların altsoyu veya eşi)",
}


def _ancestors(aile: Aile, start: str, depth: int = 4) -> dict[str, int]:
    found: dict[str, int] = {}
    frontier = {start}
    for level in range(1, depth + 1):
        nxt: set[str] = set()
        for person in frontier:
            for parent in aile.parents(person):
                if parent not in found:
                    found[parent] = level
                    nxt.add(parent)
        frontier = nxt
    return found


def akrabalik(aile: Aile, a: str, b: str) -> tuple[str | None, list[str]]:
    """The TMK m.129 relation between ``a`` and ``b`` in what KPS showed, or None; steps."""
    steps: list[str] = []
    up_a, up_b = _ancestors(aile, a), _ancestors(aile, b)
    if b in up_a:
        steps.append(f"İkinci taraf birincinin {up_a[b]}. derece üstsoyu.")
        return "ustsoy", steps
    if a in up_b:
        steps.append(f"İkinci taraf birincinin {up_b[a]}. derece altsoyu.")
        return "altsoy", steps
    parents_a, parents_b = aile.parents(a), aile.parents(b)
    if (parents_a & parents_b) or b in aile.of(a, "kardes") or a in aile.of(b, "kardes"):
        steps.append("Tarafların ortak bir anne ya da babası var (kardeş).")
        return "kardes", steps
    for pa in parents_a:
        if b in aile.of(pa, "kardes") or (aile.parents(pa) & parents_b):
            steps.append("İkinci taraf, birincinin anne ya da babasının kardeşi.")
            return "amca_dayi_hala_teyze", steps
    for pb in parents_b:
        if a in aile.of(pb, "kardes") or (aile.parents(pb) & parents_a):
            steps.append("Birinci taraf, ikincinin anne ya da babasının kardeşi.")
            return "amca_dayi_hala_teyze", steps
    grand_a = {g for p in parents_a for g in aile.parents(p)}
    grand_b = {g for p in parents_b for g in aile.parents(p)}
    if grand_a & grand_b:
        steps.append("Taraflar kuzen: TMK m.129 kuzenler arasında evlenmeyi yasaklamaz.")
    for x, y in ((a, b), (b, a)):
        for spouse in aile.of(x, *SPOUSE):
            if y in _ancestors(aile, spouse) or spouse in _ancestors(aile, y):
                steps.append("Bir taraf, diğerinin eşinin ya da eski eşinin üstsoyu veya altsoyu "
                             "(evlilik sona ermiş olsa bile).")
                return "kayin", steps
        adopters = aile.of(x, "evlat_edinen")
        adoptees = aile.of(x, "evlatlik")
        if y in adopters or y in adoptees:
            steps.append("Taraflar arasında evlat edinme bağı var.")
            return "evlatlik", steps
        for adopter in adopters:
            if y in aile.of(adopter, *SPOUSE) or adopter in _ancestors(aile, y):
                steps.append("Bir taraf, diğerini evlat edinenin altsoyu ya da eşi.")
                return "evlatlik", steps
    return None, steps


def akrabalik_kontrolu(a: Kisi, b: Kisi, aile: Aile) -> Sonuc:
    """TMK m.129: kinship that bars marriage, as far as KPS family data shows it."""
    kaynak = "TMK m.129; KPS aile kayıtları"
    if not a.tckn or not b.tckn:
        return Sonuc("akrabalik", "uyari", "Akrabalık", "Yabancı taraf KPS'de olmadığından akrabalık KPS'den "
                     "denetlenemedi; evlenme ehliyet belgesindeki engel yok beyanına dayanılır.",
                     "TMK m.129; EY m.12", None, ("Taraflardan biri T.C. vatandaşı değil.",))
    relation, steps = akrabalik(aile, a.tckn, b.tckn)
    seen = len(aile.uyeler)
    steps.insert(0, f"KPS'den {seen} kişinin aile kaydı okundu (taraflar, anne ve babaları, eşleri).")
    if relation is None:
        steps.append("Evlenmeye engel bir akrabalık görülmedi.")
        return Sonuc("akrabalik", "uygun", "Akrabalık", "KPS kayıtlarında evlenme engeli olan bir akrabalık yok.",
                     kaynak, None, tuple(steps))
    return Sonuc("akrabalik", "engel", "Akrabalık", f"Taraflar arasında evlenme engeli olan akrabalık var: "
                 f"{RELATION_NAMES[relation]}.", kaynak, None, tuple(steps), asilabilir=False)


def cinsiyet_kontrolu(a: Kisi, b: Kisi) -> Sonuc:
    """Sex as registered: the Civil Code registers a marriage of a woman and a man."""
    kaynak = f"TMK m.134 vd.; cinsiyet: {a.kaynak}"
    if a.cinsiyet == b.cinsiyet:
        return Sonuc("cinsiyet", "engel", "Cinsiyet kaydı", "Tarafların kayıtlı cinsiyeti aynı; Medeni Kanun'a göre "
                     "evlilik bir kadın ile bir erkek arasında yapılır.", kaynak, None,
                     (f"Kayıtlı cinsiyetler: {a.cinsiyet}, {b.cinsiyet}.",), asilabilir=False)
    return Sonuc("cinsiyet", "uygun", "Cinsiyet kaydı", "Bir kadın ve bir erkek.", kaynak, None,
                 (f"Kayıtlı cinsiyetler: {a.cinsiyet}, {b.cinsiyet}.",))


def sag_kontrolu(k: Kisi) -> Sonuc:
    if k.olu:
        return Sonuc("sag", "engel", f"{k.ad}: kayıt durumu", "Kişi KPS'de ölü olarak kayıtlı.", k.kaynak, k.sira,
                     ("Nüfus kaydı: ölü.",), asilabilir=False)
    return Sonuc("sag", "uygun", f"{k.ad}: kayıt durumu", "Sağ.", k.kaynak, k.sira, ("Nüfus kaydı: sağ.",))


def saglik_kontrolu(k: Kisi, gun: date, belgeler: list[BelgeBilgisi]) -> Sonuc:
    """TMK m.136, EY m.14-15: a health report showing no disease that prevents marriage."""
    title, kaynak = f"{k.ad}: sağlık raporu", "TMK m.136; EY m.14-15"
    report = next((b for b in belgeler if b.tur == "saglik_raporu" and b.taraf_sira == k.sira and b.gecerli(gun)), None)
    if report:
        return Sonuc("saglik", "uygun", title, "Geçerli sağlık raporu dosyada.", kaynak, k.sira,
                     (f"Rapor {_tr(report.belge_tarihi)} tarihli, {_tr(report.gecerlilik_bitis)} gününe dek geçerli.",))
    old = [b for b in belgeler if b.tur == "saglik_raporu" and b.taraf_sira == k.sira]
    reason = "Sağlık raporunun geçerliliği bitmiş." if old else "Sağlık raporu dosyada yok."
    return Sonuc("saglik", "eksik", title, reason, kaynak, k.sira, (reason,))


def fotograf_kontrolu(k: Kisi, gun: date, belgeler: list[BelgeBilgisi]) -> Sonuc:
    title, kaynak = f"{k.ad}: fotoğraf", "EY m.20 (belediye uygulaması: son 6 ayda çekilmiş)"
    photo = next((b for b in belgeler if b.tur == "fotograf" and b.taraf_sira == k.sira and b.gecerli(gun)), None)
    if photo:
        return Sonuc("fotograf", "uygun", title, "Fotoğraflar teslim edildi.", kaynak, k.sira)
    return Sonuc("fotograf", "eksik", title, "Son altı ayda çekilmiş fotoğraflar teslim edilmedi.", kaynak, k.sira)


#: what a foreigner's file needs (EY m.12-13, m.20) and what each legalisation track adds
YABANCI_BELGELERI = ("ehliyet_belgesi", "dogum_belgesi", "pasaport")
TASDIK_YOLLARI = {
    "ciec": "CIEC çok dilli belge: başka işlem gerekmez",
    "apostil": "Apostil şerhli asıl + noter onaylı Türkçe tercüme",
    "konsolosluk": "Veren ülkenin temsilciliği ve Türk makamlarının onayı + noter onaylı tercüme",
    "goc_idaresi": "İl Göç İdaresi Müdürlüğünün verdiği evlenme ehliyet belgesi (EY m.13)",
}


def _foreign_doc_problem(tur: str, doc: BelgeBilgisi, k: Kisi) -> str | None:
    """What a foreign document lacks for its legalisation track, or None."""
    name = BELGE_TURLERI.get(tur, tur)
    if tur == "ehliyet_belgesi" and k.koruma_statusu and doc.tasdik_yolu != "goc_idaresi":
        return "Göç İdaresinin verdiği ehliyet belgesi"
    if tur != "pasaport" and doc.tasdik_yolu not in TASDIK_YOLLARI:
        return f"{name}: tasdik yolu"
    if doc.tasdik_yolu in ("apostil", "konsolosluk") and not doc.tercume:
        return f"{name}: noter onaylı tercüme"
    return None


def yabanci_kontrolu(k: Kisi, gun: date, belgeler: list[BelgeBilgisi]) -> Sonuc:
    """EY m.12-13: the ehliyet belgesi, birth certificate and passport, legalised."""
    title, kaynak = f"{k.ad}: yabancı uyruklu belgeleri", "EY m.12-13, m.20"
    steps, missing = [], []
    needed = ("ehliyet_belgesi", "pasaport") if k.koruma_statusu else YABANCI_BELGELERI
    for tur in needed:
        docs = [b for b in belgeler if b.tur == tur and b.taraf_sira == k.sira and b.gecerli(gun)]
        if not docs:
            missing.append(BELGE_TURLERI.get(tur, tur))
            continue
        problems = [_foreign_doc_problem(tur, doc, k) for doc in docs]
        if all(problems):  # no copy on file satisfies its track
            missing.append(problems[-1])
            continue
        good = docs[problems.index(None)]
        steps.append(f"{BELGE_TURLERI.get(tur, tur)}: {TASDIK_YOLLARI.get(good.tasdik_yolu, 'pasaport')}.")
    if missing:
        steps.append("Eksik: " + ", ".join(missing) + ".")
        return Sonuc("yabanci", "eksik", title, "Eksik: " + ", ".join(missing) + ".", kaynak, k.sira, tuple(steps))
    return Sonuc("yabanci", "uygun", title, "Yabancı uyruklu tarafın belgeleri tamam.", kaynak, k.sira, tuple(steps))


def tanik_kontrolu(taniklar: list[Kisi], taraflar: list[Kisi], gun: date, r: Kurallar) -> Sonuc:
    """TMK m.141, EY m.28: two adult witnesses, neither of them a party."""
    kaynak = "TMK m.141; EY m.28; doğum tarihleri: KPS"
    steps, problems = [], []
    if len(taniklar) != 2:
        problems.append(f"İki tanık gerekli, {len(taniklar)} tanık var.")
    party_ids = {p.tckn for p in taraflar if p.tckn}
    for w in taniklar:
        age = yas(w.dogum_tarihi, gun)
        steps.append(f"Tanık {w.ad}: {age} yaşında.")
        if age < r.tanik_yas:
            problems.append(f"Tanık {w.ad} {r.tanik_yas} yaşından küçük ({age}).")
        if w.olu:
            problems.append(f"Tanık {w.ad} ölü olarak kayıtlı.")
        if w.tckn and w.tckn in party_ids:
            problems.append(f"{w.ad} taraflardan biri; tanık olamaz.")
    if len({w.tckn for w in taniklar if w.tckn}) < len(taniklar):
        problems.append("İki tanık aynı kişi.")
    if problems:
        return Sonuc("tanik", "engel", "Tanıklar", " ".join(problems), kaynak, None, tuple(steps + problems))
    return Sonuc("tanik", "uygun", "Tanıklar", "İki ergin tanık.", kaynak, None, tuple(steps))


def gecerlilik_kontrolu(gun: date, acilis: date, bitis: date) -> Sonuc:
    kaynak = "Belediye uygulaması: dosya 6 ay geçerli (RULES §8.3, [U] madde bulunamadı)"
    steps = (f"Dosya {_tr(acilis)} tarihinde açıldı, {_tr(bitis)} gününe dek geçerli.",)
    if gun > bitis:
        return Sonuc("gecerlilik", "engel", "Dosyanın geçerliliği", f"Dosyanın geçerliliği {_tr(bitis)} günü bitti; "
                     "yeni başvuru gerekli.", kaynak, None, steps)
    return Sonuc("gecerlilik", "uygun", "Dosyanın geçerliliği", f"{_tr(bitis)} gününe dek geçerli.", kaynak, None, steps)


def engel_kontrolleri(taraflar: list[Kisi], taniklar: list[Kisi], belgeler: list[BelgeBilgisi], aile: Aile,
                      gun: date, r: Kurallar, *, acilis: date, bitis: date) -> list[Sonuc]:
    """Every check of a file on ``gun``, in the order staff read them."""
    results: list[Sonuc] = [gecerlilik_kontrolu(gun, acilis, bitis)]
    for k in taraflar:
        results.append(sag_kontrolu(k))
        results.append(yas_kontrolu(k, gun, belgeler, r))
        results.append(medeni_hal_kontrolu(k, gun))
        results.append(iddet_kontrolu(k, gun, belgeler, aile, r))
        results.append(saglik_kontrolu(k, gun, belgeler))
        results.append(fotograf_kontrolu(k, gun, belgeler))
        if k.yabanci:
            results.append(yabanci_kontrolu(k, gun, belgeler))
    if len(taraflar) == 2:
        results.append(cinsiyet_kontrolu(*taraflar))
        results.append(akrabalik_kontrolu(*taraflar, aile))
    results.append(tanik_kontrolu(taniklar, taraflar, gun, r))
    return results


def acik_engeller(results: Iterable[Sonuc], asimlar: set[tuple[str, int | None]]) -> list[Sonuc]:
    """The failed checks not lifted by an approved override."""
    return [s for s in results if not s.gecti and (s.kod, s.taraf_sira) not in asimlar]


MEDENI_HAL = {"bekar": "bekâr", "evli": "evli", "bosanmis": "boşanmış", "dul": "dul"}
BELGE_TURLERI = {
    "saglik_raporu": "Sağlık raporu", "fotograf": "Fotoğraf (son 6 ay)", "veli_izni": "Yasal temsilcinin izni",
    "mahkeme_izni": "Hâkimin evlenme izni", "evlilik_sonu": "Önceki evliliğin sona erdiğini gösteren belge",
    "iddet_karari": "Bekleme süresini kaldıran mahkeme kararı", "ehliyet_belgesi": "Evlenme ehliyet belgesi",
    "dogum_belgesi": "Doğum belgesi", "pasaport": "Pasaport", "saglik_kurulu": "Sağlık kurulu raporu (TMK m.133)",
}


# --- days, slots and officiants ---------------------------------------------------------------

def gun_turu(gun: date, tatil_mi: Callable[[date], bool]) -> str:
    """"tatil" on a public holiday, "hafta_sonu" on Saturday and Sunday, else "hafta_ici"."""
    if tatil_mi(gun):
        return "tatil"
    return "hafta_sonu" if gun.weekday() >= 5 else "hafta_ici"


@dataclass(frozen=True)
class Sablon:
    salon_id: int
    hafta_gunu: int
    baslangic: time
    bitis: time
    aralik_dk: int
    sure_dk: int
    gecerli_baslangic: date
    gecerli_bitis: date | None


@dataclass(frozen=True)
class Slot:
    salon_id: int
    baslangic: datetime
    bitis: datetime


def gunun_slotlari(gun: date, sablonlar: Iterable[Sablon], tz) -> list[Slot]:
    """The slots of every hall on ``gun`` from the templates in force that day."""
    found: dict[tuple[int, datetime], Slot] = {}
    for s in sablonlar:
        if s.hafta_gunu != gun.weekday() or gun < s.gecerli_baslangic or (s.gecerli_bitis and gun > s.gecerli_bitis):
            continue
        start = datetime.combine(gun, s.baslangic, tz)
        close = datetime.combine(gun, s.bitis, tz)
        length, step = timedelta(minutes=s.sure_dk), timedelta(minutes=s.aralik_dk)
        while start + length <= close:
            found.setdefault((s.salon_id, start), Slot(s.salon_id, start, start + length))
            start += step
    return sorted(found.values(), key=lambda x: (x.baslangic, x.salon_id))


def ortusur(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    """Half-open ranges [a0, a1) and [b0, b1) share a moment."""
    return a0 < b1 and b0 < a1


def memur_uygun_mu(bas: datetime, bit: datetime, calisma: Iterable[tuple[int, time, time]],
                   izinler: Iterable[tuple[date, date]], dolu: Iterable[tuple[datetime, datetime]], tz) -> str | None:
    """Why an officiant cannot take [bas, bit) (their time, travel included), or None."""
    day = bas.astimezone(tz).date()
    if any(start <= day <= end for start, end in izinler):
        return "izinli"
    local0, local1 = bas.astimezone(tz), bit.astimezone(tz)
    if not any(wd == day.weekday() and datetime.combine(day, t0, tz) <= local0 and local1 <= datetime.combine(day, t1, tz)
               for wd, t0, t1 in calisma):
        return "calisma_saati_disinda"
    if any(ortusur(bas, bit, d0, d1) for d0, d1 in dolu):
        return "baska_nikahta"
    return None


def yol_dakikasi(mesafe_km: Decimal, dakika_km: Decimal) -> int:
    """Travel minutes one way from the distance (rounded up to 5 minutes, at least 10)."""
    minutes = int((mesafe_km * dakika_km).to_integral_value(rounding=ROUND_HALF_UP))
    return max(10, -(-minutes // 5) * 5)


# --- fees --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TarifeSatiri:
    id: int
    tur: str
    gun_turu: str
    km_alt: Decimal | None
    km_ust: Decimal | None
    tutar: Decimal
    gecerli_baslangic: date
    karar: str

    @property
    def kod(self) -> str:
        band = "" if self.km_alt is None and self.km_ust is None else f".{self.km_alt or 0}-{self.km_ust or ''}"
        return f"nikah.{self.tur}.{self.gun_turu}{band}"


@dataclass(frozen=True)
class Ucret:
    tutar: Decimal
    satir: TarifeSatiri | None
    adimlar: tuple[str, ...]
    muaf: bool = False


class TarifeBulunamadi(LookupError):
    """No tariff row covers the fee asked for."""


GUN_TURU_ADI = {"hafta_ici": "hafta içi", "hafta_sonu": "hafta sonu", "tatil": "resmî tatil", "her_gun": "her gün"}


def _in_band(row: TarifeSatiri, km: Decimal | None) -> bool:
    if row.km_alt is None and row.km_ust is None:
        return True
    if km is None:
        return False
    return (row.km_alt is None or km > row.km_alt) and (row.km_ust is None or km <= row.km_ust)


def _km(value: Decimal | None) -> str:
    return format((value or Decimal(0)).normalize(), "f")


def ucret_hesapla(tur: str, gun: date, tur_gunu: str, rows: Iterable[TarifeSatiri], *, mesafe_km: Decimal | None = None,
                  muafiyet: str | None = None) -> Ucret:
    """The fee of ``tur`` on ``gun`` from the council's tariff: the latest row in force of
    that day kind (else "her_gun") and distance band; a waiver makes the ceremony fee 0."""
    steps = [f"Gün türü: {GUN_TURU_ADI[tur_gunu]} ({_tr(gun)})."]
    in_force = [r for r in rows if r.tur == tur and r.gecerli_baslangic <= gun]
    for kind in (tur_gunu, "her_gun") if tur_gunu != "her_gun" else ("her_gun",):
        candidates = [r for r in in_force if r.gun_turu == kind and _in_band(r, mesafe_km)]
        if candidates:
            row = max(candidates, key=lambda r: (r.gecerli_baslangic, r.id))
            break
    else:
        raise TarifeBulunamadi(f"{tur} / {tur_gunu} / {mesafe_km}")
    if mesafe_km is not None:
        steps.append(f"Mesafe {_km(mesafe_km)} km: {_km(row.km_alt)}–{_km(row.km_ust) if row.km_ust else '∞'} km dilimi.")
    steps.append(f"Tarife satırı: {row.tutar} TL, {_tr(row.gecerli_baslangic)} tarihinden beri ({row.karar}).")
    if muafiyet and tur in ("salon", "dis"):
        steps.append(f"Muafiyet: {muafiyet}. Nikâh ücreti alınmaz (aile cüzdanı bedeli ayrıca ödenir).")
        return Ucret(Decimal("0.00"), row, tuple(steps), muaf=True)
    return Ucret(row.tutar, row, tuple(steps))


def tutma_bitisi(simdi: datetime, saat: int, toren: datetime) -> datetime:
    """When a hold lapses: after ``saat`` hours, and never after the ceremony itself."""
    return min(simdi + timedelta(hours=saat), toren)


def ay_ekle(gun: date, ay: int) -> date:
    """``gun`` plus ``ay`` months (the last day of a shorter month)."""
    month = gun.month - 1 + ay
    year, month = gun.year + month // 12, month % 12 + 1
    return date(year, month, min(gun.day, calendar.monthrange(year, month)[1]))
