"""Bank statements (RULES §6.2: 102 Banka Hesabı): import a statement file, match its lines
to the bank account's approved voucher lines, list what stays unmatched, match by hand.

- ``mt940``: the SWIFT MT940 file the bank delivers (``.sta``/``.txt``; ``services/mt940.py``),
  one or more statements of one account: the ``:25:`` account must be the IBAN recorded on
  the chosen 102 (sub-)account (and no other account's), currency TRY, per statement
  opening + Σ lines = closing; a line's reference is the ``:61:`` customer//bank reference,
  its description the ``:86:`` text.
- Two CSV layouts (``;``, UTF-8 with or without BOM): ``basit`` —
  ``tarih;tutar;referans;aciklama`` with a signed amount (money in positive); ``mt940_csv``
  — the fields of an MT940 ``:61:`` line flattened, ``valor;yon;tutar;referans;aciklama``
  with the value date as ``YYMMDD``, ``C`` (credit: money in) or ``D`` (debit: out) and the
  amount in MT940's decimal comma.  Every row is checked; a file with a bad row is refused
  whole, each bad row named by its line number (a statement imported in part would leave
  the account unreconcilable).  The same file is not imported twice (SHA-256), also when it
  is sent twice at once (the unique digest decides: the second is told so, never a 500).
- Matching (on import, and again from the page): a statement line matches the one approved
  voucher line of the account (or its sub-accounts) not matched yet with the same amount on
  the same side and the same day; where several qualify, the one whose voucher mentions the
  statement's reference; still several, none (it stays for a person, with suggestions).
- A person can match an unmatched line to a voucher line of the same amount and side
  (another day allowed: a transfer booked the day before the bank's value date) and undo a
  match; both audited.
- 103 matching: a money-out line that no 102 voucher line explains yet is offered the sent
  payment orders (gönderme emri in a bank payment file, approved and standing, 320/160 B /
  103 A) of its amount not debited yet.  Choosing one prepares the bank's debit, a draft
  103 B / 102 A (the statement's account) dated the statement's day, source
  ``muhasebe:odeme:<id>:banka`` (one live per order), which another person approves; the
  statement line then matches its 102 credit line (automatically: same amount, side, day and
  the statement's reference in the description).
- Payroll payments: İK's payroll paid by gönderme emri is posted 320 B / 103 A
  (``payroll_paid``, source ``ik:odeme:…:odeme``) and has no payment order; a money-out line
  is offered those vouchers too (approved, not reversed, their 103 credit the line's
  amount, dated up to ``EMIR_GUN_FARKI`` days before, not debited yet), and choosing one
  prepares the same draft 103 B / 102 A, source ``muhasebe:bordro:<fis id>:banka``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from ebelediye import audit, inputs
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from .. import hesap as muh_hesap
from ..models import BankaDosyasi, BankaEkstresi, EkstreSatiri, Fis, FisSatiri, Hesap, OdemeEmri
from . import MuhasebeConflict, MuhasebeError, fis, mt940

#: the CSV layouts' header rows
CSV_BICIMLERI = {"basit": ("tarih", "tutar", "referans", "aciklama"),
                 "mt940_csv": ("valor", "yon", "tutar", "referans", "aciklama")}
#: every format the import takes, with its name on the page
BICIMLER = {"mt940": _l("SWIFT MT940 (.sta/.txt)"),
            "basit": _l("Basit CSV (tarih;tutar;referans;aciklama)"),
            "mt940_csv": _l("MT940 alanları, CSV (valor;yon;tutar;referans;aciklama)")}
EN_COK_SATIR = 20_000


class _Basit(inputs.Input):
    tarih = inputs.Day(required=True)
    tutar = inputs.Money(required=True, minimum=None)
    referans = inputs.Text(max_length=100, load_default="")
    aciklama = inputs.Text(max_length=300, load_default="")


class _Mt940(inputs.Input):
    tutar = inputs.Money(required=True)
    referans = inputs.Text(max_length=100, load_default="")
    aciklama = inputs.Text(max_length=300, load_default="")


@dataclass(frozen=True)
class Satir:
    no: int
    tarih: date
    tutar: Decimal
    referans: str
    aciklama: str


def _rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MuhasebeError(_l("Ekstre dosyası UTF-8 değil."), {"dosya": [_l("Dosyayı UTF-8 olarak kaydedin.")]}) \
            from None
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def ayristir(content: bytes, bicim: str) -> list[Satir]:
    """A CSV statement's lines, or a refusal naming every bad line (nothing is written)."""
    if bicim not in CSV_BICIMLERI:
        raise MuhasebeError(_l("Ekstre biçimi geçersiz."), {"bicim": [_l("mt940, basit ya da mt940_csv seçin.")]})
    rows = _rows(content)
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if tuple(header) != CSV_BICIMLERI[bicim]:
        raise MuhasebeError(_l("Ekstrenin başlık satırı %(beklenen)s olmalı.",
                               beklenen=";".join(CSV_BICIMLERI[bicim])),
                            {"dosya": [_l("İlk satır sütun adlarını içermeli.")]})
    if len(rows) - 1 > EN_COK_SATIR:
        raise MuhasebeError(_l("Ekstre en çok %(n)s satır olabilir.", n=EN_COK_SATIR), {"dosya": [_l("Dosyayı bölün.")]})
    lines: list[Satir] = []
    errors: dict[str, list[object]] = {}
    for no, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            errors[f"satir.{no}"] = [_l("%(no)s. satırda %(n)s sütun olmalı.", no=no, n=len(header))]
            continue
        values = dict(zip(header, (c.strip() for c in row), strict=True))
        try:
            if bicim == "basit":
                data = inputs.load(_Basit(), values)
                day, amount = data["tarih"], data["tutar"]
            else:
                data = inputs.load(_Mt940(), {k: values[k] for k in ("tutar", "referans", "aciklama")})
                day = _valor(values["valor"])
                if values["yon"].upper() not in ("C", "D"):
                    raise MuhasebeError(_l("Yön C ya da D olmalı."))
                amount = data["tutar"] if values["yon"].upper() == "C" else -data["tutar"]
        except inputs.InvalidInput as exc:
            errors[f"satir.{no}"] = [f"{k}: {'; '.join(str(m) for m in v)}" for k, v in exc.errors.items()]
            continue
        except MuhasebeError as exc:
            errors[f"satir.{no}"] = [exc.message]
            continue
        if amount == 0:
            errors[f"satir.{no}"] = [_l("Tutar sıfır olamaz.")]
            continue
        lines.append(Satir(no, day, amount, data["referans"], data["aciklama"]))
    if errors:
        numbers = ", ".join(k.split(".")[1] for k in errors)
        raise MuhasebeError(_l("Ekstrede hatalı satırlar var (%(satirlar)s); dosya alınmadı.", satirlar=numbers), errors)
    if not lines:
        raise MuhasebeError(_l("Ekstrede hareket satırı yok."), {"dosya": [_l("Boş ekstre.")]})
    return lines


