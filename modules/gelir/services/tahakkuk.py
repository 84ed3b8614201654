"""Accrual (tahakkuk): the yearly batch for the whole municipality, single accruals by
staff, fees other modules charge, and cancellation by reversing entries.

The batch is set-based SQL over chunks of properties (ordered by id).  Each chunk is one
transaction that values the properties for the year, inserts both installments of every
liable owner's share with ``ON CONFLICT DO NOTHING`` on the accrual key, moves the run's
cursor and sends one ``revenue_accrued`` event with the chunk's totals.  A run killed at
any point resumes from its cursor; a rerun of a finished year inserts nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import TextClause, func, select, text
from sqlalchemy.exc import IntegrityError

from ebelediye import audit, clock, events, parameters, uow
from ebelediye.extensions import db

from .. import hesap, parametre
from ..models import (
    CtvKaydi,
    Degerleme,
    Emlak,
    EmlakHissesi,
    GelirTuru,
    IlanReklam,
    Muafiyet,
    Mukellef,
    Tahakkuk,
    Tarife,
    TopluTahakkuk,
)
from . import GelirError, borc

CHUNK = 25_000  # properties per transaction: big enough for set-based speed, small enough to resume cheaply
GRUPLAR = ("emlak", "ctv")


# --- the figures of a year ----------------------------------------------------------

@dataclass(frozen=True)
class EmlakYili:
    """The national figures one year's property tax uses, read once per run."""

    yil: int
    takdir_yili: int | None
    ydo_onceki: Decimal | None
    ydo_katsayisi: Decimal | None  # the share of it applied to this year's values (1319 m.29)
    tavan: Decimal | None
    birim_tavan: Decimal | None  # new liabilities' unit values, × last year's (2026)
    oranlar: dict[str, Decimal]
    carpan: Decimal
    arazi_istisnasi: Decimal
    vadeler: tuple[date, date]

    @classmethod
    def oku(cls, yil: int) -> EmlakYili:
        first = date(yil, 1, 1)
        try:
            takdir = int(parameters.value_on("emlak.takdir_yili", first))
        except parameters.ParameterMissing:
            takdir = None  # outside a known valuation period: last year's value indexed (new ones from unit values)
        return cls(
            yil=yil, takdir_yili=takdir,
            ydo_onceki=parameters.maybe_value_on("emlak.ydo", date(yil - 1, 1, 1)),
            ydo_katsayisi=parameters.maybe_value_on("emlak.ydo_katsayisi", first),
            tavan=parameters.maybe_value_on("emlak.tavan_katsayisi", first),
            birim_tavan=parameters.maybe_value_on("emlak.birim_tavan_katsayisi", first),
            oranlar={kind: parameters.value_on(f"emlak.oran.{kind}", first)
                     for kind in ("mesken", "isyeri", "arsa", "arazi")},
            carpan=parameters.value_on("emlak.buyuksehir_carpani", first),
            arazi_istisnasi=parameters.value_on("emlak.arazi_istisnasi", first),
            vadeler=(parametre.vade("emlak", 1, yil), parametre.vade("emlak", 2, yil)),
        )

    @property
    def endeks(self) -> Decimal | None:
        """Last year's value × this = this year's between takdir years (``hesap.endeks_carpani``)."""
        if self.ydo_onceki is None or self.ydo_katsayisi is None:
            return None
        return hesap.endeks_carpani(self.ydo_onceki, self.ydo_katsayisi)

    def sql_params(self) -> dict:
        return {
            "yil": self.yil, "onceki_yil": self.yil - 1, "ilk_gun": date(self.yil, 1, 1),
            "takdir_mi": self.yil == self.takdir_yili, "endeks": self.endeks, "tavan": self.tavan,
            "o_mesken": self.oranlar["mesken"], "o_isyeri": self.oranlar["isyeri"],
            "o_arsa": self.oranlar["arsa"], "o_arazi": self.oranlar["arazi"], "carpan": self.carpan,
            "istisna": self.arazi_istisnasi, "vade1": self.vadeler[0], "vade2": self.vadeler[1],
        }


# --- unit values -------------------------------------------------------------------

@dataclass(frozen=True)
class BirimDeger:
    """A value zone's m² unit value for a year: ``tutar`` for a property that had last
    year's value (in a takdir year its value is capped instead), ``yeni`` for a new
    liability (the unit-value cap applies), each with its steps."""

    tutar: Decimal
    yeni: Decimal
    adimlar: tuple[hesap.Adim, ...]
    adimlar_yeni: tuple[hesap.Adim, ...]


def birim_degeri(tur: str, kod: str, yil: int, figures: EmlakYili) -> BirimDeger:
    """The unit value of zone ``kod`` (``arsa_birim`` | ``arazi_birim``) used in ``yil``.

    The tariff row in force on 1 January, indexed for every year after the one it was set
    for (its start year, or the takdir year if later) by 1319 m.29, like the values; in a
    year with a unit-value cap (2026), a new liability's unit value is at most the cap ×
    the zone's unit value of the year before (Seri 89 tebliğ).
    """
    first = date(yil, 1, 1)
    row = parametre.tarife(tur, kod, first)
    base_year = row.gecerlilik_baslangic.year
    if figures.takdir_yili is not None and figures.takdir_yili <= yil:
        base_year = max(base_year, figures.takdir_yili)
    indexes = [(y, parameters.value_on("emlak.ydo", date(y - 1, 1, 1)),
                parameters.value_on("emlak.ydo_katsayisi", date(y, 1, 1))) for y in range(base_year + 1, yil + 1)]
    value, steps = hesap.birim_deger(row.tutar, endeksler=indexes)
    new_value, new_steps = value, steps
    if figures.birim_tavan is not None:
        try:
            previous = parametre.tarife(tur, kod, date(yil - 1, 1, 1)).tutar
        except parametre.TarifeYok:
            previous = None  # a zone new this year: nothing to cap by
        new_value, new_steps = hesap.birim_deger(row.tutar, endeksler=indexes, onceki=previous,
                                                 tavan=figures.birim_tavan)
    return BirimDeger(value, new_value, tuple(steps), tuple(new_steps))


def _birim_params(figures: EmlakYili) -> dict:
    """Every zone's unit values for the year, as arrays the batch statement unnests."""
    zones = db.session.execute(select(Tarife.tur, Tarife.kod).where(
        Tarife.tur.in_(("arsa_birim", "arazi_birim")), Tarife.gecerlilik_baslangic <= date(figures.yil, 1, 1),
        (Tarife.gecerlilik_bitis.is_(None)) | (Tarife.gecerlilik_bitis >= date(figures.yil, 1, 1)))
        .distinct().order_by(Tarife.tur, Tarife.kod)).all()
    values = [(tur, kod, birim_degeri(tur, kod, figures.yil, figures)) for tur, kod in zones]
    return {"b_tur": [v[0] for v in values], "b_kod": [v[1] for v in values],
            "b_tutar": [v[2].tutar for v in values], "b_yeni": [v[2].yeni for v in values]}


