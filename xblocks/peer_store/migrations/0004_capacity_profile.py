"""Each learner's latest capacity self-assessment per block, so that course staff see the class's distribution."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("fieldschool_peer_store", "0003_open_lease_on_every_database"),
    ]

    operations = [
        migrations.CreateModel(
            name="CapacityProfile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("block_key", models.CharField(db_index=True, max_length=255)),
                ("learner", models.CharField(max_length=255)),
                ("profile", models.JSONField()),
                ("assessments", models.PositiveIntegerField(default=1)),
                ("submitted_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["learner", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="capacityprofile",
            constraint=models.UniqueConstraint(fields=("block_key", "learner"), name="fs_one_capacity_profile_each"),
        ),
    ]
