"""The taxpayer registry: search, create from KPS (persons) or with GİB's status
(companies), contact changes, and merging duplicates.

A merged record is never deleted: it keeps ``birlestigi_id`` and its old receipts still
name it, while its shares, debts, payments and other records move to the survivor, and a
``MukellefBirlestirme`` row says exactly which rows moved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select, update
from stdnum.exceptions import ValidationError
from stdnum.tr import tckimlik, vkn

from ebelediye import audit, clock, connectors
from ebelediye.audit import AuditEntry
from ebelediye.connectors import AgencyUnavailable, Caller, ConnectorError
from ebelediye.extensions import db

from ..models import (
    Beyan,
    CtvKaydi,
    Emlak,
    EmlakHissesi,
    Iade,
    IlanReklam,
    Muafiyet,
    Mukellef,
    MukellefBirlestirme,
    OdemeEmri,
    OnlineOdeme,
    Tahakkuk,
    Tahsilat,
    TecilPlani,
)
from . import GelirError, borc

PURPOSE = "emlak_vergisi"
_EPOSTA = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TELEFON = re.compile(r"^\+?[0-9 ()-]{7,20}$")


# --- identity numbers --------------------------------------------------------------

def tckn_dogrula(value: object, field_name: str = "tckn") -> str:
    """A TCKN from user input, checksum verified (RULES §1.1)."""
    number = re.sub(r"\s", "", str(value or ""))
    if not number:
        raise GelirError(_l("T.C. Kimlik No gerekli."), {field_name: [_l("T.C. Kimlik No girin.")]})
    try:
        return tckimlik.validate(number)
    except ValidationError:
        raise GelirError(_l("T.C. Kimlik No geçerli değil."),
                         {field_name: [_l("11 haneli, kontrol haneleri tutan bir T.C. Kimlik No girin.")]}) from None


def vkn_dogrula(value: object, field_name: str = "vkn") -> str:
    """A VKN from user input, checksum verified (RULES §1.2)."""
    number = re.sub(r"\s", "", str(value or ""))
    if not number:
        raise GelirError(_l("Vergi Kimlik No gerekli."), {field_name: [_l("Vergi Kimlik No girin.")]})
    try:
        return vkn.validate(number)
    except ValidationError:
        raise GelirError(_l("Vergi Kimlik No geçerli değil."),
                         {field_name: [_l("10 haneli, kontrol hanesi tutan bir Vergi Kimlik No girin.")]}) from None


def _caller(actor: str) -> Caller:
    return Caller(actor=actor, purpose=PURPOSE)


def _agency_error(exc: ConnectorError, field_name: str) -> GelirError:
    return GelirError(exc.message_tr, {field_name: [exc.message_tr]})


# --- reading -----------------------------------------------------------------------

def arama(q: str = "", *, birlesmis: bool = False) -> Select:
    """Taxpayers matching a TCKN/VKN (prefix) or a name, for a paginated list."""
    query = select(Mukellef)
    if not birlesmis:
        query = query.where(Mukellef.birlestigi_id.is_(None))
    q = (q or "").strip()
    if q:
        if q.isdigit():
            query = query.where(or_(Mukellef.tckn.startswith(q), Mukellef.vkn.startswith(q)))
        else:
            like = f"%{q.lower()}%"
            query = query.where(or_(func.lower(Mukellef.ad + " " + Mukellef.soyad).like(like),
                                    func.lower(Mukellef.unvan).like(like)))
    return query.order_by(Mukellef.unvan, Mukellef.soyad, Mukellef.ad, Mukellef.id)


def getir(mukellef_id: int) -> Mukellef:
    row = db.session.get(Mukellef, mukellef_id)
    if row is None:
        raise GelirError(_l("Mükellef bulunamadı."), {"mukellef_id": [_l("Böyle bir mükellef yok.")]}, status=404)
    return row


def canli(mukellef_id: int, field_name: str = "mukellef_id") -> Mukellef:
    """A taxpayer that exists and was not merged into another (new records attach only to these)."""
    try:
        row = getir(mukellef_id)
    except GelirError:
        raise GelirError(_l("Mükellef bulunamadı."), {field_name: [_l("Böyle bir mükellef yok.")]}) from None
    if row.birlestigi_id is not None:
        raise GelirError(_l("Bu mükellef başka bir kayıtla birleştirildi."),
                         {field_name: [_l("Kayıt %(id)s numaralı mükellefe taşındı; onu kullanın.", id=row.birlestigi_id)]})
    return row


def kimlikle_bul(kimlik: str) -> Mukellef | None:
    """The live taxpayer with this TCKN or VKN."""
    column = Mukellef.vkn if len(kimlik) == 10 else Mukellef.tckn
    return db.session.scalar(select(Mukellef).where(column == kimlik, Mukellef.birlestigi_id.is_(None)))


@dataclass
class Detay:
    mukellef: Mukellef
    hisseler: list[tuple[EmlakHissesi, Emlak]]
    borclar: list[borc.Borc]
    toplam: dict[str, Decimal]
    alacak: Decimal
    tahsilatlar: list[Tahsilat]
    beyanlar: list[Beyan]
    muafiyetler: list[Muafiyet]
    ctv: list[CtvKaydi]
    ilanlar: list[IlanReklam]
    birlestirmeler: list[MukellefBirlestirme]
    denetim: list[AuditEntry]
    hedef: Mukellef | None = None
    adlar: dict[int, str] = field(default_factory=dict)


def detay(mukellef_id: int, gun: date) -> Detay:
    """Everything the taxpayer page shows."""
    m = getir(mukellef_id)
    shares = db.session.execute(
        select(EmlakHissesi, Emlak).join(Emlak, Emlak.id == EmlakHissesi.emlak_id)
        .where(EmlakHissesi.mukellef_id == m.id).order_by(Emlak.ada, Emlak.parsel, EmlakHissesi.id)).all()
    debts = borc.acik_borclar(m.id, gun)
    merges = list(db.session.scalars(select(MukellefBirlestirme).where(
        or_(MukellefBirlestirme.kaynak_id == m.id, MukellefBirlestirme.hedef_id == m.id))
        .order_by(MukellefBirlestirme.id)))
    other_ids = {x.kaynak_id for x in merges} | {x.hedef_id for x in merges}
    names = {r.id: f"{r.gorunen_ad} ({r.kimlik_no})"
             for r in db.session.scalars(select(Mukellef).where(Mukellef.id.in_(other_ids)))} if other_ids else {}
    return Detay(
        mukellef=m,
        hisseler=[(h, e) for h, e in shares],
        borclar=debts,
        toplam=borc.toplam(debts),
        alacak=borc.alacak_bakiyesi(m.id),
        tahsilatlar=list(db.session.scalars(select(Tahsilat).where(Tahsilat.mukellef_id == m.id)
                                            .order_by(Tahsilat.tarih.desc(), Tahsilat.id.desc()).limit(50))),
        beyanlar=list(db.session.scalars(select(Beyan).where(Beyan.mukellef_id == m.id)
                                         .order_by(Beyan.id.desc()).limit(50))),
        muafiyetler=list(db.session.scalars(select(Muafiyet).where(Muafiyet.mukellef_id == m.id)
                                            .order_by(Muafiyet.id))),
        ctv=list(db.session.scalars(select(CtvKaydi).where(CtvKaydi.mukellef_id == m.id).order_by(CtvKaydi.id))),
        ilanlar=list(db.session.scalars(select(IlanReklam).where(IlanReklam.mukellef_id == m.id)
                                        .order_by(IlanReklam.id))),
        birlestirmeler=merges,
        denetim=list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "mukellef", AuditEntry.object_id == str(m.id))
            .order_by(AuditEntry.id.desc()).limit(50))),
        hedef=db.session.get(Mukellef, m.birlestigi_id) if m.birlestigi_id else None,
        adlar=names,
    )


# --- agency look-ups ---------------------------------------------------------------

def kps_onbilgi(tckn: object, *, actor: str) -> dict:
    """What KPS knows of a person, to pre-fill the form (name, address)."""
    number = tckn_dogrula(tckn)
    try:
        person = connectors.get("kps").person(number, caller=_caller(actor))
    except ConnectorError as exc:
        raise _agency_error(exc, "tckn") from None
    return {"tckn": number, "ad": person.ad, "soyad": person.soyad, "adres": person.adres.acik_adres,
            "durum": person.durum, "olum_tarihi": person.olum_tarihi.isoformat() if person.olum_tarihi else None}


def gib_onbilgi(numara: object, *, actor: str) -> dict:
    """GİB's record of a taxpayer, as stored in ``gib_durumu``."""
    number = vkn_dogrula(numara)
    try:
        status = connectors.get("gib").taxpayer(number, caller=_caller(actor))
    except ConnectorError as exc:
        raise _agency_error(exc, "vkn") from None
    return {"kayitli": status.kayitli, "aktif": status.aktif, "unvan": status.unvan,
            "mukellefiyet_turu": status.mukellefiyet_turu, "vergi_dairesi": status.vergi_dairesi,
            "vergi_dairesi_kodu": status.vergi_dairesi_kodu,
            "baslangic": status.baslangic.isoformat() if status.baslangic else None,
            "bitis": status.bitis.isoformat() if status.bitis else None,
            "sorgu": clock.today().isoformat()}


