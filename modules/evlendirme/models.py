"""Evlendirme tables, in the tenant's schema (every name starts with ``nikah``).

- Set-up: settings, halls with weekly slot templates, closed days, officiants with their
  weekly hours and leave, the council's dated tariff rows and waiver kinds.
- The file (``NikahBasvurusu``): two parties as KPS registers them, two witnesses, the
  documents checklist, every run of the impediment checks with its result and source,
  and the overrides (reason + a second approver).
- The ceremony (``Nikah``): a booking of a hall or an outside place, with its officiant.
  Two exclusion constraints keep a hall from holding two ceremonies at once and an
  officiant from being in two places at once (travel included), whatever the code does.
- Fees (``NikahUcreti``) charged through the FeeCharger port or at the desk with the
  module's own gap-free receipt (``NikahMakbuzu``); money rows are never edited: a
  cancelled fee keeps its row and gets a state, a receipt is cancelled by a reversing one.
"""

from __future__ import annotations

from datetime import date, datetime, time
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
    Time,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ebelediye.extensions import db

Money = Numeric(18, 2)

#: ceremony states that occupy a hall and an officiant (the exclusion constraints' predicate)
ACTIVE = ("tutuldu", "kesin", "kiyildi")
_ACTIVE_SQL = "durum IN ('tutuldu', 'kesin', 'kiyildi')"


def _pk() -> Mapped[int]:
    return mapped_column(BigInteger, Identity(), primary_key=True)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


# --- settings and set-up ------------------------------------------------------------------

class NikahAyari(db.Model):
    """The marriage office's settings (one row)."""

    __tablename__ = "nikah_ayarlari"

    id: Mapped[int] = _pk()
    #: months a file stays valid after it is opened (RULES §8.3: 6, [U] article not found)
    gecerlilik_ay: Mapped[int] = mapped_column(SmallInteger, default=6)
    #: hours a booking stays held before its fee must be paid
    tutma_saat: Mapped[int] = mapped_column(SmallInteger, default=48)
    #: whether ceremonies are held on public holidays (then the holiday tariff applies)
    tatilde_nikah: Mapped[bool] = mapped_column(Boolean, default=False)
    #: days before the ceremony the couple is reminded
    hatirlatma_gun: Mapped[int] = mapped_column(SmallInteger, default=3)
    #: travel minutes per kilometre for an outside ceremony when no time is typed
    yol_dakika_km: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("2.00"))
    #: prefix of the desk receipts' numbers (EVL-2026-000001)
    makbuz_on_eki: Mapped[str] = mapped_column(String(10), default="EVL")
    online_basvuru: Mapped[bool] = mapped_column(Boolean, default=True)


class NikahSalonu(db.Model):
    """A wedding hall (nikah salonu) of the municipality."""

    __tablename__ = "nikah_salonlari"

    id: Mapped[int] = _pk()
    ad: Mapped[str] = mapped_column(String(120), unique=True)
    adres: Mapped[str] = mapped_column(String(300), default="")
    kapasite: Mapped[int] = mapped_column(Integer)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (CheckConstraint("kapasite > 0", name="kapasite_pozitif"),)


class SlotSablonu(db.Model):
    """A hall's ceremony slots on one weekday: from ``baslangic`` every ``aralik_dk``
    minutes until ``bitis``, each ceremony lasting ``sure_dk``; dated."""

    __tablename__ = "nikah_slot_sablonlari"

    id: Mapped[int] = _pk()
    salon_id: Mapped[int] = mapped_column(ForeignKey("nikah_salonlari.id"), index=True)
    hafta_gunu: Mapped[int] = mapped_column(SmallInteger)  # 0 Monday … 6 Sunday
    baslangic: Mapped[time] = mapped_column(Time)
    bitis: Mapped[time] = mapped_column(Time)
    aralik_dk: Mapped[int] = mapped_column(SmallInteger, default=30)
    sure_dk: Mapped[int] = mapped_column(SmallInteger, default=20)
    gecerli_baslangic: Mapped[date] = mapped_column(Date)
    gecerli_bitis: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("hafta_gunu BETWEEN 0 AND 6", name="hafta_gunu"),
        CheckConstraint("bitis > baslangic", name="saat_sirasi"),
        CheckConstraint("sure_dk > 0 AND aralik_dk >= sure_dk", name="sure"),
    )


