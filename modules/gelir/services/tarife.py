"""Municipal tariffs (unit values per value zone, ad tariffs, fees), the due-date calendar,
the revenue settings, and the records other revenues accrue from: ads (``IlanReklam``),
ÇTV liabilities (``CtvKaydi``) and the water utility's consumption figures (``SuTuketimi``).

A tariff amount is never edited: a new figure is a new row from a date, and the open row
before it is closed the day before (audited).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from ebelediye import audit
from ebelediye.extensions import db
from ebelediye.formatting import NumberFormatError, parse_decimal

from .. import parametre
from ..models import CtvKaydi, GelirAyari, GelirTuru, IlanReklam, SuTuketimi, Tarife, VadeTakvimi
from . import GelirError, para, tamsayi
from .mukellef import canli

TURLER = {
    "arsa_birim": "Arsa m² birim değeri (değer bölgesine göre)",
    "arazi_birim": "Arazi m² birim değeri (değer bölgesine göre)",
    "ilan_reklam": "İlan ve reklam tarifesi",
    "ucret": "Ücret tarifesi",
    "isgaliye": "İşgal harcı (2464 m.52–54)",
    "pazar_yeri": "Pazar yeri ücreti",
    "ruhsat_harci": "İşyeri açma ve çalışma ruhsatı harcı (2464 m.81)",
    "insaat_harci": "Bina inşaat harcı (2464 m.80), yapı sınıfına göre",
}
#: the revenue kind a tariff figure is charged under (unit values only feed valuations)
GELIR_KODU = {"arsa_birim": None, "arazi_birim": None, "ilan_reklam": "ilan_reklam", "ucret": "ucret",
              "isgaliye": "isgaliye", "pazar_yeri": "pazar_yeri", "ruhsat_harci": "ruhsat_harci",
              "insaat_harci": "insaat_harci"}
VARSAYILAN_BIRIM = {"arsa_birim": "TL/m²", "arazi_birim": "TL/m²", "ilan_reklam": "TL/m²/yıl", "ucret": "TL",
                    "isgaliye": "TL/m²/gün", "pazar_yeri": "TL/m²/gün", "ruhsat_harci": "TL/m²",
                    "insaat_harci": "TL/m²"}
_KOD = re.compile(r"^[A-Za-z0-9ÇĞİÖŞÜçğıöşü_.\-/]{1,80}$")
_ON_EK = re.compile(r"^[A-Z0-9-]{1,10}$")
_ABONE = re.compile(r"^[A-Za-z0-9\-/]{1,30}$")
_DONEM = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def tur_dogrula(tur: str) -> str:
    if tur not in TURLER:
        raise GelirError(_l("Tarife türü geçersiz."), {"tur": [_l("Listeden bir tür seçin.")]})
    return tur


def liste(tur: str | None = None, kod: str = "") -> list[Tarife]:
    """Tariff rows (of one kind), newest figure of each code first."""
    query = select(Tarife)
    if tur:
        query = query.where(Tarife.tur == tur)
    if kod:
        query = query.where(Tarife.kod.ilike(f"%{kod}%"))
    return list(db.session.scalars(query.order_by(Tarife.tur, Tarife.kod, Tarife.gecerlilik_baslangic.desc())))


def _tutar(value: object) -> Decimal:
    """A tariff figure as typed in Türkiye (``2.843,2950``, ``2843,29``, ``2843.29``) or a
    decimal: not negative, at most four decimals, below 10¹⁴ (Numeric(18, 4))."""
    try:
        amount = parse_decimal(value if value not in (None, "") else None, 4, Decimal("1e14"))
    except NumberFormatError as exc:
        raise GelirError(_l("Tutar geçersiz."), {"tutar": [_l(exc.reason, **exc.params)]}) from None
    if amount < 0:
        raise GelirError(_l("Tutar geçersiz."), {"tutar": [_l("Tutar negatif olamaz.")]})
    return amount


def ekle(tur: str, kod: object, tutar: object, gecerlilik_baslangic: date | None, *, actor: str, ad: object = "",
         birim: object = "", karar: object = "") -> Tarife:
    """A new figure for (kind, code) from a date; the open figure before it ends the day before."""
    tur_dogrula(tur)
    code = str(kod or "").strip()
    errors: dict[str, list[str]] = {}
    if not _KOD.match(code):
        errors["kod"] = ["Kod gerekli: harf, rakam, _ . - / (en çok 80 karakter)."]
    if gecerlilik_baslangic is None:
        errors["gecerlilik_baslangic"] = ["Geçerlilik başlangıç tarihini girin."]
    decision = str(karar or "").strip()
    if len(decision) > 200:
        errors["karar"] = ["Karar bilgisi en çok 200 karakter olabilir."]
    if errors or gecerlilik_baslangic is None:
        raise GelirError(_l("Tarife bilgileri geçersiz."), errors)
    amount = _tutar(tutar)
    previous = db.session.scalars(select(Tarife).where(Tarife.tur == tur, Tarife.kod == code)
                                  .order_by(Tarife.gecerlilik_baslangic.desc()).with_for_update()).all()
    latest = previous[0] if previous else None
    if latest is not None and gecerlilik_baslangic <= latest.gecerlilik_baslangic:
        raise GelirError(_l("Yeni tutar son tutardan sonra başlamalı."), {"gecerlilik_baslangic": [
            _l("Son tutar %(gun)s tarihinden geçerli; daha sonraki bir tarih girin.", gun=latest.gecerlilik_baslangic.strftime("%d.%m.%Y"))]})
    name = str(ad or "").strip() or (latest.ad if latest else "")
    unit = str(birim or "").strip() or (latest.birim if latest else VARSAYILAN_BIRIM[tur])
    if not name:
        raise GelirError(_l("Ad gerekli."), {"ad": [_l("Tarife kaleminin adını girin.")]})
    if len(name) > 200 or len(unit) > 40:
        raise GelirError(_l("Ad ya da birim çok uzun."), {"ad": [_l("Ad en çok 200, birim en çok 40 karakter.")]})
    closed = None
    if latest is not None and (latest.gecerlilik_bitis is None or latest.gecerlilik_bitis >= gecerlilik_baslangic):
        closed = {"id": latest.id, "gecerlilik_bitis": latest.gecerlilik_bitis.isoformat()
                  if latest.gecerlilik_bitis else None}
        latest.gecerlilik_bitis = gecerlilik_baslangic - timedelta(days=1)
    gelir_kodu = GELIR_KODU[tur]
    if gelir_kodu and db.session.get(GelirTuru, gelir_kodu) is None:
        gelir_kodu = None
    row = Tarife(tur=tur, kod=code, ad=name, birim=unit, tutar=amount, gelir_kodu=gelir_kodu,
                 gecerlilik_baslangic=gecerlilik_baslangic, karar=decision or None, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.tarife.ekle", actor=actor, realm="staff", object_type="tarife", object_id=row.id,
                 before={"kapatilan": closed} if closed else None,
                 after={"tur": tur, "kod": code, "ad": name, "birim": unit, "tutar": str(amount),
                        "gecerlilik_baslangic": gecerlilik_baslangic.isoformat(), "karar": decision or None,
                        "kapatilan_bitis": latest.gecerlilik_bitis.isoformat() if closed and latest and latest.gecerlilik_bitis else None})
    return row


def vade_takvimi() -> list[VadeTakvimi]:
    return list(db.session.scalars(select(VadeTakvimi).order_by(VadeTakvimi.grup, VadeTakvimi.taksit,
                                                               VadeTakvimi.gecerlilik_baslangic)))


def gelir_turleri() -> list[GelirTuru]:
    return list(db.session.scalars(select(GelirTuru).order_by(GelirTuru.oncelik)))


def ayarlar() -> GelirAyari:
    return parametre.ayarlar()


def ayar_guncelle(*, actor: str, buyuksehir: bool, il: object, ilce: object, makbuz_on_eki: object,
                  hatirlatma_gun: object = None, kart_taksit_en_cok: object = None,
                  kart_taksit_alt_tutar: object = None) -> GelirAyari:
    """Change the municipality's revenue settings (audited with before and after); a
    ``hatirlatma_gun`` or card-installment setting left out keeps its value."""
    texts = {"il": str(il or "").strip(), "ilce": str(ilce or "").strip(),
             "makbuz_on_eki": str(makbuz_on_eki or "").strip().upper()}
    values: dict[str, object] = {"buyuksehir": bool(buyuksehir), **texts}
    errors: dict[str, list] = {}
    if hatirlatma_gun is not None and str(hatirlatma_gun).strip() != "":
        values["hatirlatma_gun"] = tamsayi(hatirlatma_gun, "hatirlatma_gun", errors, "Hatırlatma günü", low=0, high=60)
    if kart_taksit_en_cok is not None and str(kart_taksit_en_cok).strip() != "":
        values["kart_taksit_en_cok"] = tamsayi(kart_taksit_en_cok, "kart_taksit_en_cok", errors, "En çok taksit",
                                               low=1, high=12)
    if kart_taksit_alt_tutar is not None and str(kart_taksit_alt_tutar).strip() != "":
        try:
            values["kart_taksit_alt_tutar"] = para(kart_taksit_alt_tutar, "kart_taksit_alt_tutar", positive=False)
        except GelirError as exc:
            errors.update(exc.errors)
        else:
            if values["kart_taksit_alt_tutar"] < 0:  # type: ignore[operator]
                errors["kart_taksit_alt_tutar"] = [_l("Tutar eksi olamaz.")]
    for name, label in (("il", "İl"), ("ilce", "İlçe")):
        if not texts[name]:
            errors[name] = [f"{label} girin."]
        elif len(texts[name]) > 60:
            errors[name] = [f"{label} en çok 60 karakter."]
    if not _ON_EK.match(texts["makbuz_on_eki"]):
        errors["makbuz_on_eki"] = ["Makbuz ön eki 1–10 büyük harf, rakam ya da tire olmalı."]
    if errors:
        raise GelirError(_l("Ayarlar geçersiz."), errors)
    row = parametre.ayarlar()
    before = {k: getattr(row, k) for k in values}
    if before != values:
        for key, value in values.items():
            setattr(row, key, value)
        audit.record("gelir.ayar.guncelle", actor=actor, realm="staff", object_type="gelir_ayari", object_id=row.id,
                     before=before, after=values)
    return row


# --- ads -----------------------------------------------------------------------------

def _tarih(value: object, name: str, errors: dict, label: str) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        errors[name] = [f"{label} girin."]
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = [f"{label} geçerli bir tarih olmalı (YYYY-AA-GG)."]
        return None


def ilan_olustur(*, actor: str, mukellef_id: object, tarife_kod: object, yer: object, alan: object, adet: object,
                 baslangic: object, bitis: object) -> IlanReklam:
    """Record an advertisement permit: a tariff line × m² × pieces over a period."""
    errors: dict[str, list[str]] = {}
    try:
        owner_id = int(str(mukellef_id).strip())
    except ValueError:
        owner_id = None
        errors["mukellef_id"] = ["Mükellef numarasını girin."]
    code = str(tarife_kod or "").strip()
    place = str(yer or "").strip()
    if not place or len(place) > 300:
        errors["yer"] = ["Reklamın yerini yazın (en çok 300 karakter)."]
    try:  # as typed in Türkiye (12,5 / 1.250,75) or a decimal
        area = parse_decimal(alan, 2, Decimal("1e8"))
        if area <= 0:
            raise NumberFormatError("")
    except NumberFormatError:
        area = None
        errors["alan"] = ["Alan sıfırdan büyük, en çok iki ondalıklı bir sayı olmalı (m²)."]
    try:
        pieces = int(str(adet).strip())
        if not 1 <= pieces <= 1_000_000:
            raise ValueError
    except ValueError:
        pieces = None
        errors["adet"] = ["Adet 1 ya da daha büyük bir tam sayı olmalı."]
    start = _tarih(baslangic, "baslangic", errors, "Başlangıç tarihi")
    end = _tarih(bitis, "bitis", errors, "Bitiş tarihi")
    if start and end and end < start:
        errors["bitis"] = ["Bitiş başlangıçtan önce olamaz."]
    if not code:
        errors["tarife_kod"] = ["Tarife kalemini seçin."]
    elif start:
        try:
            parametre.tarife("ilan_reklam", code, start)
        except parametre.TarifeYok as exc:
            errors["tarife_kod"] = [exc.message_tr]
    if errors or start is None or end is None:
        raise GelirError(_l("İlan/reklam bilgileri geçersiz."), errors)
    canli(owner_id)  # type: ignore[arg-type]
    row = IlanReklam(mukellef_id=owner_id, tarife_kod=code, yer=place, alan=area, adet=pieces, baslangic=start,
                     bitis=end, kaydeden=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.ilan.olustur", actor=actor, realm="staff", object_type="ilan_reklam", object_id=row.id,
                 after={"mukellef_id": owner_id, "tarife_kod": code, "yer": place, "alan": str(area), "adet": pieces,
                        "baslangic": start.isoformat(), "bitis": end.isoformat()})
    return row


def ilanlar():
    return select(IlanReklam).order_by(IlanReklam.id.desc())


# --- ÇTV -----------------------------------------------------------------------------

def ctv_olustur(*, actor: str, mukellef_id: object, kullanim: object, baslangic_yili: object, grup: object = None,
                derece: object = None, abone_no: object = "", adres: object = "", emlak_id: object = None) -> CtvKaydi:
    """Record a building user liable for ÇTV: a workplace (group 1–7, degree 1–5) or a residence
    (water subscription; without one, the 7th group at the council's degree)."""
    errors: dict[str, list[str]] = {}

    def number(value: object, name: str, label: str, low: int, high: int, required: bool) -> int | None:
        return tamsayi(value, name, errors, label, low=low, high=high, required=required)

    owner_id = number(mukellef_id, "mukellef_id", "Mükellef numarası", 1, 2**62, True)
    use = str(kullanim or "").strip()
    if use not in ("isyeri", "konut"):
        errors["kullanim"] = ["İşyeri ya da konut seçin."]
    year = number(baslangic_yili, "baslangic_yili", "Başlangıç yılı", 1900, 2200, True)
    subscription = str(abone_no or "").strip() or None
    group = degree = None
    if use == "isyeri":
        group = number(grup, "grup", "Grup", 1, 7, True)
        degree = number(derece, "derece", "Derece", 1, 5, True)
        subscription = None
    elif use == "konut":
        if subscription and not _ABONE.match(subscription):
            errors["abone_no"] = ["Abone numarası harf, rakam, - ve / içerebilir (en çok 30 karakter)."]
        if not subscription:  # no municipal water: taxed at the 7th group (RULES §3.2)
            group = 7
            degree = number(derece, "derece", "Derece (suyu olmayan konut: 7. grup)", 1, 5, True)
    place = str(adres or "").strip()
    if len(place) > 500:
        errors["adres"] = ["Adres en çok 500 karakter."]
    property_id = number(emlak_id, "emlak_id", "Emlak numarası", 1, 2**62, False)
    if errors:
        raise GelirError(_l("ÇTV kaydı geçersiz."), errors)
    canli(owner_id)  # type: ignore[arg-type]
    if property_id is not None:
        from ..models import Emlak

        if db.session.get(Emlak, property_id) is None:
            raise GelirError(_l("Emlak bulunamadı."), {"emlak_id": [_l("Böyle bir emlak yok.")]})
    row = CtvKaydi(mukellef_id=owner_id, emlak_id=property_id, kullanim=use, grup=group, derece=degree,
                   abone_no=subscription, adres=place, baslangic_yili=year)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.ctv.olustur", actor=actor, realm="staff", object_type="ctv_kaydi", object_id=row.id,
                 after={"mukellef_id": owner_id, "kullanim": use, "grup": group, "derece": degree,
                        "abone_no": subscription, "baslangic_yili": year, "emlak_id": property_id})
    return row


