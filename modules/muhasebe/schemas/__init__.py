"""Muhasebe's inputs and outputs (``ebelediye.inputs``), for pages and the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import fields, pre_load, validate

from ebelediye import inputs

from ..hesap import Satir
from ..services import vergi

FIS_TURLERI = {"mif": _l("Muhasebe işlem fişi"), "oeb": _l("Ödeme emri belgesi"), "gonderme": _l("Gönderme emri")}
DURUMLAR = {"taslak": _l("Taslak"), "onaylandi": _l("Onaylandı"), "iptal": _l("İptal")}


class Girdi(inputs.Input):
    """An optional number, day or choice sent as an empty form field is an absent one."""

    @pre_load
    def _empty_is_absent(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        by_key = {field.data_key or name: field for name, field in self.fields.items()}
        return {key: value for key, value in data.items()
                if not (value == "" and key in by_key and not isinstance(by_key[key], inputs.Text)
                        and not by_key[key].required)}


class SatirInput(Girdi):
    hesap = inputs.Text(required=True, max_length=40)
    kurumsal = inputs.Text(max_length=20, load_default="")
    fonksiyonel = inputs.Text(max_length=20, load_default="")
    finansman = inputs.Text(max_length=4, load_default="")
    ekonomik = inputs.Text(max_length=20, load_default="")
    borc = inputs.Money(minimum=0, load_default=Decimal("0"))
    alacak = inputs.Money(minimum=0, load_default=Decimal("0"))
    aciklama = inputs.Text(max_length=300, load_default="")


class FisInput(Girdi):
    tarih = inputs.Day(required=True)
    tur = inputs.Choice(FIS_TURLERI, load_default="mif")
    aciklama = inputs.Text(max_length=500, load_default="")
    satirlar = fields.List(fields.Nested(SatirInput), required=True, validate=validate.Length(min=1, max=500))


class AramaInput(Girdi):
    ara = inputs.Text(max_length=100, load_default="")
    durum = inputs.Choice({"": "", **DURUMLAR}, load_default="")
    sayfa = inputs.Page(load_default=1)


class AralikInput(Girdi):
    baslangic = inputs.Day(load_default=None)
    bitis = inputs.Day(load_default=None)
    bicim = inputs.Choice(("", "csv", "xlsx", "pdf"), load_default="")


class DefterInput(AralikInput):
    hesap = inputs.Text(max_length=40, load_default="100")


# The API's own inputs below are ``inputs.Input``, not ``Girdi``: an empty value is refused
# as the OpenAPI document says (``Girdi`` reads it as absent, which forms need).


class YevmiyeInput(inputs.Input):
    """The API's journal: approved vouchers dated baslangic..bitis, a page at a time."""

    baslangic = inputs.Day(load_default=None)
    bitis = inputs.Day(load_default=None)
    sayfa = inputs.Page(load_default=1)


class DefterSorguInput(inputs.Input):
    """The API's ledger of an account (with its sub-accounts) for baslangic..bitis."""

    hesap = inputs.Text(max_length=40, required=True)
    baslangic = inputs.Day(load_default=None)
    bitis = inputs.Day(load_default=None)


class TabloInput(inputs.Input):
    """The financial tables for baslangic..bitis (the balance sheet at bitis)."""

    baslangic = inputs.Day(load_default=None)
    bitis = inputs.Day(load_default=None)


class AltHesapInput(Girdi):
    kod = inputs.Text(required=True, max_length=40)
    ad = inputs.Text(required=True, max_length=200)
    iban = inputs.Iban(load_default=None, metadata={
        "description": "yalnız 102'nin alt hesabında: bankadaki hesabın IBAN'ı (MT940 ekstresinin :25: alanı buna "
                       "bakılarak denetlenir)"})


class HesapIbanInput(Girdi):
    iban = inputs.Iban(load_default=None, metadata={"description": "boş: IBAN kaldırılır"})


