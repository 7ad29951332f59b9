"""Modelos de site (schema do tenant)."""

from django.db import models


class Site(models.Model):
    """Um local físico do cliente (planta, prédio) onde ficam equipamentos; é o `{site}` do tópico MQTT."""

    slug = models.SlugField(
        max_length=63,
        unique=True,
        verbose_name="slug",
    )
    name = models.CharField(
        max_length=200,
        verbose_name="nome",
    )
    timezone = models.CharField(
        max_length=64,
        default="America/Sao_Paulo",
        help_text="Fuso IANA usado para buckets diários nas consultas.",
        verbose_name="fuso horário",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criado em",
    )

    class Meta:
        verbose_name = "site"
        verbose_name_plural = "sites"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug
