"""The property register: properties and their dated owner shares, declarations,
Tapu pre-fill and comparison, the zero-rate single-dwelling relief, and the valuation view.

Every change to a property or its owners is filed as a ``Beyan`` snapshot (never edited
silently) and audited.  A sale ends the seller's share in the sale year and starts the
buyer's the next budget year (RULES §2.5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ebelediye import audit, clock, connectors, parameters
from ebelediye.audit import AuditEntry
from ebelediye.connectors import Caller, ConnectorError
from ebelediye.extensions import db
from ebelediye.formatting import NumberFormatError, parse_decimal, plain
from ebelediye.parameters import ParameterMissing

from .. import parametre
from ..models import Beyan, Emlak, EmlakHissesi, Muafiyet, Mukellef, Tarife
from . import GelirError, tamsayi
from .mukellef import PURPOSE, canli, kimlikle_bul

TURLER = {"bina": "Bina", "arsa": "Arsa", "arazi": "Arazi"}
KULLANIMLAR = {"mesken": "Mesken", "isyeri": "İşyeri"}
GEREKCELER = {"emekli": "Emekli, dul, yetim veya malul aylığı dışında geliri yok", "gelirsiz": "Hiç geliri yok",
              "gazi": "Gazi", "engelli": "Engelli", "sehit_yakini": "Şehit dul veya yetimi"}
ALANLAR = ("tur", "mahalle", "sokak", "deger_bolgesi", "ada", "parsel", "bagimsiz_bolum", "arsa_alani",
           "arsa_payi_alani", "bina_alani", "kullanim", "insaat_sinifi", "yapim_yili", "buyuksehir_mucavir",
           "dinlenme_amacli")
HISSE_ASIMI = "Hisseler toplamı %100'ü aşamaz."


def _caller(actor: str) -> Caller:
    return Caller(actor=actor, purpose=PURPOSE)


def getir(emlak_id: int) -> Emlak:
    row = db.session.get(Emlak, emlak_id)
    if row is None:
        raise GelirError(_l("Emlak bulunamadı."), {"emlak_id": [_l("Böyle bir emlak yok.")]}, status=404)
    return row


def arama(q: str = ""):
    """Properties matching 'ada/parsel', a neighbourhood or street, for a paginated list."""
    query = select(Emlak)
    q = (q or "").strip()
    if q:
        parts = q.replace("/", " ").split()
        if all(p.isdigit() for p in parts) and 1 <= len(parts) <= 2:
            query = query.where(Emlak.ada == int(parts[0]))
            if len(parts) == 2:
                query = query.where(Emlak.parsel == int(parts[1]))
        else:
            like = f"%{q.lower()}%"
            query = query.where(or_(Emlak.mahalle.ilike(like), Emlak.sokak.ilike(like),
                                    Emlak.deger_bolgesi.ilike(like)))
    return query.order_by(Emlak.ada, Emlak.parsel, Emlak.bagimsiz_bolum, Emlak.id)


# --- validation ---------------------------------------------------------------------

def _alan(value: object, name: str, errors: dict, *, required: bool = False) -> Decimal:
    """An area in m² as typed in Türkiye (``1.250,50``, ``1250,50``, ``1250.50``) or a decimal."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = [_l("Alan (m²) girin.")]
        return Decimal("0")
    try:
        amount = parse_decimal(value, 2, Decimal("1e12"))
    except NumberFormatError as exc:
        errors[name] = [_l(exc.reason, **exc.params)]
        return Decimal("0")
    if amount < 0:
        errors[name] = [_l("Alan negatif olamaz.")]
    elif required and amount == 0:
        errors[name] = [_l("Alan sıfırdan büyük olmalı.")]
    else:
        return amount
    return Decimal("0")


def _bool(value: object) -> bool:
    return value in (True, "1", "on", "true", "evet", 1)


def deger_bolgesi_var_mi(tur: str, kod: str) -> bool:
    """Whether the value zone has any unit value (arazi: arazi_birim; others: arsa_birim)."""
    tariff = "arazi_birim" if tur == "arazi" else "arsa_birim"
    return db.session.scalar(select(Tarife.id).where(Tarife.tur == tariff, Tarife.kod == kod).limit(1)) is not None


