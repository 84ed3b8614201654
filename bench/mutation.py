"""Mutation check: does the suite notice when the rules change?

Small, mechanical mutants of a source file (a comparison turned around, an operator
swapped, ``and`` for ``or``, a ``not`` dropped, a number moved by one, ``max`` for ``min``,
half-up rounding made half-even, ``True`` for ``False``), one at a time: first the fast
tests that need no database run against it in this process; a mutant they miss is
written over the file and the tests on PostgreSQL run in a fresh process (stopping at
the first failure); the file is always put back.  A mutant the tests fail on is killed; one they pass is a survivor,
listed with its line so a reader can judge it (some are equivalent: no input tells them
apart).  Not part of the normal suite.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/mutation.py [hesap|access ...] [--fast-only]

writes ``bench/results/mutation.json``; ``docs/testing.md`` has the last figures.  The test
database is built once and reused (``EBELEDIYE_TEST_REUSE_DB=1``).
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "mutation.json"

#: name -> (file, its module, the fast tests (no database: run in this process), the
#: tests on PostgreSQL that every mutant the fast ones miss goes through)
TARGETS = {
    "hesap": ("modules/gelir/hesap.py", "modules.gelir.hesap",
              ["tests/modules/gelir/test_dagitim_properties.py", "tests/modules/gelir/test_hesap_degerleme.py",
               "-k", "not service and not seeded and not no_late_fee"],
              ["tests/modules/gelir/test_dagitim_properties.py", "tests/modules/gelir/test_rapor_gecikme.py",
               "tests/modules/gelir/test_tahakkuk.py", "tests/modules/gelir/test_emlak.py"]),
    "access": ("ebelediye/access.py", "ebelediye.access", ["tests/core/test_access.py"],
               ["tests/core/test_route_matrix.py", "tests/core/test_rbac.py"]),
}

_COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult}
_NAMES = {"ROUND_HALF_UP": "ROUND_HALF_EVEN", "ROUND_DOWN": "ROUND_UP", "max": "min", "min": "max"}


@dataclass
class Mutant:
    line: int
    what: str
    source: str


def _candidates(tree: ast.AST):
    """(node, description, apply) for every place a mutation can go, inside functions."""
    for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        for node in ast.walk(function):
            if isinstance(node, ast.Compare):
                for i, op in enumerate(node.ops):
                    if type(op) in _COMPARE:
                        yield node, f"{type(op).__name__} -> {_COMPARE[type(op)].__name__}", ("ops", i)
            elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
                yield node, f"{type(node.op).__name__} -> {_BINARY[type(node.op)].__name__}", ("op", None)
            elif isinstance(node, ast.BoolOp):
                yield node, f"{type(node.op).__name__} -> {'Or' if isinstance(node.op, ast.And) else 'And'}", ("bool", None)
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                yield node, "drop not", ("not", None)
            elif isinstance(node, ast.Constant) and type(node.value) is bool:
                yield node, f"{node.value} -> {not node.value}", ("bool_const", None)
            elif isinstance(node, ast.Constant) and type(node.value) is int:
                yield node, f"{node.value} -> {node.value + 1}", ("int", None)
            elif isinstance(node, ast.Name) and node.id in _NAMES:
                yield node, f"{node.id} -> {_NAMES[node.id]}", ("name", None)
            elif isinstance(node, ast.Constant) and node.value in ("ROUND_DOWN", "ROUND_HALF_UP"):
                yield node, f"'{node.value}' -> '{_NAMES[node.value]}'", ("str_round", None)


def _apply(node: ast.AST, how: tuple) -> None:
    kind, index = how
    if kind == "ops":
        node.ops[index] = _COMPARE[type(node.ops[index])]()
    elif kind == "op":
        node.op = _BINARY[type(node.op)]()
    elif kind == "bool":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "bool_const":
        node.value = not node.value
    elif kind == "int":
        node.value += 1
    elif kind == "name":
        node.id = _NAMES[node.id]
    elif kind == "str_round":
        node.value = _NAMES[node.value]


class _Unnot(ast.NodeTransformer):
    def __init__(self, target):
        self.target = target

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return node.operand if node is self.target else node


def mutants(source: str) -> list[Mutant]:
    tree = ast.parse(source)
    found = []
    for index, (node, what, how) in enumerate(list(_candidates(tree))):
        copied = copy.deepcopy(tree)
        target = list(_candidates(copied))[index][0]
        if how[0] == "not":
            copied = _Unnot(target).visit(copied)
        else:
            _apply(target, how)
        found.append(Mutant(node.lineno, what, ast.unparse(ast.fix_missing_locations(copied))))
    return found


def run_tests(tests: list[str], timeout: float) -> tuple[bool, float]:
    """Whether the tests pass in a fresh process on the reused test database, and how long they took."""
    env = {**os.environ, "EBELEDIYE_TEST_REUSE_DB": "1"}
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - started  # a mutant that hangs the tests is noticed too
    return done.returncode == 0, time.monotonic() - started


def fast_tests_pass(module_name: str, source: str | None, args: list[str]) -> bool:
    """Run the fast tests in this process with ``source`` executed as the module (None: as it is).

    Names other modules imported from it (``from modules.gelir.hesap import dagit``) are
    pointed at the mutant's too, and everything is put back afterwards."""
    import importlib

    import pytest

    module = importlib.import_module(module_name)
    saved = dict(module.__dict__)
    patched: list[tuple[object, str, object]] = []
    try:
        if source is not None:
            exec(compile(source, module.__file__, "exec"), module.__dict__)
            own = {id(value): name for name, value in saved.items()
                   if callable(value) and getattr(value, "__module__", None) == module_name}
            for other in list(sys.modules.values()):
                if other is module:
                    continue
                for attr, value in list(getattr(other, "__dict__", {}).items()):
                    name = own.get(id(value))
                    if name is not None and saved[name] is value and name in module.__dict__:
                        patched.append((other, attr, value))
                        setattr(other, attr, module.__dict__[name])
        code = pytest.main(["-q", "-x", "-p", "no:cacheprovider", "-p", "no:tests.plugin", "--no-header",
                            "-o", "addopts=", "-W", "ignore::pytest.PytestAssertRewriteWarning", *args])
        return code == 0
    finally:
        for other, attr, value in patched:
            setattr(other, attr, value)
        module.__dict__.clear()
        module.__dict__.update(saved)


