"""Ajustes do OpenAPI (drf-spectacular) para que um cliente gerado funcione de primeira.

- `X-Tenant` declarado em toda rota de tenant (o hostname do tenant também resolve; por isso opcional);
- o corpo de erro `Problem` (RFC 9457, `contracts.api`) em toda resposta 4xx/5xx;
- uma tag por recurso; rotas gêmeas com barra final fora do esquema (mesma operação, nomes colidiriam);
- o esquema de autenticação do segredo de `POST /ingest`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from contracts.api import Problem

# Prefixo do caminho → tag do recurso.
TAGS = (
    ("/api/auth/", "auth"),
    ("/api/devices/", "devices"),
    ("/api/points/", "points"),
    ("/api/dashboards/", "dashboards"),
    ("/api/fleet/", "fleet"),
    ("/api/data/", "data"),
    ("/api/cmd/", "commands"),
    ("/api/alerts", "alerts"),
    ("/api/rules", "rules"),
    ("/api/webhook", "webhooks"),
    ("/api/stream", "stream"),
    ("/ingest", "ingest"),
    ("/healthz", "health"),
)
# Rotas que não dependem de tenant (valem no host público também).
TENANTLESS = ("/api/auth/token/", "/healthz")

# Erros documentados em toda operação autenticada; o resto só onde a view os produz.
COMMON_ERRORS = {
    "400": "Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`).",
    "401": "Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`).",
    "403": "Sem papel neste tenant ou papel insuficiente (`permission_denied`).",
    "404": "Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`).",
    "405": "Método não suportado nesta rota (`method_not_allowed`).",
    "406": "Formato de resposta pedido em Accept não suportado (`not_acceptable`).",
    "429": "Limite de requisições excedido (`throttled`; ver Retry-After).",
    "500": "Erro interno (`server_error`).",
}

TENANT_PARAMETER = {
    "in": "header",
    "name": "X-Tenant",
    "required": False,
    "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
    "description": "Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`).",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Tokens de API (`POST /api/auth/token/`): `Authorization: Bearer <token>`, guardados só como hash."""

    target_class = "apps.core.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token emitido por POST /api/auth/token/ (vale API_TOKEN_TTL_SECONDS; revogável).",
        }


class IngestTokenScheme(OpenApiAuthenticationExtension):
    """`POST /ingest`: Bearer com o segredo `TS_HTTP_INGEST_TOKEN` (quem chama é o broker, não um usuário)."""

    target_class = "apps.timeseries.api.ingest_views.IngestTokenAuthentication"
    name = "ingestToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "Segredo TS_HTTP_INGEST_TOKEN."}


def drop_slash_twins(endpoints: list[tuple[Any, ...]], **_: Any) -> list[tuple[Any, ...]]:
    """PREPROCESSING_HOOK: `/x/` e `/x` são a mesma operação; documenta só a forma sem barra."""
    paths = {e[0] for e in endpoints}
    return [e for e in endpoints if not (e[0].endswith("/") and e[0][:-1] in paths)]


def _problem_components() -> dict[str, Any]:
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {"Problem": schema, **defs}


def _problem_response(description: str) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {"application/problem+json": {"schema": ref}}}


def _description(response: dict[str, Any] | None) -> str:
    text = (response or {}).get("description") or ""
    return "" if text == "No response body" else text


def postprocess_schema(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """POSTPROCESSING_HOOK: tenant, erros e tags em todas as operações."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).update(_problem_components())
    for path, item in result.get("paths", {}).items():
        tag = next((t for prefix, t in TAGS if path.startswith(prefix)), "api")
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            operation["tags"] = [tag]
            if not path.startswith(TENANTLESS):
                params = operation.setdefault("parameters", [])
                if not any(p.get("name") == "X-Tenant" for p in params):
                    params.insert(0, dict(TENANT_PARAMETER))
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                existing = responses.get(code)
                if existing is None or "content" not in existing:
                    responses[code] = _problem_response(_description(existing) or description)
            # Erros específicos que a view declarou sem corpo (409, 502, 503...) também são Problem.
            for code, existing in list(responses.items()):
                if code[0] in "45" and "content" not in existing:
                    responses[code] = _problem_response(_description(existing) or "Erro.")
            operation["responses"] = dict(sorted(responses.items()))
    return result