def insaat_siniflari() -> list[str]:
    """Building classes that have a national cost parameter (``emlak.insaat_maliyeti.<class>``)."""
    from ebelediye.parameters import NationalParameter

    keys = db.session.scalars(select(NationalParameter.key).where(
        NationalParameter.key.startswith("emlak.insaat_maliyeti.")).distinct())
    return sorted(k.rsplit(".", 1)[1] for k in keys)


def dogrula(data: dict) -> dict:
    """A property's fields from user input, all checked; raises with every field's error."""
    errors: dict[str, list[str]] = {}
    tur = str(data.get("tur") or "").strip()
    if tur not in TURLER:
        errors["tur"] = ["Bina, arsa ya da arazi seçin."]
    clean: dict = {"tur": tur}
    for name, size in (("mahalle", 120), ("sokak", 200), ("bagimsiz_bolum", 20)):
        clean[name] = str(data.get(name) or "").strip()
        if len(clean[name]) > size:
            errors[name] = [f"En çok {size} karakter."]
    zone = str(data.get("deger_bolgesi") or "").strip()
    clean["deger_bolgesi"] = zone
    if not zone:
        errors["deger_bolgesi"] = ["Değer bölgesi girin."]
    elif tur in TURLER and not deger_bolgesi_var_mi(tur, zone):
        errors["deger_bolgesi"] = [f"'{zone}' değer bölgesi için birim değer tanımlı değil; önce tarifelere ekleyin."]
    clean["ada"] = tamsayi(data.get("ada"), "ada", errors, "Ada")
    clean["parsel"] = tamsayi(data.get("parsel"), "parsel", errors, "Parsel")
    bina = tur == "bina"
    clean["arsa_alani"] = _alan(data.get("arsa_alani"), "arsa_alani", errors, required=tur in ("arsa", "arazi"))
    clean["arsa_payi_alani"] = _alan(data.get("arsa_payi_alani"), "arsa_payi_alani", errors)
    clean["bina_alani"] = _alan(data.get("bina_alani"), "bina_alani", errors, required=bina)
    clean["kullanim"] = str(data.get("kullanim") or "").strip() or None
    clean["insaat_sinifi"] = str(data.get("insaat_sinifi") or "").strip().upper() or None
    clean["yapim_yili"] = tamsayi(data.get("yapim_yili"), "yapim_yili", errors, "Yapım yılı", low=1800,
                                   high=clock.today().year + 1, required=bina)
    if bina:
        if clean["kullanim"] not in KULLANIMLAR:
            errors["kullanim"] = ["Mesken ya da işyeri seçin."]
        if not clean["insaat_sinifi"]:
            errors["insaat_sinifi"] = ["İnşaat sınıfı seçin."]
        elif not parameters.rows(f"emlak.insaat_maliyeti.{clean['insaat_sinifi']}"):
            errors["insaat_sinifi"] = [f"'{clean['insaat_sinifi']}' sınıfı için inşaat maliyet bedeli tanımlı değil."]
    else:
        clean["kullanim"] = clean["insaat_sinifi"] = None
        clean["yapim_yili"] = None
        clean["bina_alani"] = clean["arsa_payi_alani"] = Decimal("0")
    clean["buyuksehir_mucavir"] = _bool(data.get("buyuksehir_mucavir"))
    clean["dinlenme_amacli"] = bina and _bool(data.get("dinlenme_amacli"))
    if errors:
        raise GelirError(_l("Emlak bilgileri geçersiz; işaretli alanları düzeltin."), errors)
    return clean


def _snapshot(e: Emlak) -> dict:
    out = {}
    for name in ALANLAR:
        value = getattr(e, name)
        out[name] = str(value) if isinstance(value, Decimal) else value
    return out


def _hisse_snapshot(emlak_id: int) -> list[dict]:
    rows = db.session.scalars(select(EmlakHissesi).where(EmlakHissesi.emlak_id == emlak_id).order_by(EmlakHissesi.id))
    return [{"id": h.id, "mukellef_id": h.mukellef_id, "pay": h.pay, "payda": h.payda,
             "baslangic_yili": h.baslangic_yili, "bitis_yili": h.bitis_yili} for h in rows]


def _beyan(e: Emlak, mukellef_id: int, neden: str, actor: str, tarih: date, **extra) -> Beyan:
    row = Beyan(emlak_id=e.id, mukellef_id=mukellef_id, tarih=tarih, neden=neden, kaydeden=actor,
                bilgiler={"emlak": _snapshot(e), "hisseler": _hisse_snapshot(e.id), **extra})
    db.session.add(row)
    return row