# --- valuation ---------------------------------------------------------------------

_ON_CONFLICT = ("ON CONFLICT (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum) WHERE iptal_edilen_id IS NULL "
                "DO NOTHING")


def _installments(gelir_kodu: str, kaynak: str, conflict: str) -> str:
    """The end of every batch statement: both installments of each ``yillik`` row (its
    ``vergi`` split in two, the odd kuruş to the first) and the totals per revenue code.
    ``gelir_kodu`` and ``kaynak`` are SQL expressions over ``y``; ``conflict`` is "" for
    the plain insert or ``_ON_CONFLICT`` to skip keys already accrued (``_Toplu``)."""
    return f"""
, ins AS (
    INSERT INTO tahakkuklar (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum, vade, tutar, aciklama,
                             calisma_id, olusturan, created_at)
    SELECT y.mukellef_id, {gelir_kodu}, {kaynak}, :yil, k.taksit, 1,
           CASE k.taksit WHEN 1 THEN CAST(:vade1 AS date) ELSE CAST(:vade2 AS date) END,
           CASE k.taksit WHEN 1 THEN y.vergi - trunc(y.vergi / 2, 2) ELSE trunc(y.vergi / 2, 2) END,
           '', :calisma, :olusturan, now()
    FROM yillik y CROSS JOIN (VALUES (1), (2)) AS k(taksit)
    WHERE y.vergi > 0
    {conflict}
    RETURNING gelir_kodu, tutar
)
SELECT gelir_kodu, count(*) AS adet, COALESCE(sum(tutar), 0) AS tutar FROM ins GROUP BY gelir_kodu
"""


@dataclass(frozen=True)
class _Toplu:
    """One batch statement in two forms with the same result.  ``duz`` inserts without an
    ``ON CONFLICT`` arbiter (whose per-row probe and speculative insertion cost about a
    fifth of the chunk) and is what a fresh chunk runs; when it meets a key already there
    (a property accrued by hand before the batch, a rerun of a finished year, a resumed
    land step) the chunk's savepoint rolls it back and ``atlayan`` runs instead, which
    skips the keys already accrued."""

    duz: TextClause
    atlayan: TextClause


def _toplu(build: Callable[[str, str], str]) -> _Toplu:
    """``build(valuation_conflict, installment_conflict)`` → the statement text."""
    return _Toplu(text(build("", "")), text(build("ON CONFLICT (emlak_id, yil) DO NOTHING", _ON_CONFLICT)))


# One chunk, one statement: value the year for every property in [lo, hi] from each zone's
# unit values the run computed once in Python (``birim``: indexed by m.29, a new
# liability's capped; ``birim_degeri``) (mirrors ``hesap.takdir_degeri`` /
# ``hesap.yillik_deger``; a test keeps the two in step), store the values of those with
# none stored yet (``val``), then both installments of every liable share (land excluded:
# its exemption is per taxpayer over all his land, so land goes in one statement at the
# end).  A stored value of the year (a property accrued by hand) wins over the computed
# one.  Every table is read by the chunk's id range (``emlak_id BETWEEN :lo AND :hi``,
# also where a join implies it): without it each chunk hashed the whole register and last
# year's values, a cost that grew with the register (a million properties: 40 chunks ×
# 1,000,000 rows).  ``v`` carries the property's columns the tax needs, so the installments
# do not join the register again.
def _values_cte(kinds: str) -> str:
    """``birim`` and ``v``: the values of the properties in [lo, hi] whose ``e.tur`` meets
    ``kinds`` (an SQL condition), with the stored value of the year, if any (``kayitli``)."""
    return """
WITH birim AS MATERIALIZED (
    SELECT * FROM unnest(CAST(:b_tur AS text[]), CAST(:b_kod AS text[]), CAST(:b_tutar AS numeric[]),
                         CAST(:b_yeni AS numeric[])) AS u(tur, kod, tutar, yeni)
), v AS MATERIALIZED (
    SELECT e.id AS emlak_id, e.tur, e.kullanim, e.buyuksehir_mucavir, s.vergi_degeri AS kayitli,
           CAST(CASE WHEN p.vergi_degeri IS NOT NULL AND NOT :takdir_mi
                       THEN round(p.vergi_degeri * CAST(:endeks AS numeric), 2)
                     WHEN p.vergi_degeri IS NOT NULL AND CAST(:tavan AS numeric) IS NOT NULL
                          AND t.deger > p.vergi_degeri * CAST(:tavan AS numeric)
                       THEN round(p.vergi_degeri * CAST(:tavan AS numeric), 2)
                     ELSE t.deger END AS numeric(18, 2)) AS vergi_degeri,
           CASE WHEN p.vergi_degeri IS NOT NULL AND NOT :takdir_mi THEN 'endeks'
                WHEN p.vergi_degeri IS NOT NULL AND CAST(:tavan AS numeric) IS NOT NULL
                     AND t.deger > p.vergi_degeri * CAST(:tavan AS numeric) THEN 'tavan'
                ELSE 'takdir' END AS yontem,
           (p.vergi_degeri IS NOT NULL AND NOT :takdir_mi AND CAST(:endeks AS numeric) IS NOT NULL)
             OR t.deger IS NOT NULL AS degerli
    FROM emlaklar e
    LEFT JOIN degerlemeler s ON s.emlak_id = e.id AND s.yil = :yil AND s.emlak_id BETWEEN :lo AND :hi
    LEFT JOIN degerlemeler p ON p.emlak_id = e.id AND p.yil = :onceki_yil AND p.emlak_id BETWEEN :lo AND :hi
    LEFT JOIN birim u ON u.tur = CASE WHEN e.tur = 'arazi' THEN 'arazi_birim' ELSE 'arsa_birim' END
                     AND u.kod = e.deger_bolgesi
    LEFT JOIN public.national_parameters m
           ON e.tur = 'bina' AND m.key = 'emlak.insaat_maliyeti.' || e.insaat_sinifi
          AND m.valid_from <= :ilk_gun AND (m.valid_to IS NULL OR m.valid_to >= :ilk_gun)
    CROSS JOIN LATERAL (
        SELECT CASE WHEN e.tur = 'bina'
                    THEN round(e.arsa_payi_alani * b.tutar, 2) + round(e.bina_alani * m.value, 2)
                    ELSE round(e.arsa_alani * b.tutar, 2) END AS deger
        FROM (SELECT CASE WHEN p.vergi_degeri IS NULL THEN u.yeni ELSE u.tutar END AS tutar) b
    ) t
    WHERE e.id BETWEEN :lo AND :hi AND {kinds}
      AND (e.terkin_yili IS NULL OR e.terkin_yili > :yil)
)""".replace("{kinds}", kinds)