# --- changes -----------------------------------------------------------------------

def _iletisim(adres: object, telefon: object, eposta: object) -> dict[str, str]:
    values = {"adres": str(adres or "").strip(), "telefon": str(telefon or "").strip(),
              "eposta": str(eposta or "").strip().lower()}
    errors: dict[str, list[str]] = {}
    if len(values["adres"]) > 500:
        errors["adres"] = ["Adres en çok 500 karakter olabilir."]
    if values["telefon"] and not _TELEFON.match(values["telefon"]):
        errors["telefon"] = ["Geçerli bir telefon numarası girin (ör. 0312 555 12 34)."]
    if values["eposta"] and (len(values["eposta"]) > 200 or not _EPOSTA.match(values["eposta"])):
        errors["eposta"] = ["Geçerli bir e-posta adresi girin."]
    if errors:
        raise GelirError(_l("İletişim bilgileri geçersiz."), errors)
    return values


def _snapshot(m: Mukellef) -> dict:
    return {"tur": m.tur, "tckn": m.tckn, "vkn": m.vkn, "ad": m.ad, "soyad": m.soyad, "unvan": m.unvan,
            "adres": m.adres, "telefon": m.telefon, "eposta": m.eposta}


def _cift_kayit(column, number: str, field_name: str) -> None:
    found = db.session.scalar(select(Mukellef.id).where(column == number, Mukellef.birlestigi_id.is_(None)))
    if found is not None:
        raise GelirError(_l("Bu kimlik numarasıyla kayıtlı bir mükellef zaten var."),
                         {field_name: [_l("Bu numara %(id)s numaralı mükellefte kayıtlı.", id=found)]})


