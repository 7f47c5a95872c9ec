"""Schedule the sweep that fails plan runs whose worker died, idempotently (update_or_create by name)."""

from django.db import migrations

NAME = "Fail stale plan runs"


def forwards(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "scheduling.tasks.fail_stale_plan_runs",
            "schedule_type": "I",
            "minutes": 5,
            "repeats": -1,
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0006_planning_rules"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