def _accrue_sql(val_conflict: str, ins_conflict: str) -> str:
    return _values_cte("true") + """, val AS (
    INSERT INTO degerlemeler (emlak_id, yil, vergi_degeri, yontem, created_at)
    SELECT emlak_id, :yil, vergi_degeri, yontem, now() FROM v WHERE kayitli IS NULL AND degerli
    """ + val_conflict + """
), pay AS MATERIALIZED (
    SELECT h.mukellef_id, v.emlak_id, v.tur,
           COALESCE(v.kayitli, v.vergi_degeri) * h.pay / h.payda AS matrah,
           CASE WHEN v.tur = 'arsa' THEN :o_arsa
                WHEN v.kullanim = 'mesken' THEN :o_mesken ELSE :o_isyeri END
             * CASE WHEN v.buyuksehir_mucavir THEN :carpan ELSE 1 END AS oran,
           mu.emlak_id IS NOT NULL AS sifir
    FROM v
    JOIN emlak_hisseleri h ON h.emlak_id = v.emlak_id AND h.emlak_id BETWEEN :lo AND :hi
                          AND h.baslangic_yili <= :yil AND (h.bitis_yili IS NULL OR h.bitis_yili >= :yil)
    LEFT JOIN (SELECT DISTINCT mukellef_id, emlak_id FROM muafiyetler
               WHERE tur = 'tek_konut' AND baslangic_yili <= :yil AND (bitis_yili IS NULL OR bitis_yili >= :yil)
              ) mu ON mu.mukellef_id = h.mukellef_id AND mu.emlak_id = v.emlak_id
    WHERE v.tur <> 'arazi' AND (v.kayitli IS NOT NULL OR v.degerli)
), sahip AS (
    SELECT h.mukellef_id
    FROM v
    JOIN emlak_hisseleri h ON h.emlak_id = v.emlak_id AND h.emlak_id BETWEEN :lo AND :hi
                          AND h.baslangic_yili <= :yil AND (h.bitis_yili IS NULL OR h.bitis_yili >= :yil)
    WHERE v.tur = 'arazi'
    GROUP BY h.mukellef_id
    HAVING NOT EXISTS (
        SELECT 1 FROM emlak_hisseleri h2
        JOIN emlaklar e2 ON e2.id = h2.emlak_id AND e2.tur = 'arazi'
                        AND (e2.terkin_yili IS NULL OR e2.terkin_yili > :yil)
        WHERE h2.mukellef_id = h.mukellef_id AND h2.emlak_id > :hi
          AND h2.baslangic_yili <= :yil AND (h2.bitis_yili IS NULL OR h2.bitis_yili >= :yil))
), arazi_pay AS (
    SELECT h.mukellef_id, e.id AS emlak_id,
           COALESCE(v.kayitli, CASE WHEN v.degerli THEN v.vergi_degeri END, d.vergi_degeri) * h.pay / h.payda
             AS matrah,
           :o_arazi * CASE WHEN e.buyuksehir_mucavir THEN :carpan ELSE 1 END AS oran
    FROM sahip s
    JOIN emlak_hisseleri h ON h.mukellef_id = s.mukellef_id
                          AND h.baslangic_yili <= :yil AND (h.bitis_yili IS NULL OR h.bitis_yili >= :yil)
    JOIN emlaklar e ON e.id = h.emlak_id AND e.tur = 'arazi' AND (e.terkin_yili IS NULL OR e.terkin_yili > :yil)
    LEFT JOIN v ON v.emlak_id = e.id
    LEFT JOIN degerlemeler d ON d.emlak_id = e.id AND d.yil = :yil AND d.emlak_id < :lo
    WHERE v.kayitli IS NOT NULL OR v.degerli OR d.vergi_degeri IS NOT NULL
), arazi_istisnali AS (
    SELECT mukellef_id, emlak_id, oran,
           matrah - matrah * LEAST(sum(matrah) OVER w, :istisna) / NULLIF(sum(matrah) OVER w, 0) AS matrah
    FROM arazi_pay WINDOW w AS (PARTITION BY mukellef_id)
), yillik AS MATERIALIZED (
    SELECT mukellef_id, emlak_id, tur,
           CASE WHEN sifir THEN 0 ELSE round(matrah * oran / 1000, 2) END AS vergi
    FROM pay
    UNION ALL
    SELECT mukellef_id, emlak_id, 'arazi', round(GREATEST(matrah, 0) * oran / 1000, 2) FROM arazi_istisnali
)""" + _installments("'emlak_' || y.tur", "'emlak:' || y.emlak_id", ins_conflict)


_ACCRUE_SQL = _toplu(_accrue_sql)


# Land: each taxpayer's first ``istisna`` TL of land value is exempt, spread over his land
# shares in proportion to their values (``hesap.arazi_istisnalari``).
_ACCRUE_LAND_SQL = _toplu(lambda _, conflict: """
WITH pay AS (
    SELECT h.mukellef_id, e.id AS emlak_id, d.vergi_degeri * h.pay / h.payda AS matrah,
           :o_arazi * CASE WHEN e.buyuksehir_mucavir THEN :carpan ELSE 1 END AS oran
    FROM emlaklar e
    JOIN degerlemeler d ON d.emlak_id = e.id AND d.yil = :yil
    JOIN emlak_hisseleri h ON h.emlak_id = e.id AND h.baslangic_yili <= :yil
                          AND (h.bitis_yili IS NULL OR h.bitis_yili >= :yil)
    WHERE e.tur = 'arazi' AND (e.terkin_yili IS NULL OR e.terkin_yili > :yil)
), istisnali AS (
    SELECT mukellef_id, emlak_id, oran,
           matrah - matrah * LEAST(sum(matrah) OVER w, :istisna) / NULLIF(sum(matrah) OVER w, 0) AS matrah
    FROM pay WINDOW w AS (PARTITION BY mukellef_id)
), yillik AS (
    SELECT mukellef_id, emlak_id, round(GREATEST(matrah, 0) * oran / 1000, 2) AS vergi FROM istisnali
)""" + _installments("'emlak_arazi'", "'emlak:' || y.emlak_id", conflict))

