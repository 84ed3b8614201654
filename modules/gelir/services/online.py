"""Citizens paying their debts by card through the bank's virtual POS (3-D Secure).

``baslat`` fixes the chosen debts and the amount (recomputed here, never taken from the
browser) and registers the order with the bank; ``geri_cagrim`` handles the bank's signed
callback; ``uzlastir_bir`` settles, from the bank's own status, a payment whose callback
never came.  All three run under a lock on the ``OnlineOdeme`` row and then on the
taxpayer's row (always in that order), so however many callbacks arrive, in whatever
order, alongside the nightly reconciliation and a cashier, a payment is applied once.

Before the card is charged the chosen debts must still be open with at least the chosen
amounts; if another payment (a second tab, a cashier) closed them, the card is not
charged.  If the bank charged anyway (a crash between the charge and our commit, found
later by the reconciliation), the money is received as credit and refunded to the card.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ebelediye import audit, clock, connectors, events, uow
from ebelediye.connectors import ConnectorError, PaymentVerificationError
from ebelediye.connectors.types import PaymentStatus
from ebelediye.extensions import db
from ebelediye.tenancy import require_tenant

from .. import parametre
from ..models import Iade, Mukellef, OnlineOdeme
from . import GelirError, borc, tahsilat

#: OnlineOdeme.durum values, with the text citizens see
DURUMLAR = {"baslatildi": "Bankadan sonuç bekleniyor", "odendi": "Ödendi", "basarisiz": "Ödeme alınamadı",
            "iade_edildi": "Kartınıza iade edildi"}
SONUCLANMIS = ("odendi", "basarisiz", "iade_edildi")
DEGISTI = _l("Onay sayfası açıldıktan sonra borçlarınız değişti (ödendi ya da tutarı güncellendi); ödeme "
             "başlatılmadı. Güncel tutarları kontrol edip yeniden onaylayın.")
KAPANDI = "Seçtiğiniz borçlar başka bir ödemeyle kapandı; kartınızdan çekim yapılmadı."
#: The bank's 3-D Secure hand-off and its ``md`` token live 15 minutes; a payment still
#: waiting for the card holder after this long can no longer be charged.
TERK_DAKIKA = 30
ACTOR = "online"
_RED_NEDENLERI = {"3d_dogrulanamadi": "3-D Secure doğrulaması başarısız oldu; kartınızdan çekim yapılmadı.",
                  "yetersiz_bakiye": "Banka ödemeyi onaylamadı (yetersiz bakiye); kartınızdan çekim yapılmadı.",
                  "taksit_desteklenmiyor": "Kartınız taksitli ödemeye açık değil (ör. banka kartı); kartınızdan "
                                           "çekim yapılmadı. Tek çekimle yeniden deneyin."}
#: the installment counts a municipality may offer (those up to its ``kart_taksit_en_cok``)
TAKSIT_SAYILARI = (2, 3, 4, 6, 9, 12)


def taksit_secenekleri(tutar: Decimal) -> list[int]:
    """The installment counts offered for a payment of ``tutar`` (always 1, one payment):
    those the municipality allows, from its minimum amount upwards."""
    ayar = parametre.ayarlar()
    if ayar.kart_taksit_en_cok <= 1 or tutar < ayar.kart_taksit_alt_tutar:
        return [1]
    return [1, *(n for n in TAKSIT_SAYILARI if n <= ayar.kart_taksit_en_cok)]


@dataclass(frozen=True)
class Baslangic:
    odeme: OnlineOdeme
    yonlendirme_url: str


@dataclass(frozen=True)
class Sonuc:
    """What a callback or a reconciliation did: the payment (None if unknown) and a message."""

    odeme: OnlineOdeme | None
    durum: str  # odendi | basarisiz | iade_edildi | baslatildi | dogrulanamadi
    mesaj: str


def mukellef_bul(tckn: str) -> Mukellef | None:
    """The living (not merged) taxpayer record of a citizen in this municipality."""
    return db.session.scalar(select(Mukellef).where(Mukellef.tckn == tckn, Mukellef.birlestigi_id.is_(None)))


def mukellef_idleri(tckn: str) -> list[int]:
    """Every taxpayer record of a person, merged ones too (their old receipts are still his)."""
    return list(db.session.scalars(select(Mukellef.id).where(Mukellef.tckn == tckn)))


def secim_hesapla(mukellef_id: int, secilen_tahakkuk_ids: list[int], gun: date) -> tuple[list[dict], Decimal]:
    """The chosen open debts with their amounts (principal + late fee as of ``gun``) and the total."""
    if not secilen_tahakkuk_ids:
        raise GelirError(_l("Ödemek için en az bir borç seçin."), {"tahakkuk_idleri": [_l("En az bir borç seçin.")]})
    try:
        wanted = sorted({int(i) for i in secilen_tahakkuk_ids})
    except (TypeError, ValueError):
        raise GelirError(_l("Seçim geçersiz."), {"tahakkuk_idleri": [_l("Borç numaraları sayı olmalı.")]}) from None
    open_debts = {d.tahakkuk_id: d for d in borc.acik_borclar(mukellef_id, gun)}
    missing = [i for i in wanted if i not in open_debts]
    if missing:
        raise GelirError(_l("Seçtiğiniz borçlardan bazıları bulunamadı ya da ödenmiş; sayfayı yenileyin."),
                         {"tahakkuk_idleri": [_l("Açık borç değil: %(idler)s", idler=", ".join(map(str, missing)))]})
    secim = [{"tahakkuk_id": i, "tutar": str(open_debts[i].toplam)} for i in wanted]
    tutar = sum((open_debts[i].toplam for i in wanted), Decimal("0.00"))
    if tutar <= 0:
        raise GelirError(_l("Seçtiğiniz borçların ödenecek tutarı yok."), {"tahakkuk_idleri": [_l("Tutar sıfır.")]})
    return secim, tutar


def onaylanmis(anahtar: str) -> OnlineOdeme | None:
    """The payment already started from the confirmation page with this key, if any."""
    return db.session.scalar(select(OnlineOdeme).where(OnlineOdeme.onay_anahtari == anahtar))


def baslat(mukellef_id: int, secilen_tahakkuk_ids: list[int], gun: date, return_url: str, *,
           actor: str = ACTOR, beklenen: list[dict] | None = None, anahtar: str | None = None,
           odeyen: tuple[str, str] | None = None, taksit: int = 1) -> Baslangic:
    """Start a card payment of the chosen open debts (amounts as of ``gun``).

    ``beklenen`` is the selection the citizen confirmed (ids and amounts): if today's
    amounts differ (paid or changed meanwhile) nothing starts.  ``anahtar`` is the key of
    that confirmation: a second start with it returns the first payment, never a second one.
    A bank that cannot be reached leaves nothing behind (the order is undone with it).
    ``odeyen`` (TCKN, name) is a citizen paying someone else's debt: kept on the payment
    and written on its receipt.  ``taksit`` is the installment count chosen, one of
    ``taksit_secenekleri`` for the amount (the same total: the bank collects it monthly)."""
    if anahtar is not None:
        existing = onaylanmis(anahtar)
        if existing is not None:
            return _ayni_onay(existing, mukellef_id)
    if beklenen is not None:
        try:
            secim, _tutar = secim_hesapla(mukellef_id, secilen_tahakkuk_ids, gun)
        except GelirError:
            raise GelirError(DEGISTI, {"tahakkuk_idleri": [DEGISTI]}, status=409) from None
        if secim != beklenen:
            raise GelirError(DEGISTI, {"tahakkuk_idleri": [DEGISTI]}, status=409)
    try:
        return _baslat(mukellef_id, secilen_tahakkuk_ids, gun, return_url, actor=actor, anahtar=anahtar,
                       odeyen=odeyen, taksit=taksit)
    except IntegrityError:
        # the same confirmation submitted twice at once: the other request started it
        existing = onaylanmis(anahtar) if anahtar is not None else None
        if existing is None:
            raise
        return _ayni_onay(existing, mukellef_id)


def _ayni_onay(existing: OnlineOdeme, mukellef_id: int) -> Baslangic:
    if existing.mukellef_id != mukellef_id:
        raise GelirError(_l("Seçim geçersiz."), {"tahakkuk_idleri": [_l("Onay anahtarı geçersiz.")]})
    return Baslangic(existing, existing.yonlendirme_url or "")


def _baslat(mukellef_id: int, secilen_tahakkuk_ids: list[int], gun: date, return_url: str, *,
            actor: str, anahtar: str | None, odeyen: tuple[str, str] | None = None, taksit: int = 1) -> Baslangic:
    secim, tutar = secim_hesapla(mukellef_id, secilen_tahakkuk_ids, gun)
    offered = taksit_secenekleri(tutar)
    if taksit not in offered:
        message = _l("Bu tutar için sunulan taksit seçenekleri: %(secenekler)s.",
                     secenekler=", ".join(str(n) for n in offered))
        raise GelirError(_l("Taksit sayısı geçersiz."), {"taksit": [message]})
    try:
        with uow.savepoint():
            odeme = OnlineOdeme(siparis_no="gecici-" + secrets.token_hex(8), mukellef_id=mukellef_id, tutar=tutar,
                                secim=secim, durum="baslatildi", geri_cagrim_sayisi=0, sonuc="",
                                onay_anahtari=anahtar, taksit=taksit, odeyen_tckn=odeyen[0] if odeyen else None,
                                odeyen_ad=odeyen[1][:200] if odeyen else None)
            db.session.add(odeme)
            db.session.flush()
            # the order number the bank and the citizen see: tenant, our id, and a random part so
            # order numbers cannot be guessed from one another
            odeme.siparis_no = f"{require_tenant().slug[:16]}-{odeme.id}-{secrets.token_hex(4)}"
            started = connectors.get("pos").start_payment(odeme.siparis_no, tutar, return_url, taksit=taksit)
    except ConnectorError as exc:
        raise GelirError(_l("Ödeme başlatılamadı: %(neden)s", neden=exc.message_tr), status=503) from None
    odeme.odeme_no = started.odeme_no
    odeme.yonlendirme_url = started.yonlendirme_url[:1000]
    audit.record("gelir.online.baslat", actor=actor, realm="citizen", object_type="online_odeme", object_id=odeme.id,
                 after={"siparis_no": odeme.siparis_no, "mukellef_id": mukellef_id, "tutar": str(tutar),
                        "secim": secim, "odeme_no": started.odeme_no, "onay_anahtari": anahtar, "taksit": taksit,
                        **({"odeyen_tckn": odeyen[0]} if odeyen else {})})
    return Baslangic(odeme, started.yonlendirme_url)


def _kilitli(siparis_no: object) -> OnlineOdeme | None:
    if not isinstance(siparis_no, str) or len(siparis_no) > 40:
        return None
    return db.session.scalar(select(OnlineOdeme).where(OnlineOdeme.siparis_no == siparis_no).with_for_update())


class _Dogrulanamadi(Exception):
    """The callback cannot be trusted: everything it did is undone, only an audit row stays."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(reason)
        self.reason, self.message = reason, message


