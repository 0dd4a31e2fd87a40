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
# The core's printer (curriculum/printing: a case study as a tagged PDF) imports its stack only inside the functions
# that print, so the core stays light; every extra whose channel prints declares that stack (or pulls it in).
CORE_PRINTING = {"jinja2", "markupsafe", "weasyprint"}
PRINTING_EXTRAS = ("print", "lti")


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]).lower()


def _imports(node: ast.AST, at_import_time: bool) -> set[str]:
    """Top-level module names imported under ``node``; with ``at_import_time``, not those inside functions."""
    found: set[str] = set()
    for child in ast.iter_child_nodes(node):
        if at_import_time and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(child, ast.Import):
            found.update(alias.name.split(".")[0] for alias in child.names)
        elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
            found.add(child.module.split(".")[0])
        found |= _imports(child, at_import_time)
    return found


def _third_party_imports(package: str, at_import_time: bool = False) -> set[str]:
    """Top-level modules imported anywhere in a package (or, with ``at_import_time``, when its modules are imported)
    that are neither the standard library nor our own."""
    own = {"curriculum", "lti_tool", "xblocks", "scorm_export", "cartridge_export", "print_export"}
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        found |= _imports(ast.parse(path.read_text(encoding="utf-8")), at_import_time)
    return {m for m in found if m not in sys.stdlib_module_names and m not in own}


def _distributions(modules: set[str]) -> set[str]:
    mapping = packages_distributions()
    return {_name(dist) for module in modules for dist in mapping.get(module, [module])}


def test_the_core_depends_on_exactly_what_the_curriculum_imports():
    declared = {_name(r) for r in PROJECT["dependencies"]}
    assert declared == _distributions(_third_party_imports("curriculum") - CORE_PRINTING)


def test_the_core_imports_its_printing_stack_only_when_it_prints():
    assert CORE_PRINTING <= _third_party_imports("curriculum")  # the printer is in the core, once
    assert not CORE_PRINTING & _third_party_imports("curriculum", at_import_time=True)


@pytest.mark.parametrize("extra", PRINTING_EXTRAS)
def test_each_channel_that_prints_declares_the_core_printers_stack(extra):
    core = {_name(r) for r in PROJECT["dependencies"]}
    declared = {_name(r) for r in PROJECT["optional-dependencies"][extra]}
    missing = _distributions(CORE_PRINTING) - core - declared - _pulled_in_by(declared | core)
    assert not missing, f"[{extra}] prints through curriculum.printing without declaring {sorted(missing)}"


def test_no_channel_imports_another():
    channels = ("lti_tool", "xblocks", "scorm_export", "cartridge_export", "print_export")
    for channel in channels:
        imported: set[str] = set()
        for path in (ROOT / channel).rglob("*.py"):
            imported |= _imports(ast.parse(path.read_text(encoding="utf-8")), at_import_time=False)
        others = imported & (set(channels) - {channel})
        assert not others, f"{channel} imports the channel(s) {sorted(others)}: channels are adapters over the core"


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
