"""Payables (RULES §6.2 item 7): suppliers, their invoices, payment orders, advances and
the bank payment file.  Money moves only through vouchers a second person approves:

- an invoice is booked by its ödeme emri belgesi on the budget line it is spent from:
  630 B / 320 A, 830 B / 835 A, 905 B / 900 A (the approval checks the appropriation); an
  invoice with its taxes (``services.vergi``) costs matrah + KDV and credits 320 with the
  supplier's part only, each withholding (KDV tevkifatı, damga, stopaj) with its 360 account;
- a payment order pays an invoice's open part (or an advance) by a gönderme emri:
  320 B / 103 A (an advance: 160 B / 103 A); the bank payment file lists the approved
  orders not sent yet; the bank's debit clears 103 against 102;
- an advance (iş avansı) is closed by what it was spent on (630 B / 160 A with 830/835 and
  905/900 on its budget line) and the cash returned (100 B / 160 A) [U: MİBMY 160 hesap
  işleyişi from memory, not verified];
- nothing is edited or deleted: a wrong invoice or order is corrected by reversing its
  voucher (``fis.ters_kayit``); a reversed or cancelled voucher frees what it held.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from stdnum import iban as stdnum_iban
from stdnum.tr import tckimlik, vkn

from ebelediye import audit, exports
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from .. import hesap
from ..models import Avans, BankaDosyasi, Fatura, FaturaKesintisi, Fis, OdemeEmri, Tedarikci
from . import MuhasebeConflict, MuhasebeError, butce, fis, vergi

FATURA, ODEME, AVANS, AVANS_KAPANIS = ("muhasebe:fatura:{id}", "muhasebe:odeme:{id}", "muhasebe:avans:{id}",
                                       "muhasebe:avans:{id}:kapanis")


def _canli(fis_id: int | None) -> str:
    """'taslak', 'onaylandi' (and not reversed) or 'yok' (cancelled or reversed)."""
    if fis_id is None:
        return "yok"
    row = db.session.get(Fis, fis_id)
    if row is None or row.durum == "iptal":
        return "yok"
    if row.durum == "onaylandi" and db.session.scalar(
            select(Fis.id).where(Fis.ters_fis_id == fis_id, Fis.durum == "onaylandi")) is not None:
        return "yok"
    return row.durum


def kimlik_dogrula(value: str) -> str:
    """A VKN (10 digits) or a TCKN (11 digits), checksums verified (python-stdnum)."""
    text = "".join((value or "").split())
    if len(text) == 10 and vkn.is_valid(text):
        return vkn.compact(text)
    if len(text) == 11 and tckimlik.is_valid(text):
        return tckimlik.compact(text)
    raise MuhasebeError(_l("Vergi kimlik numarası ya da T.C. kimlik numarası geçersiz."),
                        {"kimlik_no": [_l("10 haneli VKN ya da 11 haneli TCKN girin (kontrol haneleri tutmalı).")]})


def iban_dogrula(value: str, field: str = "iban") -> str:
    text = stdnum_iban.compact(value or "")
    if not text.startswith("TR") or len(text) != 26 or not stdnum_iban.is_valid(text):
        raise MuhasebeError(_l("IBAN geçersiz."), {field: [_l("TR ile başlayan 26 karakterlik geçerli bir IBAN girin.")]})
    return text


# --- suppliers ----------------------------------------------------------------------------

def tedarikciler(q: str = "", page: int = 1, per_page: int = 25) -> tuple[list[Tedarikci], int]:
    query = select(Tedarikci)
    q = q.strip()
    if q:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        query = query.where(Tedarikci.unvan.ilike(like) | Tedarikci.kimlik_no.like(like))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(Tedarikci.unvan).limit(per_page).offset((max(page, 1) - 1) * per_page))
    return list(rows), total


def tedarikci(tedarikci_id: int) -> Tedarikci:
    row = db.session.get(Tedarikci, tedarikci_id)
    if row is None:
        raise NotFound(_l("Tedarikçi bulunamadı."))
    return row


def tedarikci_kaydet(kimlik_no: str, unvan: str, iban: str = "", adres: str = "", *, actor: str) -> Tedarikci:
    """Register a supplier (VKN or TCKN checked; IBAN checked when given)."""
    kimlik = kimlik_dogrula(kimlik_no)
    if not unvan.strip():
        raise MuhasebeError(_l("Tedarikçinin unvanı gerekli."), {"unvan": [_l("Unvan ya da ad soyad yazın.")]})
    account = iban_dogrula(iban) if iban.strip() else ""
    if db.session.scalar(select(Tedarikci.id).where(Tedarikci.kimlik_no == kimlik)) is not None:
        raise MuhasebeConflict(_l("Bu kimlik numarasıyla bir tedarikçi zaten kayıtlı."))
    row = Tedarikci(kimlik_no=kimlik, unvan=unvan.strip()[:250], iban=account, adres=adres.strip()[:500],
                    aktif=True, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.tedarikci.kaydet", actor=actor, realm="staff", object_type="tedarikci", object_id=row.id,
                 after={"kimlik_no": kimlik, "unvan": row.unvan, "iban": account})
    return row


# --- invoices -----------------------------------------------------------------------------

def faturalar(tedarikci_id: int) -> list[Fatura]:
    return list(db.session.scalars(select(Fatura).where(Fatura.tedarikci_id == tedarikci_id)
                                   .order_by(Fatura.fatura_tarihi.desc(), Fatura.id.desc())))


def fatura(fatura_id: int) -> Fatura:
    row = db.session.get(Fatura, fatura_id)
    if row is None:
        raise NotFound(_l("Fatura bulunamadı."))
    return row


def fatura_kaydet(tedarikci_id: int, fatura_no: str, fatura_tarihi: date, tutar: Decimal | None, kalem_id: int, *,
                  actor: str, actor_id: int | None = None, gider_ekonomik: str = "", aciklama: str = "",
                  matrah: Decimal | None = None, kdv_turu: str = "", tevkifat: str = "", damga: str = "",
                  stopaj: str = "", kdv: Decimal | None = None, odenecek: Decimal | None = None) -> Fatura:
    """Record an invoice and prepare its ÖEB on the budget line (a second person approves it).

    Without ``matrah`` the invoice is one amount (``tutar``) carried to 320 whole, as before
    its taxes were kept.  With it, the taxes are computed (``vergi.hesapla``): the cost is
    matrah + KDV, the supplier's part goes to 320 and each withholding to its 360 account;
    a ``tutar``, ``kdv`` or ``odenecek`` the user typed must be what the computation gives."""
    supplier = tedarikci(tedarikci_id)
    calc = None
    if matrah is None:
        if kdv_turu or tevkifat or damga or stopaj or kdv is not None or odenecek is not None:
            raise MuhasebeError(_l("Vergi satırları için matrah gerekli."),
                                {"matrah": [_l("KDV hariç tutarı (matrah) girin.")]})
        if tutar is None or tutar <= 0:
            raise MuhasebeError(_l("Tutar sıfırdan büyük olmalı."), {"tutar": [_l("Sıfırdan büyük bir tutar girin.")]})
    else:
        calc = vergi.hesapla(matrah, fatura_tarihi, kdv_turu, tevkifat, damga, stopaj)
        typed = {"tutar": (tutar, calc.tutar), "kdv": (kdv, calc.kdv), "odenecek": (odenecek, calc.odenecek)}
        wrong = {k: [_l("Hesaplanan: %(deger)s.", deger=want)] for k, (got, want) in typed.items()
                 if got is not None and got != want}
        if wrong:
            raise MuhasebeError(_l("Girilen toplamlar faturanın vergileriyle tutmuyor."), wrong)
        tutar = calc.tutar
    number = fatura_no.strip()
    if not number:
        raise MuhasebeError(_l("Fatura numarası gerekli."), {"fatura_no": [_l("Fatura numarasını yazın.")]})
    if db.session.scalar(select(Fatura.id).where(Fatura.tedarikci_id == supplier.id, Fatura.fatura_no == number)):
        raise MuhasebeConflict(_l("Bu tedarikçinin bu numaralı faturası zaten kayıtlı."))
    line = butce.kalem(kalem_id)
    if line.yil != fatura_tarihi.year:
        raise MuhasebeError(_l("Bütçe kalemi faturanın yılına ait değil."), {"kalem_id": [_l("Faturanın yılından bir "
                                                                                             "bütçe kalemi seçin.")]})
    text = (aciklama.strip() or f"{supplier.unvan} fatura {number}")[:300]
    withheld = [(k.hesap, k.tutar) for k in calc.kesintiler] if calc else []
    lines = [hesap.Satir(s.hesap, s.borc, s.alacak, s.kurumsal, s.fonksiyonel, s.finansman, s.ekonomik, text[:300])
             for s in butce.harcama_satirlari(line, tutar, gider_ekonomik.strip(), kesintiler=withheld)]
    voucher = fis.hazirla(fatura_tarihi, lines, actor=actor, actor_id=actor_id, tur="oeb", aciklama=text)
    row = Fatura(tedarikci_id=supplier.id, fatura_no=number[:40], fatura_tarihi=fatura_tarihi, tutar=tutar,
                 kalem_id=line.id, gider_ekonomik=gider_ekonomik.strip()[:20], aciklama=text, fis_id=voucher.id,
                 olusturan=actor, odenecek=calc.odenecek if calc else tutar,
                 matrah=calc.matrah if calc else None, kdv_turu=kdv_turu if calc else None,
                 kdv_orani=calc.kdv_orani if calc else None, kdv=calc.kdv if calc else None)
    db.session.add(row)
    db.session.flush()
    for k in calc.kesintiler if calc else ():
        db.session.add(FaturaKesintisi(fatura_id=row.id, tarih=fatura_tarihi, tur=k.tur, kod=k.kod, matrah=k.matrah,
                                       oran=k.oran, tutar=k.tutar, hesap_kod=k.hesap))
    voucher.kaynak = FATURA.format(id=row.id)
    db.session.flush()
    after = {"tedarikci_id": supplier.id, "fatura_no": number, "tutar": str(tutar), "fis_id": voucher.id}
    if calc:
        after |= {"matrah": str(calc.matrah), "kdv_turu": kdv_turu, "kdv_orani": str(calc.kdv_orani),
                  "kdv": str(calc.kdv), "odenecek": str(calc.odenecek),
                  "kesintiler": [{"tur": k.tur, "kod": k.kod, "oran": str(k.oran), "tutar": str(k.tutar),
                                  "hesap": k.hesap} for k in calc.kesintiler]}
    audit.record("muhasebe.fatura.kaydet", actor=actor, realm="staff", object_type="fatura", object_id=row.id,
                 after=after)
    return row


def _odenen(fatura_id: int | None = None, avans_id: int | None = None) -> Decimal:
    """What live payment orders (drafts and approved, not reversed) hold of a document."""
    query = select(OdemeEmri).where(OdemeEmri.fatura_id == fatura_id) if fatura_id is not None \
        else select(OdemeEmri).where(OdemeEmri.avans_id == avans_id)
    return sum((o.tutar for o in db.session.scalars(query) if _canli(o.fis_id) != "yok"), Decimal(0))


def fatura_durumu(row: Fatura) -> dict:
    """The invoice's state: its ÖEB ('taslak', 'onaylandi', 'yok'), what is ordered and open."""
    state = _canli(row.fis_id)
    ordered = _odenen(fatura_id=row.id)
    return {"fis": state, "odeme_emri": ordered,
            "acik": (row.odenecek - ordered) if state == "onaylandi" else Decimal(0)}


