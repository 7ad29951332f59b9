"""Webhooks dos alertas no padrão Standard Webhooks (https://www.standardwebhooks.com/).

- Uma entrega (`WebhookDelivery`) por (endpoint, mudança de estado de alerta), criada na MESMA transação
  que grava a mudança (evento do alerta); a tarefa Celery só é enfileirada depois do commit. O `id` da
  entrega é o cabeçalho `webhook-id`: o mesmo em todas as tentativas, para o receptor deduplicar.
- Assinatura: `webhook-signature: v1,<base64(HMAC-SHA256(segredo, f"{id}.{timestamp}.{corpo}"))>`; o
  segredo é `whsec_<base64>` (como no padrão; sem o prefixo, os bytes do texto são a chave).
- Tentativas: erro de rede, 5xx e 429 → nova tentativa com backoff exponencial e jitter (`Retry-After`
  respeitado, com teto); 4xx → falha definitiva. Esgotadas as tentativas, a entrega fica `failed` com a
  última resposta, visível na API e no admin, e pode ser reenviada (`resend_delivery`).
- Endereços privados/loopback/link-local são recusados (SSRF), na criação do endpoint e a cada envio,
  a menos que `TS_WEBHOOK_ALLOW_PRIVATE=1` (os testes ligam: o receptor é local).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import random
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from ulid import ULID

from apps.alerts.choices import SEVERITY_RANK, AlertEventKind
from apps.alerts.models import Alert, AlertEvent
from apps.core.db import set_tenant_for_transaction
from apps.rules.choices import DeliveryStatus
from apps.rules.models import WebhookDelivery, WebhookEndpoint
from apps.tenancy.connection import tenant_connection

log = logging.getLogger(__name__)

RETRY_STATUS = {429, 500, 502, 503, 504}


class WebhookUrlRefused(ValueError):
    """URL de webhook recusada (esquema ou endereço não permitido)."""


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Valor do cabeçalho `webhook-signature` (versão v1)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def check_url(url: str) -> None:
    """Recusa esquemas que não sejam http(s) e, salvo permissão, hosts que resolvem para rede privada."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookUrlRefused("a URL precisa ser http(s)://host/...")
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise WebhookUrlRefused(f"host {parts.hostname!r} não resolve: {exc}") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_reserved
            or ip.is_multicast
            or ip.is_unspecified
        ):
            raise WebhookUrlRefused(f"endereço {ip} de {parts.hostname!r} é privado/local (TS_WEBHOOK_ALLOW_PRIVATE)")


def alert_payload(alert: Alert) -> dict[str, Any]:
    from contracts.alerts import AlertOut

    return AlertOut.from_model(alert).model_dump(mode="json")


def enqueue_deliveries(*, tenant_id: uuid.UUID, change: Any) -> list[WebhookDelivery]:
    """Cria as entregas desta mudança de estado (mesma transação) e agenda o envio para depois do commit."""
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(enabled=True) if not e.event_kinds or change.kind in e.event_kinds
    ]
    if not endpoints:
        return []
    alert = Alert.objects.get(id=change.alert_id)
    data = alert_payload(alert)
    created = []
    for ep in endpoints:
        if SEVERITY_RANK.get(alert.severity, 9) > SEVERITY_RANK.get(ep.min_severity, 9):
            continue
        delivery = WebhookDelivery.objects.create(
            id=f"msg_{ULID()}",
            endpoint=ep,
            alert_id=alert.id,
            alert_event_id=change.event_id,
            event_kind=change.kind,
            payload={"type": f"alert.{change.kind}", "timestamp": timezone.now().isoformat(), "data": data},
        )
        created.append(delivery)
    schema = tenant_connection().schema_name
    ids = [d.id for d in created]
    transaction.on_commit(lambda: [deliver_webhook.delay(schema, i) for i in ids], robust=True)
    return created


def resend_delivery(delivery: WebhookDelivery) -> WebhookDelivery:
    """Reenvia uma entrega (mesmo `webhook-id`): volta a `pending` com as tentativas zeradas."""
    WebhookDelivery.objects.filter(id=delivery.id).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
    )
    schema = tenant_connection().schema_name
    transaction.on_commit(lambda: deliver_webhook.delay(schema, delivery.id), robust=True)
    delivery.refresh_from_db()
    return delivery


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def backoff_s(attempt: int, retry_after: float | None) -> float:
    """Espera antes da tentativa `attempt + 1`: base·2^(n-1) com jitter ("equal jitter"), ou o Retry-After."""
    base = settings.WEBHOOK_BACKOFF_BASE_S * 2 ** max(0, attempt - 1)
    delay = min(base, settings.WEBHOOK_BACKOFF_MAX_S)
    delay = delay / 2 + random.uniform(0, delay / 2)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.WEBHOOK_BACKOFF_MAX_S))
    return float(delay)