def _ilk_malik(emlak_id: int) -> int | None:
    return db.session.scalar(select(EmlakHissesi.mukellef_id).where(
        EmlakHissesi.emlak_id == emlak_id, EmlakHissesi.bitis_yili.is_(None)).order_by(EmlakHissesi.id).limit(1))


def _parsel_bos_mu(clean: dict, except_id: int | None = None) -> None:
    query = select(Emlak.id).where(Emlak.ada == clean["ada"], Emlak.parsel == clean["parsel"],
                                   Emlak.bagimsiz_bolum == clean["bagimsiz_bolum"])
    if except_id:
        query = query.where(Emlak.id != except_id)
    found = db.session.scalar(query)
    if found:
        raise GelirError(_l("Bu ada/parsel/bağımsız bölüm zaten kayıtlı."),
                         {"parsel": [_l("%(id)s numaralı emlak olarak kayıtlı.", id=found)]})


# --- shares ---------------------------------------------------------------------------

@dataclass(frozen=True)
class HisseGirdisi:
    mukellef_id: int
    pay: int
    payda: int
    baslangic_yili: int


def canli_hisse_toplami(emlak_id: int, yil: int, haric: set[int] | None = None) -> Fraction:
    """The sum of the shares liable in ``yil`` or later (the ones a new share from ``yil`` overlaps)."""
    rows = db.session.scalars(select(EmlakHissesi).where(
        EmlakHissesi.emlak_id == emlak_id,
        or_(EmlakHissesi.bitis_yili.is_(None), EmlakHissesi.bitis_yili >= yil)))
    return sum((Fraction(h.pay, h.payda) for h in rows if h.id not in (haric or set())), Fraction(0))


def _hisse_ekle(e: Emlak, girdi: HisseGirdisi, field_name: str = "pay") -> EmlakHissesi:
    canli(girdi.mukellef_id)
    if canli_hisse_toplami(e.id, girdi.baslangic_yili) + Fraction(girdi.pay, girdi.payda) > 1:
        raise GelirError(HISSE_ASIMI, {field_name: [HISSE_ASIMI]})
    row = EmlakHissesi(emlak_id=e.id, mukellef_id=girdi.mukellef_id, pay=girdi.pay, payda=girdi.payda,
                       baslangic_yili=girdi.baslangic_yili)
    db.session.add(row)
    db.session.flush()
    return row


# --- changes -------------------------------------------------------------------------

def olustur(data: dict, hisseler: list[HisseGirdisi], *, actor: str, tarih: date) -> Emlak:
    """Register a property with its owners; filed as the first declaration (neden 'ilk')."""
    clean = dogrula(data)
    if not hisseler:
        raise GelirError(_l("En az bir malik girin."), {"hisseler": [_l("Malik ve hissesini girin.")]})
    total = sum((Fraction(h.pay, h.payda) for h in hisseler), Fraction(0))
    if total > 1:
        raise GelirError(HISSE_ASIMI, {"hisseler": [HISSE_ASIMI]})
    for index, h in enumerate(hisseler):
        canli(h.mukellef_id, f"hisseler.{index}.mukellef_id")
    _parsel_bos_mu(clean)
    e = Emlak(**clean)
    db.session.add(e)
    db.session.flush()
    for h in hisseler:
        _hisse_ekle(e, h, "hisseler")
    _beyan(e, hisseler[0].mukellef_id, "ilk", actor, tarih)
    db.session.flush()
    audit.record("gelir.emlak.olustur", actor=actor, realm="staff", object_type="emlak", object_id=e.id,
                 after={"emlak": _snapshot(e), "hisseler": _hisse_snapshot(e.id)})
    return e


def guncelle(emlak_id: int, data: dict, *, actor: str, tarih: date) -> Emlak:
    """Change a property's facts; filed as a declaration (neden 'degisiklik')."""
    e = getir(emlak_id)
    clean = dogrula(data)
    _parsel_bos_mu(clean, except_id=e.id)
    before = _snapshot(e)
    for key, value in clean.items():
        setattr(e, key, value)
    db.session.flush()
    after = _snapshot(e)
    if before == after:
        return e
    owner = _ilk_malik(e.id)
    if owner is None:
        raise GelirError(_l("Emlakın malik kaydı yok; önce malik ekleyin."))
    _beyan(e, owner, "degisiklik", actor, tarih, once=before)
    audit.record("gelir.emlak.guncelle", actor=actor, realm="staff", object_type="emlak", object_id=e.id,
                 before=before, after=after)
    return e