class KapaliGun(db.Model):
    """A day the municipality holds no ceremonies (all halls, or one hall)."""

    __tablename__ = "nikah_kapali_gunleri"

    id: Mapped[int] = _pk()
    tarih: Mapped[date] = mapped_column(Date, index=True)
    salon_id: Mapped[int | None] = mapped_column(ForeignKey("nikah_salonlari.id"))
    neden: Mapped[str] = mapped_column(String(200))
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class NikahMemuru(db.Model):
    """An evlendirme memuru: the mayor or an official he designated (TMK m.134)."""

    __tablename__ = "nikah_memurlari"

    id: Mapped[int] = _pk()
    ad_soyad: Mapped[str] = mapped_column(String(120))
    unvan: Mapped[str] = mapped_column(String(120), default="Evlendirme Memuru")
    #: the staff account that sees "my ceremonies of the day"
    personel_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    yetki_karari: Mapped[str] = mapped_column(String(200), default="")
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


class MemurCalismaSaati(db.Model):
    """When an officiant is available on a weekday."""

    __tablename__ = "nikah_memur_calisma_saatleri"

    id: Mapped[int] = _pk()
    memur_id: Mapped[int] = mapped_column(ForeignKey("nikah_memurlari.id"), index=True)
    hafta_gunu: Mapped[int] = mapped_column(SmallInteger)
    baslangic: Mapped[time] = mapped_column(Time)
    bitis: Mapped[time] = mapped_column(Time)
    __table_args__ = (CheckConstraint("hafta_gunu BETWEEN 0 AND 6", name="hafta_gunu"),
                      CheckConstraint("bitis > baslangic", name="saat_sirasi"))


class MemurIzni(db.Model):
    """Days an officiant is away (leave, duty elsewhere)."""

    __tablename__ = "nikah_memur_izinleri"

    id: Mapped[int] = _pk()
    memur_id: Mapped[int] = mapped_column(ForeignKey("nikah_memurlari.id"), index=True)
    baslangic: Mapped[date] = mapped_column(Date)
    bitis: Mapped[date] = mapped_column(Date)
    neden: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (CheckConstraint("bitis >= baslangic", name="tarih_sirasi"),)


class NikahTarifesi(db.Model):
    """A line of the council's ücret tarifesi, in force from ``gecerli_baslangic`` until a
    later row of the same kind, day and band (rows are added, never edited)."""

    __tablename__ = "nikah_tarifeleri"

    id: Mapped[int] = _pk()
    #: "salon" | "dis" (outside ceremony) | "izin_belgesi" | "aile_cuzdani"
    tur: Mapped[str] = mapped_column(String(20))
    #: "hafta_ici" | "hafta_sonu" | "tatil" | "her_gun"
    gun_turu: Mapped[str] = mapped_column(String(12), default="her_gun")
    km_alt: Mapped[Decimal | None] = mapped_column(Numeric(7, 1))
    km_ust: Mapped[Decimal | None] = mapped_column(Numeric(7, 1))
    tutar: Mapped[Decimal] = mapped_column(Money)
    gecerli_baslangic: Mapped[date] = mapped_column(Date)
    #: the council decision (meclis kararı) that set it
    karar: Mapped[str] = mapped_column(String(200))
    kesinlik: Mapped[str] = mapped_column(String(2), default="C2")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("tur IN ('salon', 'dis', 'izin_belgesi', 'aile_cuzdani')", name="tur"),
        CheckConstraint("gun_turu IN ('hafta_ici', 'hafta_sonu', 'tatil', 'her_gun')", name="gun_turu"),
        CheckConstraint("tutar >= 0", name="tutar"),
    )


class Muafiyet(db.Model):
    """A fee waiver the council decided (şehit/gazi families, disabled people, …)."""

    __tablename__ = "nikah_muafiyetleri"

    id: Mapped[int] = _pk()
    kod: Mapped[str] = mapped_column(String(40), unique=True)
    ad: Mapped[str] = mapped_column(String(200))
    karar: Mapped[str] = mapped_column(String(200))
    #: what it waives: the ceremony fee only (the booklet is still paid, RULES §8.7)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


