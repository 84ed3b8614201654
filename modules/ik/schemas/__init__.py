"""İK's inputs (``ebelediye.inputs``), for pages and the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, pre_load, validate, validates_schema

from ebelediye import inputs

#: a payroll period as the services read it (``services.bordro``): years 2000–2100
DONEM_PATTERN = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"

TURLER = {"memur": _l("Memur (657)"), "isci": _l("İşçi (4857)"), "sozlesmeli": _l("Sözleşmeli"),
          "gecici": _l("Geçici")}
IZIN_TURLERI = {"yillik": _l("Yıllık izin"), "mazeret": _l("Mazeret izni"), "hastalik": _l("Hastalık izni"),
                "ucretsiz": _l("Ücretsiz izin")}
#: leave kinds only an SGK report records (not requested): with the above, every kind's name
IZIN_TUR_ADLARI = {**IZIN_TURLERI, "is_kazasi": _l("İş kazası izni"), "meslek_hastaligi": _l("Meslek hastalığı izni"),
                   "analik": _l("Analık izni")}
RAPOR_TURLERI = {"hastalik": _l("Hastalık"), "is_kazasi": _l("İş kazası"), "meslek_hastaligi": _l("Meslek hastalığı"),
                 "analik": _l("Analık")}
RAPOR_NO_PATTERN = "^[A-Z0-9]{4,30}$"
RAPOR_ILK_IKI_GUN = {"evet": _l("İşveren öder"), "hayir": _l("Ödenmez")}


class Girdi(inputs.Input):
    """An input whose optional fields may arrive as an empty form field (absent, not malformed)."""

    @pre_load
    def _empty_is_absent(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        by_key = {field.data_key or name: field for name, field in self.fields.items()}
        return {key: value for key, value in data.items()
                if not (value == "" and key in by_key and not by_key[key].required)}


class KpsInput(Girdi):
    tckn = inputs.Tckn(required=True)


class UcretGirdisi(Girdi):
    """A position and its pay: the gross wage (işçi, sözleşmeli, geçici), the TİS grade or a
    memur's indicators and allowance rates (the hire and a new assignment)."""

    kadro_id = inputs.Id(required=True)
    brut_ucret = inputs.Money(load_default=None)
    gosterge = inputs.Integer(minimum=1, maximum=20000, load_default=None)
    ek_gosterge = inputs.Integer(minimum=0, maximum=20000, load_default=0)
    yan_odeme_puan = inputs.Integer(minimum=0, maximum=20000, load_default=0)
    ozel_hizmet_orani = inputs.Number(places=2, minimum=Decimal("0"), maximum=Decimal("1000"),
                                      load_default=Decimal("0"))
    ek_odeme_orani = inputs.Number(places=2, minimum=Decimal("0"), maximum=Decimal("1000"), load_default=Decimal("0"))
    makam_gosterge = inputs.Integer(minimum=0, maximum=20000, load_default=0)
    tis_derece = inputs.Text(max_length=10, load_default=None)


class IseAlisInput(UcretGirdisi):
    """Hiring: the TCKN (identity comes from KPS), the kind, the position, the start and the pay."""

    tckn = inputs.Tckn(required=True)
    tur = inputs.Choice(list(TURLER), required=True)
    ise_giris = inputs.Day(required=True)
    hizmet_baslangic = inputs.Day(load_default=None)
    iban = inputs.Iban(load_default=None)
    eposta = inputs.Text(max_length=200, load_default=None)
    es_yardimi = inputs.Flag(load_default=False)
    cocuk_0_6 = inputs.Integer(minimum=0, maximum=20, load_default=0)
    cocuk_6_ustu = inputs.Integer(minimum=0, maximum=20, load_default=0)

    @validates_schema
    def _pay(self, data: dict, **kwargs: Any) -> None:
        if data.get("tur") == "memur" and not data.get("gosterge"):
            raise ValidationError(str(_l("Memur için gösterge girilmeli.")), "gosterge")
        if data.get("tur") in ("isci", "sozlesmeli", "gecici") and data.get("brut_ucret") is None \
                and not data.get("tis_derece"):
            raise ValidationError(str(_l("Brüt ücret ya da TİS derecesi girilmeli.")), "brut_ucret")
        if data.get("tis_derece") and data.get("tur") != "isci":
            raise ValidationError(str(_l("TİS derecesi yalnızca işçiler için.")), "tis_derece")


