"""Comando enviado a um dispositivo: a trilha de auditoria de quem mandou o quê, quando, e o que ele respondeu."""

from __future__ import annotations

from django.db import models

from apps.commands.choices import CommandStatus


class Command(models.Model):
    """Um pedido de operação (`op` + parâmetros) publicado no tópico `cmd` do dispositivo, com o seu ACK.

    Vive no schema do tenant; o ACK bruto chega por `public.cmd_ack` (gravado pelo ingest) e é conciliado
    aqui — na hora, pela espera da API, ou depois (ACK tardio) pela conciliação preguiçosa/periódica.
    """

    cmd_id = models.CharField(
        primary_key=True,
        max_length=26,
        help_text="ULID do comando (vai no payload; o ACK volta com ele).",
        verbose_name="id do comando",
    )
    device = models.ForeignKey(
        "devices.Device",
        on_delete=models.PROTECT,
        related_name="commands",
        verbose_name="dispositivo",
    )
    op = models.CharField(
        max_length=64,
        verbose_name="operação",
    )
    params = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="parâmetros",
    )
    # O usuário vive no schema public; guardamos id e nome (auditoria sobrevive a renomear/apagar o usuário).
    requested_by_id = models.BigIntegerField(
        db_index=True,
        verbose_name="solicitado por (id)",
    )
    requested_by_username = models.CharField(
        max_length=150,
        verbose_name="solicitado por",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criado em",
    )
    sent_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="enviado em",
    )
    timeout_s = models.FloatField(
        help_text="Prazo de espera pelo ACK usado neste comando.",
        verbose_name="tempo limite (s)",
    )
    status = models.CharField(
        max_length=16,
        choices=CommandStatus.choices,
        default=CommandStatus.PENDING,
        verbose_name="situação",
    )
    ack_ok = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="ACK ok",
    )
    ack_err = models.TextField(
        null=True,
        blank=True,
        verbose_name="erro do ACK",
    )
    ts_exec = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Instante de execução informado pelo dispositivo.",
        verbose_name="executado em (dispositivo)",
    )
    acked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Instante em que o ACK chegou à plataforma (cmd_ack.received_at).",
        verbose_name="ACK recebido em",
    )
    timed_out_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="expirado em",
    )
    late_ack = models.BooleanField(
        default=False,
        help_text="O ACK chegou depois do prazo (já respondido como timed_out).",
        verbose_name="ACK tardio",
    )
    error = models.TextField(
        blank=True,
        default="",
        help_text="Falha do lado da plataforma (ex.: broker não confirmou a publicação).",
        verbose_name="erro",
    )

    class Meta:
        verbose_name = "comando"
        verbose_name_plural = "comandos"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["device", "-created_at"], name="commands_device_created_idx"),
            models.Index(fields=["status"], name="commands_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.op} → {self.device_id} ({self.status})"

    @property
    def requested_by_label(self) -> str:
        return self.requested_by_username or str(self.requested_by_id)