def _valor(text: str) -> date:
    try:
        if len(text) != 6 or not text.isdigit():
            raise ValueError
        return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
    except ValueError:
        raise MuhasebeError(_l("Valör YYAAGG biçiminde bir tarih olmalı.")) from None


def banka_hesabi(kod: str) -> Hesap:
    row = db.session.scalar(select(Hesap).where(Hesap.kod == kod.strip()))
    if row is None or row.ana_kod != "102":
        raise MuhasebeError(_l("Ekstre bir banka hesabına (102 ya da alt hesabı) alınır."),
                            {"hesap_kod": [_l("102 ya da 102.xx seçin.")]})
    return row


def _mt940(content: bytes, account: Hesap) -> tuple[list[Satir], list[mt940.Ekstre]]:
    """An MT940 file's lines, refused whole when its ``:25:`` is not the account's IBAN (or is
    another bank account's)."""
    statements = mt940.ayristir(content)
    named = statements[0].hesap
    if account.iban:
        if not mt940.hesap_tutar_mi(named, account.iban):
            raise MuhasebeError(_l("Ekstre %(ekstre)s hesabının; %(kod)s hesabının IBAN'ı %(iban)s. Dosya alınmadı.",
                                   ekstre=named, kod=account.kod, iban=account.iban),
                                {"hesap_kod": [_l("Ekstrenin ait olduğu banka hesabını seçin.")]})
    else:
        other = next((h for h in db.session.scalars(select(Hesap).where(Hesap.iban.is_not(None)))
                      if h.iban and mt940.hesap_tutar_mi(named, h.iban)), None)
        if other is not None:
            raise MuhasebeError(_l("Ekstre %(ekstre)s hesabının, o IBAN %(kod)s hesabında kayıtlı. Dosya alınmadı.",
                                   ekstre=named, kod=other.kod),
                                {"hesap_kod": [_l("%(kod)s hesabını seçin.", kod=other.kod)]})
    lines = [Satir(h.no, h.tarih, h.tutar, h.referans[:100], (h.aciklama or h.ek or h.tur)[:300])
             for s in statements for h in s.hareketler]
    return lines, statements


