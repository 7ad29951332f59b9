"""Um formato para todo erro da API: problem details (RFC 9457), `application/problem+json`.

    {"type": "about:blank", "title": "Requisição inválida", "status": 400, "detail": "...",
     "code": "validation_error", "instance": "/api/cmd/", "errors": [{"field": "status", "message": "...",
     "code": "invalid_choice"}]}

`code` é estável (o frontend decide por ele, nunca pelo texto); `title`/`detail` em pt-BR. O contrato é
`contracts.api.Problem`. Passam por aqui: as exceções do DRF (handler em REST_FRAMEWORK), os erros do
Django fora do DRF (404 de rota desconhecida ou sem tenant, 400, 403, 500, falha de CSRF) e as respostas
que o middleware de tenant monta. As exceções de outras apps podem ser as do DRF/Django, sem conhecer isto.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from contracts.api import FieldError, Problem

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Requisição inválida",
    401: "Não autenticado",
    403: "Acesso negado",
    404: "Não encontrado",
    405: "Método não permitido",
    406: "Formato de resposta não aceito",
    409: "Conflito",
    413: "Corpo grande demais",
    415: "Tipo de conteúdo não suportado",
    422: "Entidade não processável",
    429: "Muitas requisições",
    500: "Erro interno",
    502: "Falha no gateway",
    503: "Serviço indisponível",
    504: "Tempo de espera esgotado",
}

# Código padrão por status quando a exceção não traz um próprio.
DEFAULT_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}


class Conflict(exceptions.APIException):
    """409: o pedido conflita com o estado atual (ex.: dispositivo já existe, offline, revogado)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "O pedido conflita com o estado atual do recurso."
    default_code = "conflict"


class BadGateway(exceptions.APIException):
    """502: um serviço de que a API depende (broker MQTT) não respondeu."""

    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = "Um serviço dependente não respondeu."
    default_code = "bad_gateway"


def problem(
    status_code: int,
    *,
    code: str | None = None,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    """Corpo validado pelo contrato (um campo errado aqui quebra o teste, não o cliente)."""
    title = TITLES.get(status_code, "Erro")
    body = Problem(
        type="about:blank",
        title=title,
        status=status_code,
        detail=detail or title,
        code=code or DEFAULT_CODES.get(status_code, "error"),
        instance=instance,
        errors=errors or [],
    )
    return body.model_dump(mode="json")


def problem_response(status_code: int, request: HttpRequest | None = None, **kwargs: Any) -> JsonResponse:
    """Resposta Django (fora do DRF) com o corpo de problema."""
    body = problem(status_code, instance=request.path if request is not None else None, **kwargs)
    return JsonResponse(body, status=status_code, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


def _field_errors(detail: Any, prefix: str = "") -> list[FieldError]:
    """Achata o `detail` aninhado de uma ValidationError do DRF em erros por campo (caminho com pontos)."""
    out: list[FieldError] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "detail") and not prefix else str(key)
            out += _field_errors(value, f"{prefix}.{name}" if prefix and name else (prefix or name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                out.append(FieldError(field=prefix, message=str(item), code=getattr(item, "code", None) or "invalid"))
        else:
            for index, item in enumerate(detail):
                out += _field_errors(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        out.append(FieldError(field=prefix, message=str(detail), code=getattr(detail, "code", None) or "invalid"))
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """EXCEPTION_HANDLER do DRF: toda exceção vira problema; as inesperadas viram 500 (registradas no log)."""
    request = context.get("request")
    instance = request.path if request is not None else None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Recurso não encontrado.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.APIException):
        # O DRF pendura `auth_header` na exceção de autenticação em APIView.handle_exception (não é atributo
        # declarado).
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = str(auth_header)
        # `wait` é do Throttled (o djangorestframework-stubs não declara o atributo que o __init__ define).
        wait = getattr(exc, "wait", None)
        if wait:
            headers["Retry-After"] = str(int(wait))
        code_status = exc.status_code
        if isinstance(exc, exceptions.ValidationError):
            errors = _field_errors(exc.detail)
            detail = errors[0].message if len(errors) == 1 and not errors[0].field else None
            if detail is not None:
                errors = []
            body = problem(
                code_status,
                code="validation_error",
                detail=detail or "Dados inválidos: veja `errors`.",
                errors=errors,
                instance=instance,
            )
        else:
            raw_code = exc.get_codes()
            code = raw_code if isinstance(raw_code, str) else None
            if isinstance(exc.detail, dict):
                detail = str(exc.detail.get("detail", "")) or None
                code = str(exc.detail.get("code", "")) or code
            else:
                detail = str(exc.detail)
            body = problem(code_status, code=code, detail=detail, instance=instance)
    else:
        log.exception("erro não tratado na API", exc_info=exc)
        code_status = 500
        body = problem(500, detail="Erro interno do servidor; tente de novo mais tarde.", instance=instance)
    set_rollback()
    return Response(body, status=code_status, headers=headers, content_type=CONTENT_TYPE)


# --- handlers do Django (fora do DRF): urls.py de cada URLconf aponta para eles ---------------------


def _tenant_route(path: str) -> bool:
    try:
        resolve(path, urlconf=settings.ROOT_URLCONF)
    except Resolver404:
        return False
    return True


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 de rota desconhecida; numa rota de tenant sem tenant resolvido, diz como informar o tenant."""
    tenant = getattr(request, "tenant", None)
    no_tenant = tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME
    if no_tenant and request.path_info != "/" and _tenant_route(request.path_info):
        return problem_response(
            404,
            request,
            code="tenant_required",
            detail="Tenant não informado: use o cabeçalho X-Tenant ou o hostname do tenant.",
        )
    return problem_response(404, request, code="route_not_found", detail=f"Rota inexistente: {request.path_info}")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem_response(400, request, detail="Requisição malformada.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem_response(403, request, detail="Acesso negado.")


def server_error(request: HttpRequest) -> HttpResponse:
    return problem_response(500, request, detail="Erro interno do servidor; tente de novo mais tarde.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: sessão sem token CSRF (o frontend usa Bearer, que não precisa de CSRF)."""
    return problem_response(403, request, code="csrf_failed", detail=f"Falha na verificação CSRF: {reason}")
