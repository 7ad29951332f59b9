"""Modelos só-leitura sobre as views isoladas por tenant (ADR-001), usados pelo admin.

Não são tabelas do Django (`managed = False`): apontam para `public.tenant_ts_measure`,
`public.tenant_ingest_errors` e `public.tenant_device_status`, que só mostram linhas do tenant fixado na
transação. Fora de um tenant
(host público) não mostram nada.
"""

from django.db import models


class TenantMeasurement(models.Model):
    """Uma medição de `ts_measure` vista pelo caminho isolado (somente leitura)."""

    # A view não tem chave única de uma coluna; `ts` só serve de identificador para a listagem.
    ts = models.DateTimeField(
        primary_key=True,
        verbose_name="instante",
    )
    tenant_id = models.UUIDField(
        verbose_name="tenant (id)",
    )
    device_id = models.UUIDField(
        verbose_name="dispositivo (id)",
    )
    point_id = models.UUIDField(
        verbose_name="ponto (id)",
    )
    v_num = models.FloatField(
        null=True,
        verbose_name="valor numérico",
    )
    v_bool = models.BooleanField(
        null=True,
        verbose_name="valor booleano",
    )
    v_text = models.TextField(
        null=True,
        verbose_name="valor texto",
    )
    unit = models.TextField(
        null=True,
        verbose_name="unidade",
    )
    qual = models.SmallIntegerField(
        null=True,
        verbose_name="qualidade",
    )
    meta = models.JSONField(
        null=True,
        verbose_name="metadados",
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
        verbose_name="ID",
    )
    received_at = models.DateTimeField(
        verbose_name="recebido em",
    )
    tenant_id = models.UUIDField(
        null=True,
        verbose_name="tenant (id)",
    )
    source = models.TextField(
        verbose_name="origem",
    )
    topic = models.TextField(
        verbose_name="tópico",
    )
    payload = models.BinaryField(
        verbose_name="payload",
    )
    reason = models.TextField(
        verbose_name="motivo",
    )
    detail = models.TextField(
        null=True,
        verbose_name="detalhe",
    )

    class Meta:
        managed = False
        db_table = "tenant_ingest_errors"
        ordering = ["-received_at"]
        verbose_name = "mensagem inválida"
        verbose_name_plural = "mensagens inválidas (dead letters)"


class TenantDeviceStatus(models.Model):
    """A conectividade de um dispositivo (tópico state + LWT), gravada pelo ingest; lida pelo admin em subconsulta."""

    device_id = models.UUIDField(
        primary_key=True,
        verbose_name="dispositivo (id)",
    )
    tenant_id = models.UUIDField(
        verbose_name="tenant (id)",
    )
    online = models.BooleanField(
        verbose_name="online",
    )
    state = models.JSONField(
        null=True,
        verbose_name="estado publicado",
    )
    last_seen = models.DateTimeField(
        verbose_name="visto por último",
    )
    updated_at = models.DateTimeField(
        verbose_name="atualizado em",
    )

    class Meta:
        managed = False
        db_table = "tenant_device_status"
        verbose_name = "conectividade de dispositivo"
        verbose_name_plural = "conectividade dos dispositivos"
