"""Payroll pages: the runs with the start form, a run with its progress bar and payslips,
closing, the difference run, the bank file, payslip PDFs."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, Pager, actor, query_string, today

from ..schemas import DonemInput, MaliyetInput, PusulaAramaInput
from ..services import belge
from ..services import bordro as service
from . import bp
from ._common import dosya

HAZIRLA, KAPAT = "ik.bordro.hazirla", "ik.bordro.kapat"
PUSULA_SAYFASI = 50
MALIYET_SAYFASI = 25
DURUMLAR = {"taslak": "Taslak", "hesaplaniyor": "Hesaplanıyor", "hesaplandi": "Hesaplandı", "kapali": "Kapalı",
            "odendi": "Ödendi"}


def _starter() -> str:
    return f"staff:{current_user.id}"


@bp.route("/bordro", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def bordrolar():
    page = FormPage("ik/bordrolar.html", DonemInput(), rows=service.bordrolar(), durumlar=DURUMLAR,
                    values={"donem": f"{today():%Y-%m}"})
    if page.submitted:
        with page.attempt():
            data = page.load()
            row = service.baslat(data["donem"], aciklama=data["aciklama"], actor=actor(), starter=_starter())
            flash(_("%(donem)s bordrosu başlatıldı.", donem=row.donem), "success")
            return redirect(url_for("ik.bordro", bordro_id=row.id), 303)
    return page.render()


@bp.route("/bordro/maliyet")
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro_maliyeti():
    """Payroll cost of a closed month (default the latest) or a range of months, by unit or by
    economic code, a page of rows at a time."""
    args = inputs.load_args(MaliyetInput())
    donemler = service.kapali_donemler()
    donem = args["donem"] or (donemler[0] if donemler else None)
    bitis = args["bitis"] if args["bitis"] and args["bitis"] != donem else None
    if donem and bitis and bitis < donem:  # the two picked the other way round
        donem, bitis = bitis, donem
    birimler = service.maliyet(donem, bitis, args["gore"]) if donem else []
    start = (args["sayfa"] - 1) * MALIYET_SAYFASI
    return render_template("ik/bordro_maliyeti.html", donem=donem, bitis=bitis, gore=args["gore"], donemler=donemler,
                           birimler=birimler[start:start + MALIYET_SAYFASI],
                           toplam=sum((b.toplam for b in birimler), service.ZERO),
                           kisi=service.maliyet_kisi(donem, bitis) if donem else 0,
                           sayfa=Pager(args["sayfa"], len(birimler), MALIYET_SAYFASI),
                           query=query_string({"donem": donem, "bitis": bitis, "gore": args["gore"]},
                                              "donem", "bitis", "gore"))


@bp.route("/bordro/maliyet.csv")
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro_maliyeti_csv():
    """The same cost, every row, as a CSV."""
    args = inputs.load_args(MaliyetInput())
    donem = args["donem"] or service.son_kapali_donem()
    if donem is None:
        return redirect(url_for("ik.bordro_maliyeti"))
    bitis = args["bitis"] or donem
    name = f"bordro-maliyeti-{donem}" + (f"-{bitis}" if bitis != donem else "") + \
        ("-ekonomik" if args["gore"] == "ekonomik" else "")
    return dosya(service.maliyet_csv(donem, bitis, args["gore"]), f"{name}.csv", "text/csv")


@bp.route("/bordro/<int:bordro_id>")
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro(bordro_id: int):
    row = service.bordro(bordro_id)
    record = service.is_kaydi(row)
    if request.args.get("format") == "json":
        return jsonify({**(record.as_dict() if record else {}), "durum": row.durum, "kisi": row.kisi_sayisi})
    done = row.durum not in ("taslak", "hesaplaniyor")
    percent = 100 if done else (record.percent or 0) if record else 0
    failed = record is not None and record.state == "failed"
    closed = row.durum in ("kapali", "odendi")
    paket = belge.paket_kaydi(row.id) if closed else None
    belgeler = belge.belgeler(row.id) if closed else []
    printing = paket is not None and paket.state in ("queued", "running")
    args = inputs.load_args(PusulaAramaInput())
    satirlar, toplam = service.satir_sayfasi(row.id, args["q"], sayfa=args["sayfa"], boyut=PUSULA_SAYFASI) \
        if done else ([], 0)
    return render_template("ik/bordro.html", row=row, record=record, percent=percent, durumlar=DURUMLAR,
                           satirlar=satirlar, args=args, toplam=toplam, sayfa=Pager(args["sayfa"], toplam, PUSULA_SAYFASI),
                           query=query_string(args, "q"),
                           yenile=(not done and not failed) or printing, failed=failed, paket=paket,
                           belgeler=belgeler,
                           paket_tamam=closed and {b[0] for b in belgeler} >= set(belge.birimler(row.id)))


@bp.route("/bordro/<int:bordro_id>/devam", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro_devam(bordro_id: int):
    """Resume a run whose worker died: a new job goes on from the payslips already made."""
    row = service.bordro(bordro_id)
    if row.tur == "asil":
        service.baslat(row.donem, actor=actor(), starter=_starter())
    else:
        service.devam(row.id, actor=actor(), starter=_starter())
    flash(_("Bordro kaldığı yerden sürdürülüyor."), "success")
    return redirect(url_for("ik.bordro", bordro_id=row.id), 303)


@bp.route("/bordro/<int:bordro_id>/kapat", methods=["POST"])
@access("tenant", "staff")
@requires(KAPAT)
def bordro_kapat(bordro_id: int):
    row = service.kapat(bordro_id, today(), actor=actor())
    flash(_("Bordro kapatıldı ve muhasebeye bildirildi."), "success")
    return redirect(url_for("ik.bordro", bordro_id=row.id), 303)


@bp.route("/bordro/<int:bordro_id>/fark", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro_fark(bordro_id: int):
    row = service.fark_baslat(bordro_id, actor=actor(), starter=_starter(),
                              aciklama=request.form.get("aciklama", "")[:300])
    flash(_("Fark bordrosu başlatıldı."), "success")
    return redirect(url_for("ik.bordro", bordro_id=row.id), 303)


@bp.route("/bordro/<int:bordro_id>/aphb", methods=["POST"])
@access("tenant", "staff")
@requires(KAPAT)
def bordro_aphb(bordro_id: int):
    row = service.aphb_gonder(bordro_id, actor=actor())
    flash(_("APHB SGK'ya verildi: %(ref)s", ref=row.aphb_referans), "success")
    return redirect(url_for("ik.bordro", bordro_id=row.id), 303)


@bp.route("/bordro/<int:bordro_id>/kesenek", methods=["POST"])
@access("tenant", "staff")
@requires(KAPAT)
def bordro_kesenek(bordro_id: int):
    row = service.kesenek_gonder(bordro_id, actor=actor())
    flash(_("Kesenek bildirgesi SGK'ya verildi: %(ref)s", ref=row.kesenek_referans), "success")
    return redirect(url_for("ik.bordro", bordro_id=row.id), 303)


@bp.route("/bordro/<int:bordro_id>/muhsgk.xlsx")
@access("tenant", "staff")
@requires(KAPAT)
def bordro_muhsgk(bordro_id: int):
    row = service.bordro(bordro_id)
    return dosya(service.muhsgk_xlsx(row.id), f"muhsgk-{row.donem}.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/bordro/<int:bordro_id>/banka.csv")
@access("tenant", "staff")
@requires(KAPAT)
def banka_dosyasi(bordro_id: int):
    row = service.bordro(bordro_id)
    return dosya(service.banka_dosyasi(row.id), f"banka-{row.donem}-{row.id}.csv", "text/csv")


@bp.route("/bordro/<int:bordro_id>/odendi", methods=["POST"])
@access("tenant", "staff")
@requires(KAPAT)
def bordro_odendi(bordro_id: int):
    row = service.odendi(bordro_id, today(), actor=actor())
    flash(_("Net ödemeler bankaya gönderildi olarak işaretlendi."), "success")
    return redirect(url_for("ik.bordro", bordro_id=row.id), 303)


@bp.route("/bordro/satir/<int:satir_id>.pdf")
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro_pdf(satir_id: int):
    return dosya(belge.bordro_pdf(satir_id), f"bordro-{satir_id}.pdf", "application/pdf")


@bp.route("/bordro/<int:bordro_id>/pusulalar", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro_pusulalar(bordro_id: int):
    """Queue the job that prints a closed run's payslips, one PDF per unit."""
    belge.paket_baslat(bordro_id, actor=actor(), starter=_starter())
    flash(_("Pusulalar hazırlanıyor."), "success")
    return redirect(url_for("ik.bordro", bordro_id=bordro_id), 303)


@bp.route("/bordro/<int:bordro_id>/pusulalar.zip")
@access("tenant", "staff")
@requires(HAZIRLA)
def bordro_pusulalar_zip(bordro_id: int):
    row = service.bordro(bordro_id)
    return dosya(belge.paket_zip(row.id), f"pusulalar-{row.donem}-{row.id}.zip", "application/zip")
