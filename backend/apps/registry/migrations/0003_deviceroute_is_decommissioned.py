from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_notify_and_grants")]

    operations = [
        migrations.AddField(
            model_name="deviceroute",
            name="is_decommissioned",
            field=models.BooleanField(db_default=False, default=False),
        ),
    ]
