"""Inputs of scheduling: the day asked for, a slot, an outside ceremony, set-up records."""

from __future__ import annotations

from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields

from ebelediye import inputs

from . import Girdi


class Saat(fields.String):
    """A time of day, ``HH:MM``."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("metadata", {}).setdefault("pattern", "^([01][0-9]|2[0-3]):[0-5][0-9]$")
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> time:
        text = value.strip() if isinstance(value, str) else ""
        try:
            hour, minute = (int(p) for p in text.split(":"))
            return time(hour, minute)
        except (ValueError, TypeError):
            raise ValidationError(str(_l("Saati SS:DD biçiminde girin (ör. 14:30)."))) from None


class An(fields.String):
    """A moment: ``YYYY-MM-DDTHH:MM`` (a datetime-local input) with an optional offset."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("metadata", {}).setdefault(
            "pattern", "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]$")
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        text = value.strip() if isinstance(value, str) else ""
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(str(_l("Tarih ve saati YYYY-AA-GGTSS:DD biçiminde girin."))) from None
        if not 1900 <= moment.year <= 2200:
            raise ValidationError(str(_l("Tarih 1900 ile 2200 arasında olmalı.")))
        if moment.tzinfo is None:
            from ebelediye import clock

            moment = moment.replace(tzinfo=clock.timezone())
        return moment


class GunInput(Girdi):
    gun = inputs.Day(load_default=None)
    salon_id = inputs.Id(load_default=None)


class RandevuInput(Girdi):
    salon_id = inputs.Id(required=True)
    baslangic = An(required=True)


class DisRandevuInput(Girdi):
    baslangic = An(required=True)
    adres = inputs.Text(max_length=300, required=True)
    mesafe_km = inputs.Number(places=1, minimum="0.1", maximum=500, required=True)
    sure_dk = inputs.Integer(minimum=10, maximum=120, load_default=30)
    yol_dk = inputs.Integer(minimum=0, maximum=600, load_default=None)
    memur_id = inputs.Id(load_default=None)


class ErteleInput(Girdi):
    baslangic = An(required=True)
    salon_id = inputs.Id(load_default=None)


class BeklemeInput(Girdi):
    tarih = inputs.Day(required=True)
    salon_id = inputs.Id(load_default=None)


class TamamlaInput(Girdi):
    taniklar_hazir = inputs.Flag()
    iki_taraf_evet = inputs.Flag()


class SalonInput(Girdi):
    ad = inputs.Text(max_length=120, required=True)
    adres = inputs.Text(max_length=300)
    kapasite = inputs.Integer(minimum=1, maximum=5000, required=True)


GUNLER = {str(i): n for i, n in enumerate((_l("Pazartesi"), _l("Salı"), _l("Çarşamba"), _l("Perşembe"), _l("Cuma"),
                                             _l("Cumartesi"), _l("Pazar")))}


class SablonInput(Girdi):
    salon_id = inputs.Id(required=True)
    hafta_gunu = inputs.Choice(GUNLER, required=True)
    baslangic = Saat(required=True)
    bitis = Saat(required=True)
    aralik_dk = inputs.Integer(minimum=10, maximum=240, load_default=30)
    sure_dk = inputs.Integer(minimum=10, maximum=240, load_default=20)
    gecerli_baslangic = inputs.Day(required=True)
    gecerli_bitis = inputs.Day(load_default=None)


class KapaliGunInput(Girdi):
    tarih = inputs.Day(required=True)
    salon_id = inputs.Id(load_default=None)
    neden = inputs.Text(max_length=200, required=True)


class MemurInput(Girdi):
    ad_soyad = inputs.Text(max_length=120, required=True)
    unvan = inputs.Text(max_length=120, load_default="Evlendirme Memuru")
    personel_id = inputs.Id(load_default=None)
    yetki_karari = inputs.Text(max_length=200)
    baslangic = Saat(required=True)
    bitis = Saat(required=True)
    gunler = fields.List(inputs.Choice(GUNLER), load_default=list)


class IzinInput(Girdi):
    memur_id = inputs.Id(required=True)
    baslangic = inputs.Day(required=True)
    bitis = inputs.Day(required=True)
    neden = inputs.Text(max_length=200)


class AyarInput(Girdi):
    gecerlilik_ay = inputs.Integer(minimum=1, maximum=24, required=True)
    tutma_saat = inputs.Integer(minimum=1, maximum=720, required=True)
    hatirlatma_gun = inputs.Integer(minimum=0, maximum=60, required=True)
    tatilde_nikah = inputs.Flag()
    online_basvuru = inputs.Flag()
    yol_dakika_km = inputs.Number(places=2, minimum="0.1", maximum=30, required=True)
