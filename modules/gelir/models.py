"""Gelir tables, in the tenant's schema.

Money is ``Numeric(18, 2)``.  Debts and payments are never edited or deleted: an accrual
is cancelled by a reversing row (``Tahakkuk.iptal_edilen_id``), a payment by a refund.
The open balance of an accrual is its amount minus its reversal minus what payments
applied to it (``TahsilatDagilimi``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ebelediye.extensions import db

Money = Numeric(18, 2)


def _pk() -> Mapped[int]:
    return mapped_column(BigInteger, Identity(), primary_key=True)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


# --- settings, revenue kinds, tariffs ------------------------------------------------

class GelirAyari(db.Model):
    """The municipality's revenue settings (one row)."""

    __tablename__ = "gelir_ayarlari"

    id: Mapped[int] = _pk()
    #: Büyükşehir belediyesi: ÇTV tariffs are the metropolitan ones.
    buyuksehir: Mapped[bool] = mapped_column(Boolean, default=False)
    il: Mapped[str] = mapped_column(String(60), default="")
    ilce: Mapped[str] = mapped_column(String(60), default="")
    makbuz_on_eki: Mapped[str] = mapped_column(String(10), default="M")
    #: days before a due date the taxpayers are reminded of it (0: no reminders)
    hatirlatma_gun: Mapped[int] = mapped_column(SmallInteger, default=7, server_default="7")
    #: the most installments offered on the bank's card page (1: one payment only); the bank
    #: still decides by the card (a debit card has none)
    kart_taksit_en_cok: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    #: installments are offered from this total upwards
    kart_taksit_alt_tutar: Mapped[Decimal] = mapped_column(Money, default=Decimal(0), server_default="0")


class GelirTuru(db.Model):
    """A revenue kind: its code, name, budget economic code and installment plan."""

    __tablename__ = "gelir_turleri"

    kod: Mapped[str] = mapped_column(String(40), primary_key=True)
    ad: Mapped[str] = mapped_column(String(120))
    ad_en: Mapped[str] = mapped_column(String(120))
    #: analitik bütçe sınıflandırması, gelir ekonomik kodu (e.g. 01.2.9.51 Bina Vergisi)
    ekonomik_kod: Mapped[str] = mapped_column(String(20))
    #: "emlak" | "ctv" | "ilan" | "ucret" | "gecikme": which calendar and rules apply
    grup: Mapped[str] = mapped_column(String(20))
    #: order of payment when a taxpayer pays part of his debts on the same due date
    oncelik: Mapped[int] = mapped_column(SmallInteger, default=50)
    #: gecikme zammı runs on it (not on penalties other than vergi ziyaı)
    gecikme_zammi: Mapped[bool] = mapped_column(Boolean, default=True)
    kesinlik: Mapped[str] = mapped_column(String(2), default="C")  # C / C2 / U (RULES.md)


class VadeTakvimi(db.Model):
    """Installment due dates of a revenue group, dated: (group, installment) → month/day."""

    __tablename__ = "vade_takvimi"
    __table_args__ = (UniqueConstraint("grup", "taksit", "gecerlilik_baslangic"),)

    id: Mapped[int] = _pk()
    grup: Mapped[str] = mapped_column(String(20))
    taksit: Mapped[int] = mapped_column(SmallInteger)
    ay: Mapped[int] = mapped_column(SmallInteger)
    gun: Mapped[int] = mapped_column(SmallInteger)
    gecerlilik_baslangic: Mapped[date] = mapped_column(Date)
    gecerlilik_bitis: Mapped[date | None] = mapped_column(Date)


class Tarife(db.Model):
    """A municipal tariff figure, dated: unit values per street/zone, ad tariffs, fees.

    ``tur``: ``arsa_birim`` / ``arazi_birim`` (TL/m², per value zone ``kod``),
    ``ilan_reklam`` (TL per m² per period, per type and location group),
    ``ucret`` (fees other modules charge through Gelir, e.g. ``nikah.hafta_ici``).
    """

    __tablename__ = "tarifeler"
    __table_args__ = (
        UniqueConstraint("tur", "kod", "gecerlilik_baslangic"),
        CheckConstraint("tutar >= 0", name="tutar_pozitif"),
        CheckConstraint("gecerlilik_bitis IS NULL OR gecerlilik_bitis >= gecerlilik_baslangic",
                        name="gecerlilik_sirasi"),
    )

    id: Mapped[int] = _pk()
    tur: Mapped[str] = mapped_column(String(20))
    kod: Mapped[str] = mapped_column(String(80))
    ad: Mapped[str] = mapped_column(String(200))
    birim: Mapped[str] = mapped_column(String(40))
    tutar: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    gelir_kodu: Mapped[str | None] = mapped_column(ForeignKey("gelir_turleri.kod"))
    gecerlilik_baslangic: Mapped[date] = mapped_column(Date)
    gecerlilik_bitis: Mapped[date | None] = mapped_column(Date)
    #: the council decision (meclis kararı) the figure comes from
    karar: Mapped[str | None] = mapped_column(String(200))
    olusturan: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


# --- taxpayers ---------------------------------------------------------------------

