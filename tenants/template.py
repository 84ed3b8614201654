"""New tenants are created from a DDL script, not by replaying every migration.

Once per set of migration heads, the platform migrates a scratch template schema - the
tenant core alone, then the core plus each module with what it requires - dumps each with
``pg_dump`` (the DDL, then the rows migrations inserted) and keeps, per layer, the
statements that layer adds.  A new
tenant applies the core layer and its modules' layers, with the schema name substituted,
and stamps the version tables: one transaction, about as long as the DDL itself.
``tests/tenants/test_template.py`` keeps the script and a freshly migrated schema equal.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess

from flask import current_app
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from ebelediye import embedded
from ebelediye.extensions import db
from ebelediye.tenancy import quote_ident

from . import histories
from .models import SchemaTemplate

PLACEHOLDER = "__EBELEDIYE_SCHEMA__"
TEMPLATE_PREFIX = "ebelediye_tpl_"
_ENTRY_HEADER = re.compile(r"^-- (?:Data for )?Name: .*; Type: (?P<type>[A-Z ]+); Schema: .*$", re.M)
_SKIPPED_TYPES = {"SCHEMA", "COMMENT"}
#: Serialises template builds across processes (any constant works; this spells "tpl").
_BUILD_LOCK = 0x74706C


def libpq_url() -> str:
    """The database URL as libpq tools understand it (no SQLAlchemy driver suffix)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def pg_dump_schema(schema: str, data: bool = False) -> str:
    """The schema's DDL, or with ``data`` its rows as INSERTs (version tables left out:
    provisioning stamps them)."""
    tool = embedded.pg_tool("pg_dump", current_app.config.get("PG_BIN_DIR"))
    mode = ["--data-only", "--inserts", "--exclude-table", f"{schema}.alembic_version*"] if data else ["--schema-only"]
    result = subprocess.run(
        [tool, *mode, "--no-owner", "--no-privileges", "--schema", schema,
         "--dbname", libpq_url()],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pg_dump failed for schema {schema}: {result.stderr.strip()}")
    return result.stdout


#: Column options some PostgreSQL builds attach to every column (seen: ``pg_attver``); they
#: are not settable through SQL, so a dump that carries them cannot be replayed as is.
_FOREIGN_ATTOPTION = re.compile(r"^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);\n?", re.M)


def strip_foreign_attoptions(sql: str) -> str:
    return _FOREIGN_ATTOPTION.sub("", sql)


#: How ``pg_dump`` writes an identity column: after the table, as its own statement.
_ADD_IDENTITY = re.compile(
    r"^ALTER TABLE (?P<table>\S+) ALTER COLUMN (?P<column>\S+) ADD GENERATED (?P<kind>ALWAYS|BY DEFAULT) "
    r"AS IDENTITY \((?P<options>[^;]*?)\n?\);\n?", re.M)
_CREATE_TABLE = r"^CREATE (?:UNLOGGED )?TABLE {table} \(\n(?P<body>.*?)\n\)"


def inline_identities(sql: str) -> str:
    """Move every ``ALTER TABLE .. ADD GENERATED .. AS IDENTITY`` of a pg_dump script into
    its table's ``CREATE TABLE``.

    Citus refuses that ALTER on a distributed table (and every table of a tenant schema is
    one under schema-based sharding), while both spellings make the same catalog on plain
    PostgreSQL.  An identity whose table the script does not create is left as it is.
    """
    for match in list(_ADD_IDENTITY.finditer(sql)):
        table, column = match.group("table"), match.group("column")
        create = re.search(_CREATE_TABLE.format(table=re.escape(table)), sql, re.M | re.S)
        if create is None:
            continue
        options = " ".join(line.strip() for line in match.group("options").splitlines() if line.strip())
        identity = f"GENERATED {match.group('kind')} AS IDENTITY ({options})"
        lines = create.group("body").split("\n")
        for index, line in enumerate(lines):
            if line.startswith(f"    {column} "):
                comma = line.endswith(",")
                lines[index] = (line[:-1] if comma else line) + " " + identity + ("," if comma else "")
                break
        else:
            continue
        sql = sql[:create.start("body")] + "\n".join(lines) + sql[create.end("body"):]
        sql = sql.replace(match.group(0), "", 1)  # after the table: its offsets still hold
    return sql


def split_dump(dump: str, schema: str) -> list[str]:
    """The dump's statements, one per catalog entry, with the schema name abstracted and
    identities declared inside their ``CREATE TABLE`` (see ``inline_identities``)."""
    dump = inline_identities(dump)
    statements = []
    positions = [m for m in _ENTRY_HEADER.finditer(dump)]
    for index, match in enumerate(positions):
        end = positions[index + 1].start() if index + 1 < len(positions) else len(dump)
        if match.group("type") in _SKIPPED_TYPES:
            continue
        body = dump[match.end():end]
        lines = [line for line in body.splitlines() if not line.startswith("--")]
        sql = strip_foreign_attoptions("\n".join(lines) + "\n").strip()
        if not sql:
            continue
        sql = re.sub(rf'(?<![\w"]){re.escape(schema)}\.', PLACEHOLDER + ".", sql)
        sql = re.sub(rf'"{re.escape(schema)}"\.', PLACEHOLDER + ".", sql)
        statements.append(sql)
    return statements


def heads_by_history(module_keys: list[str]) -> dict[str, list[str]]:
    return {h.name: sorted(h.heads()) for h in histories.tenant_histories(module_keys)}


def template_key(heads: dict[str, list[str]]) -> str:
    return hashlib.sha256(json.dumps(heads, sort_keys=True).encode()).hexdigest()[:32]


def _layer_statements(conn: Connection, name: str, below: list[tuple[str, list[str]]],
                      module_key: str | None) -> list[str]:
    """Replay the layers ``below`` into a scratch schema, migrate one more history on top
    (the core's when ``module_key`` is None), and dump the result.

    Building on the replayed layers (not on a fresh migration) keeps their statements
    byte-identical in the dump, rows with timestamps included, so the difference is
    exactly what this layer adds.
    """
    schema = TEMPLATE_PREFIX + name
    conn.execute(text(f"DROP SCHEMA IF EXISTS {quote_ident(schema)} CASCADE"))
    conn.execute(text(f"CREATE SCHEMA {quote_ident(schema)}"))
    conn.commit()
    try:
        conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(schema)})
        for _, statements in below:
            for statement in statements:
                conn.exec_driver_sql(statement.replace(PLACEHOLDER, quote_ident(schema)))
        stamp(conn, schema, [n for n, _ in below])
        if module_key is None:
            histories.upgrade(conn, histories.CORE, schema)
        else:
            history = histories.module_history(module_key)
            if history is not None:
                histories.upgrade(conn, history, schema)
        conn.commit()
        # Data that migrations insert (built-in roles, code lists) belongs to the layer too.
        return split_dump(pg_dump_schema(schema), schema) + split_dump(pg_dump_schema(schema, data=True), schema)
    finally:
        conn.rollback()
        conn.execute(text(f"DROP SCHEMA IF EXISTS {quote_ident(schema)} CASCADE"))
        conn.commit()


