#!/usr/bin/env python3
"""Gera `shared/schemas/<módulo>.json` (JSON Schema 2020-12) de cada módulo do pacote `contracts`.

Todo `BaseModel` público definido num módulo de `contracts` entra no arquivo do módulo, em `definitions`
(o nome que o `json-schema-to-typescript` entende); a raiz é a união deles, para que o gerador TypeScript
(`tools/contracts/gen-types.mjs`) emita um tipo por modelo. Módulos novos (ex.: `events`, `alerts`) entram
sozinhos. Uso: `scripts/dev.sh contracts` (ou este script com `--out DIR`, que a checagem do CI usa).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import contracts  # noqa: E402

SCHEMA_BASE_ID = "https://traksense.local/schemas/"


def contract_modules() -> list[str]:
    """Todos os módulos do pacote, em ordem (o gerador não precisa ser avisado de módulo novo)."""
    return sorted(m.name for m in pkgutil.iter_modules(contracts.__path__) if not m.name.startswith("_"))


def module_models(module_name: str) -> list[type[BaseModel]]:
    module = importlib.import_module(f"contracts.{module_name}")
    found = [
        obj
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, BaseModel)
        and obj.__module__ == module.__name__
        and not name.startswith("_")
    ]
    return sorted(found, key=lambda m: m.__name__)


def _strip_titles(node: Any, *, keep: bool) -> Any:
    """Tira o `title` automático dos subesquemas (o Pydantic põe um por campo, e o gerador TypeScript criaria
    um tipo nomeado para cada um); mantém o do modelo. Não confunde com uma propriedade chamada `title`."""
    if isinstance(node, list):
        return [_strip_titles(item, keep=False) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" and isinstance(value, str) and not keep:
            continue
        if key in ("properties", "definitions", "$defs", "patternProperties"):
            out[key] = {name: _strip_titles(sub, keep=key in ("definitions", "$defs")) for name, sub in value.items()}
        else:
            out[key] = _strip_titles(value, keep=False)
    return out


def module_schema(module_name: str) -> dict[str, Any] | None:
    models = module_models(module_name)
    if not models:
        return None
    module = importlib.import_module(f"contracts.{module_name}")
    _, top = models_json_schema([(m, "validation") for m in models], ref_template="#/definitions/{model}")
    definitions = _strip_titles(top.get("$defs", {}), keep=False)
    definitions = {name: {"title": name, **schema} for name, schema in definitions.items()}
    title = "".join(part.capitalize() for part in module_name.split("_")) + "Contracts"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_ID}{module_name}.json",
        "title": title,
        "description": inspect.cleandoc(module.__doc__ or "").split("\n\n")[0],
        "anyOf": [{"$ref": f"#/definitions/{m.__name__}"} for m in models],
        "definitions": dict(sorted(definitions.items())),
    }


def write(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in contract_modules():
        schema = module_schema(name)
        if schema is None:
            continue
        path = out / f"{name}.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "shared" / "schemas", help="diretório de saída")
    args = ap.parse_args(argv)
    for path in write(args.out):
        print(path.relative_to(args.out.parent) if args.out.parent in path.parents else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
