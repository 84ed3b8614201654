"""Inputs of 6183 collection: an ödeme emri batch, its tebliğ and objection, a tecil plan, a
restructuring campaign and a restructuring under it."""

from __future__ import annotations

from marshmallow import fields

from ebelediye.inputs import Choice, Day, Flag, Id, Input, Integer, Money, Number, Text


class PartiInput(Input):
    """Which overdue debts a batch of ödeme emirleri covers."""

    yil = Integer(minimum=2000, maximum=2200, load_default=None, metadata={"description": "Borç yılı (boş: hepsi)"})
    gelir_kodu = Text(max_length=40, load_default=None)
    asgari = Money(minimum=0, load_default=None, metadata={"description": "Asgari toplam borç (TL)"})


class TebligInput(Input):
    teblig_tarihi = Day(required=True)


class ItirazInput(Input):
    itiraz_tarihi = Day(required=True)
    aciklama = Text(max_length=500, multiline=True, load_default="")


class ItirazSonucInput(Input):
    sonuc = Choice(("kabul", "ret"), required=True)
    karar_tarihi = Day(required=True)


class TecilInput(Input):
    """A tecil plan: the chosen overdue debts, the number of monthly installments, the application day."""

    tahakkuk = fields.List(Id(), required=True)
    taksit_sayisi = Integer(minimum=1, maximum=120, required=True)
    tecil_tarihi = Day(required=True)
    teminat = Text(max_length=300, load_default="")


class IptalInput(Input):
    gerekce = Text(max_length=500, required=True)


class TecilApiInput(TecilInput):
    """A tecil plan through the API: the taxpayer too."""

    mukellef_id = Id(required=True)


class KampanyaInput(Input):
    """A restructuring campaign: a law's rules (which debts, what replaces their late fees,
    the installment options, the cash discount, the window and the tolerance)."""

    ad = Text(max_length=200, required=True)
    kanun_no = Text(max_length=20, required=True)
    kanun_tarihi = Day(required=True)
    dayanak = Text(max_length=500, load_default="")
    basvuru_baslangic = Day(required=True)
    basvuru_bitis = Day(required=True)
    kapsam_vade_sonu = Day(required=True, metadata={"description": "Bu tarihte ya da önce vadesi gelen borçlar"})
    gelir_kodlari = fields.List(Text(max_length=40), required=True)
    gecikme_yontemi = Choice(("yi_ufe", "aylik_oran", "vazgec"), required=True)
    aylik_oran = Number(places=4, minimum=0, maximum=100, load_default=None,
                        metadata={"description": "Aylık % (gecikme_yontemi=aylik_oran)"})
    hesap_sonu = Day(load_default=None, metadata={"description": "Tutarın hesaplandığı son gün (boş: kanun tarihi)"})
    pesin_indirim = Number(places=2, minimum=0, maximum=100, load_default=0)
    secenekler = Text(max_length=300, required=True, metadata={"example": "1=1; 6=1,045; 9=1,083"})
    ilk_taksit_vadesi = Day(required=True)
    taksit_araligi_ay = Integer(minimum=1, maximum=12, load_default=1)
    tolerans = Integer(minimum=0, maximum=72, load_default=0)
    son_taksit_ek_ay = Integer(minimum=0, maximum=12, load_default=0, metadata={
        "description": "Geç kalan taksitlerin geç ödeme zammıyla ödenebileceği, son taksiti izleyen ay sayısı (0: yok)"})
    dava_vazgecme = Flag(metadata={"description": "Davalı borçlar davadan vazgeçme şartıyla yapılandırılabilir"})


class YapilandirmaInput(Input):
    """A restructuring: the chosen debts, the campaign's installment option, the application day."""

    tahakkuk = fields.List(Id(), required=True)
    taksit_sayisi = Integer(minimum=1, maximum=72, required=True)
    basvuru_tarihi = Day(required=True)


class VatandasYapilandirmaInput(Input):
    """A citizen's application online: the chosen debts, the option, the law's conditions
    accepted (only needed to confirm); the application day is always today."""

    tahakkuk = fields.List(Id(), required=True)
    taksit_sayisi = Integer(minimum=1, maximum=72, required=True)
    sartlar = Flag()


class YapilandirmaApiInput(YapilandirmaInput):
    """A restructuring through the API: the campaign and the taxpayer too."""

    kampanya_id = Id(required=True)
    mukellef_id = Id(required=True)