def hisse_ekle(emlak_id: int, girdi: HisseGirdisi, *, actor: str, tarih: date) -> EmlakHissesi:
    """Add an owner's share from a budget year; the live shares may not exceed the whole."""
    e = getir(emlak_id)
    row = _hisse_ekle(e, girdi)
    _beyan(e, girdi.mukellef_id, "degisiklik", actor, tarih, islem="hisse_ekle")
    audit.record("gelir.emlak.hisse_ekle", actor=actor, realm="staff", object_type="emlak", object_id=e.id,
                 after={"hisse_id": row.id, "mukellef_id": row.mukellef_id, "pay": row.pay, "payda": row.payda,
                        "baslangic_yili": row.baslangic_yili})
    return row


def satis(emlak_id: int, hisse_id: int, alici_id: int, satis_tarihi: date, *, actor: str, tarih: date) -> EmlakHissesi:
    """A sale of a whole share: the seller owes the sale year, the buyer from the next (RULES §2.5)."""
    e = getir(emlak_id)
    share = db.session.get(EmlakHissesi, hisse_id)
    if share is None or share.emlak_id != e.id:
        raise GelirError(_l("Hisse bulunamadı."), {"hisse_id": [_l("Bu emlakta böyle bir hisse yok.")]})
    if share.bitis_yili is not None:
        raise GelirError(_l("Bu hisse zaten sona ermiş."), {"hisse_id": [_l("%(yil)s yılında sona erdi.", yil=share.bitis_yili)]})
    canli(alici_id, "alici_id")
    if alici_id == share.mukellef_id:
        raise GelirError(_l("Alıcı ile satıcı aynı olamaz."), {"alici_id": [_l("Başka bir mükellef seçin.")]})
    year = satis_tarihi.year
    if year < share.baslangic_yili:
        raise GelirError(_l("Satış yılı hissenin başlangıcından önce olamaz."),
                         {"satis_tarihi": [_l("Hisse %(yil)s yılında başlıyor.", yil=share.baslangic_yili)]})
    before = {"hisse_id": share.id, "bitis_yili": None}
    share.bitis_yili = year
    db.session.flush()
    new = _hisse_ekle(e, HisseGirdisi(alici_id, share.pay, share.payda, year + 1), "alici_id")
    _beyan(e, alici_id, "satis", actor, tarih, satis_tarihi=satis_tarihi.isoformat(), satici_id=share.mukellef_id)
    audit.record("gelir.emlak.satis", actor=actor, realm="staff", object_type="emlak", object_id=e.id, before=before,
                 after={"hisse_id": share.id, "bitis_yili": year, "yeni_hisse_id": new.id, "alici_id": alici_id,
                        "baslangic_yili": year + 1, "satis_tarihi": satis_tarihi.isoformat()})
    return new


def beyanlar(emlak_id: int) -> list[Beyan]:
    return list(db.session.scalars(select(Beyan).where(Beyan.emlak_id == emlak_id).order_by(Beyan.id.desc())))


def denetim(emlak_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "emlak", AuditEntry.object_id == str(emlak_id)).order_by(AuditEntry.id.desc())
        .limit(50)))


def hisseler(emlak_id: int) -> list[tuple[EmlakHissesi, Mukellef]]:
    return [(h, m) for h, m in db.session.execute(
        select(EmlakHissesi, Mukellef).join(Mukellef, Mukellef.id == EmlakHissesi.mukellef_id)
        .where(EmlakHissesi.emlak_id == emlak_id).order_by(EmlakHissesi.baslangic_yili, EmlakHissesi.id))]


# --- Tapu ------------------------------------------------------------------------------

def _il_ilce() -> tuple[str, str]:
    settings = parametre.ayarlar()
    if not settings.il or not settings.ilce:
        raise GelirError(_l("Belediye ayarlarında il ve ilçe tanımlı değil; Tarifeler > Ayarlar'dan girin."))
    return settings.il, settings.ilce