def ice_al(content: bytes, bicim: str, hesap_kod: str, *, actor: str, dosya_adi: str = "") -> BankaEkstresi:
    """Import a statement (all rows valid, not imported before) and match what can be matched."""
    account = banka_hesabi(hesap_kod)
    statements: list[mt940.Ekstre] = []
    if bicim == "mt940":
        lines, statements = _mt940(content, account)
    else:
        lines = ayristir(content, bicim)
    digest = hashlib.sha256(content).hexdigest()
    if db.session.scalar(select(BankaEkstresi.id).where(BankaEkstresi.ozet == digest)) is not None:
        raise MuhasebeConflict(_l("Bu ekstre dosyası daha önce alınmış."))
    row = BankaEkstresi(hesap_kod=account.kod, bicim=bicim, dosya_adi=dosya_adi[:200], ozet=digest,
                        satir_sayisi=len(lines), olusturan=actor)
    if statements:
        row.ekstre_no = ", ".join(f"{s.referans} {s.numara}".strip() for s in statements)[:200]
        row.acilis_bakiye, row.kapanis_bakiye = statements[0].acilis, statements[-1].kapanis
    try:
        # the same file sent twice at once: the second waits on the unique digest, then collides
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise MuhasebeConflict(_l("Bu ekstre dosyası daha önce alınmış.")) from None
    db.session.add_all([EkstreSatiri(ekstre_id=row.id, satir_no=s.no, tarih=s.tarih, tutar=s.tutar,
                                     referans=s.referans, aciklama=s.aciklama) for s in lines])
    db.session.flush()
    matched = eslestir(row.id, actor=actor)
    audit.record("muhasebe.ekstre.ice_al", actor=actor, realm="staff", object_type="banka_ekstresi", object_id=row.id,
                 after={"hesap_kod": account.kod, "bicim": bicim, "satir": len(lines), "eslesen": matched,
                        "ozet": digest, "ekstreler": [{"referans": s.referans, "hesap": s.hesap, "numara": s.numara,
                                                       "acilis": str(s.acilis), "kapanis": str(s.kapanis)}
                                                      for s in statements]})
    return row


def _adaylar(line: EkstreSatiri, hesap_kod: str, gun_farki: int = 0) -> list[tuple[FisSatiri, Fis]]:
    """Approved, unmatched voucher lines of the account with the statement line's amount and side."""
    side = FisSatiri.borc if line.tutar > 0 else FisSatiri.alacak
    taken = select(EkstreSatiri.fis_satiri_id).where(EkstreSatiri.fis_satiri_id.is_not(None))
    return [(r[0], r[1]) for r in db.session.execute(
        select(FisSatiri, Fis).join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", or_(FisSatiri.hesap_kod == hesap_kod, FisSatiri.hesap_kod.like(f"{hesap_kod}.%")),
               side == abs(line.tutar), FisSatiri.tarih.between(line.tarih - timedelta(days=gun_farki),
                                                                line.tarih + timedelta(days=gun_farki)),
               FisSatiri.id.not_in(taken))
        .order_by(FisSatiri.tarih, FisSatiri.id).limit(20))]