# Workplace ÇTV: the yearly tariff amount of the record's group and degree, in two installments.
_ACCRUE_CTV_SQL = _toplu(lambda _, conflict: """
WITH yillik AS (
    SELECT c.id, c.mukellef_id, round(m.value, 2) AS vergi
    FROM ctv_kayitlari c
    JOIN public.national_parameters m
      ON m.key = 'ctv.isyeri.' || :tablo || '.g' || c.grup || 'd' || c.derece
     AND m.valid_from <= :ilk_gun AND (m.valid_to IS NULL OR m.valid_to >= :ilk_gun)
    WHERE c.kullanim = 'isyeri' AND c.baslangic_yili <= :yil AND (c.bitis_yili IS NULL OR c.bitis_yili >= :yil)
      AND c.id BETWEEN :lo AND :hi
)""" + _installments("'ctv_isyeri'", "'ctv:' || y.id", conflict))


def degerle(emlak_id: int, yil: int) -> hesap.Degerleme:
    """A property's vergi değeri for ``yil`` with every step, computed from the same figures
    as the batch (the stored value, if any, is the batch's; this explains it)."""
    emlak = db.session.get(Emlak, emlak_id)
    if emlak is None:
        raise GelirError(_l("Emlak bulunamadı."), status=404)
    figures = EmlakYili.oku(yil)
    first = date(yil, 1, 1)
    previous = db.session.scalar(select(Degerleme.vergi_degeri).where(Degerleme.emlak_id == emlak_id,
                                                                     Degerleme.yil == yil - 1))
    takdir = None
    if previous is None or yil == figures.takdir_yili:
        kind = "arazi_birim" if emlak.tur == "arazi" else "arsa_birim"
        units = birim_degeri(kind, emlak.deger_bolgesi, yil, figures)
        unit, unit_steps = (units.yeni, units.adimlar_yeni) if previous is None else (units.tutar, units.adimlar)
        cost = (parameters.value_on(f"emlak.insaat_maliyeti.{emlak.insaat_sinifi}", first)
                if emlak.tur == "bina" else None)
        value, steps = hesap.takdir_degeri(emlak.tur, arsa_alani=emlak.arsa_alani,
                                           arsa_payi_alani=emlak.arsa_payi_alani, bina_alani=emlak.bina_alani,
                                           birim_deger=unit, insaat_maliyeti=cost)
        takdir = (value, [*unit_steps, *steps])
    try:
        return hesap.yillik_deger(takdir=takdir, onceki=previous, takdir_yili_mi=yil == figures.takdir_yili,
                                  ydo=figures.ydo_onceki, tavan_katsayisi=figures.tavan,
                                  ydo_katsayisi=figures.ydo_katsayisi)
    except ValueError as exc:
        raise GelirError(str(exc)) from None


def vergi_dokumu(emlak_id: int, yil: int, valuation: hesap.Degerleme | None = None) -> list[dict]:
    """For each liable owner: share, base, rate, relief and tax, with the steps (for the property page).

    ``valuation`` is the property's ``degerle`` for the year, when the caller already has it."""
    emlak = db.session.get_one(Emlak, emlak_id)
    valuation = valuation or degerle(emlak_id, yil)
    figures = EmlakYili.oku(yil)
    rate_key = emlak.tur if emlak.tur != "bina" else (emlak.kullanim or "isyeri")
    rate = figures.oranlar[rate_key]
    shares = db.session.scalars(select(EmlakHissesi).where(
        EmlakHissesi.emlak_id == emlak_id, EmlakHissesi.baslangic_yili <= yil,
        (EmlakHissesi.bitis_yili.is_(None)) | (EmlakHissesi.bitis_yili >= yil))).all()
    out = []
    for share in shares:
        relief = (db.session.scalar(select(func.count()).select_from(Muafiyet).where(
            Muafiyet.mukellef_id == share.mukellef_id, Muafiyet.emlak_id == emlak_id, Muafiyet.tur == "tek_konut",
            Muafiyet.baslangic_yili <= yil, (Muafiyet.bitis_yili.is_(None)) | (Muafiyet.bitis_yili >= yil))) or 0) > 0
        exempt = hesap.ZERO
        if emlak.tur == "arazi":
            exempt = _arazi_istisnasi_payi(share, valuation.vergi_degeri, yil, figures.arazi_istisnasi)
        tax = hesap.emlak_vergisi(valuation.vergi_degeri, pay=share.pay, payda=share.payda, oran_binde=rate,
                                  carpan=figures.carpan if emlak.buyuksehir_mucavir else Decimal(1),
                                  sifir_oran=relief, istisna=exempt)
        out.append({"mukellef": share.mukellef, "pay": share.pay, "payda": share.payda, "vergi": tax.vergi,
                    "taksitler": hesap.taksitler(tax.vergi), "adimlar": [a.as_dict() for a in valuation.adimlar]
                    + [a.as_dict() for a in tax.adimlar]})
    return out


def _arazi_istisnasi_payi(share: EmlakHissesi, value: Decimal, yil: int, threshold: Decimal) -> Decimal:
    rows = db.session.execute(text("""
        SELECT h.id, d.vergi_degeri * h.pay / h.payda AS matrah FROM emlak_hisseleri h
        JOIN emlaklar e ON e.id = h.emlak_id AND e.tur = 'arazi'
        JOIN degerlemeler d ON d.emlak_id = e.id AND d.yil = :yil
        WHERE h.mukellef_id = :m AND h.baslangic_yili <= :yil AND (h.bitis_yili IS NULL OR h.bitis_yili >= :yil)
        ORDER BY h.id"""), {"m": share.mukellef_id, "yil": yil}).all()
    if not any(r.id == share.id for r in rows):
        rows = [*rows, type("R", (), {"id": share.id, "matrah": value * share.pay / share.payda})()]
    parts = hesap.arazi_istisnalari([r.matrah for r in rows], threshold)
    return next(part for r, part in zip(rows, parts, strict=True) if r.id == share.id)


# --- the yearly batch ----------------------------------------------------------------

def ctv_tutar_eksikleri(yil: int) -> list[str]:
    """The ÇTV amounts of the municipality's table (büyükşehir or other) with no row on
    1 January ``yil``: a year's amounts are that year's rows (RULES §3), never an older year's."""
    table = "buyuksehir" if parametre.ayarlar().buyuksehir else "diger"
    keys = [f"ctv.konut_m3.{table}", *(f"ctv.isyeri.{table}.g{g}d{d}" for g in range(1, 8) for d in range(1, 6))]
    first = date(yil, 1, 1)
    have = set(db.session.scalars(select(parameters.NationalParameter.key).where(
        parameters.NationalParameter.key.in_(keys), parameters.NationalParameter.valid_from <= first,
        (parameters.NationalParameter.valid_to.is_(None)) | (parameters.NationalParameter.valid_to >= first))))
    return [k for k in keys if k not in have]