def tapu_parseli(ada: object, parsel: object, *, actor: str):
    """The parcel as the land registry has it (il/ilçe from the municipality's settings)."""
    errors: dict[str, list[str]] = {}
    ada_no = tamsayi(ada, "ada", errors, "Ada")
    parsel_no = tamsayi(parsel, "parsel", errors, "Parsel")
    if errors or ada_no is None or parsel_no is None:
        raise GelirError(_l("Ada ve parsel girin."), errors)
    il, ilce = _il_ilce()
    try:
        return connectors.get("tapu").parcel(il, ilce, ada_no, parsel_no, caller=_caller(actor))
    except ConnectorError as exc:
        raise GelirError(exc.message_tr, {"parsel": [exc.message_tr]}) from None


def tapu_onbilgi(ada: object, parsel: object, *, actor: str) -> dict:
    """Form values from Tapu, with each owner matched to a registered taxpayer where there is one."""
    p = tapu_parseli(ada, parsel, actor=actor)
    owners = []
    for o in p.malikler:
        match = kimlikle_bul(o.kimlik) if o.kimlik and o.kimlik_turu in ("tckn", "vkn") else None
        owners.append({"kimlik": o.kimlik, "kimlik_turu": o.kimlik_turu, "ad": o.ad, "pay": o.hisse_pay,
                       "payda": o.hisse_payda, "mukellef_id": match.id if match else None})
    return {"tur": p.nitelik, "mahalle": p.mahalle, "ada": p.ada, "parsel": p.parsel,
            "arsa_alani": str(p.alan_m2), "bina_alani": str(p.kat_alani_m2 or ""), "kullanim": p.kullanim or "",
            "yapim_yili": p.yapim_yili or "", "edinme_tarihi": p.edinme_tarihi.isoformat(),
            "baslangic_yili": p.edinme_tarihi.year + 1, "malikler": owners}


@dataclass(frozen=True)
class Fark:
    alan: str
    etiket: str
    bizde: str
    tapuda: str


_ALAN_ETIKETLERI = {"tur": "Nitelik", "arsa_alani": "Arsa/parsel alanı (m²)", "bina_alani": "Bina brüt alanı (m²)",
                    "kullanim": "Kullanım", "yapim_yili": "Yapım yılı", "malikler": "Malikler ve hisseler"}


def _tapu_degerleri(p) -> dict:
    return {"tur": p.nitelik, "arsa_alani": Decimal(p.alan_m2).quantize(Decimal("0.01")),
            "bina_alani": Decimal(p.kat_alani_m2 or 0).quantize(Decimal("0.01")) if p.nitelik == "bina" else None,
            "kullanim": p.kullanim if p.nitelik == "bina" else None,
            "yapim_yili": p.yapim_yili if p.nitelik == "bina" else None}


def _malik_ozeti(shares: dict[str, Fraction]) -> str:
    return "; ".join(f"{k}: {v.numerator}/{v.denominator}" for k, v in sorted(shares.items())) or "—"


def tapu_karsilastir(emlak_id: int, *, actor: str) -> list[Fark]:
    """Where the municipality's record and the land registry disagree (area, use, owners, shares)."""
    e = getir(emlak_id)
    p = tapu_parseli(e.ada, e.parsel, actor=actor)
    diffs = []
    for name, theirs in _tapu_degerleri(p).items():
        if theirs is None and name != "tur":
            continue
        ours = getattr(e, name)
        if ours != theirs:
            diffs.append(Fark(name, _ALAN_ETIKETLERI[name], "" if ours is None else str(ours), str(theirs)))
    ours_owners = _bizim_malikler(e.id)
    theirs_owners = {(o.kimlik or o.ad): Fraction(o.hisse_pay, o.hisse_payda) for o in p.malikler}
    if ours_owners != theirs_owners:
        diffs.append(Fark("malikler", _ALAN_ETIKETLERI["malikler"], _malik_ozeti(ours_owners),
                          _malik_ozeti(theirs_owners)))
    return diffs


def _bizim_malikler(emlak_id: int) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for h, m in db.session.execute(select(EmlakHissesi, Mukellef).join(Mukellef, Mukellef.id == EmlakHissesi.mukellef_id)
                                   .where(EmlakHissesi.emlak_id == emlak_id, EmlakHissesi.bitis_yili.is_(None))):
        out[m.kimlik_no] = out.get(m.kimlik_no, Fraction(0)) + Fraction(h.pay, h.payda)
    return out


