"""``flask tenants ...``: the operator's command line for the tenant lifecycle.

Bad input prints a clear message and exits non-zero without changing anything.
"""

from __future__ import annotations

import getpass
import json
import sys
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from ebelediye import embedded, jobs
from ebelediye.extensions import db
from ebelediye.mail import OutboxMessage
from ebelediye.registry import RegistryError
from ebelediye.tenancy import TenantError, validate_slug

from . import archive as archive_service
from . import migrate as migrate_service
from . import services, spares, template
from .models import Tenant, TenantDomain

tenants_cli = AppGroup("tenants", help="Belediye (tenant) yaşam döngüsü.")


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def fail(message: str, code: int = 1) -> None:
    click.echo(f"Hata: {message}", err=True)
    sys.exit(code)


@contextmanager
def reported():
    """Turn the lifecycle's refusals into a message and a non-zero exit, changing nothing."""
    try:
        yield
    except (TenantError, RegistryError) as exc:
        db.session.rollback()
        fail(str(exc))


def _app_ready() -> None:
    embedded.ensure_for_app(current_app)


@tenants_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Belediyenin adı, ör. 'Çankaya Belediyesi'.")
@click.option("--modules", default="", help="Virgülle ayrılmış modül anahtarları.")
@click.option("--admin-email", default=None, help="İlk yöneticinin e-postası (parola bağlantısı gönderilir).")
@click.option("--province", default=None)
@click.option("--district", default=None)
@click.option("--population-band", default=None)
@click.option("--queue", "use_queue", is_flag=True, help="Kurulumu rq işçisine bırak (varsayılan: hemen burada).")
def create(slug, name, modules, admin_email, province, district, population_band, use_queue) -> None:
    """Yeni bir belediye kaydeder ve kurar."""
    _app_ready()
    keys = [k.strip() for k in modules.split(",") if k.strip()]
    req = services.ProvisionRequest(
        slug=slug, name=name, modules=keys, admin_email=admin_email, province=province,
        district=district, population_band=population_band,
    )
    try:
        tenant, record = services.request_tenant(req, actor())
    except services.ValidationFailed as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                click.echo(f"Hata ({field}): {message}", err=True)
        sys.exit(2)
    if use_queue:
        jobs.dispatch(record)
        click.echo(f"{slug}: kurulum kuyruğa alındı (iş {record.id}).")
        return
    with reported():
        result = jobs.execute(record) or {}
    click.echo(f"{slug}: kuruldu, modüller: {', '.join(result.get('modules') or []) or '-'}")
    if admin_email:
        with services.bound(slug):
            message = db.session.scalar(
                select(OutboxMessage).where(OutboxMessage.to_address == admin_email)
                .order_by(OutboxMessage.id.desc())
            )
            if message is not None:
                link = next((w for w in message.body.split() if "/sifre-belirle/" in w), None)
                click.echo(f"Yönetici parola bağlantısı ({admin_email}): {link}")
            db.session.rollback()


@tenants_cli.command("provision")
@click.argument("slug")
@click.option("--queue", "use_queue", is_flag=True, help="rq işçisine bırak.")
def provision(slug: str, use_queue: bool) -> None:
    """Yarım kalmış bir kurulumu yeniden çalıştırır (güvenle tekrarlanabilir)."""
    _app_ready()
    with reported():
        services.get_tenant(slug)
        record = jobs.create_record(slug, "tenants.jobs:provision", slug, actor(), queue_name="batch",
                                    description=f"{slug} belediyesinin kurulumu (yeniden)")
        db.session.commit()
        if use_queue:
            jobs.dispatch(record)
            click.echo(f"{slug}: kurulum kuyruğa alındı (iş {record.id}).")
            return
        result = jobs.execute(record) or {}
    click.echo(f"{slug}: {result['state']}{' (zaten kuruluydu)' if result.get('already') else ''}")


