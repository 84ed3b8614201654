"""İK tables, in the tenant's schema (every name starts with ``ik_``).

- Organisation: the office's settings (employer VKN for SGK), units (müdürlükler) with their
  kurumsal kod, positions (kadro: sınıf, unvan, derece).
- Staff (``Personel``): identity as KPS registers it, the kind (memur / işçi / sözleşmeli /
  geçici) and SGK status, the SGK hire and leave notices' references, leaving with its reason.
  Assignments (``Atama``) keep the history: a new one closes the one before; the wage of an
  işçi or sözleşmeli and the memur's indicators live on the assignment.
- Payroll (``Bordro``): one regular run per month, difference runs (``fark``) correcting a
  closed one; payslips (``BordroSatiri``), one per person and run (a unique constraint, so a
  resumed run never doubles one).  Payslips are append-only: a closed run is never edited.
- Personnel documents (özlük dosyası): a person's files (PDF, JPEG, PNG) in the tenant's
  schema with their kind (a tenant-extendable list), SHA-256 and validity; never deleted,
  only marked "geçersiz" once with a reason.
- Leave: requests and the movements (entitlement, use, carry-over, lapse) the balance is
  summed from; movements are append-only.
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
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ebelediye.extensions import db

Money = Numeric(18, 2)

#: staff kinds and their default SGK status (RULES §7.5)
TURLER = ("memur", "isci", "sozlesmeli", "gecici")
SGK_STATULERI = ("4a", "4c", "5434")


def _pk() -> Mapped[int]:
    return mapped_column(BigInteger, Identity(), primary_key=True)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class IkAyari(db.Model):
    """The HR office's settings (one row): the employer as SGK knows it."""

    __tablename__ = "ik_ayarlari"

    id: Mapped[int] = _pk()
    isveren_vkn: Mapped[str] = mapped_column(String(10))
    isveren_unvan: Mapped[str] = mapped_column(String(200))
    #: prefix of staff numbers (P-000123)
    sicil_on_eki: Mapped[str] = mapped_column(String(10), default="P")
    #: the largest personnel document accepted, in MB (1-10: a base64 upload of 10 MB stays
    #: under the platform's MAX_CONTENT_LENGTH of 16 MB)
    belge_azami_mb: Mapped[int] = mapped_column(SmallInteger, default=5, server_default="5")
    __table_args__ = (CheckConstraint("belge_azami_mb BETWEEN 1 AND 10", name="belge_azami_mb"),)


class Birim(db.Model):
    """An organisation unit (müdürlük) with its kurumsal kod."""

    __tablename__ = "ik_birimler"

    id: Mapped[int] = _pk()
    kod: Mapped[str] = mapped_column(String(20), unique=True)
    ad: Mapped[str] = mapped_column(String(160))
    #: fonksiyonel kod of the unit's budget (e.g. "01.3.9.00"); with ``kod`` it names the
    #: budget line (tertip) the unit's payroll is spent from
    fonksiyonel_kod: Mapped[str] = mapped_column(String(20), default="", server_default="")
    ust_id: Mapped[int | None] = mapped_column(ForeignKey("ik_birimler.id"))
    #: the staff account of the unit's manager (approves leave)
    yonetici_personel_id: Mapped[int | None] = mapped_column(BigInteger)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


class Kadro(db.Model):
    """A position (kadro) of a unit: sınıf, unvan, derece, the kind of staff it is for."""

    __tablename__ = "ik_kadrolar"

    id: Mapped[int] = _pk()
    birim_id: Mapped[int] = mapped_column(ForeignKey("ik_birimler.id"), index=True)
    tur: Mapped[str] = mapped_column(String(12))
    sinif: Mapped[str] = mapped_column(String(40))  # GİH, THS, TH, SH, ...
    unvan: Mapped[str] = mapped_column(String(120))
    derece: Mapped[int | None] = mapped_column(SmallInteger)
    #: gider ekonomik kodu the payroll posts it to (01.1.1.01 memur, 01.3.1.01 işçi, ...)
    ekonomik_kod: Mapped[str] = mapped_column(String(20), default="")
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (
        CheckConstraint("tur IN ('memur', 'isci', 'sozlesmeli', 'gecici')", name="tur"),
        CheckConstraint("derece IS NULL OR derece BETWEEN 1 AND 15", name="derece"),
    )