def tapu_farki_coz(emlak_id: int, alan: str, karar: str, *, actor: str, tarih: date, not_: object = "") -> None:
    """Resolve one difference: accept Tapu's value (filed as a 'degisiklik' declaration) or keep ours with a note."""
    e = getir(emlak_id)
    if alan not in _ALAN_ETIKETLERI:
        raise GelirError(_l("Bilinmeyen alan."), {"alan": [_l("Karşılaştırmadaki bir alanı seçin.")]})
    note = str(not_ or "").strip()[:500]
    if karar == "bizim":
        if not note:
            raise GelirError(_l("Kendi kaydımızı korurken bir not yazın."), {"not": [_l("Neden Tapu'dan farklı olduğunu yazın.")]})
        e.tapu_kontrol_at = datetime.now(UTC)
        audit.record("gelir.emlak.tapu_farki_korundu", actor=actor, realm="staff", object_type="emlak",
                     object_id=e.id, after={"alan": alan, "not": note})
    elif karar == "tapu":
        p = tapu_parseli(e.ada, e.parsel, actor=actor)
        before = {"emlak": _snapshot(e), "hisseler": _hisse_snapshot(e.id)}
        if alan == "malikler":
            _tapu_maliklerini_al(e, p)
        else:
            value = _tapu_degerleri(p)[alan]
            if alan == "tur" and value not in TURLER:
                raise GelirError(_l("Tapu'daki nitelik tanınmıyor."))
            setattr(e, alan, value)
        e.tapu_kontrol_at = datetime.now(UTC)
        db.session.flush()
        owner = _ilk_malik(e.id)
        if owner is None:
            raise GelirError(_l("Tapu'daki maliklerin hiçbiri mükellef olarak kayıtlı değil."))
        _beyan(e, owner, "degisiklik", actor, tarih, kaynak="tapu", alan=alan, once=before, not_=note)
        audit.record("gelir.emlak.tapu_kabul", actor=actor, realm="staff", object_type="emlak", object_id=e.id,
                     before=before, after={"alan": alan, "emlak": _snapshot(e), "hisseler": _hisse_snapshot(e.id),
                                           "not": note})
    else:
        raise GelirError(_l("Karar geçersiz."), {"karar": [_l("Tapu'yu kabul edin ya da kaydımızı koruyun.")]})


def _tapu_maliklerini_al(e: Emlak, p) -> None:
    """Replace the live shares with Tapu's: ours end in the acquisition year, theirs start the next."""
    missing, wanted = [], []
    for o in p.malikler:
        match = kimlikle_bul(o.kimlik) if o.kimlik and o.kimlik_turu in ("tckn", "vkn") else None
        if match is None:
            missing.append(f"{o.ad} ({o.kimlik or o.kimlik_turu})")
        else:
            wanted.append((match, o))
    if missing:
        raise GelirError(_l("Tapu'daki bazı malikler mükellef olarak kayıtlı değil; önce kaydedin."),
                         {"malikler": [", ".join(missing)]})
    year = p.edinme_tarihi.year
    for h in db.session.scalars(select(EmlakHissesi).where(EmlakHissesi.emlak_id == e.id,
                                                           EmlakHissesi.bitis_yili.is_(None))):
        h.bitis_yili = max(year, h.baslangic_yili)
    db.session.flush()
    for match, o in wanted:
        start = year + 1
        last_end = db.session.scalar(select(EmlakHissesi.bitis_yili).where(EmlakHissesi.emlak_id == e.id)
                                     .order_by(EmlakHissesi.bitis_yili.desc().nulls_last()).limit(1))
        if last_end is not None and last_end >= start:
            start = last_end + 1
        _hisse_ekle(e, HisseGirdisi(match.id, o.hisse_pay, o.hisse_payda, start), "malikler")


# --- the zero-rate single-dwelling relief ------------------------------------------------

