"""Each review and staff grade keeps the rubric it was given under, so a later rubric change never breaks it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("fieldschool_peer_store", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="peerreview",
            name="rubric",
            field=models.JSONField(blank=True, default=None, null=True),
        ),
        migrations.AddField(
            model_name="gradeoverride",
            name="rubric",
            field=models.JSONField(blank=True, default=None, null=True),
        ),
    ]