class _BankaHatasi(Exception):
    """The bank's answer is unknown (a timeout): undo the callback, leave it to the reconciliation."""

    def __init__(self, exc: ConnectorError) -> None:
        super().__init__(exc.code)
        self.code, self.detail = exc.code, str(exc.detail or "")[:200]


def _kalici_denetim(action: str, *, object_id: object, after: dict) -> None:
    """An audit row that stays whether the caller's unit commits or rolls back (a refused callback
    answers 400, which rolls the request back): written now, and again after a rollback."""
    def write() -> None:
        audit.record(action, actor=ACTOR, realm="citizen", object_type="online_odeme", object_id=object_id,
                     after=after)

    write()
    uow.after_rollback(write)


def geri_cagrim(fields, gun: date | None = None) -> Sonuc:
    """Handle the bank's signed callback; idempotent, applies the payment at most once.

    A callback that cannot be verified, or whose completion the bank does not answer, is
    undone (a savepoint) and leaves only its audit row."""
    gun = gun or clock.today()
    fields = {k: fields.get(k) for k in fields.keys()} if hasattr(fields, "keys") else {}
    siparis_no = fields.get("siparis_no")
    try:
        with uow.savepoint():
            return _geri_cagrim(fields, siparis_no, gun)
    except _Dogrulanamadi as exc:
        _kalici_denetim("gelir.online.dogrulanamadi", object_id=siparis_no if isinstance(siparis_no, str) else None,
                        after={"neden": exc.reason, "siparis_no": str(siparis_no)[:60]})
        return Sonuc(None, "dogrulanamadi", exc.message)
    except _BankaHatasi as exc:
        _kalici_denetim("gelir.online.banka_hatasi", object_id=siparis_no,
                        after={"hata": exc.code, "detay": exc.detail})
        odeme = db.session.scalar(select(OnlineOdeme).where(OnlineOdeme.siparis_no == siparis_no))
        return Sonuc(odeme, "baslatildi", "Bankadan kesin sonuç alınamadı; ödemeniz kontrol edilip "
                                          "sonuçlandırılacak. Tekrar ödeme yapmadan önce bu sayfayı yenileyin.")


