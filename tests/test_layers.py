"""The apps form one chain, law <- employees <- filings <- contributions <- notifications: a
module may import from its own app and the ones before it, never from one after it. Every import
counts, also one inside a function (a lazy import is a dependency all the same)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAIN = ("law", "employees", "filings", "contributions", "notifications")


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported(path: Path):
    """(line, top-level package) of every import in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0]


def _backward_imports(app: str) -> list[str]:
    later = CHAIN[CHAIN.index(app) + 1 :]
    return [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in _modules(app)
        for line, package in _imported(path)
        if package in later
    ]


@pytest.mark.parametrize("app", CHAIN)
def test_no_app_imports_from_a_later_one(app):
    assert _backward_imports(app) == []


def test_the_walk_sees_a_lazy_import(tmp_path):
    """The check itself: an import inside a function is found."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from notifications import due\n", encoding="utf-8")
    assert list(_imported(module)) == [(2, "notifications")]


def test_law_uses_no_database():
    """law/ is pure rules: nothing of Django's ORM, nor any app's models."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _modules("law")
        for line, package in _imported(path)
        if package in CHAIN[1:]
    ]
    orm = [
        str(path.relative_to(ROOT))
        for path in _modules("law")
        if "django.db" in path.read_text(encoding="utf-8")
    ]
    assert (found, orm) == ([], [])


def test_every_app_of_the_chain_exists():
    assert [app for app in CHAIN if not (ROOT / app / "__init__.py").exists()] == []
