"""The ceremony and its registration: the officiant's day, completion (the consent before
two witnesses, the time, the register number), no-shows, the notification to KPS (retried
until KPS acknowledges it) with the family booklet number, reminders to the couple.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit, connectors, jobs, mail
from ebelediye.connectors import AgencyUnavailable, Caller, ConnectorError, Rejected
from ebelediye.extensions import db
from ebelediye.tenancy import require_tenant

from ..models import Nikah, NikahBasvurusu, NikahMemuru, Taraf
from . import EvlendirmeError, ayarlar, dosya_al, now, sonraki_no, takvim, tz, ucret
from . import basvuru as dosyalar

KPS_JOB = "modules.evlendirme.jobs:kps_bildir"


def memur_of_staff(staff_id: int | None) -> NikahMemuru | None:
    if staff_id is None:
        return None
    return db.session.scalar(select(NikahMemuru).where(NikahMemuru.personel_id == staff_id, NikahMemuru.aktif))


def tamamla(nikah_id: int, *, taniklar_hazir: bool, iki_taraf_evet: bool, actor: str, actor_id: int | None,
            an: datetime | None = None) -> Nikah:
    """Record the ceremony (TMK m.142, EY m.27): both said yes before the officiant and two
    witnesses; the register number and the time; then KPS is notified."""
    booking = takvim.nikah(nikah_id)
    row = dosya_al(booking.basvuru_id, lock=True)
    booking = takvim.nikah(nikah_id, lock=True)
    moment = (an or now()).astimezone(tz())
    if booking.durum == "kiyildi":
        raise EvlendirmeError(_l("Bu nikâh zaten kıyıldı."), status=409)
    if booking.durum != "kesin":
        raise EvlendirmeError(_l("Yalnız kesinleşmiş (ücreti ödenmiş) bir nikâh kıyılabilir; şu an: %(durum)s.",
                                 durum=takvim.NIKAH_DURUMLARI.get(booking.durum, booking.durum)))
    if row.durum != "onaylandi":
        raise EvlendirmeError(_l("Dosya onaylanmadan nikâh kıyılamaz."))
    if moment.date() != booking.baslangic.astimezone(tz()).date():
        raise EvlendirmeError(_l("Nikâh yalnız randevu gününde kıyılabilir."))
    if not taniklar_hazir:
        raise EvlendirmeError(_l("Nikâh iki tanığın huzurunda kıyılır; tanıklar hazır değilse kıyılamaz."),
                              {"taniklar_hazir": [_l("İki tanığın hazır olduğunu işaretleyin.")]})
    if not iki_taraf_evet:
        raise EvlendirmeError(_l("Evlilik iki tarafın da sözlü olarak 'evet' demesiyle kurulur."),
                              {"iki_taraf_evet": [_l("Tarafların onayını işaretleyin.")]})
    officer = db.session.get(NikahMemuru, booking.memur_id)
    if officer is not None and officer.personel_id is not None and actor_id is not None and officer.personel_id != actor_id:
        raise EvlendirmeError(_l("Bu nikâhı %(memur)s kıyacak; başka bir memur tamamlayamaz.", memur=officer.ad_soyad),
                              status=403)
    # the waiting period, the file's validity and KPS's record once more, on the day itself
    dosyalar.kontrol_et(row.id, actor=actor, gun=moment.date())
    problems = dosyalar.acik_engeller(row.id)
    if problems:
        raise EvlendirmeError(_l("Nikâh kıyılamaz: %(nedenler)s", nedenler=" ".join(
            f"{k.baslik}: {k.gerekce}" for k in problems)))
    if not ucret.odendi_mi(row.id, booking.id):
        raise EvlendirmeError(_l("Nikâh ücreti ödenmemiş."))
    booking.durum, booking.kiyildi_at, booking.taniklar_hazir = "kiyildi", moment, True
    booking.kutuk_no = f"{moment.year}/{sonraki_no('kutuk', moment.year):06d}"
    booking.dogrulama_kodu = secrets.token_urlsafe(18)
    booking.kps_durum = "bekliyor"
    row.durum = "tamamlandi"
    audit.record("evlendirme.nikah.kiy", actor=actor, object_type="nikah", object_id=booking.id,
                 before={"durum": "kesin"}, after={"durum": "kiyildi", "an": moment.isoformat(),
                                                   "kutuk_no": booking.kutuk_no, "taniklar_hazir": True})
    jobs.enqueue(require_tenant().slug, KPS_JOB, booking.id, queue_name="connectors", actor=actor,
                 description=f"KPS evlilik tescili {booking.kutuk_no}")
    return booking


def gelmedi(nikah_id: int, *, actor: str) -> Nikah:
    """Nobody came: the booking ends as a no-show (the fee is not refunded)."""
    booking = takvim.nikah(nikah_id, lock=True)
    if booking.durum not in ("kesin", "tutuldu"):
        raise EvlendirmeError(_l("Bu nikâh için gelinmedi kaydı yapılamaz."))
    if booking.bitis.astimezone(tz()) > now():
        raise EvlendirmeError(_l("Nikâh saati geçmeden gelinmedi kaydı yapılamaz."))
    before = booking.durum
    booking.durum = "gelmedi"
    ucret.nikah_iptal(booking, "Çift nikâha gelmedi", actor=actor)
    audit.record("evlendirme.nikah.gelmedi", actor=actor, object_type="nikah", object_id=booking.id,
                 before={"durum": before}, after={"durum": "gelmedi"})
    return booking


def kps_bildir(nikah_id: int, *, actor: str) -> dict:
    """Notify KPS of a marriage (the job's body).  The municipality's register number makes
    a repeat safe; a timeout or an unavailable KPS is recorded and retried by the sweep."""
    booking = db.session.scalar(select(Nikah).where(Nikah.id == nikah_id).with_for_update())
    if booking is None or booking.durum != "kiyildi":
        return {"durum": "yok"}
    if booking.kps_durum == "tescil":
        return {"durum": "tescil", "aile_cuzdani_no": booking.aile_cuzdani_no}
    parties = list(db.session.scalars(select(Taraf).where(Taraf.basvuru_id == booking.basvuru_id).order_by(Taraf.sira)))
    booking.kps_deneme += 1
    first_tckn, second_tckn = parties[0].tckn, parties[1].tckn
    if first_tckn is None or second_tckn is None or any(p.tckn is None for p in parties):
        booking.kps_durum, booking.kps_hata = "hata", "Yabancı uyruklu eş: tescil nüfus müdürlüğüne yazıyla bildirilir."
        return {"durum": "elle"}
    try:
        result = connectors.get("kps").register_marriage(
            first_tckn, second_tckn, booking.kiyildi_at.astimezone(tz()).date(), booking.kutuk_no,
            caller=Caller(actor[:200], "nikah", realm="job"))
    except Rejected as exc:
        booking.kps_durum, booking.kps_hata = "red", exc.message_tr[:500]
        audit.record("evlendirme.kps.red", actor=actor, object_type="nikah", object_id=booking.id,
                     after={"neden": exc.message_tr})
        return {"durum": "red", "neden": exc.message_tr}
    except (AgencyUnavailable, ConnectorError) as exc:
        booking.kps_durum, booking.kps_hata = "hata", exc.message_tr[:500]
        return {"durum": "hata", "neden": exc.message_tr, "deneme": booking.kps_deneme}
    booking.kps_durum, booking.kps_hata = "tescil", ""
    booking.aile_cuzdani_no, booking.tescil_tarihi = result.aile_cuzdani_no, result.tescil_tarihi
    audit.record("evlendirme.kps.tescil", actor=actor, object_type="nikah", object_id=booking.id,
                 after={"aile_cuzdani_no": result.aile_cuzdani_no, "tescil_tarihi": result.tescil_tarihi.isoformat()})
    return {"durum": "tescil", "aile_cuzdani_no": result.aile_cuzdani_no}


def kps_bekleyenler(*, actor: str) -> int:
    """Queue the notification again for every ceremony KPS has not acknowledged yet."""
    rows = list(db.session.scalars(select(Nikah.id).where(Nikah.durum == "kiyildi", Nikah.kps_durum.in_(("bekliyor", "hata")),
                                                          Nikah.kps_deneme < 50)))
    for nikah_id in rows:
        jobs.enqueue(require_tenant().slug, KPS_JOB, nikah_id, queue_name="connectors", actor=actor,
                     description=f"KPS evlilik tescili (yeniden) {nikah_id}")
    return len(rows)


def hatirlat(gun: date) -> int:
    """Mail the couples whose ceremony is in ``hatirlatma_gun`` days (once per booking)."""
    days = ayarlar().hatirlatma_gun
    target = gun + timedelta(days=days)
    sent = 0
    for booking in takvim.gunun_nikahlari(target):
        if booking.durum not in ("kesin", "tutuldu") or booking.hatirlatma_at is not None:
            continue
        row = db.session.get(NikahBasvurusu, booking.basvuru_id)
        if row is None or not row.iletisim_eposta:
            continue
        when = booking.baslangic.astimezone(tz())
        where = booking.dis_adres if booking.yer == "dis" else _hall_name(booking.salon_id)
        extra = "" if booking.durum == "kesin" else " Nikâh ücreti henüz ödenmedi: randevunuz ödeme yapılmazsa düşer."
        mail.queue_mail(row.iletisim_eposta, f"Nikâhınız {when:%d.%m.%Y %H:%M}",
                        f"Nikâhınız {when:%d.%m.%Y} günü saat {when:%H:%M}'de, {where}. Tanıklarınız kimlikleriyle "
                        f"birlikte nikâhtan 15 dakika önce hazır bulunmalı.{extra} Dosya: {row.no}")
        booking.hatirlatma_at = now()
        sent += 1
    return sent


def _hall_name(salon_id: int | None) -> str:
    from ..models import NikahSalonu

    hall = db.session.get(NikahSalonu, salon_id) if salon_id else None
    return hall.ad if hall else "—"


def dogrula(kod: str) -> tuple[Nikah, list[Taraf]] | None:
    """The ceremony a certificate's QR code names (public verification)."""
    if not kod or len(kod) > 40:
        return None
    booking = db.session.scalar(select(Nikah).where(Nikah.dogrulama_kodu == kod, Nikah.durum == "kiyildi"))
    if booking is None:
        return None
    return booking, dosyalar.taraflar(booking.basvuru_id)


def tamamlanan(basvuru_id: int) -> Nikah | None:
    return db.session.scalar(select(Nikah).where(Nikah.basvuru_id == basvuru_id, Nikah.durum == "kiyildi"))
