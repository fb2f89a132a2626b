"""apps.bitext stays a plain library: no module imports django or another app (apps.bitext.* is fine)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BITEXT = Path(__file__).resolve().parents[2] / "apps" / "bitext"
FORBIDDEN = ("django", "apps")


def imported_modules(path: Path) -> list[str]:
    """Return every module name imported anywhere in a Python file (relative imports as '.name')."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def bitext_modules() -> list[Path]:
    """Return every Python file in apps/bitext."""
    return sorted(BITEXT.rglob("*.py"))


def test_bitext_has_modules() -> None:
    assert (BITEXT / "segment.py") in bitext_modules()


@pytest.mark.parametrize("path", bitext_modules(), ids=lambda path: path.name)
def test_module_imports_neither_django_nor_apps(path: Path) -> None:
    for name in imported_modules(path):
        if name == "apps.bitext" or name.startswith("apps.bitext."):
            continue
        root = name.split(".")[0]
        assert root not in FORBIDDEN, f"{path.name} imports {name}"
        assert not name.startswith(".."), f"{path.name} reaches outside apps.bitext via {name}"


def test_checker_catches_django_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from django.db import models\nimport apps.corpus.models\nfrom apps.bitext import segment\n",
        encoding="utf-8",
    )
    assert imported_modules(bad) == ["django.db", "apps.corpus.models", "apps.bitext"]