def toplu_baslat(yil: int, grup: str, *, actor: str) -> TopluTahakkuk:
    """Record a batch run for (year, group); the caller enqueues ``jobs.toplu_tahakkuk`` with its id.

    A second start for a year and group whose run is waiting or running returns that run.
    """
    if grup not in GRUPLAR:
        raise GelirError(_l("Gelir grubu geçersiz."), {"grup": [_l("emlak ya da ctv olmalı.")]})
    if not 2000 <= yil <= clock.today().year + 1:
        raise GelirError(_l("Yıl geçersiz."), {"yil": [_l("2000 ile %(son)s arasında bir yıl girin.", son=clock.today().year + 1)]})
    _check_figures(yil, grup)
    running = db.session.scalar(select(TopluTahakkuk).where(
        TopluTahakkuk.yil == yil, TopluTahakkuk.grup == grup, TopluTahakkuk.durum.in_(("bekliyor", "calisiyor"))))
    if running is not None:
        return running
    run = TopluTahakkuk(yil=yil, grup=grup, durum="bekliyor", imlec=0, olusan=0, tutar=0, baslatan=actor)
    db.session.add(run)
    db.session.flush()
    audit.record("gelir.tahakkuk.toplu_baslat", actor=actor, realm="staff", object_type="toplu_tahakkuk",
                 object_id=run.id, after={"yil": yil, "grup": grup})
    return run


def toplu_kuyruga_al(run: TopluTahakkuk, slug: str, *, starter: str) -> bool:
    """Put the run's job on the ``batch`` queue once the unit commits, unless one is already on its way.

    ``starter`` is the job's actor (``staff:<id>``): the job checks its permission again when
    it runs.  Returns False when the run already had a job.
    """
    from ebelediye import jobs

    if run.is_kaydi is not None:
        return False
    record = jobs.enqueue(slug, "modules.gelir.jobs:toplu_tahakkuk", run.id, queue_name="batch",
                          description=f"{run.yil} {run.grup} toplu tahakkuk", actor=starter)
    run.is_kaydi = str(record.id)
    db.session.flush()
    audit.record("gelir.tahakkuk.toplu_kuyruk", actor=starter, realm="staff", object_type="toplu_tahakkuk",
                 object_id=run.id, after={"is_kaydi": run.is_kaydi})
    return True


def _check_figures(yil: int, grup: str) -> None:
    """Refuse a run whose figures of law are missing, before any work (a clear message, not a failed job)."""
    try:
        if grup == "emlak":
            figures = EmlakYili.oku(yil)
            if yil != figures.takdir_yili and figures.ydo_onceki is None:
                message = (f"{yil - 1} yılının yeniden değerleme oranı (emlak.ydo) girilmemiş; {yil} değerleri "
                           "hesaplanamaz. Bakanlık konsolundan girilmeli.")
                raise GelirError(message, {"yil": [message]})
            if yil != figures.takdir_yili and figures.ydo_katsayisi is None:
                message = (f"{yil} yılı için yeniden değerleme katsayısı (emlak.ydo_katsayisi, 1319 m.29) girilmemiş. "
                           "Bakanlık konsolundan girilmeli.")
                raise GelirError(message, {"yil": [message]})
            _birim_params(figures)  # every zone's unit value can be indexed and capped
        else:
            parametre.vade("ctv", 1, yil), parametre.vade("ctv", 2, yil)
            missing = [k for k in ctv_tutar_eksikleri(yil) if ".isyeri." in k]
            if missing:
                message = (f"{yil} yılının ÇTV işyeri tutarları girilmemiş ({len(missing)} grup/derece, ör. "
                           f"{missing[0]}); Bakanlık konsolundan onaylanmalı.")
                raise GelirError(message, {"yil": [message]})
    except (parameters.ParameterMissing, LookupError) as exc:
        raise GelirError(getattr(exc, "message_tr", str(exc)), {"yil": [getattr(exc, "message_tr", str(exc))]}) from None


def toplu_calistir(run_id: int, progress: Callable[[int, int | None, str], None] | None = None,
                   chunk: int = CHUNK) -> TopluTahakkuk:
    """Run (or resume) a batch: chunk by chunk from the run's cursor, one transaction each
    (``uow.commit_point()``: a resumable batch job is the one place a unit commits before it ends)."""
    progress = progress or (lambda *a: None)
    run = db.session.get(TopluTahakkuk, run_id)
    if run is None:
        raise GelirError(_l("Toplu tahakkuk bulunamadı."), status=404)
    if run.durum == "bitti":
        return run
    run.durum = "calisiyor"
    source = Emlak if run.grup == "emlak" else CtvKaydi
    run.toplam_kaynak = db.session.scalar(select(func.count()).select_from(source))
    uow.commit_point()
    params = _run_params(run)
    top = db.session.scalar(select(func.max(source.id))) or 0
    # sources done so far, counted once and then chunk by chunk (counting up to the cursor
    # after every chunk read the whole done part of the register again each time)
    done = db.session.scalar(select(func.count()).select_from(source).where(source.id <= run.imlec)) or 0
    resumed = run.imlec > 0
    first_chunk = True
    while run.imlec < top:
        lo = run.imlec + 1
        hi = db.session.scalar(select(source.id).where(source.id >= lo).order_by(source.id)
                               .offset(chunk - 1).limit(1)) or top
        done += db.session.scalar(select(func.count()).select_from(source).where(source.id.between(lo, hi))) or 0
        _chunk(run, _ACCRUE_SQL if run.grup == "emlak" else _ACCRUE_CTV_SQL, params, lo=lo, hi=hi)
        if first_chunk:
            # the planner's statistics still describe the tables before this run; a stale
            # "no rows for this year" turns the next chunks' joins into nested loops
            db.session.execute(text("ANALYZE degerlemeler, tahakkuklar"))
            uow.commit_point()
            first_chunk = False
        progress(done, run.toplam_kaynak, f"{done} / {run.toplam_kaynak} kaynak işlendi")
    if run.grup == "emlak":
        if resumed:
            # each chunk accrued the land of the owners whose last land property it holds;
            # a resumed run (perhaps begun by a version that left land to the end) goes over
            # all land once more at the end, skipping what is already accrued
            _chunk(run, _ACCRUE_LAND_SQL, params, lo=0, hi=0, advance=False)
        unvalued = db.session.scalar(text(
            "SELECT count(*) FROM emlaklar e WHERE (e.terkin_yili IS NULL OR e.terkin_yili > :y) AND NOT EXISTS "
            "(SELECT 1 FROM degerlemeler d WHERE d.emlak_id = e.id AND d.yil = :y)"), {"y": run.yil})
        if unvalued:
            run.hata = (f"{unvalued} emlak değerlenemedi (değer bölgesinin birim değeri ya da bina sınıfının "
                        "maliyet bedeli eksik); bunlar tahakkuk edilmedi. Eksikleri girip yeniden çalıştırın.")
    run.durum = "bitti"
    run.bitis_at = datetime.now(UTC)
    audit.record("gelir.tahakkuk.toplu_bitti", actor=run.baslatan, realm="job", object_type="toplu_tahakkuk",
                 object_id=run.id, after={"olusan": run.olusan, "tutar": str(run.tutar)})
    uow.commit_point()
    progress(run.toplam_kaynak or 0, run.toplam_kaynak, "Tamamlandı")
    return run