class AyInput(Girdi):
    """A month of a year (the monthly lock; the API names it apart from İK's payroll period)."""

    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)
    ay = inputs.Integer(minimum=1, maximum=12, required=True)


class DonemAcmaInput(AyInput):
    gerekce = inputs.Text(required=True, max_length=500)


class AcmaDurumuInput(inputs.Input):
    """The unlock requests' list: by state (default: waiting for a decision)."""

    durum = inputs.Choice(("bekliyor", "onaylandi", "reddedildi"), load_default="bekliyor")


class MaliYilInput(inputs.Input):
    """A year to close or to open."""

    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)


class KalemInput(Girdi):
    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)
    kurumsal = inputs.Text(required=True, max_length=20)
    fonksiyonel = inputs.Text(required=True, max_length=20)
    finansman = inputs.Text(max_length=4, load_default="5")
    ekonomik = inputs.Text(required=True, max_length=20)
    ad = inputs.Text(required=True, max_length=200)


class TutarInput(Girdi):
    tutar = inputs.Money(required=True)
    tarih = inputs.Day(required=True)
    aciklama = inputs.Text(max_length=500, load_default="")


class AktarmaInput(TutarInput):
    kaynak_id = inputs.Id(required=True)
    hedef_id = inputs.Id(required=True)


class HarcamaInput(TutarInput):
    gider_ekonomik = inputs.Text(max_length=20, load_default="")


def satirlar_of(data: dict) -> list[Satir]:
    """A loaded ``FisInput``'s lines as the services take them."""
    return [Satir(s["hesap"], s["borc"], s["alacak"], s["kurumsal"], s["fonksiyonel"], s["finansman"], s["ekonomik"],
                  s["aciklama"]) for s in data["satirlar"]]


# --- outputs (API) ---------------------------------------------------------------------

class SatirOut(inputs.Input):
    sira = fields.Integer()
    hesap_kod = fields.String()
    kurumsal = fields.String()
    fonksiyonel = fields.String()
    finansman = fields.String()
    ekonomik = fields.String()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    aciklama = fields.String()


class FisOzetOut(inputs.Input):
    """A voucher without its lines (the list)."""

    id = fields.Integer()
    yil = fields.Integer()
    no = fields.Integer(allow_none=True)
    numara = fields.String()
    tur = fields.String()
    tarih = fields.Date()
    aciklama = fields.String()
    durum = fields.String()
    kaynak = fields.String(allow_none=True)
    ters_fis_id = fields.Integer(allow_none=True)
    toplam = fields.Decimal(as_string=True, places=2)
    hazirlayan = fields.String()
    onaylayan = fields.String(allow_none=True)


class FisOut(FisOzetOut):
    satirlar = fields.List(fields.Nested(SatirOut))


class HesapOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    tur = fields.String()
    bakiye_yonu = fields.String()
    ust_kod = fields.String(allow_none=True)
    standart = fields.Boolean()
    aktif = fields.Boolean()
    iban = fields.String(allow_none=True)


class MizanSatirOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    ana = fields.Boolean()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    borc_bakiye = fields.Decimal(as_string=True, places=2)
    alacak_bakiye = fields.Decimal(as_string=True, places=2)


class KontrolOut(inputs.Input):
    kural = fields.String()
    sol = fields.Decimal(as_string=True, places=2)
    sag = fields.Decimal(as_string=True, places=2)
    tutuyor = fields.Boolean()


class MizanOut(inputs.Input):
    bas = fields.Date()
    bit = fields.Date()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    satirlar = fields.List(fields.Nested(MizanSatirOut))
    kontroller = fields.List(fields.Nested(KontrolOut))


class ButceKalemiOut(inputs.Input):
    id = fields.Integer()
    yil = fields.Integer()
    kurumsal = fields.String()
    fonksiyonel = fields.String()
    finansman = fields.String()
    ekonomik = fields.String()
    ad = fields.String()
    odenek = fields.Decimal(as_string=True, places=2)
    kullanilan = fields.Decimal(as_string=True, places=2)
    kalan = fields.Decimal(as_string=True, places=2)