@tenants_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_tenants(as_json: bool) -> None:
    """Belediyeleri durumları ve modülleriyle listeler."""
    _app_ready()
    tenants = db.session.scalars(select(Tenant).order_by(Tenant.slug)).all()
    rows = [
        {"slug": t.slug, "name": t.name, "state": t.state,
         "modules": sorted(t.enabled_modules()), "domains": [d.host for d in t.domains]}
        for t in tenants
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("Henüz belediye yok. 'flask tenants create' ile ekleyin.")
    for row in rows:
        click.echo(f"{row['slug']:<20} {row['state']:<13} {row['name']:<35} {','.join(row['modules']) or '-'}")


@tenants_cli.command("suspend")
@click.argument("slug")
@click.option("--reason", default=None, help="Askıya alma gerekçesi (denetim kaydına yazılır).")
def suspend(slug: str, reason: str | None) -> None:
    """Belediyeyi askıya alır: portal 503 döner, veri korunur."""
    _app_ready()
    with reported():
        services.suspend(slug, actor(), reason)
    click.echo(f"{slug}: askıya alındı.")


@tenants_cli.command("resume")
@click.argument("slug")
def resume(slug: str) -> None:
    """Askıdaki belediyeyi yeniden açar."""
    _app_ready()
    with reported():
        services.resume(slug, actor())
    click.echo(f"{slug}: yeniden etkin.")


@tenants_cli.command("archive")
@click.argument("slug")
@click.option("--to", "destination", required=True, type=click.Path(dir_okay=False))
def archive(slug: str, destination: str) -> None:
    """Belediyenin şemasını dosyaya aktarır ve veritabanından kaldırır."""
    _app_ready()
    with reported():
        path = archive_service.archive(slug, destination, actor())
    click.echo(f"{slug}: arşivlendi -> {path}")


@tenants_cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False))
def restore(source: str) -> None:
    """Arşiv dosyasından belediyeyi geri yükler ve içeriğini doğrular."""
    _app_ready()
    with reported():
        tenant = archive_service.restore(source, actor())
    click.echo(f"{tenant.slug}: geri yüklendi ({tenant.state}).")


@tenants_cli.command("move")
@click.argument("slug")
@click.option("--node", required=True, help="Hedef Citus düğümü, HOST:PORT (ör. 10.0.0.12:5432).")
def move(slug: str, node: str) -> None:
    """Belediyenin şemasını başka bir Citus düğümüne taşır (citus_schema_move; çevrim içi)."""
    from . import citus

    _app_ready()
    with reported():
        result = citus.move_tenant(slug, node, actor())
    if result["moved"]:
        click.echo(f"{slug}: {result['from']} -> {result['to']} taşındı.")
    else:
        click.echo(f"{slug}: zaten {result['to']} düğümünde; bir şey yapılmadı.")


@tenants_cli.command("rebalance")
@click.option("--wait/--no-wait", default=False, help="Dengeleme bitene kadar bekle.")
def rebalance(wait: bool) -> None:
    """Belediye şemalarını Citus düğümlerine dengeli dağıtır (citus_rebalance_start)."""
    from . import citus

    _app_ready()
    with reported():
        result = citus.rebalance(actor())
    if result["job_id"] is None:
        click.echo("Kümede taşınacak şema yok; dağılım dengeli.")
    else:
        click.echo(f"Dengeleme başladı (iş {result['job_id']}).")
        if wait:
            citus.rebalance_wait()
            click.echo("Dengeleme bitti.")
    with reported():
        nodes = citus.schema_nodes([f"t_{t}" for t in db.session.scalars(select(Tenant.slug))])
    for node, count in sorted(_count_by_node(nodes).items()):
        click.echo(f"  {node}: {count} belediye")


