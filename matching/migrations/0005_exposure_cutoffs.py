"""Exposure control keeps a per-company cutoff instead of a price (matching/engine/exposure.py).

The stored prices mean something else than cutoffs, so they are dropped: the next full
run computes cutoffs, and rescorings do without until then.
"""

from django.db import migrations, models


def forget_prices(apps, schema_editor):
    apps.get_model("matching", "MatchRun").objects.update(exposure_cutoffs=None)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_run_stats_heartbeat"),
    ]

    operations = [
        migrations.RenameField(
            model_name="matchrun",
            old_name="exposure_prices",
            new_name="exposure_cutoffs",
        ),
        migrations.AlterField(
            model_name="matchrun",
            name="exposure_cutoffs",
            field=models.JSONField(blank=True, null=True, verbose_name="exposure cutoffs"),
        ),
        migrations.RunPython(forget_prices, migrations.RunPython.noop),
    ]
