"""One open lease per reviewer, enforced in a way every database supports: the partial unique index (skipped by
MySQL and MariaDB) gives way to a unique (block_key, open_reviewer) where open_reviewer is NULL once completed."""

from django.db import migrations, models
from django.db.models import F


def fill_open_reviewer(apps, schema_editor):
    assignment = apps.get_model("fieldschool_peer_store", "ReviewAssignment")
    assignment.objects.filter(completed_at__isnull=True).update(open_reviewer=F("reviewer"))


class Migration(migrations.Migration):

    dependencies = [
        ("fieldschool_peer_store", "0002_review_rubric"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reviewassignment",
            name="fs_one_open_lease_per_reviewer",
        ),
        migrations.AddField(
            model_name="reviewassignment",
            name="open_reviewer",
            field=models.CharField(blank=True, default=None, editable=False, max_length=255, null=True),
        ),
        migrations.RunPython(fill_open_reviewer, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="reviewassignment",
            constraint=models.UniqueConstraint(fields=("block_key", "open_reviewer"), name="fs_one_open_lease_each"),
        ),
    ]