def _count_by_node(nodes: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in nodes.values():
        counts[node] = counts.get(node, 0) + 1
    return counts


@tenants_cli.command("enable-module")
@click.argument("slug")
@click.argument("key")
def enable_module(slug: str, key: str) -> None:
    """Belediye için bir modülü açar (göçler ve başlangıç verisi)."""
    _app_ready()
    with reported():
        services.enable_module(slug, key, actor())
    click.echo(f"{slug}: '{key}' modülü açıldı.")


@tenants_cli.command("disable-module")
@click.argument("slug")
@click.argument("key")
def disable_module(slug: str, key: str) -> None:
    """Belediye için bir modülü kapatır; veri silinmez."""
    _app_ready()
    with reported():
        services.disable_module(slug, key, actor())
    click.echo(f"{slug}: '{key}' modülü kapatıldı (veri korunuyor).")


@tenants_cli.command("add-domain")
@click.argument("slug")
@click.argument("host")
def add_domain(slug: str, host: str) -> None:
    """Belediyeye ek bir alan adı bağlar."""
    _app_ready()
    host = host.strip().lower()
    if not host or " " in host or "/" in host or len(host) > 253:
        fail(f"Geçersiz alan adı: {host!r}", 2)
    with reported():
        tenant = services.get_tenant(slug)
        if db.session.scalar(select(func.count()).select_from(TenantDomain).where(TenantDomain.host == host)):
            fail(f"{host} zaten bir belediyeye bağlı.", 2)
        db.session.add(TenantDomain(host=host, tenant=tenant))
        db.session.commit()
        services.invalidate_cache()
    click.echo(f"{slug}: {host} bağlandı.")


@tenants_cli.command("migrate")
@click.argument("slugs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Tüm etkin belediyeler.")
@click.option("--jobs", "workers", type=click.IntRange(1, 64), default=None, help="Paralel işçi sayısı.")
@click.option("--verify", is_flag=True,
              help="Kayıtlı sürümlere güvenmeden her şemanın sürüm tablolarını okur (elle değişiklikten sonra).")
def migrate(slugs: tuple[str, ...], all_: bool, workers: int | None, verify: bool) -> None:
    """Platform şemasını ve geride kalan belediye şemalarını son sürüme taşır.

    Hangi şemanın geride olduğunu, göçlerin yazdığı sürüm kaydından okur; --verify şemaların
    kendisini okur ve kaydı düzeltir."""
    _app_ready()
    if not slugs and not all_:
        fail("Belediye kısa adları ya da --all verin.", 2)
    if slugs and all_:
        fail("Kısa adlarla --all birlikte kullanılamaz.", 2)
    for slug in slugs:
        with reported():
            validate_slug(slug)
            services.get_tenant(slug)
    applied = migrate_service.migrate_platform()
    if applied:
        click.echo(f"platform: {', '.join(applied)} uygulandı")
    workers = workers or current_app.config["MIGRATE_JOBS"]
    counts = {"migrated": 0, "failed": 0}

    def show(result) -> None:
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == "failed":
            click.echo(f"{result.slug}: BAŞARISIZ — {result.error}", err=True)
        else:
            click.echo(f"{result.slug}: {', '.join(result.applied)} uygulandı ({result.seconds:.2f} sn)")

    results = migrate_service.migrate(list(slugs) or None, workers, on_result=show, verify=verify)
    if not results:
        click.echo("Belediye şemalarının hepsi güncel: uygulanacak göç yok.")
    else:
        click.echo(f"Şeması geride olan {len(results)} belediye: {counts['migrated']} taşındı, "
                   f"{counts['failed']} başarısız.")
    if counts["failed"]:
        sys.exit(1)


@tenants_cli.command("template")
def build_template() -> None:
    """Yeni belediyelerin şema betiğini (DDL) şimdi üretir."""
    _app_ready()
    migrate_service.migrate_platform()
    tpl = template.current()
    click.echo(f"şablon {tpl.key}: " + ", ".join(f"{k}={len(v)}" for k, v in tpl.layers.items()))


@tenants_cli.group("spares")
def spares_cli() -> None:
    """Önceden hazırlanmış yedek şemalar (kurulum DDL beklemeden biter)."""


@spares_cli.command("list")
def spares_list() -> None:
    """Yedek şema havuzunu modül kümesine göre listeler."""
    _app_ready()
    current = template.current().key
    rows = spares.pool()
    if not rows:
        click.echo("Havuzda yedek şema yok.")
    for row in rows:
        state = "güncel" if row["template_key"] == current else "eski (kullanılmaz; prune siler)"
        click.echo(f"{row['modules'] or '(yalnız çekirdek)'}: {row['count']} yedek, {state}")
    db.session.rollback()


@spares_cli.command("fill")
@click.option("--modules", "module_list", default="", help="Virgülle ayrılmış modül anahtarları.")
@click.option("--count", type=click.IntRange(1, 50), default=2, show_default=True,
              help="Bu küme için havuzda tutulacak yedek sayısı.")
def spares_fill(module_list: str, count: int) -> None:
    """Bir modül kümesinin havuzunu COUNT yedeğe tamamlar (güvenle tekrarlanabilir)."""
    _app_ready()
    keys = [k.strip() for k in module_list.split(",") if k.strip()]
    with reported():
        known = set(services.registry().keys())
        unknown = sorted(set(keys) - known)
        if unknown:
            raise RegistryError(f"Bilinmeyen modül: {', '.join(unknown)} (var olanlar: {', '.join(sorted(known))}).")
        built = spares.fill(keys, count)
    click.echo(f"{spares.module_set(keys) or '(yalnız çekirdek)'}: {len(built)} yedek şema hazırlandı.")


@spares_cli.command("prune")
@click.option("--all", "drop_all", is_flag=True, help="Güncel yedekleri de siler.")
def spares_prune(drop_all: bool) -> None:
    """Eski şablonla hazırlanmış (ya da --all ile bütün) yedek şemaları siler."""
    _app_ready()
    dropped = spares.prune(keep_current=not drop_all)
    click.echo(f"{len(dropped)} yedek şema silindi.")


@tenants_cli.command("mfa-reseal")
def mfa_reseal() -> None:
    """TOTP sırlarını MFA_ENCRYPTION_KEYS'in ilk anahtarıyla yeniden şifreler (anahtar değişimi).

    Re-encrypts every stored second-factor secret (ministry users, then each municipality's
    staff) under the first key, so that older keys can be removed afterwards.  Safe to run
    again; exits 1 when some secret no configured key opens (those users need a reset)."""
    from ebelediye import mfa
    from ebelediye.identity import StaffUser

    from .models import MinistryUser

    _app_ready()
    unreadable = []
    counts = mfa.reseal_all(MinistryUser, actor=actor(), realm="ministry")
    db.session.commit()
    unreadable += [f"bakanlık kullanıcısı {i}" for i in counts["unreadable"]]
    total = counts["resealed"]
    click.echo(f"Bakanlık: {counts['resealed']} yeniden şifrelendi, {counts['current']} zaten güncel.")
    slugs = db.session.scalars(select(Tenant.slug).where(Tenant.state.in_(("active", "suspended")))
                               .order_by(Tenant.slug)).all()
    for slug in slugs:
        with services.bound(slug):
            counts = mfa.reseal_all(StaffUser, actor=actor(), realm="staff")
            db.session.commit()
        total += counts["resealed"]
        unreadable += [f"{slug} personeli {i}" for i in counts["unreadable"]]
        if counts["resealed"] or counts["unreadable"]:
            click.echo(f"{slug}: {counts['resealed']} yeniden şifrelendi, {counts['current']} zaten güncel.")
    click.echo(f"Toplam {total} sır ilk anahtarla yeniden şifrelendi ({len(slugs)} belediye).")
    if unreadable:
        fail("Hiçbir anahtarın açamadığı sırlar (bu kullanıcıların ikinci adımı sıfırlanmalı): "
             + ", ".join(unreadable))


@tenants_cli.command("create-ministry-user")
@click.argument("email")
@click.option("--name", required=True)
@click.password_option("--password", help="En az 10 karakter, harf ve rakam.")
def create_ministry_user(email: str, name: str, password: str) -> None:
    """Bakanlık konsolu için kullanıcı oluşturur."""
    from ebelediye.identity import password_problems

    from .models import MinistryUser

    _app_ready()
    problems = password_problems(password)
    if problem := services.email_problem(email):
        problems.insert(0, problem)
    if problems:
        fail(" ".join(problems), 2)
    if db.session.scalar(select(MinistryUser.id).where(func.lower(MinistryUser.email) == email.lower())):
        fail(f"{email} zaten kayıtlı.", 2)
    user = MinistryUser(email=email.lower(), full_name=name)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"{email}: bakanlık kullanıcısı oluşturuldu.")


@tenants_cli.command("demo")
@click.option("--port", type=int, default=None, help="Bağlantılarda gösterilecek port.")
def demo(port: int | None) -> None:
    """Demo verisini yükler (iki belediye, personel, bakanlık kullanıcısı) ve girişleri yazar."""
    from . import demo as demo_data

    _app_ready()
    with reported():
        demo_data.seed()
    click.echo("\n" + "═" * 78)
    click.echo("Adresler ve demo girişleri (e-posta / parola):")
    for line in demo_data.logins(port):
        click.echo(f"  {line}")
    click.echo("Vatandaş sayfaları: her belediyenin adresine /e-hizmet/ ekleyin; sahte e-Devlet giriş sayfasına "
               "yukarıdaki borçlu vatandaşın T.C. kimlik numarasını yazın.")
