"""`Tenant.uuid` passa a se chamar `Tenant.tenant_id` (o que ele é em public.ts_measure); a coluna segue `uuid`.

Só o estado do Django muda: nenhum SQL roda (a coluna, o índice único e o gatilho que a lê ficam como estão).
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0002_verbose_names_pt_br")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField(model_name="tenant", old_name="uuid", new_name="tenant_id"),
                migrations.AlterField(
                    model_name="tenant",
                    name="tenant_id",
                    field=models.UUIDField(
                        db_column="uuid",
                        default=uuid.uuid4,
                        editable=False,
                        help_text="tenant_id usado em public.ts_measure e nas views isoladas.",
                        unique=True,
                        verbose_name="UUID",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