class AtamaInput(UcretGirdisi):
    """A new assignment of a working person from a day (the open one ends the day before);
    whether the pay fits the person's kind is the service's rule (``personel.ata``)."""

    baslangic = inputs.Day(required=True)
    gerekce = inputs.Text(max_length=300, load_default="")


class AyrilisInput(Girdi):
    cikis_tarihi = inputs.Day(required=True)
    cikis_kodu = inputs.Choice(["03", "04", "05", "08", "09", "10", "14", "16", "22"], required=True)
    neden = inputs.Text(max_length=200, required=True)


class AramaInput(Girdi):
    q = inputs.Text(max_length=80, load_default="")
    tur = inputs.Choice(list(TURLER), load_default=None)
    sayfa = inputs.Page(load_default=1)


class PusulaAramaInput(Girdi):
    """The run page's payslip list: search and page."""

    q = inputs.Text(max_length=80, load_default="")
    sayfa = inputs.Page(load_default=1)


class DonemInput(Girdi):
    donem = inputs.Text(max_length=7, required=True, metadata={"pattern": DONEM_PATTERN, "description": "YYYY-AA"})
    aciklama = inputs.Text(max_length=300, load_default="")


class AciklamaInput(inputs.Input):
    """A note on an action (the difference run's reason); the API's, hence not a ``Girdi``."""

    aciklama = inputs.Text(max_length=300, load_default="")


class IzinTalepInput(Girdi):
    tur = inputs.Choice(list(IZIN_TURLERI), required=True)
    baslangic = inputs.Day(required=True)
    bitis = inputs.Day(required=True)
    aciklama = inputs.Text(max_length=300, load_default="")


class KararInput(Girdi):
    onay = inputs.Flag(load_default=False)


TALEP_DURUMLARI = ("bekliyor", "onaylandi", "reddedildi")


class TalepAramaInput(inputs.Input):
    """The API's list of leave requests: by state (default: those waiting for a decision), a page.
    An ``inputs.Input``, not a ``Girdi``: an empty value is refused as the document says."""

    durum = inputs.Choice(TALEP_DURUMLARI, load_default="bekliyor")
    sayfa = inputs.Page(load_default=1)


EK_KALEMLER = {"fazla_mesai": _l("Fazla mesai (saat)"), "ikramiye": _l("İkramiye"), "sendika": _l("Sendika aidatı"),
               "avans": _l("Avans mahsubu"), "icra": _l("İcra kesintisi")}


class EkKalemInput(Girdi):
    """An item of a month: overtime takes hours, the others an amount."""

    donem = inputs.Text(max_length=7, required=True, metadata={"pattern": DONEM_PATTERN, "description": "YYYY-AA"})
    tur = inputs.Choice(list(EK_KALEMLER), required=True)
    saat = inputs.Number(places=2, minimum=Decimal("0.01"), maximum=Decimal("400"), load_default=None)
    tutar = inputs.Money(load_default=None)
    aciklama = inputs.Text(max_length=200, load_default="")


TAZMINAT_TURLERI = {"makam": _l("Makam tazminatı"), "temsil": _l("Temsil tazminatı"), "gorev": _l("Görev tazminatı")}


class SendikaUyelikInput(Girdi):
    """A memur's membership of a union (kamu görevlileri sendikası) from a day, to a day or open."""

    sendika = inputs.Text(max_length=160, required=True)
    baslangic = inputs.Day(required=True)
    bitis = inputs.Day(load_default=None)
    baraj_alti = inputs.Flag(load_default=False,
                             metadata={"description": "sendika hizmet kolunda barajın altında (düşük gösterge) [U]"})

    @validates_schema
    def _order(self, data: dict, **kwargs: Any) -> None:
        if data.get("bitis") and data.get("baslangic") and data["bitis"] < data["baslangic"]:
            raise ValidationError(str(_l("Bitiş başlangıçtan önce olamaz.")), "bitis")


class UyelikBitirInput(Girdi):
    """The last day of a membership."""

    bitis = inputs.Day(required=True)


class KadroTazminatInput(Girdi):
    """A position's makam, temsil or görev tazminatı indicator from a day (0 ends it)."""

    tur = inputs.Choice(list(TAZMINAT_TURLERI), required=True)
    gosterge = inputs.Integer(minimum=0, maximum=20000, required=True)
    baslangic = inputs.Day(required=True)
    kaynak = inputs.Text(max_length=200, load_default="")