# --- the file -------------------------------------------------------------------------------

class NikahBasvurusu(db.Model):
    """A couple's marriage file (evlenme başvurusu / beyannamesi)."""

    __tablename__ = "nikah_basvurulari"

    id: Mapped[int] = _pk()
    no: Mapped[str] = mapped_column(String(20), unique=True)
    #: "masa" (at the desk) | "online" (by the couple through e-Devlet)
    kanal: Mapped[str] = mapped_column(String(10))
    #: taslak (waiting for the parties' confirmation) → inceleme (with staff) → onaylandi
    #: → tamamlandi; or reddedildi / geri_cekildi / suresi_doldu; "izin_belgesi" files end
    #: with the permit instead of a ceremony
    durum: Mapped[str] = mapped_column(String(20), default="taslak")
    #: "nikah" (ceremony here) | "izin_belgesi" (evlenme ehliyet belgesi for elsewhere)
    amac: Mapped[str] = mapped_column(String(20), default="nikah")
    basvuru_tarihi: Mapped[date] = mapped_column(Date)
    gecerlilik_bitis: Mapped[date] = mapped_column(Date)
    davetli_sayisi: Mapped[int] = mapped_column(Integer, default=0)
    #: the woman's surname after marriage (TMK m.187; "yalniz_onceki" after AYM 2023/38 [U])
    soyad_tercihi: Mapped[str] = mapped_column(String(20), default="es")
    tercuman: Mapped[str] = mapped_column(String(200), default="")
    iletisim_eposta: Mapped[str] = mapped_column(String(254), default="")
    iletisim_telefon: Mapped[str] = mapped_column(String(30), default="")
    muafiyet_id: Mapped[int | None] = mapped_column(ForeignKey("nikah_muafiyetleri.id"))
    #: the permit for another municipality, once issued
    izin_belgesi_no: Mapped[str | None] = mapped_column(String(30))
    izin_belgesi_yeri: Mapped[str] = mapped_column(String(200), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    olusturan_id: Mapped[int | None] = mapped_column(BigInteger)
    onaylayan: Mapped[str | None] = mapped_column(String(200))
    onaylayan_id: Mapped[int | None] = mapped_column(BigInteger)
    onay_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ret_nedeni: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("kanal IN ('masa', 'online')", name="kanal"),
        CheckConstraint("durum IN ('taslak', 'inceleme', 'onaylandi', 'tamamlandi', 'reddedildi', "
                        "'geri_cekildi', 'suresi_doldu')", name="durum"),
        CheckConstraint("amac IN ('nikah', 'izin_belgesi')", name="amac"),
        CheckConstraint("soyad_tercihi IN ('es', 'onceki_ve_es', 'yalniz_onceki')", name="soyad_tercihi"),
        CheckConstraint("davetli_sayisi >= 0", name="davetli"),
    )


class Taraf(db.Model):
    """One of the two parties, as KPS registers them when the file was opened or checked."""

    __tablename__ = "nikah_taraflari"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    sira: Mapped[int] = mapped_column(SmallInteger)  # 1 or 2
    #: a T.C. citizen's TCKN; None for a foreigner (then uyruk and pasaport_no)
    tckn: Mapped[str | None] = mapped_column(String(11), index=True)
    yabanci: Mapped[bool] = mapped_column(Boolean, default=False)
    uyruk: Mapped[str] = mapped_column(String(60), default="")
    pasaport_no: Mapped[str] = mapped_column(String(30), default="")
    #: a person under temporary or international protection (EY m.13: Göç İdaresi)
    koruma_statusu: Mapped[bool] = mapped_column(Boolean, default=False)
    ad: Mapped[str] = mapped_column(String(60))
    soyad: Mapped[str] = mapped_column(String(60))
    baba_adi: Mapped[str] = mapped_column(String(60), default="")
    anne_adi: Mapped[str] = mapped_column(String(60), default="")
    cinsiyet: Mapped[str] = mapped_column(String(1))
    dogum_tarihi: Mapped[date] = mapped_column(Date)
    dogum_yeri: Mapped[str] = mapped_column(String(60), default="")
    medeni_hal: Mapped[str] = mapped_column(String(10))
    evlilik_bitis_tarihi: Mapped[date | None] = mapped_column(Date)
    evlilik_bitis_nedeni: Mapped[str | None] = mapped_column(String(20))
    olu: Mapped[bool] = mapped_column(Boolean, default=False)
    kps_sorgu_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    eposta: Mapped[str] = mapped_column(String(254), default="")
    #: the party's own confirmation through e-Devlet (online) or signature at the desk
    onay_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    onay_kanal: Mapped[str | None] = mapped_column(String(10))
    __table_args__ = (
        UniqueConstraint("basvuru_id", "sira", name="uq_nikah_taraflari_sira"),
        CheckConstraint("sira IN (1, 2)", name="sira"),
        CheckConstraint("cinsiyet IN ('E', 'K')", name="cinsiyet"),
        CheckConstraint("tckn IS NOT NULL OR yabanci", name="kimlik"),
    )


