"""Gelir raporları: an overview with charts, four reports, each exportable as CSV and XLSX.

The pages only read the filter, call ``services.rapor`` and render; a filter a user got
wrong (a bad date, an end before the start) shows the form again with its message, 422.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta
from decimal import Decimal
from math import ceil

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..hesap import ZERO, tl
from ..services import GelirError
from ..services import rapor as service
from . import _export, _svg, bp

SAYFA = 50
AYLAR = ("Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara")


# --- presentation helpers -----------------------------------------------------------

def hucre(value: object, kind: str) -> str:
    """A table cell in Turkish notation: 1.234,56 / %12,50 / 31.05.2026 / 1.234."""
    if value is None or value == "":
        return ""
    if kind == "para" and isinstance(value, (Decimal, int)):
        return tl(Decimal(value))
    if kind == "oran" and isinstance(value, (Decimal, int)):
        return f"{Decimal(value):.2f}".replace(".", ",")
    if kind == "tarih" and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if kind == "sayi" and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


class Sayfa:
    """One page of a report's rows (the report is computed whole; only the table is paged)."""

    def __init__(self, rows: list, page: int) -> None:
        self.total = len(rows)
        self.pages = max(1, ceil(self.total / SAYFA))
        self.page = min(max(page, 1), self.pages)
        self.items = rows[(self.page - 1) * SAYFA:self.page * SAYFA]

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _page_arg() -> int:
    try:
        return int(request.args.get("sayfa", "1"))
    except ValueError:
        return 1


def mukellef_url(mukellef_id: int) -> str | None:
    """The taxpayer's page, if the portal has one (built by another part of the module)."""
    if "gelir.mukellef" not in current_app.view_functions:
        return None
    for key in ("mukellef_id", "id"):
        try:
            return url_for("gelir.mukellef", **{key: mukellef_id})
        except BuildError:
            continue
    return None


def _render(template: str, status: int = 200, **context):
    context.setdefault("hata", None)
    context.setdefault("alan_hatalari", {})
    return render_template(f"gelir/rapor/{template}", hucre=hucre, Sayfa=Sayfa, sayfa_no=_page_arg(),
                           args=request.args.to_dict(), **context), status


def _problem(template: str, exc: GelirError, **context):
    return _render(template, 422, hata=exc.message, alan_hatalari=exc.errors, **context)


def _export_or_none(name: str, tablolar: list[service.Tablo], baslik: str):
    """The CSV/XLSX download when ``bicim`` asks for one; None for the HTML page."""
    bicim = request.args.get("bicim", "").strip()
    if not bicim:
        return None
    if bicim == "xlsx":
        return _export.xlsx_response(tablolar, f"{name}.xlsx", baslik)
    if bicim == "csv":
        wanted = request.args.get("tablo") or tablolar[0].ad
        for tablo in tablolar:
            if tablo.ad == wanted:
                return _export.csv_response(tablo, f"{name}-{tablo.ad}.csv")
        raise GelirError(_("Tablo bulunamadı."), {"tablo": [_("Dışa aktarılacak tabloyu listeden seçin.")]})
    raise GelirError(_("Dosya biçimi geçersiz."), {"bicim": [_("Biçim csv ya da xlsx olmalı.")]})


# --- charts -------------------------------------------------------------------------

def tahsilat_grafigi(report: service.TahsilatRaporu, chart_id: str = "grafik-tahsilat"):
    """Collections over the range: a bar a day up to two months, else a bar a month."""
    by_day = {row["tarih"]: row["tutar"] for row in report.gunluk.satirlar}
    days = service.gunler(report.baslangic, report.bitis)
    if len(days) <= 62:
        labels = [d.strftime("%d.%m") for d in days]
        values = [by_day.get(d, ZERO) for d in days]
        unit = _("günlük")
    else:
        months: OrderedDict[tuple[int, int], Decimal] = OrderedDict()
        for d in days:
            months.setdefault((d.year, d.month), ZERO)
        for d, value in by_day.items():
            months[(d.year, d.month)] += value
        labels = [f"{AYLAR[m - 1]} {y % 100:02d}" for y, m in months]
        values = list(months.values())
        unit = _("aylık")
    title = _("Tahsilat (%(unit)s), %(start)s–%(end)s", unit=unit, start=f"{report.baslangic:%d.%m.%Y}",
              end=f"{report.bitis:%d.%m.%Y}")
    return _svg.bar_chart(chart_id, title, labels, [(_("Tahsilat"), values)],
                          description=_("%(title)s: toplam %(total)s TL. Rakamlar yandaki tabloda.", title=title,
                                        total=tl(report.toplam)))


def gelir_turu_grafigi(report: service.TahsilatRaporu, chart_id: str = "grafik-gelir-turu"):
    items = [(row["ad"], row["tutar"]) for row in report.gelir_turu.satirlar]
    return _svg.hbar_chart(chart_id, _("Gelir türüne göre tahsilat"), items,
                           description=_("Gelir türüne göre tahsilat; rakamlar yandaki tabloda."))


def kanal_grafigi(report: service.TahsilatRaporu, chart_id: str = "grafik-kanal"):
    items = [(row["ad"], row["tutar"]) for row in report.kanal.satirlar]
    return _svg.hbar_chart(chart_id, _("Ödeme kanalına göre tahsilat"), items,
                           description=_("Ödeme kanalına göre tahsilat; rakamlar yandaki tabloda."))