def _geri_cagrim(fields: dict, siparis_no: object, gun: date) -> Sonuc:
    odeme = _kilitli(siparis_no)
    if odeme is None:
        raise _Dogrulanamadi("siparis", "Ödeme bankadan doğrulanamadı; ödeme alınmış sayılmadı.")
    if odeme.durum in SONUCLANMIS:
        odeme.geri_cagrim_sayisi += 1
        audit.record("gelir.online.tekrar_geri_cagrim", actor=ACTOR, realm="citizen", object_type="online_odeme",
                     object_id=odeme.id, after={"durum": odeme.durum, "sayi": odeme.geri_cagrim_sayisi})
        return Sonuc(odeme, odeme.durum, odeme.sonuc)
    pos = connectors.get("pos")
    try:
        callback = pos.verify_callback(fields, siparis_no=odeme.siparis_no, tutar=odeme.tutar)
        if callback.odeme_no != odeme.odeme_no:
            raise PaymentVerificationError("odeme_no")
    except PaymentVerificationError as exc:
        raise _Dogrulanamadi(exc.reason, exc.message_tr) from None
    odeme.geri_cagrim_sayisi += 1
    if callback.authenticated:
        try:
            still_open = _secim_acik(odeme, gun)
        except GelirError as exc:  # the taxpayer record was merged meanwhile
            return _kapat(odeme, "basarisiz", f"{exc.message} Kartınızdan çekim yapılmadı.", gun)
        if not still_open:
            charged = _banka_durumu(pos, odeme)
            if charged is not None and charged.paid:  # charged before a crash: receive and refund
                return _uygula(odeme, charged, gun)
            return _kapat(odeme, "basarisiz", KAPANDI, gun)
    try:
        status = pos.complete(callback)
    except PaymentVerificationError as exc:
        raise _Dogrulanamadi(exc.reason, exc.message_tr) from None
    except ConnectorError as exc:
        # unknown outcome (timeout) or the bank refused the md: leave it to the reconciliation
        raise _BankaHatasi(exc) from None
    return _sonuclandir(odeme, status, gun)


