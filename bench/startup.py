"""Start-up of a CLI command as a whole process: ``flask --app wsgi tenants list``.

    .venv/bin/python bench/startup.py [--runs 5]

Every CLI command, worker and gunicorn worker pays the app's import and ``create_app``;
issue 9 asks for ``tenants list`` as a whole process in at most 1.5 s (median of 5 on two
cores).  The same run also times a bare interpreter and ``import flask, sqlalchemy`` (the
floor no app can go under), so the figure can be read as a ratio on a noisy machine, and
records the slowest imports (``python -X importtime``) of one more run.  It also builds the
app as a WSGI server does (every route at once) and as the ``flask`` command does (routes
deferred until first read, ``ebelediye.app.Application``), to show what the deferral saves.

Byte-code caching is left on for the child processes (``PYTHONDONTWRITEBYTECODE`` is
removed from their environment), as on an installed system; the first, warming run is not
counted.  Services as ``bench/tenancy.py``: a dedicated database ``ebelediye_bench_startup``
with the platform tables and three tenants, dropped at the end.
Writes ``bench/results/startup.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import tenancy  # noqa: E402  (after the path fix above)

DATABASE = "ebelediye_bench_startup"
RESULTS = ROOT / "bench" / "results" / "startup.json"
GOAL_SECONDS = 1.5
FLASK = str(Path(sys.executable).with_name("flask"))


def child_env(database_url: str, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, EBELEDIYE_ENV="production",
               SECRET_KEY="bench-only-secret-key-not-for-anything-else",
               EBELEDIYE_MFA_ENCRYPTION_KEYS="soZlh6EGDZXcL7ryGIvPPzoWuXLlbGT9DwlHq0w7zRM=",  # bench only
               EBELEDIYE_BASE_DOMAIN=tenancy.BASE_DOMAIN)
    return env


def timed(command: list[str], env: dict, runs: int) -> list[float]:
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)  # warm the caches
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
        durations.append(time.perf_counter() - started)
    return durations


def slowest_imports(env: dict, top: int = 15) -> list[dict]:
    """The imports with the largest cumulative time in one ``-X importtime`` run of wsgi."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import wsgi"], env=env,
                          cwd=ROOT, check=True, capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
        if cumulative.isdigit():
            rows.append({"module": name, "cumulative_ms": round(int(cumulative) / 1000, 1)})
    return sorted(rows, key=lambda row: -row["cumulative_ms"])[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    services = tenancy.resolve_services()
    tenancy.BENCH_DATABASE = DATABASE
    tenancy.recreate_database(services["admin_url"])
    database_url = tenancy.with_database(services["admin_url"], DATABASE)
    try:
        from ebelediye.app import create_app
        from ebelediye.extensions import db
        from tenants import migrate

        app = create_app(tenancy.app_config(database_url, services["redis_url"]))
        with app.app_context():
            migrate.migrate_platform()
            for index in range(3):
                tenancy.provision_tenant(f"s{index:03d}", ["gelir"])
            db.session.remove()
            db.engine.dispose()

        env = child_env(database_url, services["redis_url"])
        load_before = os.getloadavg()
        interpreter = timed([sys.executable, "-c", "pass"], env, args.runs)
        libraries = timed([sys.executable, "-c", "import flask, sqlalchemy, psycopg"], env, args.runs)
        command = timed([FLASK, "--app", "wsgi", "tenants", "list"], env, args.runs)
        # What a WSGI server's worker pays (every route at once) against what the ``flask``
        # command builds (routes deferred until read): the same app, the same run.
        server_env = {k: v for k, v in env.items() if k != "FLASK_RUN_FROM_CLI"}
        server_app = timed([sys.executable, "-c", "import wsgi"], server_env, args.runs)
        cli_app = timed([sys.executable, "-c", "import wsgi"], dict(env, FLASK_RUN_FROM_CLI="true"), args.runs)
        load_after = os.getloadavg()
        imports = slowest_imports(dict(env, FLASK_RUN_FROM_CLI="true"))
    finally:
        tenancy.recreate_database(services["admin_url"], drop_only=True)

    median = statistics.median(command)
    floor = statistics.median(libraries)
    report = {
        "what": "flask --app wsgi tenants list as a whole process (3 tenants), median of runs",
        "runs": args.runs,
        "tenants_list_s": {"median": round(median, 3), "all": [round(d, 3) for d in command]},
        "interpreter_s": round(statistics.median(interpreter), 3),
        "import_flask_sqlalchemy_psycopg_s": round(floor, 3),
        "ratio_to_library_import": round(median / floor, 2),
        "app_as_a_server_builds_it_s": round(statistics.median(server_app), 3),
        "app_as_the_flask_command_builds_it_s": round(statistics.median(cli_app), 3),
        "goal_s": GOAL_SECONDS,
        "goal_met": median <= GOAL_SECONDS,
        "slowest_imports_of_wsgi_under_the_flask_command": imports,
        "load_average": {"before": [round(x, 2) for x in load_before],
                         "after": [round(x, 2) for x in load_after]},
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgres": services["postgres_source"],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"tenants list: median {median:.2f} s over {args.runs} runs "
          f"(interpreter {report['interpreter_s']:.2f} s, flask+sqlalchemy+psycopg {floor:.2f} s, "
          f"ratio {report['ratio_to_library_import']}; app as a server builds it "
          f"{report['app_as_a_server_builds_it_s']:.2f} s, as the flask command "
          f"{report['app_as_the_flask_command_builds_it_s']:.2f} s); goal ≤ {GOAL_SECONDS} s: "
          f"{'met' if report['goal_met'] else 'missed'}; load {load_before[0]:.1f} → {load_after[0]:.1f}")
    print(f"written to {args.output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