class Personel(db.Model):
    """A member of staff: identity from KPS, kind, SGK status and notices, leaving."""

    __tablename__ = "ik_personeller"

    id: Mapped[int] = _pk()
    sicil_no: Mapped[str] = mapped_column(String(20), unique=True)
    tckn: Mapped[str] = mapped_column(String(11), unique=True)
    ad: Mapped[str] = mapped_column(String(80))
    soyad: Mapped[str] = mapped_column(String(80))
    cinsiyet: Mapped[str] = mapped_column(String(1))
    dogum_tarihi: Mapped[date] = mapped_column(Date)
    tur: Mapped[str] = mapped_column(String(12), index=True)
    sgk_statu: Mapped[str] = mapped_column(String(5))
    ise_giris: Mapped[date] = mapped_column(Date)
    #: the start of service that counts for leave and kıdem (earlier public service included)
    hizmet_baslangic: Mapped[date] = mapped_column(Date)
    iban: Mapped[str | None] = mapped_column(String(26))
    eposta: Mapped[str | None] = mapped_column(String(200))
    #: family for a memur's allowances (657 m.202-203)
    es_yardimi: Mapped[bool] = mapped_column(Boolean, default=False)
    cocuk_0_6: Mapped[int] = mapped_column(SmallInteger, default=0)
    cocuk_6_ustu: Mapped[int] = mapped_column(SmallInteger, default=0)
    sgk_giris_referans: Mapped[str | None] = mapped_column(String(60))
    ayrilis_tarihi: Mapped[date | None] = mapped_column(Date)
    ayrilis_nedeni: Mapped[str | None] = mapped_column(String(200))
    sgk_cikis_kodu: Mapped[str | None] = mapped_column(String(2))
    sgk_cikis_referans: Mapped[str | None] = mapped_column(String(60))
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("tur IN ('memur', 'isci', 'sozlesmeli', 'gecici')", name="tur"),
        CheckConstraint("sgk_statu IN ('4a', '4c', '5434')", name="sgk_statu"),
        CheckConstraint("cocuk_0_6 >= 0 AND cocuk_6_ustu >= 0", name="cocuk"),
        CheckConstraint("ayrilis_tarihi IS NULL OR ayrilis_tarihi >= ise_giris", name="ayrilis"),
    )

    @property
    def ad_soyad(self) -> str:
        return f"{self.ad} {self.soyad}"


class Atama(db.Model):
    """An assignment of a person to a position from a date; the open one has no end.
    The pay of the assignment: the gross wage (işçi, sözleşmeli, geçici) or the memur's
    indicators."""

    __tablename__ = "ik_atamalar"

    id: Mapped[int] = _pk()
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    kadro_id: Mapped[int] = mapped_column(ForeignKey("ik_kadrolar.id"), index=True)
    birim_id: Mapped[int] = mapped_column(ForeignKey("ik_birimler.id"), index=True)
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date | None] = mapped_column(Date)
    brut_ucret: Mapped[Decimal | None] = mapped_column(Money)
    gosterge: Mapped[int | None] = mapped_column(Integer)
    ek_gosterge: Mapped[int] = mapped_column(Integer, default=0)
    yan_odeme_puan: Mapped[int] = mapped_column(Integer, default=0)
    #: a memur's özel hizmet tazminatı and ek ödeme (375 KHK) as the title's percentages of
    #: the highest civil servant's salary, and the indicator of a makam / görev tazminatı
    ozel_hizmet_orani: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("0"), server_default="0")
    ek_odeme_orani: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("0"), server_default="0")
    makam_gosterge: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: a worker paid by the TİS: the grade of the wage scale (the wage is the TİS's on the day)
    tis_derece: Mapped[str | None] = mapped_column(String(10))
    gerekce: Mapped[str] = mapped_column(String(200), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("bitis IS NULL OR bitis >= baslangic", name="tarih_sirasi"),
        CheckConstraint("brut_ucret IS NULL OR brut_ucret >= 0", name="ucret"),
        CheckConstraint("ozel_hizmet_orani BETWEEN 0 AND 1000 AND ek_odeme_orani BETWEEN 0 AND 1000 "
                        "AND makam_gosterge >= 0", name="tazminat"),
        Index("uq_ik_atamalar_acik", "personel_id", unique=True, postgresql_where=text("bitis IS NULL")),
    )


class Tis(db.Model):
    """A toplu iş sözleşmesi (collective agreement) period: the workers' wage scale from its
    start, and its increases by date.  Periods do not overlap (checked by the service)."""

    __tablename__ = "ik_tisler"

    id: Mapped[int] = _pk()
    ad: Mapped[str] = mapped_column(String(160))
    sendika: Mapped[str] = mapped_column(String(160), default="")
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date] = mapped_column(Date)
    #: who pays the first two days of a sick report (SGK pays from the third): True the
    #: employer, False no one; None follows the national parameter ``ik.rapor.ilk_iki_gun_isveren``
    rapor_ilk_iki_gun: Mapped[bool | None] = mapped_column(Boolean)
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (CheckConstraint("bitis >= baslangic", name="tarih_sirasi"),)