def _sonuclandir(odeme: OnlineOdeme, status: PaymentStatus, gun: date) -> Sonuc:
    if status.paid:
        return _uygula(odeme, status, gun)
    if status.durum in ("reddedildi", "3d_basarisiz"):
        reason = _RED_NEDENLERI.get(status.red_nedeni or "", "Banka ödemeyi onaylamadı; kartınızdan çekim yapılmadı.")
        return _kapat(odeme, "basarisiz", reason, gun)
    return Sonuc(odeme, odeme.durum, "Bankadan sonuç bekleniyor.")


def _secim_acik(odeme: OnlineOdeme, gun: date) -> bool:
    """Whether every chosen debt is still open with at least the chosen amount (locks the taxpayer)."""
    tahsilat.kilitle(odeme.mukellef_id)
    debts = {d.tahakkuk_id: d for d in borc.acik_borclar(odeme.mukellef_id, gun)}
    return all(s["tahakkuk_id"] in debts and debts[s["tahakkuk_id"]].toplam >= Decimal(s["tutar"])
               for s in odeme.secim)


def _banka_durumu(pos, odeme: OnlineOdeme) -> PaymentStatus | None:
    if not odeme.odeme_no:
        return None
    try:
        return pos.status(odeme.odeme_no)
    except ConnectorError:
        return None