def _run_params(run: TopluTahakkuk) -> dict:
    base = {"calisma": run.id, "olusturan": f"toplu:{run.id}"}
    if run.grup == "emlak":
        figures = EmlakYili.oku(run.yil)
        return {**figures.sql_params(), **_birim_params(figures), **base}
    table = "buyuksehir" if parametre.ayarlar().buyuksehir else "diger"
    return {"yil": run.yil, "ilk_gun": date(run.yil, 1, 1), "tablo": table,
            "vade1": parametre.vade("ctv", 1, run.yil), "vade2": parametre.vade("ctv", 2, run.yil), **base}


def _chunk(run: TopluTahakkuk, statement: _Toplu, params: dict, *, lo: int, hi: int, advance: bool = True) -> None:
    """Insert one chunk's accruals, move the cursor and send the chunk's event, in one transaction.

    The plain statement first, in a savepoint; if a key of the chunk is already there it
    fails at that row, is rolled back, and the statement that skips existing keys runs
    (same rows otherwise)."""
    bound = {**params, "lo": lo, "hi": hi}
    try:
        with uow.savepoint():
            totals = db.session.execute(statement.duz, bound).all()
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) != "23505":  # unique_violation: a key already accrued
            raise
        totals = db.session.execute(statement.atlayan, bound).all()
    count = sum(row.adet for row in totals)
    amount = sum((row.tutar for row in totals), Decimal(0))
    run.olusan += count
    run.tutar += amount
    if count:
        borc.hepsi_degisti()
    if advance:
        run.imlec = hi
    if totals:
        kinds = dict(db.session.execute(select(GelirTuru.kod, GelirTuru.ekonomik_kod)).all())
        events.revenue_accrued.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=f"toplu:{run.id}:{lo}-{hi}", on=clock.today(), actor=run.baslatan,
            lines=tuple(events.RevenueLine(row.gelir_kodu, kinds[row.gelir_kodu], row.tutar, run.yil)
                        for row in totals if row.tutar > 0)))
    uow.commit_point()


# --- single accruals --------------------------------------------------------------------

def _accrue(mukellef_id: int, gelir_kodu: str, kaynak: str, yil: int, tutarlar: list[tuple[int, date, Decimal]],
            *, actor: str, aciklama: str = "") -> list[Tahakkuk]:
    """Insert installments (taksit, vade, tutar) of one source at the next version; emit and audit."""
    if db.session.get(Mukellef, mukellef_id) is None:
        raise GelirError(_l("Mükellef bulunamadı."), {"mukellef_id": [_l("Böyle bir mükellef yok.")]}, status=404)
    live = db.session.scalars(select(Tahakkuk).where(
        Tahakkuk.mukellef_id == mukellef_id, Tahakkuk.gelir_kodu == gelir_kodu, Tahakkuk.kaynak == kaynak,
        Tahakkuk.yil == yil, Tahakkuk.iptal_edilen_id.is_(None))).all()
    reversed_ids = set(db.session.scalars(select(Tahakkuk.iptal_edilen_id).where(
        Tahakkuk.iptal_edilen_id.in_([t.id for t in live])))) if live else set()
    if any(t.id not in reversed_ids for t in live):
        raise GelirError(_l("Bu kaynak için bu yılın tahakkuku zaten var; düzeltmek için önce iptal edin."),
                         {"kaynak": [_l("Mevcut tahakkuk iptal edilmeden yenisi yapılamaz.")]}, status=409)
    version = max((t.surum for t in live), default=0) + 1
    rows = [Tahakkuk(mukellef_id=mukellef_id, gelir_kodu=gelir_kodu, kaynak=kaynak, yil=yil, taksit=taksit,
                     surum=version, vade=vade, tutar=tutar, aciklama=aciklama, olusturan=actor)
            for taksit, vade, tutar in tutarlar if tutar > 0]
    if not rows:
        raise GelirError(_l("Tahakkuk edilecek tutar yok (sıfır)."))
    db.session.add_all(rows)
    db.session.flush()
    borc.degisti(mukellef_id)
    kind = db.session.get_one(GelirTuru, gelir_kodu)
    events.revenue_accrued.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"tahakkuk:{rows[0].id}", on=clock.today(), actor=actor,
        lines=tuple(events.RevenueLine(gelir_kodu, kind.ekonomik_kod, r.tutar, yil) for r in rows)))
    audit.record("gelir.tahakkuk.olustur", actor=actor, realm="staff", object_type="tahakkuk", object_id=rows[0].id,
                 after={"mukellef_id": mukellef_id, "gelir_kodu": gelir_kodu, "kaynak": kaynak, "yil": yil,
                        "surum": version, "taksitler": [[r.taksit, r.vade.isoformat(), str(r.tutar)] for r in rows]})
    return rows


def emlak_tahakkuk(emlak_id: int, yil: int, *, actor: str) -> list[Tahakkuk]:
    """Accrue one property's year for each liable owner (a new property, or after a correction)."""
    figures = EmlakYili.oku(yil)
    valuation = degerle(emlak_id, yil)
    existing = db.session.scalar(select(Degerleme).where(Degerleme.emlak_id == emlak_id, Degerleme.yil == yil))
    if existing is None:
        db.session.add(Degerleme(emlak_id=emlak_id, yil=yil, vergi_degeri=valuation.vergi_degeri,
                                 yontem=valuation.yontem, hesap=[a.as_dict() for a in valuation.adimlar]))
    emlak = db.session.get_one(Emlak, emlak_id)
    rows: list[Tahakkuk] = []
    for owner in vergi_dokumu(emlak_id, yil, valuation):
        if owner["vergi"] <= 0:
            continue
        first, second = owner["taksitler"]
        rows += _accrue(owner["mukellef"].id, emlak.vergi_turu, f"emlak:{emlak_id}", yil,
                        [(1, figures.vadeler[0], first), (2, figures.vadeler[1], second)],
                        actor=actor, aciklama=f"{emlak.tanim} {yil}")
    if not rows:
        raise GelirError(_l("Bu emlak için bu yıl vergi doğmuyor (sahip yok, muafiyet ya da sıfır değer)."))
    return rows


