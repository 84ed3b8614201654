"""The office's set-up: settings, halls and their weekly slot templates, closed days,
officiants with their hours and leave, waiver kinds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit
from ebelediye.extensions import db

from ..models import (
    KapaliGun,
    MemurCalismaSaati,
    MemurIzni,
    Muafiyet,
    NikahMemuru,
    NikahSalonu,
    SlotSablonu,
)
from . import EvlendirmeError, ayarlar


def ayar_kaydet(*, gecerlilik_ay: int, tutma_saat: int, hatirlatma_gun: int, tatilde_nikah: bool, online_basvuru: bool,
                yol_dakika_km: Decimal, actor: str) -> None:
    """Change the office's settings."""
    row = ayarlar()
    before = {"gecerlilik_ay": row.gecerlilik_ay, "tutma_saat": row.tutma_saat, "hatirlatma_gun": row.hatirlatma_gun,
              "tatilde_nikah": row.tatilde_nikah, "online_basvuru": row.online_basvuru,
              "yol_dakika_km": str(row.yol_dakika_km)}
    row.gecerlilik_ay, row.tutma_saat, row.hatirlatma_gun = gecerlilik_ay, tutma_saat, hatirlatma_gun
    row.tatilde_nikah, row.online_basvuru, row.yol_dakika_km = tatilde_nikah, online_basvuru, yol_dakika_km
    audit.record("evlendirme.ayar", actor=actor, object_type="nikah_ayari", object_id=row.id, before=before,
                 after={**before, "gecerlilik_ay": gecerlilik_ay, "tutma_saat": tutma_saat,
                        "hatirlatma_gun": hatirlatma_gun, "tatilde_nikah": tatilde_nikah,
                        "online_basvuru": online_basvuru, "yol_dakika_km": str(yol_dakika_km)})


def salonlar(*, hepsi: bool = False) -> list[NikahSalonu]:
    query = select(NikahSalonu).order_by(NikahSalonu.ad)
    return list(db.session.scalars(query if hepsi else query.where(NikahSalonu.aktif)))


def salon_ekle(*, ad: str, kapasite: int, actor: str, adres: str = "") -> NikahSalonu:
    if db.session.scalar(select(NikahSalonu.id).where(NikahSalonu.ad == ad)) is not None:
        raise EvlendirmeError(_l("Bu adla bir salon zaten var."), {"ad": [_l("Başka bir ad girin.")]})
    row = NikahSalonu(ad=ad, adres=adres, kapasite=kapasite, aktif=True)
    db.session.add(row)
    db.session.flush()
    audit.record("evlendirme.salon.ekle", actor=actor, object_type="nikah_salonu", object_id=row.id,
                 after={"ad": ad, "kapasite": kapasite})
    return row


def sablon_ekle(*, salon_id: int, hafta_gunu: int, baslangic: time, bitis: time, aralik_dk: int, sure_dk: int,
                gecerli_baslangic: date, actor: str, gecerli_bitis: date | None = None) -> SlotSablonu:
    """Add a weekday's slot template to a hall (overlapping templates are refused)."""
    if db.session.get(NikahSalonu, salon_id) is None:
        raise EvlendirmeError(_l("Salon bulunamadı."), {"salon_id": [_l("Bir salon seçin.")]})
    if bitis <= baslangic:
        raise EvlendirmeError(_l("Bitiş saati başlangıçtan sonra olmalı."), {"bitis": [_l("Geçersiz saat.")]})
    if sure_dk > aralik_dk:
        raise EvlendirmeError(_l("Nikâh süresi iki nikâh arasındaki aralıktan uzun olamaz."),
                              {"sure_dk": [_l("Aralıktan kısa bir süre girin.")]})
    if gecerli_bitis is not None and gecerli_bitis < gecerli_baslangic:
        raise EvlendirmeError(_l("Geçerlilik bitişi başlangıçtan önce olamaz."), {"gecerli_bitis": [_l("Geçersiz gün.")]})
    for other in db.session.scalars(select(SlotSablonu).where(SlotSablonu.salon_id == salon_id,
                                                              SlotSablonu.hafta_gunu == hafta_gunu)):
        dates_overlap = (other.gecerli_bitis is None or other.gecerli_bitis >= gecerli_baslangic) and \
            (gecerli_bitis is None or gecerli_bitis >= other.gecerli_baslangic)
        if dates_overlap and other.baslangic < bitis and baslangic < other.bitis:
            raise EvlendirmeError(_l("Bu salonun o günkü saatleri başka bir şablonla çakışıyor."),
                                  {"baslangic": [_l("Çakışmayan saatler girin.")]})
    row = SlotSablonu(salon_id=salon_id, hafta_gunu=hafta_gunu, baslangic=baslangic, bitis=bitis, aralik_dk=aralik_dk,
                      sure_dk=sure_dk, gecerli_baslangic=gecerli_baslangic, gecerli_bitis=gecerli_bitis)
    db.session.add(row)
    db.session.flush()
    audit.record("evlendirme.sablon.ekle", actor=actor, object_type="nikah_slot_sablonu", object_id=row.id,
                 after={"salon_id": salon_id, "gun": hafta_gunu, "saat": f"{baslangic:%H:%M}-{bitis:%H:%M}",
                        "aralik": aralik_dk, "sure": sure_dk})
    return row