class Tanik(db.Model):
    """A witness (two, adult, with ayırt etme gücü; TMK m.141, EY m.28)."""

    __tablename__ = "nikah_taniklari"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    sira: Mapped[int] = mapped_column(SmallInteger)
    tckn: Mapped[str] = mapped_column(String(11))
    ad: Mapped[str] = mapped_column(String(60))
    soyad: Mapped[str] = mapped_column(String(60))
    dogum_tarihi: Mapped[date] = mapped_column(Date)
    kps_sorgu_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("basvuru_id", "sira", name="uq_nikah_taniklari_sira"),
                      CheckConstraint("sira IN (1, 2)", name="sira"))


class Belge(db.Model):
    """A document of the checklist, as staff saw it (the paper stays in the file)."""

    __tablename__ = "nikah_belgeleri"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    #: which party it belongs to (None: the file)
    taraf_sira: Mapped[int | None] = mapped_column(SmallInteger)
    tur: Mapped[str] = mapped_column(String(30))
    belge_no: Mapped[str] = mapped_column(String(60), default="")
    veren: Mapped[str] = mapped_column(String(200), default="")
    belge_tarihi: Mapped[date] = mapped_column(Date)
    gecerlilik_bitis: Mapped[date | None] = mapped_column(Date)
    #: foreign documents: "ciec" | "apostil" | "konsolosluk" | "goc_idaresi" | "" (domestic)
    tasdik_yolu: Mapped[str] = mapped_column(String(12), default="")
    tercume: Mapped[bool] = mapped_column(Boolean, default=False)
    kaydeden: Mapped[str] = mapped_column(String(200))
    #: a document is withdrawn, not deleted
    geri_alindi: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = _created()


class Kontrol(db.Model):
    """One check of one run of the impediment checks: result, reason and source."""

    __tablename__ = "nikah_kontrolleri"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    calisma: Mapped[int] = mapped_column(Integer)  # the run, 1, 2, …
    gun: Mapped[date] = mapped_column(Date)  # the day checked (application or ceremony day)
    kod: Mapped[str] = mapped_column(String(40))
    taraf_sira: Mapped[int | None] = mapped_column(SmallInteger)
    sonuc: Mapped[str] = mapped_column(String(10))  # uygun / engel / eksik / uyari
    baslik: Mapped[str] = mapped_column(String(200))
    gerekce: Mapped[str] = mapped_column(Text)
    kaynak: Mapped[str] = mapped_column(String(300))
    adimlar: Mapped[list] = mapped_column(JSONB, default=list)
    asilabilir: Mapped[bool] = mapped_column(Boolean, default=True)
    yapan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (CheckConstraint("sonuc IN ('uygun', 'engel', 'eksik', 'uyari')", name="sonuc"),
                      Index("ix_nikah_kontrolleri_calisma", "basvuru_id", "calisma"))


