"""Inputs of fees: the council's tariff lines, waivers, desk payments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ebelediye import inputs

from .. import hesap
from . import Girdi

TURLER = {"salon": _l("Salonda nikâh"), "dis": _l("Salon dışında nikâh"), "izin_belgesi": _l("Evlenme izin belgesi"),
          "aile_cuzdani": _l("Aile cüzdanı bedeli")}


class TarifeInput(Girdi):
    tur = inputs.Choice(TURLER, required=True)
    gun_turu = inputs.Choice(hesap.GUN_TURU_ADI, load_default="her_gun")
    km_alt = inputs.Number(places=1, minimum=0, maximum=1000, load_default=None)
    km_ust = inputs.Number(places=1, minimum=0, maximum=1000, load_default=None)
    tutar = inputs.Money(minimum=0, required=True)
    gecerli_baslangic = inputs.Day(required=True)
    karar = inputs.Text(max_length=200, required=True)


class TahsilInput(Girdi):
    odeme_sekli = inputs.Choice({"nakit": _l("Nakit"), "kart": _l("Kart")}, required=True)
    odeyen = inputs.Text(max_length=200)


class MuafiyetInput(Girdi):
    kod = inputs.Text(max_length=40, required=True)
    ad = inputs.Text(max_length=200, required=True)
    karar = inputs.Text(max_length=200, required=True)
