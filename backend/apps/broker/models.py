"""Credenciais e ACL MQTT (schema public): o EMQX lê estas tabelas direto (views em infra/emqx/authz.sql)
e o Mosquitto local é sincronizado a partir delas (apps.broker.backends). Nunca guardam senha em texto."""

from __future__ import annotations

from django.db import models

from apps.broker.choices import AclAction, AclPermission


class MqttCredential(models.Model):
    """A identidade MQTT de um dispositivo: usuário `<tenant>.<site>.<device>` e o hash da sua senha.

    O client id do dispositivo é obrigatoriamente igual ao usuário (o broker recusa outro), o que torna a
    desconexão por client id (kick) inequívoca.
    """

    username = models.CharField(
        max_length=200,
        unique=True,
        verbose_name="usuário MQTT",
    )
    tenant_id = models.UUIDField(
        db_index=True,
        verbose_name="tenant (id)",
    )
    device_id = models.UUIDField(
        unique=True,
        verbose_name="dispositivo (id)",
    )
    password_hash = models.CharField(
        max_length=128,
        help_text="pbkdf2-sha512 em hex (ver apps.broker.hashing).",
        verbose_name="hash da senha",
    )
    salt = models.CharField(
        max_length=12,
        verbose_name="salt",
    )
    iterations = models.PositiveIntegerField(
        verbose_name="iterações",
    )
    is_active = models.BooleanField(
        default=True,
        help_text="Falso = revogada: o EMQX recusa o login e o Mosquitto apaga o cliente.",
        verbose_name="ativa",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criada em",
    )
    rotated_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="rotacionada em",
    )
    revoked_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="revogada em",
    )

    class Meta:
        verbose_name = "credencial MQTT"
        verbose_name_plural = "credenciais MQTT"
        db_table = "broker_mqtt_credential"
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(password_hash__regex=r"^[0-9a-f]{128}$"),  # noqa: S106 — formato, não segredo
                name="broker_credential_hash_hex512",
            ),
            models.CheckConstraint(
                condition=models.Q(salt__regex=r"^[A-Za-z0-9]{12}$"),
                name="broker_credential_salt_12",
            ),
        ]

    @property
    def client_id(self) -> str:
        return self.username

    def __str__(self) -> str:
        return self.username


class MqttAcl(models.Model):
    """Uma regra de autorização de um usuário MQTT (mesmas colunas que o EMQX consulta)."""

    credential = models.ForeignKey(
        MqttCredential,
        on_delete=models.CASCADE,
        related_name="acls",
        to_field="username",
        db_column="username",
        verbose_name="credencial",
    )
    permission = models.CharField(
        max_length=8,
        choices=AclPermission.choices,
        verbose_name="permissão",
    )
    action = models.CharField(
        max_length=16,
        choices=AclAction.choices,
        verbose_name="ação",
    )
    topic = models.CharField(
        max_length=300,
        verbose_name="tópico",
    )

    class Meta:
        verbose_name = "ACL MQTT"
        verbose_name_plural = "ACLs MQTT"
        db_table = "broker_mqtt_acl"
        ordering = ["credential", "action", "topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "action", "topic"],
                name="broker_acl_username_action_topic_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential_id} {self.permission} {self.action} {self.topic}"