class Mukellef(db.Model):
    """A taxpayer: a person (TCKN) or a company (VKN).

    A duplicate is merged into another record and keeps existing with ``birlestigi_id``
    set, so old receipts still name it; its debts move to the survivor.
    """

    __tablename__ = "mukellefler"
    __table_args__ = (
        CheckConstraint("(tur = 'gercek' AND tckn IS NOT NULL) OR (tur = 'tuzel' AND vkn IS NOT NULL)",
                        name="kimlik_no"),
        Index("uq_mukellefler_tckn_aktif", "tckn", unique=True,
              postgresql_where=text("birlestigi_id IS NULL AND tckn IS NOT NULL")),
        Index("uq_mukellefler_vkn_aktif", "vkn", unique=True,
              postgresql_where=text("birlestigi_id IS NULL AND vkn IS NOT NULL")),
    )

    id: Mapped[int] = _pk()
    tur: Mapped[str] = mapped_column(String(10))  # gercek | tuzel
    tckn: Mapped[str | None] = mapped_column(String(11))
    vkn: Mapped[str | None] = mapped_column(String(10))
    ad: Mapped[str] = mapped_column(String(100), default="")
    soyad: Mapped[str] = mapped_column(String(100), default="")
    unvan: Mapped[str] = mapped_column(String(250), default="")
    adres: Mapped[str] = mapped_column(String(500), default="")
    telefon: Mapped[str] = mapped_column(String(20), default="")
    eposta: Mapped[str] = mapped_column(String(200), default="")
    #: GİB's answer when last asked: {"aktif": bool, "vergi_dairesi": ..., "sorgu": iso date}
    gib_durumu: Mapped[dict | None] = mapped_column(JSONB)
    kps_dogrulandi_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    birlestigi_id: Mapped[int | None] = mapped_column(ForeignKey("mukellefler.id"))
    #: set when the taxpayer asked for no due-date reminders (and by whom: "vatandas",
    #: "baglanti" for the link in a reminder, or the staff member who recorded the request)
    hatirlatma_kapali_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hatirlatma_kapatan: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()

    @property
    def gorunen_ad(self) -> str:
        return self.unvan if self.tur == "tuzel" else f"{self.ad} {self.soyad}".strip()

    @property
    def kimlik_no(self) -> str:
        return (self.tckn if self.tur == "gercek" else self.vkn) or ""


class MukellefBirlestirme(db.Model):
    """History of a merge: which record went into which, by whom, and what moved."""

    __tablename__ = "mukellef_birlestirmeleri"

    id: Mapped[int] = _pk()
    kaynak_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    hedef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    tasinanlar: Mapped[dict] = mapped_column(JSONB)
    gerekce: Mapped[str] = mapped_column(String(500))
    yapan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


# --- properties ----------------------------------------------------------------------

class Emlak(db.Model):
    """A property: bina (a building or an independent unit), arsa or arazi."""

    __tablename__ = "emlaklar"
    __table_args__ = (
        UniqueConstraint("ada", "parsel", "bagimsiz_bolum", name="uq_emlaklar_parsel"),
        CheckConstraint("arsa_alani >= 0 AND bina_alani >= 0 AND arsa_payi_alani >= 0", name="alan_pozitif"),
        CheckConstraint("tur IN ('bina', 'arsa', 'arazi')", name="tur"),
    )

    id: Mapped[int] = _pk()
    tur: Mapped[str] = mapped_column(String(10))
    mahalle: Mapped[str] = mapped_column(String(120), default="")
    sokak: Mapped[str] = mapped_column(String(200), default="")
    #: value zone (the takdir komisyonu's street/zone code) whose m² unit value applies
    deger_bolgesi: Mapped[str] = mapped_column(String(80))
    ada: Mapped[int] = mapped_column(Integer)
    parsel: Mapped[int] = mapped_column(Integer)
    bagimsiz_bolum: Mapped[str] = mapped_column(String(20), default="")
    #: land area (arsa/arazi) in m²
    arsa_alani: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=0)
    #: a building unit's share of the land in m² (arsa payı)
    arsa_payi_alani: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=0)
    #: gross floor area (brüt m²) of a building
    bina_alani: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=0)
    kullanim: Mapped[str | None] = mapped_column(String(10))  # mesken | isyeri (bina)
    #: building class of the cost table (e.g. "3A"), a national parameter key suffix
    insaat_sinifi: Mapped[str | None] = mapped_column(String(10))
    yapim_yili: Mapped[int | None] = mapped_column(SmallInteger)
    #: inside a büyükşehir's limits or mücavir alan: rates are doubled
    buyuksehir_mucavir: Mapped[bool] = mapped_column(Boolean, default=False)
    #: holiday home used only periodically: never qualifies for the zero-rate relief
    dinlenme_amacli: Mapped[bool] = mapped_column(Boolean, default=False)
    tapu_kontrol_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the taxation ended (demolished, burnt, exempt) from this installment's year on
    terkin_yili: Mapped[int | None] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = _created()

    hisseler: Mapped[list[EmlakHissesi]] = relationship(back_populates="emlak", order_by="EmlakHissesi.id")

    @property
    def tanim(self) -> str:
        bb = f" BB {self.bagimsiz_bolum}" if self.bagimsiz_bolum else ""
        return f"{self.ada} ada {self.parsel} parsel{bb}"

    @property
    def vergi_turu(self) -> str:
        """The revenue code: emlak_bina / emlak_arsa / emlak_arazi."""
        return f"emlak_{self.tur}"


class EmlakHissesi(db.Model):
    """An owner's share of a property, dated: ownership from ``baslangic_yili`` to ``bitis_yili``."""

    __tablename__ = "emlak_hisseleri"
    __table_args__ = (
        CheckConstraint("pay > 0 AND payda > 0 AND pay <= payda", name="pay_payda"),
        Index("ix_emlak_hisseleri_emlak", "emlak_id"),
        Index("ix_emlak_hisseleri_mukellef", "mukellef_id"),
    )

    id: Mapped[int] = _pk()
    emlak_id: Mapped[int] = mapped_column(ForeignKey("emlaklar.id"))
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    pay: Mapped[int] = mapped_column(Integer)
    payda: Mapped[int] = mapped_column(Integer)
    #: first budget year the owner is liable for (the year after acquisition)
    baslangic_yili: Mapped[int] = mapped_column(SmallInteger)
    #: last budget year (the year of sale: the seller still owes it)
    bitis_yili: Mapped[int | None] = mapped_column(SmallInteger)

    emlak: Mapped[Emlak] = relationship(back_populates="hisseler")
    mukellef: Mapped[Mukellef] = relationship()


