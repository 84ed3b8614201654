"""Why personal data is read: the fixed list of purpose codes (KVKK m.4 "belirli, açık ve
meşru amaçlar").  Every call that reads personal data names one; the audit row keeps it.

Add a code here (with both labels and a line in docs/connectors.md) before a module may
use it: a free-text purpose would make the log useless to an inspector.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidInput

#: code -> (Turkish label, English label)
PURPOSES: dict[str, tuple[str, str]] = {
    "kimlik_dogrulama": ("Başvuru sahibinin kimliğinin doğrulanması", "Verifying an applicant's identity"),
    "vatandas_talebi": ("Vatandaşın kendi başvurusu / talebi", "The citizen's own application or request"),
    "emlak_vergisi": ("Emlak vergisi bildirim, tarh ve tahakkuku", "Property tax declaration and assessment"),
    "ctv": ("Çevre temizlik vergisi tarh ve tahakkuku", "Environmental cleaning tax assessment"),
    "tahsilat": ("Borç sorgulama, tahsilat ve iade", "Debt inquiry, collection and refunds"),
    "icra_takibi": ("6183 sayılı Kanun kapsamında takip ve haciz", "Enforcement under Law 6183"),
    "nikah": ("Evlendirme işlemleri", "Civil marriage procedures"),
    "personel": ("Personel özlük, bordro ve SGK bildirimleri", "Staff records, payroll and SGK notices"),
    "sosyal_yardim": ("Sosyal yardım başvurusunun değerlendirilmesi", "Assessing a social assistance application"),
    "ruhsat": ("İşyeri açma ve çalışma ruhsatı", "Business opening and operating licence"),
    "imar": ("İmar, yapı ruhsatı ve iskan işlemleri", "Zoning, building permit and occupancy"),
    "denetim": ("Mevzuat gereği denetim veya inceleme", "Statutory inspection or audit"),
    "sistem_sinamasi": ("Bağlantı sınaması (gerçek kişi verisi olmadan)", "Connection test (no real person's data)"),
}


def label(code: str, lang: str = "tr") -> str:
    names = PURPOSES.get(code)
    if names is None:
        return code
    return names[0] if lang == "tr" else names[1]


@dataclass(frozen=True)
class Caller:
    """Who is asking and why; passed explicitly to every call (services never read the
    signed-in user).

    ``actor`` is what the audit row shows: a staff e-mail, ``job:<id>``, ``citizen:<tckn>``.
    """

    actor: str
    purpose: str
    realm: str = "staff"

    def __post_init__(self) -> None:
        if not isinstance(self.actor, str) or not self.actor.strip():
            raise InvalidInput("actor", "Sorguyu yapan kişi belirtilmeli.", "The acting user must be given.")
        if self.purpose not in PURPOSES:
            raise InvalidInput("purpose", f"Bilinmeyen sorgu amacı: {self.purpose!r}.",
                               f"Unknown purpose code: {self.purpose!r}.")
        if len(self.actor) > 200:
            raise InvalidInput("actor", "Sorguyu yapan kişi en çok 200 karakter olabilir.",
                               "The actor may have at most 200 characters.")
