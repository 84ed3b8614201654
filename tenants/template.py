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


#: A key or foreign key ``pg_dump`` writes after its table (an exclusion constraint stays an
#: ALTER: its WHERE comes back spelled differently from inside CREATE TABLE).
_ADD_CONSTRAINT = re.compile(
    r"^ALTER TABLE ONLY (?P<table>\S+)\n\s+ADD CONSTRAINT (?P<name>\S+) "
    r"(?P<definition>(?P<kind>PRIMARY KEY|UNIQUE|FOREIGN KEY).*);$", re.S)
_WHOLE_TABLE = re.compile(r"^CREATE (?:UNLOGGED )?TABLE (?P<table>\S+) \(\n(?P<body>.*)\n\);$", re.S)
_KEY_COLUMNS = re.compile(r"^(?:PRIMARY KEY|UNIQUE) \((?P<columns>[^)]*)\)")
_REFERENCES = re.compile(r"REFERENCES (?P<table>[^\s(]+)\((?P<columns>[^)]*)\)")
#: what a table may need before it (a column's type, default or check)
_TABLE_PREREQUISITE = re.compile(r"^CREATE (?:OR REPLACE )?(?:SEQUENCE|TYPE|DOMAIN|FUNCTION|COLLATION)\b")


def fold_constraints(statements: list[str]) -> list[str]:
    """Move the keys and foreign keys of a layer's tables into their
    ``CREATE TABLE``, each table after the tables it references.

    On Citus every DDL statement in a tenant schema is a round of commands to the workers
    (the shard, and the shell table on every node); a constraint inside ``CREATE TABLE``
    travels with the table.  The catalog is the same on plain PostgreSQL.  A foreign key
    whose referenced key is a unique index (created after the tables), or a cycle of
    foreign keys, stays an ``ALTER``.
    """
    tables = {m.group("table"): i for i, m in enumerate(map(_WHOLE_TABLE.match, statements)) if m}
    if not tables:
        return statements
    inline: dict[str, list[str]] = {name: [] for name in tables}
    keys: dict[str, set[str]] = {name: set() for name in tables}
    references: dict[str, set[str]] = {name: set() for name in tables}
    foreign, kept = [], []
    for index, statement in enumerate(statements):
        match = _ADD_CONSTRAINT.match(statement)
        if match is None or match.group("table") not in tables:
            kept.append((index, statement))
        elif match.group("kind") == "FOREIGN KEY":
            foreign.append((index, statement, match))
        else:
            columns = _KEY_COLUMNS.match(match.group("definition"))
            if columns:
                keys[match.group("table")].add(columns.group("columns"))
            inline[match.group("table")].append(f"    CONSTRAINT {match.group('name')} {match.group('definition')}")
    for index, statement, match in foreign:
        owner, target = match.group("table"), _REFERENCES.search(match.group("definition"))
        if target is None or (target.group("table") in tables and target.group("columns") not in keys[target.group("table")]):
            kept.append((index, statement))
            continue
        inline[owner].append(f"    CONSTRAINT {match.group('name')} {match.group('definition')}")
        if target.group("table") in tables and target.group("table") != owner:
            references[owner].add(target.group("table"))
    order = _referenced_first(list(tables), references)
    if order is None:
        return statements
    last = max(tables.values())
    kept.sort()
    before = [s for i, s in kept if i < last and _TABLE_PREREQUISITE.match(s)]
    between = [s for i, s in kept if i < last and not _TABLE_PREREQUISITE.match(s) and i not in tables.values()]
    after = [s for i, s in kept if i > last]
    return before + [_with_constraints(statements[tables[name]], inline[name]) for name in order] + between + after


def _with_constraints(create_table: str, constraints: list[str]) -> str:
    if not constraints:
        return create_table
    match = _WHOLE_TABLE.match(create_table)
    assert match is not None
    return create_table[:match.end("body")] + ",\n" + ",\n".join(constraints) + create_table[match.end("body"):]


def _referenced_first(names: list[str], references: dict[str, set[str]]) -> list[str] | None:
    """``names`` with every table after the tables it references (stable), None on a cycle."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str) -> bool:
        if state.get(name) == "done":
            return True
        if state.get(name) == "visiting":
            return False
        state[name] = "visiting"
        if not all(visit(target) for target in sorted(references[name], key=names.index)):
            return False
        state[name] = "done"
        order.append(name)
        return True

    return order if all(visit(name) for name in names) else None


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
    _keep_on_coordinator(conn)
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


def _keep_on_coordinator(conn: Connection) -> None:
    """Under Citus's schema-based sharding every new schema is distributed; a scratch
    template schema is no tenant's, and migrating a distributed one sends each statement
    to the workers too: it is made a plain schema of the coordinator (same dump)."""
    if conn.execute(text("SELECT current_setting('citus.enable_schema_based_sharding', true)")).scalar() == "on":
        conn.execute(text("SET LOCAL citus.enable_schema_based_sharding = off"))


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
                # (the difference between layers is taken on pg_dump's spelling; what is
                # stored and applied has the constraints folded into the tables)
                dumped = {"core": _layer_statements(conn, "core", [], None)}
                for spec in registry:  # dependency order: requirements are built first
                    if not histories.module_history(spec.key):
                        dumped[spec.key] = []
                        continue
                    below = [("core", dumped["core"])] + [(dep, dumped[dep]) for dep in registry.closure(spec.requires)]
                    base = {statement for _, statements in below for statement in statements}
                    full = _layer_statements(conn, spec.key, below, spec.key)
                    dumped[spec.key] = [s for s in full if s not in base]
                layers = {name: fold_constraints(statements) for name, statements in dumped.items()}
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