class Asim(db.Model):
    """An override of a failed check: a reason from one staff member, the decision of
    another (maker-checker)."""

    __tablename__ = "nikah_asimlari"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    kod: Mapped[str] = mapped_column(String(40))
    taraf_sira: Mapped[int | None] = mapped_column(SmallInteger)
    gerekce: Mapped[str] = mapped_column(Text)
    isteyen: Mapped[str] = mapped_column(String(200))
    isteyen_id: Mapped[int | None] = mapped_column(BigInteger)
    durum: Mapped[str] = mapped_column(String(12), default="bekliyor")  # bekliyor / onaylandi / reddedildi
    karar_veren: Mapped[str | None] = mapped_column(String(200))
    karar_veren_id: Mapped[int | None] = mapped_column(BigInteger)
    karar_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi')", name="durum"),)


# --- the ceremony ---------------------------------------------------------------------------

class Nikah(db.Model):
    """A ceremony booking: a hall slot or an outside place, an officiant, a time.

    A reschedule marks the old row ``ertelendi`` and adds a new one; a cancellation marks
    it ``iptal``; a ceremony that took place is ``kiyildi``, one nobody came to ``gelmedi``.
    """

    __tablename__ = "nikahlar"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    #: "salon" or "dis" (outside, if the officiant approves: TMK m.141)
    yer: Mapped[str] = mapped_column(String(6))
    salon_id: Mapped[int | None] = mapped_column(ForeignKey("nikah_salonlari.id"))
    dis_adres: Mapped[str] = mapped_column(String(300), default="")
    mesafe_km: Mapped[Decimal | None] = mapped_column(Numeric(7, 1))
    yol_dk: Mapped[int] = mapped_column(SmallInteger, default=0)
    memur_id: Mapped[int] = mapped_column(ForeignKey("nikah_memurlari.id"))
    baslangic: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    bitis: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: the officiant's time: the ceremony plus the travel there and back
    memur_baslangic: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    memur_bitis: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    durum: Mapped[str] = mapped_column(String(12), default="tutuldu")
    tutma_bitis: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    onceki_id: Mapped[int | None] = mapped_column(BigInteger)
    #: the evlenme kütüğü number the municipality gives the marriage
    kutuk_no: Mapped[str | None] = mapped_column(String(20), unique=True)
    kiyildi_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    taniklar_hazir: Mapped[bool | None] = mapped_column(Boolean)
    kps_durum: Mapped[str | None] = mapped_column(String(12))  # bekliyor / tescil / hata
    kps_deneme: Mapped[int] = mapped_column(SmallInteger, default=0)
    kps_hata: Mapped[str] = mapped_column(String(500), default="")
    aile_cuzdani_no: Mapped[str | None] = mapped_column(String(20))
    tescil_tarihi: Mapped[date | None] = mapped_column(Date)
    dogrulama_kodu: Mapped[str | None] = mapped_column(String(40), unique=True)
    hatirlatma_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    iptal_nedeni: Mapped[str] = mapped_column(String(300), default="")
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        CheckConstraint("yer IN ('salon', 'dis')", name="yer"),
        CheckConstraint("(yer = 'salon') = (salon_id IS NOT NULL)", name="salon"),
        CheckConstraint("bitis > baslangic AND memur_baslangic <= baslangic AND memur_bitis >= bitis",
                        name="zaman"),
        CheckConstraint("durum IN ('tutuldu', 'kesin', 'kiyildi', 'gelmedi', 'iptal', 'ertelendi', "
                        "'suresi_doldu')", name="durum"),
        # A hall holds one ceremony at a time, an officiant is in one place at a time.  The
        # id is compared as a one-point range so plain GiST does it (no btree_gist extension).
        ExcludeConstraint(
            (text("int8range(salon_id, salon_id, '[]')"), "&&"),
            (text("tstzrange(baslangic, bitis, '[)')"), "&&"),
            name="ex_nikahlar_salon", using="gist", where=text(_ACTIVE_SQL + " AND salon_id IS NOT NULL")),
        ExcludeConstraint(
            (text("int8range(memur_id, memur_id, '[]')"), "&&"),
            (text("tstzrange(memur_baslangic, memur_bitis, '[)')"), "&&"),
            name="ex_nikahlar_memur", using="gist", where=text(_ACTIVE_SQL)),
        Index("uq_nikahlar_basvuru_aktif", "basvuru_id", unique=True, postgresql_where=text(_ACTIVE_SQL)),
        Index("ix_nikahlar_baslangic", "baslangic"),
    )


