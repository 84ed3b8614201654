"""What a taxpayer owes on a day: open accruals, with late fees as of that day.

The open balance of an accrual is its amount, less its reversal, less what payments
applied to it.  Late fees accrued earlier (``gz:<id>`` accruals) are shown with the debt
they belong to; the fee run up since the last accrued one is computed, not stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import text

from ebelediye.extensions import db
from ebelediye.generations import CommitCounters

from .. import hesap, parametre
from ..hesap import ZERO, AcikKalem

# One statement: each live accrual of the taxpayer with its open balance.  Two flags
# (the same on every row, computed once) say whether he has an active tecil plan and
# any late fee ever accrued: most taxpayers have neither, and then the two statements
# below that read them are not sent (the inquiry's cost is mostly its statements).
_OPEN_SQL = text("""
SELECT t.id, t.gelir_kodu, g.ad AS gelir_adi, g.ad_en AS gelir_adi_en, g.oncelik, g.gecikme_zammi,
       g.ekonomik_kod, t.kaynak, t.yil, t.taksit, t.vade, t.aciklama,
       t.tutar + COALESCE(r.tutar, 0) - COALESCE(p.tutar, 0) AS acik,
       EXISTS (SELECT 1 FROM tecil_planlari tp WHERE tp.mukellef_id = :mukellef AND tp.durum = 'aktif') AS tecilli,
       EXISTS (SELECT 1 FROM tahakkuklar f WHERE f.mukellef_id = :mukellef AND f.gelir_kodu = 'gecikme_zammi')
           AS gecikme_tahakkuku_var
FROM tahakkuklar t
JOIN gelir_turleri g ON g.kod = t.gelir_kodu
LEFT JOIN LATERAL (SELECT sum(x.tutar) AS tutar FROM tahakkuklar x WHERE x.iptal_edilen_id = t.id) r ON true
LEFT JOIN LATERAL (SELECT sum(d.tutar) AS tutar FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id) p ON true
WHERE t.mukellef_id = :mukellef AND t.iptal_edilen_id IS NULL
  AND t.tutar + COALESCE(r.tutar, 0) - COALESCE(p.tutar, 0) > 0
ORDER BY t.vade, g.oncelik, t.id
""")

# For principal debts, the day its late fee was last accrued up to.
_FEE_THROUGH_SQL = text("""
SELECT substr(t.kaynak, 4)::bigint AS ana, max(t.vade) AS son
FROM tahakkuklar t
LEFT JOIN tahakkuklar r ON r.iptal_edilen_id = t.id
WHERE t.mukellef_id = :mukellef AND t.gelir_kodu = 'gecikme_zammi' AND t.iptal_edilen_id IS NULL
  AND r.id IS NULL AND t.kaynak LIKE 'gz:%'
GROUP BY 1
""")

# The installments of the taxpayer's active tecil plans: the accruals they cover are not
# ordinary debts while the plan runs (no late fee, m.52; paid only by installment).
_TECIL_SQL = text("""
SELECT k.id, k.plan_id, k.sira, k.vade, k.anapara, k.gecikme, k.faiz, k.faiz_tahakkuk_id, k.paylar,
       k.tahsilat_id, p.taksit_sayisi, p.kampanya_id, f.gelir_kodu AS faiz_kodu,
       COALESCE(y.son_taksit_ek_ay, 0) AS gec_odeme_ay