def _anar(line: EkstreSatiri, voucher: Fis, fis_satiri: FisSatiri) -> bool:
    """Whether the voucher names the statement's reference (or, for MT940's
    ``customer//bank`` reference, either of them; ``NONREF`` is none)."""
    whole = line.referans.strip().lower()
    refs = {whole, *(p.strip() for p in whole.split("//"))} - {"", "nonref"}
    texts = [(t or "").lower() for t in (voucher.aciklama, voucher.kaynak, fis_satiri.aciklama)]
    return any(ref in t for ref in refs for t in texts)


def eslestir(ekstre_id: int, *, actor: str) -> int:
    """Match the statement's unmatched lines (amount, side, day, then reference); returns how many."""
    statement = ekstre(ekstre_id)
    count = 0
    for line in db.session.scalars(select(EkstreSatiri).where(EkstreSatiri.ekstre_id == ekstre_id,
                                                              EkstreSatiri.fis_satiri_id.is_(None))
                                   .order_by(EkstreSatiri.satir_no)):
        candidates = _adaylar(line, statement.hesap_kod)
        if len(candidates) > 1:
            candidates = [c for c in candidates if _anar(line, c[1], c[0])]
        if len(candidates) == 1:
            line.fis_satiri_id, line.eslesme = candidates[0][0].id, "otomatik"
            line.eslestiren, line.eslesme_at = actor, datetime.now(UTC)
            db.session.flush()
            count += 1
    return count


def yeniden_eslestir(ekstre_id: int, *, actor: str) -> int:
    """Run the matching again (vouchers approved since the import may match now)."""
    count = eslestir(ekstre_id, actor=actor)
    audit.record("muhasebe.ekstre.eslestir", actor=actor, realm="staff", object_type="banka_ekstresi",
                 object_id=ekstre_id, after={"eslesen": count})
    return count


def ekstre(ekstre_id: int) -> BankaEkstresi:
    row = db.session.get(BankaEkstresi, ekstre_id)
    if row is None:
        raise NotFound(_l("Ekstre bulunamadı."))
    return row


def ekstreler(limit: int = 30) -> list[BankaEkstresi]:
    return list(db.session.scalars(select(BankaEkstresi).order_by(BankaEkstresi.id.desc()).limit(limit)))


def satirlar(ekstre_id: int) -> list[EkstreSatiri]:
    return list(db.session.scalars(select(EkstreSatiri).where(EkstreSatiri.ekstre_id == ekstre_id)
                                   .order_by(EkstreSatiri.satir_no)))


def eslesmeyenler(ekstre_id: int) -> list[tuple[EkstreSatiri, Sequence[tuple[FisSatiri, Fis]]]]:
    """Unmatched lines with suggestions: same amount and side within three days."""
    statement = ekstre(ekstre_id)
    rows = db.session.scalars(select(EkstreSatiri).where(EkstreSatiri.ekstre_id == ekstre_id,
                                                         EkstreSatiri.fis_satiri_id.is_(None))
                              .order_by(EkstreSatiri.satir_no))
    return [(r, _adaylar(r, statement.hesap_kod, gun_farki=3)) for r in rows]


def eslesmeyen_sayisi(ekstre_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(EkstreSatiri).where(
        EkstreSatiri.ekstre_id == ekstre_id, EkstreSatiri.fis_satiri_id.is_(None))) or 0


