"""Tokens de API: vários por usuário (um por cliente/sessão), guardados só como hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """Credencial Bearer de um cliente (navegador, celular, script) de um usuário.

    O segredo só existe na resposta de emissão: o banco guarda o SHA-256 dele (`digest`), então ler a
    tabela — inclusive com o papel da API — não dá um token utilizável. `prefix` (início do token, sem
    valor para autenticar) só identifica o cliente em listagens e no admin.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="usuário",
    )
    name = models.CharField(
        max_length=100,
        help_text="Nome do cliente/sessão (ex.: 'laptop', 'celular'), informado na emissão.",
        verbose_name="nome",
    )
    prefix = models.CharField(
        max_length=16,
        help_text="Início do token (não autentica): identifica o cliente sem expor o segredo.",
        verbose_name="prefixo",
    )
    digest = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 (hex) do token; o token em si nunca é gravado.",
        verbose_name="hash",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criado em",
    )
    last_used_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="último uso",
    )
    expires_at = models.DateTimeField(
        db_index=True,
        verbose_name="expira em",
    )

    # Preenchidos só na consulta de autenticação (apps.core.tokens.find_token com tenant_pk), nunca gravados:
    # o papel do dono do token no tenant do request e a pk desse tenant.
    membership_role: str | None = None
    membership_tenant_pk: int | None = None

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="core_apitoken_user_created_idx")]
        verbose_name = "token de API"
        verbose_name_plural = "tokens de API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"
