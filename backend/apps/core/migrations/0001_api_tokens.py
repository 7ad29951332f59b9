"""Tokens de API com hash (issue 11) e remoção da tabela de tokens em claro do DRF (`authtoken_token`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        help_text="Nome do cliente/sessão (ex.: 'laptop', 'celular'), informado na emissão.",
                        max_length=100,
                    ),
                ),
                (
                    "prefix",
                    models.CharField(
                        help_text="Início do token (não autentica): identifica o cliente sem expor o segredo.",
                        max_length=16,
                    ),
                ),
                (
                    "digest",
                    models.CharField(
                        help_text="SHA-256 (hex) do token; o token em si nunca é gravado.", max_length=64, unique=True
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField(db_index=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "token de API",
                "verbose_name_plural": "tokens de API",
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["user", "-created_at"], name="core_apitoken_user_created_idx")],
            },
        ),
        # Os tokens em claro do `rest_framework.authtoken` (app removido) deixam de valer e de existir.
        migrations.RunSQL(
            "DROP TABLE IF EXISTS public.authtoken_token CASCADE",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
