"""The cash desk (vezne): a cashier's day, counter payments inside it, and the day close.

A cashier opens one session (``VezneOturumu``) for the day; every counter payment names
it.  At the close (kasa kapanışı) the system sums the session's receipts per channel, the
cashier enters the cash he counted, and the difference is recorded.  A closed session
takes nothing more and is never reopened: the next day is a new session.

Lock order, everywhere: the session row first, then the taxpayer row (``tahsilat.kilitle``),
so a payment and the close of the same session run one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.exc import IntegrityError

from ebelediye import audit
from ebelediye.extensions import db

from ..hesap import ZERO
from ..models import Iade, Mukellef, Tahsilat, VezneOturumu
from . import GelirError, para, tahsilat

#: counter channels (``online`` payments never pass through a cash desk)
VEZNE_KANALLARI = ("nakit", "kart", "havale")


def acik_oturum(kasiyer_id: int) -> VezneOturumu | None:
    """The cashier's open session, if any."""
    return db.session.scalar(select(VezneOturumu).where(VezneOturumu.kasiyer_id == kasiyer_id,
                                                        VezneOturumu.kapanis_at.is_(None)))


def oturum(oturum_id: int) -> VezneOturumu:
    row = db.session.get(VezneOturumu, oturum_id)
    if row is None:
        raise GelirError(_l("Vezne oturumu bulunamadı."), status=404)
    return row


def _kilitli(oturum_id: int) -> VezneOturumu:
    row = db.session.scalar(select(VezneOturumu).where(VezneOturumu.id == oturum_id).with_for_update())
    if row is None:
        raise GelirError(_l("Vezne oturumu bulunamadı."), status=404)
    return row


def ac(kasiyer_id: int, kasiyer: str, gun: date, *, actor: str) -> VezneOturumu:
    """Open the cashier's day; one open session per cashier (a partial unique index holds it)."""
    if acik_oturum(kasiyer_id) is not None:
        raise GelirError(_l("Zaten açık bir vezne oturumunuz var; yeni gün için önce kasayı kapatın."),
                         {"oturum": [_l("Açık oturum var.")]}, status=409)
    row = VezneOturumu(kasiyer_id=kasiyer_id, kasiyer=kasiyer, tarih=gun)
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:  # another tab opened it a moment ago
        raise GelirError(_l("Zaten açık bir vezne oturumunuz var."), {"oturum": [_l("Açık oturum var.")]},
                         status=409) from None
    audit.record("gelir.vezne.ac", actor=actor, realm="staff", object_type="vezne_oturumu", object_id=row.id,
                 after={"kasiyer": kasiyer, "tarih": gun.isoformat()})
    return row


def _acik_ve_benim(row: VezneOturumu, kasiyer_id: int, field: str = "oturum") -> None:
    if row.kasiyer_id != kasiyer_id:
        raise GelirError(_l("Bu vezne oturumu başka bir kasiyere ait."), {field: [_l("Başka kasiyerin oturumu.")]},
                         status=403)
    if row.kapanis_at is not None:
        raise GelirError(_l("Bu vezne oturumu kapatıldı; kapanmış oturuma işlem yapılamaz."),
                         {field: [_l("Oturum kapalı.")]})


def tahsil(
    kasiyer_id: int, mukellef_id: int, tutar: object, kanal: str, gun: date, *, actor: str,
    belge_no: str = "", secili: list[int] | None = None,
) -> tahsilat.Sonuc:
    """Take a counter payment in the cashier's open session of ``gun``."""
    current = acik_oturum(kasiyer_id)
    if current is None:
        raise GelirError(_l("Tahsilat için önce günü (vezne oturumunu) açın."), {"oturum": [_l("Açık vezne oturumu yok.")]})
    row = _kilitli(current.id)
    _acik_ve_benim(row, kasiyer_id)
    if row.tarih != gun:
        raise GelirError(_l("Açık oturumunuz %(gun)s gününe ait; önce o günün kasasını kapatın.", gun=row.tarih.strftime("%d.%m.%Y")),
                         {"oturum": [_l("Oturum başka bir güne ait.")]})
    amount = para(tutar)
    if kanal not in VEZNE_KANALLARI:
        raise GelirError(_l("Ödeme şekli geçersiz."), {"kanal": [_l("Nakit, kart ya da havale seçin.")]})
    belge_no = (belge_no or "").strip()
    if kanal == "havale" and not belge_no:
        raise GelirError(_l("Havale için dekont numarası gerekli."), {"belge_no": [_l("Dekont numarasını girin.")]})
    if len(belge_no) > 60:
        raise GelirError(_l("Dekont numarası çok uzun."), {"belge_no": [_l("En çok 60 karakter.")]})
    if secili is not None and not secili:
        secili = None
    return tahsilat.tahsil(mukellef_id, amount, kanal, gun, actor=actor, secili=secili,
                           vezne_oturumu_id=row.id, belge_no=belge_no if kanal != "nakit" else "")