class Beyan(db.Model):
    """A declaration (bildirim) filed for a property, kept as it was filed."""

    __tablename__ = "beyanlar"

    id: Mapped[int] = _pk()
    emlak_id: Mapped[int] = mapped_column(ForeignKey("emlaklar.id"), index=True)
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    tarih: Mapped[date] = mapped_column(Date)
    #: ilk | degisiklik | satis | terkin
    neden: Mapped[str] = mapped_column(String(20))
    bilgiler: Mapped[dict] = mapped_column(JSONB)
    kaydeden: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class Muafiyet(db.Model):
    """A relief granted on application, e.g. the zero-rate single dwelling (1319 m.8/2)."""

    __tablename__ = "muafiyetler"

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    emlak_id: Mapped[int] = mapped_column(ForeignKey("emlaklar.id"))
    tur: Mapped[str] = mapped_column(String(30))  # tek_konut
    #: emekli | gelirsiz | gazi | engelli | sehit_yakini
    gerekce: Mapped[str] = mapped_column(String(30))
    basvuru_tarihi: Mapped[date] = mapped_column(Date)
    baslangic_yili: Mapped[int] = mapped_column(SmallInteger)
    bitis_yili: Mapped[int | None] = mapped_column(SmallInteger)
    belge: Mapped[str] = mapped_column(String(300), default="")
    kaydeden: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class Degerleme(db.Model):
    """A property's emlak vergi değeri for a year, with the steps that produced it."""

    __tablename__ = "degerlemeler"
    __table_args__ = (UniqueConstraint("emlak_id", "yil"),)

    id: Mapped[int] = _pk()
    emlak_id: Mapped[int] = mapped_column(BigInteger)  # no foreign key: see migration g0001
    yil: Mapped[int] = mapped_column(SmallInteger)
    vergi_degeri: Mapped[Decimal] = mapped_column(Money)
    #: takdir | endeks | devir (carried over from the previous system) | tavan (capped)
    yontem: Mapped[str] = mapped_column(String(10))
    #: [{"adim": "...", "deger": "..."}] for "how was this computed"
    hesap: Mapped[list | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()


# --- other revenue sources ---------------------------------------------------------------

class CtvKaydi(db.Model):
    """A building user liable for çevre temizlik vergisi: a workplace with group and degree,
    or a residence with a water subscription (or none: taxed at the 7th group)."""

    __tablename__ = "ctv_kayitlari"
    __table_args__ = (
        CheckConstraint("grup BETWEEN 1 AND 7 OR grup IS NULL", name="grup"),
        CheckConstraint("derece BETWEEN 1 AND 5 OR derece IS NULL", name="derece"),
    )

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    emlak_id: Mapped[int | None] = mapped_column(ForeignKey("emlaklar.id"))
    kullanim: Mapped[str] = mapped_column(String(10))  # isyeri | konut
    grup: Mapped[int | None] = mapped_column(SmallInteger)
    derece: Mapped[int | None] = mapped_column(SmallInteger)
    abone_no: Mapped[str | None] = mapped_column(String(30), index=True)
    adres: Mapped[str] = mapped_column(String(500), default="")
    baslangic_yili: Mapped[int] = mapped_column(SmallInteger)
    bitis_yili: Mapped[int | None] = mapped_column(SmallInteger)


class SuTuketimi(db.Model):
    """Monthly water consumption of a subscription, imported from the water utility."""

    __tablename__ = "su_tuketimleri"
    __table_args__ = (
        UniqueConstraint("abone_no", "donem"),
        CheckConstraint("m3 >= 0", name="m3_pozitif"),
    )

    id: Mapped[int] = _pk()
    abone_no: Mapped[str] = mapped_column(String(30))
    donem: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    m3: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    aktarim: Mapped[str] = mapped_column(String(100))  # the import it came from


class IlanReklam(db.Model):
    """An advertisement permit: tariff line × m² × periods."""

    __tablename__ = "ilan_reklamlar"
    __table_args__ = (CheckConstraint("alan > 0 AND adet > 0", name="alan_adet"),)

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    tarife_kod: Mapped[str] = mapped_column(String(80))
    yer: Mapped[str] = mapped_column(String(300))
    alan: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    adet: Mapped[int] = mapped_column(Integer, default=1)
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date] = mapped_column(Date)
    kaydeden: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


# --- debts ---------------------------------------------------------------------

class Tahakkuk(db.Model):
    """An accrued debt (one installment), or the reversal of one.

    The key (taxpayer, revenue, source, year, installment, version) is unique among
    accruals, which makes the yearly batch idempotent; a correction reverses the accrual
    and adds the next version.  A reversal has ``iptal_edilen_id`` and a negative amount.
    """

    __tablename__ = "tahakkuklar"
    __table_args__ = (
        Index("uq_tahakkuklar_anahtar", "mukellef_id", "gelir_kodu", "kaynak", "yil", "taksit", "surum",
              unique=True, postgresql_where=text("iptal_edilen_id IS NULL")),
        Index("uq_tahakkuklar_iptal", "iptal_edilen_id", unique=True,
              postgresql_where=text("iptal_edilen_id IS NOT NULL")),
        Index("ix_tahakkuklar_mukellef_vade", "mukellef_id", "vade"),
        CheckConstraint("(iptal_edilen_id IS NULL AND tutar >= 0) OR (iptal_edilen_id IS NOT NULL AND tutar <= 0)",
                        name="tutar_isareti"),
    )

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    #: a GelirTuru.kod; no foreign key, for the batch's speed (see migration g0001)
    gelir_kodu: Mapped[str] = mapped_column(String(40))
    #: what it is for: "emlak:<id>", "ctv:<id>", "ilan:<id>", "ucret:<ref>", "gz:<tahakkuk id>"
    kaynak: Mapped[str] = mapped_column(String(80))
    yil: Mapped[int] = mapped_column(SmallInteger)
    taksit: Mapped[int] = mapped_column(SmallInteger, default=0)  # 0 = single payment
    surum: Mapped[int] = mapped_column(SmallInteger, default=1)
    vade: Mapped[date] = mapped_column(Date)
    tutar: Mapped[Decimal] = mapped_column(Money)
    aciklama: Mapped[str] = mapped_column(String(300), default="")
    iptal_edilen_id: Mapped[int | None] = mapped_column(BigInteger)
    #: the batch run that made it, if any
    calisma_id: Mapped[int | None] = mapped_column(BigInteger)
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class _Toplu:
    """What a resumable batch run records: its state, its cursor (the last source id fully
    processed), what it wrote, its job, who started it and when it ended."""

    #: bekliyor | calisiyor | bitti | hata
    durum: Mapped[str] = mapped_column(String(12), default="bekliyor")
    imlec: Mapped[int] = mapped_column(BigInteger, default=0)
    olusan: Mapped[int] = mapped_column(Integer, default=0)
    tutar: Mapped[Decimal] = mapped_column(Money, default=0)
    is_kaydi: Mapped[str | None] = mapped_column(String(40))
    hata: Mapped[str | None] = mapped_column(Text)
    baslatan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    bitis_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TopluTahakkuk(_Toplu, db.Model):
    """A yearly batch accrual run: resumable by its cursor (an emlak id or a ÇTV record id),
    idempotent by the accrual key."""

    __tablename__ = "toplu_tahakkuklar"

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    grup: Mapped[str] = mapped_column(String(20))  # emlak | ctv
    toplam_kaynak: Mapped[int | None] = mapped_column(Integer)


