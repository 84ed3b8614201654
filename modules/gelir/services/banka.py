"""Contracted banks (anlaşmalı banka tahsilatı): banks collect the municipality's debts at
their branches, ATMs and internet banking, calling the API as their own service account.

- A bank is a row here and a staff user without a password that holds only
  ``gelir.banka.tahsilat`` (role ``gelir_banka``); its API tokens are the core's tokens of
  that user, shown once, revocable.  A bank's token is a token of one tenant: another
  municipality's host does not know it.
- The inquiry (``sorgu``) shows only what a bank needs: the items, their principal, late
  fee as of today and total.
- A payment (``ode``) is idempotent per (bank, the bank's reference): under an advisory
  lock on that pair, a repeat finds its row and answers the same receipt; a different
  request with the same reference is a conflict (409).  It is applied by
  ``tahsilat.tahsil`` with the channel ``banka`` and the bank's account.
- A cancellation (``iptal``) on the day of the payment reverses the receipt
  (``tahsilat.ters_kayit``).
- The day's reconciliation (the list, the file, the comparison with the bank's own list)
  is in ``banka_mutabakat``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text

from ebelediye import audit, uow
from ebelediye.errors import Conflict, NotFound, UserError
from ebelediye.extensions import db
from ebelediye.identity import ApiToken, StaffUser, issue_api_token
from ebelediye.rbac import Role, RolePermission, StaffRole
from ebelediye.tenancy import require_tenant

from ..models import Banka, BankaTahsilati, Mukellef, Tahsilat
from . import GelirError, borc, tahsilat

#: what a bank's service account may do, and nothing else
IZIN = "gelir.banka.tahsilat"
ROL = "gelir_banka"
KANAL = "banka"
_KOD = re.compile(r"^[A-Za-z0-9]{2,20}$")
_HESAP = re.compile(r"^102(\.[0-9]{1,4}){0,3}$")


# --- banks and their credentials ---------------------------------------------------------

def bankalar() -> list[Banka]:
    return list(db.session.scalars(select(Banka).order_by(Banka.ad)))


def banka(banka_id: int) -> Banka:
    row = db.session.get(Banka, banka_id)
    if row is None:
        raise NotFound(_l("Banka bulunamadı."))
    return row


def hesabin_bankasi(staff_id: int) -> Banka:
    """The active bank whose service account is ``staff_id`` (the caller of the bank API)."""
    row = db.session.scalar(select(Banka).where(Banka.staff_id == staff_id))
    if row is None or not row.aktif:
        raise GelirError(_l("Bu anahtar bir anlaşmalı bankaya ait değil."), status=403)
    return row


def olustur(kod: str, ad: str, muhasebe_hesabi: str, iban: str, *, actor: str) -> Banka:
    """Register a contracted bank with its service account (no password: it signs in only
    with the API tokens issued here)."""
    kod = kod.strip().upper()
    errors: dict[str, list] = {}
    if not _KOD.match(kod):
        errors["kod"] = [_l("Banka kodu 2-20 harf ya da rakam olmalı (ör. 0010).")]
    if not ad.strip():
        errors["ad"] = [_l("Bankanın adını girin.")]
    if not _HESAP.match(muhasebe_hesabi.strip()):
        errors["muhasebe_hesabi"] = [_l("102 ya da bir alt hesabı olmalı (ör. 102.03).")]
    if errors:
        raise GelirError(_l("Banka kaydedilemedi."), errors)
    if db.session.scalar(select(Banka.id).where(Banka.kod == kod)) is not None:
        raise Conflict(_l("Bu kodla bir banka zaten kayıtlı."), {"kod": [_l("Kod kullanılıyor.")]})
    email = f"banka-{kod.lower()}@servis.{require_tenant().slug}.invalid"
    if db.session.scalar(select(StaffUser.id).where(func.lower(StaffUser.email) == email)) is not None:
        raise Conflict(_l("Bu kodla bir banka zaten kayıtlı."), {"kod": [_l("Kod kullanılıyor.")]})
    user = StaffUser(email=email, full_name=f"{ad.strip()} (banka servis hesabı)"[:200], password_hash=None,
                     is_tenant_admin=False, is_active_user=True)
    db.session.add(user)
    db.session.flush()
    db.session.add(StaffRole(staff_id=user.id, role_id=_rol().id))
    row = Banka(kod=kod, ad=ad.strip(), muhasebe_hesabi=muhasebe_hesabi.strip(), iban=iban.strip(),
                staff_id=user.id, aktif=True, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.banka.olustur", actor=actor, realm="staff", object_type="banka", object_id=row.id,
                 after={"kod": kod, "ad": row.ad, "muhasebe_hesabi": row.muhasebe_hesabi, "iban": row.iban,
                        "servis_hesabi": email})
    return row


def _rol() -> Role:
    """The role of banks' service accounts: ``gelir.banka.tahsilat`` only (made once)."""
    role = db.session.scalar(select(Role).where(Role.key == ROL))
    if role is None:
        role = Role(key=ROL, name="Anlaşmalı banka (servis hesabı)",
                    description="Yalnız banka borç sorgulama, tahsilat, iptal ve mutabakat", builtin=False)
        db.session.add(role)
        db.session.flush()
        db.session.add(RolePermission(role_id=role.id, permission=IZIN))
    return role


