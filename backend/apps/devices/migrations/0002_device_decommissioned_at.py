from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("devices", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="device",
            name="decommissioned_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Preenchido = desativado de vez (credencial revogada, telemetria recusada); histórico fica.",
                null=True,
            ),
        ),
    ]