# --- payments ---------------------------------------------------------------------

class VezneOturumu(db.Model):
    """A cashier's day at the counter; closed once with the counted cash (kasa kapanışı)."""

    __tablename__ = "vezne_oturumlari"
    __table_args__ = (
        Index("uq_vezne_oturumlari_acik", "kasiyer_id", unique=True, postgresql_where=text("kapanis_at IS NULL")),
    )

    id: Mapped[int] = _pk()
    kasiyer_id: Mapped[int] = mapped_column(BigInteger)
    kasiyer: Mapped[str] = mapped_column(String(200))
    tarih: Mapped[date] = mapped_column(Date)
    acilis_at: Mapped[datetime] = _created()
    kapanis_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: {"nakit": "...", "kart": "...", "havale": "..."} as recorded by the system at close
    beklenen: Mapped[dict | None] = mapped_column(JSONB)
    sayilan_nakit: Mapped[Decimal | None] = mapped_column(Money)
    fark: Mapped[Decimal | None] = mapped_column(Money)
    aciklama: Mapped[str] = mapped_column(String(500), default="")


class Tahsilat(db.Model):
    """A payment received, with its numbered receipt (makbuz)."""

    __tablename__ = "tahsilatlar"
    # a receipt is positive; its reversal (a bank's same-day iptal) is the same amount,
    # negative, naming the receipt it reverses
    __table_args__ = (CheckConstraint("(iptal_edilen_id IS NULL AND tutar > 0) OR "
                                      "(iptal_edilen_id IS NOT NULL AND tutar < 0)", name="tutar_isareti"),)

    id: Mapped[int] = _pk()
    makbuz_no: Mapped[str] = mapped_column(String(30), unique=True)
    #: random code printed as a QR code: the public verification URL carries it
    dogrulama_kodu: Mapped[str] = mapped_column(String(40), unique=True)
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    #: nakit | kart | havale | online | banka
    kanal: Mapped[str] = mapped_column(String(10))
    tutar: Mapped[Decimal] = mapped_column(Money)
    tarih: Mapped[date] = mapped_column(Date)
    vezne_oturumu_id: Mapped[int | None] = mapped_column(ForeignKey("vezne_oturumlari.id"), index=True)
    online_odeme_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    alan: Mapped[str] = mapped_column(String(200))  # the cashier, or "online"
    belge_no: Mapped[str] = mapped_column(String(60), default="")  # bank transfer reference
    #: the receipt this row reverses (its amount and its applications negated)
    iptal_edilen_id: Mapped[int | None] = mapped_column(ForeignKey("tahsilatlar.id"), unique=True)
    created_at: Mapped[datetime] = _created()
    #: who paid, when not the taxpayer (a relative paying online): name and TCKN
    odeyen: Mapped[str | None] = mapped_column(String(250))

    dagilimlar: Mapped[list[TahsilatDagilimi]] = relationship(back_populates="tahsilat")


class TahsilatDagilimi(db.Model):
    """The part of a payment applied to one accrual."""

    __tablename__ = "tahsilat_dagilimlari"
    __table_args__ = (
        CheckConstraint("tutar <> 0", name="tutar_sifir_degil"),  # negative in a reversal's rows
        Index("ix_tahsilat_dagilimlari_tahakkuk", "tahakkuk_id"),
    )

    id: Mapped[int] = _pk()
    tahsilat_id: Mapped[int] = mapped_column(ForeignKey("tahsilatlar.id"), index=True)
    tahakkuk_id: Mapped[int] = mapped_column(ForeignKey("tahakkuklar.id"))
    tutar: Mapped[Decimal] = mapped_column(Money)

    tahsilat: Mapped[Tahsilat] = relationship(back_populates="dagilimlar")
    tahakkuk: Mapped[Tahakkuk] = relationship()


class Iade(db.Model):
    """A refund of a taxpayer's credit: prepared by one user, approved by another."""

    __tablename__ = "iadeler"
    __table_args__ = (CheckConstraint("tutar > 0", name="tutar_pozitif"),)

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    tahsilat_id: Mapped[int | None] = mapped_column(ForeignKey("tahsilatlar.id"))
    tutar: Mapped[Decimal] = mapped_column(Money)
    gerekce: Mapped[str] = mapped_column(String(500))
    #: bekliyor | onaylandi | reddedildi
    durum: Mapped[str] = mapped_column(String(12), default="bekliyor")
    #: nakit | havale | kart (back to the card, through the bank)
    odeme_sekli: Mapped[str] = mapped_column(String(10))
    iban: Mapped[str] = mapped_column(String(34), default="")
    talep_eden_id: Mapped[int | None] = mapped_column(BigInteger)
    talep_eden: Mapped[str] = mapped_column(String(200))
    onaylayan: Mapped[str | None] = mapped_column(String(200))
    karar_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    banka_iade_no: Mapped[str | None] = mapped_column(String(60))
    #: a cash refund is paid out at a cashier's desk: from that session, at that moment
    vezne_oturumu_id: Mapped[int | None] = mapped_column(ForeignKey("vezne_oturumlari.id"), index=True)
    odendi_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