# --- payment orders -----------------------------------------------------------------------

def odeme_emri(fatura_id: int, tutar: Decimal, tarih: date, *, actor: str, actor_id: int | None = None) -> OdemeEmri:
    """A payment order for an approved invoice's open part: 320 B / 103 A (gönderme emri), a draft."""
    row = fatura(fatura_id)
    supplier = tedarikci(row.tedarikci_id)
    state = fatura_durumu(row)
    if state["fis"] != "onaylandi":
        raise MuhasebeConflict(_l("Faturanın ödeme emri belgesi onaylanmadan ödeme emri verilemez."))
    if not supplier.iban:
        raise MuhasebeError(_l("Tedarikçinin IBAN'ı kayıtlı değil."), {"iban": [_l("Önce tedarikçiye IBAN girin.")]})
    if tutar <= 0 or tutar > state["acik"]:
        raise MuhasebeError(_l("Ödeme tutarı faturanın açık tutarını (%(acik)s) aşamaz.", acik=state["acik"]),
                            {"tutar": [_l("Sıfırdan büyük ve açık tutardan küçük bir tutar girin.")]})
    return _emir(tarih, tutar, "320", supplier.unvan, supplier.iban, actor=actor, actor_id=actor_id,
                 aciklama=f"Ödeme: {supplier.unvan} fatura {row.fatura_no}", fatura_id=row.id)


