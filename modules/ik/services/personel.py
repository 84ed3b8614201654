"""Staff records: units, positions, hiring with identity from KPS and the SGK hire notice,
assignments with history, leaving with its reason and the SGK leave notice.

Every KPS and SGK call goes through ``connectors.get(...)`` with the purpose "personel", so
it is in the KVKK trail with the acting user.  An agency that cannot be reached refuses the
hire (nothing is written): a person is never taken on with guessed identity or without the
notice SGK requires before work starts (5510 m.8).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ebelediye import audit, connectors
from ebelediye.connectors import Caller, ConnectorError
from ebelediye.connectors.types import Person
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from ..models import SGK_STATULERI, TURLER, Atama, Birim, Kadro, Personel
from . import IkError, ayarlar, tis

#: SGK's leave codes the office uses, with their meaning (SGK işten çıkış kodları)
CIKIS_KODLARI = {
    "03": "Belirsiz süreli iş sözleşmesinin işçi tarafından feshi",
    "04": "Belirsiz süreli iş sözleşmesinin işveren tarafından haklı sebep bildirilmeden feshi",
    "05": "Belirli süreli iş sözleşmesinin sona ermesi",
    "08": "Emeklilik (yaşlılık) veya toptan ödeme nedeniyle",
    "09": "Malulen emeklilik nedeniyle",
    "10": "Ölüm",
    "14": "Sözleşme sona ermeden sigortalının aynı işverene ait diğer işyerine nakli",
    "16": "Sözleşme sona ermeden sigortalının aynı işverene ait diğer işyerine nakli (kamu)",
    "22": "Diğer nedenler",
}
#: the SGK status a kind of staff has unless the hire says otherwise (RULES §7.5)
VARSAYILAN_STATU = {"memur": "4c", "isci": "4a", "sozlesmeli": "4c", "gecici": "4a"}


def _caller(actor: str) -> Caller:
    realm = "job" if actor.startswith("job") else "staff"
    return Caller(actor[:200], "personel", realm=realm)


def kps_kisi(tckn: str, *, actor: str) -> Person:
    """The person KPS registers under ``tckn`` (for the hire form's pre-fill)."""
    try:
        return connectors.get("kps").person(tckn, caller=_caller(actor))
    except connectors.NotFound:
        raise IkError(_l("Bu T.C. kimlik numarasıyla KPS'de kayıtlı kişi yok."),
                      {"tckn": [_l("KPS'de kayıtlı kişi bulunamadı.")]}) from None
    except ConnectorError as exc:
        raise IkError(_l("KPS'ye ulaşılamadı: %(neden)s", neden=exc.message_tr), status=503) from None


def birim_ekle(kod: str, ad: str, *, actor: str, ust_id: int | None = None, fonksiyonel_kod: str = "") -> Birim:
    """A new organisation unit (müdürlük) with its kurumsal and fonksiyonel budget codes."""
    if db.session.scalar(select(Birim.id).where(Birim.kod == kod)):
        raise IkError(_l("Bu kurumsal kodla bir birim zaten var."), {"kod": [_l("Bu kod kullanılıyor.")]})
    row = Birim(kod=kod, ad=ad, ust_id=ust_id, aktif=True, fonksiyonel_kod=fonksiyonel_kod.strip())
    db.session.add(row)
    db.session.flush()
    audit.record("ik.birim.ekle", actor=actor, object_type="ik_birim", object_id=row.id,
                 after={"kod": kod, "ad": ad, "fonksiyonel_kod": row.fonksiyonel_kod})
    return row


def kadro_ekle(birim_id: int, tur: str, sinif: str, unvan: str, *, actor: str, derece: int | None = None,
               ekonomik_kod: str = "") -> Kadro:
    """A new position of a unit."""
    if tur not in TURLER:
        raise IkError(_l("Bilinmeyen personel türü."), {"tur": [_l("Bilinmeyen personel türü.")]})
    if db.session.get(Birim, birim_id) is None:
        raise IkError(_l("Birim bulunamadı."), {"birim_id": [_l("Birim bulunamadı.")]})
    row = Kadro(birim_id=birim_id, tur=tur, sinif=sinif, unvan=unvan, derece=derece, ekonomik_kod=ekonomik_kod,
                aktif=True)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.kadro.ekle", actor=actor, object_type="ik_kadro", object_id=row.id,
                 after={"birim_id": birim_id, "tur": tur, "unvan": unvan})
    return row


def _sicil_no() -> str:
    prefix = ayarlar().sicil_on_eki
    last = db.session.scalar(select(func.max(Personel.id))) or 0
    return f"{prefix}-{last + 1:06d}"