def _post(url: str, headers: dict[str, str], body: bytes) -> tuple[int | None, str, str, str | None]:
    """POST; devolve (status, corpo da resposta, erro de rede, Retry-After)."""
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 — esquema validado
    try:
        with urllib.request.urlopen(req, timeout=settings.WEBHOOK_TIMEOUT_S) as resp:  # noqa: S310
            return resp.status, resp.read(2000).decode(errors="replace"), "", None
    except urllib.error.HTTPError as exc:
        text = exc.read(2000).decode(errors="replace") if exc.fp else ""
        return exc.code, text, "", exc.headers.get("Retry-After")
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return None, "", str(getattr(exc, "reason", exc))[:500], None


@shared_task(name="rules.deliver_webhook", acks_late=True)
def deliver_webhook(schema_name: str, delivery_id: str) -> str:
    """Uma tentativa de entrega; reagenda a si mesma se o erro for transitório."""
    with schema_context(schema_name), transaction.atomic():
        # Trava a entrega durante o envio: uma tarefa duplicada espera e depois vê o estado final.
        d = WebhookDelivery.objects.select_for_update().select_related("endpoint").filter(id=delivery_id).first()
        if d is None or d.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
            return "skip"
        body = json.dumps(d.payload, separators=(",", ":"), ensure_ascii=False).encode()
        ts = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": "TrakSense-Webhooks/1",
            "webhook-id": d.id,
            "webhook-timestamp": str(ts),
            "webhook-signature": sign(d.endpoint.secret, d.id, ts, body),
        }
        d.attempts += 1
        try:
            check_url(d.endpoint.url)
            code, text, error, retry_after = _post(d.endpoint.url, headers, body)
        except WebhookUrlRefused as exc:
            code, text, error, retry_after = None, "", str(exc), None
            d.attempts = settings.WEBHOOK_MAX_ATTEMPTS  # recusa não é transitória
        d.last_status_code, d.last_response, d.last_error = code, text, error
        if code is not None and 200 <= code < 300:
            d.status, d.delivered_at, d.next_attempt_at = DeliveryStatus.DELIVERED, timezone.now(), None
            d.save()
            _record_notified(d)
            return "delivered"
        transient = code is None or code in RETRY_STATUS or code >= 500
        if transient and d.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
            delay = backoff_s(d.attempts, _retry_after(retry_after))
            d.status, d.next_attempt_at = DeliveryStatus.RETRYING, timezone.now() + timedelta(seconds=delay)
            d.save()
            transaction.on_commit(
                lambda: deliver_webhook.apply_async((schema_name, delivery_id), countdown=delay), robust=True
            )
            return "retrying"
        d.status, d.next_attempt_at = DeliveryStatus.FAILED, None
        d.save()
        log.warning("webhook %s falhou de vez após %s tentativas: %s %s", d.id, d.attempts, code, error)
        return "failed"


def _record_notified(d: WebhookDelivery) -> None:
    """Evento `notified` no histórico do alerta (na transação da entrega, com o tenant fixado)."""
    from apps.tenancy.models import Tenant

    tenant_uuid = (
        Tenant.objects.filter(schema_name=tenant_connection().schema_name).values_list("tenant_id", flat=True).first()
    )
    if tenant_uuid is None:
        return
    set_tenant_for_transaction(tenant_uuid)
    AlertEvent.objects.create(
        tenant_id=tenant_uuid,
        alert_id=d.alert_id,
        ts=timezone.now(),
        kind=AlertEventKind.NOTIFIED,
        actor=f"webhook:{d.endpoint.name}",
        detail={"delivery": d.id, "event": d.event_kind, "status_code": d.last_status_code},
    )


@shared_task(name="rules.requeue_stale_deliveries")
def requeue_stale_deliveries() -> int:
    """Rede de segurança (beat): entrega pendente cuja tarefa se perdeu (ex.: Redis reiniciado) é reenfileirada."""
    from apps.tenancy.models import Tenant

    count = 0
    cutoff = timezone.now() - timedelta(seconds=120)
    for schema in Tenant.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).values_list("schema_name", flat=True):
        with schema_context(schema):
            stale = WebhookDelivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]).filter(
                created_at__lt=cutoff
            )
            for d in stale:
                if d.next_attempt_at is None or d.next_attempt_at < cutoff:
                    deliver_webhook.delay(schema, d.id)
                    count += 1
    return count
