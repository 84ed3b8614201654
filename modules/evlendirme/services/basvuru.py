"""The marriage file: opening it (at the desk or online), the parties' confirmations, the
documents checklist, witnesses, the impediment checks and their overrides, approval.

A file opens only when nothing absolute bars the marriage (under 16, a registered death,
a registered marriage, kinship of TMK m.129, same registered sex, witnesses who are not two
adults): those are refused with their reasons and nothing is written.  What documents can
fix (a consent, a court permission, a health report, the end of the waiting period) is
recorded as a failed check the file carries until it is fixed or - for an impediment -
overridden with a reason by one member of staff and approved by another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ebelediye import audit, mail
from ebelediye.extensions import db
from ebelediye.rbac import PermissionDenied, SodRule, check_maker_checker

from .. import hesap
from ..models import Asim, Belge, Kontrol, Muafiyet, Nikah, NikahBasvurusu, Tanik, Taraf
from . import EvlendirmeError, ayarlar, dosya_al, kurallar, now, sonraki_no, tz
from . import kisi as kisiler

#: failed checks that refuse the opening of a file outright
ACILISTA_RED = ("yas", "sag", "medeni_hal", "cinsiyet", "akrabalik", "tanik")
DURUMLAR = {"taslak": _l("Tarafların onayı bekleniyor"), "inceleme": _l("İncelemede"),
            "onaylandi": _l("Onaylandı"), "tamamlandi": _l("Nikâh kıyıldı"), "reddedildi": _l("Reddedildi"),
            "geri_cekildi": _l("Geri çekildi"), "suresi_doldu": _l("Süresi doldu")}
ACIK = ("taslak", "inceleme", "onaylandi")
#: who asks for an override of an impediment does not decide it (maker-checker)
ASIM_SOD = SodRule("evlendirme.basvuru.yonet", "evlendirme.asim.onayla",
                   "Aşımı isteyen kişi onu onaylayamaz; ikinci bir yetkili onaylamalı.")


@dataclass(frozen=True)
class YabanciTaraf:
    """A party who is not a T.C. citizen: the facts come from their documents."""

    ad: str
    soyad: str
    cinsiyet: str
    dogum_tarihi: date
    medeni_hal: str
    uyruk: str
    pasaport_no: str
    koruma_statusu: bool = False
    evlilik_bitis_tarihi: date | None = None


def girdiden(data: dict) -> dict:
    """The keyword arguments of ``ac`` from a loaded ``BasvuruInput``."""
    second: str | YabanciTaraf = data["taraf2_tckn"] or ""
    if data["taraf2_yabanci"]:
        second = YabanciTaraf(
            ad=data["taraf2_ad"], soyad=data["taraf2_soyad"], cinsiyet=data["taraf2_cinsiyet"],
            dogum_tarihi=data["taraf2_dogum_tarihi"], medeni_hal=data["taraf2_medeni_hal"], uyruk=data["taraf2_uyruk"],
            pasaport_no=data["taraf2_pasaport_no"], koruma_statusu=data["taraf2_koruma"])
    return dict(taraf1=data["taraf1_tckn"], taraf2=second, taniklar=[data["tanik1"], data["tanik2"]], amac=data["amac"],
                davetli_sayisi=data["davetli_sayisi"], soyad_tercihi=data["soyad_tercihi"], eposta=data["eposta"],
                telefon=data["telefon"], tercuman=data["tercuman"], izin_belgesi_yeri=data["izin_belgesi_yeri"],
                muafiyet_id=data["muafiyet_id"])


def _tanik_satirlari(tckns: list[str], actor: str, gun: date) -> list[tuple[Tanik, hesap.Kisi]]:
    rows = []
    for n, tckn in enumerate(tckns, 1):
        person = kisiler.kps_kisi(tckn, actor=actor, field=f"tanik{n}")
        rows.append((Tanik(sira=n, tckn=person.tckn, ad=person.ad, soyad=person.soyad,
                           dogum_tarihi=person.dogum_tarihi, kps_sorgu_at=now()),
                     kisiler.tanik_kisi(person, n)))
    return rows


def _taraf(value: str | YabanciTaraf, sira: int, actor: str) -> Taraf:
    if isinstance(value, YabanciTaraf):
        return Taraf(sira=sira, tckn=None, yabanci=True, uyruk=value.uyruk, pasaport_no=value.pasaport_no,
                     koruma_statusu=value.koruma_statusu, ad=value.ad, soyad=value.soyad, cinsiyet=value.cinsiyet,
                     dogum_tarihi=value.dogum_tarihi, medeni_hal=value.medeni_hal,
                     evlilik_bitis_tarihi=value.evlilik_bitis_tarihi, olu=False)
    row = kisiler.taraf_kaydi(kisiler.kps_kisi(value, actor=actor, field=f"taraf{sira}_tckn"), sira)
    row.kps_sorgu_at = now()
    return row


def ac(*, kanal: str, taraf1: str | YabanciTaraf, taraf2: str | YabanciTaraf, taniklar: list[str], gun: date,
       actor: str, actor_id: int | None = None, amac: str = "nikah", davetli_sayisi: int = 0,
       soyad_tercihi: str = "es", eposta: str = "", telefon: str = "", tercuman: str = "",
       izin_belgesi_yeri: str = "", muafiyet_id: int | None = None) -> NikahBasvurusu:
    """Open a file from KPS's records of the parties and witnesses; refuse what bars it."""
    ids = [t for t in (taraf1, taraf2) if isinstance(t, str)]
    if len(ids) == 2 and ids[0] == ids[1]:
        raise EvlendirmeError(_l("Taraflar aynı kişi olamaz."), {"taraf2_tckn": [_l("Eşlerin ikisi ayrı kişiler olmalı.")]})
    if len(taniklar) != 2:
        raise EvlendirmeError(_l("İki tanık gerekli."), {"tanik1": [_l("İki tanığın T.C. kimlik numarasını girin.")]})
    if taniklar[0] == taniklar[1]:
        raise EvlendirmeError(_l("İki tanık aynı kişi olamaz."), {"tanik2": [_l("Başka bir tanık girin.")]})
    for n, w in enumerate(taniklar, 1):
        if w in ids:
            raise EvlendirmeError(_l("Taraflar kendi nikâhlarına tanık olamaz."), {f"tanik{n}": [_l("Taraflardan biri.")]})
    if amac not in ("nikah", "izin_belgesi"):
        raise EvlendirmeError(_l("Başvuru amacı geçersiz."), {"amac": [_l("Nikâh ya da evlenme izin belgesi seçin.")]})
    if muafiyet_id is not None and db.session.get(Muafiyet, muafiyet_id) is None:
        raise EvlendirmeError(_l("Muafiyet bulunamadı."), {"muafiyet_id": [_l("Tanımlı bir muafiyet seçin.")]})
    for n, tckn in ((1, taraf1), (2, taraf2)):
        if isinstance(tckn, str) and db.session.scalar(select(NikahBasvurusu.no).join(
                Taraf, Taraf.basvuru_id == NikahBasvurusu.id).where(Taraf.tckn == tckn, NikahBasvurusu.durum.in_(ACIK))):
            raise EvlendirmeError(_l("Bu kişinin açık bir evlenme dosyası var; önce o dosya kapanmalı."),
                                  {f"taraf{n}_tckn": [_l("Açık bir evlenme dosyası var.")]}, status=409)
    settings = ayarlar()
    parties = [_taraf(taraf1, 1, actor), _taraf(taraf2, 2, actor)]
    witnesses = _tanik_satirlari(taniklar, actor, gun)
    graph = kisiler.aile([p.tckn for p in parties if p.tckn], actor=actor)
    facts = [kisiler.kisi(p, []) for p in parties]
    results = hesap.engel_kontrolleri(facts, [k for _, k in witnesses], [], graph, gun, kurallar(gun),
                                      acilis=gun, bitis=hesap.ay_ekle(gun, settings.gecerlilik_ay))
    barred = [r for r in results if r.kod in ACILISTA_RED and r.sonuc == "engel"]
    if barred:
        errors: dict[str, list] = {}
        for r in barred:
            key = (f"taraf{r.taraf_sira}_tckn" if r.taraf_sira else "tanik1" if r.kod == "tanik" else "taraf2_tckn")
            errors.setdefault(key, []).append(r.gerekce)
        raise EvlendirmeError(_l("Bu evlenme başvurusu alınamaz: %(nedenler)s",
                                 nedenler=" ".join(r.gerekce for r in barred)), errors)
    year = gun.year
    row = NikahBasvurusu(no=f"{year}/{sonraki_no('basvuru', year):06d}", kanal=kanal, amac=amac,
                         durum="inceleme" if kanal == "masa" else "taslak", basvuru_tarihi=gun,
                         gecerlilik_bitis=hesap.ay_ekle(gun, settings.gecerlilik_ay), davetli_sayisi=davetli_sayisi,
                         soyad_tercihi=soyad_tercihi, iletisim_eposta=eposta, iletisim_telefon=telefon,
                         tercuman=tercuman, izin_belgesi_yeri=izin_belgesi_yeri, muafiyet_id=muafiyet_id,
                         olusturan=actor, olusturan_id=actor_id)
    db.session.add(row)
    db.session.flush()
    moment = now()
    for p in parties:
        p.basvuru_id = row.id
        if kanal == "masa":  # the couple apply together and sign the beyanname at the desk
            p.onay_at, p.onay_kanal = moment, "masa"
        db.session.add(p)
    if kanal == "online":  # the party who filled it in confirmed through their own e-Devlet sign-in
        parties[0].onay_at, parties[0].onay_kanal = moment, "edevlet"
    for w, _ in witnesses:
        w.basvuru_id = row.id
        db.session.add(w)
    db.session.flush()
    _kaydet_kontroller(row, results, gun, actor)  # before the audit row, which covers the checks too
    audit.record("evlendirme.basvuru.ac", actor=actor, realm="citizen" if kanal == "online" else "staff",
                 object_type="nikah_basvurusu", object_id=row.id,
                 after={"no": row.no, "kanal": kanal, "amac": amac, "taraflar": [p.tckn or p.pasaport_no for p in parties],
                        "taniklar": taniklar, "gecerlilik_bitis": row.gecerlilik_bitis.isoformat()})
    if eposta:
        mail.queue_mail(eposta, f"Evlenme başvurunuz alındı ({row.no})",
                        f"Evlenme başvurunuz {row.no} numarasıyla alındı. Dosyanız "
                        f"{row.gecerlilik_bitis:%d.%m.%Y} gününe dek geçerlidir.")
    return row


