"""The özlük dosyası pages: a person's documents (list by kind, upload, download, mark
"geçersiz"), the documents whose validity ends soon, the office's document kinds, and the
employee's own documents in self-service (read only)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.errors import NotFound
from ebelediye.rbac import requires
from ebelediye.web import FormPage, Pager, actor, attachment, query_string, today

from ..schemas import TURLER, BelgeAramaInput, BelgeBilgiInput, BelgeTuruInput, GecersizInput
from ..services import IkError, ozluk
from ..services import personel as service
from . import bp

GORUNTULE, YONET = "ik.personel.goruntule", "ik.personel.yonet"
SAYFA = 20
YAKLASAN_SAYFASI = 25


def indir(row) -> Response:
    """The document's bytes as a download, with the type found on upload (never sniffed)."""
    return attachment(row.icerik, row.dosya_adi, row.icerik_turu, private=True, fallback=f"belge-{row.id}")


def _page(row, args: dict | None = None, **more) -> FormPage:
    args = args or {"tur": None, "sayfa": 1}
    rows, total = ozluk.belgeler(row.id, tur_id=args["tur"], sayfa=args["sayfa"], boyut=SAYFA)
    kinds = ozluk.turler()
    return FormPage("ik/belgeler.html", BelgeBilgiInput(), row=row, belgeler=rows, args=args, turler=TURLER,
                    belge_turleri=kinds,
                    secenekler=[(t.id, t.ad) for t in kinds], sayfa=Pager(args["sayfa"], total, SAYFA), total=total,
                    query=query_string(args, "tur"), azami_mb=ozluk.azami_bayt() // (1024 * 1024), **more)


@bp.route("/personel/<int:personel_id>/belgeler")
@access("tenant", "staff")
@requires(GORUNTULE)
def belgeler(personel_id: int):
    row = service.personel(personel_id)
    return _page(row, inputs.load_args(BelgeAramaInput())).render()


@bp.route("/personel/<int:personel_id>/belgeler", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def belge_yukle(personel_id: int):
    row = service.personel(personel_id)
    page = _page(row)
    upload = request.files.get("dosya")
    data, name = b"", ""
    if upload is not None:
        try:
            limit = ozluk.azami_bayt()
            data, name = upload.read(limit + 1) if upload.filename else b"", upload.filename or ""
        finally:
            upload.close()
    with page.attempt():
        details = page.load()
        if not data:
            raise IkError(_("Bir dosya seçin."), {"dosya": [_("Bir dosya seçin.")]})
        doc = ozluk.yukle(row.id, data, name, tur_id=details["tur_id"], belge_tarihi=details["belge_tarihi"],
                          gecerlilik_bitis=details["gecerlilik_bitis"], aciklama=details["aciklama"], actor=actor())
        flash(_("Belge özlük dosyasına eklendi: %(ad)s.", ad=doc.dosya_adi), "success")
        return redirect(url_for("ik.belgeler", personel_id=row.id), 303)
    return page.render()


@bp.route("/personel/<int:personel_id>/belgeler/<int:belge_id>")
@access("tenant", "staff")
@requires(GORUNTULE)
def belge_indir(personel_id: int, belge_id: int):
    return indir(ozluk.belge(service.personel(personel_id).id, belge_id))


@bp.route("/personel/<int:personel_id>/belgeler/<int:belge_id>/gecersiz", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def belge_gecersiz(personel_id: int, belge_id: int):
    row = service.personel(personel_id)
    ozluk.belge(row.id, belge_id)  # another person's document is not found
    page = _page(row, gecersiz_id=belge_id)
    with page.attempt():
        ozluk.gecersiz_kil(row.id, belge_id, page.load(GecersizInput())["neden"], actor=actor())
        flash(_("Belge geçersiz kılındı; özlük dosyasında üstü çizili olarak kalır."), "success")
        return redirect(url_for("ik.belgeler", personel_id=row.id), 303)
    return page.render()


@bp.route("/belgeler/suresi-dolan")
@access("tenant", "staff")
@requires(GORUNTULE)
def belgeler_yaklasan():
    """Documents in force whose validity ends within 30 days (working staff), soonest first."""
    args = inputs.load_args(BelgeAramaInput())
    rows, total = ozluk.yaklasanlar(today(), sayfa=args["sayfa"], boyut=YAKLASAN_SAYFASI)
    return render_template("ik/belgeler_yaklasan.html", rows=rows, gun=today(), gun_sayisi=ozluk.YAKLASAN_GUN,
                           sayfa=Pager(args["sayfa"], total, YAKLASAN_SAYFASI), total=total)


@bp.route("/belge-turleri")
@access("tenant", "staff")
@requires(GORUNTULE)
def belge_turleri():
    """The kinds of personnel document: the usual ones and the office's own."""
    return FormPage("ik/belge_turleri.html", BelgeTuruInput(), turler=ozluk.turler()).render()


@bp.route("/belge-turleri", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def belge_turu_ekle():
    page = FormPage("ik/belge_turleri.html", BelgeTuruInput(), turler=ozluk.turler())
    with page.attempt():
        data = page.load()
        tur = ozluk.tur_ekle(data["ad"], sureli=data["sureli"], actor=actor())
        flash(_("Belge türü eklendi: %(ad)s.", ad=tur.ad), "success")
        return redirect(url_for("ik.belge_turleri"), 303)
    return page.render()


# --- self-service --------------------------------------------------------------------------------

@bp.route("/benim/belge/<int:belge_id>")
@access("tenant", "staff")
def benim_belge(belge_id: int):
    p = service.epostadan(current_user.email)
    if p is None:
        raise NotFound(_("Belge bulunamadı."))
    return indir(ozluk.belge(p.id, belge_id))
