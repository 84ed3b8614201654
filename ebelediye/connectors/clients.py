"""The five agency clients.  Obtain one with ``ebelediye.connectors.get("kps")``.

Every method validates its input first (``InvalidInput``: no call, no audit row), takes
the acting user and the purpose explicitly (``caller=Caller(actor, purpose)``) when it
touches personal data, and accepts ``budget`` (seconds, retries included) for callers
that are not a web page waiting (jobs pass ``settings.bulk_budget``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .. import tenancy
from . import signing, validation
from .base import AgencyClient
from .errors import InvalidInput, PaymentVerificationError
from .mock.bank import CALLBACK_FIELDS, merchant_key
from .purposes import Caller
from .types import (
    ChangesPage,
    DeclarationReceipt,
    Employment,
    Holding,
    KesenekLine,
    KesenekReceipt,
    MarriageRegistration,
    NoticeReceipt,
    OwnershipChange,
    Parcel,
    PaymentCallback,
    PaymentStart,
    PaymentStatus,
    Person,
    PremiumLine,
    Refund,
    Relative,
    ReportNotice,
    Settlement,
    SickReport,
    Taxpayer,
    _list,
)


def _ids(*groups) -> list[str]:
    return [i for group in groups for i in group if i]


def _date(value: object, field: str) -> date:
    if not isinstance(value, date):
        raise InvalidInput(field, "Tarih bir date nesnesi olmalı.", "The date must be a date object.")
    return value


def _name(value: object, field: str, label: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 60:
        raise InvalidInput(field, f"{label} boş olamaz (en çok 60 karakter).", f"{field} is required (max 60 chars).")
    return value.strip()


def _positive(value: object, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 1_000_000:
        raise InvalidInput(field, f"{label} pozitif bir tam sayı olmalı.", f"{field} must be a positive integer.")
    return value


class KpsClient(AgencyClient):
    """KPS / MERNİS: identity, family, marital status; marriage registration."""

    agency = "kps"

    def person(self, tckn: str, *, caller: Caller, budget: float | None = None) -> Person:
        """A person's identity record: name, birth, sex, marital status, alive/dead, address."""
        tckn = validation.tckn(tckn)
        return self._call("person", {"tckn": tckn}, parse=Person.from_wire, caller=caller, subject_id=tckn,
                          budget=budget)

    def family(self, tckn: str, *, caller: Caller, budget: float | None = None) -> list[Relative]:
        """Spouse, children, parents and siblings as registered."""
        tckn = validation.tckn(tckn)
        return self._call("family", {"tckn": tckn}, caller=caller, subject_id=tckn, budget=budget,
                          parse=lambda d: [Relative.from_wire(x) for x in _list(d, "uyeler")],
                          related=lambda members: [m.tckn for m in members], count=len)

    def register_marriage(self, es1_tckn: str, es2_tckn: str, nikah_tarihi: date, nikah_no: str, *,
                          caller: Caller, budget: float | None = None) -> MarriageRegistration:
        """Register a civil marriage; returns the family-booklet number.

        ``nikah_no`` is the municipality's own record number: sending the same one again
        returns the first registration instead of a second one (never retried automatically).
        """
        first, second = validation.tckn(es1_tckn, "es1_tckn"), validation.tckn(es2_tckn, "es2_tckn")
        if first == second:
            raise InvalidInput("es2_tckn", "Eşler aynı kişi olamaz.", "The spouses must be two people.")
        on = _date(nikah_tarihi, "nikah_tarihi")
        if not isinstance(nikah_no, str) or not 0 < len(nikah_no.strip()) <= 40:
            raise InvalidInput("nikah_no", "Nikâh kayıt numarası gerekli.", "The marriage record number is required.")
        tenant = tenancy.require_tenant()
        args = {"es1_tckn": first, "es2_tckn": second, "nikah_tarihi": on.isoformat(), "belediye": tenant.slug,
                "nikah_no": nikah_no.strip()}
        result = self._call("register_marriage", args, parse=MarriageRegistration.from_wire, caller=caller,
                            subject_id=first, related=lambda _: [second], budget=budget,
                            idempotency_key=f"{tenant.slug}:nikah:{nikah_no.strip()}")
        for tckn in (first, second):
            self._forget("person", {"tckn": tckn})
            self._forget("family", {"tckn": tckn})
        return result


class TapuClient(AgencyClient):
    """Tapu / TKGM: holdings of an owner, a parcel by ada/parsel, ownership changes."""

    agency = "tapu"

    def holdings(self, kimlik: str, *, caller: Caller, budget: float | None = None) -> list[Holding]:
        """Parcels a TCKN or VKN holds a share of, with the share (pay/payda)."""
        kimlik = validation.tckn_or_vkn(kimlik)
        return self._call("holdings", {"kimlik": kimlik}, caller=caller, subject_id=kimlik, budget=budget,
                          parse=lambda d: [Holding.from_wire(x) for x in _list(d, "tasinmazlar")],
                          related=lambda hs: _ids(*([o.kimlik for o in h.tasinmaz.malikler] for h in hs)), count=len)

    def parcel(self, il: str, ilce: str, ada: int, parsel: int, *, caller: Caller,
               budget: float | None = None) -> Parcel:
        """One parcel with all its owners and shares."""
        il, ilce = _name(il, "il", "İl"), _name(ilce, "ilce", "İlçe")
        ada, parsel = _positive(ada, "ada", "Ada"), _positive(parsel, "parsel", "Parsel")
        return self._call("parcel", {"il": il, "ilce": ilce, "ada": ada, "parsel": parsel}, caller=caller,
                          parse=Parcel.from_wire, subject_ref=f"{il}/{ilce}/{ada}/{parsel}", budget=budget,
                          related=lambda p: [o.kimlik for o in p.malikler if o.kimlik])

    def changes_since(self, il: str, ilce: str, since: date, *, caller: Caller, cursor: int = 0, limit: int = 200,
                      budget: float | None = None) -> ChangesPage:
        """One page of ownership changes in a district since a date (for property-tax declarations)."""
        il, ilce = _name(il, "il", "İl"), _name(ilce, "ilce", "İlçe")
        since = _date(since, "since")
        if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0:
            raise InvalidInput("cursor", "Geçersiz sayfa imleci.", "Invalid cursor.")
        limit = _positive(limit, "limit", "Sayfa boyu")
        return self._call("changes", {"il": il, "ilce": ilce, "since": since.isoformat(), "cursor": cursor,
                                      "limit": limit}, caller=caller, parse=ChangesPage.from_wire,
                          subject_ref=f"{il}/{ilce} {since.isoformat()} sonrası", budget=budget,
                          related=lambda page: _ids(*([o.kimlik for o in c.tasinmaz.malikler + c.onceki_malikler]
                                                      for c in page.degisiklikler)),
                          count=lambda page: len(page.degisiklikler))

    def iter_changes(self, il: str, ilce: str, since: date, *, caller: Caller, page_size: int = 200,
                     budget: float | None = None) -> Iterator[OwnershipChange]:
        """Every change, page after page (each page is its own call and audit row)."""
        cursor: int | None = 0
        while cursor is not None:
            page = self.changes_since(il, ilce, since, caller=caller, cursor=cursor, limit=page_size, budget=budget)
            yield from page.degisiklikler
            cursor = page.sonraki