def ilan_tahakkuk(ilan_id: int, *, actor: str, yil: int | None = None) -> list[Tahakkuk]:
    """Accrue an advertisement permit (2464 m.12–16, RULES §4).

    A weekly tariff line (banners): the whole permit, m² × pieces × tariff × weeks, in one
    payment due on its first day (it is paid before the ad goes up).  A yearly line: **one
    year** of the permit, ``yil`` (default: its first year), at the tariff in force that
    year, in the installments of the municipality's ``ilan`` calendar (``vade_takvimi``),
    none due before the permit starts; the later years are accrued each year
    (``ilan_yili_tahakkuk``), never all at once on the first day.
    """
    ilan = db.session.get(IlanReklam, ilan_id)
    if ilan is None:
        raise GelirError(_l("İlan/reklam kaydı bulunamadı."), status=404)
    yil = ilan.baslangic.year if yil is None else yil
    start = max(ilan.baslangic, date(yil, 1, 1))
    line = parametre.tarife("ilan_reklam", ilan.tarife_kod, start)
    if "hafta" in line.birim:
        line = parametre.tarife("ilan_reklam", ilan.tarife_kod, ilan.baslangic)
        periods = max(1, -(-((ilan.bitis - ilan.baslangic).days + 1) // 7))
        tax = hesap.ilan_reklam_vergisi(ilan.alan, ilan.adet, line.tutar, periods)
        return _accrue(ilan.mukellef_id, "ilan_reklam", f"ilan:{ilan.id}", ilan.baslangic.year,
                       [(0, ilan.baslangic, tax.vergi)], actor=actor, aciklama=f"{line.ad}: {ilan.yer}")
    if not ilan.baslangic.year <= yil <= ilan.bitis.year:
        message = _l("İzin %(bas)s–%(son)s yıllarını kapsıyor.", bas=ilan.baslangic.year, son=ilan.bitis.year)
        raise GelirError(message, {"yil": [message]})
    tax = hesap.ilan_reklam_vergisi(ilan.alan, ilan.adet, line.tutar, 1)
    due = [max(parametre.vade("ilan", taksit, yil), start) for taksit in (1, 2)]
    parts = hesap.taksitler(tax.vergi, 2)
    return _accrue(ilan.mukellef_id, "ilan_reklam", f"ilan:{ilan.id}", yil,
                   [(taksit, vade, part) for taksit, (vade, part) in enumerate(zip(due, parts, strict=True), start=1)],
                   actor=actor, aciklama=f"{line.ad}: {ilan.yer} ({yil})")


def ilan_yili_tahakkuk(yil: int, *, actor: str) -> int:
    """Accrue ``yil`` of every yearly advertisement permit in force that year and not yet
    accrued for it; returns how many permits were accrued (a rerun accrues nothing)."""
    permits = db.session.scalars(select(IlanReklam).where(
        func.extract("year", IlanReklam.baslangic) <= yil, func.extract("year", IlanReklam.bitis) >= yil)
        .order_by(IlanReklam.id)).all()
    done = set(db.session.scalars(select(Tahakkuk.kaynak).where(
        Tahakkuk.gelir_kodu == "ilan_reklam", Tahakkuk.yil == yil, Tahakkuk.iptal_edilen_id.is_(None))))
    count = 0
    for ilan in permits:
        if f"ilan:{ilan.id}" in done:
            continue
        if "hafta" in parametre.tarife("ilan_reklam", ilan.tarife_kod, max(ilan.baslangic, date(yil, 1, 1))).birim:
            continue  # weekly permits are accrued whole when issued
        ilan_tahakkuk(ilan.id, actor=actor, yil=yil)
        count += 1
    audit.record("gelir.tahakkuk.ilan_yili", actor=actor, realm="staff", object_type="ilan_reklam",
                 object_id=str(yil), after={"yil": yil, "adet": count})
    return count


def ucret_tahakkuk(mukellef_id: int, tarife_kod: str, gun: date, referans: str, *, actor: str,
                   tutar: Decimal | None = None, aciklama: str = "") -> Tahakkuk:
    """Charge a fee from the municipality's tariff (other modules reach it through the
    ``FeeCharger`` port, ``modules.gelir.ports``).

    ``referans`` is the caller's own document ("evlendirme:basvuru:12"): charging it twice is
    refused.  ``tutar`` is the amount when the caller priced it from its own tariff; the
    revenue code still comes from the tariff line when there is one.
    """
    try:
        line = parametre.tarife("ucret", tarife_kod, gun)
        gelir_kodu, ad, amount = line.gelir_kodu or "ucret", line.ad, line.tutar
    except parametre.TarifeYok:
        if tutar is None:
            raise
        gelir_kodu, ad, amount = "ucret", aciklama or tarife_kod, tutar
    if tutar is not None:
        amount = tutar
    rows = _accrue(mukellef_id, gelir_kodu, f"ucret:{referans}", gun.year,
                   [(0, gun, hesap.kurus(amount))], actor=actor, aciklama=(aciklama or ad)[:300])
    return rows[0]


def ctv_konut_tahakkuk(donem: str, *, actor: str) -> int:
    """Accrue residential ÇTV of one month from the imported water consumption (m³ × amount).

    Due with the water bill: the last day of the following month [U: the utility's calendar].
    Idempotent per (record, month).
    """
    try:
        year, month = (int(part) for part in donem.split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise GelirError(_l("Dönem geçersiz."), {"donem": [_l("YYYY-AA biçiminde girin (ör. 2026-03).")]}) from None
    table = "buyuksehir" if parametre.ayarlar().buyuksehir else "diger"
    unit = parameters.value_on(f"ctv.konut_m3.{table}", first)
    month_after_next = (first.replace(day=28) + timedelta(days=40)).replace(day=1)
    due = hesap.vade_gunu(month_after_next - timedelta(days=1), parametre.tatil_mi)
    # A data-modifying CTE, not INSERT .. SELECT .. JOIN: on Citus the identity default makes
    # the latter a coordinator insert with a repartition join; this one runs on the tenant's node.
    inserted = db.session.execute(text("""
        WITH kaynak AS (
            SELECT c.mukellef_id, c.id, s.m3, round(s.m3 * :birim, 2) AS tutar
            FROM ctv_kayitlari c JOIN su_tuketimleri s ON s.abone_no = c.abone_no AND s.donem = :donem
            WHERE c.kullanim = 'konut' AND c.baslangic_yili <= :yil
              AND (c.bitis_yili IS NULL OR c.bitis_yili >= :yil) AND round(s.m3 * :birim, 2) > 0
        ), ins AS (
            INSERT INTO tahakkuklar (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum, vade, tutar, aciklama,
                                     olusturan, created_at)
            SELECT k.mukellef_id, 'ctv_konut', 'ctv:' || k.id, :yil, :ay, 1, :vade, k.tutar,
                   'ÇTV konut ' || :donem || ' (' || k.m3 || ' m³)', :actor, now()
            FROM kaynak k
            ON CONFLICT (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum) WHERE iptal_edilen_id IS NULL DO NOTHING
            RETURNING tutar
        )
        SELECT tutar FROM ins"""), {"yil": year, "ay": month, "vade": due, "birim": unit, "donem": donem,
                                    "actor": actor}).scalars().all()
    if inserted:
        borc.hepsi_degisti()
        kind = db.session.get_one(GelirTuru, "ctv_konut")
        events.revenue_accrued.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=f"ctv_konut:{donem}", on=clock.today(), actor=actor,
            lines=(events.RevenueLine("ctv_konut", kind.ekonomik_kod, sum(inserted, Decimal(0)), year),)))
    audit.record("gelir.tahakkuk.ctv_konut", actor=actor, realm="staff", object_type="ctv_donem", object_id=donem,
                 after={"adet": len(inserted), "tutar": str(sum(inserted, Decimal(0)))})
    return len(inserted)


# --- cancellation ---------------------------------------------------------------------

def acik_tutar(tahakkuk_id: int) -> Decimal:
    return db.session.execute(text("""
        SELECT t.tutar + COALESCE((SELECT sum(x.tutar) FROM tahakkuklar x WHERE x.iptal_edilen_id = t.id), 0)
                       - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id), 0)
        FROM tahakkuklar t WHERE t.id = :id"""), {"id": tahakkuk_id}).scalar_one()


def iptal(tahakkuk_id: int, gerekce: str, *, actor: str) -> Tahakkuk:
    """Cancel what is still open of an accrual with a reversing entry (terkin); paid parts stay paid."""
    row = db.session.scalar(select(Tahakkuk).where(Tahakkuk.id == tahakkuk_id).with_for_update())
    if row is None:
        raise GelirError(_l("Tahakkuk bulunamadı."), status=404)
    if not gerekce or not gerekce.strip():
        raise GelirError(_l("İptal gerekçesi gerekli."), {"gerekce": [_l("Gerekçe yazın.")]})
    if row.iptal_edilen_id is not None:
        raise GelirError(_l("Bu kayıt zaten bir iptal kaydı."))
    if db.session.scalar(select(Tahakkuk.id).where(Tahakkuk.iptal_edilen_id == row.id)) is not None:
        raise GelirError(_l("Bu tahakkuk zaten iptal edilmiş."), status=409)
    open_amount = acik_tutar(row.id)
    if open_amount <= 0:
        raise GelirError(_l("Tahakkuk tamamen ödenmiş; iptal edilemez. Önce ödeme iade edilmelidir."), status=409)
    from . import tecil

    if (plan_id := tecil.kapsamda(row.id)) is not None:
        raise GelirError(_l("Bu borç %(no)s numaralı aktif tecil planında; önce planı iptal edin.", no=plan_id),
                         status=409)
    reversal = Tahakkuk(mukellef_id=row.mukellef_id, gelir_kodu=row.gelir_kodu, kaynak=row.kaynak, yil=row.yil,
                        taksit=row.taksit, surum=row.surum, vade=row.vade, tutar=-open_amount,
                        aciklama=f"İptal: {gerekce.strip()[:250]}", iptal_edilen_id=row.id, olusturan=actor)
    db.session.add(reversal)
    db.session.flush()
    borc.degisti(row.mukellef_id)
    kind = db.session.get_one(GelirTuru, row.gelir_kodu)
    events.revenue_cancelled.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"tahakkuk:{row.id}", on=clock.today(), actor=actor,
        lines=(events.RevenueLine(row.gelir_kodu, kind.ekonomik_kod, open_amount, row.yil),)))
    audit.record("gelir.tahakkuk.iptal", actor=actor, realm="staff", object_type="tahakkuk", object_id=row.id,
                 before={"acik": str(open_amount)}, after={"iptal_kaydi": reversal.id, "gerekce": gerekce.strip()})
    return reversal


