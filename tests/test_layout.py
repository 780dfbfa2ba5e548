"""The package layout holds: imports run one way through the layers, with no cycles.

Every import in ``marsad/`` is read from the source, those inside functions too, so a lazy import
cannot bend the layout unseen. Each layer may import only the layers listed for it in
:data:`ALLOWED` (the same list its ``__init__`` docstring gives).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "marsad"
TESTS = Path(__file__).resolve().parent
MAX_LINES = 500

# layer -> the layers it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "reading": {"model"},
    "extraction": {"model", "reading"},
    "pipeline": {"model", "reading", "extraction"},
    "linking": {"model", "reading", "extraction"},
    "storage": {"model", "reading", "extraction", "linking"},
    "jobs": {"model", "reading", "extraction", "pipeline", "linking", "storage"},
    "web": {"model", "reading", "extraction", "pipeline", "linking", "storage", "jobs"},
    "evaluation": {"model", "reading"},
    "interface": {"model", "reading", "extraction", "pipeline", "linking", "storage", "jobs", "web", "evaluation"},
}
INTERFACE = {"marsad", "marsad.cli", "marsad.cli.commands", "marsad.cli.common", "marsad.cli.gazetteer",
             "marsad.__main__"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    if module in INTERFACE:
        return "interface"
    layer = module.split(".")[1]
    if layer not in ALLOWED:
        raise AssertionError(f"{module} is in no layer: add its folder to ALLOWED in tests/test_layout.py")
    return layer


def imported(module: str, source: str, is_package: bool, known: set[str]) -> list[tuple[int, str]]:
    """``(line, module)`` for every marsad module that ``source`` imports, wherever the import stands."""
    found = []
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "marsad"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "marsad":
                continue
            for alias in node.names:  # "from . import schema" imports the module marsad.storage.schema
                sub = f"{target}.{alias.name}"
                found.append((node.lineno, sub if sub in known else target))
    return found


def violations(module: str, source: str, *, is_package: bool = False, known: set[str] | None = None) -> list[str]:
    known = set(modules()) if known is None else known
    mine = layer_of(module)
    bad = []
    for line, target in imported(module, source, is_package, known):
        theirs = layer_of(target)
        if theirs != mine and theirs not in ALLOWED[mine]:
            bad.append(f"{module}:{line} imports {target}: layer '{mine}' may not import layer '{theirs}'")
    return bad


def graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: {t for _, t in imported(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", known)
                   if t != name}
            for name, path in modules().items()}


def test_every_import_runs_down_the_layers():
    bad = []
    for name, path in modules().items():
        bad += violations(name, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")
    assert not bad, "\n".join(bad)


def test_the_checker_catches_an_import_that_runs_up_lazy_ones_too():
    lazy_up = "def f():\n    from ..web.query import parse_filters\n    return parse_filters\n"
    assert violations("marsad.reading.clean", lazy_up) == [
        "marsad.reading.clean:2 imports marsad.web.query: layer 'reading' may not import layer 'web'"]
    assert violations("marsad.extraction.events", "import marsad.storage\n")
    assert violations("marsad.model", "from .reading import textnorm\n")
    assert not violations("marsad.linking.links", "from ..extraction.knowledge import knowledge\n")
    with pytest.raises(AssertionError, match="in no layer"):
        violations("marsad.newlayer.thing", "")


def test_no_module_imports_itself_back():
    edges = graph()
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done

    def walk(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path + [node, nxt]
            if nxt not in state:
                found = walk(nxt, path + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            cycle = walk(start, [])
            assert cycle is None, "import cycle: " + " -> ".join(cycle[cycle.index(cycle[-1]):])


def test_each_folder_says_what_it_adds_and_what_it_may_import():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init} has no docstring"
        assert "May import" in doc, f"{init}'s docstring does not say what the layer may import"


def test_no_file_is_too_long_to_read():
    long = [f"{p.relative_to(PACKAGE.parent)}: {n} lines" for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, f"files over {MAX_LINES} lines: {long}"


def test_the_tests_mirror_the_layout():
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and p.name not in ("data", "__pycache__")}
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders <= layers, f"test folders with no package of that name: {sorted(folders - layers)}"
    assert layers - {"sample"} <= folders, f"packages with no test folder: {sorted(layers - folders)}"
    names = [p.name for p in TESTS.rglob("test_*.py")]
    assert len(names) == len(set(names)), "two test files share a name; pytest needs them unique"
