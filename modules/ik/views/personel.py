"""Staff pages: the personnel list with search, the hire form with KPS pre-fill, a person's
record with assignments, payslips and leave, leaving."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, Pager, actor, query_string, today

from ..schemas import (
    EK_KALEMLER,
    IZIN_TUR_ADLARI,
    TURLER,
    AramaInput,
    AyarInput,
    AyrilisInput,
    EkKalemInput,
    IseAlisInput,
    KpsInput,
    SendikaUyelikInput,
    UyelikBitirInput,
)
from ..seed import ORNEK_VKN
from ..services import ayar_kaydet, bordro, ekkalem, hizmet, izin, ozluk, sendika
from ..services import ayarlar as ik_ayarlari
from ..services import personel as service
from . import bp

GORUNTULE, YONET = "ik.personel.goruntule", "ik.personel.yonet"
PAGE = 25


@bp.route("/personel")
@access("tenant", "staff")
@requires(GORUNTULE)
def personel_listesi():
    args = inputs.load_args(AramaInput())
    rows, total = service.liste(args["q"], tur=args["tur"], sayfa=args["sayfa"], boyut=PAGE)
    query = query_string(args, "q", "tur")
    return render_template("ik/personel_listesi.html", rows=rows, args=args, turler=TURLER, total=total,
                           sayfa=Pager(args["sayfa"], total, PAGE), query=query, sayim=service.sayim())


@bp.route("/personel/yeni", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(YONET)
def ise_alis():
    """Step 1 (``adim=kps``): the TCKN is looked up at KPS and the identity shown; step 2
    (``adim=kaydet``): the hire, which reads KPS again and sends the SGK notice."""
    page = FormPage("ik/ise_alis.html", IseAlisInput(), kisi=None, turler=TURLER, kadrolar=service.kadrolar())
    if page.submitted and request.form.get("adim") == "kaydet":
        with page.attempt():
            row = service.ise_al(page.load(), actor=actor())
            flash(_("%(ad)s işe alındı (sicil %(no)s); SGK işe giriş bildirgesi: %(ref)s.", ad=row.ad_soyad,
                    no=row.sicil_no, ref=row.sgk_giris_referans), "success")
            return redirect(url_for("ik.personel_kaydi", personel_id=row.id), 303)
    elif page.submitted:
        with page.attempt():
            page.context["kisi"] = service.kps_kisi(page.load(KpsInput())["tckn"], actor=actor())
    return page.render()


def _context(row) -> dict:
    return dict(row=row, atamalar=service.atamalar(row.id), turler=TURLER, bordrolar=bordro.bordrolarim(row.id),
                bakiye=izin.bakiye(row.id), yillar=izin.yillara_gore(row.id),
                talepler=izin.talepler(personel_id=row.id), kodlar=service.CIKIS_KODLARI,
                kalemler=ekkalem.kalemler(row.id), kalem_turleri=EK_KALEMLER, uyelikler=sendika.uyelikler(row.id),
                belgeler=ozluk.belgeler(row.id, boyut=5))


@bp.route("/personel/<int:personel_id>")
@access("tenant", "staff")
@requires(GORUNTULE)
def personel_kaydi(personel_id: int):
    return render_template("ik/personel.html", values={}, errors={}, **_context(service.personel(personel_id)))


@bp.route("/personel/<int:personel_id>/hizmet", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(GORUNTULE)
def hizmet_cetveli(personel_id: int):
    """The service record (hizmet cetveli) from the movements; a POST adds SGK's own record of
    the person's insured service, read through the SGK connector."""
    cetvel = hizmet.cetvel(personel_id, today())
    sgk = hizmet.sgk_hizmet(personel_id, actor=actor()) if request.method == "POST" else None
    return render_template("ik/hizmet_cetveli.html", cetvel=cetvel, row=cetvel.personel, sgk=sgk, turler=TURLER,
                           izin_turleri=IZIN_TUR_ADLARI)


@bp.route("/personel/<int:personel_id>/ek-kalem", methods=["POST"])
@access("tenant", "staff")
@requires("ik.bordro.hazirla")
def ek_kalem(personel_id: int):
    row = service.personel(personel_id)
    page = FormPage("ik/personel.html", EkKalemInput(), **_context(row))
    with page.attempt():
        data = page.load()
        ekkalem.ekle(row.id, data["donem"], data["tur"], saat=data["saat"], tutar=data["tutar"],
                     aciklama=data["aciklama"], actor=actor())
        flash(_("Ek kalem kaydedildi."), "success")
        return redirect(url_for("ik.personel_kaydi", personel_id=row.id), 303)
    return page.render()


@bp.route("/personel/<int:personel_id>/sendika", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def sendika_uyeligi(personel_id: int):
    """A memur's union membership (the payroll pays the toplu sözleşme ikramiyesi while it lasts)."""
    row = service.personel(personel_id)
    page = FormPage("ik/personel.html", SendikaUyelikInput(), **_context(row))
    with page.attempt():
        data = page.load()
        sendika.uye_yap(row.id, data["sendika"], data["baslangic"], bitis=data["bitis"],
                        baraj_alti=data["baraj_alti"], actor=actor())
        flash(_("Sendika üyeliği kaydedildi."), "success")
        return redirect(url_for("ik.personel_kaydi", personel_id=row.id), 303)
    return page.render()


@bp.route("/personel/<int:personel_id>/sendika/<int:uyelik_id>/bitir", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def sendika_bitir(personel_id: int, uyelik_id: int):
    row = service.personel(personel_id)
    page = FormPage("ik/personel.html", UyelikBitirInput(), **_context(row))
    with page.attempt():
        sendika.uyelik_bitir(row.id, uyelik_id, page.load()["bitis"], actor=actor())
        flash(_("Sendika üyeliği sona erdirildi."), "success")
        return redirect(url_for("ik.personel_kaydi", personel_id=row.id), 303)
    return page.render()


@bp.route("/personel/<int:personel_id>/ayril", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def ayril(personel_id: int):
    row = service.personel(personel_id)
    page = FormPage("ik/personel.html", AyrilisInput(), **_context(row))
    with page.attempt():
        data = page.load()
        service.ayir(row.id, data["cikis_tarihi"], data["cikis_kodu"], data["neden"], actor=actor())
        flash(_("Ayrılış kaydedildi; SGK işten çıkış bildirgesi verildi."), "success")
        return redirect(url_for("ik.personel_kaydi", personel_id=row.id), 303)
    return page.render()


@bp.route("/ayarlar", methods=["GET", "POST"])
@access("tenant", "staff")
@requires("ik.ayar.yonet")
def ayarlar():
    """The employer's VKN and name as SGK knows them (a placeholder until the office sets it)."""
    current = ik_ayarlari()
    page = FormPage("ik/ayarlar.html", AyarInput(), ornek=current.isveren_vkn == ORNEK_VKN,
                    values={"isveren_vkn": current.isveren_vkn, "isveren_unvan": current.isveren_unvan,
                            "belge_azami_mb": current.belge_azami_mb})
    if page.submitted:
        with page.attempt():
            data = page.load()
            ayar_kaydet(data["isveren_vkn"], data["isveren_unvan"], belge_azami_mb=data["belge_azami_mb"],
                        actor=actor())
            flash(_("İK ayarları kaydedildi."), "success")
            return redirect(url_for("ik.ayarlar"), 303)
    return page.render()