def duzelt(emlak_id: int, yil: int, gerekce: str, *, actor: str) -> list[Tahakkuk]:
    """Correct a property's year: reverse its open accruals and accrue it again from today's data."""
    rows = db.session.scalars(select(Tahakkuk).where(
        Tahakkuk.kaynak == f"emlak:{emlak_id}", Tahakkuk.yil == yil, Tahakkuk.iptal_edilen_id.is_(None))).all()
    for row in rows:
        if db.session.scalar(select(Tahakkuk.id).where(Tahakkuk.iptal_edilen_id == row.id)) is None:
            if acik_tutar(row.id) < row.tutar:
                raise GelirError(_l("Bu yılın bir taksiti kısmen ya da tamamen ödenmiş; düzeltme için önce ödemeyi "
                                 "iade edin ya da farkı tekil tahakkukla ekleyin."), status=409)
            iptal(row.id, gerekce, actor=actor)
    stored = db.session.scalar(select(Degerleme).where(Degerleme.emlak_id == emlak_id, Degerleme.yil == yil))
    if stored is not None:  # the valuation is re-derived from today's register; the old one stays in the audit
        fresh = degerle(emlak_id, yil)
        audit.record("gelir.degerleme.duzelt", actor=actor, realm="staff", object_type="emlak", object_id=emlak_id,
                     before={"yil": yil, "vergi_degeri": str(stored.vergi_degeri), "yontem": stored.yontem},
                     after={"vergi_degeri": str(fresh.vergi_degeri), "yontem": fresh.yontem})
        stored.vergi_degeri, stored.yontem = fresh.vergi_degeri, fresh.yontem
        stored.hesap = [a.as_dict() for a in fresh.adimlar]
    return emlak_tahakkuk(emlak_id, yil, actor=actor)
