"""The dependency rule of DESIGN.md: ``redaction`` <- ``service`` <- ``eval``, never back.

Checked twice: statically (every ``import`` in every module, lazy ones inside functions
included) and dynamically (each package's modules imported in a fresh interpreter, and
nothing from a layer above may end up in ``sys.modules``).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# package -> the top-level packages it must never import
FORBIDDEN = {"redaction": {"service", "eval"}, "service": {"eval"}}


def _modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_imports_a_layer_above(package: str) -> None:
    bad = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in _modules(package)
        for name in sorted(_imported(path))
        if name.split(".")[0] in FORBIDDEN[package]
    ]
    assert bad == []


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_importing_a_package_in_isolation_loads_nothing_above_it(package: str) -> None:
    modules = [
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for p in _modules(package)
    ]
    above = sorted(FORBIDDEN[package])
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {above!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=300)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_nothing_imports_eval() -> None:
    users = [
        str(path.relative_to(REPO))
        for package in ("service", "redaction")
        for path in _modules(package)
        if any(name.split(".")[0] == "eval" for name in _imported(path))
    ]
    assert users == []