class TedarikciInput(Girdi):
    kimlik_no = inputs.Text(required=True, max_length=20)
    unvan = inputs.Text(required=True, max_length=250)
    iban = inputs.Text(max_length=40, load_default="")
    adres = inputs.Text(max_length=500, load_default="")


class FaturaInput(Girdi):
    """An invoice: one amount (``tutar``, as before its taxes were kept) or its ``matrah``
    with the KDV rate and the withholdings chosen; ``tutar`` (matrah + KDV), ``kdv`` and
    ``odenecek`` may be sent as a check of the computation (422 when they differ)."""

    fatura_no = inputs.Text(required=True, max_length=40)
    fatura_tarihi = inputs.Day(required=True)
    tutar = inputs.Money(load_default=None)
    kalem_id = inputs.Id(required=True)
    gider_ekonomik = inputs.Text(max_length=20, load_default="")
    aciklama = inputs.Text(max_length=300, load_default="")
    matrah = inputs.Money(load_default=None, metadata={"description": "KDV hariç tutar"})
    kdv_turu = inputs.Choice({"": "", **vergi.KDV_TURLERI}, load_default="")
    tevkifat = inputs.Choice({"": "", **vergi.TEVKIFAT_ADLARI}, load_default="")
    damga = inputs.Choice({"": "", **vergi.DAMGA_TURLERI}, load_default="")
    stopaj = inputs.Choice({"": "", **vergi.STOPAJ_TURLERI}, load_default="")
    kdv = inputs.Money(minimum=0, load_default=None)
    odenecek = inputs.Money(load_default=None)


class VergiGunuInput(Girdi):
    tarih = inputs.Day(load_default=None)


class KesintiAyiInput(Girdi):
    yil = inputs.Integer(minimum=2000, maximum=2100, load_default=None)
    ay = inputs.Integer(minimum=1, maximum=12, load_default=None)
    sayfa = inputs.Page(load_default=1)


class OdemeEmriInput(Girdi):
    tutar = inputs.Money(required=True)
    tarih = inputs.Day(required=True)


class AvansInput(Girdi):
    kimlik_no = inputs.Text(required=True, max_length=20)
    ad_soyad = inputs.Text(required=True, max_length=200)
    iban = inputs.Text(required=True, max_length=40)
    tutar = inputs.Money(required=True)
    kalem_id = inputs.Id(required=True)
    tarih = inputs.Day(required=True)
    aciklama = inputs.Text(max_length=300, load_default="")


class AvansKapatInput(Girdi):
    harcanan = inputs.Money(minimum=0, load_default=Decimal("0"))
    iade = inputs.Money(minimum=0, load_default=Decimal("0"))
    tarih = inputs.Day(required=True)
    gider_ekonomik = inputs.Text(max_length=20, load_default="")


class TedarikciOut(inputs.Input):
    id = fields.Integer()
    kimlik_no = fields.String()
    unvan = fields.String()
    iban = fields.String()
    adres = fields.String()
    aktif = fields.Boolean()


class FaturaOut(inputs.Input):
    id = fields.Integer()
    tedarikci_id = fields.Integer()
    fatura_no = fields.String()
    fatura_tarihi = fields.Date()
    tutar = fields.Decimal(as_string=True, places=2)
    kalem_id = fields.Integer()
    fis_id = fields.Integer()
    #: its ÖEB: "taslak", "onaylandi" or "yok" (cancelled or reversed)
    fis_durumu = fields.String()
    odeme_emri = fields.Decimal(as_string=True, places=2)
    acik = fields.Decimal(as_string=True, places=2)
    #: the taxes (null on an invoice recorded as one amount)
    matrah = fields.Decimal(as_string=True, places=2, allow_none=True)
    kdv_turu = fields.String(allow_none=True)
    kdv_orani = fields.Decimal(as_string=True, allow_none=True)
    kdv = fields.Decimal(as_string=True, places=2, allow_none=True)
    #: what the supplier is paid (``tutar`` less the withholdings), what 320 carries
    odenecek = fields.Decimal(as_string=True, places=2)
    kesintiler = fields.List(fields.Nested(lambda: KesintiOut()))


