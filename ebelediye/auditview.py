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
    "mukellef": _l("mükellef"), "tahsilat": _l("tahsilat"), "tahakkuk": _l("tahakkuk"), "iade": _l("iade"), "vezne": _l("vezne"),
    "emlak": _l("emlak"), "tarife": _l("tarife"), "ucret": _l("ücret"), "nikah": _l("nikâh"), "basvuru": _l("başvuru"),
    "fis": _l("fiş"), "butce": _l("bütçe"), "donem": _l("dönem"), "hesap": _l("hesap"), "personel": _l("personel"), "izin": _l("izin"),
    "bordro": _l("bordro"), "kadro": _l("kadro"), "birim": _l("birim"), "ayar": _l("ayarlar"), "online": _l("çevrim içi ödeme"),
    "makbuz": _l("makbuz"), "belge": _l("belge"), "salon": _l("salon"), "memur": _l("nikâh memuru"), "tanik": _l("tanık"),
    "degerleme": _l("değerleme"), "ilan": _l("ilan ve reklam"), "ctv": _l("ÇTV"), "su": _l("su tüketimi"), "rapor": _l("rapor"),
    "kalem": _l("kalem"), "ek_kalem": _l("ek kalem"), "muafiyet": _l("muafiyet"), "sablon": _l("şablon"), "kapali_gun": _l("kapalı gün"),
    "asim": _l("askı"), "bekleme": _l("bekleme listesi"), "kontrol": _l("engel kontrolü"), "kps": _l("KPS"), "izin_belgesi": _l("izin belgesi"),
}
VERBS = {
    "olustur": _l("oluşturdu"), "guncelle": _l("güncelledi"), "iptal": _l("iptal etti"), "onayla": _l("onayladı"),
    "reddet": _l("reddetti"), "talep": _l("talep etti"), "ekle": _l("ekledi"), "sil": _l("sildi"), "ac": _l("açtı"), "kapat": _l("kapattı"),
    "kaydet": _l("kaydetti"), "kes": _l("kesti"), "hazirla": _l("hazırladı"), "kilitle": _l("kilitledi"), "degistir": _l("değiştirdi"),
    "birlestir": _l("birleştirdi"), "baslat": _l("başlattı"), "odendi": _l("ödendi olarak işledi"), "ata": _l("atadı"),
    "ayir": _l("ayırdı"), "ise_al": _l("işe aldı"), "karar": _l("karara bağladı"), "duzelt": _l("düzeltti"), "iste": _l("istedi"),
    "tut": _l("ayırdı"), "kiy": _l("kıydı"), "ertele": _l("erteledi"), "aktar": _l("aktardı"), "disa_aktar": _l("dışa aktardı"),
    "tescil": _l("tescil ettirdi"), "red": _l("reddedildi"), "geri_al": _l("geri aldı"), "satis": _l("satışını işledi"),
    "ters_kayit": _l("ters kayıtla düzeltti"), "otomatik": _l("otomatik oluşturdu"), "hesaplandi": _l("hesapladı"),
    "kesin": _l("kesinleştirdi"), "gelmedi": _l("gelinmedi olarak işledi"), "haber": _l("haber verdi"),
}


def _verb_first() -> bool:
    """English puts the verb before its object ("created taxpayer"), Turkish after it."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale is not None and locale.language == "en"


def action_words(code: str | None) -> tuple[str, bool]:
    """The action in words and whether it is a known sentence (else put together from the code)."""
    if not code:
        return "", True
    if code in ACTIONS:
        return str(ACTIONS[code]), True
    parts = code.split(".")
    if len(parts) >= 2:
        verb = parts[-1]
        nouns = [str(WORDS[p]) if p in WORDS else p.replace("_", " ") for p in parts[1:-1]]
        spoken = VERBS.get(verb)
        if spoken:
            words = [str(spoken), *nouns] if _verb_first() else [*nouns, str(spoken)]
            return " ".join(words).strip(), False
        return " ".join([*nouns, verb.replace("_", " ")]).strip(), False
    return code.replace("_", " "), False


def object_words(object_type: str | None, object_id: str | None) -> str:
    """``Kullanıcı #12``, ``Belediye alfa``."""
    if not object_type:
        return ""
    kind = str(OBJECTS.get(object_type) or WORDS.get(object_type) or object_type.replace("_", " "))
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