class TisUcreti(db.Model):
    """A grade's monthly gross wage at the start of a TİS."""

    __tablename__ = "ik_tis_ucretleri"

    id: Mapped[int] = _pk()
    tis_id: Mapped[int] = mapped_column(ForeignKey("ik_tisler.id"), index=True)
    derece: Mapped[str] = mapped_column(String(10))
    aylik_brut: Mapped[Decimal] = mapped_column(Money)
    __table_args__ = (UniqueConstraint("tis_id", "derece", name="uq_ik_tis_ucretleri_derece"),
                      CheckConstraint("aylik_brut > 0", name="ucret"))


class TisZammi(db.Model):
    """An increase of a TİS's wages from a date: a percentage, then a fixed amount."""

    __tablename__ = "ik_tis_zamlari"

    id: Mapped[int] = _pk()
    tis_id: Mapped[int] = mapped_column(ForeignKey("ik_tisler.id"), index=True)
    yururluk: Mapped[date] = mapped_column(Date)
    oran: Mapped[Decimal] = mapped_column(Numeric(7, 4), default=Decimal("0"))
    sabit: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    __table_args__ = (UniqueConstraint("tis_id", "yururluk", name="uq_ik_tis_zamlari_tarih"),
                      CheckConstraint("oran >= 0 AND sabit >= 0", name="artis"))


class Bordro(db.Model):
    """A payroll run of a month: the regular one (``asil``) or a difference run (``fark``)."""

    __tablename__ = "ik_bordrolar"

    id: Mapped[int] = _pk()
    donem: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM
    tur: Mapped[str] = mapped_column(String(5), default="asil")
    duzeltilen_id: Mapped[int | None] = mapped_column(ForeignKey("ik_bordrolar.id"))
    #: taslak → hesaplaniyor → hesaplandi → kapali → odendi
    durum: Mapped[str] = mapped_column(String(12), default="taslak")
    kisi_sayisi: Mapped[int] = mapped_column(Integer, default=0)
    toplam_brut: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    toplam_net: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    job_id: Mapped[str | None] = mapped_column(String(40))
    #: SGK's reference of the monthly premium declaration (APHB) sent for this run
    aphb_referans: Mapped[str | None] = mapped_column(String(60))
    #: SGK's reference of the kesenek declaration (Kesenek Bilgi Sistemi: 4/1-c and 5434 staff)
    kesenek_referans: Mapped[str | None] = mapped_column(String(60))
    aciklama: Mapped[str] = mapped_column(String(300), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    kapatan: Mapped[str | None] = mapped_column(String(200))
    kapanis_tarihi: Mapped[date | None] = mapped_column(Date)
    #: the day the net was paid (``payroll_paid``) and how: banka | gonderme_emri
    odeme_tarihi: Mapped[date | None] = mapped_column(Date)
    odeme_kanali: Mapped[str | None] = mapped_column(String(14))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("tur IN ('asil', 'fark')", name="tur"),
        CheckConstraint("durum IN ('taslak', 'hesaplaniyor', 'hesaplandi', 'kapali', 'odendi')", name="durum"),
        CheckConstraint("(tur = 'fark') = (duzeltilen_id IS NOT NULL)", name="fark_duzeltir"),
        Index("uq_ik_bordrolar_asil", "donem", unique=True, postgresql_where=text("tur = 'asil'")),
    )