def taraflar(basvuru_id: int) -> list[Taraf]:
    return list(db.session.scalars(select(Taraf).where(Taraf.basvuru_id == basvuru_id).order_by(Taraf.sira)))


def taniklar(basvuru_id: int) -> list[Tanik]:
    return list(db.session.scalars(select(Tanik).where(Tanik.basvuru_id == basvuru_id).order_by(Tanik.sira)))


def belgeler(basvuru_id: int, *, hepsi: bool = False) -> list[Belge]:
    query = select(Belge).where(Belge.basvuru_id == basvuru_id)
    if not hepsi:
        query = query.where(Belge.geri_alindi.is_(False))
    return list(db.session.scalars(query.order_by(Belge.taraf_sira.nulls_first(), Belge.id)))


def taraf_onayla(basvuru_id: int, tckn: str, *, actor: str) -> NikahBasvurusu:
    """A party confirms the file through their own e-Devlet sign-in."""
    row = dosya_al(basvuru_id, lock=True)
    party = next((p for p in taraflar(row.id) if p.tckn == tckn), None)
    if party is None:
        raise EvlendirmeError(_l("Bu başvuruda taraf değilsiniz."), status=404)
    if row.durum not in ACIK:
        raise EvlendirmeError(_l("Bu başvuru artık onaylanamaz (%(durum)s).", durum=DURUMLAR[row.durum]))
    if party.onay_at is None:
        before = row.durum
        party.onay_at, party.onay_kanal = now(), "edevlet"
        if row.durum == "taslak" and all(p.onay_at for p in taraflar(row.id)):
            row.durum = "inceleme"
        db.session.flush()  # the audit row comes after the changes it covers
        audit.record("evlendirme.basvuru.taraf_onay", actor=actor, realm="citizen", object_type="nikah_basvurusu",
                     object_id=row.id, before={"durum": before}, after={"taraf": party.sira, "durum": row.durum})
    db.session.flush()
    return row


