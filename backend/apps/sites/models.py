"""Modelos de site (schema do tenant)."""

from django.db import models


class Site(models.Model):
    """Um local físico do cliente (planta, prédio) onde ficam equipamentos; é o `{site}` do tópico MQTT."""

    slug = models.SlugField(
        max_length=63,
        unique=True,
    )
    name = models.CharField(
        max_length=200,
    )
    timezone = models.CharField(
        max_length=64,
        default="America/Sao_Paulo",
        help_text="Fuso IANA usado para buckets diários nas consultas.",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug
