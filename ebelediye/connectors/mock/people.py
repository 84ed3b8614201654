"""Mock KPS (MERNİS), SGK and GİB over the synthetic people and companies."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from stdnum.tr import tckimlik, vkn

from ..synthetic.population import REFERENCE_DATE, Household, Member
from . import MockAgencies, MockError, arg, arg_date, bad_request, not_found
from .civil import derived_end


def _tckn(args: dict, name: str = "tckn") -> str:
    value = arg(args, name)
    if not tckimlik.is_valid(value):
        raise bad_request(f"'{name}' geçerli bir T.C. Kimlik No değil")
    return value


def _person(m: MockAgencies, tckn: str) -> tuple[Household, Member]:
    found = m.population.member(tckn)
    if found is None:
        raise not_found("Bu T.C. Kimlik No ile kayıtlı kişi bulunamadı.", "No person with this identity number.")
    return found


def _age(member: Member, on: date) -> int:
    return on.year - member.dogum_tarihi.year - ((on.month, on.day) < (member.dogum_tarihi.month, member.dogum_tarihi.day))


def _status(m: MockAgencies, hh: Household, member: Member) -> tuple[str, str | None, str | None]:
    """Marital status with the end of the last marriage: the population's, then what was
    registered through the civil registry (divorces, deaths), then KPS marriages."""
    ended, reason = derived_end(hh, member)
    end: date | str | None = ended
    status = member.medeni_hal
    record = m.civil.get(member.tckn)
    if record is not None and record.medeni_hal:
        status = record.medeni_hal
        if record.evlilik_bitis is not None:
            end, reason = record.evlilik_bitis.isoformat(), record.bitis_nedeni
    if isinstance(end, date):
        end = end.isoformat()
    if member.tckn in m.marriages:
        status = "evli"
    if status in ("bekar", "evli"):
        end, reason = None, None
    return status, end, reason


def person_view(m: MockAgencies, hh: Household, member: Member) -> dict:
    married = m.marriages.get(member.tckn)
    surname, maiden = member.soyad, member.onceki_soyad
    status, ended, reason = _status(m, hh, member)
    if married:
        if married.get("soyad"):
            maiden, surname = surname, married["soyad"]
    a = hh.address
    return {
        "tckn": member.tckn,
        "ad": member.ad,
        "soyad": surname,
        "onceki_soyad": maiden,
        "baba_adi": member.baba_adi,
        "anne_adi": member.anne_adi,
        "cinsiyet": member.cinsiyet,
        "dogum_tarihi": member.dogum_tarihi.isoformat(),
        "dogum_yeri": member.dogum_yeri,
        "medeni_hal": status,
        "evlilik_bitis_tarihi": ended,
        "evlilik_bitis_nedeni": reason,
        "durum": "sag" if member.alive else "olu",
        "olum_tarihi": member.olum_tarihi.isoformat() if member.olum_tarihi else None,
        "adres": {"il": a.il, "ilce": a.ilce, "mahalle": a.mahalle, "sokak": a.sokak,
                  "dis_kapi_no": a.dis_kapi_no, "ic_kapi_no": a.ic_kapi_no, "acik_adres": a.acik_adres},
    }


def _relative(m: MockAgencies, relation: str, hh: Household, member: Member) -> dict:
    view = person_view(m, hh, member)
    return {"yakinlik": relation, **{k: view[k] for k in ("tckn", "ad", "soyad", "cinsiyet", "dogum_tarihi", "durum")}}


def kps_person(m: MockAgencies, args: dict) -> dict:
    hh, member = _person(m, _tckn(args))
    with m.lock:
        return person_view(m, hh, member)


def kps_family(m: MockAgencies, args: dict) -> dict:
    tckn = _tckn(args)
    hh, member = _person(m, tckn)
    members = hh.members
    out = []
    with m.lock:
        if member.slot in (0, 1):
            spouse = members.get(1 - member.slot)
            remarried = tckn in m.marriages
            if spouse is not None and not remarried and member.medeni_hal in ("evli", "dul") \
                    and spouse.medeni_hal in ("evli", "dul"):
                out.append(_relative(m, "es", hh, spouse))
            out += [_relative(m, "cocuk", hh, c) for s, c in sorted(members.items()) if s >= 2]
        else:
            for slot, relation in ((0, "baba"), (1, "anne")):
                if slot in members:
                    out.append(_relative(m, relation, hh, members[slot]))
            out += [_relative(m, "kardes", hh, c) for s, c in sorted(members.items()) if s >= 2 and s != member.slot]
        new = m.marriages.get(tckn)
        if new:
            other = m.population.member(new["es"])
            if other is not None:
                out.append(_relative(m, "es", *other))
        record = m.civil.get(tckn)
        if record is not None:
            listed = {r["tckn"] for r in out}
            if record.medeni_hal in ("bosanmis", "dul"):  # a household spouse is a former one now
                out = [{**r, "yakinlik": "eski_es"} if r["yakinlik"] == "es" and r["tckn"] not in m.marriages.get(
                    tckn, {}).values() else r for r in out]
            for relation, other_tckn in [("eski_es", t) for t in record.eski_esler] + record.baglar:
                other = m.population.member(other_tckn)
                if other is not None and other_tckn not in listed:
                    out.append(_relative(m, relation, *other))
                    listed.add(other_tckn)
            for child, sex, born in record.dogumlar:
                out.append({"yakinlik": "cocuk", "tckn": child, "ad": "Yenidoğan", "soyad": member.soyad,
                            "cinsiyet": sex, "dogum_tarihi": born.isoformat(), "durum": "sag"})
    return {"tckn": tckn, "uyeler": out}


def kps_register_marriage(m: MockAgencies, args: dict) -> dict:
    """Register a civil marriage (evlenme tescili); returns the family-booklet number.

    The municipality's own record number (``nikah_no``) makes it safe to send again: the
    same request gives the same answer instead of a second marriage.
    """
    first, second = _tckn(args, "es1_tckn"), _tckn(args, "es2_tckn")
    on = arg_date(args, "nikah_tarihi")
    office = arg(args, "belediye")
    reference = arg(args, "nikah_no")
    key = f"{office}:{reference}"
    with m.lock:
        done = m.marriage_requests.get(key)
        if done is not None:
            if {done["es1_tckn"], done["es2_tckn"]} != {first, second}:
                raise MockError(409, "nikah_no_kullanildi", "Bu nikâh numarası başka bir tescil için kullanılmış.",
                                "This marriage reference was used for another registration.")
            return done["result"]
        if first == second:
            raise bad_request("eşler aynı kişi olamaz")
        people = [_person(m, first), _person(m, second)]
        if on > m.today():
            raise MockError(422, "ileri_tarih", "Nikâh tarihi ileri bir tarih olamaz.", "The date is in the future.")
        for _, p in people:
            if not p.alive:
                raise MockError(422, "kisi_olu", f"{p.tckn} numaralı kişi ölü olarak kayıtlı.",
                                "One of the persons is registered as deceased.")
            if _age(p, on) < 18:
                raise MockError(422, "yas_kucuk", f"{p.tckn} numaralı kişi 18 yaşını doldurmamış.",
                                "One of the persons is under 18.")
            if _status(m, *_person(m, p.tckn))[0] == "evli":
                raise MockError(422, "zaten_evli", f"{p.tckn} numaralı kişi zaten evli olarak kayıtlı.",
                                "One of the persons is already married.")
        if people[0][1].cinsiyet == people[1][1].cinsiyet:
            raise MockError(422, "cinsiyet", "Medeni Kanun'a göre evlilik bir kadın ile bir erkek arasında yapılır.",
                            "The Civil Code registers marriages between a woman and a man only.")
        husband, wife = sorted((p for _, p in people), key=lambda p: p.cinsiyet)  # E before K
        digest = hashlib.sha256(f"{first}|{second}|{on}|{key}".encode()).hexdigest()
        booklet = f"{'ABCDEFGHJKLMNPRSTUVYZ'[int(digest[:2], 16) % 21]}{int(digest[2:12], 16) % 10**8:08d}"
        m.marriages[husband.tckn] = {"es": wife.tckn, "tarih": on.isoformat(), "aile_cuzdani_no": booklet}
        m.marriages[wife.tckn] = {"es": husband.tckn, "tarih": on.isoformat(), "aile_cuzdani_no": booklet,
                                  "soyad": husband.soyad}
        result = {"aile_cuzdani_no": booklet, "tescil_tarihi": m.today().isoformat(), "nikah_tarihi": on.isoformat(),
                  "es1_tckn": first, "es2_tckn": second}
        m.marriage_requests[key] = {"es1_tckn": first, "es2_tckn": second, "result": result}
        return result


KPS = {"person": kps_person, "family": kps_family, "register_marriage": kps_register_marriage}


# --- SGK -------------------------------------------------------------------------------

def _periods(m: MockAgencies, hh: Household, member: Member) -> tuple[bool, list[dict]]:
    base = m.population.employment(hh, member)
    periods = [{"statu": p.statu, "isveren_vkn": p.isveren_vkn, "isveren_unvan": p.isveren_unvan,
                "baslangic": p.baslangic.isoformat(), "bitis": p.bitis.isoformat() if p.bitis else None}
               for p in base.donemler]
    for event in m.sgk_events.get(member.tckn, []):
        if event["tur"] == "giris":
            periods.append({"statu": "4a", "isveren_vkn": event["isveren_vkn"], "isveren_unvan": event["isveren_unvan"],
                            "baslangic": event["tarih"], "bitis": None})
        else:
            for p in periods:
                if p["bitis"] is None and p["isveren_vkn"] == event["isveren_vkn"]:
                    p["bitis"] = event["tarih"]
    return base.emekli, periods


def _days(period: dict, until: date) -> int:
    start = date.fromisoformat(period["baslangic"])
    end = date.fromisoformat(period["bitis"]) if period["bitis"] else until
    return max(0, round((end - start).days * 360 / 365))


def sgk_employment(m: MockAgencies, args: dict) -> dict:
    tckn = _tckn(args)
    hh, member = _person(m, tckn)
    with m.lock:
        retired, periods = _periods(m, hh, member)
    until = max(REFERENCE_DATE, m.today())
    current = next((p for p in reversed(periods) if p["bitis"] is None), None)
    return {
        "tckn": tckn,
        "sigortali": bool(periods),
        "calisiyor": current is not None and member.alive,
        "statu": current["statu"] if current else None,
        "isveren_vkn": current["isveren_vkn"] if current else None,
        "isveren_unvan": current["isveren_unvan"] if current else None,
        "ise_giris_tarihi": current["baslangic"] if current else None,
        "emekli": retired,
        "toplam_gun": sum(_days(p, until) for p in periods),
        "donemler": [{**p, "gun": _days(p, until)} for p in periods],
    }


def _employer(m: MockAgencies, args: dict) -> tuple[str, str]:
    number = arg(args, "isveren_vkn")
    if not vkn.is_valid(number):
        raise bad_request("'isveren_vkn' geçerli bir Vergi Kimlik No değil")
    company = m.population.company_by_vkn(number)
    if company is not None:
        return number, company.unvan
    return number, str(args.get("isveren_unvan") or number)[:200]


def sgk_hire(m: MockAgencies, args: dict) -> dict:
    tckn = _tckn(args)
    employer, name = _employer(m, args)
    start = arg_date(args, "baslangic")
    hh, member = _person(m, tckn)
    if not member.alive:
        raise MockError(422, "kisi_olu", "Kişi ölü olarak kayıtlı.", "The person is registered as deceased.")
    if _age(member, start) < 18:
        raise MockError(422, "yas_kucuk", "Kişi 18 yaşını doldurmamış.", "The person is under 18.")
    with m.lock:
        _, periods = _periods(m, hh, member)
        if any(p["bitis"] is None and p["isveren_vkn"] == employer for p in periods):
            raise MockError(422, "zaten_calisiyor", "Kişinin bu işverende açık bir sigortalılık kaydı var.",
                            "The person already works for this employer.")
        reference = f"SGK-G-{m.today():%Y%m%d}-{m.next_number():06d}"
        m.sgk_events.setdefault(tckn, []).append({"tur": "giris", "isveren_vkn": employer, "isveren_unvan": name,
                                                  "tarih": start.isoformat(), "referans": reference})
    return {"referans": reference, "tckn": tckn, "isveren_vkn": employer, "baslangic": start.isoformat()}


LEAVE_CODES = {"03", "04", "05", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "22", "23",
               "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40"}


def sgk_leave(m: MockAgencies, args: dict) -> dict:
    tckn = _tckn(args)
    employer, _ = _employer(m, args)
    end = arg_date(args, "cikis_tarihi")
    code = arg(args, "cikis_kodu")
    if code not in LEAVE_CODES:
        raise bad_request("'cikis_kodu' bilinmiyor")
    hh, member = _person(m, tckn)
    with m.lock:
        _, periods = _periods(m, hh, member)
        open_here = [p for p in periods if p["bitis"] is None and p["isveren_vkn"] == employer]
        if not open_here:
            raise MockError(422, "kayit_yok", "Kişinin bu işverende açık bir sigortalılık kaydı yok.",
                            "The person has no open employment with this employer.")
        if end < date.fromisoformat(open_here[-1]["baslangic"]):
            raise MockError(422, "tarih_hatali", "Çıkış tarihi işe giriş tarihinden önce olamaz.",
                            "The leave date is before the start date.")
        reference = f"SGK-C-{m.today():%Y%m%d}-{m.next_number():06d}"
        m.sgk_events.setdefault(tckn, []).append({"tur": "cikis", "isveren_vkn": employer, "tarih": end.isoformat(),
                                                  "kod": code, "referans": reference})
    return {"referans": reference, "tckn": tckn, "isveren_vkn": employer, "cikis_tarihi": end.isoformat()}


def sgk_premium_declaration(m: MockAgencies, args: dict) -> dict:
    employer, _ = _employer(m, args)
    period = arg(args, "donem")
    kind = args.get("tur", "asil")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period) or kind not in ("asil", "ek", "iptal"):
        raise bad_request("'donem' YYYY-AA, 'tur' asil/ek/iptal olmalı")
    lines = arg(args, "satirlar", list)
    if not lines:
        raise bad_request("en az bir satır gerekli")
    total_days, total_pay, seen = 0, Decimal("0.00"), set()
    for i, line in enumerate(lines):
        if not isinstance(line, dict):
            raise bad_request(f"satır {i + 1} hatalı")
        tckn = _tckn(line)
        days = line.get("gun")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 30:
            raise MockError(422, "gun_hatali", f"Satır {i + 1}: prim gün sayısı 0-30 arasında olmalı.",
                            f"Line {i + 1}: days must be 0-30.")
        try:
            pay = Decimal(arg(line, "kazanc"))
        except InvalidOperation:
            raise bad_request(f"satır {i + 1}: 'kazanc' bir tutar olmalı") from None
        if not pay.is_finite() or pay < 0 or pay != pay.quantize(Decimal("0.01")):
            raise MockError(422, "kazanc_hatali", f"Satır {i + 1}: kazanç tutarı hatalı.", f"Line {i + 1}: bad amount.")
        if tckn in seen:
            raise MockError(422, "mukerrer", f"Satır {i + 1}: aynı sigortalı iki kez bildirilmiş.",
                            f"Line {i + 1}: the same person twice.")
        seen.add(tckn)
        missing = line.get("eksik_gun", 0)
        if not isinstance(missing, int) or isinstance(missing, bool) or not 0 <= missing <= 30 or days + missing > 30:
            raise MockError(422, "eksik_gun_hatali", f"Satır {i + 1}: eksik gün sayısı hatalı.",
                            f"Line {i + 1}: bad missing days.")
        if missing and line.get("eksik_gun_nedeni") not in EKSIK_GUN_NEDENLERI:
            raise MockError(422, "eksik_gun_nedeni", f"Satır {i + 1}: eksik gün nedeni kodu bilinmiyor.",
                            f"Line {i + 1}: unknown missing-days reason code.")
        total_days += days
        total_pay += pay
    with m.lock:
        if kind == "asil" and (employer, period, "asil") in m.declarations:
            raise MockError(422, "asil_var", "Bu dönem için asıl bildirge zaten verilmiş; ek bildirge verin.",
                            "A main declaration for this period exists already; send a supplementary one.")
        reference = f"SGK-B-{period.replace('-', '')}-{m.next_number():06d}"
        result = {"referans": reference, "isveren_vkn": employer, "donem": period, "tur": kind,
                  "sigortali_sayisi": len(lines), "toplam_gun": total_days, "toplam_kazanc": str(total_pay)}
        m.declarations[(employer, period, kind if kind == "asil" else reference)] = result
    return result


def _amount(line: dict, name: str, i: int) -> Decimal:
    try:
        value = Decimal(arg(line, name))
    except InvalidOperation:
        raise bad_request(f"satır {i + 1}: '{name}' bir tutar olmalı") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise MockError(422, "tutar_hatali", f"Satır {i + 1}: {name} tutarı hatalı.", f"Line {i + 1}: bad {name}.")
    return value


def sgk_kesenek_declaration(m: MockAgencies, args: dict) -> dict:
    """Kesenek Bilgi Sistemi: the month's lines of 4/1-c and 5434 civil servants."""
    employer, _ = _employer(m, args)
    period = arg(args, "donem")
    kind = args.get("tur", "asil")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period) or kind not in ("asil", "ek"):
        raise bad_request("'donem' YYYY-AA, 'tur' asil/ek olmalı")
    lines = arg(args, "satirlar", list)
    if not lines:
        raise bad_request("en az bir satır gerekli")
    totals, seen = {"matrah": Decimal("0.00"), "kisi_payi": Decimal("0.00"), "kurum_payi": Decimal("0.00")}, set()
    for i, line in enumerate(lines):
        if not isinstance(line, dict):
            raise bad_request(f"satır {i + 1} hatalı")
        tckn = _tckn(line)
        if line.get("statu") not in ("4c", "5434"):
            raise MockError(422, "statu_hatali", f"Satır {i + 1}: statü 4c ya da 5434 olmalı.",
                            f"Line {i + 1}: the status must be 4c or 5434.")
        days = line.get("gun")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 30:
            raise MockError(422, "gun_hatali", f"Satır {i + 1}: gün sayısı 0-30 arasında olmalı.",
                            f"Line {i + 1}: days must be 0-30.")
        for name in totals:
            totals[name] += _amount(line, name, i)
        if tckn in seen:
            raise MockError(422, "mukerrer", f"Satır {i + 1}: aynı kişi iki kez bildirilmiş.",
                            f"Line {i + 1}: the same person twice.")
        seen.add(tckn)
    with m.lock:
        key = (employer, period, "kesenek")
        if kind == "asil" and key in m.declarations:
            raise MockError(422, "asil_var", "Bu dönem için asıl kesenek bildirgesi zaten verilmiş; ek bildirge verin.",
                            "A main kesenek declaration for this period exists already; send a supplementary one.")
        reference = f"SGK-K-{period.replace('-', '')}-{m.next_number():06d}"
        result = {"referans": reference, "isveren_vkn": employer, "donem": period, "tur": kind,
                  "kisi_sayisi": len(lines), **{f"toplam_{k}": str(v) for k, v in totals.items()}}
        m.declarations[key if kind == "asil" else (employer, period, reference)] = result
    return result


#: APHB eksik gün nedeni codes (01 istirahat, 03 disiplin cezası, ... 21 diğer ücretsiz izin)
EKSIK_GUN_NEDENLERI = {f"{n:02d}" for n in range(1, 30)} - {"02", "14"}

# --- SGK Vizite: incapacity reports and the employer's notice ---------------------------

TESISLER = ("Devlet Hastanesi", "Eğitim ve Araştırma Hastanesi", "Aile Sağlığı Merkezi", "Özel Hastane",
            "Şehir Hastanesi", "Ağız ve Diş Sağlığı Merkezi")


def _hired_here(m: MockAgencies, employer: str) -> dict[str, list[tuple[date, date | None]]]:
    """The employer's insured by the notices sent to this mock: TCKN → [(start, end)]."""
    out: dict[str, list[tuple[date, date | None]]] = {}
    for tckn, events in m.sgk_events.items():
        for event in events:
            if event["isveren_vkn"] != employer:
                continue
            spans = out.setdefault(tckn, [])
            if event["tur"] == "giris":
                spans.append((date.fromisoformat(event["tarih"]), None))
            elif spans and spans[-1][1] is None:
                spans[-1] = (spans[-1][0], date.fromisoformat(event["tarih"]))
    return out


def _generated(m: MockAgencies, employer: str, tckn: str, year: int, month: int) -> dict | None:
    """The report a person has in a month, if any: about one person-month in four, derived
    from (employer, TCKN, month) so every call and process gives the same one."""
    h = hashlib.sha256(f"vizite|{employer}|{tckn}|{year:04d}-{month:02d}".encode()).digest()
    if h[0] % 4:
        return None
    start = date(year, month, 1 + h[1] % 28)
    end = start + timedelta(days=h[2] % 6)  # 1 to 6 days
    kind = "is_kazasi" if h[3] % 25 == 0 else "meslek_hastaligi" if h[3] % 25 == 1 else "hastalik"
    return {"rapor_no": f"{year % 100:02d}{month:02d}{h[4:10].hex().upper()}", "tckn": tckn, "isveren_vkn": employer,
            "baslangic": start.isoformat(), "bitis": end.isoformat(), "tur": kind,
            "tesis": TESISLER[h[10] % len(TESISLER)], "kontrol_tarihi": (end + timedelta(days=1)).isoformat()}


def _months(start: date, end: date):
    y, mo = start.year, start.month
    while (y, mo) <= (end.year, end.month):
        yield y, mo
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)


def _reports(m: MockAgencies, employer: str, start: date, end: date, only: str | None = None) -> list[dict]:
    """Reports of the employer's insured overlapping [start, end], issued by today, each
    starting while the person worked here."""
    today = m.today()
    out = []
    for tckn, spans in sorted(_hired_here(m, employer).items()):
        if only and tckn != only:
            continue
        for y, mo in _months(start - timedelta(days=6), end):
            report = _generated(m, employer, tckn, y, mo)
            if report is not None:
                out.append(report)
        out = [r for r in out if r["tckn"] != tckn or any(
            s <= date.fromisoformat(r["baslangic"]) and (e is None or date.fromisoformat(r["baslangic"]) <= e)
            for s, e in spans)]
    out += [r for r in m.reports.values() if r["isveren_vkn"] == employer and (not only or r["tckn"] == only)]
    out = [r for r in out if date.fromisoformat(r["baslangic"]) <= min(end, today)
           and date.fromisoformat(r["bitis"]) >= start]
    return sorted(out, key=lambda r: (r["baslangic"], r["rapor_no"]))


def add_report(m: MockAgencies, *, rapor_no: str, tckn: str, isveren_vkn: str, baslangic: date, bitis: date,
               tur: str = "hastalik", tesis: str = "Devlet Hastanesi") -> dict:
    """Plant a report (tests and demos): SGK's Vizite then lists it for the employer."""
    report = {"rapor_no": rapor_no, "tckn": tckn, "isveren_vkn": isveren_vkn, "baslangic": baslangic.isoformat(),
              "bitis": bitis.isoformat(), "tur": tur, "tesis": tesis,
              "kontrol_tarihi": (bitis + timedelta(days=1)).isoformat()}
    with m.lock:
        m.reports[rapor_no] = report
    return report