def iki_taraf_onayli(basvuru_id: int) -> bool:
    return all(p.onay_at is not None for p in taraflar(basvuru_id))


def belge_ekle(basvuru_id: int, *, tur: str, belge_tarihi: date, actor: str, taraf_sira: int | None = None,
               gecerlilik_bitis: date | None = None, belge_no: str = "", veren: str = "", tasdik_yolu: str = "",
               tercume: bool = False) -> Belge:
    """Record a document of the checklist as staff saw it."""
    row = dosya_al(basvuru_id, lock=True)
    if row.durum not in ACIK:
        raise EvlendirmeError(_l("Kapanmış bir dosyaya belge eklenemez."))
    if tur not in hesap.BELGE_TURLERI:
        raise EvlendirmeError(_l("Belge türü geçersiz."), {"tur": [_l("Listeden bir belge türü seçin.")]})
    if taraf_sira not in (None, 1, 2):
        raise EvlendirmeError(_l("Taraf geçersiz."), {"taraf_sira": [_l("1 ya da 2 olmalı.")]})
    if gecerlilik_bitis is not None and gecerlilik_bitis < belge_tarihi:
        raise EvlendirmeError(_l("Geçerlilik bitişi belge tarihinden önce olamaz."),
                              {"gecerlilik_bitis": [_l("Belge tarihinden sonra bir gün girin.")]})
    if tasdik_yolu and tasdik_yolu not in hesap.TASDIK_YOLLARI:
        raise EvlendirmeError(_l("Tasdik yolu geçersiz."), {"tasdik_yolu": [_l("Listeden seçin.")]})
    doc = Belge(basvuru_id=row.id, taraf_sira=taraf_sira, tur=tur, belge_tarihi=belge_tarihi,
                gecerlilik_bitis=gecerlilik_bitis, belge_no=belge_no, veren=veren, tasdik_yolu=tasdik_yolu,
                tercume=tercume, kaydeden=actor)
    db.session.add(doc)
    db.session.flush()
    audit.record("evlendirme.belge.ekle", actor=actor, object_type="nikah_belgesi", object_id=doc.id,
                 after={"basvuru_id": row.id, "tur": tur, "taraf": taraf_sira, "tarih": belge_tarihi.isoformat(),
                        "gecerlilik_bitis": gecerlilik_bitis.isoformat() if gecerlilik_bitis else None})
    return doc


