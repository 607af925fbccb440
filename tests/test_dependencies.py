"""Dependencies between apps run one way (CONVENTIONS: core, then petitions, then signatures,
then the apps built on signatures). Read from the source: every `import awaz.<app>` or
`from awaz.<app> ...`, inside functions too (an import hidden in a function is still a cycle).

The order and why each app sits where it does are in docs/architecture.md. The transparency log
sits below signatures: it knows petitions and receipts, never a signature row, and a
confirmation writes its entry in the same transaction. Outcomes sits above news and below the
front pages, which show its timeline; the studio, which previews those pages, is above them.
Where a lower app must tell a higher one something, it sends a signal the higher one connects
in its AppConfig.ready (awaz.signatures.signals).
"""

import ast
from pathlib import Path

import awaz

ROOT = Path(awaz.__file__).parent
# Lower first. An app may import only apps of a lower or equal rank.
RANK = {
    "core": 0, "accounts": 1, "webhooks": 1, "petitions": 2, "transparency": 3, "defences": 3, "signatures": 4, "fraud": 5, "operations": 5,
    "news": 6, "outcomes": 7, "front": 8, "studio": 9, "api": 10,
}
# (importing app, imported app, module): imports allowed against the order. Empty, and to stay so.
KNOWN: set[tuple[str, str, str]] = set()


def _app_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 and parts[0] in RANK else None


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "awaz" and len(parts) > 1 and parts[1] in RANK:
                yield parts[1]


def violations() -> set[tuple[str, str, str]]:
    found = set()
    for path in ROOT.rglob("*.py"):
        app = _app_of(path)
        if app is None or "migrations" in path.parts:
            continue
        for imported in _imports(path):
            if RANK[imported] > RANK[app]:
                found.add((app, imported, str(path.relative_to(ROOT))))
    return found


def test_every_app_is_ranked():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(RANK), f"give these apps a rank: {sorted(apps - set(RANK))}"


def test_dependencies_run_one_way():
    found = violations()
    new = found - KNOWN
    assert not new, "imports against the order (RANK):\n" + "\n".join(
        f"  {module}: {app} imports {imported}" for app, imported, module in sorted(new))
    gone = KNOWN - found
    assert not gone, "fixed, remove from KNOWN:\n" + "\n".join(f"  {m}" for _a, _i, m in sorted(gone))
