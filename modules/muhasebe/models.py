"""Muhasebe tables, in the tenant's schema (every name starts with ``muh_``).

- ``Hesap``: the chart of accounts (hesap planı): the MİBMY accounts seeded on enable and
  the tenant's own sub-accounts (``102.01``); an account with movements keeps its type.
- ``Fis`` and ``FisSatiri``: the voucher (muhasebe işlem fişi, ödeme emri belgesi,
  gönderme emri) and its lines.  Lines are append-only in the database; a voucher is a
  draft until a second person approves it, then it gets its yearly number
  (``MuhSayac`` locked FOR UPDATE) and never changes again: it is corrected by a
  reversing voucher (``ters_fis_id``).
- ``Donem``: a locked month (no posting dated in it).
- ``ButceKalemi`` and ``ButceHareketi``: a budget line (tertip: kurumsal, fonksiyonel,
  finansman, ekonomik) with its appropriation and use, kept by the approval of the
  vouchers that move 901 and 905, under a row lock and a CHECK that use never exceeds the
  appropriation.
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
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ebelediye.extensions import db

Money = Numeric(18, 2)

#: account kinds (hesap türü) and the balance side each has normally
TURLER = ("varlik", "kaynak", "faaliyet", "butce", "odenek", "nazim")


def _pk() -> Mapped[int]:
    return mapped_column(BigInteger, Identity(), primary_key=True)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class Hesap(db.Model):
    """An account of the chart: a MİBMY main account (``100``) or a sub-account (``102.01``)."""

    __tablename__ = "muh_hesaplar"
    __table_args__ = (
        CheckConstraint("tur IN ('varlik', 'kaynak', 'faaliyet', 'butce', 'odenek', 'nazim')", name="tur_gecerli"),
        CheckConstraint("bakiye_yonu IN ('B', 'A', '')", name="yon_gecerli"),
        Index("uq_muh_hesaplar_iban", "iban", unique=True, postgresql_where=text("iban IS NOT NULL")),
    )

    id: Mapped[int] = _pk()
    kod: Mapped[str] = mapped_column(String(40), unique=True)
    ad: Mapped[str] = mapped_column(String(200))
    tur: Mapped[str] = mapped_column(String(12))
    #: "B" (borç) or "A" (alacak): the side the balance normally is on; "" either
    bakiye_yonu: Mapped[str] = mapped_column(String(1), default="")
    #: the rules forbid a balance on the other side (kasa cannot be in credit, 103 in debit)
    ters_bakiye_yasak: Mapped[bool] = mapped_column(Boolean, default=False)
    ust_kod: Mapped[str | None] = mapped_column(String(40), ForeignKey("muh_hesaplar.kod"), index=True)
    #: seeded from MİBMY (True) or added by the municipality
    standart: Mapped[bool] = mapped_column(Boolean, default=False)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    olusturan: Mapped[str] = mapped_column(String(200), default="")
    #: a bank account's IBAN (102 and its sub-accounts only): an MT940 statement's ``:25:`` must name it
    iban: Mapped[str | None] = mapped_column(String(34))
    created_at: Mapped[datetime] = _created()

    @property
    def ana_kod(self) -> str:
        return self.kod.split(".")[0]


class MuhSayac(db.Model):
    """The last voucher number given in a year (locked FOR UPDATE at each approval)."""

    __tablename__ = "muh_sayaclar"

    yil: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    son: Mapped[int] = mapped_column(Integer, default=0)


class Fis(db.Model):
    """A voucher: a draft until approved by someone other than its preparer."""

    __tablename__ = "muh_fisler"
    __table_args__ = (
        UniqueConstraint("yil", "no", name="uq_muh_fisler_yil_no"),
        CheckConstraint("durum IN ('taslak', 'onaylandi', 'iptal')", name="durum_gecerli"),
        CheckConstraint("tur IN ('mif', 'oeb', 'gonderme')", name="tur_gecerli"),
        CheckConstraint("(durum = 'onaylandi') = (no IS NOT NULL)", name="no_onayla"),
        Index("ix_muh_fisler_tarih", "tarih"),
        Index("ix_muh_fisler_kaynak", "kaynak"),
        #: one live reversal per voucher (a cancelled draft reversal does not count)
        Index("uq_muh_fisler_ters_fis", "ters_fis_id", unique=True, postgresql_where=text("durum <> 'iptal'")),
        #: the few vouchers not approved, which the mizan leaves out
        Index("ix_muh_fisler_onaysiz", "id", postgresql_where=text("durum <> 'onaylandi'")),
        #: the carry-forward openings (services.acilis), left out of cumulative sums
        Index("ix_muh_fisler_acilis", "id", postgresql_where=text("starts_with(kaynak, 'muhasebe:acilis:')")),
    )

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    #: the yevmiye number, given at approval (gap-free within the year)
    no: Mapped[int | None] = mapped_column(Integer)
    tur: Mapped[str] = mapped_column(String(10), default="mif")
    tarih: Mapped[date] = mapped_column(Date)
    aciklama: Mapped[str] = mapped_column(String(500), default="")
    durum: Mapped[str] = mapped_column(String(10), default="taslak")
    #: what produced an automatic voucher ("gelir:makbuz:2026-000017")
    kaynak: Mapped[str | None] = mapped_column(String(200))
    #: the approved voucher this one reverses (one live reversal each)
    ters_fis_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("muh_fisler.id"))
    toplam: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    hazirlayan: Mapped[str] = mapped_column(String(200))
    hazirlayan_id: Mapped[int | None] = mapped_column(BigInteger)
    onaylayan: Mapped[str | None] = mapped_column(String(200))
    onaylayan_id: Mapped[int | None] = mapped_column(BigInteger)
    onay_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()

    @property
    def numara(self) -> str:
        return f"{self.yil}/{self.no:06d}" if self.no else "—"


class FisSatiri(db.Model):
    """A line of a voucher: one account, its budget codes, a debit or a credit (append-only)."""

    __tablename__ = "muh_fis_satirlari"
    __table_args__ = (
        CheckConstraint("borc >= 0 AND alacak >= 0 AND (borc = 0) <> (alacak = 0)", name="tek_taraf"),
        Index("ix_muh_fis_satirlari_hesap", "hesap_kod"),
        Index("ix_muh_fis_satirlari_tarih", "tarih"),
    )

    id: Mapped[int] = _pk()
    fis_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_fisler.id"), index=True)
    #: the voucher's day (it never changes): the mizan groups lines without joining vouchers
    tarih: Mapped[date] = mapped_column(Date)
    sira: Mapped[int] = mapped_column(SmallInteger)
    hesap_kod: Mapped[str] = mapped_column(String(40), ForeignKey("muh_hesaplar.kod"))
    kurumsal: Mapped[str] = mapped_column(String(20), default="")
    fonksiyonel: Mapped[str] = mapped_column(String(20), default="")
    finansman: Mapped[str] = mapped_column(String(4), default="")
    ekonomik: Mapped[str] = mapped_column(String(20), default="")
    borc: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    alacak: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    aciklama: Mapped[str] = mapped_column(String(300), default="")


class Donem(db.Model):
    """A locked month: nothing dated in it can be approved any more."""

    __tablename__ = "muh_donemler"
    __table_args__ = (CheckConstraint("ay BETWEEN 1 AND 12", name="ay_gecerli"),)

    yil: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    ay: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    kilitleyen: Mapped[str] = mapped_column(String(200))
    kilit_at: Mapped[datetime] = _created()


class ButceKalemi(db.Model):
    """A budget line (tertip) of a year: its appropriation and what was spent of it."""

    __tablename__ = "muh_butce_kalemleri"
    __table_args__ = (
        UniqueConstraint("yil", "kurumsal", "fonksiyonel", "finansman", "ekonomik", name="uq_muh_butce_tertip"),
        CheckConstraint("kullanilan <= odenek", name="odenek_asilamaz"),
        CheckConstraint("kullanilan >= 0 AND odenek >= 0", name="pozitif"),
    )

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    kurumsal: Mapped[str] = mapped_column(String(20))
    fonksiyonel: Mapped[str] = mapped_column(String(20))
    finansman: Mapped[str] = mapped_column(String(4))
    #: the first two levels of the gider ekonomik kodu ("03.05"): 905 and 900's sub-account
    ekonomik: Mapped[str] = mapped_column(String(20))
    ad: Mapped[str] = mapped_column(String(200))
    odenek: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    kullanilan: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    olusturan: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = _created()

    @property
    def kalan(self) -> Decimal:
        return self.odenek - self.kullanilan

    @property
    def tertip(self) -> str:
        return f"{self.kurumsal} | {self.fonksiyonel} | {self.finansman} | {self.ekonomik}"


class ButceHareketi(db.Model):
    """What an approved voucher did to a budget line (append-only)."""

    __tablename__ = "muh_butce_hareketleri"
    __table_args__ = (
        CheckConstraint("tur IN ('odenek', 'odenek_dusum', 'harcama', 'harcama_iptal')", name="tur_gecerli"),
    )

    id: Mapped[int] = _pk()
    kalem_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_butce_kalemleri.id"), index=True)
    fis_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_fisler.id"), index=True)
    tur: Mapped[str] = mapped_column(String(14))
    tutar: Mapped[Decimal] = mapped_column(Money)
    tarih: Mapped[date] = mapped_column(Date)


class DonemAcma(db.Model):
    """A request to unlock a locked month, with its reason; a second person decides it."""

    __tablename__ = "muh_donem_acmalar"
    __table_args__ = (
        CheckConstraint("ay BETWEEN 1 AND 12", name="ay_gecerli"),
        CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi')", name="durum_gecerli"),
        Index("uq_muh_donem_acmalar_bekleyen", "yil", "ay", unique=True, postgresql_where=text("durum = 'bekliyor'")),
    )

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    ay: Mapped[int] = mapped_column(SmallInteger)
    gerekce: Mapped[str] = mapped_column(String(500))
    durum: Mapped[str] = mapped_column(String(12), default="bekliyor")
    talep_eden: Mapped[str] = mapped_column(String(200))
    talep_eden_id: Mapped[int | None] = mapped_column(BigInteger)
    karar_veren: Mapped[str | None] = mapped_column(String(200))
    karar_veren_id: Mapped[int | None] = mapped_column(BigInteger)
    karar_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


class MuhAyar(db.Model):
    """The municipality's Muhasebe settings (one row): since when it receives events."""

    __tablename__ = "muh_ayarlar"
    __table_args__ = (CheckConstraint("id = 1", name="tek_satir"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False, default=1)
    #: the moment Muhasebe was first enabled: earlier records come in by back-posting
    etkin_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GeriAktarim(db.Model):
    """A back-posting run: the revenue module's records created before ``kesim``, posted day
    by day from ``bas`` to ``bit``; ``imlec`` is the last day made durable."""

    __tablename__ = "muh_geri_aktarimlar"
    __table_args__ = (
        CheckConstraint("durum IN ('bekliyor', 'calisiyor', 'bitti', 'hata')", name="durum_gecerli"),
        Index("uq_muh_geri_aktarimlar_acik", "kaynak_modul", unique=True,
              postgresql_where=text("durum IN ('bekliyor', 'calisiyor')")),
    )

    id: Mapped[int] = _pk()
    kaynak_modul: Mapped[str] = mapped_column(String(40))
    kesim: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    bas: Mapped[date] = mapped_column(Date)
    bit: Mapped[date] = mapped_column(Date)
    imlec: Mapped[date | None] = mapped_column(Date)
    durum: Mapped[str] = mapped_column(String(12), default="bekliyor")
    fis_sayisi: Mapped[int] = mapped_column(Integer, default=0)
    kayit_sayisi: Mapped[int] = mapped_column(BigInteger, default=0)
    tutar: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    is_kaydi: Mapped[str | None] = mapped_column(String(40))
    hata: Mapped[str | None] = mapped_column(Text)
    baslatan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    bitis_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Tedarikci(db.Model):
    """A supplier (alacaklı): a company by VKN or a person by TCKN, paid to its IBAN."""

    __tablename__ = "muh_tedarikciler"

    id: Mapped[int] = _pk()
    kimlik_no: Mapped[str] = mapped_column(String(11), unique=True)
    unvan: Mapped[str] = mapped_column(String(250))
    iban: Mapped[str] = mapped_column(String(34), default="")
    adres: Mapped[str] = mapped_column(String(500), default="")
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class Fatura(db.Model):
    """A supplier's invoice, booked by its ödeme emri belgesi (630/320, 830/835, 905/900)."""

    __tablename__ = "muh_faturalar"
    __table_args__ = (
        UniqueConstraint("tedarikci_id", "fatura_no", name="uq_muh_faturalar_tedarikci_id"),
        CheckConstraint("tutar > 0", name="tutar_pozitif"),
        CheckConstraint("odenecek > 0 AND odenecek <= tutar", name="odenecek_gecerli"),
    )

    id: Mapped[int] = _pk()
    tedarikci_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_tedarikciler.id"), index=True)
    fatura_no: Mapped[str] = mapped_column(String(40))
    fatura_tarihi: Mapped[date] = mapped_column(Date)
    tutar: Mapped[Decimal] = mapped_column(Money)
    kalem_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_butce_kalemleri.id"))
    gider_ekonomik: Mapped[str] = mapped_column(String(20), default="")
    aciklama: Mapped[str] = mapped_column(String(300), default="")
    fis_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_fisler.id"))
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    #: the invoice's tax lines (``services.vergi``; all NULL on an invoice recorded without
    #: them, as before m0008): net amount, KDV kind and rate (%) in force on its day, KDV
    matrah: Mapped[Decimal | None] = mapped_column(Money)
    kdv_turu: Mapped[str | None] = mapped_column(String(20))
    kdv_orani: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    kdv: Mapped[Decimal | None] = mapped_column(Money)
    #: what the supplier is paid: ``tutar`` (matrah + KDV, the cost) less the withholdings
    #: (``FaturaKesintisi``); equal to ``tutar`` on an invoice without any.  320 carries this.
    odenecek: Mapped[Decimal] = mapped_column(Money)


class FaturaKesintisi(db.Model):
    """A tax the municipality withholds from an invoice (KDV tevkifatı, damga vergisi, gelir
    vergisi stopajı): credited to its 360 sub-account by the invoice's ÖEB, paid to the tax
    office by the municipality, not to the supplier."""

    __tablename__ = "muh_fatura_kesintileri"
    __table_args__ = (
        CheckConstraint("tur IN ('kdv_tevkifat', 'damga', 'gelir_stopaj')", name="tur_gecerli"),
        CheckConstraint("tutar > 0 AND matrah > 0 AND oran > 0", name="pozitif"),
        Index("ix_muh_fatura_kesintileri_tarih", "tarih"),
    )

    id: Mapped[int] = _pk()
    fatura_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_faturalar.id"), index=True)
    #: the invoice's day (its ÖEB's): the month the withholding is declared for
    tarih: Mapped[date] = mapped_column(Date)
    tur: Mapped[str] = mapped_column(String(14))
    #: the kind within ``tur`` ("temizlik", "sozlesme", "serbest_meslek")
    kod: Mapped[str] = mapped_column(String(30))
    #: what the rate applies to (KDV for a tevkifat, the net amount otherwise)
    matrah: Mapped[Decimal] = mapped_column(Money)
    #: as the parameter holds it: a fraction (0.9), per mille (9.48) or per cent (20)
    oran: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    tutar: Mapped[Decimal] = mapped_column(Money)
    hesap_kod: Mapped[str] = mapped_column(String(40), ForeignKey("muh_hesaplar.kod"))


class Avans(db.Model):
    """An advance (iş avansı, 160) to an official, closed by the spending it covered and the
    cash returned."""

    __tablename__ = "muh_avanslar"
    __table_args__ = (
        CheckConstraint("tutar > 0", name="tutar_pozitif"),
        CheckConstraint("tur IN ('is_avansi', 'kredi')", name="tur_gecerli"),
    )

    id: Mapped[int] = _pk()
    tur: Mapped[str] = mapped_column(String(12), default="is_avansi")
    kimlik_no: Mapped[str] = mapped_column(String(11))
    ad_soyad: Mapped[str] = mapped_column(String(200))
    iban: Mapped[str] = mapped_column(String(34))
    tutar: Mapped[Decimal] = mapped_column(Money)
    kalem_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_butce_kalemleri.id"))
    aciklama: Mapped[str] = mapped_column(String(300), default="")
    #: its payment order's voucher (set as soon as the order is prepared)
    fis_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("muh_fisler.id"))
    kapanis_fis_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("muh_fisler.id"))
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class BankaDosyasi(db.Model):
    """A bank payment file: the approved payment orders sent to the bank together."""

    __tablename__ = "muh_banka_dosyalari"

    id: Mapped[int] = _pk()
    adet: Mapped[int] = mapped_column(Integer)
    toplam: Mapped[Decimal] = mapped_column(Money)
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class OdemeEmri(db.Model):
    """A payment order for an invoice or an advance: its gönderme emri voucher (320 or 160
    B / 103 A) is approved by another person; then it goes into a bank payment file."""

    __tablename__ = "muh_odeme_emirleri"
    __table_args__ = (
        CheckConstraint("tutar > 0", name="tutar_pozitif"),
        CheckConstraint("(fatura_id IS NULL) <> (avans_id IS NULL)", name="tek_belge"),
    )

    id: Mapped[int] = _pk()
    fatura_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("muh_faturalar.id"), index=True)
    avans_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("muh_avanslar.id"))
    alici: Mapped[str] = mapped_column(String(250))
    iban: Mapped[str] = mapped_column(String(34))
    tutar: Mapped[Decimal] = mapped_column(Money)
    fis_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_fisler.id"))
    dosya_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("muh_banka_dosyalari.id"))
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class BankaEkstresi(db.Model):
    """A bank statement imported for a bank account (102 or a sub-account), once per file."""

    __tablename__ = "muh_banka_ekstreleri"

    id: Mapped[int] = _pk()
    hesap_kod: Mapped[str] = mapped_column(String(40), ForeignKey("muh_hesaplar.kod"))
    bicim: Mapped[str] = mapped_column(String(10))
    dosya_adi: Mapped[str] = mapped_column(String(200), default="")
    #: SHA-256 of the file: the same statement is not imported twice
    ozet: Mapped[str] = mapped_column(String(64), unique=True)
    satir_sayisi: Mapped[int] = mapped_column(Integer)
    #: SWIFT MT940: the statements' ``:20:``/``:28C:``, the first opening and last closing balance
    ekstre_no: Mapped[str | None] = mapped_column(String(200))
    acilis_bakiye: Mapped[Decimal | None] = mapped_column(Money)
    kapanis_bakiye: Mapped[Decimal | None] = mapped_column(Money)
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class EkstreSatiri(db.Model):
    """A statement line (positive: money in, 102 debit) and the voucher line it matches."""

    __tablename__ = "muh_ekstre_satirlari"
    __table_args__ = (
        CheckConstraint("tutar <> 0", name="tutar_sifir_degil"),
        CheckConstraint("eslesme IS NULL OR eslesme IN ('otomatik', 'elle')", name="eslesme_gecerli"),
    )

    id: Mapped[int] = _pk()
    ekstre_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("muh_banka_ekstreleri.id"), index=True)
    satir_no: Mapped[int] = mapped_column(Integer)
    tarih: Mapped[date] = mapped_column(Date)
    tutar: Mapped[Decimal] = mapped_column(Money)
    referans: Mapped[str] = mapped_column(String(100), default="")
    aciklama: Mapped[str] = mapped_column(String(300), default="")
    fis_satiri_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("muh_fis_satirlari.id"), unique=True)
    eslesme: Mapped[str | None] = mapped_column(String(10))
    eslestiren: Mapped[str | None] = mapped_column(String(200))
    eslesme_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Mutabakat(db.Model):
    """A subsidiary-ledger reconciliation run: the ledger's balance against the module that
    keeps the detail (120 against Gelir's open debts), with the difference by economic code."""

    __tablename__ = "muh_mutabakatlar"
    __table_args__ = (Index("ix_muh_mutabakatlar_tur_gun", "tur", "gun"),)

    id: Mapped[int] = _pk()
    tur: Mapped[str] = mapped_column(String(20))
    gun: Mapped[date] = mapped_column(Date)
    defter: Mapped[Decimal] = mapped_column(Money)
    yardimci: Mapped[Decimal] = mapped_column(Money)
    fark: Mapped[Decimal] = mapped_column(Money)
    #: [{"ekonomik": "01.2.9.51", "defter": "…", "yardimci": "…", "fark": "…"}] for the codes that differ
    ayrinti: Mapped[list] = mapped_column(JSONB)
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class MaliVeriGirisi(db.Model):
    """A month's financial data marked as entered into the Hazine's system (KBS), with a
    fingerprint of what was entered: a later change to that month's figures shows as a
    difference to enter again.  Append-only: entering again is a new row."""

    __tablename__ = "muh_mali_veri_girisleri"
    __table_args__ = (
        CheckConstraint("ay BETWEEN 1 AND 12", name="ay_gecerli"),
        Index("ix_muh_mali_veri_girisleri_yil_ay", "yil", "ay"),
    )

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    ay: Mapped[int] = mapped_column(SmallInteger)
    #: SHA-256 of the tables as entered (``services.mali_istatistik.parmak_izi``)
    parmak_izi: Mapped[str] = mapped_column(String(64))
    borc_toplam: Mapped[Decimal] = mapped_column(Money)
    alacak_toplam: Mapped[Decimal] = mapped_column(Money)
    aciklama: Mapped[str] = mapped_column(String(500), default="")
    giren: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