def belge_geri_al(belge_id: int, *, actor: str) -> Belge:
    """Withdraw a document recorded by mistake (it stays in the history)."""
    doc = db.session.get(Belge, belge_id)
    if doc is None or doc.geri_alindi:
        raise EvlendirmeError(_l("Belge bulunamadı."), status=404)
    dosya_al(doc.basvuru_id, lock=True)
    doc.geri_alindi = True
    audit.record("evlendirme.belge.geri_al", actor=actor, object_type="nikah_belgesi", object_id=doc.id,
                 before={"geri_alindi": False}, after={"geri_alindi": True})
    return doc


def tanik_degistir(basvuru_id: int, sira: int, tckn: str, *, actor: str, gun: date) -> Tanik:
    """Replace a witness (checked at KPS: adult, alive, not a party)."""
    row = dosya_al(basvuru_id, lock=True)
    if row.durum not in ACIK:
        raise EvlendirmeError(_l("Kapanmış bir dosyanın tanığı değiştirilemez."))
    witness = next((w for w in taniklar(row.id) if w.sira == sira), None)
    if witness is None:
        raise EvlendirmeError(_l("Tanık bulunamadı."), status=404)
    others = [w.tckn for w in taniklar(row.id) if w.sira != sira] + [p.tckn for p in taraflar(row.id) if p.tckn]
    if tckn in others:
        raise EvlendirmeError(_l("Bu kişi zaten tanık ya da taraf."), {"tckn": [_l("Başka birini girin.")]})
    person = kisiler.kps_kisi(tckn, actor=actor)
    age = hesap.yas(person.dogum_tarihi, gun)
    limit = kurallar(gun).tanik_yas
    if age < limit or not person.alive:
        raise EvlendirmeError(_l("Tanık %(yas)s yaşını doldurmuş ve sağ olmalı.", yas=limit),
                              {"tckn": [_l("Bu kişi %(n)s yaşında.", n=age)]})
    before = {"tckn": witness.tckn}
    witness.tckn, witness.ad, witness.soyad, witness.dogum_tarihi = person.tckn, person.ad, person.soyad, person.dogum_tarihi
    witness.kps_sorgu_at = now()
    audit.record("evlendirme.tanik.degistir", actor=actor, object_type="nikah_basvurusu", object_id=row.id,
                 before=before, after={"sira": sira, "tckn": tckn})
    return witness


# --- checks --------------------------------------------------------------------------------

def _kaydet_kontroller(row: NikahBasvurusu, results: list[hesap.Sonuc], gun: date, actor: str) -> list[Kontrol]:
    run = (db.session.scalar(select(func.max(Kontrol.calisma)).where(Kontrol.basvuru_id == row.id)) or 0) + 1
    rows = [Kontrol(basvuru_id=row.id, calisma=run, gun=gun, kod=r.kod, taraf_sira=r.taraf_sira, sonuc=r.sonuc,
                    baslik=r.baslik, gerekce=r.gerekce, kaynak=r.kaynak, adimlar=list(r.adimlar),
                    asilabilir=r.asilabilir, yapan=actor) for r in results]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def denetle(row: NikahBasvurusu, gun: date, *, actor: str) -> list[hesap.Sonuc]:
    """The checks of a file on ``gun`` from fresh KPS data (not stored)."""
    parties = taraflar(row.id)
    docs = belgeler(row.id)
    graph = kisiler.aile([p.tckn for p in parties if p.tckn], actor=actor)
    refreshed = []
    for p in parties:
        if p.tckn:  # a birth or a divorce may have been registered since the file was opened
            person = kisiler.kps_kisi(p.tckn, actor=actor)
            fresh = kisiler.taraf_kaydi(person, p.sira)
            for name in ("medeni_hal", "evlilik_bitis_tarihi", "evlilik_bitis_nedeni", "olu", "soyad"):
                if getattr(p, name) != getattr(fresh, name):
                    setattr(p, name, getattr(fresh, name))
            p.kps_sorgu_at = now()
        refreshed.append(kisiler.kisi(p, docs))
    witnesses = [hesap.Kisi(sira=w.sira, ad=f"{w.ad} {w.soyad}", cinsiyet="E", dogum_tarihi=w.dogum_tarihi,
                            medeni_hal="bekar", tckn=w.tckn) for w in taniklar(row.id)]
    return hesap.engel_kontrolleri(refreshed, witnesses, [kisiler.belge_bilgisi(d) for d in docs], graph, gun,
                                   kurallar(gun), acilis=row.basvuru_tarihi, bitis=row.gecerlilik_bitis)


def kontrol_et(basvuru_id: int, *, actor: str, gun: date) -> list[Kontrol]:
    """Run every check on ``gun`` and record the run (results, reasons, sources, steps)."""
    row = dosya_al(basvuru_id, lock=True)
    results = denetle(row, gun, actor=actor)
    rows = _kaydet_kontroller(row, results, gun, actor)
    audit.record("evlendirme.kontrol", actor=actor, object_type="nikah_basvurusu", object_id=row.id,
                 after={"gun": gun.isoformat(), "sonuc": {f"{r.kod}:{r.taraf_sira or ''}": r.sonuc for r in results}})
    return rows


def son_kontroller(basvuru_id: int) -> list[Kontrol]:
    """The latest run of the checks."""
    run = db.session.scalar(select(func.max(Kontrol.calisma)).where(Kontrol.basvuru_id == basvuru_id))
    if run is None:
        return []
    return list(db.session.scalars(select(Kontrol).where(Kontrol.basvuru_id == basvuru_id, Kontrol.calisma == run)
                                   .order_by(Kontrol.id)))


def onayli_asimlar(basvuru_id: int) -> set[tuple[str, int | None]]:
    return {(a.kod, a.taraf_sira) for a in db.session.scalars(
        select(Asim).where(Asim.basvuru_id == basvuru_id, Asim.durum == "onaylandi"))}


def asimlar(basvuru_id: int) -> list[Asim]:
    return list(db.session.scalars(select(Asim).where(Asim.basvuru_id == basvuru_id).order_by(Asim.id)))


def asim_iste(basvuru_id: int, kod: str, taraf_sira: int | None, gerekce: str, *, actor: str,
              actor_id: int | None) -> Asim:
    """Ask to override a failed impediment check: a reason now, a second approver later."""
    row = dosya_al(basvuru_id, lock=True)
    if row.durum not in ACIK:
        raise EvlendirmeError(_l("Kapanmış bir dosyada engel aşımı istenemez."))
    if len(gerekce.strip()) < 10:
        raise EvlendirmeError(_l("Aşım için gerekçe yazın."), {"gerekce": [_l("En az 10 karakterlik bir gerekçe gerekli.")]})
    check = next((k for k in son_kontroller(row.id) if k.kod == kod and k.taraf_sira == taraf_sira), None)
    if check is None or check.sonuc != "engel":
        raise EvlendirmeError(_l("Son denetimde böyle bir engel yok."), {"kod": [_l("Yalnız engel çıkan bir denetim aşılabilir.")]})
    if not check.asilabilir:
        raise EvlendirmeError(_l("Bu engel kanun gereği aşılamaz: %(neden)s", neden=check.gerekce))
    if db.session.scalar(select(Asim.id).where(Asim.basvuru_id == row.id, Asim.kod == kod, Asim.taraf_sira == taraf_sira,
                                               Asim.durum.in_(("bekliyor", "onaylandi")))) is not None:
        raise EvlendirmeError(_l("Bu engel için bir aşım isteği zaten var."), status=409)
    asim = Asim(basvuru_id=row.id, kod=kod, taraf_sira=taraf_sira, gerekce=gerekce.strip(), isteyen=actor,
                isteyen_id=actor_id)
    db.session.add(asim)
    db.session.flush()
    audit.record("evlendirme.asim.iste", actor=actor, object_type="nikah_asimi", object_id=asim.id,
                 after={"basvuru_id": row.id, "kod": kod, "taraf": taraf_sira, "gerekce": asim.gerekce})
    return asim


def asim_karar(asim_id: int, onay: bool, *, actor: str, actor_id: int | None) -> Asim:
    """The second approver decides an override (never the one who asked for it)."""
    asim = db.session.get(Asim, asim_id)
    if asim is None:
        raise EvlendirmeError(_l("Aşım isteği bulunamadı."), status=404)
    dosya_al(asim.basvuru_id, lock=True)
    if asim.durum != "bekliyor":
        raise EvlendirmeError(_l("Bu aşım isteği zaten karara bağlanmış."), status=409)
    try:
        if actor_id is None or actor == asim.isteyen:
            raise PermissionDenied(ASIM_SOD.message_tr)
        check_maker_checker(ASIM_SOD, asim.isteyen_id, actor_id)
    except PermissionDenied:
        raise EvlendirmeError(_l("Aşımı isteyen kişi onu onaylayamaz; ikinci bir yetkili onaylamalı."), status=403) from None
    asim.durum = "onaylandi" if onay else "reddedildi"
    asim.karar_veren, asim.karar_veren_id, asim.karar_at = actor, actor_id, now()
    audit.record("evlendirme.asim.karar", actor=actor, object_type="nikah_asimi", object_id=asim.id,
                 before={"durum": "bekliyor"}, after={"durum": asim.durum})
    return asim