class KesintiOut(inputs.Input):
    tur = fields.String(metadata={"enum": list(vergi.KESINTI_TURLERI)})
    kod = fields.String()
    matrah = fields.Decimal(as_string=True, places=2)
    oran = fields.Decimal(as_string=True)
    tutar = fields.Decimal(as_string=True, places=2)
    hesap_kod = fields.String()


class KesintiSatiriOut(KesintiOut):
    id = fields.Integer()
    tarih = fields.Date()
    ad = fields.String()
    beyanname = fields.String()
    fatura_id = fields.Integer()
    fatura_no = fields.String()
    tedarikci = fields.String()
    kimlik_no = fields.String()


class KesintiOzetOut(inputs.Input):
    tur = fields.String()
    kod = fields.String()
    ad = fields.String()
    beyanname = fields.String()
    adet = fields.Integer()
    matrah = fields.Decimal(as_string=True, places=2)
    tutar = fields.Decimal(as_string=True, places=2)


class KesintiAyiOut(inputs.Input):
    yil = fields.Integer()
    ay = fields.Integer()
    ozet = fields.List(fields.Nested(KesintiOzetOut))
    satirlar = fields.List(fields.Nested(KesintiSatiriOut))


class VergiSecenegiOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    oran = fields.Decimal(as_string=True, allow_none=True)
    madde = fields.String()
    gib_kodu = fields.String()


class VergiSecenekleriOut(inputs.Input):
    kdv = fields.List(fields.Nested(VergiSecenegiOut))
    tevkifat = fields.List(fields.Nested(VergiSecenegiOut))
    damga = fields.List(fields.Nested(VergiSecenegiOut))
    stopaj = fields.List(fields.Nested(VergiSecenegiOut))


class OdemeEmriOut(inputs.Input):
    id = fields.Integer()
    fatura_id = fields.Integer(allow_none=True)
    avans_id = fields.Integer(allow_none=True)
    alici = fields.String()
    iban = fields.String()
    tutar = fields.Decimal(as_string=True, places=2)
    fis_id = fields.Integer()
    dosya_id = fields.Integer(allow_none=True)


class MutabakatOut(inputs.Input):
    id = fields.Integer()
    tur = fields.String()
    gun = fields.Date()
    defter = fields.Decimal(as_string=True, places=2)
    yardimci = fields.Decimal(as_string=True, places=2)
    fark = fields.Decimal(as_string=True, places=2)
    ayrinti = fields.List(fields.Dict())
    created_at = fields.DateTime()


class DefterSatiriOut(inputs.Input):
    tarih = fields.Date()
    fis_no = fields.String()
    fis_id = fields.Integer()
    hesap_kod = fields.String()
    aciklama = fields.String()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    bakiye = fields.Decimal(as_string=True, places=2, metadata={"description": "yürüyen borç − alacak"})


class DefterOut(inputs.Input):
    hesap = fields.String()
    ad = fields.String()
    bas = fields.Date()
    bit = fields.Date()
    devir = fields.Decimal(as_string=True, places=2, metadata={"description": "başlangıçtan önceki borç − alacak"})
    satirlar = fields.List(fields.Nested(DefterSatiriOut))


class KalemTutarOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    tutar = fields.Decimal(as_string=True, places=2)


class KodTutarOut(inputs.Input):
    kod = fields.String()
    tutar = fields.Decimal(as_string=True, places=2)


