"""Revenue reports: collections, arrears by age, top debtors, accrual against collection.

Every report is a few set-based statements over the whole tenant (no per-row lookups),
so it stays fast on millions of accruals and payments.  A report is a ``Tablo``: typed
columns and rows, which the pages render as a table and a chart and export as CSV/XLSX.

The open balance of an accrual as of a day is its amount, plus its reversal recorded by
that day, less the payments dated up to that day that were applied to it (the pattern of
``services/borc.py``, aggregated instead of per row).  Late fees not yet accrued are not
in it; the top-debtors report can estimate them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import text

from ebelediye import audit
from ebelediye.extensions import db

from ..hesap import ZERO
from . import GelirError, borc

#: the longest date range a collections report may cover (about five years of days)
EN_UZUN_ARALIK_GUN = 1830
EN_COK_YIL = 30
EN_COK_BORCLU = 500
KANAL_ADLARI = {"nakit": "Nakit", "kart": "Kredi kartı", "havale": "Havale/EFT", "online": "Online",
                "banka": "Anlaşmalı banka"}

#: arrears age buckets: (key, label, first day overdue, last day overdue or None)
YAS_KOVALARI = (
    (1, "0–30 gün", 1, 30),
    (2, "31–90 gün", 31, 90),
    (3, "91–365 gün", 91, 365),
    (4, "1–2 yıl", 366, 730),
    (5, "2 yıldan eski", 731, None),
)


@dataclass(frozen=True)
class Sutun:
    """A report column: ``tur`` is metin | para | sayi | tarih | oran (percent)."""

    anahtar: str
    baslik: str
    tur: str = "metin"


@dataclass
class Tablo:
    """One table of a report: its columns, rows (dicts by column key) and a totals row."""

    ad: str
    baslik: str
    sutunlar: list[Sutun]
    satirlar: list[dict]
    toplam: dict | None = None
    notlar: list[str] = field(default_factory=list)

    @property
    def bos(self) -> bool:
        return not self.satirlar


# --- filters ------------------------------------------------------------------------

def tarih(value: object, alan: str, varsayilan: date) -> date:
    """A date from user input (``YYYY-MM-DD`` or ``GG.AA.YYYY``); empty means ``varsayilan``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return varsayilan
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise GelirError(_l("Tarih geçersiz."), {alan: [_l("Geçerli bir tarih girin (ör. 2026-05-31 ya da 31.05.2026).")]})


def aralik(baslangic: object, bitis: object, bugun: date) -> tuple[date, date]:
    """A date range from user input; default: the month so far.  End before start is refused."""
    errors: dict[str, list[object]] = {}
    bas = bit = None
    try:
        bas = tarih(baslangic, "baslangic", bugun.replace(day=1))
    except GelirError as exc:
        errors.update(exc.errors)
    try:
        bit = tarih(bitis, "bitis", bugun)
    except GelirError as exc:
        errors.update(exc.errors)
    if errors:
        raise GelirError(_l("Tarih aralığı geçersiz."), errors)
    assert bas is not None and bit is not None
    if bit < bas:
        raise GelirError(_l("Bitiş tarihi başlangıçtan önce olamaz."),
                         {"bitis": [_l("Bitiş tarihi başlangıç tarihinden önce olamaz.")]})
    if (bit - bas).days >= EN_UZUN_ARALIK_GUN:
        raise GelirError(_l("Tarih aralığı çok uzun."),
                         {"bitis": [_l("Aralık en çok %(n)s gün olabilir.", n=EN_UZUN_ARALIK_GUN)]})
    return bas, bit


