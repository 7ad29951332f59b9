"""Alertas vistos pelas views isoladas `public.tenant_alert` / `tenant_alert_event` (ADR-001, ADR-005).

Não são tabelas do Django (`managed = False`): as tabelas base `public.alert`/`alert_event` (sql/) têm
`tenant_id` e nenhum GRANT aos papéis de serviço; só as views, que mostram as linhas do tenant fixado na
transação (`app.tenant_id`). Sem tenant fixado, nenhuma linha.
"""

from django.db import models

from apps.alerts.choices import AlertEventKind, AlertState, Severity


class Alert(models.Model):
    """Uma ocorrência de uma regra num dispositivo: abre ao disparar, fecha ao normalizar (uma aberta por regra)."""

    id = models.UUIDField(
        primary_key=True,
        verbose_name="ID",
    )
    tenant_id = models.UUIDField(
        verbose_name="tenant (id)",
    )
    device_id = models.UUIDField(
        verbose_name="dispositivo (id)",
    )
    point_id = models.UUIDField(
        null=True,
        verbose_name="ponto (id)",
    )
    rule_id = models.UUIDField(
        verbose_name="regra (id)",
    )
    rule_kind = models.TextField(
        verbose_name="tipo de regra",
    )
    state = models.TextField(
        choices=AlertState.choices,
        verbose_name="estado",
    )
    severity = models.TextField(
        choices=Severity.choices,
        verbose_name="gravidade",
    )
    message = models.TextField(
        verbose_name="mensagem",
    )
    started_at = models.DateTimeField(
        verbose_name="início",
    )
    cleared_at = models.DateTimeField(
        null=True,
        verbose_name="normalizado em",
    )
    acked_at = models.DateTimeField(
        null=True,
        verbose_name="reconhecido em",
    )
    acked_by = models.TextField(
        null=True,
        verbose_name="reconhecido por",
    )
    peak_value = models.FloatField(
        null=True,
        verbose_name="valor de pico",
    )
    last_value = models.FloatField(
        null=True,
        verbose_name="último valor",
    )
    last_text = models.TextField(
        null=True,
        verbose_name="último valor (texto)",
    )
    updated_at = models.DateTimeField(
        verbose_name="atualizado em",
    )

    class Meta:
        managed = False
        db_table = "tenant_alert"
        ordering = ["-started_at"]
        verbose_name = "alerta"
        verbose_name_plural = "alertas"

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


class AlertEvent(models.Model):
    """Uma linha do histórico de um alerta: disparo, escalada, reconhecimento, normalização, comentário, notificação."""

    id = models.BigAutoField(
        primary_key=True,
        verbose_name="ID",
    )
    tenant_id = models.UUIDField(
        verbose_name="tenant (id)",
    )
    alert = models.ForeignKey(
        Alert,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
        verbose_name="alerta",
    )
    ts = models.DateTimeField(
        verbose_name="instante",
    )
    kind = models.TextField(
        choices=AlertEventKind.choices,
        verbose_name="tipo",
    )
    actor = models.TextField(
        null=True,
        verbose_name="autor",
    )
    detail = models.JSONField(
        verbose_name="detalhe",
    )

    class Meta:
        managed = False
        db_table = "tenant_alert_event"
        ordering = ["id"]
        verbose_name = "evento de alerta"
        verbose_name_plural = "eventos de alerta"

    def __str__(self) -> str:
        return f"{self.kind} {self.ts:%Y-%m-%d %H:%M:%S}"