class TablolarOut(inputs.Input):
    """Bilanço at ``bit``; faaliyet sonuçları (600/630) and bütçe uygulama sonuçları (800/830
    by economic code, 830 by functional and institutional code) for ``bas``..``bit``."""

    bas = fields.Date()
    bit = fields.Date()
    varliklar = fields.List(fields.Nested(KalemTutarOut))
    kaynaklar = fields.List(fields.Nested(KalemTutarOut))
    donem_sonucu = fields.Decimal(as_string=True, places=2, metadata={"description": "kapanmamış 6xx, alacak artı"})
    aktif = fields.Decimal(as_string=True, places=2)
    pasif = fields.Decimal(as_string=True, places=2)
    faaliyet_gelirleri = fields.List(fields.Nested(KodTutarOut))
    faaliyet_giderleri = fields.List(fields.Nested(KodTutarOut))
    butce_gelirleri = fields.List(fields.Nested(KodTutarOut))
    butce_giderleri = fields.List(fields.Nested(KodTutarOut))
    giderler_fonksiyonel = fields.List(fields.Nested(KodTutarOut))
    giderler_kurumsal = fields.List(fields.Nested(KodTutarOut))


class DonemOut(inputs.Input):
    yil = fields.Integer()
    ay = fields.Integer()
    kilitleyen = fields.String()
    kilit_at = fields.DateTime()


class DonemAcmaOut(inputs.Input):
    id = fields.Integer()
    yil = fields.Integer()
    ay = fields.Integer()
    gerekce = fields.String()
    durum = fields.String()
    talep_eden = fields.String()
    karar_veren = fields.String(allow_none=True)
    karar_at = fields.DateTime(allow_none=True)


class EkstreInput(inputs.Input):
    """A bank statement as the API takes it: the file's text (the page uploads the file)."""

    hesap_kod = inputs.Text(required=True, max_length=40, metadata={"description": "102 ya da bir alt hesabı"})
    bicim = inputs.Choice(("mt940", "basit", "mt940_csv"), required=True, metadata={
        "description": "mt940: bankanın SWIFT MT940 dosyası (.sta/.txt; :20:, :25: IBAN, :28C:, :60F:, :61:, :86:, "
                       ":62F:; birden çok ekstre olabilir; :25: hesabın kayıtlı IBAN'ı olmalı, para birimi TRY, her "
                       "ekstrede açılış + hareketler = kapanış); basit: CSV tarih;tutar;referans;aciklama; mt940_csv: "
                       "CSV valor;yon;tutar;referans;aciklama (eski adı mt940)"})
    icerik = inputs.Text(required=True, max_length=4_000_000, multiline=True,
                         metadata={"description": "dosyanın metni (MT940 ya da ; ayraçlı CSV, UTF-8); hatalı satır "
                                                  "dosyayı reddeder, errors[\"satir.N\"] N. satırı söyler"})
    dosya_adi = inputs.Text(max_length=200, load_default="")


class ElleEslestirInput(inputs.Input):
    fis_satiri_id = inputs.Id(required=True)


class BankaCikisiInput(inputs.Input):
    odeme_emri_id = inputs.Id(required=True)


class BordroCikisiInput(inputs.Input):
    bordro_fis_id = inputs.Id(required=True, metadata={"description": "bordro ödeme fişi (320 B / 103 A)"})


class BordroOdemesiOut(inputs.Input):
    fis_id = fields.Integer()
    fis_no = fields.String()
    tarih = fields.Date()
    tutar = fields.Decimal(as_string=True, places=2, metadata={"description": "fişin 103 alacağı"})
    aciklama = fields.String()
    kaynak = fields.String()


class GonderilmisEmirOut(inputs.Input):
    odeme_emri = fields.Nested(OdemeEmriOut)
    fis_id = fields.Integer()
    fis_no = fields.String()
    tarih = fields.Date()