def _servis_hesabi(row: Banka) -> StaffUser:
    return db.session.execute(select(StaffUser).where(StaffUser.id == row.staff_id)).scalar_one()


def anahtarlar(banka_id: int) -> list[ApiToken]:
    row = banka(banka_id)
    return list(db.session.scalars(select(ApiToken).where(ApiToken.staff_id == row.staff_id)
                                   .order_by(ApiToken.id.desc())))


def anahtar_ver(banka_id: int, ad: str, *, actor: str) -> str:
    """A new API token for the bank; the plain token is returned once and never stored."""
    row = banka(banka_id)
    if not row.aktif:
        raise GelirError(_l("Durdurulmuş bir bankaya anahtar verilemez."), status=409)
    token, plain = issue_api_token(_servis_hesabi(row), (ad.strip() or row.ad)[:100])
    db.session.flush()
    audit.record("gelir.banka.anahtar_ver", actor=actor, realm="staff", object_type="banka", object_id=row.id,
                 after={"token_id": token.id, "name": token.name, "prefix": token.prefix})
    return plain


def anahtar_iptal(banka_id: int, token_id: int, *, actor: str) -> None:
    row = banka(banka_id)
    token = db.session.get(ApiToken, token_id)
    if token is None or token.staff_id != row.staff_id:
        raise NotFound(_l("Anahtar bulunamadı."))
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        audit.record("gelir.banka.anahtar_iptal", actor=actor, realm="staff", object_type="banka",
                     object_id=row.id, after={"token_id": token.id, "prefix": token.prefix})


def durum_degistir(banka_id: int, aktif: bool, *, actor: str) -> Banka:
    """Stop (or restart) a bank: a stopped bank's tokens no longer sign in."""
    row = banka(banka_id)
    if row.aktif != aktif:
        row.aktif = _servis_hesabi(row).is_active_user = aktif
        audit.record("gelir.banka.durum", actor=actor, realm="staff", object_type="banka", object_id=row.id,
                     before={"aktif": not aktif}, after={"aktif": aktif})
    return row


# --- the calls of a bank -------------------------------------------------------------------

def mukellef_bul(tckn: str | None = None, vkn: str | None = None, mukellef_no: int | None = None) -> Mukellef:
    """The taxpayer a bank names by exactly one of TCKN, VKN or the taxpayer number (the
    record's id: Gelir has no separate taxpayer number); a merged record answers as the
    record it was merged into."""
    given = [k for k, v in (("tckn", tckn), ("vkn", vkn), ("mukellef_no", mukellef_no)) if v]
    if len(given) != 1:
        message = _l("TCKN, VKN ya da mükellef numarasından yalnız birini gönderin.")
        raise GelirError(message, {name: [message] for name in (given or ["tckn"])})
    query = select(Mukellef).where(Mukellef.birlestigi_id.is_(None))
    if tckn:
        query = query.where(Mukellef.tckn == tckn)
    elif vkn:
        query = query.where(Mukellef.vkn == vkn)
    else:
        row = db.session.get(Mukellef, mukellef_no)
        while row is not None and row.birlestigi_id is not None:
            row = db.session.get(Mukellef, row.birlestigi_id)
        query = query.where(Mukellef.id == (row.id if row else None))
    found = db.session.scalar(query)
    if found is None:
        raise NotFound(_l("Bu belediyede böyle bir mükellef yok."), {given[0]: [_l("Mükellef bulunamadı.")]})
    return found