def acik_engeller(basvuru_id: int) -> list[Kontrol]:
    lifted = onayli_asimlar(basvuru_id)
    return [k for k in son_kontroller(basvuru_id) if k.sonuc in ("engel", "eksik")
            and (k.kod, k.taraf_sira) not in lifted]


def onayla(basvuru_id: int, *, actor: str, actor_id: int | None, gun: date) -> NikahBasvurusu:
    """Approve the file after a fresh run of the checks: every check passed or lifted."""
    row = dosya_al(basvuru_id, lock=True)
    if row.durum != "inceleme":
        raise EvlendirmeError(_l("Yalnız incelemedeki bir dosya onaylanabilir (şu an: %(durum)s).",
                                 durum=DURUMLAR[row.durum]))
    if not iki_taraf_onayli(row.id):
        raise EvlendirmeError(_l("Tarafların ikisi de başvuruyu onaylamadan dosya onaylanamaz."))
    kontrol_et(row.id, actor=actor, gun=gun)
    ceremony = db.session.scalar(select(Nikah).where(Nikah.basvuru_id == row.id, Nikah.durum.in_(("tutuldu", "kesin"))))
    if ceremony is not None:  # the waiting period and the file's validity are checked on the ceremony day too
        kontrol_et(row.id, actor=actor, gun=ceremony.baslangic.astimezone(tz()).date())
    problems = acik_engeller(row.id)
    if problems:
        raise EvlendirmeError(_l("Dosya onaylanamaz: %(nedenler)s", nedenler=" ".join(
            f"{k.baslik}: {k.gerekce}" for k in problems)), {"kontrol": [k.gerekce for k in problems]})
    row.durum, row.onaylayan, row.onaylayan_id, row.onay_at = "onaylandi", actor, actor_id, now()
    audit.record("evlendirme.basvuru.onayla", actor=actor, object_type="nikah_basvurusu", object_id=row.id,
                 before={"durum": "inceleme"}, after={"durum": "onaylandi"})
    return row


def reddet(basvuru_id: int, neden: str, *, actor: str) -> NikahBasvurusu:
    """Refuse the file with a reason; its ceremony, if booked, is cancelled."""
    return _kapat(basvuru_id, "reddedildi", neden, actor=actor)


def geri_cek(basvuru_id: int, neden: str, *, actor: str) -> NikahBasvurusu:
    """The couple withdraw the file; its ceremony, if booked, is cancelled."""
    return _kapat(basvuru_id, "geri_cekildi", neden, actor=actor)


def _kapat(basvuru_id: int, durum: str, neden: str, *, actor: str) -> NikahBasvurusu:
    from . import takvim

    row = dosya_al(basvuru_id, lock=True)
    if row.durum not in ACIK:
        raise EvlendirmeError(_l("Bu dosya zaten kapanmış (%(durum)s).", durum=DURUMLAR[row.durum]))
    if not neden.strip():
        raise EvlendirmeError(_l("Neden yazın."), {"neden": [_l("Bu alan gerekli.")]})
    for ceremony in db.session.scalars(select(Nikah).where(Nikah.basvuru_id == row.id, Nikah.durum.in_(("tutuldu", "kesin")))):
        takvim.iptal(ceremony.id, neden, actor=actor)
    before = row.durum
    row.durum, row.ret_nedeni = durum, neden.strip()
    audit.record(f"evlendirme.basvuru.{durum}", actor=actor, object_type="nikah_basvurusu", object_id=row.id,
                 before={"durum": before}, after={"durum": durum, "neden": row.ret_nedeni})
    return row