KPS_YOK = ("KPS'ye şu anda ulaşılamıyor. Kimlik belgesine bakarak ad ve soyadı elle girip "
           "'KPS doğrulaması sonra yapılsın' kutusunu işaretleyerek kaydedebilirsiniz.")


def gercek_olustur(tckn: object, *, actor: str, adres: object = "", telefon: object = "", eposta: object = "",
                   elle: bool = False, ad: object = "", soyad: object = "") -> Mukellef:
    """Register a person: name (and, unless given, address) from KPS.

    When KPS cannot be reached, staff may register the person from the identity card
    (``elle`` with ``ad`` and ``soyad``); the record shows it is not verified until
    ``kps_dogrula`` succeeds.  A number KPS answers "not found" for is never registered.
    """
    number = tckn_dogrula(tckn)
    contact = _iletisim(adres, telefon, eposta)
    _cift_kayit(Mukellef.tckn, number, "tckn")
    try:
        person = connectors.get("kps").person(number, caller=_caller(actor))
    except AgencyUnavailable as exc:
        if not elle:
            raise GelirError(KPS_YOK, {"tckn": [exc.message_tr], "elle": [KPS_YOK]}) from None
        first, last = str(ad or "").strip(), str(soyad or "").strip()
        errors = {name: ["Kimlik belgesindeki gibi girin (en çok 100 karakter)."]
                  for name, value in (("ad", first), ("soyad", last)) if not value or len(value) > 100}
        if errors:
            raise GelirError(_l("KPS'siz kayıt için ad ve soyad gerekli."), errors) from None
        info, verified, source = {"ad": first, "soyad": last, "adres": ""}, None, "elle_kps_ulasilamadi"
    except ConnectorError as exc:
        raise _agency_error(exc, "tckn") from None
    else:
        info = {"ad": person.ad, "soyad": person.soyad, "adres": person.adres.acik_adres}
        verified, source = datetime.now(UTC), "kps"
    row = Mukellef(tur="gercek", tckn=number, ad=info["ad"], soyad=info["soyad"],
                   adres=contact["adres"] or info["adres"][:500], telefon=contact["telefon"],
                   eposta=contact["eposta"], kps_dogrulandi_at=verified)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.mukellef.olustur", actor=actor, realm="staff", object_type="mukellef", object_id=row.id,
                 after={**_snapshot(row), "kaynak": source})
    return row


