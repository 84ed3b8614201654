"""Fees: priced from the council's dated tariff, charged through the ``FeeCharger`` port
where Gelir is enabled (the couple pay it like any municipal debt, at Gelir's desk or
online) and learnt of from the ``fee_paid`` event; otherwise taken at the marriage office's
desk with the module's own receipt, numbered without gaps per year.

Money rows are not edited: a fee is opened, paid or cancelled (a state), a desk receipt is
cancelled by a reversing receipt.  A paid fee is not refunded when the ceremony is
cancelled (RULES §8.6, Efeler's practice).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit, ports
from ebelediye.extensions import db
from ebelediye.ports import FeeCharger, FeeRequest

from .. import hesap
from ..models import (
    Muafiyet,
    Nikah,
    NikahBasvurusu,
    NikahMakbuzu,
    NikahTarifesi,
    NikahUcreti,
    Taraf,
)
from . import EvlendirmeError, ayarlar, dosya_al, now, sonraki_no, tatil_mi, tz

PREFIX = "evlendirme:ucret:"
ODEME_SEKILLERI = {"nakit": _l("Nakit"), "kart": _l("Kredi / banka kartı")}
DURUMLAR = {"acik": _l("Ödenmedi"), "odendi": _l("Ödendi"), "iptal": _l("İptal")}
KANALLAR = {"gelir": _l("Gelir (vezne ya da e-Hizmet)"), "masa": _l("Evlendirme masası"), "muaf": _l("Muaf")}


def tarife_satirlari() -> list[hesap.TarifeSatiri]:
    return [hesap.TarifeSatiri(r.id, r.tur, r.gun_turu, r.km_alt, r.km_ust, r.tutar, r.gecerli_baslangic, r.karar)
            for r in db.session.scalars(select(NikahTarifesi).order_by(NikahTarifesi.id))]


def tarife_ekle(*, tur: str, gun_turu: str, tutar: Decimal, gecerli_baslangic: date, karar: str, actor: str,
                km_alt: Decimal | None = None, km_ust: Decimal | None = None) -> NikahTarifesi:
    """Add a tariff line (it supersedes the earlier line of the same kind from its day on)."""
    if tur not in ("salon", "dis", "izin_belgesi", "aile_cuzdani"):
        raise EvlendirmeError(_l("Tarife türü geçersiz."), {"tur": [_l("Listeden seçin.")]})
    if gun_turu not in hesap.GUN_TURU_ADI:
        raise EvlendirmeError(_l("Gün türü geçersiz."), {"gun_turu": [_l("Listeden seçin.")]})
    if km_alt is not None and km_ust is not None and km_ust <= km_alt:
        raise EvlendirmeError(_l("Mesafe diliminin üst sınırı alt sınırından büyük olmalı."), {"km_ust": [_l("Geçersiz dilim.")]})
    if not karar.strip():
        raise EvlendirmeError(_l("Meclis kararını yazın."), {"karar": [_l("Bu alan gerekli.")]})
    row = NikahTarifesi(tur=tur, gun_turu=gun_turu, km_alt=km_alt, km_ust=km_ust, tutar=tutar,
                        gecerli_baslangic=gecerli_baslangic, karar=karar.strip(), olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("evlendirme.tarife.ekle", actor=actor, object_type="nikah_tarifesi", object_id=row.id,
                 after={"tur": tur, "gun_turu": gun_turu, "tutar": str(tutar), "baslangic": gecerli_baslangic.isoformat(),
                        "km": [str(km_alt) if km_alt is not None else None, str(km_ust) if km_ust is not None else None]})
    return row


def hesapla(tur: str, gun: date, *, mesafe_km: Decimal | None = None, muafiyet: str | None = None) -> hesap.Ucret:
    """The fee of a ceremony (or a permit) on ``gun``, with its steps."""
    try:
        return hesap.ucret_hesapla(tur, gun, hesap.gun_turu(gun, tatil_mi), tarife_satirlari(), mesafe_km=mesafe_km,
                                   muafiyet=muafiyet)
    except hesap.TarifeBulunamadi:
        raise EvlendirmeError(_l("Belediyenin ücret tarifesinde bu işlem için %(gun)s gününde geçerli bir satır yok; "
                                 "tarifeyi tamamlayın.", gun=gun.strftime("%d.%m.%Y"))) from None


def _payer(basvuru_id: int) -> Taraf:
    parties = list(db.session.scalars(select(Taraf).where(Taraf.basvuru_id == basvuru_id).order_by(Taraf.sira)))
    return next((p for p in parties if p.tckn), parties[0])


def _open_fee(basvuru_id: int, nikah_id: int | None, price: hesap.Ucret, aciklama: str, *, actor: str) -> NikahUcreti:
    code = price.satir.kod if price.satir else "nikah.muaf"
    fee = NikahUcreti(basvuru_id=basvuru_id, nikah_id=nikah_id, referans=f"{PREFIX}yeni:{uuid.uuid4().hex}",
                      tarife_id=price.satir.id if price.satir else None, tarife_kod=code, aciklama=aciklama,
                      tutar=price.tutar, hesap=list(price.adimlar), kanal="muaf" if price.tutar == 0 else "masa",
                      durum="odendi" if price.tutar == 0 else "acik", olusturan=actor,
                      odeme_tarihi=now().date() if price.tutar == 0 else None)
    db.session.add(fee)
    db.session.flush()
    fee.referans = f"{PREFIX}{fee.id}"
    if fee.durum == "acik" and ports.available(FeeCharger):
        payer = _payer(basvuru_id)
        charge = ports.resolve(FeeCharger).charge(FeeRequest(
            reference=fee.referans, identity_number=payer.tckn or "", tariff_code=code, on=now().date(), actor=actor,
            first_name=payer.ad, last_name=payer.soyad, amount=fee.tutar, description=aciklama[:300]))
        fee.kanal = "gelir"
        if charge.is_paid:
            fee.durum, fee.odeme_tarihi, fee.makbuz_no = "odendi", charge.paid_on, charge.receipt_no
    db.session.flush()
    audit.record("evlendirme.ucret.ac", actor=actor, object_type="nikah_ucreti", object_id=fee.id,
                 after={"basvuru_id": basvuru_id, "nikah_id": nikah_id, "tutar": str(fee.tutar), "kanal": fee.kanal,
                        "tarife": code})
    return fee


def _muafiyet(basvuru_id: int) -> str | None:
    row = db.session.get(NikahBasvurusu, basvuru_id) or dosya_al(basvuru_id)  # a booking has it loaded already
    if row.muafiyet_id is None:
        return None
    waiver = db.session.get(Muafiyet, row.muafiyet_id)
    return f"{waiver.ad} ({waiver.karar})" if waiver and waiver.aktif else None


def nikah_ucreti(booking: Nikah, *, actor: str, onceki: Nikah | None = None) -> NikahUcreti | None:
    """Price and charge a booking's fee; on a reschedule the paid fee follows the booking
    (a dearer day is charged the difference; a cheaper one is not refunded)."""
    from . import takvim

    gun = booking.baslangic.astimezone(tz()).date()
    price = hesapla("salon" if booking.yer == "salon" else "dis", gun, mesafe_km=booking.mesafe_km,
                    muafiyet=_muafiyet(booking.basvuru_id))
    label = f"Nikâh ücreti {gun:%d.%m.%Y} ({'salon' if booking.yer == 'salon' else 'salon dışı'})"
    if onceki is not None:
        earlier = [f for f in fees(booking.basvuru_id) if f.nikah_id == onceki.id and f.durum != "iptal"]
        unpaid = [f for f in earlier if f.durum == "acik"]
        paid = sum((f.tutar for f in earlier if f.durum == "odendi"), Decimal("0"))
        if unpaid and not paid and sum(f.tutar for f in unpaid) == price.tutar:
            for f in unpaid:  # same price: the open fee simply follows the booking
                f.nikah_id = booking.id
            return unpaid[0]
        for f in unpaid:
            _cancel(f, "Nikâh ertelendi; ücret yeniden hesaplandı", actor=actor)
        for f in earlier:
            if f.durum == "odendi":
                f.nikah_id = booking.id
        if paid:
            if price.tutar > paid:
                difference = hesap.Ucret(price.tutar - paid, price.satir, (*price.adimlar,
                                                                        f"Önceki ödeme {paid} TL düşüldü."))
                return _open_fee(booking.basvuru_id, booking.id, difference, label + " (fark)", actor=actor)
            takvim.kesinlestir(booking.id, actor=actor)
            return earlier[0]
    fee = _open_fee(booking.basvuru_id, booking.id, price, label, actor=actor)
    if fee.durum == "odendi":
        takvim.kesinlestir(booking.id, actor=actor)
    return fee


def izin_belgesi_ucreti(basvuru_id: int, *, actor: str) -> NikahUcreti:
    """Charge the evlenme izin belgesi fee of a file for another municipality (once)."""
    row = dosya_al(basvuru_id, lock=True)
    if row.amac != "izin_belgesi":
        raise EvlendirmeError(_l("Bu dosya izin belgesi için açılmamış."))
    existing = [f for f in fees(row.id) if f.durum != "iptal"]
    if existing:
        return existing[0]
    price = hesapla("izin_belgesi", now().date())
    return _open_fee(row.id, None, price, f"Evlenme izin belgesi ({row.no})", actor=actor)


def fees(basvuru_id: int) -> list[NikahUcreti]:
    return list(db.session.scalars(select(NikahUcreti).where(NikahUcreti.basvuru_id == basvuru_id).order_by(NikahUcreti.id)))


def odendi_mi(basvuru_id: int, nikah_id: int | None = None) -> bool:
    """Every live fee of the file (of one booking) is paid, and there is at least one."""
    live = [f for f in fees(basvuru_id) if f.durum != "iptal" and (nikah_id is None or f.nikah_id == nikah_id)]
    return bool(live) and all(f.durum == "odendi" for f in live)


def _cancel(fee: NikahUcreti, reason: str, *, actor: str) -> None:
    if fee.durum != "acik":
        return
    if fee.kanal == "gelir":
        try:
            ports.resolve(FeeCharger).cancel(fee.referans, reason, actor=actor)
        except ports.PortUnavailable:
            pass  # Gelir was turned off since: its debt stays for Gelir's staff; ours is cancelled
    fee.durum = "iptal"
    audit.record("evlendirme.ucret.iptal", actor=actor, object_type="nikah_ucreti", object_id=fee.id,
                 before={"durum": "acik"}, after={"durum": "iptal", "neden": reason})


def nikah_iptal(booking: Nikah, reason: str, *, actor: str) -> None:
    """A booking ended without a ceremony: its unpaid fees are cancelled (paid ones stay)."""
    for fee in fees(booking.basvuru_id):
        if fee.nikah_id == booking.id:
            _cancel(fee, reason, actor=actor)


def _paid(fee: NikahUcreti, on: date, receipt_no: str | None, *, actor: str) -> None:
    from . import takvim

    if fee.durum != "acik":
        return
    fee.durum, fee.odeme_tarihi, fee.makbuz_no = "odendi", on, receipt_no
    audit.record("evlendirme.ucret.odendi", actor=actor, object_type="nikah_ucreti", object_id=fee.id,
                 before={"durum": "acik"}, after={"durum": "odendi", "makbuz_no": receipt_no, "kanal": fee.kanal})
    if fee.nikah_id is not None and odendi_mi(fee.basvuru_id, fee.nikah_id):
        takvim.kesinlestir(fee.nikah_id, actor=actor)


def odeme_bildirimi(reference: str, on: date, receipt_no: str | None, *, actor: str) -> NikahUcreti | None:
    """The provider says a fee of ours is paid (``fee_paid``): the booking becomes firm."""
    if not reference.startswith(PREFIX):
        return None
    fee = db.session.scalar(select(NikahUcreti).where(NikahUcreti.referans == reference).with_for_update())
    if fee is None:
        return None
    _paid(fee, on, receipt_no, actor=actor or "gelir")
    return fee


def durum_esitle(ucret_id: int, *, actor: str) -> NikahUcreti:
    """Ask the provider whether a fee charged through the port is paid (a missed event)."""
    fee = _fee(ucret_id)
    if fee.kanal == "gelir" and fee.durum == "acik":
        charge = ports.resolve(FeeCharger).status(fee.referans)
        if charge is not None and charge.is_paid:
            _paid(fee, charge.paid_on or now().date(), charge.receipt_no, actor=actor)
    return fee


def ucret(ucret_id: int) -> NikahUcreti:
    """A fee, or ``NotFound``."""
    fee = db.session.get(NikahUcreti, ucret_id)
    if fee is None:
        raise EvlendirmeError(_l("Ücret bulunamadı."), status=404)
    return fee


def _fee(ucret_id: int) -> NikahUcreti:
    fee = db.session.scalar(select(NikahUcreti).where(NikahUcreti.id == ucret_id).with_for_update())
    if fee is None:
        raise EvlendirmeError(_l("Ücret bulunamadı."), status=404)
    return fee


def masa_tahsil(ucret_id: int, odeme_sekli: str, *, actor: str, odeyen: str = "") -> NikahMakbuzu:
    """Take a fee at the marriage office's desk (where Gelir is not used) with a receipt
    numbered without gaps per year."""
    fee = _fee(ucret_id)
    dosya_al(fee.basvuru_id)
    if fee.kanal != "masa":
        raise EvlendirmeError(_l("Bu ücret Gelir'e borç olarak yazıldı; Gelir veznesinden ya da e-Hizmet'ten ödenir."))
    if fee.durum != "acik":
        raise EvlendirmeError(_l("Bu ücret %(durum)s.", durum=str(DURUMLAR[fee.durum]).lower()), status=409)
    if odeme_sekli not in ODEME_SEKILLERI:
        raise EvlendirmeError(_l("Ödeme şekli geçersiz."), {"odeme_sekli": [_l("Nakit ya da kart seçin.")]})
    day = now().date()
    number = sonraki_no("makbuz", day.year)
    receipt = NikahMakbuzu(yil=day.year, sira=number, no=f"{ayarlar().makbuz_on_eki}-{day.year}-{number:06d}",
                           ucret_id=fee.id, tutar=fee.tutar, tarih=day, odeyen=(odeyen or _payer_name(fee))[:200],
                           odeme_sekli=odeme_sekli, kasiyer=actor)
    db.session.add(receipt)
    db.session.flush()
    audit.record("evlendirme.makbuz.kes", actor=actor, object_type="nikah_makbuzu", object_id=receipt.id,
                 after={"no": receipt.no, "tutar": str(receipt.tutar), "ucret_id": fee.id, "sekil": odeme_sekli})
    _paid(fee, day, receipt.no, actor=actor)
    return receipt


def _payer_name(fee: NikahUcreti) -> str:
    payer = _payer(fee.basvuru_id)
    return f"{payer.ad} {payer.soyad}"


def makbuz_iptal(makbuz_id: int, neden: str, *, actor: str) -> NikahMakbuzu:
    """Cancel a desk receipt by a reversing one (same counter); the fee is owed again and
    the booking is held again for the hold period."""
    from . import takvim

    original = db.session.get(NikahMakbuzu, makbuz_id)
    if original is None or original.tutar <= 0:
        raise EvlendirmeError(_l("Makbuz bulunamadı."), status=404)
    if db.session.scalar(select(NikahMakbuzu.id).where(NikahMakbuzu.iptal_edilen_id == original.id)) is not None:
        raise EvlendirmeError(_l("Bu makbuz zaten iptal edilmiş."), status=409)
    if not neden.strip():
        raise EvlendirmeError(_l("İptal nedenini yazın."), {"neden": [_l("Bu alan gerekli.")]})
    fee = _fee(original.ucret_id)
    day = now().date()
    number = sonraki_no("makbuz", day.year)
    reversal = NikahMakbuzu(yil=day.year, sira=number, no=f"{ayarlar().makbuz_on_eki}-{day.year}-{number:06d}",
                            ucret_id=fee.id, tutar=-original.tutar, tarih=day, odeyen=original.odeyen,
                            odeme_sekli=original.odeme_sekli, iptal_edilen_id=original.id, kasiyer=actor)
    db.session.add(reversal)
    fee.durum, fee.odeme_tarihi, fee.makbuz_no = "acik", None, None
    db.session.flush()
    if fee.nikah_id is not None:
        booking = takvim.nikah(fee.nikah_id, lock=True)
        if booking.durum == "kesin":
            booking.durum = "tutuldu"
            booking.tutma_bitis = hesap.tutma_bitisi(now(), ayarlar().tutma_saat, booking.baslangic)
    audit.record("evlendirme.makbuz.iptal", actor=actor, object_type="nikah_makbuzu", object_id=reversal.id,
                 after={"iptal_edilen": original.no, "no": reversal.no, "neden": neden.strip()})
    return reversal


def makbuzlar(basvuru_id: int) -> list[NikahMakbuzu]:
    ids = select(NikahUcreti.id).where(NikahUcreti.basvuru_id == basvuru_id)
    return list(db.session.scalars(select(NikahMakbuzu).where(NikahMakbuzu.ucret_id.in_(ids)).order_by(NikahMakbuzu.id)))


def makbuz(makbuz_id: int) -> NikahMakbuzu:
    row = db.session.get(NikahMakbuzu, makbuz_id)
    if row is None:
        raise EvlendirmeError(_l("Makbuz bulunamadı."), status=404)
    return row
