"""Staff pages of the office's set-up: settings, halls, slot templates, closed days,
officiants and their leave, the council's tariff, waivers."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, actor, today

from ..schemas import takvim as tsch
from ..schemas import ucret as usch
from ..services import ayar, ayarlar, ucret
from . import bp

AYAR = "evlendirme.ayar.yonet"


def _context() -> dict:
    settings = ayarlar()
    return dict(ayar=settings, salonlar=ayar.salonlar(hepsi=True), sablonlar=ayar.sablonlar(),
                kapali=ayar.kapali_gunler(today()), memurlar=ayar.memurlar(hepsi=True),
                saatler=ayar.calisma_saatleri(), tarife=ucret.tarife_satirlari(), muafiyetler=ayar.muafiyetler(hepsi=True),
                gunler=tsch.GUNLER, tarife_turleri=usch.TURLER,
                ayar_values={"gecerlilik_ay": settings.gecerlilik_ay, "tutma_saat": settings.tutma_saat,
                             "hatirlatma_gun": settings.hatirlatma_gun, "tatilde_nikah": settings.tatilde_nikah,
                             "online_basvuru": settings.online_basvuru,
                             "yol_dakika_km": str(settings.yol_dakika_km).replace(".", ",")})


def _form(schema, run, done: str, form: str):
    page = FormPage("evlendirme/ayarlar.html", schema, **_context())
    if page.submitted:
        with page.attempt():
            run(page.load())
            flash(done, "success")
            return redirect(url_for(".ayarlar") + f"#{form}", 303)
    return page.render(form=form)


@bp.route("/ayarlar", endpoint="ayarlar")
@access("tenant", "staff")
@requires(AYAR)
def ayarlar_sayfasi():
    return render_template("evlendirme/ayarlar.html", values={}, errors={}, message=None, form=None, **_context())




@bp.route("/ayarlar/genel", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def ayar_kaydet():
    return _form(tsch.AyarInput(), lambda d: ayar.ayar_kaydet(actor=actor(), **d), _("Ayarlar kaydedildi."), "genel")


@bp.route("/ayarlar/salon", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def salon_ekle():
    return _form(tsch.SalonInput(), lambda d: ayar.salon_ekle(actor=actor(), **d), _("Salon eklendi."), "salon")


@bp.route("/ayarlar/sablon", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def sablon_ekle():
    def run(d):
        ayar.sablon_ekle(actor=actor(), **{**d, "hafta_gunu": int(d["hafta_gunu"])})

    return _form(tsch.SablonInput(), run, _("Nikâh saatleri eklendi."), "sablon")


@bp.route("/ayarlar/kapali-gun", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def kapali_gun_ekle():
    return _form(tsch.KapaliGunInput(), lambda d: ayar.kapali_gun_ekle(actor=actor(), **d), _("Kapalı gün eklendi."),
                 "kapali")


@bp.route("/ayarlar/memur", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def memur_ekle():
    def run(d):
        hours = [(int(day), d["baslangic"], d["bitis"]) for day in d["gunler"]]
        ayar.memur_ekle(ad_soyad=d["ad_soyad"], unvan=d["unvan"], personel_id=d["personel_id"],
                        yetki_karari=d["yetki_karari"], saatler=hours, actor=actor())

    return _form(tsch.MemurInput(), run, _("Evlendirme memuru eklendi."), "memur")


@bp.route("/ayarlar/izin", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def izin_ekle():
    return _form(tsch.IzinInput(), lambda d: ayar.izin_ekle(actor=actor(), **d), _("İzin kaydedildi."), "izin")


@bp.route("/ayarlar/tarife", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def tarife_ekle():
    return _form(usch.TarifeInput(), lambda d: ucret.tarife_ekle(actor=actor(), **d), _("Tarife satırı eklendi."),
                 "tarife")


@bp.route("/ayarlar/muafiyet", methods=["POST"])
@access("tenant", "staff")
@requires(AYAR)
def muafiyet_ekle():
    return _form(usch.MuafiyetInput(), lambda d: ayar.muafiyet_ekle(actor=actor(), **d), _("Muafiyet eklendi."),
                 "muafiyet")