def beklenen(oturum_id: int) -> dict[str, Decimal]:
    """What the session should hold per channel: its receipts, less the cash refunds it paid out."""
    totals = {k: ZERO.quantize(Decimal("0.01")) for k in VEZNE_KANALLARI}
    for kanal, total in db.session.execute(
            select(Tahsilat.kanal, func.sum(Tahsilat.tutar)).where(Tahsilat.vezne_oturumu_id == oturum_id)
            .group_by(Tahsilat.kanal)):
        totals[kanal] = totals.get(kanal, ZERO) + total
    totals["nakit"] -= nakit_iadeler_toplami(oturum_id)
    return totals


def nakit_iadeler_toplami(oturum_id: int) -> Decimal:
    return db.session.scalar(select(func.coalesce(func.sum(Iade.tutar), 0)).where(
        Iade.vezne_oturumu_id == oturum_id, Iade.odeme_sekli == "nakit")) or ZERO


def odenecek_nakit_iadeler() -> list[Iade]:
    """Approved cash refunds no cashier has paid out yet, oldest first."""
    return list(db.session.scalars(select(Iade).where(
        Iade.odeme_sekli == "nakit", Iade.durum == "onaylandi", Iade.odendi_at.is_(None)).order_by(Iade.id)))


def nakit_iade_ode(oturum_id: int, kasiyer_id: int, iade_id: int, *, actor: str) -> Iade:
    """Pay an approved cash refund out of the cashier's open session (once)."""
    session = _kilitli(oturum_id)
    _acik_ve_benim(session, kasiyer_id)
    row = db.session.scalar(select(Iade).where(Iade.id == iade_id).with_for_update())
    if row is None:
        raise GelirError(_l("İade bulunamadı."), status=404)
    if row.odeme_sekli != "nakit" or row.durum != "onaylandi":
        raise GelirError(_l("Yalnızca onaylanmış nakit iadeler vezneden ödenir."), {"iade": [_l("Bu iade nakit değil "
                         "ya da onaylanmamış.")]}, status=409)
    if row.odendi_at is not None:
        raise GelirError(_l("Bu iade zaten ödendi."), {"iade": [_l("%(zaman)s tarihinde ödendi.", zaman=row.odendi_at.strftime("%d.%m.%Y %H:%M"))]},
                         status=409)
    if beklenen(session.id)["nakit"] < row.tutar:
        raise GelirError(_l("Kasadaki nakit bu iadeyi ödemeye yetmiyor."), {"iade": [_l("Kasada yeterli nakit yok.")]})
    row.vezne_oturumu_id, row.odendi_at = session.id, datetime.now(UTC)
    audit.record("gelir.iade.nakit_ode", actor=actor, realm="staff", object_type="iade", object_id=row.id,
                 after={"vezne_oturumu_id": session.id, "tutar": str(row.tutar)})
    return row