def _emir(tarih: date, tutar: Decimal, hesap_kod: str, alici: str, iban: str, *, actor: str, actor_id: int | None,
          aciklama: str, fatura_id: int | None = None, avans_id: int | None = None) -> OdemeEmri:
    lines = [hesap.Satir(hesap_kod, borc=tutar, aciklama=aciklama[:300]),
             hesap.Satir("103", alacak=tutar, aciklama=aciklama[:300])]
    voucher = fis.hazirla(tarih, lines, actor=actor, actor_id=actor_id, tur="gonderme", aciklama=aciklama)
    row = OdemeEmri(fatura_id=fatura_id, avans_id=avans_id, alici=alici[:250], iban=iban, tutar=tutar,
                    fis_id=voucher.id, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    voucher.kaynak = ODEME.format(id=row.id)
    db.session.flush()
    audit.record("muhasebe.odeme_emri.hazirla", actor=actor, realm="staff", object_type="odeme_emri", object_id=row.id,
                 after={"fatura_id": fatura_id, "avans_id": avans_id, "tutar": str(tutar), "fis_id": voucher.id})
    return row


def gonderilecekler() -> list[OdemeEmri]:
    """Approved payment orders not in a bank file yet."""
    rows = db.session.scalars(select(OdemeEmri).where(OdemeEmri.dosya_id.is_(None)).order_by(OdemeEmri.id))
    return [o for o in rows if _canli(o.fis_id) == "onaylandi"]


def banka_dosyasi_olustur(*, actor: str) -> BankaDosyasi:
    """Put every approved order not sent yet into one bank payment file."""
    orders = gonderilecekler()
    if not orders:
        raise MuhasebeError(_l("Bankaya gönderilecek onaylı ödeme emri yok."))
    row = BankaDosyasi(adet=len(orders), toplam=sum((o.tutar for o in orders), Decimal(0)), olusturan=actor)
    db.session.add(row)
    db.session.flush()
    for order in orders:
        order.dosya_id = row.id
    db.session.flush()
    audit.record("muhasebe.banka_dosyasi.olustur", actor=actor, realm="staff", object_type="banka_dosyasi",
                 object_id=row.id, after={"adet": row.adet, "toplam": str(row.toplam),
                                          "odeme_emirleri": [o.id for o in orders]})
    return row


def banka_dosyalari(limit: int = 50) -> list[BankaDosyasi]:
    return list(db.session.scalars(select(BankaDosyasi).order_by(BankaDosyasi.id.desc()).limit(limit)))


def banka_dosyasi_csv(dosya_id: int) -> str:
    """The bank payment file (``;``, decimal comma, as İK's): one line per order; names that
    a spreadsheet would read as formulas are quoted (``ebelediye.exports``)."""
    if db.session.get(BankaDosyasi, dosya_id) is None:
        raise NotFound(_l("Banka dosyası bulunamadı."))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["sira", "alici", "iban", "tutar", "aciklama"])
    for i, order in enumerate(db.session.scalars(select(OdemeEmri).where(OdemeEmri.dosya_id == dosya_id)
                                                 .order_by(OdemeEmri.id)), 1):
        voucher = db.session.get(Fis, order.fis_id)
        writer.writerow(exports.csv_row([i, order.alici, order.iban, f"{order.tutar:.2f}".replace(".", ","),
                                         f"ÖE {order.id} {voucher.numara if voucher else ''}"]))
    return out.getvalue()