def yil_araligi(baslangic: object, bitis: object, bugun: date) -> tuple[int, int]:
    """A range of budget years from user input; default: the last five years."""
    errors: dict[str, list[str]] = {}
    years = []
    for alan, value, default in (("yil_baslangic", baslangic, bugun.year - 4), ("yil_bitis", bitis, bugun.year)):
        if value is None or (isinstance(value, str) and not value.strip()):
            years.append(default)
            continue
        try:
            year = int(str(value).strip())
        except ValueError:
            year = None
        if year is None or not 1990 <= year <= 2200:
            errors[alan] = ["Geçerli bir yıl girin (ör. 2026)."]
            years.append(default)
        else:
            years.append(year)
    if errors:
        raise GelirError(_l("Yıl aralığı geçersiz."), errors)
    if years[1] < years[0]:
        raise GelirError(_l("Bitiş yılı başlangıç yılından önce olamaz."),
                         {"yil_bitis": [_l("Bitiş yılı başlangıç yılından önce olamaz.")]})
    if years[1] - years[0] >= EN_COK_YIL:
        raise GelirError(_l("Yıl aralığı çok uzun."), {"yil_bitis": [_l("En çok %(n)s yıl seçilebilir.", n=EN_COK_YIL)]})
    return years[0], years[1]


def adet(value: object, varsayilan: int = 20) -> int:
    """How many rows of a top-N report: 1..EN_COK_BORCLU."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return varsayilan
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= EN_COK_BORCLU:
        raise GelirError(_l("Kayıt sayısı geçersiz."), {"adet": [_l("1 ile %(n)s arasında bir sayı girin.", n=EN_COK_BORCLU)]})
    return number


# --- 1. collections ---------------------------------------------------------------

_GUNLUK_SQL = text("""
SELECT tarih, count(*) AS makbuz, sum(tutar) AS tutar,
       COALESCE(sum(tutar) FILTER (WHERE kanal = 'nakit'), 0) AS nakit,
       COALESCE(sum(tutar) FILTER (WHERE kanal = 'kart'), 0) AS kart,
       COALESCE(sum(tutar) FILTER (WHERE kanal = 'havale'), 0) AS havale,
       COALESCE(sum(tutar) FILTER (WHERE kanal = 'online'), 0) AS online,
       COALESCE(sum(tutar) FILTER (WHERE kanal = 'banka'), 0) AS banka