class EkstreOut(inputs.Input):
    id = fields.Integer()
    hesap_kod = fields.String()
    bicim = fields.String(metadata={"description": "mt940 | basit | mt940_csv"})
    dosya_adi = fields.String()
    satir_sayisi = fields.Integer()
    ekstre_no = fields.String(allow_none=True, metadata={"description": "MT940: :20: ve :28C: alanları"})
    acilis_bakiye = fields.Decimal(as_string=True, places=2, allow_none=True,
                                   metadata={"description": "MT940: ilk ekstrenin açılış bakiyesi"})
    kapanis_bakiye = fields.Decimal(as_string=True, places=2, allow_none=True,
                                    metadata={"description": "MT940: son ekstrenin kapanış bakiyesi"})
    eslesmeyen = fields.Integer()
    olusturan = fields.String()
    created_at = fields.DateTime()


class EkstreSatiriOut(inputs.Input):
    id = fields.Integer()
    ekstre_id = fields.Integer()
    satir_no = fields.Integer()
    tarih = fields.Date()
    tutar = fields.Decimal(as_string=True, places=2, metadata={"description": "artı: hesaba giren"})
    referans = fields.String()
    aciklama = fields.String()
    fis_satiri_id = fields.Integer(allow_none=True)
    eslesme = fields.String(allow_none=True, metadata={"description": "otomatik | elle"})
    eslestiren = fields.String(allow_none=True)


class OneriOut(inputs.Input):
    fis_satiri_id = fields.Integer()
    fis_id = fields.Integer()
    numara = fields.String()
    tarih = fields.Date()
    hesap_kod = fields.String()
    borc = fields.Decimal(as_string=True, places=2)
    alacak = fields.Decimal(as_string=True, places=2)
    aciklama = fields.String()


class EslesmeyenOut(inputs.Input):
    satir = fields.Nested(EkstreSatiriOut)
    oneriler = fields.List(fields.Nested(OneriOut), metadata={"description": "aynı tutar ve yönde, üç gün içinde"})


class EkstreAyrintiOut(EkstreOut):
    satirlar = fields.List(fields.Nested(EkstreSatiriOut))


class EslesenOut(inputs.Input):
    eslesen = fields.Integer()


class AvansOut(inputs.Input):
    id = fields.Integer()
    kimlik_no = fields.String()
    ad_soyad = fields.String()
    iban = fields.String()
    tutar = fields.Decimal(as_string=True, places=2)
    kalem_id = fields.Integer()
    aciklama = fields.String()
    fis_id = fields.Integer(allow_none=True)
    kapanis_fis_id = fields.Integer(allow_none=True)
    durum = fields.String(metadata={"description": "odeme_bekliyor | acik | kapanis_bekliyor | kapandi | iptal"})


class BankaDosyasiOut(inputs.Input):
    id = fields.Integer()
    adet = fields.Integer()
    toplam = fields.Decimal(as_string=True, places=2)
    olusturan = fields.String()
    created_at = fields.DateTime()


class OdemelerOut(inputs.Input):
    bekleyen = fields.List(fields.Nested(OdemeEmriOut), metadata={"description": "onaylı, dosyaya girmemiş emirler"})
    dosyalar = fields.List(fields.Nested(BankaDosyasiOut))


class GeriAktarimInput(Girdi):
    modul = inputs.Choice({"gelir": "Gelir", "ik": "İK"}, load_default="gelir",
                          metadata={"description": "gelir (tahakkuk, tahsilat, iade) | ik (bordrolar)"})


class GeriAktarimOut(inputs.Input):
    id = fields.Integer()
    kaynak_modul = fields.String()
    kesim = fields.DateTime(metadata={"description": "bundan önce yapılmış kayıtlar aktarılır"})
    bas = fields.Date()
    bit = fields.Date()
    imlec = fields.Date(allow_none=True, metadata={"description": "son aktarılan gün (kaldığı yer)"})
    durum = fields.String(metadata={"description": "bekliyor | calisiyor | bitti | hata"})
    fis_sayisi = fields.Integer()
    kayit_sayisi = fields.Integer()
    tutar = fields.Decimal(as_string=True, places=2)
    is_kaydi = fields.String(allow_none=True)
    hata = fields.String(allow_none=True)
    baslatan = fields.String()
    created_at = fields.DateTime()
    bitis_at = fields.DateTime(allow_none=True)