def sablonlar() -> list[SlotSablonu]:
    return list(db.session.scalars(select(SlotSablonu).order_by(SlotSablonu.salon_id, SlotSablonu.hafta_gunu,
                                                                SlotSablonu.baslangic)))


def kapali_gun_ekle(*, tarih: date, neden: str, actor: str, salon_id: int | None = None) -> KapaliGun:
    row = KapaliGun(tarih=tarih, neden=neden, salon_id=salon_id, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("evlendirme.kapali_gun.ekle", actor=actor, object_type="nikah_kapali_gunu", object_id=row.id,
                 after={"tarih": tarih.isoformat(), "salon_id": salon_id, "neden": neden})
    return row


def kapali_gunler(baslangic: date) -> list[KapaliGun]:
    return list(db.session.scalars(select(KapaliGun).where(KapaliGun.tarih >= baslangic).order_by(KapaliGun.tarih)
                                   .limit(200)))


def memurlar(*, hepsi: bool = False) -> list[NikahMemuru]:
    query = select(NikahMemuru).order_by(NikahMemuru.ad_soyad)
    return list(db.session.scalars(query if hepsi else query.where(NikahMemuru.aktif)))


def memur_ekle(*, ad_soyad: str, actor: str, unvan: str = "Evlendirme Memuru", personel_id: int | None = None,
               yetki_karari: str = "", saatler: Sequence[tuple[int, time, time]] = ()) -> NikahMemuru:
    """Add an officiant (designated by the mayor, TMK m.134) with their weekly hours."""
    row = NikahMemuru(ad_soyad=ad_soyad, unvan=unvan or "Evlendirme Memuru", personel_id=personel_id,
                      yetki_karari=yetki_karari, aktif=True)
    db.session.add(row)
    db.session.flush()
    for weekday, start, end in saatler:
        if end <= start:
            raise EvlendirmeError(_l("Bitiş saati başlangıçtan sonra olmalı."), {"bitis": [_l("Geçersiz saat.")]})
        db.session.add(MemurCalismaSaati(memur_id=row.id, hafta_gunu=weekday, baslangic=start, bitis=end))
    db.session.flush()
    audit.record("evlendirme.memur.ekle", actor=actor, object_type="nikah_memuru", object_id=row.id,
                 after={"ad_soyad": ad_soyad, "personel_id": personel_id,
                        "saatler": [[d, f"{s:%H:%M}", f"{e:%H:%M}"] for d, s, e in saatler]})
    return row


def calisma_saatleri() -> dict[int, list[MemurCalismaSaati]]:
    out: dict[int, list[MemurCalismaSaati]] = {}
    for row in db.session.scalars(select(MemurCalismaSaati).order_by(MemurCalismaSaati.hafta_gunu)):
        out.setdefault(row.memur_id, []).append(row)
    return out


def izin_ekle(*, memur_id: int, baslangic: date, bitis: date, actor: str, neden: str = "") -> MemurIzni:
    """Record an officiant's leave; their ceremonies in it stay and are listed for reassignment."""
    if db.session.get(NikahMemuru, memur_id) is None:
        raise EvlendirmeError(_l("Memur bulunamadı."), {"memur_id": [_l("Bir memur seçin.")]})
    if bitis < baslangic:
        raise EvlendirmeError(_l("İznin bitişi başlangıcından önce olamaz."), {"bitis": [_l("Geçersiz gün.")]})
    row = MemurIzni(memur_id=memur_id, baslangic=baslangic, bitis=bitis, neden=neden)
    db.session.add(row)
    db.session.flush()
    audit.record("evlendirme.memur.izin", actor=actor, object_type="nikah_memuru", object_id=memur_id,
                 after={"baslangic": baslangic.isoformat(), "bitis": bitis.isoformat(), "neden": neden})
    return row


def muafiyetler(*, hepsi: bool = False) -> list[Muafiyet]:
    query = select(Muafiyet).order_by(Muafiyet.ad)
    return list(db.session.scalars(query if hepsi else query.where(Muafiyet.aktif)))


def muafiyet_ekle(*, kod: str, ad: str, karar: str, actor: str) -> Muafiyet:
    if db.session.scalar(select(Muafiyet.id).where(Muafiyet.kod == kod)) is not None:
        raise EvlendirmeError(_l("Bu kodla bir muafiyet zaten var."), {"kod": [_l("Başka bir kod girin.")]})
    row = Muafiyet(kod=kod, ad=ad, karar=karar, aktif=True)
    db.session.add(row)
    db.session.flush()
    audit.record("evlendirme.muafiyet.ekle", actor=actor, object_type="nikah_muafiyeti", object_id=row.id,
                 after={"kod": kod, "ad": ad, "karar": karar})
    return row
