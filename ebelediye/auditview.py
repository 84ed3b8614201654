"""The audit trail as a person reads it: who did what to which object, in words, and a
table of what changed (before → after), shown by ``templates/_audit.html``.

The core's and the platform's actions have sentences of their own; a module's action
(``gelir.tahsilat.olustur``) is put into words from its parts, with its code beside it,
so a new module's entries read sensibly without a change here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "kullanici.olustur": _l("kullanıcı oluşturdu"),
    "kullanici.guncelle": _l("kullanıcının rollerini ya da durumunu değiştirdi"),
    "rol.kaydet": _l("rolü kaydetti"),
    "parola.belirle": _l("parolasını belirledi"),
    "parola.degistir": _l("parolasını değiştirdi"),
    "parola.sifirlama_istegi": _l("parola sıfırlama bağlantısı istedi"),
    "api_anahtari.olustur": _l("API anahtarı oluşturdu"),
    "api_anahtari.iptal": _l("API anahtarını iptal etti"),
    "oturum.hepsini_kapat": _l("bütün oturumlarını kapattı"),
    "kurum.gorunum": _l("kurum görünümünü (ad, renk, logo) değiştirdi"),
    "vatandas.giris": _l("e-Devlet ile giriş yaptı"),
    "vatandas.giris_hata": _l("e-Devlet ile giriş yapamadı"),
    "tenant.requested": _l("belediyenin kurulmasını istedi"),
    "tenant.provisioning": _l("belediyenin kurulumunu başlattı"),
    "tenant.active": _l("belediyeyi etkinleştirdi"),
    "tenant.suspended": _l("belediyeyi askıya aldı"),
    "tenant.archived": _l("belediyeyi arşivledi"),
    "tenant.archive_requested": _l("belediyenin arşivlenmesini istedi"),
    "tenant.restored": _l("belediyeyi arşivden geri yükledi"),
    "module.enabled": _l("modülü açtı"),
    "module.disabled": _l("modülü kapattı"),
    "parameter.add": _l("ulusal parametreye yeni değer ekledi"),
}

OBJECTS = {
    "staff_user": _l("Kullanıcı"),
    "role": _l("Rol"),
    "tenant": _l("Belediye"),
    "api_token": _l("API anahtarı"),
    "kurum_gorunumu": _l("Kurum görünümü"),
    "citizen": _l("Vatandaş"),
    "module": _l("Modül"),
    "parameter": _l("Parametre"),
}

#: the parts of a module's action code, in Turkish spelling (identifiers are ASCII)
WORDS = {
    "mukellef": "mükellef", "tahsilat": "tahsilat", "tahakkuk": "tahakkuk", "iade": "iade", "vezne": "vezne",
    "emlak": "emlak", "tarife": "tarife", "ucret": "ücret", "nikah": "nikâh", "basvuru": "başvuru",
    "fis": "fiş", "butce": "bütçe", "donem": "dönem", "hesap": "hesap", "personel": "personel", "izin": "izin",
    "bordro": "bordro", "kadro": "kadro", "birim": "birim", "ayar": "ayarlar", "online": "çevrim içi ödeme",
    "makbuz": "makbuz", "belge": "belge", "salon": "salon", "memur": "nikâh memuru", "tanik": "tanık",
    "degerleme": "değerleme", "ilan": "ilan ve reklam", "ctv": "ÇTV", "su": "su tüketimi", "rapor": "rapor",
    "kalem": "kalem", "ek_kalem": "ek kalem", "muafiyet": "muafiyet", "sablon": "şablon", "kapali_gun": "kapalı gün",
    "asim": "askı", "bekleme": "bekleme listesi", "kontrol": "engel kontrolü", "kps": "KPS", "izin_belgesi": "izin belgesi",
}
VERBS = {
    "olustur": "oluşturdu", "guncelle": "güncelledi", "iptal": "iptal etti", "onayla": "onayladı",
    "reddet": "reddetti", "talep": "talep etti", "ekle": "ekledi", "sil": "sildi", "ac": "açtı", "kapat": "kapattı",
    "kaydet": "kaydetti", "kes": "kesti", "hazirla": "hazırladı", "kilitle": "kilitledi", "degistir": "değiştirdi",
    "birlestir": "birleştirdi", "baslat": "başlattı", "odendi": "ödendi olarak işledi", "ata": "atadı",
    "ayir": "ayırdı", "ise_al": "işe aldı", "karar": "karara bağladı", "duzelt": "düzeltti", "iste": "istedi",
    "tut": "ayırdı", "kiy": "kıydı", "ertele": "erteledi", "aktar": "aktardı", "disa_aktar": "dışa aktardı",
    "tescil": "tescil ettirdi", "red": "reddedildi", "geri_al": "geri aldı", "satis": "satışını işledi",
    "ters_kayit": "ters kayıtla düzeltti", "otomatik": "otomatik oluşturdu", "hesaplandi": "hesapladı",
    "kesin": "kesinleştirdi", "gelmedi": "gelinmedi olarak işledi", "haber": "haber verdi",
}


def action_words(code: str | None) -> tuple[str, bool]:
    """The action in words and whether it is a known sentence (else put together from the code)."""
    if not code:
        return "", True
    if code in ACTIONS:
        return str(ACTIONS[code]), True
    parts = code.split(".")
    if len(parts) >= 2:
        verb = parts[-1]
        nouns = [WORDS.get(p, p.replace("_", " ")) for p in parts[1:-1]]
        spoken = VERBS.get(verb)
        if spoken:
            return " ".join([*nouns, spoken]).strip(), False
        return " ".join([*nouns, verb.replace("_", " ")]).strip(), False
    return code.replace("_", " "), False


def object_words(object_type: str | None, object_id: str | None) -> str:
    """``Kullanıcı #12``, ``Belediye alfa``."""
    if not object_type:
        return ""
    kind = str(OBJECTS[object_type]) if object_type in OBJECTS else WORDS.get(object_type, object_type.replace("_", " "))
    kind = kind[:1].upper() + kind[1:]
    if not object_id:
        return kind
    return f"{kind} #{object_id}" if str(object_id).isdigit() else f"{kind} {object_id}"


def _shown(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return str(_l("evet"))
    if value is False:
        return str(_l("hayır"))
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)  # "Lisans ödemesi", not "\u00f6"
    return str(value)


@dataclass(frozen=True)
class Change:
    """One field of an audited object: its value before and after (as shown)."""

    field: str
    before: str
    after: str
    changed: bool


def changes(before: object, after: object) -> list[Change]:
    """The fields of before/after as rows, changed ones first; a value that is not a
    mapping is shown as one row ("değer")."""
    if not isinstance(before, dict) and not isinstance(after, dict):
        if before is None and after is None:
            return []
        return [Change(str(_l("değer")), _shown(before), _shown(after), before != after)]
    b = before if isinstance(before, dict) else {}
    a = after if isinstance(after, dict) else {}
    rows = []
    for key in list(dict.fromkeys([*b, *a])):
        old, new = b.get(key), a.get(key)
        rows.append(Change(str(key).replace("_", " "), _shown(old) if before is not None else "",
                           _shown(new) if after is not None else "", old != new))
    return sorted(rows, key=lambda r: not r.changed)


def actor_words(actor: str | None, names: dict[str, str]) -> tuple[str, str]:
    """(the name to show, the stored actor) — a staff or ministry user by name where known."""
    if not actor:
        return str(_l("sistem")), ""
    key = actor.split(":", 1)[1] if actor.startswith("ministry:") else actor
    return names.get(key) or names.get(actor) or actor, actor