def elle_eslestir(satir_id: int, fis_satiri_id: int, *, actor: str) -> EkstreSatiri:
    """Match a statement line by hand to an approved voucher line of the account, same amount and side."""
    line = db.session.scalar(select(EkstreSatiri).where(EkstreSatiri.id == satir_id).with_for_update())
    if line is None:
        raise NotFound(_l("Ekstre satırı bulunamadı."))
    if line.fis_satiri_id is not None:
        raise MuhasebeConflict(_l("Bu ekstre satırı zaten eşleşmiş; önce eşleşmeyi kaldırın."))
    statement = ekstre(line.ekstre_id)
    allowed = {c[0].id for c in _adaylar(line, statement.hesap_kod, gun_farki=31)}
    if fis_satiri_id not in allowed:
        raise MuhasebeError(_l("Seçilen fiş satırı bu ekstre satırıyla eşleşemez (hesap, tutar, yön ya da tarih "
                               "tutmuyor, ya da başka bir satırla eşleşmiş)."),
                            {"fis_satiri_id": [_l("Aynı tutar ve yönde, onaylı, eşleşmemiş bir satır seçin.")]})
    line.fis_satiri_id, line.eslesme, line.eslestiren, line.eslesme_at = fis_satiri_id, "elle", actor, datetime.now(UTC)
    db.session.flush()
    audit.record("muhasebe.ekstre.elle_eslestir", actor=actor, realm="staff", object_type="ekstre_satiri",
                 object_id=line.id, after={"fis_satiri_id": fis_satiri_id, "tutar": str(line.tutar)})
    return line


def eslesme_kaldir(satir_id: int, *, actor: str) -> EkstreSatiri:
    line = db.session.scalar(select(EkstreSatiri).where(EkstreSatiri.id == satir_id).with_for_update())
    if line is None:
        raise NotFound(_l("Ekstre satırı bulunamadı."))
    if line.fis_satiri_id is None:
        raise MuhasebeConflict(_l("Bu ekstre satırı eşleşmemiş."))
    before = {"fis_satiri_id": line.fis_satiri_id, "eslesme": line.eslesme}
    line.fis_satiri_id = line.eslesme = line.eslestiren = line.eslesme_at = None
    db.session.flush()
    audit.record("muhasebe.ekstre.eslesme_kaldir", actor=actor, realm="staff", object_type="ekstre_satiri",
                 object_id=line.id, before=before, after={"fis_satiri_id": None})
    return line


# --- 103: the bank's debit of a sent payment order -------------------------------------

BANKA_CIKISI = "muhasebe:odeme:{id}:banka"
#: how many days before the statement's day a sent order is looked for
EMIR_GUN_FARKI = 31


def _canli_fis(kaynak: str) -> Fis | None:
    """A draft or an approved, not reversed voucher of ``kaynak``."""
    reversed_ = select(Fis.ters_fis_id).where(Fis.ters_fis_id.is_not(None), Fis.durum != "iptal")
    return db.session.scalar(select(Fis).where(Fis.kaynak == kaynak, Fis.durum != "iptal",
                                               Fis.id.not_in(reversed_)).limit(1))


def _gonderilmis(line: EkstreSatiri) -> list[tuple[OdemeEmri, Fis]]:
    """Sent payment orders (in a bank file, their gönderme emri approved and standing) of the
    money-out line's amount, dated up to ``EMIR_GUN_FARKI`` days before it, not debited yet."""
    if line.tutar >= 0:
        return []
    reversed_ = select(Fis.ters_fis_id).where(Fis.ters_fis_id.is_not(None), Fis.durum == "onaylandi")
    debited = select(Fis.kaynak).where(Fis.kaynak.like("muhasebe:odeme:%:banka"), Fis.durum != "iptal",
                                       Fis.id.not_in(select(Fis.ters_fis_id).where(Fis.ters_fis_id.is_not(None),
                                                                                   Fis.durum != "iptal")))
    taken = {k for k in db.session.scalars(debited)}
    rows = db.session.execute(
        select(OdemeEmri, Fis).join(Fis, Fis.id == OdemeEmri.fis_id)
        .join(BankaDosyasi, BankaDosyasi.id == OdemeEmri.dosya_id)
        .where(Fis.durum == "onaylandi", Fis.id.not_in(reversed_), OdemeEmri.tutar == -line.tutar,
               Fis.tarih.between(line.tarih - timedelta(days=EMIR_GUN_FARKI), line.tarih))
        .order_by(Fis.tarih, OdemeEmri.id).limit(50))
    return [(o, f) for o, f in rows if BANKA_CIKISI.format(id=o.id) not in taken][:20]