class BeklemeKaydi(db.Model):
    """A couple waiting for a slot on a full day (first come, first told)."""

    __tablename__ = "nikah_bekleme_listesi"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    tarih: Mapped[date] = mapped_column(Date, index=True)
    salon_id: Mapped[int | None] = mapped_column(ForeignKey("nikah_salonlari.id"))
    #: bekliyor → haber_verildi (a slot opened) | kapandi (booked, withdrawn)
    durum: Mapped[str] = mapped_column(String(14), default="bekliyor")
    haber_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (Index("uq_nikah_bekleme_acik", "basvuru_id", "tarih", unique=True,
                            postgresql_where=text("durum = 'bekliyor'")),)


# --- fees -------------------------------------------------------------------------------------

class NikahUcreti(db.Model):
    """A fee of a file: what the tariff asks, how it is collected, whether it is paid."""

    __tablename__ = "nikah_ucretleri"

    id: Mapped[int] = _pk()
    basvuru_id: Mapped[int] = mapped_column(ForeignKey("nikah_basvurulari.id"), index=True)
    nikah_id: Mapped[int | None] = mapped_column(BigInteger)
    #: the FeeCharger reference "evlendirme:ucret:<id>" (unique per municipality)
    referans: Mapped[str] = mapped_column(String(60), unique=True)
    tarife_id: Mapped[int | None] = mapped_column(BigInteger)
    tarife_kod: Mapped[str] = mapped_column(String(60))
    aciklama: Mapped[str] = mapped_column(String(300))
    tutar: Mapped[Decimal] = mapped_column(Money)
    hesap: Mapped[list] = mapped_column(JSONB, default=list)  # the computation's steps
    #: "gelir" (through the FeeCharger port) | "masa" (the module's own receipt) | "muaf"
    kanal: Mapped[str] = mapped_column(String(6))
    durum: Mapped[str] = mapped_column(String(8), default="acik")  # acik / odendi / iptal
    odeme_tarihi: Mapped[date | None] = mapped_column(Date)
    makbuz_no: Mapped[str | None] = mapped_column(String(40))
    olusturan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (CheckConstraint("kanal IN ('gelir', 'masa', 'muaf')", name="kanal"),
                      CheckConstraint("durum IN ('acik', 'odendi', 'iptal')", name="durum"),
                      CheckConstraint("tutar >= 0", name="tutar"))


class NikahMakbuzu(db.Model):
    """A receipt of the desk (when Gelir is not used here): numbered without gaps per year;
    append-only, a cancellation is a reversing receipt with a negative amount."""

    __tablename__ = "nikah_makbuzlari"

    id: Mapped[int] = _pk()
    yil: Mapped[int] = mapped_column(SmallInteger)
    sira: Mapped[int] = mapped_column(Integer)
    no: Mapped[str] = mapped_column(String(40), unique=True)
    ucret_id: Mapped[int] = mapped_column(ForeignKey("nikah_ucretleri.id"), index=True)
    tutar: Mapped[Decimal] = mapped_column(Money)
    tarih: Mapped[date] = mapped_column(Date)
    odeyen: Mapped[str] = mapped_column(String(200))
    odeme_sekli: Mapped[str] = mapped_column(String(10))  # nakit / kart
    iptal_edilen_id: Mapped[int | None] = mapped_column(BigInteger)
    kasiyer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()
    __table_args__ = (UniqueConstraint("yil", "sira", name="uq_nikah_makbuzlari_sira"),)


class NikahSayaci(db.Model):
    """Gap-free counters per kind and year: file numbers, register numbers, receipts."""

    __tablename__ = "nikah_sayaclari"

    tur: Mapped[str] = mapped_column(String(12), primary_key=True)
    yil: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    son: Mapped[int] = mapped_column(Integer, default=0)


__all__ = [
    "ACTIVE", "Asim", "BeklemeKaydi", "Belge", "KapaliGun", "Kontrol", "MemurCalismaSaati", "MemurIzni",
    "Muafiyet", "Nikah", "NikahAyari", "NikahBasvurusu", "NikahMakbuzu", "NikahMemuru", "NikahSalonu",
    "NikahSayaci", "NikahTarifesi", "NikahUcreti", "SlotSablonu", "Tanik", "Taraf",
]