def check(name: str, limit: int | None = None, full: bool = True) -> dict:
    path, module_name, fast, tests = TARGETS[name]
    file = ROOT / path
    original = file.read_text()
    if not fast_tests_pass(module_name, None, fast):
        raise SystemExit(f"{name}: the fast tests fail on the unmutated {path}")
    took = 0.0
    if full:
        passed, took = run_tests(tests, timeout=7200)
        if not passed:
            raise SystemExit(f"{name}: the tests fail on the unmutated {path}; fix that first")
    found = mutants(original)[:limit]
    survivors, killed_fast, killed_full = [], 0, 0
    try:
        for number, mutant in enumerate(found, 1):
            if not fast_tests_pass(module_name, mutant.source, fast):
                killed_fast += 1
                verdict = "killed (fast)"
            elif full:
                file.write_text(mutant.source)
                try:
                    alive, _ = run_tests(tests, timeout=max(300.0, 5 * took))
                finally:
                    file.write_text(original)
                killed_full += not alive
                verdict = "SURVIVED" if alive else "killed (full)"
            else:
                verdict = "SURVIVED the fast tests"
            if verdict.startswith("SURVIVED"):
                survivors.append({"line": mutant.line, "mutation": mutant.what,
                                  "code": original.splitlines()[mutant.line - 1].strip(), "verdict": verdict})
            print(f"{name} {number}/{len(found)} line {mutant.line} {mutant.what}: {verdict}", flush=True)
    finally:
        file.write_text(original)
    killed = killed_fast + killed_full
    return {"file": path, "fast_tests": fast, "tests": tests if full else None, "mutants": len(found),
            "killed": killed, "killed_by_fast_tests": killed_fast, "score": round(killed / len(found), 3) if found else None,
            "survivors": survivors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", default=list(TARGETS), choices=list(TARGETS))
    parser.add_argument("--limit", type=int, help="only the first N mutants of each file (a quick look)")
    parser.add_argument("--fast-only", action="store_true",
                        help="only the tests that need no database (a survivor may still be killed by the rest)")
    parser.add_argument("--examples", default="25",
                        help="hypothesis examples per property (the suite runs 200; fewer shows they suffice)")
    args = parser.parse_args()
    os.environ["EBELEDIYE_PROPERTY_EXAMPLES"] = args.examples
    # a failing property needs no shrinking here (only killed or not), and no example saved
    # from one mutant may help with the next
    from hypothesis import Phase, settings

    settings.register_profile("mutation", phases=[Phase.explicit, Phase.generate], database=None)
    settings.load_profile("mutation")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    results = {}
    for name in args.targets:  # saved after each file, so a long run keeps what it found
        results[name] = check(name, args.limit, full=not args.fast_only)
        RESULTS.parent.mkdir(exist_ok=True)
        previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        RESULTS.write_text(json.dumps({**previous, name: results[name]}, indent=2, ensure_ascii=False) + "\n")
    for name, result in results.items():
        print(f"{name}: {result['killed']}/{result['mutants']} killed ({result['score']:.1%}); "
              f"{len(result['survivors'])} survived")


if __name__ == "__main__":
    main()
