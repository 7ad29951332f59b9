"""Modelos só-leitura sobre as views isoladas por tenant (ADR-001), usados pelo admin.

Não são tabelas do Django (`managed = False`): apontam para `public.tenant_ts_measure` e
`public.tenant_ingest_errors`, que só mostram linhas do tenant fixado na transação. Fora de um tenant
(host público) não mostram nada.
"""

from django.db import models


class TenantMeasurement(models.Model):
    """Uma medição de `ts_measure` vista pelo caminho isolado (somente leitura)."""

    # A view não tem chave única de uma coluna; `ts` só serve de identificador para a listagem.
    ts = models.DateTimeField(
        primary_key=True,
    )
    tenant_id = models.UUIDField()
    device_id = models.UUIDField()
    point_id = models.UUIDField()
    v_num = models.FloatField(
        null=True,
    )
    v_bool = models.BooleanField(
        null=True,
    )
    v_text = models.TextField(
        null=True,
    )
    unit = models.TextField(
        null=True,
    )
    qual = models.SmallIntegerField(
        null=True,
    )
    meta = models.JSONField(
        null=True,
    )

    class Meta:
        managed = False
        db_table = "tenant_ts_measure"
        ordering = ["-ts"]
        verbose_name = "medição"
        verbose_name_plural = "medições (telemetria)"


class TenantIngestError(models.Model):
    """Uma mensagem inválida guardada pelo ingest (dead letter) do tenant corrente."""

    id = models.BigIntegerField(
        primary_key=True,
    )
    received_at = models.DateTimeField()
    tenant_id = models.UUIDField(
        null=True,
    )
    source = models.TextField()
    topic = models.TextField()
    payload = models.BinaryField()
    reason = models.TextField()
    detail = models.TextField(
        null=True,
    )

    class Meta:
        managed = False
        db_table = "tenant_ingest_errors"
        ordering = ["-received_at"]
        verbose_name = "mensagem inválida"
        verbose_name_plural = "mensagens inválidas (dead letters)"