class OnlineOdeme(db.Model):
    """A citizen's card payment through the bank's virtual POS.

    ``siparis_no`` is the order number the bank sees; the chosen accruals and the amount
    are fixed when it starts, and the callback must match them.  Applied at most once:
    ``tahsilat_id`` is set in the same transaction that writes the payment, under a row lock.
    """

    __tablename__ = "online_odemeler"

    id: Mapped[int] = _pk()
    siparis_no: Mapped[str] = mapped_column(String(40), unique=True)
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    tutar: Mapped[Decimal] = mapped_column(Money)
    #: the accrual ids and the amounts (principal + late fee as of the day) the citizen chose
    secim: Mapped[list] = mapped_column(JSONB)
    #: baslatildi | odendi | basarisiz | iade_edildi
    durum: Mapped[str] = mapped_column(String(12), default="baslatildi")
    odeme_no: Mapped[str | None] = mapped_column(String(60))
    sonuc: Mapped[str] = mapped_column(String(300), default="")
    geri_cagrim_sayisi: Mapped[int] = mapped_column(Integer, default=0)
    tahsilat_id: Mapped[int | None] = mapped_column(ForeignKey("tahsilatlar.id"))
    created_at: Mapped[datetime] = _created()
    sonuc_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the key of the confirmation page it was started from: submitting that page twice starts one payment
    onay_anahtari: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: the installments the card holder chose (1: one payment); the bank charges the card so
    taksit: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    #: the bank's card page it was sent to (a second submit of the confirmation goes there again)
    yonlendirme_url: Mapped[str | None] = mapped_column(String(1000))
    #: a citizen paying someone else's debt (issue 12, item 9): who paid; None = the taxpayer
    odeyen_tckn: Mapped[str | None] = mapped_column(String(11))
    odeyen_ad: Mapped[str | None] = mapped_column(String(200))


class MakbuzSayaci(db.Model):
    """Gap-free receipt numbers: one row per year, incremented under a row lock."""

    __tablename__ = "makbuz_sayaclari"

    yil: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    son: Mapped[int] = mapped_column(Integer, default=0)


class Hatirlatma(db.Model):
    """A due-date reminder sent to a taxpayer: one per taxpayer, due date and channel."""

    __tablename__ = "gelir_hatirlatmalar"
    __audit_exempt__ = True  # a notice, recorded here; the opt-outs are audited
    __table_args__ = (
        UniqueConstraint("mukellef_id", "vade", "kanal", name="uq_gelir_hatirlatmalar_bir_kez"),
        CheckConstraint("kanal IN ('eposta', 'sms')", name="ck_gelir_hatirlatmalar_kanal"),
    )

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    vade: Mapped[date] = mapped_column(Date)
    kanal: Mapped[str] = mapped_column(String(10))
    adres: Mapped[str] = mapped_column(String(254))
    tutar: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    created_at: Mapped[datetime] = _created()


# --- collection of overdue debt under 6183 (ödeme emri, tecil) ------------------------------

class OdemeEmriPartisi(_Toplu, db.Model):
    """A batch of ödeme emirleri for the overdue debts matching its criteria, one per taxpayer.

    Resumable by its cursor (the last taxpayer id done) and idempotent: a taxpayer gets at
    most one order per batch (``uq_odeme_emirleri_parti``)."""

    __tablename__ = "odeme_emri_partileri"

    id: Mapped[int] = _pk()
    #: {"yil": int | None, "gelir_kodu": str | None, "asgari": "100.00", "gun": "YYYY-MM-DD"}
    kriterler: Mapped[dict] = mapped_column(JSONB)
    toplam: Mapped[int | None] = mapped_column(Integer)