def _report_view(m: MockAgencies, report: dict) -> dict:
    found = m.population.member(report["tckn"])
    ad, soyad = (found[1].ad, found[1].soyad) if found else ("", "")
    notice = m.report_notices.get((report["isveren_vkn"], report["rapor_no"]))
    return {**{k: v for k, v in report.items() if k != "isveren_vkn"}, "ad": ad, "soyad": soyad,
            "bildirim": {k: notice[k] for k in ("referans", "rapor_no", "durum", "bildirim_tarihi")} if notice else None}


def sgk_sick_reports(m: MockAgencies, args: dict) -> dict:
    employer, _ = _employer(m, args)
    start, end = arg_date(args, "baslangic"), arg_date(args, "bitis")
    if end < start or (end - start).days > 365:
        raise bad_request("'bitis' 'baslangic'tan önce olamaz; en çok bir yıl")
    with m.lock:
        return {"isveren_vkn": employer, "raporlar": [_report_view(m, r) for r in _reports(m, employer, start, end)]}


def sgk_report_confirmation(m: MockAgencies, args: dict) -> dict:
    """The employer's notice on a report: idempotent by (employer, report number) — the same
    notice again returns the first answer, a different one is refused."""
    employer, _ = _employer(m, args)
    tckn = _tckn(args)
    number = arg(args, "rapor_no")
    worked = arg(args, "calisti", bool)
    reason = args.get("neden")
    if worked and (not isinstance(reason, str) or not reason.strip()):
        raise bad_request("çalıştıysa 'neden' gerekli")
    state = "calisti" if worked else "calismadi"
    with m.lock:
        done = m.report_notices.get((employer, number))
        if done is not None:
            if done["durum"] != state or done["tckn"] != tckn:
                raise MockError(409, "bildirim_var", "Bu rapor için işveren bildirimi daha önce farklı olarak yapılmış.",
                                "A different notice was given for this report already.")
            return {k: done[k] for k in ("referans", "rapor_no", "durum", "bildirim_tarihi")}
        report = m.reports.get(number)
        if report is None or report["isveren_vkn"] != employer:
            today = m.today()
            report = next((r for r in _reports(m, employer, date(today.year - 2, 1, 1), today, only=tckn)
                           if r["rapor_no"] == number), None)
        if report is None or report["tckn"] != tckn:
            raise not_found("Bu işverenin sigortalısına ait bu numarada bir rapor bulunamadı.",
                            "No report with this number for this employer's insured.")
        if date.fromisoformat(report["bitis"]) >= m.today():
            raise MockError(422, "rapor_bitmedi", "Rapor süresi bitmeden bildirim yapılamaz.",
                            "The notice can be given once the report has ended.")
        result = {"referans": f"SGK-V-{m.today():%Y%m%d}-{m.next_number():06d}", "rapor_no": number,
                  "durum": state, "bildirim_tarihi": m.today().isoformat()}
        m.report_notices[(employer, number)] = {**result, "tckn": tckn, "neden": (reason or "")[:300]}
    return result