class BordroSatiri(db.Model):
    """One person's payslip in one run (a difference run's row holds the differences)."""

    __tablename__ = "ik_bordro_satirlari"

    id: Mapped[int] = _pk()
    bordro_id: Mapped[int] = mapped_column(ForeignKey("ik_bordrolar.id"), index=True)
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    donem: Mapped[str] = mapped_column(String(7))
    birim_kodu: Mapped[str] = mapped_column(String(20))
    ekonomik_kod: Mapped[str] = mapped_column(String(20), default="")
    gun: Mapped[int] = mapped_column(SmallInteger)
    brut: Mapped[Decimal] = mapped_column(Money)
    sgk_matrahi: Mapped[Decimal] = mapped_column(Money)
    sgk_isci: Mapped[Decimal] = mapped_column(Money)
    issizlik_isci: Mapped[Decimal] = mapped_column(Money)
    gv_matrahi: Mapped[Decimal] = mapped_column(Money)
    kumulatif_matrah: Mapped[Decimal] = mapped_column(Money)  # after this month
    gelir_vergisi: Mapped[Decimal] = mapped_column(Money)
    gv_istisnasi: Mapped[Decimal] = mapped_column(Money)
    damga_vergisi: Mapped[Decimal] = mapped_column(Money)
    dv_istisnasi: Mapped[Decimal] = mapped_column(Money)
    diger_kesintiler: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    net: Mapped[Decimal] = mapped_column(Money)
    sgk_isveren: Mapped[Decimal] = mapped_column(Money)
    issizlik_isveren: Mapped[Decimal] = mapped_column(Money)
    #: days under the month's days and their APHB reason (01 istirahat: SGK reports, 4/1-a)
    eksik_gun: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    eksik_gun_nedeni: Mapped[str | None] = mapped_column(String(2))
    iban: Mapped[str | None] = mapped_column(String(26))
    adimlar: Mapped[dict] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = _created()
    __table_args__ = (UniqueConstraint("bordro_id", "personel_id", name="uq_ik_bordro_satirlari_kisi"),)


class BordroBelgesi(db.Model):
    """The payslips of one unit in one closed run as one PDF, made by the payslip job
    (``modules.ik.jobs:pusula_paketi``); one per unit and run, so a resumed job skips the
    units it already made.  Append-only: the run it prints is closed."""

    __tablename__ = "ik_bordro_belgeleri"

    id: Mapped[int] = _pk()
    bordro_id: Mapped[int] = mapped_column(ForeignKey("ik_bordrolar.id"), index=True)
    birim_kodu: Mapped[str] = mapped_column(String(20))
    pusula_sayisi: Mapped[int] = mapped_column(Integer)
    boyut: Mapped[int] = mapped_column(Integer)
    icerik: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = _created()
    __table_args__ = (UniqueConstraint("bordro_id", "birim_kodu", name="uq_ik_bordro_belgeleri_birim"),)


class EkKalem(db.Model):
    """An earning or deduction of one person in one month besides the wage: overtime hours,
    a bonus (ikramiye), union dues, an advance to settle, an icra (garnishment) order.
    Picked up by the month's run, or by a difference run once the month is closed."""

    __tablename__ = "ik_ek_kalemler"

    id: Mapped[int] = _pk()
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    donem: Mapped[str] = mapped_column(String(7), index=True)
    tur: Mapped[str] = mapped_column(String(12))
    saat: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    tutar: Mapped[Decimal | None] = mapped_column(Money)
    aciklama: Mapped[str] = mapped_column(String(200), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("tur IN ('fazla_mesai', 'ikramiye', 'sendika', 'avans', 'icra')", name="tur"),
        CheckConstraint("saat IS NULL OR saat > 0", name="saat"),
        CheckConstraint("tutar IS NULL OR tutar > 0", name="tutar"),
        CheckConstraint("(tur = 'fazla_mesai') = (saat IS NOT NULL)", name="saatli"),
    )