def maskeli_ad(mukellef: Mukellef) -> str:
    """The name as a bank may show it to its customer to confirm: two letters per word."""
    return " ".join(word[:2] + "*" * max(1, len(word) - 2) for word in mukellef.gorunen_ad.split())


def sorgu(bank: Banka, gun: date, *, actor: str, **kimlik) -> dict:
    """What the taxpayer owes as of ``gun``, as a bank needs it (from the inquiry cache)."""
    mukellef = mukellef_bul(**kimlik)
    body = json.loads(borc.sorgu(mukellef.id, gun) or b"{}")
    kalemler = [{"tahakkuk_id": d["tahakkuk_id"], "gelir_kodu": d["gelir_kodu"], "gelir_adi": d["gelir_adi"],
                 "yil": d["yil"], "taksit": d["taksit"], "vade": date.fromisoformat(d["vade"]),
                 "anapara": Decimal(d["anapara"]), "gecikme_zammi": Decimal(d["gecikme_zammi"]),
                 "toplam": Decimal(d["toplam"])} for d in body.get("borclar", [])]
    audit.record("gelir.banka.sorgu", actor=actor, realm="staff", object_type="mukellef", object_id=mukellef.id,
                 after={"banka": bank.kod, "kalem": len(kalemler), "toplam": body.get("toplam", "0.00")})
    return {"mukellef_no": mukellef.id, "ad": maskeli_ad(mukellef), "gun": gun, "borclar": kalemler,
            "toplam": Decimal(body.get("toplam", "0.00"))}


def _ozet(kimlik: dict, tahakkuk_idleri: list[int], tutar: Decimal) -> str:
    """The request's content in one canonical form: a repeat has the same digest."""
    canonical = {"kimlik": {k: str(v) for k, v in sorted(kimlik.items()) if v},
                 "tahakkuk_idleri": sorted(set(tahakkuk_idleri)), "tutar": f"{tutar:.2f}"}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _kilitle(bank: Banka, referans: str) -> None:
    """Serialise every request of one (bank, reference) until the transaction ends: a second
    one waits, then finds the first one's row (read committed: a fresh statement sees it)."""
    key = f"{require_tenant().slug}:banka:{bank.id}:{referans}"
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})


def _kayit(bank: Banka, referans: str) -> BankaTahsilati | None:
    return db.session.scalar(select(BankaTahsilati).where(BankaTahsilati.banka_id == bank.id,
                                                          BankaTahsilati.referans == referans))


@dataclass(frozen=True)
class Odeme:
    """A bank's payment as answered: its row and whether this call applied it (False: a repeat)."""

    kayit: BankaTahsilati
    yeni: bool


def ode(bank: Banka, referans: str, tahakkuk_idleri: list[int], tutar: Decimal, gun: date, *, actor: str,
        **kimlik) -> Odeme:
    """Apply a bank's payment of the named items, once per (bank, reference).

    The amount must be the items' total as of today (what the inquiry said): a bank pays
    whole items, so nothing is left as credit and a same-day cancellation reverses it all."""
    digest = _ozet(kimlik, tahakkuk_idleri, tutar)
    _kilitle(bank, referans)
    existing = _kayit(bank, referans)
    if existing is not None:
        return Odeme(_ayni_istek(existing, digest, actor), yeni=False)
    try:
        return Odeme(_uygula(bank, referans, tahakkuk_idleri, tutar, gun, digest, actor=actor, **kimlik), yeni=True)
    except UserError as exc:
        # refused: nothing stays but the record of the attempt
        bank_id = bank.id  # read now: the rollback expires the row
        after = {"banka": bank.kod, "referans": referans, "tutar": str(tutar), "neden": str(exc.message)[:200]}
        uow.after_rollback(lambda: audit.record("gelir.banka.red", actor=actor, realm="staff",
                                                object_type="banka", object_id=bank_id, after=after))
        raise


