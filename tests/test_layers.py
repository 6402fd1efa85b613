"""The package's floors hold: each subpackage imports only the layers below it, no module
imports itself back through others (no circle), and no private name crosses a module.

The layers, lowest first, are the README's "Architecture" list; each subpackage's docstring
says what it may import. Read from the source with `ast` (nothing is imported), so a lazy
import inside a function counts as much as one at the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"
LAYERS = ("base", "text", "places", "corpus", "store", "edit", "page", "cli")
# The two doors: `python -m dashboard` and `streamlit run dashboard/app.py` stand above everything.
ENTRY_FILES = {"__main__", "app"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = modules()


def imports_of(name: str, tree: ast.Module) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import of a `dashboard` module."""
    found = []
    package = name if (PACKAGE / Path(*name.split(".")[1:]) / "__init__.py").exists() else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("dashboard"):
                continue
            names = [a.name for a in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if submodules:  # from dashboard.page import folium_map
                found += [(m, [], node.lineno) for m in submodules]
            else:
                found.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("dashboard")]
    return found


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in ENTRY_FILES:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def test_every_module_is_in_a_layer_or_an_entry_file():
    stray = [m for m in MODULES if m != "dashboard" and layer_of(m) is None and m.split(".")[1] not in ENTRY_FILES]
    assert not stray, f"modules outside the layers {LAYERS}: {stray}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_its_own_layer_and_those_below(name):
    own = layer_of(name)
    if own is None:
        return
    upward = [f"line {line}: {target} ({LAYERS[layer_of(target)]})" for target, _, line in imports_of(name, MODULES[name])
              if layer_of(target) is not None and layer_of(target) > own]
    assert not upward, f"{name} ({LAYERS[own]}) imports a higher layer: {upward}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_is_taken_from_another_module(name):
    private = [f"line {line}: {n} from {target}" for target, names, line in imports_of(name, MODULES[name])
               for n in names if n.startswith("_") and target != name]
    assert not private, f"{name} takes private names: {private}"


def test_there_is_no_import_circle():
    graph = {name: {t for t, _, _ in imports_of(name, tree) if t in MODULES and t != name}
             for name, tree in MODULES.items()}
    # a package's __init__ importing nothing keeps "dashboard.x" out of every circle; check each strongly
    # connected part with Tarjan's algorithm
    index, low, stack, on_stack, circles, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    for v in graph:
        if v not in index:
            visit(v)
    assert not circles, f"modules that import each other, directly or through others: {circles}"


def test_the_checks_see_the_imports():
    """The reader above finds what is there: the page imports the corpus, the text layer the base."""
    assert ("dashboard.corpus.filters", ["DATE_KINDS", "Filters", "apply_filters"]) in [
        (t, n) for t, n, _ in imports_of("dashboard.page.main", MODULES["dashboard.page.main"])]
    assert any(t == "dashboard.base.errors" for t, _, _ in imports_of("dashboard.text.articles",
                                                                      MODULES["dashboard.text.articles"]))


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_says_what_it_may_import(layer):
    doc = ast.get_docstring(MODULES[f"dashboard.{layer}"]) or ""
    assert "May import" in doc, f"dashboard/{layer}/__init__.py must say what the layer may import"
