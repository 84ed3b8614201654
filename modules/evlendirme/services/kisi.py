"""The parties, witnesses and their families as KPS registers them.

Every read goes through ``connectors.get("kps")`` with the purpose "nikah", so each one is
in the KVKK trail with the acting user; answers are cached per tenant by the connector.
An agency that cannot be reached is a ``EvlendirmeError`` with the connector's message:
the file is not opened on guesses.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ebelediye import connectors
from ebelediye.connectors import Caller, ConnectorError
from ebelediye.connectors.types import Person

from .. import hesap
from ..models import Belge, Taraf
from . import EvlendirmeError


def _caller(actor: str, realm: str = "staff") -> Caller:
    return Caller(actor[:200], "nikah", realm=realm)


def _realm(actor: str) -> str:
    return "citizen" if actor.startswith("vatandas:") else "job" if actor.startswith("job") else "staff"


def kps_kisi(tckn: str, *, actor: str, field: str = "tckn") -> Person:
    """A person from KPS, or a refusal naming the field."""
    try:
        return connectors.get("kps").person(tckn, caller=_caller(actor, _realm(actor)))
    except connectors.NotFound:
        raise EvlendirmeError(_l("Bu T.C. kimlik numarasıyla KPS'de kayıtlı kişi yok."),
                              {field: [_l("KPS'de kayıtlı kişi bulunamadı.")]}) from None
    except ConnectorError as exc:
        raise EvlendirmeError(_l("KPS'ye ulaşılamadı: %(neden)s", neden=exc.message_tr), status=503) from None


def aile(tckns: list[str], *, actor: str) -> hesap.Aile:
    """The family graph around the parties: their own family records, their parents', and
    their (former) spouses' - what the kinship check of TMK m.129 needs."""
    kps = connectors.get("kps")
    caller = _caller(actor, _realm(actor))
    graph = hesap.Aile()

    def read(tckn: str) -> None:
        if tckn in graph.uyeler:
            return
        try:
            members = kps.family(tckn, caller=caller)
        except connectors.NotFound:
            graph.uyeler[tckn] = []
            return
        except ConnectorError as exc:
            raise EvlendirmeError(_l("KPS'ye ulaşılamadı: %(neden)s", neden=exc.message_tr), status=503) from None
        graph.uyeler[tckn] = [(m.yakinlik, m.tckn, m.dogum_tarihi) for m in members]

    for tckn in tckns:
        read(tckn)
    for tckn in tckns:
        for relative in graph.of(tckn, *hesap.PARENT, *hesap.SPOUSE, "evlat_edinen"):
            read(relative)
    return graph


def taraf_kaydi(person: Person, sira: int) -> Taraf:
    """A party row from KPS's answer (not yet added to the session)."""
    return Taraf(sira=sira, tckn=person.tckn, ad=person.ad, soyad=person.soyad, baba_adi=person.baba_adi,
                 anne_adi=person.anne_adi, cinsiyet=person.cinsiyet, dogum_tarihi=person.dogum_tarihi,
                 dogum_yeri=person.dogum_yeri, medeni_hal=person.medeni_hal,
                 evlilik_bitis_tarihi=person.evlilik_bitis_tarihi, evlilik_bitis_nedeni=person.evlilik_bitis_nedeni,
                 olu=not person.alive, yabanci=False)


def kisi(t: Taraf, belgeler: list[Belge]) -> hesap.Kisi:
    """The facts the checks see of a party: KPS's, or the documents' where KPS is silent
    (a foreigner; the end of a marriage KPS does not date)."""
    end, source = t.evlilik_bitis_tarihi, "KPS" if t.tckn and not t.yabanci else "Belge (yabancı uyruklu)"
    if end is None and t.medeni_hal in ("bosanmis", "dul"):
        proof = [b for b in belgeler if b.tur == "evlilik_sonu" and b.taraf_sira == t.sira and not b.geri_alindi]
        if proof:
            end, source = max(b.belge_tarihi for b in proof), "Belge: önceki evliliğin sona erdiğini gösteren belge"
    return hesap.Kisi(sira=t.sira, ad=f"{t.ad} {t.soyad}", cinsiyet=t.cinsiyet, dogum_tarihi=t.dogum_tarihi,
                      medeni_hal=t.medeni_hal, tckn=t.tckn, evlilik_bitis_tarihi=end, olu=t.olu, yabanci=t.yabanci,
                      koruma_statusu=t.koruma_statusu, kaynak=source)


def belge_bilgisi(b: Belge) -> hesap.BelgeBilgisi:
    return hesap.BelgeBilgisi(b.tur, b.taraf_sira, b.belge_tarihi, b.gecerlilik_bitis, b.tasdik_yolu, b.tercume,
                              b.belge_no)


def tanik_kisi(person: Person, sira: int) -> hesap.Kisi:
    return hesap.Kisi(sira=sira, ad=person.full_name, cinsiyet=person.cinsiyet, dogum_tarihi=person.dogum_tarihi,
                      medeni_hal=person.medeni_hal, tckn=person.tckn, olu=not person.alive)


def yas(dogum: date, gun: date) -> int:
    return hesap.yas(dogum, gun)