def _pay_fields(tur: str, brut_ucret: Decimal | None, gosterge: int | None, tis_derece: str | None = None,
                gun: date | None = None) -> None:
    if tis_derece and tur != "isci":
        raise IkError(_l("TİS derecesi yalnızca işçiler için."), {"tis_derece": [_l("Yalnızca işçiler için.")]})
    if tur == "memur":
        if not gosterge or gosterge <= 0:
            raise IkError(_l("Memur için gösterge girilmeli."), {"gosterge": [_l("Gösterge girilmeli.")]})
    elif tis_derece:
        if gun is not None:
            tis.ucret(tis_derece, gun)  # a TİS in force that has the grade, or a clear refusal
    elif brut_ucret is None or brut_ucret <= 0:
        raise IkError(_l("Brüt ücret girilmeli."), {"brut_ucret": [_l("Brüt ücret sıfırdan büyük olmalı.")]})


def _tazminat(tur: str, data: dict) -> dict:
    """A memur's özel hizmet tazminatı and ek ödeme rates and makam / görev indicator (zero
    for anyone else)."""
    if tur != "memur":
        return {"ozel_hizmet_orani": Decimal("0"), "ek_odeme_orani": Decimal("0"), "makam_gosterge": 0}
    return {"ozel_hizmet_orani": data.get("ozel_hizmet_orani") or Decimal("0"),
            "ek_odeme_orani": data.get("ek_odeme_orani") or Decimal("0"),
            "makam_gosterge": data.get("makam_gosterge") or 0}