# --- advances -----------------------------------------------------------------------------

def avanslar(limit: int = 100) -> list[Avans]:
    return list(db.session.scalars(select(Avans).order_by(Avans.id.desc()).limit(limit)))


def avans(avans_id: int) -> Avans:
    row = db.session.get(Avans, avans_id)
    if row is None:
        raise NotFound(_l("Avans bulunamadı."))
    return row


def avans_ver(kimlik_no: str, ad_soyad: str, iban: str, tutar: Decimal, kalem_id: int, tarih: date, *, actor: str,
              actor_id: int | None = None, aciklama: str = "") -> Avans:
    """An iş avansı to an official: its payment order (160 B / 103 A) is prepared as a draft."""
    if len("".join((kimlik_no or "").split())) != 11:
        raise MuhasebeError(_l("Avans yalnızca bir kişiye verilir."), {"kimlik_no": [_l("11 haneli TCKN girin.")]})
    kimlik = kimlik_dogrula(kimlik_no)
    account = iban_dogrula(iban)
    if not ad_soyad.strip():
        raise MuhasebeError(_l("Avans alanın adı gerekli."), {"ad_soyad": [_l("Ad soyad yazın.")]})
    if tutar <= 0:
        raise MuhasebeError(_l("Tutar sıfırdan büyük olmalı."), {"tutar": [_l("Sıfırdan büyük bir tutar girin.")]})
    line = butce.kalem(kalem_id)
    text = (aciklama.strip() or f"İş avansı: {ad_soyad.strip()}")[:300]
    row = Avans(tur="is_avansi", kimlik_no=kimlik, ad_soyad=ad_soyad.strip()[:200], iban=account, tutar=tutar,
                kalem_id=line.id, aciklama=text, fis_id=None, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    order = _emir(tarih, tutar, "160", row.ad_soyad, account, actor=actor, actor_id=actor_id, aciklama=text,
                  avans_id=row.id)
    row.fis_id = order.fis_id
    db.session.flush()
    audit.record("muhasebe.avans.ver", actor=actor, realm="staff", object_type="avans", object_id=row.id,
                 after={"kimlik_no": kimlik, "tutar": str(tutar), "kalem_id": line.id, "odeme_emri": order.id})
    return row


def avans_kapat(avans_id: int, harcanan: Decimal, iade: Decimal, tarih: date, *, actor: str,
                actor_id: int | None = None, gider_ekonomik: str = "") -> Fis:
    """Close an advance: what it was spent on (630/160 with 830/835, 905/900 on its budget
    line) and the cash returned (100/160) must make up the whole advance; a draft voucher."""
    row = avans(avans_id)
    if _canli(row.fis_id) != "onaylandi":
        raise MuhasebeConflict(_l("Avansın ödeme emri onaylanmadan avans kapatılamaz."))
    if row.kapanis_fis_id is not None and _canli(row.kapanis_fis_id) != "yok":
        raise MuhasebeConflict(_l("Bu avansın kapanış fişi zaten var."))
    if harcanan < 0 or iade < 0 or harcanan + iade != row.tutar:
        raise MuhasebeError(_l("Harcanan ve iade edilen tutarların toplamı avansa (%(tutar)s) eşit olmalı.",
                               tutar=row.tutar), {"harcanan": [_l("Harcanan + iade = avans tutarı olmalı.")]})
    text = f"Avans kapanışı: {row.ad_soyad}"
    lines = []
    if harcanan > 0:
        lines += [hesap.Satir(s.hesap, s.borc, s.alacak, s.kurumsal, s.fonksiyonel, s.finansman, s.ekonomik, text)
                  for s in butce.harcama_satirlari(butce.kalem(row.kalem_id), harcanan, gider_ekonomik.strip(),
                                                   alacakli="160")]
    if iade > 0:
        lines += [hesap.Satir("100", borc=iade, aciklama=text), hesap.Satir("160", alacak=iade, aciklama=text)]
    voucher = fis.hazirla(tarih, lines, actor=actor, actor_id=actor_id, tur="mif", aciklama=text,
                          kaynak=AVANS_KAPANIS.format(id=row.id))
    row.kapanis_fis_id = voucher.id
    db.session.flush()
    audit.record("muhasebe.avans.kapat", actor=actor, realm="staff", object_type="avans", object_id=row.id,
                 after={"harcanan": str(harcanan), "iade": str(iade), "fis_id": voucher.id})
    return voucher


def avans_durumu(row: Avans) -> str:
    """'odeme_bekliyor', 'acik' (paid, not closed), 'kapanis_bekliyor', 'kapandi' or 'iptal'."""
    paid = _canli(row.fis_id)
    if paid == "yok":
        return "iptal"
    if paid == "taslak":
        return "odeme_bekliyor"
    closing = _canli(row.kapanis_fis_id)
    return {"yok": "acik", "taslak": "kapanis_bekliyor", "onaylandi": "kapandi"}[closing]
