"""``flask ik ...``: İK's commands, mounted by the registry from the spec (``cli``).

Each command runs in one unit of work; a ``UserError`` is its message and exit code 2, a
``ClickException`` (unknown tenant, İK not enabled) its message and exit code 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ebelediye import inputs, tenancy, uow
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.rbac import can

from .models import Bordro
from .schemas import AciklamaInput
from .services import IkError, bordro, izin, personel

group = click.Group("ik", help="İnsan kaynakları modülü komutları.")

BELEDIYE = click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")


@contextmanager
def _tenant(slug: str) -> Iterator[None]:
    """Bind an active tenant with İK for the command's work, and commit that work in it."""
    tenant = current_app.extensions["ebelediye.tenants"].by_slug(slug)
    if tenant is None or not tenant.is_active or "ik" not in tenant.modules:
        raise click.ClickException(f"İK modülü etkin bir '{slug}' belediyesi yok.")
    db.session.rollback()  # the lookup only read from public; the tenant's transaction begins clean
    with tenancy.bind(tenant, db.session):
        yield
        # leaving the binding rolls back: what the command wrote commits in the tenant
        uow.commit()


def _starter(eposta: str, code: str) -> str:
    """``staff:<id>`` of the active staff user ``eposta`` holding ``code``: the job re-checks
    the starter's permission when it runs, so a command cannot start it for nobody."""
    user = db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == eposta.strip().lower()))
    if user is None or not user.is_active:
        raise IkError(f"Bu belediyede etkin bir '{eposta}' kullanıcısı yok.", {"kullanici": ["Personel e-postası."]})
    if not can(user, code):
        raise IkError(f"'{eposta}' kullanıcısının '{code}' yetkisi yok.", {"kullanici": [code]})
    return f"staff:{user.id}"


@group.command("bordro-hesapla")
@BELEDIYE
@click.option("--donem", required=True, help="Bordro dönemi (YYYY-AA).")
@click.option("--kullanici", "eposta", required=True,
              help="İşin kimin adına çalışacağı: 'ik.bordro.hazirla' yetkili personelin e-postası.")
@with_appcontext
def bordro_hesapla_komutu(slug: str, donem: str, eposta: str) -> None:
    """Dönemin aylık bordrosunu başlat ya da sürdür (queues the payroll run job)."""
    bordro.donem_coz(donem)  # a bad period is refused before any tenant work
    with _tenant(slug):
        starter = _starter(eposta, "ik.bordro.hazirla")
        row = bordro.baslat(donem, actor=f"cli:ik ({eposta})", starter=starter)
        run_id, job_id = row.id, row.job_id
    click.echo(f"{donem} bordrosu kuyruğa kondu: bordro {run_id}, iş {job_id}")


@group.command("fark-bordrosu")
@BELEDIYE
@click.option("--donem", required=True, help="Düzeltilecek dönem (YYYY-AA): aylık bordrosu kapatılmış olmalı.")
@click.option("--kullanici", "eposta", required=True,
              help="İşin kimin adına çalışacağı: 'ik.bordro.hazirla' yetkili personelin e-postası.")
@click.option("--aciklama", default="", help="Fark bordrosunun gerekçesi (en çok 300 karakter).")
@with_appcontext
def fark_bordrosu_komutu(slug: str, donem: str, eposta: str, aciklama: str) -> None:
    """Kapatılmış bir aylık bordroyu düzelten fark bordrosunu başlat (the page's "fark bordrosu":
    the month recomputed with today's data, only the differences written)."""
    bordro.donem_coz(donem)  # a bad period is refused before any tenant work
    note = inputs.load(AciklamaInput(), {"aciklama": aciklama})["aciklama"]
    with _tenant(slug):
        starter = _starter(eposta, "ik.bordro.hazirla")
        original = db.session.scalar(select(Bordro).where(Bordro.donem == donem, Bordro.tur == "asil"))
        if original is None or original.durum not in bordro.KAPALI:
            raise IkError(f"{donem} döneminin kapatılmış aylık bordrosu yok; fark bordrosu kapatılmış bir bordroyu "
                          "düzeltir.", {"donem": ["Kapatılmış aylık bordro yok."]})
        row = bordro.fark_baslat(original.id, actor=f"cli:ik ({eposta})", starter=starter, aciklama=note)
        run_id, job_id, original_id = row.id, row.job_id, original.id
    click.echo(f"{donem} fark bordrosu kuyruğa kondu: bordro {run_id} (düzelttiği {original_id}), iş {job_id}")


@group.command("izin-devir")
@BELEDIYE
@click.option("--yil", required=True, type=click.IntRange(2000, 2200),
              help="Kapanan yıl sonu: bir önceki yıldan kalan memur izinleri düşer (657 m.103).")
@with_appcontext
def izin_devir_komutu(slug: str, yil: int) -> None:
    """Yıl sonu izin devri: memur ve sözleşmeli personelin önceki yıldan kalan izni düşer
    (işçilerinki devreder); tekrar çalıştırmak güvenlidir."""
    with _tenant(slug):
        lapsed = izin.dusur(yil, actor="cli:ik")
    click.echo(f"{lapsed} kişinin {yil - 1} yılından kalan izni düştü.")


@group.command("personel-listesi")
@BELEDIYE
@click.option("--json", "as_json", is_flag=True, help="JSON olarak yaz.")
@click.option("--ayrilanlar", is_flag=True, help="Ayrılmış personeli de listele.")
@with_appcontext
def personel_listesi_komutu(slug: str, as_json: bool, ayrilanlar: bool) -> None:
    """Personeli sicil numarası, ad, tür ve işe giriş tarihiyle listele (salt okunur)."""
    rows: list[dict] = []
    with _tenant(slug):
        page, size = 1, 500
        while True:
            people, total = personel.liste(sayfa=page, boyut=size, yalniz_calisan=not ayrilanlar)
            rows += [{"sicil_no": p.sicil_no, "ad_soyad": p.ad_soyad, "tur": p.tur,
                      "ise_giris": p.ise_giris.isoformat() if p.ise_giris else None,
                      "ayrilis_tarihi": p.ayrilis_tarihi.isoformat() if p.ayrilis_tarihi else None}
                     for p in people]
            if page * size >= total or not people:
                break
            page += 1
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['sicil_no']}\t{r['ad_soyad']}\t{r['tur']}\t{r['ise_giris'] or ''}")
    click.echo(f"Toplam {len(rows)} kişi.")
