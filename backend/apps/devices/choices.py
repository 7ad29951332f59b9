"""Escolhas do domínio de dispositivos."""

from django.db import models


class ProvisioningStatus(models.TextChoices):
    """Estado do dispositivo no broker. O banco é sempre consistente; isto diz se o broker já acompanhou."""

    PENDING = "pending", "Aguardando o broker"
    PROVISIONED = "provisioned", "Provisionado"
    FAILED = "failed", "Falhou (ver erro; rode rotate ou resync)"
    REVOKING = "revoking", "Revogando no broker"
    REVOKED = "revoked", "Revogado"