def _kapat(odeme: OnlineOdeme, durum: str, mesaj: str, gun: date) -> Sonuc:
    before = odeme.durum
    odeme.durum, odeme.sonuc, odeme.sonuc_at = durum, mesaj[:300], datetime.now(UTC)
    audit.record(f"gelir.online.{durum}", actor=ACTOR, realm="citizen", object_type="online_odeme",
                 object_id=odeme.id, before={"durum": before}, after={"durum": durum, "sonuc": odeme.sonuc})
    return Sonuc(odeme, durum, mesaj)


def _uygula(odeme: OnlineOdeme, status: PaymentStatus, gun: date) -> Sonuc:
    """The bank charged the card: receive the money against the chosen debts, once.

    Whatever the chosen debts no longer need (another payment closed them meanwhile)
    stays as credit for a moment and is refunded to the card."""
    day = status.tamamlanma.date() if status.tamamlanma else gun
    before = odeme.durum
    result = tahsilat.tahsil(odeme.mukellef_id, odeme.tutar, "online", day, actor=ACTOR,
                             secili=[s["tahakkuk_id"] for s in odeme.secim], online_odeme_id=odeme.id,
                             belge_no=status.onay_kodu or "")
    odeme.tahsilat_id = result.tahsilat.id
    if odeme.odeyen_tckn:  # a relative paid: the receipt says who (the number masked, as the taxpayer's is)
        from .rapor import maskeli

        result.tahsilat.odeyen = f"{odeme.odeyen_ad or ''} (T.C. {maskeli(odeme.odeyen_tckn)})".strip()[:250]
    odeme.durum, odeme.sonuc_at = "odendi", datetime.now(UTC)
    odeme.taksit = status.taksit  # what the bank charged (it may not offer what was asked)
    taksitle = f", {status.taksit} taksit" if status.taksit > 1 else ""
    odeme.sonuc = (f"Ödeme alındı (banka onay kodu {status.onay_kodu or '-'}{taksitle}); "
                   f"makbuz {result.tahsilat.makbuz_no}.")
    audit.record("gelir.online.odendi", actor=ACTOR, realm="citizen", object_type="online_odeme", object_id=odeme.id,
                 before={"durum": before},
                 after={"durum": "odendi", "tahsilat_id": result.tahsilat.id, "makbuz_no": result.tahsilat.makbuz_no,
                        "odeme_no": status.odeme_no, "onay_kodu": status.onay_kodu, "taksit": status.taksit})
    if result.dagitim.artan > 0:
        _iade(odeme, result.tahsilat.id, result.dagitim.artan)
    return Sonuc(odeme, odeme.durum, odeme.sonuc)