class YilInput(Girdi):
    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)
    islem = inputs.Choice(["hak", "dusme"], required=True)


class Vkn(inputs.Text):
    """A Vergi Kimlik No (10 digits, checksum; python-stdnum)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        from stdnum.tr import vkn

        text = super()._deserialize(value, attr, data, **kwargs)
        if not vkn.is_valid(text):
            raise ValidationError(str(_l("Geçerli bir vergi kimlik numarası girin (10 hane).")))
        return vkn.compact(text)


class AyarInput(Girdi):
    isveren_vkn = Vkn(max_length=10, required=True)
    isveren_unvan = inputs.Text(max_length=200, required=True)
    belge_azami_mb = inputs.Integer(minimum=1, maximum=10, load_default=None,
                                    metadata={"description": "en büyük özlük belgesi (MB); verilmezse değişmez"})


class BelgeBilgiInput(Girdi):
    """A personnel document's details (the page's form; the file comes beside them)."""

    tur_id = inputs.Id(required=True)
    belge_tarihi = inputs.Day(required=True)
    gecerlilik_bitis = inputs.Day(load_default=None)
    aciklama = inputs.Text(max_length=500, load_default="")


class Base64(fields.String):
    """Bytes as base64 text (OpenAPI ``format: byte``), at most ``max_bytes`` decoded; the
    service checks the real limit (the office's setting) and the type."""

    def __init__(self, *, max_bytes: int, **kwargs: Any) -> None:
        metadata = {"format": "byte", "maxLength": 4 * (-(-max_bytes // 3))}
        metadata.update(kwargs.pop("metadata", {}) or {})
        super().__init__(metadata=metadata, **kwargs)
        self.max_bytes = max_bytes

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bytes:  # type: ignore[override]
        import base64
        import binascii

        if not isinstance(value, str):
            raise ValidationError(str(_l("Dosya base64 metni olarak gönderilmeli.")))
        if len(value) > 4 * (-(-self.max_bytes // 3)) + 4:
            raise ValidationError(str(_l("Dosya çok büyük: en çok %(mb)s MB.", mb=self.max_bytes // (1024 * 1024))))
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(str(_l("Dosya geçerli bir base64 metni değil."))) from None


class BelgeYukleInput(BelgeBilgiInput):
    """A personnel document through the API: its details, its name and its bytes (base64)."""

    dosya_adi = inputs.Text(max_length=200, required=True)
    icerik = Base64(max_bytes=10 * 1024 * 1024, required=True,
                    metadata={"description": "PDF, JPEG ya da PNG dosyası, base64 (en çok ayarlardaki MB)"})


class BelgeAramaInput(Girdi):
    tur = inputs.Id(load_default=None)
    sayfa = inputs.Page(load_default=1)


class GecersizInput(Girdi):
    """Why a document is no longer valid (superseded, withdrawn)."""

    neden = inputs.Text(max_length=300, required=True)


class BelgeTuruInput(Girdi):
    ad = inputs.Text(max_length=120, required=True)
    sureli = inputs.Flag(load_default=False, metadata={"description": "bu türde belgenin geçerlilik bitişi olur"})


class TakvimInput(Girdi):
    """The leave calendar's query: the month (``YYYY-MM``, default this one), a unit, a page."""

    ay = inputs.Text(max_length=7, load_default=None, metadata={"pattern": DONEM_PATTERN, "description": "YYYY-AA"},
                     validate=validate.Regexp(DONEM_PATTERN, error=str(_l("Dönem YYYY-AA biçiminde olmalı."))))
    birim = inputs.Id(load_default=None)
    sayfa = inputs.Page(load_default=1)


class MaliyetInput(Girdi):
    """The payroll-cost page's query: a closed month (default the latest) or a range of months
    up to ``bitis``, by unit or by economic code, a page."""

    donem = inputs.Text(max_length=7, load_default=None, metadata={"pattern": DONEM_PATTERN, "description": "YYYY-AA"},
                        validate=validate.Regexp(DONEM_PATTERN, error=str(_l("Dönem YYYY-AA biçiminde olmalı."))))
    bitis = inputs.Text(max_length=7, load_default=None,
                        metadata={"pattern": DONEM_PATTERN, "description": "YYYY-AA, the range's last month"},
                        validate=validate.Regexp(DONEM_PATTERN, error=str(_l("Dönem YYYY-AA biçiminde olmalı."))))
    gore = inputs.Choice(("birim", "ekonomik"), load_default="birim")
    sayfa = inputs.Page(load_default=1)


class TisInput(Girdi):
    """A TİS: its period, the grades' wages at its start (``derece;ücret`` a line) and its
    increases (``GG.AA.YYYY;oran %;sabit TL`` a line, the fixed amount optional)."""

    ad = inputs.Text(max_length=160, required=True)
    sendika = inputs.Text(max_length=160, load_default="")
    baslangic = inputs.Day(required=True)
    bitis = inputs.Day(required=True)
    ucretler = inputs.Text(max_length=4000, multiline=True, required=True)
    zamlar = inputs.Text(max_length=4000, multiline=True, load_default="")
    #: who pays the first two days of a sick report: evet the employer, hayir no one, empty the
    #: national parameter (``ik.rapor.ilk_iki_gun_isveren``)
    rapor_ilk_iki_gun = inputs.Choice(list(RAPOR_ILK_IKI_GUN), load_default=None)

    @validates_schema
    def _lines(self, data: dict, **kwargs: Any) -> None:
        data["ucretler"] = _ucretler(data.get("ucretler", ""))
        data["zamlar"] = _zamlar(data.get("zamlar", ""))


def _money(text: str, field: str) -> Decimal:
    try:
        return inputs.Money().deserialize(text.strip())
    except ValidationError:
        raise ValidationError(str(_l("Geçersiz tutar: %(t)s", t=text.strip()[:30])), field) from None


def _ucretler(text: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        grade, sep, wage = line.partition(";")
        if not sep or not grade.strip() or len(grade.strip()) > 10 or grade.strip() in out:
            raise ValidationError(str(_l("Her satır 'derece;ücret' olmalı, dereceler tekrarlanmadan.")), "ucretler")
        out[grade.strip()] = _money(wage, "ucretler")
    if not out:
        raise ValidationError(str(_l("En az bir derecenin ücreti girilmeli.")), "ucretler")
    return out


def _zamlar(text: str) -> list[tuple[Any, Decimal, Decimal]]:
    out = []
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        parts = [p.strip() for p in line.split(";")]
        if len(parts) not in (2, 3):
            raise ValidationError(str(_l("Her satır 'GG.AA.YYYY;oran;sabit tutar' olmalı.")), "zamlar")
        try:
            day = inputs.Day().deserialize(parts[0])
            rate = inputs.Number(places=4, minimum=Decimal("0"), maximum=Decimal("1000")).deserialize(parts[1])
        except ValidationError:
            raise ValidationError(str(_l("Geçersiz zam satırı: %(t)s", t=line[:40])), "zamlar") from None
        out.append((day, rate, _money(parts[2], "zamlar") if len(parts) == 3 and parts[2] else Decimal("0")))
    return out


class RaporAramaInput(Girdi):
    """The SGK reports (Vizite) to list: the days they overlap (at most a year)."""

    baslangic = inputs.Day(required=True)
    bitis = inputs.Day(required=True)

    @validates_schema
    def _sira(self, data: dict, **kwargs: Any) -> None:
        if data.get("baslangic") and data.get("bitis"):
            if data["bitis"] < data["baslangic"]:
                raise ValidationError({"bitis": [str(_l("Bitiş tarihi başlangıçtan önce olamaz."))]})
            if (data["bitis"] - data["baslangic"]).days > 365:
                raise ValidationError({"bitis": [str(_l("En çok bir yıllık aralık sorgulanabilir."))]})


class RaporSayfaInput(RaporAramaInput):
    """The page's query: both days optional (default: the last 31 days)."""

    baslangic = inputs.Day(load_default=None)
    bitis = inputs.Day(load_default=None)


class RaporIzinInput(RaporAramaInput):
    """Record a report as leave: its number and the days SGK was asked for (the report's own
    dates come from SGK's answer)."""

    rapor_no = inputs.Text(max_length=30, required=True, metadata={"pattern": RAPOR_NO_PATTERN},
                           validate=validate.Regexp(RAPOR_NO_PATTERN,
                                                    error=str(_l("Rapor numarası 4-30 büyük harf ya da rakam olmalı."))))


class RaporBildirimInput(RaporIzinInput):
    """The employer's notice on a report: did not work (default), or worked with a reason."""

    calisti = inputs.Flag(load_default=False)
    neden = inputs.Text(max_length=300, load_default="")