def yas_grafigi(report: service.YasRaporu, chart_id: str = "grafik-yas"):
    rows = report.tablo.satirlar
    return _svg.bar_chart(chart_id, _("Vadesi geçmiş alacak, %(day)s itibarıyla", day=f"{report.gun:%d.%m.%Y}"),
                          [r["ad"] for r in rows], [(_("Açık tutar"), [r["tutar"] for r in rows])],
                          description=_("Gecikme süresine göre açık alacak: toplam %(total)s TL.",
                                        total=tl(report.toplam)))


def yillik_grafik(tablo: service.Tablo, chart_id: str = "grafik-yillik"):
    rows = tablo.satirlar
    return _svg.bar_chart(chart_id, _("Yıllara göre tahakkuk ve tahsilat"), [str(r["yil"]) for r in rows],
                          [(_("Net tahakkuk"), [r["net"] for r in rows]),
                           (_("Tahsil edilen"), [r["tahsil"] for r in rows])],
                          description=_("Her bütçe yılı için net tahakkuk ve tahsil edilen tutar; oranlar tabloda."))


# --- pages --------------------------------------------------------------------------

@bp.route("/raporlar")
@access("tenant", "staff")
@requires("gelir.rapor.goruntule")
def raporlar():
    """Overview: the main charts, with links to each report."""
    day = today()
    collections = service.tahsilat_raporu(day - timedelta(days=29), day)
    ages = service.gecikmis_alacak_yaslari(day)
    yearly = service.tahakkuk_tahsilat(day.year - 4, day.year)
    return _render(
        "index.html", gun=day, tahsilat=collections, yas=ages, yillik=yearly,
        tahsilat_svg=tahsilat_grafigi(collections), gelir_turu_svg=gelir_turu_grafigi(collections),
        yas_svg=yas_grafigi(ages), yillik_svg=yillik_grafik(yearly))


@bp.route("/raporlar/tahsilat")
@access("tenant", "staff")
@requires("gelir.rapor.goruntule")
def rapor_tahsilat():
    try:
        bas, bit = service.aralik(request.args.get("baslangic"), request.args.get("bitis"), today())
        report = service.tahsilat_raporu(bas, bit)
        download = _export_or_none(f"tahsilat-{bas:%Y%m%d}-{bit:%Y%m%d}", report.tablolar(),
                                   "Tahsilat raporu")
    except GelirError as exc:
        return _problem("tahsilat.html", exc, rapor=None)
    if download is not None:
        return download
    return _render("tahsilat.html", rapor=report, tahsilat_svg=tahsilat_grafigi(report),
                   gelir_turu_svg=gelir_turu_grafigi(report), kanal_svg=kanal_grafigi(report))


@bp.route("/raporlar/gecikmis-alacak")
@access("tenant", "staff")
@requires("gelir.rapor.goruntule")
def rapor_yas():
    try:
        day = service.tarih(request.args.get("gun"), "gun", today())
        report = service.gecikmis_alacak_yaslari(day)
        download = _export_or_none(f"gecikmis-alacak-{day:%Y%m%d}", [report.tablo], "Gecikmiş alacak yaşlandırma")
    except GelirError as exc:
        return _problem("yas.html", exc, rapor=None)
    if download is not None:
        return download
    return _render("yas.html", rapor=report, yas_svg=yas_grafigi(report))


@bp.route("/raporlar/borclular")
@access("tenant", "staff")
@requires("gelir.rapor.goruntule")
def rapor_borclular():
    estimate = request.args.get("gecikme") in ("1", "on", "evet")
    try:
        day = service.tarih(request.args.get("gun"), "gun", today())
        count = service.adet(request.args.get("adet"))
        tablo = service.en_borclular(day, count, gecikme_tahmini=estimate)
        download = _export_or_none(f"en-borclular-{day:%Y%m%d}", [tablo], "En çok borcu olan mükellefler")
    except GelirError as exc:
        return _problem("borclular.html", exc, tablo=None, gecikme=estimate)
    if download is not None:
        service.disa_aktarim_kaydi("borclular", request.args["bicim"],
                                   {"gun": day.isoformat(), "adet": count, "gecikme": estimate},
                                   len(tablo.satirlar), actor=actor())
        return download
    chart = _svg.hbar_chart("grafik-borclular", _("En çok borcu olan mükellefler"),
                            [(f"{r['sira']}. {r['ad']}", r["tutar"]) for r in tablo.satirlar[:20]],
                            description=_("İlk 20 mükellefin vadesi geçmiş açık borcu; rakamlar tabloda."))
    return _render("borclular.html", tablo=tablo, gun=day, adet=count, gecikme=estimate,
                   borclular_svg=chart,
                   mukellef_link=lambda row: mukellef_url(row["mukellef_id"]))


@bp.route("/raporlar/tahakkuk-tahsilat")
@access("tenant", "staff")
@requires("gelir.rapor.goruntule")
def rapor_yillik():
    try:
        first, last = service.yil_araligi(request.args.get("yil_baslangic"), request.args.get("yil_bitis"), today())
        tablo = service.tahakkuk_tahsilat(first, last)
        download = _export_or_none(f"tahakkuk-tahsilat-{first}-{last}", [tablo], "Tahakkuk ve tahsilat")
    except GelirError as exc:
        return _problem("yillik.html", exc, tablo=None)
    if download is not None:
        return download
    return _render("yillik.html", tablo=tablo, yil_baslangic=first, yil_bitis=last, yillik_svg=yillik_grafik(tablo))
