"""The package's shape: imports run one way, modules stay short, ARCHITECTURE.md matches the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str] | dict[str, Path]) -> set[str]:
    """The package's modules that ``path`` imports anywhere: at the top, in a function, for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module in known and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found


def graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def find_circle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle as ``[a, b, …, a]``, or None when every import runs one way."""
    state: dict[str, str] = {}  # "open" while on the path being walked, then "done"
    path: list[str] = []

    def walk(name: str) -> list[str] | None:
        state[name], _ = "open", path.append(name)
        for target in sorted(edges.get(name, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (circle := walk(target)):
                return circle
        state[name], _ = "done", path.pop()
        return None

    for name in sorted(edges):
        if name not in state and (circle := walk(name)):
            return circle
    return None


def test_imports_run_one_way() -> None:
    circle = find_circle(graph(MODULES))
    assert circle is None, "import circle: " + " -> ".join(circle or ())


def test_the_circle_finder_finds_a_circle_through_a_lazy_import(tmp_path: Path) -> None:
    """The check above could pass by never looking: here it must see a function-level import."""
    (tmp_path / "a.py").write_text("from generator import b\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def f():\n    from generator.c import x\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("import generator.a\nx = 1\n", encoding="utf-8")
    fake = {"generator": tmp_path / "__init__.py", **{f"generator.{n}": tmp_path / f"{n}.py" for n in "abc"}}
    fake["generator"].write_text("", encoding="utf-8")
    assert find_circle(graph(fake)) == ["generator.a", "generator.b", "generator.c", "generator.a"]
    (tmp_path / "c.py").write_text("x = 1\n", encoding="utf-8")
    assert find_circle(graph(fake)) is None


ARCHITECTURE = PACKAGE.parent / "ARCHITECTURE.md"
MAX_LINES = 400


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_400_lines(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(PACKAGE.parent)}: {lines} lines (split it)"


def layers() -> dict[str, int]:
    """The layer of each module, from the numbered list under ``## Layers`` in ARCHITECTURE.md."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]
    found: dict[str, int] = {}
    for number, body in re.findall(r"^(\d+)\. (.*?)(?=^\d+\. |\Z)", section, flags=re.MULTILINE | re.DOTALL):
        for path in re.findall(r"`(generator/[\w/]+\.py)`", body):
            assert path not in found, f"ARCHITECTURE.md lists {path} twice"
            found[module_name(PACKAGE.parent / path)] = int(number)
    return found


def test_architecture_md_names_every_module_and_no_other() -> None:
    """The newcomer's map lists each module once; a module added or removed updates it."""
    listed = layers()
    assert sorted(set(MODULES) - set(listed)) == [], "modules missing from ARCHITECTURE.md's layers"
    assert sorted(set(listed) - set(MODULES)) == [], "ARCHITECTURE.md lists modules that do not exist"


def test_imports_go_to_the_same_layer_or_a_lower_one() -> None:
    layer = layers()
    upward = [
        f"{source} (layer {layer[source]}) imports {target} (layer {layer[target]})"
        for source, targets in sorted(graph(MODULES).items())
        for target in sorted(targets)
        if source in layer and target in layer and layer[target] > layer[source]
    ]
    assert upward == []