def _uygula(bank: Banka, referans: str, tahakkuk_idleri: list[int], tutar: Decimal, gun: date, digest: str, *,
            actor: str, **kimlik) -> BankaTahsilati:
    mukellef = mukellef_bul(**kimlik)
    wanted = sorted(set(tahakkuk_idleri))
    open_debts = {d.tahakkuk_id: d for d in borc.acik_borclar(mukellef.id, gun)}
    missing = [i for i in wanted if i not in open_debts]
    if missing:
        raise GelirError(_l("Seçilen borçlardan bazıları bu mükellefin açık borcu değil: %(no)s.",
                            no=", ".join(map(str, missing))), {"tahakkuk_idleri": [_l("Açık bir borç seçin.")]})
    due = sum((open_debts[i].toplam for i in wanted), Decimal("0.00"))
    if tutar != due:
        raise GelirError(_l("Tutar, seçilen borçların bugünkü toplamı olmalı: %(tutar)s TL.", tutar=f"{due:.2f}"),
                         {"tutar": [_l("Borç sorgusunu yenileyin.")]})
    result = tahsilat.tahsil(mukellef.id, tutar, KANAL, gun, actor=actor, secili=wanted,
                             belge_no=f"{bank.kod}:{referans}"[:60], nakit_hesabi=bank.muhasebe_hesabi)
    row = BankaTahsilati(banka_id=bank.id, referans=referans, istek_ozeti=digest, mukellef_id=mukellef.id,
                         tutar=tutar, tarih=gun, tahsilat_id=result.tahsilat.id)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.banka.tahsilat", actor=actor, realm="staff", object_type="banka_tahsilati",
                 object_id=row.id, after={"banka": bank.kod, "referans": referans, "tutar": str(tutar),
                                          "makbuz_no": result.tahsilat.makbuz_no, "mukellef_id": mukellef.id})
    return row


def _ayni_istek(existing: BankaTahsilati, digest: str, actor: str) -> BankaTahsilati:
    if existing.istek_ozeti != digest:
        _kalici_denetim("gelir.banka.referans_cakismasi", existing, actor)
        raise Conflict(_l("Bu banka referansıyla farklı bir ödeme daha önce alındı."),
                       {"banka_referans": [_l("Referans başka bir ödemeye ait.")]})
    audit.record("gelir.banka.tekrar", actor=actor, realm="staff", object_type="banka_tahsilati",
                 object_id=existing.id, after={"referans": existing.referans})
    return existing


def _kalici_denetim(action: str, row: BankaTahsilati, actor: str) -> None:
    """An audit row that stays although the refusal rolls the request back."""
    row_id, after = row.id, {"referans": row.referans}
    uow.after_rollback(lambda: audit.record(action, actor=actor, realm="staff", object_type="banka_tahsilati",
                                            object_id=row_id, after=after))


def odeme(bank: Banka, referans: str, *, actor: str | None = None) -> BankaTahsilati:
    """The bank's payment with ``referans`` (a bank asking, with ``actor``, is audited)."""
    row = _kayit(bank, referans)
    if row is None:
        raise NotFound(_l("Bu referansla bir ödeme yok."))
    if actor is not None:
        audit.record("gelir.banka.durum_sorgu", actor=actor, realm="staff", object_type="banka_tahsilati",
                     object_id=row.id, after={"referans": referans})
    return row


def iptal(bank: Banka, referans: str, gun: date, *, actor: str) -> BankaTahsilati:
    """Cancel the bank's payment on its day, by reference, as a reversing receipt; a repeated
    cancellation answers the cancelled payment."""
    _kilitle(bank, referans)
    row = odeme(bank, referans)
    if row.iptal_tahsilat_id is not None:
        return row
    reversal = tahsilat.ters_kayit(row.tahsilat_id, gun, actor=actor, nakit_hesabi=bank.muhasebe_hesabi)
    row.iptal_tahsilat_id, row.iptal_at = reversal.id, datetime.now(UTC)
    audit.record("gelir.banka.iptal", actor=actor, realm="staff", object_type="banka_tahsilati", object_id=row.id,
                 after={"banka": bank.kod, "referans": referans, "iptal_makbuz_no": reversal.makbuz_no})
    return row


def makbuz_no(row: BankaTahsilati) -> str:
    return db.session.get(Tahsilat, row.tahsilat_id).makbuz_no  # type: ignore[union-attr]