class SgkClient(AgencyClient):
    """SGK: insurance status and service record; hire and leave notices; monthly declarations."""

    agency = "sgk"

    def employment(self, tckn: str, *, caller: Caller, budget: float | None = None) -> Employment:
        tckn = validation.tckn(tckn)
        return self._call("employment", {"tckn": tckn}, caller=caller, subject_id=tckn, budget=budget,
                          parse=Employment.from_wire)

    def hire(self, tckn: str, isveren_vkn: str, baslangic: date, *, caller: Caller, isveren_unvan: str | None = None,
             budget: float | None = None) -> NoticeReceipt:
        """İşe giriş bildirgesi; returns SGK's reference.  Never retried: on a timeout, check
        ``employment`` before sending it again."""
        tckn, employer = validation.tckn(tckn), validation.vkn(isveren_vkn, "isveren_vkn")
        args = {"tckn": tckn, "isveren_vkn": employer, "baslangic": _date(baslangic, "baslangic").isoformat()}
        if isveren_unvan:
            args["isveren_unvan"] = isveren_unvan[:200]
        receipt = self._call("hire", args, parse=NoticeReceipt.from_wire, caller=caller, subject_id=tckn,
                             budget=budget)
        self._forget("employment", {"tckn": tckn})
        return receipt

    def leave(self, tckn: str, isveren_vkn: str, cikis_tarihi: date, cikis_kodu: str, *, caller: Caller,
              budget: float | None = None) -> NoticeReceipt:
        """İşten çıkış bildirgesi with SGK's leave code (e.g. "03", "04"); never retried."""
        tckn, employer = validation.tckn(tckn), validation.vkn(isveren_vkn, "isveren_vkn")
        if not isinstance(cikis_kodu, str) or not re.fullmatch(r"\d{2}", cikis_kodu):
            raise InvalidInput("cikis_kodu", "Çıkış kodu iki haneli olmalı.", "The leave code has two digits.")
        receipt = self._call("leave", {"tckn": tckn, "isveren_vkn": employer,
                                       "cikis_tarihi": _date(cikis_tarihi, "cikis_tarihi").isoformat(),
                                       "cikis_kodu": cikis_kodu},
                             parse=NoticeReceipt.from_wire, caller=caller, subject_id=tckn, budget=budget)
        self._forget("employment", {"tckn": tckn})
        return receipt

    def submit_premium_declaration(self, isveren_vkn: str, donem: str, lines: list[PremiumLine], *, caller: Caller,
                                   tur: str = "asil", budget: float | None = None) -> DeclarationReceipt:
        """Aylık prim ve hizmet belgesi for one month (``donem`` "YYYY-MM"); never retried."""
        employer = validation.vkn(isveren_vkn, "isveren_vkn")
        if not isinstance(donem, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", donem):
            raise InvalidInput("donem", "Dönem YYYY-AA biçiminde olmalı.", "The period must be YYYY-MM.")
        if tur not in ("asil", "ek", "iptal"):
            raise InvalidInput("tur", "Belge türü asil, ek ya da iptal olmalı.", "Kind must be asil, ek or iptal.")
        if not lines:
            raise InvalidInput("lines", "En az bir sigortalı satırı gerekli.", "At least one line is required.")
        wire: list[dict[str, Any]] = []
        for n, line in enumerate(lines, 1):
            if not isinstance(line, PremiumLine):
                raise InvalidInput("lines", f"Satır {n} PremiumLine olmalı.", f"Line {n} must be a PremiumLine.")
            if isinstance(line.gun, bool) or not isinstance(line.gun, int) or not 0 <= line.gun <= 30:
                raise InvalidInput("gun", f"Satır {n}: gün 0-30 arasında olmalı.", f"Line {n}: days must be 0-30.")
            if not isinstance(line.kazanc, Decimal) or not line.kazanc.is_finite() or line.kazanc < 0:
                raise InvalidInput("kazanc", f"Satır {n}: kazanç Decimal ve eksi olmayan bir tutar olmalı.",
                                   f"Line {n}: earnings must be a non-negative Decimal.")
            item: dict[str, Any] = {"tckn": validation.tckn(line.tckn, f"satir_{n}_tckn"), "gun": line.gun,
                                    "kazanc": str(line.kazanc.quantize(Decimal("0.01")))}
            if line.eksik_gun:
                if isinstance(line.eksik_gun, bool) or not isinstance(line.eksik_gun, int) \
                        or not 0 < line.eksik_gun <= 30 or line.gun + line.eksik_gun > 30:
                    raise InvalidInput("eksik_gun", f"Satır {n}: eksik gün 1-30 arasında ve gün ile en çok 30 olmalı.",
                                       f"Line {n}: missing days must be 1-30, at most 30 with the days.")
                if not isinstance(line.eksik_gun_nedeni, str) or not re.fullmatch(r"\d{2}", line.eksik_gun_nedeni):
                    raise InvalidInput("eksik_gun_nedeni", f"Satır {n}: eksik gün nedeni iki haneli bir kod olmalı.",
                                       f"Line {n}: the missing-days reason is a two-digit code.")
                item.update(eksik_gun=line.eksik_gun, eksik_gun_nedeni=line.eksik_gun_nedeni)
            wire.append(item)
        return self._call("premium_declaration", {"isveren_vkn": employer, "donem": donem, "tur": tur,
                                                  "satirlar": wire},
                          parse=DeclarationReceipt.from_wire, caller=caller, subject_ref=f"{employer} {donem} {tur}",
                          related=lambda _: [w["tckn"] for w in wire], count=lambda _: len(wire), budget=budget)

    def sick_reports(self, isveren_vkn: str, baslangic: date, bitis: date, *, caller: Caller,
                     budget: float | None = None) -> list[SickReport]:
        """Vizite: the incapacity reports (istirahat raporları) of the employer's 4/1-a insured
        that overlap [baslangic, bitis] (at most 366 days), each with the employer's notice if
        given.  A read: retried, never cached (a notice changes the answer)."""
        employer = validation.vkn(isveren_vkn, "isveren_vkn")
        start, end = _date(baslangic, "baslangic"), _date(bitis, "bitis")
        if end < start:
            raise InvalidInput("bitis", "Bitiş tarihi başlangıçtan önce olamaz.", "The end is before the start.")
        if (end - start).days > 365:
            raise InvalidInput("bitis", "En çok bir yıllık aralık sorgulanabilir.", "At most one year at a time.")
        return self._call("sick_reports", {"isveren_vkn": employer, "baslangic": start.isoformat(),
                                           "bitis": end.isoformat()}, caller=caller, budget=budget,
                          subject_ref=f"{employer} {start.isoformat()}–{end.isoformat()}",
                          parse=lambda d: [SickReport.from_wire(x) for x in _list(d, "raporlar")],
                          related=lambda reports: sorted({r.tckn for r in reports}), count=len)

    def report_confirmation(self, isveren_vkn: str, rapor_no: str, tckn: str, calisti: bool, *, caller: Caller,
                            neden: str | None = None, budget: float | None = None) -> ReportNotice:
        """Vizite: the employer's notice on one report, "did not work" (``calisti=False``) or
        "worked" with a reason.  Never retried; SGK keys it by the report number, so sending
        the same notice again after a timeout returns the first one (a different one is
        refused): check ``sick_reports`` or simply send it again."""
        employer, tckn = validation.vkn(isveren_vkn, "isveren_vkn"), validation.tckn(tckn)
        number = self.report_number(rapor_no)
        if not isinstance(calisti, bool):
            raise InvalidInput("calisti", "Çalıştı / çalışmadı seçilmeli.", "Choose worked or did not work.")
        args: dict[str, Any] = {"rapor_no": number, "isveren_vkn": employer, "tckn": tckn, "calisti": calisti}
        if calisti:
            if not isinstance(neden, str) or not neden.strip() or len(neden) > 300 or "\x00" in neden:
                raise InvalidInput("neden", "Çalıştıysa nedeni yazılmalı (en çok 300 karakter).",
                                   "Give the reason the insured worked (at most 300 characters).")
            args["neden"] = neden.strip()
        return self._call("report_confirmation", args, parse=ReportNotice.from_wire, caller=caller, subject_id=tckn,
                          subject_ref=f"rapor {number}", budget=budget,
                          idempotency_key=f"{tenancy.require_tenant().slug}:vizite:{employer}:{number}")

    @staticmethod
    def report_number(rapor_no: object) -> str:
        if not isinstance(rapor_no, str) or not re.fullmatch(r"[A-Z0-9]{4,30}", rapor_no):
            raise InvalidInput("rapor_no", "Rapor numarası 4-30 büyük harf ya da rakam olmalı.",
                               "The report number is 4-30 capital letters or digits.")
        return rapor_no

    def submit_kesenek_declaration(self, isveren_vkn: str, donem: str, lines: list[KesenekLine], *, caller: Caller,
                                   tur: str = "asil", budget: float | None = None) -> KesenekReceipt:
        """The monthly kesenek declaration of 4/1-c and 5434 civil servants (Kesenek Bilgi
        Sistemi) for ``donem`` ("YYYY-MM"); ``tur`` "asil" once a month, "ek" after; never retried."""
        employer = validation.vkn(isveren_vkn, "isveren_vkn")
        if not isinstance(donem, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", donem):
            raise InvalidInput("donem", "Dönem YYYY-AA biçiminde olmalı.", "The period must be YYYY-MM.")
        if tur not in ("asil", "ek"):
            raise InvalidInput("tur", "Belge türü asil ya da ek olmalı.", "Kind must be asil or ek.")
        if not lines:
            raise InvalidInput("lines", "En az bir kişi satırı gerekli.", "At least one line is required.")
        wire: list[dict[str, Any]] = []
        for n, line in enumerate(lines, 1):
            if not isinstance(line, KesenekLine):
                raise InvalidInput("lines", f"Satır {n} KesenekLine olmalı.", f"Line {n} must be a KesenekLine.")
            if line.statu not in ("4c", "5434"):
                raise InvalidInput("statu", f"Satır {n}: statü 4c ya da 5434 olmalı.", f"Line {n}: status 4c or 5434.")
            if isinstance(line.gun, bool) or not isinstance(line.gun, int) or not 0 <= line.gun <= 30:
                raise InvalidInput("gun", f"Satır {n}: gün 0-30 arasında olmalı.", f"Line {n}: days must be 0-30.")
            amounts = {"matrah": line.matrah, "kisi_payi": line.kisi_payi, "kurum_payi": line.kurum_payi}
            for name, amount in amounts.items():
                if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
                    raise InvalidInput(name, f"Satır {n}: {name} Decimal ve eksi olmayan bir tutar olmalı.",
                                       f"Line {n}: {name} must be a non-negative Decimal.")
            wire.append({"tckn": validation.tckn(line.tckn, f"satir_{n}_tckn"), "statu": line.statu,
                         "gun": line.gun, **{k: str(v.quantize(Decimal("0.01"))) for k, v in amounts.items()}})
        return self._call("kesenek_declaration", {"isveren_vkn": employer, "donem": donem, "tur": tur,
                                                  "satirlar": wire},
                          parse=KesenekReceipt.from_wire, caller=caller, subject_ref=f"{employer} {donem} {tur}",
                          related=lambda _: [w["tckn"] for w in wire], count=lambda _: len(wire), budget=budget)


class GibClient(AgencyClient):
    """GİB: taxpayer status by VKN or TCKN."""

    agency = "gib"

    def taxpayer(self, kimlik: str, *, caller: Caller, budget: float | None = None) -> Taxpayer:
        kimlik = validation.tckn_or_vkn(kimlik)
        return self._call("taxpayer", {"kimlik": kimlik}, caller=caller, subject_id=kimlik, budget=budget,
                          parse=Taxpayer.from_wire)


class PosClient(AgencyClient):
    """The bank's virtual POS; the municipality is the merchant (``uye_isyeri`` = tenant slug).

    1. ``start_payment`` → send the browser to ``PaymentStart.yonlendirme_url``;
    2. the bank posts the callback fields to ``donus_url`` → ``confirm_callback`` verifies
       the signature (HMAC-SHA256, constant time), the merchant, the order and the amount,
       then completes the charge and returns the bank's status;
    3. ``status``, ``refund``, ``settlement``.

    Nothing here is retried except ``status`` and ``settlement``.
    """

    agency = "pos"

    def _merchant(self) -> str:
        return tenancy.require_tenant().slug

    def start_payment(self, siparis_no: str, tutar: Decimal, donus_url: str, *, taksit: int = 1,
                      budget: float | None = None) -> PaymentStart:
        """Register the order; ``taksit`` is the installment count the card holder chose (1 to
        12; the bank may still refuse installments for the card, e.g. a debit card)."""
        if not isinstance(siparis_no, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", siparis_no):
            raise InvalidInput("siparis_no", "Sipariş numarası 1-64 harf, rakam, - ya da _ olmalı.",
                               "The order number must be 1-64 letters, digits, - or _.")
        amount = validation.amount(tutar)
        if not isinstance(donus_url, str) or not re.match(r"^https?://", donus_url):
            raise InvalidInput("donus_url", "Dönüş adresi http(s) ile başlamalı.", "The return URL must be http(s).")
        if isinstance(taksit, bool) or not isinstance(taksit, int) or not 1 <= taksit <= 12:
            raise InvalidInput("taksit", "Taksit sayısı 1 ile 12 arasında olmalı.",
                               "The number of installments must be 1 to 12.")
        return self._call("start", {"uye_isyeri": self._merchant(), "siparis_no": siparis_no, "tutar": str(amount),
                                    "para_birimi": "TRY", "donus_url": donus_url, "taksit": str(taksit)},
                          parse=PaymentStart.from_wire, budget=budget,
                          idempotency_key=f"{self._merchant()}:odeme:{siparis_no}")

    def verify_callback(self, fields: Mapping[str, object], *, siparis_no: str, tutar: Decimal) -> PaymentCallback:
        """Check a 3-D Secure callback; raises ``PaymentVerificationError`` (never retry, log it)."""
        expected = validation.amount(tutar)
        if not isinstance(fields, Mapping) or not all(isinstance(fields.get(k), str) for k in (*CALLBACK_FIELDS, "hash")):
            raise PaymentVerificationError("fields")
        key = merchant_key(self.settings.pos_secret, self._merchant())
        if not signing.check_fields_signature(key, dict(fields), CALLBACK_FIELDS, fields["hash"]):
            raise PaymentVerificationError("signature")
        if fields["uye_isyeri"] != self._merchant():
            raise PaymentVerificationError("merchant")
        if fields["siparis_no"] != siparis_no:
            raise PaymentVerificationError("order")
        try:
            paid = Decimal(str(fields["tutar"]))
        except ArithmeticError:
            raise PaymentVerificationError("amount") from None
        if paid != expected:
            raise PaymentVerificationError(
                "amount", "Bankadan dönen tutar, ödenmesi gereken tutarla aynı değil; ödeme kabul edilmedi.",
                "The amount the bank reports differs from the amount due; the payment was not accepted.")
        return PaymentCallback(str(fields["odeme_no"]), siparis_no, paid, fields["md_durum"] == "1", str(fields["md"]))

    def complete(self, callback: PaymentCallback, *, budget: float | None = None) -> PaymentStatus:
        """Ask the bank to charge the card after a verified callback (once; never retried)."""
        status = self._call("complete", {"uye_isyeri": self._merchant(), "odeme_no": callback.odeme_no,
                                         "md": callback.md}, parse=PaymentStatus.from_wire, budget=budget,
                            idempotency_key=f"{self._merchant()}:tamamla:{callback.odeme_no}")
        if status.tutar != callback.tutar or status.siparis_no != callback.siparis_no:
            raise PaymentVerificationError("amount")
        return status

    def confirm_callback(self, fields: Mapping[str, object], *, siparis_no: str, tutar: Decimal,
                         budget: float | None = None) -> PaymentStatus:
        """``verify_callback`` then ``complete``: what a return-URL view calls."""
        return self.complete(self.verify_callback(fields, siparis_no=siparis_no, tutar=tutar), budget=budget)

    def status(self, odeme_no: str, *, budget: float | None = None) -> PaymentStatus:
        return self._call("status", {"uye_isyeri": self._merchant(), "odeme_no": self._number(odeme_no)},
                          parse=PaymentStatus.from_wire, budget=budget)

    def refund(self, odeme_no: str, tutar: Decimal, *, budget: float | None = None) -> Refund:
        """Refund all or part of an approved payment (never retried: check ``status`` after a timeout)."""
        amount = validation.amount(tutar)
        number = self._number(odeme_no)
        return self._call("refund", {"uye_isyeri": self._merchant(), "odeme_no": number, "tutar": str(amount)},
                          parse=Refund.from_wire, budget=budget)

    def settlement(self, tarih: date, *, budget: float | None = None) -> Settlement:
        """The bank's list of the day's sales and refunds, for reconciliation."""
        return self._call("settlement", {"uye_isyeri": self._merchant(), "tarih": _date(tarih, "tarih").isoformat()},
                          parse=Settlement.from_wire, budget=budget)

    @staticmethod
    def _number(odeme_no: object) -> str:
        if not isinstance(odeme_no, str) or not re.fullmatch(r"[A-Z0-9]{4,40}", odeme_no):
            raise InvalidInput("odeme_no", "Ödeme numarası geçersiz.", "Invalid payment number.")
        return odeme_no


CLIENTS: dict[str, type[AgencyClient]] = {
    "kps": KpsClient, "tapu": TapuClient, "sgk": SgkClient, "gib": GibClient, "pos": PosClient,
}