def izin_belgesi_ver(basvuru_id: int, *, actor: str, gun: date) -> NikahBasvurusu:
    """Issue the evlenme izin (ehliyet) belgesi for a couple marrying in another
    municipality: the checks are done here, the ceremony there."""
    from . import ucret

    row = dosya_al(basvuru_id, lock=True)
    if row.amac != "izin_belgesi":
        raise EvlendirmeError(_l("Bu dosya burada nikâh için açılmış; izin belgesi dosyası değil."))
    if row.durum != "onaylandi":
        raise EvlendirmeError(_l("İzin belgesi için dosya önce onaylanmalı."))
    if not ucret.odendi_mi(row.id):
        raise EvlendirmeError(_l("İzin belgesi ücreti ödenmeden belge verilemez."))
    row.izin_belgesi_no = f"İZN-{gun.year}-{sonraki_no('izin', gun.year):06d}"
    row.durum = "tamamlandi"
    audit.record("evlendirme.izin_belgesi", actor=actor, object_type="nikah_basvurusu", object_id=row.id,
                 after={"no": row.izin_belgesi_no, "yer": row.izin_belgesi_yeri})
    return row


def suresi_dolanlar(gun: date, *, actor: str) -> int:
    """Close the open files whose validity ended before ``gun`` (their holds and bookings go)."""
    from . import takvim

    rows = db.session.scalars(select(NikahBasvurusu).where(NikahBasvurusu.durum.in_(ACIK),
                                                           NikahBasvurusu.gecerlilik_bitis < gun)
                              .with_for_update(skip_locked=True)).all()
    for row in rows:
        for ceremony in db.session.scalars(select(Nikah).where(Nikah.basvuru_id == row.id,
                                                               Nikah.durum.in_(("tutuldu", "kesin")))):
            takvim.iptal(ceremony.id, "Dosyanın geçerlilik süresi doldu", actor=actor)
        before = row.durum
        row.durum = "suresi_doldu"
        audit.record("evlendirme.basvuru.suresi_doldu", actor=actor, object_type="nikah_basvurusu", object_id=row.id,
                     before={"durum": before}, after={"durum": "suresi_doldu"})
    return len(rows)


# --- lists ------------------------------------------------------------------------------------

PAGE = 25


def liste(*, ara: str = "", durum: str = "", sayfa: int = 1) -> tuple[list[tuple[NikahBasvurusu, list[Taraf]]], int]:
    """A page of files, newest first, searchable by number, name or TCKN; with their parties."""
    query = select(NikahBasvurusu)
    if durum:
        query = query.where(NikahBasvurusu.durum == durum)
    if ara:
        like = f"%{ara.replace('%', '').replace('_', '')}%"
        matching = select(Taraf.basvuru_id).where(or_(Taraf.tckn == ara, (Taraf.ad + " " + Taraf.soyad).ilike(like)))
        query = query.where(or_(NikahBasvurusu.no.ilike(like), NikahBasvurusu.id.in_(matching)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(db.session.scalars(query.order_by(NikahBasvurusu.id.desc()).limit(PAGE).offset((sayfa - 1) * PAGE)))
    parties: dict[int, list[Taraf]] = {r.id: [] for r in rows}
    if rows:
        for p in db.session.scalars(select(Taraf).where(Taraf.basvuru_id.in_(parties)).order_by(Taraf.sira)):
            parties[p.basvuru_id].append(p)
    return [(r, parties[r.id]) for r in rows], total


def vatandas_dosyalari(tckn: str) -> list[tuple[NikahBasvurusu, list[Taraf]]]:
    """The files a citizen is a party to, newest first."""
    ids = select(Taraf.basvuru_id).where(Taraf.tckn == tckn)
    rows = list(db.session.scalars(select(NikahBasvurusu).where(NikahBasvurusu.id.in_(ids))
                                   .order_by(NikahBasvurusu.id.desc()).limit(50)))
    parties: dict[int, list[Taraf]] = {r.id: [] for r in rows}
    if rows:
        for p in db.session.scalars(select(Taraf).where(Taraf.basvuru_id.in_(parties)).order_by(Taraf.sira)):
            parties[p.basvuru_id].append(p)
    return [(r, parties[r.id]) for r in rows]


def taraf_mi(basvuru_id: int, tckn: str) -> bool:
    return db.session.scalar(select(Taraf.id).where(Taraf.basvuru_id == basvuru_id, Taraf.tckn == tckn)) is not None