class KesinHesapGiderOut(inputs.Input):
    ekonomik = fields.String()
    baslangic = fields.Decimal(as_string=True, places=2)
    eklenen = fields.Decimal(as_string=True, places=2)
    aktarma_gelen = fields.Decimal(as_string=True, places=2)
    aktarma_giden = fields.Decimal(as_string=True, places=2)
    toplam = fields.Decimal(as_string=True, places=2)
    harcanan = fields.Decimal(as_string=True, places=2)
    kalan = fields.Decimal(as_string=True, places=2, metadata={"description": "iptal edilen (yıl kapalıysa) ya da kalan"})


class KesinHesapGelirOut(inputs.Input):
    ekonomik = fields.String()
    tahakkuk = fields.Decimal(as_string=True, places=2)
    tahsilat = fields.Decimal(as_string=True, places=2)
    iade = fields.Decimal(as_string=True, places=2)
    net = fields.Decimal(as_string=True, places=2)


class KesinHesapOut(inputs.Input):
    yil = fields.Integer()
    kapali = fields.Boolean()
    gider = fields.List(fields.Nested(KesinHesapGiderOut))
    gelir = fields.List(fields.Nested(KesinHesapGelirOut))


# --- the Hazine's monthly data (KBS) --------------------------------------------------

class MaliVeriArgs(inputs.Input):
    """A month of the Hazine's monthly data (the latest month ended when absent)."""

    yil = inputs.Integer(minimum=2000, maximum=2100, load_default=None)
    ay = inputs.Integer(minimum=1, maximum=12, load_default=None)


class MaliVeriGirisInput(AyInput):
    aciklama = inputs.Text(load_default="", max_length=500)


class KbsMizanSatiriOut(inputs.Input):
    kod = fields.String()
    ad = fields.String()
    borc = fields.Decimal(as_string=True)
    alacak = fields.Decimal(as_string=True)
    borc_bakiye = fields.Decimal(as_string=True)
    alacak_bakiye = fields.Decimal(as_string=True)


class KbsOdenekSatiriOut(inputs.Input):
    kurumsal = fields.String()
    fonksiyonel = fields.String()
    finansman = fields.String()
    ekonomik = fields.String()
    ad = fields.String()
    odenek = fields.Decimal(as_string=True)
    harcama = fields.Decimal(as_string=True)
    kalan = fields.Decimal(as_string=True)


class KbsGelirSatiriOut(inputs.Input):
    ekonomik = fields.String()
    tahsilat = fields.Decimal(as_string=True)
    iade = fields.Decimal(as_string=True)
    net = fields.Decimal(as_string=True)


class MaliVeriGirisOut(inputs.Input):
    id = fields.Integer()
    yil = fields.Integer()
    ay = fields.Integer()
    parmak_izi = fields.String()
    borc_toplam = fields.Decimal(as_string=True)
    alacak_toplam = fields.Decimal(as_string=True)
    aciklama = fields.String()
    giren = fields.String()
    created_at = fields.DateTime()


class AylikVeriOut(inputs.Input):
    yil = fields.Integer()
    ay = fields.Integer()
    bas = fields.Date()
    bit = fields.Date()
    son_gun = fields.Date(metadata={"description": "the last day to enter the month into the KBS"})
    durum = fields.String(metadata={"description": "girilmedi, girildi or degisti (changed since it was entered)"})
    parmak_izi = fields.String()
    mizan = fields.Method("_mizan")
    odenekler = fields.List(fields.Nested(KbsOdenekSatiriOut))
    gelirler = fields.List(fields.Nested(KbsGelirSatiriOut))
    girisler = fields.List(fields.Nested(MaliVeriGirisOut))

    def _mizan(self, veri) -> list:
        return KbsMizanSatiriOut(many=True).dump(veri.mizan.satirlar)
