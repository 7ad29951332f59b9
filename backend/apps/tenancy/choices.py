"""Escolhas (choices) do domínio de tenancy."""

from django.db import models


class TenantRole(models.TextChoices):
    """Papel de um usuário dentro de um tenant. `internal_ops` é global (equipe TrakSense), não por tenant."""

    CUSTOMER_ADMIN = "customer_admin", "Administrador do cliente"
    VIEWER = "viewer", "Leitura"


INTERNAL_OPS = "internal_ops"
