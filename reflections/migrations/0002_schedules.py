"""Create the django-q2 schedules for reminders and retention, idempotently (update_or_create by name)."""

from django.db import migrations

SCHEDULES = [
    # name, function, schedule type, minutes
    ("Reflection reminders", "reflections.tasks.send_reflection_reminders", "I", 60),
    ("Reflection retention", "reflections.tasks.apply_reflection_retention", "D", None),
]


def forwards(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, schedule_type, minutes in SCHEDULES:
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": schedule_type, "minutes": minutes, "repeats": -1},
        )


def backwards(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[name for name, *_ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reflections", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