class OdemeEmri(db.Model):
    """An ödeme emri (6183 m.55): the overdue debts of one taxpayer as of its day, numbered
    without gaps per year; its tebliğ date starts the 15-day periods to pay and to object
    (m.58).  Never edited: each step is a new state with an audit row."""

    __tablename__ = "odeme_emirleri"
    __table_args__ = (
        UniqueConstraint("yil", "sira"),
        UniqueConstraint("parti_id", "mukellef_id", name="uq_odeme_emirleri_parti"),
        CheckConstraint("durum IN ('hazirlandi', 'teblig_edildi', 'itirazda', 'kesinlesti', 'iptal')",
                        name="durum"),
    )

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    sira: Mapped[int] = mapped_column(Integer)
    no: Mapped[str] = mapped_column(String(30), unique=True)
    parti_id: Mapped[int | None] = mapped_column(ForeignKey("odeme_emri_partileri.id"), index=True)
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    duzenleme_tarihi: Mapped[date] = mapped_column(Date)
    #: the debts as of the day: [{"tahakkuk_id", "gelir_adi", "yil", "taksit", "vade", "anapara", "gecikme"}]
    kalemler: Mapped[list] = mapped_column(JSONB)
    anapara: Mapped[Decimal] = mapped_column(Money)
    gecikme: Mapped[Decimal] = mapped_column(Money)
    durum: Mapped[str] = mapped_column(String(14), default="hazirlandi")
    teblig_tarihi: Mapped[date | None] = mapped_column(Date)
    #: tebliğ + the payment period (m.55), moved past a holiday
    odeme_son_gun: Mapped[date | None] = mapped_column(Date)
    #: tebliğ + the objection period (m.58)
    itiraz_son_gun: Mapped[date | None] = mapped_column(Date)
    itiraz_tarihi: Mapped[date | None] = mapped_column(Date)
    #: kabul (the order is cancelled) | ret (it stands)
    itiraz_sonucu: Mapped[str | None] = mapped_column(String(6))
    itiraz_karar_tarihi: Mapped[date | None] = mapped_column(Date)
    aciklama: Mapped[str] = mapped_column(String(500), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()

    @property
    def toplam(self) -> Decimal:
        return self.anapara + self.gecikme


class OdemeEmriSayaci(db.Model):
    """Gap-free ödeme emri numbers: one row per year, incremented under a row lock."""

    __tablename__ = "odeme_emri_sayaclari"

    yil: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    son: Mapped[int] = mapped_column(Integer, default=0)


class TecilPlani(db.Model):
    """A tecil ve taksitlendirme (6183 m.48) of some of a taxpayer's overdue debts.

    The late fee up to the tecil date is accrued when it is approved; from then the debts
    bear tecil faizi (one accrual per installment) instead of late fees (m.52).  It closes
    when every installment is paid, breaks (``bozuldu``) when one is missed, or is
    cancelled by staff; either way the unpaid installments' interest is reversed and the
    debts are ordinary overdue debts again.  Never edited."""

    __tablename__ = "tecil_planlari"
    __table_args__ = (
        CheckConstraint("durum IN ('aktif', 'kapandi', 'bozuldu', 'iptal')", name="durum"),
        CheckConstraint("taksit_sayisi > 0", name="taksit_sayisi"),
    )

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    durum: Mapped[str] = mapped_column(String(8), default="aktif")
    tecil_tarihi: Mapped[date] = mapped_column(Date)
    taksit_sayisi: Mapped[int] = mapped_column(SmallInteger)
    anapara: Mapped[Decimal] = mapped_column(Money)
    gecikme: Mapped[Decimal] = mapped_column(Money)
    faiz: Mapped[Decimal] = mapped_column(Money)
    #: the guarantee shown (m.48), required above the no-guarantee limit
    teminat: Mapped[str] = mapped_column(String(300), default="")
    #: the steps of the computation, for "how was this computed"
    hesap: Mapped[list | None] = mapped_column(JSONB)
    onaylayan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    kapanis_tarihi: Mapped[date | None] = mapped_column(Date)
    kapanis_nedeni: Mapped[str] = mapped_column(String(500), default="")
    #: a restructuring (yapılandırma) under this campaign, not a tecil: its installments'
    #: ``faiz`` is the campaign's new amount and increase, ``yapilandirma`` what it changed
    kampanya_id: Mapped[int | None] = mapped_column(ForeignKey("yapilandirma_kampanyalari.id"), index=True)
    #: {"borclar": [{"tahakkuk_id", "anapara", "gecikme", "gecikme_acik", "iptaller": [[row, reversal, amount]]}],
    #:  "katsayi", "indirim", "yeni", "artis", "asil_gecikme", "geri": [[row, amount]] once broken}
    yapilandirma: Mapped[dict | None] = mapped_column(JSONB)

    taksitler: Mapped[list[TecilTaksiti]] = relationship(back_populates="plan", order_by="TecilTaksiti.sira")

    @property
    def toplam(self) -> Decimal:
        return self.anapara + self.gecikme + self.faiz


class TecilTaksiti(db.Model):
    """One installment of a plan: its share of the principal and of the late fee, its
    tecil faizi (accrued as ``faiz_tahakkuk_id``), and which accruals it pays (``paylar``:
    [{"tahakkuk_id", "gelir_kodu", "tutar"}], in the order a payment applies them)."""

    __tablename__ = "tecil_taksitleri"
    __table_args__ = (UniqueConstraint("plan_id", "sira"),)

    id: Mapped[int] = _pk()
    plan_id: Mapped[int] = mapped_column(ForeignKey("tecil_planlari.id"))
    sira: Mapped[int] = mapped_column(SmallInteger)
    vade: Mapped[date] = mapped_column(Date)
    anapara: Mapped[Decimal] = mapped_column(Money)
    gecikme: Mapped[Decimal] = mapped_column(Money)
    faiz: Mapped[Decimal] = mapped_column(Money)
    faiz_tahakkuk_id: Mapped[int] = mapped_column(ForeignKey("tahakkuklar.id"), unique=True)
    paylar: Mapped[list] = mapped_column(JSONB)
    tahsilat_id: Mapped[int | None] = mapped_column(ForeignKey("tahsilatlar.id"))

    plan: Mapped[TecilPlani] = relationship(back_populates="taksitler")

    @property
    def toplam(self) -> Decimal:
        return self.anapara + self.gecikme + self.faiz


class YapilandirmaKampanyasi(db.Model):
    """A restructuring campaign (yapılandırma): a law's rules as dated data — which debts
    (revenue kinds, due on or before ``kapsam_vade_sonu``), what replaces their late fees,
    the installment options with their coefficients, the cash discount, the application
    window and how many missed installments it tolerates.  Never edited once used."""

    __tablename__ = "yapilandirma_kampanyalari"
    __table_args__ = (
        CheckConstraint("gecikme_yontemi IN ('yi_ufe', 'aylik_oran', 'vazgec')", name="gecikme_yontemi"),
        CheckConstraint("basvuru_bitis >= basvuru_baslangic", name="basvuru_araligi"),
        CheckConstraint("taksit_araligi_ay BETWEEN 1 AND 12", name="taksit_araligi"),
        CheckConstraint("tolerans >= 0", name="tolerans"),
        CheckConstraint("son_taksit_ek_ay BETWEEN 0 AND 12", name="son_taksit_ek_ay"),
    )

    id: Mapped[int] = _pk()
    ad: Mapped[str] = mapped_column(String(200))
    kanun_no: Mapped[str] = mapped_column(String(20))
    kanun_tarihi: Mapped[date] = mapped_column(Date)
    #: the Official Gazette and articles followed, and the sources of each figure
    dayanak: Mapped[str] = mapped_column(String(500), default="")
    basvuru_baslangic: Mapped[date] = mapped_column(Date)
    basvuru_bitis: Mapped[date] = mapped_column(Date)
    kapsam_vade_sonu: Mapped[date] = mapped_column(Date)
    #: the revenue kinds (GelirTuru.kod) it covers
    gelir_kodlari: Mapped[list] = mapped_column(JSONB)
    #: what replaces the late fee, by the late fee's own method from vade to ``hesap_sonu``:
    #: 'yi_ufe' the Yİ-ÜFE monthly changes (national parameter ``yi_ufe.aylik_degisim``),
    #: 'aylik_oran' one rate ``aylik_oran`` % a month, 'vazgec' nothing (waived)
    gecikme_yontemi: Mapped[str] = mapped_column(String(12))
    aylik_oran: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    hesap_sonu: Mapped[date] = mapped_column(Date)
    #: % of the new amount waived when paid at once (one installment)
    pesin_indirim: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    #: [{"taksit": n, "katsayi": "1.045"}], one installment (cash) included when offered
    secenekler: Mapped[list] = mapped_column(JSONB)
    ilk_taksit_vadesi: Mapped[date] = mapped_column(Date)
    taksit_araligi_ay: Mapped[int] = mapped_column(SmallInteger, default=1)
    #: missed installments tolerated; one more breaks the restructuring
    tolerans: Mapped[int] = mapped_column(SmallInteger, default=0)
    #: a late installment may still be paid, with the late-payment surcharge (geç ödeme zammı,
    #: at the 6183 m.51 rate for each month and part of a month), until the end of the N-th
    #: month after the last installment's due day; past it any unpaid one breaks the
    #: restructuring, before it the last one does not count as missed; 0 = no such grace
    son_taksit_ek_ay: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    #: debts in court (an ödeme emri under objection, 6183 m.58) may be restructured on the
    #: condition that the case is withdrawn; otherwise they are not eligible
    dava_vazgecme: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


# --- contracted banks (anlaşmalı banka tahsilatı) ------------------------------------

class Banka(db.Model):
    """A contracted bank: collects the municipality's debts at its branches, ATMs and
    internet banking through the API, signed in as its own service account (``staff_id``,
    a staff user without a password holding only ``gelir.banka.tahsilat``)."""

    __tablename__ = "bankalar"

    id: Mapped[int] = _pk()
    #: the bank's code in the agreement (EFT code or the municipality's own), e.g. "0010"
    kod: Mapped[str] = mapped_column(String(20), unique=True)
    ad: Mapped[str] = mapped_column(String(120))
    #: the account the bank's collections are posted to (102 or its sub-account)
    muhasebe_hesabi: Mapped[str] = mapped_column(String(20))
    iban: Mapped[str] = mapped_column(String(34), default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), unique=True)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class BankaTahsilati(db.Model):
    """One payment a bank sent, once per (bank, the bank's reference): a repeated request
    finds this row and answers with its receipt; ``istek_ozeti`` tells a repeat from a
    different payment reusing the reference."""

    __tablename__ = "banka_tahsilatlari"
    __table_args__ = (
        UniqueConstraint("banka_id", "referans"),
        CheckConstraint("tutar > 0", name="tutar_pozitif"),
        Index("ix_banka_tahsilatlari_banka_tarih", "banka_id", "tarih"),
    )

    id: Mapped[int] = _pk()
    banka_id: Mapped[int] = mapped_column(ForeignKey("bankalar.id"))
    referans: Mapped[str] = mapped_column(String(64))
    #: sha256 of the request's content (taxpayer, items, amount) in a canonical form
    istek_ozeti: Mapped[str] = mapped_column(String(64))
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    tutar: Mapped[Decimal] = mapped_column(Money)
    tarih: Mapped[date] = mapped_column(Date)
    tahsilat_id: Mapped[int] = mapped_column(ForeignKey("tahsilatlar.id"))
    iptal_tahsilat_id: Mapped[int | None] = mapped_column(ForeignKey("tahsilatlar.id"))
    iptal_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()

    tahsilat: Mapped[Tahsilat] = relationship(foreign_keys=[tahsilat_id])