def kapat(oturum_id: int, kasiyer_id: int, sayilan_nakit: object, *, actor: str, aciklama: str = "") -> VezneOturumu:
    """Close the day: record the expected totals, the counted cash and the difference."""
    row = _kilitli(oturum_id)
    _acik_ve_benim(row, kasiyer_id)
    if sayilan_nakit is None or str(sayilan_nakit).strip() == "":
        raise GelirError(_l("Sayılan nakit tutarını girin."), {"sayilan_nakit": [_l("Sayılan nakit gerekli (yoksa 0).")]})
    counted = para(sayilan_nakit, "sayilan_nakit", positive=False)
    if counted < 0:
        raise GelirError(_l("Sayılan nakit eksi olamaz."), {"sayilan_nakit": [_l("Sayılan nakit sıfır ya da daha büyük olmalı.")]})
    aciklama = (aciklama or "").strip()
    if len(aciklama) > 500:
        raise GelirError(_l("Açıklama çok uzun."), {"aciklama": [_l("En çok 500 karakter.")]})
    expected = beklenen(row.id)
    row.beklenen = {k: str(v) for k, v in expected.items()}
    row.sayilan_nakit = counted
    row.fark = counted - expected["nakit"]
    row.aciklama = aciklama
    row.kapanis_at = datetime.now(UTC)
    db.session.flush()
    audit.record("gelir.vezne.kapat", actor=actor, realm="staff", object_type="vezne_oturumu", object_id=row.id,
                 before={"durum": "acik"},
                 after={"beklenen": row.beklenen, "sayilan_nakit": str(counted), "fark": str(row.fark),
                        "aciklama": aciklama})
    return row


@dataclass(frozen=True)
class KapanisRaporu:
    oturum: VezneOturumu
    beklenen: dict[str, Decimal]
    adetler: dict[str, int]
    toplam: Decimal
    makbuzlar: list[Tahsilat]


def rapor(oturum_id: int) -> KapanisRaporu:
    """The day-close report: the session's receipts and totals per channel."""
    row = oturum(oturum_id)
    receipts = list(db.session.scalars(select(Tahsilat).where(Tahsilat.vezne_oturumu_id == row.id)
                                       .order_by(Tahsilat.id)))
    counts = {k: 0 for k in VEZNE_KANALLARI}
    for r in receipts:
        counts[r.kanal] = counts.get(r.kanal, 0) + 1
    expected = ({k: Decimal(v) for k, v in row.beklenen.items()} if row.beklenen is not None
                else beklenen(row.id))
    return KapanisRaporu(row, expected, counts, sum(expected.values(), ZERO), receipts)


# --- lists ---------------------------------------------------------------------------

def mukellef_sorgusu(q: str) -> Select:
    """Taxpayers by TCKN/VKN (prefix) or name (contains), merged records left out."""
    q = (q or "").strip()
    query = select(Mukellef).where(Mukellef.birlestigi_id.is_(None))
    if q.isdigit():
        query = query.where(or_(Mukellef.tckn.startswith(q), Mukellef.vkn.startswith(q)))
    elif q:
        like = f"%{q.lower()}%"
        full = func.lower(func.concat(Mukellef.ad, " ", Mukellef.soyad))
        query = query.where(or_(full.like(like), func.lower(Mukellef.unvan).like(like)))
    return query.order_by(Mukellef.unvan, Mukellef.ad, Mukellef.soyad, Mukellef.id)


def makbuz_sorgusu(*, oturum_id: int | None = None, gun: date | None = None, q: str = "") -> Select:
    """Receipts of a session or a day, newest first; ``q`` matches the receipt number or the taxpayer."""
    query = select(Tahsilat).join(Mukellef, Mukellef.id == Tahsilat.mukellef_id)
    if oturum_id is not None:
        query = query.where(Tahsilat.vezne_oturumu_id == oturum_id)
    if gun is not None:
        query = query.where(Tahsilat.tarih == gun)
    q = (q or "").strip()
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(
            func.lower(Tahsilat.makbuz_no).like(like), Mukellef.tckn.startswith(q), Mukellef.vkn.startswith(q),
            func.lower(func.concat(Mukellef.ad, " ", Mukellef.soyad)).like(like),
            func.lower(Mukellef.unvan).like(like), cast(Tahsilat.tutar, String).startswith(q)))
    return query.order_by(Tahsilat.id.desc())


def oturum_sorgusu(*, kasiyer_id: int | None = None) -> Select:
    query = select(VezneOturumu)
    if kasiyer_id is not None:
        query = query.where(VezneOturumu.kasiyer_id == kasiyer_id)
    return query.order_by(VezneOturumu.id.desc())