def olustur(data: dict, *, actor: str) -> Mukellef:
    """Register a taxpayer from a loaded ``MukellefOlusturInput`` (the page's and the API's):
    a person from KPS (or by hand when KPS is down and ``elle``), a company with GİB's status."""
    contact = {"adres": data.get("adres", ""), "telefon": data.get("telefon", ""), "eposta": data.get("eposta", "")}
    if data["tur"] == "tuzel":
        return tuzel_olustur(data.get("vkn"), unvan=data.get("unvan", ""), actor=actor, **contact)
    return gercek_olustur(data.get("tckn"), actor=actor, elle=bool(data.get("elle")), ad=data.get("ad", ""),
                          soyad=data.get("soyad", ""), **contact)


def kps_dogrula(mukellef_id: int, *, actor: str) -> Mukellef:
    """Verify a person registered without KPS: take KPS's name (the old one stays in the audit)."""
    row = canli(mukellef_id)
    if row.tur != "gercek":
        raise GelirError(_l("KPS doğrulaması yalnızca gerçek kişiler içindir."))
    info = kps_onbilgi(row.tckn, actor=actor)
    before = _snapshot(row)
    row.ad, row.soyad, row.kps_dogrulandi_at = info["ad"], info["soyad"], datetime.now(UTC)
    audit.record("gelir.mukellef.kps_dogrula", actor=actor, realm="staff", object_type="mukellef", object_id=row.id,
                 before=before, after=_snapshot(row))
    return row


def tuzel_olustur(vkn_no: object, *, actor: str, unvan: object = "", adres: object = "", telefon: object = "",
                  eposta: object = "") -> Mukellef:
    """Register a company, with its status at GİB (the title from GİB unless given)."""
    number = vkn_dogrula(vkn_no)
    contact = _iletisim(adres, telefon, eposta)
    title = str(unvan or "").strip()
    if len(title) > 250:
        raise GelirError(_l("Unvan çok uzun."), {"unvan": [_l("Unvan en çok 250 karakter olabilir.")]})
    _cift_kayit(Mukellef.vkn, number, "vkn")
    status = gib_onbilgi(number, actor=actor)
    title = title or status["unvan"]
    if not title:
        raise GelirError(_l("Unvan gerekli."), {"unvan": [_l("GİB unvan bildirmedi; unvanı girin.")]})
    row = Mukellef(tur="tuzel", vkn=number, unvan=title[:250], adres=contact["adres"], telefon=contact["telefon"],
                   eposta=contact["eposta"], gib_durumu=status)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.mukellef.olustur", actor=actor, realm="staff", object_type="mukellef", object_id=row.id,
                 after={**_snapshot(row), "gib_durumu": status})
    return row


def gib_yenile(mukellef_id: int, *, actor: str) -> Mukellef:
    """Ask GİB again for a company's status and keep the answer."""
    m = canli(mukellef_id)
    if m.tur != "tuzel":
        raise GelirError(_l("GİB durumu yalnız tüzel kişiler için sorgulanır."))
    before = m.gib_durumu
    m.gib_durumu = gib_onbilgi(m.vkn, actor=actor)
    audit.record("gelir.mukellef.gib_sorgu", actor=actor, realm="staff", object_type="mukellef", object_id=m.id,
                 before={"gib_durumu": before}, after={"gib_durumu": m.gib_durumu})
    return m


def iletisim_guncelle(mukellef_id: int, *, actor: str, adres: object, telefon: object, eposta: object) -> Mukellef:
    """Change a taxpayer's address and contact details (audited with before and after)."""
    m = canli(mukellef_id)
    values = _iletisim(adres, telefon, eposta)
    before = {k: getattr(m, k) for k in values}
    if before == values:
        return m
    for key, value in values.items():
        setattr(m, key, value)
    audit.record("gelir.mukellef.iletisim", actor=actor, realm="staff", object_type="mukellef", object_id=m.id,
                 before=before, after=values)
    return m


#: What a merge moves to the survivor: (label, model).  Beyanlar stay with who filed them.
_TASINANLAR = (
    ("hisseler", EmlakHissesi), ("tahakkuklar", Tahakkuk), ("tahsilatlar", Tahsilat), ("iadeler", Iade),
    ("ctv_kayitlari", CtvKaydi), ("ilan_reklamlar", IlanReklam), ("muafiyetler", Muafiyet),
    ("online_odemeler", OnlineOdeme),
    # a duplicate's plan keeps covering its debts on the surviving record; its orders go with them
    ("tecil_planlari", TecilPlani), ("odeme_emirleri", OdemeEmri),
)


