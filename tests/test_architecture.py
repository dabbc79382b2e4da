"""The shape of the code, checked: module and function size, layers, cycles, private names.

``docs/architecture.md`` draws the layers; this test keeps them. Every ``critmin`` import in
``src/`` (at module level or inside a function) is an edge of the graph checked here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "critmin"

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60

#: Layer of each top-level package or module, lowest first. A module may import from its
#: own layer (without a cycle) and from the layers below it, never from one above.
LAYERS: dict[str, int] = {
    "core": 0, "exceptions": 0,
    "data": 1, "testing": 1,
    "model": 2, "scenarios": 2, "stocks": 2,
    "chain": 3,
    "simulate": 4, "metrics": 4,
    "economics": 5, "ensemble": 5, "optimize": 5,
    "report": 6,
    "app": 7,
    "api": 8, "cli": 8,
    "__init__": 9, "__main__": 9,
}
#: Adapters of the same layer that must not import each other.
APART = {("api", "cli"), ("cli", "api")}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """``(imported module, imported names, line)`` of every critmin import in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("critmin")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            if mod.startswith("critmin"):
                out.append((mod, [a.name for a in node.names], node.lineno))
    return out


def _target(mod: str, names: list[str]) -> list[str]:
    """The modules an import reaches: ``from critmin.x import y`` reaches critmin.x.y when
    y is a module, else critmin.x."""
    out = []
    for n in names or [""]:
        full = f"{mod}.{n}" if n else mod
        out.append(full if full in MODULES else mod)
    return out


def _top(mod: str) -> str:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(mod: str) -> int:
    top = _top(mod)
    assert top in LAYERS, f"{mod}: package {top!r} has no layer in test_architecture.LAYERS"
    return LAYERS[top]


def test_modules_are_short() -> None:
    long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert {n: k for n, k in long.items() if k > MAX_MODULE_LINES} == {}


def _function_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    if not body:
        return 0
    return body[-1].end_lineno - body[0].lineno + 1  # type: ignore[operator]


def test_functions_are_short() -> None:
    long = {}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = _function_lines(node)
                if n > MAX_FUNCTION_LINES:
                    long[f"{name}.{node.name}:{node.lineno}"] = n
    assert long == {}


def test_layers_are_kept() -> None:
    bad = []
    for name, path in MODULES.items():
        for mod, names, line in _imports(name, path):
            for target in _target(mod, names):
                a, b = _top(name), _top(target)
                if _layer(target) > _layer(name) or (a, b) in APART:
                    bad.append(f"{name}:{line} imports {target}")
    assert bad == []


def test_no_private_name_crosses_a_package() -> None:
    bad = []
    for name, path in MODULES.items():
        for mod, names, line in _imports(name, path):
            if _top(mod) == _top(name):
                continue
            private = [n for n in [*mod.split(".")[1:], *names] if n.startswith("_")
                       and not n.startswith("__")]
            if private:
                bad.append(f"{name}:{line} imports {mod} {names}")
    assert bad == []


def test_no_import_cycle() -> None:
    graph = {n: set() for n in MODULES}
    for name, path in MODULES.items():
        for mod, names, _ in _imports(name, path):
            for target in _target(mod, names):
                if target in graph and target != name:
                    graph[name].add(target)
    # packages re-export their modules: an edge into a package's __init__ from one of its
    # own modules is how a module asks for a sibling, not a cycle of the design
    cycles = _cycles({n: {t for t in ts if not n.startswith(t + ".")}
                      for n, ts in graph.items()})
    assert cycles == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


@pytest.mark.parametrize("package", sorted({_top(n) for n in MODULES}))
def test_every_package_has_a_layer(package: str) -> None:
    assert package in LAYERS
