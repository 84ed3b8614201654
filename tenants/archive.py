"""Archive a tenant to a file and restore it.

The file is a tar with ``manifest.json`` (tenant, modules, per-table row counts and
content digests) and ``schema.dump`` (``pg_dump --format=custom`` of the tenant's
schema).  Archive writes and verifies the file before it drops the schema; restore loads
it back and checks every table's count and digest against the manifest before it marks
the tenant restored, so a partial restore is never taken for a whole one.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select, text

from ebelediye import audit, embedded, uow
from ebelediye.extensions import db
from ebelediye.tenancy import CITUS_TRIGGER_SETTING, TenantError, quote_ident, validate_slug

from . import migrate, recorded
from .models import ArchiveRecord, ModuleActivation, Tenant
from .services import get_tenant, invalidate_cache, transition
from .template import inline_identities, libpq_url, strip_foreign_attoptions

FORMAT = "ebelediye-tenant-archive/1"


def table_digests(schema: str) -> dict[str, dict]:
    """Row count and an order-independent digest of every table in ``schema``."""
    tables = db.session.scalars(
        text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"), {"s": schema}
    ).all()
    digests = {}
    for table in tables:
        qualified = f"{quote_ident(schema)}.{quote_ident(table)}"
        row = db.session.execute(
            text(f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') "
                 f"FROM {qualified} t")
        ).one()
        digests[table] = {"rows": row[0], "md5": row[1]}
    return digests


def _tool(name: str) -> str:
    return embedded.pg_tool(name, current_app.config.get("PG_BIN_DIR"))


def archive(slug: str, destination: str, actor: str) -> Path:
    tenant = get_tenant(slug)
    if tenant.state not in ("active", "suspended"):
        raise TenantError(f"'{slug}' belediyesi '{tenant.state}' durumunda; arşivlenemez.")
    path = Path(destination).expanduser().resolve()
    if path.exists():
        raise TenantError(f"{path} zaten var; üzerine yazılmaz, başka bir dosya adı verin.")
    if not path.parent.is_dir():
        raise TenantError(f"{path.parent} klasörü yok.")
    manifest = {
        "format": FORMAT,
        "slug": tenant.slug,
        "name": tenant.name,
        "province": tenant.province,
        "district": tenant.district,
        "population_band": tenant.population_band,
        "state_before": tenant.state,
        "modules": {m.module_key: m.enabled for m in tenant.modules},
        "tables": table_digests(tenant.schema),
        "archived_at": datetime.now(UTC).isoformat(),
    }
    uow.commit_point()  # release the read transaction before the dump
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "schema.dump"
        result = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             "--schema", tenant.schema, "--file", str(dump), "--dbname", libpq_url()],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise TenantError(f"pg_dump başarısız: {result.stderr.strip()}")
        check = subprocess.run([_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True)
        if check.returncode != 0:
            raise TenantError(f"Arşiv dosyası doğrulanamadı: {check.stderr.strip()}")
        partial = path.with_suffix(path.suffix + ".partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname="schema.dump")
        os.replace(partial, path)
    tenant = get_tenant(slug)
    transition(tenant, "archived", actor, f"arşiv: {path}")
    db.session.add(ArchiveRecord(tenant_id=tenant.id, path=str(path), manifest=manifest))
    db.session.execute(text(f"DROP SCHEMA {quote_ident(tenant.schema)} CASCADE"))
    recorded.record(db.session.connection(), slug, {})  # no schema, no revisions
    uow.commit_point()
    uow.after_commit(invalidate_cache)
    return path


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r") as tar:
            member = tar.extractfile("manifest.json")
            manifest = json.loads(member.read()) if member else None
    except (tarfile.TarError, KeyError, OSError, json.JSONDecodeError) as exc:
        raise TenantError(f"{path} bir e-Belediye arşivi değil: {exc}") from None
    if not manifest or manifest.get("format") != FORMAT:
        raise TenantError(f"{path} bir e-Belediye arşivi değil (biçim tanınmadı).")
    validate_slug(manifest.get("slug"))
    return manifest


def restore(source: str, actor: str) -> Tenant:
    path = Path(source).expanduser().resolve()
    if not path.is_file():
        raise TenantError(f"{path} dosyası yok.")
    manifest = read_manifest(path)
    slug = manifest["slug"]
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is not None and tenant.state != "archived":
        raise TenantError(f"'{slug}' belediyesi '{tenant.state}' durumunda; geri yüklenemez.")
    schema = "t_" + slug
    exists = db.session.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema})
    if exists:
        raise TenantError(f"{schema} şeması zaten var; geri yükleme durduruldu.")
    uow.commit_point()
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r") as tar:
        tar.extract("schema.dump", tmp, filter="data")
        # pg_restore writes the script, psql replays it in one transaction; in between,
        # column options no SQL can set are dropped (see template.strip_foreign_attoptions)
        # and identities move into CREATE TABLE, which Citus accepts (inline_identities).
        script = subprocess.run(
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file", "-",
             str(Path(tmp) / "schema.dump")],
            capture_output=True, text=True,
        )
        if script.returncode != 0:
            raise TenantError(f"pg_restore başarısız: {script.stderr.strip()}")
        result = subprocess.run(
            [_tool("psql"), "--quiet", "--no-psqlrc", "--single-transaction",
             "--set", "ON_ERROR_STOP=1", "--dbname", libpq_url(), "--file", "-"],
            input=f"SET {CITUS_TRIGGER_SETTING} = on;\n" + inline_identities(strip_foreign_attoptions(script.stdout)), capture_output=True, text=True,
        )
    if result.returncode != 0:
        raise TenantError(f"Geri yükleme başarısız: {result.stderr.strip()}")
    found = table_digests(schema)
    if found != manifest["tables"]:
        differing = sorted(t for t in set(found) | set(manifest["tables"])
                           if found.get(t) != manifest["tables"].get(t))
        db.session.execute(text(f"DROP SCHEMA {quote_ident(schema)} CASCADE"))
        uow.commit_point()
        raise TenantError(f"Geri yüklenen veri arşivle uyuşmuyor ({', '.join(differing)}); geri alındı.")
    if tenant is None:
        tenant = Tenant(slug=slug, name=manifest["name"], province=manifest.get("province"),
                        district=manifest.get("district"),
                        population_band=manifest.get("population_band"), state="archived")
        db.session.add(tenant)
        for key, enabled in manifest["modules"].items():
            tenant.modules.append(ModuleActivation(module_key=key, enabled=enabled, installed=True))
        db.session.flush()
    transition(tenant, manifest.get("state_before", "active"), actor, f"geri yüklendi: {path}")
    record = db.session.scalar(
        select(ArchiveRecord).where(ArchiveRecord.tenant_id == tenant.id)
        .order_by(ArchiveRecord.id.desc()).limit(1)
    )
    if record is not None:
        record.restored_at = datetime.now(UTC)
    audit.record("tenant.restored", actor=actor, realm="ministry", object_type="tenant",
                 object_id=slug, after={"file": str(path)}, platform=True, tenant_slug=slug)
    uow.commit_point()
    uow.after_commit(invalidate_cache)
    # An archive made by older code is behind head: bring it up like any other tenant.
    modules = sorted(k for k, _ in manifest["modules"].items())
    outcome = migrate.migrate_one(current_app._get_current_object(), slug, modules)  # type: ignore[attr-defined]
    if outcome.status == "failed":
        raise TenantError(
            f"'{slug}' geri yüklendi ama son sürüme taşınamadı: {outcome.error}. "
            f"Sorunu giderip 'flask tenants migrate {slug}' çalıştırın."
        )
    return tenant