# --- zamanaşımı and terkin (6183 m.102–106) -------------------------------------------------

class ZamanasimiCalismasi(_Toplu, db.Model):
    """A year-end run listing the open debts whose collection period (6183 m.102) has run
    out by 31 December of ``yil``: a list for staff to review and write off (terkin), never
    a write-off by itself.  Resumable by its cursor (the last taxpayer id done) and
    idempotent: a debt is listed at most once per run (``uq_zamanasimi_kalemleri``)."""

    __tablename__ = "zamanasimi_calismalari"

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    toplam: Mapped[int | None] = mapped_column(Integer)


class ZamanasimiKalemi(db.Model):
    """One lapsed debt of a run, with how its period was computed: the vade, the last
    interrupting act (m.103) if any, and the last day of the period."""

    __tablename__ = "zamanasimi_kalemleri"
    __table_args__ = (
        UniqueConstraint("calisma_id", "tahakkuk_id", name="uq_zamanasimi_kalemleri"),
        Index("ix_zamanasimi_kalemleri_mukellef", "mukellef_id"),
    )

    id: Mapped[int] = _pk()
    calisma_id: Mapped[int] = mapped_column(ForeignKey("zamanasimi_calismalari.id"))
    tahakkuk_id: Mapped[int] = mapped_column(ForeignKey("tahakkuklar.id"))
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"))
    gelir_kodu: Mapped[str] = mapped_column(String(40))
    borc_yili: Mapped[int] = mapped_column(SmallInteger)
    vade: Mapped[date] = mapped_column(Date)
    #: open principal and accrued late fee when listed
    anapara: Mapped[Decimal] = mapped_column(Money)
    gecikme: Mapped[Decimal] = mapped_column(Money)
    #: the last interrupting act: its day and kind (odeme_emri | tecil | odeme | mahsup | haciz), if any
    kesilme_tarihi: Mapped[date | None] = mapped_column(Date)
    kesilme_nedeni: Mapped[str | None] = mapped_column(String(20))
    #: the last day of the five years (31 December); the debt lapses at its end
    son_gun: Mapped[date] = mapped_column(Date)