def birlestir(kaynak_id: int, hedef_id: int, gerekce: object, *, actor: str) -> MukellefBirlestirme:
    """Merge the duplicate ``kaynak`` into ``hedef``: move its records, keep the history."""
    reason = str(gerekce or "").strip()
    if not reason:
        raise GelirError(_l("Birleştirme gerekçesi gerekli."), {"gerekce": [_l("Neden birleştirildiğini yazın.")]})
    if len(reason) > 500:
        raise GelirError(_l("Gerekçe çok uzun."), {"gerekce": [_l("En çok 500 karakter.")]})
    if kaynak_id == hedef_id:
        raise GelirError(_l("Bir kayıt kendisiyle birleştirilemez."), {"hedef_id": [_l("Başka bir mükellef seçin.")]})
    # both rows locked, in id order, so two merges of the same pair cannot cross
    locked = {m.id: m for m in db.session.scalars(
        select(Mukellef).where(Mukellef.id.in_((kaynak_id, hedef_id))).order_by(Mukellef.id).with_for_update())}
    source, target = locked.get(kaynak_id), locked.get(hedef_id)
    if source is None:
        raise GelirError(_l("Mükellef bulunamadı."), status=404)
    if target is None:
        raise GelirError(_l("Hedef mükellef bulunamadı."), {"hedef_id": [_l("Böyle bir mükellef yok.")]})
    if source.birlestigi_id is not None:
        raise GelirError(_l("Bu kayıt zaten birleştirilmiş."), {"hedef_id": [_l("Kaynak kayıt daha önce birleştirildi.")]})
    if target.birlestigi_id is not None:
        raise GelirError(_l("Birleştirilmiş bir kayda birleştirme yapılamaz."),
                         {"hedef_id": [_l("Hedef kayıt %(id)s numaralı mükellefe birleştirilmiş.", id=target.birlestigi_id)]})
    if source.tur != target.tur:
        raise GelirError(_l("Gerçek kişi ile tüzel kişi birleştirilemez."), {"hedef_id": [_l("Aynı türde bir kayıt seçin.")]})
    clash = _cakisan_tahakkuk(source.id, target.id)
    if clash:
        raise GelirError(_l("İki kayıtta aynı kaynak için aynı taksitin tahakkuku var; önce birini iptal edin."),
                         {"hedef_id": [_l("Çakışan tahakkuklar: %(idler)s", idler=", ".join(map(str, clash)))]})
    moved: dict[str, list[int]] = {}
    for label, model in _TASINANLAR:
        ids = list(db.session.scalars(select(model.id).where(model.mukellef_id == source.id).order_by(model.id)))
        if ids:
            db.session.execute(update(model).where(model.id.in_(ids)).values(mukellef_id=target.id)
                               .execution_options(synchronize_session=False))
        moved[label] = ids
    source.birlestigi_id = target.id
    row = MukellefBirlestirme(kaynak_id=source.id, hedef_id=target.id, tasinanlar=moved, gerekce=reason, yapan=actor)
    db.session.add(row)
    db.session.flush()
    borc.degisti(kaynak_id, hedef_id)
    db.session.expire_all()
    for object_id in (source.id, target.id):
        audit.record("gelir.mukellef.birlestir", actor=actor, realm="staff", object_type="mukellef",
                     object_id=object_id, before={"birlestigi_id": None} if object_id == source.id else None,
                     after={"kaynak_id": kaynak_id, "hedef_id": hedef_id, "tasinanlar": moved, "gerekce": reason})
    return row


def _cakisan_tahakkuk(kaynak_id: int, hedef_id: int) -> list[int]:
    """The source's live accruals whose key the target already holds (moving them would collide)."""
    mine = db.session.execute(select(Tahakkuk.id, Tahakkuk.gelir_kodu, Tahakkuk.kaynak, Tahakkuk.yil,
                                     Tahakkuk.taksit, Tahakkuk.surum)
                              .where(Tahakkuk.mukellef_id == kaynak_id, Tahakkuk.iptal_edilen_id.is_(None))).all()
    if not mine:
        return []
    theirs = {tuple(r) for r in db.session.execute(
        select(Tahakkuk.gelir_kodu, Tahakkuk.kaynak, Tahakkuk.yil, Tahakkuk.taksit, Tahakkuk.surum)
        .where(Tahakkuk.mukellef_id == hedef_id, Tahakkuk.iptal_edilen_id.is_(None)))}
    return [r.id for r in mine if (r.gelir_kodu, r.kaynak, r.yil, r.taksit, r.surum) in theirs]