def odeme_onerileri(satir_id: int) -> list[tuple[OdemeEmri, Fis]]:
    """The sent payment orders a money-out statement line may be the bank's debit of."""
    line = db.session.get(EkstreSatiri, satir_id)
    if line is None:
        raise NotFound(_l("Ekstre satırı bulunamadı."))
    return [] if line.fis_satiri_id is not None else _gonderilmis(line)


def _cikis_satiri(satir_id: int, field: str, not_money_out) -> EkstreSatiri:
    """The statement line a bank debit (103 B / 102 A) is prepared from, locked: it must
    exist, be unmatched and be money out (``not_money_out`` is the message otherwise)."""
    line = db.session.scalar(select(EkstreSatiri).where(EkstreSatiri.id == satir_id).with_for_update())
    if line is None:
        raise NotFound(_l("Ekstre satırı bulunamadı."))
    if line.fis_satiri_id is not None:
        raise MuhasebeConflict(_l("Bu ekstre satırı zaten eşleşmiş; önce eşleşmeyi kaldırın."))
    if line.tutar >= 0:
        raise MuhasebeError(not_money_out, {field: [_l("Bu satır bankaya giriş.")]})
    return line


def _cikis_fisi(line: EkstreSatiri, amount: Decimal, name: str, kaynak: str, *, actor: str,
                actor_id: int | None) -> Fis:
    """The draft 103 B / the statement's account A of ``amount`` on the statement's day."""
    statement = ekstre(line.ekstre_id)
    text = f"Banka çıkışı: {name} ({line.referans})" if line.referans else f"Banka çıkışı: {name}"
    return fis.hazirla(line.tarih, [muh_hesap.Satir("103", borc=amount, aciklama=text[:300]),
                                    muh_hesap.Satir(statement.hesap_kod, alacak=amount, aciklama=text[:300])],
                       actor=actor, actor_id=actor_id, tur="mif", aciklama=text[:500], kaynak=kaynak)


def banka_cikisi(satir_id: int, odeme_emri_id: int, *, actor: str, actor_id: int | None = None) -> Fis:
    """Prepare the bank's debit of a sent payment order from an unmatched money-out line:
    a draft 103 B / 102 A (the statement's account) on the statement's day."""
    line = _cikis_satiri(satir_id, "odeme_emri_id", _l("Ödeme emrinin banka çıkışı yalnız bankadan çıkan (eksi) "
                                                       "bir satırla kaydedilir."))
    order = db.session.scalar(select(OdemeEmri).where(OdemeEmri.id == odeme_emri_id).with_for_update())
    if order is None:
        raise NotFound(_l("Ödeme emri bulunamadı."))
    kaynak = BANKA_CIKISI.format(id=order.id)
    if _canli_fis(kaynak) is not None:
        raise MuhasebeConflict(_l("Bu ödeme emrinin banka çıkışı zaten kaydedilmiş (ya da onay bekliyor)."))
    if order.id not in {o.id for o, _f in _gonderilmis(line)}:
        raise MuhasebeError(_l("Seçilen ödeme emri bu satırla eşleşemez (gönderilmemiş, onaylı değil, tutarı ya "
                               "da tarihi tutmuyor)."),
                            {"odeme_emri_id": [_l("Bankaya gönderilmiş, aynı tutarda bir ödeme emri seçin.")]})
    voucher = _cikis_fisi(line, order.tutar, order.alici, kaynak, actor=actor, actor_id=actor_id)
    audit.record("muhasebe.ekstre.banka_cikisi", actor=actor, realm="staff", object_type="ekstre_satiri",
                 object_id=line.id, after={"odeme_emri_id": order.id, "fis_id": voucher.id, "tutar": str(order.tutar)})
    return voucher


# --- 103: the bank's debit of a payroll paid by gönderme emri --------------------------

BORDRO_CIKISI = "muhasebe:bordro:{id}:banka"
#: the sources of İK's payroll payments (``otomatik.bordro_odeme``: ``ik:<reference>:odeme``)
BORDRO_ODEMESI = "ik:%:odeme"