def tek_konut_basvurusu(emlak_id: int, mukellef_id: int, gerekce: str, basvuru_tarihi: date, *, actor: str,
                        baslangic_yili: int | None = None, belge: object = "") -> Muafiyet:
    """Grant the zero-rate single-dwelling relief (1319 m.8/2) on application, if it qualifies."""
    e = getir(emlak_id)
    m = canli(mukellef_id)
    start = baslangic_yili or basvuru_tarihi.year + 1
    errors: dict[str, list[str]] = {}
    if gerekce not in GEREKCELER:
        errors["gerekce"] = ["Emekli, gelirsiz, gazi, engelli ya da şehit yakını seçin."]
    if not 1900 <= start <= 2200:
        errors["baslangic_yili"] = ["Geçerli bir yıl girin."]
    if errors:
        raise GelirError(_l("Başvuru bilgileri eksik."), errors)
    refuse = []
    if e.tur != "bina" or e.kullanim != "mesken":
        refuse.append("Yalnız mesken olarak kullanılan binalar için uygulanır.")
    if m.tur != "gercek":
        refuse.append("Yalnız gerçek kişilere uygulanır.")
    if e.dinlenme_amacli:
        refuse.append("Dinlenme amaçlı (yazlık) meskenler kapsam dışıdır.")
    mesken = db.session.execute(
        select(EmlakHissesi, Emlak).join(Emlak, Emlak.id == EmlakHissesi.emlak_id).where(
            EmlakHissesi.mukellef_id == m.id, Emlak.tur == "bina", Emlak.kullanim == "mesken",
            or_(EmlakHissesi.bitis_yili.is_(None), EmlakHissesi.bitis_yili >= start),
            EmlakHissesi.baslangic_yili <= start)).all()
    if not any(em.id == e.id for _, em in mesken):
        refuse.append(f"Mükellefin {start} yılında bu meskende hissesi yok.")
    others = sorted({em.tanim for _, em in mesken if em.id != e.id})
    if others:
        refuse.append(f"Mükellefin başka meskeni var: {', '.join(others)}.")
    try:
        limit = parametre.deger("emlak.tek_konut_azami_m2", date(start, 1, 1))
    except ParameterMissing as exc:
        raise GelirError(exc.message_tr) from None
    total = sum((em.bina_alani for em in {em.id: em for _, em in mesken}.values()), Decimal("0"))
    if total > limit:
        refuse.append(f"Meskenlerin toplam brüt alanı {plain(total)} m²; sınır {plain(limit)} m².")
    if db.session.scalar(select(Muafiyet.id).where(
            Muafiyet.mukellef_id == m.id, Muafiyet.tur == "tek_konut",
            or_(Muafiyet.bitis_yili.is_(None), Muafiyet.bitis_yili >= start))):
        refuse.append("Mükellefin yürürlükte bir tek konut muafiyeti zaten var.")
    if refuse:
        raise GelirError(_l("Sıfır oranlı tek konut şartları sağlanmıyor."), {"emlak_id": refuse})
    row = Muafiyet(mukellef_id=m.id, emlak_id=e.id, tur="tek_konut", gerekce=gerekce, basvuru_tarihi=basvuru_tarihi,
                   baslangic_yili=start, belge=str(belge or "").strip()[:300], kaydeden=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.emlak.muafiyet", actor=actor, realm="staff", object_type="emlak", object_id=e.id,
                 after={"muafiyet_id": row.id, "mukellef_id": m.id, "tur": "tek_konut", "gerekce": gerekce,
                        "basvuru_tarihi": basvuru_tarihi.isoformat(), "baslangic_yili": start,
                        "toplam_brut_m2": str(total), "sinir_m2": str(limit)})
    return row


def muafiyetler(emlak_id: int) -> list[Muafiyet]:
    return list(db.session.scalars(select(Muafiyet).where(Muafiyet.emlak_id == emlak_id).order_by(Muafiyet.id)))


# --- valuation view ------------------------------------------------------------------

@dataclass(frozen=True)
class DegerlemeGorunumu:
    yil: int
    degerleme: object | None = None
    hata: str | None = None
    #: each liable owner's share, tax and installments (``tahakkuk.vergi_dokumu``)
    sahipler: list = field(default_factory=list)


def degerleme(emlak_id: int, yil: int) -> DegerlemeGorunumu:
    """The vergi değeri for ``yil`` with its steps, and each owner's tax (``services.tahakkuk``)."""
    from .tahakkuk import degerle, vergi_dokumu

    getir(emlak_id)
    try:
        valuation = degerle(emlak_id, yil)
        return DegerlemeGorunumu(yil, valuation, sahipler=vergi_dokumu(emlak_id, yil, valuation))
    except GelirError as exc:
        return DegerlemeGorunumu(yil, hata=str(exc.message))
    except (ParameterMissing, parametre.TarifeYok) as exc:
        return DegerlemeGorunumu(yil, hata=exc.message_tr)
    except (LookupError, ValueError) as exc:
        return DegerlemeGorunumu(yil, hata=str(exc))