def stamp(conn: Connection, schema: str, layer_names: list[str]) -> None:
    """Write the head revisions of ``layer_names`` into the schema's version tables."""
    for name in layer_names:
        history = histories.CORE if name == "core" else histories.module_history(name)
        if history is None:
            continue
        table = f"{quote_ident(schema)}.{quote_ident(history.version_table)}"
        for head in sorted(history.heads()):
            conn.exec_driver_sql(f"INSERT INTO {table} (version_num) VALUES (%(v)s)", {"v": head})


def build() -> SchemaTemplate:
    """Migrate scratch schemas and store the per-layer DDL (committed; a platform job)."""
    registry = current_app.extensions["ebelediye.registry"]
    all_keys = registry.keys()
    heads = heads_by_history(all_keys)
    key = template_key(heads)
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _BUILD_LOCK})
        conn.commit()
        try:
            existing = conn.execute(
                text("SELECT 1 FROM public.schema_templates WHERE key = :k"), {"k": key}
            ).first()
            conn.commit()
            if existing is None:
                layers = {"core": _layer_statements(conn, "core", [], None)}
                for spec in registry:  # dependency order: requirements are built first
                    if not histories.module_history(spec.key):
                        layers[spec.key] = []
                        continue
                    below = [("core", layers["core"])] + [(dep, layers[dep]) for dep in registry.closure(spec.requires)]
                    base = {statement for _, statements in below for statement in statements}
                    full = _layer_statements(conn, spec.key, below, spec.key)
                    layers[spec.key] = [s for s in full if s not in base]
                conn.execute(
                    text("INSERT INTO public.schema_templates (key, layers, heads) "
                         "VALUES (:k, :l, :h) ON CONFLICT (key) DO NOTHING"),
                    {"k": key, "l": json.dumps(layers), "h": json.dumps(heads)},
                )
                conn.commit()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _BUILD_LOCK})
            conn.commit()
    template = db.session.get(SchemaTemplate, key)
    assert template is not None
    return template


def current() -> SchemaTemplate:
    """The template for the code's current heads, built on first use."""
    key = template_key(heads_by_history(current_app.extensions["ebelediye.registry"].keys()))
    template = db.session.get(SchemaTemplate, key)
    return template if template is not None else build()


def apply(template: SchemaTemplate, schema: str, module_keys: list[str]) -> None:
    """Create ``schema`` with the core and ``module_keys`` layers, in the session's transaction."""
    registry = current_app.extensions["ebelediye.registry"]
    session = db.session
    session.execute(text(f"CREATE SCHEMA {quote_ident(schema)}"))
    session.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(schema)})
    layer_names = ["core", *registry.closure(set(module_keys))]
    connection = session.connection()
    for layer in layer_names:
        for statement in template.layers.get(layer, []):
            connection.exec_driver_sql(statement.replace(PLACEHOLDER, quote_ident(schema)))
    stamp(connection, schema, layer_names)
