"""The bench's modules depend one way (docs/performance.md, "Running it"): bench/run.py orders
the scenarios, each scenario in bench/scenarios/ imports the shared modules and never another
scenario nor run.py, and no import cycle joins any two modules. Read from the source, imports
inside functions too."""

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _module_name(path: Path) -> str:
    parts = path.relative_to(BENCH.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in BENCH.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {imported for imported in found if imported in MODULES and imported != name}


def test_scenarios_import_neither_each_other_nor_run():
    scenarios = {name for name in MODULES if name.startswith("bench.scenarios.")}
    assert scenarios, "no scenario modules found"
    wrong = {(name, imported) for name in scenarios for imported in imports_of(name)
             if imported in scenarios or imported == "bench.run"}
    assert wrong == set()


def test_nothing_imports_run():
    assert {name for name in MODULES if "bench.run" in imports_of(name)} == set()


def test_no_import_cycles():
    graph = {name: imports_of(name) - {"bench", "bench.scenarios"} for name in MODULES}
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        for imported in graph[name]:
            if imported in path:
                cycles.append(path[path.index(imported):] + [imported])
            elif imported not in done:
                visit(imported, path + [imported])
        done.add(name)

    done: set[str] = set()
    for name in MODULES:
        if name not in done:
            visit(name, [name])
    assert cycles == []