FROM tahsilatlar
WHERE tarih BETWEEN :bas AND :bit
GROUP BY tarih
ORDER BY tarih
""")

_GELIR_TURU_SQL = text("""
SELECT t.gelir_kodu, g.ad, g.ekonomik_kod, count(DISTINCT s.id) AS makbuz, sum(d.tutar) AS tutar
FROM tahsilatlar s
JOIN tahsilat_dagilimlari d ON d.tahsilat_id = s.id
JOIN tahakkuklar t ON t.id = d.tahakkuk_id
JOIN gelir_turleri g ON g.kod = t.gelir_kodu
WHERE s.tarih BETWEEN :bas AND :bit
GROUP BY t.gelir_kodu, g.ad, g.ekonomik_kod
ORDER BY tutar DESC, t.gelir_kodu
""")


@dataclass
class TahsilatRaporu:
    baslangic: date
    bitis: date
    gunluk: Tablo
    gelir_turu: Tablo
    kanal: Tablo
    toplam: Decimal

    def tablolar(self) -> list[Tablo]:
        return [self.gunluk, self.gelir_turu, self.kanal]


def tahsilat_raporu(baslangic: date, bitis: date) -> TahsilatRaporu:
    """Money received between two days (inclusive): by day, by revenue kind, by channel."""
    params = {"bas": baslangic, "bit": bitis}
    days = [dict(r) for r in db.session.execute(_GUNLUK_SQL, params).mappings()]
    total = sum((d["tutar"] for d in days), ZERO)
    receipts = sum(d["makbuz"] for d in days)
    channels = ("nakit", "kart", "havale", "online", "banka")
    gunluk = Tablo(
        "gunluk", "Günlük tahsilat",
        [Sutun("tarih", "Tarih", "tarih"), Sutun("makbuz", "Makbuz sayısı", "sayi"),
         *[Sutun(k, KANAL_ADLARI[k], "para") for k in channels], Sutun("tutar", "Toplam (TL)", "para")],
        days,
        {"tarih": "Toplam", "makbuz": receipts, **{k: sum((d[k] for d in days), ZERO) for k in channels},
         "tutar": total} if days else None,
    )

    kinds = [dict(r) for r in db.session.execute(_GELIR_TURU_SQL, params).mappings()]
    applied = sum((k["tutar"] for k in kinds), ZERO)
    if days and total - applied > 0:
        # Money received but not applied to any debt: the taxpayers' credit (overpayment).
        kinds.append({"gelir_kodu": "", "ad": "Mükellef alacağı (borca dağıtılmamış)", "ekonomik_kod": "",
                      "makbuz": None, "tutar": total - applied})
    for row in kinds:
        row["pay"] = _oran(row["tutar"], total)
    gelir_turu = Tablo(
        "gelir_turu", "Gelir türüne göre tahsilat",
        [Sutun("ad", "Gelir türü"), Sutun("ekonomik_kod", "Ekonomik kod"), Sutun("makbuz", "Makbuz sayısı", "sayi"),
         Sutun("tutar", "Tutar (TL)", "para"), Sutun("pay", "Pay (%)", "oran")],
        kinds,
        {"ad": "Toplam", "ekonomik_kod": "", "makbuz": None, "tutar": total, "pay": Decimal("100.00")}
        if kinds else None,
    )

    kanal_rows: list[dict[str, Any]] = [{"kanal": k, "ad": KANAL_ADLARI[k], "tutar": sum((d[k] for d in days), ZERO)}
                                        for k in channels]
    kanal_rows = [r | {"pay": _oran(r["tutar"], total)} for r in kanal_rows if r["tutar"] > 0]
    kanal = Tablo(
        "kanal", "Ödeme kanalına göre tahsilat",
        [Sutun("ad", "Kanal"), Sutun("tutar", "Tutar (TL)", "para"), Sutun("pay", "Pay (%)", "oran")],
        kanal_rows,
        {"ad": "Toplam", "tutar": total, "pay": Decimal("100.00")} if kanal_rows else None,
    )
    return TahsilatRaporu(baslangic, bitis, gunluk, gelir_turu, kanal, total)


def _oran(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- 2. arrears by age -------------------------------------------------------------

# Open balance as of :gun of every accrual due before :gun, aggregated in one pass each
# (hash joins), not per row: reversals recorded by the day, payments dated by the day.
# Payments are summed whole and those dated after :gun added back (an index range on
# ``tahsilatlar.tarih``, empty for today), which spares joining every payment to its receipt.
# A debt under a tecil plan on :gun is deferred (6183 m.48), not overdue: from the tecil
# day until the plan ends (closed, broken or cancelled; kapanis_tarihi), its accruals are
# the installments' (``tecil_taksitleri.paylar``), which fall due on their own days.
_ACIK_CTE = """
WITH tecilli AS (
    SELECT DISTINCT (pay->>'tahakkuk_id')::bigint AS id
    FROM tecil_planlari p
    JOIN tecil_taksitleri k ON k.plan_id = p.id
    CROSS JOIN LATERAL jsonb_array_elements(k.paylar) AS pay
    WHERE p.tecil_tarihi <= :gun AND (p.kapanis_tarihi IS NULL OR p.kapanis_tarihi > :gun)
), iptal AS (
    SELECT iptal_edilen_id AS id, sum(tutar) AS tutar FROM tahakkuklar
    WHERE iptal_edilen_id IS NOT NULL AND created_at::date <= :gun
    GROUP BY iptal_edilen_id
), odenen AS (
    SELECT tahakkuk_id AS id, sum(tutar) AS tutar FROM tahsilat_dagilimlari GROUP BY tahakkuk_id
), sonra AS (
    SELECT d.tahakkuk_id AS id, sum(d.tutar) AS tutar
    FROM tahsilatlar s JOIN tahsilat_dagilimlari d ON d.tahsilat_id = s.id
    WHERE s.tarih > :gun
    GROUP BY d.tahakkuk_id
), acik AS (
    SELECT t.id, t.mukellef_id, t.gelir_kodu, t.vade,
           t.tutar + COALESCE(i.tutar, 0) - COALESCE(o.tutar, 0) + COALESCE(x.tutar, 0) AS acik
    FROM tahakkuklar t
    LEFT JOIN iptal i ON i.id = t.id
    LEFT JOIN odenen o ON o.id = t.id
    LEFT JOIN sonra x ON x.id = t.id
    WHERE t.iptal_edilen_id IS NULL AND t.vade < :gun AND t.created_at::date <= :gun
      AND t.id NOT IN (SELECT id FROM tecilli)
)
"""

# The buckets and the total in one pass: the grouping set () is the total row (kova NULL).
_YAS_SQL = text(_ACIK_CTE + """
SELECT kova, count(*) AS kalem, count(DISTINCT mukellef_id) AS mukellef, COALESCE(sum(acik), 0) AS tutar
FROM (SELECT CASE WHEN :gun - vade <= 30 THEN 1 WHEN :gun - vade <= 90 THEN 2 WHEN :gun - vade <= 365 THEN 3
                  WHEN :gun - vade <= 730 THEN 4 ELSE 5 END AS kova, mukellef_id, acik
      FROM acik WHERE acik > 0) a