class Terkin(db.Model):
    """A write-off of one debt (its open principal and its accrued late fees) for a legal
    reason (``services.terkin.NEDENLER``): requested by one user, approved by another.  On
    approval the debt is closed by reversing rows (``kayitlar``), never edited or deleted."""

    __tablename__ = "terkinler"
    __table_args__ = (
        CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi')", name="durum"),
        Index("uq_terkinler_canli", "tahakkuk_id", unique=True,
              postgresql_where=text("durum IN ('bekliyor', 'onaylandi')")),
    )

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    tahakkuk_id: Mapped[int] = mapped_column(ForeignKey("tahakkuklar.id"))
    neden: Mapped[str] = mapped_column(String(30))
    #: the legal ground's reference (the decision, the law's article, the court's file)
    dayanak: Mapped[str] = mapped_column(String(300), default="")
    gerekce: Mapped[str] = mapped_column(String(500))
    durum: Mapped[str] = mapped_column(String(12), default="bekliyor")
    #: written off on approval
    anapara: Mapped[Decimal | None] = mapped_column(Money)
    gecikme: Mapped[Decimal | None] = mapped_column(Money)
    #: the reversing rows: [{"tahakkuk_id", "iptal_id", "tutar"}]
    kayitlar: Mapped[list | None] = mapped_column(JSONB)
    zamanasimi_kalemi_id: Mapped[int | None] = mapped_column(ForeignKey("zamanasimi_kalemleri.id"))
    talep_eden_id: Mapped[int | None] = mapped_column(BigInteger)
    talep_eden: Mapped[str] = mapped_column(String(200))
    onaylayan: Mapped[str | None] = mapped_column(String(200))
    karar_tarihi: Mapped[date | None] = mapped_column(Date)
    karar_notu: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = _created()


class Haciz(db.Model):
    """A haciz (attachment, 6183 m.62 ff.) securing some of a taxpayer's debts: its kind, day
    and amount; released (kaldırma) with a reason, never edited otherwise.  Its day
    interrupts zamanaşımı (m.103) for the debts it secures."""

    __tablename__ = "hacizler"
    __table_args__ = (
        CheckConstraint("tur IN ('banka', 'maas', 'arac', 'tasinmaz')", name="tur"),
        CheckConstraint("durum IN ('aktif', 'kaldirildi')", name="durum"),
        CheckConstraint("tutar > 0", name="tutar_pozitif"),
    )

    id: Mapped[int] = _pk()
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    tur: Mapped[str] = mapped_column(String(10))
    tarih: Mapped[date] = mapped_column(Date)
    tutar: Mapped[Decimal] = mapped_column(Money)
    #: what is attached: the bank and account, the employer, the plate, the tapu record
    konu: Mapped[str] = mapped_column(String(300))
    #: a salary attachment: the net salary it is a share of
    maas_net: Mapped[Decimal | None] = mapped_column(Money)
    #: the debts it secures: [tahakkuk id, …]
    tahakkuklar: Mapped[list] = mapped_column(JSONB)
    durum: Mapped[str] = mapped_column(String(10), default="aktif")
    kaldirma_tarihi: Mapped[date | None] = mapped_column(Date)
    kaldirma_nedeni: Mapped[str] = mapped_column(String(500), default="")
    olusturan: Mapped[str] = mapped_column(String(200))


# --- other revenues: rent and ecrimisil, permits charged from a tariff (issue 12, item 7) ---

class KiraSozlesmesi(db.Model):
    """A lease of municipal property (``tur = kira``) accrued period by period, or an
    occupation without a contract (``tur = ecrimisil``, 2886 m.75) charged once for its period.

    A lease's rent is ``tutar`` per period (``donem``: ``ay`` | ``yil``) in its first contract
    year, raised on each anniversary by ``artis`` (``sabit``: ``artis_orani`` %; ``tufe`` /
    ``ufe``: the 12-month average of the dated national parameter; ``yok``).  Each period is
    one accrual with ``kaynak = kira:<id>:<YYYY-MM>`` (the period's first month), so a rerun
    accrues nothing twice.
    """

    __tablename__ = "kira_sozlesmeleri"
    __table_args__ = (
        CheckConstraint("tur IN ('kira', 'ecrimisil')", name="tur"),
        CheckConstraint("donem IN ('ay', 'yil')", name="donem"),
        CheckConstraint("artis IN ('yok', 'sabit', 'tufe', 'ufe')", name="artis"),
        CheckConstraint("tutar > 0", name="tutar_pozitif"),
        CheckConstraint("bitis >= baslangic", name="tarih_sirasi"),
    )

    id: Mapped[int] = _pk()
    tur: Mapped[str] = mapped_column(String(10), default="kira")
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    #: the property: its register entry (ada/parsel, bağımsız bölüm) and what it is
    tasinmaz: Mapped[str] = mapped_column(String(300))
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date] = mapped_column(Date)
    donem: Mapped[str] = mapped_column(String(3), default="ay")
    tutar: Mapped[Decimal] = mapped_column(Money)
    artis: Mapped[str] = mapped_column(String(5), default="yok")
    artis_orani: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    #: the decision or assessment it rests on (ihale kararı; ecrimisil: kıymet takdir komisyonu)
    dayanak: Mapped[str] = mapped_column(String(300), default="")
    #: ecrimisil: the last day to pay (the notice's period)
    son_odeme: Mapped[date | None] = mapped_column(Date)
    kaydeden: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class HarcIzni(db.Model):
    """A permit charged from the council's tariff: işgaliye (2464 m.52–54) and pazar yeri
    (m² × days or months), işyeri açma ve çalışma ruhsatı harcı (m.81) and bina inşaat harcı
    (m.80) (m² × the class's amount).  ``tur`` is the tariff kind; accrued once when
    issued (``kaynak = harc:<id>``)."""

    __tablename__ = "harc_izinleri"
    __table_args__ = (
        CheckConstraint("tur IN ('isgaliye', 'pazar_yeri', 'ruhsat_harci', 'insaat_harci')", name="tur"),
        CheckConstraint("alan > 0", name="alan_pozitif"),
        CheckConstraint("bitis IS NULL OR bitis >= baslangic", name="tarih_sirasi"),
    )

    id: Mapped[int] = _pk()
    tur: Mapped[str] = mapped_column(String(20))
    mukellef_id: Mapped[int] = mapped_column(ForeignKey("mukellefler.id"), index=True)
    tarife_kod: Mapped[str] = mapped_column(String(80))
    yer: Mapped[str] = mapped_column(String(300))
    alan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date | None] = mapped_column(Date)
    #: how it was computed: tariff row, unit, amount, periods, total
    hesap: Mapped[dict] = mapped_column(JSONB)
    tutar: Mapped[Decimal] = mapped_column(Money)
    kaydeden: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
