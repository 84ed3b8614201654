"""İK's rules, one file per area.  Services take ids and the actor, never commit (the
request, job or CLI unit of work does), write an audit row after the rows it covers, and
refuse with ``IkError`` (a ``UserError``) whose messages are Turkish msgids.

Lock order where a service locks several rows: the payroll (``ik_bordrolar``), then the
person (``ik_personeller``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ebelediye import parameters
from ebelediye.errors import UserError
from ebelediye.extensions import db

from .. import hesap
from ..models import IkAyari


class IkError(UserError):
    """An HR or payroll rule refused the request; nothing was written."""

    code = "ik"


def ayarlar() -> IkAyari:
    """The office's settings (the seed creates the row)."""
    row = db.session.scalar(select(IkAyari).order_by(IkAyari.id).limit(1))
    if row is None:
        from ..seed import ORNEK_VKN

        row = IkAyari(isveren_vkn=ORNEK_VKN, isveren_unvan="Belediye", sicil_on_eki="P")
        db.session.add(row)
        db.session.flush()
    return row


def ayar_kaydet(isveren_vkn: str, isveren_unvan: str, *, actor: str, belge_azami_mb: int | None = None) -> IkAyari:
    """The employer as SGK knows it (the VKN every hire, leave and declaration names), and
    the largest personnel document accepted (MB; None keeps it)."""
    from ebelediye import audit

    row = ayarlar()
    before = {"isveren_vkn": row.isveren_vkn, "isveren_unvan": row.isveren_unvan, "belge_azami_mb": row.belge_azami_mb}
    row.isveren_vkn, row.isveren_unvan = isveren_vkn, isveren_unvan[:200]
    if belge_azami_mb is not None:
        row.belge_azami_mb = belge_azami_mb
    db.session.flush()
    audit.record("ik.ayar", actor=actor, object_type="ik_ayar", object_id=row.id, before=before,
                 after={"isveren_vkn": isveren_vkn, "isveren_unvan": row.isveren_unvan,
                        "belge_azami_mb": row.belge_azami_mb})
    return row


_CACHE = "ik.kurallar"


def kurallar(gun: date, sgk_statu: str) -> hesap.Kurallar:
    """The payroll figures in force on ``gun`` for an SGK status (read once per transaction).

    Raises ``ParameterMissing`` (a UserError) for a day no parameter row covers."""
    cache = db.session.info.setdefault(_CACHE, {})
    key = (gun, sgk_statu)
    if key not in cache:
        v = lambda name: parameters.value_on(f"ik.{name}", gun)  # noqa: E731
        tarife = hesap.Tarife(tuple(v(f"gv.sinir{n}") for n in range(1, 5)),
                              tuple(v(f"gv.oran{n}") for n in range(1, 6)))
        if sgk_statu == "4a":
            isci, issizlik, isveren, issizlik_isveren = (v("sgk.4a.isci"), v("sgk.4a.issizlik_isci"),
                                                         v("sgk.4a.isveren"), v("sgk.4a.issizlik_isveren"))
        else:
            isci, isveren = v(f"sgk.{sgk_statu}.isci"), v(f"sgk.{sgk_statu}.isveren")
            issizlik = issizlik_isveren = hesap.ZERO
        cache[key] = hesap.Kurallar(
            asgari_brut=v("asgari_ucret"), sgk_taban=v("sgk.taban"), sgk_tavan=v("sgk.tavan"), sgk_isci=isci,
            issizlik_isci=issizlik, sgk_isveren=isveren, issizlik_isveren=issizlik_isveren,
            asgari_sgk_isci=v("sgk.4a.isci"), asgari_issizlik_isci=v("sgk.4a.issizlik_isci"), tarife=tarife,
            damga_orani=v("dv.oran"))
    return cache[key]


def mesai(gun: date) -> hesap.Mesai:
    """Overtime and icra figures in force on ``gun`` (read once per transaction)."""
    cache = db.session.info.setdefault(_CACHE, {})
    if ("mesai", gun) not in cache:
        cache[("mesai", gun)] = hesap.Mesai(
            aylik_saat=parameters.value_on("ik.aylik_calisma_saati", gun),
            carpan=parameters.value_on("ik.fazla_mesai.carpan", gun),
            icra_orani=parameters.value_on("ik.icra.azami_oran", gun))
    return cache[("mesai", gun)]


def rapor_ilk_iki_gun(gun: date, tur: str) -> bool:
    """Whether the employer pays the first two days of a sick report in the month of ``gun``:
    for a worker (işçi) the TİS in force decides when it says so, otherwise the national
    parameter ``ik.rapor.ilk_iki_gun_isveren`` (1 yes, 0 no)."""
    cache = db.session.info.setdefault(_CACHE, {})
    key = ("rapor", gun, tur == "isci")
    if key not in cache:
        decided = None
        if tur == "isci":
            from .tis import rapor_ilk_iki_gun as by_tis

            decided = by_tis(gun)
        cache[key] = decided if decided is not None else parameters.value_on("ik.rapor.ilk_iki_gun_isveren", gun) > 0
    return cache[key]


def katsayilar(gun: date) -> hesap.Katsayilar:
    """The memur coefficients in force on ``gun`` (read once per transaction)."""
    cache = db.session.info.setdefault(_CACHE, {})
    if ("memur", gun) not in cache:
        cache[("memur", gun)] = _katsayilar(gun)
    return cache[("memur", gun)]


def _katsayilar(gun: date) -> hesap.Katsayilar:
    v = lambda name: parameters.value_on(f"ik.memur.{name}", gun)  # noqa: E731
    return hesap.Katsayilar(aylik=v("aylik_katsayi"), taban=v("taban_katsayi"), yan_odeme=v("yan_odeme_katsayi"),
                            taban_gosterge=v("taban_gosterge"), kidem_gosterge_yil=v("kidem_gosterge"),
                            kidem_azami_yil=int(v("kidem_azami_yil")), aile_gosterge=v("aile_gosterge"),
                            cocuk_gosterge=v("cocuk_gosterge"), cocuk_0_6_gosterge=v("cocuk_0_6_gosterge"),
                            en_yuksek_gosterge=v("en_yuksek_gosterge"), sendika_gosterge=v("sendika_gosterge"),
                            sendika_gosterge_alt=v("sendika_gosterge_alt"))


def _forget(session, transaction) -> None:
    # only the outermost transaction: a flush or a savepoint ends a nested one
    if transaction.parent is None:
        session.info.pop(_CACHE, None)


