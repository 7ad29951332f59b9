"""apps.tenancy é a base: o núcleo (apps.core) depende dela, nunca o contrário (import de volta)."""

from __future__ import annotations

import ast
from pathlib import Path

TENANCY = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


def test_tenancy_does_not_import_core() -> None:
    sources = [p for p in TENANCY.rglob("*.py") if "tests" not in p.relative_to(TENANCY).parts]
    assert len(sources) > 5, sources  # a busca achou o pacote
    offenders = {
        str(p.relative_to(TENANCY)): sorted(m for m in _imports(p) if m == "apps.core" or m.startswith("apps.core."))
        for p in sources
    }
    assert {k: v for k, v in offenders.items() if v} == {}