SGK = {"employment": sgk_employment, "hire": sgk_hire, "leave": sgk_leave,
       "premium_declaration": sgk_premium_declaration, "kesenek_declaration": sgk_kesenek_declaration,
       "sick_reports": sgk_sick_reports, "report_confirmation": sgk_report_confirmation}


# --- GİB -------------------------------------------------------------------------------

def gib_taxpayer(m: MockAgencies, args: dict) -> dict:
    number = arg(args, "kimlik")
    if len(number) == 10:
        if not vkn.is_valid(number):
            raise bad_request("'kimlik' geçerli bir Vergi Kimlik No değil")
        company = m.population.company_by_vkn(number)
        if company is None:
            raise not_found("Bu Vergi Kimlik No ile kayıtlı mükellef bulunamadı.", "No taxpayer with this number.")
        return {"kimlik": number, "kimlik_turu": "vkn", "unvan": company.unvan, "kayitli": True,
                "aktif": company.terk_tarihi is None, "mukellefiyet_turu": "kurumlar_vergisi",
                "vergi_dairesi": company.vergi_dairesi, "vergi_dairesi_kodu": company.vergi_dairesi_kodu,
                "baslangic": company.kurulus_tarihi.isoformat(),
                "bitis": company.terk_tarihi.isoformat() if company.terk_tarihi else None}
    tckn = _tckn(args, "kimlik")
    hh, member = _person(m, tckn)
    independent = [p for p in m.population.employment(hh, member).donemler if p.statu == "4b"]
    office = f"{hh.address.il if hh.address.ilce == 'Merkez' else hh.address.ilce} Vergi Dairesi Müdürlüğü"
    base = {"kimlik": tckn, "kimlik_turu": "tckn", "unvan": f"{member.ad} {member.soyad}"}
    if not independent:
        return {**base, "kayitli": False, "aktif": False, "mukellefiyet_turu": None, "vergi_dairesi": None,
                "vergi_dairesi_kodu": None, "baslangic": None, "bitis": None}
    last = independent[-1]
    return {**base, "kayitli": True, "aktif": last.bitis is None and member.alive, "mukellefiyet_turu": "gelir_vergisi",
            "vergi_dairesi": office, "vergi_dairesi_kodu": f"{hh.district:06d}",
            "baslangic": independent[0].baslangic.isoformat(),
            "bitis": bitis.isoformat() if (bitis := last.bitis or member.olum_tarihi) else None}


GIB = {"taxpayer": gib_taxpayer}