GROUP BY GROUPING SETS ((kova), ())
""")

_YAS_TOPLAM_SQL = text(_ACIK_CTE + """
SELECT count(*) AS kalem, count(DISTINCT mukellef_id) AS mukellef, COALESCE(sum(acik), 0) AS tutar
FROM acik WHERE acik > 0
""")


@dataclass
class YasRaporu:
    gun: date
    tablo: Tablo
    toplam: Decimal


def gecikmis_alacak_yaslari(gun: date) -> YasRaporu:
    """Overdue open balance as of ``gun``, by how long overdue (late fees not included)."""
    found = {r["kova"]: dict(r) for r in db.session.execute(_YAS_SQL, {"gun": gun}).mappings()}
    totals = found.pop(None)
    total = totals["tutar"]
    rows = []
    for key, label, first, last in YAS_KOVALARI:
        row = found.get(key, {"kalem": 0, "mukellef": 0, "tutar": ZERO})
        rows.append({"kova": key, "ad": label, "ilk_gun": first, "son_gun": last, "kalem": row["kalem"],
                     "mukellef": row["mukellef"], "tutar": row["tutar"], "pay": _oran(row["tutar"], total)})
    tablo = Tablo(
        "yas", "Vadesi geçmiş alacakların yaşlandırılması",
        [Sutun("ad", "Gecikme süresi"), Sutun("kalem", "Tahakkuk sayısı", "sayi"),
         Sutun("mukellef", "Mükellef sayısı", "sayi"), Sutun("tutar", "Açık tutar (TL)", "para"),
         Sutun("pay", "Pay (%)", "oran")],
        rows if totals["kalem"] else [],
        {"ad": "Toplam", "kalem": totals["kalem"], "mukellef": totals["mukellef"], "tutar": total,
         "pay": Decimal("100.00")} if totals["kalem"] else None,
        notlar=["Açık tutar gecikme zammı hariçtir; tahakkuk etmiş gecikme zammı dahildir.",
                "Mükellef sayısı sütunu toplanmaz: bir mükellefin birden çok süre aralığında borcu olabilir."],
    )
    return YasRaporu(gun, tablo, total)


# --- 3. top debtors --------------------------------------------------------------

_BORCLU_SQL = text(_ACIK_CTE + """
, borclu AS (
    SELECT mukellef_id, count(*) AS kalem, sum(acik) AS tutar, min(vade) AS en_eski_vade
    FROM acik WHERE acik > 0
    GROUP BY mukellef_id
    ORDER BY tutar DESC, mukellef_id
    LIMIT :adet
)
SELECT b.mukellef_id, b.kalem, b.tutar, b.en_eski_vade, m.tur, m.tckn, m.vkn, m.ad, m.soyad, m.unvan
FROM borclu b JOIN mukellefler m ON m.id = b.mukellef_id
ORDER BY b.tutar DESC, b.mukellef_id
""")


def maskeli(kimlik_no: str | None) -> str:
    """A TCKN/VKN with its middle hidden (KVKK: a report does not need the whole number)."""
    if not kimlik_no:
        return ""
    return kimlik_no[:3] + "*" * (len(kimlik_no) - 5) + kimlik_no[-2:]


def en_borclular(gun: date, adet: int = 20, gecikme_tahmini: bool = False) -> Tablo:
    """The ``adet`` taxpayers with the largest overdue open balance as of ``gun``.

    With ``gecikme_tahmini``, the late fee of each listed taxpayer's open debts as of ``gun``
    is estimated with the dated rates (one debt inquiry per listed taxpayer, so only for
    the top N, never for the whole tenant)."""
    rows: list[dict[str, Any]] = []
    for r in db.session.execute(_BORCLU_SQL, {"gun": gun, "adet": adet}).mappings():
        name = r["unvan"] if r["tur"] == "tuzel" else f"{r['ad']} {r['soyad']}".strip()
        rows.append({"sira": len(rows) + 1, "mukellef_id": r["mukellef_id"], "ad": name,
                     "kimlik_no": maskeli(r["tckn"] if r["tur"] == "gercek" else r["vkn"]),
                     "kalem": r["kalem"], "en_eski_vade": r["en_eski_vade"], "tutar": r["tutar"]})
    columns = [Sutun("sira", "Sıra", "sayi"), Sutun("mukellef_id", "Mükellef no", "sayi"), Sutun("ad", "Ad / unvan"),
               Sutun("kimlik_no", "TCKN/VKN"), Sutun("kalem", "Vadesi geçmiş tahakkuk", "sayi"),
               Sutun("en_eski_vade", "En eski vade", "tarih"), Sutun("tutar", "Vadesi geçmiş açık tutar (TL)", "para")]
    total = {"sira": None, "mukellef_id": None, "ad": "Toplam", "kimlik_no": "",
             "kalem": sum(r["kalem"] for r in rows), "en_eski_vade": None,
             "tutar": sum((r["tutar"] for r in rows), ZERO)}
    notes = []
    if gecikme_tahmini:
        for row in rows:
            # Only the fee run up and not yet accrued: accrued fees are already in ``tutar``.
            debts = borc.acik_borclar(row["mukellef_id"], gun)
            row["gecikme"] = sum((d.gecikme_yeni for d in debts), ZERO)
            row["genel_toplam"] = row["tutar"] + row["gecikme"]
        columns += [Sutun("gecikme", "Tahmini gecikme zammı (TL)", "para"),
                    Sutun("genel_toplam", "Gecikme zammı dahil (TL)", "para")]
        total["gecikme"] = sum((r["gecikme"] for r in rows), ZERO)
        total["genel_toplam"] = sum((r["genel_toplam"] for r in rows), ZERO)
        notes.append("Gecikme zammı, mükellefin bugünkü açık borcu üzerinden seçilen güne göre tahmin edilmiştir.")
    return Tablo("borclular", "En çok borcu olan mükellefler", columns, rows, total if rows else None, notes)


def disa_aktarim_kaydi(rapor_adi: str, bicim: str, filtre: dict, satir: int, *, actor: str) -> None:
    """Record that a report naming taxpayers left the system as a file (KVKK: who took whose data)."""
    audit.record("gelir.rapor.disa_aktar", actor=actor, realm="staff", object_type="rapor", object_id=rapor_adi,
                 after={"bicim": bicim, "filtre": filtre, "satir": satir})


# --- 4. accrual against collection per year -----------------------------------------

# A reversal counts in the year of the accrual it reverses; a payment in the year of the
# accrual it paid (budget year), whatever the day it was received.
_YILLIK_SQL = text("""
WITH tahakkuk AS (
    SELECT COALESCE(o.yil, t.yil) AS yil,
           COALESCE(sum(t.tutar) FILTER (WHERE t.iptal_edilen_id IS NULL), 0) AS brut,
           COALESCE(sum(t.tutar) FILTER (WHERE t.iptal_edilen_id IS NOT NULL), 0) AS iptal
    FROM tahakkuklar t LEFT JOIN tahakkuklar o ON o.id = t.iptal_edilen_id
    WHERE COALESCE(o.yil, t.yil) BETWEEN :bas AND :bit
    GROUP BY 1
), tahsil AS (
    SELECT t.yil, sum(d.tutar) AS tutar
    FROM tahsilat_dagilimlari d JOIN tahakkuklar t ON t.id = d.tahakkuk_id
    WHERE t.yil BETWEEN :bas AND :bit
    GROUP BY t.yil
)
SELECT a.yil, a.brut, a.iptal, a.brut + a.iptal AS net, COALESCE(c.tutar, 0) AS tahsil
FROM tahakkuk a LEFT JOIN tahsil c ON c.yil = a.yil
ORDER BY a.yil
""")


def tahakkuk_tahsilat(yil_bas: int, yil_bit: int) -> Tablo:
    """Per budget year: accrued (net of reversals) against collected on those accruals, and the rate."""
    rows = []
    for r in db.session.execute(_YILLIK_SQL, {"bas": yil_bas, "bit": yil_bit}).mappings():
        row = dict(r)
        row["kalan"] = row["net"] - row["tahsil"]
        row["oran"] = _oran(row["tahsil"], row["net"])
        rows.append(row)
    net = sum((r["net"] for r in rows), ZERO)
    collected = sum((r["tahsil"] for r in rows), ZERO)
    total = {"yil": "Toplam", "brut": sum((r["brut"] for r in rows), ZERO),
             "iptal": sum((r["iptal"] for r in rows), ZERO), "net": net, "tahsil": collected,
             "kalan": net - collected, "oran": _oran(collected, net)}
    return Tablo(
        "yillik", "Yıllara göre tahakkuk ve tahsilat",
        [Sutun("yil", "Yıl"), Sutun("brut", "Tahakkuk (TL)", "para"), Sutun("iptal", "İptal (TL)", "para"),
         Sutun("net", "Net tahakkuk (TL)", "para"), Sutun("tahsil", "Tahsil edilen (TL)", "para"),
         Sutun("kalan", "Kalan (TL)", "para"), Sutun("oran", "Tahsilat oranı (%)", "oran")],
        rows, total if rows else None,
        notlar=["Tahsilat, ödendiği tarihe bakılmaksızın tahakkukun bütçe yılına yazılır."],
    )


# --- dashboard figures (one statement each) -----------------------------------------

def gunun_tahsilati(gun: date) -> dict:
    """Today's collections and the month's so far, in one statement (index on ``tarih``)."""
    return dict(db.session.execute(text("""
        SELECT COALESCE(sum(tutar) FILTER (WHERE tarih = :gun), 0) AS bugun,
               count(*) FILTER (WHERE tarih = :gun) AS makbuz,
               COALESCE(sum(tutar), 0) AS ay
        FROM tahsilatlar WHERE tarih BETWEEN :ay_basi AND :gun
    """), {"gun": gun, "ay_basi": gun.replace(day=1)}).mappings().one())


def gecikmis_alacak_ozeti(gun: date) -> dict:
    """Overdue open balance as of ``gun`` and how many taxpayers owe it (one statement)."""
    return dict(db.session.execute(_YAS_TOPLAM_SQL, {"gun": gun}).mappings().one())


def gunler(baslangic: date, bitis: date) -> list[date]:
    """Every day of a range (for charts that show the days without collections too)."""
    return [baslangic + timedelta(days=i) for i in range((bitis - baslangic).days + 1)]