def _bordro_odemeleri(line: EkstreSatiri) -> list[tuple[Fis, Decimal]]:
    """Payroll payments by gönderme emri (approved, not reversed, 320 B / 103 A) whose 103
    credit is the money-out line's amount, dated up to ``EMIR_GUN_FARKI`` days before it, not
    debited yet; each with its 103 amount."""
    if line.tutar >= 0:
        return []
    reversed_ = select(Fis.ters_fis_id).where(Fis.ters_fis_id.is_not(None), Fis.durum == "onaylandi")
    credit = func.sum(FisSatiri.alacak)
    rows = db.session.execute(
        select(Fis, credit).join(FisSatiri, FisSatiri.fis_id == Fis.id)
        .where(Fis.durum == "onaylandi", Fis.tur == "gonderme", Fis.kaynak.like(BORDRO_ODEMESI),
               Fis.ters_fis_id.is_(None), Fis.id.not_in(reversed_),
               or_(FisSatiri.hesap_kod == "103", FisSatiri.hesap_kod.like("103.%")),
               Fis.tarih.between(line.tarih - timedelta(days=EMIR_GUN_FARKI), line.tarih))
        .group_by(Fis.id).having(credit == -line.tutar)
        .order_by(Fis.tarih, Fis.id).limit(50))
    found = [(f, Decimal(t)) for f, t in rows]
    live = {k for k in db.session.scalars(
        select(Fis.kaynak).where(Fis.kaynak.in_([BORDRO_CIKISI.format(id=f.id) for f, _t in found]),
                                 Fis.durum != "iptal",
                                 Fis.id.not_in(select(Fis.ters_fis_id).where(Fis.ters_fis_id.is_not(None),
                                                                             Fis.durum != "iptal"))))}
    return [(f, t) for f, t in found if BORDRO_CIKISI.format(id=f.id) not in live][:20]


def bordro_onerileri(satir_id: int) -> list[tuple[Fis, Decimal]]:
    """The payroll payments (gönderme emri) a money-out statement line may be the bank's debit of."""
    line = db.session.get(EkstreSatiri, satir_id)
    if line is None:
        raise NotFound(_l("Ekstre satırı bulunamadı."))
    return [] if line.fis_satiri_id is not None else _bordro_odemeleri(line)


def bordro_banka_cikisi(satir_id: int, bordro_fis_id: int, *, actor: str, actor_id: int | None = None) -> Fis:
    """Prepare the bank's debit of a payroll paid by gönderme emri from an unmatched
    money-out line: a draft 103 B / 102 A (the statement's account) on the statement's day,
    one live per payroll payment, approved by another person."""
    line = _cikis_satiri(satir_id, "bordro_fis_id", _l("Bordro ödemesinin banka çıkışı yalnız bankadan çıkan (eksi) "
                                                       "bir satırla kaydedilir."))
    payment = db.session.scalar(select(Fis).where(Fis.id == bordro_fis_id).with_for_update())
    if payment is None:
        raise NotFound(_l("Bordro ödeme fişi bulunamadı."))
    kaynak = BORDRO_CIKISI.format(id=payment.id)
    if _canli_fis(kaynak) is not None:
        raise MuhasebeConflict(_l("Bu bordro ödemesinin banka çıkışı zaten kaydedilmiş (ya da onay bekliyor)."))
    amount = next((t for f, t in _bordro_odemeleri(line) if f.id == payment.id), None)
    if amount is None:
        raise MuhasebeError(_l("Seçilen fiş bu satırla eşleşemez (gönderme emriyle ödenmiş, onaylı bir bordro "
                               "ödemesi değil, ya da tutarı veya tarihi tutmuyor)."),
                            {"bordro_fis_id": [_l("Aynı tutarda, gönderme emriyle ödenmiş bir bordro seçin.")]})
    voucher = _cikis_fisi(line, amount, payment.aciklama or payment.kaynak or "", kaynak, actor=actor,
                          actor_id=actor_id)
    audit.record("muhasebe.ekstre.bordro_cikisi", actor=actor, realm="staff", object_type="ekstre_satiri",
                 object_id=line.id, after={"bordro_fis_id": payment.id, "fis_id": voucher.id, "tutar": str(amount)})
    return voucher
