"""The distribution's dependencies follow its channels: the core needs only what ``curriculum/`` imports, and each
channel's third-party imports are declared in that channel's extra (so installing the blocks never drags in the
LTI tool's stack, and the reverse)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Modules a channel imports only in development tooling (the workbench, the catalogue builder: test extra), or only
# where the LMS provides them (edx-platform itself, edx-submissions), behind a guarded import.
NOT_DECLARED = {"xblocks": {"workbench", "babel", "openedx", "common", "submissions"}}


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]).lower()


def _third_party_imports(package: str) -> set[str]:
    """Top-level modules imported anywhere in a package that are neither the standard library nor our own."""
    own = {"curriculum", "lti_tool", "xblocks", "scorm_export", "cartridge_export", "print_export"}
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in own}


def _distributions(modules: set[str]) -> set[str]:
    mapping = packages_distributions()
    return {_name(dist) for module in modules for dist in mapping.get(module, [module])}


def test_the_core_depends_on_exactly_what_the_curriculum_imports():
    declared = {_name(r) for r in PROJECT["dependencies"]}
    assert declared == _distributions(_third_party_imports("curriculum"))


@pytest.mark.parametrize("package,extra", [("lti_tool", "lti"), ("xblocks", "xblocks"),
                                           ("scorm_export", "scorm"), ("cartridge_export", "cartridge"),
                                           ("print_export", "print")])
def test_each_channel_declares_its_imports_in_its_own_extra(package, extra):
    imported = _third_party_imports(package) - NOT_DECLARED.get(package, set())
    needed = _distributions(imported)
    core = {_name(r) for r in PROJECT["dependencies"]}
    declared = {_name(r) for r in PROJECT["optional-dependencies"][extra]}
    # a distribution is covered when the extra or the core declares it, or one of them pulls it in
    missing = needed - core - declared - _pulled_in_by(declared | core)
    assert not missing, f"{package} imports {sorted(missing)} without declaring them in [{extra}]"


def test_the_blocks_extra_carries_no_part_of_the_lti_stack():
    blocks = {_name(r) for r in PROJECT["optional-dependencies"]["xblocks"] + PROJECT["dependencies"]}
    lti_only = {"flask", "flask-sqlalchemy", "flask-migrate", "sqlalchemy", "alembic", "pylti1p3", "psycopg",
                "gunicorn", "redis"}
    assert not blocks & lti_only


def _pulled_in_by(declared: set[str]) -> set[str]:
    """Distributions that the declared ones require (one level deep, as installed here)."""
    from importlib.metadata import PackageNotFoundError, requires

    pulled: set[str] = set()
    for name in declared:
        try:
            pulled.update(_name(r) for r in (requires(name) or []) if "extra ==" not in r)
        except PackageNotFoundError:
            continue
    return pulled
