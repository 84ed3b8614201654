"""The chart of accounts: the seeded MİBMY accounts and the municipality's sub-accounts.

A sub-account extends its parent (``102`` -> ``102.01``) and inherits its kind and side.
An account that has movements (any voucher line, draft or approved) can neither be
deleted nor change its kind: its history would change meaning.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ebelediye import audit
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from ..models import TURLER, FisSatiri, Hesap
from . import MuhasebeConflict, MuhasebeError

_SUB = re.compile(r"^\d{3}(\.\d{1,4}){1,6}$")


def hesaplar(sadece_aktif: bool = False) -> list[Hesap]:
    query = select(Hesap).order_by(Hesap.kod)
    if sadece_aktif:
        query = query.where(Hesap.aktif.is_(True))
    return list(db.session.scalars(query))


def hesap(kod: str) -> Hesap:
    row = db.session.scalar(select(Hesap).where(Hesap.kod == kod))
    if row is None:
        raise NotFound(_l("Hesap bulunamadı."), {"hesap": [_l("Hesap planında böyle bir hesap yok.")]})
    return row


def acik_mi(kod: str) -> bool:
    """Whether ``kod`` is an active account of the chart (postings may name it)."""
    return bool(db.session.scalar(select(exists().where(Hesap.kod == kod, Hesap.aktif.is_(True)))))


def hareketi_var(kod: str) -> bool:
    return bool(db.session.scalar(select(exists().where(FisSatiri.hesap_kod == kod))))


def alt_hesap_ekle(kod: str, ad: str, *, actor: str, iban: str | None = None) -> Hesap:
    """Add a sub-account under the account its code extends (``102.01`` under ``102``); a
    bank sub-account (102) may carry its IBAN (``inputs.Iban`` checked it)."""
    kod = kod.strip()
    if not _SUB.match(kod):
        raise MuhasebeError(_l("Alt hesap kodu geçersiz."),
                            {"kod": [_l("Üst hesabın kodu, nokta ve rakamlar olmalı (ör. 102.01).")]})
    if not ad.strip():
        raise MuhasebeError(_l("Hesap adı gerekli."), {"ad": [_l("Hesabın adını yazın.")]})
    ust_kod = kod.rsplit(".", 1)[0]
    parent = db.session.scalar(select(Hesap).where(Hesap.kod == ust_kod))
    if parent is None:
        raise MuhasebeError(_l("Üst hesap yok."), {"kod": [_l("Önce %(ust)s hesabını açın.", ust=ust_kod)]})
    if db.session.scalar(select(Hesap.id).where(Hesap.kod == kod)) is not None:
        raise MuhasebeConflict(_l("Bu kodla bir hesap zaten var."), {"kod": [_l("Kod kullanılıyor.")]})
    if iban:
        _iban_kontrol(kod, iban)
    row = Hesap(kod=kod, ad=ad.strip()[:200], tur=parent.tur, bakiye_yonu=parent.bakiye_yonu,
                ters_bakiye_yasak=parent.ters_bakiye_yasak, ust_kod=parent.kod, standart=False, aktif=True,
                olusturan=actor, iban=iban or None)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.hesap.ekle", actor=actor, realm="staff", object_type="hesap", object_id=kod,
                 after={"kod": kod, "ad": row.ad, "ust": parent.kod, "iban": row.iban})
    return row


def _iban_kontrol(kod: str, iban: str) -> None:
    if kod.split(".")[0] != "102":
        raise MuhasebeError(_l("IBAN yalnız banka hesaplarına (102 ve alt hesapları) yazılır."),
                            {"iban": [_l("Bu hesap bir banka hesabı değil.")]})
    other = db.session.scalar(select(Hesap.kod).where(Hesap.iban == iban, Hesap.kod != kod))
    if other is not None:
        raise MuhasebeConflict(_l("Bu IBAN %(kod)s hesabında kayıtlı.", kod=other), {"iban": [_l("IBAN kullanılıyor.")]})


def iban_kaydet(kod: str, iban: str | None, *, actor: str) -> Hesap:
    """Record (or, with ``None``, remove) a bank account's IBAN; audited."""
    row = db.session.scalar(select(Hesap).where(Hesap.kod == kod).with_for_update())
    if row is None:
        raise NotFound(_l("Hesap bulunamadı."), {"hesap": [_l("Hesap planında böyle bir hesap yok.")]})
    if iban:
        _iban_kontrol(row.kod, iban)
    elif row.ana_kod != "102":
        raise MuhasebeError(_l("IBAN yalnız banka hesaplarına (102 ve alt hesapları) yazılır."),
                            {"iban": [_l("Bu hesap bir banka hesabı değil.")]})
    before = {"iban": row.iban}
    row.iban = iban or None
    db.session.flush()
    audit.record("muhasebe.hesap.iban", actor=actor, realm="staff", object_type="hesap", object_id=row.kod,
                 before=before, after={"iban": row.iban})
    return row


def degistir(kod: str, *, actor: str, ad: str | None = None, tur: str | None = None,
             aktif: bool | None = None) -> Hesap:
    row = hesap(kod)
    before = {"ad": row.ad, "tur": row.tur, "aktif": row.aktif}
    if tur is not None and tur != row.tur:
        if tur not in TURLER:
            raise MuhasebeError(_l("Hesap türü geçersiz."), {"tur": [_l("Geçerli bir tür seçin.")]})
        if hareketi_var(kod):
            raise MuhasebeConflict(_l("Hareket görmüş bir hesabın türü değiştirilemez."),
                                   {"tur": [_l("Bu hesapta kayıt var.")]})
        row.tur = tur
    if ad is not None:
        if not ad.strip():
            raise MuhasebeError(_l("Hesap adı gerekli."), {"ad": [_l("Hesabın adını yazın.")]})
        row.ad = ad.strip()[:200]
    if aktif is not None:
        row.aktif = aktif
    db.session.flush()
    audit.record("muhasebe.hesap.degistir", actor=actor, realm="staff", object_type="hesap", object_id=kod,
                 before=before, after={"ad": row.ad, "tur": row.tur, "aktif": row.aktif})
    return row


def sil(kod: str, *, actor: str) -> None:
    row = hesap(kod)
    if row.standart:
        raise MuhasebeConflict(_l("Hesap planının standart hesapları silinemez; kullanılmıyorsa pasifleştirin."))
    if hareketi_var(kod):
        raise MuhasebeConflict(_l("Hareket görmüş bir hesap silinemez."), {"kod": [_l("Bu hesapta kayıt var.")]})
    if db.session.scalar(select(exists().where(Hesap.ust_kod == kod))):
        raise MuhasebeConflict(_l("Alt hesabı olan bir hesap silinemez."))
    db.session.delete(row)
    db.session.flush()
    audit.record("muhasebe.hesap.sil", actor=actor, realm="staff", object_type="hesap", object_id=kod,
                 before={"kod": kod, "ad": row.ad})