FROM tecil_taksitleri k JOIN tecil_planlari p ON p.id = k.plan_id
JOIN tahakkuklar f ON f.id = k.faiz_tahakkuk_id
LEFT JOIN yapilandirma_kampanyalari y ON y.id = p.kampanya_id
WHERE p.mukellef_id = :mukellef AND p.durum = 'aktif'
ORDER BY k.plan_id, k.sira
""")


@dataclass
class Borc:
    """One debt line: an installment, its open principal and its late fees as of the day."""

    tahakkuk_id: int
    gelir_kodu: str
    gelir_adi: str
    gelir_adi_en: str
    ekonomik_kod: str
    oncelik: int
    kaynak: str
    yil: int
    taksit: int
    vade: date
    aciklama: str
    anapara: Decimal
    gecikme_acik: Decimal = ZERO
    gecikme_yeni: Decimal = ZERO
    gecikme_adimlari: list = field(default_factory=list)
    #: open late-fee accruals of this debt: [(tahakkuk id, open amount)], oldest first
    gecikme_kalemleri: list[tuple[int, Decimal]] = field(default_factory=list)
    #: a tecil installment (its line stands for the installment; ``tahakkuk_id`` is its
    #: interest accrual): the installment's id, its interest, and the parts it pays
    tecil_taksiti_id: int | None = None
    faiz: Decimal = ZERO
    paylar: list[dict] = field(default_factory=list)

    @property
    def gecikme(self) -> Decimal:
        return self.gecikme_acik + self.gecikme_yeni

    @property
    def toplam(self) -> Decimal:
        return self.anapara + self.gecikme + self.faiz

    @property
    def gecikmis(self) -> bool:
        return self.gecikme > 0

    def kalem(self) -> AcikKalem:
        if self.tecil_taksiti_id is not None:  # an installment is paid whole: see tahsilat.tahsil
            # its late-payment surcharge (a late restructuring installment) is accrued when collected
            return AcikKalem(self.tahakkuk_id, self.vade, self.oncelik, self.anapara + self.gecikme_acik + self.faiz,
                             ZERO, self.gecikme_yeni, butun=True)
        return AcikKalem(self.tahakkuk_id, self.vade, self.oncelik, self.anapara, self.gecikme_acik,
                         self.gecikme_yeni)

    def as_dict(self) -> dict:
        return {
            "tahakkuk_id": self.tahakkuk_id, "gelir_kodu": self.gelir_kodu, "gelir_adi": self.gelir_adi,
            "yil": self.yil, "taksit": self.taksit, "vade": self.vade.isoformat(), "aciklama": self.aciklama,
            "anapara": str(self.anapara), "gecikme_zammi": str(self.gecikme), "toplam": str(self.toplam),
        }


def acik_borclar(mukellef_id: int, gun: date, adimlar: bool = True) -> list[Borc]:
    """The taxpayer's open debts with late fees as of ``gun``, oldest first; the debts of an
    active tecil plan appear as its unpaid installments.  ``adimlar=False`` leaves
    ``gecikme_adimlari`` empty (how each fee was computed), for callers that show none."""
    rows = db.session.execute(_OPEN_SQL, {"mukellef": mukellef_id}).mappings().all()
    if not rows:
        return []
    installments: list[Borc] = []
    if rows[0]["tecilli"]:
        installments, under_plan = _tecil_taksitleri(mukellef_id, gun)
        rows = [r for r in rows if r["id"] not in under_plan]
    fee_through: dict[int, date] = {}
    if rows and rows[0]["gecikme_tahakkuku_var"]:
        fee_through = {r.ana: r.son for r in db.session.execute(_FEE_THROUGH_SQL, {"mukellef": mukellef_id})}
    debts: dict[int, Borc] = {}
    fee_rows = []
    # The rates over the oldest debt's period and the minimum are read once, not per debt:
    # hesap.gecikme_zammi uses only the part of the rate pieces each debt's period covers.
    starts = [max(r["vade"], fee_through.get(r["id"], r["vade"])) for r in rows
              if r["gecikme_zammi"] and not (r["gelir_kodu"] == "gecikme_zammi" and r["kaynak"].startswith("gz:"))]
    overdue = [s for s in starts if gun > s]
    rates, minimum = parametre.gecikme_parametreleri(min(overdue), gun) if overdue else ([], ZERO)
    for row in rows:
        if row["gelir_kodu"] == "gecikme_zammi" and row["kaynak"].startswith("gz:"):
            fee_rows.append(row)
            continue
        debts[row["id"]] = Borc(
            tahakkuk_id=row["id"], gelir_kodu=row["gelir_kodu"], gelir_adi=row["gelir_adi"],
            gelir_adi_en=row["gelir_adi_en"], ekonomik_kod=row["ekonomik_kod"], oncelik=row["oncelik"],
            kaynak=row["kaynak"], yil=row["yil"], taksit=row["taksit"], vade=row["vade"],
            aciklama=row["aciklama"], anapara=row["acik"])
        if row["gecikme_zammi"]:
            start = max(row["vade"], fee_through.get(row["id"], row["vade"]))
            if gun > start:
                computed = hesap.gecikme_zammi(row["acik"], start, gun, rates, minimum, adimlar=adimlar)
                debts[row["id"]].gecikme_yeni = computed.tutar
                debts[row["id"]].gecikme_adimlari = [a.as_dict() for a in computed.adimlar]
    for row in fee_rows:
        parent_id = int(row["kaynak"][3:])
        parent = debts.get(parent_id)
        if parent is None:
            parent = _paid_parent(parent_id, row)
            debts[parent_id] = parent
        parent.gecikme_acik += row["acik"]
        parent.gecikme_kalemleri.append((row["id"], row["acik"]))
    return sorted([*debts.values(), *installments], key=lambda b: (b.vade, b.oncelik, b.tahakkuk_id))


def _tecil_taksitleri(mukellef_id: int, gun: date) -> tuple[list[Borc], set[int]]:
    """The unpaid installments of the taxpayer's active plans as debt lines, and every
    accrual those plans cover (principal, late fee, interest).  A restructuring installment
    paid late under a campaign that allows it (``son_taksit_ek_ay``) bears the late-payment
    surcharge as of ``gun`` (``hesap.gec_odeme_zammi``), accrued when collected."""
    rows = db.session.execute(_TECIL_SQL, {"mukellef": mukellef_id}).mappings().all()
    lines: list[Borc] = []
    covered: set[int] = set()
    for r in rows:
        covered.add(r["faiz_tahakkuk_id"])
        covered.update(int(p["tahakkuk_id"]) for p in r["paylar"])
        if r["tahsilat_id"] is not None:
            continue
        restructured = r["kampanya_id"] is not None  # a restructuring (yapilandirma) runs on the same rows
        lines.append(Borc(
            tahakkuk_id=r["faiz_tahakkuk_id"], gelir_kodu=r["faiz_kodu"],
            gelir_adi=f"{'Yapılandırma' if restructured else 'Tecil'} taksiti {r['sira']}/{r['taksit_sayisi']}",
            gelir_adi_en=f"{'Restructuring' if restructured else 'Deferral'} installment "
                         f"{r['sira']}/{r['taksit_sayisi']}", ekonomik_kod="", oncelik=0,
            kaynak=f"{'yapilandirma' if restructured else 'tecil'}:{r['plan_id']}", yil=r["vade"].year,
            taksit=r["sira"], vade=r["vade"],
            aciklama=(f"Yapılandırma {r['plan_id']}: anapara {hesap.tl(r['anapara'])}, yapılandırma tutarı "
                      f"{hesap.tl(r['faiz'])}") if restructured else
                     (f"Tecil planı {r['plan_id']}: anapara {hesap.tl(r['anapara'])}, gecikme zammı "
                      f"{hesap.tl(r['gecikme'])}, tecil faizi {hesap.tl(r['faiz'])}"),
            anapara=r["anapara"], gecikme_acik=r["gecikme"], tecil_taksiti_id=r["id"], faiz=r["faiz"],
            paylar=[*r["paylar"], {"tahakkuk_id": r["faiz_tahakkuk_id"], "gelir_kodu": r["faiz_kodu"],
                                   "tutar": str(r["faiz"])}]))
        if restructured and r["gec_odeme_ay"] > 0 and gun > r["vade"]:
            line = lines[-1]
            line.gecikme_yeni, steps = hesap.gec_odeme_zammi(line.anapara + line.gecikme_acik + line.faiz, r["vade"],
                                                             gun, parametre.gecikme_oranlari(r["vade"], gun))
            line.gecikme_adimlari = [a.as_dict() for a in steps]
    return lines, covered


def _paid_parent(parent_id: int, fee_row) -> Borc:
    """A debt whose principal is paid but whose accrued late fee is still open."""
    parent = db.session.execute(text(
        "SELECT t.id, t.gelir_kodu, g.ad, g.ad_en, g.ekonomik_kod, g.oncelik, t.kaynak, t.yil, t.taksit, "
        "t.vade, t.aciklama FROM tahakkuklar t JOIN gelir_turleri g ON g.kod = t.gelir_kodu WHERE t.id = :id"),
        {"id": parent_id}).one()
    return Borc(tahakkuk_id=parent.id, gelir_kodu=parent.gelir_kodu, gelir_adi=parent.ad,
                gelir_adi_en=parent.ad_en, ekonomik_kod=parent.ekonomik_kod, oncelik=parent.oncelik,
                kaynak=parent.kaynak, yil=parent.yil, taksit=parent.taksit, vade=parent.vade,
                aciklama=parent.aciklama, anapara=ZERO)


def gecikme(anapara: Decimal, baslangic: date, gun: date) -> hesap.GecikmeHesabi:
    """The late fee on ``anapara`` overdue since ``baslangic``, with the rates in force."""
    return hesap.gecikme_zammi(anapara, baslangic, gun, parametre.gecikme_oranlari(baslangic, gun),
                               parametre.deger("gecikme_zammi.asgari", gun))


def toplam(borclar: list[Borc]) -> dict[str, Decimal]:
    return {
        "anapara": sum((b.anapara for b in borclar), ZERO),
        "gecikme": sum((b.gecikme for b in borclar), ZERO),
        "toplam": sum((b.toplam for b in borclar), ZERO),
    }


def alacak_bakiyesi(mukellef_id: int) -> Decimal:
    """The taxpayer's credit: money received and not applied to any debt, less refunds.
    A mahsup receipt (``services.mahsup``) brings no money: only its applications count."""
    return db.session.execute(text("""
        SELECT COALESCE((SELECT sum(tutar) FROM tahsilatlar WHERE mukellef_id = :m AND kanal <> 'mahsup'), 0)
             - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d
                         JOIN tahsilatlar s ON s.id = d.tahsilat_id WHERE s.mukellef_id = :m), 0)
             - COALESCE((SELECT sum(tutar) FROM iadeler WHERE mukellef_id = :m AND durum <> 'reddedildi'), 0)
    """), {"m": mukellef_id}).scalar_one()


# --- the inquiry, cached ------------------------------------------------------------
#
# A taxpayer's inquiry (open debts with today's late fees) is read far more often than his
# debts change, and computing it costs a dozen statements and twenty fee computations.
# The answer is kept in Redis under a key that carries the day and two counters: one per
# taxpayer, one for the whole municipality (batch work).  Every service that changes debts
# or credit marks the taxpayer (``degisti``) or everyone (``hepsi_degisti``); the counters
# move only after the change commits, so a reader can never cache the old state under the
# new counter.  Payments never trust this cache: they recompute from the database.

_TTL_SECONDS = 3600
_EVERYONE = "*"


def _keys(slug: str, mukellef_id: int) -> tuple[str, str]:
    from ebelediye.jobs import tenant_key

    return tenant_key(slug, "gelir", "borc", "nesil"), tenant_key(slug, "gelir", "borc", "surum", mukellef_id)


#: marks are taxpayer ids, or ``_EVERYONE`` for the municipality-wide counter; the module's
#: spec listens with ``counters.after_commit`` and ``counters.after_transaction_end``
counters = CommitCounters("gelir_borc_degisen",
                          lambda slug, mark: _keys(slug, 0)[0] if mark == _EVERYONE else _keys(slug, mark)[1])


def degisti(*mukellef_ids: int) -> None:
    """Mark taxpayers whose debts or credit this transaction changes."""
    counters.mark(db.session, *mukellef_ids)


def hepsi_degisti() -> None:
    """Mark every taxpayer (a batch accrual, an import)."""
    counters.mark(db.session, _EVERYONE)


def sorgu(mukellef_id: int, gun: date, adimlar: bool = False) -> bytes | None:
    """The inquiry as JSON bytes (``BorcListesiSchema``'s shape), from the cache when fresh;
    None when there is no such taxpayer.  ``adimlar`` adds how each late fee was computed."""
    import json

    from redis.exceptions import RedisError

    from ebelediye.jobs import redis_connection, tenant_key
    from ebelediye.tenancy import require_tenant

    slug = require_tenant().slug
    generation_key, version_key = _keys(slug, mukellef_id)
    key = tenant_key(slug, "gelir", "borc", mukellef_id, gun.isoformat(), "adim" if adimlar else "ozet")
    redis, stamp = None, b""
    changed = counters.pending(db.session)
    # a transaction that changed these debts and has not committed reads past the cache (it
    # holds the state before the change) and keeps nothing (others must not see the change yet)
    if mukellef_id not in changed and _EVERYONE not in changed:
        try:
            # one round trip: both counters and the answer, which starts with the counters it was made under
            redis = redis_connection()
            generation, version, cached = cast("list[bytes | None]", redis.mget(generation_key, version_key, key))
            stamp = b"%s.%s\n" % (generation or b"0", version or b"0")
            if cached is not None and cached.startswith(stamp):
                return cached[len(stamp):]
        except RedisError:
            redis = None
    debts = acik_borclar(mukellef_id, gun, adimlar)
    # debts imply the taxpayer exists, and so does a cached answer: taxpayers are never deleted
    if not debts and db.session.execute(text("SELECT 1 FROM mukellefler WHERE id = :m"),
                                        {"m": mukellef_id}).first() is None:
        return None
    body = json.dumps({
        "mukellef_id": mukellef_id, "gun": gun.isoformat(),
        "borclar": [{"tahakkuk_id": d.tahakkuk_id, "gelir_kodu": d.gelir_kodu, "gelir_adi": d.gelir_adi,
                     "yil": d.yil, "taksit": d.taksit, "vade": d.vade.isoformat(), "aciklama": d.aciklama,
                     "anapara": f"{d.anapara:.2f}", "gecikme_zammi": f"{d.gecikme:.2f}",
                     "toplam": f"{d.toplam:.2f}", **({"gecikme_adimlari": d.gecikme_adimlari} if adimlar else {})}
                    for d in debts],
        "toplam": f"{toplam(debts)['toplam']:.2f}", "alacak": f"{alacak_bakiyesi(mukellef_id):.2f}",
    }, ensure_ascii=False).encode()
    if redis is not None:
        try:
            redis.set(key, stamp + body, ex=_TTL_SECONDS)
        except RedisError:
            pass
    return body


