"""Escolhas do broker. Os valores são os que o EMQX espera nas colunas de autorização (FACTS §4)."""

from django.db import models


class AclPermission(models.TextChoices):
    ALLOW = "allow", "Permitir"
    DENY = "deny", "Negar"


class AclAction(models.TextChoices):
    PUBLISH = "publish", "Publicar"
    SUBSCRIBE = "subscribe", "Assinar"
    ALL = "all", "Publicar e assinar"
