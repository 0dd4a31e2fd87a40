"""The LTI tool's layering, read from its source with ``ast`` (every import, at module level or inside a function):
routes -> services -> ``lti/`` -> models and stores, never upwards, and no import circle anywhere, the app factory
and its commands included (the commands import the factory, never the other way round)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "lti_tool"

BASE, LTI, SERVICES, ROUTES, APP = range(5)
LAYER_NAMES = {BASE: "models and stores", LTI: "lti/", SERVICES: "services", ROUTES: "routes", APP: "app and commands"}
# The bottom: tables, the extensions they hang off, the shared key-value store and the configuration.
BASE_MODULES = {"lti_tool.extensions", "lti_tool.config", "lti_tool.kvstore", "lti_tool.models",
                "lti_tool.activity_models", "lti_tool.schema"}
# Blueprints: the only modules that answer requests.
ROUTE_MODULES = {"lti_tool.devplatform.blueprint", "lti_tool.organisations.pages"}
# The app factory (the package itself) and the commands that build an app: the top. The commands import the factory;
# the factory imports no command (``lti_tool.commands`` hangs them on an app's CLI).
APP_MODULES = {"lti_tool", "lti_tool.cli", "lti_tool.commands"}
COMMAND_MODULES = {"lti_tool.commands"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(name: str) -> int:
    last = name.rsplit(".", 1)[-1]
    if name in APP_MODULES or last in ("cli", "setup"):
        return APP
    if name in BASE_MODULES or last == "models":
        return BASE
    if name.startswith("lti_tool.lti"):
        return LTI
    if (name.startswith("lti_tool.views") or name in ROUTE_MODULES or last.endswith("_views")
            or last.startswith("pages_")):
        return ROUTES
    return SERVICES


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The tool's modules ``name`` imports (``from . import x`` names module ``x`` when there is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        for target in targets:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_a_higher_layer():
    upward = [f"{name} ({LAYER_NAMES[layer_of(name)]}) imports {target} ({LAYER_NAMES[layer_of(target)]})"
              for name, targets in sorted(graph().items()) for target in sorted(targets)
              if layer_of(target) > layer_of(name)]
    assert upward == []


def test_lti_models_and_services_never_import_routes_or_services_above_them():
    edges = graph()
    for name, targets in edges.items():
        if name.startswith("lti_tool.lti.") or layer_of(name) == BASE:
            assert not {t for t in targets if t.startswith(("lti_tool.services", "lti_tool.views"))}, name
        if name.startswith("lti_tool.services."):
            assert not {t for t in targets if layer_of(t) >= ROUTES}, name


def test_no_import_circle_anywhere():
    assert circles(graph()) == []


def test_the_app_factory_imports_no_command():
    """The factory builds the app; the command line (``*.cli``, ``lti_tool.commands``) is built on top of it."""
    commands = {name for name in modules() if name.endswith(".cli") or name in COMMAND_MODULES}
    assert graph()["lti_tool"] & commands == set()
    assert "lti_tool" in graph()["lti_tool.commands"] and "lti_tool" in graph()["lti_tool.cli"]


def test_the_checks_see_a_circle_and_an_upward_import():
    """The checks above would fail: a circle and an import from lti/ into services are found in a made-up graph."""
    made_up = {"lti_tool.lti.a": {"lti_tool.services.b"}, "lti_tool.services.b": {"lti_tool.lti.a"}}
    assert circles(made_up) == [["lti_tool.lti.a", "lti_tool.services.b"]]
    assert layer_of("lti_tool.services.b") > layer_of("lti_tool.lti.a")
    assert imports("lti_tool.services.access", PACKAGE / "services" / "access.py", set(modules())) >= {
        "lti_tool.services.launch_context", "lti_tool.models"}