def ise_al(data: dict, *, actor: str) -> Personel:
    """Hire a person: identity from KPS, the first assignment, the SGK hire notice.

    ``data`` as ``schemas.IseAlisInput`` loads it: tckn, tur, kadro_id, ise_giris, and the
    pay (brut_ucret, or gosterge / ek_gosterge / yan_odeme_puan for a memur)."""
    tckn, tur = data["tckn"], data["tur"]
    if tur not in TURLER:
        raise IkError(_l("Bilinmeyen personel türü."), {"tur": [_l("Bilinmeyen personel türü.")]})
    statu = data.get("sgk_statu") or VARSAYILAN_STATU[tur]
    if statu not in SGK_STATULERI:
        raise IkError(_l("Bilinmeyen SGK statüsü."), {"sgk_statu": [_l("Bilinmeyen SGK statüsü.")]})
    kadro = db.session.get(Kadro, data["kadro_id"])
    if kadro is None or not kadro.aktif:
        raise IkError(_l("Kadro bulunamadı."), {"kadro_id": [_l("Kadro bulunamadı.")]})
    if kadro.tur != tur:
        raise IkError(_l("Kadro bu personel türü için değil."), {"kadro_id": [_l("Kadronun türü farklı.")]})
    existing = db.session.scalar(select(Personel).where(Personel.tckn == tckn))
    if existing is not None and existing.ayrilis_tarihi is None:
        raise IkError(_l("Bu kişi zaten çalışıyor."), {"tckn": [_l("Bu kişinin açık bir personel kaydı var.")]})
    if existing is not None:
        raise IkError(_l("Bu kişi daha önce ayrılmış; yeniden işe alış için kaydı yeniden açın."),
                      {"tckn": [_l("Kişinin eski bir kaydı var.")]})
    _pay_fields(tur, data.get("brut_ucret"), data.get("gosterge"), data.get("tis_derece"), data["ise_giris"])
    person = kps_kisi(tckn, actor=actor)
    if not person.alive:
        raise IkError(_l("KPS kişiyi ölü olarak kayıtlı gösteriyor."), {"tckn": [_l("Kişi ölü olarak kayıtlı.")]})
    start: date = data["ise_giris"]
    settings = ayarlar()
    try:
        receipt = connectors.get("sgk").hire(tckn, settings.isveren_vkn, start, caller=_caller(actor),
                                             isveren_unvan=settings.isveren_unvan)
    except connectors.NotFound:
        raise IkError(_l("SGK bu kişiyi tanımıyor."), {"tckn": [_l("SGK'da kayıt bulunamadı.")]}) from None
    except ConnectorError as exc:
        raise IkError(_l("SGK işe giriş bildirgesi verilemedi: %(neden)s", neden=exc.message_tr),
                      status=422 if isinstance(exc, connectors.Rejected | connectors.NotFound) else 503) from None
    row = Personel(sicil_no=_sicil_no(), tckn=tckn, ad=person.ad, soyad=person.soyad, cinsiyet=person.cinsiyet,
                   dogum_tarihi=person.dogum_tarihi, tur=tur, sgk_statu=statu, ise_giris=start,
                   hizmet_baslangic=data.get("hizmet_baslangic") or start, iban=data.get("iban"),
                   eposta=data.get("eposta"), es_yardimi=bool(data.get("es_yardimi")),
                   cocuk_0_6=data.get("cocuk_0_6") or 0, cocuk_6_ustu=data.get("cocuk_6_ustu") or 0,
                   sgk_giris_referans=receipt.referans, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    tis_derece = data.get("tis_derece") if tur == "isci" else None
    atama = Atama(personel_id=row.id, kadro_id=kadro.id, birim_id=kadro.birim_id, baslangic=start,
                  brut_ucret=data.get("brut_ucret") if tur != "memur" and not tis_derece else None,
                  gosterge=data.get("gosterge") if tur == "memur" else None,
                  ek_gosterge=data.get("ek_gosterge") or 0, yan_odeme_puan=data.get("yan_odeme_puan") or 0,
                  tis_derece=tis_derece, **_tazminat(tur, data), gerekce="İşe giriş", olusturan=actor)
    db.session.add(atama)
    db.session.flush()
    audit.record("ik.personel.ise_al", actor=actor, object_type="ik_personel", object_id=row.id,
                 after={"sicil_no": row.sicil_no, "tur": tur, "kadro_id": kadro.id, "ise_giris": start.isoformat(),
                        "sgk_referans": receipt.referans})
    return row


def _active(personel_id: int, *, lock: bool = False) -> Personel:
    query = select(Personel).where(Personel.id == personel_id)
    row = db.session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(_l("Personel bulunamadı."))
    if row.ayrilis_tarihi is not None:
        raise IkError(_l("Bu personel ayrılmış."))
    return row


def acik_atama(personel_id: int) -> Atama | None:
    return db.session.scalar(select(Atama).where(Atama.personel_id == personel_id, Atama.bitis.is_(None)))


def atama_on(personel_id: int, gun: date) -> Atama | None:
    """The assignment in force on ``gun``."""
    return db.session.scalar(select(Atama).where(
        Atama.personel_id == personel_id, Atama.baslangic <= gun,
        or_(Atama.bitis.is_(None), Atama.bitis >= gun)).order_by(Atama.baslangic.desc()).limit(1))


def ata(personel_id: int, kadro_id: int, baslangic: date, *, actor: str, brut_ucret: Decimal | None = None,
        gosterge: int | None = None, ek_gosterge: int = 0, yan_odeme_puan: int = 0, gerekce: str = "",
        tis_derece: str | None = None, ozel_hizmet_orani: Decimal = Decimal("0"),
        ek_odeme_orani: Decimal = Decimal("0"), makam_gosterge: int = 0) -> Atama:
    """A new assignment (position, pay) from ``baslangic``; the open one ends the day before."""
    row = _active(personel_id, lock=True)
    kadro = db.session.get(Kadro, kadro_id)
    if kadro is None or not kadro.aktif or kadro.tur != row.tur:
        raise IkError(_l("Kadro bulunamadı ya da bu personelin türü için değil."),
                      {"kadro_id": [_l("Uygun kadro seçin.")]})
    _pay_fields(row.tur, brut_ucret, gosterge, tis_derece, baslangic)
    if min(ozel_hizmet_orani, ek_odeme_orani) < 0 or makam_gosterge < 0:
        raise IkError(_l("Tazminat oranları ve göstergesi eksi olamaz."),
                      {"ozel_hizmet_orani": [_l("Eksi olamaz.")]})
    previous = acik_atama(row.id)
    if previous is not None:
        if baslangic <= previous.baslangic:
            raise IkError(_l("Yeni atama bir öncekinden sonra başlamalı."),
                          {"baslangic": [_l("Tarih önceki atamanın başlangıcından sonra olmalı.")]})
        previous.bitis = baslangic - timedelta(days=1)
        db.session.flush()
    tis_derece = tis_derece if row.tur == "isci" else None
    atama = Atama(personel_id=row.id, kadro_id=kadro.id, birim_id=kadro.birim_id, baslangic=baslangic,
                  brut_ucret=brut_ucret if row.tur != "memur" and not tis_derece else None,
                  gosterge=gosterge if row.tur == "memur" else None, ek_gosterge=ek_gosterge,
                  yan_odeme_puan=yan_odeme_puan, tis_derece=tis_derece,
                  **_tazminat(row.tur, {"ozel_hizmet_orani": ozel_hizmet_orani, "ek_odeme_orani": ek_odeme_orani,
                                        "makam_gosterge": makam_gosterge}),
                  gerekce=gerekce, olusturan=actor)
    db.session.add(atama)
    db.session.flush()
    audit.record("ik.personel.ata", actor=actor, object_type="ik_personel", object_id=row.id,
                 before={"atama_id": previous.id if previous else None},
                 after={"atama_id": atama.id, "kadro_id": kadro.id, "baslangic": baslangic.isoformat()})
    return atama


def ayir(personel_id: int, cikis_tarihi: date, cikis_kodu: str, neden: str, *, actor: str) -> Personel:
    """A person leaves: the SGK leave notice, the open assignment ends, the record keeps the reason."""
    row = _active(personel_id, lock=True)
    if cikis_kodu not in CIKIS_KODLARI:
        raise IkError(_l("Bilinmeyen SGK çıkış kodu."), {"cikis_kodu": [_l("Bilinmeyen SGK çıkış kodu.")]})
    if cikis_tarihi < row.ise_giris:
        raise IkError(_l("Ayrılış tarihi işe girişten önce olamaz."),
                      {"cikis_tarihi": [_l("Ayrılış tarihi işe girişten önce olamaz.")]})
    settings = ayarlar()
    try:
        receipt = connectors.get("sgk").leave(row.tckn, settings.isveren_vkn, cikis_tarihi, cikis_kodu,
                                              caller=_caller(actor))
    except ConnectorError as exc:
        raise IkError(_l("SGK işten çıkış bildirgesi verilemedi: %(neden)s", neden=exc.message_tr),
                      status=422 if isinstance(exc, connectors.Rejected | connectors.NotFound) else 503) from None
    open_one = acik_atama(row.id)
    if open_one is not None:
        open_one.bitis = max(cikis_tarihi, open_one.baslangic)
    row.ayrilis_tarihi, row.ayrilis_nedeni = cikis_tarihi, neden[:200]
    row.sgk_cikis_kodu, row.sgk_cikis_referans = cikis_kodu, receipt.referans
    db.session.flush()
    audit.record("ik.personel.ayir", actor=actor, object_type="ik_personel", object_id=row.id,
                 after={"cikis_tarihi": cikis_tarihi.isoformat(), "kod": cikis_kodu, "neden": neden[:200],
                        "sgk_referans": receipt.referans})
    return row


def liste(q: str = "", *, tur: str | None = None, sayfa: int = 1, boyut: int = 25,
          yalniz_calisan: bool = True) -> tuple[list[Personel], int]:
    """A page of staff, searched by name, staff number or TCKN."""
    query = select(Personel)
    if yalniz_calisan:
        query = query.where(Personel.ayrilis_tarihi.is_(None))
    if tur:
        query = query.where(Personel.tur == tur)
    if q:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        query = query.where(or_(func.concat(Personel.ad, " ", Personel.soyad).ilike(like),
                                Personel.sicil_no.ilike(like), Personel.tckn == q))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(db.session.scalars(query.order_by(Personel.soyad, Personel.ad, Personel.id)
                                   .offset((max(sayfa, 1) - 1) * boyut).limit(boyut)))
    return rows, total


def personel(personel_id: int) -> Personel:
    row = db.session.get(Personel, personel_id)
    if row is None:
        raise NotFound(_l("Personel bulunamadı."))
    return row


def epostadan(eposta: str) -> Personel | None:
    """The staff record of a signed-in staff account (self-service), by its e-mail."""
    return db.session.scalar(select(Personel).where(func.lower(Personel.eposta) == eposta.lower())
                             .order_by(Personel.ayrilis_tarihi.is_(None).desc(), Personel.id.desc()).limit(1))


def atamalar(personel_id: int) -> list[tuple[Atama, Kadro, Birim]]:
    return [(a, k, b) for a, k, b in db.session.execute(
        select(Atama, Kadro, Birim).join(Kadro, Kadro.id == Atama.kadro_id).join(Birim, Birim.id == Atama.birim_id)
        .where(Atama.personel_id == personel_id).order_by(Atama.baslangic.desc()))]


def kadrolar() -> list[tuple[Kadro, Birim]]:
    return [(k, b) for k, b in db.session.execute(
        select(Kadro, Birim).join(Birim, Birim.id == Kadro.birim_id).where(Kadro.aktif)
        .order_by(Birim.ad, Kadro.unvan))]


def sayim() -> dict[str, int]:
    """Headcount of working staff by kind."""
    return {tur: n for tur, n in db.session.execute(
        select(Personel.tur, func.count()).where(Personel.ayrilis_tarihi.is_(None)).group_by(Personel.tur))}


def birimler() -> list[Birim]:
    """The active units, by code (the calendar's and the lists' filter)."""
    return list(db.session.scalars(select(Birim).where(Birim.aktif).order_by(Birim.kod)))