def _iade(odeme: OnlineOdeme, tahsilat_id: int, tutar: Decimal) -> None:
    """Refund to the card what the chosen debts did not need (they were paid meanwhile)."""
    try:
        refund = connectors.get("pos").refund(odeme.odeme_no or "", tutar)
    except ConnectorError as exc:
        odeme.sonuc = (f"Seçtiğiniz borçlar başka bir ödemeyle kapanmıştı; {tutar} TL alacak olarak kaydedildi, "
                       "kartınıza iadesi belediye tarafından yapılacak.")[:300]
        audit.record("gelir.online.iade_yapilamadi", actor=ACTOR, realm="citizen", object_type="online_odeme",
                     object_id=odeme.id, after={"tutar": str(tutar), "hata": exc.code})
        return
    now = datetime.now(UTC)
    row = Iade(mukellef_id=odeme.mukellef_id, tahsilat_id=tahsilat_id, tutar=tutar, durum="onaylandi",
               odeme_sekli="kart", gerekce=f"Online ödeme {odeme.siparis_no}: seçilen borçlar başka bir ödemeyle "
                                          "kapanmıştı; fazla çekim karta iade edildi.",
               talep_eden=ACTOR, onaylayan="online (otomatik iade)", karar_at=now, banka_iade_no=refund.iade_no)
    db.session.add(row)
    borc.degisti(odeme.mukellef_id)
    db.session.flush()
    events.revenue_refunded.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"iade:{row.id}", on=now.date(), channel="pos", actor=ACTOR,
        lines=(events.RevenueLine("alacak_iadesi", "", tutar, now.year),),
        extras={"mukellef_id": odeme.mukellef_id, "odeme_sekli": "kart", "banka_iade_no": refund.iade_no,
                "kaynak": "online_fazla_cekim"}))
    if tutar == odeme.tutar:
        odeme.durum = "iade_edildi"
    odeme.sonuc = (f"Seçtiğiniz borçlar başka bir ödemeyle kapanmıştı; {tutar} TL kartınıza iade edildi "
                   f"(iade no {refund.iade_no}).")[:300]
    audit.record("gelir.online.iade", actor=ACTOR, realm="citizen", object_type="online_odeme", object_id=odeme.id,
                 after={"tutar": str(tutar), "iade_id": row.id, "banka_iade_no": refund.iade_no,
                        "durum": odeme.durum})


def uzlastir_bir(odeme_id: int, gun: date, *, terk_dakika: int = TERK_DAKIKA) -> str:
    """Settle one payment from the bank's status (the nightly reconciliation).

    Returns what happened: ``odendi``, ``iade_edildi``, ``basarisiz``, ``bekliyor`` or
    ``atlandi`` (already settled, e.g. its callback came meanwhile)."""
    odeme = db.session.scalar(select(OnlineOdeme).where(OnlineOdeme.id == odeme_id).with_for_update())
    pos = connectors.get("pos")
    if odeme is None:
        return "atlandi"
    if odeme.durum == "basarisiz" and odeme.tahsilat_id is None:
        # refused without charging, yet the bank's settlement lists a sale for it
        status = _banka_durumu(pos, odeme)
        if status is not None and status.paid:
            return _uygula(odeme, status, gun).durum
        return "atlandi"
    if odeme.durum != "baslatildi":
        return "atlandi"
    if not odeme.odeme_no:
        return _kapat(odeme, "basarisiz", "Ödeme bankada başlatılamadı.", gun).durum
    status = pos.status(odeme.odeme_no)  # a ConnectorError leaves it for the next run
    if status.paid:
        return _uygula(odeme, status, gun).durum
    if status.durum in ("reddedildi", "3d_basarisiz"):
        return _sonuclandir(odeme, status, gun).durum
    started = odeme.created_at if odeme.created_at.tzinfo else odeme.created_at.replace(tzinfo=UTC)
    if datetime.now(UTC) - started >= timedelta(minutes=terk_dakika):
        return _kapat(odeme, "basarisiz", "Ödeme bankada tamamlanmadı (süre doldu); kartınızdan çekim yapılmadı.",
                      gun).durum
    return "bekliyor"


def gorunen(siparis_no: str, tckn: str) -> OnlineOdeme | None:
    """A payment as its own citizen, or the citizen who paid it for someone, may see it
    (None for anyone else's)."""
    odeme = db.session.scalar(select(OnlineOdeme).where(OnlineOdeme.siparis_no == siparis_no))
    if odeme is None or (odeme.mukellef_id not in mukellef_idleri(tckn) and odeme.odeyen_tckn != tckn):
        return None
    return odeme