def ctv_kayitlari():
    return select(CtvKaydi).order_by(CtvKaydi.id.desc())


# --- water consumption import --------------------------------------------------------------

@dataclass(frozen=True)
class AktarimSonucu:
    eklenen: int
    zaten_var: int
    aktarim: str


def su_aktar(icerik: bytes | str, dosya_adi: str, *, actor: str) -> AktarimSonucu:
    """Import ``abone_no;donem(YYYY-MM);m3`` lines: every line checked, all or nothing, and
    idempotent on (abone_no, donem) — a line already imported with the same figure is skipped;
    a different figure for an imported month is an error (a figure is never overwritten)."""
    if isinstance(icerik, bytes):
        try:
            text = icerik.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise GelirError(_l("Dosya UTF-8 değil."), {"dosya": [_l("Dosyayı UTF-8 olarak kaydedip yeniden yükleyin.")]}) from None
    else:
        text = icerik
    errors: dict[str, list[str]] = {}
    lines: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        if not row or all(not c.strip() for c in row):
            continue
        if number == 1 and row[0].strip().lower().startswith("abone"):
            continue  # header
        key = f"satir_{number}"
        if len(row) != 3:
            errors[key] = [f"{number}. satır: 3 alan bekleniyordu (abone_no;donem;m3), {len(row)} geldi."]
            continue
        abone, donem, m3_text = (c.strip() for c in row)
        problems = []
        if not _ABONE.match(abone):
            problems.append("abone numarası geçersiz")
        match = _DONEM.match(donem)
        if not match or not 2000 <= int(match.group(1)) <= 2200:
            problems.append("dönem YYYY-AA biçiminde olmalı")
        try:
            m3 = Decimal(m3_text.replace(",", "."))
            if not m3.is_finite() or m3 < 0 or m3 != m3.quantize(Decimal("0.001")) or m3 >= Decimal("1e9"):
                raise InvalidOperation
        except InvalidOperation:
            m3 = None
            problems.append("m³ sıfır ya da pozitif, en çok üç ondalıklı bir sayı olmalı")
        if not problems and (abone, donem) in lines:
            problems.append(f"aynı abone ve dönem {lines[(abone, donem)][0]}. satırda da var")
        if problems:
            errors[key] = [f"{number}. satır: {'; '.join(problems)}."]
            continue
        lines[(abone, donem)] = (number, m3.quantize(Decimal("0.001")))  # type: ignore[union-attr]
    if not lines and not errors:
        raise GelirError(_l("Dosyada satır yok."), {"dosya": [_l("abone_no;donem;m3 satırları içeren bir dosya yükleyin.")]})
    existing: dict[tuple[str, str], Decimal] = {}
    if lines:
        subs = sorted({a for a, _ in lines})
        for r in db.session.execute(select(SuTuketimi.abone_no, SuTuketimi.donem, SuTuketimi.m3)
                                    .where(SuTuketimi.abone_no.in_(subs))):
            existing[(r.abone_no, r.donem)] = r.m3
    for line_key, (number, m3) in lines.items():
        if line_key in existing and existing[line_key] != m3:
            errors[f"satir_{number}"] = [f"{number}. satır: {line_key[0]} aboneliğinin {line_key[1]} dönemi daha önce "
                                         f"{existing[line_key]} m³ olarak aktarıldı; farklı değer kabul edilmez."]
    if errors:
        ordered = dict(sorted(errors.items(), key=lambda kv: int(kv[0].split("_")[1]) if kv[0] != "dosya" else 0))
        raise GelirError(_l("Dosyada %(n)s hatalı satır var; hiçbir satır aktarılmadı.", n=len(ordered)), ordered)
    label = f"{(dosya_adi or 'dosya')[:60]} {datetime.now(UTC):%Y-%m-%d %H:%M}"[:100]
    fresh = [(a, d, m3) for (a, d), (_, m3) in lines.items() if (a, d) not in existing]
    added = 0
    if fresh:
        result = db.session.execute(
            insert(SuTuketimi).values([{"abone_no": a, "donem": d, "m3": m3, "aktarim": label} for a, d, m3 in fresh])
            .on_conflict_do_nothing(index_elements=["abone_no", "donem"]).returning(SuTuketimi.id))
        added = len(result.all())
    skipped = len(lines) - added
    audit.record("gelir.su.aktar", actor=actor, realm="staff", object_type="su_tuketimi", object_id=label,
                 after={"dosya": dosya_adi, "satir": len(lines), "eklenen": added, "zaten_var": skipped})
    return AktarimSonucu(added, skipped, label)


def su_tuketimleri():
    return select(SuTuketimi).order_by(SuTuketimi.donem.desc(), SuTuketimi.abone_no)


def su_ozeti() -> int:
    return db.session.scalar(select(func.count(SuTuketimi.id))) or 0