class IzinTalebi(db.Model):
    """A leave request; the unit's manager approves or refuses it."""

    __tablename__ = "ik_izin_talepleri"

    id: Mapped[int] = _pk()
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    tur: Mapped[str] = mapped_column(String(12))  # yillik, mazeret, hastalik, ucretsiz
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date] = mapped_column(Date)
    gun: Mapped[int] = mapped_column(SmallInteger)  # working days
    durum: Mapped[str] = mapped_column(String(12), default="bekliyor")
    aciklama: Mapped[str] = mapped_column(String(300), default="")
    talep_eden: Mapped[str] = mapped_column(String(200))
    karar_veren: Mapped[str | None] = mapped_column(String(200))
    #: the SGK incapacity report (Vizite) this leave records; one leave per report
    rapor_no: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("bitis >= baslangic", name="tarih_sirasi"),
        CheckConstraint("gun > 0", name="gun"),
        CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi', 'iptal')", name="durum"),
        Index("uq_ik_izin_talepleri_rapor", "rapor_no", unique=True, postgresql_where=text("rapor_no IS NOT NULL")),
    )


class SgkRaporu(db.Model):
    """An SGK incapacity report (Vizite) HR acted on: the report as SGK gave it, the leave that
    records it (set once) and the employer's notice (worked / did not work, set once with
    SGK's reference).  One row per report number."""

    __tablename__ = "ik_sgk_raporlari"

    id: Mapped[int] = _pk()
    rapor_no: Mapped[str] = mapped_column(String(30), unique=True)
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    tur: Mapped[str] = mapped_column(String(16))
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date] = mapped_column(Date)
    tesis: Mapped[str] = mapped_column(String(200), default="")
    kontrol_tarihi: Mapped[date | None] = mapped_column(Date)
    izin_talebi_id: Mapped[int | None] = mapped_column(ForeignKey("ik_izin_talepleri.id"), unique=True)
    bildirim: Mapped[str | None] = mapped_column(String(10))
    bildirim_nedeni: Mapped[str | None] = mapped_column(String(300))
    bildirim_referans: Mapped[str | None] = mapped_column(String(60))
    bildirim_tarihi: Mapped[date | None] = mapped_column(Date)
    bildiren: Mapped[str | None] = mapped_column(String(200))
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("bitis >= baslangic", name="tarih_sirasi"),
        CheckConstraint("tur IN ('hastalik', 'is_kazasi', 'meslek_hastaligi', 'analik')", name="tur"),
        CheckConstraint("bildirim IS NULL OR bildirim IN ('calismadi', 'calisti')", name="bildirim"),
        CheckConstraint("(bildirim IS NULL) = (bildirim_referans IS NULL)", name="bildirim_referansli"),
        CheckConstraint("bildirim IS DISTINCT FROM 'calisti' OR izin_talebi_id IS NULL", name="calisti_izinsiz"),
    )


class IzinHareketi(db.Model):
    """A movement of a person's annual leave for a service year: entitlement (+), use (−),
    lapse (−).  The balance is their sum; rows are never edited."""

    __tablename__ = "ik_izin_hareketleri"

    id: Mapped[int] = _pk()
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    #: the calendar year the entitlement belongs to (its leave lapses at the end of the next)
    hak_yili: Mapped[int] = mapped_column(SmallInteger)
    tur: Mapped[str] = mapped_column(String(10))  # hak, kullanim, dusme
    gun: Mapped[int] = mapped_column(Integer)
    talep_id: Mapped[int | None] = mapped_column(ForeignKey("ik_izin_talepleri.id"))
    aciklama: Mapped[str] = mapped_column(String(200), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("tur IN ('hak', 'kullanim', 'dusme')", name="tur"),
        CheckConstraint("(tur = 'hak') = (gun > 0)", name="isaret"),
        Index("uq_ik_izin_hareketleri_hak", "personel_id", "hak_yili", unique=True,
              postgresql_where=text("tur = 'hak'")),
    )


class SendikaUyeligi(db.Model):
    """A memur's membership of a kamu görevlileri sendikası (4688) from a day to a day: while
    it lasts the memur payroll pays the toplu sözleşme ikramiyesi (375 KHK ek m.4, "sendika
    ödeneği").  One union at a time (a partial unique index keeps one open membership); the
    union dues are a separate deduction (``ik_ek_kalemler``, ``sendika``)."""

    __tablename__ = "ik_sendika_uyelikleri"

    id: Mapped[int] = _pk()
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    sendika: Mapped[str] = mapped_column(String(160))
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date | None] = mapped_column(Date)
    #: the union is below the threshold of its service branch: paid the lower indicator
    #: (``ik.memur.sendika_gosterge_alt``) [U]
    baraj_alti: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("bitis IS NULL OR bitis >= baslangic", name="tarih_sirasi"),
        Index("uq_ik_sendika_uyelikleri_acik", "personel_id", unique=True, postgresql_where=text("bitis IS NULL")),
    )


class KadroTazminati(db.Model):
    """The makam, temsil or görev tazminatı of a position as an indicator from a day (657 ek
    m.26 and its IV sayılı cetvel; 375 KHK m.1): paid × the memur aylık katsayı to whoever
    holds the position.  Dated, append-only: a change is a new row from its day; 0 ends it."""

    __tablename__ = "ik_kadro_tazminatlari"

    id: Mapped[int] = _pk()
    kadro_id: Mapped[int] = mapped_column(ForeignKey("ik_kadrolar.id"), index=True)
    tur: Mapped[str] = mapped_column(String(6))
    gosterge: Mapped[int] = mapped_column(Integer)
    baslangic: Mapped[date] = mapped_column(Date)
    #: where the figure comes from (the cetvel, a decision)
    kaynak: Mapped[str] = mapped_column(String(200), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("tur IN ('makam', 'temsil', 'gorev')", name="tur"),
        CheckConstraint("gosterge >= 0", name="gosterge"),
        UniqueConstraint("kadro_id", "tur", "baslangic", name="uq_ik_kadro_tazminatlari_gun"),
    )


class BelgeTuru(db.Model):
    """A kind of personnel document (nüfus cüzdanı sureti, diploma, sağlık raporu, ...): the
    seed puts the usual ones, the office adds its own.  Never deleted (documents name them)."""

    __tablename__ = "ik_belge_turleri"

    id: Mapped[int] = _pk()
    kod: Mapped[str] = mapped_column(String(40), unique=True)
    ad: Mapped[str] = mapped_column(String(120), unique=True)
    #: a document of this kind usually has a validity end (a health report)
    sureli: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


#: the content types a personnel document may have (checked on the bytes, not the name)
BELGE_ICERIK_TURLERI = ("application/pdf", "image/jpeg", "image/png")


class PersonelBelgesi(db.Model):
    """A document in a person's özlük dosyası: the file's bytes (``icerik``, loaded only when
    downloaded), its kind, date, validity end and note, its SHA-256 (one file once per
    person).  Never deleted or changed; a superseded or withdrawn document is marked
    "geçersiz" once (who, when, why) and stays listed.  A trigger enforces both."""

    __tablename__ = "ik_personel_belgeleri"

    id: Mapped[int] = _pk()
    personel_id: Mapped[int] = mapped_column(ForeignKey("ik_personeller.id"), index=True)
    tur_id: Mapped[int] = mapped_column(ForeignKey("ik_belge_turleri.id"), index=True)
    dosya_adi: Mapped[str] = mapped_column(String(120))
    icerik_turu: Mapped[str] = mapped_column(String(20))
    boyut: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    icerik: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    belge_tarihi: Mapped[date] = mapped_column(Date)
    gecerlilik_bitis: Mapped[date | None] = mapped_column(Date, index=True)
    aciklama: Mapped[str] = mapped_column(String(500), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    gecersiz_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    gecersiz_eden: Mapped[str | None] = mapped_column(String(200))
    gecersiz_nedeni: Mapped[str | None] = mapped_column(String(300))
    __table_args__ = (
        UniqueConstraint("personel_id", "sha256", name="uq_ik_personel_belgeleri_dosya"),
        CheckConstraint("icerik_turu IN ('application/pdf', 'image/jpeg', 'image/png')", name="icerik_turu"),
        CheckConstraint("boyut > 0 AND boyut = octet_length(icerik)", name="boyut"),
        CheckConstraint("gecerlilik_bitis IS NULL OR gecerlilik_bitis >= belge_tarihi", name="gecerlilik"),
        CheckConstraint("(gecersiz_at IS NULL) = (gecersiz_eden IS NULL) AND "
                        "(gecersiz_at IS NULL) = (gecersiz_nedeni IS NULL)", name="gecersiz"),
    )
